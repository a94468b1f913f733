#!/usr/bin/env bash
# Many runs on one Flink session cluster, as a schedule makes them: RUNS times 'run all' on the same
# TaskManager, whose metaspace is Flink's default (256m) unless FLINK_TM_METASPACE says otherwise.
# After each run it forces a full GC in the TaskManager (and the JobManager) and prints the
# metaspace it still uses and how many job class loaders it still holds. A job's classes must go
# once the job is done: while the SQLite driver's DriverManager registration kept every finished
# job's class loader, the TaskManager died of "OutOfMemoryError: Metaspace" during the seventh run
# at 256m (scripts/flink/RESULTS.md, section 6). Exit 0 when every run exits 0 and the TaskManager's
# metaspace grew by at most GROWTH_MB (40, about one run's classes) from the second run to the last;
# 1 otherwise.
#   RUNS (8), USERS (500), OUT (out/flink-repeated-runs); the cluster's directory and ports:
#   FLINK_CLUSTER_DIR (.local/flink-repeated-runs), FLINK_REST_PORT (18291), FLINK_RPC_PORT (16333).
set -euo pipefail
export OUT="${OUT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/out/flink-repeated-runs}"
export USERS="${USERS:-500}"
source "$(dirname "${BASH_SOURCE[0]}")/flink/lib.sh"
RUNS="${RUNS:-8}"
GROWTH_MB="${GROWTH_MB:-40}"
# The check is the growth from the second run on (the first loads every class): fewer runs check
# nothing, and would pass.
[[ "$RUNS" =~ ^[0-9]+$ && "$RUNS" -ge 3 ]] \
  || { echo "error: RUNS=$RUNS: at least 3 runs, as the growth is measured from run 2 to the last" >&2; exit 2; }
command -v jcmd > /dev/null || { echo "error: jcmd (from the JDK) is needed to read the metaspace" >&2; exit 2; }
export FLINK_CLUSTER_DIR="${FLINK_CLUSTER_DIR:-$ROOT/.local/flink-repeated-runs}"
export FLINK_REST_PORT="${FLINK_REST_PORT:-18291}" FLINK_RPC_PORT="${FLINK_RPC_PORT:-16333}"
export FLINK_TM_METASPACE="${FLINK_TM_METASPACE:-256m}"

mkdir -p "$OUT"
if [[ ! -f "$SEED_DIR/manifest.json" ]]; then
  log "seeding $USERS users into $SEED_DIR"
  "$ROOT/scripts/precompute" seed --users "$USERS" --seed 42 --out "$SEED_DIR" >&2
fi
# A cluster of its own, started here so that its TaskManager has served no job before.
if "$ROOT/scripts/flink-cluster.sh" status > /dev/null 2>&1; then
  echo "error: a cluster already runs in $FLINK_CLUSTER_DIR; stop it first" >&2; exit 2
fi
# Half of one (an interrupted earlier check's JobManager) would be reused with its old settings.
"$ROOT/scripts/flink-cluster.sh" stop > /dev/null 2>&1 || true
# Set before 'start': a start that fails half way leaves the JobManager up otherwise.
on_exit '"$ROOT/scripts/flink-cluster.sh" stop > /dev/null'
MASTER="$("$ROOT/scripts/flink-cluster.sh" start)"
TASKMANAGER="$(cat "$FLINK_CLUSTER_DIR/run/taskmanager.pid")"
JOBMANAGER="$(cat "$FLINK_CLUSTER_DIR/run/jobmanager.pid")"

# "N MB used, K job class loader(s) held": the metaspace PID uses and the job class loaders it
# holds, after a full GC.
metaspace() {
  local pid="$1" used loaders
  jcmd "$pid" GC.run > /dev/null
  # The first "Both:" line: "Both: N chunks, ... capacity, ... committed, 134.65 MB ( 98%) used, ..."
  used="$(jcmd "$pid" VM.metaspace \
    | sed -n '/^ *Both:/{s/.* committed, *\([0-9.]* [KMG]B\) ([^)]*) used,.*/\1 used/p;q}')"
  loaders="$(jcmd "$pid" VM.classloader_stats | grep -c 'ChildFirstClassLoader' || true)"
  echo "$used, $loaders job class loader(s) held"
}
both() { echo "metaspace $(metaspace "$TASKMANAGER"); JobManager's $(metaspace "$JOBMANAGER")"; }

echo "repeated runs: $RUNS x 'run all' on $USERS users, one TaskManager with $FLINK_TM_METASPACE of metaspace, Flink at $MASTER ($(machine_load))"
echo "  before the first run: $(both)"
failed=0
for ((run = 1; run <= RUNS; run++)); do
  db="$OUT/run-$run.db"
  rm -rf "$db" "$db"-wal "$db"-shm "$db".state
  started="$(now_ms)"
  status=0
  run_all "$db" "repeat-$run" "$OUT/run-$run.log" --flinkMaster="$MASTER" || status=$?
  elapsed="$(seconds_since "$started")"
  if ! kill -0 "$TASKMANAGER" 2> /dev/null; then
    echo "  run $run: exit $status in $elapsed s; the TaskManager has exited:"
    { grep -m1 'OutOfMemoryError' "$FLINK_CLUSTER_DIR/logs/taskmanager.log" \
      || tail -3 "$FLINK_CLUSTER_DIR/logs/taskmanager.log"; } | sed 's/^/    /' || true
    failed=1; break
  fi
  reading="$(both)"
  echo "  run $run: exit $status in $elapsed s; $reading"
  used_mb="$(sed -n 's/^metaspace \([0-9.]*\) MB used.*/\1/p' <<< "$reading")"
  [[ -n "$used_mb" ]] || { echo "    could not read the TaskManager's metaspace"; failed=1; }
  [[ "$run" == 2 ]] && second_mb="$used_mb"
  if [[ "$status" -ne 0 ]]; then
    error_lines "$OUT/run-$run.log" | sed 's/^/    /'
    failed=1
  fi
done
if [[ "$failed" -eq 0 && -n "${second_mb:-}" ]]; then
  growth="$(awk -v a="$second_mb" -v b="$used_mb" 'BEGIN { printf "%.1f", b - a }')"
  echo "  the TaskManager's metaspace grew by $growth MB from run 2 to run $RUNS (at most $GROWTH_MB)"
  if awk -v g="$growth" -v max="$GROWTH_MB" 'BEGIN { exit !(g > max) }'; then
    echo "  each finished job's classes stay in the TaskManager: a class loader leak"
    failed=1
  fi
fi
if [[ "$failed" -ne 0 ]]; then
  echo "FAILED: a run failed, or the TaskManager kept finished jobs' classes (logs in $OUT, the cluster's in $FLINK_CLUSTER_DIR/logs)"
  exit 1
fi
echo "every run succeeded on one TaskManager"
