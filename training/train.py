"""Train the CRF tagger and write a model directory with its metrics.

    python -m training.train                      # data/corpus -> models/ner_crf_cds_<date>
    python -m training.train --train my.jsonl --dev my_dev.jsonl --out /tmp/mymodel
    python -m training.train --search 0 --c1 0.1 --c2 0.01   # skip cross-validation
    python -m training.train --no-far-shapes      # one given feature configuration

Training data: guideline-format JSONL files or folders, or a `datasets`
corpus saved with ``save_to_disk`` (see ``cdsnlp.annotation.load_corpus``). The
feature configuration and c1/c2 are chosen by document-grouped
cross-validation on the training split: every configuration listed in
--feature-candidates gets its own c1/c2 search, and the one with the fewest
features per token whose F1 is within one standard error of the best is
trained (tagging time grows with the features per token). Feature flags
(--no-...) or --search 0 skip the comparison. The same data, options and
--seed give the same model. The command
prints its timings and writes ``metrics.json`` (scores of the full
``cdsnlp.extract`` pipeline with this model on --test and --seeds files).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from cdsnlp import __version__
from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.tagger.features import FeatureConfig
from cdsnlp.tagger.training import build_training_data, search_c1_c2, select_features, train_model

DEFAULT_TRAIN = [Path("data/corpus/train.jsonl")]
FEATURE_CANDIDATES = Path(__file__).parent / "configs" / "features.json"


def load_docs(paths: list[Path]) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for p in paths:
        if (p.is_dir() and (p / "dataset_dict.json").exists()) or (p / "dataset_info.json").exists():
            from cdsnlp.annotation.dataset import docs_from_dataset

            docs += docs_from_dataset(p)
        else:
            docs += list(read_jsonl(p))
    return docs


def evaluate_model(model_dir: Path, files: dict[str, Path]) -> dict[str, Any]:
    from cdsnlp.evaluation import score_documents
    from cdsnlp.pipeline import Extractor

    ex = Extractor(model=model_dir)
    out = {}
    for name, path in files.items():
        docs = list(read_jsonl(path))
        scores = score_documents(docs, lambda d: [(e.start, e.end, e.label) for e in ex.extract(d["text"])])
        out[name] = scores.to_dict()
        print(f"\n== {name}: {path} ({len(docs)} documents)\n{scores.table()}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="cdsnlp train", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", type=Path, nargs="+", default=DEFAULT_TRAIN, help="training JSONL files/folders or a saved datasets corpus")
    p.add_argument("--test", type=Path, default=Path("data/corpus/test.jsonl"), help="held-out gold to score after training")
    p.add_argument("--dev", type=Path, default=Path("data/corpus/validation.jsonl"), help="validation gold to score after training")
    p.add_argument("--seeds", type=Path, default=Path("../shared/gold/seeds.jsonl"), help="extra gold to score, if it exists")
    p.add_argument("--out", type=Path, default=None, help="model directory (default models/ner_crf_cds_<date>)")
    p.add_argument("--search", type=int, default=8, help="random c1/c2 candidates to cross-validate (0: use --c1/--c2)")
    p.add_argument("--c1", type=float, default=0.1)
    p.add_argument("--c2", type=float, default=0.01)
    p.add_argument("--max-iterations", type=int, default=150)
    p.add_argument("--window", type=int, default=2)
    p.add_argument("--no-gazetteer", action="store_true")
    p.add_argument("--no-rule-tags", action="store_true")
    p.add_argument("--no-bigrams", action="store_true")
    p.add_argument("--no-affixes", action="store_true")
    p.add_argument("--no-far-shapes", action="store_true", help="shapes of the immediate neighbours only")
    p.add_argument("--no-lower-shapes", action="store_true", help="no shape feature for plain lower-case words")
    p.add_argument("--underthesea", action="store_true", help="add underthesea word segmentation and POS features")
    p.add_argument("--feature-candidates", type=Path, default=FEATURE_CANDIDATES, help="JSON list of feature configurations to compare")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args(argv)

    flags = {
        "window": args.window,
        "bigrams": not args.no_bigrams,
        "gazetteer": not args.no_gazetteer,
        "rule_tags": not args.no_rule_tags,
        "affixes": not args.no_affixes,
        "far_shapes": not args.no_far_shapes,
        "lower_shapes": not args.no_lower_shapes,
        "underthesea": args.underthesea,
    }
    given = {k: v for k, v in flags.items() if v != getattr(FeatureConfig, k)}  # options set on the command line
    candidates = _feature_candidates(args.feature_candidates)
    if given:  # flags describe the one configuration to train
        candidates = {"given": FeatureConfig(**given)}
    elif args.search == 0:  # no cross-validation: the first configuration of the file
        first = next(iter(candidates))
        candidates = {first: candidates[first]}
    today = dt.date.today().strftime("%Y%m%d")
    out = args.out or Path("models") / f"ner_crf_cds_{today}"
    t0 = time.perf_counter()
    docs = load_docs(args.train)
    search_options = {"n_iter": args.search, "seed": args.seed, "n_jobs": args.jobs, "max_iterations": min(args.max_iterations, 100)}
    c1, c2, search, selection = args.c1, args.c2, None, None
    if len(candidates) > 1:
        t1 = time.perf_counter()
        selection = select_features(docs, candidates, **search_options)
        for r in selection["results"]:
            print(
                f"features {r['name']:>6}: {r['features_per_token']:5.2f} per token, "
                f"cross-validated F1 {r['cv_f1']:.4f} ± {r['cv_f1_se']:.4f} (c1={r['c1']:.4f} c2={r['c2']:.4f})"
            )
        c1, c2 = selection["c1"], selection["c2"]
        print(f"chose {selection['chosen']} (fewest features with F1 >= {selection['threshold']:.4f}) in {time.perf_counter() - t1:.1f}s")
    name = selection["chosen"] if selection else next(iter(candidates))
    config = candidates[name]
    data = build_training_data(docs, config)
    t_feat = time.perf_counter() - t0
    print(f"{len(docs)} documents, {len(data.X)} sequences, {sum(map(len, data.y))} tokens; features {name} ({config.to_dict()})")

    if args.search > 0 and selection is None:
        t1 = time.perf_counter()
        search = search_c1_c2(data, **search_options)
        c1, c2 = search["c1"], search["c2"]
        print(f"cross-validation: c1={c1:.4f} c2={c2:.4f} F1={search['cv_f1']:.4f} in {time.perf_counter() - t1:.1f}s")
    t2 = time.perf_counter()
    meta = {
        "name": out.name,
        "cdsnlp_version": __version__,
        "trained_on": [str(x) for x in args.train],
        "documents": len(docs),
        "tokens": sum(map(len, data.y)),
        "seed": args.seed,
        "date": dt.date.today().isoformat(),
        "search": search,
        "feature_selection": selection,
    }
    train_model(data, out, config, c1=c1, c2=c2, max_iterations=args.max_iterations, meta=meta, seed=args.seed)
    t_fit = time.perf_counter() - t2
    print(f"trained in {t_fit:.1f}s -> {out}")

    files = {name: path for name, path in (("validation", args.dev), ("test", args.test), ("seeds", args.seeds)) if path and path.exists()}
    metrics = {"timings_s": {"selection_and_features": round(t_feat, 1), "fit": round(t_fit, 1), "total": round(time.perf_counter() - t0, 1)}}
    metrics["scores"] = evaluate_model(out, files)
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\ntotal {metrics['timings_s']['total']}s; metrics in {out / 'metrics.json'}")
    return 0


def _feature_candidates(path: Path) -> dict[str, FeatureConfig]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    return {c["name"]: FeatureConfig(**{k: v for k, v in c.items() if k != "name"}) for c in spec["candidates"]}


if __name__ == "__main__":
    sys.exit(main())
