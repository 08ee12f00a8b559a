"""Convert marked-up drafts into the corpus JSONL files, keeping the split fixed.

    python -m training.build_corpus data/drafts --out data/corpus

Each draft ``<batch>/<NNN>.txt`` becomes the document ``cds-<batch>-<NNN>``.
A document already in ``--out`` keeps its split; a new one is assigned by a
hash of its id within its batch (about 70/15/15 train/validation/test), so
every split covers every batch's themes and the split never moves when
documents are added. A document already in ``--out`` with no draft is kept
as it is (the drafts of earlier batches need not be present to add a batch).
The corpus-wide decisions of training/harmonize.py are applied on the way.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from pathlib import Path

from cdsnlp.annotation.jsonl import read_jsonl, write_jsonl
from cdsnlp.annotation.markup import MarkupError, parse_markup
from cdsnlp.annotation.validate import validate_jsonl

from .harmonize import harmonize_entities

SPLITS = ("train", "validation", "test")


def _hash(doc_id: str) -> str:
    return hashlib.sha1(doc_id.encode()).hexdigest()


def assign_splits(ids_by_batch: dict[str, list[str]], fixed: dict[str, str]) -> dict[str, str]:
    """Split names for all ids; ``fixed`` assignments are kept."""
    out = dict(fixed)
    for ids in ids_by_batch.values():
        fresh = sorted((i for i in ids if i not in fixed), key=_hash)
        n = len(fresh)
        n_val = n_test = round(n * 0.15)
        for k, doc_id in enumerate(fresh):
            out[doc_id] = "validation" if k < n_val else "test" if k < n_val + n_test else "train"
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("drafts", type=Path)
    p.add_argument("--out", type=Path, default=Path("data/corpus"))
    args = p.parse_args(argv)

    docs: dict[str, dict] = {}
    by_batch: dict[str, list[str]] = defaultdict(list)
    errors = 0
    for f in sorted(args.drafts.glob("*/*.txt")):
        doc_id = f"cds-{f.parent.name}-{f.stem}"
        try:
            text, spans = parse_markup(f.read_text(encoding="utf-8"))
        except MarkupError as exc:
            print(f"{f}:{exc.line}: {exc}", file=sys.stderr)
            errors += 1
            continue
        text = text.strip("\n")
        lead = len(f.read_text(encoding="utf-8")) - len(f.read_text(encoding="utf-8").lstrip("\n"))
        ents = [{"start": s.start - lead, "end": s.end - lead, "label": s.label, "text": text[s.start - lead : s.end - lead]} for s in spans]
        docs[doc_id] = {"id": doc_id, "text": text, "entities": harmonize_entities(text, ents)}
        by_batch[f.parent.name].append(doc_id)
    if errors:
        print(f"{errors} drafts could not be parsed; nothing written", file=sys.stderr)
        return 1

    fixed = {}
    if args.out.exists():
        for split in SPLITS:
            path = args.out / f"{split}.jsonl"
            if path.exists():
                for d in read_jsonl(path):
                    fixed[d["id"]] = split
                    docs.setdefault(d["id"], d)  # no draft: kept as it is
    splits = assign_splits(by_batch, fixed)
    args.out.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    for split in SPLITS:
        chosen = [docs[i] for i in sorted(docs) if splits[i] == split]
        counts[split] = write_jsonl(chosen, args.out / f"{split}.jsonl")
    report = validate_jsonl(args.out)
    for issue in report.issues:
        print(issue, file=sys.stderr)
    print(", ".join(f"{s}={counts[s]}" for s in SPLITS), "|", report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
