"""Count documents and entities per label and split, and write the table
into the data card (data/README.md, between the counts markers).

    python -m training.corpus_stats [--card data/README.md] [--corpus data/corpus]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.types import LABELS

SPLITS = ("train", "validation", "test")
START, END = "<!-- counts:start -->", "<!-- counts:end -->"


def counts_table(corpus: Path) -> str:
    rows = ["| split | documents | " + " | ".join(LABELS) + " | entities |", "|---" * (len(LABELS) + 3) + "|"]
    total_docs, total = 0, Counter()
    for split in SPLITS:
        docs = list(read_jsonl(corpus / f"{split}.jsonl"))
        c = Counter(e["label"] for d in docs for e in d["entities"])
        total_docs += len(docs)
        total += c
        rows.append(f"| {split} | {len(docs)} | " + " | ".join(str(c[x]) for x in LABELS) + f" | {sum(c.values())} |")
    rows.append(f"| all | {total_docs} | " + " | ".join(str(total[x]) for x in LABELS) + f" | {sum(total.values())} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--card", type=Path, default=Path("data/README.md"))
    p.add_argument("--corpus", type=Path, default=Path("data/corpus"))
    args = p.parse_args(argv)
    table = counts_table(args.corpus)
    print(table)
    card = args.card.read_text(encoding="utf-8")
    if START not in card:
        print(f"{args.card}: no {START} marker; table not written", file=sys.stderr)
        return 1
    card = re.sub(re.escape(START) + ".*?" + re.escape(END), f"{START}\n{table}\n{END}", card, flags=re.S)
    args.card.write_text(card, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
