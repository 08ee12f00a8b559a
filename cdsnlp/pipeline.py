"""``extract``: from a raw string to entities with exact offsets and values."""

from __future__ import annotations

from datetime import date

from .rules import article_year, find_rule_entities
from .textnorm import normalize
from .types import Entity


def _check_inputs(text: object, ref_date: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if ref_date is not None and not isinstance(ref_date, date):
        raise TypeError(f"ref_date must be a datetime.date or None, not {type(ref_date).__name__}")


def extract(text: str, *, ref_date: date | None = None) -> list[Entity]:
    """Find the entities of ``text``.

    Args:
        text: the article, in any Unicode normal form.
        ref_date: the date that partial dates ("ngày 6/6", "quý II") are
            read against; by default the article's own date when the text
            shows one near its top.

    Returns:
        Entities sorted by ``start``, never overlapping, whose offsets index
        ``text`` itself.
    """
    _check_inputs(text, ref_date)
    if not text.strip():
        return []
    norm = normalize(text)
    ref = ref_date or article_year(norm.text)
    ref_year = ref.year if ref else None
    entities = []
    for c in find_rule_entities(norm.text, ref_year):
        start, end = norm.to_original(c.start, c.end)
        entities.append(Entity(c.label, text[start:end], start, end, c.value, "rules"))  # type: ignore[arg-type]
    return entities
