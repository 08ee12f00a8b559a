"""Outputs of cdsnlp on every text the benchmarks use, saved or compared.

    python benchmarks/outputs.py --save REF.jsonl    # before a change
    python benchmarks/outputs.py --check REF.jsonl   # after it: exit 1 on any difference
    python benchmarks/outputs.py --check REF.jsonl --limit 20   # the first 20 texts only

Texts: every document of data/corpus/*.jsonl and the seed articles
(../shared/seeds/*.txt, when present). For each text the file holds the
entities of ``extract`` (``Entity.to_dict()``) and a hash
of ``analyze(...).to_dict()``. A speed change that claims to change nothing
must pass ``--check`` against the reference saved before it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from texts import corpus_texts


def outputs(names_texts: list[tuple[str, str]]):
    import cdsnlp

    for name, text in names_texts:
        ents = [e.to_dict() for e in cdsnlp.extract(text)]
        doc = json.dumps(cdsnlp.analyze(text).to_dict(), ensure_ascii=False, sort_keys=True)
        yield {"id": name, "entities": ents, "analyze_sha256": hashlib.sha256(doc.encode()).hexdigest()}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--save", type=Path)
    g.add_argument("--check", type=Path)
    p.add_argument("--limit", type=int, default=None, help="only the first N texts (a quick check)")
    args = p.parse_args()
    texts = corpus_texts()[: args.limit]
    if args.save:
        with args.save.open("w", encoding="utf-8") as f:
            for row in outputs(texts):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"saved outputs of {len(texts)} texts to {args.save}")
        return 0
    ref = {r["id"]: r for r in map(json.loads, args.check.open(encoding="utf-8"))}
    diffs = 0
    for row in outputs(texts):
        old = ref.get(row["id"])
        if old is None:
            print(f"{row['id']}: not in the reference")
            diffs += 1
        elif old["entities"] != json.loads(json.dumps(row["entities"], ensure_ascii=False)):
            print(f"{row['id']}: entities differ")
            diffs += 1
        elif old["analyze_sha256"] != row["analyze_sha256"]:
            print(f"{row['id']}: analyze records differ")
            diffs += 1
    print(f"{len(texts)} texts compared, {diffs} differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
