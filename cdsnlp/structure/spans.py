"""Sentence and clause bounds shared by the linkers.

A full stop ends a sentence only when a space, a line end or the end of the
text follows it: «420.000», «TP.HCM» and «Số 12/2024.» inside a line are not
boundaries. With ``abbreviations=True`` (the event and assignment linkers)
neither is the dot of an abbreviation that takes one (``dotted_abbreviations.txt``:
«PGS.TS. Nguyễn Văn A», «TP. Thủ Dầu Một»); the other linkers keep the plain
rule their gold was read with.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

from ..resources import load_lines
from ..types import Entity


@lru_cache(maxsize=4)
def _ends(also: str, abbreviations: bool) -> re.Pattern[str]:
    """A full stop before a space or the end, a line end, and ``also``; with
    ``abbreviations`` an abbreviation before the dot is matched with it, and such a
    match is not a boundary."""
    if not abbreviations:
        return re.compile(rf"(?P<abbr>(?!))?\.(?=\s|$)|[\n{also}]")
    abbr = "|".join(sorted(map(re.escape, load_lines("dotted_abbreviations.txt")), key=len, reverse=True))
    return re.compile(rf"(?P<abbr>(?<![^\s.(])(?:{abbr}))?\.(?=\s|$)|[\n{also}]")


@lru_cache(maxsize=8)
def _boundaries(pattern: re.Pattern[str], text: str) -> tuple[int, ...]:
    """Where ``pattern`` ends a span in ``text`` (the last character of each match),
    found once per text: the linkers ask for bounds thousands of times."""
    return tuple(m.end() - 1 for m in pattern.finditer(text) if not m.group("abbr"))


def _bounds(pattern: re.Pattern[str], text: str, start: int, end: int) -> tuple[int, int]:
    cuts = _boundaries(pattern, text)
    k = bisect.bisect_left(cuts, start)  # boundaries before start
    left = cuts[k - 1] + 1 if k else 0
    if start and text[start - 1] == "." and left < start:
        left = start  # a full stop just before the span ends what comes before it
    k = bisect.bisect_left(cuts, end)
    return left, cuts[k] if k < len(cuts) else len(text)


def sentence_bounds(text: str, start: int, end: int | None = None, *, abbreviations: bool = False) -> tuple[int, int]:
    """[start, end) of the sentence holding text[start:end] (full stops and line ends)."""
    return _bounds(_ends("", abbreviations), text, start, start if end is None else end)


def clause_bounds(text: str, start: int, end: int | None = None, *, abbreviations: bool = False) -> tuple[int, int]:
    """[start, end) of the clause: a sentence cut also at semicolons."""
    return _bounds(_ends(";", abbreviations), text, start, start if end is None else end)


def starts_of(entities: Sequence[Entity]) -> list[int]:
    """The starts of ``entities`` (sorted by start), for :func:`within`."""
    return [e.start for e in entities]


def within(entities: Sequence[Entity], starts: list[int], s0: int, s1: int) -> Sequence[Entity]:
    """The entities inside [s0, s1), found by bisection on ``starts`` (the
    linkers ask this once per mention: a scan of all entities is quadratic)."""
    lo, hi = bisect.bisect_left(starts, s0), bisect.bisect_left(starts, s1)
    return [e for e in entities[lo:hi] if e.end <= s1]
