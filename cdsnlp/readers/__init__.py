"""Input readers: files and bytes as they come (web pages, PDF, Word, text in
any encoding Vietnamese text still comes in) read into an :class:`Article`.

The format is told from the content (a ``.txt`` that is really a PDF is read
as a PDF); the file name's suffix only decides between HTML and plain text.
Heavy libraries (trafilatura, pypdf, python-docx, charset-normalizer) are
imported by the reader that needs them, when it is first used.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .article import Article, ReaderError, Segment, UnsupportedFormat
from .encodings import DecodeError, decode_bytes

__all__ = ["SUFFIXES", "Article", "ReaderError", "Segment", "UnsupportedFormat", "iter_files", "read"]

# what a folder is searched for; other files in a folder are skipped and counted
SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".pdf", ".docx"})

_SIGNATURES = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"RIFF", "a RIFF (WebP/AVI/WAV) file"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc/.xls): save it as .docx"), (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"), (b"%!PS", "a PostScript file"), (b"{\\rtf", "an RTF file: save it as .docx"),
)


def sniff(data: bytes, name: str = "") -> str:
    """``"pdf"``, ``"docx"``, ``"html"`` or ``"text"``; raises :class:`UnsupportedFormat` for other files."""
    head = data[:8]
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        import io

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            raise UnsupportedFormat("a broken ZIP file") from None
        raise UnsupportedFormat("a ZIP archive (unpack it and give the files)")
    for sig, what in _SIGNATURES:
        if head.startswith(sig):
            raise UnsupportedFormat(what)
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    start = data[:2048].lstrip().lower()
    for bom in (b"\xef\xbb\xbf",):
        start = start.removeprefix(bom)
    if start.startswith((b"<!doctype html", b"<html")) and suffix not in (".txt", ".text"):
        return "html"
    return "text"


def read(source: str | os.PathLike[str] | bytes, *, encoding: str | None = None, html: str = "main", name: str | None = None) -> Article:
    """Read a file (a path) or its bytes into an :class:`Article`.

    Args:
        source: a path, or the file's bytes.
        encoding: force the text encoding (``utf-8``, ``cp1258``, ``tcvn3``, ``vni`` ...).
        html: ``"main"`` (the article's main text) or ``"raw"`` (all visible text).
        name: a file name for bytes (its suffix helps tell HTML from text).
    Raises:
        ReaderError: the input cannot be read, with the reason
            (:class:`UnsupportedFormat` for images, archives, .doc ...).
    """
    path = None
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            raise ReaderError(f"{path} is a folder")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReaderError(f"cannot read: {exc.strerror or exc}") from None
        name = name or path.name
    else:
        raise TypeError(f"read() takes a path or bytes, not {type(source).__name__}")
    fmt = sniff(data, name or "")
    src = str(path) if path else None
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, source=src)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, source=src)
    if fmt == "html":
        from .html import read_html

        return read_html(data, encoding=encoding, mode=html, source=src)
    try:
        text, enc = decode_bytes(data, encoding)
    except DecodeError as exc:
        raise ReaderError(str(exc)) from None
    return Article(text=text, format="text", source=src, encoding=enc, segments=[Segment(0, len(text), "text")] if text else [])


def not_regular(path: Path) -> str:
    """Why ``path`` (that is not a regular file) cannot be read: a symlink
    loop, a broken link, a FIFO, a socket or a device."""
    import errno
    import stat

    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "not a regular file (a symlink loop)"
        if path.is_symlink():
            return "not a regular file (a broken symlink)"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISFIFO(mode):
        return "not a regular file (a FIFO): skipped, it could block"
    if stat.S_ISSOCK(mode):
        return "not a regular file (a socket)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (a device)"
    return "not a regular file"


def iter_files(paths: list[str], on_error: Callable[[str, str], None], on_skip: Callable[[str], None] | None = None,
               *, suffixes: Iterable[str] | None = None) -> Iterator[Path]:
    """Files to read from ``paths``: files as given, folders searched recursively
    for ``suffixes`` (by default :data:`SUFFIXES` and ``.jsonl``). A missing
    path, a broken link or a FIFO goes to ``on_error(name, reason)``; a file of
    another type inside a folder to ``on_skip(name)``."""
    wanted = frozenset(suffixes) if suffixes is not None else SUFFIXES | {".jsonl"}
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_dir():
                    continue
                if f.suffix.lower() not in wanted:
                    if on_skip is not None:
                        on_skip(str(f))
                elif not f.is_file():
                    on_error(str(f), not_regular(f))
                else:
                    yield f
        elif path.is_file():
            yield path
        elif path.exists() or path.is_symlink():
            on_error(p, not_regular(path))
        else:
            on_error(p, "no such file or folder")
