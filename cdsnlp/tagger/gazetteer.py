"""Gazetteer lookups over tokens: which tokens start or continue a known
title, agency type word, national agency, surname, province, document type
or honorific. Used as CRF features, never as final answers."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ..resources import agency_variants, load_json, load_lines, named_bodies
from ..tokenizer import tokenize


def _token_keys(phrase: str) -> tuple[str, ...]:
    return tuple(t.text.lower() for t in tokenize(phrase))


_ENDS = ""  # trie key of the categories whose entries end at a node (no token is empty)


@cache
def _trie() -> dict:
    """A token trie of every entry: lower-case token -> child node; the key
    ``_ENDS`` lists the categories of entries that end at the node."""
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
    known += [*agency_variants(with_levels=False), *named_bodies(ambiguous=False)]
    cats.append(("AGENCY", known))
    root: dict = {}
    for cat, phrases in cats:
        for phrase in phrases:
            keys = _token_keys(phrase)
            if not keys:
                continue
            node = root
            for key in keys:
                node = node.setdefault(key, {})
            ends = node.setdefault(_ENDS, [])
            if cat not in ends:
                ends.append(cat)
    return root


@cache
def surnames() -> frozenset[str]:
    return frozenset(s.split()[0] for s in load_lines("surnames.txt"))


def gazetteer_matches(lowers: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, category) of the longest entry of each category that
    starts at each token: one trie walk from each token that starts an entry."""
    root = _trie()
    n = len(lowers)
    found: list[tuple[int, int, str]] = []
    for i in [i for i, w in enumerate(lowers) if w in root]:
        node = root[lowers[i]]
        longest: dict[str, int] = {}  # category -> end of its longest entry from i
        j = i + 1
        while node is not None:
            for cat in node.get(_ENDS, ()):
                longest[cat] = j
            if j >= n:
                break
            node = node.get(lowers[j])
            j += 1
        found += [(i, end, cat) for cat, end in longest.items()]
    return found
