"""cdsnlp inside spaCy (components, tokenizer, displaCy colours, ``load``)."""

from __future__ import annotations

from .components import DISPLACY_COLORS, load

__all__ = ["DISPLACY_COLORS", "load"]
