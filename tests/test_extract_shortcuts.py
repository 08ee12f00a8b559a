"""Shortcuts of the extract path give what the searches they replace give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cdsnlp import values
from cdsnlp.resources import load_json
from cdsnlp.rules import dates, legal_doc, metrics, protect
from cdsnlp.rules.base import _lead_class, digit_run_starts_after
from cdsnlp.tagger.features import FeatureConfig, _word_features, shape

_PATTERNS: dict[str, str] = load_json("agencies.json")["patterns"]


def _expand_by_loop(key: str) -> str | None:
    """The generic abbreviation of ``key`` as a loop over the abbreviations found it."""
    for abbr in sorted(_PATTERNS, key=len, reverse=True):
        if abbr.startswith("TP"):
            continue
        m = re.match(rf"{re.escape(abbr)}(?![^\W_])", key)
        if m:
            return _PATTERNS[abbr] + key[m.end() :]
    return None


_NAME_PIECES = [*_PATTERNS, "tỉnh", "Cao Bằng", "x", "1", "_", "&", "-", " ", "TP", "UBNDx", "Sở", "sở"]
names = st.lists(st.sampled_from(_NAME_PIECES), max_size=5).map("".join) | st.lists(st.sampled_from(_NAME_PIECES), max_size=5).map(" ".join)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(names)
def test_abbreviation_pattern_equals_the_loop(name):
    m = values._abbreviation_re().match(name)
    assert (_PATTERNS[m.group()] + name[m.end() :] if m else None) == _expand_by_loop(name)



def _lead_classes() -> set[str]:
    """The classes that the first digit of a digit-led rule pattern must not follow."""
    rules = [r for r, _ in dates._patterns()] + [r for r, _ in metrics._patterns()] + list(legal_doc._patterns()) + list(protect._patterns())
    return {c for r in rules if (c := _lead_class(r.pattern.pattern)) is not None}


_DIGIT_PIECES = ["1", "23", "٣", "a", "Đ", "_", "/", ".", ",", ":", "&", "%", "-", " ", "\n", "x1", "\U0001f600"]
digit_texts = st.lists(st.sampled_from(_DIGIT_PIECES), max_size=20).map("".join)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(digit_texts)
def test_digit_runs_after_equal_the_look_behind_scan(text):
    classes = _lead_classes()
    assert len(classes) >= 2
    for cls in classes:
        digit_run_starts_after.cache_clear()
        assert digit_run_starts_after(text, cls) == tuple(m.start() for m in re.finditer(rf"(?<!{cls})\d+", text))


def _shape_by_loop(word: str) -> str:
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            if len(out) == 8:
                break
            out.append(c)
    return "".join(out)


# cased and uncased letters (Lo, a title-case «ǅ»), digits of other scripts, marks, punctuation
words = st.text(alphabet="aAđĐưƯǅǆßẞﬀا中ー1٣²Ⅳ\u0301.-_&%/", min_size=1, max_size=8)


@settings(derandomize=True, max_examples=600, deadline=None)
@given(words)
def test_word_shortcuts_equal_the_per_character_tests(word):
    assert shape(word) == _shape_by_loop(word)
    own = _word_features(word, FeatureConfig())[0]
    assert (b"digit" in own) == any(c.isdigit() for c in word)
    assert (b"punct" in own) == (not any(c.isalnum() for c in word))
