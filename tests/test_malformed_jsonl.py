"""Validation and training on malformed JSONL: every problem named by
file:line, counts of what was read and rejected, nothing silently dropped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cdsnlp.annotation.jsonl import CorpusFormatError, read_jsonl, read_text
from cdsnlp.annotation.validate import validate_jsonl

GOOD = {"id": "ok", "text": "Ông Nguyễn Văn An làm việc.", "entities": [{"start": 4, "end": 17, "label": "OFFICIAL", "text": "Nguyễn Văn An"}]}
LINES = [
    json.dumps(GOOD, ensure_ascii=False),
    "{not json",
    json.dumps({"id": "off", "text": "Bộ Tài chính", "entities": [{"start": 0, "end": 99, "label": "AGENCY", "text": "Bộ Tài chính"}]}, ensure_ascii=False),
    json.dumps({"id": "lab", "text": "Bộ Công an họp", "entities": [{"start": 0, "end": 10, "label": "MINISTRY", "text": "Bộ Công an"}]}, ensure_ascii=False),
    json.dumps({"id": "ovl", "text": "Sở Tài chính tỉnh", "entities": [
        {"start": 0, "end": 12, "label": "AGENCY", "text": "Sở Tài chính"}, {"start": 3, "end": 17, "label": "AGENCY", "text": "Tài chính tỉnh"}]}, ensure_ascii=False),
    json.dumps({"id": "notext", "entities": []}),
]


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_every_problem_is_named_by_file_and_line_and_counted(tmp_path):
    f = write(tmp_path / "bad.jsonl", LINES)
    report = validate_jsonl(f)
    where = {(i.line, i.message.split(":")[0].split(" ")[0]) for i in report.issues}
    lines_with_issues = sorted({i.line for i in report.issues})
    assert lines_with_issues == [2, 3, 4, 5, 6]
    assert all(i.file == str(f) for i in report.issues) and where
    assert report.documents_read == 6 and report.documents_rejected == 5
    text = "\n".join(map(str, report.issues))
    for needle in ("bad.jsonl:2: invalid JSON", "bad.jsonl:3: entity 0: offsets [0, 99)", "bad.jsonl:4: entity 0: unknown label 'MINISTRY'", "bad.jsonl:5: entity 1 [3, 17) overlaps"):
        assert needle in text
    assert "6 documents read, 5 rejected" in report.summary()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_byte_order_mark_is_followed(tmp_path, encoding):
    f = write(tmp_path / "bom.jsonl", [json.dumps(GOOD, ensure_ascii=False)], encoding)
    report = validate_jsonl(f)
    assert report.documents_read == 1 and report.documents_rejected == 0 and report.ok
    assert [d["id"] for d in read_jsonl(f)] == ["ok"]
    assert read_text(f).lstrip("\ufeff").startswith('{"id"')


def test_text_that_is_not_utf8_is_named_by_line_and_the_rest_still_checked(tmp_path):
    f = tmp_path / "mixed.jsonl"
    f.write_bytes(json.dumps(GOOD).encode() + b"\n" + '{"id": "x", "text": "Bộ"}'.encode("cp1258", "replace") + b"\xff\n" + json.dumps({**GOOD, "id": "z", "text": GOOD["text"] + " Xong."}).encode() + b"\n")
    report = validate_jsonl(f)
    assert [(i.line, i.message[:9]) for i in report.issues] == [(2, "not UTF-8")]
    assert report.documents_read == 3 and report.documents_rejected == 1
    with pytest.raises(CorpusFormatError, match=r"mixed.jsonl:2: not UTF-8"):
        list(read_jsonl(f))


def test_utf16_without_a_byte_order_mark_gets_a_hint(tmp_path):
    f = tmp_path / "u16.jsonl"
    f.write_bytes(json.dumps(GOOD, ensure_ascii=False).encode("utf-16-le") + "\n".encode("utf-16-le"))
    report = validate_jsonl(f)
    assert report.issues and "UTF-16 without a byte-order mark" in report.issues[0].message and report.issues[0].line == 1
    with pytest.raises(CorpusFormatError, match=r"u16\.jsonl:1: .*UTF-16"):
        read_text(f)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "cdsnlp.cli", *args], capture_output=True, text=True, timeout=300)


def test_cli_validate_and_train_report_file_line_and_counts(tmp_path):
    f = write(tmp_path / "bad.jsonl", [LINES[0], *LINES[2:5]])
    res = _cli("validate", str(f))
    assert res.returncode != 0
    assert f"{f}:2:" in res.stdout + res.stderr and "4 documents read, 3 rejected" in res.stdout + res.stderr
    res = _cli("train", "--train", str(f), "--out", str(tmp_path / "m"), "--search", "0")
    out = res.stdout + res.stderr
    assert res.returncode != 0 and not (tmp_path / "m" / "model.crfsuite").exists()
    # the wrong offsets are repaired (the span text is found) and said so; the others refuse training
    assert f"repaired: {f}:2" in out and f"rejected: {f}:3" in out and f"{f}:4: entity 1 [3, 17) overlaps" in out
    assert "4 documents, 4 entities imported" in out and "refusing to train: 2 documents with errors" in out
    u16 = tmp_path / "u16.jsonl"
    u16.write_bytes(LINES[0].encode("utf-16-le"))
    res = _cli("train", "--train", str(u16), "--out", str(tmp_path / "m2"), "--search", "0")
    assert res.returncode != 0 and f"{u16}:1: not UTF-8" in res.stderr and "Traceback" not in res.stderr
