#!/usr/bin/env bash
# Faults mid-run: kills the TaskManager (kill -9) while every job runs on the standalone cluster,
# and records what the run does under the cluster's restart strategy (see scripts/flink-cluster.sh).
#   lost      the TaskManager is killed and not replaced: the run must fail in bounded time, exit
#             non-zero and say why. Then a fresh TaskManager is started and the run repeated into
#             the same store, over the failed run's partial writes: it must write the reference
#             documents (keys and contentHash of the same run on embedded Flink).
#   replaced  the TaskManager is killed and a fresh one started at once: the restart strategy must
#             hand the job to it, and the run exit 0 with the reference documents.
#   stopped   the run's own JVM (the client) gets SIGTERM, as Ctrl-C would: its job on the cluster
#             must be cancelled before the client exits, not run on writing into the store. Then
#             the run is repeated into the same store: it must write the reference documents.
# Usage: USERS=2000 KILL_AT=20 scripts/flink-faults.sh [lost|replaced|stopped|all]   (default all)
# EXIT_WITHIN: seconds from the kill within which the run must have exited (600); past them it has
# hung, is killed, and the scenario fails.
# KILL_AT: the share of the job's tasks (%) finished when the fault is made, so that it lands
# mid-run however fast the machine is. Exit 0 when every scenario went as stated.
# Starts the cluster unless it is running (then stops it at the end); data and logs under OUT.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/flink/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"
KILL_AT="${KILL_AT:-20}"
EXIT_WITHIN="${EXIT_WITHIN:-600}"
SCENARIOS="${1:-all}"
# The run in the background, while there is one: killed with its JVM if this script exits early
# (a job that failed before the kill, no TaskManager to kill), before the cluster is stopped.
RUN_CLI=""
on_exit '[[ -z "$RUN_CLI" ]] || kill_tree "$RUN_CLI"'
# One scenario or all: 'lost replaced' ran lost alone and reported success for what it ran.
[[ $# -le 1 && "$SCENARIOS" =~ ^(lost|replaced|stopped|all)$ ]] || { echo "usage: $0 [lost|replaced|stopped|all]" >&2; exit 2; }

# Lines "JOB_ID STATE FINISHED_TASKS TOTAL_TASKS" for every job the cluster knows.
# Fails when the REST endpoint does not answer in time (a busy machine slows it down).
jobs_overview() {
  local json
  json="$(curl -sf --max-time 20 "http://$MASTER/jobs/overview")" || return 1
  python3 -c '
import json, sys
for job in json.load(sys.stdin)["jobs"]:
    print(job["jid"], job["state"], job["tasks"]["finished"], job["tasks"]["total"])' <<< "$json"
}

# The failures the JobManager handled for JOB, newest last, each with how many arrived with it:
# one per restart, and one more for the failure that ended the job if it failed.
failures_handled() {
  curl -sf --max-time 5 "http://$MASTER/jobs/$1/exceptions" | python3 -c '
import json, sys
entries = json.load(sys.stdin)["exceptionHistory"]["entries"]
print("; ".join("%s (+%d concurrent)" % (e["exceptionName"].rsplit(".", 1)[-1],
                                        len(e.get("concurrentExceptions", [])))
                for e in reversed(entries)) or "none")' 2>/dev/null || echo "unknown"
}

taskmanager_pid() {
  "$ROOT/scripts/flink-cluster.sh" status | sed -n 's/^taskmanager: running (pid \([0-9]*\))$/\1/p'
}

# The pid of the JVM below PID (the CLI's, under the subshell of a backgrounded function).
jvm_below() {
  local child
  for child in $(pgrep -P "$1"); do
    if [[ "$(cat "/proc/$child/comm" 2>/dev/null)" == java ]]; then echo "$child"; return; fi
    jvm_below "$child"
  done
}

# faulted_run NAME FAULT: every job into OUT/NAME-USERS.db; once KILL_AT % of the job's tasks have
# finished, makes FAULT: lost (kill -9 the TaskManager), replaced (the same, and a fresh one started
# at once) or stopped (SIGTERM to the run's JVM). Sets RUN_EXIT, EXIT_AFTER_KILL (s), AT_KILL (tasks
# finished then), JOB_STATE (the job's state on the cluster once the run exited) and FAILURES.
faulted_run() {
  local name="$1" fault="$2" db="$OUT/$1-$USERS.db" log_file="$OUT/$1-$USERS.log"
  local before job="" line="" cli pid killed
  rm -rf "$db" "$db"-wal "$db"-shm "$db".state
  before="$(jobs_overview | cut -d' ' -f1)" || { echo "error: the cluster's REST endpoint does not answer" >&2; exit 1; }
  log "$name: every job on the cluster into $db; the fault ($fault) comes at $KILL_AT % of its tasks"
  run_all "$db" "$name" "$log_file" --flinkMaster="$MASTER" &
  cli=$!
  RUN_CLI="$cli"
  while [[ -z "$job" ]] && kill -0 "$cli" 2>/dev/null; do
    job="$(jobs_overview | awk -v known="$before" 'index(known, $1) == 0 && $2 == "RUNNING" { print $1 }')" || true
    sleep 0.5
  done
  [[ -n "$job" ]] || { wait "$cli" || true; error_lines "$log_file" >&2; echo "error: the run ended before its job ran" >&2; exit 1; }
  while kill -0 "$cli" 2>/dev/null; do
    line="$(jobs_overview | grep "^$job ")" || { sleep 1; continue; }  # not answering: ask again
    [[ "$(cut -d' ' -f2 <<< "$line")" == RUNNING ]] || break
    awk -v pct="$KILL_AT" '{ exit !($3 * 100 >= $4 * pct) }' <<< "$line" && break
    sleep 0.5
  done
  [[ "$(cut -d' ' -f2 <<< "$line")" == RUNNING ]] \
    || { echo "error: the job was $(cut -d' ' -f2 <<< "$line") before the kill; lower KILL_AT or raise USERS" >&2; exit 1; }
  AT_KILL="$(awk '{ print $3 " of " $4 " tasks finished" }' <<< "$line")"
  if [[ "$fault" == stopped ]]; then
    pid="$(jvm_below "$cli")"
    [[ -n "$pid" ]] || { echo "error: no JVM under the run's process $cli" >&2; exit 1; }
    kill -TERM "$pid"
    killed="$(now_ms)"
    log "$name: sent SIGTERM to the run's JVM (pid $pid) with $AT_KILL"
  else
    pid="$(taskmanager_pid)"
    kill -9 "$pid"
    killed="$(now_ms)"
    log "$name: killed the TaskManager (pid $pid) with $AT_KILL"
  fi
  if [[ "$fault" == replaced ]]; then
    "$ROOT/scripts/flink-cluster.sh" start > /dev/null
    log "$name: a fresh TaskManager registered after $(seconds_since "$killed") s"
  fi
  # A run that outlives the bound has hung: it is killed, and the scenario fails.
  while kill -0 "$cli" 2>/dev/null && (( $(now_ms) - killed < EXIT_WITHIN * 1000 )); do
    sleep 0.5
  done
  HUNG=false
  if kill -0 "$cli" 2>/dev/null; then
    HUNG=true
    kill_tree "$cli"
  fi
  RUN_EXIT=0
  wait "$cli" || RUN_EXIT=$?
  RUN_CLI=""
  EXIT_AFTER_KILL="$(seconds_since "$killed")"
  FAILURES="$(failures_handled "$job")"
  JOB_STATE="$(jobs_overview | grep "^$job " | cut -d' ' -f2)" || JOB_STATE="unknown (the REST endpoint did not answer)"
  log "$name: the run exited $RUN_EXIT, $EXIT_AFTER_KILL s after the fault; job $job $JOB_STATE, failures: $FAILURES"
}

# report_documents EXIT LOG DB: what a run that should have succeeded said, or how its documents
# compare with the reference; fails unless it exited 0 with the reference documents.
report_documents() {
  local comparison status=0
  if [[ "$1" -ne 0 ]]; then
    error_lines "$2" | sed 's/^/    /'
    return 1
  fi
  comparison="$(same_documents "$3")" || status=1
  echo "  against embedded Flink: $comparison"
  return "$status"
}

prepare_reference
ensure_cluster
ok=true
echo "fault runs, $USERS users, as of $(as_of), Flink at $MASTER, KILL_AT=$KILL_AT % ($(machine_load))"
echo "restart strategy: $(grep -E '^(jobmanager.execution.failover-strategy|restart-strategy|slot.request.timeout|pekko.ask.timeout)' \
  "${FLINK_CLUSTER_DIR:-$ROOT/.local/flink-cluster}/conf/config.yaml" | tr '\n' ' ')"

if [[ "$SCENARIOS" == lost || "$SCENARIOS" == all ]]; then
  faulted_run lost lost
  echo "lost: TaskManager killed with $AT_KILL, not replaced"
  echo "  run exited $RUN_EXIT, $EXIT_AFTER_KILL s after the kill (failures handled: $FAILURES); it said:"
  error_lines "$OUT/lost-$USERS.log" | sed 's/^/    /'
  [[ "$HUNG" == false ]] || { echo "  UNEXPECTED: the run hung (killed $EXIT_WITHIN s after the kill)"; ok=false; }
  [[ "$RUN_EXIT" -ne 0 ]] || { echo "  UNEXPECTED: the run succeeded without a TaskManager"; ok=false; }
  [[ "$(grep -c '^error:' "$OUT/lost-$USERS.log" || true)" == 1 ]] \
    || { echo "  UNEXPECTED: the run did not say why in one 'error:' line"; ok=false; }
  "$ROOT/scripts/flink-cluster.sh" start > /dev/null
  started="$(now_ms)"
  rerun_exit=0
  run_all "$OUT/lost-$USERS.db" rerun "$OUT/lost-rerun-$USERS.log" --flinkMaster="$MASTER" || rerun_exit=$?
  echo "  rerun on a fresh TaskManager into the same store: exit $rerun_exit in $(seconds_since "$started") s"
  report_documents "$rerun_exit" "$OUT/lost-rerun-$USERS.log" "$OUT/lost-$USERS.db" || ok=false
fi

if [[ "$SCENARIOS" == replaced || "$SCENARIOS" == all ]]; then
  faulted_run replaced replaced
  echo "replaced: TaskManager killed with $AT_KILL, a fresh one started at once"
  echo "  run exited $RUN_EXIT, $EXIT_AFTER_KILL s after the kill (failures handled: $FAILURES)"
  [[ "$HUNG" == false ]] || { echo "  UNEXPECTED: the run hung (killed $EXIT_WITHIN s after the kill)"; ok=false; }
  report_documents "$RUN_EXIT" "$OUT/replaced-$USERS.log" "$OUT/replaced-$USERS.db" || ok=false
fi
if [[ "$SCENARIOS" == stopped || "$SCENARIOS" == all ]]; then
  faulted_run stopped stopped
  echo "stopped: SIGTERM to the run's JVM with $AT_KILL"
  echo "  run exited $RUN_EXIT, $EXIT_AFTER_KILL s after the signal; its job on the cluster: $JOB_STATE; it said:"
  grep -E '^(stopped:|warning: could not cancel)' "$OUT/stopped-$USERS.log" | sed 's/^/    /' || echo "    (nothing)"
  [[ "$HUNG" == false ]] || { echo "  UNEXPECTED: the run hung (killed $EXIT_WITHIN s after the signal)"; ok=false; }
  [[ "$RUN_EXIT" -ne 0 ]] || { echo "  UNEXPECTED: the run exited 0 after SIGTERM"; ok=false; }
  [[ "$JOB_STATE" == CANCELED ]] || { echo "  UNEXPECTED: the job was $JOB_STATE after its client exited, not CANCELED"; ok=false; }
  started="$(now_ms)"
  rerun_exit=0
  run_all "$OUT/stopped-$USERS.db" rerun "$OUT/stopped-rerun-$USERS.log" --flinkMaster="$MASTER" || rerun_exit=$?
  echo "  rerun into the same store: exit $rerun_exit in $(seconds_since "$started") s"
  report_documents "$rerun_exit" "$OUT/stopped-rerun-$USERS.log" "$OUT/stopped-$USERS.db" || ok=false
fi
[[ "$ok" == true ]]
