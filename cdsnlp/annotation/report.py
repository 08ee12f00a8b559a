"""What an import did: documents read, tasks skipped, spans repaired or rejected.

Every reader of a tool's export (Label Studio, Doccano, CoNLL) fills an
:class:`ImportReport` so that nothing is dropped without a line saying where
and why. :func:`place_span` is the one place where a span whose ``text`` does
not match ``text[start:end]`` is repaired (offsets counted on the text with a
BOM, with CRLF line ends, or before NFC normalisation; or the span text found
once nearby) or rejected.
"""

from __future__ import annotations

import bisect
import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# how far (characters) from the given offsets a mismatched span text is looked for
NEARBY = 64


@dataclass
class ImportIssue:
    where: str  # "file:line"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ImportReport:
    """Counts and itemised problems of one import (one or more files)."""

    documents: int = 0
    entities: int = 0
    skipped: list[ImportIssue] = field(default_factory=list)  # tasks/records not imported at all
    repaired: list[ImportIssue] = field(default_factory=list)  # spans moved to where their text is
    rejected: list[ImportIssue] = field(default_factory=list)  # spans (or documents) that could not be used
    notes: list[ImportIssue] = field(default_factory=list)  # choices made that change nothing the user annotated
    unknown_labels: Counter = field(default_factory=Counter)
    rejected_docs: set = field(default_factory=set)  # ids of documents that lost a span

    def extend(self, other: ImportReport) -> None:
        self.documents += other.documents
        self.entities += other.entities
        self.skipped += other.skipped
        self.repaired += other.repaired
        self.rejected += other.rejected
        self.notes += other.notes
        self.unknown_labels.update(other.unknown_labels)
        self.rejected_docs |= other.rejected_docs

    @property
    def ok(self) -> bool:
        """True when no span or document was rejected."""
        return not self.rejected

    def summary(self) -> str:
        s = (
            f"{self.documents} documents, {self.entities} entities imported; {len(self.skipped)} tasks skipped, "
            f"{len(self.repaired)} spans repaired, {len(self.rejected)} rejected"
        )
        if self.unknown_labels:
            s += "; unknown labels: " + ", ".join(f"{k}={v}" for k, v in sorted(self.unknown_labels.items()))
        return s

    def lines(self) -> list[str]:
        """One line per itemised problem, with its kind."""
        out = [f"skipped: {x}" for x in self.skipped]
        out += [f"repaired: {x}" for x in self.repaired]
        out += [f"rejected: {x}" for x in self.rejected]
        out += [f"note: {x}" for x in self.notes]
        return out


def _inverse(starts: list[int] | tuple[int, ...], n_raw: int) -> list[int]:
    """For a monotone map final index -> raw index, the map raw -> final (first final index at or after)."""
    return [bisect.bisect_left(starts, j) for j in range(n_raw + 1)]


@dataclass
class CleanText:
    """A tool's text made ours (BOM removed, NFC) with maps from the
    coordinates a tool may have counted in to ours."""

    raw: str
    text: str
    raw_to_final: list[int] | None  # None: identical
    changes: list[str]
    shift: int = 0  # 1 when a leading BOM was removed

    def map_raw(self, i: int) -> int:
        return i if self.raw_to_final is None else self.raw_to_final[i]


def clean_text(raw: str) -> CleanText:
    """Drop a leading BOM and NFC-normalise (not tone placement: that is the
    tokenizer's business), keeping the offset map."""
    changes = []
    body, shift = raw, 0
    if body.startswith("\ufeff"):
        body, shift = body[1:], 1
        changes.append("leading BOM removed")
    starts: list[int] | None = None
    if unicodedata.is_normalized("NFC", body):
        text = body
    else:
        text, starts = _nfc_with_starts(body)
        changes.append("text NFC-normalised (offsets mapped)")
    if shift == 0 and starts is None:
        return CleanText(raw, text, None, changes)
    full = [shift + s for s in (starts if starts is not None else range(len(text) + 1))]
    return CleanText(raw, text, _inverse(full, len(raw)), changes, shift)


def _nfc_with_starts(body: str) -> tuple[str, list[int]]:
    """NFC of ``body`` composed one base character (with its marks) at a time,
    and for each output character the input offset it came from."""
    parts: list[str] = []
    starts: list[int] = []
    i, n = 0, len(body)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(body[j]):
            j += 1
        composed = unicodedata.normalize("NFC", body[i:j])
        parts.append(composed)
        starts.extend([i] * len(composed))
        i = j
    starts.append(n)
    return "".join(parts), starts


def _crlf_to_raw(raw: str) -> list[int] | None:
    """Map from offsets counted on ``raw`` with CRLF as one character to raw offsets."""
    if "\r\n" not in raw:
        return None
    out = []
    i = 0
    while i < len(raw):
        out.append(i)
        i += 2 if raw.startswith("\r\n", i) else 1
    out.append(len(raw))
    return out


