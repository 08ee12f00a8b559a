"""Instructions executed per syllable by cdsnlp.extract, counted by valgrind.

    python benchmarks/instructions.py [--texts DIR_OR_JSONL] [--model DIR]

Wall-clock speed on a shared machine moves by ±20% from run to run, which
hides changes of a few percent. Instruction counts do not move: this runs
a fixed workload (every text once, after a warm-up pass) under
``valgrind --tool=cachegrind`` with one and with three passes and prints the
difference per pass and per syllable. Needs valgrind on the PATH; takes
about a minute.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import load_texts


def workload(source: Path | None, model: str, passes: int) -> None:
    from cdsnlp.pipeline import Extractor

    _, texts = load_texts(source)
    ex = Extractor(model)
    for _ in range(1 + passes):  # the first pass fills caches
        for t in texts:
            ex.extract(t)


def count(args: argparse.Namespace, passes: int) -> int:
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    cmd = [*valgrind, sys.executable, __file__, "--run", str(passes), "--model", args.model]
    if args.texts:
        cmd += ["--texts", str(args.texts)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    m = re.search(r"I\s+refs:\s+([\d,]+)", out)
    if not m:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--texts", type=Path, default=None)
    p.add_argument("--model", default="default")
    p.add_argument("--run", type=int, default=None, help=argparse.SUPPRESS)  # inside valgrind
    args = p.parse_args()
    if args.run is not None:
        workload(args.texts, args.model, args.run)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    source, texts = load_texts(args.texts)
    syllables = sum(len(t.split()) for t in texts)
    per_pass = (count(args, 3) - count(args, 1)) // 2
    print(f"texts: {len(texts)} from {source}, {syllables} syllables")
    print(f"cdsnlp.extract: {per_pass:,} instructions per pass, {per_pass / syllables:,.0f} per syllable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
