"""cdsnlp: entities and structured data from Vietnamese public-administration news."""

from __future__ import annotations

from .pipeline import Extractor, extract
from .types import LABELS, Entity, Label

__all__ = ["LABELS", "Entity", "Extractor", "Label", "extract"]
__version__ = "0.1.0"
