"""Metrics with what they count or measure and the period they refer to."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from ..types import Entity
from .records import Metric

# words that end the noun phrase after a number
_STOP = {
    "là", "của", "được", "đã", "đang", "sẽ", "và", "với", "trong", "tại", "so", "đạt", "trên", "cho", "từ", "đến", "tới", "theo",
    "thuộc", "có", "chiếm", "bằng", "gồm", "này", "đó", "khi", "nhưng", "hoặc", "về", "vào", "ra", "để", "như", "các", "những",
}
_WORD = re.compile(r"[^\W\d_]+")
_SUBJECT_WORD = re.compile(r"[^\S\n]+([^\W\d_]+)")
# A clause is looked for at most this far on each side of a metric: a text
# without a full stop, semicolon or line break (a table flattened into one
# line, «1 - 1 - 1 ...») would otherwise make every metric scan the whole
# text, quadratic in its length. Real clauses are far shorter.
CLAUSE_WINDOW = 400
_RATE_WINDOW = 160  # «Tỷ lệ <up to 7 words> đạt» before a metric
_RATE_SUBJECT = re.compile(r"(?:[Tt]ỷ lệ|[Ss]ố lượng|[Tt]ổng số|[Ss]ố)\s+((?:[^\W\d_]+\s+){0,6}?[^\W\d_]+)\s+(?:là|đạt|chiếm|ở mức|lên)\s*$")


def _subject_after(text: str, end: int, limit: int) -> str | None:
    words: list[str] = []
    pos = end
    while len(words) < 5:
        m = _SUBJECT_WORD.match(text, pos, limit)
        if not m or m.group(1).lower() in _STOP or not m.group(1).islower():
            break
        words.append(m.group(1))
        pos = m.end()
    return " ".join(words) or None


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): from after the last «.», «;» or line
    break before it to the first one after it, within CLAUSE_WINDOW characters."""
    lo, hi = max(0, start - CLAUSE_WINDOW), min(len(text), end + CLAUSE_WINDOW)
    left = max(lo - 1, *(text.rfind(c, lo, start) for c in ".;\n")) + 1
    rights = [i for i in (text.find(c, end, hi) for c in ".;\n") if i >= 0]
    return left, min(rights) if rights else hi


def link_metrics(text: str, entities: Sequence[Entity]) -> list[Metric]:
    out = []
    dates = [d for d in entities if d.label == "DATE"]
    date_starts = [d.start for d in dates]
    for k, e in enumerate(entities):
        if e.label != "METRIC":
            continue
        v = e.value
        nxt_start = entities[k + 1].start if k + 1 < len(entities) else len(text)
        subject: str | None = None
        if v.get("kind") in ("count", "ratio", "percent", "range"):
            unit = v.get("unit")
            subject = unit if unit and unit not in ("%",) else _subject_after(text, e.end, nxt_start)
            if subject is None:
                c0, _ = _clause_bounds(text, e.start, e.end)
                # the phrase ends at the metric and is a few words long: only its tail is searched
                m = _RATE_SUBJECT.search(text[max(c0, e.start - _RATE_WINDOW) : e.start])
                subject = m.group(1) if m else None
        elif v.get("kind") == "index":
            subject = v.get("index")
        c0, c1 = _clause_bounds(text, e.start, e.end)
        lo, hi = bisect.bisect_left(date_starts, c0), bisect.bisect_left(date_starts, c1)
        in_clause = [d for d in dates[lo:hi] if d.end <= c1]
        period: dict[str, Any] | None = None
        if in_clause:
            nearest = min(in_clause, key=lambda d: abs(d.start - e.start))
            period = {"text": nearest.text, **dict(nearest.value)}
        out.append(Metric(text=e.text, kind=v.get("kind"), value=v.get("value"), unit=v.get("unit"), subject=subject,
                          period=period, start=e.start, end=e.end))
    return out
