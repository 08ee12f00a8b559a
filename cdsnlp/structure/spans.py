"""Sentence and clause bounds shared by the linkers.

A full stop ends a sentence only when a space, a line end or the end of the
text follows it: «420.000», «TP.HCM» and «Số 12/2024.» inside a line are not
boundaries.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"\.(?=\s|$)|\n")
_CLAUSE_END = re.compile(r"\.(?=\s|$)|[;\n]")


def _bounds(pattern: re.Pattern[str], text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in pattern.finditer(text, 0, start):
        left = m.end()
    m = pattern.search(text, end)
    return left, m.start() if m else len(text)


def sentence_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """[start, end) of the sentence holding text[start:end] (full stops and line ends)."""
    return _bounds(_SENTENCE_END, text, start, start if end is None else end)


def clause_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """[start, end) of the clause: a sentence cut also at semicolons."""
    return _bounds(_CLAUSE_END, text, start, start if end is None else end)
