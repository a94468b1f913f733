#!/usr/bin/env bash
# Runs every test: unit tests, pipeline tests, and the Firestore emulator tests (the emulator is
# started here and stopped on exit), then the Flink cluster check: every job submitted to a
# two-JVM Flink session cluster, with the bundled jar staged, must write the documents embedded
# Flink writes (scripts/flink-cluster-check.sh); and the TaskManager killed mid-run, replaced or
# not, must end as the restart strategy says, with the same documents on a rerun
# (scripts/flink-faults.sh).
# Usage: scripts/test.sh [extra maven args]
#   FLINK_CLUSTER_CHECK=0 scripts/test.sh -pl serving   # skip the cluster runs (a partial run)
#   FLINK_CLUSTER_CHECK_USERS=2000                      # their data set's size
#   FLINK_CLUSTER_CHECK_REST_PORT=18091, FLINK_CLUSTER_CHECK_RPC_PORT=16133   # their cluster's ports
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
PORT="${EMULATOR_PORT:-8787}"
HOST="$(scripts/emulator.sh start "$PORT")"
trap 'scripts/emulator.sh stop' EXIT
export FIRESTORE_EMULATOR_HOST="$HOST"
export FIRESTORE_PROJECT="${FIRESTORE_PROJECT:-avalo-local}"
echo "Firestore emulator on $HOST"
mvn -B -Dstyle.color=never verify "$@"

if [[ "${FLINK_CLUSTER_CHECK:-1}" == 0 ]]; then
  echo "Flink cluster check and fault runs skipped (FLINK_CLUSTER_CHECK=0)"
  exit 0
fi
# Their own cluster directory and ports, so a cluster the developer runs is neither used nor
# stopped, and their own data directory, emptied first: a reference left by an older build would
# fail the comparison for the wrong reason. Both scripts share the seed and the reference.
export OUT="$ROOT/out/test-flink-cluster" USERS="${FLINK_CLUSTER_CHECK_USERS:-2000}"
export FLINK_CLUSTER_DIR="$ROOT/.local/test-flink-cluster"
export FLINK_REST_PORT="${FLINK_CLUSTER_CHECK_REST_PORT:-18091}"
export FLINK_RPC_PORT="${FLINK_CLUSTER_CHECK_RPC_PORT:-16133}"
rm -rf "$OUT"
echo "Flink cluster check: every job on a local session cluster against embedded Flink"
scripts/flink-cluster-check.sh
echo "Flink fault runs: the TaskManager killed mid-run, not replaced and replaced"
scripts/flink-faults.sh all
