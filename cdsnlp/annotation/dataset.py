"""The annotated corpus as a Hugging Face ``datasets.DatasetDict``.

``load_corpus()`` reads the corpus shipped with the package (the
repository's ``data/corpus``, installed as ``cdsnlp.corpus``); give a path to
read your own guideline-format JSONL files or folder instead. Everything is
local: nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ..textnorm import normalize
from ..tokenizer import tokenize
from ..types import LABELS
from .iob import spans_to_iob
from .jsonl import read_jsonl

SPLITS = ("train", "validation", "test")
IOB2_NAMES = ["O"] + [f"{p}-{label}" for label in LABELS for p in ("B", "I")]


def features():
    """The ``datasets.Features`` of a corpus split."""
    from datasets import ClassLabel, Features, List, Value

    return Features(
        {
            "id": Value("string"),
            "text": Value("string"),
            "tokens": List(Value("string")),
            "token_starts": List(Value("int32")),
            "ner_tags": List(ClassLabel(names=IOB2_NAMES)),
            "spans": List({"start": Value("int32"), "end": Value("int32"), "label": Value("string")}),
        }
    )


def to_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    """One guideline-format document as a dataset row (our tokenizer, IOB2 tags)."""
    text = doc["text"]
    tokens = tokenize(normalize(text).text) if text else []
    spans = sorted((e["start"], e["end"], e["label"]) for e in doc.get("entities", []))
    tags = spans_to_iob(tokens, spans)
    return {
        "id": str(doc["id"]),
        "text": text,
        "tokens": [text[t.start : t.end] for t in tokens],
        "token_starts": [t.start for t in tokens],
        "ner_tags": [IOB2_NAMES.index(t) for t in tags],
        "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans],
    }


def _shipped_corpus() -> Path:
    return Path(str(resources.files("cdsnlp.corpus")))


def _split_files(path: Path) -> dict[str, list[Path]]:
    if path.is_file():
        return {"train": [path]}
    found = {s: [path / f"{s}.jsonl"] for s in SPLITS if (path / f"{s}.jsonl").is_file()}
    if found:
        return found
    files = sorted(path.rglob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"{path}: no .jsonl files")
    return {"train": files}


def load_corpus(path: str | Path | Mapping[str, str | Path | Iterable[str | Path]] | None = None):
    """Load a corpus as a ``datasets.DatasetDict``.

    Args:
        path: ``None`` for the shipped corpus (train/validation/test); a
            folder with ``train.jsonl``/``validation.jsonl``/``test.jsonl``;
            any other folder or a single JSONL file (all goes to ``train``);
            or a mapping from split name to file(s).

    Returns:
        A ``DatasetDict`` with features ``id``, ``text``, ``tokens``,
        ``token_starts``, ``ner_tags`` (IOB2 ``ClassLabel``) and ``spans``.
    """
    from datasets import Dataset, DatasetDict

    if path is None:
        split_files = _split_files(_shipped_corpus())
    elif isinstance(path, Mapping):
        split_files = {k: [Path(v)] if isinstance(v, (str, Path)) else [Path(x) for x in v] for k, v in path.items()}
    else:
        split_files = _split_files(Path(path))
    feats = features()
    out = {}
    for split, files in split_files.items():
        rows = [to_record(doc) for f in files for doc in read_jsonl(f)]
        out[split] = Dataset.from_list(rows, features=feats)
    return DatasetDict(out)


def docs_from_dataset(path_or_dataset: Any, split: str = "train") -> list[dict[str, Any]]:
    """Guideline-format documents from a ``Dataset``/``DatasetDict`` (or one
    saved with ``save_to_disk``) that has ``id``, ``text`` and ``spans``."""
    from datasets import DatasetDict, load_from_disk

    ds = load_from_disk(str(path_or_dataset)) if isinstance(path_or_dataset, (str, Path)) else path_or_dataset
    if isinstance(ds, DatasetDict):
        ds = ds[split]
    return [{"id": r["id"], "text": r["text"], "entities": [dict(s) for s in r["spans"]]} for r in ds]
