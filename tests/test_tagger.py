"""The shipped CRF model and the training code."""

import hashlib
import json
import subprocess
import sys

import pytest
from conftest import ROOT

import cdsnlp
from cdsnlp.annotation import read_jsonl
from cdsnlp.model_store import default_model_dir
from cdsnlp.tagger.crf import CRFTagger, ModelLoadError
from cdsnlp.tagger.features import FeatureConfig
from cdsnlp.tagger.training import build_training_data, train_model

# Written for this test: names, bodies and the province pairing appear nowhere in the corpus.
UNSEEN = (
    "Chiều 14/11, tại trụ sở Sở Nội vụ tỉnh Tuyên Quang, đồng chí Ma Thị Thúy Hằng, Phó Chủ tịch UBND tỉnh, "
    "Trưởng Ban Chỉ đạo cải cách hành chính tỉnh chủ trì hội nghị. Dự hội nghị có ông Chẩu Văn Lìn, "
    "Giám đốc Trung tâm Công nghệ thông tin và Truyền thông tỉnh, cùng đại diện Cục Thuế tỉnh Tuyên Quang. "
    "Bà Ma Thị Thúy Hằng yêu cầu Sở Nội vụ hoàn thành số hóa 100% hồ sơ trong quý I/2025."
)


def test_shipped_model_is_installed_and_loads():
    path = default_model_dir()
    assert path is not None and (path / "model.crfsuite").is_file()
    tagger = CRFTagger.load(path)
    meta = json.loads((path / "config.json").read_text(encoding="utf-8"))
    assert set(meta["labels"]) >= {"O", "B-OFFICIAL", "B-ROLE", "B-AGENCY"}
    assert tagger.explain(top=5)["transitions"]


def test_model_finds_people_roles_and_agencies_in_unseen_text():
    ents = {(e.label, e.text) for e in cdsnlp.extract(UNSEEN)}
    assert ("OFFICIAL", "Ma Thị Thúy Hằng") in ents
    assert ("OFFICIAL", "Chẩu Văn Lìn") in ents
    assert ("ROLE", "Phó Chủ tịch") in ents
    assert ("ROLE", "Giám đốc") in ents
    assert ("AGENCY", "Sở Nội vụ tỉnh Tuyên Quang") in ents
    assert ("AGENCY", "UBND tỉnh") in ents
    assert ("DATE", "quý I/2025") in ents and ("METRIC", "100%") in ents
    for e in cdsnlp.extract(UNSEEN):
        assert UNSEEN[e.start : e.end] == e.text
        assert e.source in {"rules", "tagger"}


def test_tagger_values_for_name_labels():
    found = [e for e in cdsnlp.extract(UNSEEN) if e.label in {"OFFICIAL", "AGENCY"}]
    hang = [dict(e.value) for e in found if e.text == "Ma Thị Thúy Hằng"]
    assert [v["name"] for v in hang] == ["Ma Thị Thúy Hằng", "Ma Thị Thúy Hằng"]
    assert [[h.lower() for h in v["honorifics"]] for v in hang] == [["đồng chí"], ["bà"]]
    assert next(dict(e.value) for e in found if e.text == "UBND tỉnh")["name"] == "Ủy ban nhân dân tỉnh"


def test_rules_only_extractor_finds_no_names():
    ex = cdsnlp.Extractor(model=None)
    labels = {e.label for e in ex.extract(UNSEEN)}
    assert labels <= {"DATE", "METRIC", "LEGAL_DOC"}


def test_missing_model_directory_is_a_clear_error(tmp_path):
    with pytest.raises((ModelLoadError, FileNotFoundError), match=r"not a (cdsnlp )?model directory"):
        cdsnlp.Extractor(model=tmp_path)


def _small_docs():
    return list(read_jsonl(ROOT / "data" / "corpus" / "validation.jsonl"))[:12]


