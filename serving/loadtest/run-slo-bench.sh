#!/usr/bin/env bash
# The issue-12 protocol on the Firestore emulator: 'serve' over 100k cache documents, Zipf keys,
# 1,000 connections, load from OpenLoopLoad (open loop, constant throughput, latency from each
# request's intended send time: corrected for coordinated omission). One command per mode:
#
#   steps (default)  max throughput of the bypassed service (wrk, closed loop, --probe seconds),
#                    then at each --fractions share of it (default 50% and 80%): a bypassed phase,
#                    a cached warm-up (not counted) and a cached phase, side by side; per phase the
#                    client's latency (from intended and from send), the server's request time by
#                    answering layer, the memory tier's share of reads, GC pauses from the JVM's
#                    own log, serve's CPU and RSS, the machine's load; then the targets, checked
#   warm-start       the first minute of a fresh instance with and without the warm start: an
#                    instance runs the workload and stops (saving its hot keys), then one with
#                    --no-warm-start and one with the warm start each take the same load; memory
#                    share of reads per 10 s, readiness delay, what was preloaded
#   soak             --soak-minutes (10) at --rate (or 80% of a max probe): p99 per minute, errors,
#                    serve's RSS every 10 s, GC
#
# Usage: run-slo-bench.sh [steps|warm-start|soak] [--keys 100000] [--users 12000] [-c 1000]
#          [-d 60] [-w 30] [--probe 30] [--fractions "0.5 0.8"] [--rate R] [--soak-minutes 10]
#          [--port 8091] [--emulator-port 8792] [--work DIR] [-o FILE] [--jvm "OPTS"] [-s 1.0]
#          [--serve-args "FLAGS"]
#   -d S       seconds per measured phase       -w S  seconds of each warm-up (not counted)
#   --rate R   skip the max probe: steps take R as the bypassed maximum; soak and warm-start run at R
#   --jvm OPTS serve's JVM options instead of scripts/serve's default (to compare collectors)
#   --serve-args "FLAGS"  more flags for serve, e.g. "--memory-mb 256 --memory-ttl feed_page=PT10M"
# Needs Java 17, Maven, the gcloud cloud-firestore-emulator component, curl; wrk for the probe
# (run-load.sh installs it as root). The machine should be otherwise idle: the report prints the
# load average and serve's CPU per phase so that a busy one shows.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
die() { echo "run-slo-bench.sh: $*" >&2; exit 2; }

mode=steps
if [[ $# -gt 0 && "$1" != -* ]]; then mode="$1"; shift; fi
[[ "$mode" =~ ^(steps|warm-start|soak)$ ]] || die "unknown mode '$mode': steps, warm-start or soak"
keys=100000; users=12000; connections=1000; duration=60; warmup=30; probe=30; zipf=1.0
fractions="0.5 0.8"; rate=""; soak_minutes=10; port=8091; emulator_port=8792
work="$root/.local/bench"; out=""; jvm=""; serve_flags=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keys) keys="$2"; shift 2 ;;
    --users) users="$2"; shift 2 ;;
    -c) connections="$2"; shift 2 ;;
    -d) duration="$2"; shift 2 ;;
    -w) warmup="$2"; shift 2 ;;
    -s) zipf="$2"; shift 2 ;;
    --probe) probe="$2"; shift 2 ;;
    --fractions) fractions="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --soak-minutes) soak_minutes="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --emulator-port) emulator_port="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    --jvm) jvm="$2"; shift 2 ;;
    --serve-args) read -r -a serve_flags <<< "$2"; shift 2 ;;
    *) die "unknown option $1 (see the header of this script)" ;;
  esac
done
for n in "$keys" "$connections" "$duration" "$warmup" "$probe" "$soak_minutes"; do
  [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 ]] || die "counts and seconds must be positive whole numbers, got '$n'"
done
out="${out:-$here/results/slo-$mode-${keys}-keys-${connections}c.txt}"
# shellcheck source=bench-lib.sh
source "$here/bench-lib.sh"
bench_begin "$out"
clk_tck="$(getconf CLK_TCK)"

echo "avalo serving SLO bench ($mode), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2 " GiB RAM"}'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(java -version 2>&1 | head -1)"
echo "workload: $keys keys, zipf s=$zipf, $connections connections, $duration s per phase, warm-ups $warmup s"
echo "serve JVM: ${jvm:-scripts/serve default} (+ GC and safepoint log); serve flags: ${serve_flags[*]:-(defaults)}"

step "build"; bench_build
step "documents"; bench_documents
step "emulator and copy"; bench_emulator_and_copy
bench_config

