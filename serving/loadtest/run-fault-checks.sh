#!/usr/bin/env bash
# Store faults under load, timed, against the real emulator: 'serve' reads the emulator through a
# TCP proxy of the test classes (TcpProxy), with OpenLoopLoad sending a Zipf workload at --rate.
# The ITs (ServeStoreFaultsIT, InvalidationListenerCutIT) check the same behaviour in CI without
# clocks; this script records the times, so run it on an otherwise idle machine.
#
#   1. store killed: after 15 s of load the emulator gets SIGKILL. Recorded: the answers of 40
#      never-read keys one after another (status, Retry-After, time), /readyz (status, time),
#      serve's threads and RSS before and during, the answers by layer and status, and, once the
#      emulator is started again and refilled, how long until a never-read key and /readyz
#      answer 200 again.
#   2. slow store: the proxy holds every answer of the store --delay-ms (1500); recorded: the
#      circuit, 20 concurrent misses (status, time), memory hits' server-side p50/p99 in a normal
#      10 s window and in a slow one, and the recovery once the delay is lifted.
#
# Usage: run-fault-checks.sh [--keys 20000] [--users 12000] [--rate 500] [-c 200] [--delay-ms 1500]
#          [--port 8092] [--emulator-port 8793] [--proxy-port 8794] [--work DIR] [-o FILE]
# It starts and kills an emulator of its own (state in .local/loadtest-faults-emulator, on
# --emulator-port), so an emulator a developer has running is left alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
die() { echo "run-fault-checks.sh: $*" >&2; exit 2; }

keys=20000; users=12000; rate=500; connections=200; delay_ms=1500; port=8092
emulator_port=8793; proxy_port=8794; work="$root/.local/bench"; out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keys) keys="$2"; shift 2 ;;
    --users) users="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    -c) connections="$2"; shift 2 ;;
    --delay-ms) delay_ms="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --emulator-port) emulator_port="$2"; shift 2 ;;
    --proxy-port) proxy_port="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    *) die "unknown option $1 (see the header of this script)" ;;
  esac
done
out="${out:-$here/results/faults-${keys}-keys-${rate}rps.txt}"
export EMULATOR_STATE_DIR="$root/.local/loadtest-faults-emulator"
# shellcheck source=bench-lib.sh
source "$here/bench-lib.sh"
bench_begin "$out"

load_pid=""
now_ms() { date +%s%3N; }
threads_rss() { awk '/^Threads:/ {t = $2} /^VmRSS:/ {r = $2} END {printf "%d threads, RSS %.0f MB", t, r / 1024}' "/proc/$serve_pid/status"; }
# GET PATH: "status retry-after seconds", retry-after "-" when absent (awk would shift the fields)
timed_get() {
  local headers timing retry_after
  headers="$(mktemp -p "$work")"; timing="$(mktemp -p "$work")"
  curl -s -o /dev/null -D "$headers" -w '%{http_code} %{time_total}' --max-time 60 \
    -H "Authorization: Bearer $token" "$url$1" > "$timing" || true
  retry_after="$(awk -F': ' 'tolower($1) == "retry-after" {gsub(/\r/, "", $2); print $2}' "$headers" | head -1)"
  echo "$(cut -d' ' -f1 "$timing") ${retry_after:--} $(cut -d' ' -f2 "$timing")"
  rm -f "$headers" "$timing"
}
circuit() { bench_scrape | awk '/^avalo_cache_store_circuit_open\{/ {print $NF}'; }
load() {  # NAME SECONDS: OpenLoopLoad in the background, 5 s windows
  java -Xmx1g -cp "$copy_cp" com.avalo.precompute.serving.http.OpenLoopLoad --url "$url" \
    --token "$token" --key-file "$key_file" --rate "$rate" --duration "$2" \
    --connections "$connections" --window 5 --out "$work/$1.txt" > "$work/$1.log" 2>&1 &
  load_pid=$!
  extra_pids+=("$load_pid")
}
until_ok() {  # PATH: seconds until it answers 200 (at most 120)
  local start; start="$(now_ms)"
  for _ in $(seq 1 1200); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url$1")" == 200 ]] && break
    sleep 0.1
  done
  awk -v s="$start" -v e="$(now_ms)" 'BEGIN {printf "%.1f", (e - s) / 1000}'
}

echo "avalo serving fault checks, $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "workload: $keys keys, $rate req/s open loop over $connections connections; slow store: +$delay_ms ms per answer"
step "build"; bench_build
step "documents"; bench_documents
step "emulator and copy"; bench_emulator_and_copy
[[ -n "$started_emulator" ]] || die "expected to start the emulator"
bench_config
echo "delay 0" > "$work/proxy.control"
java -cp "$copy_cp" com.avalo.precompute.serving.http.TcpProxy --listen "$proxy_port" \
  --target "$emulator_port" --control "$work/proxy.control" > "$work/proxy.log" 2>&1 &
