"""Span control for runaway AGENCY spans (issue 15), measured without changing the library.

    python -m training.span_control GOLD.jsonl... --method marginal --tau 0.5 --min-len 3
    python -m training.span_control GOLD.jsonl... --method vocab --min-len 4

Both act on the tagger's AGENCY spans before the merge:

- ``marginal``: re-decode a long span with the CRF's marginals: in an AGENCY
  of at least ``--min-len`` tokens, cut before the first lower-case token
  (after the first two) whose tag marginal is below ``--tau``;
- ``vocab``: a length- and context-aware check: in an AGENCY of at least
  ``--min-len`` tokens, cut before the first lower-case token never seen
  inside an AGENCY of the train split (the vocabulary is learned from the
  corpus, not written by hand).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import cdsnlp.pipeline as pipeline
from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.confidence import TokenScores
from cdsnlp.evaluation import score_documents
from cdsnlp.tokenizer import tokenize
from cdsnlp.types import LABELS

TRAIN = Path("data/corpus/train.jsonl")


def agency_vocab(path: Path = TRAIN) -> frozenset[str]:
    """Lower-case words seen inside AGENCY spans of ``path``."""
    words = set()
    for d in read_jsonl(path):
        for e in d["entities"]:
            if e["label"] == "AGENCY":
                words.update(t.text for t in tokenize(d["text"][e["start"] : e["end"]]) if t.text.islower())
    return frozenset(words)


def controlled(text: str, spans, scores: TokenScores | None, keep: Callable[[int, object, float | None], bool], min_len: int):
    out = []
    for s, e, label in spans:
        if label == "AGENCY":
            toks = tokenize(text[s:e])
            if len(toks) >= min_len:
                for k in range(2, len(toks)):
                    t = toks[k]
                    m = scores.marginals(s + t.start, s + t.end) if scores is not None else []
                    if t.text.islower() and not keep(k, t, m[0] if m else None):
                        e = s + toks[k - 1].end
                        break
        out.append((s, e, label))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gold", type=Path, nargs="+")
    p.add_argument("--method", choices=["none", "marginal", "vocab"], default="none")
    p.add_argument("--tau", type=float, default=0.5)
    p.add_argument("--min-len", type=int, default=3)
    args = p.parse_args(argv)
    vocab = agency_vocab() if args.method == "vocab" else frozenset()
    if args.method == "marginal":
        def keep(k, t, m):
            return m is None or m >= args.tau
    else:
        def keep(k, t, m):
            return t.text in vocab
    original = pipeline.tag_in_windows

    def patched(tagger, text, rule_spans, size=None, scores=None):
        spans = original(tagger, text, rule_spans, scores=scores) if size is None else original(tagger, text, rule_spans, size, scores)
        return spans if args.method == "none" else controlled(text, spans, scores, keep, args.min_len)

    pipeline.tag_in_windows = patched
    ex = pipeline.Extractor("default")
    docs = [d for g in args.gold for d in read_jsonl(g)]
    scores = score_documents(docs, lambda d: [(x.start, x.end, x.label) for x in ex.extract(d["text"])], list(LABELS))
    print(scores.table(list(LABELS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
