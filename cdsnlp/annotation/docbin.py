"""spaCy ``DocBin``: one ``Doc`` per document, tokens cut at entity edges so
every span is a token span; ``doc.user_data["id"]`` keeps the id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..tokenizer import words_and_spaces
from .tokens import tokens_cut_at


def to_docbin(docs: Iterable[Mapping[str, Any]]):
    """A ``spacy.tokens.DocBin`` holding one ``Doc`` per document."""
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    db = DocBin(store_user_data=True)
    for doc in docs:
        text = doc["text"]
        spans = sorted((e["start"], e["end"], e["label"]) for e in doc["entities"])
        tokens = tokens_cut_at(text, [x for s in spans for x in s[:2]])
        words, spaces = words_and_spaces(text, [(t.start, t.end) for t in tokens])
        sdoc = SpacyDoc(vocab, words=words, spaces=spaces)
        if sdoc.text != text:
            raise ValueError(f"document {doc['id']}: spaCy text does not match")
        sdoc.ents = [sdoc.char_span(s, e, label=lab) for s, e, lab in spans]
        sdoc.user_data["id"] = str(doc["id"])
        db.add(sdoc)
    return db


def from_docbin(db) -> list[dict[str, Any]]:
    """Our documents from a ``DocBin``."""
    from spacy.vocab import Vocab

    out = []
    for k, d in enumerate(db.get_docs(Vocab())):
        ents = [{"start": e.start_char, "end": e.end_char, "label": e.label_} for e in d.ents]
        out.append({"id": d.user_data.get("id", f"doc-{k + 1}"), "text": d.text, "entities": sorted(ents, key=lambda e: (e["start"], e["end"], e["label"]))})
    return out
