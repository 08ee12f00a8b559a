"""The archive: many articles indexed into an embedded database (DuckDB) or a
Parquet dataset, with tables for entities and records and cross-article
indexes of people, agencies and cited documents (see the README's schema)."""

from __future__ import annotations

from .index import IndexSummary, index
from .rows import article_rows
from .schema import SCHEMA_VERSION, TABLES
from .store import ArchiveError, DuckDBStore

__all__ = ["SCHEMA_VERSION", "TABLES", "ArchiveError", "DuckDBStore", "IndexSummary", "article_rows", "index"]
