"""Error types of cdsnlp on a gold JSONL file, with examples.

    python -m training.error_report data/corpus/test.jsonl [--examples 3]

Each gold/predicted mismatch is classed as: boundary (same label, overlapping
spans), label (overlapping spans, other label), missed (no overlapping
prediction) or spurious (no overlapping gold).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import cdsnlp
from cdsnlp.annotation.jsonl import read_jsonl


def classify(gold: set[tuple[int, int, str]], pred: set[tuple[int, int, str]]) -> list[tuple[str, str, tuple, tuple | None]]:
    out = []
    for g in sorted(gold - pred):
        over = [p for p in pred if p[0] < g[1] and g[0] < p[1]]
        if not over:
            out.append(("missed", g[2], g, None))
        elif any(p[2] == g[2] for p in over):
            out.append(("boundary", g[2], g, next(p for p in over if p[2] == g[2])))
        else:
            out.append(("label", f"{g[2]}->{over[0][2]}", g, over[0]))
    for p in sorted(pred - gold):
        if not any(g[0] < p[1] and p[0] < g[1] for g in gold):
            out.append(("spurious", p[2], p, None))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--examples", type=int, default=3)
    args = ap.parse_args(argv)
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc in read_jsonl(args.gold):
        text = doc["text"]
        gold = {(e["start"], e["end"], e["label"]) for e in doc["entities"]}
        pred = {(e.start, e.end, e.label) for e in cdsnlp.extract(text)}
        for kind, label, a, b in classify(gold, pred):
            counts[kind, label] += 1
            if len(examples[kind, label]) < args.examples:
                shown = f"gold «{text[a[0]:a[1]]}»" if kind != "spurious" else f"predicted «{text[a[0]:a[1]]}»"
                if b is not None:
                    shown += f" vs predicted «{text[b[0]:b[1]]}» ({b[2]})"
                examples[kind, label].append(shown.replace("\n", "⏎"))
    for (kind, label), n in counts.most_common():
        print(f"{n:4d}  {kind:<9} {label}")
        for ex in examples[kind, label]:
            print(f"        {ex}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
