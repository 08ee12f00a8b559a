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


def index_parquet(inputs: list[str], out: str | Path, *, scheduler: str | None = None, model: str | None = "default",
                  text_column: str = "text", n_workers: int = 2, partition_size: int = 64):
    """``cdsnlp index --engine dask``: read ``inputs`` here, analyse on the
    cluster at ``scheduler`` (default: a new local cluster), write Parquet."""
    import time

    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from .archive.index import Summary
    from .archive.inputs import iter_articles

    summary = Summary()
    t0 = time.perf_counter()
    arts = list(iter_articles(inputs, lambda n, m: summary.errors.append((n, m)), text_column=text_column))
    summary.read = len(arts)
    cluster = None if scheduler else LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True)
    with Client(scheduler or cluster) as client:
        try:
            bag = db.from_sequence(arts, partition_size=partition_size)
            counts = write_parquet(article_frames(bag, model=model), out)
            client.close()
        finally:
            if cluster is not None:
                cluster.close()
    if summary.errors:
        import pyarrow as pa

        from .archive.store_parquet import read_dataset, write_dataset

        old = read_dataset(out, "errors")
        extra = pa.Table.from_pylist([{"source": n, "message": m} for n, m in summary.errors], schema=old.schema)
        write_dataset(pa.concat_tables([old, extra]), "errors", out)
    summary.added = counts["articles"]
    summary.errors += [("(analysis)", f"{counts['errors']} articles failed")] if counts["errors"] else []
    summary.seconds = time.perf_counter() - t0
    return summary
