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

# every place a span may end: a full stop before white space or the end, a line end, a semicolon
# (``\.(?=\s|$)|[\n;]`` written to start with its three characters: the regex engine then skips
# to the next of them instead of trying the pattern at every position)
_MARKS = re.compile(r"[.\n;](?:(?<=\.)(?=\s|$)|(?<=[\n;]))")


@lru_cache(maxsize=2)
def _marks(text: str) -> tuple[int, ...]:
    """The index of every mark of :data:`_MARKS` in ``text``: one scan per text, shared by
    the four kinds of bounds below (each linker asks for them thousands of times)."""
    return tuple([m.start() for m in _MARKS.finditer(text)])


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[frozenset[str], tuple[int, ...], frozenset[str]]:
    """The dotted abbreviations (all letters), their lengths, longest first, and their last letters."""
    words = frozenset(load_lines("dotted_abbreviations.txt"))
    return words, tuple(sorted({len(w) for w in words}, reverse=True)), frozenset(w[-1] for w in words)


def _after_abbreviation(text: str, dot: int) -> bool:
    """Whether an abbreviation that takes a dot («TS», «TP») ends at ``dot``, starting the
    text or after a space, a dot or a bracket («PGS.TS.», «(TP.»)."""
    words, lengths, last = _abbreviations()
    if not dot or text[dot - 1] not in last:  # most full stops end a word that is none of them
        return False
    for n in lengths:
        a = dot - n
        if a >= 0 and text[a:dot] in words and (a == 0 or text[a - 1].isspace() or text[a - 1] in ".("):
            return True
    return False


@lru_cache(maxsize=2)
def _marks_past_abbreviations(text: str) -> tuple[int, ...]:
    """:func:`_marks` without the dot of an abbreviation (for both kinds of bounds that skip them)."""
    return tuple([i for i in _marks(text) if text[i] != "." or not _after_abbreviation(text, i)])


@lru_cache(maxsize=8)
def _boundaries(text: str, semicolons: bool, abbreviations: bool) -> tuple[int, ...]:
    """Where a span ends in ``text`` (the index of the mark): full stops and line ends,
    with ``semicolons`` semicolons too, with ``abbreviations`` not the dot of an abbreviation;
    found once per text (up to two texts, four kinds each)."""
    marks = _marks_past_abbreviations(text) if abbreviations else _marks(text)
    return marks if semicolons else tuple([i for i in marks if text[i] != ";"])


def _bounds(text: str, start: int, end: int, semicolons: bool, abbreviations: bool) -> tuple[int, int]:
    return bounds_of(text, ((start, end),), semicolons=semicolons, abbreviations=abbreviations)[0]


def bounds_of(text: str, spans: Sequence[tuple[int, int]], *, semicolons: bool = False,
              abbreviations: bool = False) -> list[tuple[int, int]]:
    """:func:`sentence_bounds` of each (start, end) of ``spans`` (with ``semicolons``,
    :func:`clause_bounds`), in one call: for a linker that asks for every one of its
    entities, one lookup of the boundaries and no call per span."""
    cuts = _boundaries(text, semicolons, abbreviations)
    n, size, bisect_left = len(cuts), len(text), bisect.bisect_left
    out = []
    for start, end in spans:
        k = bisect_left(cuts, start)  # boundaries before start
        left = cuts[k - 1] + 1 if k else 0
        if start and text[start - 1] == "." and left < start:
            left = start  # a full stop just before the span ends what comes before it
        k = bisect_left(cuts, end)
        out.append((left, cuts[k] if k < n else size))
    return out


def sentence_bounds(text: str, start: int, end: int | None = None, *, abbreviations: bool = False) -> tuple[int, int]:
    """[start, end) of the sentence holding text[start:end] (full stops and line ends)."""
    return _bounds(text, start, start if end is None else end, False, abbreviations)


def clause_bounds(text: str, start: int, end: int | None = None, *, abbreviations: bool = False) -> tuple[int, int]:
    """[start, end) of the clause: a sentence cut also at semicolons."""
    return _bounds(text, start, start if end is None else end, True, abbreviations)


def starts_of(entities: Sequence[Entity]) -> list[int]:
    """The starts of ``entities`` (sorted by start), for :func:`within`."""
    return [e.start for e in entities]


def within(entities: Sequence[Entity], starts: list[int], s0: int, s1: int) -> Sequence[Entity]:
    """The entities inside [s0, s1), found by bisection on ``starts`` (the
    linkers ask this once per mention: a scan of all entities is quadratic)."""
    lo, hi = bisect.bisect_left(starts, s0), bisect.bisect_left(starts, s1)
    return [e for e in entities[lo:hi] if e.end <= s1]


@lru_cache(maxsize=2)
def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset (each character lowers to one) and the text
    holds neither «ı» nor «ſ» (which a case-insensitive pattern takes for «i» and «s» and their
    lower case does not) nor «Σ» (whose lower case depends on what follows). Then a
    case-sensitive scan of it finds what a case-insensitive scan of ``text`` finds, faster,
    and its words are the text's words lower-cased, at the same offsets. Else None."""
    low = text.lower()
    return low if len(low) == len(text) and not any(c in text for c in "ıſΣ") else None
