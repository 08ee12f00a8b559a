"""Score cdsnlp.analyze's links against link gold (data/links/links.jsonl).

    python -m training.evaluate_links [--links data/links/links.jsonl] [--corpus data/corpus]

Scored, as precision/recall/F1 over sets per document:
- official-role-agency triples (name, title, canonical agency or none),
- official-role pairs (name, title), ignoring the agency,
- document dates (document text, issue date) and issuers (document text, canonical issuer),
- agency aliases (short form, long form).
Two settings: end to end (entities predicted by cdsnlp), and linking only
(gold entities given to the linker), which isolates the linking rules.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.pipeline import default_extractor
from cdsnlp.rules import article_year
from cdsnlp.structure import structure
from cdsnlp.structure.agencies import canonical_name, text_aliases
from cdsnlp.textnorm import collapse_spaces, normalize
from cdsnlp.types import Entity


def _c(s: str | None) -> str | None:
    # compared without regard to spacing or letter case (letterheads are in capitals)
    return collapse_spaces(s).casefold() if s else None


def gold_sets(link: dict, aliases: dict[str, str]) -> dict[str, set]:
    canon = lambda a: _c(canonical_name(a, aliases)) if a else None  # noqa: E731
    return {
        "triples": {(_c(o["name"]), _c(r["title"]), canon(r["agency"])) for o in link["officials"] for r in o["roles"]},
        "pairs": {(_c(o["name"]), _c(r["title"])) for o in link["officials"] for r in o["roles"]},
        "doc_dates": {(_c(d["text"]), d["issued"]) for d in link["documents"] if d.get("issued")},
        "doc_issuers": {(_c(d["text"]), canon(d["issuer"])) for d in link["documents"] if d.get("issuer")},
        "aliases": {(_c(a["short"]), _c(a["long"])) for a in link["aliases"]},
    }


def predicted_sets(doc, aliases_found: dict[str, str]) -> dict[str, set]:
    return {
        "triples": {(_c(o.name), _c(r.title), _c(r.agency)) for o in doc.officials for r in o.roles},
        "pairs": {(_c(o.name), _c(r.title)) for o in doc.officials for r in o.roles},
        "doc_dates": {(_c(d.text), d.issued) for d in doc.documents if d.issued},
        "doc_issuers": {(_c(d.text), _c(d.issuer)) for d in doc.documents if d.issuer},
        "aliases": {(_c(a), _c(b)) for a, b in aliases_found.items()},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--links", type=Path, default=Path("data/links/links.jsonl"))
    ap.add_argument("--corpus", type=Path, default=Path("data/corpus"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    corpus = {d["id"]: d for d in read_jsonl(args.corpus)}
    links = [json.loads(line) for line in args.links.open(encoding="utf-8") if line.strip()]
    ex = default_extractor()
    results = {}
    for setting in ("end_to_end", "linking_only"):
        tp, fp, fn = Counter(), Counter(), Counter()
        for link in links:
            doc = corpus[link["id"]]
            text = doc["text"]
            gold_ents = [Entity(e["label"], text[e["start"]:e["end"]], e["start"], e["end"]) for e in sorted(doc["entities"], key=lambda e: e["start"])]
            gold_aliases = text_aliases(text, [e for e in gold_ents if e.label == "AGENCY"])
            if setting == "end_to_end":
                ents = ex.extract(text)
            else:
                # gold spans, with the values the library computes for them
                by_span = {(e.start, e.end, e.label): e for e in ex.extract(text)}
                ents = [by_span.get((e.start, e.end, e.label), e) for e in gold_ents]
            own = article_year(normalize(text).text)
            result = structure(text, ents, own)
            found_aliases = text_aliases(text, [e for e in ents if e.label == "AGENCY"])
            g, p = gold_sets(link, gold_aliases), predicted_sets(result, found_aliases)
            for k in g:
                tp[k] += len(g[k] & p[k])
                fp[k] += len(p[k] - g[k])
                fn[k] += len(g[k] - p[k])
        rows = {}
        for k in ("triples", "pairs", "doc_dates", "doc_issuers", "aliases"):
            prec = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 0.0
            rec = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 0.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            rows[k] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": tp[k] + fn[k]}
        results[setting] = rows
        print(f"\n{setting} ({len(links)} documents)")
        print(f"{'':<12} {'P':>7} {'R':>7} {'F1':>7} {'support':>8}")
        for k, r in rows.items():
            print(f"{k:<12} {r['precision']:>7.4f} {r['recall']:>7.4f} {r['f1']:>7.4f} {r['support']:>8}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
