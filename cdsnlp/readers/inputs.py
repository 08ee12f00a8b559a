"""The documents the commands read: files, folders (recursively) or stdin,
each read by :mod:`cdsnlp.readers` into an :class:`Item`. Files can be left
to be read where they are analysed (:func:`iter_deferred`, :func:`resolve`:
the workers of ``--jobs``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass

from .deferred import FileToRead, Unreadable, read_deferred


@dataclass
class Item:
    name: str
    text: str
    date: str | None = None  # the publication date the reader found (ISO)
    authors: tuple[str, ...] = ()  # the byline's names the reader found


def iter_inputs(paths: list[str], errors: list[str], *, encoding: str | None = None, html: str = "main",
                skipped: list[str] | None = None) -> Iterator[Item]:
    """Documents from files, folders (recursive) or stdin, read by :mod:`cdsnlp.readers`;
    unreadable inputs are reported in ``errors``, files of other types inside
    folders in ``skipped``."""
    for item in iter_deferred(paths, encoding=encoding, html=html, skipped=skipped):
        item = resolve(item)
        if isinstance(item, Unreadable):
            errors.append(item.message)
        else:
            yield item


def iter_deferred(paths: list[str], *, encoding: str | None = None, html: str = "main",
                  skipped: list[str] | None = None) -> Iterator[Item | FileToRead | Unreadable]:
    """The inputs of :func:`iter_inputs`, in the same order, with files left to
    be read by :func:`resolve` where they are analysed and errors in their place."""
    from . import ReaderError, iter_files, read
    from .jsonl import jsonl_records, record_date, record_id

    if not paths or paths == ["-"]:
        try:
            art = read(sys.stdin.buffer.read(), encoding=encoding, html=html)
        except ReaderError as exc:
            yield Unreadable("<stdin>", f"cannot read: {exc}")
            return
        yield Item("<stdin>", art.text, art.date, tuple(art.authors))
        return
    pending: list[Unreadable] = []  # errors met while listing or reading a JSONL file, yielded in place

    def note(name: str, reason: str) -> None:
        pending.append(Unreadable(name, reason))

    def flush() -> Iterator[Unreadable]:
        yield from pending
        pending.clear()

    for f in iter_files(paths, note, skipped.append if skipped is not None else None):
        yield from flush()
        if f.suffix.lower() == ".jsonl":
            for n, rec in jsonl_records(f, note):
                yield from flush()
                yield Item(record_id(rec, f"{f}:{n}"), rec["text"], record_date(rec))
            yield from flush()
        else:
            yield FileToRead(str(f), encoding, html)
    yield from flush()


def resolve(item: Item | FileToRead | Unreadable) -> Item | Unreadable:
    """The :class:`Item` of a file to read, or why it cannot be read."""
    if not isinstance(item, FileToRead):
        return item
    art = read_deferred(item)
    if isinstance(art, Unreadable):
        return art
    return Item(item.path, art.text, art.date, tuple(art.authors))
