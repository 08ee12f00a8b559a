"""A Vietnamese syllable tokenizer that keeps character offsets.

Syllables are the unit of Vietnamese text. Besides splitting on spaces and
punctuation, the tokenizer keeps together what belongs together in
public-administration news: dates (27/07/2023, 6.6, 30-11), document codes
(01/QĐ-BCĐCĐS, 13-NQ/TU, 01/2023/TT-BTTTT), numbers with Vietnamese
separators (3.678, 33,3%, 8,3 - 8,5%), dotted and ampersand abbreviations
(GS.VS., PGS.TS., TP., KH&CN, TT&TT), URLs and e-mail addresses. Words glued
by page extraction ("TâmTags:") are split.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from .resources import load_lines


class Token(NamedTuple):
    text: str
    start: int
    end: int


_TLD = r"\.(?:gov\.vn|com\.vn|org\.vn|edu\.vn|net\.vn|vn|com|net|org|gov|edu|info)(?![\w])"
_TLD_RE = re.compile(_TLD)


@cache
def _pattern(email: bool = True, domain: bool = True) -> re.Pattern[str]:
    """The token pattern; ``email``/``domain``: with those alternatives (a text
    without "@" or without a domain ending cannot match them, and leaving them
    out saves their attempt at every token start)."""
    dotted = "|".join(sorted(map(re.escape, load_lines("dotted_abbreviations.txt")), key=len, reverse=True))
    code_tail = r"[A-ZĐ][\wĐđ&]*(?:[-/.][A-ZĐ0-9][\wĐđ&]*)*"
    parts = [
        # fast path: a plain word that nothing below could extend (most tokens)
        r"[^\W\d_]+(?![\w.@&/:'-])",
        r"(?:https?://|www\.)[^\s<>\"“”]*[^\s<>\"“”.,;:!?)\]]",  # URL
        r"[\w.+-]{1,64}+@[\w-]{1,63}+(?:\.[\w-]{1,63}+){1,8}" if email else None,  # e-mail
        r"[\w-]{1,63}+(?:\.[\w-]{1,63}+){0,8}" + _TLD if domain else None,  # domain
        r"\d{4}-\d{2}-\d{2}",  # ISO date
        r"\d+[a-z]?(?:/\d{4})?/" + code_tail,  # 01/QĐ-BCĐCĐS, 01/2023/TT-BTTTT
        r"\d+-" + r"[A-ZĐ][\wĐđ]*/" + code_tail,  # 13-NQ/TU, 414-CTr/TU
        r"\d{1,2}:\d{2}(?::\d{2})?",  # clock time
        r"\d{1,2}h\d{2}(?![\w])|\d{1,2}h(?![\w])",  # 14h30, 8h
        r"\d+(?:,\d+)?\s?[-–]\s?\d+(?:,\d+)?%",  # 8,3 - 8,5%
        r"\d[A-Z](?![^\W_])",  # 4G, 5G, 3D
        r"\d+(?:[.,/-]\d+)*%?",  # 3.678, 33,3%, 27/07/2023, 6.6, 2020-2025
        r"[A-ZĐ]{1,12}(?:-[A-ZĐ]{1,12}){0,4}&[A-ZĐ]+(?:[&-][A-ZĐ]+)*",  # KH&CN, LĐ-TB&XH
        r"(?:(?:" + dotted + r")\.){1,6}(?![^\W\d_])",  # GS.VS., PGS.TS., TP.
        r"[A-ZĐ]\.(?:[A-ZĐ]\.){0,6}[A-ZĐ](?![^\W\d_])",  # initials H.G
        r"[^\W\d_][^\W_]*",  # words (letters, then letters or digits)
        r"\S",  # any other single character
    ]
    # Repetitions that a failed attempt would walk back over are bounded (an
    # e-mail's local part by 64, a domain label by 63 and 9 labels, a run of
    # abbreviations by 6): tokens start every few characters, and an
    # unbounded run tried again from each start is quadratic in its length
    # («a.a.a.a...» of 200,000 characters took minutes). Real tokens are far
    # within the bounds. The runs of the e-mail and domain parts are
    # possessive ("{1,63}+"): a label stops at a dot or "@" anyway, so giving
    # characters back could never make them match, only cost time.
    # Each token also takes the whitespace after it (outside group 1), so the
    # scan never starts at a space, where every alternative would be tried
    # and fail: this alone makes tokenizing 40% cheaper.
    return re.compile("(" + "|".join(f"(?:{p})" for p in parts if p is not None) + r")\s*")


def _camel_splits(word: str) -> list[int]:
    """Offsets inside ``word`` where glued words meet ("TâmTags" -> [3])."""
    cuts = []
    for i in range(2, len(word) - 1):
        if word[i].isupper() and word[i - 1].islower() and word[i - 2].islower() and word[i + 1].islower():
            cuts.append(i)
    return cuts


def _char_class(test) -> str:
    """A regex character class of the BMP characters that pass ``test``, as ranges."""
    ranges: list[tuple[int, int]] = []
    for cp in [cp for cp in range(0x10000) if test(chr(cp))]:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"


@cache
def _glue_pattern() -> re.Pattern[str]:
    """Where two glued words could meet anywhere in a text: an upper-case
    letter after two lower-case ones and before a lower-case one (the test of
    ``_camel_splits``). It starts with the rare upper-case letter, so a text
    is scanned quickly."""
    upper, lower = _char_class(str.isupper), _char_class(str.islower)
    return re.compile(f"{upper}(?<={lower}{{2}}{upper})(?={lower})")


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # outside the classes above


def _split_glued(tok: Token) -> list[Token] | None:
    """The pieces of a token made of glued words, or None."""
    word = tok.text
    # glued words are mixed-case letter runs: most tokens fail the first test
    if word.islower() or word.istitle() or word.isupper() or not word[0].isalpha():
        return None
    cuts = _camel_splits(word)
    if not cuts:
        return None
    bounds = [0, *cuts, len(word)]
    return [Token(word[a:b], tok.start + a, tok.start + b) for a, b in pairwise(bounds)]


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with ``[start, end)`` offsets into ``text``."""
    new = tuple.__new__  # skips NamedTuple's Python-level constructor
    pattern = _pattern("@" in text, _TLD_RE.search(text) is not None)
    tokens = [new(Token, (m[1], m.start(), m.end(1))) for m in pattern.finditer(text)]
    # Glued words are rare: find where they could be with one scan and test
    # only the tokens there (all of them if the text has characters beyond
    # the scan's classes).
    if _ASTRAL.search(text) is not None:
        suspects: Iterable[int] = range(len(tokens))
    else:
        glue = [m.start() for m in _glue_pattern().finditer(text)]
        if not glue:
            return tokens
        starts = [t.start for t in tokens]
        suspects = sorted({bisect.bisect_right(starts, p) - 1 for p in glue} - {-1})
    pieces = {i: split for i in suspects if (split := _split_glued(tokens[i]))}
    if not pieces:
        return tokens
    out: list[Token] = []
    for i, tok in enumerate(tokens):
        if i in pieces:
            out += pieces[i]
        else:
            out.append(tok)
    return out


