"""Zones where nothing is annotated: URLs, e-mail, phone numbers, street
addresses, attached file names (guideline, "Everywhere")."""

from __future__ import annotations

import re
from functools import cache

_ZONE_PATTERNS = [
    r"(?:https?://|www\.)\S+",
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    r"[\w-]+(?:\.[\w-]+)*\.(?:gov\.vn|com\.vn|org\.vn|edu\.vn|net\.vn|vn|com|net|org)(?![\w])",
    # a line introduced by an address/contact/attachment cue, to its end
    r"(?:Địa chỉ|Điện thoại|ĐT|Đt|Tel|Fax|Hotline|Đường dây nóng|Email|E-mail|Tài liệu đính kèm|File đính kèm|Tệp đính kèm)\s*:[^\n]*",
    # phone numbers
    r"(?<![\d.,/])(?:\+84|0)\d{1,3}[\s.]?\d{3,4}[\s.]?\d{3,4}(?![\d])",
    # house numbers in street addresses: "số 209 Nguyễn Lương Bằng", "12 đường Trần Phú"
    r"\b[Ss]ố\s+\d+[A-Z]?(?:/\d+)?\s+(?:đường\s+|phố\s+)?[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*",
    r"\b\d+[A-Z]?(?:/\d+)?\s+(?:đường|phố)\s+[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*",
    r"[^\s\"“”()]+\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|jpe?g|png)(?![\w])",
]


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _ZONE_PATTERNS))


def protected_zones(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that no rule may annotate."""
    return [(m.start(), m.end()) for m in _pattern().finditer(text)]
