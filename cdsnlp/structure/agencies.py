"""Agency resolution: one record per body, whatever way the article writes it.

- Aliases the text defines: an abbreviation in brackets right after a name
  («Ủy ban Dân tộc (UBDT)») or «(sau đây gọi tắt là Ban Chỉ đạo)».
- A *parent* body in brackets («Cục Chuyển đổi số quốc gia (Bộ Thông tin và
  Truyền thông)») is another body, the department's parent, not an alias.
- Variants merge: letterhead capitals, «Sở TT&TT» / «Sở TTTT» / the full
  name, with and without the province (when the article names one such body).
- Short references («UBND tỉnh», «Sở», «Bộ», «Ban Chỉ đạo», «Cục») resolve
  to the body of that kind named nearest before (else after) in the article,
  or to the article's province when it is the only one named.
The record's name is the full, normally cased form.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from ..resources import load_json, load_lines
from ..textnorm import collapse_spaces, is_syllable
from ..types import Entity
from ..values import expand_agency
from .records import Agency
from .spans import lowered

_ALIAS_PHRASE = re.compile(r"^\s*\(\s*(?:sau đây|dưới đây)\s+(?:gọi|viết)\s+tắt\s+là\s*$", re.IGNORECASE)
_ALIAS_GAP_MAX = 60  # what stands between a name and its alias is short
# An alias of an alias is followed this far at most: a text can define a chain
# of any length («A (B), B (C), C (D) ...»), and following it whole from
# every mention is quadratic in its length.
_CHAIN_MAX = 32
# the level word of a local body and how it is written short
_LEVELS = {"tỉnh": "tỉnh", "thành phố": "thành phố", "tp.": "thành phố", "tp": "thành phố", "huyện": "huyện", "quận": "quận",
           "thị xã": "thị xã", "xã": "xã", "phường": "phường", "thị trấn": "thị trấn"}
_LEVEL_RE = re.compile(r"(?<![^\W_])(thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường|TP\.?)(?![^\W_])\s*", re.IGNORECASE)
# bodies whose name holds the province level: «Tỉnh ủy» alone is the article's province's
_PROVINCE_BODIES = {"tỉnh ủy", "thành ủy", "tỉnh đoàn"}
_ACRONYM = re.compile(r"^[A-ZĐ0-9&\-.]{2,}$")
_OPEN_BRACKET = re.compile(r"\s*\(\s*")  # «A (B)»: what stands between A and B
_OWNER = re.compile(r"\s*(?:của|thuộc)\s")
_CAPS_ABBR = re.compile(r"(?<![^\W_])[A-ZĐ]{2,}")


@cache
def _heads() -> tuple[str, ...]:
    """Organisation head words, longest first, lower-cased."""
    return tuple(sorted({h.lower() for h in load_lines("agency_types.txt")}, key=len, reverse=True))


@cache
def _known_forms() -> tuple[str, ...]:
    """Normally cased names we know (gazetteer names, expansions, head words), longest first."""
    data = load_json("agencies.json")
    forms = {a["name"] for a in data["agencies"]} | set(data["patterns"].values()) | set(load_lines("agency_types.txt"))
    return tuple(sorted(forms, key=len, reverse=True))


@cache
def _known_forms_lower() -> tuple[tuple[str, str], ...]:
    """:func:`_known_forms` with their lower case (not lowered again for every name)."""
    return tuple((f, f.lower()) for f in _known_forms())


@cache
def _provinces() -> tuple[str, ...]:
    return tuple(sorted(load_lines("provinces.txt"), key=len, reverse=True))


@cache
def _ranks() -> dict[str, int]:
    return load_json("agency_ranks.json")["ranks"]


@cache
def _heads_longest_first() -> tuple[str, ...]:
    return tuple(sorted({*_heads(), *_ranks()}, key=len, reverse=True))


# head_of, _is_caps and split_place are pure functions of a name, asked for each
# mention and again by every step below: an article writes the same names again
@lru_cache(maxsize=8192)
def head_of(name: str) -> str:
    """The organisation word a name starts with («sở», «ủy ban nhân dân»), lower-cased; "" if none."""
    low = name.lower()
    for h in _heads_by_first_letter().get(low[:1], ()):  # longest first; only those that can start it
        if low.startswith(h) and (len(low) == len(h) or not low[len(h)].isalnum()):
            return h
    return ""


@cache
def _heads_by_first_letter() -> dict[str, tuple[str, ...]]:
    """:func:`_heads_longest_first` by first letter, each in that order."""
    out: dict[str, list[str]] = defaultdict(list)
    for h in _heads_longest_first():
        out[h[:1]].append(h)
    return {c: tuple(hs) for c, hs in out.items()}


@lru_cache(maxsize=8192)
def _is_caps(s: str) -> bool:
    """A name in letterhead capitals: at least two words, two of them real syllables
    («SỞ TƯ PHÁP»; «UBND TỈNH» is an abbreviation)."""
    words = s.split()
    if len(words) < 2 or any(c.islower() for c in s):
        return False
    return sum(is_syllable(w) for w in words) >= 2


_LETTERS = re.compile(r"[^\W\d_]+")


class Spellings:
    """Where each word of a text starts, by its lower case: the other
    spellings of a name are found from the positions of its rarest word,
    not by a scan of the whole text per name (a long text has thousands).

    A text up to :attr:`FIND_CHARS` long is not indexed (a Python step per
    word, for the few names in capitals an article has): the name is looked
    for with ``str.find`` in its lower-cased text. A place found there is one
    the index finds when the name is a whole word sequence there (no letter
    on either side); else it depends on which word is the rarest, and the
    text's words are counted to know."""

    FIND_CHARS = 20_000  # longer texts: one index (a find per name would scan all of it)

    def __init__(self, text: str) -> None:
        self.text = text
        self._at: dict[str, list[int]] | None = None
        self._low: str | None = None
        self._counts: Counter[str] | None = None

    def _index(self) -> None:
        self._at = {}
        low = lowered(self.text)
        if low is not None and len(low) <= self.FIND_CHARS:
            self._low = low
            return
        at: defaultdict[str, list[int]] = defaultdict(list)
        for m in _LETTERS.finditer(self.text if low is None else low):  # lowered: no lower() per word
            at[m.group(0) if low is not None else m.group(0).lower()].append(m.start())
        self._at = at

    def _count(self, word: str) -> int:
        """How many words of the text are ``word`` (lower case)."""
        if self._low is None:
            return len(self._at.get(word, ()))  # type: ignore[union-attr]
        if self._counts is None:
            self._counts = Counter(_LETTERS.findall(self._low))
        return self._counts[word]

    def _rarest(self, words: list[str]) -> int:
        """The index of the rarest word made of letters only (a letterhead name has at least two)."""
        return min((self._count(w.lower()), i) for i, w in enumerate(words) if _LETTERS.fullmatch(w))[1]

    def first_not_caps(self, surface: str) -> str | None:
        """The first place the text writes ``surface`` (any case, single spaces) not in capitals."""
        if self._at is None:
            self._index()
        low = surface.lower()
        words = surface.split(" ")
        if not any(_LETTERS.fullmatch(w) for w in words) or len(low) != len(surface):
            return None
        if self._low is not None:
            return self._found(surface, low, words)
        i = self._rarest(words)
        offsets = list(itertools.accumulate((len(w) + 1 for w in words), initial=0))
        text = self.text
        for p in self._at.get(words[i].lower(), ()):  # type: ignore[union-attr]
            a = p - offsets[i]
            if a >= 0 and text[a : a + len(surface)].lower() == low and not _is_caps(text[a : a + len(surface)]):
                return collapse_spaces(text[a : a + len(surface)])
        return None

    def _found(self, surface: str, low: str, words: list[str]) -> str | None:
        """:meth:`first_not_caps` by ``str.find`` in the lower-cased text (see the class)."""
        text, lowered_text, n = self.text, self._low, len(low)
        assert lowered_text is not None
        rarest: int | None = None
        a = lowered_text.find(low)
        while a >= 0:
            # the index holds the rarest word's place when its run of letters is that word:
            # inside the name a space bounds it, at the name's ends the text must
            open_left = a == 0 or not _LETTERS.match(lowered_text, a - 1, a)
            open_right = not _LETTERS.match(lowered_text, a + n, a + n + 1)
            indexed = open_left and open_right
            if not indexed:
                rarest = self._rarest(words) if rarest is None else rarest
                indexed = (rarest != 0 or open_left) and (rarest != len(words) - 1 or open_right)
            if indexed and not _is_caps(text[a : a + n]):
                return collapse_spaces(text[a : a + n])
            a = lowered_text.find(low, a + 1)
        return None


