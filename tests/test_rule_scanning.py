"""Digit-led rule patterns are tried only where a run of digits starts; that
must find exactly what scanning the whole text finds."""

import json
from pathlib import Path

import pytest

from cdsnlp.rules import dates, legal_doc, metrics, protect
from cdsnlp.rules.base import Rule, digit_run_starts, find_matches
from cdsnlp.textnorm import normalize

ROOT = Path(__file__).resolve().parent.parent
TRICKY = (
    "Số 12/2023/NĐ-CP ngày 3/4, 13-NQ/TU, 8,3 - 8,5%, 33,3%; 1.234 tỷ đồng/năm; x12 3a 2024-05-06 10:30; "
    "09h15, số 209 Nguyễn Lương Bằng, 12 đường Trần Phú, 0912 345 678, +84 912 345 678, ٣ ngày, 1/2 TTHC."
)


def _rules() -> list[Rule]:
    return (
        [r for r, _ in dates._patterns()]
        + [r for r, _ in metrics._patterns()]
        + list(legal_doc._patterns())
        + list(protect._patterns())
    )


def _texts() -> list[str]:
    lines = (ROOT / "data" / "corpus" / "test.jsonl").read_text(encoding="utf-8").splitlines()
    return [TRICKY] + [normalize(json.loads(line)["text"]).text for line in lines[:20]]


@pytest.mark.parametrize("k", range(len(_rules())))
def test_find_matches_equals_a_full_scan(k):
    rule = _rules()[k]
    for text in _texts():
        got = [(m.start(), m.end()) for m in find_matches(rule, text)]
        assert got == [(m.start(), m.end()) for m in rule.pattern.finditer(text)]


def test_digit_led_rules_are_flagged():
    assert sum(r.digit_led for r in _rules()) >= 15


def test_digit_run_starts():
    assert digit_run_starts("a1 22,333 b") == (1, 3, 6)
    assert digit_run_starts("") == ()


def test_word_trie_scan_finds_what_the_look_behind_pattern_finds():
    """merge.py's gazetteers use word_trie + finditer_words/match_word (cheaper
    to compile); the matches must be those of word_alt's per-form look-behind."""
    import re

    from cdsnlp.rules.base import NOT_WORD_AFTER, finditer_words, match_word, word_alt, word_trie

    forms = ["Sở Tư pháp", "Sở Tư", "Ban Chỉ đạo", "Ban Chỉ đạo tỉnh", "UBND", "UBND tỉnh", "Sở LĐ-TB&XH", "Tư pháp"]
    old = re.compile(word_alt(forms, case_first=False) + NOT_WORD_AFTER)
    new = re.compile(word_trie(forms) + NOT_WORD_AFTER)
    texts = [
        "XSở Tư pháp, aUBND tỉnh và Sở Tư pháp; Ban Chỉ đạo tỉnhX Ban Chỉ đạo tỉnh. 3UBND UBND",
        "Sở Tư pháp Sở Tư phápX Sở LĐ-TB&XH tỉnh, ĐSở LĐ-TB&XH",
        *_texts()[:20],
    ]
    for text in texts:
        assert [m.span() for m in finditer_words(new, text)] == [m.span() for m in old.finditer(text)]
        for i in range(min(len(text), 300)):
            a, b = match_word(new, text, i), old.match(text, i)
            assert (a and a.span()) == (b and b.span())