def place_span(ct: CleanText, start: Any, end: Any, expected: str | None) -> tuple[tuple[int, int] | None, str | None]:
    """Where the span (start, end) with annotated text ``expected`` lies in ``ct.text``.

    Returns ``((s, e), None)`` when the offsets are right, ``((s, e), why)``
    when they were repaired, and ``(None, why)`` when the span is rejected.
    """
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        return None, f"offsets {start!r}, {end!r} are not integers"
    n = len(ct.raw)
    if expected is None:  # nothing to check the offsets against
        if not 0 <= start < end <= n:
            return None, f"offsets [{start}, {end}) out of range for a text of {n} characters"
        return (ct.map_raw(start), ct.map_raw(end)), None
    want = unicodedata.normalize("NFC", expected.lstrip("\ufeff"))
    text = ct.text
    candidates: list[tuple[str | None, int, int]] = []
    if 0 <= start < end <= n:
        candidates.append((None, ct.map_raw(start), ct.map_raw(end)))
    if ct.raw_to_final is not None and 0 <= start < end <= len(text):  # counted on our (clean) text
        candidates.append(("offsets counted without the BOM / after NFC", start, end))
    if ct.shift and 0 <= start < end <= n - ct.shift:
        candidates.append(("offsets counted without the leading BOM", ct.map_raw(start + ct.shift), ct.map_raw(end + ct.shift)))
    crlf = _crlf_to_raw(ct.raw[ct.shift :])
    if crlf is not None and 0 <= start < end < len(crlf):
        why = "offsets counted with CRLF line ends as one character" + (" and without the BOM" if ct.shift else "")
        candidates.append((why, ct.map_raw(crlf[start] + ct.shift), ct.map_raw(crlf[end] + ct.shift)))
    flat = want.replace("\r\n", "\n")  # a tool may show (and copy) CRLF text with LF line ends
    for why, s, e in candidates:
        if text[s:e] == want or text[s:e].replace("\r\n", "\n") == flat:
            return (s, e), why
    if not want:
        return None, "empty span text"
    # the span text once near the given offsets
    centre = ct.map_raw(min(max(start, 0), n))
    lo, hi = max(0, centre - NEARBY), min(len(text), centre + len(want) + NEARBY)
    if "\r\n" in text and "\n" in flat:
        want = flat.replace("\n", "\r\n")
        hi += want.count("\n")
    hits = []
    at = text.find(want, lo)
    while 0 <= at and at + len(want) <= hi:
        hits.append(at)
        at = text.find(want, at + 1)
    shown = text[candidates[0][1] : candidates[0][2]] if candidates else ""
    if len(hits) == 1:
        return (hits[0], hits[0] + len(want)), f"text {want!r} found at {hits[0]} (offsets said {start}; text there {shown!r})"
    if hits:
        return None, f"text {want!r} does not match text[{start}:{end}] = {shown!r} and occurs {len(hits)} times nearby"
    return None, f"text {want!r} does not match text[{start}:{end}] = {shown!r} and is not found within {NEARBY} characters"


@dataclass
class RawSpan:
    start: Any
    end: Any
    label: Any
    text: str | None = None  # the span text the tool wrote, when it writes one
    score: float | None = None


def build_document(
    doc_id: str,
    raw_text: str,
    spans: list[RawSpan],
    where: str,
    report: ImportReport,
    labels: Any,
) -> dict[str, Any] | None:
    """Our document from a tool's text and spans; every repair and rejection
    goes into ``report``. A document with a rejected span is still returned
    (without that span) and the rejection is listed: callers that train refuse
    such documents (see ``cdsnlp train --skip-invalid``)."""
    ct = clean_text(raw_text)
    for c in ct.changes:
        report.notes.append(ImportIssue(where, f"document {doc_id}: {c}"))
    ents: list[dict[str, Any]] = []
    for k, sp in enumerate(spans):
        what = f"document {doc_id} span {k}"
        label = labels(sp.label) if isinstance(sp.label, str) else None
        if label is None:
            report.unknown_labels[str(sp.label)] += 1
            report.rejected.append(ImportIssue(where, f"{what}: unknown label {sp.label!r} (map it with --labels THEIRS=OURS)"))
            report.rejected_docs.add(doc_id)
            continue
        placed, why = place_span(ct, sp.start, sp.end, sp.text)
        if placed is None:
            report.rejected.append(ImportIssue(where, f"{what} {label}: {why}"))
            report.rejected_docs.add(doc_id)
            continue
        if why:
            report.repaired.append(ImportIssue(where, f"{what} {label}: {why}"))
        ent: dict[str, Any] = {"start": placed[0], "end": placed[1], "label": label}
        if sp.score is not None:
            ent["score"] = sp.score
        ents.append(ent)
    ents.sort(key=lambda e: (e["start"], e["end"], e["label"]))
    report.documents += 1
    report.entities += len(ents)
    return {"id": doc_id, "text": ct.text, "entities": ents}


def json_array_items(data: str) -> list[tuple[int, Any]]:
    """The elements of a top-level JSON array with the line each starts on."""
    dec = json.JSONDecoder()
    i = 0
    n = len(data)

    def skip(i: int) -> int:
        while i < n and data[i] in " \t\r\n\ufeff":
            i += 1
        return i

    i = skip(i)
    if i >= n or data[i] != "[":
        raise ValueError("not a JSON array")
    i = skip(i + 1)
    out: list[tuple[int, Any]] = []
    if i < n and data[i] == "]":
        return out
    line, last = 1, 0
    while True:
        line += data.count("\n", last, i)
        last = i
        obj, i = dec.raw_decode(data, i)
        out.append((line, obj))
        i = skip(i)
        if i < n and data[i] == ",":
            i = skip(i + 1)
            continue
        if i < n and data[i] == "]":
            return out
        raise ValueError(f"line {data.count(chr(10), 0, i) + 1}: expected ',' or ']' in the JSON array")
