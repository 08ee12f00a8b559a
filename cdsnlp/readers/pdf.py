"""Text PDFs (pypdf: pure Python, installs from a wheel everywhere).

Pages are read in layout mode so that columns stay apart; a run of lines
that are split in two columns by a wide gap (the letterhead of an official
document: «ỦY BAN NHÂN DÂN TỈNH X» beside «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»)
is written column by column instead of interleaving the two. A PDF with no
text layer (a scan) is reported as such, never returned as an empty article.
"""

from __future__ import annotations

import io
import re

from .article import Article, ReaderError, join_blocks
from .letterhead import letterhead_date

_GAP = re.compile(r" {3,}")


def _columns(lines: list[str]) -> list[str]:
    """Lines of one page. A run of lines split by wide gaps is a table when it has
    three cells or more (or numbers), written one row a line with cells apart,
    or else a two-column layout, written left column first."""
    out: list[str] = []
    run: list[list[str]] = []

    def flush() -> None:
        if not run:
            return
        table = any(len(cells) > 2 or any(c[:1].isdigit() for c in cells[1:]) for cells in run)
        if table:
            out.extend(" | ".join(cells) for cells in run)
        else:
            out.extend(cells[0] for cells in run)
            out.extend(cells[1] for cells in run if len(cells) > 1)
        run.clear()

    for line in lines:
        cells = [c for c in _GAP.split(line.strip()) if c]
        if len(cells) > 1 and len(line.strip()) < 200:
            run.append(cells)
        else:
            flush()
            out.append(line.strip())
    flush()
    return [line for line in out if line]


def read_pdf(data: bytes, *, source: str | None = None) -> Article:
    """A text PDF as an :class:`Article` (segments name the page of each line)."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not ours to print

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReaderError("encrypted PDF (a password is needed)")
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ReaderError(f"cannot read PDF: {exc}") from None
    blocks = [(line, f"page {n}") for n, page in enumerate(pages, 1) for line in _columns(page.splitlines())]
    text, segments = join_blocks(blocks)
    if not text.strip():
        raise ReaderError(f"PDF with no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''}: a scanned document?); run OCR first")
    meta = reader.metadata or {}
    title = meta.get("/Title") if hasattr(meta, "get") else None
    return Article(text=text, format="pdf", title=str(title) if title else None, date=letterhead_date(text), source=source, segments=segments)
