"""CRF features per token, as lists of feature strings.

Features of a word that do not depend on its context (lower case, shape,
flags) are computed once per distinct word and cached with their window
prefixes; only gazetteer and rule tags and bigrams are built per position.
This keeps feature extraction cheap enough for tens of thousands of
syllables per second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..tokenizer import Token
from .gazetteer import gazetteer_tags, surnames

_SENT_END = {".", "!", "?", ";", "…"}

# (own features, what the word gives each neighbour offset..., lower case)
_WordFeatures = tuple


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature groups to use; saved with the model."""

    window: int = 2
    bigrams: bool = True
    gazetteer: bool = True
    rule_tags: bool = True
    affixes: bool = True
    far_shapes: bool = True
    underthesea: bool = False
    offsets: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "offsets", tuple(o for o in range(-self.window, self.window + 1) if o != 0))

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("window", "bigrams", "gazetteer", "rule_tags", "affixes", "far_shapes", "underthesea")}


def shape(word: str) -> str:
    """Compressed character classes: "Xx", "X", "x", "d", "d/X-X", ..."""
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:8]


def _encode(features: list[str]) -> tuple[bytes, ...]:
    return tuple(f.encode("utf-8") for f in features)


@lru_cache(maxsize=200_000)
def _word_features(word: str, affixes: bool, offsets: tuple[int, ...], far_shapes: bool = True) -> _WordFeatures:
    """The context-free features of one word: its own, then what it gives each
    neighbour at ``offsets`` (same order), then the starts of its two bigram
    features, its lower case as bytes and as text."""
    low = word.lower()
    own = [f"w={low}", f"sh={shape(word)}"]
    if word[:1].isupper():
        own.append("cap")
    if word.isupper() and len(word) > 1:
        own.append("upper")
    if any(c.isdigit() for c in word):
        own.append("digit")
    if not any(c.isalnum() for c in word):
        own.append("punct")
    if word in surnames():
        own.append("surname")
    if affixes and len(low) > 3:
        own += [f"p2={low[:2]}", f"s2={low[-2:]}"]
    parts: list = [_encode(own)]
    for o in offsets:
        ctx = [f"{o}:w={low}"]
        if far_shapes or abs(o) == 1:
            ctx.append(f"{o}:sh={shape(word)}")
        if abs(o) == 1 and word[:1].isupper():
            ctx.append(f"{o}:cap")
        parts.append(_encode(ctx))
    low_bytes = low.encode("utf-8")
    # the bigram features this word opens, waiting for the next word
    parts += [b"b+=" + low_bytes + b"|", b"b-=" + low_bytes + b"|", low_bytes, low]
    return tuple(parts)


class _WordCache(dict):
    """Word -> its ``_WordFeatures`` for one configuration, filled on a miss
    (a plain dict lookup by word is cheaper than lru_cache's argument key)."""

    def __init__(self, config: FeatureConfig) -> None:
        super().__init__()
        self.config = config

    def __missing__(self, word: str) -> _WordFeatures:
        c = self.config
        value = self[word] = _word_features(word, c.affixes, c.offsets, c.far_shapes)
        return value


_CACHES: dict[FeatureConfig, _WordCache] = {}


def _config_cache(config: FeatureConfig) -> _WordCache:
    cache = _CACHES.get(config)
    if cache is None or len(cache) > 200_000:  # bounded like the lru_cache behind it
        cache = _CACHES[config] = _WordCache(config)
    return cache


def sentences(tokens: Sequence[Token], text: str) -> list[tuple[int, int]]:
    """Split a token list into [start, end) token ranges: at sentence-final
    punctuation before a capitalised token, and at line breaks (except inside
    an all-capitals letterhead)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(tokens)):
        prev, cur = tokens[i - 1], tokens[i]
        gap = text[prev.end : cur.start]
        cut = False
        if "\n" in gap:
            line_before = text[text.rfind("\n", 0, prev.end) + 1 : prev.end]
            line_after = text[cur.start : (text.find("\n", cur.start) + 1 or len(text) + 1) - 1]
            cut = not (line_before.isupper() and line_after.isupper())
        elif prev.text in _SENT_END and cur.text[:1].isupper():
            cut = True
        if cut:
            bounds.append((start, i))
            start = i
    if tokens:
        bounds.append((start, len(tokens)))
    return bounds


def _neighbour_forms(feature: str) -> tuple[bytes, bytes, bytes]:
    """A position feature as seen by the token itself, the one before it and the one after it."""
    forms = _NEIGHBOUR_FORMS.get(feature)
    if forms is None:
        forms = _NEIGHBOUR_FORMS[feature] = (feature.encode(), ("1:" + feature).encode(), ("-1:" + feature).encode())
    return forms


_NEIGHBOUR_FORMS: dict[str, tuple[bytes, bytes, bytes]] = {}


def sequence_features(
    words: Sequence[str],
    rule_tags: Sequence[str] | None,
    config: FeatureConfig,
    extra: Sequence[Sequence[str]] | None = None,
) -> list[list[bytes]]:
    """Feature lists for one sequence of words (crfsuite attribute names as
    UTF-8 bytes: python-crfsuite would otherwise encode every string itself).

    Built column by column (every token's features from one offset at a
    time, joined in one pass) rather than token by token: the same features,
    fewer Python steps.
    """
    n = len(words)
    if n == 0:
        return []
    cached = list(map(_config_cache(config).__getitem__, words))
    columns = list(zip(*cached, strict=True))
    cols: list[tuple[tuple[bytes, ...], ...]] = [columns[0]]
    for k, o in enumerate(config.offsets, 1):
        col = columns[k]
        # token i receives what the word at i + o gives it; nothing past the edges
        cols.append(((((),) * -o) + col)[:n] if o < 0 else (col[o:] + ((),) * o)[:n])
    if len(cols) == 5:
        feats = [[*a, *b, *c, *d, *e] for a, b, c, d, e in zip(*cols, strict=True)]
    else:
        feats = [[f for part in parts for f in part] for parts in zip(*cols, strict=True)]
    if -1 in config.offsets:
        feats[0].append(b"BOS")
    if 1 in config.offsets:
        feats[-1].append(b"EOS")
    if config.gazetteer:
        for i, found in gazetteer_tags(columns[-1]).items():
            for g in found:
                own, before, after = _neighbour_forms(g)
                feats[i].append(own)
                if i > 0:
                    feats[i - 1].append(before)
                if i + 1 < n:
                    feats[i + 1].append(after)
    if rule_tags is not None:
        for i in [i for i, tag in enumerate(rule_tags) if tag != "O"]:
            own, before, after = _neighbour_forms("r=" + rule_tags[i])
            feats[i].append(own)
            if i > 0:
                feats[i - 1].append(before)
            if i + 1 < n:
                feats[i + 1].append(after)
    if config.bigrams:
        k = len(config.offsets) + 1
        nexts = columns[k + 2][1:]
        # the last word opens no bigram: both zips stop at the shorter ``nexts``
        for f, start, nxt in zip(feats, columns[k], nexts, strict=False):
            f.append(start + nxt)
        for f, start, nxt in zip(feats[1:], columns[k + 1], nexts, strict=False):
            f.append(start + nxt)
    if extra is not None:
        for i in range(n):
            feats[i] += [x.encode() for x in extra[i]]
    return feats
