"""Shared helpers for the tests."""

from __future__ import annotations

from pathlib import Path

import cdsnlp

ROOT = Path(__file__).resolve().parent.parent


def spans(text: str, label: str | None = None) -> list[str]:
    """The texts of the entities found in ``text`` (optionally of one label)."""
    return [e.text for e in cdsnlp.extract(text) if label is None or e.label == label]


def only(text: str, fragment: str, label: str) -> dict:
    """The value of the single entity whose text is ``fragment``."""
    found = [e for e in cdsnlp.extract(text) if e.text == fragment and e.label == label]
    assert len(found) == 1, f"{fragment!r} as {label} not found once in {[(e.label, e.text) for e in cdsnlp.extract(text)]}"
    return dict(found[0].value)
