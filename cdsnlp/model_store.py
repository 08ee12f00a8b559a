"""Where models live and which one a caller means.

The shipped models are the package ``cdsnlp.models`` (the repository's
``models/`` folder), whose ``index.json`` names the default.
:func:`resolve_model` is the one place that turns what a user wrote
(``--model``, ``model=``, ``$CDSNLP_MODEL``) into a model directory; every
command and API calls it.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

ENV = "CDSNLP_MODEL"
NO_MODEL = ("none", "rules")  # names that mean: the rule layers only


class ModelNotFoundError(FileNotFoundError):
    """A model name or path that does not lead to a model directory."""


def _root() -> Path:
    return Path(str(resources.files("cdsnlp.models")))


def is_model_dir(path: Path) -> bool:
    return (path / "model.crfsuite").is_file() and (path / "config.json").is_file()


def default_model_dir() -> Path | None:
    """The shipped default model directory, or None when none is installed."""
    index = _root() / "index.json"
    if not index.is_file():
        return None
    name = json.loads(index.read_text(encoding="utf-8"))["default"]
    path = _root() / name
    return path if (path / "model.crfsuite").is_file() else None


def installed_models() -> list[Path]:
    """Model directories shipped with the package."""
    root = _root()
    return sorted(p for p in root.iterdir() if p.is_dir() and is_model_dir(p)) if root.is_dir() else []


def resolve_model(model: str | os.PathLike[str] | None = "default") -> Path | None:
    """The model directory meant by ``model``.

    - ``"default"``: ``$CDSNLP_MODEL`` when set, else the shipped default;
    - ``"shipped"``: the shipped default, whatever the environment says;
    - ``None``, ``"none"`` or ``"rules"``: no model (the rule layers only);
    - the name of an installed model (see ``cdsnlp models``);
    - a path to a model directory (``model.crfsuite`` + ``config.json``).

    Raises :class:`ModelNotFoundError` naming what was looked for.
    """
    if model is None:
        return None
    name = os.fspath(model)
    if name == "default":
        env = os.environ.get(ENV, "").strip()
        if env:
            try:
                return resolve_model(env) if env != "default" else default_model_dir()
            except ModelNotFoundError as exc:
                raise ModelNotFoundError(f"${ENV}: {exc}") from None
        return default_model_dir()
    if name == "shipped":
        return default_model_dir()
    if name.lower() in NO_MODEL:
        return None
    path = Path(name).expanduser()
    if is_model_dir(path):
        return path
    if path.name == name and is_model_dir(_root() / name):
        return _root() / name
    if path.exists():
        raise ModelNotFoundError(f"{path}: not a model directory (needs model.crfsuite and config.json; train one with cdsnlp train --out {path})")
    names = ", ".join(p.name for p in installed_models()) or "none"
    raise ModelNotFoundError(f"{name}: no such model directory (installed models: {names})")


def model_card(path: Path) -> dict[str, Any]:
    """The figures of a model directory: name, date, documents trained on,
    micro F1 per scored split (from ``config.json`` and ``metrics.json``)."""
    card: dict[str, Any] = {"name": path.name, "path": str(path)}
    try:
        cfg = json.loads((path / "config.json").read_text(encoding="utf-8"))
        card.update({k: cfg.get(k) for k in ("date", "documents", "cdsnlp_version")})
    except (OSError, ValueError):
        pass
    try:
        metrics = json.loads((path / "metrics.json").read_text(encoding="utf-8"))
        card["f1"] = {split: s["micro"]["f1"] for split, s in metrics.get("scores", {}).items() if "micro" in s}
        if metrics.get("not_evaluated"):
            card["not_evaluated"] = metrics["not_evaluated"]
    except (OSError, ValueError, KeyError, TypeError):
        card["f1"] = {}
    return card
