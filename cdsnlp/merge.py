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
5. Tagger spans are repaired where the tagger runs past a boundary:
   a name stops where page extraction glued two words ("Minh TâmTags"); an
   AGENCY that ends in a person's name after a capitalised word is split
   into AGENCY + OFFICIAL ("Hội đồng quản trị Bkav Nguyễn Tử Quảng"; not
   after a place word: "huyện Trần Văn Thời"); a field abbreviation alone
   ("CNTT", "KH&CN") is not an AGENCY.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Sequence
from functools import cache

from .resources import load_lines
from .rules import Candidate
from .tokenizer import ends_with_abbreviation

NAME_LABELS = frozenset({"OFFICIAL", "ROLE", "AGENCY"})
_EDGE = " \t\n,;:()[]{}\"“”'‘’«»…-–"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace and stray punctuation at its edges."""
    while start < end and text[start] in _EDGE:
        start += 1
    # the abbreviation test needs only the span's last word: it is given the
    # last 64 characters, not the whole span again at every trimmed character
    while end > start and (text[end - 1] in _EDGE or (text[end - 1] == "." and not ends_with_abbreviation(text[max(start, end - 64) : end]))):
        end -= 1
    return start, end


def _glued_cut(text: str, start: int, end: int) -> int:
    """End of the span at the first place two words were glued together
    ("TâmTags": a lower-case letter directly followed by an upper-case one)."""
    for i in range(start + 2, end - 1):
        if text[i].isupper() and text[i - 1].islower() and text[i - 2].islower() and text[i + 1].islower():
            return i
    return end


@cache
def _surnames() -> frozenset[str]:
    return frozenset(x.split()[0] for x in load_lines("surnames.txt"))


@cache
def _place_words() -> frozenset[str]:
    return frozenset(load_lines("place_words.txt"))


def _person_tail(text: str, start: int, end: int) -> int | None:
    """Start of a person's name that ends an AGENCY span, or None.

    The trailing run of capitalised words must not follow a place word
    ("huyện Trần Văn Thời" is a place), and the name (surname + 1-3 words)
    must follow a mixed-case word of that run ("Bkav Nguyễn Tử Quảng"), so
    names of bodies named after people ("Trường Đại học Tôn Đức Thắng",
    "Trường THPT Nguyễn Trãi") stay whole."""
    words = [(m.start() + start, m.group()) for m in re.finditer(r"\S+", text[start:end])]
    run = len(words)
    while run > 0 and words[run - 1][1][:1].isupper():
        run -= 1
    if run == 0 or len(words) - run < 3:
        return None
    before_run = words[run - 1][1].lower()
    two_before = " ".join(w for _, w in words[max(0, run - 2) : run]).lower()
    if before_run in _place_words() or two_before in _place_words():
        return None
    for k in range(run + 1, len(words) - 1):
        prev = words[k - 1][1]
        if words[k][1] in _surnames() and 2 <= len(words) - k <= 4 and not prev.isupper() and prev[:1].isupper() and prev not in _surnames():
            return words[k][0]
    return None


@cache
def _agency_head_words() -> frozenset[str]:
    return frozenset(line.split()[0].casefold() for line in load_lines("agency_types.txt") if line.strip())


def _crosses_lines_wrongly(text: str, s: int, e: int, label: str) -> bool:
    """A tagger span over a line break that is not a name broken over lines.

    Only an AGENCY that starts with a word heading organisation names may go on
    over a line break (a letterhead «ỦY BAN NHÂN DÂN\nTỈNH ...», a name wrapped
    in a PDF); anything else over lines joins separate blocks (a menu's
    «ME\nMP3\nNEWS»)."""
    if "\n" not in text[s:e]:
        return False
    first = text[s:e].split(None, 1)[0].casefold() if text[s:e].strip() else ""
    return label != "AGENCY" or first not in _agency_head_words()


def repair_tagger_spans(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Boundary repairs of tagger spans (policy point 5)."""
    fields = frozenset(load_lines("field_abbreviations.txt"))
    out: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        if _crosses_lines_wrongly(text, s, e, label):
            continue
        if label in ("OFFICIAL", "ROLE"):
            e = _glued_cut(text, s, e)
        if label == "AGENCY":
            if text[s:e].strip() in fields:
                continue
            name_start = _person_tail(text, s, e)
            if name_start is not None:
                out.append((s, len(text[:name_start].rstrip()), "AGENCY"))
                out.append((name_start, e, "OFFICIAL"))
                continue
        if e > s:
            out.append((s, e, label))
    return out


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
    # overlap queries are a bisection. The tagger spans come in two passes
    # (names, then the rule labels), each sorted by start and never
    # overlapping one another, so a pass only tests them against the spans
    # chosen before it and adds them in one linear merge at its end (no
    # insertions in the middle of a growing list).
    chosen: list[tuple[int, int, str, Candidate | None]] = sorted((c.start, c.end, c.label, c) for c in rule_entities)
    merged_zones: list[list[int]] = []
    for zs, ze in sorted(zones):  # disjoint zones, so they can be bisected too
        if merged_zones and zs <= merged_zones[-1][1]:
            merged_zones[-1][1] = max(merged_zones[-1][1], ze)
        else:
            merged_zones.append([zs, ze])
    zone_ends = [z[1] for z in merged_zones]

    def in_zone(s: int, e: int) -> bool:
        k = bisect.bisect_right(zone_ends, s)  # the first zone ending after s
        return k < len(merged_zones) and merged_zones[k][0] < e

    repaired = repair_tagger_spans(text, tagger_spans)
    for names in (True, False):
        if not names and not tagger_fills_rule_labels:
            break
        ends = [x[1] for x in chosen]
        removed: set[int] = set()  # rule entities inside a tagger AGENCY
        added: list[tuple[int, int, str, Candidate | None]] = []
        for s0, e0, label in sorted((x for x in repaired if (x[2] in NAME_LABELS) == names), key=lambda x: x[0]):
            s, e = trim(text, s0, e0)
            if s >= e or in_zone(s, e):
                continue
            k = bisect.bisect_right(ends, s)
            hits = []
            while k < len(chosen) and chosen[k][0] < e:
                if k not in removed:
                    hits.append(k)
                k += 1
            if hits:
                inside = all(chosen[k][0] >= s and chosen[k][1] <= e and chosen[k][2] in ("METRIC", "DATE", "LEGAL_DOC") for k in hits)
                if label == "AGENCY" and inside:
                    removed.update(hits)
                else:
                    continue
            added.append((s, e, label, None))
        if added or removed:
            kept = [x for k, x in enumerate(chosen) if k not in removed] if removed else chosen
            chosen = list(heapq.merge(kept, added, key=lambda x: x[0]))
    return chosen
