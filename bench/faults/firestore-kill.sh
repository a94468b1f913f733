#!/usr/bin/env bash
# Fault run: the Firestore emulator is killed with kill -9 while 'precompute run all' writes to it.
# Checks that the run fails with a clear error within a bounded time (not a hang), and that a
# rerun, once the emulator is back and reseeded, writes the same documents as a clean run.
#
#   bench/faults/firestore-kill.sh        # USERS=1000, emulator on EMULATOR_PORT (8798)
#
# Steps: start an emulator of its own; seed USERS users into files and into it; write the
# reference documents from the files into SQLite; start run all from Firestore into Firestore;
# once its first document is in Firestore, kill -9 the emulator and time the run's exit; start the
# emulator again (it keeps nothing), reseed it, run all again, and compare what it wrote with the
# reference (keys, contentHash, payload). The outcome is appended to OUT/results.txt; RESULTS.md
# holds recorded runs. Exit 0 when every check passed. Its emulator has a directory of its own
# (.local/faults-emulator), so an emulator started by hand or by scripts/test.sh keeps running.
# Environment: OUT (where its data and results.txt go; bench/faults/out), USERS (1000),
# EMULATOR_PORT (8798), FAIL_WITHIN (seconds from the kill to the run's exit that count as failing
# fast; 120), RUN_ARGS (extra run options, e.g. --runner=...; with --flinkMaster=HOST:PORT every run
# goes to that Flink cluster, and the killed run's job there must end cancelled or failed), SCHEDULE (a schedule's name: each run
# is that schedule's window through the run ledger, 'run SCHEDULE_JOBS --schedule SCHEDULE --window
# WINDOW', instead of 'run all'; SCHEDULE_JOBS defaults to the schedule's name, which is its job's in
# the bundled file; the outcome then also says what the ledger was told), WINDOW (with SCHEDULE: the
# window's start; default the feeds window that ends 20 minutes after the seed's anchor,
# 2026-11-22T18:20:00Z).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib/processes.sh"
OUT="${OUT:-$ROOT/bench/faults/out}"
export EMULATOR_STATE_DIR="$ROOT/.local/faults-emulator"
USERS="${USERS:-1000}"
PORT="${EMULATOR_PORT:-8798}"
FAIL_WITHIN="${FAIL_WITHIN:-120}"
PROJECT="avalo-faults"
AS_OF="2026-11-23T00:00:00Z"
read -r -a EXTRA <<< "${RUN_ARGS:-}"
SCHEDULE="${SCHEDULE:-}"
WINDOW="${WINDOW:-2026-11-22T18:20:00Z}"
# What each run computes: every job as of the anchor, or one window of a schedule as of its end.
if [[ -n "$SCHEDULE" ]]; then
  WHAT=("${SCHEDULE_JOBS:-$SCHEDULE}" --schedule "$SCHEDULE" --window "$WINDOW")
else
  WHAT=(all --as-of="$AS_OF")
fi
PRECOMPUTE="$ROOT/scripts/precompute"
EMULATOR="$ROOT/scripts/emulator.sh"
mkdir -p "$OUT"
run_pid=""

cleanup() {
  [[ -z "$run_pid" ]] || kill_tree "$run_pid"
  "$EMULATOR" stop || true
}
trap cleanup EXIT

