"""Entity F1 on the reader fixtures, before and after the reader layer.

"before" is what `cdsnlp extract FILE` did before cdsnlp.readers existed: the
file's bytes decoded as UTF-8 (errors replaced) and analysed as they are, tags,
menus, PDF streams and all. "after" is `cdsnlp.read(FILE)` then extract. Both
are scored against the entities each fixture must give
(tests/fixtures/inputs/expected.json, checked by hand against the guideline),
matched as (label, text) multisets because the two texts differ in offsets.

    .venv/bin/python benchmarks/reader_fixtures.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import cdsnlp

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "inputs"


def expected() -> dict[str, Counter]:
    spec = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    out = {name: Counter(map(tuple, doc["entities"])) for name, doc in spec["documents"].items()}
    reference = Counter((e.label, e.text) for e in cdsnlp.extract(spec["encodings"]["reference"]))
    out.update({name: reference for name in spec["encodings"]["files"]})
    return out


def found(text: str) -> Counter:
    return Counter((e.label, e.text) for e in cdsnlp.extract(text))


def score(gold: Counter, pred: Counter) -> tuple[int, int, int]:
    tp = sum((gold & pred).values())
    return tp, sum(pred.values()), sum(gold.values())


def main() -> None:
    print(f"{'fixture':<22}{'before P':>9}{'R':>6}{'after P':>9}{'R':>6}")
    totals = {"before": [0, 0, 0], "after": [0, 0, 0]}
    for name, gold in expected().items():
        path = FIXTURES / name
        runs = {"before": found(path.read_bytes().decode("utf-8", errors="replace")),
                "after": found(cdsnlp.read(path).text)}
        row = f"{name:<22}"
        for key, pred in runs.items():
            tp, npred, ngold = score(gold, pred)
            totals[key] = [a + b for a, b in zip(totals[key], (tp, npred, ngold), strict=True)]
            row += f"{tp / npred if npred else 0:>9.3f}{tp / ngold:>6.3f}"
        print(row)
    for key, (tp, npred, ngold) in totals.items():
        p, r = tp / npred if npred else 0.0, tp / ngold
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{key}: {npred} entities found, {tp} of {ngold} expected; P {p:.3f} R {r:.3f} F1 {f1:.3f}")


if __name__ == "__main__":
    main()
