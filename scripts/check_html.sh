#!/usr/bin/env bash
# Documented browser check of the HTML view: renders examples/article.txt with
# `cdsnlp extract --format html` and takes a headless Chromium screenshot.
# Needs Debian's chromium (apt-get install chromium). Usage: bash scripts/check_html.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/cdsnlp-view.png}
page=$(mktemp -d)/view.html
.venv/bin/cdsnlp extract examples/article.txt --format html --output "$page"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --window-size=1200,2200 --screenshot="$out" "file://$page" 2>/dev/null
echo "screenshot: $out"
