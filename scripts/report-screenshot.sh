#!/usr/bin/env bash
# Renders a report in headless Chromium (Debian's package), saves a screenshot and fails when
# the page writes anything to the browser console: the report writes nothing there, so any line
# is an error or a warning from the page or from ECharts.
#
#   scripts/report-screenshot.sh                      # seeds a world, runs all + a backfill, reports
#   scripts/report-screenshot.sh REPORT.html [OUT.png] # screenshots a report you already have
#
# Default OUT: scripts/report-screenshot.png (the README's picture). SCREENSHOT_HEIGHT sets the
# height of the picture in pixels (default 2600); the console is checked for the whole page.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HTML="${1:-}"
PNG="$(realpath -m "${2:-$ROOT/scripts/report-screenshot.png}")"
HEIGHT="${SCREENSHOT_HEIGHT:-2600}"

if ! command -v chromium >/dev/null; then
  echo "installing Debian's chromium..." >&2
  SUDO=""; [[ "$(id -u)" == 0 ]] || SUDO="sudo"
  $SUDO apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >&2
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if [[ -z "$HTML" ]]; then
  PRECOMPUTE="$ROOT/scripts/precompute"
  "$PRECOMPUTE" seed --users 1000 --seed 42 --out "$WORK/seed" >&2
  "$PRECOMPUTE" run all --input "$WORK/seed" --store "sqlite:$WORK/cache.db" --as-of 2026-11-23 >&2
  "$PRECOMPUTE" backfill analytics --from 2026-10-01 --to 2026-11-22 --period day,week,month \
      --input "$WORK/seed" --store "sqlite:$WORK/cache.db" >&2
  "$PRECOMPUTE" report --store "sqlite:$WORK/cache.db" --from 2026-10-24 --to 2026-11-22 \
      --out "$WORK/report.html" >&2
  HTML="$WORK/report.html"
fi
[[ -f "$HTML" ]] || { echo "error: no report at $HTML" >&2; exit 2; }

mkdir -p "$(dirname "$PNG")"
# Offline and quiet: no network services, no first-run work, a throwaway profile. The virtual
# time budget lets the page's scripts finish before the picture is taken.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$WORK/profile" --enable-logging=stderr --v=0 --hide-scrollbars \
    --window-size="1280,$HEIGHT" --virtual-time-budget=10000 --screenshot="$PNG" \
    "file://$(realpath "$HTML")" 2>"$WORK/chromium.log" || {
  echo "error: chromium failed; its log:" >&2; cat "$WORK/chromium.log" >&2; exit 1; }

# Chromium logs every console message of the page as INFO:CONSOLE, whatever its level.
if grep -q ':CONSOLE' "$WORK/chromium.log"; then
  echo "error: the report wrote to the browser console:" >&2
  grep ':CONSOLE' "$WORK/chromium.log" >&2
  exit 1
fi
[[ -s "$PNG" ]] || { echo "error: chromium wrote no screenshot" >&2; exit 1; }
echo "screenshot $PNG ($(wc -c <"$PNG") bytes) of $HTML; no console messages"
