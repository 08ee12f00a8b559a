"""cdsnlp index: a real DuckDB file, a real Parquet dataset, real subprocesses."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb")

from cdsnlp.archive.index import run_index, run_parquet  # noqa: E402
from cdsnlp.archive.rows import agency_key, article_rows, doc_key, doc_scope, person_key, person_scope  # noqa: E402
from cdsnlp.archive.schema import SCHEMA_VERSION, TABLES, columns, markdown  # noqa: E402
from cdsnlp.archive.store_parquet import read_dataset  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = ROOT / "tests" / "data" / "archive_people.jsonl"
CASES = [json.loads(line) for line in PEOPLE.read_text(encoding="utf-8").splitlines()]


def rows_of(db, table):
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = ", ".join(f'"{c}"' for c in columns(table))
        return sorted(con.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)
    finally:
        con.close()


def all_rows(db):
    return {t: rows_of(db, t) for t in [*TABLES, "errors"]}


def cli(*args):
    return subprocess.run([sys.executable, "-m", "cdsnlp.cli", "index", *args], capture_output=True, text=True)


@pytest.fixture()
def folder(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "people.jsonl").write_text(PEOPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "a.txt").write_text(CASES[0]["text"], encoding="utf-8")
    (d / "sub" / "b.html").write_text(f"<html><body><p>{CASES[3]['text']}</p><script>x=1</script></body></html>", encoding="utf-8")
    return d


def test_schema_tables_columns_and_version(tmp_path, folder):
    db = tmp_path / "a.duckdb"
    run_index([str(folder)], db, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    for table, cols in TABLES.items():
        got = con.execute(f"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position").fetchall()
        assert got == cols, table
    views = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'").fetchall()}
    assert {"agency_index", "document_index", "person_index", "role_timeline"} <= views
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    # a database of another schema version is refused with a clear error
    con.close()
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(RuntimeError, match="schema version 999"):
        run_index([str(folder)], db, progress=False)


def test_readme_documents_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown() in readme


def test_rows_match_the_text_and_every_table_has_its_columns():
    case = CASES[5]
    rows = article_rows(case["text"], case)
    assert set(rows) == set(TABLES)
    for table, table_rows in rows.items():
        for r in table_rows:
            assert list(r) == columns(table)
            assert r["article_id"] == "p6" and r["year"] == 2024
    for e in rows["entities"]:
        assert case["text"][e["start"] : e["end"]] == e["text"]
        assert json.loads(e["value"]) is not None
    dti = [m for m in rows["entities"] if m["label"] == "METRIC" and m["metric_kind"] == "rank"]
    assert dti and dti[0]["metric_value"] == 30.0
    assert rows["articles"][0]["province"] == "Nghệ An"


def test_rerun_adds_nothing_and_a_changed_article_is_replaced(tmp_path, folder):
    db = tmp_path / "a.duckdb"
    first = run_index([str(folder)], db, progress=False)
    assert (first.added, first.unchanged, first.replaced) == (len(CASES) + 2, 0, 0)
    before = all_rows(db)
    again = run_index([str(folder)], db, progress=False)
    assert (again.added, again.unchanged, again.replaced) == (0, len(CASES) + 2, 0)
    assert all_rows(db) == before
    (folder / "a.txt").write_text(CASES[1]["text"], encoding="utf-8")  # the file now holds another article
    changed = run_index([str(folder)], db, progress=False)
    assert (changed.added, changed.replaced) == (0, 1)
    after = all_rows(db)
    aid = str(folder / "a.txt")
    names = [r for r in after["officials"] if r[0] == aid]
    assert [(r[3], r[9]) for r in names] == [("Nguyễn Văn An", "nguyễn văn an@Cà Mau")]
    assert [r for r in after["entities"] if r[0] != aid] == [r for r in before["entities"] if r[0] != aid]
    assert len([r for r in after["articles"] if r[0] == aid]) == 1


def test_reprocess_redoes_articles_of_another_model(tmp_path, folder):
    db = tmp_path / "a.duckdb"
    run_index([str(folder / "people.jsonl")], db, progress=False, model=None)
    assert {r[11] for r in rows_of(db, "articles")} == {"rules-only"}
    kept = run_index([str(folder / "people.jsonl")], db, progress=False)
    assert kept.unchanged == len(CASES)  # without --reprocess the old rows stay
    redo = run_index([str(folder / "people.jsonl")], db, progress=False, reprocess=True)
    assert redo.replaced == len(CASES)
    assert {r[11] for r in rows_of(db, "articles")} != {"rules-only"}
    assert any(r[3] == "OFFICIAL" for r in rows_of(db, "entities"))


def test_unreadable_inputs_are_reported_and_recorded_once(tmp_path, folder):
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00broken")
    (folder / "lines.jsonl").write_text('{"id": "ok", "text": "Ngày 1/2/2024 có 5 hồ sơ."}\n{broken\n{"id": "x"}\n', encoding="utf-8")
    db = tmp_path / "a.duckdb"
    res = cli(str(folder), str(tmp_path / "missing"), "--db", str(db), "--no-progress")
    assert res.returncode == 1
    assert "bad.txt: cannot read" in res.stderr and "lines.jsonl:2: skipped" in res.stderr and "lines.jsonl:3: skipped" in res.stderr
    assert "missing: no such file or folder" in res.stderr
    errors = rows_of(db, "errors")
    assert sorted(Path(s).name for s, _ in errors) == ["bad.txt", "lines.jsonl:2", "lines.jsonl:3", "missing"]
    assert "ok" in {r[0] for r in rows_of(db, "articles")}
    assert cli(str(folder), str(tmp_path / "missing"), "--db", str(db), "--no-progress").returncode == 1
    assert rows_of(db, "errors") == errors


def test_killed_run_leaves_whole_articles_and_the_next_run_completes(tmp_path):
    src = tmp_path / "many.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for k in range(30):
            for c in CASES:
                fh.write(json.dumps({**c, "id": f"{c['id']}-{k}"}, ensure_ascii=False) + "\n")
    total = 30 * len(CASES)
    db = tmp_path / "k.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "cdsnlp.cli", "index", str(src), "--db", str(db), "--batch-size", "4", "--progress"],
                            stderr=subprocess.PIPE)
    seen, buf = 0, b""
    deadline = time.monotonic() + 120
    while seen < 12 and time.monotonic() < deadline:
        chunk = os.read(proc.stderr.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
        counts = [int(n) for n in re.findall(rb"(\d+)article ", buf)]
        seen = max(counts, default=0)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    partial = all_rows(db)  # the database opens
    ids = {r[0] for r in partial["articles"]}
    assert 12 <= len(ids) < total
    for table in TABLES:
        assert {r[0] for r in partial[table]} <= ids, f"rows of unfinished articles in {table}"
    res = cli(str(src), "--db", str(db), "--no-progress")
    assert res.returncode == 0, res.stderr
    assert f"{total - len(ids)} added" in res.stderr and f"{len(ids)} unchanged" in res.stderr
    clean = tmp_path / "clean.duckdb"
    run_index([str(src)], clean, progress=False)
    final = all_rows(db)
    assert final == all_rows(clean)
    for table in TABLES:  # what survived the kill was whole: exactly the rows of a clean run
        assert partial[table] == [r for r in final[table] if r[0] in ids]


def test_cross_article_keys_keep_same_name_people_apart(tmp_path):
    db = tmp_path / "p.duckdb"
    run_index([str(PEOPLE)], db, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    key_of = dict(con.execute("SELECT article_id, person_key FROM officials").fetchall())
    truth = {c["id"]: c["who"] for c in CASES}
    for a in truth:
        for b in truth:
            assert (key_of[a] == key_of[b]) == (truth[a] == truth[b]), (a, b, key_of[a], key_of[b])
    people = con.execute("SELECT name, scope, articles FROM person_index ORDER BY name, scope").fetchall()
    assert people == [("Lê Thị Hoa", "", 2), ("Lê Thị Hoa", "Nghệ An", 1), ("Nguyễn Văn An", "Cà Mau", 1), ("Nguyễn Văn An", "Lạng Sơn", 2), ("Trần Minh Đức", "Sơn La", 2)]
    timeline = con.execute("SELECT title, agency, first_seen, last_seen FROM role_timeline WHERE name = 'Trần Minh Đức' ORDER BY first_seen").fetchall()
    assert [(t, a, str(f)) for t, a, f, _ in timeline] == [("Giám đốc", "Sở Tài chính tỉnh Sơn La", "2023-11-08"), ("Phó Chủ tịch", "Ủy ban nhân dân tỉnh Sơn La", "2024-08-19")]
    cited = con.execute("SELECT doc_type, number, code, articles FROM document_index WHERE code = 'QĐ-BNV'").fetchall()
    assert cited == [("Quyết định", "112", "QĐ-BNV", 2)]
    assert con.execute("SELECT articles FROM agency_index WHERE name = 'Bộ Nội vụ'").fetchone() == (2,)


def test_key_functions():
    assert person_scope([("Chủ tịch", "Ủy ban nhân dân tỉnh Lạng Sơn")], "Cà Mau") == "Lạng Sơn"
    assert person_scope([("Chủ tịch", "Ủy ban nhân dân tỉnh")], "Cà Mau") == "Cà Mau"
    assert person_scope([("Bộ trưởng", "Bộ Nội vụ")], "Cà Mau") == ""
    assert person_scope([], "Cà Mau") == "Cà Mau" and person_scope([], None) == ""
    assert person_scope([("Giám đốc", "Sở TT&TT TP. Hồ Chí Minh")], None) == "Hồ Chí Minh"
    assert person_key("Nguyễn  Văn An", "") == person_key("nguyễn văn an", "") == "nguyễn văn an"
    assert doc_key("Quyết định", "06", None, "QĐ-TTg") == doc_key("Quyết định", "6", None, "qđ-ttg")
    assert doc_key("Đề án", None, None, None) is None
    # a number given by a local body is one document only within its province
    assert doc_scope("TU", "Tỉnh ủy Long An", "Cà Mau") == "Long An"
    assert doc_scope("UBND", None, "Cà Mau") == doc_scope("STTTT", "Sở Thông tin và Truyền thông", "Cà Mau") == "Cà Mau"
    assert doc_scope("BTGTU", None, "Huế") == "Huế" and doc_scope("UBND", None, None) == ""
    assert doc_scope("TTg", "Thủ tướng Chính phủ", "Cà Mau") == doc_scope("TW", None, "Cà Mau") == doc_scope(None, None, "Cà Mau") == ""
    assert doc_key("Nghị quyết", "05", None, "NQ/TU", "Long An") != doc_key("Nghị quyết", "05", None, "NQ/TU", "Cà Mau")
    # a local body that names no province is the article's province's
    assert agency_key("Ban Thường vụ Tỉnh ủy", "Long An") == "ban thường vụ tỉnh ủy@Long An"
    assert agency_key("Ban Thường vụ Tỉnh ủy", None) == "ban thường vụ tỉnh ủy"
    assert agency_key("Ủy ban nhân dân tỉnh Lạng Sơn", "Cà Mau") == "ủy ban nhân dân tỉnh lạng sơn"
    for national in ("Bộ Y tế", "Bảo hiểm xã hội Việt Nam", "Thông tấn xã Việt Nam", "Liên minh Hợp tác xã Việt Nam"):
        assert agency_key(national, "Cà Mau") == national.lower()
    assert person_scope([("Tổng Giám đốc", "Bảo hiểm xã hội Việt Nam")], "Cà Mau") == ""


def _indexed(tmp_path, texts: dict[str, str]):
    """A read-only connection to a new archive of ``{id: text}``."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": t}, ensure_ascii=False) + "\n" for k, t in texts.items()), encoding="utf-8")
    db = tmp_path / "in.duckdb"
    run_index([str(src)], db, progress=False)
    return duckdb.connect(str(db), read_only=True)


