"""benchmarks/outputs.py: what a speed change is checked with finds a changed entity."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

SCRIPT = ROOT / "benchmarks" / "outputs.py"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args, "--limit", "4"], capture_output=True, text=True)


def test_saved_outputs_check_clean_and_a_change_is_reported(tmp_path):
    ref = tmp_path / "ref.jsonl"
    assert _run("--save", str(ref)).returncode == 0
    rows = [json.loads(line) for line in ref.open(encoding="utf-8")]
    assert len(rows) == 4 and all(r["entities"] for r in rows)
    same = _run("--check", str(ref))
    assert same.returncode == 0 and "0 differ" in same.stdout
    rows[2]["entities"][0]["end"] += 1  # one offset moved
    ref.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    changed = _run("--check", str(ref))
    assert changed.returncode == 1 and f"{rows[2]['id']}: entities differ" in changed.stdout
