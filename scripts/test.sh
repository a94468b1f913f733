#!/usr/bin/env bash
# Runs every test: unit tests, pipeline tests, and the Firestore emulator tests (the emulator is
# started here and stopped on exit), then the Flink cluster check: every job submitted to a
# two-JVM Flink session cluster, with the bundled jar staged, must write the documents embedded
# Flink writes (scripts/flink-cluster-check.sh); and the TaskManager killed mid-run, replaced or
# not, must end as the restart strategy says, and the run's own JVM stopped mid-run must cancel
# its job on the cluster, each with the same documents on a rerun (scripts/flink-faults.sh), and
# four runs on one TaskManager must not grow its metaspace (scripts/flink-repeated-runs.sh); then
# the Firestore emulator killed with kill -9 mid-run, once during
# 'run all', once during a scheduled launch through the run ledger and once during 'run all' on the
# Flink cluster (whose job must end cancelled): each must fail within its bound with one clear
# error, and a rerun must write the clean run's documents
# (bench/faults/firestore-kill.sh, on an emulator of its own). The cluster check's documents are
# also validated by Ajv, as a TypeScript backend would read them (schemas/examples/node; setup.sh
# installs node and npm).
# Usage: scripts/test.sh [extra maven args]
#   FLINK_CLUSTER_CHECK=0                               # skip the cluster runs
#   FIRESTORE_FAULTS=0                                  # skip the emulator kills
#   FLINK_CLUSTER_CHECK=0 FIRESTORE_FAULTS=0 scripts/test.sh -pl serving   # Maven only (a partial run)
#   EMULATOR_PORT=8797                                  # the tests' own emulator's port
#   FIRESTORE_FAULTS_PORT=8798                          # the emulator kills' emulator's port
#   FLINK_CLUSTER_CHECK_USERS=2000                      # the cluster check's data set's size
#   FLINK_FAULTS_USERS=500, FIRESTORE_FAULTS_USERS=500  # the fault runs' (a fault's timing, not
#                                                       # the data's size, is what they check)
#   FLINK_CLUSTER_CHECK_REST_PORT=18091, FLINK_CLUSTER_CHECK_RPC_PORT=16133   # their cluster's ports
#   FLINK_REPEATED_RUNS_REST_PORT=18291, FLINK_REPEATED_RUNS_RPC_PORT=16333   # the repeated runs' cluster's
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Its arguments go to Maven, whose --help prints Maven's usage and exits 0: the cluster checks and
# fault runs after it would then start, half an hour of them, for a question.
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
  exit 0
fi
scripts/setup.sh
# An emulator of the tests' own: its own state directory and port, so that one a developer started
# with scripts/emulator.sh (8787, .local/emulator) is neither used by the tests, with whatever
# documents it holds, nor stopped when they end.
export EMULATOR_STATE_DIR="$ROOT/.local/test-emulator"
PORT="${EMULATOR_PORT:-8797}"
HOST="$(scripts/emulator.sh start "$PORT")"
trap 'scripts/emulator.sh stop' EXIT
export FIRESTORE_EMULATOR_HOST="$HOST"
# The same jar for the tests that start an emulator of their own (serving/server's fault ITs):
# found here by every place emulator.sh looks, where theirs looked in fewer and skipped them.
export FIRESTORE_EMULATOR_JAR="$(scripts/emulator.sh jar)"
export FIRESTORE_PROJECT="${FIRESTORE_PROJECT:-avalo-local}"
echo "Firestore emulator on $HOST"
mvn -B -Dstyle.color=never verify "$@"

firestore_faults() {
  if [[ "${FIRESTORE_FAULTS:-1}" == 0 ]]; then
    echo "Firestore emulator kills skipped (FIRESTORE_FAULTS=0)"; return
  fi
  # An emulator of their own, on a port of their own (the tests' stays up until the end), and their
  # own data directory, emptied first; the results land there, not in bench/faults/out. The
  # variables naming the tests' emulator, or a caller's USERS, must not reach the script.
  local out="$ROOT/out/test-firestore-kill"
  rm -rf "$out"
  local env=(env -u FIRESTORE_EMULATOR_HOST -u FIRESTORE_PROJECT -u EMULATOR_STATE_DIR
    EMULATOR_PORT="${FIRESTORE_FAULTS_PORT:-8798}" USERS="${FIRESTORE_FAULTS_USERS:-500}")
  echo "Firestore fault run: the emulator killed during run all"
  "${env[@]}" OUT="$out/run-all" bench/faults/firestore-kill.sh
  echo "Firestore fault run: the emulator killed during the feeds schedule's launch"
  "${env[@]}" OUT="$out/scheduled" SCHEDULE=feeds bench/faults/firestore-kill.sh
  if [[ "${FLINK_CLUSTER_CHECK:-1}" == 0 ]]; then return; fi
  echo "Firestore fault run: the emulator killed during run all on the Flink cluster"
  (
    # The cluster check's directory and ports: that cluster is stopped by now.
    export FLINK_CLUSTER_DIR="$ROOT/.local/test-flink-cluster"
    export FLINK_REST_PORT="${FLINK_CLUSTER_CHECK_REST_PORT:-18091}"
    export FLINK_RPC_PORT="${FLINK_CLUSTER_CHECK_RPC_PORT:-16133}"
    # The trap first: a failed start leaves the JVMs it started running (scripts/flink/lib.sh).
    trap 'scripts/flink-cluster.sh stop > /dev/null' EXIT
    master="$(scripts/flink-cluster.sh start)"
    "${env[@]}" OUT="$out/flink-cluster" RUN_ARGS="--flinkMaster=$master" bench/faults/firestore-kill.sh
  )
}

