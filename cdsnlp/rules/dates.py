"""DATE: calendar dates, times, months, quarters, half-years, years,
periods and durations, with ISO values.

Each pattern yields a *spec* (what was written); :func:`date_value` turns a
spec into the public value once the reference year is known, because a date
without a year takes it from ``ref_date`` or from the article's own date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

from ..numbers import parse_number
from ..resources import load_json
from .base import NOT_WORD_AFTER, Candidate, Rule, Zones, alternation, compile_inline, digit_start, find_matches, word_alt

PRIORITY = 20
Spec = dict[str, Any]

_DAYPART = r"(?:(?:sáng sớm|rạng sáng|sáng|trưa|chiều|tối|đêm|Sáng|Trưa|Chiều|Tối|Đêm|SÁNG|CHIỀU|TỐI)\s+(?:(?:ngày|hôm|nay)\s+)?)"
_DAYHEAD = r"(?:(?:ngày|Ngày|NGÀY|hôm|Hôm)\s+)"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:AM|PM|am|pm|SA|CH))?|\d{1,2}h\d{0,2}|\d{1,2}\s?giờ(?:\s?\d{1,2}(?:\s?phút)?)?"
_TIME_BEFORE = rf"(?<![\d:])(?P<time>{_TIME})\s*(?:,\s*)?(?:{_DAYPART}|{_DAYHEAD})?"
_TIME_AFTER = r"(?:\s*,?\s*(?:lúc\s+)?(?P<time2>\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:AM|PM))?|\d{1,2}h\d{2}))?"
_HEAD = rf"(?P<head>{_DAYPART}|{_DAYHEAD})"
_YEAR = r"(?:19|20|21)\d{2}"
_D = digit_start()  # a first digit not glued to a letter or digit before it


@cache
def _left_pattern() -> re.Pattern[str]:
    # what may precede a numeric date inside its span: a time, a day part, "ngày"
    return compile_inline(rf"(?<![\d:])(?:{_TIME_BEFORE}|{_HEAD})\Z")


def _extend_left(text: str, start: int) -> tuple[int, str | None, str | None]:
    """(new start, head word, time) for the head or time written just before a date."""
    window_start = max(0, start - 40)
    m = _left_pattern().search(text, window_start, start)
    if not m or (m.start() > 0 and (text[m.start() - 1].isalnum())):
        return start, None, None
    if m.group("head") and re.search(r"\d[^\S\n]*\Z", text[window_start : m.start()]):
        return start, None, None  # "2 ngày 20-21/5": that "ngày" closes a duration
    return m.start(), m.group("head"), m.group("time")


def _num(s: str) -> int | None:
    if s is None:
        return None
    spelled = load_json("dates.json")["spelled_numbers"]
    if s.lower() in spelled:
        return spelled[s.lower()]
    v = parse_number(s)
    return v if isinstance(v, int) else None


_CLOCK = re.compile(r"(\d{1,2})\s?(?::|h|giờ)\s?(\d{1,2})?")
_AFTERNOON = re.compile(r"PM|pm|CH|chiều|tối")


def _time(raw: str | None) -> str | None:
    if not raw:
        return None
    m = _CLOCK.match(raw)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if _AFTERNOON.search(raw) and hour < 12:  # "9 giờ tối" is 21:00
        hour += 12
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _valid_day(d: int | None, m: int | None) -> bool:
    return d is not None and m is not None and 1 <= d <= 31 and 1 <= m <= 12


@cache
def _cue_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(load_json('dates.json')['date_cues'])})\s*$")


def _cue_before(text: str, start: int) -> bool:
    return _cue_re().search(text[max(0, start - 25) : start]) is not None


# --- handlers: (match, text) -> spec or None ---------------------------------


def _day_month_year(m: re.Match[str], text: str) -> Spec | None:
    d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
    if not _valid_day(d, mo):
        return None
    start, _head, time = _extend_left(text, m.start())
    return {"kind": "day", "y": y, "m": mo, "d": d, "time": _time(time or m["time2"]), "_start": start}


def _day_before_range_end(m: re.Match[str], text: str) -> Spec | None:
    """"từ ngày 9 đến 11/7/2024": the first day takes its month and year from the second."""
    d, mo = int(m["d"]), int(m["m"])
    if not _valid_day(d, mo) or d >= int(m["d2"]):
        return None
    start, _head, time = _extend_left(text, m.start())
    return {"kind": "day", "y": int(m["y"]) if m["y"] else None, "m": mo, "d": d, "time": _time(time), "_start": start}


def _day_month(m: re.Match[str], text: str) -> Spec | None:
    d, mo = int(m["d"]), int(m["m"])
    if not _valid_day(d, mo):
        return None
    start, head, time = _extend_left(text, m.start())
    licensed = head or time or (m["sep"] == "/" and _cue_before(text, m.start()))
    if not licensed:
        return None
    return {"kind": "day", "y": None, "m": mo, "d": d, "time": _time(time), "_start": start}


def _day_range(m: re.Match[str], text: str) -> Spec | None:
    d1, d2, mo = int(m["d1"]), int(m["d2"]), int(m["m"])
    if not (_valid_day(d1, mo) and _valid_day(d2, mo)) or d2 <= d1:
        return None
    if m.start() > 0 and text[m.start() - 1] in ":hg":
        return None  # "14:02 - 22/08/2024": the minutes of a time stamp, then the date
    start, _head, _time = _extend_left(text, m.start())
    return {"kind": "day_range", "y": int(m["y"]) if m["y"] else None, "m": mo, "d1": d1, "d2": d2, "_start": start}


def _iso(m: re.Match[str], text: str) -> Spec | None:
    d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
    if not _valid_day(d, mo):
        return None
    return {"kind": "day", "y": y, "m": mo, "d": d, "time": _time(m["time2"])}


def _long_day(m: re.Match[str], text: str) -> Spec | None:
    d, mo = int(m["d"]), int(m["m"])
    if not _valid_day(d, mo):
        return None
    start, _head, time = _extend_left(text, m.start())
    return {"kind": "day", "y": int(m["y"]) if m["y"] else None, "m": mo, "d": d, "time": _time(time), "_start": start}


def _month(m: re.Match[str], text: str) -> Spec | None:
    mo = int(m["m"])
    if not 1 <= mo <= 12:
        return None
    y = m["y"] or m["y2"]
    return {"kind": "month", "y": int(y) if y else None, "m": mo}


def _quarter(m: re.Match[str], text: str) -> Spec | None:
    roman = load_json("dates.json")["roman"]
    q = roman.get(m["q"]) or int(m["q"])
    y = m["y"] or m["y2"]
    return {"kind": "quarter", "y": int(y) if y else None, "q": q}


def _months_part(m: re.Match[str], text: str) -> Spec | None:
    n = _num(m["n"])
    if n is None or not 1 <= n <= 12:
        return None
    return {"kind": "months", "y": int(m["y"]) if m["y"] else None, "n": n, "pos": m["pos"] or "đầu"}


def _half(m: re.Match[str], text: str) -> Spec | None:
    return {"kind": "months", "y": int(m["y"]) if m["y"] else None, "n": 6, "pos": m["pos"]}


def _years(m: re.Match[str], text: str) -> Spec | None:
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if m["y2"] else None
    if y2 is not None and y2 < 100:  # "2021-25"
        y2 += y1 - y1 % 100
    if y2 is not None and y2 < y1:
        return None
    return {"kind": "years", "y1": y1, "y2": y2}


def _year_part(m: re.Match[str], text: str) -> Spec | None:
    part = {"đầu": "start", "cuối": "end", "giữa": "middle"}[m["part"].lower()]
    return {"kind": "year_part", "y": int(m["y"]), "part": part}


def _duration(m: re.Match[str], text: str) -> Spec | None:
    n = _num(m["n"]) if "," not in m["n"] else parse_number(m["n"])
    if n is None or n <= 0:
        return None
    if m.groupdict().get("n2"):  # "1-2 ngày": a duration of at most the larger number
        high = _num(m["n2"])
        if high is None or high <= n:
            return None
        n = high
    units = load_json("dates.json")["duration_units"]
    return {"kind": "duration", "n": n, "unit": units[m["u"].lower()]}


def _clock(m: re.Match[str], text: str) -> Spec | None:
    t = _time(m["time"])
    if t is None:
        return None
    return {"kind": "time", "time": t}


@cache
def _patterns() -> tuple[tuple[Rule, Callable[[re.Match[str], str], Spec | None]], ...]:
    na = NOT_WORD_AFTER
    nam = word_alt(["năm"])
    tháng = r"(?:tháng|Tháng|THÁNG)"
    spelled_n = word_alt(["sáu", "chín", "ba"])
    period_or_year = word_alt([*load_json("dates.json")["period_heads"], "năm"])
    # spelled counts ("hai năm"); "năm" (five) is left out: it is also "year"
    spelled_all = word_alt([w for w in load_json("dates.json")["spelled_numbers"] if w != "năm"])
    # "6 tháng tới", "tháng này" are relative; "9 tháng qua", "2 năm trước" are
    # durations as the corpus annotates them («9 tháng» qua)
    not_relative = r"(?!\s+(?:\d|đầu|cuối|tới|nay|sau|này|đó))"
    # hours and minutes as durations ("72 giờ", "37 phút", "1 tiếng"), not a time of day ("2 giờ sáng", "14 giờ ngày 5/6")
    hour_of_day = rf"{_D}\d?\s+giờ\s+(?:sáng|trưa|chiều|tối|đêm){na}"  # "2 giờ sáng", "9 giờ tối"
    clock_units = r"(?:giờ|phút|tiếng|giây)(?!\s+(?:sáng|chiều|tối|trưa|đêm|ngày|\d))"
    # Every pattern starts with a literal or a digit (see base.word_alt), and a
    # pattern never starts with "digit or word" alternatives (two rows instead):
    # the regex engine can then skip to the possible first characters. Heads
    # and times written before a numeric date are added by _extend_left.
    # (pattern, handler, digit-led: every match starts at a run of digits)
    table: list[tuple[str, Callable[[re.Match[str], str], Spec | None], bool]] = [
        (rf"(?P<d>{_D}\d?)(?P<sep>[/.-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>{_YEAR}){_TIME_AFTER}(?![\d/])", _day_month_year, True),
        (rf"(?P<d>{_D}\d?)(?P<sep>[/.-])(?P<m>\d{{1,2}})(?![\d]|[/.,-]\d|\s?%)", _day_month, True),
        (rf"(?P<d1>{_D}\d?)\s?[-–]\s?(?P<d2>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>{_YEAR}))?(?![\d/])", _day_range, True),
        (r"(?P<y>[12](?<![\d/-][12])\d{3})-(?P<m>\d{2})-(?P<d>\d{2})(?:[ T](?P<time2>\d{2}:\d{2}(?::\d{2})?))?(?![\d])", _iso, True),
        # "từ ngày 9 đến (ngày) 11/7/2024": two DATE spans, the first a day of the second's month
        (rf"(?:{word_alt(['ngày'])})\s+(?P<d>\d{{1,2}})"
         rf"(?=\s+(?:đến|tới)\s+(?:ngày\s+)?(?P<d2>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>{_YEAR}))?(?![\d/]))", _day_before_range_end, False),
        (rf"(?:{word_alt(['ngày'])})\s+(?P<d>\d{{1,2}})\s+{tháng}\s+(?P<m>\d{{1,2}})(?:\s+(?:{nam})\s+(?P<y>{_YEAR}))?{na}", _long_day, False),
        (rf"(?:{word_alt(['tháng'])})\s+(?P<m>\d{{1,2}})(?:\s*/\s*(?P<y>{_YEAR})|\s+(?:{nam})\s+(?P<y2>{_YEAR}))?(?![\d/])", _month, False),
        (rf"(?:{word_alt(['quý'])})\s+(?P<q>IV|III|II|I|[1-4])(?:\s*/\s*(?P<y>{_YEAR})|\s+(?:{nam})\s+(?P<y2>{_YEAR}))?(?![\w/])", _quarter, False),
        (rf"(?P<n>{_D}\d?)\s+tháng\s+(?P<pos>đầu|cuối)\s+(?:{nam})(?:\s+(?P<y>{_YEAR}))?{na}", _months_part, True),
        (rf"(?P<n>{spelled_n})\s+tháng\s+(?P<pos>đầu|cuối)\s+(?:{nam})(?:\s+(?P<y>{_YEAR}))?{na}", _months_part, False),
        (rf"(?P<n>{_D}\d?)\s+tháng\s+(?:(?:{nam})\s+)?(?P<y>{_YEAR})(?P<pos>){na}", _months_part, True),
        (rf"(?:{word_alt(['nửa'])})\s+(?P<pos>đầu|cuối)\s+(?:{nam})(?:\s+(?P<y>{_YEAR}))?{na}", _half, False),
        (rf"(?:{period_or_year})\s+(?P<y1>{_YEAR})(?:\s*[-–]\s*(?P<y2>{_YEAR}|\d{{2}}))?(?![\d/])", _years, False),
        (rf"(?P<part>{word_alt(['đầu', 'cuối', 'giữa'])})\s+(?:năm|Năm|NĂM)\s+(?P<y>{_YEAR})(?![\d/])", _year_part, False),
        # "1-2 ngày", "4 - 6 tháng": a range of durations, read as its longer end
        (rf"(?P<n>{_D}\d*(?:,\d+)?)(?:\s?[-–]\s?(?P<n2>\d{{1,3}}))?\s+(?P<u>năm|tháng|tuần|ngày|quý){not_relative}(?!\s*/\s*\d){na}", _duration, True),
        (rf"(?P<n>{_D}\d*(?:,\d+)?)\s+(?P<u>{clock_units}){not_relative}(?!\s*/){na}", _duration, True),
        (rf"(?P<n>{spelled_all})\s+(?P<u>năm|tháng|tuần|ngày|quý){not_relative}(?!\s*/\s*\d){na}", _duration, False),
        (rf"(?P<time>{_D}\d?:\d{{2}}(?::\d{{2}})?(?:\s?(?:AM|PM))?|{_D}\d?h\d{{2}}|{_D}\d?\s?giờ\s?\d{{1,2}}(?:\s?phút)?"
         rf"|{hour_of_day})(?!\d|:\d)", _clock, True),
    ]
    return tuple((Rule(compile_inline(p), digit_led), h) for p, h, digit_led in table)


def _specs(
    patterns: Sequence[tuple[Rule, Callable[[re.Match[str], str], Spec | None]]], text: str, skip: Zones | None = None
) -> list[tuple[int, int, Spec]]:
    out = []
    for rule, handler in patterns:
        for m in find_matches(rule, text):
            if skip is not None and skip.overlaps(m.start(), m.start() + 1):
                continue  # its span would hold this protected character
            spec = handler(m, text)
            if spec is not None:
                out.append((spec.pop("_start", m.start()), m.end(), spec))
    return out


def find_date_specs(text: str, skip: Zones | None = None) -> list[tuple[int, int, Spec]]:
    """All date expressions in ``text`` as (start, end, spec), overlaps included;
    with ``skip``, not those that would start in or run over one of its zones
    at the match's first character (a left extension keeps that character)."""
    return _specs(_patterns(), text, skip)


