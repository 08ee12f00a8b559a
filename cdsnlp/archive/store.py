"""The DuckDB archive: one database file, the tables of :mod:`.schema`, and
the cross-article views.

Articles are written in transactions that hold whole articles only (their old
rows deleted and new rows inserted together), so a process killed at any
moment leaves a database that opens and holds no half article; the next run
finds what is missing and adds it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .rows import Rows
from .schema import ERRORS_TABLE, SCHEMA_VERSION, TABLES, VIEWS, arrow_schema, create_table_sql


class ArchiveError(RuntimeError):
    """A database that cannot be used as a cdsnlp archive."""


class DuckDBStore:
    """An open archive database (created on first use)."""

    def __init__(self, path: str | Path) -> None:
        import duckdb

        self.path = Path(path)
        if self.path.is_dir():
            raise ArchiveError(f"{self.path} is a folder, not a database file")
        try:
            self.con = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            raise ArchiveError(f"{self.path}: cannot open as a DuckDB database: {exc}") from None
        self.con.execute("CREATE TABLE IF NOT EXISTS cdsnlp_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        row = self.con.execute("SELECT value FROM cdsnlp_meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self.con.execute("INSERT INTO cdsnlp_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif row[0] != str(SCHEMA_VERSION):
            raise ArchiveError(f"{self.path} has archive schema {row[0]}, this cdsnlp writes {SCHEMA_VERSION}: index into a new file")
        for name, columns in TABLES.items():
            self.con.execute(create_table_sql(name, columns))
        self.con.execute(create_table_sql("errors", ERRORS_TABLE))
        for name, sql in VIEWS.items():
            self.con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {sql}')
        self._errors: list[dict[str, Any]] = []

    def stored(self, ids: Sequence[str]) -> dict[str, tuple[str, str, str]]:
        """(content hash, model, cdsnlp version) of those ``ids`` already stored."""
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT article_id, content_hash, model, cdsnlp_version FROM articles WHERE article_id IN (SELECT unnest(?))", [list(ids)]
        ).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def error(self, source: str, reason: str) -> None:
        """Record an input that could not be read or processed (written with the next batch)."""
        self._errors.append({"source": source, "reason": reason, "logged_at": _dt.datetime.now()})

    def write(self, batch: Iterable[Rows]) -> None:
        """Replace the rows of the articles in ``batch`` in one transaction."""
        import pyarrow as pa

        merged: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        for rows in batch:
            for t, rs in rows.items():
                merged[t].extend(rs)
        ids = [r["article_id"] for r in merged["articles"]]
        self.con.execute("BEGIN TRANSACTION")
        try:
            if ids:
                for t in TABLES:
                    self.con.execute(f'DELETE FROM "{t}" WHERE article_id IN (SELECT unnest(?))', [ids])
                for t, rs in merged.items():
                    if rs:
                        self._insert(t, pa.Table.from_pylist(rs, schema=arrow_schema(t)))
            if self._errors:
                self._insert("errors", pa.Table.from_pylist(self._errors, schema=arrow_schema("errors")))
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self._errors.clear()

    def _insert(self, table: str, rows: Any) -> None:
        self.con.register("_cdsnlp_rows", rows)
        try:
            self.con.execute(f'INSERT INTO "{table}" SELECT * FROM _cdsnlp_rows')
        finally:
            self.con.unregister("_cdsnlp_rows")

    def export_parquet(self, out: str | Path) -> None:
        """Every table as a Parquet dataset under ``out`` (partitioned by article year)."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        for t, columns in TABLES.items():
            order = ", ".join(f'"{c}"' for c, _ in columns[:3])
            target = str(out / t).replace("'", "''")
            self.con.execute(
                f"COPY (SELECT * FROM \"{t}\" ORDER BY {order}) TO '{target}' "
                "(FORMAT PARQUET, PARTITION_BY (article_year), OVERWRITE_OR_IGNORE)"
            )
        target = str(out / "errors.parquet").replace("'", "''")
        self.con.execute(f"COPY (SELECT * FROM errors ORDER BY source, reason) TO '{target}' (FORMAT PARQUET)")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
