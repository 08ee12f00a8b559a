"""Our tokens cut at entity edges, so that every span is a token span
(shared by the CoNLL and spaCy DocBin writers)."""

from __future__ import annotations

from collections.abc import Iterable

from ..textnorm import normalize
from ..tokenizer import Token, tokenize


def tokens_cut_at(text: str, cuts: Iterable[int]) -> list[Token]:
    """Our tokens of ``text``, further split wherever an entity starts or ends inside one."""
    cutset = set(cuts)
    out: list[Token] = []
    for t in tokenize(normalize(text).text):
        points = sorted(c for c in cutset if t.start < c < t.end)
        prev = t.start
        for c in [*points, t.end]:
            out.append(Token(text[prev:c], prev, c))
            prev = c
    return out
