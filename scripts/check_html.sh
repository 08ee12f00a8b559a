#!/usr/bin/env bash
# Documented browser check of the HTML view: renders examples/article.txt with
# `cdsnlp extract --format html` and takes a headless Chromium screenshot.
# Then the same for a hostile article (payloads must stay text).
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

# The same view of a hostile article (script, event-handler and
# attribute-breaking payloads in the text and in the document id): in the
# browser's DOM after loading, no payload may have become an element, an
# attribute or have run (it would change the title).
hostile=$(mktemp -d)
printf '%s\n' \
  '{"id": "<script>document.title=\"PWNED\"</script>", "text": "Ông Nguyễn Văn An <img src=x onerror=\"document.title=\u0027PWNED\u0027\">, Giám đốc Sở Tài chính \" onmouseover=\"alert(1) </mark><svg onload=document.title=\u0027PWNED\u0027>, ngày 6/6/2023 <script>document.title=\u0027PWNED\u0027</script>"}' \
  > "$hostile/hostile.jsonl"
.venv/bin/cdsnlp extract "$hostile/hostile.jsonl" --format html --output "$hostile/view.html" --no-progress
dom=$(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --virtual-time-budget=2000 --dump-dom "file://$hostile/view.html" 2>/dev/null)
if grep -q "<title>PWNED" <<<"$dom" || grep -Eiq "<(script|img|svg)[ >]|<[^>]* on(error|load|mouseover)=" <<<"$dom"; then
  echo "hostile page: a payload became part of the page" >&2
  exit 1
fi
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --window-size=1200,1400 --screenshot="${out%.png}-hostile.png" "file://$hostile/view.html" 2>/dev/null
echo "hostile page: every payload shown as text (screenshot: ${out%.png}-hostile.png)"
