"""Scoring predicted entities against gold: strict span P/R/F1 per label and
micro-averaged, and seqeval's entity report on IOB2 token tags."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .annotation.iob import spans_to_iob
from .textnorm import normalize
from .tokenizer import tokenize
from .types import LABELS

Span = tuple[int, int, str]


@dataclass
class Scores:
    """Counts and P/R/F1 per label plus micro average."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    seqeval_report: str = ""

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}

    def label(self, label: str) -> dict[str, float]:
        return self._prf(self.tp[label], self.fp[label], self.fn[label])

    def micro(self, labels: Iterable[str] = LABELS) -> dict[str, float]:
        labels = list(labels)
        return self._prf(sum(self.tp[x] for x in labels), sum(self.fp[x] for x in labels), sum(self.fn[x] for x in labels))

    def to_dict(self, labels: Iterable[str] = LABELS) -> dict[str, Any]:
        labels = list(labels)
        return {"labels": {x: self.label(x) for x in labels}, "micro": self.micro(labels)}

    def table(self, labels: Iterable[str] = LABELS) -> str:
        labels = list(labels)
        rows = [f"{'label':<10} {'P':>7} {'R':>7} {'F1':>7} {'support':>8}"]
        for name, s in [(x, self.label(x)) for x in labels] + [("micro", self.micro(labels))]:
            rows.append(f"{name:<10} {s['precision']:>7.4f} {s['recall']:>7.4f} {s['f1']:>7.4f} {s['support']:>8}")
        return "\n".join(rows)


def score_documents(
    docs: Iterable[Mapping[str, Any]],
    predict: Callable[[Mapping[str, Any]], Iterable[Span]],
    labels: Iterable[str] = LABELS,
) -> Scores:
    """Score ``predict`` (document -> spans) on guideline-format documents
    (``id``, ``text``, ``entities``).

    Only ``labels`` are scored; gold and predicted spans of other labels are ignored.
    """
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    wanted = set(labels)
    scores = Scores()
    y_true: list[list[str]] = []
    y_pred: list[list[str]] = []
    for doc in docs:
        text = doc["text"]
        gold = {(e["start"], e["end"], e["label"]) for e in doc["entities"] if e["label"] in wanted}
        pred = {tuple(s) for s in predict(doc) if s[2] in wanted}
        for s in gold & pred:
            scores.tp[s[2]] += 1
        for s in pred - gold:
            scores.fp[s[2]] += 1
            scores.errors.append({"id": doc.get("id"), "type": "FP", "label": s[2], "text": text[s[0]:s[1]], "start": s[0]})
        for s in gold - pred:
            scores.fn[s[2]] += 1
            scores.errors.append({"id": doc.get("id"), "type": "FN", "label": s[2], "text": text[s[0]:s[1]], "start": s[0]})
        tokens = tokenize(normalize(text).text)
        y_true.append(spans_to_iob(tokens, gold))
        y_pred.append(spans_to_iob(tokens, pred))
    if any(any(t != "O" for t in seq) for seq in y_true + y_pred):
        scores.seqeval_report = classification_report(y_true, y_pred, mode="strict", scheme=IOB2, digits=4, zero_division=0)
    return scores
