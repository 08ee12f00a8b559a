"""Peak memory of the DuckDB archive writer alone, as the archive grows.

    python benchmarks/archive_store_memory.py [--articles 300000] [--at 1000,10000,100000]

The rows of 64 corpus articles are made once (``rows_chunk``, as ``cdsnlp
index`` does), then written again and again under new ids, 64 articles per
transaction, into a new database file: what the store costs without the
analysis. Prints the process's current and peak RSS at each checkpoint.
``benchmarks/archive.py`` measures the whole ``cdsnlp index`` run.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from texts import corpus_texts


def rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=300_000)
    p.add_argument("--at", default="1000,10000,100000", help="article counts at which to print memory")
    args = p.parse_args()
    import pyarrow as pa

    from cdsnlp.archive.index import rows_chunk
    from cdsnlp.archive.store_duckdb import WRITE_MEMORY_LIMIT, DuckStore

    texts = [t for _, t in corpus_texts(False)][:64]
    ids, tables, _errors, _syllables = rows_chunk([{"id": f"a{i}", "text": t} for i, t in enumerate(texts)])
    marks = sorted({int(x) for x in args.at.split(",")} | {args.articles})
    print(f"DuckDB writer, memory_limit {WRITE_MEMORY_LIMIT}; {len(ids)} articles per transaction; RSS before writing {rss_mb()} MB")
    print("| articles written | RSS MB | peak RSS MB | seconds |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        store = DuckStore(Path(tmp) / "a.duckdb")
        done, t0 = 0, time.perf_counter()
        try:
            while done < args.articles:
                batch = {}
                for name, table in tables.items():
                    renamed = pa.array([f"{v}-{done}" for v in table.column("article_id").to_pylist()], pa.string())
                    batch[name] = table.set_column(table.schema.get_field_index("article_id"), "article_id", renamed)
                store.write([batch], [])
                before, done = done, done + len(ids)
                if any(before < m <= done for m in marks):
                    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
                    print(f"| {done:,} | {rss_mb()} | {peak} | {time.perf_counter() - t0:.1f} |", flush=True)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
