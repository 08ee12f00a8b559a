"""The archive's tables: one versioned schema shared by the DuckDB store, the
Parquet dataset and the Dask adapter, so every engine writes the same columns.

Every per-article table carries ``article_id`` (the join key) and
``article_year`` (the Parquet partition; 0 when the article's date is unknown).
Bump :data:`SCHEMA_VERSION` whenever a column changes: a database written with
another version is refused rather than silently mixed.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

# table -> [(column, DuckDB type)]; order is the column order everywhere
TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("article_id", "VARCHAR"), ("article_year", "INTEGER"), ("content_hash", "VARCHAR"),
        ("source", "VARCHAR"), ("url", "VARCHAR"), ("article_date", "DATE"), ("length", "INTEGER"),
        ("cdsnlp_version", "VARCHAR"), ("model", "VARCHAR"),
    ],
    "entities": [
        ("article_id", "VARCHAR"), ("article_year", "INTEGER"), ("idx", "INTEGER"), ("label", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"), ("value", "VARCHAR"),
        ("score", "DOUBLE"), ("source", "VARCHAR"),
        # typed copies of the common value fields
        ("date_start", "DATE"), ("date_end", "DATE"), ("granularity", "VARCHAR"),
        ("metric_kind", "VARCHAR"), ("metric_value", "DOUBLE"), ("metric_unit", "VARCHAR"),
        ("doc_type", "VARCHAR"), ("doc_number", "VARCHAR"), ("doc_year", "INTEGER"), ("doc_code", "VARCHAR"),
    ],
    "officials": [
        ("article_id", "VARCHAR"), ("article_year", "INTEGER"), ("official_idx", "INTEGER"), ("name", "VARCHAR"),
        ("name_key", "VARCHAR"), ("province", "VARCHAR"), ("honorifics", "VARCHAR"), ("mentions", "INTEGER"),
    ],
    "official_roles": [
        ("article_id", "VARCHAR"), ("article_year", "INTEGER"), ("official_idx", "INTEGER"),
        ("title", "VARCHAR"), ("agency", "VARCHAR"), ("agency_key", "VARCHAR"),
    ],
    "agencies": [
        ("article_id", "VARCHAR"), ("article_year", "INTEGER"), ("agency_idx", "INTEGER"), ("name", "VARCHAR"),
        ("agency_key", "VARCHAR"), ("mentions", "INTEGER"),
    ],
    "agency_aliases": [
        ("article_id", "VARCHAR"), ("article_year", "INTEGER"), ("agency_idx", "INTEGER"),
        ("alias", "VARCHAR"), ("kind", "VARCHAR"),
    ],
    "documents": [
        ("article_id", "VARCHAR"), ("article_year", "INTEGER"), ("doc_idx", "INTEGER"), ("text", "VARCHAR"),
        ("doc_type", "VARCHAR"), ("number", "VARCHAR"), ("code", "VARCHAR"), ("year", "INTEGER"),
        ("issued", "DATE"), ("issuer", "VARCHAR"), ("document_key", "VARCHAR"), ("mentions", "INTEGER"),
    ],
    "metrics": [
        ("article_id", "VARCHAR"), ("article_year", "INTEGER"), ("metric_idx", "INTEGER"), ("text", "VARCHAR"),
        ("kind", "VARCHAR"), ("value", "DOUBLE"), ("unit", "VARCHAR"), ("subject", "VARCHAR"),
        ("period_text", "VARCHAR"), ("period_start", "DATE"), ("period_end", "DATE"),
        ("start", "INTEGER"), ("end", "INTEGER"),
    ],
}

# inputs that could not be read or processed, by name (never silently dropped)
ERRORS_TABLE: list[tuple[str, str]] = [("source", "VARCHAR"), ("reason", "VARCHAR"), ("logged_at", "TIMESTAMP")]

ARTICLE_TABLES = tuple(TABLES)

# Cross-article views. A person is keyed by the normalised name plus the
# province their roles name (or the article's only province); a mention with
# no province joins the one provincial key of that name when there is exactly
# one, so a name seen in two provinces stays two people and a name seen in one
# province is one person whether or not a given article names the province.
VIEWS: dict[str, str] = {
    "official_keys": """
        WITH p AS (
            SELECT name_key, list_sort(list_distinct(list(province) FILTER (WHERE province IS NOT NULL))) AS provinces
            FROM officials GROUP BY name_key)
        SELECT o.*, CASE
                WHEN o.province IS NOT NULL THEN o.name_key || '|' || o.province
                WHEN len(p.provinces) = 1 THEN o.name_key || '|' || p.provinces[1]
                ELSE o.name_key END AS person_key
        FROM officials o JOIN p USING (name_key)""",
    "person_index": """
        SELECT k.person_key, min(k.name) AS name, any_value(k.province) AS province,
               count(DISTINCT k.article_id) AS articles,
               min(a.article_date) AS first_seen, max(a.article_date) AS last_seen
        FROM official_keys k JOIN articles a USING (article_id)
        GROUP BY k.person_key""",
    "agency_index": """
        SELECT g.agency_key, min(g.name) AS name, count(DISTINCT g.article_id) AS articles,
               sum(g.mentions) AS mentions, min(a.article_date) AS first_seen, max(a.article_date) AS last_seen
        FROM agencies g JOIN articles a USING (article_id)
        GROUP BY g.agency_key""",
    "document_index": """
        SELECT d.document_key, min(d.text) AS text, any_value(d.doc_type) AS doc_type, any_value(d.number) AS number,
               any_value(d.code) AS code, max(d.year) AS year, max(d.issued) AS issued,
               mode(d.issuer) AS issuer, count(DISTINCT d.article_id) AS cited_in
        FROM documents d
        GROUP BY d.document_key""",
    "role_timeline": """
        SELECT k.person_key, min(k.name) AS name, r.title, r.agency,
               min(a.article_date) AS first_seen, max(a.article_date) AS last_seen,
               count(DISTINCT k.article_id) AS articles
        FROM official_keys k
        JOIN official_roles r ON r.article_id = k.article_id AND r.official_idx = k.official_idx
        JOIN articles a ON a.article_id = k.article_id
        GROUP BY k.person_key, r.title, r.agency""",
}


def create_table_sql(name: str, columns: list[tuple[str, str]]) -> str:
    cols = ", ".join(f'"{c}" {t}' for c, t in columns)
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})'


def arrow_schema(table: str):
    """The pyarrow schema of ``table`` (pyarrow is imported only here)."""
    import pyarrow as pa

    types = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(), "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us")}
    columns = TABLES.get(table, ERRORS_TABLE if table == "errors" else None)
    if columns is None:
        raise KeyError(f"unknown archive table {table!r}")
    return pa.schema([(c, types[t]) for c, t in columns])
