#!/usr/bin/env bash
# The scale benchmark: seeds a world of USERS users, then runs each job on its own and all jobs
# together through the CLI (scripts/precompute run, its default runner, the SQLite store), and
# records for each run its wall time, CPU time (user + system), peak RSS, the machine's load and
# the most disk it took beyond what was in use at its start (diskPeak: its store, and the sorts
# Flink spills to java.io.tmpdir, sampled every 5 s).
#
#   bench/scale/run.sh                       # 1,000,000 users
#   USERS=20000 bench/scale/run.sh           # a smoke run
#   JOBS="feeds all" bench/scale/run.sh      # some runs only (job names, or all)
#
# Run it alone on the machine: other processes' CPU shows in wall time (the load columns say how
# busy the machine was: the 1-minute load average at the start, and its mean and peak sampled every
# 5 s during the run). Goals for 'all' at 1M users on 2 cores: under 30 minutes, under 12 GB.
# Environment: USERS (1000000), SEED (42), JOBS (every job, then all), KEEP_SEED (1: reuse a seed
# already in OUT), PRECOMPUTE_JAVA_OPTS (the CLI's JVM options; scripts/precompute's default
# otherwise). Results: one line per run appended to bench/scale/out/results.txt, the logs
# (with /usr/bin/time -v and each run's summary) beside it; RESULTS.md holds recorded runs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/bench/scale/out"
USERS="${USERS:-1000000}"
SEED="${SEED:-42}"
PRECOMPUTE="$ROOT/scripts/precompute"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 3; }
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
DATA="$OUT/seed-$USERS"

# The CLI builds itself on first use; build now so that no run below pays for it.
"$PRECOMPUTE" --version >/dev/null

source "$ROOT/bench/measured.sh"

record() {  # record STEP LOG: appends and prints one result line
  local step="$1" log="$2" wall cpu rss start mean peak rc disk docs
  read -r wall cpu rss start mean peak rc disk <<< "$(measured "$log" "${@:3}")"
  docs=$(documents_written "$log")
  awk -v d="$(date -u +%FT%TZ)" -v u="$USERS" -v s="$step" -v w="$wall" -v c="$cpu" -v r="$rss" \
      -v ls="$start" -v lm="$mean" -v lp="$peak" -v rc="$rc" -v docs="${docs:-}" -v dk="$disk" 'BEGIN {
    printf "%s users=%d step=%s exit=%d wall=%.1fs cpu=%.1fs cpu/wall=%.2f maxRss=%.2fGiB load=%s/%s/%s documents=%s diskPeak=%.1fGiB\n",
      d, u, s, rc, w, c, (w > 0 ? c / w : 0), r / 1048576, ls, lm, lp, docs, dk / 1048576 }' | tee -a "$RESULTS"
  [[ "$rc" == 0 ]] || { echo "$step failed; see $log" >&2; tail -n 20 "$log" >&2; exit 1; }
}

# Free disk is in the header because a 1M run fails on a short disk, not before it: Flink spills
# its sorts to java.io.tmpdir (the same disk here), and the kept 'all' store alone is ~23 GB
# (bench/feeds/RESULTS.md, stop 39).
echo "# $(date -u +%FT%TZ) users=$USERS seed=$SEED commit=$(git -C "$ROOT" rev-parse --short HEAD)" \
  "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "disk free $(df -BG --output=avail "$OUT" | tail -1 | tr -d ' G') GiB," \
  "java opts: ${PRECOMPUTE_JAVA_OPTS:-(scripts/precompute default)}" | tee -a "$RESULTS"

if [[ "${KEEP_SEED:-0}" == 1 && -f "$DATA/manifest.json" ]]; then
  echo "reusing the seed in $DATA" >&2
else
  rm -rf "$DATA"
  record seed "$OUT/seed-$USERS.log" "$PRECOMPUTE" seed --users "$USERS" --seed "$SEED" --out "$DATA"
fi
AS_OF="$(sed -n 's/.*"anchor" *: *"\([^"]*\)".*/\1/p' "$DATA/manifest.json" | head -1)"

JOBS="${JOBS:-$("$PRECOMPUTE" jobs | grep -v '^ ' | tr '\n' ' ') all}"
for job in $JOBS; do
  store="$OUT/cache-$USERS-$job.db"
  rm -rf "$store" "$store-wal" "$store-shm" "$store.state" "$OUT/dead-letters/scale-$job"
  record "$job" "$OUT/run-$USERS-$job.log" "$PRECOMPUTE" run "$job" --source=files --input="$DATA" \
    --store="sqlite:$store" --as-of="$AS_OF" --run-id="scale-$job" --dead-letter-dir="$OUT/dead-letters"
  # Only the last store is kept (for spot checks with 'precompute get'); the logs keep every summary.
  [[ "$job" == all ]] || rm -rf "$store" "$store-wal" "$store-shm" "$store.state"
done
