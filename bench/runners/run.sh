#!/usr/bin/env bash
# Which engine should run the jobs on one machine: runs the same jobs on the same seed on embedded
# Flink (the CLI's default) and on Spark in local mode (the CLI with PRECOMPUTE_PROFILES=spark),
# each into a new SQLite store, side by side, and prints Spark's wall time, CPU time and peak RSS
# as ratios of Flink's, and whether the two stores hold the same documents (keys and contentHash,
# bench/scale/store-digest.py).
#
#   bench/runners/run.sh                          # 10,000 and 100,000 users, all jobs
#   SIZES=2000 JOBS=feeds bench/runners/run.sh    # a smoke run
#
# Run it alone on the machine. Environment: SIZES ("10000 100000"), JOBS (all; or job names),
# SEED (42), JAVA_XMX (10g, both runners), SPARK_MASTER (local[2]: one task per core, as Flink
# gets). A seed already in bench/runners/out/seed-N (a symlink will do) is reused. Results: one
# line per run and one per comparison appended to bench/runners/out/results.txt, logs beside it;
# RESULTS.md holds recorded runs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/bench/runners/out"
SIZES="${SIZES:-10000 100000}"
JOBS="${JOBS:-all}"
SEED="${SEED:-42}"
JAVA_XMX="${JAVA_XMX:-10g}"
SPARK_MASTER="${SPARK_MASTER:-local[2]}"
AS_OF=2026-11-23T00:00:00Z
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 3; }
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
source "$ROOT/bench/measured.sh"
source "$ROOT/bench/seeds.sh"

# Both engines run through the CLI, which builds itself when stale: Spark with the pipelines
# module's Maven profile spark (PRECOMPUTE_PROFILES), kept in a classpath of its own.
"$ROOT/scripts/precompute" --version >/dev/null
PRECOMPUTE_PROFILES=spark "$ROOT/scripts/precompute" --version >/dev/null

# run_on RUNNER USERS: one run of $JOBS into a new store; prints "wall cpu rssKiB docs digest".
run_on() {
  local runner="$1" users="$2" store="$OUT/cache-$1-$2.db" log="$OUT/$1-$2.log" common
  rm -rf "$store" "$store.state" "$store-wal" "$store-shm" "$OUT/dead-letters-$runner-$users"
  common=(run $JOBS --source=files --input="$OUT/seed-$users" --store="sqlite:$store"
    --dead-letter-dir="$OUT/dead-letters-$runner-$users" --as-of="$AS_OF" --run-id="runners-$users")
  local wall cpu rss start mean peak rc disk
  if [[ "$runner" == flink ]]; then
    read -r wall cpu rss start mean peak rc disk <<< "$(PRECOMPUTE_JAVA_OPTS="-Xmx$JAVA_XMX" measured "$log" \
      "$ROOT/scripts/precompute" "${common[@]}" --runner=FlinkRunner --flinkMaster='[local]')"
  else
    read -r wall cpu rss start mean peak rc disk <<< "$(PRECOMPUTE_PROFILES=spark \
      PRECOMPUTE_JAVA_OPTS="-Xmx$JAVA_XMX" measured "$log" "$ROOT/scripts/precompute" \
      "${common[@]}" --runner=SparkRunner --sparkMaster="$SPARK_MASTER")"
  fi
  local docs digest
  docs=$(documents_written "$log")
  awk -v d="$(date -u +%FT%TZ)" -v u="$users" -v j="$JOBS" -v r="$runner" -v w="$wall" -v c="$cpu" \
      -v m="$rss" -v ls="$start" -v lm="$mean" -v lp="$peak" -v rc="$rc" -v docs="${docs:-}" 'BEGIN {
    printf "%s users=%d jobs=%s runner=%s exit=%d wall=%.1fs cpu=%.1fs maxRss=%.2fGiB load=%s/%s/%s documents=%s\n",
      d, u, j, r, rc, w, c, m / 1048576, ls, lm, lp, docs }' | tee -a "$RESULTS" >&2
  [[ "$rc" == 0 ]] || { echo "$runner failed at $users users; see $log" >&2; tail -n 20 "$log" >&2; exit 1; }
  digest=$(python3 "$ROOT/bench/scale/store-digest.py" "$store" | cut -d' ' -f2) \
    && [[ -n "$digest" ]] || { echo "cannot digest $store" >&2; exit 1; }
  echo "$wall $cpu $rss ${docs:-0} $digest"
}

echo "# $(date -u +%FT%TZ) jobs=$JOBS sizes=[$SIZES] seed=$SEED asOf=$AS_OF -Xmx$JAVA_XMX sparkMaster=$SPARK_MASTER $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS"
for users in $SIZES; do
  ensure_seed "$users" "$SEED" "$OUT/seed-$users"
  # Captured, then read: 'read <<< "$(...)"' succeeds whatever the run did, and a failed Flink run
  # went on to a Spark run of tens of minutes and a division by zero.
  flink=$(run_on flink "$users") || exit 1
  read -r f_wall f_cpu f_rss f_docs f_digest <<< "$flink"
  spark=$(run_on spark "$users") || exit 1
  read -r s_wall s_cpu s_rss s_docs s_digest <<< "$spark"
  same=no
  [[ -n "$f_digest" && "$f_docs" == "$s_docs" && "$f_digest" == "$s_digest" ]] && same=yes
  awk -v u="$users" -v j="$JOBS" -v fw="$f_wall" -v sw="$s_wall" -v fc="$f_cpu" -v sc="$s_cpu" \
      -v fr="$f_rss" -v sr="$s_rss" -v same="$same" -v docs="$f_docs" 'BEGIN {
    printf "spark/flink users=%d jobs=%s wall %.2fx cpu %.2fx maxRss %.2fx; same documents: %s (%s)\n",
      u, j, sw / fw, sc / fc, sr / fr, same, docs }' | tee -a "$RESULTS"
  [[ "$same" == yes ]] || { echo "the runners wrote different documents at $users users" >&2; exit 1; }
done
