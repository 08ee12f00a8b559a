"""cdsnlp as spaCy components: a tokenizer and four pipes.

``cdsnlp_rules`` finds LEGAL_DOC/DATE/METRIC with values (``doc.spans["cdsnlp_rules"]``),
``cdsnlp_tagger`` runs the CRF (``doc.spans["cdsnlp_tagger"]``), ``cdsnlp_merger``
merges both into ``doc.ents`` with ``span._.value`` and ``span._.score``
(the entity's confidence, see :mod:`cdsnlp.confidence`), and ``cdsnlp_linker`` fills
``doc._.officials``, ``doc._.agencies``, ``doc._.documents``, ``doc._.metrics``
and ``doc._.date``. Intermediate results travel in ``doc.user_data["cdsnlp"]``
(plain JSON data, removed by the merger).

All factories are registered through entry points (pyproject.toml), so
``spacy.blank("vi")`` + ``nlp.add_pipe("cdsnlp_rules")`` works once cdsnlp is
installed.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from ..confidence import TokenScores, rule_confidence
from ..merge import merge
from ..pipeline import model_path, with_values
from ..rules import Candidate, article_year, find_rule_entities
from ..rules.protect import protected_zones
from ..structure import structure
from ..tagger.crf import CRFTagger
from ..textnorm import _SURROGATE, Normalized, normalize
from ..tokenizer import tokenize, words_and_spaces
from ..types import Entity
from .extensions import register_extensions
from .msgpack_registry import cache_msgpack_hooks

cache_msgpack_hooks()  # Docs cross processes in nlp.pipe(n_process=...): see msgpack_registry

_KEY = "cdsnlp"


def _state(doc: Doc, norm: Normalized | None = None) -> dict[str, Any]:
    """Normalised text (with its offset map) and reference year of ``doc``,
    computed once per doc and kept as plain data until the merger removes it."""
    st = doc.user_data.get(_KEY)
    if st is None:
        norm = norm or normalize(doc.text)
        ref = article_year(norm.text)
        st = doc.user_data[_KEY] = {
            "norm": norm.text,
            "starts": list(norm._starts) if norm._starts is not None else None,
            "ends": list(norm._ends) if norm._ends is not None else None,
            "ref_year": ref.year if ref else None,
            "date": ref.isoformat() if ref else None,
        }
    return st


def _normalized(doc: Doc) -> Normalized:
    st = _state(doc)
    starts, ends = st["starts"], st.get("ends")
    return Normalized(st["norm"], doc.text, tuple(starts) if starts is not None else None,
                      tuple(ends) if ends is not None else None)


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


class CdsTokenizer:
    """Our syllable tokenizer as a spaCy tokenizer; ``doc.text`` is the input,
    unchanged (but for lone surrogates, which spaCy cannot store: U+FFFD)."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        norm = normalize(text)
        spans: list[tuple[int, int]] = []
        for t in tokenize(norm.text):
            s, e = norm.to_original(t.start, t.end)
            if spans and s < spans[-1][1]:  # tokens inside one composed cluster map to it whole: one word
                spans[-1] = (spans[-1][0], max(spans[-1][1], e))
            else:
                spans.append((s, e))
        # spaCy stores every word as UTF-8, which a lone surrogate is not: in
        # the Doc it is U+FFFD (one character for one, so offsets still hold)
        words, spaces = words_and_spaces(_SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text, spans)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        _state(doc, norm)  # the components reuse this normalisation
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / "cfg.json").write_text(json.dumps({"tokenizer": "cdsnlp.Tokenizer.v1"}), encoding="utf-8")

    def from_disk(self, path, *, exclude=()) -> CdsTokenizer:
        return self

    def to_bytes(self, *, exclude=()) -> bytes:
        return b"{}"

    def from_bytes(self, data: bytes, *, exclude=()) -> CdsTokenizer:
        return self


@registry.tokenizers("cdsnlp.Tokenizer.v1")
def create_tokenizer():
    """Factory for ``[nlp.tokenizer] @tokenizers = "cdsnlp.Tokenizer.v1"``."""

    def make(nlp: Language) -> CdsTokenizer:
        return CdsTokenizer(nlp.vocab)

    return make


