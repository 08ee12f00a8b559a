"""Honorifics written before a name («PGS.TS.», «ông», «đồng chí»), split
into their parts and spelt one way (``resources/honorific_parts.json``).

A part matches only as a whole word: «thông Nguyễn» holds no «ông».
"""

from __future__ import annotations

import re
from functools import cache

from .resources import load_json

_LETTER = r"[^\W\d_]"


@cache
def _variants() -> dict[str, str]:
    """lower-cased spelling -> canonical part."""
    out: dict[str, str] = {}
    for canon, spellings in load_json("honorific_parts.json")["parts"].items():
        for s in [canon, *spellings]:
            out[s.lower()] = canon
    return out


@cache
def _part() -> str:
    alts = "|".join(re.escape(s) for s in sorted(_variants(), key=len, reverse=True))
    # a part: a whole word (after a space, a bracket or another part's dot; «KH&CN» holds no «CN»), an optional dot after it
    return rf"(?<![^\s(\[,;:\"“.])(?:{alts})(?![^\s.,)])\.?"


@cache
def run_pattern() -> re.Pattern[str]:
    """A run of honorific parts (with spaces, dots or commas between) at the end of a string."""
    return re.compile(rf"(?:{_part()}[^\S\n]*,?[^\S\n]*)+$", re.IGNORECASE)


@cache
def _part_re() -> re.Pattern[str]:
    return re.compile(_part(), re.IGNORECASE)


def split_honorifics(run: str) -> list[str]:
    """The canonical parts of an honorific string: «PGS.TS.» -> [PGS, TS]."""
    out: list[str] = []
    for m in _part_re().finditer(run):
        canon = _variants()[m.group(0).rstrip(".").lower()]
        if canon not in out:
            out.append(canon)
    return out


@cache
def _last_part_re() -> re.Pattern[str]:
    """What every run of :func:`run_pattern` ends with (a part, then spaces,
    a comma and the line break that ``$`` allows), read on the reversed
    window: one anchored match, where the run's search tries its look-behind
    and parts at every character."""
    alts = "|".join(re.escape(s[::-1]) for s in sorted(_variants(), key=len, reverse=True))
    return re.compile(rf"\n?[^\S\n]*,?[^\S\n]*\.?(?:{alts})", re.IGNORECASE)


def honorifics_before(text: str, start: int) -> list[str]:
    """The honorific parts written just before ``start`` (whole words only)."""
    window = text[max(0, start - 60) : start]
    if _last_part_re().match(window[::-1]) is None:
        return []  # most names: no part just before them
    m = run_pattern().search(window)
    return split_honorifics(m.group(0)) if m else []


# capitalised, these start given names («Anh Tuấn», «Anh Thư», «Chị Hằng» is rare
# but «Chi» is not): only their lower-case forms are address words at a name's start
_NAME_WORDS = ("Anh", "Chị", "ANH", "CHỊ")
_GAP = re.compile(r"[^\S\n]*")


def after_honorifics(text: str, start: int, end: int) -> int:
    """Where the name starts in ``text[start:end]`` once the honorific parts it
    starts with («Ông Hùng», «PGS.TS. Lê An», «đồng chí Minh») are left out:
    ``start`` itself when there are none, and never ``end`` (a span that is
    all honorifics is left as it is)."""
    pos = start
    while (m := _part_re().match(text, pos, end)) is not None and not m.group(0).startswith(_NAME_WORDS):
        nxt = _GAP.match(text, m.end(), end).end()
        if nxt >= end or not text[nxt].isupper():
            break  # nothing, or no name, after it
        pos = nxt
    if pos > start and _part_re().fullmatch(text, pos, end):
        return start  # only honorifics: not a name to cut
    return pos