if [[ "${FLINK_CLUSTER_CHECK:-1}" == 0 ]]; then
  echo "Flink cluster check and fault runs skipped (FLINK_CLUSTER_CHECK=0)"
  echo "Schemas in JavaScript skipped: Ajv validates the cluster check's documents (FLINK_CLUSTER_CHECK=0)"
else
  # Their own cluster directory and ports, so a cluster the developer runs is neither used nor
  # stopped, and their own data directory, emptied first: a reference left by an older build would
  # fail the comparison for the wrong reason. Both scripts share the seed and the reference.
  (
    export OUT="$ROOT/out/test-flink-cluster" USERS="${FLINK_CLUSTER_CHECK_USERS:-2000}"
    export FLINK_CLUSTER_DIR="$ROOT/.local/test-flink-cluster"
    export FLINK_REST_PORT="${FLINK_CLUSTER_CHECK_REST_PORT:-18091}"
    export FLINK_RPC_PORT="${FLINK_CLUSTER_CHECK_RPC_PORT:-16133}"
    rm -rf "$OUT"
    echo "Flink cluster check: every job on a local session cluster against embedded Flink"
    scripts/flink-cluster-check.sh
    echo "Flink fault runs: the TaskManager killed mid-run, not replaced and replaced; the client stopped"
    # A smaller data set of their own (its own seed and reference beside the check's): five runs
    # on the cluster, where what is checked is how each fault ends, not the documents' number.
    USERS="${FLINK_FAULTS_USERS:-500}" scripts/flink-faults.sh all
  )
  echo "Flink repeated runs: four runs on one TaskManager with 256 MB of metaspace"
  (
    # Its own settings, whatever the caller exported: a larger metaspace would hide a leak. Four
    # runs: the check is the growth from the second run to the last (at most 40 MB), and the leak
    # it guards against kept about 31 MB a run, 62 MB by the fourth (scripts/flink/RESULTS.md 6).
    unset FLINK_TM_MEMORY GROWTH_MB
    export RUNS=4 USERS=500 FLINK_TM_METASPACE=256m
    export OUT="$ROOT/out/test-flink-repeated-runs"
    export FLINK_CLUSTER_DIR="$ROOT/.local/test-flink-repeated-runs"
    export FLINK_REST_PORT="${FLINK_REPEATED_RUNS_REST_PORT:-18291}"
    export FLINK_RPC_PORT="${FLINK_REPEATED_RUNS_RPC_PORT:-16333}"
    rm -rf "$OUT"
    scripts/flink-repeated-runs.sh
  )
  # The contract as a TypeScript backend reads it: every document of the cluster check's embedded
  # run, validated by Ajv (JavaScript's regular expressions and date-time format, not Java's).
  if command -v node > /dev/null && command -v npm > /dev/null; then
    echo "Schemas in JavaScript: the cluster check's documents against schemas/json/v1 with Ajv"
    (cd schemas/examples/node && npm ci --no-audit --no-fund --loglevel=error)
    python3 -c 'import sqlite3, sys
for (document,) in sqlite3.connect(sys.argv[1]).execute("select document from cache_documents"):
    sys.stdout.buffer.write(document.encode() + b"\n")' "$ROOT/out/test-flink-cluster/embedded-${FLINK_CLUSTER_CHECK_USERS:-2000}.db" \
      | node schemas/examples/node/validate.mjs --fail-on-unknown-types -
    # How it routes a newer writer's types and versions (skipped, not invalid).
    (cd schemas/examples/node && node --test validate.test.mjs)
  else
    # setup.sh installs them: missing here, a green run would not have checked the contract.
    echo "error: node and npm not found, so the schemas cannot be checked in JavaScript" \
      "(apt-get install nodejs npm, or FLINK_CLUSTER_CHECK=0 for a partial run)" >&2
    exit 1
  fi
fi
firestore_faults
