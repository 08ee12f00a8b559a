"""What every rule returns, and small regex helpers shared by the rules."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

# Letters (any script) but not digits or underscore: Vietnamese word characters.
LETTER = r"[^\W\d_]"
NOT_WORD_BEFORE = r"(?<![^\W_])"
NOT_WORD_AFTER = r"(?![^\W_])"


@dataclass(frozen=True)
class Candidate:
    """A span proposed by a rule, with its structured value."""

    start: int
    end: int
    label: str
    value: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    priority: int = 0


def _forms(words: Iterable[str], case_first: bool) -> set[str]:
    """``words``, and with ``case_first`` their forms with an upper- or
    lower-case first letter and their full upper-case forms."""
    forms: set[str] = set()
    for w in words:
        forms.add(w)
        if case_first:
            forms.update({w[0].upper() + w[1:], w[0].lower() + w[1:], w.upper()})
    return forms


def alternation(words: list[str] | tuple[str, ...], *, case_first: bool = True) -> str:
    """A regex alternation of ``words``, longest first, optionally accepting
    an upper- or lower-case first letter and a full upper-case form."""
    return "|".join(re.escape(f) for f in sorted(_forms(words, case_first), key=len, reverse=True))


def words_before(words: list[str] | tuple[str, ...], spaces: str = r"\s*", *, case_first: bool = True) -> re.Pattern[str]:
    r"""A pattern for :func:`ends_with`: one of the forms of ``words`` (as in
    :func:`alternation`) starting a word, then ``spaces`` (a repeat of one
    character class, which reads the same backwards) up to the end.

    It is written for the reversed text, so that it is one anchored match:
    ``re.search(r"(?<![^\W_])(?:words)\s*$", window)`` tries the
    look-behind and the words at every character of the window."""
    forms = sorted(_forms(words, case_first), key=len, reverse=True)
    return re.compile(spaces + "(?:" + "|".join(re.escape(f[::-1]) for f in forms) + r")(?![^\W_])")


def ends_with(pattern: re.Pattern[str], text: str, pos: int, width: int) -> bool:
    """Whether the ``width`` characters before ``pos`` end with what the
    :func:`words_before` ``pattern`` reads (a word is started at the window's
    start, as a look-behind inside the window would see it)."""
    return pattern.match(text[max(0, pos - width) : pos][::-1]) is not None


def word_alt(words: list[str] | tuple[str, ...], *, case_first: bool = True) -> str:
    """Like :func:`alternation`, but written for scanning a whole text:

    - each form checks the word boundary *after* its literal, so the pattern
      starts with literals and the regex engine can skip ahead to candidate
      first characters (a leading look-behind would prevent that);
    - the forms are laid out as a character trie ("Quyết định|Quy định" ->
      ``Quy(?:ết định| định)``), so a failed attempt costs one test per
      distinct first letter instead of one per form.

    Longer forms are tried before a form that is their prefix, as in a
    longest-first alternation."""
    return _trie_regex(_char_trie(_forms(words, case_first)))


def _char_trie(forms) -> dict:
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = form  # a form ends here
    return trie


def _trie_regex(node: dict, *, check_start: bool = True) -> str:
    branches = [re.escape(ch) + _trie_regex(child, check_start=check_start) for ch, child in sorted(node.items()) if ch]
    if "" in node:  # after the longer forms: the form ending here, if a word ends here
        branches.append(f"(?<![^\\W_]{re.escape(node[''])})" if check_start else "")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def word_trie(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """The forms of ``words`` as they are, laid out as a character trie like
    :func:`word_alt`, but without the check that a form starts a word: the
    caller makes it (:func:`finditer_words`, :func:`match_word`). For the
    gazetteers of thousands of names: without a look-behind per form the
    pattern is a third of the size and compiles three times faster, and it is
    compiled in every process before its first result."""
    return _trie_regex(_char_trie(set(words)), check_start=False)


def finditer_words(pattern: re.Pattern[str], text: str):
    """``pattern.finditer(text)`` keeping only the matches that start a word
    (not after a letter or digit), searching on from the next character after
    one that does not: the matches a look-behind in the pattern would give."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        s = m.start()
        if s and text[s - 1].isalnum():
            pos = s + 1
            continue
        yield m
        pos = max(m.end(), s + 1)


