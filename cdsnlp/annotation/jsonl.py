"""Reading and writing guideline-format JSONL documents."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..readers.jsonl import BOMS, jsonl_lines

__all__ = ["CorpusFormatError", "iter_jsonl_files", "jsonl_lines", "read_jsonl", "read_text"]


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


def read_text(file: str | Path) -> str:
    """The text of an annotation file: UTF-8, or what its byte-order mark says;
    :class:`CorpusFormatError` with ``file:line`` when it cannot be decoded."""
    data = Path(file).read_bytes()
    enc = next((e for bom, e in BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "; it looks like UTF-16 without a byte-order mark" if enc == "utf-8" and b"\x00" in data[:200] else ""
        raise CorpusFormatError(f"{file}:{line}: not {enc.upper().replace('-SIG', '')} ({exc.reason}){hint}: save the file as UTF-8") from None


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
