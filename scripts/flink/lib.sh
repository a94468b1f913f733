# Shared by scripts/flink-cluster-check.sh, scripts/flink-faults.sh and
# scripts/flink-repeated-runs.sh (sourced, not run).
# They seed one data set, run every job on embedded Flink as the reference, and compare what a
# cluster run writes with it. Everything goes under OUT (default out/flink-check).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${OUT:-$ROOT/out/flink-check}"
USERS="${USERS:-2000}"
SEED_DIR="$OUT/seed-$USERS"
REFERENCE_DB="$OUT/embedded-$USERS.db"
# The CLI only builds and submits the job graph to a cluster; the embedded reference run is small.
export PRECOMPUTE_JAVA_OPTS="${PRECOMPUTE_JAVA_OPTS:--Xmx3g}"
CLUSTER_STARTED_HERE=false
# Longest a run may take (s) before it is taken for hung and killed: a hang in one step would
# otherwise spend the whole CI budget, with no word of which step it was.
RUN_TIMEOUT="${RUN_TIMEOUT:-1200}"

# What the calling script must undo when it exits, however it exits, in order: a script adds its
# own (a run in the background) with on_exit; ensure_cluster adds stopping a cluster it started.
EXIT_HOOKS=()
on_exit() { EXIT_HOOKS+=("$1"); }
run_exit_hooks() { local hook; for hook in ${EXIT_HOOKS[@]+"${EXIT_HOOKS[@]}"}; do eval "$hook" || true; done; }
trap run_exit_hooks EXIT

log() { echo "== $*" >&2; }
now_ms() { date +%s%3N; }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

as_of() { sed -n 's/.*"anchor" *: *"\([^"]*\)".*/\1/p' "$SEED_DIR/manifest.json" | head -1; }

# Seeds USERS users (seed 42) once, and runs every job on embedded Flink once, as the reference.
prepare_reference() {
  mkdir -p "$OUT"
  if [[ ! -f "$SEED_DIR/manifest.json" ]]; then
    log "seeding $USERS users into $SEED_DIR"
    "$ROOT/scripts/precompute" seed --users "$USERS" --seed 42 --out "$SEED_DIR" >&2
  fi
  if [[ ! -f "$REFERENCE_DB" ]]; then
    log "reference: every job on embedded Flink into $REFERENCE_DB"
    # Into a file of its own, renamed once the run has succeeded: a failed or interrupted run
    # left there would be taken for the reference by the next script, and every comparison fail.
    local partial="$OUT/embedded-$USERS.partial.db"
    rm -rf "$partial" "$partial"-wal "$partial"-shm "$partial".state "$REFERENCE_DB.state"
    run_all "$partial" embedded "$OUT/embedded-$USERS.log" || {
      tail -20 "$OUT/embedded-$USERS.log" >&2 || true; echo "error: the reference run failed" >&2; exit 1; }
    mv "$partial" "$REFERENCE_DB"
  fi
}

# run_all DB RUN_ID LOG [extra args...]: every job on the seed into DB; returns the CLI's exit code.
# A run past RUN_TIMEOUT is killed, and returns 124 (timeout's), saying so in its log.
run_all() {
  local db="$1" run_id="$2" log_file="$3" status=0; shift 3
  # --foreground: the run stays in the caller's process group, so a Ctrl-C still reaches it.
  timeout --foreground --kill-after=30 "$RUN_TIMEOUT" "$ROOT/scripts/precompute" run all --runner=FlinkRunner \
      --source=files --input="$SEED_DIR" --store="sqlite:$db" --as-of="$(as_of)" \
      --run-id="$run_id" "$@" > "$log_file" 2>&1 || status=$?
  if [[ "$status" == 124 || "$status" == 137 ]]; then
    echo "error: the run $run_id did not end within $RUN_TIMEOUT s (RUN_TIMEOUT) and was killed" >> "$log_file"
  fi
  return "$status"
}

# The error lines a failed run printed (its 'error:' line and the reasons under it).
error_lines() { grep -E '^(error:|  because )' "$1" || echo "(no error line; see $1)"; }

same_documents() { python3 "$ROOT/scripts/flink/compare-stores.py" "$REFERENCE_DB" "$1"; }

# Uses the running cluster, or starts one and stops it when the calling script exits.
ensure_cluster() {
  local status
  if status="$("$ROOT/scripts/flink-cluster.sh" status 2>&1)"; then
    MASTER="$(sed -n 's|^rest: http://\([^ ]*\).*|\1|p' <<< "$status")"
  elif grep -q ': running (pid' <<< "$status"; then
    # Half of one (an interrupted run's JobManager): 'start' would add the missing role with the
    # old settings, and the stop on exit would end a JobManager this script did not start.
    echo "error: half a cluster runs in ${FLINK_CLUSTER_DIR:-$ROOT/.local/flink-cluster} ($(grep ': running' <<< "$status" | tr '\n' ' '| sed 's/ $//')); stop it first (scripts/flink-cluster.sh stop)" >&2
    exit 2
  else
    # The trap before the start: a start that fails (a role exited, no TaskManager registered in
    # 2 minutes) leaves the JVMs it started running, their pids recorded, and only 'stop' ends them.
    CLUSTER_STARTED_HERE=true
    on_exit '"$ROOT/scripts/flink-cluster.sh" stop'
    MASTER="$("$ROOT/scripts/flink-cluster.sh" start)"
  fi
  log "Flink cluster at $MASTER"
}

machine_load() { uptime | sed 's/.*load average/load average/'; }
