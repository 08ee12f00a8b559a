"""What happened and who must do what: ``events`` and ``assignments``.

An *event* is a meeting, conference, inspection ... (``resources/actions.json``
``event_kinds``) in a sentence that says it took place (an organiser verb such
as «tổ chức», «chủ trì», «diễn ra», or a date): its kind word, date, place
(«tại ...»), chair (the official «chủ trì»-ing it, or named after «do»), and the
bodies named in that sentence. Later mentions of the same kind without a date
(«Tại hội nghị, ...») are the same event.

An *assignment* is a body given a task:
- «Giao / Đề nghị / Yêu cầu <body> ...» (``assignment_triggers``), or
- a list item («1.», «a)», «-») that starts with a body and a task verb
  («Sở Tư pháp hoàn thành ...», «Bộ TT&TT chủ trì, phối hợp với ...»).
The lead is that body; co-operating bodies are the bodies after «phối hợp (với)»;
the task text runs from after the lead (and «chủ trì», «phối hợp với ...») to the
end of the clause (a full stop, semicolon or line end), without the deadline
phrase; the deadline is the date after «trước», «chậm nhất», «trong», «đến hết»
(its last day, ISO); the source document is a document named in the same
sentence, else the text's own document (its «Số: ...» line), else the document
the sentence before says was issued.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache

from ..resources import load_json
from ..textnorm import collapse_spaces
from ..types import Entity
from .records import Assignment, Event
from .spans import clause_bounds, sentence_bounds, starts_of, within


@cache
def _words() -> dict:
    return load_json("actions.json")


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _event_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])({_alt(list(_words()['event_kinds']))})(?![^\W_])", re.IGNORECASE)


@cache
def _event_verb_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])(?:{_alt(_words()['event_verbs'])})(?![^\W_])", re.IGNORECASE)


@cache
def _trigger_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])(?:{_alt(_words()['assignment_triggers'])})[^\S\n]*:?[^\S\n]*$", re.IGNORECASE)


@cache
def _task_verb_re() -> re.Pattern[str]:
    return re.compile(rf"^[^\S\n]*,?[^\S\n]*(?:{_alt(_words()['task_verbs'])})(?![^\W_])", re.IGNORECASE)


@cache
def _deadline_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])(?:{_alt(_words()['deadline_words'])})[^\S\n]*(?:ngày|tháng|năm|quý)?[^\S\n]*$", re.IGNORECASE)


# a list item: at a line start, or «..., 2. Sở X ...» after the previous item's full stop or semicolon
_ITEM = re.compile(r"(?:(?:^|\n)[^\S\n]*(?:\d{1,2}[.)]|[a-zđ]\)|[-–•+])|[.;:][^\S\n]+(?:\d{1,2}[.)]|[a-zđ]\)))[^\S\n]*$")
# «Tin liên quan:» and what follows is a list of other articles, not tasks
_RELATED = re.compile(r"(?im)^[^\S\n]*(?:tin|bài|xem)[^\S\n]+(?:liên quan|cùng chuyên mục|khác)\b")
_COOP = re.compile(r"(?i)phối hợp(?:[^\S\n]+(?:với|cùng))?[^\S\n]*$")
# «(và) các sở, ngành liên quan»: co-operating bodies not named one by one
_COOP_REST = re.compile(r"(?i)^[^\S\n]*(?:,|và)?[^\S\n]*(?:các|những)[^\S\n]+(?:[^\W\d_]+[,]?[^\S\n]+){0,6}?(?:có[^\S\n]+)?liên quan[^\S\n]*,?")
_LEAD_TAIL = re.compile(r"(?i)^[^\S\n]*(?:(?:là cơ quan|làm cơ quan)[^,;.\n]*|chủ trì|phối hợp(?:[^\S\n]+(?:với|cùng))?|,|và|[^\S\n]+)*")
_PLACE = re.compile(r"(?<![^\W_])tại[^\S\n]+([^,;.\n]{2,80}?)(?=[,;.\n]| đã | tổ chức | diễn ra |$)", re.IGNORECASE)
_CHAIR_AFTER = re.compile(r"(?i)(?<![^\W_])(?:do|dưới sự chủ trì của)[^\S\n]+$")
_DOC_LINE = re.compile(r"(?im)^[^\S\n]*số[^\S\n]*:?[^\S\n]*$")
# «Kế hoạch (này) giao ...»: the sentence's subject is a document named before
_DOC_SUBJECT = re.compile(r"(?i)(kế hoạch|quyết định|thông báo|chỉ thị|nghị quyết|công văn|chương trình|đề án)"
                          r"(?:[^\S\n]+(?:này|đã|cũng|còn))*[^\S\n]+\S+[^\S\n]*$")
_ISSUED = re.compile(r"(?i)(?:ban hành|ký|có|thông báo|phê duyệt)")


def _sentence(text: str, pos: int) -> tuple[int, int]:
    return sentence_bounds(text, pos)


def _clause_end(text: str, pos: int) -> int:
    return clause_bounds(text, pos)[1]


def _deadline(d: Entity, before: bool) -> str | None:
    """The last day of a deadline: «trong quý IV/2023» its end; «trước ngày 30/6/2024»
    that day; «trước tháng 6/2024» (before a period) the day before it starts."""
    v = d.value if hasattr(d.value, "get") else {}
    if v.get("unresolved") or v.get("granularity") in ("duration", "time") or not v.get("start"):
        return None
    if before and v.get("granularity") != "day":
        return (date.fromisoformat(v["start"]) - timedelta(days=1)).isoformat()
    return v.get("end") or v.get("start")


def link_events(text: str, entities: Sequence[Entity], canon_of: dict[int, str]) -> list[Event]:
    out: list[Event] = []
    seen: dict[str, Event] = {}  # kind -> its latest event
    kinds: dict[str, str] = {k.lower(): v for k, v in _words()["event_kinds"].items()}
    last_end = -10
    starts = starts_of(entities)
    for m in _event_re().finditer(text):
        if m.start() - last_end <= 1:  # «hội nghị giao ban»: one event, its first kind word
            last_end = m.end()
            continue
        last_end = m.end()
        kind = kinds[m.group(1).lower()]
        s0, s1 = _sentence(text, m.start())
        in_sent = within(entities, starts, s0, s1)
        # an event's date is a day (a cited document's date, right after it, is not)
        docs_end = {e.end for e in in_sent if e.label == "LEGAL_DOC"}
        dates = [e for e in in_sent if e.label == "DATE" and hasattr(e.value, "get") and e.value.get("granularity") == "day"
                 and e.value.get("start") and not any(0 <= e.start - x <= 6 for x in docs_end)
                 and not _deadline_re().search(text[max(s0, e.start - 20) : e.start])  # «trước ngày 30/9» is a deadline
                 and not re.match(r"\)?[^\S\n]*[-–][^\S\n]", text[e.end : e.end + 4])]  # «Tiên Yên, ngày 12/8/2024 - »: a dateline
        happened = _event_verb_re().search(text[s0:s1]) is not None
        date = dates[0].value.get("start") if dates else None  # the first day written: «từ ngày 21/8 đến ngày 29/9» starts on 21/8
        prev = seen.get(kind)
        if prev is not None and (date is None or prev.date in (None, date)):
            prev.mentions.append([m.start(), m.end()])
            prev.date = prev.date or date
            continue
        if not (dates or happened):
            continue
        place = _PLACE.search(text[s0:s1])
        if place and _event_re().match(place.group(1)):
            place = None
        bodies: list[str] = []
        for e in in_sent:
            if e.label == "AGENCY" and e.start in canon_of and canon_of[e.start] not in bodies:
                bodies.append(canon_of[e.start])
        ev = Event(kind=kind, text=collapse_spaces(m.group(0)), date=date, place=collapse_spaces(place.group(1)) if place else None,
                   chair=None, bodies=bodies, mentions=[[m.start(), m.end()]])
        seen[kind] = ev
        out.append(ev)
    for ev in out:  # the chair: in any sentence that mentions the event
        for start, _ in ev.mentions:
            if ev.chair is None:
                s0, s1 = _sentence(text, start)
                ev.chair = _chair(text, within(entities, starts, s0, s1), s0, s1)
    return out


def _chair(text: str, entities: Sequence[Entity], s0: int, s1: int) -> str | None:
    """The official who «chủ trì» in the sentence: «X chủ trì», «do X chủ trì», «chủ trì của X»."""
    for e in entities:
        if e.label != "OFFICIAL" or not (s0 <= e.start and e.end <= s1):
            continue
        after, before = text[e.end : min(s1, e.end + 120)], text[max(s0, e.start - 60) : e.start]
        if re.search(r"(?i)tham dự|dự họp|cùng dự|có mặt", before):
            continue
        if re.search(r"(?i)(?<![^\W_])chủ trì", after) or re.search(r"(?i)chủ trì(?: của)?[^\S\n]*(?:[^\W\d_]+[^\S\n]+){0,4}$", before) \
                or _CHAIR_AFTER.search(before):
            return collapse_spaces(e.text)
    return None


def _own_document(text: str, entities: Sequence[Entity]) -> Entity | None:
    """The document the text itself is: a LEGAL_DOC on a «Số: ...» line in its first lines."""
    head = text[:400]
    for e in entities:
        if e.label == "LEGAL_DOC" and e.end <= len(head) and _DOC_LINE.search(text[text.rfind("\n", 0, e.start) + 1 : e.start]):
            return e
    return None


def link_assignments(text: str, entities: Sequence[Entity], canon_of: dict[int, str]) -> list[Assignment]:
    out: list[Assignment] = []
    own = _own_document(text, entities)
    ents = list(entities)
    starts = starts_of(ents)
    docs = [x for x in ents if x.label == "LEGAL_DOC"]
    doc_starts = starts_of(docs)
    by_type: dict[str, tuple[list[Entity], list[int]]] = {}  # the documents of each type, with their starts
    for x in docs:
        if hasattr(x.value, "get"):
            group = by_type.setdefault((x.value.get("doc_type") or "").lower(), ([], []))
            group[0].append(x)
            group[1].append(x.start)
    related = _RELATED.search(text)
    stop = related.start() if related else len(text)
    for k, e in enumerate(ents):
        if e.label != "AGENCY" or e.start not in canon_of or e.start >= stop:
            continue
        before = text[max(0, e.start - 30) : e.start]
        by_trigger = _trigger_re().search(before) is not None
        run_end, n = e.end, k + 1  # fellow leads «Văn phòng KBNN và Cục Công nghệ thông tin tổng kết ...»
        while n < len(ents) and ents[n].label == "AGENCY" and re.fullmatch(r"[^\S\n]*(?:,|và)[^\S\n]*", text[run_end : ents[n].start]):
            run_end, n = ents[n].end, n + 1
        by_item = _ITEM.search(text[max(0, e.start - 12) : e.start]) is not None and _task_verb_re().match(text[run_end : run_end + 40]) is not None
        if not (by_trigger or by_item):
            continue
        if by_trigger and k > 0 and ents[k - 1].label == "AGENCY" and ents[k - 1].end > e.start - 30 and \
                _COOP.search(text[ents[k - 1].end : e.start]):  # «phối hợp với Sở X» inside another assignment
            continue
        end = _clause_end(text, e.end)
        inside = ents[k + 1 : max(k + 1, bisect.bisect_left(starts, end))]
        # the lead's fellow leads «Giao Sở Tài chính và Sở Kế hoạch và Đầu tư thẩm định»: listed as co-operating
        coop: list[str] = []
        pos = e.end
        j = 0
        while j < len(inside) and inside[j].label == "AGENCY" and re.fullmatch(r"[^\S\n]*(?:,|và|cùng)[^\S\n]*", text[pos : inside[j].start]):
            coop.append(canon_of.get(inside[j].start, collapse_spaces(inside[j].text)))
            pos = inside[j].end
            j += 1
        task_start = pos + _LEAD_TAIL.match(text[pos:end]).end()
        cm = _COOP.search(text[pos:task_start]) if task_start > pos else None
        coop_from = None
        last_end = pos
        for x in inside[j:]:
            if x.label == "AGENCY" and (cm or _COOP.search(text[max(pos, x.start - 20) : x.start])):
                coop_from = coop_from or x.start
                if x.start < task_start + 200:
                    # a run of bodies after «phối hợp với»
                    gap_ok = coop_from == x.start or re.fullmatch(r"[^\S\n]*(?:,|và)[^\S\n]*", text[last_end : x.start]) is not None
                    if not gap_ok:
                        break
                    name = canon_of.get(x.start, collapse_spaces(x.text))
                    if name not in coop:
                        coop.append(name)
                    last_end = x.end
                    rest = _COOP_REST.match(text[x.end:end])
                    after_run = x.end + (rest.end() if rest else 0)
                    task_start = max(task_start, after_run + _LEAD_TAIL.match(text[after_run:end]).end())
            elif coop_from is not None:
                break
        deadline, cut = None, end
        for x in inside:
            if x.label == "DATE":
                dm = _deadline_re().search(text[max(task_start, x.start - 30) : x.start])
                if dm:
                    deadline = _deadline(x, re.search(r"(?i)trước|chậm nhất", dm.group(0)) is not None)
                    cut = min(cut, max(task_start, x.start - 30) + dm.start())
                    break
        task = text[task_start:cut].strip(" ,;:-–\n")
        task = re.sub(r"(?i)[,\s]*(?:hoàn thành|xong)$", "", task).strip(" ,;")
        s0, _ = _sentence(text, e.start)
        # a document named before the lead in its sentence («Kế hoạch số 12/KH-UBND giao Sở ...»); one after it is the task's object
        before_lead = bisect.bisect_left(doc_starts, e.start)
        source = docs[before_lead - 1] if before_lead and docs[before_lead - 1].start >= s0 else None
        if source is None:  # «Kế hoạch giao ...»: the plan named last before
            tw = _DOC_SUBJECT.search(text[s0 : e.start])
            if tw:
                of_kind, kind_starts = by_type.get(tw.group(1).lower(), ([], []))
                k_before = bisect.bisect_left(kind_starts, s0)
                source = of_kind[k_before - 1] if k_before else None
        source = source or own
        if source is None:
            p0, _ = _sentence(text, max(0, s0 - 2))
            prev_docs = [x for x in docs[bisect.bisect_left(doc_starts, p0) : bisect.bisect_left(doc_starts, s0)]
                         if _ISSUED.search(text[max(p0, x.start - 25) : x.start])]
            source = prev_docs[-1] if prev_docs else None
        out.append(Assignment(lead=canon_of[e.start], cooperating=coop, task=collapse_spaces(task) or None, deadline=deadline,
                              source=collapse_spaces(source.text) if source is not None else None, start=e.start, end=end))
    return out
