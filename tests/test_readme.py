"""Every Python and shell example of README.md runs, and its shown output is true.

Fenced blocks are found automatically, so sections added later are tested too:

- ```python blocks run each in a fresh namespace (a reader copies one block);
- ```bash / ```sh / ```console blocks run with bash -euo pipefail;
- a block is compared with its output when the next fenced block has no
  language (or ``text``) and only "prints"/"gives"/"output" (or nothing)
  stands between them; timings ("0.28s") are masked.

All run in a temporary folder holding what a reader has: links to the
repository's folders (examples/, data/, scripts/, training/, tests/,
benchmarks/, .venv; not models/, so nothing can overwrite the shipped model) and ``article.txt`` (a copy of examples/article.txt), so examples
also prove they work outside the repository folder.

Not run, and why (the only exceptions):
- a block containing ``scripts/test.sh``: it creates the venv and runs this
  very test suite;
- a block preceded by ``<!-- readme-test: skip REASON -->``: for commands that
  create venvs, never return (servers) or take minutes; the reason is shown
  in the test id. Each use must say why in REASON.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

README = ROOT / "README.md"
_FENCE = re.compile(r"^```([\w+-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
_SKIP = re.compile(r"<!--\s*readme-test:\s*skip\s+(.+?)\s*-->\s*$")
_TIME = re.compile(r"\b\d+(\.\d+)?s\b")
PY = ("python", "py")
SH = ("bash", "sh", "console", "shell")


def _blocks() -> list[tuple[str, str, int, str | None, str | None]]:
    """(language, code, line, expected output or None, skip reason or None) of every runnable block."""
    text = README.read_text(encoding="utf-8")
    fences = list(_FENCE.finditer(text))
    out = []
    for k, m in enumerate(fences):
        lang = m.group(1).lower()
        if lang not in PY + SH:
            continue
        line = text.count("\n", 0, m.start()) + 1
        expected = None
        if k + 1 < len(fences) and fences[k + 1].group(1).lower() in ("", "text"):
            between = text[m.end() : fences[k + 1].start()].strip().lower().rstrip(":")
            if between in ("", "prints", "gives", "output"):
                expected = fences[k + 1].group(2)
        before = text[: m.start()].rstrip().splitlines()
        skip = _SKIP.search(before[-1]) if before else None
        reason = skip.group(1) if skip else ("runs the test suite itself" if "scripts/test.sh" in m.group(2) else None)
        out.append((lang, m.group(2), line, expected, reason))
    return out


@pytest.fixture
def reader_dir(tmp_path, monkeypatch):
    # models/ is not linked: a command writing a model there must never touch the shipped one
    for name in ("examples", "data", "scripts", "training", "tests", "benchmarks"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    shutil.copy(ROOT / "examples" / "article.txt", tmp_path / "article.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _same(got: str, expected: str) -> None:
    norm = lambda s: _TIME.sub("<t>s", "\n".join(line.rstrip() for line in s.strip().splitlines()))  # noqa: E731
    assert norm(got) == norm(expected)


def _run_bash(code: str, env: dict, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``code`` in its own process group, killed whole if it outlives ``timeout``."""
    proc = subprocess.Popen(["bash", "-euo", "pipefail", "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=cwd, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError(f"timed out after {timeout}s: {code[:200]}") from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


BLOCKS = _blocks()


def test_readme_has_examples_of_both_kinds():
    assert sum(b[0] in PY for b in BLOCKS) >= 4 and sum(b[0] in SH for b in BLOCKS) >= 3
    assert sum(b[3] is not None for b in BLOCKS) >= 3  # examples with shown output


@pytest.mark.parametrize("lang, code, line, expected, reason", BLOCKS, ids=[f"line{b[2]}-{b[0]}" + (f"-skip:{b[4]}" if b[4] else "") for b in BLOCKS])
def test_readme_example(lang, code, line, expected, reason, reader_dir):
    if reason:
        pytest.skip(reason)
    if lang in PY:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(code, f"README.md:{line}", "exec"), {"__name__": "__readme__"})
        got = buf.getvalue()
    else:
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        env.pop("CDSNLP_MODEL", None)
        res = _run_bash(code, env, reader_dir)
        assert res.returncode == 0, f"README.md:{line}: exit {res.returncode}\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}"
        got = res.stdout
    if expected is not None:
        _same(got, expected)
