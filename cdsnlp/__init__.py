"""cdsnlp: entities and structured data from Vietnamese public-administration news."""

from __future__ import annotations

from .pipeline import Extractor, extract
from .structure import Document, analyze
from .types import LABELS, Entity, Label

__all__ = ["LABELS", "Document", "Entity", "Extractor", "Label", "analyze", "extract"]
__version__ = "0.1.0"
