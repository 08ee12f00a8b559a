"""The archive job on a Dask cluster (``pip install cdsnlp[dask]``).

:func:`article_frames` turns a Dask bag of article dicts (``id``, ``text`` and
optional ``source``, ``url``, ``source_name``, ``date``) or a Dask dataframe
with those columns into one Dask dataframe per archive table, with the
Parquet schema of :mod:`cdsnlp.archive.schema` (Arrow-backed dtypes).
:func:`write_parquet` writes them as the same dataset as
``cdsnlp index --format parquet``. Each worker process loads the model once,
on its first task, into a module global; tasks carry only the model name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .archive.schema import TABLES


def _rows(articles: list[dict[str, Any]], model: str | None) -> dict[str, list]:
    """All tables' rows of one partition, computed on a worker."""
    from .archive import index

    if index._extractor is None or index._loaded_for != model:
        index.init_worker(model)
        index._loaded_for = model
    out: dict[str, list] = {t: [] for t in [*TABLES, "errors"]}
    for art in articles:
        art = {k: (None if _missing(v) else v) for k, v in dict(art).items()}
        art["id"] = str(art["id"])
        _, rows, err = index.rows_or_error(art)
        if err is not None:
            out["errors"].append({"source": art["id"], "message": err})
            continue
        for table, table_rows in rows.items():
            out[table] += table_rows
    return out


def _missing(v: Any) -> bool:
    try:
        return v != v  # NaN / NA from a dataframe
    except (TypeError, ValueError):
        return False


def _frame(rows: dict[str, list], table: str):
    import pandas as pd

    from .archive.store_duckdb import arrow_table

    return arrow_table(table, rows[table]).to_pandas(types_mapper=pd.ArrowDtype)


def _meta(table: str):
    import pandas as pd

    from .archive.schema import arrow_schema

    return arrow_schema(table).empty_table().to_pandas(types_mapper=pd.ArrowDtype)


def article_frames(articles, *, model: str | None = "default") -> dict[str, Any]:
    """``{table: dask.dataframe}`` for every archive table (and ``errors``)."""
    import dask
    import dask.dataframe as dd

    if isinstance(articles, dd.DataFrame):
        articles = articles.to_bag(format="dict")
    parts = [dask.delayed(_rows)(p, model) for p in articles.to_delayed()]
    return {
        table: dd.from_delayed([dask.delayed(_frame)(p, table) for p in parts], meta=_meta(table), verify_meta=False)
        for table in [*TABLES, "errors"]
    }


def _write(df, table: str, out: str, part: str) -> int:
    import pyarrow as pa

    from .archive.schema import arrow_schema
    from .archive.store_parquet import write_dataset

    write_dataset(pa.Table.from_pandas(df, schema=arrow_schema(table), preserve_index=False), table, out, part=part, replace=False)
    return len(df)


def write_parquet(frames: dict[str, Any], out: str | Path) -> dict[str, int]:
    """Write :func:`article_frames` output under ``out`` (``out/<table>/year=YYYY/part-N.parquet``);
    returns the row count per table. Computes all tables in one pass."""
    import dask

    from .archive.store_parquet import clear

    out = str(out)
    writes = {}
    for table, ddf in frames.items():
        clear(out, table)
        writes[table] = [dask.delayed(_write)(p, table, out, f"part-{i}") for i, p in enumerate(ddf.to_delayed())]
    counts = dask.compute(writes)[0]
    return {t: sum(c) for t, c in counts.items()}


def _write_partition(articles: list[dict[str, Any]], model: str | None, out: str, part: str) -> tuple[list[str], list[dict], int]:
    """Analyse one partition on a worker and write its part file of every table:
    (the article ids written, the analysis errors, syllables)."""
    from .archive.store_duckdb import arrow_table
    from .archive.store_parquet import write_dataset

    rows = _rows(articles, model)
    for table in TABLES:
        if rows[table]:
            write_dataset(arrow_table(table, rows[table]), table, out, part=part, replace=False)
    return [r["article_id"] for r in rows["articles"]], rows["errors"], sum(r["syllables"] for r in rows["articles"])


def index_parquet(inputs: list[str], out: str | Path, *, scheduler: str | None = None, model: str | None = "default",
                  text_column: str = "text", n_workers: int = 2, partition_size: int = 500):
    """``cdsnlp index --engine dask``: read ``inputs`` here, analyse on the
    cluster at ``scheduler`` (default: a new local cluster), write Parquet.

    The inputs are streamed: a partition of ``partition_size`` articles is
    sent with its task, and at most two per worker are in flight, so this
    process holds a few partitions whatever the number of articles. Each
    task writes its own part file of every table (``part-N.parquet``). An id
    read again later replaces the earlier article, as in ``cdsnlp index``:
    the earlier one's rows are taken out of its part files at the end."""
    import time

    import pyarrow as pa
    from dask.distributed import Client, LocalCluster, as_completed

    from .archive.index import Summary, _batches
    from .archive.inputs import iter_articles
    from .archive.store_parquet import clear, drop_articles, write_dataset

    summary = Summary()
    t0 = time.perf_counter()
    out = str(out)
    for table in [*TABLES, "errors"]:
        clear(out, table)
    failed: set[tuple[str, int]] = set()  # (article id, partition) whose analysis failed
    where: dict[str, int] = {}  # article id -> the first partition that holds it
    repeated: dict[str, list[int]] = {}  # an id in more than one partition -> those partitions, in order
    cluster = None if scheduler else LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            limit = 2 * max(1, len(client.scheduler_info()["workers"]))
            running = as_completed()
            part_of: dict[str, int] = {}  # future key -> its partition

            def collect(future) -> None:
                part = part_of.pop(future.key)
                ids, errors, syllables = future.result()
                summary.added += len(ids)
                summary.syllables += syllables
                for e in errors:
                    summary.errors.append((e["source"], e["message"]))
                    failed.add((e["source"], part))

            articles = iter_articles(inputs, lambda n, m: summary.errors.append((n, m)), text_column=text_column)
            for i, batch in enumerate(_batches(articles, partition_size)):
                summary.read += len(batch)
                latest = {str(a["id"]): a for a in batch}  # the same id twice in a partition: the last one wins
                for aid in latest:
                    first = where.setdefault(aid, i)
                    if first != i:
                        repeated.setdefault(aid, [first]).append(i)
                while running.count() >= limit:
                    collect(next(running))
                future = client.submit(_write_partition, list(latest.values()), model, out, f"part-{i}", pure=False)
                part_of[future.key] = i
                running.add(future)
            for future in running:
                collect(future)
    finally:
        if cluster is not None:
            cluster.close()
    # an id read again: its last version analysed without error stands, as in cdsnlp index
    drop: dict[int, set[str]] = {}
    for aid, parts in repeated.items():
        done = [p for p in parts if (aid, p) not in failed]
        for p in done[:-1]:
            drop.setdefault(p, set()).add(aid)
    for part, ids in drop.items():
        gone = drop_articles(out, f"part-{part}", ids)
        summary.added -= gone
        summary.replaced += gone
    if summary.errors:
        errors = pa.Table.from_pylist([{"source": n, "message": m} for n, m in summary.errors])
        write_dataset(errors, "errors", out)
    summary.seconds = time.perf_counter() - t0
    return summary
