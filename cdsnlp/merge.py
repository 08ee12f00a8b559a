"""Merging rule and tagger entities into one consistent list.

Policy (measured on the validation split, see models/README.md):

1. Rule entities (LEGAL_DOC, DATE, METRIC) are kept: the rules are precise
   and carry values.
2. Tagger entities of OFFICIAL, ROLE and AGENCY are added where they do not
   overlap a rule entity. Where a tagger AGENCY fully contains rule entities
   (a number or a document inside a name: "Văn phòng 1719", "Bộ Tư lệnh 86",
   "Tổ công tác triển khai Đề án 06"), the tagger span wins.
3. Tagger entities of LEGAL_DOC, DATE and METRIC fill gaps the rules left,
   when ``tagger_fills_rule_labels`` is on; their values come from the rules
   run on the span alone.
4. Nothing is kept inside a protected zone (URL, e-mail, phone, address,
   file name), and spans are trimmed of edge whitespace and punctuation.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .data.validate import ends_with_abbreviation
from .rules import Candidate

NAME_LABELS = frozenset({"OFFICIAL", "ROLE", "AGENCY"})
_EDGE = " \t\n,;:()[]{}\"“”'‘’«»…-–"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace and stray punctuation at its edges."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and (text[end - 1] in _EDGE or (text[end - 1] == "." and not ends_with_abbreviation(text[start:end]))):
        end -= 1
    return start, end


def merge(
    text: str,
    rule_entities: Sequence[Candidate],
    tagger_spans: Sequence[tuple[int, int, str]],
    zones: Sequence[tuple[int, int]],
    *,
    tagger_fills_rule_labels: bool = True,
) -> list[tuple[int, int, str, Candidate | None]]:
    """Merged (start, end, label, rule candidate or None) sorted by start."""
    # chosen spans never overlap, so sorted by start they are sorted by end too:
    # overlap queries are a bisection (linear time overall, even for very long texts)
    chosen: list[tuple[int, int, str, Candidate | None]] = sorted((c.start, c.end, c.label, c) for c in rule_entities)
    ends = [x[1] for x in chosen]
    merged_zones: list[list[int]] = []
    for zs, ze in sorted(zones):  # disjoint zones, so they can be bisected too
        if merged_zones and zs <= merged_zones[-1][1]:
            merged_zones[-1][1] = max(merged_zones[-1][1], ze)
        else:
            merged_zones.append([zs, ze])
    zone_ends = [z[1] for z in merged_zones]

    def overlapping(s: int, e: int) -> list[int]:
        k = bisect.bisect_right(ends, s)
        hits = []
        while k < len(chosen) and chosen[k][0] < e:
            hits.append(k)
            k += 1
        return hits

    def in_zone(s: int, e: int) -> bool:
        k = bisect.bisect_right(zone_ends, s)  # the first zone ending after s
        return k < len(merged_zones) and merged_zones[k][0] < e

    ordered = sorted(tagger_spans, key=lambda x: (x[2] not in NAME_LABELS, x[0]))
    for s0, e0, label in ordered:
        s, e = trim(text, s0, e0)
        if s >= e or in_zone(s, e):
            continue
        if label not in NAME_LABELS and not tagger_fills_rule_labels:
            continue
        hits = overlapping(s, e)
        if hits:
            inside = all(chosen[k][0] >= s and chosen[k][1] <= e and chosen[k][2] in ("METRIC", "DATE", "LEGAL_DOC") for k in hits)
            if label == "AGENCY" and inside:
                del chosen[hits[0] : hits[-1] + 1]
                del ends[hits[0] : hits[-1] + 1]
            else:
                continue
        k = bisect.bisect_left(ends, e)
        chosen.insert(k, (s, e, label, None))
        ends.insert(k, e)
    return chosen