def normal_case(surface: str, text: str | Spellings = "") -> str:
    """A letterhead name in capitals («SỞ THÔNG TIN VÀ TRUYỀN THÔNG») in its normal
    casing: as the text writes it elsewhere, else from the names we know, with
    province names capitalised and the rest in lower case."""
    if not _is_caps(surface):
        return surface
    if text:
        found = (text if isinstance(text, Spellings) else Spellings(text)).first_not_caps(collapse_spaces(surface))
        if found:
            return found
    return _known_case(surface)


@lru_cache(maxsize=4096)
def _known_case(surface: str) -> str:
    """:func:`normal_case` from the names we know (a pure function of the name:
    letterhead names come back in every document of a source)."""
    for abbr, pattern, long in _caps_abbreviations():  # «HĐND HUYỆN ...»
        if pattern.match(surface):
            surface = long + surface[len(abbr):].lower()
            break
    low = surface.lower()
    head = ""
    for form, form_l in _known_forms_lower():
        if low.startswith(form_l) and (len(low) == len(form) or not low[len(form)].isalnum()):
            head = form
            break
    rest = low[len(head):]
    if not head:
        head, rest = low[:1].upper() + low[1:2], low[2:]
    for low_p, p in _province_names():  # a province or city name keeps its capitals
        if low_p in rest:  # what the pattern needs: most names hold no province, whose patterns are never compiled
            rest = _province_pattern(low_p).sub(p, rest)
    # a place name after its level word (or after «Huyện ủy») is a proper name («huyện Giồng Trôm»)
    def cap(words: str) -> str:
        return " ".join(w[:1].upper() + w[1:] for w in words.split(" ") if w)

    placed = _LEVEL_PLACE.sub(lambda m: f"{m.group(1)} {cap(m.group(2))}", rest)
    if placed == rest and head.lower().endswith(" ủy") and rest.strip():
        placed = " " + cap(rest.strip())
    rest = placed
    return head + rest


