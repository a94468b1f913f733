#!/usr/bin/env bash
# Benchmarks the feeds job on the FlinkRunner (embedded, --flinkMaster=[local]) at several sizes:
# users per second, peak memory (max RSS from /usr/bin/time -v) and the time per user at the
# largest size over the smallest (goal <= 1.5); on the smallest size also a naive per-request
# baseline (a full scan of all users for each feed) and our speed-up over it.
#
#   bench/feeds/run.sh                       # cli mode when scripts/precompute exists, else inprocess
#   bench/feeds/run.sh --mode=cli            # scripts/precompute seed + run feeds, sqlite store
#   bench/feeds/run.sh --mode=inprocess      # FeedsBenchMain: generated world, counting sink
#   SIZES="10000 100000" bench/feeds/run.sh  # sizes (default 10000 100000 1000000)
#
# Results are appended to bench/feeds/out/results-<mode>.txt; RESULTS.md holds recorded runs.
# Environment: SIZES, SEED (42), AS_OF (2026-11-23T00:00:00Z, the seed generator's default
# anchor), JAVA_XMX (10g), BASELINE_SAMPLE (viewers timed by the naive baseline at the larger
# sizes, extrapolated to all; default 500, 0 skips it; the smallest size is always timed in full).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/bench/seeds.sh"
OUT="$ROOT/bench/feeds/out"
SIZES="${SIZES:-10000 100000 1000000}"
SEED="${SEED:-42}"
AS_OF="${AS_OF:-2026-11-23T00:00:00Z}"
JAVA_XMX="${JAVA_XMX:-10g}"
MODE=""
for arg in "$@"; do
  case "$arg" in
    --mode=*) MODE="${arg#--mode=}" ;;
    *) echo "unknown argument $arg (see the header of $0)" >&2; exit 2 ;;
  esac
done
if [[ -z "$MODE" ]]; then
  if [[ -x "$ROOT/scripts/precompute" ]]; then MODE=cli; else MODE=inprocess; fi
fi
[[ "$MODE" == cli || "$MODE" == inprocess ]] || { echo "--mode is cli or inprocess" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 3; }
mkdir -p "$OUT"
RESULTS="$OUT/results-$MODE.txt"
echo "# $(date -u +%FT%TZ) mode=$MODE sizes=[$SIZES] seed=$SEED asOf=$AS_OF $(nproc) cores," \
  "$(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"

# The test classpath, for FeedsBenchMain and FeedsBaselineMain (never mvn install: ~/.m2 is shared).
test_classpath() {
  # Exits on failure: called as $(...), where set -e does not reach, a failed build went on with
  # the last build's classes, and timed them as this tree's.
  (cd "$ROOT" && mvn -B -q -o -pl pipelines -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test) >&2 || exit 1
  # This worktree's modules first; drop any installed snapshot of them from ~/.m2.
  local deps
  deps=$(tr ':' '\n' < "$OUT/classpath.txt" | grep -v '/com/avalo/precompute/' | paste -sd:)
  echo "$ROOT/pipelines/target/test-classes:$ROOT/pipelines/target/classes:$ROOT/schemas/target/classes:$ROOT/serving/target/classes:$deps"
}

# Runs a command under /usr/bin/time -v; prints "seconds maxRssKiB".
timed() {
  local log="$1"; shift
  /usr/bin/time -v "$@" > "$log" 2>&1 || { tail -n 30 "$log" >&2; echo "failed, see $log" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
  echo "$wall $rss"
}

CP=$(test_classpath) || { echo "the build failed: nothing was timed" >&2; exit 1; }
declare -A SECONDS_FOR
for n in $SIZES; do
  log="$OUT/$MODE-$n.log"
  if [[ "$MODE" == cli ]]; then
    data="$OUT/seed-$n"
    ensure_seed "$n" "$SEED" "$data"
    rm -rf "$OUT/cache-$n.db" "$OUT/cache-$n.db.state"
    result=$(PRECOMPUTE_JAVA_OPTS="-Xmx$JAVA_XMX" timed "$log" \
      "$ROOT/scripts/precompute" run feeds --source=files --input="$data" \
      --store="sqlite:$OUT/cache-$n.db" --runner=FlinkRunner --flinkMaster='[local]' \
      --as-of="$AS_OF" --run-id="bench-$n")
  else
    result=$(timed "$log" java "-Xmx$JAVA_XMX" -cp "$CP" \
      com.avalo.precompute.feeds.FeedsBenchMain "$n" --seed="$SEED")
    grep '^BENCH' "$log" | tee -a "$RESULTS" >&2
  fi
  read -r wall rss <<< "$result"
  SECONDS_FOR[$n]=$wall
  awk -v n="$n" -v s="$wall" -v rss="$rss" 'BEGIN { printf "feeds users=%d wall=%.1fs usersPerSecond=%.0f microsPerUser=%.1f maxRss=%.0fMiB\n", n, s, n / s, s * 1e6 / n, rss / 1024 }' | tee -a "$RESULTS"
done

first=$(echo "$SIZES" | awk '{print $1}')
last=$(echo "$SIZES" | awk '{print $NF}')
if [[ "$first" != "$last" ]]; then
  awk -v a="$first" -v sa="${SECONDS_FOR[$first]}" -v b="$last" -v sb="${SECONDS_FOR[$last]}" 'BEGIN {
    r = (sb / b) / (sa / a)
    printf "time per user at %d over %d: %.2f (goal <= 1.5: %s)\n", b, a, r, (r <= 1.5 ? "met" : "NOT met") }' | tee -a "$RESULTS"
fi

# The naive baseline on the same records, one full scan per feed: every feed at the smallest size,
# a sample of feeds extrapolated to all at the larger ones (its cost per feed grows with users).
sample="${BASELINE_SAMPLE:-500}"
for n in $SIZES; do
  baseline_args=("$n" --seed="$SEED" --out="$OUT/baseline.txt")
  [[ "$MODE" == cli ]] && baseline_args+=(--input="$OUT/seed-$n" --asOf="$AS_OF")
  if [[ "$n" != "$first" ]]; then
    [[ "$sample" == 0 ]] && continue
    baseline_args+=(--sample="$sample")
  fi
  timed "$OUT/baseline-$n.log" java "-Xmx$JAVA_XMX" -cp "$CP" \
    com.avalo.precompute.feeds.FeedsBaselineMain "${baseline_args[@]}" > /dev/null
  line=$(grep '^BENCH' "$OUT/baseline-$n.log")
  echo "$line" | tee -a "$RESULTS"
  base=$(echo "$line" | sed -n 's/.*secondsForAllFeeds=\([0-9.]*\).*/\1/p')
  awk -v n="$n" -v ours="${SECONDS_FOR[$n]}" -v base="$base" 'BEGIN {
    printf "speed-up over the naive per-request scan at %d users: %.2fx (job %.1fs wall incl. JVM and Flink start-up; naive %.1fs of scans only)\n", n, base / ours, ours, base }' | tee -a "$RESULTS"
done
