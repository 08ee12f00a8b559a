"""Speed, memory and size of `cdsnlp index`, and the time of the README queries.

    python benchmarks/archive.py [--sizes 1000,100000] [--modes single,jobs2,dask] [--work DIR]

For each size, the shipped corpus (every document of data/corpus) is repeated
with varied ids into one JSONL file. Each mode runs as its own `cdsnlp index`
process (the dask mode starts a LocalCluster with 2 worker processes and
writes Parquet); peak RSS is the largest sum over the process and its
children, sampled every 0.1 s. The yardstick for "vs extract" is
`cdsnlp.extract` alone over the same file in a fresh process
(`benchmarks/extract_only.py`), timed the same way: both start cold and meet
each distinct text for the first time once. A warm figure (extract in this
process after a pass over the corpus) is printed beside it, labelled. Note:
repeated texts meet a warm per-word feature cache, so articles/s here are
higher than on fresh text; the ratios between modes (same texts, same run)
are what to read.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus() -> list[dict]:
    docs = []
    for split in ("train", "validation", "test"):
        for line in (ROOT / "data" / "corpus" / f"{split}.jsonl").open(encoding="utf-8"):
            d = json.loads(line)
            docs.append({"id": d["id"], "text": d["text"]})
    return docs


def make_input(path: Path, n: int) -> int:
    docs = corpus()
    syllables = 0
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n):
            d = docs[k % len(docs)]
            fh.write(json.dumps({"id": f"{d['id']}#{k // len(docs)}", "text": d["text"]}, ensure_ascii=False) + "\n")
            syllables += len(d["text"].split())
    return syllables


def run_measured(cmd: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of the process tree, stderr)."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = sum(p.memory_info().rss for p in [ps, *ps.children(recursive=True)])
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - t0
    err = proc.stderr.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return seconds, peak / 1e6, err


def extract_rate(n: int) -> float:
    """Warm articles/s of cdsnlp.extract in this process over the first min(n, 1000) articles
    (after a pass over the corpus): shown beside the cold yardstick, labelled warm."""
    import cdsnlp

    docs = corpus()
    texts = [docs[k % len(docs)]["text"] for k in range(min(n, 1000))]
    for d in docs:
        cdsnlp.extract(d["text"])
    t0 = time.perf_counter()
    for t in texts:
        cdsnlp.extract(t)
    return len(texts) / (time.perf_counter() - t0)


def readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Three queries over the shipped corpus", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```sql\n(.*?)\n```", section, flags=re.S)


def query_times(db: Path) -> list[float]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    out = []
    for q in readme_queries():
        t0 = time.perf_counter()
        con.sql(q).fetchall()
        out.append(time.perf_counter() - t0)
    con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,100000", help="comma-separated article counts")
    ap.add_argument("--modes", default="cli,single,jobs2,dask", help="any of cli (cdsnlp extract to JSONL: the same records, no store), "
                    "single, jobs2, dask")
    ap.add_argument("--work", help="working folder (default: a temporary one, removed at the end)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    modes = args.modes.split(",")
    cli = [sys.executable, "-m", "cdsnlp.cli", "index"]
    try:
        import os

        load = os.getloadavg()
        print(f"load average at start: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    except OSError:
        pass
    print(f"note: the corpus is repeated, so the per-word feature cache is warm after the first {len(corpus())} articles")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            src = work / f"articles-{n}.jsonl"
            syl = make_input(src, n)
            warm = extract_rate(n)
            secs, rss, _ = run_measured([sys.executable, str(ROOT / "benchmarks" / "extract_only.py"), str(src)])
            base = n / secs
            print(f"\n{n} articles, {syl} syllables; cdsnlp.extract alone in a fresh process: {base:.1f} articles/s "
                  f"({syl / secs:.0f} syllables/s, peak RSS {rss:.0f} MB); warm, in this process: {warm:.1f} articles/s", flush=True)
            single = cli_rate = None
            for mode in modes:
                db = work / f"{mode}-{n}.duckdb"
                out = work / f"{mode}-{n}-parquet"
                for stale in (db, Path(f"{db}.wal")):
                    stale.unlink(missing_ok=True)
                cmd = {"cli": [sys.executable, "-m", "cdsnlp.cli", "extract", str(src), "-o", str(work / f"cli-{n}.jsonl"), "--no-progress"],
                       "single": [*cli, str(src), "--db", str(db), "--no-progress"],
                       "jobs2": [*cli, str(src), "--db", str(db), "--jobs", "2", "--no-progress"],
                       "dask": [*cli, str(src), "--engine", "dask", "--jobs", "2", "--out", str(out)]}[mode]
                secs, rss, _ = run_measured(cmd)
                rate = n / secs
                size = (db.stat().st_size if db.exists() else sum(f.stat().st_size for f in out.rglob("*.parquet"))) / n * 1000 / 1e6
                qt = query_times(db) if db.exists() else []
                if mode == "single":
                    single = rate
                if mode == "cli":
                    cli_rate = rate
                row = {"n": n, "mode": mode, "seconds": secs, "articles/s": rate, "syllables/s": syl / secs, "peak RSS MB": rss,
                       "MB per 1000 articles": size, "vs extract": rate / base, "vs single": rate / single if single else None,
                       "queries s": qt, "vs cli": rate / cli_rate if cli_rate else None}
                rows.append(row)
                q = ", ".join(f"{t:.3f}" for t in qt) or "-"
                vs = f"{row['vs single']:.2f}x single" if row["vs single"] else ""
                vs_cli = f"{row['vs cli']:.0%} of cdsnlp extract CLI" if row["vs cli"] else ""
                print(f"  {mode:<6} {secs:8.1f}s  {rate:7.1f} articles/s  {syl / secs:9.0f} syllables/s  peak RSS {rss:6.0f} MB  "
                      f"{size:6.2f} MB/1000 ({'duckdb' if db.exists() else 'parquet'})  {rate / base:.0%} of extract  "
                      f"{vs_cli}  {vs}  queries [{q}] s", flush=True)
    print("\n| articles | mode | s | articles/s | syllables/s | peak RSS MB | MB/1000 articles | vs extract | vs CLI | vs single | README queries s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        vs = f"{r['vs single']:.2f}x" if r["vs single"] else ""
        q = ", ".join(f"{t:.3f}" for t in r["queries s"]) or "-"
        cli_share = f"{r['vs cli']:.0%}" if r["vs cli"] else "-"
        print(f"| {r['n']} | {r['mode']} | {r['seconds']:.1f} | {r['articles/s']:.1f} | {r['syllables/s']:.0f} | {r['peak RSS MB']:.0f} | "
              f"{r['MB per 1000 articles']:.2f} | {r['vs extract']:.0%} | {cli_share} | {vs} | {q} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
