"""Agency resolution: canonical names, abbreviations and aliases defined in
the text ("Ủy ban Dân tộc (UBDT)", "(sau đây gọi tắt là Ban Chỉ đạo)")."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ..textnorm import collapse_spaces
from ..types import Entity
from ..values import expand_agency
from .records import Agency

_ALIAS_PHRASE = re.compile(r"^\s*\(\s*(?:sau đây|dưới đây)\s+(?:gọi|viết)\s+tắt\s+là\s*$", re.IGNORECASE)
_ALIAS_GAP_MAX = 60  # what stands between a name and its alias is short
# An alias of an alias is followed this far at most: a text can define a chain
# of any length («A (B), B (C), C (D) ...»), and following it whole from
# every mention is quadratic in its length.
_CHAIN_MAX = 32



def text_aliases(text: str, agencies: Sequence[Entity]) -> dict[str, str]:
    """Short form -> long form for aliases the text defines: an AGENCY in
    brackets right after another AGENCY, or "(sau đây gọi tắt là X)"."""
    aliases: dict[str, str] = {}
    for a, b in itertools.pairwise(agencies):
        if b.start - a.end > _ALIAS_GAP_MAX:
            continue
        between = text[a.end : b.start]
        if (re.fullmatch(r"\s*\(\s*", between) and text[b.end : b.end + 1] == ")") or _ALIAS_PHRASE.match(between):
            aliases[collapse_spaces(b.text)] = collapse_spaces(a.text)
    return aliases


def canonical_name(surface: str, aliases: dict[str, str]) -> str:
    """The canonical long form of an agency mention."""
    name = collapse_spaces(surface)
    seen = set()
    while name in aliases and name not in seen and len(seen) < _CHAIN_MAX:  # alias chains
        seen.add(name)
        name = aliases[name]
    return expand_agency(name) or name


def resolve_agencies(text: str, entities: Sequence[Entity]) -> tuple[list[Agency], dict[int, str]]:
    """Agency records and, for each AGENCY entity start, its canonical name."""
    ags = [e for e in entities if e.label == "AGENCY"]
    aliases = text_aliases(text, ags)
    records: dict[str, Agency] = {}
    canon_of: dict[int, str] = {}
    for e in ags:
        surface = collapse_spaces(e.text)
        name = canonical_name(surface, aliases)
        canon_of[e.start] = name
        rec = records.setdefault(name, Agency(name=name))
        rec.mentions.append([e.start, e.end])
        if surface != name:
            # "UBDT", "Sở TT&TT", "UBND tỉnh" are abbreviations; "Viện Hàn lâm", "Ban Chỉ đạo" aliases
            bucket = rec.abbreviations if re.search(r"(?<![^\W_])[A-ZĐ]{2,}", surface) else rec.aliases
            if surface not in bucket:
                bucket.append(surface)
    return list(records.values()), canon_of
