"""``cdsnlp index``: articles from files and folders into a DuckDB archive
(or a Parquet dataset), incrementally, in bounded memory."""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from .. import __version__
from .inputs import Article, FileToRead, iter_sources, read_file, read_sources
from .rows import article_rows, content_hash, model_name
from .schema import TABLES

_extractor: Any = None
_model: str = "default"
_loaded_for: Any = "default"  # the model argument _extractor was built from (Dask workers)


def init_worker(model: str | None) -> None:
    """Load the model once per process (pool initializer)."""
    global _extractor, _model
    from ..pipeline import Extractor, default_extractor

    _extractor = default_extractor() if model == "default" else Extractor(model)
    _model = model_name(model)


def rows_or_error(art: Article) -> tuple[str, dict | None, str | None]:
    """``article_rows`` of one article, or the error it raised (never lost)."""
    if _extractor is None:
        init_worker("default")
    meta = {k: v for k, v in art.items() if k != "text"}
    try:
        return art["id"], article_rows(art["text"], meta, _extractor, model=_model), None
    except Exception as exc:
        return art["id"], None, f"analysis failed: {exc.__class__.__name__}: {exc}"


def rows_chunk(arts: list[Article]) -> tuple[list[str], dict[str, Any], list[tuple[str, str]], int]:
    """Several articles as Arrow tables (cheap to send between processes):
    (ids done, {table: pyarrow.Table}, errors, syllables)."""
    from .store_duckdb import arrow_table

    done, errors, syllables = [], [], 0
    rows: dict[str, list] = {t: [] for t in TABLES}
    for art in arts:
        aid, res, err = rows_or_error(art)
        if err is not None:
            errors.append((aid, err))
            continue
        done.append(aid)
        syllables += res["articles"][0]["syllables"]
        for t, r in res.items():
            rows[t] += r
    return done, {t: arrow_table(t, r) for t, r in rows.items() if r}, errors, syllables


