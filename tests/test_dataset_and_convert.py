import json

import pytest
from conftest import ROOT

from cdsnlp.annotation import IOB2_NAMES, load_corpus, read_jsonl
from cdsnlp.annotation import convert as C
from cdsnlp.annotation.dataset import docs_from_dataset

TRICKY = {
    "id": "tricky",
    "text": "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\n\n  Ngày 5/3/2024,  Sở KH&CN  ban hành 01/QĐ-SKHCN;\tđạt 18/54 TTHC.",
    "entities": [],
}
for frag, label in [("ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA", "AGENCY"), ("Ngày 5/3/2024", "DATE"), ("Sở KH&CN", "AGENCY"),
                    ("01/QĐ-SKHCN", "LEGAL_DOC"), ("18/54 TTHC", "METRIC"), ("KH", "ROLE")]:
    i = TRICKY["text"].index(frag) if label != "ROLE" else -1
    if i >= 0:
        TRICKY["entities"].append({"start": i, "end": i + len(frag), "label": label})


def _sample():
    docs = [{"id": d["id"], "text": d["text"], "entities": sorted(({"start": e["start"], "end": e["end"], "label": e["label"]} for e in d["entities"]), key=lambda e: (e["start"], e["end"]))}
            for d in list(read_jsonl(ROOT / "data" / "corpus" / "test.jsonl"))[:8]]
    return [*docs, TRICKY]


@pytest.mark.parametrize(
    "to, back",
    [
        (C.to_conll, C.from_conll),
        (C.to_doccano, C.from_doccano),
        (C.to_label_studio, C.from_label_studio),
        (C.to_docbin, C.from_docbin),
    ],
    ids=["conll", "doccano", "labelstudio", "docbin"],
)
def test_converters_round_trip_exactly(to, back):
    docs = _sample()
    assert back(to(docs)) == docs


def test_entity_edge_inside_a_token_survives_conll():
    doc = {"id": "x", "text": "Giám đốc Sở TT&TT-Bộ", "entities": [{"start": 9, "end": 17, "label": "AGENCY"}]}
    assert C.from_conll(C.to_conll([doc])) == [doc]


def test_label_studio_without_value_text_uses_data_text():
    export = json.dumps([{"id": 1, "data": {"text": "Sở Tư pháp họp"}, "annotations": [{"result": [{"value": {"start": 0, "end": 10, "labels": ["AGENCY"]}}]}]}])
    assert C.from_label_studio(export) == [{"id": "1", "text": "Sở Tư pháp họp", "entities": [{"start": 0, "end": 10, "label": "AGENCY"}]}]


def test_markup_round_trip(tmp_path):
    for doc_id, marked in C.to_markup_docs(_sample()).items():
        (tmp_path / f"{doc_id}.txt").write_text(marked, encoding="utf-8")
    back = {d["id"]: d for d in C.from_markup_files(sorted(tmp_path.glob("*.txt")))}
    for doc in _sample():
        assert back[doc["id"]] == doc


def test_load_corpus_shipped_splits_and_features():
    dd = load_corpus()
    assert set(dd) == {"train", "validation", "test"}
    assert dd["train"].num_rows > dd["test"].num_rows > 0
    assert dd["train"].features["ner_tags"].feature.names == IOB2_NAMES
    row = dd["test"][0]
    for s in row["spans"]:
        assert s["label"] in {n[2:] for n in IOB2_NAMES if n != "O"}
    for tok, start in zip(row["tokens"], row["token_starts"], strict=True):
        assert row["text"][start : start + len(tok)] == tok
    tags = [IOB2_NAMES[t] for t in row["ner_tags"]]
    assert sum(t.startswith("B-") for t in tags) == len(row["spans"])


def test_load_corpus_from_user_file_and_back(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps(TRICKY, ensure_ascii=False) + "\n", encoding="utf-8")
    dd = load_corpus(path)
    assert list(dd) == ["train"] and dd["train"][0]["id"] == "tricky"
    assert docs_from_dataset(dd) == [TRICKY]
    dd.save_to_disk(str(tmp_path / "saved"))
    assert docs_from_dataset(tmp_path / "saved") == [TRICKY]


def test_convert_command(tmp_path):
    import subprocess
    import sys

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(TRICKY, ensure_ascii=False) + "\n", encoding="utf-8")
    for fmt, name in [("conll", "x.conll"), ("doccano", "x.doccano.jsonl"), ("labelstudio", "x.json"), ("docbin", "x.spacy"), ("markup", "mk")]:
        subprocess.run([sys.executable, "-m", "training.convert", "--from", "jsonl", "--to", fmt, str(src), str(tmp_path / name)], check=True, capture_output=True)
        back = tmp_path / f"back-{fmt}.jsonl"
        subprocess.run([sys.executable, "-m", "training.convert", "--from", fmt, "--to", "jsonl", str(tmp_path / name), str(back)], check=True, capture_output=True)
        got = next(read_jsonl(back))
        assert got["text"] == TRICKY["text"] and got["entities"] == TRICKY["entities"], fmt
