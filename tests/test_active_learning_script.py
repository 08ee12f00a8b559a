"""training/active_learning.py runs end to end on a small setting and writes
its curves: the same starting model for every strategy, sizes growing by
the step, one training per round and strategy, a real PNG."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_simulation_runs_and_writes_table_json_and_plot(tmp_path):
    out, png = tmp_path / "al.json", tmp_path / "al.png"
    res = subprocess.run([sys.executable, "-m", "training.active_learning", "--seeds", "1", "--start", "8", "--step", "4", "--rounds", "2",
                          "--max-iterations", "15", "--json", str(out), "--plot", str(png)], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    (run,) = data["runs"]
    assert set(run) == {"uncertainty", "random", "longest"}
    for curve in run.values():
        assert [p["documents"] for p in curve] == [8, 12, 16]
        assert all(0 < p["f1"] <= 1 and 0 < p["f1_names"] <= 1 for p in curve)
        assert curve[0] == run["uncertainty"][0]  # one starting model for all strategies
    assert [t["documents"] for t in data["timings"]] == [8, 12, 16, 12, 16, 12, 16]
    assert png.stat().st_size > 10_000 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "| 16 |" in res.stdout and "Training time" in res.stdout


def test_simulation_refuses_more_documents_than_the_split_has():
    n = sum(1 for _ in (ROOT / "data" / "corpus" / "train.jsonl").open(encoding="utf-8"))
    res = subprocess.run([sys.executable, "-m", "training.active_learning", "--start", str(n - 10), "--rounds", "4"],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 2 and f"{n} documents" in res.stderr
