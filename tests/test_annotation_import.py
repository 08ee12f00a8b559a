"""Real export shapes of Label Studio and Doccano (tests/fixtures/annotation/,
written by hand from our own sentences in the shapes the tools' docs give):
nothing is dropped without being reported."""

import json
import subprocess
import sys
import unicodedata

import pytest
from conftest import ROOT

from cdsnlp.annotation.doccano import doccano_records, read_doccano
from cdsnlp.annotation.formats import detect_format, read_annotations
from cdsnlp.annotation.labels import LabelMap
from cdsnlp.annotation.labelstudio import label_studio_tasks, read_label_studio
from cdsnlp.annotation.report import clean_text, place_span

FIX = ROOT / "tests" / "fixtures" / "annotation"


def _ents(doc):
    return [(doc["text"][e["start"] : e["end"]], e["label"]) for e in doc["entities"]]


@pytest.mark.parametrize(
    "name, fmt",
    [("labelstudio_export.json", "labelstudio"), ("labelstudio_min.json", "labelstudio-min"), ("labelstudio_conll2003.conll", "conll"),
     ("doccano_labels.jsonl", "doccano"), ("doccano_relations.jsonl", "doccano"), ("doccano_other_labels.jsonl", "doccano")],
)
def test_format_is_detected_from_content(name, fmt):
    assert detect_format((FIX / name).read_text(encoding="utf-8")) == fmt


def test_corpus_jsonl_is_detected_as_ours():
    assert detect_format((ROOT / "data" / "corpus" / "test.jsonl").read_text(encoding="utf-8")) == "jsonl"