def test_local_documents_of_two_provinces_are_two_rows(tmp_path):
    """«05-NQ/TU» of Long An and of Cà Mau are two resolutions; «749/QĐ-TTg» cited in both is one."""
    texts = {
        "la": "Tỉnh ủy Long An ban hành Nghị quyết số 05-NQ/TU về chuyển đổi số. UBND tỉnh Long An triển khai Quyết định số 749/QĐ-TTg.",
        "cm": "Tỉnh ủy Cà Mau ban hành Nghị quyết số 05-NQ/TU về chuyển đổi số. UBND tỉnh Cà Mau triển khai Quyết định số 749/QĐ-TTg.",
    }
    con = _indexed(tmp_path, texts)
    rows = con.sql("SELECT code, issuer, articles FROM document_index ORDER BY code, issuer").fetchall()
    assert rows == [("NQ/TU", "Tỉnh ủy Cà Mau", 1), ("NQ/TU", "Tỉnh ủy Long An", 1), ("QĐ-TTg", "Thủ tướng Chính phủ", 2)]


def test_unnamed_local_bodies_of_two_provinces_are_two_rows(tmp_path):
    """«Ban Thường vụ Tỉnh ủy» in a Long An and in a Cà Mau article are two bodies; «Bộ Thông tin và Truyền thông» is one."""
    texts = {
        "la": "UBND tỉnh Long An họp. Ban Thường vụ Tỉnh ủy chỉ đạo Sở Tài chính. Bộ Thông tin và Truyền thông hướng dẫn.",
        "cm": "UBND tỉnh Cà Mau họp. Ban Thường vụ Tỉnh ủy chỉ đạo Sở Tài chính. Bộ Thông tin và Truyền thông hướng dẫn.",
    }
    con = _indexed(tmp_path, texts)
    rows = dict(con.sql("SELECT agency_key, articles FROM agency_index").fetchall())
    assert rows["ban thường vụ tỉnh ủy@Long An"] == rows["ban thường vụ tỉnh ủy@Cà Mau"] == 1
    assert rows["bộ thông tin và truyền thông"] == 2 and "ban thường vụ tỉnh ủy" not in rows


