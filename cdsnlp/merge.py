"""Merging rule and tagger entities into one consistent list.

Policy (measured on the validation split, see models/README.md):

1. Rule entities (LEGAL_DOC, DATE, METRIC) are kept: the rules are precise
   and carry values.
2. Tagger entities of OFFICIAL, ROLE and AGENCY are added where they do not
   overlap a rule entity. Where a tagger AGENCY fully contains rule entities
   (a number or a document inside a name: "Văn phòng 1719", "Bộ Tư lệnh 86",
   "Tổ công tác triển khai Đề án 06"), the tagger span wins.
3. Tagger entities of LEGAL_DOC, DATE and METRIC fill gaps the rules left,
   when ``tagger_fills_rule_labels`` is on; their values come from the rules
   run on the span alone.
4. Nothing is kept inside a protected zone (URL, e-mail, phone, address,
   file name), and spans are trimmed of edge whitespace and punctuation.
5. Tagger spans are repaired where the tagger runs past a boundary:
   a name stops where page extraction glued two words ("Minh TâmTags"); an
   AGENCY that ends in a person's name after a capitalised word is split
   into AGENCY + OFFICIAL ("Hội đồng quản trị Bkav Nguyễn Tử Quảng"; not
   after a place word: "huyện Trần Văn Thời"); a field abbreviation alone
   ("CNTT", "KH&CN") is not an AGENCY.
6. AGENCY names stop where the guideline stops them and go on where it
   joins them (``repair_agencies``, word lists in
   ``resources/agency_boundaries.json``): a name never runs on over a word
   that opens a predicate ("BCĐ Sở đã thống nhất") or a lower-case verb right
   after "Sở" ("Sở ban hành ..."); "Chính phủ số" alone is a goal, not the
   Government; a bare type word is dropped; a unit name goes on over a dash or
   "và" into a capitalised part nobody tagged ("Phòng Hành chính - Tổng
   hợp"); a helper group named after whom it helps is one name ("Tổ giúp việc
   Chủ tịch UBND tỉnh"); a body counted right after a number is a kind of
   body, not one ("63/63 Sở Y tế").
7. Known names the tagger left untagged are filled in
   (``fill_known_agencies``): abbreviation variants generated from
   ``resources/agency_abbreviations.json`` ("Sở GD-ĐT", "VKSND tỉnh") and the
   outlets, enterprises, Party bodies, courts and international bodies of
   ``resources/named_bodies.json``, written with their exact case.
8. Bylines and photo credits in initials («T.Lâm», «Ph.Thảo», «Đ.T.H») between
   byline separators (line ends, "|", dashes, "Ảnh:", brackets) are OFFICIAL
   (``fill_initials``): every such token of the train split is one.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from collections.abc import Sequence
from functools import cache

from .honorifics import after_honorifics
from .resources import agency_variants, load_json, load_lines, named_bodies
from .rules import Candidate
from .rules.base import NOT_WORD_AFTER, finditer_words, match_word, word_alt, word_trie
from .tagger.gazetteer import surnames
from .textnorm import strip_end
from .tokenizer import ends_with_abbreviation

NAME_LABELS = frozenset({"OFFICIAL", "ROLE", "AGENCY"})
_EDGE = " \t\n,;:()[]{}\"“”'‘’«»…-–"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace and stray punctuation at its edges."""
    while start < end and text[start] in _EDGE:
        start += 1
    # the abbreviation test needs only the span's last word: it is given the
    # last 64 characters, not the whole span again at every trimmed character
    while end > start and (text[end - 1] in _EDGE or (text[end - 1] == "." and not ends_with_abbreviation(text[max(start, end - 64) : end]))):
        end -= 1
    return start, end


def _glued_cut(text: str, start: int, end: int) -> int:
    """End of the span at the first place two words were glued together
    ("TâmTags": a lower-case letter directly followed by an upper-case one)."""
    for i in range(start + 2, end - 1):
        if text[i].isupper() and text[i - 1].islower() and text[i - 2].islower() and text[i + 1].islower():
            return i
    return end


@cache
def _common_syllables() -> frozenset[str]:
    return frozenset(load_lines("common_syllables.txt"))


@cache
def _place_words() -> frozenset[str]:
    return frozenset(load_lines("place_words.txt"))


@cache
def _places_named_after_people() -> frozenset[str]:
    return frozenset(load_lines("places_named_after_people.txt"))


def _person_after_place(run: Sequence[tuple[int, str]]) -> bool:
    """«huyện Đỗ Văn Minh»: a surname, the middle name «Văn» or «Thị» and one or two
    more words after a place word make a person, not a place (unless a known
    place is named so, «huyện Trần Văn Thời»)."""
    ws = [w.rstrip(",.;:") for _, w in run]
    return (3 <= len(ws) <= 4 and ws[0] in surnames() and ws[1] in ("Văn", "Thị")
            and " ".join(ws[:3]) not in _places_named_after_people() and " ".join(ws) not in _places_named_after_people())


