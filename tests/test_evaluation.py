import json
import subprocess
import sys

from cdsnlp.evaluation import score_documents

DOCS = [
    {"id": "a", "text": "Ngày 20/3/2024 họp, đạt 33,3%.",
     "entities": [{"start": 0, "end": 14, "label": "DATE"}, {"start": 24, "end": 29, "label": "METRIC"}]},
]


def test_strict_span_scores_count_boundaries_exactly():
    def predict(doc):
        return [(0, 14, "DATE"), (24, 28, "METRIC")]  # METRIC boundary off by one

    s = score_documents(DOCS, predict)
    assert s.label("DATE") == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert s.label("METRIC")["f1"] == 0.0
    assert s.micro()["precision"] == 0.5
    assert "DATE" in s.seqeval_report


def test_evaluate_command_on_a_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS), encoding="utf-8")
    out = tmp_path / "scores.json"
    res = subprocess.run([sys.executable, "-m", "training.evaluate", str(gold), "--labels", "DATE,METRIC", "--json", str(out)],
                         capture_output=True, text=True, check=True)
    assert "Strict span scores" in res.stdout
    scores = json.loads(out.read_text())
    assert scores["labels"]["DATE"]["f1"] == 1.0
    assert scores["labels"]["METRIC"]["f1"] == 1.0
