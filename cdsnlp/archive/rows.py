"""The per-article work of the archive: one pure function from an article
(text and metadata) to rows of every table. The DuckDB store, the Parquet
writer, the ``--jobs`` pool and the Dask adapter all call it, so they write the
same rows; under Spark it is what ``mapInPandas`` calls per row."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import unicodedata
from collections.abc import Mapping
from functools import cache
from typing import Any

from .. import __version__
from ..resources import load_lines
from ..textnorm import collapse_spaces
from .schema import TABLES

Rows = dict[str, list[dict[str, Any]]]


def content_hash(text: str) -> str:
    """SHA-256 of the text (surrogates escaped, so any str hashes)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def name_key(name: str) -> str:
    """Case-, space- and normalisation-insensitive key of a name."""
    return collapse_spaces(unicodedata.normalize("NFC", name)).casefold()


def document_key(doc: Mapping[str, Any]) -> str:
    """A cited document's key: type, number, year and code, normalised."""
    parts = [doc.get("doc_type") or "", doc.get("number") or "", str(doc.get("year") or ""), (doc.get("code") or "").upper()]
    return "|".join(name_key(p) for p in parts)


@cache
def _provinces() -> tuple[tuple[str, str], ...]:
    # longest first, so "Thành phố Hồ Chí Minh" wins over "Hồ Chí Minh"
    names = sorted(load_lines("provinces.txt"), key=len, reverse=True)
    return tuple((name_key(n), name_key(n).removeprefix("tp. ").removeprefix("thành phố ")) for n in names)


def province_of(name: str | None) -> str | None:
    """The province a body's name names ("Sở Nội vụ tỉnh Bắc Ninh" → "bắc ninh")."""
    if not name:
        return None
    key = name_key(name)
    for full, short in _provinces():
        if full in key:
            return short
    return None


def _iso(value: Any) -> _dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return float(value)
    except OverflowError:  # an integer too large for a double
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and -(2**31) < value < 2**31 else None


def model_name(extractor: Any) -> str:
    """The model an extractor runs, as recorded with each article."""
    tagger = getattr(extractor, "tagger", None)
    return str(tagger.meta.get("name", "crf")) if tagger is not None else "rules-only"


def article_rows(article: Mapping[str, Any], extractor: Any = None) -> Rows:
    """Rows of every archive table for one article.

    Args:
        article: ``{"id", "text"}`` and optionally ``url``, ``date`` (ISO),
            ``source``.
        extractor: a :class:`cdsnlp.Extractor` (default: the shipped model).
    Returns:
        ``{table: [row dict, ...]}`` with the columns of :data:`schema.TABLES`.
    """
    from ..pipeline import default_extractor
    from ..structure import analyze

    text = article["text"]
    aid = str(article["id"])
    ex = extractor or default_extractor()
    given = _iso(article.get("date"))
    doc = analyze(text, ref_date=given, extractor=ex).to_dict()
    art_date = given or _iso(doc.get("date"))
    year = art_date.year if art_date else 0
    base = {"article_id": aid, "article_year": year}
    rows: Rows = {t: [] for t in TABLES}
    rows["articles"].append({
        **base, "content_hash": content_hash(text), "source": article.get("source"), "url": article.get("url"),
        "article_date": art_date, "length": len(text), "cdsnlp_version": __version__, "model": model_name(ex),
    })
    for i, e in enumerate(doc["entities"]):
        v = e["value"]
        rows["entities"].append({
            **base, "idx": i, "label": e["label"], "start": e["start"], "end": e["end"], "text": e["text"],
            "value": json.dumps(v, ensure_ascii=False, sort_keys=True), "score": e.get("score"), "source": e["source"],
            "date_start": _iso(v.get("start")) if e["label"] == "DATE" else None,
            "date_end": _iso(v.get("end")) if e["label"] == "DATE" else None,
            "granularity": v.get("granularity") if e["label"] == "DATE" else None,
            "metric_kind": v.get("kind") if e["label"] == "METRIC" else None,
            "metric_value": _number(v.get("value")) if e["label"] == "METRIC" else None,
            "metric_unit": v.get("unit") if e["label"] == "METRIC" else None,
            "doc_type": v.get("doc_type") if e["label"] == "LEGAL_DOC" else None,
            "doc_number": v.get("number") if e["label"] == "LEGAL_DOC" else None,
            "doc_year": _int(v.get("year")) if e["label"] == "LEGAL_DOC" else None,
            "doc_code": v.get("code") if e["label"] == "LEGAL_DOC" else None,
        })
    # the article's province: the one province its bodies name, when only one is named
    named = {p for a in doc["agencies"] if (p := province_of(a["name"]))}
    article_province = next(iter(named)) if len(named) == 1 else None
    for i, o in enumerate(doc["officials"]):
        own = {p for r in o["roles"] if (p := province_of(r.get("agency")))}
        rows["officials"].append({
            **base, "official_idx": i, "name": o["name"], "name_key": name_key(o["name"]),
            "province": next(iter(own)) if len(own) == 1 else (article_province if not own else None),
            "honorifics": json.dumps(o.get("honorifics", []), ensure_ascii=False), "mentions": len(o.get("mentions", [])),
        })
        for r in o["roles"]:
            agency = r.get("agency")
            rows["official_roles"].append({
                **base, "official_idx": i, "title": r["title"], "agency": agency, "agency_key": name_key(agency) if agency else None,
            })
    for i, a in enumerate(doc["agencies"]):
        rows["agencies"].append({**base, "agency_idx": i, "name": a["name"], "agency_key": name_key(a["name"]), "mentions": len(a["mentions"])})
        for kind in ("abbreviations", "aliases"):
            for alias in a.get(kind, []):
                rows["agency_aliases"].append({**base, "agency_idx": i, "alias": alias, "kind": kind[:-1]})
    for i, d in enumerate(doc["documents"]):
        rows["documents"].append({
            **base, "doc_idx": i, "text": d["text"], "doc_type": d.get("doc_type"), "number": d.get("number"), "code": d.get("code"),
            "year": _int(d.get("year")), "issued": _iso(d.get("issued")), "issuer": d.get("issuer"), "document_key": document_key(d),
            "mentions": len(d.get("mentions", [])),
        })
    for i, m in enumerate(doc["metrics"]):
        period = m.get("period") or {}
        rows["metrics"].append({
            **base, "metric_idx": i, "text": m["text"], "kind": m.get("kind"), "value": _number(m.get("value")), "unit": m.get("unit"),
            "subject": m.get("subject"), "period_text": period.get("text"), "period_start": _iso(period.get("start")),
            "period_end": _iso(period.get("end")), "start": m.get("start"), "end": m.get("end"),
        })
    return rows
