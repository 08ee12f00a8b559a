#!/usr/bin/env bash
# The long profile of the property tests (tests/test_properties.py): random
# Vietnamese-like text, broken Unicode, huge numbers, HTML fragments, ...
# against extract, analyze, the tokenizer and the normalisation.
#
#   scripts/fuzz.sh                 # 20,000 examples per test (6 tests: 120,000)
#   CDSNLP_FUZZ_EXAMPLES=500 scripts/fuzz.sh -k extract   # fewer, some tests only
#
# Prints how many examples ran; a failure is shrunk by hypothesis to a
# minimal input, printed, and kept in .hypothesis/ so the next run tries it
# first. Run it under `nice` on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export CDSNLP_HYPOTHESIS=long
export CDSNLP_FUZZ_EXAMPLES=${CDSNLP_FUZZ_EXAMPLES:-20000}
log=$(mktemp)
status=0
"$PY" -m pytest -q -p no:logging -p no:cacheprovider tests/test_properties.py --hypothesis-show-statistics "$@" 2>&1 | tee "$log" || status=$?
passing=$({ grep -o '[0-9]* passing' "$log" || true; } | awk '{s += $1} END {print s + 0}')
failing=$({ grep -o '[0-9]* failing' "$log" || true; } | awk '{s += $1} END {print s + 0}')
echo "fuzz: ${passing} passing examples, ${failing} failing examples (${CDSNLP_FUZZ_EXAMPLES} asked per test)"
rm -f "$log"
exit "$status"
