"""How well ``Entity.score`` is calibrated: a reliability table on gold data.

    python -m training.calibration                       # the installed validation split, shipped model
    python -m training.calibration --gold data/corpus/validation.jsonl --model models/ner_crf_cds_20261207 --json cal.json

Every predicted entity of the full pipeline is matched exactly (offsets and
label) against the gold. Tagger entities are put in score bins, two span
scores side by side: ``min`` (what cdsnlp uses: the smallest tag marginal of
the span's tokens) and ``product`` (the product of the marginals); per bin
the number of entities, their mean score and the share that is right. ECE is
the expected calibration error (the |accuracy - mean score| of the bins,
weighted by their sizes), Brier the mean squared error of the score. The
rules' precision per label is what ``resources/confidence.json`` holds as
their fixed confidence.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.confidence import TokenScores
from cdsnlp.merge import merge
from cdsnlp.pipeline import Extractor
from cdsnlp.rules import article_year, find_rule_entities
from cdsnlp.rules.protect import protected_zones
from cdsnlp.streaming import tag_in_windows
from cdsnlp.textnorm import normalize

EDGES = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)


def _installed_split(name: str) -> Path:
    from importlib import resources

    return Path(str(resources.files("cdsnlp.corpus"))) / f"{name}.jsonl"


def scored_entities(extractor: Extractor, docs: list[dict]) -> tuple[list[dict], Counter, Counter]:
    """(one row per tagger entity: min, product, correct), and rule entities'
    (label -> right, label -> all) counts."""
    rows: list[dict] = []
    rule_ok: Counter[str] = Counter()
    rule_all: Counter[str] = Counter()
    for doc in docs:
        norm = normalize(doc["text"])
        t = norm.text
        gold = {(e["start"], e["end"], e["label"]) for e in doc["entities"]}
        ref = article_year(t)
        zones = protected_zones(t)
        rules = find_rule_entities(t, ref.year if ref else None, zones)
        marg = TokenScores()
        tagged = tag_in_windows(extractor.tagger, t, [(c.start, c.end, c.label) for c in rules], scores=marg) if extractor.tagger else []
        for s, e, label, cand in merge(t, rules, tagged, zones, tagger_fills_rule_labels=extractor.tagger_fills_rule_labels):
            ok = (*norm.to_original(s, e), label) in gold
            if cand is not None:
                rule_all[label] += 1
                rule_ok[label] += ok
                continue
            probs = marg.marginals(s, e)
            if probs:
                rows.append({"label": label, "min": min(probs), "product": math.prod(probs), "correct": ok})
    return rows, rule_ok, rule_all


def reliability(rows: list[dict], key: str, edges: tuple[float, ...] = EDGES) -> dict:
    """Bins of ``key`` scores: n, mean score, accuracy; ECE and Brier."""
    bins = []
    for lo, hi in pairwise(edges):
        inside = [r for r in rows if lo <= r[key] < hi or (hi == edges[-1] and r[key] == hi)]
        if inside:
            bins.append({"bin": f"[{lo:.2f}, {hi:.2f}{']' if hi == edges[-1] else ')'}", "n": len(inside),
                         "mean_score": sum(r[key] for r in inside) / len(inside), "accuracy": sum(r["correct"] for r in inside) / len(inside)})
    n = len(rows) or 1
    ece = sum(b["n"] * abs(b["accuracy"] - b["mean_score"]) for b in bins) / n
    brier = sum((r[key] - r["correct"]) ** 2 for r in rows) / n
    return {"bins": bins, "ece": ece, "brier": brier, "n": len(rows)}


def markdown(result: dict) -> str:
    lines = ["| score bin | entities | mean score (min) | right (min) | entities | mean score (product) | right (product) |", "|---|---|---|---|---|---|---|"]
    by = {k: {b["bin"]: b for b in result[k]["bins"]} for k in ("min", "product")}
    for lo, hi in pairwise(EDGES):
        name = f"[{lo:.2f}, {hi:.2f}{']' if hi == EDGES[-1] else ')'}"
        cells = []
        for k in ("min", "product"):
            b = by[k].get(name)
            cells += [str(b["n"]), f"{b['mean_score']:.3f}", f"{b['accuracy']:.3f}"] if b else ["0", "–", "–"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    m, p = result["min"], result["product"]
    lines.append(f"| ECE / Brier | | {m['ece']:.3f} | {m['brier']:.3f} | | {p['ece']:.3f} | {p['brier']:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.calibration", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gold", type=Path, nargs="+", help="gold JSONL (default: the installed validation split)")
    p.add_argument("--model", default="default", help="model directory (default: the shipped model)")
    p.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = p.parse_args(argv)
    docs = [d for g in (args.gold or [_installed_split("validation")]) for d in read_jsonl(g)]
    extractor = Extractor(args.model)
    rows, rule_ok, rule_all = scored_entities(extractor, docs)
    result = {"documents": len(docs), "min": reliability(rows, "min"), "product": reliability(rows, "product"),
              "rules": {k: {"n": rule_all[k], "precision": round(rule_ok[k] / rule_all[k], 4)} for k in sorted(rule_all)},
              "tagger_accuracy": sum(r["correct"] for r in rows) / (len(rows) or 1)}
    rules_all = sum(rule_all.values())
    result["rules"]["all"] = {"n": rules_all, "precision": round(sum(rule_ok.values()) / (rules_all or 1), 4)}
    print(f"{len(docs)} documents, {len(rows)} tagger entities (right: {result['tagger_accuracy']:.3f}), {rules_all} rule entities")
    print(markdown(result))
    print("rule precision: " + ", ".join(f"{k} {v['precision']:.3f} (n={v['n']})" for k, v in result["rules"].items()))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
