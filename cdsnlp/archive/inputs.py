"""Articles to index, streamed from files and folders.

Yields plain dicts (``id``, ``text``, ``url``, ``date``, ``source``) one at a
time, so memory does not grow with the archive; anything that cannot be read
is reported through ``on_error(source, reason)`` and never silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".parquet")
ErrorSink = Callable[[str, str], None]


def _decode(path: Path) -> str:
    """Text of a .txt/.html file as ``cdsnlp extract`` reads it."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".html", ".htm"):
        from ..cli import html_to_text

        return html_to_text(raw)
    return raw


def _files(paths: list[str], on_error: ErrorSink) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.suffix.lower() in SUFFIXES:
                    if f.is_file():
                        yield f
                    else:  # broken link, FIFO, folder named like a file
                        on_error(str(f), "not a regular file")
        elif path.is_file():
            yield path
        else:
            on_error(p, "no such file or folder")


def _jsonl(path: Path, on_error: ErrorSink) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", errors="strict") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                    raise ValueError("no string 'text' field")
            except ValueError as exc:
                on_error(f"{path}:{n}", f"skipped: {exc}")
                continue
            yield {
                "id": str(rec.get("id") or f"{path}:{n}"), "text": rec["text"], "url": rec.get("url"),
                "date": rec.get("date"), "source": rec.get("source") or str(path),
            }


def _parquet(path: Path, text_column: str, on_error: ErrorSink) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names
    if text_column not in names:
        on_error(str(path), f"no column {text_column!r} (columns: {', '.join(names)})")
        return
    wanted = [c for c in (text_column, "id", "url", "date", "source") if c in names]
    row_no = 0
    for batch in pf.iter_batches(batch_size=512, columns=wanted):
        for rec in batch.to_pylist():
            row_no += 1
            text = rec.get(text_column)
            if not isinstance(text, str):
                on_error(f"{path}:{row_no}", f"skipped: {text_column!r} is not a string")
                continue
            date = rec.get("date")
            yield {
                "id": str(rec.get("id") or f"{path}:{row_no}"), "text": text, "url": rec.get("url"),
                "date": date.isoformat() if hasattr(date, "isoformat") else date, "source": rec.get("source") or str(path),
            }


def iter_articles(paths: list[str], on_error: ErrorSink, *, text_column: str = "text") -> Iterator[dict[str, Any]]:
    """Articles from files and folders (recursively: .txt, .html, .jsonl, .parquet)."""
    for f in _files(paths, on_error):
        suffix = f.suffix.lower()
        try:
            if suffix == ".jsonl":
                yield from _jsonl(f, on_error)
            elif suffix == ".parquet":
                yield from _parquet(f, text_column, on_error)
            elif suffix in SUFFIXES:
                yield {"id": str(f), "text": _decode(f), "url": None, "date": None, "source": str(f)}
            else:
                on_error(str(f), f"unsupported file type {suffix or '(none)'}")
        except (OSError, UnicodeDecodeError) as exc:
            on_error(str(f), f"cannot read: {exc}")
        except Exception as exc:  # a corrupt Parquet file raises pyarrow's own errors
            on_error(str(f), f"cannot read: {exc.__class__.__name__}: {exc}")
