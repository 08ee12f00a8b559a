"""Document-level structure: officials, agencies, documents and metrics."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..pipeline import Extractor, default_extractor, extractor_for
from ..types import Entity
from .actions import link_assignments, link_events
from .agencies import resolve_agencies
from .authors import mark_authors
from .dateline import article_date
from .documents import link_documents
from .metrics import link_metrics
from .officials import link_officials
from .records import Agency, Assignment, Document, DocumentRef, Event, Metric, Official, Role

__all__ = ["Agency", "Assignment", "Document", "DocumentRef", "Event", "Metric", "Official", "Role", "analyze", "structure"]


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


def analyze(text: str, *, ref_date: date | None = None, extractor: Extractor | None = None, model: str | Path | None = "default",
            authors: Iterable[str] = (), published: str | date | None = None) -> Document:
    """Entities plus the document-level records of ``text``.

    Args:
        text: the article.
        ref_date: reference date for partial dates; by default the article's
            own date when the text shows one (also returned as ``date``).
        extractor: a custom :class:`cdsnlp.Extractor` (default: the shipped model).
        model: a model directory or installed model name (see ``cdsnlp models``);
            ``"default"`` is ``$CDSNLP_MODEL`` or the shipped model, ``None`` the rules only.
        authors: the byline's names when the source gives them (:attr:`cdsnlp.Article.authors`):
            those officials, and one with no role that makes up the last line, get ``kind="author"``.
        published: the article's date from the reader's metadata (:attr:`cdsnlp.Article.date`);
            without it ``date`` is the text's dateline or publication line, else None
            (never the date of a document the article cites).
    """
    ex = extractor or (default_extractor() if model == "default" else extractor_for(model))
    entities = ex.extract(text, ref_date=ref_date)
    own = _as_date(published) or (article_date(text) if text.strip() else None)
    return mark_authors(structure(text, entities, own), authors)


def _as_date(value: str | date | None) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
