"""Data files of the rule layers and gazetteers, loaded once and cached."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def _read(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def load_json(name: str) -> dict[str, Any]:
    """A JSON data file of this package, without its ``_comment`` keys."""
    data = json.loads(_read(name))
    return _strip_comments(data)


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """A one-entry-per-line data file; ``#`` starts a comment line."""
    return tuple(
        line.strip()
        for line in _read(name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def _strip_comments(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip_comments(v) for k, v in obj.items() if k != "_comment"}
    return obj
