"""Shortcuts of the extract path give what the searches they replace give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cdsnlp import values
from cdsnlp.resources import load_json

_PATTERNS: dict[str, str] = load_json("agencies.json")["patterns"]


def _expand_by_loop(key: str) -> str | None:
    """The generic abbreviation of ``key`` as a loop over the abbreviations found it."""
    for abbr in sorted(_PATTERNS, key=len, reverse=True):
        if abbr.startswith("TP"):
            continue
        m = re.match(rf"{re.escape(abbr)}(?![^\W_])", key)
        if m:
            return _PATTERNS[abbr] + key[m.end() :]
    return None


_NAME_PIECES = [*_PATTERNS, "tỉnh", "Cao Bằng", "x", "1", "_", "&", "-", " ", "TP", "UBNDx", "Sở", "sở"]
names = st.lists(st.sampled_from(_NAME_PIECES), max_size=5).map("".join) | st.lists(st.sampled_from(_NAME_PIECES), max_size=5).map(" ".join)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(names)
def test_abbreviation_pattern_equals_the_loop(name):
    m = values._abbreviation_re().match(name)
    assert (_PATTERNS[m.group()] + name[m.end() :] if m else None) == _expand_by_loop(name)

