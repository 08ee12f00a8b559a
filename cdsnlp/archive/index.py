"""``cdsnlp index``: stream articles into a DuckDB archive (or a Parquet dataset).

Articles are read lazily and processed in batches, so memory stays flat
however many there are; each batch is one transaction of whole articles.
An article whose id is stored with the same content hash is skipped; a changed
text replaces the stored rows; ``reprocess`` also redoes articles stored by
another model or cdsnlp version.
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from .. import __version__
from .inputs import iter_articles
from .rows import Rows, article_rows, content_hash, model_name
from .store import DuckDBStore


@dataclass
class IndexSummary:
    """What one run did."""

    read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        rate = (self.added + self.replaced) / self.seconds if self.seconds else 0.0
        return (f"cdsnlp: {self.read} articles read, {self.added} added, {self.replaced} replaced, "
                f"{self.unchanged} unchanged, {len(self.errors)} errors, {self.seconds:.2f}s ({rate:.1f} articles/s)")


# one extractor per worker process, built by the pool's initializer (never pickled per task)
_worker_extractor: Any = None


def _init_worker(model: str | None) -> None:
    global _worker_extractor
    from ..pipeline import Extractor

    _worker_extractor = Extractor(model)


def _process(article: dict[str, Any]) -> tuple[str, Rows | str]:
    try:
        return "ok", article_rows(article, _worker_extractor)
    except Exception as exc:  # reported by name in the errors table, never dropped
        return "error", f"processing failed: {exc.__class__.__name__}: {exc}"


def _batches(it: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while chunk := list(islice(it, size)):
        yield chunk


def index(
    inputs: list[str],
    *,
    db: str | Path | None = None,
    out: str | Path | None = None,
    fmt: str = "duckdb",
    jobs: int = 1,
    model: str | None = "default",
    reprocess: bool = False,
    progress: bool | None = None,
    text_column: str = "text",
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = 64,
) -> IndexSummary:
    """Index ``inputs`` (files and folders) into the DuckDB file ``db``, or,
    with ``fmt="parquet"``, into a Parquet dataset under ``out``.

    Returns an :class:`IndexSummary`; unreadable inputs are in its ``errors``
    and in the database's ``errors`` table."""
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if fmt not in ("duckdb", "parquet"):
        raise ValueError(f"unknown format {fmt!r} (duckdb or parquet)")
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    staging = None
    if fmt == "parquet":
        if out is None:
            raise ValueError("--format parquet needs --out DIR")
        staging = Path(tempfile.mkdtemp(prefix="cdsnlp-index-"))
        db = staging / "staging.duckdb"
    elif db is None:
        raise ValueError("--db FILE is needed (or --format parquet --out DIR)")
    summary = IndexSummary()
    t0 = time.perf_counter()
    try:
        with DuckDBStore(db) as store:
            _run(store, inputs, summary, jobs=jobs, model=model, reprocess=reprocess, progress=progress,
                 text_column=text_column, engine=engine, scheduler=scheduler, batch_size=batch_size)
            if fmt == "parquet":
                store.export_parquet(out)  # type: ignore[arg-type]
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    summary.seconds = time.perf_counter() - t0
    return summary


def _run(store: DuckDBStore, inputs: list[str], summary: IndexSummary, *, jobs: int, model: str | None, reprocess: bool,
         progress: bool | None, text_column: str, engine: str, scheduler: str | None, batch_size: int) -> None:
    from tqdm import tqdm

    from ..pipeline import Extractor

    def on_error(source: str, reason: str) -> None:
        summary.errors.append((source, reason))
        store.error(source, reason)

    extractor = Extractor(model)
    current = model_name(extractor)
    show = progress if progress is not None else sys.stderr.isatty()
    bar = tqdm(unit=" articles", file=sys.stderr, disable=not show)
    pool = None
    if engine == "local" and jobs > 1:
        pool = mp.get_context("spawn").Pool(jobs, initializer=_init_worker, initargs=(model,))
    else:
        _init_worker_with(extractor)
    dask_client = None
    if engine == "dask":
        from ..dask import connect

        dask_client = connect(scheduler)
    try:
        for chunk in _batches(iter_articles(inputs, on_error, text_column=text_column), batch_size * max(jobs, 1)):
            summary.read += len(chunk)
            latest = {a["id"]: a for a in chunk}  # a repeated id within a batch: the last text wins
            stored = store.stored(list(latest))
            todo = []
            for aid, a in latest.items():
                old = stored.get(aid)
                if old is not None and old[0] == content_hash(a["text"]) and not (reprocess and old[1:] != (current, __version__)):
                    summary.unchanged += 1
                else:
                    todo.append(a)
                    if old is None:
                        summary.added += 1
                    else:
                        summary.replaced += 1
            summary.unchanged += len(chunk) - len(latest)
            if dask_client is not None:
                from ..dask import rows_on_cluster

                results = rows_on_cluster(dask_client, todo, model)
            elif pool is not None:
                results = pool.map(_process, todo, chunksize=max(1, len(todo) // (4 * jobs)))
            else:
                results = [_process(a) for a in todo]
            good = []
            for a, (status, res) in zip(todo, results, strict=True):
                if status == "ok":
                    good.append(res)
                else:
                    on_error(a["id"], res)  # type: ignore[arg-type]
                    summary.added -= a["id"] not in stored
                    summary.replaced -= a["id"] in stored
            store.write(good)
            bar.update(len(chunk))
        store.write([])  # errors reported after the last batch
    finally:
        bar.close()
        if pool is not None:
            pool.close()
            pool.join()
        if dask_client is not None:
            dask_client.close()


def _init_worker_with(extractor: Any) -> None:
    global _worker_extractor
    _worker_extractor = extractor
