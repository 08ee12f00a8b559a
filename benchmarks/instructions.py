"""Instructions executed per syllable by cdsnlp, counted by valgrind, cold
and per stage.

    python benchmarks/instructions.py [--subset test|all] [--stages] [--warm]

Wall-clock speed on a shared machine moves by ±20% from run to run, which
hides changes of a few percent. Instruction counts do not move. Each count
is one fresh process under ``valgrind --tool=cachegrind``:

- default (cold): load the model, then every text once; minus a process
  that only loads the model. Per syllable of the texts.
- ``--warm``: a further pass over the same texts in the same process
  (three passes minus one pass, halved), for comparison.
- ``--stages``: the stages of ``benchmarks/stages.py`` cumulatively
  (normalise; normalise + rules; ... ; everything up to records), each
  count minus the one before: instructions per syllable of each stage in
  the cold setting.

Needs valgrind on the PATH; one count takes about a minute for the test
split and the seeds (``--subset test``, the default).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stages import STAGES, subset_texts

HERE = Path(__file__).resolve().parent


def workload(subset: str, passes: int) -> None:
    from cdsnlp.pipeline import default_extractor

    texts = subset_texts(subset)
    ex = default_extractor()
    ex.extract("Ngày 20/3/2024, Giám đốc Sở Tư pháp Lê Văn An họp.")
    for _ in range(passes):
        for t in texts:
            ex.extract(t)


def count(cmd: list[str]) -> int:
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    out = subprocess.run([*valgrind, sys.executable, *cmd], capture_output=True, text=True, check=True).stderr
    m = re.search(r"I\s+refs:\s+([\d,]+)", out)
    if not m:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--subset", choices=("all", "test"), default="test")
    p.add_argument("--stages", action="store_true")
    p.add_argument("--warm", action="store_true")
    p.add_argument("--run", type=int, default=None, help=argparse.SUPPRESS)  # inside valgrind
    args = p.parse_args()
    if args.run is not None:
        workload(args.subset, args.run)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    texts = subset_texts(args.subset)
    syl = sum(len(t.split()) for t in texts)
    print(f"texts: {len(texts)} ({args.subset}), {syl} syllables", flush=True)

    def passes(n: int) -> int:
        return count([__file__, "--run", str(n), "--subset", args.subset])

    if args.stages:
        stages = str(HERE / "stages.py")
        prev = count([stages, "--upto-none", "--subset", args.subset])
        print(f"{'stage':<10} {'instr/syllable':>15}")
        total = 0
        for stage in STAGES:
            cur = count([stages, "--upto", stage, "--subset", args.subset])
            total += cur - prev
            print(f"{stage:<10} {(cur - prev) / syl:>15,.0f}", flush=True)
            prev = cur
        print(f"{'total':<10} {total / syl:>15,.0f}")
        return 0
    base = passes(0)
    one = passes(1)
    print(f"cdsnlp.extract, cold (one pass): {(one - base) / syl:,.0f} instructions per syllable")
    if args.warm:
        print(f"cdsnlp.extract, warm (a further pass): {(passes(3) - one) / 2 / syl:,.0f} instructions per syllable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
