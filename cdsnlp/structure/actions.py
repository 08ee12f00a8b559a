"""What happened and who must do what: ``events`` and ``assignments``.

An *event* is a meeting, conference, inspection ... (``resources/actions.json``
``event_kinds``) in a sentence that says it took place (an organiser verb such
as «tổ chức», «chủ trì», «diễn ra», or a date): its kind word, date, place
(«tại ...»), chair (the official «chủ trì»-ing it, or named after «do»), and the
bodies named in that sentence. Later mentions of the same kind without a date
(«Tại hội nghị, ...») are the same event. A verb of a kind with a day records one
too («Ngày 5/3, Đoàn ... làm việc với UBND tỉnh»); an event asked for, planned,
named for comparison, cited, inside an assignment's task or in a «Tin liên quan»
list is not one (data/ANNOTATION.md «Events»).

An *assignment* is a body given a task:
- «Giao / Đề nghị / Yêu cầu <body> ...» (``assignment_triggers``), or
- a list item («1.», «a)», «(1)», «-») that starts with a body and a task verb
  («Sở Tư pháp hoàn thành ...», «Bộ TT&TT chủ trì, phối hợp với ...»), or a second
  body with a task verb after a semicolon of such an item, or
- an item of a list a directive introduces («kết luận như sau:», «yêu cầu:») that
  starts with a body, whatever the verb but a proposal or a result.
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
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import cache, lru_cache

from ..resources import load_json
from ..rules.base import Zones
from ..textnorm import collapse_spaces
from ..types import Entity
from .records import Assignment, Event
from .spans import clause_bounds, lowered, sentence_bounds, starts_of, within


@cache
def _words() -> dict:
    return load_json("actions.json")


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _first_letters(words: Sequence[str]) -> str:
    """A look-ahead for the first letters of ``words`` (lower-case): put before a pattern that
    starts with one of them, it changes no match and most positions fail there at once."""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + "])"


def _whole_word_scan(words: Sequence[str]) -> str:
    r"""``(?<![^\W_])(<_alt(words)>)(?![^\W_])`` for the patterns scanned over the whole text, written
    to be tried faster: the same alternatives in the same order grouped by first letter (the words are
    lower-case: the groups are of distinct letters, and the order between them is moot), each group's
    letter before the look-behind (``c(?<![^\W_].)`` is «c» with no letter before it). A pattern that
    starts with a choice of letters lets the regex engine skip to the next of them (its charset
    prefix), where an opening look-behind or look-ahead has it try every position."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    alt = "|".join(f"{re.escape(c)}(?<![^\\W_].)(?:{'|'.join(rest)})" for c, rest in groups.items())
    return rf"({alt})(?![^\W_])"


# a list item: at a line start, or «..., 2. Sở X ...» after the previous item's full stop or semicolon
_MARK = r"(?:\d{1,2}[.)]|\(\d{1,2}\)|[a-zđ]\)|\([a-zđ]\))"  # «1.», «2)», «(1)», «a)», «(a)»
_ITEM = re.compile(rf"(?:(?:^|\n)[^\S\n]*(?:{_MARK}|[-–•+])|[.;:][^\S\n]+{_MARK})[^\S\n]*$")
_ITEM_LINE = re.compile(rf"[^\S\n]*(?:{_MARK}|[-–•+])[^\S\n]")
_FIRST_WORD = re.compile(r"[^\S\n]*([^\W\d_]+)")
# «Tin liên quan:» and what follows is a list of other articles, not tasks
_RELATED = re.compile(r"(?im)^[^\S\n]*(?:tin|bài|xem)[^\S\n]+(?:liên quan|cùng chuyên mục|khác)\b")
_TRIGGER_NOUN = re.compile(r"(?i)(?<![^\W_])(?:công tác|sự)[^\S\n]+$")
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
    return sentence_bounds(text, pos, abbreviations=True)  # «Đồng chủ trì có PGS.TS. Nguyễn Văn A» is one sentence


