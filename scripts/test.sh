#!/usr/bin/env bash
# Set up cdsnlp with its dev tools in ./.venv (Python 3.11), lint, and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
.venv/bin/ruff check cdsnlp training tests benchmarks
.venv/bin/python -m pytest -q "$@"