# serve with the chosen JVM options and a GC + safepoint log of its own; flags follow.
start_serve() {
  local name="$1"; shift
  gc_log="$work/gc-$name.log"; rm -f "$gc_log"
  SERVE_JAVA_OPTS="$jvm" SERVE_EXTRA_JAVA_OPTS="-Xlog:gc,safepoint:file=$gc_log:uptime,tags" \
    bench_start_serve "$work/serve-$name.log" ${serve_flags[@]+"${serve_flags[@]}"} "$@"
}
set_bypass() {
  curl -sf -X PUT -H "Authorization: Bearer $token" -d "{\"bypassCache\": $1}" "$url/admin/cache-bypass" >/dev/null
}
# JVM uptime of serve in seconds (the GC log's clock), from /proc.
serve_uptime() {
  awk -v start="$(awk '{print $22}' "/proc/$serve_pid/stat")" -v hz="$clk_tck" '{printf "%.3f", $1 - start / hz}' /proc/uptime
}
serve_cpu_ticks() { awk '{print $14 + $15}' "/proc/$serve_pid/stat"; }
serve_rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$serve_pid/status"; }
# GC pauses, all safepoints and the heap after each collection in the serve GC log between two
# uptimes (unified logging pads tags: "[gc       ]").
gc_between() {
  awk -v from="$1" -v to="$2" '
    { t = substr($1, 2) + 0 }
    t < from || t > to { next }
    /\[gc *\]/ && /Pause/ && match($0, /[0-9.]+ms$/) {
      ms = substr($0, RSTART, RLENGTH - 2) + 0; gc++; gcms += ms; if (ms > gcmax) gcmax = ms
      if (match($0, /->[0-9]+M\(/)) { after = substr($0, RSTART + 2, RLENGTH - 4) + 0
        if (heaps == 0 || after < low) low = after; if (after > high) high = after; last = after; heaps++ } }
    /\[safepoint *\]/ && match($0, /Total: [0-9]+ ns/) {
      ns = substr($0, RSTART + 7, RLENGTH - 10) + 0; sp++; spms += ns / 1e6; if (ns / 1e6 > spmax) spmax = ns / 1e6 }
    END {
      printf "GC pauses (JVM log): %d, %.1f ms in all, longest %.1f ms; safepoints: %d, %.1f ms in all, longest %.1f ms\n",
        gc, gcms, gcmax, sp, spms, spmax
      if (heaps > 0) printf "heap after GC: lowest %d MB, highest %d MB, last %d MB\n", low, high, last }' "$gc_log"
}
# Every phase draws its own key sequence from the same Zipf ranks (--rank-seed fixed): with one
# seed for all, a cached phase replayed exactly the keys its warm-up had just read, so the memory
# share it reported was the warm-up's coverage, not the tier's.
phase_seed=42
generate() {  # NAME RATE SECONDS [WINDOW], drawing with $phase_seed
  java -Xmx1g -cp "$copy_cp" com.avalo.precompute.serving.http.OpenLoopLoad --url "$url" \
    --token "$token" --key-file "$key_file" --rate "$2" --duration "$3" --connections "$connections" \
    --zipf "$zipf" --rank-seed 42 --seed "$phase_seed" --window "${4:-10}" --out "$work/$1.txt" \
    2>&1 | grep -v '^SLF4J'
}
# A measured phase: load, then what the server saw; the summary reads NAME.txt and NAME.layers.
measure() {
  local name="$1" rate="$2" seconds="$3" window="${4:-10}" cpu0 up0 cpu1 up1
  echo; echo "-- $name: $rate req/s for $seconds s (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  bench_scrape > "$work/metrics-$name-before.txt"
  cpu0="$(serve_cpu_ticks)"; up0="$(serve_uptime)"
  phase_seed=$((phase_seed + 1))
  generate "$name" "$rate" "$seconds" "$window"
  cpu1="$(serve_cpu_ticks)"; up1="$(serve_uptime)"
  bench_scrape > "$work/metrics-$name-after.txt"
  {
    bench_layers "$work/metrics-$name-before.txt" "$work/metrics-$name-after.txt" "$seconds"
    gc_between "$up0" "$up1"
    awk -v c="$((cpu1 - cpu0))" -v hz="$clk_tck" -v s="$(awk -v a="$up0" -v b="$up1" 'BEGIN {print b - a}')" \
      'BEGIN {printf "serve CPU: %.2f cores; ", c / hz / s}'
    echo "serve RSS: $(serve_rss_mb) MB; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee "$work/$name.layers"
}
warm() {  # NAME RATE SECONDS: load that is not counted
  echo; echo "-- $1 (warm-up, not counted): $2 req/s for $3 s"
  phase_seed=$((phase_seed + 1))  # here, not in the pipe's subshell, so that it stays counted
  generate "$1" "$2" "$3" "$3" | tail -3
}
field() { awk -v f="$2" -F': *' '$1 == f {print $2}' "$work/$1.txt" | awk '{print $1}'; }
# The memory layer's share of reads in bench_layers output (a file, or standard input).
share_of() { awk '$1 == "memory" && match($0, /\( *[0-9.]+%/) {s = substr($0, RSTART + 1, RLENGTH - 2); gsub(/ /, "", s); print s; exit}' "$@"; }
memory_share() { share_of "$work/$1.layers"; }
server_p99() { awk -v l="$2" '/server time by layer:/ && $5 == l {for (i = 1; i < NF; i++) if ($i == "p99") {print $(i + 1); exit}}' "$work/$1.layers"; }
jit_warmup() {  # without it, a first bypassed phase measured a cold JVM and emulator (p99 30 s)
  set_bypass true
  echo; echo "-- warm-up of the bypassed service (JIT), wrk, $warmup s, not counted"
  "$here/run-load.sh" "$url" "$token" "$key_file" -c "$connections" -d "${warmup}s" -s "$zipf" \
    | grep -E 'Requests/sec' || true
}
max_probe() {
  jit_warmup
  echo; echo "-- max throughput of the bypassed service: wrk, closed loop, $connections connections, $probe s"
  "$here/run-load.sh" "$url" "$token" "$key_file" -c "$connections" -d "${probe}s" -s "$zipf" \
    -o "$work/probe.txt" | grep -E 'Requests/sec|Socket errors|Non-2xx' || true
  rate="$(awk '/Requests\/sec/ {print int($2)}' "$work/probe.txt")"
  [[ -n "$rate" && "$rate" -gt 0 ]] || die "the probe measured no throughput; see $work/probe.txt"
  echo "bypassed maximum: $rate req/s"
}

case "$mode" in
steps)
  step "serve"; start_serve steps
  if [[ -z "$rate" ]]; then max_probe; else jit_warmup; echo "bypassed maximum given: $rate req/s"; fi
  max="$rate"; names=()
  for f in $fractions; do
    r="$(awk -v m="$max" -v f="$f" 'BEGIN {printf "%d", m * f}')"
    pct="$(awk -v f="$f" 'BEGIN {printf "%d", f * 100}')"
    step "$pct% of the bypassed maximum: $r req/s"
    set_bypass true; measure "bypassed-$pct" "$r" "$duration"
    set_bypass false; warm "warmup-$pct" "$r" "$warmup"; measure "cached-$pct" "$r" "$duration"
    names+=("$pct")
  done
  step "summary"
  echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg); bypassed maximum $max req/s (wrk, closed loop)"
  printf '%-13s %8s %8s %9s %9s %9s %9s %9s %7s %7s %10s %10s\n' phase offered "req/s" "p50 ms" "p99 ms" \
    "p99.9 ms" "max ms" "svc p99" errors "memory%" "mem p99 ms" "store p99"
  for pct in "${names[@]}"; do
    for name in "bypassed-$pct" "cached-$pct"; do
      printf '%-13s %8s %8s %9s %9s %9s %9s %9s %7s %7s %10s %10s\n' "$name" "$(field "$name" offered)" \
        "$(field "$name" requests/s)" "$(field "$name" "latency p50")" "$(field "$name" "latency p99")" \
        "$(field "$name" "latency p99.9")" "$(field "$name" "latency max")" "$(field "$name" "service p99")" \
        "$(field "$name" errors)" "$(memory_share "$name")" "$(server_p99 "$name" memory)" "$(server_p99 "$name" store)"
    done
  done
  echo; echo "targets (issue 12):"
  for pct in "${names[@]}"; do
    awk -v pct="$pct" -v c99="$(field "cached-$pct" "latency p99")" -v b99="$(field "bypassed-$pct" "latency p99")" \
      -v share="$(memory_share "cached-$pct")" -v mem99="$(server_p99 "cached-$pct" memory)" \
      -v ce="$(field "cached-$pct" errors)" -v be="$(field "bypassed-$pct" errors)" 'BEGIN {
      printf "  %s%%: cached p99 %s <= bypassed p99 %s: %s\n", pct, c99, b99, (c99 + 0 <= b99 + 0 ? "PASS" : "FAIL")
      printf "  %s%%: memory share of reads %s%% >= 95%%: %s\n", pct, share, (share + 0 >= 95 ? "PASS" : "FAIL")
      printf "  %s%%: memory hits server p99 %s ms < 5 ms: %s\n", pct, mem99, (mem99 != "" && mem99 !~ />/ && mem99 + 0 < 5 ? "PASS" : "FAIL")
      printf "  %s%%: errors cached %s, bypassed %s: %s\n", pct, ce, be, (ce + be == 0 ? "PASS" : "FAIL") }'
  done
  ;;
