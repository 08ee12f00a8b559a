"""All converters in one namespace (each format lives in its own module:
:mod:`.jsonl`, :mod:`.conll`, :mod:`.labelstudio`, :mod:`.doccano`,
:mod:`.docbin`, :mod:`.markup`, :mod:`.iob`; detection in :mod:`.formats`).

Round trips are lossless for text and offsets: ``from_x(to_x(docs)) == docs``.
"""

from __future__ import annotations

from .conll import from_conll, read_conll, to_conll
from .docbin import from_docbin, to_docbin
from .doccano import doccano_records, from_doccano, read_doccano, to_doccano
from .formats import detect_format, read_annotations
from .labelstudio import from_label_studio, label_studio_tasks, read_label_studio, to_label_studio
from .markup import from_markup_files, to_markup_docs

__all__ = [
    "detect_format", "doccano_records", "from_conll", "from_docbin", "from_doccano", "from_label_studio", "from_markup_files",
    "label_studio_tasks", "read_annotations", "read_conll", "read_doccano", "read_label_studio", "to_conll", "to_docbin",
    "to_doccano", "to_label_studio", "to_markup_docs",
]
