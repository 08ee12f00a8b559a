"""What a reader returns: the article's text and what the source said about it."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


class ReaderError(ValueError):
    """An input that cannot be read, with the reason (one line)."""


class UnsupportedFormat(ReaderError):
    """A file of a kind cdsnlp does not read (an image, an archive, a .doc ...)."""


@dataclass(frozen=True)
class Segment:
    """A stretch ``[start, end)`` of the article text and where it came from
    in the source ("page 2", "table 1, row 3", "paragraph 7", "block 4")."""

    start: int
    end: int
    where: str


@dataclass
class Article:
    """One input read as text.

    ``text`` is what cdsnlp analyses: entity offsets index it. ``segments``
    cover the text in order and say where each part came from; ``date`` is the
    article's own publication date (ISO) when the source shows one.
    """

    text: str
    format: str  # "text", "html", "pdf", "docx"
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None  # the file path, when read from a file
    encoding: str | None = None
    authors: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    def where(self, offset: int) -> str | None:
        """Where in the source the character at ``offset`` of ``text`` came from."""
        starts = [s.start for s in self.segments]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.segments[i].start <= offset < self.segments[i].end:
            return self.segments[i].where
        return None


def join_blocks(blocks: list[tuple[str, str]]) -> tuple[str, list[Segment]]:
    """Text of (block text, where) pairs, one block per line, with their segments;
    blocks are trimmed and empty ones dropped, so no two blocks run together."""
    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0
    for text, where in blocks:
        text = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
        if not text:
            continue
        if parts:
            pos += 1  # the line break before this block
        parts.append(text)
        segments.append(Segment(pos, pos + len(text), where))
        pos += len(text)
    return "\n".join(parts), segments
