"""The issue-15 experiment scripts: spaCy conversion and voting, span control."""

import json

from training.spacy_ner import convert, paired_bootstrap, vote
from training.span_control import controlled


class _Scores:
    def __init__(self, probs):
        self.probs = probs  # start offset -> marginal

    def marginals(self, start, end):
        return [self.probs[start]] if start in self.probs else []


def test_convert_keeps_entities_on_token_edges(tmp_path):
    text = "Sở Tài chính tỉnh Nam Định ban hành văn bản."
    src = tmp_path / "d.jsonl"
    src.write_text(json.dumps({"id": "x", "text": text, "entities": [
        {"start": 0, "end": 26, "label": "AGENCY", "text": text[:26]},
        {"start": 1, "end": 5, "label": "AGENCY", "text": text[1:5]},  # inside a syllable: left out
    ]}, ensure_ascii=False) + "\n", encoding="utf-8")
    kept, lost = convert(src, tmp_path / "d.spacy")
    assert (kept, lost) == (1, 1)
    import spacy
    from spacy.tokens import DocBin

    doc = next(DocBin().from_disk(tmp_path / "d.spacy").get_docs(spacy.blank("xx").vocab))
    assert doc.text == text
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [(0, 26, "AGENCY")]


def test_vote_modes():
    crf = [(0, 10, "AGENCY"), (20, 25, "ROLE"), (30, 40, "AGENCY")]
    sp = [(0, 6, "AGENCY"), (30, 40, "AGENCY"), (50, 55, "METRIC"), (60, 65, "AGENCY")]
    assert vote(crf, sp, "keep") == [(20, 25, "ROLE"), (30, 40, "AGENCY")]
    assert vote(crf, sp, "cut") == [(0, 6, "AGENCY"), (20, 25, "ROLE"), (30, 40, "AGENCY")]
    assert vote(crf, sp, "fill") == [*crf, (50, 55, "METRIC"), (60, 65, "AGENCY")]
    assert vote(crf, sp, "fill-agency") == [*crf, (60, 65, "AGENCY")]


def test_paired_bootstrap_of_equal_systems_is_zero():
    pairs = [[(3, 1, 0), (3, 1, 0)], [(2, 0, 1), (2, 0, 1)]]
    assert "= +0.0000, sd 0.0000" in paired_bootstrap(pairs, 50)


def test_marginal_cut_stops_a_runaway_agency():
    text = "UBND huyện triển khai kế hoạch"
    spans = [(0, len(text), "AGENCY")]
    low = _Scores({0: 0.99, 5: 0.99, 11: 0.4, 17: 0.9, 23: 0.9})
    cut = controlled(text, spans, low, lambda k, t, m: m is None or m >= 0.5, 3)
    assert cut == [(0, 10, "AGENCY")]
    high = _Scores({0: 0.99, 5: 0.99, 11: 0.9, 17: 0.9, 23: 0.9})
    assert controlled(text, spans, high, lambda k, t, m: m is None or m >= 0.5, 3) == spans


def test_boundary_words_learned_from_the_corpus(tmp_path):
    from training.boundary_words import learn

    text = "Sở Tài chính triển khai. Sở Nội vụ triển khai. UBND tỉnh triển khai. Ban Quản lý dự án họp."
    names = ["Sở Tài chính", "Sở Nội vụ", "UBND tỉnh", "Ban Quản lý dự án"]
    ents = [(text.index(n), text.index(n) + len(n)) for n in names]
    src = tmp_path / "t.jsonl"
    src.write_text(json.dumps({"id": "t", "text": text, "entities": [
        {"start": s, "end": e, "label": "AGENCY", "text": text[s:e]} for s, e in ents]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert learn(src, 3, 3.0) == ["triển"]
    assert learn(src, 4, 3.0) == []


def test_next_stop_feature_marks_the_word_before():
    from cdsnlp.tagger.features import FeatureConfig, FeatureExtractor

    words = ["UBND", "tỉnh", "chỉ", "đạo"]  # "chỉ" is in agency_next_words.txt
    on = FeatureExtractor(FeatureConfig(next_stop=True))(words)
    off = FeatureExtractor(FeatureConfig())(words)
    assert [b"1:stop" in f for f in on] == [False, True, False, False]
    assert not any(b"1:stop" in f for f in off)
