"""Using a trained model everywhere: one resolution rule, --model, $CDSNLP_MODEL,
cdsnlp models, evaluate --pred on extract's output, saved spaCy pipelines."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

import cdsnlp
from cdsnlp.model_store import ModelNotFoundError, default_model_dir, resolve_model

TEXT = "Sáng 12/5, Phó Chủ tịch UBND tỉnh Trần Văn Bình chủ trì hội nghị triển khai Kế hoạch số 45/KH-UBND."


def _cli(*args, env=None, cwd=None, **kw):
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "cdsnlp.cli", *map(str, args)], capture_output=True, text=True, env=full, cwd=cwd, **kw)


def test_resolve_model_rules(tmp_path, monkeypatch):
    monkeypatch.delenv("CDSNLP_MODEL", raising=False)
    shipped = default_model_dir()
    assert resolve_model("default") == shipped == resolve_model("shipped") == resolve_model(shipped.name)
    assert resolve_model(None) is None and resolve_model("none") is None
    copy = tmp_path / "mine"
    shutil.copytree(shipped, copy)
    assert resolve_model(str(copy)) == copy
    monkeypatch.setenv("CDSNLP_MODEL", str(copy))
    assert resolve_model("default") == copy and resolve_model("shipped") == shipped
    monkeypatch.setenv("CDSNLP_MODEL", str(tmp_path / "typo"))
    with pytest.raises(ModelNotFoundError, match=r"\$CDSNLP_MODEL: .*typo: no such model directory \(installed models: "):
        resolve_model("default")
    with pytest.raises(ModelNotFoundError, match="not a model directory"):
        resolve_model(tmp_path)


def test_analyze_and_extractor_take_a_model():
    labels = {e.label for e in cdsnlp.analyze(TEXT, model=None).entities}
    assert "OFFICIAL" not in labels and "LEGAL_DOC" in labels  # rules only
    assert "OFFICIAL" in {e.label for e in cdsnlp.analyze(TEXT, model=str(default_model_dir())).entities}


def test_extract_model_option_and_environment(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    with_model = _cli("extract", "a.txt", cwd=tmp_path)
    rules = _cli("extract", "a.txt", "--model", "none", cwd=tmp_path)
    env_rules = _cli("extract", "a.txt", env={"CDSNLP_MODEL": "none"}, cwd=tmp_path)
    assert '"OFFICIAL"' in with_model.stdout and '"OFFICIAL"' not in rules.stdout
    assert rules.stdout == env_rules.stdout
    bad = _cli("extract", "a.txt", "--model", "nowhere", cwd=tmp_path)
    assert bad.returncode == 2 and "nowhere: no such model directory" in bad.stderr and "Traceback" not in bad.stderr


def test_models_command_lists_card_figures(tmp_path):
    res = _cli("models", "--json", env={"CDSNLP_MODEL": ""})
    cards = json.loads(res.stdout)
    shipped = next(c for c in cards if c["shipped_default"])
    metrics = json.loads((default_model_dir() / "metrics.json").read_text(encoding="utf-8"))
    assert shipped["f1"]["test"] == metrics["scores"]["test"]["micro"]["f1"] and shipped["documents"] > 0
    copy = tmp_path / "mine"
    shutil.copytree(default_model_dir(), copy)
    res = _cli("models", env={"CDSNLP_MODEL": str(copy)})
    assert "* mine" in res.stdout and str(copy) in res.stdout


def test_evaluate_pred_reads_what_extract_writes(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(line + "\n" for line in (ROOT / "data" / "corpus" / "test.jsonl").read_text(encoding="utf-8").splitlines()[:2]), encoding="utf-8")
    assert _cli("extract", gold, "-o", tmp_path / "pred.jsonl").returncode == 0
    assert _cli("evaluate", gold, "--json", tmp_path / "direct.json").returncode == 0
    via = _cli("evaluate", gold, "--pred", tmp_path / "pred.jsonl", "--json", tmp_path / "via.json")
    assert via.returncode == 0 and "warning" not in via.stderr
    a = json.loads((tmp_path / "direct.json").read_text())
    b = json.loads((tmp_path / "via.json").read_text())
    assert a["micro"] == b["micro"] and b["micro"]["f1"] > 0.9
    # a prediction file whose ids match nothing is an error, not an F1 of 0
    (tmp_path / "other.jsonl").write_text(json.dumps({"id": "x", "text": "a", "entities": []}) + "\n", encoding="utf-8")
    res = _cli("evaluate", gold, "--pred", tmp_path / "other.jsonl")
    assert res.returncode == 2 and "no id of" in res.stderr


def test_saved_spacy_pipeline_loads_without_the_original_model_folder(tmp_path):
    import spacy

    copy = tmp_path / "model-copy"
    shutil.copytree(default_model_dir(), copy)
    nlp = cdsnlp.load(str(copy))
    before = [(e.start_char, e.end_char, e.label_) for e in nlp(TEXT).ents]
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(copy)  # as on another machine
    again = spacy.load(tmp_path / "pipeline")
    assert [(e.start_char, e.end_char, e.label_) for e in again(TEXT).ents] == before
    assert any(label == "OFFICIAL" for *_, label in before)
