"""The benchmark texts: every corpus document and the seed articles, each once."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SHARED_SEEDS = Path("/work/shared/seeds")


def corpus_texts(include_seeds: bool = True) -> list[tuple[str, str]]:
    """(name, text) of the documents of data/corpus/*.jsonl, then of the seed
    articles when a seeds folder (../shared/seeds or /work/shared/seeds) exists."""
    out = []
    for path in sorted((ROOT / "data" / "corpus").glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                row = json.loads(line)
                out.append((f"{path.stem}/{row['id']}", row["text"]))
    if include_seeds:
        seeds = next((d for d in (SEEDS, SHARED_SEEDS) if d.is_dir()), None)
        if seeds is not None:
            out += [(f"seeds/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))]
    return out
