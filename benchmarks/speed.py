"""Speed and memory of cdsnlp against underthesea.ner: cold (what a user
processing new articles gets) first, warm beside it.

    python benchmarks/speed.py                       # everything (long: underthesea is slow)
    python benchmarks/speed.py --subset test --max-mb 5 --skip-parallel   # quicker

Texts: every document of data/corpus/*.jsonl and the seed articles
(../shared/seeds or /work/shared/seeds, when present), each once
(``--subset test``: the test split and the seeds). Syllables are
whitespace-separated tokens.

- **Cold**: a fresh process per measurement loads the model (one short
  sentence of its own as the first result), then processes every text once;
  best of ``--runs`` fresh processes. cdsnlp.extract, cdsnlp.analyze and
  underthesea.ner (line by line, as it expects) each get their own fresh
  processes, alternating, on exactly the same texts.
- **Warm**: the same process passes over the same texts a second time, so
  most words' features come from the per-word cache. The cache's hit rate
  (tokens whose word was already cached) is printed for both passes.
- Load and first result from a fresh interpreter; RSS after one article.
- ``Extractor.pipe`` against ``extract`` in a loop (fresh processes);
  ``cdsnlp extract --jobs 2`` against ``--jobs 1`` on a folder of 1,000
  articles; ``nlp.pipe(texts, n_process=2)`` against serial.
- ``--score-cost``: only the cost of the entity scores (``Entity.score``,
  the CRF's marginals): cold passes of ``Extractor.extract`` with and
  without them (``Extractor(scores=False)``), ``--runs`` of each,
  alternating in one fresh process, CPU time (less disturbed by other
  processes than wall time on a shared machine).
- Size scaling: one document per length, from 200 characters to
  ``--max-mb`` MB (50 by default), built from the texts joined (beyond the
  corpus's size they repeat: the warm figure is the second extract of the
  same document); seconds per MB, peak RSS growth per MB, and a plot of
  syllables/s against length: ``benchmarks/speed_vs_length.png``.
  Lengths below 100 kB are measured on many distinct documents of that
  length.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from texts import corpus_texts

HERE = Path(__file__).resolve().parent
FIRST = "Ngày 20/3/2024, Giám đốc Sở Tư pháp Lê Văn An họp."  # not from the corpus


def load_texts(subset: str = "all") -> list[str]:
    texts = corpus_texts()
    if subset == "test":
        texts = [(n, t) for n, t in texts if n.startswith(("test/", "seeds/"))]
    return [t for _, t in texts]


def syllables(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- children


def _hits(ex) -> tuple[int, int]:
    f = ex.tagger.features
    return f.lookups, f.misses


def child_cdsnlp(mode: str, texts: list[str]) -> dict:
    import cdsnlp
    from cdsnlp.pipeline import default_extractor

    cdsnlp.extract(FIRST)  # load the model
    ex = default_extractor()
    fn = {"extract": ex.extract, "analyze": lambda t: cdsnlp.analyze(t, extractor=ex)}[mode]
    out = {}
    for name in ("cold", "warm"):
        l0, m0 = _hits(ex)
        t0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            fn(t)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        l1, m1 = _hits(ex)
        out[name] = {"seconds": dt, "cpu_seconds": cpu, "hit_rate": 1 - (m1 - m0) / max(1, l1 - l0)}
    return out


def _lines(texts: list[str]) -> list[str]:
    return [line for t in texts for line in t.split("\n") if line.strip()]


def child_underthesea(texts: list[str], warm: bool) -> dict:
    from underthesea import ner

    ner("Giám đốc Sở Tư pháp Lê Văn An họp.")  # load the model
    lines = _lines(texts)
    out = {}
    for name in ("cold", "warm") if warm else ("cold",):
        t0 = time.perf_counter()
        for line in lines:
            ner(line)
        out[name] = {"seconds": time.perf_counter() - t0}
    return out


def child_batch(mode: str, texts: list[str]) -> dict:
    from cdsnlp.pipeline import default_extractor

    ex = default_extractor()
    ex.extract(FIRST)
    t0 = time.perf_counter()
    if mode == "pipe":
        for _ in ex.pipe(texts, batch_size=64):
            pass
    else:
        for t in texts:
            ex.extract(t)
    return {"seconds": time.perf_counter() - t0}


def thousand(texts: list[str]) -> list[str]:
    """1,000 articles for the parallel measurements (worker start-up must not
    dominate); the corpus has fewer, so they repeat."""
    return [texts[i % len(texts)] for i in range(1000)]


def child_spacy(texts: list[str], n_process: int) -> dict:
    import cdsnlp

    texts = thousand(texts)

    nlp = cdsnlp.load()
    nlp(FIRST)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=32):
        pass
    return {"seconds": time.perf_counter() - t0}


def child_size(texts: list[str], n_bytes: int, tool: str) -> dict:
    """One length: many distinct documents below 100 kB, else one document."""
    stream = "\n\n".join(texts)
    raw = stream.encode("utf-8")
    if n_bytes < 100_000:
        docs = [raw[i : i + n_bytes].decode("utf-8", "ignore") for i in range(0, min(len(raw), 400_000) - n_bytes + 1, n_bytes)]
    else:
        reps = -(-n_bytes // len(raw))
        doc = ("\n\n".join([stream] * reps)).encode("utf-8")[:n_bytes].decode("utf-8", "ignore")
        docs = [doc]
        del reps
    del raw, stream
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    syl = syllables(docs)
    if tool == "underthesea":
        from underthesea import ner

        ner("Giám đốc Sở Tư pháp Lê Văn An họp.")
        lines = _lines(docs)
        t0 = time.perf_counter()
        for line in lines:
            ner(line)
        dt = time.perf_counter() - t0
        return {"mb": mb, "syllables": syl, "cold": dt}
    import cdsnlp

    cdsnlp.extract(FIRST)
    before = _rss_mib()
    out: dict = {"mb": mb, "syllables": syl}
    for name in ("cold", "warm"):
        t0 = time.perf_counter()
        for d in docs:
            cdsnlp.extract(d)
        out[name] = time.perf_counter() - t0
        if name == "cold":
            out["rss_growth_mib"] = _rss_mib() - before
    return out


def run_child(args: list[str]) -> dict:
    cmd = [sys.executable, __file__, "--child", *args]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- parent


def first_result() -> tuple[float, float]:
    code = (
        "import time, resource; t=time.perf_counter(); import cdsnlp; "
        f"cdsnlp.extract({FIRST!r}); print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/").stdout.split()
    return float(out[0]), float(out[1]) / 1024


def article_rss(texts: list[str]) -> tuple[float, int]:
    median = sorted(texts, key=len)[len(texts) // 2]
    code = "import sys, resource, cdsnlp; cdsnlp.extract(sys.stdin.read()); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", code], input=median, capture_output=True, text=True, check=True, cwd="/").stdout
    return float(out) / 1024, len(median)


def cold_and_warm(args: argparse.Namespace, texts: list[str]) -> dict:
    syl = syllables(texts)
    results: dict[str, list[dict]] = {"extract": [], "analyze": [], "underthesea": []}
    for _ in range(args.runs):  # alternate, so that all three meet the same machine
        results["extract"].append(run_child(["cdsnlp", "extract", args.subset]))
        results["analyze"].append(run_child(["cdsnlp", "analyze", args.subset]))
        if not args.skip_underthesea:
            results["underthesea"].append(run_child(["underthesea", "warm" if args.underthesea_warm else "cold", args.subset]))
    best = {}
    for tool, runs in results.items():
        for name in ("cold", "warm"):
            got = [r[name] for r in runs if name in r]
            if got:
                b = min(got, key=lambda r: r["seconds"])
                best[(tool, name)] = {**b, "speed": syl / b["seconds"], "all": [syl / r["seconds"] for r in got]}
    print(f"\n{len(texts)} texts, {syl:,} syllables, {sum(len(t.encode()) for t in texts) / 1e6:.2f} MB; best of {args.runs} fresh processes")
    print(f"{'':<8} {'tool':<17} {'syllables/s':>12} {'(all runs)':<28} {'vs underthesea':>15} {'cache hits':>10}")
    for name in ("cold", "warm"):
        uts = best.get(("underthesea", name)) or best.get(("underthesea", "cold"))
        for tool in ("extract", "analyze", "underthesea"):
            b = best.get((tool, name))
            if b is None:
                continue
            runs = ", ".join(f"{x:,.0f}" for x in b["all"])
            ratio = f"{b['speed'] / uts['speed']:.1f}x" if uts and tool != "underthesea" else ""
            hit = f"{b['hit_rate']:.1%}" if "hit_rate" in b else ""
            label = f"cdsnlp.{tool}" if tool != "underthesea" else "underthesea.ner"
            print(f"{name:<8} {label:<17} {b['speed']:>12,.0f} {runs:<28} {ratio:>15} {hit:>10}")
        if name == "warm" and not best.get(("underthesea", "warm")) and uts:
            print("         (warm ratios against underthesea's cold figure; --underthesea-warm for its second pass)")
    e, a = best[("extract", "cold")]["speed"], best[("analyze", "cold")]["speed"]
    print(f"analyze / extract (cold): {a / e:.0%}")
    return best


def child_score_cost(texts: list[str], runs: int) -> dict:
    """Cold passes with and without scores in one process, alternating (each
    pass gets a fresh Extractor, so an empty word cache), CPU seconds each."""
    from cdsnlp.pipeline import Extractor

    Extractor("default").extract(texts[0])  # load and warm what both share (rule tables, regexes)
    out: dict[str, list[float]] = {"on": [], "off": []}
    for rep in range(runs):
        for key in ("on", "off") if rep % 2 == 0 else ("off", "on"):
            ex = Extractor("default", scores=key == "on")
            c0 = time.process_time()
            for t in texts:
                ex.extract(t)
            out[key].append(time.process_time() - c0)
    # the marginals' own cost, on the same feature sequences: Viterbi alone
    # against Viterbi + forward-backward + reading the entity tokens' marginals
    from cdsnlp.tokenizer import tokenize

    tagger = Extractor("default").tagger
    crf = tagger._tagger
    seqs = [x for t in texts for x in tagger.document_features(t, tokenize(t), [])]
    tag, marginal = crf.tag, crf.marginal
    out["tag"], out["tag_marginals"] = [], []
    for rep in range(runs):
        for key in ("tag", "tag_marginals") if rep % 2 == 0 else ("tag_marginals", "tag"):
            c0 = time.process_time()
            for x in seqs:
                y = tag(x)
                if key == "tag_marginals" and y.count("O") != len(y):
                    [marginal(t, i) for i, t in enumerate(y) if t != "O"]
            out[key].append(time.process_time() - c0)
    return out


def score_cost(args: argparse.Namespace, texts: list[str]) -> None:
    syl = syllables(texts)
    res = run_child(["scorecost", str(args.runs), args.subset])
    on, off = sorted(res["on"]), sorted(res["off"])
    med = lambda v: v[len(v) // 2]  # noqa: E731
    print(f"cold cdsnlp.extract, {len(texts)} texts, {syl:,} syllables, {args.runs} alternating passes each in one process (CPU time):")
    for key, label in (("on", "with scores"), ("off", "without scores")):
        v = sorted(res[key])
        print(f"  {label:<15} best {v[0]:.3f} s, median {med(v):.3f} s ({syl / med(v):,.0f} syllables per CPU second)")
    print(f"  cost of the scores: {med(on) / med(off) - 1:+.1%} (median), {on[0] / off[0] - 1:+.1%} (best)")
    extra = med(sorted(res["tag_marginals"])) - med(sorted(res["tag"]))
    print(f"  the marginals alone (Viterbi {med(sorted(res['tag'])):.3f} s, with the marginals {med(sorted(res['tag_marginals'])):.3f} s, medians): "
          f"{extra:.3f} s per pass, {extra / med(off):+.1%} of a cold pass without scores")


def batch_and_parallel(args: argparse.Namespace, texts: list[str]) -> None:
    syl = syllables(texts)
    loop, pipe = [], []
    for _ in range(args.runs):
        loop.append(run_child(["batch", "loop", args.subset])["seconds"])
        pipe.append(run_child(["batch", "pipe", args.subset])["seconds"])
    print(f"\nExtractor.pipe(batch_size=64): {syl / min(pipe):,.0f} syllables/s; extract in a loop: {syl / min(loop):,.0f} (cold, best of {args.runs})")
    if args.skip_parallel:
        return
    cpus = os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, t in enumerate(thousand(texts)):
            (folder / f"{i:04d}.txt").write_text(t, encoding="utf-8")
        times = {}
        for jobs in (1, 2):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cdsnlp.cli", "extract", str(folder), "--jobs", str(jobs), "--output", str(Path(tmp) / "out.jsonl")],
                           check=True, capture_output=True)
            times[jobs] = time.perf_counter() - t0
        print(f"cdsnlp extract on 1,000 articles ({cpus} CPUs): --jobs 1 {times[1]:.1f} s, --jobs 2 {times[2]:.1f} s: {times[1] / times[2]:.2f}x")
    serial = run_child(["spacy", "1", args.subset])["seconds"]
    two = run_child(["spacy", "2", args.subset])["seconds"]
    syl = syllables(thousand(texts))
    print(f"nlp.pipe on 1,000 articles: serial {syl / serial:,.0f} syllables/s, n_process=2 {syl / two:,.0f}: {serial / two:.2f}x")


SIZES = [200, 2_000, 20_000, 200_000, 500_000, 2_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000]


def scaling(args: argparse.Namespace, texts: list[str]) -> None:
    rows = []
    print(f"\n{'length':>11} {'cold s/MB':>10} {'warm s/MB':>10} {'cold syl/s':>11} {'warm syl/s':>11} {'RSS MiB/MB':>11} {'underthesea syl/s':>18}")
    for n in [s for s in SIZES if s <= args.max_mb * 1e6]:
        r = run_child(["size", str(n), "cdsnlp", args.subset])
        if not args.skip_underthesea and n <= args.underthesea_max:
            r["underthesea"] = run_child(["size", str(n), "underthesea", args.subset])["cold"]
        rows.append((n, r))
        uts = f"{r['syllables'] / r['underthesea']:,.0f}" if "underthesea" in r else ""
        rss = r["rss_growth_mib"] / r["mb"] if n >= 100_000 else float("nan")
        print(f"{n:>11,} {r['cold'] / r['mb']:>10.2f} {r['warm'] / r['mb']:>10.2f} {r['syllables'] / r['cold']:>11,.0f} "
              f"{r['syllables'] / r['warm']:>11,.0f} {rss:>11.1f} {uts:>18}", flush=True)
    by = dict(rows)
    for a, b in ((500_000, 5_000_000), (500_000, 50_000_000)):
        if a in by and b in by:
            ra, rb = by[a]["cold"] / by[a]["mb"], by[b]["cold"] / by[b]["mb"]
            print(f"s/MB at {b / 1e6:g} MB / at {a / 1e6:g} MB: {rb / ra:.2f}x")
    if args.plot:
        plot(rows, args.plot)


def plot(rows: list, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [n for n, _ in rows]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(x, [r["syllables"] / r["cold"] for _, r in rows], "o-", label="cdsnlp.extract, cold")
    ax.plot(x, [r["syllables"] / r["warm"] for _, r in rows], "s--", label="cdsnlp.extract, warm")
    ut = [(n, r["syllables"] / r["underthesea"]) for n, r in rows if "underthesea" in r]
    if ut:
        ax.plot(*zip(*ut, strict=True), "^-", label="underthesea.ner")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("document length (bytes of UTF-8)")
    ax.set_ylabel("syllables per second")
    ax.set_title("Speed against document length (one process)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"plot: {path}")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        texts = load_texts(rest[-1])
        if kind == "cdsnlp":
            out = child_cdsnlp(rest[0], texts)
        elif kind == "underthesea":
            out = child_underthesea(texts, rest[0] == "warm")
        elif kind == "batch":
            out = child_batch(rest[0], texts)
        elif kind == "scorecost":
            out = child_score_cost(texts, int(rest[0]))
        elif kind == "spacy":
            out = child_spacy(texts, int(rest[0]))
        else:
            out = child_size(texts, int(rest[0]), rest[1])
        print(json.dumps(out))
        return 0
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3, help="fresh processes per measurement (best is kept)")
    p.add_argument("--subset", choices=("all", "test"), default="all")
    p.add_argument("--skip-underthesea", action="store_true")
    p.add_argument("--underthesea-warm", action="store_true", help="also time underthesea's second pass")
    p.add_argument("--underthesea-max", type=int, default=500_000, help="longest document (bytes) given to underthesea")
    p.add_argument("--skip-parallel", action="store_true", help="skip --jobs and nlp.pipe(n_process=2)")
    p.add_argument("--skip-sizes", action="store_true")
    p.add_argument("--max-mb", type=float, default=50)
    p.add_argument("--plot", type=Path, default=HERE / "speed_vs_length.png")
    p.add_argument("--score-cost", action="store_true", help="only measure the cost of Entity.score (see above)")
    args = p.parse_args()

    texts = load_texts(args.subset)
    if args.score_cost:
        score_cost(args, texts)
        return 0
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    firsts = [first_result() for _ in range(3)]
    print(f"import + first result (fresh interpreter, best of 3): {min(f[0] for f in firsts):.3f} s, RSS {min(f[1] for f in firsts):.0f} MiB")
    rss, n = article_rss(texts)
    print(f"RSS after one article of {n:,} characters (the median): {rss:.0f} MiB")
    cold_and_warm(args, texts)
    batch_and_parallel(args, texts)
    if not args.skip_sizes:
        scaling(args, texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