def test_label_studio_export_every_task_accounted_for():
    docs, where, report, _ = read_annotations(FIX / "labelstudio_export.json")
    tasks = json.loads((FIX / "labelstudio_export.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in docs}
    # 7 tasks: 5 documents + 2 skipped and listed (cancelled, predictions only)
    assert len(docs) + len(report.skipped) == len(tasks) == 7
    assert sorted(by_id) == ["104", "105", "106", "107", "ls-1"]
    skipped = " ".join(map(str, report.skipped))
    assert "task 102: all 1 annotations cancelled" in skipped and "task 103: only predictions" in skipped
    assert all(str(x).startswith(f"{FIX / 'labelstudio_export.json'}:") for x in report.skipped + report.rejected)
    assert len(where) == len(docs)
    # the latest of two annotations is used, and the choice is noted
    assert _ents(by_id["ls-1"]) == [("Sáng 12/5", "DATE"), ("Phó Chủ tịch", "ROLE"), ("UBND tỉnh", "AGENCY"), ("Trần Văn Bình", "OFFICIAL"), ("Kế hoạch số 45/KH-UBND", "LEGAL_DOC")]
    assert any("task 101: used the latest" in str(n) for n in report.notes)
    # a submitted empty annotation is a document without entities (not skipped)
    assert by_id["107"]["entities"] == []


def test_label_studio_shifted_bom_crlf_nfd_repaired_or_rejected():
    docs, _, report, _ = read_annotations(FIX / "labelstudio_export.json")
    by_id = {d["id"]: d for d in docs}
    # shifted by two characters: found once nearby, repaired and reported
    assert ("Văn phòng UBND tỉnh", "AGENCY") in _ents(by_id["104"])
    assert any("document 104 span 1 AGENCY" in str(r) for r in report.repaired)
    # a span text that is nowhere near: rejected with file:line, the document flagged
    assert [str(r).split(": ", 1)[1] for r in report.rejected] == [
        "document 104 span 2 ROLE: text 'Giám đốc' does not match text[60:66] = ' Nguyễ' and is not found within 64 characters"]
    assert report.rejected_docs == {"104"}
    assert str(report.rejected[0]).startswith(f"{FIX / 'labelstudio_export.json'}:190:")
    # BOM + CRLF: the BOM goes, offsets counted with CRLF as one character are mapped
    assert not by_id["105"]["text"].startswith("\ufeff")
    assert _ents(by_id["105"]) == [("quý I/2024", "DATE"), ("Sở Tài chính", "AGENCY"), ("1.250 hồ sơ", "METRIC")]
    # NFD text: normalised, offsets mapped
    assert unicodedata.is_normalized("NFC", by_id["106"]["text"])
    assert _ents(by_id["106"]) == [("Chủ tịch", "ROLE"), ("Hoàng Đức Lộc", "OFFICIAL"), ("Công văn số 301/UBND-KT", "LEGAL_DOC")]


def test_label_studio_annotator_and_predictions_options():
    data = (FIX / "labelstudio_export.json").read_text(encoding="utf-8")
    docs, _, report = read_label_studio(data, annotator="3")
    by_id = {d["id"]: d for d in docs}
    assert _ents(by_id["ls-1"]) == [("Phó Chủ tịch", "ROLE")]  # annotator 3's older annotation
    assert "104" not in by_id and any("task 104: no non-cancelled annotation by 3" in str(s) for s in report.skipped)
    docs, _, report = read_label_studio(data, use_predictions=True)
    assert _ents({d["id"]: d for d in docs}["103"]) == [("Quyết định số 112/QĐ-UBND", "LEGAL_DOC")]


def test_label_studio_text_field():
    path = FIX / "labelstudio_text_field.json"
    docs, _, report, _ = read_annotations(path)
    assert docs == [] and "name one with --text-field" in str(report.skipped[0])
    docs, _, report, _ = read_annotations(path, text_field="content")
    assert _ents(docs[0]) == [("Phạm Quốc Huy", "OFFICIAL"), ("Phó Giám đốc", "ROLE"), ("Sở Kế hoạch và Đầu tư", "AGENCY")] and report.ok


def test_label_studio_json_min_latest_annotation_and_unannotated_task():
    docs, _, report, fmt = read_annotations(FIX / "labelstudio_min.json")
    assert fmt == "labelstudio-min"
    assert [d["id"] for d in docs] == ["301", "302"]
    assert len(docs[1]["entities"]) == 3  # the later of the two annotations of task 302
    assert [str(s).split(": ", 1)[1] for s in report.skipped] == ["task 303: no annotation"]


def test_conll2003_export_text_rebuilt_and_punctuation_trimmed():
    docs, _, report, _ = read_annotations(FIX / "labelstudio_conll2003.conll")
    assert len(docs) == 2
    assert _ents(docs[1]) == [("Phạm Quốc Huy", "OFFICIAL"), ("Phó Giám đốc", "ROLE"), ("Sở Kế hoạch và Đầu tư", "AGENCY")]
    assert len(report.repaired) == 3 and report.ok


def test_doccano_both_shapes_and_the_data_key():
    docs, _, report, _ = read_annotations(FIX / "doccano_labels.jsonl")
    assert [d["id"] for d in docs] == ["1", "2", "3"] and docs[1]["entities"] == []
    assert _ents(docs[2]) == [("27/30 nhiệm vụ", "METRIC")]  # older export: text under "data"
    docs, _, report, _ = read_annotations(FIX / "doccano_relations.jsonl")
    assert _ents(docs[0]) == [("Phạm Quốc Huy", "OFFICIAL"), ("Phó Giám đốc", "ROLE"), ("Sở Kế hoạch và Đầu tư", "AGENCY")]
    assert "2 relations ignored" in str(report.notes[0])


def test_label_mapping_and_unknown_labels_counted():
    path = FIX / "doccano_other_labels.jsonl"
    _, _, report, _ = read_annotations(path)
    assert report.unknown_labels == {"PER": 3, "ORG": 2, "TITLE": 1, "DOC": 1, "LOC": 1}
    docs, _, report, _ = read_annotations(path, labels=LabelMap.parse(str(FIX / "label_map.json")))
    assert report.unknown_labels == {"LOC": 1} and report.rejected_docs == {"23"}
    assert _ents(docs[1]) == [("Quyết định số 112/QĐ-UBND", "LEGAL_DOC"), ("Sở Nội vụ", "AGENCY"), ("Lê Thị Hoa", "OFFICIAL")]
    same = read_annotations(path, labels=LabelMap.parse("PER=OFFICIAL,ORG=AGENCY,TITLE=ROLE,DOC=LEGAL_DOC"))[0]
    assert same == docs
    with pytest.raises(ValueError, match="unknown labels"):
        LabelMap.parse("PER=PERSON")


def test_place_span_ambiguous_text_nearby_is_rejected():
    ct = clean_text("Sở Y tế và Sở Y tế")
    assert place_span(ct, 1, 6, "Sở Y tế")[0] is None
    assert place_span(ct, 0, 7, "Sở Y tế") == ((0, 7), None)
    assert place_span(ct, 0, 99, None)[0] is None


def test_writers_round_trip_with_scores():
    docs = [{"id": "a", "text": "Sở Nội vụ họp", "entities": [{"start": 0, "end": 9, "label": "AGENCY", "score": 0.87}]}]
    tasks = label_studio_tasks(docs, as_predictions=True, model_version="m1")
    assert tasks[0]["predictions"][0]["model_version"] == "m1" and tasks[0]["predictions"][0]["result"][0]["score"] == 0.87
    back, _, _ = read_label_studio(json.dumps(tasks), use_predictions=True)
    assert back == [{"id": "a", "text": "Sở Nội vụ họp", "entities": [{"start": 0, "end": 9, "label": "AGENCY", "score": 0.87}]}]
    for shape in ("label", "entities"):
        recs = doccano_records(docs, shape=shape)
        got, _, _ = read_doccano("\n".join(json.dumps(r, ensure_ascii=False) for r in recs))
        assert _ents(got[0]) == [("Sở Nội vụ", "AGENCY")]


def test_cli_convert_detects_and_reports(tmp_path):
    out = tmp_path / "mine.jsonl"
    res = subprocess.run([sys.executable, "-m", "cdsnlp.cli", "convert", str(FIX / "labelstudio_export.json"), str(out)], capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 1  # something was skipped and rejected: said, and the exit code says so
    assert "2 tasks skipped, 4 spans repaired, 1 rejected" in res.stderr and "task 103: only predictions" in res.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    res = subprocess.run([sys.executable, "-m", "cdsnlp.cli", "convert", "--from", "doccano", "--labels", str(FIX / "label_map.json"),
                          str(FIX / "doccano_other_labels.jsonl"), str(out)], capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 1 and "unknown labels: LOC=1" in res.stderr
    res = subprocess.run([sys.executable, "-m", "cdsnlp.cli", "convert", str(FIX / "doccano_relations.jsonl"), str(out)], capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 0, res.stderr


def _corpus(n=12):
    from cdsnlp.annotation import read_jsonl

    return list(read_jsonl(ROOT / "data" / "corpus" / "validation.jsonl"))[:n]


def _task(k, text, spans):
    return {"id": k, "data": {"text": text, "doc_id": f"d{k}"},
            "annotations": [{"id": k, "result": [{"from_name": "label", "to_name": "text", "type": "labels",
                                                  "value": {"start": s, "end": e, "text": t, "labels": [lab]}} for s, e, t, lab in spans]}]}


def test_nfd_and_bom_crlf_exports_of_real_documents_map_back_exactly():
    docs = _corpus()
    nfd_tasks, crlf_tasks = [], []
    for k, d in enumerate(docs):
        t = d["text"]
        ents = d["entities"]
        # NFD text with offsets counted on it (a tool that never normalises)
        pieces = [unicodedata.normalize("NFD", t[: e["start"]]) for e in ents]
        nfd = unicodedata.normalize("NFD", t)
        nfd_tasks.append(_task(k, nfd, [(len(p), len(p) + len(unicodedata.normalize("NFD", t[e["start"]:e["end"]])),
                                         unicodedata.normalize("NFD", t[e["start"]:e["end"]]), e["label"]) for p, e in zip(pieces, ents, strict=True)]))
        # a file saved with a BOM and CRLF line ends, offsets counted on the text the browser showed
        crlf_tasks.append(_task(k, "\ufeff" + t.replace("\n", "\r\n"), [(e["start"], e["end"], t[e["start"]:e["end"]], e["label"]) for e in ents]))
    got, _, report = read_label_studio(json.dumps(nfd_tasks, ensure_ascii=False))
    spans = lambda doc: [(e["start"], e["end"], e["label"]) for e in doc["entities"]]  # noqa: E731
    assert report.ok and [(g["text"], spans(g)) for g in got] == [(d["text"], spans(d)) for d in docs]
    got, _, report = read_label_studio(json.dumps(crlf_tasks, ensure_ascii=False))
    assert report.ok and len(got) == len(docs)
    for g, d in zip(got, docs, strict=True):
        assert g["text"] == d["text"].replace("\n", "\r\n")
        assert [(g["text"][e["start"] : e["end"]].replace("\r\n", "\n"), e["label"]) for e in g["entities"]] == [
            (d["text"][e["start"] : e["end"]], e["label"]) for e in d["entities"]]


@pytest.mark.parametrize("shift", [-5, -1, 2, 7])
def test_shifted_offsets_are_repaired_or_rejected_never_wrong(shift):
    docs = _corpus()
    tasks = [_task(k, d["text"], [(e["start"] + shift, e["end"] + shift, d["text"][e["start"] : e["end"]], e["label"]) for e in d["entities"]])
             for k, d in enumerate(docs)]
    got, _, report = read_label_studio(json.dumps(tasks, ensure_ascii=False))
    total = sum(len(d["entities"]) for d in docs)
    assert sum(len(g["entities"]) for g in got) + len(report.rejected) == total  # every span accounted for
    assert len(report.repaired) == sum(len(g["entities"]) for g in got) > 0.9 * total
    for g, d in zip(got, docs, strict=True):
        gold = {(e["start"], e["end"], e["label"]) for e in d["entities"]}
        assert {(e["start"], e["end"], e["label"]) for e in g["entities"]} <= gold  # a repaired span is where the annotator put it
