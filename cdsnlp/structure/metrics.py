"""Metrics with what they count or measure and the period they refer to."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from ..resources import load_json
from ..types import Entity
from .records import Metric
from .spans import bounds_of
from .spans import sentence_bounds as _sentence_bounds

# words that end the noun phrase after a number
_STOP = {
    "là", "của", "được", "đã", "đang", "sẽ", "và", "với", "trong", "tại", "so", "đạt", "trên", "cho", "từ", "đến", "tới", "theo",
    "thuộc", "có", "chiếm", "bằng", "gồm", "này", "đó", "khi", "nhưng", "hoặc", "về", "vào", "ra", "để", "như", "các", "những",
    # a verb or preposition after the noun phrase («cơ quan đại diện ở nước ngoài», «6 đơn vị còn lại phải ...»)
    "ở", "giữa", "phải", "cần", "bị", "mỗi", "dưới", "tham", "còn", "tăng", "giảm", "triển", "thực", "hoàn", "bỏ",
    "trước", "chưa", "không", "mới", "vẫn", "đều", "cũng", "sau", "cùng",
}
@cache
def _subject_words() -> dict:
    return load_json("metric_subjects.json")


@cache
def _word_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """measure_units, empty_subjects and digital_before as sets (asked for each metric)."""
    words = _subject_words()
    return frozenset(words["measure_units"]), frozenset(words["empty_subjects"]), frozenset(words["digital_before"])


_MONEY = re.compile(r"(?i)đồng|usd|vnd|euro")
_WORD = re.compile(r"[^\W\d_]+")
_SUBJECT_WORD = re.compile(r"[^\S\n]+([^\W\d_]+)")
_NEXT_NOUN = re.compile(r",[^\S\n]*([^\W\d_]+)(?=[^\S\n]*(?:,|và\b|[.;:)]|$))")  # «21 sở, ngành»
_SUBJECT_TOKEN = re.compile(r"[^\W\d_]+,?|[A-ZĐ]{2,}")
_ANY_LETTER = re.compile(r"[^\W\d_]")
_OPEN_PAREN = re.compile(r"\s*\(")
_WHOSE = re.compile(r"\s+(?:của|tại|ở)\s+")
_COMMA_GAP = re.compile(r"[\s,]*")
# A clause is looked for at most this far on each side of a metric: a text
# without a full stop, semicolon or line break (a table flattened into one
# line, «1 - 1 - 1 ...») would otherwise make every metric scan the whole
# text, quadratic in its length. Real clauses are far shorter.
CLAUSE_WINDOW = 400
# The same for a sentence (dates and figures are looked up in it), and the
# number of list lines read back to a list's lead line.
SENTENCE_WINDOW = 1000
_LIST_LINES = 300
_RATE_WINDOW = 160  # «Tỷ lệ <up to 7 words> đạt» before a metric
_SUBJECT_WORDS = 8  # a noun phrase after a number: long enough for «cơ sở dữ liệu chuyên ngành», «tổ công nghệ số cộng đồng»


class _Tail:
    """A pattern anchored at the end (``$``) with the words it can end with: a text that
    does not end with one of them (before white space) is not searched. Read before
    every figure, most texts end otherwise, and a failed search costs one try per position."""

    __slots__ = ("last", "pattern")

    def __init__(self, pattern: str, last: tuple[str, ...]) -> None:
        self.pattern, self.last = re.compile(pattern), last

    def search(self, text: str) -> re.Match[str] | None:
        if not text.rstrip()[-12:].lower().endswith(self.last):
            return None
        return self.pattern.search(text)


# «tăng 10%», «giảm gần 3 điểm», «cao hơn 5%», «thấp hơn», «vượt»: the metric is a change
# (here and below, a look-ahead for the words' first letters only makes the search faster:
# most positions fail there at once)
_CHANGE = _Tail(r"(?i)(?=[tgcnív])(?<![^\W_])(tăng|giảm|cao hơn|thấp hơn|nhiều hơn|ít hơn|vượt|tăng thêm|giảm thêm|gấp)"
                r"(?:[^\S\n]+(?:gần|hơn|khoảng|thêm|được|lên|xuống|còn|tới|đến|trên|chỉ))*[^\S\n]*$",
                ("tăng", "giảm", "hơn", "vượt", "thêm", "gấp", "gần", "khoảng", "được", "lên", "xuống", "còn", "tới", "đến", "trên", "chỉ"))
_UP = {"tăng", "cao hơn", "nhiều hơn", "vượt", "tăng thêm", "gấp"}
# «so với (cùng kỳ) năm 2023»: the date after it is the comparison's baseline
_SHARE = _Tail(r"(?i)(?=[c])(?<![^\W_])chiếm(?:\s+(?:khoảng|gần|hơn|trên))?\s*$", ("chiếm", "khoảng", "gần", "hơn", "trên"))
_TARGET_ONLY = _Tail(r"(?i)(?:,|^)\s*(?:phấn đấu|đóng góp|đạt)(?:\s+(?:đạt|khoảng|gần|hơn|trên))*\s*$",
                     ("đấu", "góp", "đạt", "khoảng", "gần", "hơn", "trên"))
_DEADLINE_BEFORE = re.compile(r"(?i)(?=[tc])(?<![^\W_])(?:trước|chậm nhất)\s*(?:ngày|tháng|quý|năm)?\s*$")
_BASELINE_BEFORE = re.compile(r"(?i)(?=[s])(?<![^\W_])so\s+với(?:\s+(?:cùng\s+kỳ|thời\s+điểm|mức|kế\s+hoạch|đầu|dự\s+toán|năm\s+trước))?\s*$")


def _subject_after(text: str, end: int, limit: int) -> str | None:
    words: list[str] = []
    pos = end
    while len(words) < _SUBJECT_WORDS:
        m = _SUBJECT_WORD.match(text, pos, limit)
        if not m:
            break
        w = m.group(1)
        # lower-case words; an acronym after the first word («sản phẩm OCOP», «kết quả giải quyết TTHC»)
        if w.lower() in _STOP or not (w.islower() or (words and w.isupper() and len(w) >= 2)):
            break
        words.append(w)
        pos = m.end()
    # one-word nouns in a row: «21 sở, ngành và 22 quận, huyện»
    while len(words) == 1 or (words and words[-1].endswith(",")):
        c = _NEXT_NOUN.match(text, pos, limit)
        if not c or not c.group(1).islower() or c.group(1) in _STOP:
            break
        words[-1] += ","
        words.append(c.group(1))
        pos = c.end()
    return " ".join(words).rstrip(",") or None


_RATE_CUE = re.compile(r"(?i)(?=[ts])(?<![^\W_])(?:tỷ lệ|tổng số|số lượng|số)\s+(?=[^\W\d_])")
_TARGET_CUE = re.compile(r"(?i)(?=[mcp])(?<![^\W_])(?:mục tiêu|chỉ tiêu|phấn đấu)\s*")
# the verb (with its adverbs) between a subject and its figure: «... (chỉ) đạt», «... được bố trí», «Số lượt truy cập:»
# (it starts with a space or the first letter of an adverb, of a verb, or a colon)
_VERB_END = re.compile(r"(?i)(?=[\scđmưsvlởtgb:])\s*(?:(?:chỉ|đã|mới|ước|cũng|sẽ|được|đều|vẫn)\s+)*"
                       r"(?:đạt|là|chiếm|ở mức|lên tới|lên|tăng|giảm|bố trí|đóng góp|:)"
                       r"(?:\s+(?:khoảng|gần|hơn|trên|tới|mức|thêm))*\s*$")
# the words _VERB_END can end with (before white space): a phrase ending otherwise cannot match
# it, and is not searched (keep the two in step)
_VERB_LAST = ("đạt", "là", "chiếm", "mức", "tới", "lên", "tăng", "giảm", "trí", "góp", ":", "khoảng", "gần", "hơn", "trên", "thêm")
_APPROX_WORDS = ("lên tới", "khoảng", "gần", "hơn", "trên", "tới")  # a word before its suffix («tới»)
_APPROX_END = re.compile(r"(?i)\s*(?:khoảng|gần|hơn|trên|tới|lên tới)?\s*$")
# words that end a subject read backwards: a date or whose it is («năm 2023», «của tỉnh»)
_SUBJECT_CUT = {"của", "tại", "ở", "trong", "năm", "tháng", "quý", "đến", "từ", "vào", "theo"}


# a list item's label before a colon, the figure right after it
_LABEL = re.compile(r"(?:^|\n|\|)[^\S\n]*(?:[a-zđ]\)|\d{1,2}[.)]|[-–•+])?[^\S\n]*([^\W\d_][^:\n]{1,80}?)[^\S\n]*:[^\S\n]*$")


_TAIL = 80  # the verb and adverbs before a figure («đã được bố trí khoảng») are far shorter
# what is read before a figure for its subject: a label, a rate cue and the
# phrase after it are far shorter (at most 12 words are a subject)
_BEFORE_WINDOW = 300


def _tail_start(pattern: re.Pattern[str], seg: str) -> int | None:
    """Where ``pattern`` (anchored at the end by ``$``) first matches in ``seg``,
    looked for in its last :data:`_TAIL` characters only: searched over the
    whole segment, the pattern is tried at every position of it."""
    k = max(0, len(seg) - _TAIL)
    m = pattern.search(seg, k)
    if m is None:
        return None
    start = m.start()
    if start == k:  # the match may begin further back in white space
        while start > 0 and seg[start - 1].isspace():
            start -= 1
    return start


def _verb_start(phrase: str) -> int | None:
    """:func:`_tail_start` of :data:`_VERB_END`, not searched when the phrase cannot end with it."""
    if not phrase.rstrip()[-12:].lower().endswith(_VERB_LAST):
        return None
    return _tail_start(_VERB_END, phrase)


def _approx_start(phrase: str) -> int | None:
    """:func:`_tail_start` of :data:`_APPROX_END` read from the end: where the white space
    before a last approximating word («khoảng», «lên tới») begins, else the trailing white space."""
    body = phrase.rstrip()
    low = body[-8:].lower()
    word = next((w for w in _APPROX_WORDS if low.endswith(w)), "")
    i = len(body) - len(word)
    while i > 0 and phrase[i - 1].isspace():
        i -= 1
    if i < len(phrase) - _TAIL:  # the match begins before the window searched: as the search finds it
        return _tail_start(_APPROX_END, phrase)
    return i


def _label_end(seg: str) -> bool:
    """Whether ``seg`` ends with a colon and white space on its line, as :data:`_LABEL` needs
    (``$`` also matches before a last line break)."""
    i = len(seg) - 1 - seg.endswith("\n")
    while i >= 0 and seg[i] != "\n" and seg[i].isspace():
        i -= 1
    return i >= 0 and seg[i] == ":"


def _phrase_start(seg: str) -> int:
    """Where the phrase before a figure starts (the index of the mark before it, -1 for all of ``seg``).
    A comma joins two noun phrases of one subject («chi cho ứng dụng công nghệ thông tin, chuyển đổi số
    được bố trí»), unless what is before it is not a noun phrase: a capitalised opener («Trong đó,»,
    «Theo ông A,»), a date or a figure («Năm 2024,»), or a phrase opened by a function word («sau khi ...,»)."""
    cut = max(seg.rfind(c) for c in ",:;“\"(")
    while cut > 0 and seg[cut] == ",":
        prev = max(seg.rfind(c, 0, cut) for c in ",:;“\"(")
        words = seg[prev + 1 : cut].split()
        if not words or not all(_WORD.fullmatch(w) and w.islower() for w in words) or words[0] in _STOP:
            break
        cut = prev
    return cut


def _subject_before(text: str, c0: int, start: int, money: bool) -> str | None:
    """What a figure counts, read before it: «tỷ lệ X (năm 2023) đạt 45%» X; «doanh thu X của tỉnh đạt
    1.250 tỷ đồng» doanh thu X; «thiệt hại khoảng 3,9 tỷ đồng» thiệt hại; «phấn đấu đạt 25%» none."""
    seg = text[max(c0, start - _BEFORE_WINDOW) : start]
    if not _ANY_LETTER.search(seg):  # a subject is made of words: none without a letter («1 - 1 - 1 ...»)
        return None
    label = _LABEL.search(seg) if _label_end(seg) else None
    if label:  # «a) Hạ tầng và nền tảng dùng chung: 142,3 tỷ đồng», «Số lượt truy cập: 2350»
        words = _OPEN_PAREN.split(label.group(1))[0].split()
        if words and words[0].lower() in ("số", "tổng", "tỷ"):
            words = words[2:] if words[0].lower() in ("tổng", "tỷ") else words[1:]
        if 0 < len(words) <= 9:
            return (" ".join(words)[:1].lower() + " ".join(words)[1:]) if not words[0].isupper() else " ".join(words)
    # «số» opens a rate only at the start of a phrase («Số lượt truy cập:»), not in «kinh tế số»
    digital = _word_sets()[2]
    low = seg.lower()
    cues = [c for c in _RATE_CUE.finditer(seg)
            if not c.group(0).lower().startswith("số ") or not seg[: c.start()].split() or seg[: c.start()].split()[-1].lower() not in digital
            ] if "số" in low or "tỷ lệ" in low else []  # every cue holds one of the two
    cue = cues[-1] if cues else None
    if cue is not None:
        phrase = seg[cue.end():]
    else:
        cut = _phrase_start(seg)
        phrase = seg[cut + 1 :] if cut >= 0 else seg
        low = phrase.lower()
        if "tiêu" in low or "phấn đấu" in low:  # in every target cue
            targets = list(_TARGET_CUE.finditer(phrase))
            if targets:
                phrase = phrase[targets[-1].end():]
    verb = _verb_start(phrase)
    if verb is not None:
        phrase = phrase[:verb]
    elif money or cue is not None:
        phrase = phrase[: _approx_start(phrase)]
    else:
        return None
    words: list[str] = []
    for w in phrase.split():
        if any(map(str.isdigit, w)) or w.lower() in _SUBJECT_CUT:
            break
        words.append(w)
    if cue is None and verb is None:
        words = words[-4:]  # «... tổng số tiền thanh toán khoảng»: the noun right before the amount
    if not words or len(words) > 12 or not all(_SUBJECT_TOKEN.fullmatch(w) for w in words):
        return None
    if any(w[:1].isupper() and not w.isupper() for w in words[1:]):  # a name inside: a clause, not what is counted
        return None
    subject = " ".join(words).rstrip(",")
    return subject[:1].lower() + subject[1:] if not words[0].isupper() else subject


def _date_value(d: Entity) -> dict[str, Any]:
    return {"text": d.text, **dict(d.value)}



def link_metrics(text: str, entities: Sequence[Entity]) -> list[Metric]:
    """Metrics with subject, period, and for a change its direction and baseline.

    «Năm 2024, tỷ lệ ... đạt 45%, tăng 10% so với năm 2023»: the 10% is a change
    (``change="up"``), its ``baseline`` is 2023 and its ``period`` 2024 (a date after
    «so với» is never a period)."""
    out = []
    dates = [d for d in entities if d.label == "DATE"]
    baselines = {id(d) for d in dates if _BASELINE_BEFORE.search(text[max(0, d.start - 30) : d.start])}
    doc_ends = sorted(x.end for x in entities if x.label == "LEGAL_DOC")
    doc_dates = {id(d) for d in dates if any(_COMMA_GAP.fullmatch(text[x : d.start]) for x in _ends_before(doc_ends, d.start, 0, 8))} if doc_ends else set()
    # a date in a cited document's title («Nghị quyết số 09-NQ/TU ... về chuyển đổi số đến năm 2025») is the document's
    if doc_ends:
        doc_dates |= {id(d) for d in dates if any(_TITLE.fullmatch(text[x : d.start]) for x in _ends_before(doc_ends, d.start, 1, 160))}
    # a duration, a time or a deadline («trước tháng 12») is never a period; read once per date,
    # not once per figure of its sentence
    timeless = {id(d) for d in dates if d.value.get("granularity") in ("duration", "time")
                or _DEADLINE_BEFORE.search(text[max(0, d.start - 12) : d.start])}
    # not a baseline, a cited document's date («Quyết định số 06/QĐ-TTg ngày 6/1/2022») or a deadline
    can_be_period = {id(d) for d in dates if id(d) not in baselines and id(d) not in doc_dates and id(d) not in timeless}
    measure_units, empty_subjects, _ = _word_sets()
    date_starts = [d.start for d in dates]
    # figures that can stand between a metric and a date after it (an index names, it does not count)
    metric_starts = sorted(x.start for x in entities if x.label == "METRIC" and x.value.get("kind") != "index")
    spans = [(x.start, x.end) for x in entities if x.label == "METRIC"]
    # each metric's sentence and clause, found in one call each (the metrics' order is ``out``'s)
    sentences, clauses = bounds_of(text, spans), bounds_of(text, spans, semicolons=True)
    for k, e in enumerate(entities):
        if e.label != "METRIC":
            continue
        v = e.value
        nxt_start = entities[k + 1].start if k + 1 < len(entities) else len(text)
        subject: str | None = None
        here = sentences[len(out)]
        c0, c1 = clauses[len(out)]
        c0, c1 = max(c0, e.start - CLAUSE_WINDOW), min(c1, e.end + CLAUSE_WINDOW)  # see CLAUSE_WINDOW
        if v.get("kind") in ("count", "ratio", "percent", "range", "money"):
            unit = v.get("unit")
            money = bool(unit and _MONEY.search(unit))
            measure = unit in measure_units
            subject = unit if unit and not measure and not money else _subject_after(text, e.end, nxt_start)
            if subject is None or money:
                subject = _subject_before(text, c0, e.start, money) or (subject if not money else None)
        elif v.get("kind") == "index":
            subject = v.get("index")
        if subject:  # «hồ sơ trực tuyến của tỉnh»: what is counted, not whose
            subject = _WHOSE.split(subject)[0]
        if subject and (subject in empty_subjects or subject.split()[-1] in ("này", "đó", "ấy")):
            subject = None
        # «gấp 2,1 lần», «tăng 3 bậc»: the word after the number is a measure, not what is counted
        measured = v.get("unit") in measure_units or (subject is not None and subject.split()[0] in measure_units)
        before = text[max(0, e.start - 40) : e.start]
        change_before = _CHANGE.search(before)
        if (subject is None or measured) and out and (change_before or _SHARE.search(before) or _TARGET_ONLY.search(before)):
            # «đạt 45%, tăng 10% ...», «là 2,17 triệu, chiếm 81,6%»: the figure before it in the sentence
            prev = None
            for j in range(len(out) - 1, -1, -1):  # only the figures of this sentence, nearest first
                p = out[j]
                if p.start < max(here[0], e.start - SENTENCE_WINDOW):
                    break
                if p.subject and sentences[j] == here:
                    prev = p
                    break
            if prev is not None:
                subject = prev.subject
        s0, s1 = max(here[0], e.start - SENTENCE_WINDOW), min(here[1], e.end + SENTENCE_WINDOW)  # see SENTENCE_WINDOW
        lo, hi = bisect.bisect_left(date_starts, s0), bisect.bisect_left(date_starts, s1)
        in_sentence = [d for d in dates[lo:hi] if d.end <= s1] if lo < hi else []
        period = _period(e, in_sentence, can_be_period, metric_starts, c0, c1) if in_sentence else None
        # the same window as ``before`` unless the sentence starts inside it
        m = change_before if s0 <= max(0, e.start - 40) else _CHANGE.search(text[max(s0, e.start - 40) : e.start])
        change = ("up" if m.group(1).lower() in _UP else "down") if m else None
        after = [d for d in in_sentence if id(d) in baselines and d.start >= e.end and c0 <= d.start <= c1] if change else []
        baseline = _date_value(after[0]) if after else None
        out.append(Metric(text=e.text, kind=v.get("kind"), value=v.get("value"), unit=v.get("unit"), subject=subject,
                          period=period, start=e.start, end=e.end, baseline=baseline, change=change))
    # a report's title gives the period of what it reports («Báo cáo ... về kết quả ... 6 tháng đầu năm 2024»);
    # another document's dates are the document's
    reports = sorted(x.end for x in entities if x.label == "LEGAL_DOC" and x.text.lower().startswith("báo cáo"))
    report_dates = {id(d) for d in dates if any(_TITLE.fullmatch(text[x : d.start]) for x in _ends_before(reports, d.start, 1, 160))} if reports else set()
    _carry_periods(text, out, [d for d in dates if id(d) not in baselines and (id(d) not in doc_dates or id(d) in report_dates)
                               and id(d) not in timeless], [s0 for s0, _ in sentences])
    return out


def _period(e: Entity, in_sentence: list[Entity], can_be_period: set[int], metric_starts: list[int], c0: int, c1: int) -> dict[str, Any] | None:
    """The period of metric ``e`` among the dates of its sentence: the clause's date; else one
    written before the metric in its sentence («Năm 2024, ..., tăng 10%»)."""
    periods = [d for d in in_sentence if id(d) in can_be_period]
    # a date after the figure is its own only when no other figure stands between them
    periods = [d for d in periods if d.start < e.start or bisect.bisect_left(metric_starts, e.end) == bisect.bisect_left(metric_starts, d.start)]
    pick = [d for d in periods if c0 <= d.start and d.end <= c1] or [d for d in periods if d.end <= e.start]
    return _date_value(min(pick, key=lambda d: abs(d.start - e.start))) if pick else None


_OPENERS = re.compile(r"[ \t\"“(]*")


def _last_visible_at(text: str, end: int) -> int:
    """The index of the last character before ``end`` that is not white space, or -1."""
    i = end - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i


def _last_visible(text: str, end: int) -> str:
    i = _last_visible_at(text, end)
    return text[i] if i >= 0 else ""


def _ends_before(ends: list[int], pos: int, near: int, far: int) -> list[int]:
    """The sorted ``ends`` that lie ``near`` to ``far`` characters before ``pos``."""
    return ends[bisect.bisect_left(ends, pos - far) : bisect.bisect_right(ends, pos - near)]


# the words between a document and a date of its title: «của <body> về <topic> đến», no clause mark
_TITLE = re.compile(r"(?is)[^,;.:\n]*?(?<![^\W_])(?:về|phê duyệt|ban hành)(?![^\W_])[^,;.:\n]*")
_ITEM = re.compile(r"[^\S\n]*(?:[a-zđ]\)|\d{1,2}[.)]|[-–•+])[^\S\n]+")
_PER_TIME = re.compile(r"/\s*(?:năm|tháng|quý|ngày)(?![^\W_])")
_PERIODS = ("month", "quarter", "half", "year", "range")  # a reporting period, not a day of an event


def _carry_periods(text: str, metrics: list[Metric], dates: Sequence[Entity], sentence_starts: Sequence[int]) -> None:
    """A figure with no date of its own that details what comes before takes that period: in a sentence
    opened by «Trong đó, Theo đó, Cụ thể ...», the period of the sentence before; in a list item, the
    period of the line leading into the list («Một số chỉ tiêu nổi bật:», itself read the same way
    from the sentence before). A sentence's period is its figures' period, else its first reporting
    period (a month or longer, not a baseline or deadline; the period in a report's title counts:
    «Báo cáo ... về kết quả chuyển đổi số 6 tháng đầu năm 2024»)."""
    continuations = tuple(_subject_words()["continuations"])
    longest = max(map(len, continuations), default=0)
    leads: dict[int, int | None] = {}  # a list item's line start -> the sentence leading into its list
    m_starts = [m.start for m in metrics]  # both in text order: a sentence's own are found by bisection
    d_starts = [d.start for d in dates]

    def anchor(s0: int) -> int | None:
        """The start of the sentence a sentence starting at s0 details, or None."""
        line0 = text.rfind("\n", 0, s0) + 1
        if _ITEM.match(text, line0):
            if line0 in leads:
                return leads[line0]
            k, lead = line0, None
            for _ in range(_LIST_LINES):  # back over the list's items and blank lines to the line that leads into it
                if k <= 0:
                    break
                k0 = text.rfind("\n", 0, k - 1) + 1
                if k0 in leads:  # an item above, already read back: the same list, the same lead
                    lead = leads[k0]
                    break
                line = text[k0 : k - 1]
                if line.strip() and not _ITEM.match(line):
                    lead = _sentence_bounds(text, max(k0, k - 2))[0]
                    break
                k = k0
            leads[line0] = lead
            return lead
        h0 = _OPENERS.match(text, s0).end()
        head = text[h0 : h0 + longest + 1].lower()  # never the whole rest of the text: this runs once per sentence
        # a continuation word opens it (most sentences start with none: one startswith for all), or it leads in with a colon
        if (head.startswith(continuations) and any(head.startswith(w) and not head[len(w) : len(w) + 1].isalpha() for w in continuations)) \
                or _last_visible(text, _sentence_bounds(text, s0)[1]) == ":":
            prev = _last_visible_at(text, s0)
            return _sentence_bounds(text, prev)[0] if prev >= 0 else None
        return None

    def period_of(s0: int, depth: int) -> dict[str, Any] | None:
        s1 = min(_sentence_bounds(text, s0)[1], s0 + SENTENCE_WINDOW)
        own = next((m.period for m in metrics[bisect.bisect_left(m_starts, s0) : bisect.bisect_left(m_starts, s1)] if m.period), None)
        if own:
            return own
        here = [d for d in dates[bisect.bisect_left(d_starts, s0) : bisect.bisect_left(d_starts, s1)] if d.end <= s1]
        # a reporting period first («từ ngày 6 đến ngày 8/12/2023, ... dự toán ... năm 2024»), else a day («đến ngày 31/12/2025»)
        d = next((d for d in here if d.value.get("granularity") in _PERIODS), here[0] if here else None)
        if d is not None:
            return _date_value(d)
        a = anchor(s0) if depth < 4 else None
        return period_of(a, depth + 1) if a is not None and a < s0 else None

    anchors: dict[int, int | None] = {}  # a sentence's anchor, read once for all its figures
    for i, m in enumerate(metrics):
        # a rate per time unit («3,8 tỷ đồng/năm») is not a figure of the period before it
        if m.period is None and not _PER_TIME.search(text[m.start : m.end + 8]):
            s0 = sentence_starts[i]
            if s0 not in anchors:
                anchors[s0] = anchor(s0)
            a = anchors[s0]
            if a is not None and a < s0:
                m.period = period_of(a, 1)  # read by period_of for the figures after it, as before
