"""Doccano JSONL: sequence-labelling exports and relation-project exports.

Both shapes are read, one JSON object per line:

- sequence labelling: ``{"id", "text", "label": [[start, end, "LABEL"], ...]}``
  (``"labels"`` in some versions);
- projects with relations: ``{"id", "text", "entities": [{"id", "label",
  "start_offset", "end_offset"}], "relations": [...]}`` (relations ignored, noted);
- older versions put the text under ``"data"`` instead of ``"text"``.

Doccano writes no span text, so offsets are checked for range only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .labels import LabelMap
from .report import ImportIssue, ImportReport, RawSpan, build_document


def _record_spans(rec: Mapping[str, Any], report: ImportReport, where: str) -> list[RawSpan] | None:
    if isinstance(rec.get("entities"), list):
        spans = []
        for e in rec["entities"]:
            if isinstance(e, Mapping):
                spans.append(RawSpan(e.get("start_offset"), e.get("end_offset"), e.get("label")))
            else:
                spans.append(RawSpan(None, None, None))
        if rec.get("relations"):
            report.notes.append(ImportIssue(where, f"{len(rec['relations'])} relations ignored (entities only)"))
        return spans
    labels = rec.get("label", rec.get("labels"))
    if labels is None:
        return []
    if not isinstance(labels, list):
        return None
    spans = []
    for x in labels:
        if isinstance(x, list) and len(x) == 3:
            spans.append(RawSpan(x[0], x[1], x[2]))
        else:
            return None  # e.g. text classification: a list of category names
    return spans


def read_doccano(
    data: str, source: str = "<doccano>", *, text_field: str | None = None, labels: LabelMap | None = None, **_: Any
) -> tuple[list[dict[str, Any]], list[str], ImportReport]:
    """Documents of a Doccano JSONL export: (docs, ``file:line`` of each, report)."""
    labels = labels or LabelMap()
    report = ImportReport()
    docs, where_list = [], []
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            report.skipped.append(ImportIssue(where, f"invalid JSON: {exc.msg}"))
            continue
        if not isinstance(rec, Mapping):
            report.skipped.append(ImportIssue(where, "not a JSON object"))
            continue
        key = text_field or ("text" if isinstance(rec.get("text"), str) else "data")
        text = rec.get(key)
        if not isinstance(text, str):
            report.skipped.append(ImportIssue(where, f"no string {key!r} field"))
            continue
        spans = _record_spans(rec, report, where)
        if spans is None:
            report.skipped.append(ImportIssue(where, "'label' is not a list of [start, end, LABEL] (not a sequence-labelling export?)"))
            continue
        doc_id = str(rec.get("doc_id", rec.get("id", f"line-{n}")))
        docs.append(build_document(doc_id, text, spans, where, report, labels))
        where_list.append(where)
    return docs, where_list, report


def doccano_records(docs: Iterable[Mapping[str, Any]], *, shape: str = "label", model_version: str | None = None) -> list[dict[str, Any]]:
    """Doccano import records for our documents.

    ``shape="label"``: ``{"id", "text", "label": [[s, e, L]]}`` (sequence
    labelling); ``shape="entities"``: ``{"id", "text", "entities": [{id, label,
    start_offset, end_offset}], "relations": []}``. Doccano keeps unknown
    columns as metadata: entity scores (when any entity has ``score``) go in
    ``"scores"`` (one per span, same order) and ``model_version`` beside it.
    """
    if shape not in ("label", "entities"):
        raise ValueError(f"shape must be 'label' or 'entities', not {shape!r}")
    out = []
    for d in docs:
        ents = sorted(d["entities"], key=lambda e: (e["start"], e["end"]))
        rec: dict[str, Any] = {"id": d["id"], "text": d["text"]}
        if shape == "label":
            rec["label"] = [[e["start"], e["end"], e["label"]] for e in ents]
        else:
            rec["entities"] = [{"id": i, "label": e["label"], "start_offset": e["start"], "end_offset": e["end"]} for i, e in enumerate(ents, 1)]
            rec["relations"] = []
        if any(e.get("score") is not None for e in ents):
            rec["scores"] = [e.get("score") for e in ents]
        if model_version:
            rec["model_version"] = model_version
        out.append(rec)
    return out


def to_doccano(docs: Iterable[Mapping[str, Any]], **options: Any) -> str:
    """:func:`doccano_records` as JSONL text."""
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in doccano_records(docs, **options))


def from_doccano(data: str, **options: Any) -> list[dict[str, Any]]:
    """Documents only; raises ValueError when a record was skipped or a span rejected."""
    docs, _, report = read_doccano(data, **options)
    if report.skipped or report.rejected:
        raise ValueError("; ".join(str(x) for x in report.skipped + report.rejected))
    return docs