_LEVEL_PLACE = re.compile(r"(?<![^\W_])(tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường) ((?:[^\W\d_]+ ?){1,4})$")


# the patterns of _known_case, compiled once (there are more than the re module's cache holds)
@cache
def _caps_abbreviations() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """The upper-case abbreviations of agencies.json longer than two letters, in its order, with their long forms."""
    return tuple((abbr, re.compile(rf"{re.escape(abbr)}(?![^\W_])"), long)
                 for abbr, long in load_json("agencies.json")["patterns"].items() if abbr.isupper() and len(abbr) > 2)


@cache
def _province_names() -> tuple[tuple[str, str], ...]:
    """Each province name (longest first) in lower case, with its capitalised form."""
    return tuple((p.lower(), p) for p in _provinces())


@cache
def _province_pattern(low: str) -> re.Pattern[str]:
    """A lower-case province name as a whole word, compiled once (more than the re module's cache holds)."""
    return re.compile(rf"(?<![^\W_]){re.escape(low)}(?![^\W_])")


@dataclass(slots=True)
class _Mention:
    entity: Entity
    surface: str
    name: str  # expanded, normally cased
    base: str  # the name without its place
    level: str | None  # «tỉnh», «thành phố», ...
    place: str | None  # the place's proper name
    head: str
    name_l: str
    base_l: str
    generic: bool  # «Sở», «UBND tỉnh», «Ban Chỉ đạo»: only the organisation word (and a level)


