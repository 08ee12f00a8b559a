"""From a raw string to entities with exact offsets and values.

:class:`Extractor` runs normalisation, tokenization, the rule layers, the
CRF tagger and the merge; :func:`extract` uses one shared default extractor.
:func:`analyze` adds the document records (:mod:`cdsnlp.structure`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

from .confidence import TokenScores, rule_confidence
from .merge import merge
from .model_store import resolve_model
from .rules import Candidate, article_year, find_rule_entities
from .rules.protect import protected_zones
from .streaming import tag_in_windows
from .structure import Document, structure
from .structure.authors import mark_authors
from .structure.dateline import article_date
from .tagger.crf import CRFTagger
from .textnorm import normalize
from .types import Entity
from .values import tagger_value


def _check_inputs(text: object, ref_date: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if ref_date is not None and not isinstance(ref_date, date):
        raise TypeError(f"ref_date must be a datetime.date or None, not {type(ref_date).__name__}")


def model_path(model: str | Path | None) -> Path | None:
    """The model directory meant by ``model`` (see :func:`cdsnlp.model_store.resolve_model`:
    ``"default"`` is ``$CDSNLP_MODEL`` or the shipped model, ``None`` means no model)."""
    return resolve_model(model)


def with_values(
    text: str, merged: list[tuple[int, int, str, Candidate | None]], ref_year: int | None
) -> Iterator[tuple[int, int, str, Mapping[str, Any], str]]:
    """(start, end, label, value, source) for merged spans of the normalised
    ``text``: rule entities keep their values, tagger ones get theirs here."""
    for s, e, label, cand in merged:
        if cand is not None:
            yield s, e, label, cand.value, "rules"
        else:
            yield s, e, label, tagger_value(label, text[s:e], text, s, ref_year), "tagger"


class Extractor:
    """Rules plus the CRF tagger.

    Args:
        model: ``"default"`` for the shipped model, a model directory, or
            ``None`` for the rule layers only (LEGAL_DOC, DATE, METRIC).
        tagger_fills_rule_labels: let the tagger add LEGAL_DOC/DATE/METRIC
            spans that the rules missed (see :mod:`cdsnlp.merge`).
        scores: give every entity a confidence (``Entity.score``, see
            :mod:`cdsnlp.confidence`); ``False`` leaves it None and skips
            the CRF's marginals.
    """

    def __init__(
        self, model: str | Path | Literal["default"] | None = "default", *, tagger_fills_rule_labels: bool = True, scores: bool = True
    ) -> None:
        path = model_path(model)
        self.model_dir = path
        self.tagger: CRFTagger | None = CRFTagger.load(path) if path else None
        self.tagger_fills_rule_labels = tagger_fills_rule_labels
        self.scores = scores

    def extract(self, text: str, *, ref_date: date | None = None) -> list[Entity]:
        """Entities of ``text`` sorted by start, never overlapping, offsets into ``text``."""
        _check_inputs(text, ref_date)
        if not text.strip():
            return []
        norm = normalize(text)
        t = norm.text
        ref = ref_date or article_year(t)
        ref_year = ref.year if ref else None
        zones = protected_zones(t)
        rules = find_rule_entities(t, ref_year, zones)
        tagged: list[tuple[int, int, str]] = []
        marginals = TokenScores() if self.scores else None
        if self.tagger is not None:
            tagged = tag_in_windows(self.tagger, t, [(c.start, c.end, c.label) for c in rules], scores=marginals)
        merged = merge(t, rules, tagged, zones, tagger_fills_rule_labels=self.tagger_fills_rule_labels, fill_known=self.tagger is not None)
        entities = []
        for s, e, label, value, source in with_values(t, merged, ref_year):
            start, end = norm.to_original(s, e)
            score = None
            if marginals is not None:
                score = rule_confidence(label) if source == "rules" else marginals.span(s, e)
                if score is None:  # a name the merge filled in from a gazetteer: no tagged token under it
                    score = rule_confidence(label)
            entities.append(Entity(label, text[start:end], start, end, value, source, score))  # type: ignore[arg-type]
        return entities

    def pipe(
        self, texts: Iterable[str], *, batch_size: int = 64, n_process: int = 1, ref_date: date | None = None
    ) -> Iterator[list[Entity]]:
        """The entities of each of ``texts``, in order: ``extract`` on each,
        in this process (``n_process=1``) or in ``n_process`` worker
        processes that get ``batch_size`` texts at a time."""
        from .batch import pipe

        return pipe(self, texts, batch_size, n_process, ref_date)


_default: Extractor | None = None
_lock = threading.Lock()


def default_extractor() -> Extractor:
    """The shared extractor with the shipped model, loaded on first use."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Extractor("default")
    return _default


_by_model: dict[Path | None, Extractor] = {}


def extractor_for(model: str | Path | None) -> Extractor:
    """An extractor for ``model`` (as :func:`cdsnlp.model_store.resolve_model`
    reads it), loaded once per model directory and then shared."""
    if model == "default":
        return default_extractor()
    path = resolve_model(model)
    with _lock:
        if path not in _by_model:
            _by_model[path] = Extractor(path)
        return _by_model[path]


def extract(text: str, *, ref_date: date | None = None) -> list[Entity]:
    """Find the entities of ``text`` with the shipped model and the rules.

    Args:
        text: the article, in any Unicode normal form.
        ref_date: the date that partial dates ("ngày 6/6", "quý II") are
            read against; by default the article's own date when the text
            shows one near its top.

    Returns:
        Entities sorted by ``start``, never overlapping, whose offsets index
        ``text`` itself.
    """
    _check_inputs(text, ref_date)
    return default_extractor().extract(text, ref_date=ref_date)


def analyze(text: str, *, ref_date: date | None = None, extractor: Extractor | None = None, model: str | Path | None = "default",
            authors: Iterable[str] = (), published: str | date | None = None) -> Document:
    """Entities plus the document-level records of ``text``.

    Args:
        text: the article.
        ref_date: reference date for partial dates; by default the article's
            own date when the text shows one (also returned as ``date``).
        extractor: a custom :class:`Extractor` (default: the shipped model).
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