def _clause_end(text: str, pos: int) -> int:
    return clause_bounds(text, pos, abbreviations=True)[1]


def _deadline(d: Entity, before: bool) -> str | None:
    """The last day of a deadline: «trong quý IV/2023» its end; «trước ngày 30/6/2024»
    that day; «trước tháng 6/2024» (before a period) the day before it starts."""
    v = d.value if hasattr(d.value, "get") else {}
    if v.get("unresolved") or v.get("granularity") in ("duration", "time") or not v.get("start"):
        return None
    if before and v.get("granularity") != "day":
        return (date.fromisoformat(v["start"]) - timedelta(days=1)).isoformat()
    return v.get("end") or v.get("start")


# The word-list patterns: name -> (the list in actions.json, the pattern around it).
# {words} is the list as one alternation (longest first), {first} a look-ahead for
# its first letters, {scan} the whole-word form for scans over the whole text, {joined}
# the entries themselves joined (they are patterns already).
_PATTERNS: dict[str, tuple[str, str]] = {
    "event": ("event_kinds", r"{scan}"),
    "trigger": ("assignment_triggers", r"{first}(?<![^\W_])(?:{words})[^\S\n]*:?[^\S\n]*$"),
    "task_verb": ("task_verbs", r"^[^\S\n]*,?[^\S\n]*(?:{words})(?![^\W_])"),
    "deadline": ("deadline_words", r"{first}(?<![^\W_])(?:{words})[^\S\n]*(?:ngày|tháng|năm|quý)?[^\S\n]*$"),
    "verb_kind": ("event_verb_kinds", r"{scan}"),
    "not_event_before": ("not_event_before", r"(?<![^\W_])(?:{words})[^\S\n]+$"),
    "plan_after": ("plan_after", r"{joined}"),
    "not_event_date": ("not_event_date_words", r"(?<![^\W_])(?:{words})[^\S\n]*(?:ngày)?[^\S\n]*$"),
    "chair_after": ("chair_after", r"^[^;]*?(?<![^\W_])(?:{words})(?![^\W_])"),
    "day_word": ("day_words", r"(?<![^\W_])(?:{words})[^\S\n]*$"),
}


@cache
def _pattern(name: str) -> re.Pattern[str]:
    key, template = _PATTERNS[name]
    words = list(_words()[key])
    if template == "{scan}":
        return re.compile(_whole_word_scan(words), re.IGNORECASE)
    if template == "{joined}":
        return re.compile("|".join(words), re.IGNORECASE)
    return re.compile(template.replace("{first}", _first_letters(words)).replace("{words}", _alt(words)), re.IGNORECASE)


@cache
def _scan_lower(name: str) -> re.Pattern[str]:
    """The ``{scan}`` pattern ``name`` without IGNORECASE, for :func:`lowered` text (its words are lower-case)."""
    key, template = _PATTERNS[name]
    assert template == "{scan}", name
    return re.compile(_whole_word_scan(list(_words()[key])))


def _scan(name: str, text: str) -> Iterator[re.Match[str]]:
    """The matches of the ``{scan}`` pattern ``name`` over ``text``, found case-sensitively in
    :func:`lowered` text when it can be (a third less time; their groups are then lower-cased)."""
    low = lowered(text)
    return _scan_lower(name).finditer(low) if low is not None else _pattern(name).finditer(text)


@cache
def _word_re(key: str) -> re.Pattern[str]:
    """Any of the words of ``actions.json[key]``, as whole words."""
    return re.compile(rf"(?<![^\W_])(?:{_alt(_words()[key])})(?![^\W_])", re.IGNORECASE)


@cache
def _word_scan(key: str) -> re.Pattern[str]:
    """:func:`_word_re` written as :func:`_whole_word_scan`, without IGNORECASE, for :func:`lowered` text."""
    return re.compile(_whole_word_scan(list(_words()[key])))


