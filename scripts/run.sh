#!/usr/bin/env bash
# Set up cdsnlp in ./.venv (Python 3.11) and extract entities from the example article.
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
install -e .
.venv/bin/cdsnlp extract "${1:-examples/article.txt}" --format table
