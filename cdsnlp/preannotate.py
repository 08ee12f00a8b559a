"""cdsnlp's predictions for an annotation tool: pre-annotation and ranking.

- :func:`predict_documents`: our documents with the entities cdsnlp finds
  (each with its ``score``), ready for :func:`~cdsnlp.annotation.labelstudio.label_studio_tasks`
  (``as_predictions=True``) or :func:`~cdsnlp.annotation.doccano.doccano_records`
  (``cdsnlp convert --predict``);
- :func:`label_studio_prediction`: one task's prediction in Label Studio's
  shape (``model_version``, ``score``, ``result``), for the ML backend;
- :func:`rank_uncertain`: documents ordered by how unsure the model is of
  their entities (``cdsnlp select --uncertain``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import __version__
from .confidence import document_uncertainty
from .pipeline import Extractor
from .types import Entity


def model_version(extractor: Extractor) -> str:
    """``cdsnlp-<version>/<model name>`` (``rules`` without a model)."""
    name = extractor.model_dir.name if extractor.model_dir is not None else "rules"
    return f"cdsnlp-{__version__}/{name}"


def entity_dicts(entities: Iterable[Entity]) -> list[dict[str, Any]]:
    """Entities as plain dicts: start, end, label, text, score."""
    return [{"start": e.start, "end": e.end, "label": e.label, "text": e.text, "score": e.score} for e in entities]


def predicted_entities(extractor: Extractor, text: str) -> list[dict[str, Any]]:
    """The entities cdsnlp finds in ``text``, as :func:`entity_dicts`."""
    return entity_dicts(extractor.extract(text))


def predict_documents(docs: Iterable[Mapping[str, Any]], extractor: Extractor) -> list[dict[str, Any]]:
    """Each document (``id``, ``text``) with cdsnlp's entities instead of its own."""
    return [{"id": d["id"], "text": d["text"], "entities": predicted_entities(extractor, d["text"])} for d in docs]


def label_studio_prediction(
    text: str, entities: Sequence[Mapping[str, Any]], version: str, *, from_name: str = "label", to_name: str = "text",
    labels: frozenset[str] | None = None,
) -> dict[str, Any]:
    """One Label Studio prediction: ``{"model_version", "score", "result"}``
    with one ``labels`` result (and its ``score``) per entity; with ``labels``,
    only entities whose label the project has. The prediction's score is the
    mean of its entities' scores (1.0 without entities)."""
    from .annotation.labelstudio import label_studio_result

    kept = [x for x in entities if labels is None or x["label"] in labels]
    result = label_studio_result(text, kept, from_name=from_name, to_name=to_name)
    scores = [r["score"] for r in result if "score" in r]
    return {"model_version": version, "score": round(sum(scores) / len(scores), 4) if scores else 1.0, "result": result}


def rank_uncertain(docs: Iterable[Mapping[str, Any]], extractor: Extractor) -> list[tuple[float, int, Mapping[str, Any], list[Entity]]]:
    """(uncertainty, input position, document, its predicted entities) of
    every document, most uncertain first (ties keep the input order); see
    :func:`cdsnlp.confidence.document_uncertainty`."""
    ranked = []
    for k, d in enumerate(docs):
        ents = extractor.extract(d["text"])
        ranked.append((document_uncertainty(ents), k, d, ents))
    ranked.sort(key=lambda x: (-x[0], x[1]))
    return ranked
