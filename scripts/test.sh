#!/usr/bin/env bash
# Runs every test: unit tests, pipeline tests, and the Firestore emulator tests (the emulator is
# started here and stopped on exit). Usage: scripts/test.sh [extra maven args]
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
