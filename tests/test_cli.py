"""The cdsnlp command line, run as a subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

ARTICLE = "Ngày 20/3/2024, Giám đốc Sở Tư pháp tỉnh Lạng Sơn Hoàng Văn Nam ký Quyết định số 12/QĐ-STP; đạt 18/54 TTHC (33,3%)."


def run(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "cdsnlp.cli", *args], input=stdin, capture_output=True, text=True, cwd=cwd)


@pytest.fixture()
def inputs(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "sub" / "b.html").write_text(f"<html><head><style>p{{}}</style><script>var x=1;</script></head><body><p>{ARTICLE}</p></body></html>", encoding="utf-8")
    (d / "c.jsonl").write_text(json.dumps({"id": "doc-c", "text": ARTICLE}, ensure_ascii=False) + "\n{broken\n", encoding="utf-8")
    (d / "bad.txt").write_bytes(b"\xff\xfe\x00broken")
    (d / "broken.pdf").write_bytes(b"%PDF")
    (d / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return d


def test_extract_stdin_to_jsonl():
    res = run("extract", stdin=ARTICLE)
    assert res.returncode == 0, res.stderr
    rec = json.loads(res.stdout)
    assert rec["source"] == "<stdin>"
    assert ("OFFICIAL", "Hoàng Văn Nam") in {(e["label"], e["text"]) for e in rec["entities"]}
    assert rec["officials"][0]["roles"][0] == {"title": "Giám đốc", "agency": "Sở Tư pháp tỉnh Lạng Sơn"}
    assert "1 documents" in res.stderr


def test_extract_folder_recursively_reports_and_skips_bad_input(inputs):
    res = run("extract", str(inputs))
    assert res.returncode == 1  # something was skipped
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    assert sorted(r["source"] for r in recs) == sorted([str(inputs / "a.txt"), str(inputs / "sub" / "b.html"), "doc-c"])
    html_rec = next(r for r in recs if r["source"].endswith("b.html"))
    assert html_rec["text"] == ARTICLE  # tags, script and style removed
    for r in recs:
        for e in r["entities"]:
            assert r["text"][e["start"] : e["end"]] == e["text"]
    assert "bad.txt: cannot read" in res.stderr
    assert "c.jsonl:2: skipped" in res.stderr
    assert "broken.pdf: cannot read: cannot read PDF" in res.stderr
    assert "3 skipped, 1 files of other types ignored" in res.stderr  # photo.png inside the folder: not ours, counted


def test_extract_jobs_gives_same_result(inputs, tmp_path):
    files = [str(inputs / "a.txt"), str(inputs / "sub" / "b.html"), str(inputs / "c.jsonl")]
    one = run("extract", *files)
    two = run("extract", "--jobs", "2", "--no-progress", *files)
    assert two.returncode == one.returncode == 1  # c.jsonl has a broken line
    strip = lambda out: [{k: v for k, v in json.loads(line).items()} for line in out.splitlines()]  # noqa: E731
    assert strip(one.stdout) == strip(two.stdout)


def test_extract_json_and_conll_formats(inputs, tmp_path):
    out = tmp_path / "all.json"
    res = run("extract", str(inputs / "a.txt"), "--format", "json", "--output", str(out))
    assert res.returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 1
    conll = run("extract", str(inputs / "a.txt"), "--format", "conll").stdout
    assert "Hoàng\tB-OFFICIAL" in conll and "Nam\tI-OFFICIAL" in conll


def test_extract_html_one_page_and_one_per_input(inputs, tmp_path):
    page = tmp_path / "all.html"
    assert run("extract", str(inputs / "a.txt"), str(inputs / "sub"), "--format", "html", "-o", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Hoàng Văn Nam" in html and "Officials" in html and "Cited documents" in html
    assert "Sở Tư pháp tỉnh Lạng Sơn" in html and "QĐ-STP" in html
    folder = tmp_path / "pages"
    assert run("extract", str(inputs / "a.txt"), str(inputs / "sub"), "--format", "html", "-o", str(folder)).returncode == 0
    assert len(list(folder.glob("*.html"))) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["extract", "--jobs", "0", "x"], "--jobs must be at least 1"),
        (["extract", "--ref-date", "2024-13-40"], "--ref-date must be YYYY-MM-DD"),
    ],
)
def test_errors_are_one_line(args, message):
    res = run(*args, stdin="")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [f"cdsnlp: error: {message}" + res.stderr.strip().split(message, 1)[1]]
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("cmd", ["extract", "train", "evaluate", "validate", "convert"])
def test_every_command_has_help(cmd):
    res = run(cmd, "--help")
    assert res.returncode == 0 and "usage:" in res.stdout


def test_validate_and_evaluate_commands(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "x", "text": ARTICLE, "entities": [{"start": 0, "end": 14, "label": "DATE"}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("validate", str(gold)).returncode == 0
    res = run("evaluate", str(gold), "--labels", "DATE")
    assert res.returncode == 0 and "DATE" in res.stdout


def test_table_format_for_reading(inputs):
    res = run("extract", str(inputs / "a.txt"), "--format", "table")
    assert res.returncode == 0
    assert "OFFICIAL  'Hoàng Văn Nam'" in res.stdout
    assert "# official: Hoàng Văn Nam (Giám đốc — Sở Tư pháp tỉnh Lạng Sơn)" in res.stdout


def test_run_sh_works_from_another_folder(tmp_path):
    """scripts/run.sh with a path relative to the caller's folder (it used to cd first and lose it)."""
    import cdsnlp as pkg

    venv = Path(sys.prefix)
    # this interpreter has cdsnlp installed from this checkout: mark it so run.sh does not reinstall
    assert Path(pkg.__file__).resolve().is_relative_to(ROOT)
    (venv / ".cdsnlp-installed").write_text(subprocess.run(["cksum"], stdin=open(ROOT / "pyproject.toml", "rb"), capture_output=True, text=True).stdout)
    (tmp_path / "mine.txt").write_text("Ngày 20/3/2024, Sở KH&CN ban hành Kế hoạch số 38/KH-SKHCN.", encoding="utf-8")
    res = subprocess.run(["bash", str(ROOT / "scripts" / "run.sh"), "mine.txt"], capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "CDSNLP_VENV": str(venv)}, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Kế hoạch số 38/KH-SKHCN" in res.stdout and f"# {tmp_path / 'mine.txt'}" in res.stdout
    res = subprocess.run(["bash", str(ROOT / "scripts" / "run.sh")], capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "CDSNLP_VENV": str(venv)}, timeout=120)  # the README's first command: the example article
    assert res.returncode == 0 and "Nguyễn Văn Thịnh" in res.stdout and "LEGAL_DOC" in res.stdout, res.stderr


@pytest.mark.parametrize("command", ["train", "evaluate", "validate", "convert", "extract", "models"])
def test_help_names_cdsnlp_commands(command):
    res = subprocess.run([sys.executable, "-m", "cdsnlp.cli", command, "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and f"cdsnlp {command}" in res.stdout
    assert "python -m training" not in res.stdout


def test_extract_jsonl_streams_every_record_and_bad_output_is_one_line(inputs, tmp_path):
    lines = "".join(json.dumps({"id": f"d{k}", "text": f"Ngày {k % 28 + 1}/3/2024, Sở Nội vụ họp."}, ensure_ascii=False) + "\n" for k in range(40))
    src = tmp_path / "many.jsonl"
    src.write_text(lines, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = run("extract", str(src), "-o", str(out), "--no-progress")
    assert res.returncode == 0, res.stderr
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == [f"d{k}" for k in range(40)]
    assert "cdsnlp: 40 documents" in res.stderr
    res = run("extract", str(src), "-o", str(tmp_path / "missing" / "out.jsonl"))
    assert res.returncode != 0 and len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
