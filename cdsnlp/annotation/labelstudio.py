"""Label Studio: the JSON export (a list of tasks), JSON-MIN, and our writer.

Reading, the rule for which annotation of a task is used:

1. annotations with ``was_cancelled: true`` (skipped by the annotator) are
   never used;
2. with ``annotator=`` only annotations ``completed_by`` that user (id or
   e-mail) count;
3. of the rest, the latest (``updated_at``, else ``created_at``, else the last
   in the list) is used; the others are noted in the report;
4. a task with no usable annotation is skipped and listed — never read as a
   document without entities; ``use_predictions=True`` takes its latest
   prediction instead.

A submitted annotation with an empty ``result`` is a document without
entities. Results of other types (choices, relations, text areas) are
ignored and noted. The text is ``data[text_field]``; without ``text_field``,
``data["text"]``, else the only string field of ``data``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .labels import LabelMap
from .report import ImportIssue, ImportReport, RawSpan, build_document, json_array_items


def _when(ann: Mapping[str, Any], k: int) -> tuple[str, int]:
    return (str(ann.get("updated_at") or ann.get("created_at") or ""), k)


def _by(ann: Mapping[str, Any]) -> set[str]:
    who = ann.get("completed_by")
    if isinstance(who, Mapping):
        return {str(who.get(x)) for x in ("id", "email", "username") if who.get(x) is not None}
    return {str(who)} if who is not None else set()


def choose_annotation(
    task: Mapping[str, Any], annotator: str | None = None, use_predictions: bool = False
) -> tuple[Mapping[str, Any] | None, str, int]:
    """(the annotation to use or None, why, how many others were passed over)."""
    anns = [a for a in (task.get("annotations") or task.get("completions") or []) if isinstance(a, Mapping)]
    live = [a for a in anns if not a.get("was_cancelled")]
    cancelled = len(anns) - len(live)
    if annotator is not None:
        live = [a for a in live if annotator in _by(a)]
    if live:
        best = max(enumerate(live), key=lambda ka: _when(ka[1], ka[0]))[1]
        return best, "annotation", len(anns) - 1
    preds = [p for p in task.get("predictions") or [] if isinstance(p, Mapping)]
    if use_predictions and preds:
        best = max(enumerate(preds), key=lambda kp: _when(kp[1], kp[0]))[1]
        return best, "prediction", len(anns)
    if not anns and preds:
        return None, f"only predictions ({len(preds)}), no annotation (use --use-predictions to import them)", 0
    if not anns:
        return None, "no annotation", 0
    if annotator is not None:
        return None, f"no non-cancelled annotation by {annotator} ({len(anns)} annotations, {cancelled} cancelled)", 0
    return None, f"all {len(anns)} annotations cancelled", 0


def _text_of(data: Mapping[str, Any], text_field: str | None) -> tuple[str | None, str]:
    if text_field is not None:
        v = data.get(text_field)
        return (v, text_field) if isinstance(v, str) else (None, f"no string field {text_field!r} in data (fields: {', '.join(data)})")
    if isinstance(data.get("text"), str):
        return data["text"], "text"
    strings = [k for k, v in data.items() if isinstance(v, str)]
    if len(strings) == 1:
        return data[strings[0]], strings[0]
    return None, f"no 'text' field in data and {len(strings)} string fields ({', '.join(strings)}): name one with --text-field"


def _spans(result: Iterable[Any], report: ImportReport, where: str) -> list[RawSpan]:
    spans, other = [], []
    for r in result:
        v = r.get("value") if isinstance(r, Mapping) else None
        if not isinstance(v, Mapping) or "start" not in v or "labels" not in v:
            other.append(str(r.get("type")) if isinstance(r, Mapping) else type(r).__name__)
            continue
        labels = v.get("labels") or []
        if len(labels) != 1:
            # several labels on one span cannot be one entity: reject rather than pick
            spans.append(RawSpan(v.get("start"), v.get("end"), "+".join(map(str, labels)) or None, v.get("text")))
            continue
        spans.append(RawSpan(v.get("start"), v.get("end"), labels[0], v.get("text"), r.get("score", v.get("score"))))
    if other:
        report.notes.append(ImportIssue(where, f"{len(other)} results that are not span labels ignored ({', '.join(sorted(set(other)))})"))
    return spans


def read_label_studio(
    data: str,
    source: str = "<label studio>",
    *,
    text_field: str | None = None,
    annotator: str | None = None,
    use_predictions: bool = False,
    labels: LabelMap | None = None,
) -> tuple[list[dict[str, Any]], list[str], ImportReport]:
    """Documents of a Label Studio JSON export (or JSON-MIN): (docs, their
    ``file:line`` locations, report)."""
    labels = labels or LabelMap()
    report = ImportReport()
    docs, where_list = [], []
    items = json_array_items(data)
    minimal = bool(items) and all(isinstance(t, Mapping) and "data" not in t and "annotations" not in t for _, t in items)
    if minimal:
        return _read_min(items, source, text_field, annotator, labels)
    for line, task in items:
        where = f"{source}:{line}"
        if not isinstance(task, Mapping) or not isinstance(task.get("data"), Mapping):
            report.skipped.append(ImportIssue(where, "not a Label Studio task (no 'data' object)"))
            continue
        tid = task.get("id")
        text, field_or_why = _text_of(task["data"], text_field)
        if text is None:
            report.skipped.append(ImportIssue(where, f"task {tid}: {field_or_why}"))
            continue
        ann, why, passed = choose_annotation(task, annotator, use_predictions)
        if ann is None:
            report.skipped.append(ImportIssue(where, f"task {tid}: {why}"))
            continue
        if passed:
            report.notes.append(ImportIssue(where, f"task {tid}: used the latest usable {why} (id {ann.get('id')}), {passed} other(s) not used"))
        elif why == "prediction":
            report.notes.append(ImportIssue(where, f"task {tid}: imported its prediction (no annotation)"))
        doc_id = str(task["data"].get("doc_id", tid if tid is not None else f"task-{line}"))
        doc = build_document(doc_id, text, _spans(ann.get("result") or [], report, where), where, report, labels)
        docs.append(doc)
        where_list.append(where)
    return docs, where_list, report


def read_label_studio_texts(data: str, source: str = "<label studio>", *, text_field: str | None = None) -> tuple[list[dict[str, Any]], ImportReport]:
    """The text of every task of a Label Studio JSON (or JSON-MIN) file,
    annotated or not, as documents without entities (for pre-annotation);
    tasks without a usable text are skipped and listed."""
    report = ImportReport()
    docs = []
    for line, task in json_array_items(data):
        where = f"{source}:{line}"
        if not isinstance(task, Mapping):
            report.skipped.append(ImportIssue(where, "not a JSON object"))
            continue
        fields = task["data"] if isinstance(task.get("data"), Mapping) else {
            k: v for k, v in task.items() if k not in ("created_at", "updated_at", "annotator", "annotations", "predictions")}
        text, field_or_why = _text_of(fields, text_field)
        if text is None:
            report.skipped.append(ImportIssue(where, f"task {task.get('id')}: {field_or_why}"))
            continue
        tid = task.get("id")
        docs.append({"id": str(fields.get("doc_id", tid if tid is not None else f"task-{line}")), "text": text, "entities": []})
    report.documents = len(docs)
    return docs, report


def _span_lists(task: Mapping[str, Any]) -> list[str]:
    return [k for k, v in task.items() if isinstance(v, list) and v and all(isinstance(x, Mapping) and "start" in x and "labels" in x for x in v)]


def _read_min(items, source, text_field, annotator, labels) -> tuple[list[dict[str, Any]], list[str], ImportReport]:
    """JSON-MIN: one flat record per task (data fields at the top, the labels
    under the labelling tag's name, ``annotator``/``annotation_id``)."""
    report = ImportReport()
    chosen: dict[Any, tuple[int, Mapping[str, Any]]] = {}
    order: list[Any] = []
    for line, rec in items:
        where = f"{source}:{line}"
        if not isinstance(rec, Mapping):
            report.skipped.append(ImportIssue(where, "not a JSON object"))
            continue
        key = rec.get("id", f"line-{line}")
        if annotator is not None and str(rec.get("annotator")) != annotator:
            report.skipped.append(ImportIssue(where, f"task {key}: annotation by {rec.get('annotator')}, not {annotator}"))
            continue
        if not _span_lists(rec) and "annotation_id" not in rec:
            report.skipped.append(ImportIssue(where, f"task {key}: no annotation"))
            continue
        if key in chosen:
            prev_line, prev = chosen[key]
            newer = str(rec.get("updated_at") or rec.get("created_at") or "") >= str(prev.get("updated_at") or prev.get("created_at") or "")
            loser = prev_line if newer else line
            report.notes.append(ImportIssue(f"{source}:{loser}", f"task {key}: an older annotation, not used (latest is used)"))
            if newer:
                chosen[key] = (line, rec)
            continue
        chosen[key] = (line, rec)
        order.append(key)
    docs, where_list = [], []
    for key in order:
        line, rec = chosen[key]
        where = f"{source}:{line}"
        text, field_or_why = _text_of({k: v for k, v in rec.items() if k not in ("created_at", "updated_at", "annotator")}, text_field)
        if text is None:
            report.skipped.append(ImportIssue(where, f"task {key}: {field_or_why}"))
            continue
        spans: list[RawSpan] = []
        for name in _span_lists(rec):
            spans += _spans([{"value": v} for v in rec[name]], report, where)
        docs.append(build_document(str(rec.get("doc_id", key)), text, spans, where, report, labels))
        where_list.append(where)
    return docs, where_list, report


def label_studio_result(
    text: str, entities: Iterable[Mapping[str, Any]], *, from_name: str = "label", to_name: str = "text", prefix: str = ""
) -> list[dict[str, Any]]:
    """The ``result`` list of one task: one ``labels`` region per entity, in
    text order. An entity's ``score`` goes into ``value.score`` (where Label
    Studio's pre-annotation docs put a span's score) and beside ``value``
    (where ML backends put it). Region ids are ``prefix`` + a number: Label
    Studio wants them unique."""
    result = []
    for i, e in enumerate(sorted(entities, key=lambda e: (e["start"], e["end"]))):
        value: dict[str, Any] = {"start": e["start"], "end": e["end"], "text": text[e["start"] : e["end"]], "labels": [e["label"]]}
        r: dict[str, Any] = {"id": f"{prefix}r{i}", "from_name": from_name, "to_name": to_name, "type": "labels", "value": value}
        if e.get("score") is not None:
            value["score"] = r["score"] = e["score"]
        result.append(r)
    return result


def label_studio_tasks(
    docs: Iterable[Mapping[str, Any]],
    *,
    as_predictions: bool = False,
    model_version: str | None = None,
    from_name: str = "label",
    to_name: str = "text",
    text_field: str = "text",
) -> list[dict[str, Any]]:
    """Label Studio tasks (the import/export JSON shape) for our documents.

    Each entity becomes a ``labels`` result; an entity's optional ``score``
    is written as the result's ``score``. With ``as_predictions`` the
    results go under ``predictions`` (with ``model_version`` and the mean
    score as the prediction's ``score``), ready to import for correction;
    otherwise under ``annotations``.
    """
    tasks = []
    for k, d in enumerate(docs, 1):
        text = d["text"]
        result = label_studio_result(text, d["entities"], from_name=from_name, to_name=to_name, prefix=f"t{k}-")
        task: dict[str, Any] = {"id": k, "data": {text_field: text, "doc_id": str(d["id"])}}
        if as_predictions:
            scores = [r["score"] for r in result if "score" in r]
            pred: dict[str, Any] = {"model_version": model_version or d.get("model_version") or "cdsnlp", "result": result}
            if scores:
                pred["score"] = round(sum(scores) / len(scores), 4)
            task["predictions"] = [pred]
        else:
            task["annotations"] = [{"result": result}]
        tasks.append(task)
    return tasks


def to_label_studio(docs: Iterable[Mapping[str, Any]], **options: Any) -> str:
    """:func:`label_studio_tasks` as JSON text."""
    return json.dumps(label_studio_tasks(docs, **options), ensure_ascii=False, indent=1)


def from_label_studio(data: str, **options: Any) -> list[dict[str, Any]]:
    """Documents only (see :func:`read_label_studio` for the report); raises
    ValueError when any task was skipped or span rejected."""
    docs, _, report = read_label_studio(data, **options)
    if report.skipped or report.rejected:
        raise ValueError("; ".join(str(x) for x in report.skipped + report.rejected))
    return docs
