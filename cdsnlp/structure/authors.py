"""Bylines: the journalist who wrote the article is an OFFICIAL span by the
guideline, but in the records an author, not an official with no role.

An official is an author when the reader found the name in the page's byline
metadata, or when, with no role, its mention makes up the article's last line
(«Minh Anh», «Bài, ảnh: Minh Anh», «Minh Anh (TTXVN)»), or follows a photo
credit's «Ảnh:».
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..textnorm import collapse_spaces
from .records import Document

# what may stand around a name on a byline line
_BYLINE_REST = re.compile(r"^[\s\W]*(?:(?:bài|ảnh|bài và ảnh|bài, ảnh|tin|tin, ảnh|theo|tác giả|pv|phóng viên)\s*[:,]?\s*)*$|^\s*\([^()]{1,40}\)[\s.]*$", re.I)


# what stands beside a name on a byline line is short («Bài, ảnh:», «(TTXVN)»);
# a longer stretch is not a byline, and is not handed to the pattern above,
# whose alternatives overlap («bài, ảnh» or «bài», «ảnh»): bounded input keeps
# its backtracking small
_BYLINE_MAX = 80

_PHOTO_CREDIT = re.compile(r"\bảnh\s*:\s*$", re.I)


def _key(name: str) -> str:
    return collapse_spaces(name).casefold()


def mark_authors(doc: Document, authors: Iterable[str] = ()) -> Document:
    """Mark the officials of ``doc`` that are the article's authors (in place)."""
    named = {_key(a) for a in authors if a and a.strip()}
    text = doc.text
    tail = text.rstrip()
    last_line_start = tail.rfind("\n") + 1
    for person in doc.officials:
        if person.roles:
            continue
        if _key(person.name) in named:
            person.kind = "author"
            continue
        for start, end in person.mentions:
            if _PHOTO_CREDIT.search(text[max(0, start - 12) : start]):
                person.kind = "author"
                break
            if start >= last_line_start and end <= len(tail) and start - last_line_start <= _BYLINE_MAX and len(tail) - end <= _BYLINE_MAX:
                before, after = text[last_line_start:start], tail[end:]
                if _BYLINE_REST.match(before) and (not after.strip() or _BYLINE_REST.match(after)):
                    person.kind = "author"
                    break
    return doc
