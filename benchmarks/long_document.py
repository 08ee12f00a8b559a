"""Seconds and peak memory per MB of one long document, for extract or analyze.

    python benchmarks/long_document.py                        # analyze at 0.5, 5 and 50 MB
    python benchmarks/long_document.py --mb 0.5,5 --mode extract

Each length runs in a fresh process: the corpus articles (benchmarks/texts.py,
seed articles left out) are joined and repeated into one document of that
many bytes, and ``cdsnlp.analyze`` (or ``extract``) runs on it once, after a
warm-up call on one sentence. Printed per length: seconds, s/MB, the peak RSS
above the process's RSS before the call (MiB, and MiB per MB of input), the
number of entities and of records. The goal (issues 14 and 17): s/MB at 5 MB
within 1.25x and at 50 MB within 1.5x of 0.5 MB; peak growth bounded per MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child(n_bytes: int, mode: str) -> dict:
    sys.path.insert(0, str(HERE))
    from texts import corpus_texts

    import cdsnlp

    stream = "\n\n".join(t for _, t in corpus_texts(include_seeds=False)).encode("utf-8")
    reps = -(-n_bytes // len(stream))
    doc = b"\n\n".join([stream] * reps)[:n_bytes].decode("utf-8", "ignore")
    del stream
    cdsnlp.analyze("Ngày 6/6/2023, Giám đốc Sở Tư pháp Lê Văn An chủ trì họp.")
    before = _rss_mib()
    t0 = time.perf_counter()
    if mode == "analyze":
        d = cdsnlp.analyze(doc)
        n_ent = len(d.entities)
        n_rec = len(d.officials) + len(d.agencies) + len(d.documents) + len(d.metrics) + len(d.events) + len(d.assignments)
    else:
        n_ent, n_rec = len(cdsnlp.extract(doc)), 0
    dt = time.perf_counter() - t0
    mb = len(doc.encode("utf-8")) / 1e6
    return {"mb": mb, "seconds": dt, "peak_growth_mib": _peak_mib() - before, "entities": n_ent, "records": n_rec}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mb", default="0.5,5,50", help="comma-separated lengths in MB (default 0.5,5,50)")
    p.add_argument("--mode", choices=("analyze", "extract"), default="analyze")
    p.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.mode)))
        return 0
    print(f"cdsnlp.{args.mode} on one document per length (fresh process each)")
    print(f"{'MB':>6} {'seconds':>9} {'s/MB':>7} {'x 1st':>6} {'peak MiB':>9} {'MiB/MB':>7} {'entities':>9} {'records':>8}")
    first = None
    for mb in (float(x) for x in args.mb.split(",")):
        cmd = [sys.executable, __file__, "--mode", args.mode, "--child", str(int(mb * 1e6))]
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            print(f"{mb:>6} failed: {res.stderr[-2000:]}")
            return 1
        r = json.loads(res.stdout.strip().splitlines()[-1])
        spm = r["seconds"] / r["mb"]
        first = first or spm
        print(f"{r['mb']:>6.2f} {r['seconds']:>9.2f} {spm:>7.2f} {spm / first:>6.2f} {r['peak_growth_mib']:>9.1f} "
              f"{r['peak_growth_mib'] / r['mb']:>7.1f} {r['entities']:>9,} {r['records']:>8,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
