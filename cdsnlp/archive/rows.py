"""One article in, rows of every archive table out.

:func:`article_rows` is the whole per-article job and it is pure (text and
metadata in, rows out; no I/O, no global state besides the extractor's model),
so the same function runs in one process, in a process pool, on Dask workers
or under Spark's ``mapInPandas``.

Each table has one mapping below (``_entity_row``, ``_official_rows`` ...):
a new record kind or field is one more mapping plus its columns in
:mod:`cdsnlp.archive.schema`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import date
from functools import cache, lru_cache
from typing import Any

from .. import __version__
from .schema import TABLES

Row = dict[str, Any]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iso_date(value: Any) -> date | None:
    """A date from an ISO string (or a date); None for anything else."""
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # datetime -> its date
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


# --- cross-article keys ---------------------------------------------------------

@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name compared across articles: NFC, one tone placement, lower case, single spaces."""
    from ..textnorm import collapse_spaces, normalize

    return collapse_spaces(normalize(name).text).strip().lower()


@cache
def _provinces() -> tuple[re.Pattern[str], dict[str, str]]:
    from ..resources import load_lines

    canon: dict[str, str] = {}
    for p in load_lines("provinces.txt"):
        short = re.sub(r"^(?:TP\.?\s*|Thành phố\s+)", "", p)
        canon[name_key(p)] = short
    names = sorted(canon, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)"), canon


def provinces_in(text: str) -> list[str]:
    """Province names written in ``text``, in one spelling each ("TP. Hồ Chí Minh" is "Hồ Chí Minh")."""
    pattern, canon = _provinces()
    return [canon[m.group(0)] for m in pattern.finditer(name_key(text))]


# agency words of a province-level (or lower) body; such a body without a
# province name belongs to the article's province («xã hội», «thông tấn xã»,
# «hợp tác xã» are not communes: «Bảo hiểm xã hội Việt Nam» is national)
_LOCAL = re.compile(r"(?<!\w)(?:tỉnh|thành phố|sở|tỉnh ủy|thành ủy|huyện ủy|thị ủy|quận ủy|hđnd|ubnd|ủy ban nhân dân|hội đồng nhân dân"
                    r"|huyện|(?<!thông tấn )(?<!hợp tác )xã(?! hội)|quận|phường|thị xã)(?!\w)")


def is_local_body(name: str) -> bool:
    """Whether an agency name is that of a provincial or lower body («Ban Thường vụ Tỉnh ủy», «Sở Y tế», «UBND huyện»)."""
    return _LOCAL.search(name_key(name)) is not None


def person_scope(roles: list[tuple[str, str | None]], article_province: str | None) -> str:
    """Where a person holds office, to tell apart people who share a name.

    The province named in one of their role agencies; else the article's
    province when a role agency is a provincial body without a name
    ("UBND tỉnh", "Sở TT&TT") or the person has no role at all; else "" (a
    national office, or nothing known).
    """
    named = sorted({p for _, agency in roles if agency for p in provinces_in(agency)})
    if named:
        return "+".join(named)
    if not article_province:
        return ""
    if not roles or any(agency and is_local_body(agency) for _, agency in roles):
        return article_province
    return ""


def agency_key(name: str, article_province: str | None) -> str:
    """An agency compared across articles: its normalised canonical name, and
    for a local body that names no province («Ban Thường vụ Tỉnh ủy», «Sở Tài
    chính», «UBND huyện») ``@`` the article's province: the Tỉnh ủy of each
    province is its own body. A body whose name holds its province, a
    national body, or a local one in an article of no clear province: the
    name alone."""
    local = bool(article_province) and is_local_body(name) and not provinces_in(name)
    return _scoped(name_key(name), article_province if local else "")


def person_key(name: str, scope: str) -> str:
    return _scoped(name_key(name), scope)


def _scoped(key: str, scope: str | None) -> str:
    """A cross-article key, with ``@scope`` when there is one: the one form of every scoped key."""
    return f"{key}@{scope}" if scope else key


def doc_key(doc_type: str | None, number: str | None, year: int | None, code: str | None, scope: str = "") -> str | None:
    """(type, number, year, code), normalised, then ``@scope`` when given; None for
    a document without a number."""
    if not number:
        return None
    parts = [name_key(doc_type or ""), number.strip().lstrip("0") or "0", str(year or ""), name_key(code or "")]
    return _scoped("|".join(parts), scope)