def test_parquet_equals_duckdb(tmp_path, folder):
    out = tmp_path / "pq"
    res = cli(str(folder), "--format", "parquet", "--out", str(out), "--no-progress")
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in (out / "entities").iterdir()) == ["year=2023", "year=2024"]
    db = out / "_index.duckdb"
    for table in [*TABLES, "errors"]:
        assert sorted(read_dataset(out, table).to_pylist(), key=repr) == [dict(zip(columns(table), r, strict=True)) for r in sorted(rows_of(db, table), key=lambda r: repr(dict(zip(columns(table), r, strict=True))))]
    assert len(read_dataset(out, "articles")) == len(CASES) + 2


def test_dask_local_cluster_equals_single_process_parquet(tmp_path, folder):
    pytest.importorskip("distributed")
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from cdsnlp.archive.inputs import iter_articles
    from cdsnlp.dask import article_frames, write_parquet

    one = tmp_path / "one"
    run_parquet([str(folder)], one, progress=False)
    arts = list(iter_articles([str(folder)], lambda n, m: None))
    many = tmp_path / "many"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster):
        frames = article_frames(db.from_sequence(arts, npartitions=3))
        assert list(frames["entities"].columns) == columns("entities")
        counts = write_parquet(frames, many)
    assert counts["articles"] == len(arts)
    for table in [*TABLES, "errors"]:
        assert sorted(read_dataset(many, table).to_pylist(), key=repr) == sorted(read_dataset(one, table).to_pylist(), key=repr), table


