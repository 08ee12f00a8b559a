"""Character spans <-> IOB2 tags over tokens."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from ..tokenizer import Token


def spans_to_iob(tokens: Sequence[Token], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for ``tokens``: a token belongs to a span when it overlaps it;
    the first such token is B-, the rest I-."""
    tags = ["O"] * len(tokens)
    starts = [t.start for t in tokens]

    for start, end, label in sorted(spans):
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or tokens[i].end <= start:
            i += 1
        first = True
        while i < len(tokens) and tokens[i].start < end:
            if tags[i] == "O":
                tags[i] = ("B-" if first else "I-") + label
                first = False
            i += 1
    return tags


def iob_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Character spans from IOB2 tags; a stray I- opens a new span."""
    spans: list[tuple[int, int, str]] = []
    cur: list = []  # [start, end, label]
    for tok, tag in zip(tokens, tags, strict=True):
        if tag == "O":
            if cur:
                spans.append(tuple(cur))  # type: ignore[arg-type]
                cur = []
            continue
        prefix, label = tag[:2], tag[2:]
        if prefix == "I-" and cur and cur[2] == label:
            cur[1] = tok.end
        else:
            if cur:
                spans.append(tuple(cur))  # type: ignore[arg-type]
            cur = [tok.start, tok.end, label]
    if cur:
        spans.append(tuple(cur))  # type: ignore[arg-type]
    return spans
