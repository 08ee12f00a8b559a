"""Officials: who holds which role in which agency, merged over mentions.

Entities are grouped into *chains*: runs of OFFICIAL, ROLE and AGENCY
entities joined only by connectors (comma, dash, "của", honorifics). In a
chain a ROLE followed by an AGENCY is one role; roles before a name belong to
it ("Bộ trưởng, Chủ nhiệm Hầu A Lềnh"), roles after a name too ("Nguyễn Ngọc
Hà, Giám đốc Trung tâm Thông tin"). A chain without a name whose title was
given to exactly one named person earlier refers back to that person
("Bộ trưởng, Chủ nhiệm đề nghị ...").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache, lru_cache

from ..honorifics import run_pattern
from ..resources import load_json, load_lines
from ..textnorm import collapse_spaces
from ..types import Entity
from .records import Official, Role
from .spans import sentence_bounds

LINK_LABELS = {"OFFICIAL", "ROLE", "AGENCY"}


@cache
def _connector() -> re.Pattern[str]:
    # «kiêm» joins two offices of one person («Bí thư Tỉnh ủy kiêm Chủ tịch HĐND tỉnh»)
    hon = run_pattern().pattern.removesuffix("$")
    # «do ông X, Phó Giám đốc Sở làm Trưởng đoàn»: «làm» gives X another title;
    # a bracketed abbreviation after a body stays in the chain («Bộ trưởng Bộ Thông tin và Truyền thông (Bộ TT&TT) Nguyễn Mạnh Hùng»)
    joins = r"[,–\-:()]|của|thuộc|kiêm|(?:(?:Sở|Bộ|Cục|Vụ|Viện|Ban|Trung tâm|Phòng)[^\S\n]+)?làm"
    return re.compile(rf"^[^\S\n]*(?:{joins})?[^\S\n]*(?:{hon})?[^\S\n]*$", re.IGNORECASE)


@cache
def _role_bodies() -> dict[str, list[str]]:
    return load_json("role_bodies.json")["titles"]


@cache
def _title_forms() -> dict[str, str]:
    """Case-folded title -> its normal casing, from the title gazetteer («phó chủ tịch» -> «Phó Chủ tịch»)."""
    forms = {t.casefold(): t for t in load_lines("titles.txt")}
    # «Phó», «Thứ», «Quyền» before a title are written with it (the rules allow them before any title)
    for t in list(forms.values()):
        for form in (f"Phó {t}", f"Quyền {t}", f"{t} Thường trực", f"Phó {t} Thường trực"):
            forms.setdefault(form.casefold(), form)
    return forms


def normal_title(title: str) -> str:
    """A title in letterhead or headline capitals («GIÁM ĐỐC», «Phó Chủ Tịch») in its normal casing:
    the gazetteer's form of it; a title written in normal casing, or one the gazetteer does not
    hold whole, is kept as written (capitals cannot tell an acronym inside it from a word)."""
    words = title.split()
    if not words or not all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return title
    return _title_forms().get(title.casefold(), title)


_TITLE_NOISE = re.compile(r"(?i)^(?:quyền|phó)\s+|\s+thường trực$")
# a body written as its bare kind word after the title («Phó Giám đốc Sở làm Trưởng đoàn»)
_BARE_KIND = re.compile(r"^[^\S\n]+(Sở|Bộ|Cục|Vụ|Viện|Trung tâm|Ban|Văn phòng|Phòng|Đoàn|Tổ|Thanh tra|trung tâm|sở)(?![^\W_])")


def _sentences(text: str, pos: int) -> tuple[int, int, int]:
    """(start of the previous sentence, start of this one, end of this one) around ``pos``."""
    start, end = sentence_bounds(text, pos)
    prev = sentence_bounds(text, max(0, start - 2))[0] if start > 0 else 0
    return prev, start, end


def inferred_agency(text: str, role: Entity, agencies: Sequence[Entity], canon_of: dict[int, str],
                    starts: Sequence[int] | None = None) -> str | None:
    """The body of a title the text does not attach one to: a body of the title's kind
    (``resources/role_bodies.json``, or the bare kind word after it) named before it in
    its sentence, else in the sentence before."""
    from .agencies import head_of

    title = _TITLE_NOISE.sub("", collapse_spaces(role.text).lower())
    bare = _BARE_KIND.match(text[role.end : role.end + 20])
    kinds = [bare.group(1).lower()] if bare else _role_bodies().get(title)
    if not kinds:
        return None
    prev, start, _ = _sentences(text, role.start)
    # a bare «Sở» names a body already written, however far back; a title alone looks only nearby
    starts = starts if starts is not None else [a.start for a in agencies]  # ``agencies`` sorted by start
    for lo, hi in ((start, role.start), (0 if bare else prev, start)):
        for k in range(bisect.bisect_left(starts, hi) - 1, bisect.bisect_left(starts, lo) - 1, -1):  # nearest first
            a = agencies[k]
            if a.start not in canon_of:
                continue
            head = head_of(canon_of[a.start])
            if any(head == k or head.startswith(k + " ") or canon_of[a.start].lower().startswith(k) for k in kinds):
                return canon_of[a.start]
    return None



_AND = re.compile(r"^[^\S\n]*(?:,|và)[^\S\n]*$")
# «các Phó Chủ tịch UBND tỉnh A, B và C»: a plural title is every listed name's
_PLURAL = re.compile(r"(?i)(?<![^\W_])(?:các|hai|ba)[^\S\n]+$")


# a connector is a few words at most; a longer gap is not handed to the pattern
_CONNECTOR_MAX = 100


def _connects(text: str, end: int, start: int) -> bool:
    """Whether only a connector stands between two entities."""
    return start - end <= _CONNECTOR_MAX and _is_connector(text[end:start])


@lru_cache(maxsize=4096)
def _is_connector(gap: str) -> bool:
    """Cached: the same few gaps («, », « của », « - ») stand between most entities."""
    return _connector().match(gap) is not None


def chains(text: str, entities: Sequence[Entity]) -> list[list[Entity]]:
    """Runs of OFFICIAL/ROLE/AGENCY entities joined only by connectors."""
    out: list[list[Entity]] = []
    cur: list[Entity] = []
    for e in entities:
        if e.label not in LINK_LABELS:
            if cur:
                out.append(cur)
            cur = []
            continue
        gap = text[cur[-1].end : e.start] if cur else ""
        # «A, B và C»; «Giám đốc A và Phó Giám đốc B Sở X»: a list of officials
        name_list = cur and cur[-1].label == "OFFICIAL" and e.label in ("OFFICIAL", "ROLE") and _AND.match(gap)
        if cur and not (_connects(text, cur[-1].end, e.start) or name_list):
            out.append(cur)
            cur = []
        cur.append(e)
    if cur:
        out.append(cur)
    return out


def _role_units(chain: list[Entity]) -> list[tuple[int, Entity, Entity | None]]:
    """(index in chain, ROLE, its AGENCY or None) for each ROLE of a chain."""
    units = []
    for i, e in enumerate(chain):
        if e.label == "ROLE":
            nxt = chain[i + 1] if i + 1 < len(chain) else None
            units.append((i, e, nxt if nxt is not None and nxt.label == "AGENCY" else None))
    return units


def _fits(role: Entity, canon: str | None) -> bool:
    """Whether a body is of a kind the title heads (``role_bodies.json``): «Giám đốc» a Sở, not a Bộ."""
    from .agencies import head_of

    kinds = _role_bodies().get(_TITLE_NOISE.sub("", collapse_spaces(role.text).lower()))
    if not kinds or not canon:
        return False
    head = head_of(canon)
    return any(head == k or head.startswith(k + " ") or canon.lower().startswith(k) for k in kinds)


def _shared_bodies(chain: list[Entity], units: list, canon_of: dict[int, str]) -> list:
    """A body written once after a list of titles is each title's: «Giám đốc A và Phó Giám đốc B Sở X»,
    «Giám đốc, Phó Giám đốc Sở X»; a title gets it when nothing but titles and names stands between
    them and the body is of the title's kind («Phó Thủ tướng, Bộ trưởng Bộ Tài chính» keeps none)."""
    out = []
    for i, role, agency in units:
        if agency is None:
            j = next((j for j in range(i + 1, len(chain)) if chain[j].label == "AGENCY"), None)
            # the body closes the list: no title in between has a body of its own before it
            if j is not None and not any(a is not None and a is not chain[j] and i < k < j for k, _r, a in units) \
                    and _fits(role, canon_of.get(chain[j].start)):
                agency = chain[j]
        out.append((i, role, agency))
    return out


