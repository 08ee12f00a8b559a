"""Word documents (.docx, python-docx), paragraphs and tables in reading order.

A data table gives one line per row with its cells separated by " | ", so no
two numbers touch. A layout table, one whose cells hold several paragraphs
(the letterhead and the signature block of an official document are laid out
this way), gives each cell's lines one after the other, column by column.
"""

from __future__ import annotations

import io

from .article import Article, ReaderError, join_blocks
from .letterhead import letterhead_date


def _cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def read_docx(data: bytes, *, source: str | None = None) -> Article:
    """A .docx file as an :class:`Article` (segments name paragraphs and table rows)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile, KeyError and lxml errors for broken files
        raise ReaderError(f"cannot read DOCX: {exc.__class__.__name__}: {exc}") from None
    blocks: list[tuple[str, str]] = []
    n_par = n_table = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            n_par += 1
            blocks.append((item.text, f"paragraph {n_par}"))
        elif isinstance(item, Table):
            n_table += 1
            rows = [[_cell_lines(c) for c in _unique_cells(row)] for row in item.rows]
            layout = any(len(lines) > 1 for row in rows for lines in row)
            for r, row in enumerate(rows, 1):
                where = f"table {n_table}, row {r}"
                if layout:
                    blocks.extend((line, where) for lines in row for line in lines)
                else:
                    blocks.append((" | ".join(" ".join(lines) for lines in row if lines), where))
    text, segments = join_blocks(blocks)
    title = document.core_properties.title or None
    return Article(text=text, format="docx", title=title, date=letterhead_date(text), source=source, segments=segments)


def _unique_cells(row):
    """A row's cells, a merged cell once (python-docx repeats it per grid column)."""
    seen = set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            yield cell
