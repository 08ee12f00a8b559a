"""Data files of the rule layers and gazetteers, loaded once and cached."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def _read(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def resource_exists(name: str) -> bool:
    """Whether this package has a data file called ``name``."""
    return resources.files(__name__).joinpath(name).is_file()


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


def _field_variants(code: str) -> list[str]:
    """Written forms of a field code: its parts joined by '&', '-', nothing or
    ' & ' ("GD&ĐT", "GD-ĐT", "GDĐT", "GD & ĐT"); the code as listed first."""
    import itertools
    import re

    parts = [p for p in re.split(r"[&-]", code) if p]
    forms = [code]
    for joins in itertools.product(("&", "-", "", " & "), repeat=len(parts) - 1):
        form = parts[0] + "".join(j + p for j, p in zip(joins, parts[1:], strict=True))
        if form not in forms:
            forms.append(form)
    return forms


@cache
def agency_variants(*, with_levels: bool = True) -> tuple[str, ...]:
    """Every written form of the agency abbreviations of
    ``agency_abbreviations.json``: head + field code variant ("Sở GD-ĐT",
    "Bộ TN&MT"), body abbreviation + level word ("VKSND tỉnh", "BCĐ huyện"),
    and the abbreviations that stand alone ("CAND"); without the level forms
    when ``with_levels`` is false (a name goes on after its level word:
    "UBND tỉnh Gia Lai")."""
    table = load_json("agency_abbreviations.json")
    out: list[str] = []
    for code in table["fields"]:
        for form in _field_variants(code):
            out += [f"{head} {form}" for head in table["field_heads"]]
    if with_levels:
        for abbr in table["bodies"]:
            out += [f"{abbr} {level}" for level in table["levels"]]
    out += [*table["alone"], *table["fixed_short_names"]]
    return tuple(dict.fromkeys(out))


_BODY_LISTS = ("news_outlets", "enterprises", "party_bodies", "courts_procuracies", "international", "military", "local_units")


@cache
def named_bodies(*, ambiguous: bool = True) -> tuple[str, ...]:
    """Names of ``named_bodies.json`` (outlets, enterprises, Party bodies,
    courts and procuracies, international bodies, military regions); without the names that are
    also common words when ``ambiguous`` is false."""
    data = load_json("named_bodies.json")
    skip = set() if ambiguous else set(data["ambiguous"])
    return tuple(dict.fromkeys(n for key in _BODY_LISTS for n in data[key] if n not in skip))
