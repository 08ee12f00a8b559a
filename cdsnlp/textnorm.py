"""Unicode and tone-placement normalisation that keeps a map back to the input.

Every layer works on the normalised text; entity offsets are mapped back with
:meth:`Normalized.to_original` so that they always index the caller's string,
whether it was NFC, NFD or mixed, and whatever tone placement it used.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _old_to_new_style() -> dict[str, str]:
    """Pairs such as 'oà' -> 'òa', 'uỷ' -> 'ủy': the tone moves to the first vowel.

    Vietnamese has two accepted tone placements for open syllables ending in
    oa/oe/uy. Our corpus (like most government sites) puts the tone on the
    first vowel, so the other style is rewritten; both have the same length.
    """
    table = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            for f, s in ((first, second), (first.upper(), second.upper()), (first.upper(), second)):
                old = f + unicodedata.normalize("NFC", s + tone)
                new = unicodedata.normalize("NFC", f + tone) + s
                table[old] = new
    return table


_TONE_TABLE = _old_to_new_style()
assert all(len(k) == 2 for k in _TONE_TABLE)  # the look-behind below relies on it
# "qu" is a consonant, so "quà" keeps its tone. The look-behind comes after
# the pair so that the pattern starts with literals the engine can skip to.
_OLD_STYLE = re.compile(
    r"(" + "|".join(map(re.escape, _TONE_TABLE)) + r")(?<![qQ]..)(?![^\W\d_])"
)


# A lone surrogate (half of a UTF-16 pair, from a broken decoder or a bad
# escape) is not a character: nothing can encode it, so it becomes U+FFFD,
# one character for one, and every offset stays where it was.
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_MARKS = 16  # combining marks composed with one base character
# Invisible format characters that scraped text carries inside words and
# numbers («Nguy\u200bễn», «3.6\u00ad78»): zero-width space, non-joiner and
# joiner, word joiner, BOM, soft hyphen. They are left out of the working text
# (the offset map skips them), so names and numbers read as written.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class Normalized:
    """A normalised text and the map of its offsets to the original string."""

    text: str
    original: str
    _starts: tuple[int, ...] | None  # None: offsets are identical
    # where the original cluster of each normalised character ends; a span that
    # ends inside a cluster (a digit followed by a mark that does not compose
    # with it) takes the whole cluster, never an empty or cut span
    _ends: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original string."""
        if self._starts is None:
            return start, end
        if end <= start:
            return self._starts[start], self._starts[start]
        if self._ends is None:  # a map kept without cluster ends (older spaCy doc state)
            return self._starts[start], self._starts[end]
        return self._starts[start], self._ends[end - 1]


def normalize(text: str) -> Normalized:
    """NFC-compose ``text`` and unify tone placement, keeping an offset map
    (lone surrogates become U+FFFD, keeping the length; zero-width characters
    and soft hyphens are left out)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    starts: list[int] | None = None
    ends: list[int] = []
    work = _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text
    kept: list[int] | None = None  # original index of each character of work
    if _INVISIBLE.search(work):
        kept = [i for i, c in enumerate(work) if not _INVISIBLE.match(c)]
        work = "".join(work[i] for i in kept)
    if unicodedata.is_normalized("NFC", work):
        nfc = work
        if kept is not None:
            starts = [*kept, len(text)]
            ends = [k + 1 for k in kept]
    else:
        parts: list[str] = []
        starts = []
        i, n = 0, len(work)
        while i < n:
            j = i + 1
            # a run is cut after _MAX_MARKS marks: canonical ordering in
            # unicodedata is quadratic in the length of a run, and no real
            # letter carries more than a few marks
            while j < n and j - i <= _MAX_MARKS and unicodedata.combining(work[j]):
                j += 1
            chunk = work[i:j]
            composed = unicodedata.normalize("NFC", chunk)
            parts.append(composed)
            if composed == chunk:  # nothing composed: one to one
                starts.extend(range(i, j))
                ends.extend(range(i + 1, j + 1))
            else:
                starts.extend([i] * len(composed))
                ends.extend([j] * len(composed))
            i = j
        starts.append(n)
        if kept is not None:  # indices into work -> into text
            starts = [kept[k] if k < n else len(text) for k in starts]
            ends = [kept[k - 1] + 1 for k in ends]
        nfc = "".join(parts)
    norm = _OLD_STYLE.sub(lambda m: _TONE_TABLE[m.group(1)], nfc)
    if starts is None:
        return Normalized(norm, text, None)
    return Normalized(norm, text, tuple(starts), tuple(ends))


def collapse_spaces(s: str) -> str:
    """``s`` with every run of whitespace (line breaks included) as one space,
    trimmed: the form used for names in values and records."""
    return " ".join(s.split())


def strip_end(text: str, end: int, chars: str | None = None) -> int:
    """``len(text[:end].rstrip(chars))`` without copying the text before ``end``
    (a copy per entity made linking quadratic on a 50 MB document)."""
    if chars is None:
        while end > 0 and text[end - 1].isspace():
            end -= 1
    else:
        while end > 0 and text[end - 1] in chars:
            end -= 1
    return end


_VOWELS = "aăâeêioôơuưyàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
_SYLLABLE = re.compile(rf"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[{_VOWELS}]+(?:ng|nh|ch|[cmnpt])?$")


def is_syllable(word: str) -> bool:
    """Whether ``word`` (any case, NFC) has the shape of one Vietnamese
    syllable, an onset, vowels and a coda («SỞ», «trong»), unlike an
    abbreviation («TTHC», «UBND», «GDP»)."""
    return _SYLLABLE.match(word.lower()) is not None
