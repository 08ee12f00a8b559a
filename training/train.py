"""Train the CRF tagger and write a model directory with its metrics.

    cdsnlp train                                   # the installed corpus -> models/ner_crf_cds_<date>
    cdsnlp train --train mine.json --dev dev.jsonl --out mymodel --search 0
    cdsnlp train --base --train export.json --out mymodel   # shipped corpus + your files
    cdsnlp train --search 0 --c1 0.1 --c2 0.01     # fixed c1/c2, no cross-validation
    cdsnlp train --no-far-shapes                   # one given feature configuration

Training data (--train, --dev, --test): our JSONL, Label Studio JSON or
JSON-MIN, Doccano JSONL or CoNLL files (the format is detected per file; see
cdsnlp convert --help for the import rules and options), JSONL folders, or a
`datasets` corpus saved with ``save_to_disk``. Without --train the installed
corpus is used (its validation and test splits are then the default --dev
and --test). Every file is validated first (offsets, overlaps, labels, NFC,
span texts, empty and duplicate documents, the same document in two of
train/dev/test): with any error nothing is trained unless --skip-invalid is
given, and then every skipped document is listed. No entities at all is an
error; a label with fewer than --min-examples examples is a warning.

The feature configuration and c1/c2 are chosen by document-grouped
cross-validation on the training split: every configuration listed in
--feature-candidates gets its own c1/c2 search, and the one with the fewest
features per token whose F1 is within one standard error of the best is
trained. Feature flags (--no-...) or --search 0 skip the comparison. The same
data, options and --seed give the same model. The model is written to a
temporary folder beside --out and moved into place only when training and
evaluation succeeded, so a failed or interrupted run leaves the previous
model untouched. ``metrics.json`` holds the scores of the full
``cdsnlp.extract`` pipeline with this model on --dev, --test and --seeds (or
says why there are none).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cdsnlp import __version__
from cdsnlp.annotation.formats import READ_FORMATS
from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.annotation.report import ImportReport
from cdsnlp.tagger.features import FeatureConfig
from cdsnlp.tagger.training import build_training_data, search_c1_c2, select_features, train_model

from .convert import add_import_options, import_options, print_report

FEATURE_CANDIDATES = Path(__file__).parent / "configs" / "features.json"
SEEDS = Path("../shared/gold/seeds.jsonl")  # the project's extra gold, scored when present


class TrainError(Exception):
    """A reason not to train, said in one line."""


def shipped_corpus() -> Path:
    from importlib import resources

    return Path(str(resources.files("cdsnlp.corpus")))


def _is_dataset(p: Path) -> bool:
    return p.is_dir() and ((p / "dataset_dict.json").exists() or (p / "dataset_info.json").exists())


def load_split(paths: list[Path], import_opts: dict[str, Any]) -> tuple[list[tuple[str, dict[str, Any]]], ImportReport]:
    """(``file:line``, document) of every input, and what the import skipped, repaired or rejected."""
    from cdsnlp.annotation.formats import read_annotations
    from cdsnlp.annotation.jsonl import iter_jsonl_files

    items: list[tuple[str, dict[str, Any]]] = []
    report = ImportReport()
    for p in paths:
        if not p.exists():
            raise TrainError(f"{p}: no such file or folder")
        if _is_dataset(p):
            from cdsnlp.annotation.dataset import docs_from_dataset

            items += [(f"{p}:{k}", d) for k, d in enumerate(docs_from_dataset(p), 1)]
            continue
        for f in iter_jsonl_files(p) if p.is_dir() else [p]:
            docs, where, rep, _ = read_annotations(f, **import_opts)
            report.extend(rep)
            bad = rep.rejected_docs
            items += [(w, {**d, "_import_rejected": d["id"] in bad}) for w, d in zip(where, docs, strict=True)]
    return items, report


def load_docs(paths: list[Path]) -> list[dict[str, Any]]:
    """Documents of JSONL files/folders or saved datasets (no validation)."""
    docs: list[dict[str, Any]] = []
    for p in paths:
        if _is_dataset(p):
            from cdsnlp.annotation.dataset import docs_from_dataset

            docs += docs_from_dataset(p)
        else:
            docs += list(read_jsonl(p))
    return docs


def check_inputs(splits: dict[str, list[tuple[str, dict[str, Any]]]], skip_invalid: bool) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Validated documents per split, and the lines describing what was skipped.
    Raises TrainError listing every problem when there are any and not ``skip_invalid``."""
    from cdsnlp.annotation.validate import validate_documents

    problems = validate_documents({k: [(w, {x: y for x, y in d.items() if x != "_import_rejected"}) for w, d in v] for k, v in splits.items()})
    for items in splits.values():
        for w, d in items:
            if d.get("_import_rejected"):
                problems.setdefault(w, []).insert(0, "a span of this document was rejected on import (see above)")
    lines = [f"{w}: {p}" for w, ps in problems.items() for p in ps]
    if problems and not skip_invalid:
        raise TrainError(
            "\n".join(lines) + f"\nrefusing to train: {len(problems)} documents with errors (fix them, or pass --skip-invalid to leave them out)"
        )
    kept = {k: [{x: y for x, y in d.items() if x != "_import_rejected"} for w, d in v if w not in problems] for k, v in splits.items()}
    return kept, [f"skipped {line}" for line in lines]


