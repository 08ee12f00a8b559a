"""Tagging a long document in windows, with the same result as in one piece.

Tokens and their feature lists take far more memory than the text (about
100 MiB per MB of input when a whole document is tagged at once). Long
documents are therefore tokenized and tagged one window of about
:data:`WINDOW` characters at a time. A window ends only where the tagger
itself would cut a sentence and nothing can run across: just after a line
break, before a letter that starts a line that is not in capitals (the
tokenizer never carries a token over such a place, the sentence splitter
always cuts there), and never inside a rule entity (its tags are features).
The tagger sees the same sentences with the same features, so the spans are
the same as those of the whole document; a span still open at the end of a
window continues into the next one exactly as :func:`iob_to_spans` would
continue it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from .annotation.iob import iob_to_spans
from .confidence import TokenScores
from .tagger.crf import CRFTagger
from .tokenizer import tokenize

WINDOW = 1 << 16  # characters tagged at a time
_LETTER = re.compile(r"[^\W\d_]")


def window_bounds(text: str, spans: Sequence[tuple[int, int, str]], size: int = WINDOW) -> Iterator[tuple[int, int]]:
    """[start, end) windows covering ``text``, each at least ``size``
    characters long (except the last), cut only at safe places (see the
    module's docstring). ``spans``: the rule entities, sorted by start."""
    starts = [s for s, _, _ in spans]
    n, a = len(text), 0
    while n - a > 2 * size:
        p = text.find("\n", a + size)
        cut = None
        while p != -1 and p + 1 < n:
            q = p + 1
            eol = text.find("\n", q)
            line = text[q : eol if eol != -1 else n]
            k = bisect.bisect_left(starts, q) - 1  # the last entity starting before q
            if _LETTER.match(text, q) and not line.isupper() and (k < 0 or spans[k][1] <= q):
                cut = q
                break
            p = eol
        if cut is None:
            break
        yield a, cut
        a = cut
    yield a, n


def tag_in_windows(
    tagger: CRFTagger, text: str, rule_spans: Sequence[tuple[int, int, str]], size: int = WINDOW, scores: TokenScores | None = None
) -> list[tuple[int, int, str]]:
    """``tagger.tag(text, tokenize(text), rule_spans)``, computed window by
    window; with ``scores``, the tag marginals of entity tokens are added to it."""
    if len(text) <= 2 * size or tagger.config.underthesea:  # underthesea features see the whole text
        tokens = tokenize(text)
        if scores is None:
            return tagger.tag(text, tokens, rule_spans)
        spans, marginals = tagger.tag_scored(text, tokens, rule_spans)
        scores.add(tokens, marginals)
        return spans
    starts = [s for s, _, _ in rule_spans]
    out: list[tuple[int, int, str]] = []
    last = "O"  # the tag of the previous window's last token
    for a, b in window_bounds(text, rule_spans, size):
        piece = text[a:b]
        tokens = tokenize(piece)
        if not tokens:
            continue
        rules = [(s - a, e - a, label) for s, e, label in rule_spans[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)]]
        if scores is None:
            tags = tagger.tags(piece, tokens, rules)
        else:
            marginals: list[tuple[int, float]] = []
            tags = tagger.tags(piece, tokens, rules, marginals)
            scores.add(tokens, marginals, a)
        spans = [(s + a, e + a, label) for s, e, label in iob_to_spans(tokens, tags)]
        if spans and last != "O" and out and tags[0] == "I-" + out[-1][2]:
            out[-1] = (out[-1][0], spans[0][1], out[-1][2])  # the open span goes on
            spans = spans[1:]
        out += spans
        last = tags[-1]
    return out
