"""Inputs listed in one process and read in another.

``cdsnlp extract --jobs`` and ``cdsnlp index --jobs`` list their inputs in
the parent and let the workers read them: a saved web page costs more to read
(main-text extraction) than its text to analyse, so reading in the parent
would leave the workers waiting. Both commands read a file the same way here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .article import Article, ReaderError


@dataclass(frozen=True)
class FileToRead:
    """A file to be read by :func:`read_deferred`, with the reading options."""

    path: str
    encoding: str | None = None
    html: str = "main"


class Unreadable(NamedTuple):
    """An input that could not be listed or read: its name and why. Kept in
    its place among the inputs, so that errors are reported in the same
    order whatever the number of workers."""

    name: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.name}: {self.reason}"


def read_deferred(item: FileToRead) -> Article | Unreadable:
    """The article of ``item``, or why it cannot be read. A reader's own bug
    on an odd file is reported the same way: one bad file never stops a run
    over thousands."""
    from . import read

    try:
        return read(Path(item.path), encoding=item.encoding, html=item.html)
    except (ReaderError, OSError) as exc:
        return Unreadable(item.path, f"cannot read: {exc}")
    except Exception as exc:
        return Unreadable(item.path, f"cannot read: {exc.__class__.__name__}: {exc}")