def check_labels(docs: list[dict[str, Any]], min_examples: int) -> list[str]:
    """Warnings about rare labels; raises TrainError when there is nothing to learn."""
    from collections import Counter

    from cdsnlp.types import LABELS

    counts = Counter(e["label"] for d in docs for e in d["entities"])
    if not docs:
        raise TrainError("no training documents left")
    if not counts:
        raise TrainError(f"the {len(docs)} training documents hold no entities: nothing to learn")
    warnings = []
    for label in LABELS:
        if counts[label] == 0:
            warnings.append(f"warning: no {label} examples: the tagger will never predict {label} (the rules still find LEGAL_DOC, DATE, METRIC)")
        elif counts[label] < min_examples:
            warnings.append(f"warning: only {counts[label]} {label} examples (fewer than --min-examples {min_examples}): expect poor {label} scores")
    return warnings


def evaluate_model(model_dir: Path, splits: dict[str, tuple[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    from cdsnlp.evaluation import score_documents
    from cdsnlp.pipeline import Extractor

    ex = Extractor(model=model_dir)
    out = {}
    for name, (source, docs) in splits.items():
        scores = score_documents(docs, lambda d: [(e.start, e.end, e.label) for e in ex.extract(d["text"])])
        out[name] = scores.to_dict()
        print(f"\n== {name}: {source} ({len(docs)} documents)\n{scores.table()}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="cdsnlp train", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", type=Path, nargs="+", help="training files/folders (default: the installed corpus's train split)")
    p.add_argument("--base", action="store_true", help="train on the installed corpus's train split plus the --train files")
    p.add_argument("--test", type=Path, nargs="+", help="held-out gold to score after training")
    p.add_argument("--dev", type=Path, nargs="+", help="validation gold to score after training")
    p.add_argument("--seeds", type=Path, help="extra gold to score (default: ../shared/gold/seeds.jsonl when it exists)")
    p.add_argument("--out", type=Path, default=None, help="model directory (default models/ner_crf_cds_<date>)")
    p.add_argument("--skip-invalid", action="store_true", help="leave out documents with errors (each is listed) instead of refusing to train")
    p.add_argument("--min-examples", type=int, default=10, help="warn about labels with fewer training examples (default 10)")
    add_import_options(p)
    p.add_argument("--from", dest="fmt", choices=READ_FORMATS, help="format of every input file (default: detected per file)")
    p.add_argument("--search", type=int, default=8, help="random c1/c2 candidates to cross-validate (0: use --c1/--c2, seconds instead of minutes)")
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
    p.add_argument("--next-stop", action="store_true", help="feature: the next word mostly follows an AGENCY in the train split (agency_next_words.txt)")
    p.add_argument("--clusters", default="", metavar="FILE",
                   help="feature: word clusters from cdsnlp/resources/FILE (training/word_clusters.py writes it)")
    p.add_argument("--underthesea", action="store_true", help="add underthesea word segmentation and POS features")
    p.add_argument("--feature-candidates", type=Path, default=FEATURE_CANDIDATES, help="JSON list of feature configurations to compare")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args(argv)
    try:
        return run(args)
    except TrainError as exc:
        print(f"cdsnlp train: error: {exc}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    flags = {
        "window": args.window,
        "bigrams": not args.no_bigrams,
        "gazetteer": not args.no_gazetteer,
        "rule_tags": not args.no_rule_tags,
        "affixes": not args.no_affixes,
        "far_shapes": not args.no_far_shapes,
        "lower_shapes": not args.no_lower_shapes,
        "underthesea": args.underthesea,
        "next_stop": args.next_stop,
        "clusters": args.clusters,
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

    corpus = shipped_corpus()
    train_paths = list(args.train or [])
    if args.base or not train_paths:
        train_paths.insert(0, corpus / "train.jsonl")
    dev, test = args.dev, args.test
    if not args.train:  # the installed corpus: its own held-out splits
        dev = dev or [corpus / "validation.jsonl"]
        test = test or [corpus / "test.jsonl"]
    if args.seeds is not None and not args.seeds.exists():
        raise TrainError(f"{args.seeds}: no such file")
    seeds = [args.seeds] if args.seeds else ([SEEDS] if SEEDS.exists() else None)
    opts = {**import_options(args), "fmt": args.fmt}
    raw: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, paths in (("train", train_paths), ("validation", dev), ("test", test), ("seeds", seeds)):
        if paths:
            raw[name], report = load_split(paths, opts)
            if report.lines():
                print(f"{name}: {report.summary()}")
                print_report(report, sys.stdout)
    splits, skipped = check_inputs(raw, args.skip_invalid)
    for line in skipped:
        print(line)
    if skipped:
        print(f"--skip-invalid: {len(skipped)} problems, {sum(len(raw[k]) - len(v) for k, v in splits.items())} documents left out")
    docs = splits["train"]
    for w in check_labels(docs, args.min_examples):
        print(w)
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
    meta = {
        "name": out.name,
        "cdsnlp_version": __version__,
        "trained_on": [str(x) for x in train_paths],
        "documents": len(docs),
        "tokens": sum(map(len, data.y)),
        "seed": args.seed,
        "date": dt.date.today().isoformat(),
        "search": search,
        "feature_selection": selection,
        "skipped_invalid": skipped,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        t2 = time.perf_counter()
        train_model(data, tmp, config, c1=c1, c2=c2, max_iterations=args.max_iterations, meta=meta, seed=args.seed)
        t_fit = time.perf_counter() - t2
        print(f"trained in {t_fit:.1f}s")
        sources = {"validation": dev, "test": test, "seeds": seeds}
        to_score = {k: (" ".join(map(str, sources[k])), v) for k, v in splits.items() if k != "train"}
        metrics: dict[str, Any] = {"timings_s": {"selection_and_features": round(t_feat, 1), "fit": round(t_fit, 1)}}
        metrics["scores"] = evaluate_model(tmp, to_score)
        if not to_score:
            metrics["not_evaluated"] = "no --dev, --test or --seeds data was given, so there is nothing to score"
            print(f"\nnot evaluated: {metrics['not_evaluated']}")
        metrics["timings_s"]["total"] = round(time.perf_counter() - t0, 1)
        (tmp / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"\n-> {out}; total {metrics['timings_s']['total']}s; metrics in {out / 'metrics.json'}")
    return 0


def _replace_dir(new: Path, out: Path) -> None:
    """Put the finished model ``new`` at ``out``; an old model there is moved
    aside first and removed only once the new one is in place."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    try:
        os.replace(new, out)
    except BaseException:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _feature_candidates(path: Path) -> dict[str, FeatureConfig]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    return {c["name"]: FeatureConfig(**{k: v for k, v in c.items() if k != "name"}) for c in spec["candidates"]}


if __name__ == "__main__":
    sys.exit(main())