_NAMED_AFTER_PEOPLE = ("Trường", "Bệnh viện", "Học viện", "Đại học", "Nhà", "Quỹ", "Giải", "Đoàn", "Cung", "Bảo tàng", "Thư viện")


def _person_tail(text: str, start: int, end: int) -> int | None:
    """Start of a person's name that ends an AGENCY span, or None.

    The trailing run of capitalised words must not follow a place word
    ("huyện Trần Văn Thời" is a place), and the name (surname + 1-3 words)
    must follow a mixed-case word of that run ("Bkav Nguyễn Tử Quảng"), so
    names of bodies named after people ("Trường Đại học Tôn Đức Thắng",
    "Trường THPT Nguyễn Trãi") stay whole."""
    words = [(m.start() + start, m.group()) for m in re.finditer(r"\S+", text[start:end])]
    run = len(words)
    while run > 0 and words[run - 1][1][:1].isupper():
        run -= 1
    if run == 0 or len(words) - run < 3:
        return None
    before_run = words[run - 1][1].lower()
    two_before = " ".join(w for _, w in words[max(0, run - 2) : run]).lower()
    if before_run in _place_words() or two_before in _place_words():
        return words[run][0] if _person_after_place(words[run:]) else None
    # "Sở Y tế Trầm Quốc Khang": a name right after the lower-case end of a body's
    # name; bodies named after people keep it ("Bệnh viện Đa khoa Lê Văn Thịnh")
    if (words[run][1] in surnames() and 3 <= len(words) - run <= 4 and before_run.islower()
            and not text[start:end].startswith(_NAMED_AFTER_PEOPLE)):
        return words[run][0]
    for k in range(run + 1, len(words) - 1):
        prev = words[k - 1][1]
        if words[k][1] in surnames() and 2 <= len(words) - k <= 4 and not prev.isupper() and prev[:1].isupper() and prev not in surnames():
            return words[k][0]
    return None


@cache
def _agency_head_words() -> frozenset[str]:
    return frozenset(line.split()[0].casefold() for line in load_lines("agency_types.txt") if line.strip())


def _crosses_lines_wrongly(text: str, s: int, e: int, label: str) -> bool:
    """A tagger span over a line break that is not a name broken over lines.

    Only an AGENCY that starts with a word heading organisation names may go on
    over a line break (a letterhead «ỦY BAN NHÂN DÂN\nTỈNH ...», a name wrapped
    in a PDF); anything else over lines joins separate blocks (a menu's
    «ME\nMP3\nNEWS»)."""
    if "\n" not in text[s:e]:
        return False
    first = text[s:e].split(None, 1)[0].casefold() if text[s:e].strip() else ""
    return label != "AGENCY" or first not in _agency_head_words()


_PLACE_DATE_AFTER = re.compile(r",[^\S\n]*(?:ngày|Ngày)[^\S\n]+\d")
_HYPHEN_TAIL = re.compile(r"-[^\W\d_A-ZĐ]{1,12}(?![^\W_]|-)")
_PLURAL_BEFORE = re.compile(r"(?<![^\W_])(?:[Cc]ác|[Nn]hững|CÁC)[^\S\n]+$")


def _names_follow(text: str, end: int, official_starts: list[int]) -> bool:
    """Whether a person is named after a plural title in its clause ("các Phó Chủ tịch: A, B"):
    the title then stands for those holders. ``official_starts``: the sorted starts of the
    OFFICIAL spans (looked up by bisection, not scanned per title)."""
    stop = end + 80
    for ch in ".;\n":
        i = text.find(ch, end, stop)
        if i != -1:
            stop = i
    k = bisect.bisect_left(official_starts, end)
    return k < len(official_starts) and official_starts[k] < stop


