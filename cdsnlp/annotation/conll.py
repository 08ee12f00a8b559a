"""CoNLL-style IOB2 files: ours and the CoNLL-2003 export of Label Studio.

Ours: ``token<TAB>tag`` lines, sentences separated by a blank line, and per
document ``# id = ...`` and ``# text = <JSON string>`` comment lines so the
exact text (spaces, line breaks) survives.

CoNLL-2003 (Label Studio's "CONLL2003" export): a ``-DOCSTART- -X- O`` line,
then ``token -X- _ TAG`` lines; each blank-line-separated block is one task.
Such a file has no text, so each document's text is its tokens joined by
single spaces (noted in the report). With several ``-DOCSTART-`` lines the
file is read the classic way: a document per ``-DOCSTART-``, its sentences
(blocks) joined by line breaks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..tokenizer import Token, sentences
from .iob import iob_to_spans, spans_to_iob
from .labels import LabelMap
from .report import ImportIssue, ImportReport, RawSpan, build_document
from .tokens import tokens_cut_at
from .validate import bad_edge


def to_conll(docs: Iterable[Mapping[str, Any]]) -> str:
    parts: list[str] = []
    for doc in docs:
        text = doc["text"]
        spans = sorted((e["start"], e["end"], e["label"]) for e in doc["entities"])
        tokens = tokens_cut_at(text, [x for s in spans for x in s[:2]])
        tags = spans_to_iob(tokens, spans)
        lines = [f"# id = {doc['id']}", f"# text = {json.dumps(text, ensure_ascii=False)}"]
        for a, b in sentences(tokens, text):
            lines += [f"{tokens[i].text}\t{tags[i]}" for i in range(a, b)]
            lines.append("")
        parts.append("\n".join(lines))
    return "\n".join(parts)


def _row(line: str) -> tuple[str, str]:
    if "\t" in line:
        cols = line.split("\t")
    else:
        cols = line.split(" ")
    return cols[0] if len(cols) > 2 else line.rpartition("\t" if "\t" in line else " ")[0], cols[-1].strip()


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while e - s > 1 and bad_edge(text[s:e]) and text[e - 1] in _TRAILING:
        e -= 1
    while e - s > 1 and bad_edge(text[s:e]) and text[s] in _LEADING:
        s += 1
    return s, e


_TRAILING = set(",;:!?)]}\"”’».…")
_LEADING = set("([{\"“‘«")


def read_conll(
    data: str, source: str = "<conll>", *, labels: LabelMap | None = None, **_: Any
) -> tuple[list[dict[str, Any]], list[str], ImportReport]:
    """Documents of a CoNLL file: (docs, ``file:line`` of each, report)."""
    labels = labels or LabelMap()
    report = ImportReport()
    # each document: {"id", "text" (or None), "line", "sents": [[(word, tag, line)]]}
    docs_raw: list[dict[str, Any]] = []
    cur: dict[str, Any] | None = None
    starts = 0
    ours = False

    def new(doc_id: str | None, line: int) -> dict[str, Any]:
        d = {"id": doc_id, "text": None, "line": line, "sents": [[]]}
        docs_raw.append(d)
        return d

    for n, line in enumerate(data.splitlines(), 1):
        if line.startswith("# id = "):
            ours = True
            cur = new(line[7:], n)
        elif line.startswith("# text = "):
            if cur is None:
                raise ValueError(f"{source}:{n}: '# text' before '# id'")
            cur["text"] = json.loads(line[9:])
        elif line.startswith("-DOCSTART-"):
            starts += 1
            cur = new(None, n + 1)
        elif not line.strip():
            if cur is not None and cur["sents"][-1]:
                cur["sents"].append([])
        else:
            if cur is None:
                cur = new(None, n)
            word, tag = _row(line)
            cur["sents"][-1].append((word, tag, n))
    for d in docs_raw:
        d["sents"] = [s for s in d["sents"] if s]
    if not ours and starts <= 1:  # Label Studio: one block per task
        blocks = [s for d in docs_raw for s in d["sents"]]
        docs_raw = [{"id": None, "text": None, "line": s[0][2], "sents": [s]} for s in blocks]
    docs, where_list = [], []
    for k, d in enumerate(docs_raw, 1):
        where = f"{source}:{d['line']}"
        rows = [r for s in d["sents"] for r in s]
        if not rows and d["text"] is None:
            continue
        if d["text"] is None:
            text = "\n".join(" ".join(w for w, _, _ in s) for s in d["sents"])
            report.notes.append(ImportIssue(where, "no text in the file: text rebuilt from the tokens joined by spaces"))
        else:
            text = d["text"]
        tokens, pos, ok = [], 0, True
        for word, _, n in rows:
            at = text.find(word, pos)
            if at < 0:
                report.skipped.append(ImportIssue(f"{source}:{n}", f"token {word!r} not found in the document's text"))
                ok = False
                break
            tokens.append(Token(word, at, at + len(word)))
            pos = at + len(word)
        if not ok:
            continue
        tags = [t for _, t, _ in rows]
        bad = [(t, n) for _, t, n in rows if t != "O" and t[:2] not in ("B-", "I-")]
        if bad:
            report.skipped.append(ImportIssue(f"{source}:{bad[0][1]}", f"tag {bad[0][0]!r} is not O, B-X or I-X"))
            continue
        spans = []
        for s, e, lab in iob_to_spans(tokens, tags):
            if d["text"] is None:  # whitespace-split tokens carry the punctuation after a name: trim it
                s2, e2 = _trim(text, s, e)
                if (s2, e2) != (s, e):
                    report.repaired.append(ImportIssue(where, f"{lab} {text[s:e]!r}: punctuation at the edge of the token trimmed to {text[s2:e2]!r}"))
                s, e = s2, e2
            spans.append(RawSpan(s, e, lab, text[s:e]))
        doc_id = d["id"] or f"{Path(source).stem}-{k}"
        docs.append(build_document(doc_id, text, spans, where, report, labels))
        where_list.append(where)
    return docs, where_list, report


def from_conll(data: str, **options: Any) -> list[dict[str, Any]]:
    """Documents only; raises ValueError when a document was skipped or a span rejected."""
    docs, _, report = read_conll(data, **options)
    if report.skipped or report.rejected:
        raise ValueError("; ".join(str(x) for x in report.skipped + report.rejected))
    return docs
