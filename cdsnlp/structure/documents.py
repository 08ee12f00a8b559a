"""Cited legal documents with their issue date and issuer.

The date is the DATE written right after the document ("... ngày
07/02/2023"); for the text's own document («Số: 87/KH-UBND» under the
letterhead) the place-and-date line below it. The issuer, first found wins:
1. the AGENCY introduced by "của" or "do" right after the document or its date
   («của Thủ tướng Chính phủ», «của UBND huyện Đầm Dơi»);
2. the issuer part of the document's code, from ``resources/issuer_codes.json``
   («/QĐ-TTg» the Prime Minister, «/NQ-CP» the Government; a local code such as
   «KH-UBND» is the body of that kind named in the sentence, else in the article);
3. the body that is the sentence's subject before it («UBND tỉnh Bắc Ninh ban hành ...»).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from ..resources import load_json
from ..textnorm import collapse_spaces
from ..types import Entity
from .records import DocumentRef
from .spans import clause_bounds as _sentence_bounds

_DATE_GAP = re.compile(r"^[^\S\n]*,?[^\S\n]*$")
_ISSUER_GAP = re.compile(r"^[^\S\n]*,?[^\S\n]*(?:của|do|bởi)[^\S\n]+$")
# "... do Sở TT&TT cấp ngày 29/06/2015": the date after the issuer and its verb
_ISSUED_AFTER_ISSUER = re.compile(r"^[^\S\n]*(?:cấp|ban hành|ký|phê duyệt)[^\S\n]*$")
# The gaps above are a few characters; a longer one is not tried (the
# patterns' optional comma between two runs of spaces backtracks
# quadratically over a long run of spaces).
_GAP_MAX = 60


def _gap(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    return end - start <= _GAP_MAX and pattern.match(text[start:end]) is not None


# «UBND tỉnh Bắc Ninh (vừa) ban hành Kế hoạch số ...»: the body before the verb issued it
_SUBJECT_GAP = re.compile(r"^[^\S\n]*(?:đã|vừa|mới|cũng)?[^\S\n]*(?:ban hành|ký ban hành|ký|phê duyệt|có|gửi|công bố|thông qua)[^\S\n]*$",
                          re.IGNORECASE)


@cache
def _codes() -> tuple[dict, dict]:
    data = load_json("issuer_codes.json")
    return data["national"], data["local"]


def is_local_code(code_issuer: str | None) -> bool:
    """Whether a code's issuer part names a local body (``TU``, ``UBND``, ``STTTT``,
    ``BTGTU`` ...): every province numbers its own «05-NQ/TU», so such a number
    names one document only together with the province."""
    if not code_issuer:
        return False
    national, local = _codes()
    part = code_issuer.split("-")[0]
    if part in national:
        return False
    # a body of a provincial or district party committee («BTGTU», «UBKTHU»), a Sở («SKHĐT»)
    return part in local or part.endswith(("TU", "HU")) or (len(part) > 2 and part[0] == "S" and part[1:].isupper())


class _Kinds:
    """The article's agency mentions of each kind of local issuer, built once per
    kind: a document list can cite hundreds of codes of the same kind."""

    def __init__(self, agency_mentions: list[tuple[int, str]]) -> None:
        self.mentions = agency_mentions
        self._of: dict[tuple[str, ...], tuple[list[int], list[str], str | None]] = {}

    def of(self, kinds: tuple[str, ...]) -> tuple[list[int], list[str], str | None]:
        """(starts, names, the name clearly most often named) of the mentions of ``kinds``."""
        if kinds not in self._of:
            folded = tuple(k.casefold() for k in kinds)
            cands = [(s, n) for s, n in self.mentions if n.casefold().startswith(folded)]
            (top, n), (_, second), *_ = [*Counter(n for _, n in cands).most_common(2), (None, 0), (None, 0)]
            self._of[kinds] = ([s for s, _ in cands], [n for _, n in cands], top if n > second else None)
        return self._of[kinds]


def issuer_from_code(code_issuer: str | None, doc: Entity, text: str, agency_mentions: list[tuple[int, str]] | _Kinds) -> tuple[str | None, bool]:
    """(issuer, shared) from the issuer part of a code: a national body, or the local
    body of the code's kind the article names; shared codes say so (a «của X» wins).
    ``agency_mentions``: (start, canonical name) of the article's agencies, sorted."""
    if not code_issuer:
        return None, False
    national, local = _codes()
    part = code_issuer.split("-")[0]
    if part in national:
        return national[part]["name"], bool(national[part].get("shared"))
    if part not in local:
        return None, False
    kinds = local[part]["kind"]
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    by_kind = agency_mentions if isinstance(agency_mentions, _Kinds) else _Kinds(agency_mentions)
    starts, names, top = by_kind.of(kinds)
    if not starts:
        return None, False
    s0, s1 = _sentence_bounds(text, doc.start, doc.end)
    lo, at, hi = bisect.bisect_left(starts, s0), bisect.bisect_left(starts, doc.start), bisect.bisect_left(starts, s1)
    if min(at, hi) > lo:  # the last one before it in its sentence
        return names[min(at, hi) - 1], False
    if hi > lo:
        return names[lo], False
    # else the body of that kind the article is about: named most often, and clearly so
    return top, False


