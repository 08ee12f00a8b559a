"""Document-level structure: officials, agencies, documents and metrics,
linked from the entities of a text (:func:`cdsnlp.analyze` finds them and
calls :func:`structure`)."""

from __future__ import annotations

import itertools
from datetime import date

from ..types import Entity
from .actions import link_assignments, link_events
from .agencies import resolve_agencies
from .documents import link_documents
from .metrics import link_metrics
from .officials import link_officials
from .records import Agency, Assignment, Document, DocumentRef, Event, Metric, Official, Role

__all__ = ["Agency", "Assignment", "Document", "DocumentRef", "Event", "Metric", "Official", "Role", "structure"]


def structure(text: str, entities: list[Entity], own_date: date | None = None) -> Document:
    """Document-level records built from given ``entities`` of ``text``
    (used by :func:`analyze`, and to evaluate linking on gold entities)."""
    if any(a.start > b.start for a, b in itertools.pairwise(entities)):
        entities = sorted(entities, key=lambda e: e.start)  # the linkers look entities up by bisection
    agencies, canon_of = resolve_agencies(text, entities)
    assignments = link_assignments(text, entities, canon_of)
    return Document(
        text=text,
        date=own_date.isoformat() if own_date else None,
        entities=entities,
        officials=link_officials(text, entities, canon_of),
        agencies=agencies,
        documents=link_documents(text, entities, canon_of),
        metrics=link_metrics(text, entities),
        events=link_events(text, entities, canon_of, [(a.start, a.end) for a in assignments]),
        assignments=assignments,
    )
