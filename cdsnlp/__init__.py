"""cdsnlp: entities and structured data from Vietnamese public-administration news."""

from __future__ import annotations

from .pipeline import Extractor, analyze, extract
from .structure import Document
from .types import LABELS, Entity, Label

__all__ = ["LABELS", "Article", "Document", "Entity", "Extractor", "Label", "analyze", "extract", "load", "read"]
__version__ = "0.1.0"


def load(model: str = "default"):
    """A ready ``spacy.Language`` with cdsnlp's tokenizer and components
    (imports spaCy on first use)."""
    from .spacy_pipeline import load as _load

    return _load(model)


def __getattr__(name: str):
    # the reader layer (and the libraries it uses) loads only when asked for
    if name in ("read", "Article"):
        from . import readers

        return getattr(readers, name)
    raise AttributeError(f"module 'cdsnlp' has no attribute {name!r}")
