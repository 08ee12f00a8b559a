"""Inline annotation markup: ``<LABEL>span</LABEL>`` inside plain text.

Writing offsets by hand is error-prone, so annotators write tagged text and
this module turns it into the guideline's JSONL form (and back). Tags may not
nest; ``<`` and ``>`` are not otherwise allowed in marked-up text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LABELS = ("OFFICIAL", "ROLE", "AGENCY", "LEGAL_DOC", "DATE", "METRIC")

_TAG = re.compile(r"<(/?)([A-Z_]+)>")


class MarkupError(ValueError):
    """A marked-up text that cannot be parsed; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class MarkedSpan:
    start: int
    end: int
    label: str


def parse_markup(marked: str) -> tuple[str, list[MarkedSpan]]:
    """Strip the tags from ``marked``; return the plain text and its spans."""
    out: list[str] = []
    spans: list[MarkedSpan] = []
    pos = 0
    plain_len = 0
    open_label: str | None = None
    open_at = 0
    for m in _TAG.finditer(marked):
        chunk = marked[pos : m.start()]
        out.append(chunk)
        plain_len += len(chunk)
        pos = m.end()
        closing, label = m.group(1) == "/", m.group(2)
        line = marked.count("\n", 0, m.start()) + 1
        if label not in LABELS:
            raise MarkupError(f"unknown label {label!r}", line)
        if not closing:
            if open_label is not None:
                raise MarkupError(f"<{label}> opened inside <{open_label}>", line)
            open_label, open_at = label, plain_len
        else:
            if open_label != label:
                raise MarkupError(f"</{label}> closes {open_label or 'nothing'}", line)
            if plain_len == open_at:
                raise MarkupError(f"empty <{label}>", line)
            spans.append(MarkedSpan(open_at, plain_len, label))
            open_label = None
    if open_label is not None:
        raise MarkupError(f"<{open_label}> never closed", marked.count("\n") + 1)
    out.append(marked[pos:])
    text = "".join(out)
    stray = re.search(r"[<>]", text)
    if stray:
        raise MarkupError("stray '<' or '>' outside a tag", text.count("\n", 0, stray.start()) + 1)
    return text, spans


def to_markup(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Inverse of :func:`parse_markup` for non-overlapping spans."""
    parts: list[str] = []
    pos = 0
    for start, end, label in sorted(spans):
        if start < pos:
            raise ValueError(f"overlapping span at {start}")
        parts += [text[pos:start], f"<{label}>", text[start:end], f"</{label}>"]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def to_markup_docs(docs) -> dict[str, str]:
    """Marked-up text of each document, by id."""
    return {str(d["id"]): to_markup(d["text"], sorted((e["start"], e["end"], e["label"]) for e in d["entities"])) for d in docs}


def from_markup_files(paths) -> list[dict]:
    """Our documents from marked-up ``.txt`` files (the id is the file name)."""
    from pathlib import Path

    out = []
    for p in map(Path, paths):
        text, spans = parse_markup(p.read_text(encoding="utf-8"))
        out.append({"id": p.stem, "text": text, "entities": [{"start": s.start, "end": s.end, "label": s.label} for s in spans]})
    return out
