"""CRF features per token, as lists of crfsuite attribute names.

Features of a word that do not depend on its context (lower case, shape,
flags) are computed once per distinct word and cached with what the word
gives its neighbours; only gazetteer and rule tags and bigrams are built per
position. Names are UTF-8 bytes, which python-crfsuite takes without
encoding them again. At run time a :class:`FeatureExtractor` can be told
which names the model knows and leave out the rest: crfsuite would look each
one up and ignore it, and those lookups are most of the tagging time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from .gazetteer import gazetteer_matches, surnames


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature groups to use; saved with the model."""

    window: int = 2
    bigrams: bool = True
    gazetteer: bool = True
    rule_tags: bool = True
    affixes: bool = True
    far_shapes: bool = True
    # the shape "x" of a plain lower-case word; left out, its absence says the same
    lower_shapes: bool = True
    underthesea: bool = False
    # "1:stop": the next word is one that, in the train split, mostly follows
    # an AGENCY rather than stands inside one (resources/agency_next_words.txt)
    next_stop: bool = False
    # "c=17", "-1:c=17", "1:c=17": the word's cluster (and its neighbours') in a
    # table of cdsnlp/resources learned from the train split (training/word_clusters.py);
    # the file's name, saved with the model, so a later table never changes an old model
    clusters: str = ""
    offsets: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "offsets", tuple(o for o in range(-self.window, self.window + 1) if o != 0))

    def to_dict(self) -> dict:
        keys = ("window", "bigrams", "gazetteer", "rule_tags", "affixes", "far_shapes", "lower_shapes", "underthesea", "next_stop", "clusters")
        return {k: getattr(self, k) for k in keys}


def shape(word: str) -> str:
    """Compressed character classes: "Xx", "X", "x", "d", "d/X-X", ..."""
    if word.isalpha():  # most words: their shape without a step per character
        if word.islower():
            return "x"
        if word[0].isupper() and word[1:].islower():
            return "Xx"
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            if len(out) == 8:  # the shape is cut to 8 anyway: a long token is not read to its end
                break
            out.append(c)
    return "".join(out)


@cache
def _next_words() -> frozenset[str]:
    from ..resources import load_lines

    return frozenset(load_lines("agency_next_words.txt"))


@cache
def _cluster_table(name: str) -> dict[str, bytes]:
    """word -> its cluster id as bytes, from ``resources/<name>`` (``word<TAB>id`` lines)."""
    from ..resources import load_lines

    out = {}
    for line in load_lines(name):
        word, _, cid = line.rpartition("\t")
        if word:
            out[word] = cid.encode("ascii")
    return out


def _encode(features: list[str]) -> tuple[bytes, ...]:
    return tuple(f.encode("utf-8") for f in features)


def _word_features(word: str, config: FeatureConfig) -> list:
    """The context-free features of one word, unfiltered: its own, then what it
    gives each neighbour offset (``config.offsets`` order), then the starts of
    its two bigram features, its lower case as bytes and as text.

    Names are put together as bytes from the word's encoded lower case and
    shape (one encoding each, not one per name)."""
    low = word.lower()
    lb = low.encode("utf-8")
    sh = shape(word).encode("utf-8")
    with_shape = config.lower_shapes or sh != b"x"
    w_name, sh_name = b"w=" + lb, b"sh=" + sh
    own = [w_name, sh_name] if with_shape else [w_name]
    cap = word[:1].isupper()
    if cap:
        own.append(b"cap")
    if word.isupper() and len(word) > 1:
        own.append(b"upper")
    # (a word of letters has no digit, and no character is both)
    if not word.isalpha():
        if any(c.isdigit() for c in word):
            own.append(b"digit")
        if not any(c.isalnum() for c in word):
            own.append(b"punct")
    if word in surnames():
        own.append(b"surname")
    if config.affixes and len(low) > 3:
        own += [b"p2=" + low[:2].encode("utf-8"), b"s2=" + low[-2:].encode("utf-8")]
    cluster = _cluster_table(config.clusters).get(low) if config.clusters else None
    if cluster is not None:
        own.append(b"c=" + cluster)
    parts: list = [tuple(own)]
    for o in config.offsets:
        prefix = b"%d:" % o
        ctx = [prefix + w_name]
        if with_shape and (config.far_shapes or abs(o) == 1):
            ctx.append(prefix + sh_name)
        if abs(o) == 1 and cap:
            ctx.append(prefix + b"cap")
        if o == 1 and config.next_stop and low in _next_words():
            ctx.append(b"1:stop")
        if abs(o) == 1 and cluster is not None:
            ctx.append(prefix + b"c=" + cluster)
        parts.append(tuple(ctx))
    # the bigram features this word opens, waiting for the next word
    parts += [b"b+=" + lb + b"|", b"b-=" + lb + b"|", lb, low]
    return parts


