"""`cdsnlp train` that cannot quietly go wrong: tiny data, --search 0, temp dirs
(never models/), run as a subprocess from a folder outside the repository."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from cdsnlp.annotation import read_jsonl
from cdsnlp.annotation.doccano import to_doccano
from cdsnlp.annotation.labelstudio import to_label_studio

FIX = ROOT / "tests" / "fixtures" / "annotation"
FAST = ["--search", "0", "--max-iterations", "15"]


def _docs(a, b):
    return [{"id": d["id"], "text": d["text"], "entities": d["entities"]} for d in list(read_jsonl(ROOT / "data" / "corpus" / "validation.jsonl"))[a:b]]


def _jsonl(path, docs):
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def _train(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "cdsnlp.cli", "train", *FAST, *map(str, args)], capture_output=True, text=True, cwd=tmp_path)


def test_train_on_tool_exports_and_evaluate_every_split(tmp_path):
    (tmp_path / "ls.json").write_text(to_label_studio(_docs(0, 6)), encoding="utf-8")
    (tmp_path / "dev.jsonl").write_text(to_doccano(_docs(6, 9)), encoding="utf-8")
    _jsonl(tmp_path / "test.jsonl", _docs(9, 12))
    res = _train(tmp_path, "--train", "ls.json", "--dev", "dev.jsonl", "--test", "test.jsonl", "--out", "m")
    assert res.returncode == 0, res.stderr
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["scores"]) == {"validation", "test"}
    assert metrics["scores"]["test"]["micro"]["support"] == sum(len(d["entities"]) for d in _docs(9, 12))
    assert not list(tmp_path.glob(".m.*"))  # no temporary folder left behind


def test_no_eval_data_is_said_in_metrics(tmp_path):
    _jsonl(tmp_path / "t.jsonl", _docs(0, 6))
    res = _train(tmp_path, "--train", "t.jsonl", "--out", "m")
    assert res.returncode == 0, res.stderr
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["scores"] == {} and "nothing to score" in metrics["not_evaluated"]


def test_refuses_invalid_input_unless_skip_invalid(tmp_path):
    _jsonl(tmp_path / "t.jsonl", _docs(0, 6))
    src = FIX / "labelstudio_export.json"
    res = _train(tmp_path, "--train", "t.jsonl", src, "--out", "m")
    assert res.returncode == 2 and not (tmp_path / "m").exists()
    assert "refusing to train: 1 documents with errors" in res.stderr
    assert f"{src}:190: a span of this document was rejected on import" in res.stderr
    res = _train(tmp_path, "--train", "t.jsonl", src, "--out", "m", "--skip-invalid")
    assert res.returncode == 0, res.stderr
    assert f"skipped {src}:190: a span of this document was rejected" in res.stdout
    assert "task 102: all 1 annotations cancelled" in res.stdout  # skipped tasks are listed too
    assert "1 documents left out" in res.stdout


def test_same_document_in_train_and_test_is_an_error(tmp_path):
    _jsonl(tmp_path / "t.jsonl", _docs(0, 6))
    _jsonl(tmp_path / "test.jsonl", _docs(5, 8))
    res = _train(tmp_path, "--train", "t.jsonl", "--test", "test.jsonl", "--out", "m")
    assert res.returncode == 2 and "duplicate document: same text as" in res.stderr and "(train vs test)" in res.stderr


def test_unknown_labels_rejected_before_training_and_mapping_fixes_them(tmp_path):
    res = _train(tmp_path, "--train", FIX / "doccano_other_labels.jsonl", "--out", "m")
    assert res.returncode == 2 and "unknown labels: DOC=1, LOC=1, ORG=2, PER=3, TITLE=1" in res.stdout
    assert "refusing to train: 3 documents with errors" in res.stderr
    res = _train(tmp_path, "--from", "doccano", "--train", FIX / "doccano_other_labels.jsonl", "--labels", FIX / "label_map.json", "--out", "m")
    assert res.returncode == 2 and "unknown labels: LOC=1" in res.stdout and "refusing to train: 1 documents with errors" in res.stderr
    res = _train(tmp_path, "--train", FIX / "doccano_other_labels.jsonl", "--labels", FIX / "label_map.json", "--skip-invalid", "--out", "m")
    assert res.returncode == 0, res.stderr
    assert json.loads((tmp_path / "m" / "config.json").read_text(encoding="utf-8"))["documents"] == 2


def test_zero_entities_and_rare_labels(tmp_path):
    _jsonl(tmp_path / "empty.jsonl", [{"id": "a", "text": "Cuộc họp kết thúc.", "entities": []}])
    res = _train(tmp_path, "--train", "empty.jsonl", "--out", "m")
    assert res.returncode == 2 and "hold no entities: nothing to learn" in res.stderr and not (tmp_path / "m").exists()
    res = _train(tmp_path, "--train", FIX / "doccano_relations.jsonl", "--out", "m", "--min-examples", "5")
    assert res.returncode == 0, res.stderr
    assert "warning: only 2 OFFICIAL examples" in res.stdout and "warning: no DATE examples" in res.stdout


def test_mistyped_paths_are_errors(tmp_path):
    _jsonl(tmp_path / "t.jsonl", _docs(0, 6))
    for opt in ("--dev", "--test", "--train", "--seeds"):
        res = _train(tmp_path, "--train", "t.jsonl", opt, "nope.jsonl", "--out", "m")
        assert res.returncode == 2 and "nope.jsonl: no such file" in res.stderr, opt


def test_failed_training_leaves_the_previous_model(tmp_path, monkeypatch):
    from cdsnlp_training import train as T

    out = tmp_path / "m"
    out.mkdir()
    (out / "model.crfsuite").write_text("the good model", encoding="utf-8")
    _jsonl(tmp_path / "t.jsonl", _docs(0, 6))

    def boom(*a, **k):
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C during the fit

    monkeypatch.setattr(T, "train_model", boom)
    with pytest.raises(KeyboardInterrupt):
        T.main(["--train", str(tmp_path / "t.jsonl"), *FAST, "--out", str(out)])
    assert (out / "model.crfsuite").read_text(encoding="utf-8") == "the good model"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m", "t.jsonl"]
    monkeypatch.undo()
    assert T.main(["--train", str(tmp_path / "t.jsonl"), *FAST, "--out", str(out)]) == 0
    assert (out / "model.crfsuite").read_bytes() != b"the good model" and (out / "config.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m", "t.jsonl"]
