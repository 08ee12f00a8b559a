"""The HTML view escapes everything that comes from the text: the article,
entity texts, values, record fields and names. The page is parsed back and
must hold no element or attribute that the payloads tried to inject."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

import cdsnlp
from cdsnlp.html_view import render_page
from cdsnlp.structure.records import Agency, Document, DocumentRef, Metric, Official, Role
from cdsnlp.types import Entity

PAYLOADS = [
    "<script>document.title='PWNED'</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(2)',
    "' onfocus='alert(3)' autofocus='",
    "</mark></div><svg onload=alert(4)>",
    "<a href=\"javascript:alert(5)\">x</a>",
    "<!--", "]]>", "<style>body{display:none}</style>", "<iframe src=//evil>", "&lt;script&gt;",
]
# elements a rendered page has; anything else came from a payload
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "em", "div", "mark", "span", "table", "caption", "tr", "th", "td", "br"}


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def check_page(page: str, payloads: list[str]) -> None:
    parsed = Collect()
    parsed.feed(page)
    assert set(parsed.tags) <= PAGE_TAGS, set(parsed.tags) - PAGE_TAGS
    assert {name for name, _ in parsed.attrs} <= {"lang", "charset", "class", "style"}
    assert not any("javascript:" in (v or "") for _, v in parsed.attrs)
    assert parsed.comments == []
    text = " ".join(" ".join(parsed.text).split())
    for p in payloads:  # shown as text, character for character
        assert " ".join(p.split()) in text, p


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_the_article_are_shown_as_text(payload):
    text = f"Ngày 6/6/2023, Bộ trưởng Nguyễn Văn An {payload} làm việc với Bộ Tài chính {payload}, đạt 33,3%."
    doc = cdsnlp.analyze(text)
    assert doc.entities
    check_page(render_page([(payload, doc)], title=payload), [payload])


def test_payloads_in_entities_values_and_every_record_field():
    p = PAYLOADS
    text = " ".join(p)
    ents = [Entity("OFFICIAL", text[: len(p[0])], 0, len(p[0]), {"name": p[1], "honorifics": [p[2]]}, "tagger")]
    doc = Document(
        text=text, date=p[3], entities=ents,
        officials=[Official(p[4], [p[5]], [Role(p[6], p[7])], [[0, 1]])],
        agencies=[Agency(p[8], [p[9]], [p[10]], [[0, 1]])],
        documents=[DocumentRef(p[0], p[1], p[2], p[3], 2023, p[4], p[5], [[0, 1]])],
        metrics=[Metric(p[6], p[7], 1, p[8], p[9], {"text": p[10]}, 0, 1)],
    )
    page = render_page([(p[1], doc)], title=p[2])
    check_page(page, p)
    assert "PWNED" not in page.split("<body>")[0]  # the title holds the payload only as escaped text


def test_cli_html_output_of_a_hostile_article(tmp_path):
    import subprocess
    import sys

    # JSONL input: the text as written (a .txt full of tags would be sniffed as a web page and read as one)
    src = tmp_path / "hostile.jsonl"
    lines = [json.dumps({"id": x, "text": f"Ông Nguyễn Văn An {x}, Giám đốc Sở Tài chính {x}, ngày 6/6/2023"}) for x in PAYLOADS]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "view.html"
    res = subprocess.run([sys.executable, "-m", "cdsnlp.cli", "extract", str(src), "--format", "html", "--output", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    check_page(out.read_text(encoding="utf-8"), PAYLOADS)  # each id is a heading, shown as text
