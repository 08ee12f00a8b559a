"""Document-level records returned by :func:`cdsnlp.analyze`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ..types import Entity


@dataclass
class Role:
    title: str
    agency: str | None  # canonical agency name


@dataclass
class Official:
    name: str
    honorifics: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    mentions: list[list[int]] = field(default_factory=list)  # [start, end] of each mention
    kind: str = "official"  # "author" for the article's byline (see structure/authors.py)


@dataclass
class Agency:
    name: str  # canonical long form
    abbreviations: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    mentions: list[list[int]] = field(default_factory=list)
    parent: str | None = None  # the body it belongs to, written in brackets after it («Cục X (Bộ Y)»)


@dataclass
class DocumentRef:
    text: str
    doc_type: str | None
    number: str | None
    code: str | None
    year: int | None
    issued: str | None  # ISO date
    issuer: str | None  # canonical agency name
    mentions: list[list[int]] = field(default_factory=list)


@dataclass
class Metric:
    text: str
    kind: str | None
    value: float | int | None
    unit: str | None
    subject: str | None
    period: dict[str, Any] | None  # the DATE value the figure refers to (never a «so với» date)
    start: int = 0
    end: int = 0
    baseline: dict[str, Any] | None = None  # for a change: the DATE value it is compared with («so với năm 2023»)
    change: str | None = None  # "up" / "down" for «tăng/cao hơn/vượt» / «giảm/thấp hơn»


@dataclass
class Event:
    """A meeting, conference, inspection ... that the article reports."""

    kind: str  # the kind word («hội nghị», «kiểm tra»; resources/actions.json)
    text: str  # as written
    date: str | None  # ISO
    place: str | None
    chair: str | None  # the official who chaired it
    bodies: list[str] = field(default_factory=list)  # canonical names of the bodies named with it
    mentions: list[list[int]] = field(default_factory=list)


@dataclass
class Assignment:
    """A body given a task: lead, co-operating bodies, task, deadline, source document."""

    lead: str  # canonical agency name
    cooperating: list[str]
    task: str | None
    deadline: str | None  # ISO
    source: str | None  # the document that gives the task, as written
    start: int = 0
    end: int = 0


@dataclass
class Document:
    """The structured reading of one article."""

    text: str
    date: str | None
    entities: list[Entity]
    officials: list[Official]
    agencies: list[Agency]
    documents: list[DocumentRef]
    metrics: list[Metric]
    events: list[Event] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict following ``resources/document.schema.json``."""
        return {
            "date": self.date,
            "entities": [e.to_dict() for e in self.entities],
            "officials": [asdict(o) for o in self.officials],
            "agencies": [asdict(a) for a in self.agencies],
            "documents": [asdict(d) for d in self.documents],
            "metrics": [asdict(m) for m in self.metrics],
            "events": [asdict(e) for e in self.events],
            "assignments": [asdict(a) for a in self.assignments],
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)
