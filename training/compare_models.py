"""Paired bootstrap over documents of two models' full-pipeline micro-F1.

    python -m training.compare_models MODEL_A MODEL_B GOLD.jsonl... [--n 1000]

MODEL_A / MODEL_B: model directories or "default" (the shipped model). The
documents are resampled with replacement; the spread of F1(B) - F1(A) is the
noise a difference has to beat.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.pipeline import extractor_for

from .spacy_ner import paired_bootstrap


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("gold", type=Path, nargs="+")
    p.add_argument("--n", type=int, default=1000)
    args = p.parse_args(argv)
    exs = [extractor_for(m) for m in (args.a, args.b)]
    pairs = []
    for d in (d for g in args.gold for d in read_jsonl(g)):
        gold = {(e["start"], e["end"], e["label"]) for e in d["entities"]}
        row = []
        for ex in exs:
            pred = {(e.start, e.end, e.label) for e in ex.extract(d["text"])}
            row.append((len(gold & pred), len(pred - gold), len(gold - pred)))
        pairs.append(row)
    print(paired_bootstrap(pairs, args.n).replace("F1(vote) - F1(cdsnlp)", "F1(B) - F1(A)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