def doc_scope(code_issuer: str | None, issuer: str | None, article_province: str | None) -> str:
    """The province of a document a local body numbered («05-NQ/TU», «12/KH-UBND»):
    the one its issuer names, else the article's; "" for a national document
    (its number is unique in the country) or when no province is known."""
    from ..structure.documents import is_local_code

    if not is_local_code(code_issuer):
        return ""
    named = provinces_in(issuer) if issuer else []
    return "+".join(sorted(set(named))) if named else (article_province or "")


def article_province(agency_names: list[tuple[str, int]], text: str) -> str | None:
    """The province an article is mostly about: the province named most often
    in its agencies (by mentions), else in its first lines; None when unclear."""
    votes: Counter[str] = Counter()
    for name, mentions in agency_names:
        for p in provinces_in(name):
            votes[p] += mentions
    if not votes:
        votes.update(provinces_in(text[:600]))
    if not votes:
        return None
    (top, n), *rest = [*votes.most_common(2), ("", 0)]
    return top if n > rest[0][1] else None


# --- one mapping per table -----------------------------------------------------

def _plain(obj: Any) -> Any:
    """JSON for what ``json`` does not know: the read-only mappings of entity values."""
    if hasattr(obj, "items"):
        return dict(obj.items())
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


# one encoder for every value (json.dumps with options builds a new one per call)
_VALUE_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_plain)


def _entity_row(idx: int, e: Any) -> Row:
    v = dict(e.value)
    row: Row = {
        "idx": idx, "label": e.label, "start": e.start, "end": e.end, "text": e.text, "source": e.source,
        "score": _num(getattr(e, "score", None)),
        "value": _VALUE_JSON.encode(v),
    }
    if e.label == "DATE":
        row.update(date_start=iso_date(v.get("start")), date_end=iso_date(v.get("end")), date_granularity=_str(v.get("granularity")))
    elif e.label == "METRIC":
        row.update(metric_kind=_str(v.get("kind")), metric_value=_num(v.get("value")), metric_unit=_str(v.get("unit")))
    elif e.label == "LEGAL_DOC":
        row.update(doc_type=_str(v.get("doc_type")), doc_number=_str(v.get("number")), doc_year=_int(v.get("year")), doc_code=_str(v.get("code")))
    return row


def _official_rows(idx: int, o: Any, province: str | None) -> tuple[Row, list[Row]]:
    roles = [(r.title, r.agency) for r in o.roles]
    scope = person_scope(roles, province)
    key = person_key(o.name, scope)
    row = {
        "official_idx": idx, "name": o.name, "honorifics": json.dumps(list(o.honorifics), ensure_ascii=False),
        "mentions": len(o.mentions), "first_start": o.mentions[0][0] if o.mentions else None,
        "name_key": name_key(o.name), "scope": scope, "person_key": key, "kind": getattr(o, "kind", "official"),
    }
    role_rows = [{"official_idx": idx, "role_idx": k, "title": t, "agency": a, "person_key": key} for k, (t, a) in enumerate(roles)]
    return row, role_rows


def _agency_rows(idx: int, a: Any, province: str | None) -> tuple[Row, list[Row]]:
    row = {"agency_idx": idx, "name": a.name, "agency_key": agency_key(a.name, province), "mentions": len(a.mentions),
           "first_start": a.mentions[0][0] if a.mentions else None, "parent": getattr(a, "parent", None)}
    aliases = [{"agency_idx": idx, "agency": a.name, "alias": s, "kind": "abbreviation"} for s in a.abbreviations]
    aliases += [{"agency_idx": idx, "agency": a.name, "alias": s, "kind": "alias"} for s in a.aliases]
    return row, aliases


def _document_row(idx: int, d: Any, code_issuer: str | None, province: str | None) -> Row:
    return {"doc_idx": idx, "text": d.text, "doc_type": d.doc_type, "number": d.number, "code": d.code, "doc_year": _int(d.year),
            "issued": iso_date(d.issued), "issuer": d.issuer, "mentions": len(d.mentions),
            "doc_key": doc_key(d.doc_type, d.number, d.year, d.code, doc_scope(code_issuer, d.issuer, province))}


