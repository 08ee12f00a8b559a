"""Reading and writing guideline-format JSONL documents."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any


class CorpusFormatError(ValueError):
    """A corpus file that is not guideline-format JSONL; says file and line."""


def iter_jsonl_files(path: str | Path) -> list[Path]:
    """``path`` itself, or every ``*.jsonl`` below it when it is a folder."""
    p = Path(path)
    if p.is_dir():
        files = sorted(p.rglob("*.jsonl"))
        if not files:
            raise FileNotFoundError(f"{p}: no .jsonl files in this folder")
        return files
    if not p.exists():
        raise FileNotFoundError(f"{p}: no such file or folder")
    return [p]


# a byte-order mark says the encoding; longest first (UTF-32-LE starts like UTF-16-LE)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def read_text(file: str | Path) -> str:
    """The text of an annotation file: UTF-8, or what its byte-order mark says;
    :class:`CorpusFormatError` with ``file:line`` when it cannot be decoded."""
    data = Path(file).read_bytes()
    enc = next((e for bom, e in _BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "; it looks like UTF-16 without a byte-order mark" if enc == "utf-8" and b"\x00" in data[:200] else ""
        raise CorpusFormatError(f"{file}:{line}: not {enc.upper().replace('-SIG', '')} ({exc.reason}){hint}: save the file as UTF-8") from None


def jsonl_lines(file: str | Path) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, line, None) for each line of ``file``, or (line number,
    None, what is wrong) for a line that cannot be decoded. UTF-8 is expected;
    a byte-order mark (UTF-8, UTF-16, UTF-32) is followed. Lines are split at
    "\n" only (JSON strings may hold U+2028)."""
    with open(file, "rb") as fh:
        head = fh.read(4)
        enc = next((e for bom, e in _BOMS if head.startswith(bom)), "utf-8")
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


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Documents of a JSONL file or folder. Raises :class:`CorpusFormatError`
    with ``file:line`` on undecodable text, invalid JSON or a record without ``text``."""
    for file in iter_jsonl_files(path):
        for n, line, bad in jsonl_lines(file):
            if bad is not None:
                raise CorpusFormatError(f"{file}:{n}: {bad}")
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusFormatError(f"{file}:{n}: invalid JSON: {exc.msg}") from None
            if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
                raise CorpusFormatError(f"{file}:{n}: a document needs a string 'text'")
            doc.setdefault("id", f"{file.stem}-{n}")
            doc.setdefault("entities", [])
            yield doc


def write_jsonl(docs: Iterable[Mapping[str, Any]], path: str | Path) -> int:
    """Write documents, one JSON object per line; returns how many."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
            n += 1
    return n