_OWN_NUMBER = re.compile(r"(?im)^[^\S\n]*số[^\S\n]*:?[^\S\n]*$")
# «Vĩnh Phúc, ngày 15 tháng 3 năm 2024» under the number of a document: its issue date
_PLACE_DATE = re.compile(r"^[^\S\n]*(?:[^\W\d_]+[^\S\n]*){0,5},?[^\S\n]*(?:ngày)?[^\S\n]*$")


def _letterhead_date(text: str, doc: Entity, entities: Sequence[Entity]) -> str | None:
    """The date of the text's own document: «Số: 87/KH-UBND» in its first lines, the place-and-date line below it."""
    line_start = text.rfind("\n", 0, doc.start) + 1
    if doc.start > 600 or not _OWN_NUMBER.match(text[line_start : doc.start]):
        return None
    limit = doc.end
    for _ in range(3):  # the date line is one of the next lines
        nxt = text.find("\n", limit + 1)
        limit = nxt if nxt >= 0 else len(text)
    for d in entities:
        if d.label == "DATE" and doc.end < d.start < limit and hasattr(d.value, "get") and d.value.get("granularity") == "day":
            ls = text.rfind("\n", 0, d.start) + 1
            if _PLACE_DATE.match(text[ls : d.start]):
                return d.value.get("start")
    return None


def link_documents(text: str, entities: Sequence[Entity], canon_of: dict[int, str]) -> list[DocumentRef]:
    records: dict[tuple, DocumentRef] = {}
    national, _ = _codes()
    by_kind = _Kinds(sorted((e.start, canon_of[e.start]) for e in entities if e.label == "AGENCY" and e.start in canon_of))
    last_agency: Entity | None = None  # the last resolved AGENCY before the current entity
    for k, e in enumerate(entities):
        if e.label == "AGENCY" and e.start in canon_of:
            last_agency = e
        if e.label != "LEGAL_DOC":
            continue
        v = e.value
        issued, issuer, last = None, None, e
        j = k + 1  # index of the entity after the document (then after its date)
        nxt = entities[j] if j < len(entities) else None
        if nxt is not None and nxt.label == "DATE" and _gap(_DATE_GAP, text, e.end, nxt.start):
            if nxt.value.get("granularity") == "day":
                issued = nxt.value.get("start")
            last = nxt
            j += 1
            nxt = entities[j] if j < len(entities) else None
        if nxt is not None and nxt.label == "ROLE" and _gap(_ISSUER_GAP, text, last.end, nxt.start) and j + 1 < len(entities):
            # "của Thủ tướng Chính phủ": the issuer is the body the signing title belongs to
            after_role = entities[j + 1]
            if after_role.label == "AGENCY" and text[nxt.end : after_role.start].strip() == "":
                issuer = canon_of.get(after_role.start)
                # «của Thủ tướng Chính phủ»: the office is itself the issuing authority
                office = f"{collapse_spaces(nxt.text)} {issuer}"
                if any(x["name"].casefold() == office.casefold() for x in national.values()):
                    issuer = next(x["name"] for x in national.values() if x["name"].casefold() == office.casefold())
        if nxt is not None and nxt.label == "AGENCY" and _gap(_ISSUER_GAP, text, last.end, nxt.start):
            issuer = canon_of.get(nxt.start)
            after = entities[j + 1] if j + 1 < len(entities) else None
            if issued is None and after is not None and after.label == "DATE" and _gap(_ISSUED_AFTER_ISSUER, text, nxt.end, after.start):
                if after.value.get("granularity") == "day":
                    issued = after.value.get("start")
        issued = issued or _letterhead_date(text, e, entities)
        code_issuer, shared = issuer_from_code(v.get("issuer") if hasattr(v, "get") else None, e, text, by_kind)
        if issuer is None and code_issuer and not shared:
            issuer = code_issuer
        if issuer is None and last_agency is not None:
            s0, _ = _sentence_bounds(text, e.start, e.end)
            if last_agency.start >= s0 and _SUBJECT_GAP.match(text[last_agency.end : e.start]):
                issuer = canon_of[last_agency.start]
        issuer = issuer or code_issuer
        key = (v.get("doc_type"), v.get("number"), v.get("code")) if v.get("number") else (collapse_spaces(e.text),)
        rec = records.get(key)
        if rec is None:
            rec = records[key] = DocumentRef(
                text=collapse_spaces(e.text), doc_type=v.get("doc_type"), number=v.get("number"), code=v.get("code"),
                year=v.get("year"), issued=issued, issuer=issuer,
            )
        rec.issued = rec.issued or issued
        rec.issuer = rec.issuer or issuer
        rec.mentions.append([e.start, e.end])
    return list(records.values())
