"""Web pages: the article's main text, headline, lead, date and byline.

Main-text extraction is trafilatura's (it scored best at keeping the article
and dropping menus, footers and related-article lists on our fixture pages:
see the README). Around it: the page's declared charset, tables as one line
per row with cells apart, the lead paragraph and the headline kept, the date
read next to the headline before any other, and page furniture (view
counters, share widgets, «Tin liên quan» lists) dropped by the patterns in
``resources/page_furniture.json``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ..resources import load_json
from .article import Article, ReaderError, join_blocks
from .encodings import DecodeError, decode_bytes

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_TABLE_RULE = re.compile(r"^\|?(\s*:?-{3,}:?\s*\|)+\s*$")
_FIGURE = re.compile(r"<(/?)fig(ure|caption)(?=[\s>/])", re.I)
_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")


@cache
def _furniture() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_json("page_furniture.json")
    line = re.compile("|".join(f"(?:{p})" for p in data["lines"]), re.I)
    stop = re.compile("|".join(f"(?:{p})" for p in data["list_headings"]), re.I)
    return line, stop


def decode_html(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The page as text: a forced ``encoding``, else the charset the page declares, else detected."""
    if encoding is None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii")
            try:
                # Windows-1258 decodes to base letters plus combining tones: compose them
                return unicodedata.normalize("NFC", data.decode(declared)), declared.lower()
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration: detect instead
    return decode_bytes(data, encoding)


def _iso(day: str, month: str, year: str) -> str | None:
    d, m, y = int(day), int(month), int(year)
    if 1 <= d <= 31 and 1 <= m <= 12 and 1990 <= y <= 2100:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def headline_date(html: str) -> str | None:
    """The date printed next to the headline (the byline or time stamp), if any:
    the first date in the 400 characters of visible text after the first <h1>."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for t in root.iter("time"):
        if (dt := t.get("datetime")) and (m := re.match(r"(\d{4})-(\d{2})-(\d{2})", dt)):
            return _iso(m.group(3), m.group(2), m.group(1))
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return None
    seen = []
    size = 0
    for el in h1.itersiblings():
        if el.tag in ("script", "style"):
            continue
        text = " ".join(el.text_content().split())
        seen.append(text)
        size += len(text)
        if size > 400:
            break
    if not seen and h1.getparent() is not None:  # the byline may follow the headline's container
        for el in h1.getparent().itersiblings():
            seen.append(" ".join(el.text_content().split()))
            if sum(map(len, seen)) > 400:
                break
    m = _DATE.search(" ".join(seen)[:400])
    return _iso(*m.groups()) if m else None


def _clean_lines(text: str) -> list[str]:
    """Lines of trafilatura's text, furniture and table rules dropped, table rows
    as cells separated by " | "."""
    furniture, list_heading = _furniture()
    out: list[str] = []
    skipping = False
    for line in text.splitlines():
        line = line.strip()
        if not line or _TABLE_RULE.match(line):
            continue
        if list_heading.fullmatch(line):
            skipping = True  # a «Tin liên quan» list: its items are other articles
            continue
        if skipping:
            if len(line) < 160 and not line.endswith((".", ":", "!", "?")):
                continue
            skipping = False
        if furniture.search(line):
            continue
        if line.startswith("|") and line.endswith("|"):
            line = " | ".join(c.strip() for c in line.strip("|").split("|"))
        out.append(line)
    return out


def read_html(data: bytes | str, *, encoding: str | None = None, mode: str = "main", source: str | None = None) -> Article:
    """A web page as an :class:`Article`.

    Args:
        data: the page (bytes, or text already decoded).
        encoding: force the page's encoding.
        mode: ``"main"`` (the article only) or ``"raw"`` (all visible text, blocks apart).
    """
    if isinstance(data, bytes):
        try:
            html, enc = decode_html(data, encoding)
        except DecodeError as exc:
            raise ReaderError(str(exc)) from None
    else:
        html, enc = data, None
    html = unicodedata.normalize("NFC", html)
    if mode == "raw":
        from .visible import visible_blocks

        text, segments = join_blocks([(b, f"block {i}") for i, b in enumerate(visible_blocks(html), 1)])
        return Article(text=text, format="html", source=source, encoding=enc, segments=segments)
    if mode != "main":
        raise ValueError(f"html mode must be 'main' or 'raw', not {mode!r}")
    import trafilatura

    # trafilatura drops <figure> with its caption; the caption is article text
    # (the guideline annotates the people in it and the photo credit)
    html = _FIGURE.sub(lambda m: f"<{m.group(1)}{'p' if m.group(2).lower() == 'caption' else 'div'}", html)
    doc = trafilatura.bare_extraction(html, include_tables=True, include_comments=False, with_metadata=True, deduplicate=False)
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    lines = _clean_lines(meta.get("text") or "")
    title = meta.get("title")
    if title and lines and " ".join(title.split()) != lines[0] and title not in lines[:3]:
        lines.insert(0, " ".join(title.split()))
    authors = [a.strip() for a in re.split(r";|,", meta.get("author") or "") if a.strip()]
    if authors and lines and not any(a in lines[-1] for a in authors):
        lines.append(", ".join(authors))  # the byline is part of the article
    text, segments = join_blocks([(line, f"block {i}") for i, line in enumerate(lines, 1)])
    return Article(
        text=text, format="html", title=title, date=headline_date(html) or meta.get("date"), url=meta.get("url"),
        source=source, encoding=enc, authors=authors, segments=segments,
    )
