"""Windowed tagging, the zone index and the linear merge give exactly the
results of the straightforward computations they replace."""

from __future__ import annotations

import random
from itertools import pairwise

from conftest import ROOT

from cdsnlp.annotation import read_jsonl
from cdsnlp.annotation.iob import iob_to_spans
from cdsnlp.merge import merge
from cdsnlp.pipeline import default_extractor
from cdsnlp.rules import find_rule_entities
from cdsnlp.rules.base import Zones, overlaps
from cdsnlp.rules.protect import protected_zones
from cdsnlp.streaming import tag_in_windows, window_bounds
from cdsnlp.textnorm import normalize
from cdsnlp.tokenizer import tokenize


def _long_text(n_docs: int = 12) -> str:
    docs = [d["text"] for d in read_jsonl(ROOT / "data" / "corpus" / "test.jsonl")][:n_docs]
    return normalize("\n\n".join(docs)).text


def test_windows_tag_like_the_whole_document():
    text = _long_text()
    rules = [(c.start, c.end, c.label) for c in find_rule_entities(text, None)]
    tagger = default_extractor().tagger
    whole = tagger.tag(text, tokenize(text), rules)
    bounds = list(window_bounds(text, rules, 400))
    assert len(bounds) > 20
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in pairwise(bounds))
    assert not any(s < b < e for _, b in bounds for s, e, _ in rules)  # no rule entity is cut
    assert tag_in_windows(tagger, text, rules, 400) == whole


class _EverythingOneSpan:
    """A tagger that tags every token I-AGENCY: one span over the whole text."""

    class config:
        underthesea = False

    def tags(self, text, tokens, rule_spans):
        return ["I-AGENCY"] * len(tokens)

    def tag(self, text, tokens, rule_spans):
        return iob_to_spans(tokens, self.tags(text, tokens, rule_spans))


def test_a_span_open_at_a_window_end_goes_on():
    text = "Ông Nguyễn Văn An phát biểu tại hội nghị.\n" * 40
    tagger = _EverythingOneSpan()
    assert len(list(window_bounds(text, [], 100))) > 5
    assert tag_in_windows(tagger, text, [], 100) == tagger.tag(text, tokenize(text), []) == [(0, len(text) - 1, "AGENCY")]


def test_zone_index_answers_like_a_scan():
    rng = random.Random(7)
    for _ in range(500):
        zones = [(a, a + rng.randint(0, 8)) for a in (rng.randint(0, 50) for _ in range(rng.randint(0, 6)))]
        index = Zones(zones)
        for _ in range(20):
            s = rng.randint(0, 60)
            e = s + rng.randint(1, 10)
            assert index.overlaps(s, e) == overlaps(s, e, zones)


def _merge_by_insertion(text, rules, tagged, zones):
    """The former merge: one insertion into the chosen list per kept span."""
    import bisect

    from cdsnlp.merge import NAME_LABELS, prepare_tagger_spans, trim

    chosen = sorted((c.start, c.end, c.label, c) for c in rules)
    ends = [x[1] for x in chosen]
    index = Zones(zones)
    for s0, e0, label in sorted(prepare_tagger_spans(text, tagged, rules), key=lambda x: (x[2] not in NAME_LABELS, x[0])):
        s, e = trim(text, s0, e0)
        if s >= e or index.overlaps(s, e):
            continue
        k = bisect.bisect_right(ends, s)
        hits = []
        while k < len(chosen) and chosen[k][0] < e:
            hits.append(k)
            k += 1
        if hits:
            if label == "AGENCY" and all(chosen[k][0] >= s and chosen[k][1] <= e and chosen[k][2] in ("METRIC", "DATE", "LEGAL_DOC") for k in hits):
                del chosen[hits[0] : hits[-1] + 1]
                del ends[hits[0] : hits[-1] + 1]
            else:
                continue
        k = bisect.bisect_left(ends, e)
        chosen.insert(k, (s, e, label, None))
        ends.insert(k, e)
    return chosen


def test_linear_merge_equals_insertion_merge():
    text = _long_text(8)
    zones = protected_zones(text)
    rules = find_rule_entities(text, None, zones)
    tagged = default_extractor().tagger.tag(text, tokenize(text), [(c.start, c.end, c.label) for c in rules])
    assert merge(text, rules, tagged, zones) == _merge_by_insertion(text, rules, tagged, zones)