start_emulator() { FIRESTORE_PROJECT="$PROJECT" "$EMULATOR" start "$PORT"; }
seed_firestore() {
  # Bounded and tried twice: now and then, loading into the emulator stalled for good right after
  # a window of writes (0% CPU, 10,000 of 10,513 likes), and the whole test run waited on it. The
  # loader now keeps under BulkWriter's buffering limit and bounds each window itself; this stays
  # as a second line. The seed is deterministic, so a second load writes the same documents, and
  # a failed attempt's log is kept beside the good one.
  local attempt
  rm -f "$OUT"/seed.attempt*.log  # an earlier run's, which would read as this one's
  for attempt in 1 2; do
    rm -rf "$OUT/seed"
    if timeout --kill-after=10 "${SEED_TIMEOUT:-180}" "$PRECOMPUTE" seed --users "$USERS" --seed 42 \
        --out "$OUT/seed" --firestore --firestore-project="$PROJECT" --emulator-host="$HOST" \
        > "$OUT/seed.log" 2>&1; then
      return 0
    fi
    mv "$OUT/seed.log" "$OUT/seed.attempt$attempt.log"
    echo "seeding the emulator failed or stalled (attempt $attempt); see $OUT/seed.attempt$attempt.log" >&2
  done
  return 1
}
# Longest any run here may take (s): a hang in the reference run or the rerun would otherwise spend
# the whole CI budget. The killed run must end far sooner, within FAIL_WITHIN of the kill.
RUN_TIMEOUT="${RUN_TIMEOUT:-1200}"
bounded() { timeout --foreground --kill-after=30 "$RUN_TIMEOUT" "$@"; }
run_id() {  # run_id NAME: a scheduled run's id is its schedule's, window's and attempt's
  [[ -n "$SCHEDULE" ]] || echo "--run-id=$1"
}
run_firestore() {  # run_firestore NAME: from Firestore into Firestore
  # Manifests of its own: Firestore has no place for them, and the emulator keeps nothing.
  bounded "$PRECOMPUTE" run "${WHAT[@]}" --source=firestore --store=firestore --firestore-project="$PROJECT" \
    --emulator-host="$HOST" $(run_id "$1") --stateLocation="$OUT/state" \
    ${EXTRA[@]+"${EXTRA[@]}"}
}
# The Flink cluster the runs are submitted to (RUN_ARGS' --flinkMaster), if any.
FLINK_MASTER=""
for arg in ${EXTRA[@]+"${EXTRA[@]}"}; do
  [[ "$arg" == --flinkMaster=* ]] && FLINK_MASTER="${arg#--flinkMaster=}"