def test_training_is_deterministic_and_the_model_tags(tmp_path):
    data = build_training_data(_small_docs(), FeatureConfig())
    digests = []
    for k in range(2):
        out = train_model(data, tmp_path / f"m{k}", FeatureConfig(), c1=0.05, c2=0.01, max_iterations=30)
        digests.append(hashlib.sha256((out / "model.crfsuite").read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    ex = cdsnlp.Extractor(model=tmp_path / "m0")
    doc = _small_docs()[0]
    got = {(e.start, e.end, e.label) for e in ex.extract(doc["text"])}
    gold = {(e["start"], e["end"], e["label"]) for e in doc["entities"]}
    assert len(got & gold) / len(gold) > 0.8  # a model trained on this document recalls most of it


def test_train_command_writes_model_and_metrics(tmp_path):
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in _small_docs()[:6]), encoding="utf-8")
    dev = tmp_path / "dev.jsonl"
    dev.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in _small_docs()[6:9]), encoding="utf-8")
    test = tmp_path / "test.jsonl"
    test.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in _small_docs()[9:12]), encoding="utf-8")
    out = tmp_path / "model"
    res = subprocess.run(
        [sys.executable, "-m", "cdsnlp.cli", "train", "--train", str(train), "--dev", str(dev), "--test", str(test),
         "--search", "0", "--max-iterations", "20", "--out", str(out)],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    )
    assert "trained in" in res.stdout
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert 0.0 <= metrics["scores"]["test"]["micro"]["f1"] <= 1.0
    assert (out / "config.json").is_file() and (out / "model.crfsuite").is_file()


def test_feature_selection_takes_the_cheapest_within_one_standard_error(monkeypatch):
    from cdsnlp.tagger import training

    # cross-validated F1 per configuration, as the search would report it
    scores = {True: (0.9700, 0.0010), False: (0.9692, 0.0005)}  # keyed by lower_shapes

    def fake_search(data, **options):
        config_full = any(f == b"sh=x" for seq in data.X for tok in seq for f in tok)
        f1, se = scores[config_full]
        return {"c1": 0.1, "c2": 0.01, "cv_f1": f1, "cv_f1_se": se, "candidates": []}

    monkeypatch.setattr(training, "search_c1_c2", fake_search)
    docs = _small_docs()[:3]
    candidates = {"full": FeatureConfig(), "nolow": FeatureConfig(lower_shapes=False)}
    chosen = training.select_features(docs, candidates)
    assert chosen["chosen"] == "nolow"  # 0.9692 >= 0.9700 - 0.0010, and fewer features
    by_name = {r["name"]: r for r in chosen["results"]}
    assert by_name["nolow"]["features_per_token"] < by_name["full"]["features_per_token"]
    scores[False] = (0.9689, 0.0005)  # now more than one standard error below the best
    assert training.select_features(docs, candidates)["chosen"] == "full"


def test_repeated_short_sentences_are_tagged_once_with_the_same_tags_and_scores(monkeypatch):
    from cdsnlp.pipeline import default_extractor
    from cdsnlp.rules import find_rule_entities
    from cdsnlp.tagger import crf
    from cdsnlp.tokenizer import tokenize

    # menu lines and table rows come back many times in a scraped page
    lines = ["Trang chủ", "Sở Tư pháp | 45/52", "Ông Lê Văn Hùng phát biểu.", "TP. Hà Nội", "Tin liên quan"]
    text = "\n".join(lines[i % 5] + ("" if i % 7 else " Giám đốc Sở Nội vụ") for i in range(60))
    tagger = default_extractor().tagger
    tokens = tokenize(text)
    rules = [(c.start, c.end, c.label) for c in find_rule_entities(text, None)]
    with_memo: list = []
    tags = tagger.tags(text, tokens, rules, with_memo)
    monkeypatch.setattr(crf, "_REPEAT_MAX_TOKENS", 0)  # every sentence tagged on its own
    without: list = []
    assert tagger.tags(text, tokens, rules, without) == tags
    assert with_memo == without and any(t != "O" for t in tags)
