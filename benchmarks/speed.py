"""Speed and memory of cdsnlp.extract against underthesea.ner, same texts, same run.

    python benchmarks/speed.py [--repeat 20] [--texts DIR_OR_JSONL] [--profile]

Texts: the shared seed articles (../shared/seeds) when present, else the
corpus test split, run --repeat times. After one untimed warm-up round each,
the two tools run in alternating rounds so that both meet the same machine
state. Prints syllables/s for both (syllables = whitespace-separated
tokens), their ratio (overall, and the lowest and highest of the rounds),
the time from a fresh interpreter to the first result, the time of extract
and analyze on one very long document at two lengths (should grow
linearly), and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_texts(source: Path | None) -> tuple[str, list[str]]:
    seeds = ROOT.parent / "shared" / "seeds"
    if source is None:
        source = seeds if seeds.is_dir() else ROOT / "data" / "corpus" / "test.jsonl"
    if source.is_dir():
        return str(source), [p.read_text(encoding="utf-8") for p in sorted(source.glob("*.txt"))]
    return str(source), [json.loads(line)["text"] for line in source.open(encoding="utf-8") if line.strip()]


def cold_start_seconds() -> float:
    code = (
        "import time; t=time.perf_counter(); import cdsnlp; "
        "cdsnlp.extract('Ngày 20/3/2024, Giám đốc Sở Tư pháp Lê Văn An họp.'); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    return float(out.stdout.strip())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--texts", type=Path, default=None)
    p.add_argument("--profile", action="store_true", help="print the top functions of cdsnlp.extract (cProfile)")
    p.add_argument("--skip-underthesea", action="store_true")
    p.add_argument("--long", type=int, default=40, help="copies of all texts joined into one long document (timed at 1/4 and full length)")
    args = p.parse_args()

    source, base = load_texts(args.texts)
    per_round = sum(len(t.split()) for t in base)
    syllables = per_round * args.repeat
    print(f"texts: {len(base)} from {source}, x{args.repeat} rounds = {len(base) * args.repeat} documents, {syllables} syllables")

    cold = cold_start_seconds()
    print(f"load to first result (fresh interpreter): {cold:.3f} s")

    import cdsnlp

    ner = None
    if not args.skip_underthesea:
        from underthesea import ner
    lines = [line for t in base for line in t.split("\n") if line.strip()]

    # One untimed round of each to warm caches, then timed rounds that
    # alternate between the two tools, so that both see the same machine
    # (frequency changes and neighbours' load on a shared machine).
    for t in base:
        cdsnlp.extract(t)
    if ner is not None:
        for line in lines:
            ner(line)
    dt_ours = dt_uts = 0.0
    ratios = []
    n_ents = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_ents += sum(len(cdsnlp.extract(t)) for t in base)
        ours_round = time.perf_counter() - t0
        dt_ours += ours_round
        if ner is not None:
            t1 = time.perf_counter()
            for line in lines:
                ner(line)
            uts_round = time.perf_counter() - t1
            dt_uts += uts_round
            ratios.append(uts_round / ours_round)
    ours = syllables / dt_ours
    print(f"cdsnlp.extract:   {ours:>10,.0f} syllables/s  ({dt_ours:.2f} s, {n_ents} entities)")
    if ner is not None:
        uts = syllables / dt_uts
        print(f"underthesea.ner:  {uts:>10,.0f} syllables/s  ({dt_uts:.2f} s)")
        print(f"ratio cdsnlp/underthesea: {ours / uts:.1f}x  (rounds: min {min(ratios):.1f}x, max {max(ratios):.1f}x)")
    # one very long document: time must grow linearly with its length
    for copies in (args.long // 4, args.long):
        long_text = "\n\n".join(base) * copies
        t2 = time.perf_counter()
        cdsnlp.extract(long_text)
        t3 = time.perf_counter()
        cdsnlp.analyze(long_text)
        print(f"one document of {len(long_text):>9,} chars: extract {t3 - t2:.2f} s, analyze {time.perf_counter() - t3:.2f} s")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")

    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for t in base * 3:
            cdsnlp.extract(t)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(18)
    return 0


if __name__ == "__main__":
    sys.exit(main())
