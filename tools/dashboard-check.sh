#!/usr/bin/env bash
# Renders nas dashboard in Debian's headless chromium: runs a tiny search on generated IDX data, serves it, takes a
# screenshot and fails if the page did not render or logged a console error. Usage: tools/dashboard-check.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "dashboard-check: chromium is not installed (apt-get install chromium)" >&2; exit 1; }
work=$(mktemp -d /tmp/nas-dashboard.XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
shot=${1:-$work/dashboard.png}

# A tiny data set in Fashion-MNIST's IDX format (three easy classes), then a two-trial search on it.
tools/tiny-idx.py "$work/data"
./nas search random --space macro --data-dir "$work/data" --trials 3 --epochs 1 --subset 200 --validation 60 --layers 2 \
    --batch-size 50 --out "$work/run" > "$work/search.log"

./nas dashboard "$work/run" --port 0 > "$work/dashboard.log" 2>&1 &
server=$!
for _ in $(seq 60); do grep -q 'dashboard at' "$work/dashboard.log" && break; sleep 1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/dashboard.log" | head -1)
[ -n "$url" ] || { echo "dashboard-check: the dashboard did not start:" >&2; cat "$work/dashboard.log" >&2; exit 1; }

timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --enable-logging=stderr --v=0 \
    --window-size=1250,1600 --screenshot="$shot" "$url" > "$work/chromium.log" 2>&1 || true
if grep -E 'CONSOLE|Uncaught' "$work/chromium.log" | grep -v 'dbus' ; then
    echo "dashboard-check: the page logged console errors (above)" >&2; exit 1
fi
size=$(stat -c %s "$shot" 2>/dev/null || echo 0)
[ "$size" -gt 20000 ] || { echo "dashboard-check: no screenshot, or an empty one ($size bytes):" >&2; cat "$work/chromium.log" >&2; exit 1; }
echo "dashboard-check: $url rendered ($size-byte screenshot $shot), no console errors"
