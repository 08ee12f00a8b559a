"""LEGAL_DOC: numbered document references and their structured value.

Forms: "Quyết định số 01/QĐ-BCĐCĐS", "Nghị quyết 57-NQ/TW", "57- NQ/TW",
"01/2023/TT-BTTTT", "Giấy phép số: 01/GP-STTTT", "Đề án 06", "NQ57",
"Luật Giao dịch điện tử số 20/2023/QH15". Type words and codes come from
``resources/doc_types.json``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..resources import load_json
from .base import NOT_WORD_AFTER, Candidate, Rule, compile_inline, digit_start, find_matches, word_alt

PRIORITY = 30

# a stray space after a dash stays inside the code, as written ("77/TTr- STC")
_CODE_TAIL = r"[A-ZĐ][\wĐđ&]*(?:(?:-\s?|[/.])[A-ZĐ0-9][\wĐđ&]*)*"
# 01/QĐ-BCĐCĐS, 01/2023/TT-BTTTT, 2345/BTTTT-CĐSQG
_CODE_DIGIT = digit_start(r"[\w/-]")  # not inside another code or word
# a stray space before the slash stays inside too ("2045 /STNMT-VP")
_SLASH_CODE = r"(?P<n1>" + _CODE_DIGIT + r"\d*[a-z]?)(?:\s?/(?P<y1>\d{4}))?\s?/(?P<c1>" + _CODE_TAIL + ")"
# 13-NQ/TU, 414-CTr/TU, 57- NQ/TW
_DASH_CODE = r"(?P<n2>" + _CODE_DIGIT + r"\d*)\s?-\s?(?P<t2>[A-ZĐ][\wĐđ]*)/(?P<c2>" + _CODE_TAIL + ")"


@cache
def _patterns() -> tuple[Rule, ...]:
    data = load_json("doc_types.json")
    # every word capitalised ("Kế Hoạch", "Quyết Định") is a type word too
    titled = [" ".join(p[:1].upper() + p[1:] for p in w.split()) for w in data["type_words"]]
    types = word_alt([*data["type_words"], *titled])
    cap_types = word_alt([w[0].upper() + w[1:] for w in data["type_words"]] + titled, case_first=False)
    # a line break after "số" keeps the reference whole ("Quyết định số\n512/QĐ-BYT": a wrapped line)
    so = r"(?:(?:số|Số|SỐ)(?:\s*:?\s*|\s*\n\s*))?"
    code = f"(?:{_SLASH_CODE}|{_DASH_CODE})"
    laws = word_alt(["Luật", "Bộ luật", "Pháp lệnh"])
    aliases = word_alt(list(data["aliases"]), case_first=False)
    return (
        # type word [số] code
        Rule(compile_inline(rf"(?P<type>{types})\s+{so}{code}{NOT_WORD_AFTER}")),
        # Luật <name> số code
        Rule(compile_inline(rf"(?P<type>{laws})\s+[A-ZĐ][^\n;:()]{{0,80}}?\s+(?:số|Số)\s*:?\s*{code}{NOT_WORD_AFTER}")),
        # code alone; one pattern per form, each starting with its digit, so
        # the regex engine skips to digits (an alternation of two would not)
        Rule(compile_inline(rf"{_SLASH_CODE}{NOT_WORD_AFTER}"), digit_led=True),
        Rule(compile_inline(rf"{_DASH_CODE}{NOT_WORD_AFTER}"), digit_led=True),
        # type word + bare numeral ("Đề án 06", "Nghị quyết 57")
        # (capitalised type only, and not "kế hoạch 6 tháng": a count of a unit follows)
        Rule(compile_inline(
            rf"(?P<type>{cap_types})\s+(?:số\s+)?(?P<n3>\d{{1,4}})(?![\w/.,-]?\d)(?![/-][A-ZĐ]){NOT_WORD_AFTER}"
            r"(?!\s*(?:tháng|năm|ngày|tuần|quý|giờ|%|nhiệm vụ|dự án|chỉ tiêu|nội dung))"
        )),
        # alias NQ57
        Rule(compile_inline(rf"(?P<alias>{aliases})(?P<n4>\d{{1,4}}){NOT_WORD_AFTER}")),
    )


def _type_of_word(word: str) -> str:
    table = load_json("doc_types.json")["type_words"]
    for key, value in table.items():
        if key.lower() == word.lower():
            return value
    return word


def _value(m: re.Match[str]) -> dict[str, Any]:
    data = load_json("doc_types.json")
    codes: dict[str, str] = data["codes"]
    g = m.groupdict()
    doc_type = _type_of_word(g["type"]) if g.get("type") else None
    value: dict[str, Any] = {"doc_type": doc_type, "number": None, "year": None, "code": None, "issuer": None}
    if g.get("n1"):
        parts = g["c1"].split("-")
        head = parts[0]
        type_code = head if head in codes else re.sub(r"\d+$", "", head)
        if type_code in codes and (len(parts) > 1 or g.get("y1") or head != type_code):
            value["doc_type"] = value["doc_type"] or codes[type_code]
            issuer = "-".join(parts[1:]) or head
        else:
            # "2345/BTTTT-CĐSQG": an official letter numbered by issuer and unit
            value["doc_type"] = value["doc_type"] or "Công văn"
            issuer = head
        value.update(number=g["n1"], year=int(g["y1"]) if g.get("y1") else None, code=g["c1"], issuer=issuer)
    elif g.get("n2"):
        type_code = g["t2"]
        value["doc_type"] = value["doc_type"] or codes.get(type_code)
        value.update(number=g["n2"], code=f"{type_code}/{g['c2']}", issuer=g["c2"])
    elif g.get("n3"):
        value["number"] = g["n3"]
    elif g.get("n4"):
        value.update(doc_type=data["aliases"][g["alias"]], number=g["n4"], code=g["alias"])
    return value


def find_legal_docs(text: str) -> list[Candidate]:
    """LEGAL_DOC candidates in ``text``."""
    out = []
    for rule in _patterns():
        for m in find_matches(rule, text):
            if m.groupdict().get("n3") and _looks_like_year(m.group("n3")):
                continue
            out.append(Candidate(m.start(), m.end(), "LEGAL_DOC", _value(m), PRIORITY))
    return out


def _looks_like_year(n: str) -> bool:
    return len(n) == 4 and 1900 <= int(n) <= 2100
