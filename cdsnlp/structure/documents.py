"""Cited legal documents with their issue date and issuer.

The date is the DATE written right after the document ("... ngày
07/02/2023"); the issuer is the AGENCY introduced by "của" or "do" right
after the document or its date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..textnorm import collapse_spaces
from ..types import Entity
from .records import DocumentRef

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


def link_documents(text: str, entities: Sequence[Entity], canon_of: dict[int, str]) -> list[DocumentRef]:
    records: dict[tuple, DocumentRef] = {}
    for k, e in enumerate(entities):
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
        if nxt is not None and nxt.label == "AGENCY" and _gap(_ISSUER_GAP, text, last.end, nxt.start):
            issuer = canon_of.get(nxt.start)
            after = entities[j + 1] if j + 1 < len(entities) else None
            if issued is None and after is not None and after.label == "DATE" and _gap(_ISSUED_AFTER_ISSUER, text, nxt.end, after.start):
                if after.value.get("granularity") == "day":
                    issued = after.value.get("start")
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