def words_and_spaces(text: str, spans: list[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    """spaCy ``Doc`` words and trailing-space flags that reproduce ``text``
    exactly: one space after a token is its trailing space; any other
    whitespace between tokens becomes a whitespace token."""
    words: list[str] = []
    spaces: list[bool] = []
    prev_end = 0
    for piece_start, piece_end in [*spans, (len(text), len(text))]:
        gap = text[prev_end:piece_start]
        if gap.startswith(" ") and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
        if piece_end > piece_start:
            words.append(text[piece_start:piece_end])
            spaces.append(False)
        prev_end = piece_end
    return words, spaces


_SENT_END = {".", "!", "?", ";", "…"}


def sentences(tokens: Sequence[Token], text: str) -> list[tuple[int, int]]:
    """Split a token list into [start, end) token ranges: at sentence-final
    punctuation before a capitalised token, and at line breaks (except inside
    an all-capitals letterhead).

    Only the tokens after a line break or a final punctuation mark are
    examined, not every gap between tokens."""
    n = len(tokens)
    if n == 0:
        return []
    starts = [t.start for t in tokens]
    cuts: set[int] = set()
    newline = text.find("\n", tokens[0].end)
    while newline != -1 and newline < tokens[-1].start:
        i = bisect.bisect_right(starts, newline)  # the first token after the line break
        if tokens[i - 1].end <= newline and i not in cuts:
            prev, cur = tokens[i - 1], tokens[i]
            line_before = text[text.rfind("\n", 0, prev.end) + 1 : prev.end]
            line_after = text[cur.start : (text.find("\n", cur.start) + 1 or len(text) + 1) - 1]
            if not (line_before.isupper() and line_after.isupper()):
                cuts.add(i)
        newline = text.find("\n", starts[i])
    for i in [i for i, t in enumerate(tokens[:-1], 1) if t.text in _SENT_END]:
        prev, cur = tokens[i - 1], tokens[i]
        if cur.text[:1].isupper() and "\n" not in text[prev.end : cur.start]:
            cuts.add(i)
    bounds = [0, *sorted(cuts), n]
    return list(pairwise(bounds))


def ends_with_abbreviation(fragment: str) -> bool:
    """True when the final full stop of ``fragment`` belongs to an abbreviation ("TP.", "H.G.")."""
    last = fragment.split()[-1].rstrip(".") if fragment.split() else ""
    return 0 < len(last.split(".")[-1]) <= 4 and last.split(".")[-1][:1].isupper()
