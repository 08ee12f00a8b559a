"""The shipped corpus: sizes, breadth, validity, split hygiene and its data card."""

import json
import re
from collections import Counter
from pathlib import Path

from cdsnlp.annotation import validate_jsonl
from cdsnlp.types import LABELS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SPLITS = ("train", "validation", "test")


def _docs():
    return {s: [json.loads(line) for line in (CORPUS / f"{s}.jsonl").open(encoding="utf-8")] for s in SPLITS}


def test_corpus_validates():
    report = validate_jsonl(CORPUS)
    assert report.ok, [str(i) for i in report.issues[:10]]
    assert report.documents_rejected == 0


def test_corpus_sizes_and_label_counts():
    docs = _docs()
    all_docs = [d for s in SPLITS for d in docs[s]]
    counts = Counter(e["label"] for d in all_docs for e in d["entities"])
    assert len(all_docs) >= 250
    assert sum(counts.values()) >= 10_000
    for label in LABELS:
        assert counts[label] >= 500, (label, counts[label])
    for d in all_docs:
        assert 150 <= len(d["text"].split()) <= 700, d["id"]


def test_split_is_by_document_and_about_70_15_15():
    docs = _docs()
    ids = {s: {d["id"] for d in docs[s]} for s in SPLITS}
    assert not ids["train"] & ids["validation"] and not ids["train"] & ids["test"] and not ids["validation"] & ids["test"]
    texts = [d["text"] for s in SPLITS for d in docs[s]]
    assert len(set(texts)) == len(texts), "the same text appears twice"
    n = sum(len(v) for v in ids.values())
    assert 0.12 <= len(ids["test"]) / n <= 0.18 and 0.12 <= len(ids["validation"]) / n <= 0.18


def test_data_card_counts_match_the_files():
    card = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    docs = _docs()
    for split in SPLITS:
        c = Counter(e["label"] for d in docs[split] for e in d["entities"])
        row = re.search(rf"^\| {split} \| (\d+) \| " + r" \| ".join([r"(\d+)"] * len(LABELS)) + r" \| (\d+) \|$", card, re.M)
        assert row, f"no row for {split} in data/README.md"
        assert int(row.group(1)) == len(docs[split])
        assert [int(x) for x in row.groups()[1:-1]] == [c[label] for label in LABELS]
        assert int(row.groups()[-1]) == sum(c.values())
