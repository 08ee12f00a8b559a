"""Articles from files and folders, one dict at a time (streaming).

Each article is ``{"id", "text", "source", "url", "source_name", "date", "authors"}``.
Web pages, PDF, DOCX and text files are read by :mod:`cdsnlp.readers`, as by
``cdsnlp extract`` (main text, the page's date and byline, any encoding);
.jsonl lines give ``text`` and optional ``id``/``url``/``date``/``source``;
Parquet files give the column named by ``text_column`` (and ``id``, ``url``,
``date``, ``source`` columns when present).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..readers import SUFFIXES as READER_SUFFIXES
from ..readers import not_regular

SUFFIXES = (*sorted(READER_SUFFIXES), ".jsonl", ".parquet")

Article = dict[str, Any]
OnError = Callable[[str, str], None]


def _files(paths: list[str], on_error: OnError) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(f for f in path.rglob("*") if f.suffix.lower() in SUFFIXES and not f.is_dir()):
                if f.is_file():
                    yield f
                else:  # a broken link, a symlink loop, a FIFO: reported, not read (a FIFO would block)
                    on_error(str(f), not_regular(f))
        elif path.is_file():
            yield path
        elif path.exists() or path.is_symlink():
            on_error(p, not_regular(path))
        else:
            on_error(p, "no such file or folder")


def _meta(rec: dict[str, Any], default_id: str, path: Path) -> Article:
    date = rec.get("date")
    return {
        "id": str(rec["id"]) if rec.get("id") is not None else default_id,
        "text": rec["text"],
        "source": str(path),
        "url": rec.get("url") if isinstance(rec.get("url"), str) else None,
        "source_name": rec.get("source") if isinstance(rec.get("source"), str) else None,
        "date": str(date) if date is not None else None,
    }


def _jsonl(f: Path, on_error: OnError) -> Iterator[Article]:
    with f.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                    raise TypeError("no 'text' string")
            except (ValueError, TypeError) as exc:
                on_error(f"{f}:{n}", f"skipped: {exc.__class__.__name__}: {exc}")
                continue
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


def iter_articles(paths: list[str], on_error: OnError, *, text_column: str = "text") -> Iterator[Article]:
    """Articles of ``paths`` (files or folders, recursively), in a stable order;
    unreadable inputs go to ``on_error(name, message)`` and are skipped."""
    for f in _files(paths, on_error):
        suffix = f.suffix.lower()
        try:
            if suffix == ".jsonl":
                yield from _jsonl(f, on_error)
                continue
            if suffix == ".parquet":
                yield from _parquet(f, text_column, on_error)
                continue
            from ..readers import ReaderError, read

            art = read(f)
        except ReaderError as exc:
            on_error(str(f), f"cannot read: {exc}")
            continue
        except OSError as exc:
            on_error(str(f), f"cannot read: {exc}")
            continue
        except Exception as exc:  # a broken Parquet file: report it by name, go on
            on_error(str(f), f"cannot read: {exc.__class__.__name__}: {exc}")
            continue
        yield {"id": str(f), "text": art.text, "source": str(f), "url": art.url, "source_name": None, "date": art.date,
               "authors": list(art.authors)}