def repair_tagger_spans(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Boundary repairs of tagger spans (policy point 5)."""
    fields = frozenset(load_lines("field_abbreviations.txt"))
    official_starts = sorted(s for s, _, label in spans if label == "OFFICIAL")
    out: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        if _crosses_lines_wrongly(text, s, e, label):
            continue
        if label in ("OFFICIAL", "ROLE"):
            e = _glued_cut(text, s, e)
        if label == "OFFICIAL":
            s = after_honorifics(text, s, e)  # «Ông Hùng» at a sentence's start: the name only (guideline)
        if label == "OFFICIAL" and (s == 0 or text[s - 1] == "\n") and _PLACE_DATE_AFTER.match(text, e):
            continue  # "Trần Văn Thời, ngày 17 tháng 4 năm 2024": the place of a place-and-date line
        if label == "OFFICIAL":
            hy = _HYPHEN_TAIL.match(text, e)
            if hy and hy.group()[1:] not in _common_syllables():
                e = hy.end()  # "Kim Soo-jin": a hyphenated foreign given name stays whole
        if label == "ROLE" and _PLURAL_BEFORE.search(text, max(0, s - 8), s) and not _names_follow(text, e, official_starts):
            continue  # "các Phó Chủ tịch UBND tỉnh;", "Các Thứ trưởng": plural, no holder named (guideline)
        if label == "AGENCY":
            if text[s:e].strip() in fields:
                continue
            name_start = _person_tail(text, s, e)
            if name_start is not None:
                out.append((s, strip_end(text, name_start), "AGENCY"))
                out.append((name_start, e, "OFFICIAL"))
                continue
        if e > s:
            out.append((s, e, label))
    return out


@cache
def _bounds() -> dict:
    return load_json("agency_boundaries.json")


@cache
def _place_first_words() -> frozenset[str]:
    return frozenset(w.split()[0] for w in _place_words())


@cache
def _head_phrases() -> tuple[str, ...]:
    """Agency type words and titles, longest first: a part after a dash or
    "và" that starts with one of them is another body or a person's title."""
    words = {*load_lines("agency_types.txt"), *load_lines("titles.txt"), *_bounds()["not_continuation"]}
    return tuple(sorted(words, key=len, reverse=True))


@cache
def _head_re() -> re.Pattern[str]:
    return re.compile(word_alt(_head_phrases(), case_first=False) + NOT_WORD_AFTER)


_WORD_START = re.compile(r"(?<!\S)\S")
_WORD = re.compile(r"[^\s,;:()\[\]\"“”«»]+")
_JOIN = re.compile(r"[^\S\n]?[-–][^\S\n]?|[^\S\n]+và[^\S\n]+")
_LETTERS = re.compile(r"[^\W_]+")
_NEXT_WORD = re.compile(r"[^\S\n]([^\W\d_]+)")
_NEXT_TOKEN = re.compile(r"[^\S\n]+[^\s,;:()]+")


@cache
def _cut_words() -> tuple[frozenset[str], dict[str, list[str]], re.Pattern[str]]:
    b = _bounds()
    after_head: dict[str, list[str]] = b["lowercase_after_head"]
    words = [*b["predicate_words"], *after_head]
    # a quick test: most spans hold none of these words and need no closer look
    quick = re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in words) + r")(?![^\W_])")
    return frozenset(b["predicate_words"]), after_head, quick


def _cut_agency(text: str, s: int, e: int) -> int:
    """End of an AGENCY [s, e) cut before a predicate that it ran into."""
    predicate, after_head, quick = _cut_words()
    if not quick.search(text, s, e):
        return e
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, s, e)]
    for i, (_, we, w) in enumerate(words):
        if i > 0 and w in predicate:
            return words[i - 1][1]
        if w in after_head and i + 1 < len(words):
            nxt = words[i + 1][2]
            if nxt[:1].islower() and nxt not in after_head[w] and nxt not in _place_first_words():
                return we
    return e


def _is_upper_initial(word: str) -> bool:
    return word[:1].isupper() and not (word.isupper() and len(word) > 1)


def _continuation(text: str, e: int, limit: int) -> int | None:
    """End of a capitalised part joined to a unit name at ``e`` by a dash or
    "và" ("- Tổng hợp", "và Chuyên ngành"), or None. The part is one to three
    capitalised syllables, each with at most one lower-case syllable after it;
    it must not start another body, a title, a place or a person's name."""
    m = _JOIN.match(text, e, limit)
    if not m:
        return None
    start = m.end()
    rest = text[start:limit]
    if not rest[:1].isupper() or _head_re().match(text, start):
        return None
    line_end = text.find("\n", start, limit)
    words = [(x.start(), x.end(), x.group()) for x in _LETTERS.finditer(text, start, limit if line_end < 0 else line_end)]
    # two-syllable words: a capitalised syllable pairs with the lower-case one
    # after it ("Tổng hợp") or with the capitalised one before it ("Việt Nam")
    end, i, caps, open_pair = None, 0, 0, False
    while i < len(words) and caps < 3 and _is_upper_initial(words[i][2]):
        if i > 0 and text[words[i - 1][1] : words[i][0]] != " ":
            break
        end, caps = words[i][1], caps + 1
        closes_pair, open_pair = open_pair, not open_pair
        if not closes_pair and i + 1 < len(words) and words[i + 1][2][:1].islower() and text[words[i][1] : words[i + 1][0]] == " ":
            open_pair = False
            if words[i + 1][2] in _bounds()["predicate_words"]:
                break
            end = words[i + 1][1]
            i += 1
        i += 1
    if end is None:
        return None
    first = words[0][2]
    if first in surnames() and caps >= 2:
        return None  # "- Nguyễn Văn An": a byline or a person
    part = text[start:end]
    tail = text[end : end + 6].lstrip(" ")
    if tail[:1].isdigit():
        return None  # "Sở TT&TT - Số 8 ...": an address
    if part in load_lines("provinces.txt") or part.split()[0] in {p.split()[0] for p in load_lines("provinces.txt")}:
        return None
    return end


@cache
def _helper_re() -> re.Pattern[str]:
    heads = sorted(_bounds()["helper_heads"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(h) for h in heads) + r")[^\S\n]+")


