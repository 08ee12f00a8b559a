"""Zones where nothing is annotated: URLs, e-mail, phone numbers, street
addresses, attached file names (guideline, "Everywhere")."""

from __future__ import annotations

import re
from functools import cache

from .base import Rule, digit_start, find_matches, word_alt

_TLD = r"\.(?:gov\.vn|com\.vn|org\.vn|edu\.vn|net\.vn|vn|com|net|org)(?![\w])"
_FILE_EXT = r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|jpe?g|png)(?![\w])"


@cache
def _patterns() -> tuple[Rule, ...]:
    # One pattern per kind, each starting with a literal or a digit, so the
    # regex engine skips ahead to where it could match (an alternation of
    # kinds that start differently would be tried at every character).
    cues = word_alt(["Địa chỉ", "Điện thoại", "ĐT", "Đt", "Tel", "Fax", "Hotline", "Đường dây nóng", "Email", "E-mail",
                     "Tài liệu đính kèm", "File đính kèm", "Tệp đính kèm"], case_first=False)
    phone_cues = word_alt(["tổng đài", "đường dây nóng", "số điện thoại", "điện thoại", "hotline", "số máy"])
    # (pattern, digit-led: every match starts at a run of digits)
    parts = [
        (r"(?:https?://|www\.)\S+", False),
        # a line introduced by an address/contact/attachment cue, to its end
        (rf"(?:{cues})\s*:[^\n]*", False),
        # a number after a phone cue without a colon: "gọi tổng đài 1900 6868", "đường dây nóng 1022"
        (rf"(?:{phone_cues})[^\S\n]+\+?\d(?:[\d.]|[^\S\n](?=\d)){{1,18}}", False),
        # phone numbers, international and national forms
        (r"\+84\d{1,3}[\s.]?\d{3,4}[\s.]?\d{3,4}(?![\d])", False),
        (r"0(?<![\d.,/]0)\d{1,3}[\s.]?\d{3,4}[\s.]?\d{3,4}(?![\d])", True),
        # house numbers in street addresses: "số 209 Nguyễn Lương Bằng", "12 đường Trần Phú"
        (rf"(?:{word_alt(['số'])})\s+\d+[A-Z]?(?:/\d+)?\s+(?:đường\s+|phố\s+)?[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*", False),
        (digit_start() + r"\d*[A-Z]?(?:/\d+)?\s+(?:đường|phố)\s+[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*", True),
    ]
    return tuple(Rule(re.compile(p), digit_led) for p, digit_led in parts)


_TLD_RE = re.compile(_TLD)
_FILE_RE = re.compile(_FILE_EXT)
# bounded as in the tokenizer (local part 64, labels 63): an unbounded run
# tried again from every start is quadratic in its length
_EMAIL_RE = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# a domain or file name is never longer (a domain has at most 253 characters):
# the walk back from each ending stops there, or a run of «.vn.vn.vn...»
# would walk back over the whole run from every ending
_NAME_MAX = 255


_DOMAIN_CHARS = re.compile(r"[\w.-]*")  # what str.isalnum() accepts, "_", "." and "-"
_FILE_CHARS = re.compile(r"[^\s\"“”()]*")


def _back(text: str, end: int, allowed: re.Pattern[str]) -> int:
    """Walk left from ``end`` while characters match the class ``allowed``,
    at most _NAME_MAX (one regex match over the reversed window, not a Python
    step per character)."""
    lo = max(0, end - _NAME_MAX)
    m = allowed.match(text[lo:end][::-1])
    return end - (m.end() if m else 0)


def protected_zones(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that no rule may annotate."""
    zones = [(m.start(), m.end()) for rule in _patterns() for m in find_matches(rule, text)]
    if "@" in text:
        zones += [(m.start(), m.end()) for m in _EMAIL_RE.finditer(text)]
    # domains and file names: find the ending, then walk back over the name
    for m in _TLD_RE.finditer(text):
        start = _back(text, m.start(), _DOMAIN_CHARS)
        if start < m.start():
            zones.append((start, m.end()))
    for m in _FILE_RE.finditer(text):
        start = _back(text, m.start(), _FILE_CHARS)
        if start < m.start():
            zones.append((start, m.end()))
    zones.sort()
    return zones
