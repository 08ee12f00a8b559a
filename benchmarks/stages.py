"""Where the time of a cold ``analyze`` goes, stage by stage.

    python benchmarks/stages.py [--runs 3] [--subset test] [--upto STAGE]

A fresh process reads the texts (every corpus document and the seed
articles, each once: nothing is in the per-word cache before its first
use), then runs the steps of ``Extractor.extract`` and ``analyze`` one by
one on each text and adds up the CPU time of each stage: normalise, rules
(protected zones, article date, the rule layers), tokenize, features, CRF,
merge, values, records. The best of ``--runs`` fresh processes is printed
per stage, in seconds per MB of text and in syllables/s. Every text's
entities are checked against ``Extractor.extract``.

``--upto STAGE`` runs the stages up to STAGE only, without timing: what
``benchmarks/instructions.py --stages`` counts under valgrind.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from texts import corpus_texts

STAGES = ("normalise", "rules", "tokenize", "features", "crf", "merge", "values", "records")


def subset_texts(subset: str) -> list[str]:
    """``all``: every corpus document and seed; ``test``: the test split and the seeds."""
    texts = corpus_texts()
    if subset == "test":
        texts = [(n, t) for n, t in texts if n.startswith(("test/", "seeds/"))]
    return [t for _, t in texts]


def run(texts: list[str], upto: str = STAGES[-1], timed: bool = True) -> dict[str, float]:
    from cdsnlp.annotation.iob import iob_to_spans, spans_to_iob
    from cdsnlp.confidence import TokenScores, rule_confidence
    from cdsnlp.merge import merge
    from cdsnlp.pipeline import default_extractor, with_values
    from cdsnlp.rules import article_year, find_rule_entities
    from cdsnlp.rules.protect import protected_zones
    from cdsnlp.structure import structure
    from cdsnlp.textnorm import normalize
    from cdsnlp.tokenizer import sentences, tokenize
    from cdsnlp.types import Entity

    ex = default_extractor()
    tagger = ex.tagger
    clock = time.process_time if timed else (lambda: 0.0)
    last = STAGES.index(upto)
    spent = dict.fromkeys(STAGES, 0.0)
    for text in texts:
        t0 = clock()
        norm = normalize(text)
        t = norm.text
        t1 = clock()
        spent["normalise"] += t1 - t0
        if last < 1:
            continue
        ref = article_year(t)
        ref_year = ref.year if ref else None
        zones = protected_zones(t)
        rules = find_rule_entities(t, ref_year, zones)
        t2 = clock()
        spent["rules"] += t2 - t1
        if last < 2:
            continue
        tokens = tokenize(t)
        t3 = clock()
        spent["tokenize"] += t3 - t2
        if last < 3:
            continue
        rule_spans = [(c.start, c.end, c.label) for c in rules]
        rule_tags = spans_to_iob(tokens, rule_spans)
        words = [tok.text for tok in tokens]
        tags: list[str] = []
        marginals: list[tuple[int, float]] = []  # the CRF's marginals, as Extractor(scores=True) computes them
        crf = tagger._tagger
        for a, b in sentences(tokens, t):
            t4 = clock()
            xseq = tagger.features(words[a:b], rule_tags[a:b])
            t5 = clock()
            spent["features"] += t5 - t4
            if last >= 4:
                seq = crf.tag(xseq)
                if seq.count("O") != len(seq):
                    marginals += [(a + i, crf.marginal(tag, i)) for i, tag in enumerate(seq) if tag != "O"]
                tags += seq
                spent["crf"] += clock() - t5
        if last < 5:
            continue
        t6 = clock()
        tagged = iob_to_spans(tokens, tags)
        merged = merge(t, rules, tagged, zones)
        t7 = clock()
        spent["merge"] += t7 - t6
        if last < 6:
            continue
        scores = TokenScores()
        scores.add(tokens, marginals)
        entities = []
        for s, e, label, value, source in with_values(t, merged, ref_year):
            start, end = norm.to_original(s, e)
            score = rule_confidence(label) if source == "rules" else scores.span(s, e)
            if score is None:  # a name the merge filled in from a gazetteer
                score = rule_confidence(label)
            entities.append(Entity(label, text[start:end], start, end, value, source, score))
        t8 = clock()
        spent["values"] += t8 - t7
        if last < 7:
            continue
        own = article_year(normalize(text[:2000]).text)
        structure(text, entities, own)
        spent["records"] += clock() - t8
        if timed and entities != ex.extract(text):
            raise SystemExit("the stages do not give what Extractor.extract gives")
    return spent


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--subset", choices=("all", "test"), default="all")
    p.add_argument("--upto", choices=STAGES, default=None)
    p.add_argument("--upto-none", action="store_true", help=argparse.SUPPRESS)  # load only: the baseline of --upto
    p.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one timed run, for the parent
    args = p.parse_args()
    texts = subset_texts(args.subset)
    if args.upto_none:
        from cdsnlp.pipeline import default_extractor

        default_extractor()
        return 0
    if args.upto:
        run(texts, args.upto, timed=False)
        return 0
    if args.json:
        print(json.dumps(run(texts)))
        return 0
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    syllables = sum(len(t.split()) for t in texts)
    cmd = [sys.executable, __file__, "--json", "--subset", args.subset]
    runs = [json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout) for _ in range(args.runs)]
    best = {s: min(r[s] for r in runs) for s in STAGES}
    total = sum(best.values())
    print(f"{len(texts)} texts, {mb:.2f} MB, {syllables} syllables; best of {args.runs} fresh processes, CPU time")
    print(f"{'stage':<10} {'s/MB':>7} {'share':>6}")
    for s in STAGES:
        print(f"{s:<10} {best[s] / mb:7.3f} {best[s] / total:6.1%}")
    print(f"{'total':<10} {total / mb:7.3f}   -> analyze {syllables / total:,.0f} syllables/s (without records: {syllables / (total - best['records']):,.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
