"""All visible text of a page, each block on its own line (``--html raw``):
no main-text extraction, but block elements, line breaks, list items and
table cells kept apart so that words of different blocks never run together."""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCK = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "thead", "tbody",
    "section", "article", "header", "footer", "nav", "aside", "main", "figure", "figcaption", "blockquote", "pre", "hr", "form",
})
_CELL = frozenset({"td", "th"})
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append(" | ")

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in _HIDDEN and self._hidden:
            self._hidden -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self._title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def visible_blocks(html: str) -> list[str]:
    """The page's visible text, one block per item (the <title> is left out:
    the headline is in the body)."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    blocks = []
    for line in "".join(parser.parts).splitlines():
        line = " ".join(line.split()).strip(" |")
        if line:
            blocks.append(" | ".join(c.strip() for c in line.split(" | ") if c.strip()))
    return blocks