class RulesComponent:
    """LEGAL_DOC, DATE and METRIC by the rule layers."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        st = _state(doc)
        norm = _normalized(doc)
        zones = protected_zones(norm.text)
        cands = find_rule_entities(norm.text, st["ref_year"], zones)
        st["zones"] = zones
        st["rules"] = [[c.start, c.end, c.label, c.value, c.priority] for c in cands]
        group = []
        for c in cands:
            s, e = norm.to_original(c.start, c.end)
            span = _span(doc, s, e, c.label)
            if span is not None:
                span._.value = c.value
                group.append(span)
        doc.spans["cdsnlp_rules"] = group
        return doc


class TaggerComponent:
    """The CRF sequence tagger (all six labels)."""

    def __init__(self, nlp: Language, name: str, model: str = "default") -> None:
        register_extensions()
        self.name = name
        self.model = model
        self._missing: str | None = None
        try:
            path = model_path(model)
        except FileNotFoundError as exc:
            # a pipeline saved with nlp.to_disk names the model folder it was built from,
            # which need not exist where it is loaded: from_disk then reads the saved copy
            path, self._missing = None, str(exc)
        self.tagger = CRFTagger.load(path) if path else None
        self._path = path

    def __call__(self, doc: Doc) -> Doc:
        if self._missing:
            raise FileNotFoundError(f"cdsnlp_tagger: {self._missing}")
        st = _state(doc)
        norm = _normalized(doc)
        rules = st.get("rules")
        if rules is None:
            rules = [[c.start, c.end, c.label, c.value, c.priority] for c in find_rule_entities(norm.text, st["ref_year"])]
        tagged: list[tuple[int, int, str]] = []
        if self.tagger is not None:
            tokens = tokenize(norm.text)
            tagged, marginals = self.tagger.tag_scored(norm.text, tokens, [(r[0], r[1], r[2]) for r in rules])
            scores = TokenScores()
            scores.add(tokens, marginals)
            st["marginals"] = scores.to_list()
        st["tagged"] = [list(t) for t in tagged]
        group = []
        for s0, e0, label in tagged:
            span = _span(doc, *norm.to_original(s0, e0), label)
            if span is not None:
                group.append(span)
        doc.spans["cdsnlp_tagger"] = group
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        if self._path is not None:
            for f in ("config.json", "model.crfsuite"):
                shutil.copy(Path(self._path) / f, out / f)

    def from_disk(self, path, *, exclude=()) -> TaggerComponent:
        if (Path(path) / "model.crfsuite").is_file():
            self._path = Path(path)
            self.tagger = CRFTagger.load(path)
            self._missing = None
        return self

    def __reduce__(self):
        # python-crfsuite objects do not pickle: rebuild from the model directory
        return (_rebuild_tagger, (self.name, str(self._path) if self._path else None))


def _rebuild_tagger(name: str, path: str | None) -> TaggerComponent:
    comp = TaggerComponent.__new__(TaggerComponent)
    register_extensions()
    comp.name, comp.model, comp._path, comp._missing = name, path or "none", Path(path) if path else None, None
    comp.tagger = CRFTagger.load(path) if path else None
    return comp


class MergerComponent:
    """One consistent ``doc.ents`` from rules and tagger (policy in cdsnlp.merge)."""

    def __init__(self, nlp: Language, name: str, tagger_fills_rule_labels: bool = True) -> None:
        register_extensions()
        self.name = name
        self.tagger_fills_rule_labels = tagger_fills_rule_labels

    def __call__(self, doc: Doc) -> Doc:
        st = _state(doc)
        norm = _normalized(doc)
        zones = st.get("zones") or protected_zones(norm.text)
        rules = [Candidate(s, e, label, value, prio) for s, e, label, value, prio in st.get("rules", [])]
        tagged = [tuple(t) for t in st.get("tagged", [])]
        scores = TokenScores.from_list(st.get("marginals", []))
        ents = []
        merged = merge(norm.text, rules, tagged, zones, tagger_fills_rule_labels=self.tagger_fills_rule_labels, fill_known="tagged" in st)
        for s, e, label, value, source in with_values(norm.text, merged, st["ref_year"]):
            span = _span(doc, *norm.to_original(s, e), label)
            if span is not None and all(span.start >= x.end or span.end <= x.start for x in ents):
                span._.value = value
                span._.score = rule_confidence(label) if source == "rules" else scores.span(s, e)
                if span._.score is None:  # filled in by the merge from a gazetteer
                    span._.score = rule_confidence(label)
                ents.append(span)
        doc.ents = ents
        doc._.date = st.get("date")
        doc.user_data.pop(_KEY, None)
        return doc


class LinkerComponent:
    """Document-level records: officials, agencies, documents, metrics."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        entities = [Entity(s.label_, s.text, s.start_char, s.end_char, s._.value or {}, "merged", s._.score) for s in doc.ents]
        result = structure(doc.text, entities)
        doc._.officials = [asdict(o) for o in result.officials]
        doc._.agencies = [asdict(a) for a in result.agencies]
        doc._.documents = [asdict(d) for d in result.documents]
        doc._.metrics = [asdict(m) for m in result.metrics]
        return doc


@Language.factory("cdsnlp_rules", assigns=["doc.spans"])
def make_rules(nlp: Language, name: str) -> RulesComponent:
    return RulesComponent(nlp, name)


@Language.factory("cdsnlp_tagger", default_config={"model": "default"}, assigns=["doc.spans"])
def make_tagger(nlp: Language, name: str, model: str) -> TaggerComponent:
    return TaggerComponent(nlp, name, model)


@Language.factory("cdsnlp_merger", default_config={"tagger_fills_rule_labels": True}, assigns=["doc.ents", "span._.value", "span._.score"])
def make_merger(nlp: Language, name: str, tagger_fills_rule_labels: bool) -> MergerComponent:
    return MergerComponent(nlp, name, tagger_fills_rule_labels)


@Language.factory("cdsnlp_linker", assigns=["doc._.officials", "doc._.agencies", "doc._.documents", "doc._.metrics"])
def make_linker(nlp: Language, name: str) -> LinkerComponent:
    return LinkerComponent(nlp, name)


# displaCy colours for the six labels (also exposed through the spacy_displacy_colors entry point)
DISPLACY_COLORS = {
    "OFFICIAL": "#f4a261",
    "ROLE": "#e9c46a",
    "AGENCY": "#8ecae6",
    "LEGAL_DOC": "#b5e48c",
    "DATE": "#cdb4db",
    "METRIC": "#ffafcc",
}


def load(model: str = "default") -> Language:
    """A ready ``spacy.Language``: our tokenizer plus rules, tagger, merger and linker."""
    import spacy

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "cdsnlp.Tokenizer.v1"}}})
    nlp.add_pipe("cdsnlp_rules")
    nlp.add_pipe("cdsnlp_tagger", config={"model": model})
    nlp.add_pipe("cdsnlp_merger")
    nlp.add_pipe("cdsnlp_linker")
    return nlp
