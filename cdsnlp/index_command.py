"""The ``cdsnlp index`` subcommand (:mod:`cdsnlp.archive`, or :mod:`cdsnlp.dask`
with ``--engine dask``): its flags and what it prints."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub) -> None:
    p = sub.add_parser("index", help="index files and folders into a DuckDB archive or a Parquet dataset",
                       description="Read .txt, .html, .jsonl ('text' and optional id/url/date/source) and Parquet files or folders "
                       "(recursively), extract entities and records, and store them incrementally.")
    p.add_argument("inputs", nargs="+", help="files or folders")
    p.add_argument("--db", default="archive.duckdb", help="DuckDB file (default archive.duckdb)")
    p.add_argument("--format", choices=["duckdb", "parquet"], default="duckdb", help="duckdb (default) or parquet (needs --out)")
    p.add_argument("--out", help="output folder for --format parquet")
    p.add_argument("--text-column", default="text", help="text column of Parquet inputs (default text)")
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--model", default="default", help="model directory or installed name (cdsnlp models); default $CDSNLP_MODEL, else the shipped "
                   "model; 'none': the rules only")
    p.add_argument("--batch-size", type=int, default=None, help="articles per job and per transaction (default 64); with --engine dask, "
                   "articles per task and per part file (default 500)")
    p.add_argument("--reprocess", action="store_true", help="re-analyse articles indexed by another cdsnlp version or model")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="local processes (default) or a Dask cluster (writes Parquet)")
    p.add_argument("--scheduler", help="Dask scheduler address (default: start a local cluster)")
    prog = p.add_mutually_exclusive_group()
    prog.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show a progress bar on stderr")
    prog.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .errors import CliError

    if args.jobs < 1:
        raise CliError("--jobs must be at least 1")
    if args.batch_size is None:
        args.batch_size = 500 if args.engine == "dask" else 64
    if args.batch_size < 1:
        raise CliError("--batch-size must be at least 1")
    from .model_store import ModelNotFoundError, resolve_model

    try:
        resolved = resolve_model(args.model)  # the same rule as extract, evaluate and analyze
    except ModelNotFoundError as exc:
        raise CliError(str(exc)) from None
    model = str(resolved) if resolved is not None else None
    from .safe_paths import check_output

    # the archive is never written over an input or inside an input folder
    if args.engine == "dask" or args.format == "parquet":
        check_output(args.out, args.inputs, what="--out")
    else:
        check_output(args.db, args.inputs, what="--db", inside=False)  # a .duckdb file is never read as an input
    if args.engine == "dask":
        from .dask import index_parquet

        if not args.out:
            raise CliError("--engine dask writes Parquet: give --out DIR")
        summary = index_parquet(args.inputs, args.out, scheduler=args.scheduler, model=model, text_column=args.text_column,
                                n_workers=args.jobs if args.jobs > 1 else 2, partition_size=args.batch_size)
    elif args.format == "parquet":
        from .archive.index import run_parquet

        if not args.out:
            raise CliError("--format parquet needs --out DIR")
        summary = run_parquet(args.inputs, args.out, jobs=args.jobs, model=model, reprocess=args.reprocess,
                              progress=args.progress, text_column=args.text_column, batch_size=args.batch_size)
    else:
        from .archive.index import run_index

        summary = run_index(args.inputs, args.db, jobs=args.jobs, model=model, reprocess=args.reprocess,
                            progress=args.progress, text_column=args.text_column, batch_size=args.batch_size)
    for name, message in summary.errors:
        print(f"cdsnlp: {name}: {message}", file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    return 1 if summary.errors else 0
