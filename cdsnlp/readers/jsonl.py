"""Documents as JSON lines (one object with a ``text`` string per line), read
one line at a time so that a UTF-8 file of any size needs flat memory (a
UTF-16 or UTF-32 file is decoded whole)."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

# a byte-order mark says the encoding; longest first (UTF-32-LE starts like UTF-16-LE)
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def jsonl_lines(file: str | Path) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, line, None) for each line of ``file``, or (line number,
    None, what is wrong) for a line that cannot be decoded. UTF-8 is expected;
    a byte-order mark (UTF-8, UTF-16, UTF-32) is followed. Lines are split at
    "\n" only (JSON strings may hold U+2028)."""
    with open(file, "rb") as fh:
        head = fh.read(4)
        enc = next((e for bom, e in BOMS if head.startswith(bom)), "utf-8")
        fh.seek(0)
        if enc in ("utf-16", "utf-32"):
            try:
                lines = fh.read().decode(enc).split("\n")
            except UnicodeDecodeError as exc:
                yield 1, None, f"not valid {enc.upper()} ({exc.reason} at byte {exc.start})"
                return
            for n, line in enumerate(lines, 1):
                yield n, line, None
            return
        for n, raw in enumerate(fh, 1):
            try:
                yield n, raw.decode("utf-8-sig" if n == 1 else "utf-8"), None
            except UnicodeDecodeError as exc:
                hint = "; it looks like UTF-16 without a byte-order mark" if b"\x00" in raw else ""
                yield n, None, f"not UTF-8 ({exc.reason} at byte {exc.start} of the line){hint}: save the file as UTF-8"


def jsonl_records(f: Path, on_error: Callable[[str, str], None]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of every line of ``f`` holding an object with a
    ``text`` string. Other lines go to ``on_error("FILE:LINE", why)``; blank
    lines are passed over. A byte-order mark is followed (:func:`jsonl_lines`); a
    line that cannot be decoded is reported and skipped, as is the file when it cannot be opened."""
    try:
        for n, line, problem in jsonl_lines(f):
            if problem is not None:
                on_error(f"{f}:{n}", f"skipped: {problem}")
                continue
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                on_error(f"{f}:{n}", f"skipped: {exc.__class__.__name__}: {exc}")
                continue
            if not isinstance(rec, dict):
                on_error(f"{f}:{n}", f"skipped: a JSON {type(rec).__name__}, not an object with a 'text' string")
            elif not isinstance(rec.get("text"), str):
                on_error(f"{f}:{n}", "skipped: no 'text' string" if "text" not in rec else "skipped: 'text' is not a string")
            else:
                yield n, rec
    except OSError as exc:
        on_error(str(f), f"cannot read: {exc.strerror or exc}")


def record_id(rec: dict[str, Any], default: str) -> str:
    """A record's ``id`` as text, or ``default`` (its ``FILE:LINE``) when it has none."""
    return str(rec["id"]) if rec.get("id") is not None else default


def record_date(rec: dict[str, Any]) -> str | None:
    """A record's ``date`` as the text the pipeline reads (an ISO date): a
    string as written, a date or datetime (a Parquet date column) in ISO form;
    anything else (a number, a list ...) is no date, the same in every command."""
    value = rec.get("date")
    if isinstance(value, str):
        return value
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return None