warm-start)
  [[ -n "$rate" ]] || { step "serve for the probe"; start_serve probe --no-warm-start; max_probe; bench_stop_serve
                        rate="$(awk -v m="$rate" 'BEGIN {printf "%d", m * 0.5}')"; }
  echo "warm-start comparison at $rate req/s"
  step "instance 1: runs the workload, then stops and saves its hot keys"
  start_serve first
  warm first-load "$rate" "$((warmup > 60 ? warmup : 60))"
  bench_stop_serve
  grep -h "hot keys\|warm start" "$work/serve-first.log" || true
  for variant in cold warm; do
    step "instance: $variant start"
    started="$(date +%s.%N)"
    if [[ "$variant" == cold ]]; then start_serve "$variant" --no-warm-start; else start_serve "$variant"; fi
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz")" == 200 ]]; do sleep 0.1; done
    awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "ready %.1f s after the start command\n", e - s}' \
      | tee "$work/$variant.ready"
    grep -h "warm start: preloaded" "$work/serve-$variant.log" | tee -a "$work/$variant.ready" || true
    ( prev="$work/metrics-$variant-w0.txt"; bench_scrape > "$prev"
      for w in 1 2 3 4 5 6; do
        sleep 10; cur="$work/metrics-$variant-w$w.txt"; bench_scrape > "$cur"
        echo "  first minute, 10 s window $w: memory share $(bench_layers "$prev" "$cur" 10 | share_of)%"
        prev="$cur"
      done ) &
    shares=$!
    measure "first-minute-$variant" "$rate" 60
    wait "$shares" || true
    bench_stop_serve
  done
  step "summary"
  for variant in cold warm; do
    echo "$variant: $(head -1 "$work/$variant.ready"); memory share of the first minute's reads $(memory_share "first-minute-$variant")%;" \
      "p99 $(field "first-minute-$variant" "latency p99") ms; errors $(field "first-minute-$variant" errors)"
  done
  ;;
