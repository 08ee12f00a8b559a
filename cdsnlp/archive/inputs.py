"""Articles from files and folders, one dict at a time (streaming).

Each article is ``{"id", "text", "source", "url", "source_name", "date", "authors"}``.
Web pages, PDF, DOCX and text files are read by :mod:`cdsnlp.readers`, as by
``cdsnlp extract`` (main text, the page's date and byline, any encoding);
.jsonl lines give ``text`` and optional ``id``/``url``/``date``/``source``;
Parquet files give the column named by ``text_column`` (and ``id``, ``url``,
``date``, ``source`` columns when present).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..readers import SUFFIXES as READER_SUFFIXES
from ..readers import iter_files
from ..readers.deferred import FileToRead, Unreadable, read_deferred
from ..readers.jsonl import jsonl_records, record_date, record_id

SUFFIXES = (*sorted(READER_SUFFIXES), ".jsonl", ".parquet")

Article = dict[str, Any]
OnError = Callable[[str, str], None]


def _meta(rec: dict[str, Any], default_id: str, path: Path) -> Article:
    return {
        "id": record_id(rec, default_id),
        "text": rec["text"],
        "source": str(path),
        "url": rec.get("url") if isinstance(rec.get("url"), str) else None,
        "source_name": rec.get("source") if isinstance(rec.get("source"), str) else None,
        "date": record_date(rec),
    }


def _jsonl(f: Path, on_error: OnError) -> Iterator[Article]:
    for n, rec in jsonl_records(f, on_error):
        yield _meta(rec, f"{f}:{n}", f)


def _parquet(f: Path, text_column: str, on_error: OnError) -> Iterator[Article]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(f)
    names = pf.schema_arrow.names
    if text_column not in names:
        on_error(str(f), f"no column {text_column!r} (columns: {', '.join(names)}); use --text-column")
        return
    cols = [c for c in (text_column, "id", "url", "date", "source") if c in names]
    n = 0
    for batch in pf.iter_batches(batch_size=256, columns=cols):
        for rec in batch.to_pylist():
            n += 1
            if not isinstance(rec.get(text_column), str):
                on_error(f"{f}:{n}", f"skipped: {text_column!r} is not a string")
                continue
            rec["text"] = rec.pop(text_column) if text_column != "text" else rec["text"]
            yield _meta(rec, f"{f}:{n}", f)


def iter_sources(paths: list[str], on_error: OnError, *, text_column: str = "text") -> Iterator[Article | FileToRead]:
    """The articles of :func:`iter_articles`, in the same order, with the files
    that :mod:`cdsnlp.readers` reads left as :class:`FileToRead`."""
    for f in iter_files(paths, on_error, suffixes=SUFFIXES):
        suffix = f.suffix.lower()
        if suffix not in (".jsonl", ".parquet"):
            yield FileToRead(str(f))
            continue
        try:
            yield from _jsonl(f, on_error) if suffix == ".jsonl" else _parquet(f, text_column, on_error)
        except OSError as exc:
            on_error(str(f), f"cannot read: {exc}")
        except Exception as exc:  # a broken Parquet file: report it by name, go on
            on_error(str(f), f"cannot read: {exc.__class__.__name__}: {exc}")


def read_file(item: FileToRead) -> Article | Unreadable:
    """The article of a file read by :mod:`cdsnlp.readers`, or why it cannot be read."""
    art = read_deferred(item)
    if isinstance(art, Unreadable):
        return art
    return {"id": item.path, "text": art.text, "source": item.path, "url": art.url, "source_name": None, "date": art.date,
            "authors": list(art.authors)}


def read_sources(items: list[Article | FileToRead], on_error: OnError, read: Iterable[Article | Unreadable] | None = None) -> list[Article]:
    """``items`` with their files read: ``read`` gives the :func:`read_file`
    results of the files in order (a worker pool's, under ``--jobs``), else
    they are read here; unreadable files go to ``on_error`` in order."""
    results = iter(read) if read is not None else (read_file(x) for x in items if isinstance(x, FileToRead))
    out = []
    for item in items:
        if isinstance(item, FileToRead):
            item = next(results)
            if isinstance(item, Unreadable):
                on_error(item.name, item.reason)
                continue
        out.append(item)
    return out


def iter_articles(paths: list[str], on_error: OnError, *, text_column: str = "text") -> Iterator[Article]:
    """Articles of ``paths`` (files or folders, recursively), in a stable order;
    unreadable inputs go to ``on_error(name, message)`` and are skipped."""
    for item in iter_sources(paths, on_error, text_column=text_column):
        yield from read_sources([item], on_error)
