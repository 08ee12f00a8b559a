"""From a news archive to a database: every article's entities and records as
rows of a versioned schema (:mod:`.schema`), built by one pure per-article
function (:func:`.rows.article_rows`) and stored in DuckDB or Parquet.

Nothing heavy is imported here: duckdb and pyarrow load when a store is used.
"""

from __future__ import annotations

from .rows import article_rows
from .schema import SCHEMA_VERSION, TABLES

__all__ = ["SCHEMA_VERSION", "TABLES", "article_rows"]

