"""The archive schema, as data: one list of (column, SQL type) per table.

The DuckDB DDL, the Parquet (Arrow) schema and the README table are all made
from :data:`TABLES`, so the three cannot drift apart. Bump
:data:`SCHEMA_VERSION` whenever a column is added, removed or changes type,
or a key column changes meaning (old and new keys must not mix in one archive).
"""

from __future__ import annotations

SCHEMA_VERSION = 4  # 2: officials.kind (author or official); 3: entities.score filled (cdsnlp.confidence),
# agencies.parent, metric change/baseline, events, assignments; 4: agency_key, lead_key and doc_key of
# local bodies and their documents scoped by province (the same columns, keys that do not mix with 3's)

# Every per-article table starts with article_id and year (the article's year:
# the Parquet partition key, also handy for filtering in SQL).
TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("article_id", "VARCHAR"), ("year", "INTEGER"), ("content_hash", "VARCHAR"), ("source", "VARCHAR"),
        ("url", "VARCHAR"), ("source_name", "VARCHAR"), ("article_date", "DATE"), ("province", "VARCHAR"),
        ("length", "INTEGER"), ("syllables", "INTEGER"), ("cdsnlp_version", "VARCHAR"), ("model", "VARCHAR"),
    ],
    "entities": [
        ("article_id", "VARCHAR"), ("year", "INTEGER"), ("idx", "INTEGER"), ("label", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"), ("source", "VARCHAR"), ("score", "DOUBLE"),
        ("value", "VARCHAR"),
        ("date_start", "DATE"), ("date_end", "DATE"), ("date_granularity", "VARCHAR"),
        ("metric_kind", "VARCHAR"), ("metric_value", "DOUBLE"), ("metric_unit", "VARCHAR"),
        ("doc_type", "VARCHAR"), ("doc_number", "VARCHAR"), ("doc_year", "INTEGER"), ("doc_code", "VARCHAR"),
    ],
    "officials": [
        ("article_id", "VARCHAR"), ("year", "INTEGER"), ("official_idx", "INTEGER"), ("name", "VARCHAR"),
        ("honorifics", "VARCHAR"), ("mentions", "INTEGER"), ("first_start", "INTEGER"),
        ("name_key", "VARCHAR"), ("scope", "VARCHAR"), ("person_key", "VARCHAR"), ("kind", "VARCHAR"),
    ],
    "official_roles": [
        ("article_id", "VARCHAR"), ("year", "INTEGER"), ("official_idx", "INTEGER"), ("role_idx", "INTEGER"),
        ("title", "VARCHAR"), ("agency", "VARCHAR"), ("person_key", "VARCHAR"),
    ],
    "agencies": [
        ("article_id", "VARCHAR"), ("year", "INTEGER"), ("agency_idx", "INTEGER"), ("name", "VARCHAR"),
        ("agency_key", "VARCHAR"), ("mentions", "INTEGER"), ("first_start", "INTEGER"), ("parent", "VARCHAR"),
    ],
    "agency_aliases": [
        ("article_id", "VARCHAR"), ("year", "INTEGER"), ("agency_idx", "INTEGER"), ("agency", "VARCHAR"),
        ("alias", "VARCHAR"), ("kind", "VARCHAR"),
    ],
    "documents": [
        ("article_id", "VARCHAR"), ("year", "INTEGER"), ("doc_idx", "INTEGER"), ("text", "VARCHAR"),
        ("doc_type", "VARCHAR"), ("number", "VARCHAR"), ("code", "VARCHAR"), ("doc_year", "INTEGER"),
        ("issued", "DATE"), ("issuer", "VARCHAR"), ("mentions", "INTEGER"), ("doc_key", "VARCHAR"),
    ],
    "metrics": [
        ("article_id", "VARCHAR"), ("year", "INTEGER"), ("metric_idx", "INTEGER"), ("text", "VARCHAR"),
        ("kind", "VARCHAR"), ("value", "DOUBLE"), ("unit", "VARCHAR"), ("subject", "VARCHAR"),
        ("period_text", "VARCHAR"), ("period_start", "DATE"), ("period_end", "DATE"), ("period_granularity", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), ("change", "VARCHAR"), ("baseline_start", "DATE"), ("baseline_end", "DATE"),
    ],
    "events": [
        ("article_id", "VARCHAR"), ("year", "INTEGER"), ("event_idx", "INTEGER"), ("kind", "VARCHAR"), ("date", "DATE"),
        ("place", "VARCHAR"), ("chair", "VARCHAR"), ("bodies", "VARCHAR"), ("mentions", "INTEGER"), ("first_start", "INTEGER"),
    ],
    "assignments": [
        ("article_id", "VARCHAR"), ("year", "INTEGER"), ("assignment_idx", "INTEGER"), ("lead", "VARCHAR"), ("lead_key", "VARCHAR"),
        ("cooperating", "VARCHAR"), ("task", "VARCHAR"), ("deadline", "DATE"), ("source", "VARCHAR"), ("source_doc_key", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"),
    ],
}

# Run-level tables, not partitioned by year.
ERRORS: list[tuple[str, str]] = [("source", "VARCHAR"), ("message", "VARCHAR")]

# What each table holds, for the README and for `DESCRIBE`-style help.
DESCRIPTIONS = {
    "articles": "one row per article: content hash, where it came from, its date, province, size, and what indexed it",
    "entities": "every entity: offsets, text, confidence score (cdsnlp.confidence), value as JSON plus typed columns for DATE, METRIC and LEGAL_DOC values",
    "officials": "one row per person per article, with the cross-article person_key; kind 'author' for the byline",
    "official_roles": "each (title, agency) a person holds in an article",
    "agencies": "one row per organisation per article (canonical name, parent body when the text gives one)",
    "agency_aliases": "abbreviations and aliases an article defines for an agency",
    "documents": "each cited document, with its normalised doc_key",
    "metrics": "each metric with subject and period; for a change its direction (up/down) and baseline",
    "events": "meetings, conferences, inspections ...: kind, date, place, chair, bodies (joined by '; ')",
    "assignments": "a body given a task: lead (and lead_key), co-operating bodies ('; '), task, deadline, source document",
    "errors": "inputs that could not be read or analysed, by name",
}

# Cross-article views (DuckDB) built from the tables above. A view that
# names one value for a group (an agency's name, a document's issuer, a
# person's spelling) takes the most frequent, ties to the first in sort order:
# `mode` and `any_value` pick by row order, which changes with the order
# articles were written in (--jobs, Dask), so the same archive could answer
# the same query differently.


def _most_frequent(col: str, group: str) -> tuple[str, str]:
    """The window count for ``col`` within ``group`` and the aggregate that uses it."""
    window = f"count({col}) OVER (PARTITION BY {group}, {col}) AS n_{col}"
    pick = f"first({col} ORDER BY n_{col} DESC, {col}) FILTER (WHERE {col} IS NOT NULL) AS {col}"
    return window, pick


def _view(source: str, group: str, picks: list[str], rest: str, where: str = "") -> str:
    windows, aggs = zip(*(_most_frequent(c, group) for c in picks), strict=True)
    inner = f"SELECT *, {', '.join(windows)} FROM {source}" + (f" WHERE {where}" if where else "")
    return f"SELECT {group}, {', '.join(aggs)}, {rest} FROM ({inner}) GROUP BY {group}"


VIEWS = {
    "agency_index": _view(
        "agencies", "agency_key", ["name"],
        "count(DISTINCT article_id) AS articles, sum(mentions) AS mentions"),
    "document_index": _view(
        "documents", "doc_key", ["doc_type", "number", "code", "doc_year", "issuer"],
        "min(issued) AS issued, count(DISTINCT article_id) AS articles, sum(mentions) AS mentions",
        where="doc_key IS NOT NULL"),
    "person_index": _view(
        "officials o JOIN articles a USING (article_id)", "person_key", ["name", "scope"],
        "count(DISTINCT article_id) AS articles, min(article_date) AS first_seen, max(article_date) AS last_seen"),
    "role_timeline": "SELECT person_key, name, title, agency, first_seen, last_seen, articles FROM ("
    + _view(
        "(SELECT r.*, o.name, a.article_date, lower(r.title) AS title_key FROM official_roles r"
        " JOIN officials o USING (article_id, official_idx) JOIN articles a USING (article_id))",
        "person_key, title_key, agency", ["name", "title"],
        "min(article_date) AS first_seen, max(article_date) AS last_seen, count(DISTINCT article_id) AS articles")
    + ")",
}

PER_ARTICLE = tuple(TABLES)


def ddl() -> list[str]:
    """CREATE statements for a new database (tables, then views)."""
    out = ["CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"]
    for name, cols in TABLES.items():
        body = ", ".join(f'"{c}" {t}' for c, t in cols)
        out.append(f"CREATE TABLE IF NOT EXISTS {name} ({body})")
    out.append("CREATE TABLE IF NOT EXISTS errors (source VARCHAR, message VARCHAR, PRIMARY KEY (source, message))")
    for name, sql in VIEWS.items():
        out.append(f"CREATE OR REPLACE VIEW {name} AS {sql.strip()}")
    return out


def columns(table: str) -> list[str]:
    return [c for c, _ in (ERRORS if table == "errors" else TABLES[table])]


_ARROW = {"VARCHAR": "string", "INTEGER": "int32", "DOUBLE": "float64", "DATE": "date32"}


def arrow_schema(table: str):
    """The pyarrow schema of ``table`` (imports pyarrow)."""
    import pyarrow as pa

    cols = ERRORS if table == "errors" else TABLES[table]
    return pa.schema([(c, getattr(pa, _ARROW[t])()) for c, t in cols])


def markdown() -> str:
    """The schema as a Markdown table (kept in the README; a test compares)."""
    lines = ["| table | columns | holds |", "|---|---|---|"]
    for name, cols in [*TABLES.items(), ("errors", ERRORS)]:
        body = ", ".join(f"`{c}` {t.lower()}" for c, t in cols)
        lines.append(f"| `{name}` | {body} | {DESCRIPTIONS[name]} |")
    return "\n".join(lines)