done
# "NAME STATE" for each of the cluster's jobs that started after SINCE_MS, once none of them is
# still running or cancelling (at most 60 s): on a cluster, a client that gives up must cancel its
# job, not leave it writing into the store.
cluster_jobs_after() {
  local since_ms="$1" deadline=$(( $(date +%s) + 60 )) jobs
  while :; do
    jobs=$(curl -sf --max-time 5 "http://$FLINK_MASTER/jobs/overview" | python3 -c '
import json, sys
for job in json.load(sys.stdin)["jobs"]:
    if job["start-time"] >= int(sys.argv[1]):
        print(job["name"], job["state"])' "$since_ms") || jobs="(the cluster did not answer)"
    if ! grep -qE ' (CREATED|INITIALIZING|RUNNING|RESTARTING|CANCELLING|FAILING|RECONCILING)$' <<< "$jobs" \
        || (( $(date +%s) > deadline )); then
      echo "$jobs"; return
    fi
    sleep 1
  done
}
first_document_written() {
  curl -sf --max-time 5 "http://$HOST/v1/projects/$PROJECT/databases/(default)/documents/precompute_cache?pageSize=1" \
    | grep -q '"documents"'
}

"$EMULATOR" stop || true
rm -rf "$OUT/state"
# Built (if need be) before the seed's time limit starts: on a fresh tree the build alone can take
# longer, and would be reported as a stalled seed.
"$PRECOMPUTE" --version > /dev/null
HOST="$(start_emulator)"
echo "emulator at $HOST; seeding $USERS users into it" >&2
seed_firestore

echo "reference: run ${WHAT[*]} from the files into SQLite" >&2
rm -rf "$OUT"/reference.db*
bounded "$PRECOMPUTE" run "${WHAT[@]}" --source=files --input="$OUT/seed" \
  --store="sqlite:$OUT/reference.db" $(run_id reference) ${EXTRA[@]+"${EXTRA[@]}"} \
  > "$OUT/reference.log" 2>&1 || { tail -20 "$OUT/reference.log" >&2; echo "error: the reference run failed (or passed RUN_TIMEOUT=$RUN_TIMEOUT s); log in $OUT/reference.log" >&2; exit 1; }

echo "faulted: run ${WHAT[*]} into Firestore, killing the emulator once writing has begun" >&2
faulted_from_ms=$(date +%s%3N)
run_firestore faulted > "$OUT/faulted.out" 2> "$OUT/faulted.err" &
run_pid=$!
started=$(date +%s)
until first_document_written; do
  if ! kill -0 "$run_pid" 2>/dev/null; then
    echo "the run ended before its first write could be seen; see $OUT/faulted.err" >&2; exit 1
  fi
  if (( $(date +%s) - started > 900 )); then echo "no write after 900 s" >&2; exit 1; fi
  sleep 0.2
done
"$EMULATOR" kill
killed=$(date +%s.%N)
outcome="failed"
while kill -0 "$run_pid" 2>/dev/null; do
  if awk -v k="$killed" -v now="$(date +%s.%N)" -v b="$FAIL_WITHIN" 'BEGIN { exit !(now - k > 3 * b) }'; then
    outcome="HUNG (killed after $((3 * FAIL_WITHIN)) s)"; kill_tree "$run_pid"; break
  fi
  sleep 0.2
done
set +e; wait "$run_pid"; rc=$?; set -e
run_pid=""
seconds=$(awk -v k="$killed" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - k }')
error_lines=$(grep -c '^error' "$OUT/faulted.err" || true)
cluster=""
job_left=no
if [[ -n "$FLINK_MASTER" ]]; then
  jobs=$(cluster_jobs_after "$faulted_from_ms")
  cluster=" | its job on the Flink cluster at $FLINK_MASTER: ${jobs:-(none found)}"
  grep -qE ' (CANCELED|FAILED)$' <<< "$jobs" && ! grep -qvE ' (CANCELED|FAILED)$' <<< "$jobs" \
    || job_left=yes
fi
first_error=$(grep -m1 '^error' "$OUT/faulted.err" || echo "(no error line)")

echo "rerun: emulator started again, reseeded, run ${WHAT[*]} into Firestore" >&2
HOST="$(start_emulator)"
seed_firestore
rerun_rc=0
run_firestore rerun > "$OUT/rerun.out" 2> "$OUT/rerun.err" || rerun_rc=$?
ledger=""
if [[ -n "$SCHEDULE" ]]; then
  # What the failed launch said of its ledger, and the ledger's record of the window after the
  # rerun (the emulator came back empty: the failed attempt's record, if any, went with it).
  told=$(grep -o -m1 -E '(recorded in|the ledger could not record).*' "$OUT/faulted.err" | cut -c1-400 \
    || echo "(no word of the ledger)")
  record=$(bounded "$PRECOMPUTE" runs --schedule "$SCHEDULE" --store=firestore --firestore-project="$PROJECT" \
    --emulator-host="$HOST" 2>&1 | sed -n 2p | tr -s ' ')
  ledger=" | ledger: the killed launch said: $told; after the rerun: $record"
fi
comparison=$(python3 "$ROOT/bench/faults/compare_stores.py" "$HOST" "$PROJECT" precompute_cache \
  "$OUT/reference.db") && equal=yes || equal=no

fast=no
[[ "$outcome" == failed && "$rc" != 0 ]] \
  && awk -v s="$seconds" -v b="$FAIL_WITHIN" 'BEGIN { exit !(s <= b) }' && fast=yes
# "One clear error": exactly one 'error:' line, not a stack trace, several, or none.
one_error=no
[[ "$error_lines" == 1 ]] && one_error=yes
summary="$(date -u +%FT%TZ) users=$USERS load=[$(cut -d' ' -f1-3 /proc/loadavg)]"
summary+=" killed-run: $outcome, exit $rc, ${seconds}s after the kill (bound ${FAIL_WITHIN}s: $fast),"
summary+=" $error_lines error line(s): $first_error$cluster | rerun: $comparison$ledger"
if [[ -n "$SCHEDULE" ]]; then summary+=" (schedule $SCHEDULE, window $WINDOW)"; fi
echo "$summary" | tee -a "$OUT/results.txt"
[[ "$job_left" == no ]] || echo "UNEXPECTED: the killed run's job on the cluster did not end as cancelled or failed" >&2
[[ "$one_error" == yes ]] || echo "UNEXPECTED: the killed run printed $error_lines 'error:' lines, not one; see $OUT/faulted.err" >&2
[[ "$rerun_rc" == 0 ]] || echo "UNEXPECTED: the rerun exited $rerun_rc; see $OUT/rerun.err" >&2
# A scheduled launch must say what became of its window: recorded as failed, or that the ledger
# (on the killed emulator) could not record it and when the next launch takes the window over;
# and after the rerun the ledger must hold the window as succeeded.
ledger_told=yes
if [[ -n "$SCHEDULE" ]]; then
  [[ "$told" != "(no word of the ledger)" ]] \
    || { ledger_told=no; echo "UNEXPECTED: the killed launch said nothing of its ledger; see $OUT/faulted.err" >&2; }
  grep -q ' SUCCEEDED ' <<< " $record " \
    || { ledger_told=no; echo "UNEXPECTED: after the rerun the ledger does not hold the window as succeeded: $record" >&2; }
fi
[[ "$fast" == yes && "$equal" == yes && "$job_left" == no && "$one_error" == yes && "$rerun_rc" == 0 \
  && "$ledger_told" == yes ]]
