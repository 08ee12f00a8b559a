"""Converters between our JSONL documents and other annotation formats.

Every converter works both ways and is lossless for text and offsets:
``from_x(to_x(docs)) == docs``.

- CoNLL-2003 style IOB2: ``token<TAB>tag`` lines, sentences separated by a
  blank line, and per document ``# id = ...`` and ``# text = <JSON string>``
  comment lines so the exact text (spaces, line breaks) survives.
- spaCy ``DocBin``: one ``Doc`` per document, tokens cut at entity edges so
  every span is a token span; ``doc.user_data["id"]`` keeps the id.
- Doccano sequence-labelling JSONL: ``{"id", "text", "label": [[start, end, "LABEL"]]}``.
- Label Studio JSON export: tasks with ``data.text`` and
  ``annotations[0].result[].value = {start, end, text, labels}``.
- Our inline markup (``<LABEL>span</LABEL>``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..textnorm import normalize
from ..tokenizer import Token, sentences, tokenize, words_and_spaces
from .iob import iob_to_spans, spans_to_iob
from .markup import parse_markup, to_markup

Doc = dict[str, Any]


def _ents(doc: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    return sorted((e["start"], e["end"], e["label"]) for e in doc["entities"])


def _doc(doc_id: str, text: str, spans: Iterable[tuple[int, int, str]]) -> Doc:
    return {"id": doc_id, "text": text, "entities": [{"start": s, "end": e, "label": lab} for s, e, lab in sorted(spans)]}


def _tokens_cut_at(text: str, cuts: Iterable[int]) -> list[Token]:
    """Our tokens, further split wherever an entity starts or ends inside one."""
    cutset = set(cuts)
    out: list[Token] = []
    for t in tokenize(normalize(text).text):
        points = sorted(c for c in cutset if t.start < c < t.end)
        prev = t.start
        for c in [*points, t.end]:
            out.append(Token(text[prev:c], prev, c))
            prev = c
    return out


# --- CoNLL ---------------------------------------------------------------


def to_conll(docs: Iterable[Mapping[str, Any]]) -> str:
    parts: list[str] = []
    for doc in docs:
        text, spans = doc["text"], _ents(doc)
        tokens = _tokens_cut_at(text, [x for s in spans for x in s[:2]])
        tags = spans_to_iob(tokens, spans)
        lines = [f"# id = {doc['id']}", f"# text = {json.dumps(text, ensure_ascii=False)}"]
        for a, b in sentences(tokens, text):
            lines += [f"{tokens[i].text}\t{tags[i]}" for i in range(a, b)]
            lines.append("")
        parts.append("\n".join(lines))
    return "\n".join(parts)


def from_conll(data: str) -> list[Doc]:
    docs: list[Doc] = []
    cur: dict[str, Any] | None = None

    def flush() -> None:
        if cur is None:
            return
        text = cur["text"] if cur["text"] is not None else " ".join(w for w, _ in cur["rows"])
        tokens, pos = [], 0
        for word, _ in cur["rows"]:
            at = text.find(word, pos)
            if at < 0:
                raise ValueError(f"document {cur['id']}: token {word!r} not found in its text")
            tokens.append(Token(word, at, at + len(word)))
            pos = at + len(word)
        docs.append(_doc(cur["id"], text, iob_to_spans(tokens, [t for _, t in cur["rows"]])))

    for n, line in enumerate(data.splitlines(), 1):
        if line.startswith("# id = "):
            flush()
            cur = {"id": line[7:], "text": None, "rows": []}
        elif line.startswith("# text = "):
            if cur is None:
                raise ValueError(f"line {n}: '# text' before '# id'")
            cur["text"] = json.loads(line[9:])
        elif line.strip() and not line.startswith("-DOCSTART-"):
            if cur is None:
                cur = {"id": f"doc-{len(docs) + 1}", "text": None, "rows": []}
            word, _, tag = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
            cur["rows"].append((word, tag.strip()))
    flush()
    return docs


# --- spaCy DocBin -----------------------------------------------------------


def to_docbin(docs: Iterable[Mapping[str, Any]]):
    """A ``spacy.tokens.DocBin`` holding one ``Doc`` per document."""
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    db = DocBin(store_user_data=True)
    for doc in docs:
        text, spans = doc["text"], _ents(doc)
        tokens = _tokens_cut_at(text, [x for s in spans for x in s[:2]])
        words, spaces = words_and_spaces(text, [(t.start, t.end) for t in tokens])
        sdoc = SpacyDoc(vocab, words=words, spaces=spaces)
        if sdoc.text != text:
            raise ValueError(f"document {doc['id']}: spaCy text does not match")
        sdoc.ents = [sdoc.char_span(s, e, label=lab) for s, e, lab in spans]
        sdoc.user_data["id"] = str(doc["id"])
        db.add(sdoc)
    return db


def from_docbin(db) -> list[Doc]:
    from spacy.vocab import Vocab

    return [
        _doc(d.user_data.get("id", f"doc-{k + 1}"), d.text, [(e.start_char, e.end_char, e.label_) for e in d.ents])
        for k, d in enumerate(db.get_docs(Vocab()))
    ]


# --- Doccano ------------------------------------------------------------------


def to_doccano(docs: Iterable[Mapping[str, Any]]) -> str:
    return "\n".join(json.dumps({"id": d["id"], "text": d["text"], "label": [list(s) for s in _ents(d)]}, ensure_ascii=False) for d in docs)


def from_doccano(data: str) -> list[Doc]:
    out = []
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        labels = rec.get("label", rec.get("labels", []))
        out.append(_doc(str(rec.get("id", n)), rec["text"], [(int(s), int(e), lab) for s, e, lab in labels]))
    return out


# --- Label Studio --------------------------------------------------------------


def to_label_studio(docs: Iterable[Mapping[str, Any]]) -> str:
    tasks = []
    for k, d in enumerate(docs, 1):
        result = [
            {"id": f"r{i}", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": s, "end": e, "text": d["text"][s:e], "labels": [lab]}}
            for i, (s, e, lab) in enumerate(_ents(d))
        ]
        tasks.append({"id": k, "data": {"text": d["text"], "doc_id": d["id"]}, "annotations": [{"result": result}]})
    return json.dumps(tasks, ensure_ascii=False, indent=1)


def from_label_studio(data: str) -> list[Doc]:
    out = []
    for task in json.loads(data):
        text = task["data"]["text"]
        spans = []
        anns = task.get("annotations") or task.get("completions") or []
        for r in anns[0]["result"] if anns else []:
            v = r.get("value", {})
            if "start" in v and "labels" in v:
                # value.text may be missing in exports: the text is always taken from data.text
                spans.append((int(v["start"]), int(v["end"]), v["labels"][0]))
        out.append(_doc(str(task["data"].get("doc_id", task.get("id"))), text, spans))
    return out


# --- inline markup ---------------------------------------------------------------


def to_markup_docs(docs: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    return {str(d["id"]): to_markup(d["text"], _ents(d)) for d in docs}


def from_markup_files(paths: Iterable[str | Path]) -> list[Doc]:
    out = []
    for p in map(Path, paths):
        text, spans = parse_markup(p.read_text(encoding="utf-8"))
        out.append(_doc(p.stem, text, [(s.start, s.end, s.label) for s in spans]))
    return out
