"""Corpus tooling: reading, validating, converting and loading annotated documents."""

from __future__ import annotations

from .dataset import IOB2_NAMES, load_corpus
from .jsonl import read_jsonl, write_jsonl
from .validate import ValidationReport, validate_jsonl

__all__ = ["IOB2_NAMES", "ValidationReport", "load_corpus", "read_jsonl", "validate_jsonl", "write_jsonl"]
