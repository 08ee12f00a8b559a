"""The date of an official document: the place-and-date line of its
letterhead («Lai Châu, ngày 12 tháng 3 năm 2024»), which is the document's
own date, unlike the dates of the documents it cites («Căn cứ ... ngày ...»)."""

from __future__ import annotations

import re

_PLACE_DATE = re.compile(r"^[^\W\d_][^\n,;:]{1,40},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b", re.M | re.I)
_HEAD = 1500  # the letterhead is at the top: never read a cited date further down


def letterhead_date(text: str) -> str | None:
    """ISO date of the letterhead's place-and-date line, if the top of ``text`` has one."""
    m = _PLACE_DATE.search(text[:_HEAD])
    if not m:
        return None
    d, mo, y = (int(g) for g in m.groups())
    if 1 <= d <= 31 and 1 <= mo <= 12 and 1945 <= y <= 2100:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None