def _parsed(name: str) -> tuple[str, str, str | None, str | None, str, str, str, bool]:
    """What a :class:`_Mention` of the canonical ``name`` holds besides its entity and surface
    (found once per surface an article writes)."""
    base, level, place = split_place(name)
    head = head_of(base)
    base_l = base.lower()
    return name, base, level, place, head, name.lower(), base_l, bool(head) and base_l == head and not place


@lru_cache(maxsize=8192)
def split_place(name: str) -> tuple[str, str | None, str | None]:
    """(base, level, place name): «Sở Thông tin và Truyền thông tỉnh Nam Định» ->
    («Sở Thông tin và Truyền thông», «tỉnh», «Nam Định»)."""
    matches = [m for m in _LEVEL_RE.finditer(name) if m.start() > 0]
    for m in reversed(matches):
        rest = name[m.end():].strip()
        if not rest or rest[:1].isupper():
            base = name[: m.start()].rstrip(" ,-")
            if base:
                return base, _LEVELS[m.group(1).lower()], rest or None
    suffixes = _province_suffixes()
    if name.endswith(suffixes):  # one test for all, then the longest that ends it
        p = next(p for p, suffix in zip(_provinces(), suffixes, strict=True) if name.endswith(suffix))
        place = p.replace("TP. ", "").replace("Thành phố ", "")
        return name[: -len(p)].rstrip(" ,-"), None, place
    return name, None, None


@cache
def _province_suffixes() -> tuple[str, ...]:
    """« <province>» for each of :func:`_provinces`, in its order."""
    return tuple(" " + p for p in _provinces())


def _place_key(place: str | None, level: str | None = "tỉnh") -> str | None:
    """A place with its level: a province is written with «tỉnh», «thành phố» or no level word."""
    if not place:
        return None
    lv = "" if _province_level(place, level) else f"{level} "
    return lv + collapse_spaces(place).lower()


@lru_cache(maxsize=4096)  # asked for every mention with a place
def _province_level(place: str, level: str | None) -> bool:
    """«tỉnh X», «thành phố Hà Nội», «Lào Cai»; not «thành phố Phủ Lý» (a city of a province)."""
    if level in (None, "tỉnh"):
        return True
    return level == "thành phố" and any(p.lower().endswith(place.lower()) for p in _provinces())


def text_aliases(text: str, agencies: Sequence[Entity]) -> dict[str, str]:
    """Short form -> long form for aliases the text defines: an abbreviation in
    brackets right after an AGENCY, or "(sau đây gọi tắt là X)"; a body in
    brackets that is of another kind is a parent, not an alias (see :func:`parents`)."""
    aliases: dict[str, str] = {}
    for a, b in itertools.pairwise(agencies):
        if b.start - a.end > _ALIAS_GAP_MAX:
            continue
        between = text[a.end : b.start]
        if _ALIAS_PHRASE.match(between):
            aliases[collapse_spaces(b.text)] = collapse_spaces(a.text)
        elif _OPEN_BRACKET.fullmatch(between) and text[b.end : b.end + 1] == ")" and not _is_parent(a, b) and not _is_unit(a, b):
            aliases[collapse_spaces(b.text)] = collapse_spaces(a.text)
    return aliases


def _is_parent(a: Entity, b: Entity) -> bool:
    """«A (B)»: B is A's parent body when B is a named body of another kind
    (an acronym we cannot expand is an abbreviation of A)."""
    sb = collapse_spaces(b.text)
    if _ACRONYM.match(sb) and not expand_agency(sb):
        return False
    ea = expand_agency(collapse_spaces(a.text)) or collapse_spaces(a.text)
    eb = expand_agency(sb) or sb
    ra, rb = _ranks().get(head_of(ea)), _ranks().get(head_of(eb))
    return ra is not None and rb is not None and rb < ra


def _is_unit(a: Entity, b: Entity) -> bool:
    """«Bộ Công an (Cục C06)»: a unit of A in brackets, neither alias nor parent."""
    ea = expand_agency(collapse_spaces(a.text)) or collapse_spaces(a.text)
    eb = expand_agency(collapse_spaces(b.text)) or collapse_spaces(b.text)
    ra, rb = _ranks().get(head_of(ea)), _ranks().get(head_of(eb))
    return ra is not None and rb is not None and rb > ra


