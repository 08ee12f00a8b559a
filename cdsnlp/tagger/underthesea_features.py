"""Optional features from underthesea: word segmentation and part of speech.

underthesea works on words (several syllables joined); its output carries no
offsets, so words are found again in the text in order and mapped onto our
syllable tokens as ``ws=B``/``ws=I`` and ``pos=<tag>``. Measured in the model
card: it costs far more time than it gives accuracy, so it is off by default.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..tokenizer import Token


def underthesea_features(text: str, tokens: Sequence[Token]) -> list[list[str]]:
    """Per-token ``ws=`` and ``pos=`` features for ``tokens`` of ``text``."""
    from underthesea import pos_tag  # heavy import, only when asked for

    feats: list[list[str]] = [[] for _ in tokens]
    if not tokens:
        return feats
    starts = {t.start: i for i, t in enumerate(tokens)}
    pos = 0
    for line_start, line in _lines(text):
        for word, tag in pos_tag(line):
            found = text.find(word, max(pos, line_start))
            if found < 0:
                continue
            pos = found + len(word)
            first = True
            i = starts.get(found)
            while i is not None and i < len(tokens) and tokens[i].start < pos:
                feats[i] += ["ws=B" if first else "ws=I", f"pos={tag}"]
                first = False
                i += 1
    return feats


def _lines(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((start, line))
        start += len(line) + 1
    return out
