"""An HTML page of analysed articles: the text with entities highlighted by
displaCy (our colours), then tables of officials, agencies, cited documents,
metrics, events and assignments."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .structure import Document
from .types import LABELS

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0 1.5em; width: 100%; font-size: .9em; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } caption { text-align: left; font-weight: bold; margin: .4em 0; }
.article { line-height: 2.2; }
"""


def _table(caption: str, head: list[str], rows: list[list[object]]) -> str:
    if not rows:
        return f"<p><em>{escape(caption)}: none found.</em></p>"
    cells = "".join("<tr>" + "".join(f"<td>{escape('' if c is None else str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><caption>{escape(caption)}</caption><tr>{''.join(f'<th>{escape(h)}</th>' for h in head)}</tr>{cells}</table>"


def render_document(name: str, doc: Document) -> str:
    """The HTML fragment of one analysed article."""
    from spacy import displacy

    from .spacy_pipeline.components import DISPLACY_COLORS

    marked = displacy.render(
        {"text": doc.text, "ents": [{"start": e.start, "end": e.end, "label": e.label} for e in doc.entities], "title": None},
        style="ent", manual=True, page=False, options={"ents": list(LABELS), "colors": DISPLACY_COLORS},
    )
    parts = [f"<h2>{escape(name)}</h2>", f"<p>Article date: {escape(doc.date or 'unknown')}</p>", f'<div class="article">{marked}</div>']
    parts.append(_table("Officials", ["Name", "Honorifics", "Roles", "Mentions"], [
        [o.name, ", ".join(o.honorifics), "; ".join(f"{r.title} — {r.agency}" if r.agency else r.title for r in o.roles), len(o.mentions)]
        for o in doc.officials
    ]))
    parts.append(_table("Agencies", ["Name", "Parent", "Abbreviations", "Aliases", "Mentions"], [
        [a.name, a.parent, ", ".join(a.abbreviations), ", ".join(a.aliases), len(a.mentions)] for a in doc.agencies
    ]))
    parts.append(_table("Cited documents", ["Document", "Type", "Number", "Code", "Issued", "Issuer"], [
        [d.text, d.doc_type, d.number, d.code, d.issued, d.issuer] for d in doc.documents
    ]))
    parts.append(_table("Metrics", ["Metric", "Kind", "Value", "Unit", "Subject", "Period", "Change", "Baseline"], [
        [m.text, m.kind, m.value, m.unit, m.subject, (m.period or {}).get("text"), m.change, (m.baseline or {}).get("text")]
        for m in doc.metrics
    ]))
    parts.append(_table("Events", ["Kind", "Date", "Place", "Chair", "Bodies"], [
        [e.kind, e.date, e.place, e.chair, "; ".join(e.bodies)] for e in doc.events
    ]))
    parts.append(_table("Assignments", ["Lead body", "Co-operating", "Task", "Deadline", "Source document"], [
        [a.lead, "; ".join(a.cooperating), a.task, a.deadline, a.source] for a in doc.assignments
    ]))
    return "\n".join(parts)


def render_page(results: Sequence[tuple[str, Document]], title: str = "cdsnlp") -> str:
    """A complete HTML page for one or more analysed articles."""
    body = "\n".join(render_document(name, doc) for name, doc in results)
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
