"""`cdsnlp extract` and `cdsnlp index` list and read their inputs with the same
code (cdsnlp.readers.jsonl, cdsnlp.readers.deferred): the same documents, the
same errors, named the same way."""

import json

from cdsnlp.archive.index import run_index
from cdsnlp.archive.inputs import iter_articles
from cdsnlp.cli import iter_inputs
from cdsnlp.readers.deferred import FileToRead, Unreadable, read_deferred
from cdsnlp.readers.jsonl import jsonl_records

GOOD = "Sở Thông tin và Truyền thông tỉnh Lào Cai họp ngày 6/6/2023."


def _mixed_jsonl(path):
    lines = [
        json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False).encode(),
        b'{"id": "b", "text": "Nguy\xean"}',  # not UTF-8: this line only
        b"[1, 2]",  # JSON, but not an object
        b'{"id": "c"}',  # no text
        b'{"id": "d", "text": 5}',
        b"{broken",
        b"",
        json.dumps({"id": 7, "text": "Bộ Tài chính."}, ensure_ascii=False).encode(),  # an id that is a number
        json.dumps({"text": "Không có id."}, ensure_ascii=False).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_a_bad_line_is_reported_and_the_lines_after_it_are_read(tmp_path):
    f = _mixed_jsonl(tmp_path / "mixed.jsonl")
    errors = []
    got = [(n, rec.get("id")) for n, rec in jsonl_records(f, lambda name, why: errors.append((name, why)))]
    assert got == [(1, "a"), (8, 7), (9, None)]
    assert [name for name, _ in errors] == [f"{f}:{n}" for n in (2, 3, 4, 5, 6)]
    why = dict(errors)
    assert why[f"{f}:2"].startswith("skipped: not UTF-8")
    assert why[f"{f}:3"] == "skipped: a JSON list, not an object with a 'text' string"
    assert why[f"{f}:4"] == "skipped: no 'text' string" and why[f"{f}:5"] == "skipped: 'text' is not a string"
    assert why[f"{f}:6"].startswith("skipped: JSONDecodeError")


def test_extract_and_index_see_the_same_documents_and_errors(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _mixed_jsonl(folder / "mixed.jsonl")
    (folder / "page.txt").write_text(GOOD, encoding="utf-8")
    (folder / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n not a pdf")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    cli_errors, arch_errors = [], []
    from_cli = [(i.name, i.text) for i in iter_inputs([str(folder)], cli_errors)]
    from_archive = [(a["id"], a["text"]) for a in iter_articles([str(folder)], lambda name, why: arch_errors.append(f"{name}: {why}"))]
    assert [name for name, _ in from_cli] == ["a", "7", f"{folder / 'mixed.jsonl'}:9", str(folder / "page.txt")]
    assert from_cli == from_archive
    assert sorted(cli_errors) == sorted(arch_errors) and len(cli_errors) == 7  # 5 lines, the image, the broken link
    assert any("photo.pdf: cannot read: a PNG image" in e for e in cli_errors)
    assert any("gone.txt: not a regular file (a broken symlink)" in e for e in cli_errors)


def test_the_archive_counts_every_bad_line_in_its_errors_table(tmp_path):
    import duckdb

    f = _mixed_jsonl(tmp_path / "mixed.jsonl")
    summary = run_index([str(f)], tmp_path / "a.duckdb", progress=False)
    assert summary.added == 3 and len(summary.errors) == 5
    con = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM errors").fetchone()[0] == 5
        assert sorted(r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()) == sorted(["a", "7", f"{f}:9"])
    finally:
        con.close()


def test_a_reader_failure_is_an_unreadable_with_its_name(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    got = read_deferred(FileToRead(str(bad)))
    assert isinstance(got, Unreadable) and got.name == str(bad) and got.reason.startswith("cannot read:")
    assert got.message == f"{bad}: {got.reason}"
    ok = tmp_path / "a.txt"
    ok.write_text(GOOD, encoding="utf-8")
    assert read_deferred(FileToRead(str(ok))).text == GOOD


def test_extract_and_index_read_the_same_dates(tmp_path):
    """A JSONL ``date`` that is a string is the article's date in both commands; a
    number, a list or null is none in both (before, index kept a number as text)."""
    f = tmp_path / "dates.jsonl"
    recs = [{"id": "s", "text": GOOD, "date": "2024-03-05"}, {"id": "n", "text": GOOD, "date": 20240305},
            {"id": "l", "text": GOOD, "date": ["2024-03-05"]}, {"id": "z", "text": GOOD, "date": None}, {"id": "m", "text": GOOD}]
    f.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    from_cli = {i.name: i.date for i in iter_inputs([str(f)], [])}
    from_archive = {a["id"]: a["date"] for a in iter_articles([str(f)], lambda name, why: None)}
    assert from_cli == from_archive == {"s": "2024-03-05", "n": None, "l": None, "z": None, "m": None}


def test_a_parquet_date_column_is_an_iso_date(tmp_path):
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    f = tmp_path / "a.parquet"
    pq.write_table(pa.table({"id": ["p", "q"], "text": [GOOD, GOOD], "date": [datetime.date(2024, 3, 5), None]}), f)
    assert {a["id"]: a["date"] for a in iter_articles([str(f)], lambda name, why: None)} == {"p": "2024-03-05", "q": None}
