#!/usr/bin/env bash
# Runs every test: unit tests, pipeline tests, and the Firestore emulator tests (the emulator is
# started here and stopped on exit), then the Flink cluster check: every job submitted to a
# two-JVM Flink session cluster, with the bundled jar staged, must write the documents embedded
# Flink writes (scripts/flink-cluster-check.sh).
# Usage: scripts/test.sh [extra maven args]
#   FLINK_CLUSTER_CHECK=0 scripts/test.sh -pl serving   # skip the cluster check (a partial run)
#   FLINK_CLUSTER_CHECK_USERS=2000                      # its data set's size
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
  echo "Flink cluster check skipped (FLINK_CLUSTER_CHECK=0)"
  exit 0
fi
# Its own cluster directory and ports, so a cluster the developer runs is neither used nor
# stopped, and its own data directory, emptied first: a reference left by an older build would
# fail the comparison for the wrong reason.
check_out="$ROOT/out/test-flink-cluster"
rm -rf "$check_out"
echo "Flink cluster check: every job on a local session cluster against embedded Flink"
OUT="$check_out" USERS="${FLINK_CLUSTER_CHECK_USERS:-2000}" \
  FLINK_CLUSTER_DIR="$ROOT/.local/test-flink-cluster" \
  FLINK_REST_PORT="${FLINK_CLUSTER_CHECK_REST_PORT:-18091}" \
  FLINK_RPC_PORT="${FLINK_CLUSTER_CHECK_RPC_PORT:-16133}" \
  scripts/flink-cluster-check.sh
