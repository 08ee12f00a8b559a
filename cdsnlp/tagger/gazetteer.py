"""Gazetteer lookups over tokens: which tokens start or continue a known
title, agency type word, national agency, surname, province, document type
or honorific. Used as CRF features, never as final answers."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ..resources import load_json, load_lines
from ..tokenizer import tokenize


def _token_keys(phrase: str) -> tuple[str, ...]:
    return tuple(t.text.lower() for t in tokenize(phrase))


@cache
def _entries() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First token (lower case) -> [(token tuple, category)], longest first."""
    cats: list[tuple[str, list[str]]] = [
        ("TITLE", list(load_lines("titles.txt"))),
        ("AGTYPE", list(load_lines("agency_types.txt"))),
        ("PROV", list(load_lines("provinces.txt"))),
        ("HON", list(load_lines("honorifics.txt"))),
        ("DOCT", list(load_json("doc_types.json")["type_words"])),
    ]
    agencies = load_json("agencies.json")
    known = []
    for a in agencies["agencies"]:
        known += [a["name"], *a["abbreviations"], *a["aliases"]]
    known += [k for k in agencies["patterns"] if not k.startswith("TP")]
    cats.append(("AGENCY", known))
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for cat, phrases in cats:
        for phrase in phrases:
            keys = _token_keys(phrase)
            if keys:
                table.setdefault(keys[0], []).append((keys, cat))
    for lst in table.values():
        lst.sort(key=lambda e: -len(e[0]))
    return table


@cache
def surnames() -> frozenset[str]:
    return frozenset(s.split()[0] for s in load_lines("surnames.txt"))


def gazetteer_tags(lowers: Sequence[str]) -> dict[int, list[str]]:
    """Token index -> features like ``TITLE=B`` / ``AGENCY=I`` for every
    category whose longest entry starting at or covering it matches (only
    tokens with a match appear)."""
    table = _entries()
    tags: dict[int, list[str]] = {}
    n = len(lowers)
    for i, w in enumerate(lowers):
        cands = table.get(w)
        if not cands:
            continue
        seen: set[str] = set()
        for keys, cat in cands:
            if cat in seen:
                continue
            k = len(keys)
            if i + k <= n and tuple(lowers[i : i + k]) == keys:
                seen.add(cat)
                tags.setdefault(i, []).append(f"{cat}=B")
                for j in range(i + 1, i + k):
                    tags.setdefault(j, []).append(f"{cat}=I")
    return tags
