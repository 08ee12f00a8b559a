"""The same results whatever runs alongside: threads sharing the default
extractor, and worker processes of the CLI and of the archive."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import cdsnlp
from cdsnlp.archive.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent


def corpus_docs(n: int) -> list[dict]:
    rows = []
    for path in sorted((ROOT / "data" / "corpus").glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                rows.append(json.loads(line))
    return rows[:n]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    docs = [d["text"] for d in corpus_docs(24)]
    # hostile ones among them: they share the caches with the others
    return [*docs, "1 - " * 500, "\ud800 Ông Nguyễn Văn An", "a." * 2_000, "9" * 5_000 + " tỷ đồng", ""]


def test_eight_threads_give_the_serial_results(texts):
    serial_ex = [[e.to_dict() for e in cdsnlp.extract(t)] for t in texts]
    serial_an = [cdsnlp.analyze(t).to_dict() for t in texts]
    work = [(i, t) for _ in range(3) for i, t in enumerate(texts)]  # each text three times, interleaved

    def both(item):
        i, t = item
        return i, [e.to_dict() for e in cdsnlp.extract(t)], cdsnlp.analyze(t).to_dict()

    with ThreadPoolExecutor(8) as pool:
        for i, ents, doc in pool.map(both, work):
            assert ents == serial_ex[i]
            assert doc == serial_an[i]


def test_threads_with_their_own_extractors_agree(texts):
    ex = [cdsnlp.Extractor() for _ in range(4)]
    expected = [ex[0].extract(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda k: [ex[k].extract(t) for t in texts], range(4)))
    assert all(r == expected for r in results)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cdsnlp.cli", *args], capture_output=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("jobs")
    docs = corpus_docs(14)
    (d / "docs.jsonl").write_text("".join(json.dumps({"id": x["id"], "text": x["text"]}, ensure_ascii=False) + "\n" for x in docs), encoding="utf-8")
    folder = d / "folder"
    folder.mkdir()
    for k, x in enumerate(docs[:6]):
        (folder / f"{k:02d}.txt").write_text(x["text"], encoding="utf-8")
    return d


@pytest.mark.parametrize("fmt", ["jsonl", "json", "conll"])
def test_cli_extract_jobs_2_is_byte_for_byte_jobs_1(inputs, fmt):
    one = _cli("extract", "docs.jsonl", "folder", "--format", fmt, "--jobs", "1", "--no-progress", cwd=inputs)
    two = _cli("extract", "docs.jsonl", "folder", "--format", fmt, "--jobs", "2", "--no-progress", cwd=inputs)
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout and one.stdout == two.stdout


@pytest.fixture()
def mixed(tmp_path) -> Path:
    """Web pages, an unreadable PDF, a broken link and a bad JSONL line, in one folder."""
    import os
    import shutil

    docs = corpus_docs(8)
    d = tmp_path / "mixed"
    d.mkdir()
    for k, x in enumerate(docs[:5]):
        paras = "".join(f"<p>{p}</p>" for p in x["text"].split("\n") if p.strip())
        (d / f"{k:02d}.html").write_text(f"<html><body><nav><a href='/'>Trang chủ</a></nav><article>{paras}</article></body></html>", encoding="utf-8")
    shutil.copy(ROOT / "tests" / "fixtures" / "inputs" / "scanned.pdf", d / "02b.pdf")  # no text layer: an error
    os.symlink(d / "missing.txt", d / "03b.txt")  # a broken link: an error while listing
    lines = [json.dumps({"id": "j1", "text": docs[5]["text"]}), "{not json", json.dumps({"id": "j2", "text": docs[6]["text"]})]
    (d / "04b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def test_cli_extract_jobs_2_reads_pages_in_the_workers_with_errors_in_input_order(mixed):
    """The workers read the files (a page costs more to read than to analyse);
    output and error messages are those of ``--jobs 1``, in input order."""
    one = _cli("extract", "mixed", "--jobs", "1", "--no-progress", cwd=mixed.parent)
    two = _cli("extract", "mixed", "--jobs", "2", "--no-progress", cwd=mixed.parent)
    assert one.returncode == two.returncode == 1  # errors were reported
    assert one.stdout and one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == 7  # 5 pages and 2 JSONL lines
    errs = [[line for line in r.stderr.decode().splitlines() if ": cannot read" in line or "skipped:" in line or "broken" in line] for r in (one, two)]
    assert len(errs[0]) == 3 and errs[0] == errs[1]
    assert ["02b.pdf" in errs[0][0], "03b.txt" in errs[0][1], "04b.jsonl:2" in errs[0][2]] == [True, True, True]


def test_cli_index_jobs_2_reads_pages_in_the_workers(mixed, tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    r1 = _cli("index", "mixed", "--db", str(one), "--jobs", "1", "--no-progress", "--batch-size", "2", cwd=mixed.parent)
    r2 = _cli("index", "mixed", "--db", str(two), "--jobs", "2", "--no-progress", "--batch-size", "2", cwd=mixed.parent)
    assert r1.returncode == r2.returncode, r2.stderr
    rows1, rows2 = _rows(one), _rows(two)
    assert len(rows1["articles"]) == 7 and rows1 == rows2
    errors = [_errors(db) for db in (one, two)]
    assert errors[0] == errors[1] and [Path(src).name for src, _ in errors[0]] == ["02b.pdf", "03b.txt", "04b.jsonl:2"]


def _errors(db: Path) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT source, message FROM errors ORDER BY source").fetchall()
    finally:
        con.close()


def _rows(db: Path) -> dict[str, list[tuple]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES}
    finally:
        con.close()


def test_cli_index_jobs_2_gives_the_rows_of_jobs_1(inputs, tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    r1 = _cli("index", "docs.jsonl", "folder", "--db", str(one), "--jobs", "1", "--no-progress", "--batch-size", "4", cwd=inputs)
    r2 = _cli("index", "docs.jsonl", "folder", "--db", str(two), "--jobs", "2", "--no-progress", "--batch-size", "4", cwd=inputs)
    assert r1.returncode == r2.returncode == 0, r2.stderr
    rows1, rows2 = _rows(one), _rows(two)
    assert len(rows1["articles"]) == 20 and rows1["entities"]
    assert rows1 == rows2
