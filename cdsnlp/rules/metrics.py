"""METRIC: counts, percentages, ratios, ranges, money, ranks and named
indices, with numeric values under Vietnamese number rules.

The vocabulary (scale words, currencies, units, indices, the words after
which a number is an ordinal or part of a name) is in ``resources/metrics.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from ..numbers import clean, parse_number
from ..resources import load_json
from ..textnorm import is_syllable, strip_end
from .base import NOT_WORD_AFTER, Candidate, Rule, Zones, alternation, compile_inline, digit_start, ends_with, find_matches, word_alt, words_before

PRIORITY = 10
# a number not glued to a code, date, time, word or another number; the
# boundary is checked after the first digit (see base.word_alt)
_NUM = digit_start(r"[\w/.,:&%-]") + r"\d*(?:\.\d{3})*(?:,\d+)?"
_NA = r"(?![\w/%]|[.,:-]\d)"
_CURRENCY_CANON = {"đồng": "VND", "vnđ": "VND", "vnd": "VND", "usd": "USD", "đô la mỹ": "USD", "đô la": "USD", "eur": "EUR", "euro": "EUR"}

Handler = Callable[[re.Match[str], str], "dict[str, Any] | None"]


def _n(s: str) -> float | int | None:
    """The number written ``s`` (every pattern's number parses), or None when
    it is too long to be a figure (see numbers.MAX_DIGITS): the span is kept
    with a null value."""
    return parse_number(s)


def _scale(word: str | None) -> float:
    return load_json("metrics.json")["scale"][word.lower()] if word else 1


def _scaled(s: str, word: str | None) -> float | int | None:
    v = _n(s)
    return None if v is None else clean(v * _scale(word))


def _index(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return {"kind": "index", "value": None, "unit": None, "index": m["idx"].upper(), "year": int(m["y"]) if m["y"] else None}


@cache
def _rank_cue_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(load_json('metrics.json')['rank_cues'])})[^.;\n]{{0,30}}$")


def _rank_cue(text: str, start: int) -> bool:
    return _rank_cue_re().search(text[max(0, start - 40) : start]) is not None


@cache
def _rank_adjective_re() -> re.Pattern[str]:
    return words_before(load_json("metrics.json")["rank_adjectives"], r"\s+")


@cache
def _ordinal_noun_re() -> re.Pattern[str]:
    return words_before(load_json("metrics.json")["ordinal_nouns"], r"\s+")


def _rank(m: re.Match[str], text: str) -> dict[str, Any] | None:
    whole = int(m["w"]) if m["w"] else None
    # "năm thứ tư liên tiếp", "đợt thứ hai": the ordinal of a year or an event, even near "giữ vị trí"
    if ends_with(_ordinal_noun_re(), text, m.start(), 12):
        return None
    # "lớn thứ ba", "cao thứ hai": a superlative ranks; "phiên họp thứ 2", "lần thứ ba" are ordinals of events
    if whole is None and not _rank_cue(text, m.start()) and not ends_with(_rank_adjective_re(), text, m.start(), 12):
        return None
    if m["sp"]:
        value = load_json("metrics.json")["spelled_ordinals"][m["sp"].lower()]
    else:
        value = int(m["n"])
    return {"kind": "rank", "value": value, "unit": None, "whole": whole}


def _top(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return {"kind": "rank", "value": int(m["n"]), "unit": None, "top": True}


def _range(m: re.Match[str], text: str) -> dict[str, Any] | None:
    low, high = _n(m["a"]), _n(m["b"])
    if low is not None and high is not None and high < low:
        return None
    value: dict[str, Any] = {"kind": "range", "value": None, "unit": m["pc"], "low": clean(low), "high": clean(high)}
    if m["of"]:
        value["of"] = m["of"]
    return value


def _money_range(m: re.Match[str], text: str) -> dict[str, Any] | None:
    low, high = _n(m["a"]) * _scale(m["sc"]), _n(m["b"]) * _scale(m["sc"])
    if high < low:
        return None
    return {"kind": "range", "value": None, "unit": _CURRENCY_CANON.get(m["cur"].lower(), m["cur"]), "low": clean(low), "high": clean(high)}


def _percent(m: re.Match[str], text: str) -> dict[str, Any] | None:
    value: dict[str, Any] = {"kind": "percent", "value": clean(_n(m["a"])), "unit": m["pc"]}
    if m["of"]:
        value["of"] = m["of"]
    return value


def _money(m: re.Match[str], text: str) -> dict[str, Any] | None:
    cur = m["cur"]
    value: dict[str, Any] = {
        "kind": "money",
        "value": _scaled(m["a"], m["sc"]),
        "unit": _CURRENCY_CANON.get(cur.lower(), cur),
    }
    if m["per"]:
        value["per"] = m["per"]
    return value


def _ratio(m: re.Match[str], text: str) -> dict[str, Any] | None:
    part, whole = _n(m["a"]), _n(m["b"])
    if part is None or whole is None:
        return {"kind": "ratio", "value": None, "unit": m["u"], "part": clean(part), "whole": clean(whole)}
    if not whole or part > whole:
        return None  # "18/5" is not a part of a whole
    kind = "rank" if _rank_cue(text, m.start()) else "ratio"
    if kind == "rank":
        return {"kind": "rank", "value": clean(part), "unit": m["u"], "whole": clean(whole)}
    return {"kind": "ratio", "value": round(part / whole, 4), "unit": m["u"], "part": clean(part), "whole": clean(whole)}


def _spelled(m: re.Match[str], text: str) -> dict[str, Any] | None:
    """A spelled number before a count noun ("năm nhóm giải pháp", "sáu sở"): the number alone."""
    if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
        return None  # inside a word ("Cuba")
    before = strip_end(text, m.start())  # the last character before it that is not white space
    if m["sp"][:1].isupper() and text[before - 1 : before] not in ("", ".", ":", ";", "!", "?", "\n", "“", '"', "(", "-", "–"):
        return None  # inside a name ("huyện Tháp Mười")
    if ends_with(_spelled_not_after_re(), text, m.start(), 14):
        return None  # "lần thứ ba", "giải ba", "kỳ họp thứ mười hai"
    if m["sp"].lower() == "năm" and ends_with(_year_word_re(), text, m.start(), 8):
        return None  # "cuối năm nghị quyết ...": the DATE «cuối năm», not five
    value = load_json("metrics.json")["spelled_cardinals"][" ".join(m["sp"].lower().split())]
    return {"kind": "count", "value": value, "unit": None}


@cache
def _year_word_re() -> re.Pattern[str]:
    return words_before(load_json("metrics.json")["year_words_before_nam"], r"\s+")


@cache
def _spelled_not_after_re() -> re.Pattern[str]:
    return words_before(load_json("metrics.json")["spelled_cardinals_not_after"], r"\s+")


def _measure(m: re.Match[str], text: str) -> dict[str, Any] | None:
    value: dict[str, Any] = {"kind": "count", "value": _scaled(m["a"], m["sc"]), "unit": m["u"]}
    if m["per"]:
        value["per"] = m["per"]
    return value


_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_YEAR = re.compile(r"(?:19[4-9]\d|20\d\d|2100)")


def _count(m: re.Match[str], text: str) -> dict[str, Any] | None:
    raw = m["a"]
    if "." in raw and not _GROUPED.fullmatch(raw):
        return None  # "2.0", "4.0": versions, not numbers
    if _YEAR.fullmatch(raw) and not m["sc"]:
        return None  # a bare year is a DATE only with its head word
    if _blocked_before(text, m.start()):
        return None
    return {"kind": "count", "value": _scaled(raw, m["sc"]), "unit": m["u"] or None}


@cache
def _not_after_re() -> re.Pattern[str]:
    return words_before(load_json("metrics.json")["not_after"], case_first=False)


# the last word of a window, capitalised, then white space, read on the
# reversed window (one anchored match, see base.words_before); the word is
# whole: at the window's start or after white space or "("
_CAPITALISED_BEFORE = re.compile(r"\s+([^\W\d_]*[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])(?=[\s(]|\Z)")


def _blocked_before(text: str, start: int) -> bool:
    """A number after these words is an ordinal, a level, or part of a name."""
    if ends_with(_not_after_re(), text, start, 30):
        return True
    # part of a name: "Văn phòng 1719", "Quân khu 7" (capitalised word, not sentence-initial)
    before = text[max(0, start - 30) : start]
    m = _CAPITALISED_BEFORE.match(before[::-1])
    if m:
        prefix = before[: len(before) - m.end(1)].rstrip()
        sentence_start = prefix == "" or prefix[-1] in ".:;!?\n" or prefix.endswith("–")
        if not sentence_start and not m.group(1).isupper():
            return True
    # list numbering: "1." / "2)" at the start of a line, "(1)" anywhere ("gồm: (1) ...; (2) ...")
    # (only the characters just before the number are looked at: finding the
    # line's start would scan a text without line breaks again for each number)
    i = start
    while i > 0 and text[i - 1] in " \t(":
        i -= 1
    if (i == 0 or text[i - 1] == "\n") and re.match(r"\d{1,2}[.)]\s", text[start : start + 4]):
        return True
    if start > 0 and text[start - 1] == "(" and re.match(r"\d{1,2}\)[^\S\n]*[^\W\d_]", text[start : start + 8]):
        return True
    return False


@cache
def _patterns() -> tuple[tuple[Rule, Handler], ...]:
    data = load_json("metrics.json")
    scale = alternation(list(data["scale"]), case_first=False)
    cur = alternation(data["currency"], case_first=False)
    units = alternation(data["units"], case_first=False)
    rate = alternation(data["rate_units"], case_first=False)
    ords = alternation(list(data["spelled_ordinals"]), case_first=False)
    upper = r"[A-ZĐ][A-ZĐ0-9&]{1,}(?:-[A-ZĐ]+)?"
    idx_alt = word_alt(data["indices"], case_first=False)
    cardinals = word_alt(list(data["spelled_cardinals"]))
    count_nouns = alternation(data["count_nouns"], case_first=False)
    freq = alternation(data["frequency_nouns"], case_first=False)
    per = rf"(?:{rate})(?:/(?:{rate}))?"  # "đồng/kg", "đồng/ha/vụ"
    # "40 điểm cầu": the unit word starts a compound noun, so only the count is kept
    not_unit = alternation(data["unit_compounds"], case_first=False)
    # (pattern, handler, digit-led: every match starts at a run of digits)
    table: list[tuple[str, Handler, bool]] = [
        (rf"(?P<idx>{idx_alt})(?:\s+(?P<y>(?:19|20)\d{{2}}))?{NOT_WORD_AFTER}", _index, False),
        (rf"(?:{word_alt(['thứ'])})\s+(?:(?P<n>\d{{1,3}})(?:\s*/\s*(?P<w>\d{{1,3}}))?|(?P<sp>{ords})){NOT_WORD_AFTER}", _rank, False),
        (rf"(?:{word_alt(['top'])})\s+(?P<n>\d{{1,3}}){NOT_WORD_AFTER}", _top, False),
        # "4‰" is a rate per thousand, written like a percent;
        # "12 - 13% GRDP", "100% TTHC": the abbreviation of what the percentage is of stays in
        (rf"(?P<a>{_NUM})\s?[%‰]?\s?[-–]\s?(?P<b>\d+(?:\.\d{{3}})*(?:,\d+)?)\s?(?P<pc>[%‰])(?:\s(?P<of>{upper}){NOT_WORD_AFTER})?", _range, True),
        (rf"(?P<a>{_NUM})\s?(?P<pc>[%‰])(?:\s(?P<of>{upper}){NOT_WORD_AFTER})?", _percent, True),
        (rf"(?P<a>{_NUM})(?:\s(?P<sc>{scale}))?\s(?P<cur>{cur})(?:/(?P<per>{per}))?{NOT_WORD_AFTER}", _money, True),
        # "15 - 20 tỷ đồng": a range of money
        (rf"(?P<a>{_NUM})\s?[-–]\s?(?P<b>\d+(?:\.\d{{3}})*(?:,\d+)?)(?:\s(?P<sc>{scale}))?\s(?P<cur>{cur}){NOT_WORD_AFTER}", _money_range, True),
        # "91,2/100 điểm": a score out of a total keeps its unit
        (rf"(?P<a>{_NUM})\s?/\s?(?P<b>\d+(?:\.\d{{3}})*(?:,\d+)?)\s(?!(?:{not_unit}){NOT_WORD_AFTER})(?P<u>{units}){NOT_WORD_AFTER}", _ratio, True),
        (rf"(?P<a>{_NUM})\s?/\s?(?P<b>\d+(?:\.\d{{3}})*(?:,\d+)?)(?:\s(?P<u>{upper}))?{_NA}", _ratio, True),
        (rf"(?P<a>{_NUM})(?:\s(?P<sc>{scale}))?\s(?!(?:{not_unit}){NOT_WORD_AFTER})(?P<u>{units})(?:/(?P<per>{per}))?{NOT_WORD_AFTER}", _measure, True),
        # "2 kỳ/tháng", "9.400 hồ sơ/ngày": a count per time unit is a rate, kept whole
        (rf"(?P<a>{_NUM})(?:\s(?P<sc>{scale}))?\s(?P<u>{freq})/(?P<per>{rate}){NOT_WORD_AFTER}", _measure, True),
        (rf"(?P<a>{_NUM})(?:\s(?P<sc>{scale}))?(?:\s(?P<u>{upper}))?{_NA}", _count, True),
        (rf"(?P<sp>{cardinals})(?=\s+(?:{count_nouns}){NOT_WORD_AFTER})", _spelled, False),
    ]
    return tuple((Rule(compile_inline(p), digit_led), h) for p, h, digit_led in table)


def find_metrics(text: str, skip: Zones | None = None) -> list[Candidate]:
    """METRIC candidates in ``text`` (overlapping ones included); with
    ``skip``, not those whose first character is in one of its zones."""
    out = []
    for rule, handler in _patterns():
        unit = next((g for g in ("u", "of") if g in rule.pattern.groupindex), None)
        for m in find_matches(rule, text):
            if skip is not None and skip.overlaps(m.start(), m.start() + 1):
                continue
            value = handler(m, text)
            if value is not None:
                end = m.end()
                word = m[unit] if unit else None
                if word and (_counted_kind(word, text, m.end(unit)) or _heading_word(word, text, m.start(), m.end(unit))):
                    # "18/18 TAND cấp huyện": the number counts a kind of body;
                    # "ĐẠT 120 TRONG NĂM": a heading's word, not an abbreviation
                    end = m.start(unit) - 1
                    value = {k: v for k, v in value.items() if k != "of"} | ({"unit": None} if unit == "u" else {})
                out.append(Candidate(m.start(), end, "METRIC", value, PRIORITY))
    return out


_WORD_BEFORE = re.compile(r"[^\W\d_]+(?=[^\S\n]*$)")
_WORD_AFTER = re.compile(r"[^\S\n]+([^\W\d_]+)")


def _heading_word(word: str, text: str, start: int, end: int) -> bool:
    """Whether the upper-case word after a number is a word of a heading in
    capitals («ĐẠT 120 TRONG NĂM»), not the abbreviation of what is counted:
    it reads as one Vietnamese syllable («TRONG», unlike «TTHC», «GDP»,
    «UBND») and a word in capitals stands next to the figure."""
    if not is_syllable(word):
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end)
    neighbours = (before[0] if before else "", after[1] if after else "")
    return any(len(w) > 1 and w.isupper() for w in neighbours)


@cache
def _body_abbreviations() -> frozenset[str]:
    return frozenset(load_json("agency_abbreviations.json")["bodies"])


_LEVEL_AFTER = re.compile(r"[^\S\n]+(?:cấp|tỉnh|huyện|xã|phường|quận|thị xã|thành phố|TP|các)(?![^\W_])")


def _counted_kind(unit: str, text: str, end: int) -> bool:
    """An agency abbreviation after a count, followed by a level word, names a
    kind of body ("63 KBNN tỉnh", "18/18 TAND cấp huyện"), not a unit."""
    return unit in _body_abbreviations() and _LEVEL_AFTER.match(text, end) is not None
