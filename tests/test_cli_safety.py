"""The command line never destroys its inputs, checks where it writes before
any work, keeps file names made from document ids inside the output folder,
and reports (then skips) what cannot be read in folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdsnlp.safe_paths import OutputPathError, check_output, safe_file_stem

ARTICLE = "Ngày 6/6/2023, Bộ trưởng Nguyễn Văn An làm việc với Bộ Tài chính.\n"


def run(*args, cwd=None, stdin=None):
    return subprocess.run([sys.executable, "-m", "cdsnlp.cli", *args], capture_output=True, text=True, cwd=cwd, input=stdin, timeout=300)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "sub" / "b.txt").write_text(ARTICLE.replace("6/6", "7/7"), encoding="utf-8")
    return d


def test_output_onto_an_input_is_refused_and_the_input_kept(folder):
    a = folder / "a.txt"
    for fmt in ("jsonl", "json", "table"):
        res = run("extract", str(a), "--format", fmt, "--output", str(a))
        assert res.returncode == 2 and "is also an input" in res.stderr
        assert a.read_text(encoding="utf-8") == ARTICLE
    link = folder.parent / "alias.txt"
    link.symlink_to(a)
    res = run("extract", str(a), "--output", str(link))  # the same file by another name
    assert res.returncode == 2 and a.read_text(encoding="utf-8") == ARTICLE


def test_output_inside_an_input_folder_is_refused_when_it_would_be_read_back(folder, tmp_path):
    res = run("extract", str(folder), "--output", str(folder / "out.jsonl"))
    assert res.returncode == 2 and "inside the input folder" in res.stderr
    assert not (folder / "out.jsonl").exists()
    res = run("extract", str(folder), "--format", "html", "--output", str(folder / "pages"))
    assert res.returncode == 2 and not (folder / "pages").exists()
    res = run("extract", str(folder), "--format", "conll", "--output", str(folder / "tags.conll"), "--no-progress")
    assert res.returncode == 0  # a .conll file is not an input: allowed
    res = run("index", str(folder), "--format", "parquet", "--out", str(folder / "ds"), "--no-progress")
    assert res.returncode == 2 and "--out" in res.stderr and not (folder / "ds").exists()
    res = run("index", str(folder / "a.txt"), "--db", str(folder / "a.txt"), "--no-progress")
    assert res.returncode == 2 and (folder / "a.txt").read_text(encoding="utf-8") == ARTICLE


def test_a_missing_output_folder_is_refused_before_the_work(folder, tmp_path):
    for fmt in ("jsonl", "json", "table", "conll", "html"):
        out = tmp_path / "new" / "deep" / f"out.{fmt}"
        res = run("extract", str(folder), "--format", fmt, "--output", str(out), "--no-progress")
        assert res.returncode == 2 and "does not exist; create it first" in res.stderr
        assert "documents" not in res.stderr and not (tmp_path / "new").exists()  # no summary line: nothing was processed
    pages = tmp_path / "new" / "pages"  # the folder of html pages is the output itself: created
    assert run("extract", str(folder), "--format", "html", "--output", str(pages), "--no-progress").returncode == 0
    assert len(list(pages.glob("*.html"))) == 2


def test_an_output_that_cannot_be_created_fails_before_reading(folder, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    res = run("extract", str(folder), "--format", "json", "--output", str(blocker / "out.json"), "--no-progress")
    assert res.returncode == 2 and "documents" not in res.stderr  # no summary line: nothing was processed
    res = run("extract", str(folder), "--output", str(folder.parent), "--format", "json")
    assert res.returncode == 2


@pytest.mark.parametrize("doc_id", ["../../../escape", "/etc/passwd", "..", "a/../../b", "x\u0000y", "con:\n\t*?<>|", "é" * 300, "", "."])
def test_html_pages_named_from_document_ids_stay_in_the_folder(tmp_path, doc_id):
    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps({"id": doc_id, "text": ARTICLE}) + "\n", encoding="utf-8")
    pages = tmp_path / "out" / "pages"
    res = run("extract", str(src), "--format", "html", "--output", str(pages), "--no-progress")
    assert res.returncode == 0, res.stderr
    written = [p for p in (tmp_path).rglob("*.html")]
    assert len(written) == 1 and written[0].parent == pages
    assert len(written[0].name) <= 100


def test_safe_file_stem():
    assert safe_file_stem("../../etc/passwd") == "passwd"
    assert safe_file_stem("C:\\x\\report.txt") == "report"
    assert safe_file_stem("...") == "doc"
    assert safe_file_stem(".hidden") == "hidden"
    assert safe_file_stem("a b/c d.html") == "c_d"
    assert "/" not in safe_file_stem("x/" * 100) and len(safe_file_stem("y" * 500)) == 80


def test_check_output_resolves_links(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "in")
    with pytest.raises(OutputPathError):
        check_output(tmp_path / "link" / "x.jsonl", [str(tmp_path / "in")])
    check_output(tmp_path / "elsewhere.jsonl", [str(tmp_path / "in")])
    check_output(None, [str(tmp_path / "in")])


def test_fifos_broken_links_and_symlink_loops_are_reported_and_skipped(folder, tmp_path):
    os.mkfifo(folder / "pipe.txt")
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop1.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1.txt")
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop: not followed
    res = run("extract", str(folder), "--no-progress")
    assert res.returncode == 1
    assert sorted(json.loads(x)["source"] for x in res.stdout.splitlines()) == [str(folder / "a.txt"), str(folder / "sub" / "b.txt")]
    assert f"{folder / 'pipe.txt'}: not a regular file (a FIFO)" in res.stderr
    assert f"{folder / 'broken.txt'}: not a regular file (a broken symlink)" in res.stderr
    assert f"{folder / 'loop1.txt'}: not a regular file (a symlink loop)" in res.stderr
    assert "2 documents" in res.stderr and "4 skipped" in res.stderr
    db = tmp_path / "a.duckdb"
    res = run("index", str(folder), "--db", str(db), "--no-progress")
    assert res.returncode == 1 and "a FIFO" in res.stderr and "a symlink loop" in res.stderr and "2 added" in res.stderr
    res = run("extract", str(folder / "pipe.txt"), "--no-progress")  # given by name: reported, never opened (it would block)
    assert res.returncode == 1 and "a FIFO" in res.stderr


def test_exit_codes(folder, tmp_path):
    assert run("extract", str(folder), "--no-progress").returncode == 0  # everything read
    assert run("extract", str(folder), str(tmp_path / "missing.txt"), "--no-progress").returncode == 1  # something skipped
    assert run("extract", "--jobs", "0", str(folder)).returncode == 2  # a usage error
    assert run("extract", "--format", "nope").returncode == 2  # argparse
    assert run("extract", "--model", str(tmp_path / "nomodel"), str(folder)).returncode == 2  # a fatal error
