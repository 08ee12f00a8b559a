import json
import subprocess
import sys
from pathlib import Path

import pytest

from cdsnlp.annotation import validate_jsonl

GOOD = {"id": "d1", "text": "Ngày 20/3/2024, Sở Tư pháp họp.", "entities": [{"start": 0, "end": 14, "label": "DATE"}, {"start": 16, "end": 26, "label": "AGENCY"}]}


def _write(tmp_path: Path, lines: list[str], name: str = "x.jsonl") -> Path:
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _doc(**changes):
    d = json.loads(json.dumps(GOOD))
    d.update(changes)
    return json.dumps(d, ensure_ascii=False)


def test_valid_file_passes(tmp_path):
    report = validate_jsonl(_write(tmp_path, [_doc()]))
    assert report.ok
    assert (report.documents_read, report.entities_read, report.documents_rejected) == (1, 2, 0)


@pytest.mark.parametrize(
    "line, reason",
    [
        ("{not json", "invalid JSON"),
        (_doc(entities=[{"start": 0, "end": 99, "label": "DATE"}]), "out of range"),
        (_doc(entities=[{"start": 0, "end": 14, "label": "DATE"}, {"start": 10, "end": 26, "label": "AGENCY"}]), "overlaps"),
        (_doc(entities=[{"start": 0, "end": 15, "label": "DATE"}]), "starts or ends with whitespace or punctuation"),
        (_doc(entities=[{"start": 15, "end": 26, "label": "AGENCY"}]), "starts or ends with whitespace or punctuation"),
        (_doc(entities=[{"start": 0, "end": 14, "label": "PERSON"}]), "unknown label 'PERSON'"),
        (_doc(text="Ngày 20/3/2024, So\u031b\u0309 Tư pháp họp."), "not Unicode NFC"),
        (_doc(entities=[{"start": 0, "end": 14, "label": "DATE", "text": "Ngày 21/3/2024"}]), "does not match"),
        (json.dumps({"id": "x", "entities": []}), "missing string 'text'"),
    ],
)
def test_broken_file_is_rejected_with_line_and_reason(tmp_path, line, reason):
    path = _write(tmp_path, [_doc(id="ok"), line])
    report = validate_jsonl(path)
    assert not report.ok
    assert report.documents_rejected == 1
    assert any(str(i).startswith(f"{path}:2: ") and reason in str(i) for i in report.issues), [str(i) for i in report.issues]


def test_duplicate_ids_across_files(tmp_path):
    a = _write(tmp_path, [_doc()], "a.jsonl")
    _write(tmp_path, [_doc()], "b.jsonl")
    report = validate_jsonl(tmp_path)
    assert any("duplicate id 'd1'" in str(i) and str(a) in str(i) for i in report.issues)


def test_validate_command_exit_codes(tmp_path):
    good = _write(tmp_path, [_doc()], "good.jsonl")
    bad = _write(tmp_path, [_doc(entities=[{"start": 0, "end": 99, "label": "DATE"}])], "bad.jsonl")
    ok = subprocess.run([sys.executable, "-m", "training.validate", str(good)], capture_output=True, text=True)
    assert ok.returncode == 0 and "1 documents read, 0 rejected" in ok.stdout
    ko = subprocess.run([sys.executable, "-m", "training.validate", str(bad)], capture_output=True, text=True)
    assert ko.returncode == 1 and f"{bad}:1:" in ko.stdout


def test_empty_and_duplicate_documents_are_rejected(tmp_path):
    from cdsnlp.annotation import validate_jsonl

    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text('{"id": "1", "text": "Sở Nội vụ họp.", "entities": []}\n{"id": "2", "text": "  ", "entities": []}\n', encoding="utf-8")
    b.write_text('{"id": "3", "text": "Sở Nội vụ  họp.", "entities": []}\n', encoding="utf-8")
    report = validate_jsonl(a, b)
    assert [str(i) for i in report.issues] == [f"{a}:2: empty text", f"{b}:1: duplicate document: same text as {a}:1"]
    assert report.documents_rejected == 2
