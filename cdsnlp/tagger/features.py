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


@lru_cache(maxsize=200_000)
def _word_features(word: str, affixes: bool, offsets: tuple[int, ...], far_shapes: bool = True) -> dict[int, tuple[str, ...]]:
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
    by_offset: dict[int, tuple[str, ...]] = {0: tuple(own)}
    for o in offsets:
        ctx = [f"{o}:w={low}"]
        if far_shapes or abs(o) == 1:
            ctx.append(f"{o}:sh={shape(word)}")
        if abs(o) == 1 and word[:1].isupper():
            ctx.append(f"{o}:cap")
        by_offset[o] = tuple(ctx)
    return by_offset


_CACHES: dict[FeatureConfig, dict[str, dict[int, tuple[str, ...]]]] = {}


def _config_cache(config: FeatureConfig) -> dict[str, dict[int, tuple[str, ...]]]:
    """A plain per-configuration dict in front of ``_word_features``: a dict
    lookup by word is cheaper than building lru_cache's argument key."""
    cache = _CACHES.get(config)
    if cache is None or len(cache) > 200_000:  # bounded like the lru_cache behind it
        cache = _CACHES[config] = {}
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


def sequence_features(
    words: Sequence[str],
    rule_tags: Sequence[str] | None,
    config: FeatureConfig,
    extra: Sequence[Sequence[str]] | None = None,
) -> list[list[str]]:
    """Feature lists for one sequence of words.

    Built column by column (all tokens' window features for one offset at a
    time) rather than token by token: the same features, fewer Python steps.
    """
    n = len(words)
    if n == 0:
        return []
    cache = _config_cache(config)
    cached = [cache.get(w) or cache.setdefault(w, _word_features(w, config.affixes, config.offsets, config.far_shapes)) for w in words]
    feats = [list(c[0]) for c in cached]
    for o in config.offsets:
        if o < 0:
            for i in range(-o, n):
                feats[i] += cached[i + o][o]
        else:
            for i in range(n - o):
                feats[i] += cached[i + o][o]
    if -1 in config.offsets:
        feats[0].append("BOS")
    if 1 in config.offsets:
        feats[-1].append("EOS")
    lowers = [w.lower() for w in words]
    if config.gazetteer:
        for i, g in gazetteer_tags(lowers).items():
            feats[i] += g
            if i > 0:
                feats[i - 1] += ["1:" + x for x in g]
            if i + 1 < n:
                feats[i + 1] += ["-1:" + x for x in g]
    if rule_tags is not None:
        for i, tag in enumerate(rule_tags):
            if tag != "O":
                feats[i].append("r=" + tag)
                if i > 0:
                    feats[i - 1].append("1:r=" + tag)
                if i + 1 < n:
                    feats[i + 1].append("-1:r=" + tag)
    if config.bigrams:
        for i in range(n - 1):
            pair = lowers[i] + "|" + lowers[i + 1]
            feats[i].append("b+=" + pair)
            feats[i + 1].append("b-=" + pair)
    if extra is not None:
        for i in range(n):
            feats[i] += extra[i]
    return feats