soak)
  step "serve"; start_serve soak
  if [[ -z "$rate" ]]; then max_probe; set_bypass false; rate="$(awk -v m="$rate" 'BEGIN {printf "%d", m * 0.8}')"; fi
  warm soak-warmup "$rate" "$warmup"
  ( while kill -0 "$serve_pid" 2>/dev/null; do echo "$(date +%s) $(serve_rss_mb)"; sleep 10; done ) > "$work/rss.txt" &
  sampler=$!
  measure soak "$rate" "$((soak_minutes * 60))" 60
  kill "$sampler" 2>/dev/null || true
  step "summary"
  echo "soak: $rate req/s for $soak_minutes min, $connections connections"
  echo "errors: $(field soak errors); p99 $(field soak "latency p99") ms; p99 by minute: $(awk -F': ' '$1 == "p99 by window" {print $2}' "$work/soak.txt")"
  echo "memory share of reads over the soak (after the warm-up): $(memory_share soak)%; memory hits server p99 $(server_p99 soak memory) ms"
  awk 'NR == 1 {first = $2} {n++; rss[n] = $2; if ($2 > max) max = $2}
    END {
      half = int(n / 2) + 1
      printf "serve RSS: first %d MB, max %d MB, last %d MB; change over the second half %+.1f%% (%d MB to %d MB)\n",
        first, max, rss[n], 100 * (rss[n] - rss[half]) / rss[half], rss[half], rss[n] }' "$work/rss.txt"
  awk -F': ' '$1 == "p99 by window" {
      n = split($2, p, " "); min = 1e18; max = 0
      for (i = 1; i <= n; i++) { if (p[i] + 0 < min) min = p[i] + 0; if (p[i] + 0 > max) max = p[i] + 0 }
      printf "p99 per minute: lowest %.2f ms, highest %.2f ms (%.1fx)\n", min, max, (min > 0 ? max / min : 0) }' "$work/soak.txt"
  grep -E "^(GC pauses|heap after GC)" "$work/soak.layers"
  ;;
esac
echo; echo "report: $out"
