"""Which main-text extractor keeps the article and drops the furniture best,
on the web-page fixtures (tests/fixtures/inputs/*.html, written in the shapes
Vietnamese portals produce: menus, breadcrumbs, tickers, data tables, lead
paragraphs in their own element, related-article and most-read lists).

For each extractor: the share of the article's lines kept, the furniture
strings that leak through, and the entities cdsnlp finds in its output
against the page's expected entities (precision = the share of entities that
come from the article; matched as (label, text) multisets). "visible text" is
all of a page's visible text, which is what `cdsnlp extract` read before the
readers (`--html raw`).

    .venv/bin/python benchmarks/html_extractors.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import cdsnlp
from cdsnlp.readers.html import decode_html, read_html
from cdsnlp.readers.visible import visible_blocks

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "inputs"


def _blocks_text(html: str) -> str:
    return "\n".join(visible_blocks(html))


def ours(html: str) -> str:
    return read_html(html).text


def trafilatura_defaults(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_tables=True) or ""


def readability(html: str) -> str:
    from readability import Document

    doc = Document(html)
    return doc.title() + "\n" + _blocks_text(doc.summary(html_partial=True))


def justext_(html: str) -> str:
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("Vietnamese"), encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


EXTRACTORS = {
    "cdsnlp.read (trafilatura + headline, lead, captions, furniture)": ours,
    "trafilatura 2 defaults": trafilatura_defaults,
    "readability-lxml": readability,
    "jusText (Vietnamese stoplist)": justext_,
    "visible text (before: no extraction)": _blocks_text,
}


def _norm(s: str) -> str:
    return " ".join(s.split())


def main() -> None:
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["documents"]
    pages = {name: v for name, v in expected.items() if name.endswith(".html")}
    print(f"{len(pages)} pages: {', '.join(pages)}\n")
    print(f"{'extractor':<64} {'lines kept':>10} {'furniture':>9} {'ent. P':>7} {'ent. R':>7} {'ent. F1':>7}")
    for label, fn in EXTRACTORS.items():
        kept = total = leaked = tp = n_pred = n_gold = 0
        for name, want in pages.items():
            html, _ = decode_html((FIXTURES / name).read_bytes())
            try:
                text = fn(html)
            except Exception as exc:  # an extractor that fails on a page keeps nothing of it
                print(f"  {label} failed on {name}: {exc.__class__.__name__}: {exc}")
                text = ""
            flat = _norm(text)
            kept += sum(_norm(line) in flat for line in want["article"])
            total += len(want["article"])
            leaked += sum(f in text for f in want["absent"])
            gold = Counter(tuple(e) for e in want["entities"])
            pred = Counter((e.label, e.text) for e in cdsnlp.extract(text))
            tp += sum((gold & pred).values())
            n_pred += sum(pred.values())
            n_gold += sum(gold.values())
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        furniture = sum(len(v["absent"]) for v in pages.values())
        print(f"{label:<64} {kept:>4}/{total:<5} {leaked:>3}/{furniture:<5} {p:>7.3f} {r:>7.3f} {f:>7.3f}")


if __name__ == "__main__":
    main()