def _find_words(key: str, text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
    """The matches of :func:`_word_re` ``key`` in text[pos:endpos] (their look-arounds read the text
    on both sides), found case-sensitively in :func:`lowered` text when it can be, as :func:`_scan`."""
    low = lowered(text)
    return _word_scan(key).finditer(low, pos, endpos) if low is not None else _word_re(key).finditer(text, pos, endpos)


@lru_cache(maxsize=2)
def related_spans(text: str) -> tuple[tuple[int, int], ...]:
    """«Tin liên quan» lists: the heading, then its lines up to the first blank line after
    one (and further bulleted lines): other articles, neither events nor tasks. Cached for
    the last texts: the event and the assignment linkers both ask for them."""
    out: list[tuple[int, int]] = []
    for m in _RELATED.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        pos = text.find("\n", m.start())
        end = pos = len(text) if pos < 0 else pos
        seen_line = gap = False
        while pos < len(text):
            nl = text.find("\n", pos + 1)
            nl = len(text) if nl < 0 else nl
            line = text[pos + 1 : nl]
            if not line.strip():
                gap = gap or seen_line
            elif gap and not _BULLET.match(line):
                break
            else:
                seen_line, gap, end = True, False, nl
            pos = nl
        out.append((m.start(), end))
    return tuple(out)


_BULLET = re.compile(r"\s*[-–•›»+*]")


# a menu or section label line: «Menu | Tin tức | Sự kiện», «Chuyên mục: Sự kiện», «Trang chủ » Tin tức»
_LABEL_LINE = re.compile(r"(?i)[^\S\n][|›»][^\S\n]|^[^\S\n]*(?:chuyên mục|danh mục|menu)(?![^\W_])")
# «Thực hiện chương trình Kỳ họp thứ 5, ...»: an event the sentence's event belongs to, not the one it records
_CITED_EVENT = re.compile(r"(?i)(?<![^\W_])thực hiện(?:[^\S\n]+(?:chương trình|kế hoạch))?[^\S\n]*$")
# «so với đợt diễn tập năm 2023»: a past one named for comparison
_COMPARED = re.compile(r"(?i)(?<![^\W_])so với(?:[^\S\n]+(?:đợt|lần|kỳ|buổi|cuộc|các))?[^\S\n]*$")
# «Tại hội nghị, ...» opening a sentence: the event took place
_AT_OPENER = re.compile(r"(?i)[^\w]*(?:cũng[^\S\n]+)?tại[^\S\n]+$")
# the issuer of a document cited before it: «Nghị quyết số 57-NQ/TW của Bộ Chính trị», «... ngày 2/10/2023 của Giám đốc Sở X»
_ISSUER_GAP = re.compile(r"(?i)[^\S\n]*(?:ngày[^,;.\n]{1,25}?[^\S\n]+)?(?:của|do)[^\S\n]+(?:[^\W\d_]+[^\S\n]+){0,3}")
# the subject issuing a document: «Văn phòng UBND tỉnh đã ban hành Thông báo số ...»
_ISSUES_GAP = re.compile(r"(?i)[^\S\n]*(?:(?:đã|vừa|mới)[^\S\n]+)?(?:ký ban hành|ban hành|phát hành|ký|có)[^\S\n]+")
# a source tag opening the sentence: «(Báo Tin tức) -», «BKH -»
_TAG_AFTER = re.compile(r"\)?[^\S\n]*[-–][^\S\n]")
_TAG_BEFORE = re.compile(r"[^\w]*\(?")
# the gap between two bodies of a list: «Sở X, Sở Y và Sở Z»
_AND_GAP = re.compile(r"[^\S\n]*(?:,|và)[^\S\n]*")
_AND_WITH_GAP = re.compile(r"[^\S\n]*(?:,|và|cùng)[^\S\n]*")
_AFTER_SEMICOLON = re.compile(r";[^\S\n]*$")
_BEFORE_WORDS = re.compile(r"(?i)trước|chậm nhất")
_DONE_END = re.compile(r"(?i)[,\s]*(?:hoàn thành|xong)$")
_NEWLINE = re.compile("\n")


def _planned(text: str, entities: Sequence[Entity], starts: list[int], s0: int, start: int, end: int, c1: int) -> bool:
    """An event the sentence asks for or plans: a plan word before the kind word in its
    clause, with no day between them («đề nghị Sở ... tổ chức lớp tập huấn», «sẽ báo cáo
    tại kỳ họp»), or a frequency after it («tổ chức diễn tập ít nhất 01 lần»)."""
    if _pattern("plan_after").search(text, end, min(c1, end + 80)):
        return True
    w0 = max(s0, start - 100)
    w0 = max(w0, text.rfind(";", w0, start) + 1, text.rfind(":", w0, start) + 1)
    masked = [(m.start(), m.end()) for m in _find_words("not_plan_words", text, w0, start)]
    last = None
    for m in _find_words("plan_words", text, w0, start):
        if not any(a <= m.start() < b for a, b in masked):
            last = m
    if last is None:
        return False
    return not any(e.label == "DATE" for e in within(entities, starts, last.end(), start))


_BARE_DAY = re.compile(r"\d{1,2}[^\S\n]*[/.-][^\S\n]*\d{1,2}")


def _event_dates(text: str, in_sent: Sequence[Entity], s0: int) -> list[Entity]:
    """The days of a sentence an event can have: not a cited document's date (right after
    it), a deadline («trước ngày 30/9»), a date given to something else («tính đến ngày
    30/6», «áp dụng từ ngày 1/1»), a dateline («Tiên Yên, ngày 12/8/2024 - »), or a bare
    «10/10» after no day word. A range of days («16-17/7/2024») gives its first day."""
    docs_end = sorted(e.end for e in in_sent if e.label == "LEGAL_DOC")
    out = []
    for e in in_sent:
        v = e.value if e.label == "DATE" and hasattr(e.value, "get") else None
        if not v or not v.get("start"):
            continue
        if v.get("granularity") == "range":
            if not v.get("end") or (date.fromisoformat(v["end"]) - date.fromisoformat(v["start"])).days > 31:
                continue
        elif v.get("granularity") != "day":
            continue
        before = text[max(s0, e.start - 25) : e.start]
        k = bisect.bisect_right(docs_end, e.start)
        if (k and e.start - docs_end[k - 1] <= 6) or _pattern("deadline").search(before[-20:]) or _pattern("not_event_date").search(before) \
                or _TAG_AFTER.match(text[e.end : e.end + 4]):
            continue
        if _BARE_DAY.fullmatch(e.text) and not _pattern("day_word").search(before):
            continue  # «Ngày Chuyển đổi số quốc gia 10/10», «tới 9/9 huyện»: a named day or a figure
        out.append(e)
    return out


def _bodies(text: str, in_sent: Sequence[Entity], s0: int, canon_of: dict[int, str]) -> list[str]:
    """The bodies named in an event's sentence, leaving out a source tag and the issuer of a
    document cited there, unless that body is named there again."""
    kept: list[str] = []
    prev_doc: Entity | None = None
    next_other: list[Entity | None] = [None] * len(in_sent)  # the first entity after each that is not an AGENCY
    for k in range(len(in_sent) - 2, -1, -1):
        x = in_sent[k + 1]
        next_other[k] = x if x.label != "AGENCY" else next_other[k + 1]
    for k, e in enumerate(in_sent):
        if e.label == "LEGAL_DOC":
            prev_doc = e
            continue
        if e.label != "AGENCY" or e.start not in canon_of:
            continue
        name = canon_of[e.start]
        if _TAG_BEFORE.fullmatch(text[s0 : e.start]) and _TAG_AFTER.match(text, e.end):
            continue  # «(Báo Tin tức) - Chiều 27/8, ...»
        nxt = next_other[k]
        if (prev_doc is not None and _ISSUER_GAP.fullmatch(text, prev_doc.end, e.start)) or \
                (nxt is not None and nxt.label == "LEGAL_DOC" and _ISSUES_GAP.fullmatch(text, e.end, nxt.start)):
            continue  # kept if another mention in the sentence names it
        if name not in kept:
            kept.append(name)
    return kept


@cache
def _event_tables() -> tuple[dict[str, str], dict[str, str], frozenset[str], frozenset[str]]:
    """The kind of each kind word and verb (lower-cased), the verbs that need a kind word written,
    the kinds that need a day: built once, not per document."""
    w = _words()
    return ({k.lower(): v for k, v in w["event_kinds"].items()}, {k.lower(): v for k, v in w["event_verb_kinds"].items()},
            frozenset(v.lower() for v in w["verbs_needing_kind_word"]), frozenset(w["kinds_needing_a_day"]))


def link_events(text: str, entities: Sequence[Entity], canon_of: dict[int, str],
                tasks: Sequence[tuple[int, int]] = ()) -> list[Event]:
    """The events of ``text``; ``tasks`` are the spans of assignments' tasks (an event
    inside one is asked for, not held)."""
    out: list[Event] = []
    seen: dict[str, Event] = {}  # kind -> its latest event
    kinds, verb_kinds, needing, needs_day = _event_tables()
    starts = starts_of(entities)
    related = Zones(related_spans(text))
    in_tasks = Zones(tasks)
    # kind words («hội nghị giao ban»: one event, its first kind word)
    found: list[tuple[int, int, str, bool]] = []  # start, end, kind, by a verb
    last_end = -10
    for m in _scan("event", text):
        if m.start() - last_end > 1:
            found.append((m.start(), m.end(), kinds[m.group(1).lower()], False))
        last_end = m.end()
    kind_words = Zones((a, b) for a, b, _, _ in found)
    kind_starts = [a for a, _, _, _ in found]
    written = {k for _, _, k, _ in found}
    for m in _scan("verb_kind", text):
        if not kind_words.overlaps(m.start(), m.start() + 1):
            kind = verb_kinds[m.group(1).lower()]
            if m.group(1).lower() not in needing or kind in written:
                found.append((m.start(), m.end(), kind, True))
    found.sort()
    sentences: dict[int, tuple] = {}  # what a sentence gives every mention in it, found once
    for start, end, kind, by_verb in found:
        if related.overlaps(start, start + 1) or in_tasks.overlaps(start, start + 1):
            continue
        s0, s1 = _sentence(text, start)
        if s0 not in sentences:
            sent = text[s0:s1]
            in_sent = within(entities, starts, s0, s1)
            verbs = any(not kind_words.overlaps(v.start(), v.start() + 1) for v in _find_words("event_verbs", text, s0, s1))
            sentences[s0] = (sent, in_sent, _LABEL_LINE.search(sent) is not None, _event_dates(text, in_sent, s0), verbs)
        sent, in_sent, label, dates, verbs = sentences[s0]
        if label or _CITED_EVENT.search(text, max(s0, start - 40), start) or _COMPARED.search(text, max(s0, start - 30), start) \
                or _pattern("not_event_before").search(text, max(s0, start - 20), start):
            continue
        k = bisect.bisect_left(starts, start + 5)
        if kind == "giao ban" and k < len(starts) and starts[k] == start + 5 and entities[k].label == "AGENCY":
            continue  # «giao Ban Cán sự ...»: the verb «giao» and a body
        if _planned(text, entities, starts, s0, start, end, _clause_end(text, end)):
            continue
        date = dates[0].value.get("start") if dates else None  # the first day written: «từ ngày 21/8 đến ngày 29/9» starts on 21/8
        if by_verb:
            k0 = bisect.bisect_left(kind_starts, s0)
            if not dates or (k0 < len(kind_starts) and kind_starts[k0] < s1):
                continue  # a verb records an event only with a day, in a sentence naming none
        prev = seen.get(kind)
        if prev is not None and (date is None or prev.date in (None, date)):
            prev.mentions.append([start, end])
            if prev.date is None and date is not None:  # the sentence with the day records it
                prev.date = date
                prev.bodies = _bodies(text, in_sent, s0, canon_of)
                place = _PLACE.search(sent)
                prev.place = collapse_spaces(place.group(1)) if place and not _pattern("event").match(place.group(1)) else prev.place
            continue
        if not (dates or (kind not in needs_day and (verbs or _AT_OPENER.match(text, s0, start)))):
            continue
        place = _PLACE.search(sent)
        if place and _pattern("event").match(place.group(1)):
            place = None
        ev = Event(kind=kind, text=collapse_spaces(text[start:end]), date=date, place=collapse_spaces(place.group(1)) if place else None,
                   chair=None, bodies=_bodies(text, in_sent, s0, canon_of), mentions=[[start, end]])
        seen[kind] = ev
        out.append(ev)
    for ev in out:  # the chair: in any sentence that mentions the event, or «X chủ trì.» right after it
        for start, _ in ev.mentions:
            if ev.chair is not None:
                break
            s0, s1 = _sentence(text, start)
            ev.chair = _chair(text, within(entities, starts, s0, s1), s0, s1)
            if ev.chair is None and s1 < len(text) and text[s1] != "\n":
                n0, n1 = _sentence(text, s1 + 1)
                k0 = bisect.bisect_left(kind_starts, n0)
                if not (k0 < len(kind_starts) and kind_starts[k0] < n1):  # the event left unsaid
                    ev.chair = _chair(text, within(entities, starts, n0, n1), n0, n1)
    return out


_ATTENDS = re.compile(r"(?i)tham dự|dự họp|cùng dự|có mặt")
_CHAIRED_BY = re.compile(r"(?i)chủ trì(?: của| có| gồm)?[^\S\n]*(?:[^\W\d_][\w.]*[^\S\n]+){0,4}$")
_VERB_AFTER = re.compile(r"[^\S\n]*(?:,[^,;.]{0,80},)?[^\S\n]*((?:[^\W\d_]+[^\S\n]*){1,2})")


def _chair(text: str, entities: Sequence[Entity], s0: int, s1: int) -> str | None:
    """The official who chairs in the sentence: «X chủ trì», «do X chủ trì», «chủ trì của X»,
    «Đồng chủ trì có X; ...», «do ông X, Phó Giám đốc Sở làm Trưởng đoàn»; not one who opens,
    runs, speaks at or concludes it, leads a delegation («dẫn đầu») or attends."""
    not_chair = _word_re("not_chair_verbs")
    for e in entities:
        if e.label != "OFFICIAL" or not (s0 <= e.start and e.end <= s1):
            continue
        after, before = text[e.end : min(s1, e.end + 120)], text[max(s0, e.start - 60) : e.start]
        if _ATTENDS.search(before):
            continue
        chair_after = _pattern("chair_after").match(after)
        if chair_after and not not_chair.search(chair_after.group(0)):
            return collapse_spaces(e.text)
        if _CHAIRED_BY.search(before):
            return collapse_spaces(e.text)
        if _CHAIR_AFTER.search(before):
            verb = _VERB_AFTER.match(after)
            if not (verb and not_chair.match(verb.group(1))):
                return collapse_spaces(e.text)
    return None


@cache
def _directive_re() -> re.Pattern[str]:
    """A lead-in that ends in its directive word and at most three words («kết luận như sau:»,
    «đề nghị các sở, ngành:», «III. KIẾN NGHỊ»), not one that names what follows («Kết luận
    nêu rõ các tồn tại chủ yếu:»)."""
    return re.compile(rf"(?<![^\W_])(?:{_alt(_words()['directive_lead_ins'])})(?![^\W_])(?:[^\S\n]+[^\s:]+){{0,3}}[^\S\n]*:?$",
                      re.IGNORECASE)


def directive_items(text: str) -> list[tuple[int, int]]:
    """The item lines of lists a directive introduces: a line ending in «:» with a directive
    word («... kết luận như sau:», «yêu cầu:», «đề nghị các đơn vị:») or a short heading
    holding one («III. KIẾN NGHỊ»). The list runs over item lines and blank lines; it ends
    at another line, and a sub-list has its own lead-in («3. Nhiệm vụ thời gian tới:» is
    not a directive's)."""
    out: list[tuple[int, int]] = []
    active = False
    pos = 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        line = text[pos:nl].strip()
        if line:
            item = _ITEM_LINE.match(text, pos, nl) is not None
            lead_in = line.endswith(":") or (len(line) <= 60 and not line.endswith((".", ";")))
            if lead_in:  # a lead-in or heading, itself an item or not, opens its own list
                active = _directive_re().search(line[-80:]) is not None
            elif not item:
                active = False
            elif active:
                out.append((pos, nl))
        pos = nl + 1
    return out


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
    related = Zones(related_spans(text))
    listed = Zones(directive_items(text))
    not_task = _word_re("not_task_verbs")
    lines = [m.start() for m in _NEWLINE.finditer(text)]  # line ends, to find an entity's line by bisection
    for k, e in enumerate(ents):
        if e.label != "AGENCY" or e.start not in canon_of or related.overlaps(e.start, e.start + 1):
            continue
        before = text[max(0, e.start - 30) : e.start]
        trig = _pattern("trigger").search(before)
        # «1. Công tác chỉ đạo: Ban Chỉ đạo đã ...»: the noun of a heading, not a directive
        by_trigger = trig is not None and not _TRIGGER_NOUN.search(before, 0, trig.start())
        at_item = _ITEM.search(text[max(0, e.start - 12) : e.start]) is not None
        if not (by_trigger or at_item or _AFTER_SEMICOLON.search(before)):
            continue  # none of the ways below makes it a lead: its task verb is not looked for
        run_end, n = e.end, k + 1  # fellow leads «Văn phòng KBNN và Cục Công nghệ thông tin tổng kết ...»
        while n < len(ents) and ents[n].label == "AGENCY" and _AND_GAP.fullmatch(text[run_end : ents[n].start]):
            run_end, n = ents[n].end, n + 1
        task_verb = _pattern("task_verb").match(text[run_end : run_end + 40]) is not None
        by_item = at_item and task_verb
        if not (by_trigger or by_item) and task_verb and _AFTER_SEMICOLON.search(before):
            # «3. Ban X chủ trì ...; Đảng ủy Y lãnh đạo ...»: a second lead after a semicolon of a list item
            ln = bisect.bisect_left(lines, e.start)
            by_item = _ITEM_LINE.match(text, lines[ln - 1] + 1 if ln else 0) is not None
        if not (by_trigger or by_item) and at_item and listed.overlaps(e.start, e.start + 1):
            # an item of a conclusion's or a request's list: a task whatever the verb, not a proposal or a result
            w = _FIRST_WORD.match(text, run_end, run_end + 40)
            by_item = w is not None and w.group(1)[0].islower() and not not_task.match(text, w.start(1))
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
        while j < len(inside) and inside[j].label == "AGENCY" and _AND_WITH_GAP.fullmatch(text[pos : inside[j].start]):
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
                    gap_ok = coop_from == x.start or _AND_GAP.fullmatch(text[last_end : x.start]) is not None
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
                dm = _pattern("deadline").search(text[max(task_start, x.start - 30) : x.start])
                if dm:
                    deadline = _deadline(x, _BEFORE_WORDS.search(dm.group(0)) is not None)
                    cut = min(cut, max(task_start, x.start - 30) + dm.start())
                    break
        task = text[task_start:cut].strip(" ,;:-–\n")
        task = _DONE_END.sub("", task).strip(" ,;")
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
