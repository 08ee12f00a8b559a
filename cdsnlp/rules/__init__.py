"""Rule layers for LEGAL_DOC, DATE and METRIC, and the resolution of their
overlapping candidates into one flat list."""

from __future__ import annotations

from .base import Candidate, Zones
from .dates import article_year, find_dates
from .legal_doc import find_legal_docs
from .metrics import find_metrics
from .protect import protected_zones

__all__ = ["Candidate", "article_year", "find_rule_entities", "resolve"]


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Keep a non-overlapping subset: higher priority first, then longer
    spans, then the earlier rule (candidates keep their generation order)."""
    # (the sort is stable: equal keys keep the generation order)
    ordered = sorted(cands, key=lambda c: (-c.priority, c.start - c.end))
    taken: list[Candidate] = []
    occupied = bytearray(max((c.end for c in cands), default=0))
    for c in ordered:
        if occupied.find(1, c.start, c.end) != -1:
            continue
        occupied[c.start : c.end] = b"\1" * (c.end - c.start)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


def find_rule_entities(text: str, ref_year: int | None, zones: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """All rule entities of ``text`` (normalised), resolved, sorted by start.
    ``zones`` are the protected zones of ``text`` when already computed."""
    if zones is None:
        zones = protected_zones(text)
    cands = find_legal_docs(text)
    index = Zones(zones)
    # (the layers skip the handlers of matches starting in a zone: filtered out here anyway)
    cands += [c for c in find_dates(text, ref_year, index) + find_metrics(text, index) if not index.overlaps(c.start, c.end)]
    return resolve(cands)