def _helper_joins(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A helper group named after whom it helps is one AGENCY: "Tổ giúp việc"
    + [ROLE] + AGENCY ("Tổ giúp việc Chủ tịch UBND tỉnh").

    ``spans`` are sorted; the spans around each head are found by bisection
    (a scan of all of them per head was quadratic on long documents)."""
    out = list(spans)

    def index(spans: list[tuple[int, int, str]]) -> tuple[list[int], list[int]]:
        starts = [x[0] for x in spans]
        reach = list(itertools.accumulate((x[1] for x in spans), max))  # the furthest end of the spans up to k
        return starts, reach

    starts, reach = index(out)
    for m in _helper_re().finditer(text):
        q, r = m.start(), m.end()
        if q > 0 and text[q - 1].isalnum():
            continue
        before = bisect.bisect_left(starts, q)  # spans [0, before) start before q
        if before and reach[before - 1] > q:  # a span runs across the head's start
            continue
        k = bisect.bisect_left(starts, r, before)  # the first span starting at or after r
        if k == len(out):
            continue
        inside = [j for j in range(before, bisect.bisect_right(starts, r, before)) if out[j][1] <= r]
        chain = []
        if out[k][2] == "ROLE" and out[k][0] == r and k + 1 < len(out) and out[k + 1][2] == "AGENCY" and text[out[k][1] : out[k + 1][0]] == " ":
            chain = [k, k + 1]
        elif out[k][2] == "AGENCY" and out[k][0] == r:
            chain = [k]
        if not chain:
            continue
        joined = (q, out[chain[-1]][1], "AGENCY")
        drop = set(inside) | set(chain)
        out = sorted([x for j, x in enumerate(out) if j not in drop] + [joined])
        starts, reach = index(out)
    return out


@cache
def _concept_re(concept: str) -> re.Pattern[str]:
    words = _bounds()["concepts"][concept]
    return re.compile(r"[^\S\n]+(?:" + "|".join(re.escape(x) for x in words) + r")(?![^\W_])")


@cache
def _level_re() -> re.Pattern[str]:
    words = sorted(_place_words(), key=len, reverse=True)
    return re.compile(r"[^\S\n]+(?:" + "|".join(re.escape(w) for w in words) + r")(?![^\W_])")


_ADMIN_LEVELS = ("tỉnh", "huyện", "thành phố", "quận", "thị xã", "thị trấn", "xã", "phường")
_ADMIN_LEVEL = re.compile(r"[^\S\n]+(?:" + "|".join(_ADMIN_LEVELS) + r")(?![^\W_])")


def _level_after(text: str, s: int, e: int, limit: int) -> int:
    """A body's name goes on over the level word after it ("Hội Liên hiệp Phụ
    nữ" + "phường", "Sở Y tế" + "tỉnh Lào Cai") unless it already ends in a
    level word or a place: the level word and the place belong to the name."""
    words = text[s:e].split()
    last = words[-1] if words else ""
    if last in _ADMIN_LEVELS or (last[:1].isupper() and len(words) > 1 and words[-2] in _ADMIN_LEVELS):
        return e
    m = _ADMIN_LEVEL.match(text, e, limit)
    if not m:
        return e
    return _place_after(text, m.end())


@cache
def _head_casefolded() -> tuple[str, ...]:
    return tuple(sorted({h.casefold() for h in load_lines("agency_types.txt")}, key=len, reverse=True))


@cache
def _head_start() -> re.Pattern[str]:
    """An organisation word (case-folded) and the end of that word."""
    return re.compile("(?:" + "|".join(map(re.escape, _head_casefolded())) + r")(?![^\W_])")


def _letterhead_lines(text: str, s: int, e: int, label: str) -> list[tuple[int, int, str]]:
    """A letterhead AGENCY over two lines is two bodies when the second line
    starts another body ("ĐẢNG BỘ TỈNH ĐỒNG NAI" / "TỈNH ỦY", "BỘ Y TẾ" /
    "VĂN PHÒNG BỘ"); a name wrapped over lines stays one ("ỦY BAN NHÂN DÂN" /
    "TỈNH KHÁNH HÒA", "BỘ NÔNG NGHIỆP" / "VÀ PHÁT TRIỂN NÔNG THÔN")."""
    if label != "AGENCY" or "\n" not in text[s:e]:
        return [(s, e, label)]
    out, start = [], s
    heads = _head_casefolded()
    longest = len(heads[0]) + 1 if heads else 1
    for m in re.finditer(r"\n+", text[s:e]):
        nxt = text[s + m.end() : min(e, s + m.end() + longest)].casefold()  # its start only: a span can run over thousands of lines
        if _head_start().match(nxt):
            out.append((start, s + m.start(), label))
            start = s + m.end()
    out.append((start, e, label))
    return [x for x in out if text[x[0] : x[1]].strip()]


_TITLE_BODIES = ("Thanh tra", "Đoàn", "Văn phòng")


@cache
def _delegation_re() -> re.Pattern[str]:
    return re.compile(r"[^\S\n]+(?:" + "|".join(re.escape(w) for w in _bounds()["delegation_kinds"]) + r")(?![^\W_])")
_BODY_AFTER_TITLE = re.compile(r"[^\S\n]+(?:Sở|Bộ|Chính phủ|tỉnh|huyện|thành phố|quận|thị xã|xã|phường|[A-ZĐ][^\W\d_]*)(?![^\W_])")


def _split_titles(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A ROLE that ends in a body's type word followed by the rest of the
    body's name is a title + an AGENCY ("Phó Chánh Thanh tra Sở" gives «Phó
    Chánh» «Thanh tra Sở»; "Trưởng Đoàn kiểm tra" gives «Trưởng» «Đoàn kiểm tra»)."""
    ordered = sorted(spans)
    out: list[tuple[int, int, str]] = []
    skip = -1
    for k, (s, e, label) in enumerate(ordered):
        if k <= skip:
            continue
        name = text[s:e]
        dm = _delegation_re().match(text, e) if label == "ROLE" and name.endswith(" Đoàn") and name[:-5].strip() else None
        if dm:
            # "Trưởng Đoàn thanh tra", "Trưởng Đoàn đại biểu Quốc hội tỉnh": «Trưởng» + the delegation,
            # taking in what the tagger found glued after its kind word («đại biểu» «Quốc hội tỉnh»)
            end, skip = dm.end(), k
            while skip + 1 < len(ordered) and ordered[skip + 1][0] <= end + 1 and text[end : ordered[skip + 1][0]].strip() == "":
                skip += 1
                end = max(end, ordered[skip][1])
            out.append((s, e - 5, "ROLE"))
            out.append((e - 4, end, "AGENCY"))
            continue
        body = next((b for b in _TITLE_BODIES if name.endswith(" " + b) and name[: -len(b)].strip()), None) if label == "ROLE" else None
        m = _BODY_AFTER_TITLE.match(text, e) if body else None
        if not m or text[m.start() : m.end()].split()[0] in surnames():
            out.append((s, e, label))
            continue
        title_end = e - len(body) - 1
        nxt = ordered[k + 1] if k + 1 < len(ordered) else None
        if nxt is not None and nxt[0] < m.end():
            if nxt[2] != "AGENCY" or text[e : nxt[0]] != " ":
                out.append((s, e, label))
                continue
            end, skip = nxt[1], k + 1  # "Chánh Văn phòng" + «UBND tỉnh»: «Chánh» «Văn phòng UBND tỉnh»
        else:
            end = _place_after(text, m.end()) if text[m.start() + 1 : m.end()].islower() else m.end()
        out.append((s, title_end, "ROLE"))
        out.append((title_end + 1, end, "AGENCY"))
    return out


@cache
def _kind_levels() -> tuple[re.Pattern[str], re.Pattern[str]]:
    levels = "|".join(re.escape(w) for w in _bounds()["kind_levels"])
    # a name that ends in a level word, or runs on in lower case into "các cấp" within a few words
    return re.compile(rf"[^\S\n](?:{levels})$"), re.compile(rf"(?:[^\S\n]+[^\W\d_]+){{0,4}}?[^\S\n]+(?:{levels})(?![^\W_])")


def _a_kind_of_body(text: str, name: str, e: int) -> bool:
    """«Ban Chỉ đạo cấp xã», «Ban Chỉ đạo» chuyển đổi số các cấp: a level, not a place, names a kind of body."""
    ends, runs_on = _kind_levels()
    if ends.search(name):
        return True
    m = runs_on.match(text, e, e + 60)
    return m is not None and m.group().strip() == m.group().strip().lower() and "các cấp" in m.group()


@cache
def _second_body_re() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in sorted(_bounds()["unit_heads"], key=len, reverse=True))
    return re.compile(rf"[^\S\n]+(?:và|VÀ)([^\S\n]+)(?=(?:{heads})[^\S\n]+[A-ZĐ])")