def canonical_name(surface: str, aliases: dict[str, str], text: str | Spellings = "") -> str:
    """The long form of an agency mention (before short references are resolved)."""
    name = collapse_spaces(surface)
    if name.count("(") != name.count(")"):  # «HĐND) tỉnh Gia Lai»: a span cut across brackets
        name = collapse_spaces(name.replace("(", " ").replace(")", " "))
    seen = set()
    while name in aliases and name not in seen and len(seen) < _CHAIN_MAX:  # alias chains
        seen.add(name)
        name = aliases[name]
    return _expanded(normal_case(name, text))


@lru_cache(maxsize=8192)
def _expanded(name: str) -> str:
    """The end of :func:`canonical_name`, a pure function of the name (cached: an article names the same bodies again)."""
    name = expand_agency(name) or name
    # an abbreviation inside the name («Thanh tra Sở TT&TT», «Văn phòng UBND tỉnh»)
    for abbr, pattern, long in _inner_patterns():
        if abbr in name:  # a substring test first: most names hold none of them
            name = pattern.sub(long, name)
    # «Trung tâm IOC» -> «Trung tâm Trung tâm Giám sát ...»: the head once
    return _head_once(name)


_HEAD_TWICE = re.compile(r"(?<!\S)((?:[^\W\d_]+ ){0,2}[^\W\d_]+) \1(?=\s|,|$)")


def _head_once(name: str) -> str:
    """``_HEAD_TWICE.sub(r"\1", name)``, not tried when no word is written twice: a match's first
    word is a whole run of letters in both copies (most names repeat none)."""
    words = _LETTERS.findall(name)
    return _HEAD_TWICE.sub(r"\1", name) if len(set(words)) < len(words) else name


@cache
def _inner_patterns() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    pats = load_json("agencies.json")["patterns"]
    pairs = sorted(((a, b) for a, b in pats.items() if not a.startswith("TP") and len(a) > 2), key=lambda x: -len(x[0]))
    return tuple((a, re.compile(rf"(?<=\s){re.escape(a)}(?![^\W_])"), b) for a, b in pairs)


@cache
def _place_levels() -> dict:
    return load_json("place_levels.json")


def _with_level(name: str, base: str, level: str | None, place: str | None, head: str) -> str:
    """«Sở Thông tin và Truyền thông Hà Nam» -> «Sở Thông tin và Truyền thông tỉnh Hà Nam» (a state body of a province)."""
    data = _place_levels()
    if level or not place or head not in data["level_bodies"] or not _province_level(place, None):
        return name
    bare = place.replace("TP. ", "").replace("Thành phố ", "").replace("thành phố ", "")
    word = "thành phố" if bare in data["central_cities"] else "tỉnh"
    return f"{base} {word} {bare}"


def _owned(text: str, e: Entity) -> bool:
    """«Ban Chỉ đạo ... của Ủy ban Dân tộc»: the text says whose body it is."""
    return _OWNER.match(text[e.end : e.end + 8]) is not None


def _article_place(mentions: list[_Mention], text: str) -> str | None:
    """The province the article is about when only one is named in its bodies."""
    places = Counter(_place_key(m.place, m.level) for m in mentions if m.place and _province_level(m.place, m.level))
    (top, n), (_, second), *_ = [*places.most_common(2), (None, 0), (None, 0)]
    return top if n > second else None