@dataclass
class Summary:
    read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    syllables: int = 0

    def line(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        return (f"cdsnlp: {self.read} articles read: {self.added} added, {self.replaced} replaced, {self.unchanged} unchanged, "
                f"{len(self.errors)} errors; {self.seconds:.2f}s ({rate:.1f} articles/s)")


class _Writer:
    """Writes batches in a thread while the next batch is analysed; commits in order."""

    def __init__(self, store: Any, bar: Any) -> None:
        import queue
        import threading

        self.store, self.bar = store, bar
        self.queue: queue.Queue = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="cdsnlp-index-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None:
                good, replace, errors, n = item
                try:
                    self.store.write(good, replace, errors)
                    self.bar.update(n)
                except BaseException as exc:
                    self.error = exc

    def put(self, good: list, replace: list[str], errors: list[tuple[str, str]], n: int) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((good, replace, errors, n))

    def finish(self) -> None:
        self.stop()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()


# batches dispatched to the pool ahead of the one being collected: enough to
# keep every worker busy, few enough that memory stays bounded
_AHEAD = 2


def _batches(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(islice(items, size)):
        yield batch


def _read_ahead(batches: Iterator[list], on_error, pool) -> Iterator[list[Article]]:
    """Batches with their files read. Under ``--jobs`` the workers read them (a
    web page costs more to read than to analyse), the next batch's files while
    this batch is analysed."""
    def finish(items: list, job) -> list[Article]:
        return read_sources(items, on_error, job.get() if job is not None else None)

    ahead = None
    for items in batches:
        files = [x for x in items if isinstance(x, FileToRead)]
        job = pool.map_async(read_file, files, chunksize=4) if pool is not None and files else None
        if ahead is not None:
            yield finish(*ahead)
        ahead = (items, job)
    if ahead is not None:
        yield finish(*ahead)


def run_index(inputs: list[str], db: str | Path, *, jobs: int = 1, model: str | None = "default", reprocess: bool = False,
              progress: bool | None = None, text_column: str = "text", batch_size: int = 64) -> Summary:
    """Index ``inputs`` into the DuckDB file ``db`` and return what happened."""
    from tqdm import tqdm

    from .store_duckdb import DuckStore

    summary = Summary()
    pending_errors: list[tuple[str, str]] = []

    def on_error(name: str, message: str) -> None:
        pending_errors.append((name, message))
        summary.errors.append((name, message))

    t0 = time.perf_counter()
    store = DuckStore(db)
    current = model_name(model)
    show = progress if progress is not None else sys.stderr.isatty()
    bar = tqdm(unit="article", file=sys.stderr, disable=not show, smoothing=0.1)
    pool = None
    if jobs > 1:
        import multiprocessing as mp

        pool = mp.get_context("spawn").Pool(jobs, initializer=init_worker, initargs=(model,))
    else:
        init_worker(model)
    writer = _Writer(store, bar)
    # batches analysed but maybe not committed yet: their ids count as known
    recent: deque[dict[str, tuple[str, str, str]]] = deque(maxlen=_AHEAD + 4)
    in_flight: deque[tuple[list[Any], list[str], int]] = deque()

    def finish_oldest() -> None:
        """Collect the oldest dispatched batch and hand it to the writer (in input order)."""
        parts, replace, n_read = in_flight.popleft()
        good, done = [], set()
        for part in parts:
            ids, tables, errs, syl = part.get() if pool else part
            for aid, err in errs:
                on_error(aid, err)
            good.append(tables)
            done.update(ids)
            summary.syllables += syl
        replace = [aid for aid in replace if aid in done]  # a failed re-analysis keeps the old rows
        summary.replaced += len(replace)
        summary.added += len(done) - len(replace)
        writer.put(good, replace, list(pending_errors), n_read)
        pending_errors.clear()

    try:
        sources = _batches(iter_sources(inputs, on_error, text_column=text_column), batch_size * max(jobs, 1))
        for batch in _read_ahead(sources, on_error, pool):
            if not batch:
                continue
            summary.read += len(batch)
            latest = {a["id"]: a for a in batch}  # the same id twice: the last one wins
            known = store.known(list(latest))
            for queued in recent:
                known.update({aid: v for aid, v in queued.items() if aid in latest})
            todo, replace = [], []
            for aid, art in latest.items():
                old = known.get(aid)
                if old is not None:
                    same_text = old[0] == content_hash(art["text"])
                    same_model = (old[1], old[2]) == (__version__, current)
                    if same_text and (same_model or not reprocess):
                        summary.unchanged += 1
                        continue
                    replace.append(aid)
                todo.append(art)
            recent.append({a["id"]: (content_hash(a["text"]), __version__, current) for a in todo})
            if pool:
                # dispatched without waiting: the workers analyse the next
                # batches while this process checks ids and the writer stores
                n = max(1, -(-len(todo) // (2 * jobs)))
                parts = [pool.apply_async(rows_chunk, (todo[k : k + n],)) for k in range(0, len(todo), n)]
            else:
                parts = [rows_chunk(todo)] if todo else []
            in_flight.append((parts, replace, len(batch)))
            while len(in_flight) > (_AHEAD if pool else 0):
                finish_oldest()
        while in_flight:
            finish_oldest()
        if pending_errors:
            writer.put([], [], list(pending_errors), 0)
        writer.finish()
    finally:
        writer.stop()
        bar.close()
        if pool is not None:
            if sys.exc_info()[0] is not None:
                pool.terminate()  # a failed or interrupted run: do not wait for queued batches
            else:
                pool.close()
            pool.join()
        store.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def run_parquet(inputs: list[str], out: str | Path, **kwargs: Any) -> Summary:
    """Index into ``out/_index.duckdb`` (kept, so re-runs are incremental), then
    write every table as a Parquet dataset under ``out`` partitioned by year."""
    from .store_duckdb import DuckStore

    out = Path(out)
    summary = run_index(inputs, out / "_index.duckdb", **kwargs)
    store = DuckStore(out / "_index.duckdb")
    try:
        store.export_parquet(out)
    finally:
        store.close()
    return summary
