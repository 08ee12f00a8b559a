"""Learn the lower-case words that end AGENCY names (issue 15, next-word feature).

    python -m training.boundary_words [--train data/corpus/train.jsonl] [--out cdsnlp/resources/agency_next_words.txt]

A word is listed when, in the train split, it comes right after an AGENCY at
least ``--min-after`` times and at least ``--ratio`` times as often as it
stands inside one (not as its first word): mostly verbs and prepositions that
open what the body does ("triển khai", "về"), learned from the corpus rather
than written by hand. The CRF's ``next_stop`` feature reads the list.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.tokenizer import tokenize


def learn(train: Path, min_after: int, ratio: float) -> list[str]:
    after: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for d in read_jsonl(train):
        toks = tokenize(d["text"])
        starts = [t.start for t in toks]
        import bisect

        for e in d["entities"]:
            if e["label"] != "AGENCY":
                continue
            i = bisect.bisect_left(starts, e["start"])
            j = bisect.bisect_left(starts, e["end"])
            inside.update(t.text for t in toks[i + 1 : j] if t.text.islower())
            if j < len(toks) and toks[j].text.islower():
                after[toks[j].text] += 1
    return sorted(w for w, n in after.items() if n >= min_after and n >= ratio * inside[w])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", type=Path, default=Path("data/corpus/train.jsonl"))
    p.add_argument("--out", type=Path, default=Path("cdsnlp/resources/agency_next_words.txt"))
    p.add_argument("--min-after", type=int, default=3)
    p.add_argument("--ratio", type=float, default=3.0)
    args = p.parse_args(argv)
    words = learn(args.train, args.min_after, args.ratio)
    head = f"# learned by training/boundary_words.py from {args.train.name} (min-after {args.min_after}, ratio {args.ratio})\n"
    args.out.write_text(head + "".join(w + "\n" for w in words), encoding="utf-8")
    print(f"{args.out}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
