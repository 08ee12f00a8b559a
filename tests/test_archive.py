"""The archive: cdsnlp index into a real DuckDB file, Parquet, and a real Dask LocalCluster."""

import json
import re
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from cdsnlp.corpus import __file__ as corpus_init

from cdsnlp.annotation import read_jsonl
from cdsnlp.archive import SCHEMA_VERSION, TABLES, ArchiveError, DuckDBStore, index
from cdsnlp.archive.rows import document_key, model_name, name_key, province_of
from cdsnlp.archive.schema import VIEWS
from cdsnlp.pipeline import default_extractor

CORPUS = corpus_init.rsplit("/", 1)[0]


def corpus_docs(n, offset=0):
    docs = [*read_jsonl(f"{CORPUS}/test.jsonl"), *read_jsonl(f"{CORPUS}/validation.jsonl")]
    return [{"id": f"a{i}", "text": docs[(offset + i) % len(docs)]["text"], "date": f"202{i % 4}-0{1 + i % 9}-1{i % 10}", "source": "corpus"} for i in range(n)]


def write_jsonl(path, docs):
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def rows(con, table):
    cols = ", ".join(f'"{c}"' for c, _ in TABLES[table])
    return con.execute(f'SELECT {cols} FROM "{table}" ORDER BY ALL').fetchall()


def parquet_rows(folder, table):
    con = duckdb.connect()
    cols = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in TABLES[table])
    files = list((folder / table).rglob("*.parquet"))
    if not files:
        return []
    return con.execute(f"SELECT {cols} FROM read_parquet('{folder / table}/**/*.parquet', hive_partitioning = true) ORDER BY ALL").fetchall()