class _ByStart:
    """Mentions of one kind in text order: which one is nearest a position,
    found by bisection (an article can name one kind of body thousands of times)."""

    __slots__ = ("_keys", "items", "starts")

    def __init__(self) -> None:
        self.items: list[_Mention] = []
        self.starts: list[int] = []
        self._keys: set | None = None

    def add(self, m: _Mention) -> None:
        self.items.append(m)
        self.starts.append(m.entity.start)

    def nearest(self, pos: int) -> _Mention | None:
        """The last one starting before ``pos``, else the first one after it."""
        k = bisect.bisect_left(self.starts, pos)
        if k:
            return self.items[k - 1]
        k = bisect.bisect_right(self.starts, pos)
        return self.items[k] if k < len(self.items) else None

    def keys(self, key_of: dict[int, tuple[str, str | None]]) -> set:
        """The cluster keys of its mentions (asked only once every key is set)."""
        if self._keys is None:
            self._keys = {key_of[m.entity.start] for m in self.items}
        return self._keys


_ANY = object()  # a level that matches every level, in the group keys below


def _grouped(ments: Sequence[_Mention], attr: str) -> dict[tuple, _ByStart]:
    """Mentions by (``attr``, level) and by (``attr``, any level), in text order."""
    groups: dict[tuple, _ByStart] = defaultdict(_ByStart)
    for m in ments:
        v = getattr(m, attr)
        groups[(v, m.level)].add(m)
        groups[(v, _ANY)].add(m)
    return groups


