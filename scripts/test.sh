#!/usr/bin/env bash
# Set up cdsnlp with its dev tools in ./.venv (Python 3.11), lint, and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
log=$(mktemp)
# install quietly; show pip's output only if it fails
install() { .venv/bin/python -m pip install --quiet "$@" >"$log" 2>&1 || { cat "$log"; exit 1; }; }
install --upgrade pip
install -e ".[dev]"
cksum < pyproject.toml > .venv/.cdsnlp-installed  # scripts/run.sh need not install again
.venv/bin/ruff check cdsnlp training tests benchmarks
.venv/bin/python -m pytest -q "$@"
