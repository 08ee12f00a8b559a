"""The CRF sequence tagger at run time: loads a trained model directory and
tags documents. Training lives in :mod:`cdsnlp.tagger.training`.

A model directory holds ``model.crfsuite`` (python-crfsuite's binary, written
by sklearn-crfsuite) and ``config.json`` (feature configuration and labels).
Loading needs only python-crfsuite, so it is fast and offline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..annotation.iob import iob_to_spans, spans_to_iob
from ..tokenizer import Token, sentences
from .features import FeatureConfig, FeatureExtractor


class ModelLoadError(RuntimeError):
    """A model directory that is missing or unreadable."""


class CRFTagger:
    """Tags tokens with IOB2 labels using a trained CRF."""

    def __init__(self, model_file: Path, config: FeatureConfig, meta: dict[str, Any]) -> None:
        import pycrfsuite

        self.config = config
        self.meta = meta
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(model_file))
        except OSError as exc:
            raise ModelLoadError(f"cannot open CRF model {model_file}: {exc}") from None
        # only the attribute names the model has weights for are built at run
        # time: the same predictions, far fewer lookups inside crfsuite
        known = frozenset(name.encode("utf-8") for name in self._tagger.info().attributes)
        self.features = FeatureExtractor(config, known)

    @classmethod
    def load(cls, directory: str | Path) -> CRFTagger:
        """Load a model directory written by ``training/train.py``."""
        d = Path(directory)
        cfg_file, model_file = d / "config.json", d / "model.crfsuite"
        if not cfg_file.is_file() or not model_file.is_file():
            raise ModelLoadError(f"{d} is not a cdsnlp model directory (needs config.json and model.crfsuite)")
        meta = json.loads(cfg_file.read_text(encoding="utf-8"))
        return cls(model_file, FeatureConfig(**meta["features"]), meta)

    def document_features(self, text: str, tokens: Sequence[Token], rule_spans: Sequence[tuple[int, int, str]]) -> list[list[list[bytes]]]:
        """Feature sequences of one document, one per sentence."""
        rule_tags = spans_to_iob(tokens, rule_spans) if self.config.rule_tags else None
        extra = None
        if self.config.underthesea:
            from .underthesea_features import underthesea_features

            extra = underthesea_features(text, tokens)
        words = [t.text for t in tokens]
        return [
            self.features(words[a:b], rule_tags[a:b] if rule_tags else None, extra[a:b] if extra else None)
            for a, b in sentences(tokens, text)
        ]

    def tag(self, text: str, tokens: Sequence[Token], rule_spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Entity spans (character offsets into ``text``) predicted for ``tokens``."""
        if not tokens:
            return []
        return iob_to_spans(tokens, self.tags(text, tokens, rule_spans))

    def tag_scored(
        self, text: str, tokens: Sequence[Token], rule_spans: Sequence[tuple[int, int, str]]
    ) -> tuple[list[tuple[int, int, str]], list[tuple[int, float]]]:
        """:meth:`tag` and (token index, marginal probability of its tag) of
        every token not tagged ``O``: see :mod:`cdsnlp.confidence`."""
        if not tokens:
            return [], []
        marginals: list[tuple[int, float]] = []
        tags = self.tags(text, tokens, rule_spans, marginals)
        return iob_to_spans(tokens, tags), marginals

    def tags(
        self, text: str, tokens: Sequence[Token], rule_spans: Sequence[tuple[int, int, str]], marginals: list[tuple[int, float]] | None = None
    ) -> list[str]:
        """The IOB2 tag of every token. Each sentence's features are built and
        tagged in turn, so only one sentence's feature lists exist at a time.

        With a ``marginals`` list, (token index, P(y_i = tag_i | x)) of each
        token tagged B- or I- is appended to it (crfsuite's forward-backward,
        run only for sentences with such a tag)."""
        rule_tags = spans_to_iob(tokens, rule_spans) if self.config.rule_tags else None
        extra = None
        if self.config.underthesea:
            from .underthesea_features import underthesea_features

            extra = underthesea_features(text, tokens)
        words = [t.text for t in tokens]
        features, tag = self.features, self._tagger.tag
        tags: list[str] = []
        marginal = self._tagger.marginal
        for a, b in sentences(tokens, text):
            seq = tag(features(words[a:b], rule_tags[a:b] if rule_tags else None, extra[a:b] if extra else None))
            tags += seq
            if marginals is not None and seq.count("O") != len(seq):
                # the tagger still holds this sentence: its marginals are computed on first call
                marginals += [(a + i, marginal(t, i)) for i, t in enumerate(seq) if t != "O"]
        return tags

    def explain(self, top: int = 20) -> dict[str, list[tuple[str, float]]]:
        """The strongest transitions and state features of the model."""
        info = self._tagger.info()
        trans = sorted(info.transitions.items(), key=lambda kv: -abs(kv[1]))[:top]
        state = sorted(info.state_features.items(), key=lambda kv: -abs(kv[1]))[:top]
        return {
            "transitions": [(f"{a} -> {b}", w) for (a, b), w in trans],
            "state_features": [(f"{feat} => {label}", w) for (feat, label), w in state],
        }
