"""Corpus-wide annotation decisions applied when the corpus is built.

Writers of different batches resolved a few guideline gaps differently; the
decision recorded in data/ANNOTATION.md is applied here mechanically so the
whole corpus agrees:

- a time stamp whose time and date are separated by "|" or " - " is two DATE
  spans ("16:42 | 18/01/2024" -> «16:42» «18/01/2024»); without a separator
  it stays one («25/03/2024 15:28»);
- a weekday before a date stays outside the DATE («Thứ Năm,» 16/05/2024);
- the head word of a date belongs to it: "ngày «12/12/2023»" -> «ngày 12/12/2023»,
  "giai đoạn «2021-2025»" -> «giai đoạn 2021-2025» (guideline, DATE).
"""

from __future__ import annotations

import re
from typing import Any

_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s?(?:AM|PM))?"
_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
_SPLIT = re.compile(rf"^(?:(?P<a>{_TIME})(?P<sep>\s*[|–-]\s*)(?P<b>{_DATE})|(?P<c>{_DATE})(?P<sep2>\s*[|–-]\s*)(?P<d>{_TIME}))$")
_HEAD_BEFORE = re.compile(r"(?:\b|^)(ngày|Ngày|NGÀY|giai đoạn|Giai đoạn|nhiệm kỳ|Nhiệm kỳ)\s$")
_WEEKDAY = re.compile(r"^(?:Thứ (?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật|Chủ Nhật|THỨ \w+),?\s+")


def harmonize_entities(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for e in entities:
        if e["label"] != "DATE":
            out.append(e)
            continue
        s, t = e["start"], e["end"]
        frag = text[s:t]
        w = _WEEKDAY.match(frag)
        if w and w.end() < len(frag):
            s += w.end()
            frag = text[s:t]
        head = _HEAD_BEFORE.search(text[max(0, s - 12) : s])
        if head and frag[:1].isdigit() and not any(o is not e and o["start"] < s and s - len(head.group(0)) < o["end"] for o in entities):
            s -= len(head.group(0))  # the head word and the space after it
            frag = text[s:t]
        m = _SPLIT.match(frag)
        if m:
            first = m.group("a") or m.group("c")
            sep = m.group("sep") or m.group("sep2")
            second_start = s + len(first) + len(sep)
            out.append({**e, "start": s, "end": s + len(first), "text": first})
            out.append({**e, "start": second_start, "end": t, "text": text[second_start:t]})
            continue
        out.append({**e, "start": s, "end": t, "text": frag})
    return out