def repair_agencies(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Boundary repairs of tagger AGENCY spans (policy point 6)."""
    b = _bounds()
    concepts: dict[str, list[str]] = b["concepts"]
    bare = frozenset(b["bare_type_words"])
    unit_heads = tuple(sorted(b["unit_heads"], key=len, reverse=True))
    ordered = sorted(x for s0, e0, label in _split_titles(text, spans) for x in _letterhead_lines(text, s0, e0, label))
    out: list[tuple[int, int, str]] = []
    for k, (s, e, label) in enumerate(ordered):
        if label != "AGENCY":
            out.append((s, e, label))
            continue
        e = _cut_agency(text, s, e)
        e = strip_end(text, e, " ,;:")
        name = text[s:e]
        if _a_kind_of_body(text, name, e):
            continue
        j = _second_body_re().search(name)
        if j:  # "Phòng Công tác xã hội và Tổ Công nghệ thông tin": two bodies
            out.append((s, s + j.start(), label))
            s = s + j.end()
            name = text[s:e]
        concept = next((c for c in concepts if name.endswith(c)), None)
        if concept:
            m = _concept_re(concept).match(text, e)
            if m:
                if name == concept:
                    continue  # "Chính phủ số": a goal, not the Government
                e = m.end()
                name = text[s:e]
        if name in bare or not name.strip():
            continue
        limit = ordered[k + 1][0] if k + 1 < len(ordered) else len(text)
        completed = _complete_known(text, s, e, limit)
        if completed != e:
            e = completed
        elif name.startswith(unit_heads):
            end = _continuation(text, e, limit)
            if end is not None:
                e = end
                # "Đài Truyền thanh - Truyền hình huyện": the level word and place after the joined part
                lvl = _level_re().match(text, e, limit)
                if lvl:
                    e = _place_after(text, lvl.end())
        e = _level_after(text, s, e, limit)
        out.append((s, e, label))
    return _helper_joins(text, out)


def _place_after(text: str, e: int) -> int:
    """End of a capitalised place name (up to four words, same line) right
    after ``e``, or ``e``."""
    pos = e
    for _ in range(4):
        m = _NEXT_WORD.match(text, pos)
        if not m or not _is_upper_initial(m.group(1)):
            break
        if _head_re().match(text, pos + 1):
            break
        pos = m.end()
    return pos


@cache
def _known_prefixes() -> tuple[frozenset[str], frozenset[str]]:
    """Word prefixes of every known name of two or more words (national bodies
    of agencies.json with their abbreviations and aliases, abbreviation
    variants, named bodies), and the complete names."""
    data = load_json("agencies.json")
    forms = [f for a in data["agencies"] for f in (a["name"], *a["abbreviations"], *a["aliases"])]
    forms += [*agency_variants(with_levels=False), *named_bodies(ambiguous=False)]
    prefixes: set[str] = set()
    names: set[str] = set()
    for f in forms:
        words = f.split()
        if len(words) > 1:
            names.add(f)
            prefixes.update(" ".join(words[:k]) for k in range(1, len(words)))
    return frozenset(prefixes), frozenset(names)


@cache
def _longest_prefix() -> int:
    return max(map(len, _known_prefixes()[0]), default=0)


@cache
def _known_re() -> re.Pattern[str]:
    _, names = _known_prefixes()
    # with the level forms too: "TAND" + " tối cao", "VKSND" + " tỉnh"
    levels = [f for f in agency_variants() if len(f.split()) > 1]
    return re.compile(word_trie({*names, *levels}) + NOT_WORD_AFTER)


def _complete_known(text: str, s: int, e: int, limit: int) -> int:
    """An AGENCY cut inside a known name goes on word by word while it is still
    a known name's beginning ("Ban Chỉ đạo Chuyển đổi số Viện Hàn" + "lâm"):
    a name is not cut between two syllables of a known name."""
    prefixes, names = _known_prefixes()
    # known names start with a capital letter: only such words are tried
    starts = [i for i in (m.start() for m in _WORD_START.finditer(text, s, e)) if text[i].isupper()]
    for i in starts:  # a known name written out from a word of the span ("Ủy ban KH" + ",CN&MT")
        m = match_word(_known_re(), text, i)
        if m and e < m.end() <= limit and "\n" not in text[e : m.end()]:
            return m.end()
    for i in starts:
        # (a span longer than any prefix is not sliced: over a long span that
        # would copy the rest of it for each of its words)
        if e - i > _longest_prefix() or text[i:e] not in prefixes or text[i:e] in names:
            continue
        end = e
        while True:
            m = _NEXT_TOKEN.match(text, end, limit)
            if not m or (text[i : m.end()] not in prefixes and text[i : m.end()] not in names):
                break
            end = m.end()
            if text[i:end] in names:
                break
        return end
    return e


@cache
def _fill_pattern() -> re.Pattern[str]:
    excluded = set(load_json("named_bodies.json")["fill_excluded"])
    forms = [f for f in (*agency_variants(), *named_bodies()) if f not in excluded]
    return re.compile(word_trie(forms) + NOT_WORD_AFTER)


_DATELINE = re.compile(r"(?m)^\(([A-ZĐ][A-ZĐ0-9]{2,8})\)[^\S\n]?[-–][^\S\n]")
_GENERIC_BEFORE = re.compile(r"(?:(?<![^\W_])(?:các|những|mọi|từng|mỗi|Các|Những)|\d)[^\S\n]+$")


def fill_known_agencies(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Known agency names the tagger left untagged, as AGENCY (policy point 7);
    a form ending in a level word takes the capitalised place name after it
    ("VKSND tỉnh Lào Cai")."""
    ordered = sorted(spans)
    starts = [x[0] for x in ordered]
    context: dict[str, dict[str, list[str]]] = load_json("named_bodies.json")["fill_context"]
    levels = frozenset(load_json("agency_abbreviations.json")["levels"])
    added = []
    for m in finditer_words(_fill_pattern(), text):
        s, e = m.start(), m.end()
        if s > 0 and text[s - 1] in "&-_/.@":  # (after a letter or digit: finditer_words skips it)
            continue
        if e < len(text) and text[e] in "&-/@" and e + 1 < len(text) and text[e + 1].isalnum():
            continue  # part of a code or an address ("UBND-VP", "@vnpt")
        if _GENERIC_BEFORE.search(text, max(0, s - 12), s):
            continue  # "các Sở LĐ-TB&XH", "12 Sở TN-MT": a kind of body, not one
        rule = context.get(m.group())
        if rule:
            before = text[max(0, s - 20) : s].rstrip()
            after = text[e : e + 20].lstrip()
            if any(before.endswith(w) for w in rule["not_after"]) or any(
                    after.startswith(w) and not after[len(w) : len(w) + 1].isalnum() for w in rule["not_before"]):
                continue
        if m.group().split()[-1] in levels:
            e = _place_after(text, e)
        k = bisect.bisect_left(starts, e)
        if (k > 0 and ordered[k - 1][1] > s) or any(a[0] < e and s < a[1] for a in added):
            continue
        added.append((s, e, "AGENCY"))
    # a dateline credit: "(PTĐT) - Theo ...", "(VOV) – Sáng 5/6 ...": the outlet's abbreviation
    for m in _DATELINE.finditer(text):
        s, e = m.start(1), m.end(1)
        k = bisect.bisect_left(starts, e)
        if not ((k > 0 and ordered[k - 1][1] > s) or any(a[0] < e and s < a[1] for a in added)):
            added.append((s, e, "AGENCY"))
    return _defined_aliases(text, sorted([*ordered, *added]))


_ALIAS = re.compile(
    r"[^\S\n]*\((?:sau đây gọi tắt là |gọi tắt là |viết tắt là )?"
    r"([A-ZĐ][A-ZĐ0-9&-]{1,11}|[A-ZĐ][^\W\d_]*(?: [^\W\d_]+){0,2} [A-ZĐ][A-ZĐ&]{1,9})\)"
)


def _defined_aliases(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An abbreviation defined in brackets right after an AGENCY
    ("Trung tâm Công nghệ thông tin và Truyền thông (TTCNTT)", "(sau đây gọi
    tắt là Sở TN&MT)") is an AGENCY there and wherever it is used alone later;
    an abbreviation of a field ("(KH&CN)") is not.

    The uses of every alias are found in one pass over the text (a trie of the
    aliases tried at each position), not one pass per definition: a text can
    define thousands of them."""
    fields = frozenset(load_lines("field_abbreviations.txt"))
    first_use: dict[str, int] = {}  # alias -> where its first definition's bracket closes
    for _, e, label in spans:
        if label != "AGENCY":
            continue
        m = _ALIAS.match(text, e)
        if m and m.group(1) not in fields and m.group(1) not in first_use:
            first_use[m.group(1)] = m.start(1)
    if not first_use:
        return list(spans)
    uses: dict[str, list[tuple[int, int]]] = {a: [] for a in first_use}
    for m in re.finditer(f"(?=({word_trie(first_use)}))", text):  # overlapping: every start position
        a = m.start()
        if a > 0 and (text[a - 1].isalnum() or text[a - 1] in "&-/_.@"):
            continue
        # the longest alias written here, else a shorter one it starts with («UBND» in «UBND TPX»)
        for alias in (m.group(1), *(m.group(1)[:j] for j in range(len(m.group(1)) - 1, 1, -1))):
            b = a + len(alias)
            if alias in first_use and a >= first_use[alias] and not (b < len(text) and (text[b].isalnum() or text[b] in "&-/_@")):
                uses[alias].append((a, b))
                break
    # in the order of the definitions, as the first one defined wins a place
    return _add_where_free(spans, [ab for alias in first_use for ab in uses[alias]], "AGENCY")


def _add_where_free(spans: Sequence[tuple[int, int, str]], candidates: Sequence[tuple[int, int]], label: str) -> list[tuple[int, int, str]]:
    """``spans`` and, in their order, the ``candidates`` that overlap neither them nor an
    earlier candidate taken, with ``label``; sorted. New places go into a small sorted
    batch that is merged into the long sorted list every 256 (an insertion into the middle
    of one long list per candidate was quadratic)."""
    taken = sorted((s, e) for s, e, _ in spans)  # never overlapping: a new span is checked against its neighbours
    added: list[tuple[int, int]] = []  # taken since the last merge into ``taken``, sorted
    out = list(spans)

    def free(a: int, b: int, places: list[tuple[int, int]]) -> bool:
        k = bisect.bisect_left(places, (a, b))
        return not ((k > 0 and places[k - 1][1] > a) or (k < len(places) and places[k][0] < b))

    for a, b in candidates:
        if not (free(a, b, taken) and free(a, b, added)):
            continue
        bisect.insort(added, (a, b))
        out.append((a, b, label))
        if len(added) > 256:  # keep the batch small: insort into it stays cheap
            taken = list(heapq.merge(taken, added))
            added = []
    return sorted(out)


# a byline or photo credit in initials ("T.Lâm", "Ph.Thảo", "Đ.T.H"), standing between
# byline separators: line start or end, "|", a dash, a slash, a bracket, a comma, "Ảnh:"
_INITIALS = re.compile(
    r"(?:^|(?<=[|(/,:–-])|(?<=[|(/,:–-] ))"
    r"([A-ZĐ][a-zđh]?\.(?:[A-ZĐ][a-zđh]?\.){0,2}[A-ZĐ][^\W\d_]*)"
    r"(?=[^\S\n]*(?:$|[|)/,–-]))", re.M)


def fill_initials(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Bylines and photo credits in initials are OFFICIAL (guideline: initials included),
    replacing a tagger span cut inside them («T.» of «T.Lâm»)."""
    if "." not in text:
        return list(spans)
    found = [(m.start(1), m.end(1)) for m in _INITIALS.finditer(text)]
    if not found:
        return list(spans)
    starts = [s for s, _ in found]  # the matches do not overlap: a span lies inside at most the last one starting before it

    def inside(x: tuple[int, int, str]) -> bool:
        k = bisect.bisect_right(starts, x[0]) - 1
        return k >= 0 and x[0] < found[k][1] and found[k][0] < x[1] and x[1] <= found[k][1]

    return _add_where_free([x for x in spans if not inside(x)], found, "OFFICIAL")


def prepare_tagger_spans(
    text: str, tagger_spans: Sequence[tuple[int, int, str]], rule_entities: Sequence[Candidate], *, fill_known: bool = True
) -> list[tuple[int, int, str]]:
    """The tagger spans after the repairs of policy points 5-7, before they are
    merged with the rule entities."""
    spans = repair_agencies(text, repair_tagger_spans(text, tagger_spans))
    if fill_known:
        spans = fill_known_agencies(text, spans)
    spans = fill_initials(text, spans)
    # a body counted right after a number is a kind of body ("63/63 Sở Y tế")
    metric_ends = {c.end for c in rule_entities if c.label == "METRIC"}
    return [x for x in spans if not (x[2] == "AGENCY" and x[0] - 1 in metric_ends and text[x[0] - 1] == " ")]


def merge(
    text: str,
    rule_entities: Sequence[Candidate],
    tagger_spans: Sequence[tuple[int, int, str]],
    zones: Sequence[tuple[int, int]],
    *,
    tagger_fills_rule_labels: bool = True,
    fill_known: bool = True,
) -> list[tuple[int, int, str, Candidate | None]]:
    """Merged (start, end, label, rule candidate or None) sorted by start.
    ``fill_known`` adds known agency names the tagger left untagged (policy
    point 7); an extractor without a tagger leaves it off, so that it finds
    rule labels only."""
    # chosen spans never overlap, so sorted by start they are sorted by end too:
    # overlap queries are a bisection. The tagger spans come in two passes
    # (names, then the rule labels), each sorted by start and never
    # overlapping one another, so a pass only tests them against the spans
    # chosen before it and adds them in one linear merge at its end (no
    # insertions in the middle of a growing list).
    chosen: list[tuple[int, int, str, Candidate | None]] = sorted((c.start, c.end, c.label, c) for c in rule_entities)
    merged_zones: list[list[int]] = []
    for zs, ze in sorted(zones):  # disjoint zones, so they can be bisected too
        if merged_zones and zs <= merged_zones[-1][1]:
            merged_zones[-1][1] = max(merged_zones[-1][1], ze)
        else:
            merged_zones.append([zs, ze])
    zone_ends = [z[1] for z in merged_zones]

    def in_zone(s: int, e: int) -> bool:
        k = bisect.bisect_right(zone_ends, s)  # the first zone ending after s
        return k < len(merged_zones) and merged_zones[k][0] < e

    repaired = prepare_tagger_spans(text, tagger_spans, rule_entities, fill_known=fill_known)
    for names in (True, False):
        if not names and not tagger_fills_rule_labels:
            break
        ends = [x[1] for x in chosen]
        removed: set[int] = set()  # rule entities inside a tagger AGENCY
        added: list[tuple[int, int, str, Candidate | None]] = []
        for s0, e0, label in sorted((x for x in repaired if (x[2] in NAME_LABELS) == names), key=lambda x: x[0]):
            s, e = trim(text, s0, e0)
            if s >= e or in_zone(s, e):
                continue
            k = bisect.bisect_right(ends, s)
            hits = []
            while k < len(chosen) and chosen[k][0] < e:
                if k not in removed:
                    hits.append(k)
                k += 1
            if hits:
                # only an AGENCY takes the place of what it overlaps: rule entities inside it
                if label == "AGENCY" and all(chosen[k][0] >= s and chosen[k][1] <= e and chosen[k][2] in ("METRIC", "DATE", "LEGAL_DOC") for k in hits):
                    removed.update(hits)
                else:
                    continue
            added.append((s, e, label, None))
        if added or removed:
            kept = [x for k, x in enumerate(chosen) if k not in removed] if removed else chosen
            chosen = list(heapq.merge(kept, added, key=lambda x: x[0]))
    return chosen
