"""Score cdsnlp (or a prediction file) against any guideline-format gold JSONL.

    cdsnlp evaluate GOLD.jsonl [--labels DATE,METRIC] [--model PATH] [--errors 20] [--json scores.json]
    cdsnlp extract GOLD.jsonl -o pred.jsonl && cdsnlp evaluate GOLD.jsonl --pred pred.jsonl

Prints strict span P/R/F1 per label and micro-averaged, then seqeval's
strict IOB2 report. --model scores another model (default: $CDSNLP_MODEL,
else the shipped one). With --pred, predictions are read from a JSONL file
(what `cdsnlp extract` writes for a JSONL input keeps each line's id)
matched by id, instead of running the library; gold documents without a
prediction are counted, and no matching id at all is an error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.evaluation import score_documents
from cdsnlp.types import LABELS


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cdsnlp evaluate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gold", type=Path, nargs="+", help="gold JSONL file(s) or folder(s)")
    p.add_argument("--labels", default=",".join(LABELS), help="comma-separated labels to score (default: all six)")
    p.add_argument("--pred", type=Path, help="score this prediction JSONL (e.g. the output of cdsnlp extract) instead of running cdsnlp")
    p.add_argument("--model", help="model directory or installed model name (default: $CDSNLP_MODEL, else the shipped model)")
    p.add_argument("--errors", type=int, default=0, help="print up to N false positives and negatives")
    p.add_argument("--json", type=Path, help="also write the scores as JSON here")
    return p


def run(args: argparse.Namespace) -> int:
    labels = [x.strip() for x in args.labels.split(",") if x.strip()]
    unknown = set(labels) - set(LABELS)
    if unknown:
        raise SystemExit(f"error: unknown label(s) {sorted(unknown)}; expected some of {list(LABELS)}")
    docs = [d for path in args.gold for d in read_jsonl(path)]
    if args.pred:
        by_id = {str(d["id"]): d for d in read_jsonl(args.pred)}
        missing = [d["id"] for d in docs if str(d["id"]) not in by_id]
        if docs and len(missing) == len(docs):
            print(f"error: no id of {args.pred} matches a gold id (gold ids look like {docs[0]['id']!r}, predicted ones like "
                  f"{next(iter(by_id), None)!r}); predict with `cdsnlp extract GOLD.jsonl -o PRED.jsonl` to keep the ids", file=sys.stderr)
            return 2
        if missing:
            print(f"warning: {len(missing)} of {len(docs)} gold documents have no prediction in {args.pred} (scored as predicting nothing), "
                  f"e.g. {missing[:3]}", file=sys.stderr)

        def predict(doc: dict) -> list[tuple[int, int, str]]:
            found = by_id.get(doc["id"], {"entities": []})
            return [(e["start"], e["end"], e["label"]) for e in found["entities"]]

    else:
        from cdsnlp.pipeline import extractor_for

        ex = extractor_for(args.model or "default")

        def predict(doc: dict) -> list[tuple[int, int, str]]:
            return [(e.start, e.end, e.label) for e in ex.extract(doc["text"])]

    t0 = time.perf_counter()
    scores = score_documents(docs, predict, labels)
    elapsed = time.perf_counter() - t0
    print(f"{len(docs)} documents, {sum(len(d['entities']) for d in docs)} gold entities, {elapsed:.2f}s\n")
    print("Strict span scores")
    print(scores.table(labels))
    if scores.seqeval_report:
        print("\nseqeval (strict, IOB2)")
        print(scores.seqeval_report)
    if args.errors:
        print(f"First {args.errors} errors:")
        for err in scores.errors[: args.errors]:
            print(f"  {err['type']} {err['label']:<9} {err['id']}@{err['start']}: {err['text']!r}")
    if args.json:
        args.json.write_text(json.dumps(scores.to_dict(labels), ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