def test_schema_tables_views_and_version(tmp_path):
    db = tmp_path / "a.duckdb"
    index([str(write_jsonl(tmp_path / "in.jsonl", corpus_docs(3)))], db=db, progress=False)
    con = duckdb.connect(str(db))
    for table, columns in TABLES.items():
        got = con.execute(f"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position").fetchall()
        assert [c for c, _ in got] == [c for c, _ in columns], table
    views = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'").fetchall()}
    assert set(VIEWS) <= views
    assert con.execute("SELECT value FROM cdsnlp_meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (3,)
    con.execute("UPDATE cdsnlp_meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(ArchiveError, match="schema 0"):
        DuckDBStore(db)


def test_entities_and_records_match_analyze(tmp_path):
    import cdsnlp

    docs = corpus_docs(2)
    db = tmp_path / "a.duckdb"
    index([str(write_jsonl(tmp_path / "in.jsonl", docs))], db=db, progress=False)
    con = duckdb.connect(str(db))
    for d in docs:
        doc = cdsnlp.analyze(d["text"], ref_date=__import__("datetime").date.fromisoformat(d["date"]))
        got = con.execute("SELECT label, start, \"end\", text, value FROM entities WHERE article_id = ? ORDER BY idx", [d["id"]]).fetchall()
        assert got == [(e.label, e.start, e.end, e.text, json.dumps(e.to_dict()["value"], ensure_ascii=False, sort_keys=True)) for e in doc.entities]
        assert con.execute("SELECT count(*) FROM officials WHERE article_id = ?", [d["id"]]).fetchone()[0] == len(doc.officials)
        assert con.execute("SELECT count(*) FROM documents WHERE article_id = ?", [d["id"]]).fetchone()[0] == len(doc.documents)
        assert con.execute("SELECT count(*) FROM metrics WHERE article_id = ?", [d["id"]]).fetchone()[0] == len(doc.metrics)
        for text, start in con.execute("SELECT text, start FROM entities WHERE article_id = ?", [d["id"]]).fetchall():
            assert d["text"][start : start + len(text)] == text
    # typed columns hold the values
    assert con.execute("SELECT count(*) FROM entities WHERE label = 'DATE' AND granularity IS NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM entities WHERE label = 'LEGAL_DOC' AND doc_type IS NOT NULL").fetchone()[0] > 0


def test_rerun_adds_nothing_and_changed_text_replaces(tmp_path):
    docs = corpus_docs(5)
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    db = tmp_path / "a.duckdb"
    first = index([str(src)], db=db, progress=False)
    assert (first.added, first.replaced, first.unchanged) == (5, 0, 0)
    con = duckdb.connect(str(db))
    before = {t: rows(con, t) for t in TABLES}
    con.close()
    again = index([str(src)], db=db, progress=False)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 5)
    con = duckdb.connect(str(db))
    assert {t: rows(con, t) for t in TABLES} == before
    con.close()
    docs[1] = {**docs[1], "text": "Ngày 5/3/2024, UBND tỉnh Hà Giang ban hành Kế hoạch số 77/KH-UBND về chuyển đổi số."}
    write_jsonl(src, docs)
    third = index([str(src)], db=db, progress=False)
    assert (third.added, third.replaced, third.unchanged) == (0, 1, 4)
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (5,)
    texts = [r[0] for r in con.execute("SELECT text FROM entities WHERE article_id = 'a1' ORDER BY idx").fetchall()]
    assert "Kế hoạch số 77/KH-UBND" in texts and len(texts) < 10
    assert con.execute("SELECT count(*) FROM documents WHERE article_id = 'a1'").fetchone() == (1,)


def test_reprocess_redoes_articles_of_another_model(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", corpus_docs(3))
    db = tmp_path / "a.duckdb"
    index([str(src)], db=db, model=None, progress=False)
    assert index([str(src)], db=db, progress=False).unchanged == 3  # same texts: kept without --reprocess
    redo = index([str(src)], db=db, reprocess=True, progress=False)
    assert redo.replaced == 3
    con = duckdb.connect(str(db))
    assert con.execute("SELECT DISTINCT model FROM articles").fetchall() == [(model_name(default_extractor()),)]
    con.close()
    assert index([str(src)], db=db, reprocess=True, progress=False).unchanged == 3


def test_errors_are_recorded_by_name_and_cli_exits_1(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("Ngày 20/3/2024, Sở Tư pháp tỉnh Lạng Sơn ký Quyết định số 12/QĐ-STP.", encoding="utf-8")
    (d / "bad.txt").write_bytes(b"\xff\xfe\x00broken")
    write_jsonl(d / "c.jsonl", [{"id": "c1", "text": "Quý II/2024 đạt 33,3%."}])
    with (d / "c.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    db = tmp_path / "a.duckdb"
    res = subprocess.run([sys.executable, "-m", "cdsnlp.cli", "index", str(d), str(tmp_path / "missing"), "--db", str(db), "--no-progress"],
                         capture_output=True, text=True)
    assert res.returncode == 1, res.stderr
    assert "2 added" in res.stderr and "3 errors" in res.stderr
    con = duckdb.connect(str(db))
    errors = sorted(con.execute("SELECT source, reason FROM errors").fetchall())
    assert [s for s, _ in errors] == sorted([str(d / "bad.txt"), f"{d / 'c.jsonl'}:2", str(tmp_path / "missing")])
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)


def test_killed_run_leaves_whole_articles_and_next_run_completes(tmp_path):
    docs = corpus_docs(400)
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    db = tmp_path / "a.duckdb"
    cmd = [sys.executable, "-m", "cdsnlp.cli", "index", str(src), "--db", str(db), "--batch-size", "16", "--progress"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    seen, buf, deadline = 0, "", time.monotonic() + 120
    while seen < 32 and time.monotonic() < deadline:  # two batches committed, the run goes on
        ch = proc.stderr.read(1)
        if not ch:
            break
        buf = (buf + ch)[-80:]
        if m := re.search(r"(\d+) articles", buf):
            seen = int(m.group(1))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 32 <= seen < 400
    con = duckdb.connect(str(db))
    stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 32 <= stored < 400
    # every stored article is whole: its entities are all there
    partial = con.execute("""SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.article_id)""").fetchone()[0]
    orphans = con.execute("""SELECT count(*) FROM entities e WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = e.article_id)""").fetchone()[0]
    assert (partial, orphans) == (0, 0)
    con.close()
    rest = index([str(src)], db=db, progress=False)
    assert rest.added == 400 - stored and rest.unchanged == stored
    whole = tmp_path / "whole.duckdb"
    index([str(src)], db=whole, progress=False)
    a, b = duckdb.connect(str(db)), duckdb.connect(str(whole))
    for t in ("articles", "entities", "officials", "metrics"):
        cols = [c for c, _ in TABLES[t] if c != "cdsnlp_version"]
        q = f"SELECT {', '.join(chr(34) + c + chr(34) for c in cols)} FROM {t} ORDER BY ALL"
        assert a.execute(q).fetchall() == b.execute(q).fetchall(), t


def test_keys_normalise_names_and_documents():
    assert name_key("  Ủy ban nhân dân\ntỉnh  BẮC NINH ") == name_key("Ủy ban nhân dân tỉnh Bắc Ninh")
    assert name_key("Nguye\u0302\u0303n Văn An") == name_key("Nguyễn Văn An")
    assert document_key({"doc_type": "Quyết định", "number": "01", "year": None, "code": "qđ-bcđcđs"}) == \
        document_key({"doc_type": "quyết định", "number": "01", "year": None, "code": "QĐ-BCĐCĐS"})
    assert province_of("Sở Nội vụ tỉnh Bắc Ninh") == "bắc ninh"
    assert province_of("Ủy ban nhân dân Thành phố Hồ Chí Minh") == province_of("UBND TP. Hồ Chí Minh") == "hồ chí minh"
    assert province_of("Bộ Nội vụ") is None


PEOPLE = [
    # (article id, text, the person each official is)
    ("p1", "Ngày 3/4/2024, ông Nguyễn Văn Bình, Giám đốc Sở Nội vụ tỉnh Bắc Ninh, chủ trì hội nghị.", "binh-bn"),
    ("p2", "Ngày 9/5/2024, ông Nguyễn Văn Bình, Chủ tịch UBND tỉnh Cà Mau, làm việc với các sở.", "binh-cm"),
    ("p3", "Ngày 2/6/2024, UBND tỉnh Bắc Ninh họp. Ông Nguyễn Văn Bình, Giám đốc Sở Nội vụ, báo cáo kết quả.", "binh-bn"),
    ("p4", "Ngày 7/7/2024, bà Lê Thị Hoa, Phó Giám đốc Sở Tài chính tỉnh Cà Mau, phát biểu.", "hoa-cm"),
    ("p5", "Ngày 8/8/2024, bà Lê Thị Hoa, Phó Giám đốc Sở Tài chính tỉnh Cà Mau, kiểm tra tiến độ.", "hoa-cm"),
]


def test_person_index_keeps_same_name_in_two_provinces_apart(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t, _ in PEOPLE])
    db = tmp_path / "a.duckdb"
    index([str(src)], db=db, progress=False)
    con = duckdb.connect(str(db))
    keys = dict(con.execute("SELECT article_id, person_key FROM official_keys").fetchall())
    gold = {i: p for i, _, p in PEOPLE}
    assert set(keys) == set(gold)
    pairs = [(a, b) for a in gold for b in gold if a < b]
    wrong_merges = sum(keys[a] == keys[b] and gold[a] != gold[b] for a, b in pairs)
    misses = sum(keys[a] != keys[b] and gold[a] == gold[b] for a, b in pairs)
    assert (wrong_merges, misses) == (0, 0)
    timeline = con.execute("SELECT name, title, agency, first_seen, last_seen, articles FROM role_timeline WHERE name = 'Lê Thị Hoa'").fetchall()
    assert [(t[1], t[3].isoformat(), t[4].isoformat(), t[5]) for t in timeline] == [("Phó Giám đốc", "2024-07-07", "2024-08-08", 2)]
    assert con.execute("SELECT count(*) FROM person_index WHERE name = 'Nguyễn Văn Bình'").fetchone() == (2,)


def test_parquet_output_equals_duckdb_output(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", corpus_docs(6))
    db = tmp_path / "a.duckdb"
    index([str(src)], db=db, progress=False)
    out = tmp_path / "pq"
    res = subprocess.run([sys.executable, "-m", "cdsnlp.cli", "index", str(src), "--format", "parquet", "--out", str(out), "--no-progress"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in (out / "articles").iterdir()) == sorted({f"article_year={2020 + i % 4}" for i in range(6)})
    con = duckdb.connect(str(db))
    for t in TABLES:
        assert parquet_rows(out, t) == rows(con, t), t


def test_jobs_2_equals_jobs_1(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", corpus_docs(12))
    one, two = tmp_path / "1.duckdb", tmp_path / "2.duckdb"
    index([str(src)], db=one, progress=False)
    index([str(src)], db=two, jobs=2, batch_size=3, progress=False)
    a, b = duckdb.connect(str(one)), duckdb.connect(str(two))
    for t in TABLES:
        assert rows(a, t) == rows(b, t), t


def test_dask_local_cluster_equals_single_process_parquet(tmp_path):
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from cdsnlp.dask import archive_frames, write_parquet

    docs = corpus_docs(8, offset=3)
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    single = tmp_path / "single"
    index([str(src)], fmt="parquet", out=single, progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        frames = archive_frames(db.from_sequence(docs, npartitions=4))
        write_parquet(frames, tmp_path / "dask")
        assert len(client.scheduler_info()["workers"]) == 2
    for t in TABLES:
        assert parquet_rows(tmp_path / "dask", t) == parquet_rows(single, t), t


def test_index_engine_dask_equals_local(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", corpus_docs(5, offset=7))
    local, dask_db = tmp_path / "l.duckdb", tmp_path / "d.duckdb"
    index([str(src)], db=local, progress=False)
    summary = index([str(src)], db=dask_db, engine="dask", progress=False)
    assert summary.added == 5
    a, b = duckdb.connect(str(local)), duckdb.connect(str(dask_db))
    for t in TABLES:
        assert rows(a, t) == rows(b, t), t
