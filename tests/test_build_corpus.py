"""training.build_corpus adds a batch of drafts without losing documents that have no draft."""

import json

from training.build_corpus import main

OLD = {"id": "cds-b1-001", "text": "Ngày 3/4/2024, Sở Tư pháp họp.", "entities": [
    {"start": 0, "end": 13, "label": "DATE", "text": "Ngày 3/4/2024"},
    {"start": 15, "end": 25, "label": "AGENCY", "text": "Sở Tư pháp"}]}


def test_a_new_batch_keeps_the_documents_without_drafts(tmp_path):
    out = tmp_path / "corpus"
    out.mkdir()
    (out / "validation.jsonl").write_text(json.dumps(OLD, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "train.jsonl").write_text("", encoding="utf-8")
    (out / "test.jsonl").write_text("", encoding="utf-8")
    draft = tmp_path / "drafts" / "b9"
    draft.mkdir(parents=True)
    body = " ".join(["Người dân nộp hồ sơ trực tuyến tại xã."] * 20)
    (draft / "001.txt").write_text(f"<AGENCY>UBND tỉnh</AGENCY> giao <METRIC>12</METRIC> nhiệm vụ. {body}\n", encoding="utf-8")
    assert main([str(tmp_path / "drafts"), "--out", str(out)]) == 0
    docs = {d["id"]: (split, d) for split in ("train", "validation", "test")
            for d in map(json.loads, (out / f"{split}.jsonl").read_text(encoding="utf-8").splitlines())}
    assert docs["cds-b1-001"] == ("validation", OLD)
    assert docs["cds-b9-001"][0] == "train"  # one fresh document: 15% of 1 rounds to none for validation and test
    new = docs["cds-b9-001"][1]
    assert [(e["label"], e["text"]) for e in new["entities"]] == [("AGENCY", "UBND tỉnh"), ("METRIC", "12")]