_ON_BEHALF = re.compile(r"^\s*(?:KT|TL|Q|TUQ|T/L)\s*[./]?\s", re.IGNORECASE)
_FOR_BODY = re.compile(r"^\s*(?:TM|T/M)\s*[./]?\s", re.IGNORECASE)


_LINE_PAD = 80  # spaces around a signature's name on its line, at most


def signature_roles(text: str, entities: Sequence[Entity], canon_of: dict[int, str]) -> list[tuple[Entity, Entity, Entity | None]]:
    """(name, title, body) from signature blocks: a name alone on its line, the
    title on a line above it, the body on a "TM." line; titles on "KT."/"TL."
    lines are held by someone else and are skipped."""
    out = []
    for k, e in enumerate(entities):
        if e.label != "OFFICIAL":
            continue
        # the name alone on its line: look for the line's ends near the name
        # only (a text of one long line would be scanned again for each name)
        p = text.rfind("\n", max(0, e.start - _LINE_PAD), e.start)
        line_end = text.find("\n", e.end, e.end + _LINE_PAD)
        if (p < 0 and e.start > _LINE_PAD) or (line_end < 0 and len(text) - e.end > _LINE_PAD):
            continue
        if text[p + 1 : line_end if line_end >= 0 else len(text)].strip() != e.text.strip():
            continue
        title: Entity | None = None
        body: Entity | None = None
        for prev in reversed(entities[max(0, k - 6) : k]):
            if text.count("\n", prev.end, e.start) > 6:
                break
            ls = text.rfind("\n", 0, prev.start) + 1
            le = text.find("\n", prev.end)
            prefix = text[ls : prev.start]
            rest = text[prev.end : le if le >= 0 else len(text)]
            # a block line holds only the title or body, perhaps after "KT."/"TM."
            if rest.strip() or (prefix.strip() and not (_ON_BEHALF.match(prefix + " ") or _FOR_BODY.match(prefix + " "))):
                break
            if prev.label == "ROLE" and title is None and not _ON_BEHALF.match(prefix + " "):
                title = prev
            elif prev.label == "AGENCY" and _FOR_BODY.match(prefix + " "):
                body = prev
                break
        if title is not None:
            out.append((e, title, body))
    return out