def resolve_agencies(text: str, entities: Sequence[Entity]) -> tuple[list[Agency], dict[int, str]]:
    """Agency records and, for each AGENCY entity start, its record's name.

    Every step looks its candidates up in groups of mentions of one kind, so
    the cost grows with the number of mentions, not with its square."""
    ags = sorted((e for e in entities if e.label == "AGENCY"), key=lambda e: e.start)
    aliases = text_aliases(text, ags)
    parent_of: dict[int, Entity] = {}
    for a, b in itertools.pairwise(ags):
        if _OPEN_BRACKET.fullmatch(text[a.end : b.start]) and text[b.end : b.end + 1] == ")" and _is_parent(a, b):
            parent_of[a.start] = b
    ments: list[_Mention] = []
    parsed: dict[str, tuple[str, str, str | None, str | None, str, str, str, bool]] = {}  # a surface written again is parsed once
    spellings = Spellings(text)
    for e in ags:
        surface = collapse_spaces(e.text)
        if surface not in parsed:
            parsed[surface] = _parsed(canonical_name(surface, aliases, spellings))
        ments.append(_Mention(e, surface, *parsed[surface]))

    # clusters keyed by (base, place); each mention is assigned one key
    key_of: dict[int, tuple[str, str | None]] = {}
    full_name: dict[tuple[str, str | None], str] = {}
    for m in ments:
        if m.place:
            k = (m.base_l, _place_key(m.place, m.level))
            key_of[m.entity.start] = k
            full_name.setdefault(k, _with_level(m.name, m.base, m.level, m.place, m.head))
    art_place = _article_place(ments, text)
    province = next((p for p in _provinces() if p.lower() == art_place), art_place.title()) if art_place else None

    def by_province(m: _Mention) -> tuple[str, str | None]:
        """The key of «Sở ...», «UBND tỉnh» ... as the body of the article's province."""
        k = (m.base_l, art_place)
        full_name.setdefault(k, f"{m.base} {m.level} {province}" if m.level else _with_level(f"{m.base} {province}", m.base, None, province, m.head))
        return k

    def own(m: _Mention) -> tuple[str, str | None]:
        k = (m.name_l, None)
        full_name.setdefault(k, m.name)
        return k

    # named bodies without a place (first, so that short references can resolve to them)
    placed = _grouped([m for m in ments if m.place], "base_l")
    for m in ments:
        if m.place or m.generic:
            continue
        same = placed.get((m.base_l, _ANY if m.level is None else m.level))
        if same is not None and (len(same.keys(key_of)) == 1 or art_place is None):
            key_of[m.entity.start] = key_of[same.nearest(m.entity.start).entity.start]  # type: ignore[union-attr]
        elif same is not None and art_place and (m.base_l, art_place) in full_name:
            key_of[m.entity.start] = (m.base_l, art_place)
        elif art_place and ((m.head in _place_levels()["provincial_only"] and m.level in (None, "tỉnh"))
                            or (m.level in ("tỉnh", "thành phố") and not _owned(text, m.entity))):
            # a «Sở ...» without its province, or «Ban Chỉ đạo chuyển đổi số tỉnh», in an article about one province, is that province's
            key_of[m.entity.start] = by_province(m)
        else:
            key_of[m.entity.start] = own(m)
    # «Ban Chỉ đạo chuyển đổi số» of an article that names «Ban Chỉ đạo chuyển đổi số Ủy ban Dân tộc»
    names = sorted({(c.name_l, c.name, key_of[c.entity.start]) for c in ments if not c.generic}, key=lambda t: t[:2])
    names_l = [n for n, _, _ in names]
    longer: dict[int, tuple[str, str | None]] = {}
    extended: dict[tuple[str, bool], set] = {}
    for m in ments:
        if m.generic or m.place or not m.head or key_of[m.entity.start] != (m.name_l, None):
            continue
        # not when the short one says whose it is and the longer one only adds a level:
        # «Ban Chỉ đạo Chuyển đổi số của Ủy ban Dân tộc» is not «Ban Chỉ đạo chuyển đổi số tỉnh»
        owned = _owned(text, m.entity)
        if (m.name, owned) not in extended:
            prefix, ext = m.name_l + " ", set()
            for i in range(bisect.bisect_left(names_l, prefix), len(names)):
                if not names_l[i].startswith(prefix):
                    break
                if not (owned and _LEVEL_RE.fullmatch(names[i][1][len(m.name) + 1 :])):
                    ext.add(names[i][2])
            extended[(m.name, owned)] = ext
        if len(extended[(m.name, owned)]) == 1:
            longer[m.entity.start] = next(iter(extended[(m.name, owned)]))
    key_of.update(longer)
    named = _grouped([m for m in ments if not m.generic], "head")
    local: dict[tuple, _ByStart] = {}  # the named bodies of a group in the article's own province
    last_generic: dict[tuple, _Mention] = {}  # the short reference of a kind resolved last
    for m in ments:
        if not m.generic:
            continue
        group = (m.head, _ANY if m.level is None else m.level)
        cands = named.get(group)
        if cands is not None and group not in local:
            local[group] = _ByStart()
            for c in cands.items:
                if c.place and art_place and _place_key(c.place, c.level) == art_place:
                    local[group].add(c)
        # a short reference is to the article's own province's body when there is one
        c = (local[group] if cands is not None and local[group].items else cands).nearest(m.entity.start) if cands is not None else None
        earlier = last_generic.get(group)  # another short reference of the kind («ỦY BAN NHÂN DÂN» under «UBND tỉnh»)
        last_generic[(m.head, m.level)] = last_generic[(m.head, _ANY)] = m
        if c is not None:
            key_of[m.entity.start] = key_of[c.entity.start]
        elif earlier is not None:
            key_of[m.entity.start] = key_of[earlier.entity.start]
        elif (m.level in ("tỉnh", "thành phố") or m.head in _PROVINCE_BODIES) and art_place:
            key_of[m.entity.start] = by_province(m)
        else:
            key_of[m.entity.start] = own(m)

    records: dict[tuple[str, str | None], Agency] = {}
    listed: dict[tuple[str, str | None], set[str]] = defaultdict(set)  # surfaces already in a record's lists
    canon_of: dict[int, str] = {}
    for m in ments:
        k = key_of[m.entity.start]
        rec = records.get(k)
        if rec is None:
            rec = records[k] = Agency(name=full_name[k])
        canon_of[m.entity.start] = rec.name
        rec.mentions.append([m.entity.start, m.entity.end])
        if m.surface != rec.name and not _is_caps(m.surface) and m.surface not in listed[k]:
            # «UBDT», «Sở TT&TT», «UBND tỉnh» are abbreviations; «Ban Chỉ đạo», «Sở» short names (aliases)
            listed[k].add(m.surface)
            (rec.abbreviations if _CAPS_ABBR.search(m.surface) else rec.aliases).append(m.surface)
    for child, parent in parent_of.items():
        rec = records[key_of[child]]
        rec.parent = rec.parent or canon_of[parent.start]
    return list(records.values()), canon_of
