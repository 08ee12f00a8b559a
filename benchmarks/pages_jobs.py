"""`cdsnlp extract --jobs 2` (or `cdsnlp index`) against `--jobs 1` on a folder of saved web pages.

    python benchmarks/pages_jobs.py [--pages 300] [--runs 3] [--command extract|index]

Each page is a distinct corpus document inside the furniture of a news
portal (a script block, a menu of 300 links twice, a sidebar of 150 related
stories: about 90 kB of HTML for 2 kB of article), so reading a page (main
text extraction) costs more than analysing its text. Prints the time of each
`cdsnlp extract FOLDER --jobs N` (or `cdsnlp index FOLDER --db NEW --jobs N`)
process (best of ``--runs``) and the ratio.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from texts import corpus_texts

MENU = "".join(f'<li><a href="/c/{i}">Chuyên mục số {i} tin tức</a></li>' for i in range(300))
SIDE = "".join(f'<div class="item"><a href="/n/{i}"><img src="/i/{i}.jpg"><h3>Tin liên quan số {i} về chuyển đổi số</h3></a>'
               f"<p>Mô tả ngắn {i}</p></div>" for i in range(150))
SCRIPT = "<script>" + "var x=1;" * 5000 + "</script>"


def page(title: str, text: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    return (f"<html><head><title>{title}</title>{SCRIPT}</head><body><nav><ul>{MENU}</ul></nav>"
            f"<article><h1>{title}</h1>{body}</article><aside>{SIDE}</aside><footer>{MENU}</footer></body></html>")


def run(folder: Path, jobs: int, command: str) -> float:
    if command == "extract":
        out = ["--output", str(folder.parent / f"out{jobs}.jsonl")]
    else:
        db = folder.parent / f"out{jobs}.duckdb"
        db.unlink(missing_ok=True)
        out = ["--db", str(db)]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cdsnlp.cli", command, str(folder), "--jobs", str(jobs), "--no-progress", *out],
                   check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, default=300)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--command", choices=["extract", "index"], default="extract")
    args = p.parse_args()
    texts = [t for _, t in corpus_texts(False)][: args.pages]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for k, text in enumerate(texts):
            (folder / f"{k:04d}.html").write_text(page(f"Tin {k}", text), encoding="utf-8")
        size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
        best = {1: float("inf"), 2: float("inf")}
        for _ in range(args.runs):
            for jobs in (1, 2):
                best[jobs] = min(best[jobs], run(folder, jobs, args.command))
        same = args.command != "extract" or (Path(tmp) / "out1.jsonl").read_bytes() == (Path(tmp) / "out2.jsonl").read_bytes()
    print(f"cdsnlp {args.command}: {len(texts)} pages, {size:.1f} MB of HTML; best of {args.runs} processes each")
    print(f"--jobs 1: {best[1]:.2f} s ({len(texts) / best[1]:.1f} pages/s)")
    check = same if args.command == "extract" else "not compared here (tests/test_concurrency.py)"
    print(f"--jobs 2: {best[2]:.2f} s ({len(texts) / best[2]:.1f} pages/s), {best[1] / best[2]:.2f}x; outputs identical: {check}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
