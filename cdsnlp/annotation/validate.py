"""Validation of guideline-format JSONL corpora.

Every problem is reported with ``file:line`` and a reason; nothing is dropped
silently. A document with any error is rejected whole, and the report counts
documents and entities read and rejected.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..tokenizer import ends_with_abbreviation
from ..types import LABELS
from .jsonl import iter_jsonl_files, jsonl_lines

# Characters a span may not start or end with (guideline: no whitespace, no
# commas, closing full stops, brackets or quotes around the expression).
_EDGE_PUNCT = set(",;:!?()[]{}\"“”'‘’«»…")


@dataclass
class ValidationIssue:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class ValidationReport:
    documents_read: int = 0
    documents_rejected: int = 0
    entities_read: int = 0
    entities_rejected: int = 0
    issues: list[ValidationIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> str:
        return (
            f"{self.documents_read} documents read, {self.documents_rejected} rejected; "
            f"{self.entities_read} entities read, {self.entities_rejected} rejected; {len(self.issues)} problems"
        )


def bad_edge(fragment: str) -> bool:
    """True when a span text starts or ends with whitespace or stray punctuation."""
    if fragment != fragment.strip():
        return True
    if fragment[0] in _EDGE_PUNCT or fragment[-1] in _EDGE_PUNCT:
        return True
    # a closing full stop is stray unless it ends an abbreviation ("TP.", "GS.") or initials
    return fragment.endswith(".") and not ends_with_abbreviation(fragment)


def check_document(doc: Any) -> tuple[list[str], int, int]:
    """Problems of one parsed document: (messages, entities read, entities rejected)."""
    if not isinstance(doc, dict):
        return ["a document must be a JSON object"], 0, 0
    problems: list[str] = []
    text = doc.get("text")
    if not isinstance(doc.get("id"), str) or not doc.get("id"):
        problems.append("missing or empty string 'id'")
    if not isinstance(text, str):
        return [*problems, "missing string 'text'"], 0, 0
    if not unicodedata.is_normalized("NFC", text):
        problems.append("text is not Unicode NFC")
    ents = doc.get("entities")
    if not isinstance(ents, list):
        return [*problems, "missing list 'entities'"], 0, 0
    rejected = 0
    spans: list[tuple[int, int, int]] = []
    for i, e in enumerate(ents):
        where = f"entity {i}"
        if not isinstance(e, dict) or not {"start", "end", "label"} <= set(e):
            problems.append(f"{where}: needs start, end and label")
            rejected += 1
            continue
        s, t, label = e["start"], e["end"], e["label"]
        if label not in LABELS:
            problems.append(f"{where}: unknown label {label!r} (allowed: {', '.join(LABELS)})")
            rejected += 1
            continue
        if not (isinstance(s, int) and isinstance(t, int)) or not 0 <= s < t <= len(text):
            problems.append(f"{where}: offsets [{s}, {t}) out of range for a text of {len(text)} characters")
            rejected += 1
            continue
        frag = text[s:t]
        if "text" in e and e["text"] != frag:
            problems.append(f"{where}: 'text' {e['text']!r} does not match text[{s}:{t}] = {frag!r}")
            rejected += 1
            continue
        if bad_edge(frag):
            problems.append(f"{where}: {label} {frag!r} starts or ends with whitespace or punctuation")
            rejected += 1
            continue
        spans.append((s, t, i))
    spans.sort()
    for (s1, t1, i1), (s2, t2, i2) in itertools.pairwise(spans):
        if s2 < t1:
            problems.append(f"entity {i2} [{s2}, {t2}) overlaps entity {i1} [{s1}, {t1})")
            rejected += 1
    return problems, len(ents), rejected


def validate_jsonl(*paths: str | Path) -> ValidationReport:
    """Validate JSONL files or folders; see :class:`ValidationReport`."""
    report = ValidationReport()
    seen_ids: dict[str, str] = {}
    seen_texts: dict[str, str] = {}
    for path in paths:
        for file in iter_jsonl_files(path):
            for n, line, bad in jsonl_lines(file):
                if bad is not None:
                    report.documents_read += 1
                    report.documents_rejected += 1
                    report.issues.append(ValidationIssue(str(file), n, bad))
                    continue
                if not line.strip():
                    continue
                report.documents_read += 1
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as exc:
                    report.issues.append(ValidationIssue(str(file), n, f"invalid JSON: {exc.msg} (column {exc.colno})"))
                    report.documents_rejected += 1
                    continue
                problems, n_ents, n_bad = check_document(doc)
                report.entities_read += n_ents
                doc_id = doc.get("id") if isinstance(doc, dict) else None
                text = doc.get("text") if isinstance(doc, dict) else None
                if isinstance(text, str):
                    key = " ".join(text.split())
                    if not key:
                        problems.append("empty text")
                    elif key in seen_texts:
                        problems.append(f"duplicate document: same text as {seen_texts[key]}")
                    else:
                        seen_texts[key] = f"{file}:{n}"
                if isinstance(doc_id, str) and doc_id:
                    if doc_id in seen_ids:
                        problems.append(f"duplicate id {doc_id!r} (first at {seen_ids[doc_id]})")
                    else:
                        seen_ids[doc_id] = f"{file}:{n}"
                if problems:
                    report.documents_rejected += 1
                    report.entities_rejected += n_ents if n_bad == 0 else n_bad
                    report.issues.extend(ValidationIssue(str(file), n, p) for p in problems)
    return report


def validate_documents(splits: dict[str, list[tuple[str, Any]]]) -> dict[str, list[str]]:
    """Problems of in-memory documents by ``file:line``: the checks of
    :func:`check_document`, plus empty texts, duplicate ids within a split and
    the same text twice anywhere (within a file, or across train/dev/test,
    which would leak between cross-validation folds or into the scores).

    Args:
        splits: split name -> list of (``file:line``, document).
    """
    problems: dict[str, list[str]] = {}
    seen_text: dict[str, tuple[str, str]] = {}
    for split, items in splits.items():
        seen_ids: dict[str, str] = {}
        for where, doc in items:
            found, _, _ = check_document(doc)
            if isinstance(doc, dict) and isinstance(doc.get("text"), str):
                text = doc["text"]
                if not text.strip():
                    found.append("empty text")
                else:
                    key = " ".join(text.split())
                    if key in seen_text:
                        first_split, first = seen_text[key]
                        across = f" ({first_split} vs {split})" if first_split != split else ""
                        found.append(f"duplicate document: same text as {first}{across}")
                    else:
                        seen_text[key] = (split, where)
                doc_id = doc.get("id")
                if isinstance(doc_id, str) and doc_id:
                    if doc_id in seen_ids:
                        found.append(f"duplicate id {doc_id!r} (first at {seen_ids[doc_id]})")
                    else:
                        seen_ids[doc_id] = where
            if found:
                problems.setdefault(where, []).extend(found)
    return problems