# the handlers that can give a full day (day, month and year); no other gives a day with its year
_FULL_DAY_HANDLERS = (_day_month_year, _day_before_range_end, _iso, _long_day)


@cache
def _full_day_patterns() -> tuple[tuple[Rule, Callable[[re.Match[str], str], Spec | None]], ...]:
    return tuple((rule, h) for rule, h in _patterns() if h in _FULL_DAY_HANDLERS)


def find_full_day_specs(text: str) -> list[tuple[int, int, Spec]]:
    """The specs of :func:`find_date_specs` that can be a full day, in the same order, from
    only the rules that can give one (a third of them: the article's dateline needs no others)."""
    return _specs(_full_day_patterns(), text)


def find_dates(text: str, ref_year: int | None = None, skip: Zones | None = None) -> list[Candidate]:
    """DATE candidates with values; years missing from the text come from
    ``ref_year``. ``skip``: see :func:`find_date_specs`."""
    return [Candidate(s, e, "DATE", date_value(spec, ref_year), PRIORITY) for s, e, spec in find_date_specs(text, skip)]


def article_year(text: str, head_chars: int = 600) -> date | None:
    """The article's own date: the first full date near the top of the text."""
    best: tuple[int, date] | None = None
    for s, _e, spec in find_date_specs(text[:head_chars]):
        if spec["kind"] == "day" and spec.get("y"):
            try:
                d = date(spec["y"], spec["m"], spec["d"])
            except ValueError:
                continue
            if best is None or s < best[0]:
                best = (s, d)
    return best[1] if best else None