def match_word(pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
    """``pattern.match(text, pos)`` when ``pos`` starts a word, else None."""
    if pos and text[pos - 1].isalnum():
        return None
    return pattern.match(text, pos)


def digit_start(not_before: str = r"[^\W_]") -> str:
    """A first digit that is not glued to a preceding ``not_before`` character
    (the boundary is checked after the digit, for the same speed reason)."""
    return rf"\d(?<!{not_before}\d)"


class Rule(NamedTuple):
    """A compiled rule pattern and how to find its matches."""

    pattern: re.Pattern[str]
    # every match starts at the first digit of a run of digits (the pattern
    # starts with ``digit_start()`` or another class of digits)
    digit_led: bool = False


_DIGIT_RUN = re.compile(r"\d+")


@lru_cache(maxsize=4)  # the layers of one extraction share it
def digit_run_starts(text: str) -> tuple[int, ...]:
    """Where the runs of digits of ``text`` start."""
    return tuple(m.start() for m in _DIGIT_RUN.finditer(text))


# the class a digit-led pattern's first digit must not follow: "\d(?<![^\W_]\d)"
# (see digit_start), possibly inside a named group
_LEAD = re.compile(r"^(?:\(\?P<\w+>)?\\d\(\?<!(\[[^\]]*\])\\d\)")


@lru_cache(maxsize=64)
def _lead_class(pattern: str) -> str | None:
    m = _LEAD.match(pattern)
    return m.group(1) if m else None


@lru_cache(maxsize=16)  # a few classes per text, shared by the layers of one extraction
def digit_run_starts_after(text: str, not_before: str) -> tuple[int, ...]:
    """Where the runs of digits of ``text`` that do not follow a character of
    the class ``not_before`` start (every such class holds the digits, so
    these are the starts of ``(?<!not_before)\\d+``): the runs of
    :func:`digit_run_starts` filtered by the character before each, not a
    look-behind tried at every character of the text."""
    follows = _char_class_re(not_before).match
    return tuple(s for s in digit_run_starts(text) if not (s and follows(text, s - 1)))


@lru_cache(maxsize=16)
def _char_class_re(char_class: str) -> re.Pattern[str]:
    return re.compile(char_class)


def find_matches(rule: Rule, text: str) -> Iterator[re.Match[str]]:
    """The matches of ``rule.pattern.finditer(text)``.

    A digit-led pattern is tried only where a run of digits starts (an
    article has a few hundred) instead of being scanned over every character:
    the regex engine's scan for a class of first characters costs tens of
    instructions per character, and there are many rule patterns."""
    if not rule.digit_led:
        yield from rule.pattern.finditer(text)
        return
    end = 0
    match = rule.pattern.match
    # a pattern whose first digit must not follow some class is tried only at
    # the runs that do not follow it («1.1.1...» is 100,000 runs, none of which
    # a metric can start at)
    lead = _lead_class(rule.pattern.pattern)
    for start in digit_run_starts(text) if lead is None else digit_run_starts_after(text, lead):
        if start >= end and (m := match(text, start)) is not None:
            yield m
            end = m.end()


def compile_inline(pattern: str) -> re.Pattern[str]:
    """Compile a rule pattern whose ``\\s`` never crosses a line break:
    an entity never runs from one line of an article into the next."""
    return re.compile(pattern.replace(r"\s", r"[^\S\n]"))


def overlaps(start: int, end: int, zones: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in zones)


class Zones:
    """Spans (possibly overlapping) merged into disjoint runs, so that
    :meth:`overlaps` is one bisection instead of a scan of every zone: the
    cost of filtering candidates stays linear in the length of the text."""

    def __init__(self, zones: Iterable[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted(zones):
            if ends and s <= ends[-1]:
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        self._starts, self._ends = starts, ends

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with a zone."""
        k = bisect.bisect_right(self._ends, start)  # the first run ending after start
        return k < len(self._starts) and self._starts[k] < end