def link_officials(text: str, entities: Sequence[Entity], canon_of: dict[int, str]) -> list[Official]:
    """Official records, in order of first mention."""
    people: dict[str, Official] = {}
    by_title: dict[tuple[str, str | None], set[str]] = {}
    # (person, case-folded title) -> that person's roles with the title, in
    # order: a role is compared only with those, not with all the person's roles
    titled: dict[tuple[str, str], list[Role]] = {}

    def person(e: Entity) -> Official:
        name = collapse_spaces(e.text)
        rec = people.setdefault(name, Official(name=name))
        rec.mentions.append([e.start, e.end])
        for h in e.value.get("honorifics", []) if hasattr(e.value, "get") else []:
            if h not in rec.honorifics:
                rec.honorifics.append(h)
        return rec

    agency_ents = [e for e in entities if e.label == "AGENCY"]
    agency_starts = [e.start for e in agency_ents]

    def add_role(rec: Official, role: Entity, agency: Entity | None) -> None:
        title = normal_title(collapse_spaces(role.text))
        canon = canon_of.get(agency.start) if agency is not None else inferred_agency(text, role, agency_ents, canon_of, agency_starts)
        same_title = titled.setdefault((rec.name, title.casefold()), [])
        for r in same_title:
            if r.agency == canon or canon is None:
                break
            if r.agency is None:
                r.agency = canon
                break
        else:
            new = Role(title=title, agency=canon)
            rec.roles.append(new)
            same_title.append(new)
        by_title.setdefault((title, canon), set()).add(rec.name)
        by_title.setdefault((title, None), set()).add(rec.name)

    signed = signature_roles(text, entities, canon_of)
    for name, title, body in signed:
        add_role(person(name), title, body)
    in_signature = {id(x) for triple in signed for x in triple if x is not None}
    for chain in chains(text, [e for e in entities if id(e) not in in_signature]):
        names = [i for i, e in enumerate(chain) if e.label == "OFFICIAL"]
        units = _role_units(chain)
        if not names:
            for _i, role, agency in units:  # an unnamed holder: refer back when unambiguous
                key = (collapse_spaces(role.text), canon_of.get(agency.start) if agency is not None else None)
                holders = by_title.get(key, set())
                if len(holders) == 1:
                    people[next(iter(holders))].mentions.append([role.start, role.end])
            continue
        recs = {i: person(chain[i]) for i in names}
        for i, role, agency in _shared_bodies(chain, units, canon_of):
            k = bisect.bisect_left(names, i)  # names[:k] come before the role, names[k:] after it
            owner: int
            if k == 0:
                owner = names[0]
            elif k == len(names):
                owner = names[-1]
            else:
                # between two names: it belongs to the next one if nothing but spaces separates them
                last = (agency or role).end
                owner = names[k] if "," not in text[last : chain[names[k]].start] else names[k - 1]
            add_role(recs[owner], role, agency)
            if owner >= i and _PLURAL.search(text[max(0, role.start - 8) : role.start]):
                k = names.index(owner)
                while k + 1 < len(names) and names[k + 1] == names[k] + 1:  # the names right after it, one by one
                    k += 1
                    add_role(recs[names[k]], role, agency)
    return list(people.values())
