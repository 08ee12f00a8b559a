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
    # a verb or preposition after the noun phrase («cơ quan đại diện ở nước ngoài», «6 đơn vị còn lại phải ...»)
    "ở", "giữa", "phải", "cần", "bị", "mỗi", "dưới", "tham", "còn", "tăng", "giảm", "nộp", "triển", "thực", "hoàn",
}
_WORD = re.compile(r"[^\W\d_]+")
_RATE_SUBJECT = re.compile(r"(?:[Tt]ỷ lệ|[Ss]ố lượng|[Tt]ổng số|[Ss]ố)\s+((?:[^\W\d_]+\s+){0,9}?[^\W\d_]+)\s+"
                           r"(?:là|đạt|chiếm|ở mức|lên|tăng|giảm)(?:\s+(?:gần|khoảng|hơn|thêm))?\s*$")
_SUBJECT_WORDS = 8  # a noun phrase after a number: long enough for «cơ sở dữ liệu chuyên ngành», «tổ công nghệ số cộng đồng»
# «tăng 10%», «giảm gần 3 điểm», «cao hơn 5%», «thấp hơn», «vượt»: the metric is a change
_CHANGE = re.compile(r"(?i)(?<![^\W_])(tăng|giảm|cao hơn|thấp hơn|nhiều hơn|ít hơn|vượt|tăng thêm|giảm thêm)"
                     r"(?:[^\S\n]+(?:gần|hơn|khoảng|thêm|được|lên|xuống|còn|tới|đến|trên|chỉ))*[^\S\n]*$")
_UP = {"tăng", "cao hơn", "nhiều hơn", "vượt", "tăng thêm"}
# «so với (cùng kỳ) năm 2023»: the date after it is the comparison's baseline
_BASELINE_BEFORE = re.compile(r"(?i)(?<![^\W_])so\s+với(?:\s+(?:cùng\s+kỳ|thời\s+điểm|mức|kế\s+hoạch|đầu))?\s*$")


def _subject_after(text: str, end: int, limit: int) -> str | None:
    words: list[str] = []
    pos = end
    while len(words) < _SUBJECT_WORDS:
        m = re.match(r"[^\S\n]+([^\W\d_]+)", text[pos:limit])
        if not m or m.group(1).lower() in _STOP or not m.group(1).islower():
            break
        words.append(m.group(1))
        pos += m.end()
    return " ".join(words) or None


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(c, 0, start) for c in ".;\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".;\n") if i >= 0]
    return left, min(rights) if rights else len(text)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(c, 0, start) for c in ".\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".\n") if i >= 0]
    return left, min(rights) if rights else len(text)


def _date_value(d: Entity) -> dict[str, Any]:
    return {"text": d.text, **dict(d.value)}


def link_metrics(text: str, entities: Sequence[Entity]) -> list[Metric]:
    """Metrics with subject, period, and for a change its direction and baseline.

    «Năm 2024, tỷ lệ ... đạt 45%, tăng 10% so với năm 2023»: the 10% is a change
    (``change="up"``), its ``baseline`` is 2023 and its ``period`` 2024 (a date after
    «so với» is never a period)."""
    out = []
    dates = [d for d in entities if d.label == "DATE"]
    baselines = {id(d) for d in dates if _BASELINE_BEFORE.search(text[max(0, d.start - 30) : d.start])}
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
                m = _RATE_SUBJECT.search(text[c0 : e.start])
                subject = m.group(1) if m else None
        elif v.get("kind") == "index":
            subject = v.get("index")
        if subject is None and out and _CHANGE.search(text[max(0, e.start - 40) : e.start]):
            # «đạt 45%, tăng 10% ...»: a change of the figure just before it in the sentence
            prev = out[-1]
            if prev.subject and _sentence_bounds(text, prev.start, prev.end) == _sentence_bounds(text, e.start, e.end):
                subject = prev.subject
        c0, c1 = _clause_bounds(text, e.start, e.end)
        s0, s1 = _sentence_bounds(text, e.start, e.end)
        lo, hi = bisect.bisect_left(date_starts, s0), bisect.bisect_left(date_starts, s1)
        in_sentence = [d for d in dates[lo:hi] if d.end <= s1]
        periods = [d for d in in_sentence if id(d) not in baselines]
        in_clause = [d for d in periods if c0 <= d.start and d.end <= c1]
        # the clause's date; else one written before the metric in its sentence («Năm 2024, ..., tăng 10%»)
        pick = in_clause or [d for d in periods if d.end <= e.start]
        period = _date_value(min(pick, key=lambda d: abs(d.start - e.start))) if pick else None
        m = _CHANGE.search(text[max(s0, e.start - 40) : e.start])
        change = ("up" if m.group(1).lower() in _UP else "down") if m else None
        after = [d for d in in_sentence if id(d) in baselines and d.start >= e.end and c0 <= d.start <= c1]
        baseline = _date_value(after[0]) if change and after else None
        out.append(Metric(text=e.text, kind=v.get("kind"), value=v.get("value"), unit=v.get("unit"), subject=subject,
                          period=period, start=e.start, end=e.end, baseline=baseline, change=change))
    return out
