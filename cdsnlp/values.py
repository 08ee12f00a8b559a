"""Structured values for entities found by the tagger.

Rule entities carry their values already. For a DATE, METRIC or LEGAL_DOC
span that only the tagger found, the rules are run again on the span text
alone; OFFICIAL, ROLE and AGENCY get values from gazetteers and the words
around them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from .honorifics import honorifics_before
from .resources import load_json
from .rules import find_rule_entities
from .textnorm import collapse_spaces


@cache
def _agency_index() -> dict[str, str]:
    data = load_json("agencies.json")
    index: dict[str, str] = {}
    for a in data["agencies"]:
        for form in [a["name"], *a["abbreviations"], *a["aliases"]]:
            index[form.lower()] = a["name"]
    return index


@lru_cache(maxsize=50_000)
def expand_agency(name: str) -> str | None:
    """The long form of a known agency or abbreviation, or of a local name
    written with a generic abbreviation ("UBND tỉnh Cao Bằng"); None if unknown."""
    key = collapse_spaces(name)
    hit = _agency_index().get(key.lower())
    if hit:
        return hit
    m = _abbreviation_re().match(key)
    return load_json("agencies.json")["patterns"][m.group()] + key[m.end() :] if m else None


@cache
def _abbreviation_re() -> re.Pattern[str]:
    """The generic abbreviations of agencies.json (not «TP...»), longest first,
    as one alternation: the first that starts ``name`` as a word, as a loop
    trying each in that order would find it, in one match."""
    abbrs = [a for a in sorted(load_json("agencies.json")["patterns"], key=len, reverse=True) if not a.startswith("TP")]
    return re.compile("(?:" + "|".join(map(re.escape, abbrs)) + r")(?![^\W_])")


# the word that says how long an unresolved date is («tuần trước», «tháng tới»);
# without one it names a day («hôm qua», «sáng thứ Hai»)
_GRANULARITY_WORDS = (("quý", "quarter"), ("tháng", "month"), ("tuần", "week"), ("năm", "year"))


def unresolved_date(span_text: str) -> dict[str, Any]:
    """The value of a DATE the rules cannot place on the calendar: still a
    granularity, with ``"unresolved": true`` saying start and end are unknown."""
    words = set(collapse_spaces(span_text).lower().split())
    granularity = next((g for w, g in _GRANULARITY_WORDS if w in words), "day")
    return {"start": None, "end": None, "granularity": granularity, "unresolved": True}


def tagger_value(label: str, span_text: str, text: str, start: int, ref_year: int | None) -> dict[str, Any]:
    """The value of a tagger entity of ``label`` whose text is ``span_text``."""
    if label == "OFFICIAL":
        return {"name": collapse_spaces(span_text), "honorifics": honorifics_before(text, start)}
    if label == "ROLE":
        return {"title": collapse_spaces(span_text)}
    if label == "AGENCY":
        expansion = expand_agency(span_text)
        surface = collapse_spaces(span_text)
        # a body written in full has no abbreviation (the expansion of a full name is the name itself)
        return {"name": expansion or surface, "abbreviation": surface if expansion and expansion != surface else None}
    # DATE / METRIC / LEGAL_DOC: parse the span alone with the rules
    inner = [c for c in find_rule_entities(span_text, ref_year) if c.label == label]
    if len(inner) == 1 and inner[0].start == 0 and inner[0].end == len(span_text):
        return dict(inner[0].value)
    if label == "DATE":
        return unresolved_date(span_text)
    if label == "METRIC":
        return {"kind": None, "value": None, "unit": None}
    return {"doc_type": None, "number": None, "year": None, "code": None, "issuer": None}
