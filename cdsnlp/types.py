"""Public result types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Label = Literal["OFFICIAL", "ROLE", "AGENCY", "LEGAL_DOC", "DATE", "METRIC"]
LABELS: tuple[Label, ...] = ("OFFICIAL", "ROLE", "AGENCY", "LEGAL_DOC", "DATE", "METRIC")
Source = Literal["rules", "tagger", "gazetteer", "merged"]


class ReadOnlyDict(dict):
    """A dict that cannot be changed: ``json.dumps`` takes it as it is
    (a ``MappingProxyType`` it refuses), and ``dict(v)`` gives a mutable copy."""

    __slots__ = ()

    def _readonly(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("an entity value is read-only; copy it with dict(value)")

    __setitem__ = __delitem__ = __ior__ = _readonly  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _readonly  # type: ignore[assignment]

    def __repr__(self) -> str:
        return dict.__repr__(self)

    def __reduce__(self):
        return (ReadOnlyDict, (dict(self),))


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _frozen(obj: Any) -> Any:
    if type(obj) in _SCALARS:  # most of a value: returned before the (slow) Mapping check
        return obj
    if isinstance(obj, Mapping):
        return ReadOnlyDict({k: _frozen(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return [_frozen(v) for v in obj]
    return obj


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity found in a text.

    ``start``/``end`` are character offsets into the exact string passed to
    :func:`cdsnlp.extract`, so ``text == input[start:end]``. ``value`` is a
    read-only, JSON-serialisable mapping whose keys depend on ``label``
    (see the README). ``source`` names the layer that found the span.
    ``score`` is how sure cdsnlp is of the entity, in [0, 1] (see
    :mod:`cdsnlp.confidence`), or None when not computed.
    """

    label: Label
    text: str
    start: int
    end: int
    value: Mapping[str, Any] = field(default_factory=dict)
    source: str = "rules"
    score: float | None = None

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"unknown label {self.label!r}; expected one of {LABELS}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad offsets [{self.start}, {self.end})")
        if len(self.text) != self.end - self.start:
            raise ValueError("text length does not match offsets")
        if self.score is not None and not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score!r} is not in [0, 1]")
        object.__setattr__(self, "value", _frozen(self.value))

    def __reduce__(self):
        # picklable (worker processes send entities back): the read-only
        # value view travels as a plain dict
        return (Entity, (self.label, self.text, self.start, self.end, dict(self.value), self.source, self.score))

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-serialisable dict of this entity."""
        return {
            "label": self.label,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": _plain(self.value),
            "source": self.source,
            "score": self.score,
        }


def _plain(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj
