"""The DuckDB archive: one file, written one batch of whole articles per transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .schema import SCHEMA_VERSION, TABLES, arrow_schema, columns, ddl

WRITE_MEMORY_LIMIT = "32MB"


def arrow_table(table: str, rows: list[dict[str, Any]]):
    import pyarrow as pa

    schema = arrow_schema(table)
    return pa.Table.from_pylist(rows, schema=schema)


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class DuckStore:
    """An archive database at ``path`` (created with the current schema when new)."""

    def __init__(self, path: str | Path) -> None:
        import duckdb

        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # writing needs little memory: a small buffer pool keeps the indexing
        # process's memory flat however large the archive grows (queries opened
        # later use DuckDB's defaults)
        self.con = duckdb.connect(str(self.path), config={"memory_limit": WRITE_MEMORY_LIMIT, "threads": 1})
        have = self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()[0]
        if have:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None or int(row[0]) != SCHEMA_VERSION:
                found = row[0] if row else "none"
                self.con.close()
                raise RuntimeError(f"{self.path}: archive schema version {found}, this cdsnlp writes {SCHEMA_VERSION}; index into a new database")
        for stmt in ddl():
            self.con.execute(stmt)
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        self.reader = self.con.cursor()  # its own connection: known() runs while a write is under way

    def known(self, ids: list[str]) -> dict[str, tuple[str, str, str]]:
        """``{article_id: (content_hash, cdsnlp_version, model)}`` for the ids already stored."""
        if not ids:
            return {}
        import pyarrow as pa

        self.reader.register("_ids", pa.table({"article_id": pa.array(ids, pa.string())}))
        try:
            got = self.reader.execute(
                "SELECT a.article_id, content_hash, cdsnlp_version, model FROM articles a JOIN _ids USING (article_id)"
            ).fetchall()
        finally:
            self.reader.unregister("_ids")
        return {r[0]: (r[1], r[2], r[3]) for r in got}

    def write(self, results: list[dict[str, Any]], replace: list[str], errors: list[tuple[str, str]] = ()) -> None:
        """Store whole articles in one transaction, first deleting every row of
        the ``replace`` ids; errors are added once. ``results`` are
        ``{table: rows}`` (``article_rows`` output) or ``{table: pyarrow.Table}``."""
        import pyarrow as pa

        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            if replace:
                con.register("_old", pa.table({"article_id": pa.array(replace, pa.string())}))
                for table in TABLES:
                    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _old)")
                con.unregister("_old")
            for table in TABLES:
                parts = [res[table] if isinstance(res.get(table), pa.Table) else arrow_table(table, res.get(table, [])) for res in results]
                parts = [p for p in parts if p.num_rows]
                if parts:
                    con.register("_new", pa.concat_tables(parts))
                    cols = ", ".join(f'"{c}"' for c in columns(table))
                    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _new")
                    con.unregister("_new")
            if errors:
                con.executemany("INSERT OR IGNORE INTO errors VALUES (?, ?)", [list(e) for e in errors])
            con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        """Undo the open transaction. A COMMIT that failed (out of memory in a
        checkpoint, a full disk) has already ended it: its error is the one to
        report, not the ROLLBACK's «no transaction is active»."""
        import duckdb

        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass

    def export_parquet(self, out: str | Path) -> None:
        """Every table as ``out/<table>/year=YYYY/part-0.parquet`` (errors: ``out/errors/``),
        the layout of :mod:`.store_parquet`; DuckDB streams each file, so memory stays bounded."""
        from .store_parquet import NULL_PARTITION, clear

        out = Path(out)
        for table in [*TABLES, "errors"]:
            clear(out, table)
            base = out / table
            if table == "errors":
                self.con.execute(f"COPY (SELECT * FROM errors ORDER BY source, message) TO {_quote(base / 'part-0.parquet')} (FORMAT parquet)")
                continue
            years = [r[0] for r in self.con.execute(f"SELECT DISTINCT year FROM {table}").fetchall()]
            for year in years:
                folder = base / f"year={NULL_PARTITION if year is None else int(year)}"
                folder.mkdir()
                where = "year IS NULL" if year is None else f"year = {int(year)}"
                self.con.execute(f"COPY (SELECT * EXCLUDE (year) FROM {table} WHERE {where}) TO {_quote(folder / 'part-0.parquet')} (FORMAT parquet)")

    def close(self) -> None:
        self.reader.close()
        self.con.close()