extra_pids+=($!)
sleep 2
emulator_direct="$emulator"; emulator="127.0.0.1:$proxy_port"
step "serve (reads the emulator through the proxy at $emulator)"
bench_start_serve "$work/serve-faults.log" --no-warm-start
java -Xmx1g -cp "$copy_cp" com.avalo.precompute.serving.http.OpenLoopLoad --url "$url" --token "$token" \
  --key-file "$key_file" --rate "$rate" --duration 20 --connections "$connections" --window 20 \
  --out "$work/fault-warmup.txt" | tail -2

step "1. store killed under load"
bench_scrape > "$work/metrics-kill-before.txt"
load kill 75
sleep 15
echo "before the kill: $(threads_rss); circuit open: $(circuit)"
"$root/scripts/emulator.sh" kill; killed="$(now_ms)"
echo "emulator killed (SIGKILL)"
sleep 1
for i in $(seq 1 40); do timed_get "/v1/docs/user:never-read-$i:tokens"; done > "$work/kill-misses.txt"
misses="$work/kill-misses.txt"
echo "never-read keys, one after another, with the store down:"
awk '{print $1}' "$misses" | sort | uniq -c | awk '{printf "  %d answered %s\n", $1, $2}'
echo "  with Retry-After: $(awk '$2 != "-"' "$misses" | wc -l) of $(wc -l < "$misses")"
echo "  first 3: $(head -3 "$misses" | awk '{printf "%.0f ms  ", $3 * 1000}')"
tail -n +4 "$misses" | awk '{print $3 * 1000}' | sort -n | awk '{v[NR] = $1}
  END {printf "  the other %d: median %.1f ms, p95 %.1f ms, max %.1f ms\n", NR, v[int(NR / 2) + 1], v[int(NR * 0.95)], v[NR]}'
echo "/readyz while down: $(timed_get /readyz | awk '{printf "%s in %.0f ms", $1, $3 * 1000}')"
echo "during the outage: $(threads_rss); circuit open: $(circuit)"
sleep 10
echo "after 10 s more: $(threads_rss)"
"$root/scripts/emulator.sh" start "$emulator_port" >/dev/null; restarted="$(now_ms)"
java -Xmx2g -cp "$copy_cp" com.avalo.precompute.serving.http.LoadTestCopy --from "$db" \
  --project "$project" --emulator-host "$emulator_direct" --keys "$keys" --key-file "$work/keys-again.txt" \
  2>&1 | grep -v '^SLF4J' | tail -1
refilled="$(now_ms)"
echo "emulator back after $(( (restarted - killed) / 1000 )) s, refilled in $(( (refilled - restarted) / 1000 )) s"
echo "from refilled: a never-read key answers 200 after $(until_ok "/v1/docs/$(tail -1 "$key_file")") s," \
  "/readyz 200 after $(until_ok /readyz) s more"
wait "$load_pid" || true; load_pid=""
bench_scrape > "$work/metrics-kill-after.txt"
echo "the load through it all (errors are the misses while the store was down):"
grep -E '^(requests/s|latency p99|errors)' "$work/kill.txt" | sed 's/^/  /'
bench_layers "$work/metrics-kill-before.txt" "$work/metrics-kill-after.txt" 75 | grep -E 'server time|memory|store'

step "2. slow store (+$delay_ms ms per answer)"
load slow 50
sleep 10
bench_scrape > "$work/metrics-slow-0.txt"; sleep 10; bench_scrape > "$work/metrics-slow-1.txt"
echo "normal 10 s:"; bench_layers "$work/metrics-slow-0.txt" "$work/metrics-slow-1.txt" 10 | grep 'server time' || true
echo "delay $delay_ms" > "$work/proxy.control"; sleep 0.5
misses=()
for i in $(seq 1 20); do timed_get "/v1/docs/user:slow-miss-$i:tokens" > "$work/slow-miss-$i.txt" & misses+=($!); done
wait "${misses[@]}"
cat "$work"/slow-miss-*.txt | awk '{code[$1]++; if ($3 > max) max = $3} END {for (c in code) printf "  20 concurrent misses: %d answered %s\n", code[c], c; printf "  slowest %.0f ms\n", max * 1000}'
echo "circuit open: $(circuit)"
bench_scrape > "$work/metrics-slow-2.txt"; sleep 10; bench_scrape > "$work/metrics-slow-3.txt"
echo "slow 10 s:"; bench_layers "$work/metrics-slow-2.txt" "$work/metrics-slow-3.txt" 10 | grep -E 'server time|shed' || true
echo "delay 0" > "$work/proxy.control"; lifted="$(now_ms)"
echo "delay lifted: a never-read key answers 200 after $(until_ok "/v1/docs/$(sed -n '2p' "$key_file")") s"
wait "$load_pid" || true; load_pid=""
grep -E '^(requests/s|latency p99|errors)' "$work/slow.txt" | sed 's/^/  /'
echo; echo "report: $out"
