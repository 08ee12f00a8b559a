"""Archive tables as a Parquet dataset: ``DIR/<table>/year=YYYY/part-0.parquet``.

One writer for the single-process path and for Dask, so both give the same
files for the same rows. Rows of an article without a year go under
``year=__HIVE_DEFAULT_PARTITION__`` (the Hive convention other engines read as null).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .schema import TABLES, arrow_schema

NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"


def clear(out: str | Path, name: str) -> None:
    base = Path(out) / name
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)


def write_dataset(table, name: str, out: str | Path, *, part: str = "part-0", replace: bool = True) -> None:
    """Write the Arrow ``table`` as table ``name`` under ``out``: all of it
    (``replace``), or one more part file ``part`` of it."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    base = Path(out) / name
    if replace:
        clear(out, name)
    table = table.cast(arrow_schema(name))
    if name not in TABLES:  # errors: not per article
        base.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, base / f"{part}.parquet")
        return
    years = table.column("year")
    for year in sorted({y for y in years.to_pylist()}, key=lambda y: (y is None, y)):
        mask = pc.is_null(years) if year is None else pc.equal(years, year)
        chunk = table.filter(mask).drop_columns(["year"])
        folder = base / f"year={NULL_PARTITION if year is None else year}"
        folder.mkdir(exist_ok=True)
        pq.write_table(chunk, folder / f"{part}.parquet")


def drop_articles(out: str | Path, part: str, ids: set[str]) -> int:
    """Take the rows of the articles ``ids`` out of part file ``part`` of every table
    (their later version is in another part); returns how many articles were taken out."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    value_set = pa.array(sorted(ids), pa.string())
    dropped = 0
    for table in TABLES:
        for f in sorted((Path(out) / table).glob(f"year=*/{part}.parquet")):
            data = pq.read_table(f)
            gone = pc.is_in(data.column("article_id"), value_set=value_set)
            if table == "articles":
                dropped += pc.sum(gone).as_py() or 0
            pq.write_table(data.filter(pc.invert(gone)), f)
    return dropped


def read_dataset(out: str | Path, name: str):
    """Table ``name`` of a dataset written by :func:`write_dataset`, as Arrow, with ``year`` restored."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    base = Path(out) / name
    schema = arrow_schema(name)
    if name not in TABLES:
        return pa.concat_tables([pq.read_table(f).cast(schema) for f in sorted(base.glob("*.parquet"))] or [schema.empty_table()])
    parts = []
    for folder in sorted(base.glob("year=*")):
        y = folder.name.split("=", 1)[1]
        year = None if y == NULL_PARTITION else int(y)
        for f in sorted(folder.glob("*.parquet")):
            t = pq.read_table(f)
            t = t.append_column("year", pa.array([year] * len(t), pa.int32()))
            parts.append(t.select(schema.names).cast(schema))
    return pa.concat_tables(parts) if parts else schema.empty_table()