def _metric_row(idx: int, m: Any) -> Row:
    p = m.period or {}
    return {"metric_idx": idx, "text": m.text, "kind": m.kind, "value": _num(m.value), "unit": m.unit, "subject": m.subject,
            "period_text": _str(p.get("text")), "period_start": iso_date(p.get("start")), "period_end": iso_date(p.get("end")),
            "period_granularity": _str(p.get("granularity")), "start": m.start, "end": m.end,
            "change": getattr(m, "change", None), "baseline_start": iso_date((b := getattr(m, "baseline", None) or {}).get("start")),
            "baseline_end": iso_date(b.get("end"))}


def _event_row(idx: int, e: Any) -> Row:
    return {"event_idx": idx, "kind": e.kind, "date": iso_date(e.date), "place": e.place, "chair": e.chair,
            "bodies": "; ".join(e.bodies), "mentions": len(e.mentions), "first_start": e.mentions[0][0] if e.mentions else None}


def _assignment_row(idx: int, a: Any, doc_keys: dict[str, str | None], province: str | None) -> Row:
    return {"assignment_idx": idx, "lead": a.lead, "lead_key": agency_key(a.lead, province), "cooperating": "; ".join(a.cooperating),
            "task": a.task, "deadline": iso_date(a.deadline), "source": a.source, "source_doc_key": doc_keys.get(a.source),
            "start": a.start, "end": a.end}




def model_name(model: Any) -> str:
    """How the model is recorded in ``articles.model``."""
    from pathlib import Path

    from ..pipeline import model_path

    if model is None:
        return "rules-only"
    path = model_path(model)
    return Path(path).name if path else "rules-only"


def article_rows(text: str, meta: dict[str, Any], extractor: Any = None, *, model: str = "") -> dict[str, list[Row]]:
    """Rows of every archive table for one article.

    Args:
        text: the article text.
        meta: ``id`` (required), and optional ``source`` (path), ``url``,
            ``source_name``, ``date`` (ISO; also the reference date for
            partial dates), ``authors`` (the byline's names).
        extractor: a :class:`cdsnlp.Extractor` (default: the shipped model).
        model: the model name written to ``articles.model``.

    Returns:
        ``{table: [row, ...]}`` for every table of :data:`schema.TABLES`,
        each row a dict with exactly that table's columns.
    """
    from ..pipeline import analyze

    own = iso_date(meta.get("date"))
    doc = analyze(text, ref_date=own, extractor=extractor, authors=meta.get("authors") or ())
    art_date = own or iso_date(doc.date)
    province = article_province([(a.name, len(a.mentions)) for a in doc.agencies], text)
    out: dict[str, list[Row]] = {t: [] for t in TABLES}
    out["articles"].append({
        "content_hash": content_hash(text), "source": _str(meta.get("source")), "url": _str(meta.get("url")),
        "source_name": _str(meta.get("source_name")), "article_date": art_date, "province": province,
        "length": len(text), "syllables": len(text.split()), "cdsnlp_version": __version__, "model": model,
    })
    out["entities"] = [_entity_row(i, e) for i, e in enumerate(doc.entities)]
    for i, o in enumerate(doc.officials):
        row, roles = _official_rows(i, o, province)
        out["officials"].append(row)
        out["official_roles"] += roles
    for i, a in enumerate(doc.agencies):
        row, aliases = _agency_rows(i, a, province)
        out["agencies"].append(row)
        out["agency_aliases"] += aliases
    code_issuer = {e.start: e.value.get("issuer") for e in doc.entities if e.label == "LEGAL_DOC"}
    out["documents"] = [_document_row(i, d, code_issuer.get(d.mentions[0][0]) if d.mentions else None, province)
                        for i, d in enumerate(doc.documents)]
    out["metrics"] = [_metric_row(i, m) for i, m in enumerate(doc.metrics)]
    out["events"] = [_event_row(i, e) for i, e in enumerate(doc.events)]
    doc_keys = {d["text"]: d["doc_key"] for d in out["documents"]}
    out["assignments"] = [_assignment_row(i, a, doc_keys, province) for i, a in enumerate(doc.assignments)]
    head = {"article_id": str(meta["id"]), "year": art_date.year if art_date else None}
    for table, rows in out.items():
        blank = _blank_row(table)  # every column, in the table's order, null unless set
        out[table] = [{**blank, **head, **r} for r in rows]
    return out


@cache
def _blank_row(table: str) -> Row:
    return dict.fromkeys(c for c, _ in TABLES[table])
