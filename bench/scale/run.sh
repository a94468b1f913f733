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
# already in OUT), DISK_CHECK (0: start even when the disk looks too short), PRECOMPUTE_JAVA_OPTS (the CLI's JVM options; scripts/precompute's default
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

# A run on a short disk fails late, not at its start (stop 39's 1M feeds run, after 7 minutes), so
# the disk is checked first. 'all' at 1M took 50.7 GiB at its peak, its store (up to 23.6 GiB) and
# 27-28 GiB of sorts Flink spilled to java.io.tmpdir, and the seed is 12 GiB (bench/scale/RESULTS.md,
# stop 40); the need is scaled by USERS, with a tenth more for safety. DISK_CHECK=0 skips the check.
free_gib() { df -BG --output=avail "$1" | tail -1 | tr -d ' G'; }
JAVA_TMP="$(java_tmpdir)"
if [[ "${DISK_CHECK:-1}" != 0 ]]; then
  seed_gib=12; [[ "${KEEP_SEED:-0}" == 1 && -f "$DATA/manifest.json" ]] && seed_gib=0
  read -r need_out need_tmp <<< "$(awk -v u="$USERS" -v seed="$seed_gib" \
    'BEGIN { f = u / 1000000 * 1.1; printf "%d %d\n", (seed + 23.6) * f + 1, 28 * f + 1 }')"
  if [[ "$(df --output=source "$OUT" | tail -1)" == "$(df --output=source "$JAVA_TMP" | tail -1)" ]]; then
    need_out=$((need_out + need_tmp)); need_tmp=0
  fi
  # What an earlier run of this script kept is deleted before it is made again: its stores, and its
  # seed unless reused.
  replaced=("$OUT"/cache-"$USERS"-*); (( seed_gib > 0 )) && replaced+=("$DATA")
  kept_gib="$( (du -c -BG "${replaced[@]}" 2>/dev/null || true) | tail -1 | cut -f1 | tr -d G)"
  free_out=$(( $(free_gib "$OUT") + ${kept_gib:-0} ))
  if (( free_out < need_out )) || (( need_tmp > 0 && $(free_gib "$JAVA_TMP") < need_tmp )); then
    where="$need_out GiB under $OUT"; have="$free_out GiB under $OUT (with what it replaces)"
    if (( need_tmp > 0 )); then
      where+=" and $need_tmp GiB under $JAVA_TMP"; have+=" and $(free_gib "$JAVA_TMP") GiB under $JAVA_TMP"
    fi
    echo "error: a run at $USERS users needs about $where free (seed, store and Flink's spilled" \
      "sorts, scaled from 50.7 GiB at 1M); there are $have. Free some space, move Flink's sorts" \
      "with PRECOMPUTE_JAVA_OPTS=\"-Xmx8g -Djava.io.tmpdir=DIR\", or set DISK_CHECK=0" >&2
    exit 3
  fi
fi
echo "# $(date -u +%FT%TZ) users=$USERS seed=$SEED commit=$(git -C "$ROOT" rev-parse --short HEAD)" \
  "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "disk free $(free_gib "$OUT") GiB," \
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
