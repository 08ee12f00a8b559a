#!/usr/bin/env bash
# Set up cdsnlp in ./.venv (Python 3.11) and extract entities from the example article.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/cdsnlp extract "${1:-examples/article.txt}" --format table
