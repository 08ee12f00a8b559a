"""Where the shipped model lives: the package ``cdsnlp.models`` (the
repository's ``models/`` folder), whose ``index.json`` names the default."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path


def default_model_dir() -> Path | None:
    """The shipped default model directory, or None when none is installed."""
    root = resources.files("cdsnlp.models")
    index = root.joinpath("index.json")
    if not index.is_file():
        return None
    name = json.loads(index.read_text(encoding="utf-8"))["default"]
    path = Path(str(root.joinpath(name)))
    return path if (path / "model.crfsuite").is_file() else None
