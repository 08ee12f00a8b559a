"""Which annotation format a file is in, and reading any of them.

:func:`detect_format` looks at the content, not the file name:

- a JSON array of tasks with ``data`` -> ``labelstudio``; a JSON array of
  flat records -> ``labelstudio-min``;
- JSON lines with ``label`` triples or ``entities`` with ``start_offset``, or a
  ``data`` text key -> ``doccano``; JSON lines with ``entities`` holding
  ``start``/``end`` -> ``jsonl`` (ours);
- ``-DOCSTART-``, ``# id =`` or token/tag lines -> ``conll``.

:func:`read_annotations` reads a file in any of them (``fmt`` forces one) and
returns the documents, the ``file:line`` of each and an :class:`ImportReport`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .jsonl import read_text
from .labels import LabelMap
from .report import ImportIssue, ImportReport, RawSpan, build_document

READ_FORMATS = ("jsonl", "labelstudio", "labelstudio-min", "doccano", "conll")


def _first_json_line(data: str) -> Any:
    for line in data.splitlines():
        if line.strip():
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                return None
    return None


def detect_format(data: str) -> str:
    """The format of an annotation file's content (see the module docstring)."""
    body = data.lstrip("\ufeff \t\r\n")
    if body.startswith("["):
        try:
            items = json.loads(body)
        except json.JSONDecodeError as exc:
            raise ValueError(f"looks like a JSON array but is not valid JSON: {exc.msg} (line {exc.lineno})") from None
        if isinstance(items, list) and items and all(isinstance(t, dict) for t in items):
            return "labelstudio" if any("data" in t or "annotations" in t for t in items) else "labelstudio-min"
        raise ValueError("a JSON array, but not of Label Studio tasks")
    rec = _first_json_line(body)
    if isinstance(rec, dict):
        ents = rec.get("entities")
        if isinstance(ents, list) and ents and isinstance(ents[0], dict) and "start_offset" in ents[0]:
            return "doccano"
        if "label" in rec or "labels" in rec or ("data" in rec and "text" not in rec):
            return "doccano"
        if "relations" in rec:
            return "doccano"
        return "jsonl"
    first = next((line for line in body.splitlines() if line.strip()), "")
    if first.startswith(("-DOCSTART-", "# id = ")) or len(first.split()) >= 2:
        return "conll"
    raise ValueError("cannot tell the annotation format from the content; give it with --from")


def _read_ours(data: str, source: str, labels: LabelMap, **_: Any) -> tuple[list[dict[str, Any]], list[str], ImportReport]:
    """Our JSONL, through the same checks (label mapping, span text, NFC) as the tools' exports."""
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
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            report.skipped.append(ImportIssue(where, "a document needs a string 'text'"))
            continue
        ents = rec.get("entities", [])
        if not isinstance(ents, list):
            report.skipped.append(ImportIssue(where, "'entities' is not a list"))
            continue
        spans = [RawSpan(e.get("start"), e.get("end"), e.get("label"), e.get("text")) if isinstance(e, dict) else RawSpan(None, None, None) for e in ents]
        doc = build_document(str(rec.get("id", f"{Path(source).stem}-{n}")), rec["text"], spans, where, report, labels)
        docs.append(doc)
        where_list.append(where)
    return docs, where_list, report


def read_annotations(
    path: str | Path,
    fmt: str | None = None,
    *,
    text_field: str | None = None,
    annotator: str | None = None,
    use_predictions: bool = False,
    labels: LabelMap | None = None,
) -> tuple[list[dict[str, Any]], list[str], ImportReport, str]:
    """Read one annotation file: (documents, ``file:line`` of each, report, format used)."""
    from .conll import read_conll
    from .doccano import read_doccano
    from .labelstudio import read_label_studio

    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file")
    data = read_text(p)  # UTF-8 or as its byte-order mark says; an undecodable line is named
    fmt = fmt or detect_format(data)
    if fmt not in READ_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(READ_FORMATS)}")
    labels = labels or LabelMap()
    opts = {"text_field": text_field, "labels": labels}
    if fmt in ("labelstudio", "labelstudio-min"):
        docs, where, report = read_label_studio(data, str(p), annotator=annotator, use_predictions=use_predictions, **opts)
    elif fmt == "doccano":
        docs, where, report = read_doccano(data, str(p), **opts)
    elif fmt == "conll":
        docs, where, report = read_conll(data, str(p), labels=labels)
    else:
        docs, where, report = _read_ours(data, str(p), labels)
    return docs, where, report, fmt
