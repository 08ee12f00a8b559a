"""How sure cdsnlp is of each entity: ``Entity.score`` in [0, 1].

- **Tagger entities**: the CRF gives, for every token i, the marginal
  probability P(y_i = t | x) of the tag t it chose (crfsuite's
  forward-backward over the sentence, :meth:`CRFTagger.tag_scored`). A
  span's score is the **smallest** marginal of its tokens' B-/I- tags. The
  exact probability of the span (all its tags together) is not exposed by
  crfsuite; it is at most this minimum, and the product of the marginals
  (which would treat neighbouring tags as independent) is far too low for
  long names. The minimum is the better calibrated of the two on the
  validation split (``training/calibration.py``; table in models/README.md).
  When the merge trims or splits a tagger span, the score is taken over the
  tokens that remain in the final span.
- **Rule entities** (LEGAL_DOC, DATE, METRIC found by the pattern layers)
  get a fixed confidence per label, the precision of the rules measured on
  the corpus (``resources/confidence.json``): the rules have no probability
  of their own.

Documents are ranked for annotation by :func:`document_uncertainty`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from functools import cache

from .resources import load_json


@cache
def rule_confidence(label: str) -> float:
    """The fixed confidence of a rule entity of ``label``."""
    table = load_json("confidence.json")["rules"]
    return float(table.get(label, table["default"]))


class TokenScores:
    """The tag marginals of the tokens a tagger put in entities, by character
    offset into the text it tagged (tokens tagged ``O`` are not kept)."""

    __slots__ = ("_ends", "_probs", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._probs: list[float] = []

    def add(self, tokens: Sequence, marginals: Iterable[tuple[int, float]], offset: int = 0) -> None:
        """Add (token index, marginal) pairs of ``tokens`` (a window starting
        at ``offset`` in the text), in text order."""
        for i, p in marginals:
            tok = tokens[i]
            self._starts.append(tok.start + offset)
            self._ends.append(tok.end + offset)
            self._probs.append(p)

    def marginals(self, start: int, end: int) -> list[float]:
        """The marginals of the tagged tokens overlapping [start, end)."""
        k = bisect.bisect_right(self._ends, start)  # the first token ending after start
        j = bisect.bisect_left(self._starts, end, lo=k)
        return self._probs[k:j]

    def span(self, start: int, end: int) -> float | None:
        """The score of the span [start, end): the smallest marginal of the
        tagged tokens overlapping it, or None when none does."""
        probs = self.marginals(start, end)
        return round(min(probs), 4) if probs else None

    def to_list(self) -> list[list[float]]:
        """[start, end, marginal] of every token, as plain data."""
        return [[s, e, p] for s, e, p in zip(self._starts, self._ends, self._probs, strict=True)]

    @classmethod
    def from_list(cls, rows: Iterable[Sequence[float]]) -> TokenScores:
        out = cls()
        for s, e, p in rows:
            out._starts.append(int(s))
            out._ends.append(int(e))
            out._probs.append(float(p))
        return out

    def __len__(self) -> int:
        return len(self._probs)


def document_uncertainty(entities: Iterable) -> float:
    """How unsure the model is about a document's entities: the sum, over
    the entities the tagger found, of (1 - score), i.e. the expected number
    of wrong tagger entities in the document. Rule entities do not count
    (their fixed confidence says nothing about this document, and more
    annotation does not change the rules). A document with many doubtful
    entities ranks before one with a single doubtful entity: for the same
    number of documents to annotate, it teaches the model more. A document
    without tagger entities scores 0."""
    return round(sum(1.0 - e.score for e in entities if e.source == "tagger" and e.score is not None), 4)
