"""Pre-annotation (cdsnlp convert --predict) and uncertainty selection
(cdsnlp select --uncertain), run as the commands a user types."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

import cdsnlp
from cdsnlp.annotation import read_jsonl
from cdsnlp.annotation.doccano import read_doccano
from cdsnlp.confidence import document_uncertainty

TEXTS = [
    "Chiều 5/3, Phó Chủ tịch UBND tỉnh Lê Hoàng Yến làm việc với Sở Thông tin và Truyền thông.",
    "Theo Quyết định số 104/QĐ-UBND ngày 07/02/2024, 18/54 TTHC được cung cấp trực tuyến.",
    "Không có gì đáng chú ý.",
]


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "cdsnlp.cli", *args], capture_output=True, text=True, cwd=cwd)


def _jsonl(path, texts):
    path.write_text("".join(json.dumps({"id": f"d{k}", "text": t}, ensure_ascii=False) + "\n" for k, t in enumerate(texts)), encoding="utf-8")
    return path


def _expected(text):
    return [(e.start, e.end, e.label, e.score) for e in cdsnlp.extract(text)]


def test_convert_predict_writes_label_studio_predictions(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", TEXTS)
    res = run("convert", "--to", "labelstudio", "--predict", str(src), str(tmp_path / "tasks.json"))
    assert res.returncode == 0, res.stderr
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    assert len(tasks) == 3
    ids = set()
    for task, text in zip(tasks, TEXTS, strict=True):
        assert task["data"]["text"] == text and "annotations" not in task
        (pred,) = task["predictions"]
        assert pred["model_version"].startswith("cdsnlp-") and pred["model_version"].endswith("ner_crf_cds_20261207")
        got = []
        for r in pred["result"]:
            assert (r["from_name"], r["to_name"], r["type"]) == ("label", "text", "labels")
            v = r["value"]
            assert text[v["start"] : v["end"]] == v["text"] and r["score"] == v["score"]
            got.append((v["start"], v["end"], v["labels"][0], v["score"]))
            ids.add(r["id"])
        assert got == _expected(text)
        scores = [g[3] for g in got]
        if scores:  # the task's score, for sorting in Label Studio's Data Manager: the mean of its regions'
            assert pred["score"] == round(sum(scores) / len(scores), 4)
    assert len(ids) == sum(len(t["predictions"][0]["result"]) for t in tasks)  # region ids unique over the file
    # imported back as predictions, nothing is lost
    res = run("convert", "--use-predictions", str(tmp_path / "tasks.json"), str(tmp_path / "back.jsonl"))
    assert res.returncode == 0, res.stderr
    back = list(read_jsonl(tmp_path / "back.jsonl"))
    assert [[(e["start"], e["end"], e["label"]) for e in d["entities"]] for d in back] == [[x[:3] for x in _expected(t)] for t in TEXTS]


def test_convert_predict_keeps_unannotated_label_studio_tasks(tmp_path):
    tasks = [{"id": 1, "data": {"content": TEXTS[0], "url": "x"}}, {"id": 2, "data": {"content": TEXTS[1]}, "annotations": []},
             {"id": 3, "data": {"other": 5}}]
    (tmp_path / "export.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    res = run("convert", "--to", "labelstudio", "--predict", "--text-field", "content", str(tmp_path / "export.json"), str(tmp_path / "out.json"))
    assert res.returncode == 1  # task 3 has no text: skipped and said so
    assert "task 3" in res.stderr and "content" in res.stderr
    out = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [t["data"]["text"] for t in out] == TEXTS[:2]
    assert all(t["predictions"][0]["result"] for t in out)


def test_convert_predict_writes_doccano_with_scores(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", TEXTS[:2])
    res = run("convert", "--to", "doccano", "--predict", str(src), str(tmp_path / "out.jsonl"))
    assert res.returncode == 0, res.stderr
    recs = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    for rec, text in zip(recs, TEXTS[:2], strict=True):
        exp = _expected(text)
        assert rec["label"] == [[s, e, lab] for s, e, lab, _ in exp]
        assert rec["scores"] == [sc for *_, sc in exp]
        assert rec["model_version"].startswith("cdsnlp-")
    docs, _, report = read_doccano((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert not report.skipped and not report.rejected
    assert [len(d["entities"]) for d in docs] == [len(_expected(t)) for t in TEXTS[:2]]


def test_convert_model_needs_predict(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", TEXTS[:1])
    res = run("convert", "--model", "none", str(src), str(tmp_path / "o.jsonl"))
    assert res.returncode == 2 and "--predict" in res.stderr


def test_select_uncertain_picks_the_least_sure_documents(tmp_path):
    docs = list(read_jsonl(ROOT / "data" / "corpus" / "validation.jsonl"))[:12]
    pool = tmp_path / "pool"
    pool.mkdir()
    (pool / "a.jsonl").write_text("".join(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n" for d in docs[:6]), encoding="utf-8")
    (pool / "b.jsonl").write_text("".join(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n" for d in docs[6:]), encoding="utf-8")
    res = run("select", "--uncertain", "3", str(pool), "-o", str(tmp_path / "next.jsonl"))
    assert res.returncode == 0, res.stderr
    chosen = [json.loads(x) for x in (tmp_path / "next.jsonl").read_text(encoding="utf-8").splitlines()]
    every = sorted(((document_uncertainty(cdsnlp.extract(d["text"])), d["id"]) for d in docs), key=lambda x: -x[0])
    assert [c["id"] for c in chosen] == [i for _, i in every[:3]]
    assert [c["uncertainty"] for c in chosen] == [u for u, _ in every[:3]]
    assert chosen[0]["uncertainty"] > every[-1][0]
    assert all(e["score"] is not None for c in chosen for e in c["entities"])
    assert "3 of 12 documents chosen" in res.stderr


def test_select_errors_are_one_line(tmp_path):
    res = run("select", "--uncertain", "0", str(ROOT / "examples"))
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "at least 1" in res.stderr
    res = run("select", "--uncertain", "2", "--model", "none", str(ROOT / "examples"))
    assert res.returncode == 2 and "needs a model" in res.stderr


def test_select_reads_label_studio_tasks(tmp_path):
    tasks = [{"id": k + 1, "data": {"content": t}} for k, t in enumerate(TEXTS)] + [{"id": 9, "data": {"n": 1}}]
    (tmp_path / "project.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    res = run("select", "--uncertain", "2", "--text-field", "content", str(tmp_path / "project.json"), "-o", str(tmp_path / "next.jsonl"))
    assert res.returncode == 1 and "task 9" in res.stderr  # the task without text is reported, the others ranked
    chosen = [json.loads(x) for x in (tmp_path / "next.jsonl").read_text(encoding="utf-8").splitlines()]
    ranked = sorted(range(3), key=lambda k: (-document_uncertainty(cdsnlp.extract(TEXTS[k])), k))
    assert [c["id"] for c in chosen] == [str(k + 1) for k in ranked[:2]]
    assert [c["text"] for c in chosen] == [TEXTS[k] for k in ranked[:2]]


def test_usage_errors_of_other_modules_are_one_line_under_python_m(tmp_path):
    res = run("index", str(tmp_path / "x.txt"), "--jobs", "0")
    assert res.returncode == 2 and res.stderr.strip() == "cdsnlp: error: --jobs must be at least 1"