class FeatureExtractor:
    """Builds feature lists for sequences of words under one configuration.

    Args:
        config: the feature groups.
        known: attribute names the model has weights for; when given, other
            names are left out (they would not change a prediction). ``None``
            (training) keeps every name.
    """

    _MAX_WORDS = 200_000  # the word cache is emptied beyond this many words
    # longer words are built each time and not kept: a cache entry holds its
    # word several times over, so a run of long one-off tokens (a line of
    # 100,000 characters, a base64 blob) would keep megabytes per word alive
    # across documents; real words are far shorter
    _MAX_CACHED_LEN = 64

    def __init__(self, config: FeatureConfig, known: frozenset[bytes] | None = None) -> None:
        self.config = config
        self.known = known
        # word -> (own features, what it gives each neighbour offset..., bigram
        # starts (with a model: their known continuations), lower case as
        # bytes, lower case as text); see _word_features
        self._words: dict[str, tuple] = {}
        # tokens looked up and words built (not found in the cache): the cache's hit rate
        self.lookups = 0
        self.misses = 0
        self._forms: dict[str, tuple[bytes | None, bytes | None, bytes | None]] = {}
        self._bos = self._keep(b"BOS")
        self._eos = self._keep(b"EOS")
        self._no_word = ((),) * (len(config.offsets) + 1)  # what a position past either edge gives
        # the bigrams the model knows, by their "b+=word|" start: next word -> name
        # (under every "|" of the name, so that words holding "|" are found too)
        self._bigrams: dict[bytes, dict[bytes, bytes]] = {}
        for f in known or ():
            if f[:3] in (b"b+=", b"b-="):
                for i in range(3, len(f)):
                    if f[i] == 0x7C:  # "|"
                        self._bigrams.setdefault(f[: i + 1], {})[f[i + 1 :]] = f

    def _keep(self, name: bytes) -> bytes | None:
        return name if self.known is None or name in self.known else None

    def _word(self, word: str) -> tuple:
        self.misses += 1
        parts = _word_features(word, self.config)
        if self.known is not None:
            known = self.known
            k = len(self.config.offsets) + 1
            parts[:k] = [tuple([f for f in group if f in known]) for group in parts[:k]]
            # a bigram start becomes its known continuations (None: no known bigram)
            parts[k : k + 2] = [self._bigrams.get(start) for start in parts[k : k + 2]]
        value = tuple(parts)
        if len(word) <= self._MAX_CACHED_LEN:
            if len(self._words) >= self._MAX_WORDS:
                self._words.clear()
            self._words[word] = value
        return value

    def _neighbour_forms(self, feature: str) -> tuple[bytes | None, bytes | None, bytes | None]:
        """A position feature as seen by the token itself, the one before it
        and the one after it (``None``: unknown to the model)."""
        forms = self._forms.get(feature)
        if forms is None:
            forms = self._forms[feature] = (
                self._keep(feature.encode()),
                self._keep(("1:" + feature).encode()),
                self._keep(("-1:" + feature).encode()),
            )
        return forms

    def _add_around(self, feats: list[list[bytes]], marks: Iterable[tuple[int, str]]) -> None:
        """Each (token index, position feature) of ``marks``, in order, as seen
        by that token and its two neighbours (in one loop: a text can mark
        tens of thousands of tokens)."""
        n = len(feats)
        known = self._forms
        for i, feature in marks:
            own, before, after = known.get(feature) or self._neighbour_forms(feature)
            if own is not None:
                feats[i].append(own)
            if before is not None and i > 0:
                feats[i - 1].append(before)
            if after is not None and i + 1 < n:
                feats[i + 1].append(after)

    def __call__(
        self,
        words: Sequence[str],
        rule_tags: Sequence[str] | None = None,
        extra: Sequence[Sequence[str]] | None = None,
    ) -> list[list[bytes]]:
        """Feature lists for one sequence of words.

        Each token's list is joined in one pass from the cached parts of the
        words around it (the word list shifted by each offset) rather than
        built feature by feature: the same features, fewer Python steps.
        """
        n = len(words)
        if n == 0:
            return []
        config = self.config
        self.lookups += n
        cached = list(map(self._words.get, words))
        if None in cached:
            # looked up again: a new word repeated in the sequence is built once
            # (a sequence of 50,000 copies of one new word built it 50,000 times)
            get = self._words.get
            cached = [c if c is not None else (get(w) or self._word(w)) for c, w in zip(cached, words, strict=True)]
        if config.offsets == (-2, -1, 1, 2):
            # token i: its own features and what words i-2, i-1, i+1, i+2 give it
            pad = [self._no_word] * 2
            seq = pad + cached + pad
            feats = [[*a[0], *b[1], *c[2], *d[3], *e[4]] for a, b, c, d, e in zip(cached, seq, seq[1:], seq[3:], seq[4:], strict=False)]
        else:
            cols: list[tuple[tuple[bytes, ...], ...]] = [tuple(c[0] for c in cached)]
            for k, o in enumerate(config.offsets, 1):
                col = tuple(c[k] for c in cached)
                # token i receives what the word at i + o gives it; nothing past the edges
                cols.append(((((),) * -o) + col)[:n] if o < 0 else (col[o:] + ((),) * o)[:n])
            feats = [[f for part in parts for f in part] for parts in zip(*cols, strict=True)]
        if -1 in config.offsets and self._bos is not None:
            feats[0].append(self._bos)
        if 1 in config.offsets and self._eos is not None:
            feats[-1].append(self._eos)
        if config.gazetteer:
            matches = gazetteer_matches([c[-1] for c in cached])
            if matches:
                self._add_around(feats, _gazetteer_marks(matches))
        if rule_tags is not None:
            marks = [(i, "r=" + tag) for i, tag in enumerate(rule_tags) if tag != "O"]
            if marks:
                self._add_around(feats, marks)
        if config.bigrams:
            self._add_bigrams(feats, cached)
        if extra is not None:
            for i in range(n):
                feats[i] += [f for f in _encode(list(extra[i])) if self._keep(f) is not None]
        return feats

    def _add_bigrams(self, feats: list[list[bytes]], cached: list[tuple]) -> None:
        """"b+=a|b" goes to the token of a, "b-=a|b" to the token of b."""
        k = len(self.config.offsets) + 1
        nexts = [c[k + 2] for c in cached[1:]]  # lower case (bytes) of the next word
        for shift, at in ((0, k), (1, k + 1)):
            starts = [c[at] for c in cached[:-1]]
            if self.known is None:
                for f, start, nxt in zip(feats[shift:], starts, nexts, strict=False):
                    f.append(start + nxt)
                continue
            # with a model: the word's known continuations, looked up by the next word
            for i in [i for i, conts in enumerate(starts) if conts is not None]:
                name = starts[i].get(nexts[i])
                if name is not None:
                    feats[i + shift].append(name)


def _gazetteer_marks(matches: Iterable[tuple[int, int, str]]) -> Iterator[tuple[int, str]]:
    """(token index, "cat=B" or "cat=I") of the tokens of gazetteer matches."""
    for start, end, cat in matches:
        yield start, cat + "=B"
        for i in range(start + 1, end):
            yield i, cat + "=I"


_EXTRACTORS: dict[FeatureConfig, FeatureExtractor] = {}


def sequence_features(
    words: Sequence[str],
    rule_tags: Sequence[str] | None,
    config: FeatureConfig,
    extra: Sequence[Sequence[str]] | None = None,
) -> list[list[bytes]]:
    """Every feature of one sequence of words (no filtering), with a shared
    extractor per configuration: what training uses."""
    extractor = _EXTRACTORS.get(config)
    if extractor is None:
        extractor = _EXTRACTORS[config] = FeatureExtractor(config)
    return extractor(words, rule_tags, extra)