def _iso_day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_end(y: int, m: int) -> str:
    return date(y, m, calendar.monthrange(y, m)[1]).isoformat()


def date_value(spec: Spec, ref_year: int | None) -> dict[str, Any]:
    """The public value of a date spec (see README: DATE values)."""
    kind = spec["kind"]
    if kind == "duration":
        n, unit = spec["n"], spec["unit"]
        iso = {"Y": f"P{n}Y", "M": f"P{n}M", "W": f"P{n}W", "D": f"P{n}D", "Q": f"P{n * 3}M",
               "H": f"PT{n}H", "MIN": f"PT{n}M", "S": f"PT{n}S"}[unit]
        if isinstance(n, float):  # "nửa năm", "1,5 năm"
            iso = {"Y": f"P{round(n * 12)}M", "M": f"P{round(n * 30)}D"}.get(unit, iso)
        return {"start": None, "end": None, "granularity": "duration", "duration": iso}
    if kind == "time":
        return {"start": None, "end": None, "granularity": "time", "time": spec["time"]}
    if kind == "years":
        y1, y2 = spec["y1"], spec["y2"]
        if y2 is None:
            return {"start": f"{y1}-01-01", "end": f"{y1}-12-31", "granularity": "year"}
        return {"start": f"{y1}-01-01", "end": f"{y2}-12-31", "granularity": "range"}
    if kind == "year_part":
        y = spec["y"]
        return {"start": f"{y}-01-01", "end": f"{y}-12-31", "granularity": "year", "part": spec["part"]}
    y = spec.get("y") or ref_year
    value: dict[str, Any]
    if kind == "day":
        m, d = spec["m"], spec["d"]
        iso = _iso_day(y, m, d) if y else None
        value = {"start": iso, "end": iso, "granularity": "day"}
        if not iso:
            value.update(month=m, day=d)
        if spec.get("time"):
            value["time"] = spec["time"]
        return value
    if kind == "day_range":
        m, d1, d2 = spec["m"], spec["d1"], spec["d2"]
        if not y:
            return {"start": None, "end": None, "granularity": "range", "month": m, "days": [d1, d2]}
        return {"start": _iso_day(y, m, d1), "end": _iso_day(y, m, d2), "granularity": "range"}
    if kind == "month":
        m = spec["m"]
        if not y:
            return {"start": None, "end": None, "granularity": "month", "month": m}
        return {"start": f"{y}-{m:02d}-01", "end": _month_end(y, m), "granularity": "month"}
    if kind == "quarter":
        q = spec["q"]
        if not y:
            return {"start": None, "end": None, "granularity": "quarter", "quarter": q}
        first, last = 3 * q - 2, 3 * q
        return {"start": f"{y}-{first:02d}-01", "end": _month_end(y, last), "granularity": "quarter"}
    if kind == "months":
        n, pos = spec["n"], spec["pos"]
        gran = "half" if n == 6 else "range"
        first, last = (1, n) if pos == "đầu" else (13 - n, 12)
        if not y:
            return {"start": None, "end": None, "granularity": gran, "months": [first, last]}
        return {"start": f"{y}-{first:02d}-01", "end": _month_end(y, last), "granularity": gran}
    raise ValueError(f"unknown date spec {kind!r}")
