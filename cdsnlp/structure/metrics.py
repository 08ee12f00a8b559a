"""Metrics with what they count or measure and the period they refer to."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from ..types import Entity
from .records import Metric
from .spans import clause_bounds as _clause_bounds
from .spans import sentence_bounds as _sentence_bounds

# words that end the noun phrase after a number
_STOP = {
    "là", "của", "được", "đã", "đang", "sẽ", "và", "với", "trong", "tại", "so", "đạt", "trên", "cho", "từ", "đến", "tới", "theo",
    "thuộc", "có", "chiếm", "bằng", "gồm", "này", "đó", "khi", "nhưng", "hoặc", "về", "vào", "ra", "để", "như", "các", "những",
    # a verb or preposition after the noun phrase («cơ quan đại diện ở nước ngoài», «6 đơn vị còn lại phải ...»)
    "ở", "giữa", "phải", "cần", "bị", "mỗi", "dưới", "tham", "còn", "tăng", "giảm", "nộp", "triển", "thực", "hoàn",
    "trước", "chưa", "không", "mới", "vẫn", "đều", "cũng", "sau",
}
# a subject that only points back («tỷ lệ này») says nothing
_EMPTY_SUBJECTS = {"này", "đó", "trên", "ấy", "nói trên"}
# units that measure a change rather than name what is counted («cao hơn 0,3 điểm», «tăng 17 bậc»)
_MEASURE_UNITS = {"điểm", "bậc", "lần", "%", "điểm phần trăm"}
_MONEY = re.compile(r"(?i)đồng|usd|vnd|euro")
# «doanh thu thương mại điện tử của tỉnh X đạt 1.250 tỷ đồng»: the noun phrase before the verb
_SUBJECT_BEFORE = re.compile(r"^\s*((?:[^\W\d_]+\s+){0,7}?[^\W\d_]+)\s+(?:(?:của|tại|ở)\s+[^,;]{1,40}?\s+)?(?:đã\s+|ước\s+)?"
                             r"(?:đạt|là|lên tới|lên|chiếm)(?:\s+(?:khoảng|gần|hơn|trên|tới|mức))?\s*$")
_WORD = re.compile(r"[^\W\d_]+")
_RATE_SUBJECT = re.compile(r"(?:[Tt]ỷ lệ|[Ss]ố lượng|[Tt]ổng số|[Ss]ố)\s+((?:[^\W\d_]+\s+){0,9}?[^\W\d_]+)\s+"
                           r"(?:là|đạt|chiếm|ở mức|lên|tăng|giảm)(?:\s+(?:gần|khoảng|hơn|thêm))?\s*$")
_SUBJECT_WORDS = 8  # a noun phrase after a number: long enough for «cơ sở dữ liệu chuyên ngành», «tổ công nghệ số cộng đồng»
# «tăng 10%», «giảm gần 3 điểm», «cao hơn 5%», «thấp hơn», «vượt»: the metric is a change
_CHANGE = re.compile(r"(?i)(?<![^\W_])(tăng|giảm|cao hơn|thấp hơn|nhiều hơn|ít hơn|vượt|tăng thêm|giảm thêm)"
                     r"(?:[^\S\n]+(?:gần|hơn|khoảng|thêm|được|lên|xuống|còn|tới|đến|trên|chỉ))*[^\S\n]*$")
_UP = {"tăng", "cao hơn", "nhiều hơn", "vượt", "tăng thêm"}
# «so với (cùng kỳ) năm 2023»: the date after it is the comparison's baseline
_DEADLINE_BEFORE = re.compile(r"(?i)(?<![^\W_])(?:trước|chậm nhất)\s*(?:ngày|tháng|quý|năm)?\s*$")
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
    doc_ends = [x.end for x in entities if x.label == "LEGAL_DOC"]
    doc_dates = {id(d) for d in dates if any(0 <= d.start - x <= 8 and re.fullmatch(r"[\s,]*", text[x : d.start]) for x in doc_ends)}
    date_starts = [d.start for d in dates]
    for k, e in enumerate(entities):
        if e.label != "METRIC":
            continue
        v = e.value
        nxt_start = entities[k + 1].start if k + 1 < len(entities) else len(text)
        subject: str | None = None
        if v.get("kind") in ("count", "ratio", "percent", "range", "money"):
            unit = v.get("unit")
            money = bool(unit and _MONEY.search(unit))
            subject = unit if unit and unit != "%" and not money else _subject_after(text, e.end, nxt_start)
            c0, _ = _clause_bounds(text, e.start, e.end)
            if subject is None or money:
                m = _RATE_SUBJECT.search(text[c0 : e.start])  # «tỷ lệ X đạt 45%»: X
                seg = text[max(c0, text.rfind(",", 0, e.start) + 1) : e.start]
                mb = _SUBJECT_BEFORE.match(seg)  # «doanh thu X của tỉnh Y đạt 1.250 tỷ đồng»: doanh thu X
                if m:
                    subject = m.group(1)
                elif mb and mb.group(1)[:1].islower():
                    subject = mb.group(1)
                elif money:
                    subject = subject or unit
        elif v.get("kind") == "index":
            subject = v.get("index")
        if subject:  # «hồ sơ trực tuyến của tỉnh»: what is counted, not whose
            subject = re.split(r"\s+(?:của|tại|ở)\s+", subject)[0]
        if subject in _EMPTY_SUBJECTS:
            subject = None
        if (subject is None or subject in _MEASURE_UNITS) and out and _CHANGE.search(text[max(0, e.start - 40) : e.start]):
            # «đạt 45%, tăng 10% ...»: a change of the figure just before it in the sentence
            prev = out[-1]
            if prev.subject and _sentence_bounds(text, prev.start, prev.end) == _sentence_bounds(text, e.start, e.end):
                subject = prev.subject
        c0, c1 = _clause_bounds(text, e.start, e.end)
        s0, s1 = _sentence_bounds(text, e.start, e.end)
        lo, hi = bisect.bisect_left(date_starts, s0), bisect.bisect_left(date_starts, s1)
        in_sentence = [d for d in dates[lo:hi] if d.end <= s1]
        # not a baseline, a cited document's date («Quyết định số 06/QĐ-TTg ngày 6/1/2022») or a deadline («trước tháng 12»)
        periods = [d for d in in_sentence if id(d) not in baselines and id(d) not in doc_dates
                   and not _DEADLINE_BEFORE.search(text[max(0, d.start - 12) : d.start])]
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
