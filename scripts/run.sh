#!/usr/bin/env bash
# Set up cdsnlp in ./.venv (Python 3.11) and extract entities from the example article
# (or from the file given, relative to the folder you run this from).
set -euo pipefail
here=$(pwd)
input=${1:-}
if [ -n "$input" ] && [ "${input#/}" = "$input" ]; then
  input="$here/$input"  # the repository folder is entered below: keep the caller's relative path valid
fi
cd "$(dirname "$0")/.."
input=${input:-examples/article.txt}
VENV=${CDSNLP_VENV:-.venv}
PY=${PYTHON:-python3.11}
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
# install (quietly) only when pyproject.toml changed since the last install
stamp="$VENV/.cdsnlp-installed"
want=$(cksum < pyproject.toml)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log=$(mktemp)
  install() { "$VENV/bin/python" -m pip install --quiet "$@" >"$log" 2>&1 || { cat "$log"; exit 1; }; }
  install --upgrade pip
  install -e .
  echo "$want" > "$stamp"
fi
"$VENV/bin/cdsnlp" extract "$input" --format table
