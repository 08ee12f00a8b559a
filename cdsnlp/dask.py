"""cdsnlp on a Dask cluster (the optional extra ``cdsnlp[dask]``).

Articles in a Dask bag (of dicts with ``id`` and ``text``, optionally ``url``,
``date``, ``source``) or a Dask dataframe (with those columns) become one Dask
dataframe per archive table, with exactly the columns of the Parquet dataset
that ``cdsnlp index --format parquet`` writes. Each worker process loads the
model once, on its first task, and keeps it: tasks carry only the model's
path, never a pickled model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .archive.rows import article_rows
from .archive.schema import TABLES, arrow_schema

_extractors: dict[Any, Any] = {}  # per worker process: model -> Extractor


def _extractor(model: str | None) -> Any:
    ex = _extractors.get(model)
    if ex is None:
        from .pipeline import Extractor

        ex = _extractors[model] = Extractor(model)
    return ex


def _records(part: Any) -> list[dict[str, Any]]:
    """A bag partition (list of dicts) or a dataframe partition as article dicts."""
    if hasattr(part, "to_dict"):
        part = part.to_dict("records")
    out = []
    for a in part:
        date = a.get("date")
        out.append({
            "id": str(a["id"]), "text": a["text"], "url": a.get("url"), "source": a.get("source"),
            "date": date.isoformat() if hasattr(date, "isoformat") else date,
        })
    return out


def _partition_frames(part: Any, model: str | None) -> dict[str, Any]:
    import pandas as pd
    import pyarrow as pa

    ex = _extractor(model)
    merged: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for article in _records(part):
        for t, rows in article_rows(article, ex).items():
            merged[t].extend(rows)
    return {t: pa.Table.from_pylist(rows, schema=arrow_schema(t)).to_pandas(types_mapper=pd.ArrowDtype) for t, rows in merged.items()}


def _meta(table: str) -> Any:
    import pandas as pd

    return arrow_schema(table).empty_table().to_pandas(types_mapper=pd.ArrowDtype)


def archive_frames(articles: Any, *, model: str | None = "default") -> dict[str, Any]:
    """One Dask dataframe per archive table for the articles of a Dask bag or dataframe.

    The tables share one computation per partition: compute or write them
    together (``dask.compute(*frames.values())`` or :func:`write_parquet`)."""
    import dask
    import dask.dataframe as dd

    parts = articles.to_delayed()
    if hasattr(parts, "flatten"):  # a dataframe's to_delayed gives an array-like
        parts = list(parts.flatten())
    computed = [dask.delayed(_partition_frames)(p, model) for p in parts]
    return {t: dd.from_delayed([c[t] for c in computed], meta=_meta(t), verify_meta=False) for t in TABLES}


def write_parquet(frames: dict[str, Any], out: str | Path) -> None:
    """Write :func:`archive_frames` as a Parquet dataset (partitioned by article year)."""
    import dask

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    writes = [df.to_parquet(str(out / t), partition_on=["article_year"], write_index=False, compute=False) for t, df in frames.items()]
    dask.compute(*writes)


class _Connection:
    """A client, and the local cluster it owns when no scheduler was given."""

    def __init__(self, scheduler: str | None) -> None:
        from dask.distributed import Client, LocalCluster

        self.cluster = None if scheduler else LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        self.client = Client(scheduler or self.cluster)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect(scheduler: str | None = None) -> _Connection:
    """Connect to the Dask scheduler at ``scheduler``, or start a local cluster of two worker processes."""
    return _Connection(scheduler)


def _partition_status(part: list[dict[str, Any]], model: str | None) -> list[tuple[str, Any]]:
    ex = _extractor(model)
    out = []
    for a in part:
        try:
            out.append(("ok", article_rows(a, ex)))
        except Exception as exc:  # reported in the errors table by the caller
            out.append(("error", f"processing failed: {exc.__class__.__name__}: {exc}"))
    return out


def rows_on_cluster(conn: _Connection, articles: list[dict[str, Any]], model: str | None) -> list[tuple[str, Any]]:
    """(status, rows or reason) per article, computed on the cluster, in input order."""
    if not articles:
        return []
    import dask.bag as db

    n = max(1, min(len(articles), 2 * len(conn.client.scheduler_info().get("workers", {})) or 2))
    bag = db.from_sequence(articles, npartitions=n).map_partitions(_partition_status, model)
    return conn.client.compute(bag).result()
