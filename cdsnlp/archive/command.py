"""The ``cdsnlp index`` command line."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="index articles into a DuckDB archive or a Parquet dataset",
                       description="Read .txt, .html, .jsonl ('text' and optional id/url/date/source fields) and .parquet files "
                       "or folders (recursively) and write entities and records into a DuckDB database (one file) or a Parquet dataset. "
                       "Re-running adds only new or changed articles.")
    p.add_argument("inputs", nargs="+", help="files or folders")
    p.add_argument("--db", help="the DuckDB database file (created if missing)")
    p.add_argument("--format", choices=["duckdb", "parquet"], default="duckdb", help="duckdb (default) or parquet (needs --out)")
    p.add_argument("--out", help="output folder for --format parquet (one dataset per table, partitioned by article year)")
    p.add_argument("--text-column", default="text", help="the text column of Parquet inputs (default: text)")
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--model", default="default", help="model directory (default: the shipped model; 'none': rules only)")
    p.add_argument("--reprocess", action="store_true", help="also redo articles stored by another model or cdsnlp version")
    p.add_argument("--batch-size", type=int, default=64, help="articles per transaction and per worker (default 64)")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="local processes (default) or a Dask cluster")
    p.add_argument("--scheduler", help="Dask scheduler address for --engine dask (default: a local cluster of 2 workers)")
    prog = p.add_mutually_exclusive_group()
    prog.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show a progress bar on stderr")
    prog.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .index import index

    model = None if args.model == "none" else args.model
    summary = index(args.inputs, db=args.db, out=args.out, fmt=args.format, jobs=args.jobs, model=model, reprocess=args.reprocess,
                    progress=args.progress, text_column=args.text_column, engine=args.engine, scheduler=args.scheduler,
                    batch_size=args.batch_size)
    for source, reason in summary.errors:
        print(f"cdsnlp: {source}: {reason}", file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    return 1 if summary.errors else 0
