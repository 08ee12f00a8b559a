"""The article's own date: from its dateline or publication line only.

Accepted, near the top of the text (first eight lines):
- a publication line: «Cập nhật: 08:00 15/6/2023», «Ngày đăng: 22/5/2025»,
  «16:42 | 18/01/2024 | Lượt xem: 3.418», «Thứ Ba, 14/11/2023, 17:02 (GMT+7)»;
- a line that is only a date, time, weekday or place («2024-07-09 09:12:40»,
  «Vĩnh Phúc, ngày 15 tháng 3 năm 2024» under a letterhead);
- a dateline opening the lead (the first long line after the headline): «(10/02/2023) - ...», «Hà Nội (25/5/2024) - ...»,
  «Nha Trang, ngày 16/10/2024 - ...», «(Chinhphu.vn) - Ngày 18/1/2024, ...».
A date inside a sentence (a cited document's «ngày 3/2/2024», an event
date) is never the article's date; with no dateline the date is None.
"""

from __future__ import annotations

import re
from datetime import date

from ..rules.dates import find_full_day_specs
from ..textnorm import normalize

_HEAD_LINES = 8  # publication lines sit under the headline or a site's menu
_PUB_WORDS = re.compile(r"(?i)(?:đăng ngày|ngày đăng|đăng lúc|cập nhật|ngày cập nhật|xuất bản|ngày xuất bản|người viết|lượt xem|"
                        r"lượt đọc|lượt truy cập|in bài viết|gmt|\|)")
# what may stand beside the date on a dateline: times, weekdays, a place, punctuation
_FILLER_ALTS = (r"\b\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?\b|\(gmt\s*\+\s*7\)|\bthứ\s+(?:hai|ba|tư|năm|sáu|bảy)\b|\bchủ\s+nhật\b|"
                r"\bngày\b|\blúc\b|[|,\-–()\s:.]")
# a text made of filler only: whether ``re.sub(_FILLER_ALTS, "", s)`` leaves nothing, each match taken where the
# last one ended and kept (atomic, possessive), so that it fails at the first other character
# instead of rewriting the whole line
_ALL_FILLER = re.compile(rf"(?>{_FILLER_ALTS})*+", re.IGNORECASE)
_YEAR_DIGITS = re.compile(r"\d{4}")  # a full day has its year: a line without four digits in a row has none
_PLACE = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][^\W\d_]*\.?\s?){1,4}")
# a lead tag «(Chinhphu.vn) - » or «BKH - » before the date
_LEAD = re.compile(r"^(?:\([^()\n]{1,40}\)|[A-ZĐ]{2,6})\s*[-–]\s*")


def _day(spec: dict) -> date | None:
    if spec.get("kind") != "day" or not spec.get("y"):
        return None
    try:
        return date(spec["y"], spec["m"], spec["d"])
    except (ValueError, KeyError, TypeError):
        return None


def article_date(text: str) -> date | None:
    """The article's own date from its dateline or publication line, else None."""
    head = normalize(text[:3000]).text
    lines = [ln.strip() for ln in head.split("\n") if ln.strip()][:_HEAD_LINES]
    lead_line = next((k for k, ln in enumerate(lines) if k > 0 and len(ln) > 80), len(lines))
    for k, line in enumerate(lines):
        if not _YEAR_DIGITS.search(line):
            continue
        for start, end, spec in find_full_day_specs(line):  # only a full day is looked at below
            d = _day(spec)
            if d is None:
                continue
            before, after = line[:start], line[end:]
            if len(line) < 200 and _PUB_WORDS.search(line):
                return d
            if _ALL_FILLER.fullmatch(_PLACE.sub("", before) + after):
                return d
            if k > lead_line:
                break
            # a dateline opening the lead paragraph
            lead = _LEAD.sub("", before)
            if after.lstrip()[:1] in ("-", "–", ",", ")") and _ALL_FILLER.fullmatch(_PLACE.sub("", lead)):
                return d
            if _LEAD.match(before) and _ALL_FILLER.fullmatch(lead):
                return d
            break  # the first full date of a line decides that line
    return None
