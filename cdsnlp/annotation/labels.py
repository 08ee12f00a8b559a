"""Label names of other teams mapped to ours.

``--labels PER=OFFICIAL,ORG=AGENCY`` or a JSON file ``{"PER": "OFFICIAL"}``.
Our own six labels always map to themselves; any other label is unknown and
is rejected (and counted) by the readers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from ..types import LABELS


class LabelMap:
    """Their label -> ours; ``None`` for a label that is not ours."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        mapping = dict(mapping or {})
        bad = {k: v for k, v in mapping.items() if v not in LABELS}
        if bad:
            raise ValueError(f"label mapping to unknown labels {bad}; targets must be among {', '.join(LABELS)}")
        self.mapping = mapping

    @classmethod
    def parse(cls, spec: str | Path | None) -> LabelMap:
        """From ``"A=B,C=D"``, a JSON file path, or None (no mapping)."""
        if spec is None or spec == "":
            return cls()
        p = Path(spec)
        if str(spec).endswith(".json") or p.is_file():
            data = json.loads(p.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError(f"{p}: a label mapping file must hold a JSON object {{\"THEIRS\": \"OURS\"}}")
            return cls(data)
        mapping = {}
        for part in str(spec).split(","):
            if not part.strip():
                continue
            theirs, sep, ours = part.partition("=")
            if not sep or not theirs.strip() or not ours.strip():
                raise ValueError(f"--labels: {part!r} is not THEIRS=OURS")
            mapping[theirs.strip()] = ours.strip()
        return cls(mapping)

    def __call__(self, label: str) -> str | None:
        if label in self.mapping:
            return self.mapping[label]
        return label if label in LABELS else None