def test_cli_dask_engine_on_a_running_scheduler_equals_single_process(tmp_path, folder):
    """``cdsnlp index --engine dask --scheduler ADDRESS`` against a LocalCluster started
    here: streamed in partitions of 2, an id read again in a later partition replaces
    the earlier article (as in cdsnlp index), an unreadable file is in the errors table."""
    pytest.importorskip("distributed")
    from dask.distributed import LocalCluster

    again = {"id": CASES[0]["id"], "text": CASES[2]["text"]}  # an earlier id, a new text, in a later partition
    (folder / "zz.jsonl").write_text(json.dumps(again, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "bad.jsonl").write_bytes(b"\xff\xfe not json\n")
    one = tmp_path / "one"
    single = run_parquet([str(folder)], one, progress=False, batch_size=2)  # the same batches: the same summary
    many = tmp_path / "many"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        res = cli(str(folder), "--engine", "dask", "--scheduler", cluster.scheduler_address, "--out", str(many), "--batch-size", "2")
    assert res.returncode == 1, res.stderr  # the broken line is reported
    assert f"{single.added} added, {single.replaced} replaced" in res.stderr and single.replaced == 1
    assert len(list((many / "articles").glob("year=*/part-*.parquet"))) > 2  # one part file per partition and year
    for table in [*TABLES, "errors"]:
        assert sorted(read_dataset(many, table).to_pylist(), key=repr) == sorted(read_dataset(one, table).to_pylist(), key=repr), table
    texts = {r["article_id"]: r["content_hash"] for r in read_dataset(many, "articles").to_pylist()}
    assert texts[str(CASES[0]["id"])] == article_rows(CASES[2]["text"], {"id": "x"})["articles"][0]["content_hash"]


def test_readme_queries_give_the_shown_output(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Three queries over the shipped corpus", 1)[1].split("\n### ", 1)[0]
    pairs = re.findall(r"```sql\n(.*?)\n```\n\n```text\n(.*?)\n```", section, flags=re.S)
    assert len(pairs) == 3
    db = tmp_path / "corpus.duckdb"
    summary = run_index([str(ROOT / "data" / "corpus")], db, progress=False)
    n_docs = sum(1 for split in ("train", "validation", "test") for _ in (ROOT / "data" / "corpus" / f"{split}.jsonl").open(encoding="utf-8"))
    assert summary.added == n_docs and n_docs >= 272 and not summary.errors
    con = duckdb.connect(str(db), read_only=True)
    for sql, shown in pairs:
        rel = con.sql(sql)
        lines = [" | ".join(rel.columns)] + [" | ".join("" if v is None else str(v) for v in row) for row in rel.fetchall()]
        assert "\n".join(lines) == shown, sql


def test_same_id_in_consecutive_batches_keeps_the_last_text(tmp_path):
    src = tmp_path / "dup.jsonl"
    lines = [{"id": "same", "text": CASES[k]["text"]} for k in (0, 1, 2)] + [{"id": "same", "text": CASES[2]["text"]}]
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    db = tmp_path / "d.duckdb"
    s = run_index([str(src)], db, progress=False, batch_size=1)  # each line its own batch: written while the next is analysed
    assert (s.added, s.replaced, s.unchanged) == (1, 2, 1)
    arts = rows_of(db, "articles")
    assert len(arts) == 1 and arts[0][2] == article_rows(CASES[2]["text"], {"id": "same"})["articles"][0]["content_hash"]
    assert {r[0] for r in rows_of(db, "entities")} == {"same"}
    assert len(rows_of(db, "entities")) == len(article_rows(CASES[2]["text"], {"id": "same"})["entities"])


def test_index_reads_pages_and_documents_through_the_readers(tmp_path):
    """Web pages, PDF, DOCX and legacy encodings go through cdsnlp.readers: the
    page's date is the article date, the byline is an author, a scan is an error."""
    fixtures = ROOT / "tests" / "fixtures" / "inputs"
    d = tmp_path / "in"
    d.mkdir()
    for name in ("ministry_page.html", "thong_bao.docx", "tcvn3.txt", "scanned.pdf"):
        (d / name).write_bytes((fixtures / name).read_bytes())
    db = tmp_path / "a.duckdb"
    res = cli(str(d), "--db", str(db), "--no-progress")
    assert res.returncode == 1 and "scanned.pdf" in res.stderr and "no text layer" in res.stderr
    con = duckdb.connect(str(db), read_only=True)
    dates = dict(con.execute("SELECT regexp_extract(source, '[^/]+$'), CAST(article_date AS VARCHAR) FROM articles").fetchall())
    assert dates == {"ministry_page.html": "2024-07-12", "thong_bao.docx": "2024-03-12", "tcvn3.txt": "2024-05-20"}
    kinds = dict(con.execute("SELECT name, kind FROM officials WHERE article_id LIKE '%ministry_page.html'").fetchall())
    assert kinds == {"Trương Hải Long": "official", "Minh Châu": "author", "Thu Hà": "author"}
    assert con.execute("SELECT count(*) FROM entities WHERE text LIKE '%Lượt xem%' OR text LIKE '%Cỡ chữ%'").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM errors WHERE source LIKE '%scanned.pdf'").fetchone() == (1,)


def test_a_failed_commit_reports_its_own_error_and_keeps_earlier_articles(tmp_path):
    """A COMMIT that fails (DuckDB out of memory in a checkpoint, a full disk)
    has already ended the transaction: the caller sees that error, not the
    ROLLBACK's «no transaction is active», and the articles written before stay."""
    from cdsnlp.archive.store_duckdb import DuckStore

    db = tmp_path / "c.duckdb"
    store = DuckStore(db)
    first = article_rows(CASES[0]["text"], {"id": "one"})
    store.write([first], [])

    class FailingCommit:
        def __init__(self, con):
            self.con = con

        def __getattr__(self, name):
            return getattr(self.con, name)

        def execute(self, sql, *args):
            if sql == "COMMIT":
                self.con.execute("ROLLBACK")  # the transaction ends, as in DuckDB's failed commit
                raise duckdb.IOException("disk full (simulated)")
            return self.con.execute(sql, *args)

    real = store.con
    store.con = FailingCommit(real)
    with pytest.raises(duckdb.IOException, match="disk full"):
        store.write([article_rows(CASES[1]["text"], {"id": "two"})], [])
    store.con = real
    store.close()
    assert [r[0] for r in rows_of(db, "articles")] == ["one"]
    assert len(rows_of(db, "entities")) == len(first["entities"])
