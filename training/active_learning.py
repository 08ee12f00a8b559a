"""Simulated active learning on our corpus: does choosing the documents the
model is least sure of (``cdsnlp select --uncertain``) beat choosing at random?

    nice python -m training.active_learning                  # 3 seeds, 40 + 4 x 20 documents
    nice python -m training.active_learning --seeds 1 --rounds 2 --json al.json --plot al.png

Each seed draws 40 starting documents from the training split; the rest of
the split is the pool, whose gold annotations are "revealed" only when a
document is chosen. Every round trains the CRF (the shipped model's feature
configuration and c1/c2, fixed: no search) on the chosen documents, scores
the full pipeline (rules + tagger + merge) on the test split, then adds 20
documents from the pool, chosen by

- ``uncertainty``: the highest :func:`cdsnlp.confidence.document_uncertainty`
  under the current model (the sum of 1 - score over its tagger entities);
- ``random``: uniformly at random;
- ``longest``: the longest documents (a control: the uncertainty measure
  grows with the number of entities, so it must beat plain length too).

Strategies of one seed start from the same 40 documents. Test F1 is strict
span micro F1, over all six labels and over the three the tagger alone finds
(OFFICIAL, ROLE, AGENCY). Prints Markdown tables (mean and range over the
seeds per number of documents) of both F1 and of the gold entities in the
chosen documents (uncertainty prefers documents with many doubtful
entities: more to annotate per document), and the training times.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean

from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.evaluation import score_documents
from cdsnlp.model_store import default_model_dir
from cdsnlp.pipeline import Extractor
from cdsnlp.preannotate import rank_uncertain
from cdsnlp.tagger.features import FeatureConfig
from cdsnlp.tagger.training import TrainingData, document_sequences, train_model

NAMES = ("OFFICIAL", "ROLE", "AGENCY")
STRATEGIES = ("uncertainty", "random", "longest")


def _split(name: str) -> list[dict]:
    from importlib import resources

    return list(read_jsonl(Path(str(resources.files("cdsnlp.corpus"))) / f"{name}.jsonl"))


class Simulation:
    def __init__(self, train: list[dict], test: list[dict], config: FeatureConfig, c1: float, c2: float, max_iterations: int) -> None:
        self.train, self.test = train, test
        self.config, self.c1, self.c2, self.max_iterations = config, c1, c2, max_iterations
        self.sequences = [document_sequences(d, config) for d in train]  # features once per document
        self.timings: list[dict] = []

    def fit(self, chosen: list[int], out: Path) -> Extractor:
        data = TrainingData([], [], [])
        for k in chosen:
            X, y = self.sequences[k]
            data.X += X
            data.y += y
            data.groups += [k] * len(X)
        t0 = time.perf_counter()
        train_model(data, out, self.config, c1=self.c1, c2=self.c2, max_iterations=self.max_iterations)
        self.timings.append({"documents": len(chosen), "tokens": sum(map(len, data.y)), "seconds": time.perf_counter() - t0})
        return Extractor(out)

    def size(self, chosen: list[int]) -> dict[str, int]:
        """What annotating ``chosen`` costs: tokens and gold entities."""
        return {"tokens": sum(len(t) for k in chosen for t in self.sequences[k][1]),
                "entities": sum(len(self.train[k]["entities"]) for k in chosen)}

    def score(self, ex: Extractor) -> dict[str, float]:
        s = score_documents(self.test, lambda d: [(e.start, e.end, e.label) for e in ex.extract(d["text"])])
        return {"f1": s.micro()["f1"], "f1_names": s.micro(NAMES)["f1"]}

    def pick(self, strategy: str, ex: Extractor, pool: list[int], n: int, rng: random.Random) -> list[int]:
        if strategy == "random":
            return rng.sample(pool, n)
        if strategy == "longest":
            return sorted(pool, key=lambda k: (-len(self.train[k]["text"]), k))[:n]
        ranked = rank_uncertain([self.train[k] for k in pool], ex)
        return [pool[pos] for _, pos, _, _ in ranked[:n]]

    def run(self, seed: int, start: int, step: int, rounds: int, strategies: tuple[str, ...], work: Path) -> dict[str, list[dict]]:
        rng0 = random.Random(seed)
        initial = rng0.sample(range(len(self.train)), start)
        with tempfile.TemporaryDirectory(dir=work) as tmp:
            ex0 = self.fit(initial, Path(tmp) / "start")
            first = {"documents": start, **self.size(initial), **self.score(ex0)}
            out: dict[str, list[dict]] = {}
            for strategy in strategies:
                rng = random.Random(f"{seed}-{strategy}")
                chosen, ex, curve = list(initial), ex0, [first]
                for r in range(1, rounds + 1):
                    pool = [k for k in range(len(self.train)) if k not in set(chosen)]
                    chosen += self.pick(strategy, ex, pool, step, rng)
                    ex = self.fit(chosen, Path(tmp) / f"{strategy}-{r}")
                    curve.append({"documents": len(chosen), **self.size(chosen), **self.score(ex)})
                    print(f"seed {seed} {strategy:<11} {len(chosen):>4} docs  F1 {curve[-1]['f1']:.4f}  names F1 {curve[-1]['f1_names']:.4f}",
                          file=sys.stderr, flush=True)
                out[strategy] = curve
        return out


def table(runs: list[dict[str, list[dict]]], strategies: tuple[str, ...], key: str, fmt: str = "{:.4f}") -> str:
    sizes = [p["documents"] for p in runs[0][strategies[0]]]
    head = "| documents | " + " | ".join(strategies) + " |"
    lines = [head, "|---|" + "---|" * len(strategies)]
    for i, n in enumerate(sizes):
        cells = []
        for s in strategies:
            vals = [run[s][i][key] for run in runs]
            cells.append(f"{fmt.format(mean(vals))} ({fmt.format(min(vals))}–{fmt.format(max(vals))})" if len(vals) > 1 else fmt.format(vals[0]))
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot(runs: list[dict[str, list[dict]]], strategies: tuple[str, ...], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharex=True)
    for ax, key, title in zip(axes, ("f1", "f1_names"), ("all six labels", "OFFICIAL, ROLE, AGENCY"), strict=True):
        for s in strategies:
            sizes = [p["documents"] for p in runs[0][s]]
            vals = [[run[s][i][key] for run in runs] for i in range(len(sizes))]
            ax.plot(sizes, [mean(v) for v in vals], marker="o", label=s)
            ax.fill_between(sizes, [min(v) for v in vals], [max(v) for v in vals], alpha=0.15)
        ax.set_title(f"test micro F1, {title}")
        ax.set_xlabel("training documents")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel(f"F1 (mean and range over {len(runs)} seeds)")
    axes[0].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.active_learning", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--start", type=int, default=40, help="starting documents (default 40)")
    p.add_argument("--step", type=int, default=20, help="documents added per round (default 20)")
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--strategies", default=",".join(STRATEGIES))
    p.add_argument("--max-iterations", type=int, default=150, help="L-BFGS iterations of each training (the shipped model's)")
    p.add_argument("--json", type=Path, help="write every curve and timing here")
    p.add_argument("--plot", type=Path, help="write the curves as a PNG here")
    args = p.parse_args(argv)
    strategies = tuple(s.strip() for s in args.strategies.split(",") if s.strip())
    if unknown := set(strategies) - set(STRATEGIES):
        p.error(f"unknown strategies: {', '.join(sorted(unknown))}")
    model = default_model_dir()
    meta = json.loads((model / "config.json").read_text(encoding="utf-8"))
    config = FeatureConfig(**meta["features"])
    train, test = _split("train"), _split("test")
    if args.start + args.rounds * args.step > len(train):
        p.error(f"the training split has {len(train)} documents: fewer than {args.start} + {args.rounds} x {args.step}")
    t0 = time.perf_counter()
    sim = Simulation(train, test, config, meta["c1"], meta["c2"], args.max_iterations)
    runs = []
    with tempfile.TemporaryDirectory() as work:
        for seed in range(args.seeds):
            runs.append(sim.run(seed, args.start, args.step, args.rounds, strategies, Path(work)))
    total = time.perf_counter() - t0
    print(f"{len(train)} training documents (pool), {len(test)} test documents; c1={meta['c1']:.4f} c2={meta['c2']:.4f} fixed, "
          f"{args.max_iterations} iterations; {args.seeds} seeds; {total:.0f} s in all")
    print("\nTest micro F1, all six labels (mean, range over seeds):\n")
    print(table(runs, strategies, "f1"))
    print("\nTest micro F1, OFFICIAL + ROLE + AGENCY:\n")
    print(table(runs, strategies, "f1_names"))
    print("\nTokens of the chosen documents (what annotating them costs):\n")
    print(table(runs, strategies, "tokens", "{:,.0f}"))
    print("\nGold entities of the chosen documents:\n")
    print(table(runs, strategies, "entities", "{:,.0f}"))
    by_size: dict[int, list[float]] = {}
    for t in sim.timings:
        by_size.setdefault(t["documents"], []).append(t["seconds"])
    print("\nTraining time (s) by training documents: " + ", ".join(f"{n}: {mean(v):.1f}" for n, v in sorted(by_size.items())))
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "timings": sim.timings, "seconds": total}, indent=1) + "\n", encoding="utf-8")
    if args.plot:
        plot(runs, strategies, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
