#!/usr/bin/env bash
# The issue-5 load run: 'precompute serve' over the Firestore emulator, a Zipf-skewed workload over
# 100k keys with 1,000 connections (wrk, through run-load.sh), once through the cache and once with
# the cache bypassed; prints requests/s, P50/P95/P99, errors and the per-layer read shares of each
# phase (from /metrics), and the ratio of the two.
#
#   1. builds the CLI and serving's test classes (LoadTestCopy)
#   2. documents: 'precompute seed' + 'precompute run all' into WORK/cache.db (real job output of
#      every type, --freshFor=P2D so that the run can be reused for a day); skipped when a
#      cache.db younger than a day is there
#   3. starts the emulator with scripts/emulator.sh (or uses the one already running) and copies a
#      seeded sample of --keys documents into it (LoadTestCopy), keys to WORK/keys.txt
#   4. starts 'precompute serve' on the emulator with a fresh service token
#   5. warm-up (not counted), cached phase, PUT /admin/cache-bypass true, bypassed phase
#   6. stops the server (SIGTERM) and the emulator it started
#
# Usage: run-emulator-bench.sh [--keys 100000] [--users 12000] [-c 1000] [-d 60s] [-w 15s]
#                              [-s 1.0] [--port 8090] [--emulator-port 8792] [--work DIR] [-o FILE]
#                              [--loader-threads N] [--pause MS] [--jfr]
#   --loader-threads N  passed to 'precompute serve' (default: serve's own, 8)
#   --pause MS  each connection pauses MS ms on average between requests in the cached and
#               bypassed phases (run-load.sh --pause): a paced load of about c / MS*1000 req/s,
#               to compare latency below saturation (default 0: closed loop, as fast as answers come)
#   --jfr       records each phase with Java Flight Recorder (settings=profile) into WORK/PHASE.jfr
#   -o FILE  the report (default serving/loadtest/results/emulator-<keys>-keys-<c>c-<d>.txt)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
die() { echo "run-emulator-bench.sh: $*" >&2; exit 2; }

keys=100000; users=12000; connections=1000; duration=60s; warmup=15s; zipf=1.0
port=8090; emulator_port=8792; work="$root/.local/bench"; out=""; serve_args=(); pause=0; jfr=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keys) keys="$2"; shift 2 ;;
    --users) users="$2"; shift 2 ;;
    -c) connections="$2"; shift 2 ;;
    -d) duration="$2"; shift 2 ;;
    -w) warmup="$2"; shift 2 ;;
    -s) zipf="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --emulator-port) emulator_port="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    --loader-threads) serve_args+=("--loader-threads=$2"); shift 2 ;;
    --pause) pause="$2"; shift 2 ;;
    --jfr) jfr=1; shift ;;
    *) die "unknown option $1 (see the header of this script)" ;;
  esac
done
out="${out:-$here/results/emulator-${keys}-keys-${connections}c-${duration}.txt}"
# shellcheck source=bench-lib.sh
source "$here/bench-lib.sh"
bench_begin "$out"

machine() {
  echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2 " GiB RAM"}'), load average" \
       "$(cut -d' ' -f1-3 /proc/loadavg) (shared: other builds may be running)"
}

echo "avalo serving emulator bench, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
machine
echo "$(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1 || true)"
echo "workload: $keys keys, zipf s=$zipf, $connections connections, warm-up $warmup, $duration per phase," \
  "pause ${pause} ms per connection between requests (0: closed loop)"
echo "serve: JVM ${SERVE_JAVA_OPTS:--Xmx2g}, options: ${serve_args[*]:-(defaults)}"

step "1/6 build"
bench_build

step "2/6 documents"
bench_documents

step "3/6 emulator and copy"
bench_emulator_and_copy
echo "precompute get $first_key (through serving, on the emulator):"
"$root/scripts/precompute" get "$first_key" --store="firestore:$project" \
  --emulator-host="$emulator" --payload | head -c 300; echo " ..."

step "4/6 precompute serve"
bench_config
SERVE_JAVA_OPTS="${SERVE_JAVA_OPTS:--Xmx2g}" bench_start_serve "$work/serve.log" \
  ${serve_args[@]+"${serve_args[@]}"}

phase() {
  local name="$1" length="$2" pause_ms="${3:-0}" before after
  before="$work/metrics-$name-before.txt"; after="$work/metrics-$name-after.txt"
  bench_scrape > "$before"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ -n "$jfr" ]]; then
    jcmd "$serve_pid" JFR.start name="$name" settings=profile filename="$work/$name.jfr" >/dev/null
  fi
  "$here/run-load.sh" "$url" "$token" "$key_file" -c "$connections" -d "$length" -s "$zipf" \
    --pause "$pause_ms" -o "$work/$name.txt" | grep -v "^report written"
  if [[ -n "$jfr" ]]; then
    jcmd "$serve_pid" JFR.stop name="$name" >/dev/null && echo "flight recording: $work/$name.jfr"
  fi
  bench_scrape > "$after"
  bench_layers "$before" "$after" "$(seconds_of "$length")"
}
seconds_of() { local n="${1%[sm]}"; [[ "$1" == *m ]] && n=$((n * 60)); echo "$n"; }
field() { awk -v f="$2" -F': *' '$1 == f {print $2}' "$work/$1.txt" | awk '{print $1}'; }

step "5/6 load"
echo "-- warm-up ($warmup, through the cache; not counted)"
phase warmup "$warmup"
echo; echo "-- cached"
phase cached "$duration" "$pause"
echo; echo "-- bypassed"
curl -sf -X PUT -H "Authorization: Bearer $token" -d '{"bypassCache": true}' "$url/admin/cache-bypass"
echo "  (X-Cache-Layer now: $(curl -s -o /dev/null -D - -H "Authorization: Bearer $token" \
  "$url/v1/docs/$first_key" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache-layer" {print $2}'))"
phase bypassed "$duration" "$pause"

step "6/6 summary"
machine
printf '%-9s %10s %10s %10s %10s %8s\n' phase "req/s" "p50 ms" "p95 ms" "p99 ms" errors
for name in cached bypassed; do
  printf '%-9s %10s %10s %10s %10s %8s\n' "$name" "$(field "$name" "requests/s")" \
    "$(field "$name" "latency p50")" "$(field "$name" "latency p95")" \
    "$(field "$name" "latency p99")" "$(field "$name" errors)"
done
awk -v cr="$(field cached requests/s)" -v br="$(field bypassed requests/s)" \
    -v c50="$(field cached "latency p50")" -v b50="$(field bypassed "latency p50")" \
    -v c99="$(field cached "latency p99")" -v b99="$(field bypassed "latency p99")" 'BEGIN {
  printf "ratio cached/bypassed: %.2fx the requests/s; p50 %.2fx, p99 %.2fx of the bypassed latency\n",
    cr / br, c50 / b50, c99 / b99 }'

bench_stop_serve
grep -h "serve: stopped" "$work/serve.log" || echo "serve did not report stopping; see $work/serve.log"
echo "report: $out"
