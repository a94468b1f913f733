#!/usr/bin/env bash
# Starts and stops the official Cloud Firestore emulator (it ships with the Google Cloud CLI).
#   scripts/emulator.sh start [PORT]   starts it in the background, waits until ready, prints host:port
#   scripts/emulator.sh stop           stops the one this script started
#   scripts/emulator.sh status         prints its host:port if it is running; exits 1 if not
#   scripts/emulator.sh kill           kills it with SIGKILL, as a crash would (for fault runs)
#   scripts/emulator.sh wipe           deletes every document
#   scripts/emulator.sh jar            prints the emulator jar it would start
# The jar is found from FIRESTORE_EMULATOR_JAR, gcloud's SDK root, or the firebase-tools cache.
# EMULATOR_STATE_DIR (.local/emulator) holds the started emulator's pid, host and log: a script that
# needs an emulator of its own (a fault run that kills it) gives its own directory, and so neither
# stops nor kills the one a developer or the test run has started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${EMULATOR_STATE_DIR:-$ROOT/.local/emulator}"
PROJECT="${FIRESTORE_PROJECT:-avalo-local}"
MAIN_CLASS=com.google.cloud.datastore.emulator.firestore.CloudFirestore
mkdir -p "$STATE"
source "$ROOT/scripts/lib/processes.sh"

find_jar() {
  if [[ -n "${FIRESTORE_EMULATOR_JAR:-}" && -f "$FIRESTORE_EMULATOR_JAR" ]]; then
    echo "$FIRESTORE_EMULATOR_JAR"; return
  fi
  if command -v gcloud >/dev/null 2>&1; then
    local root
    root="$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null || true)"
    if [[ -n "$root" && -f "$root/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar" ]]; then
      echo "$root/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar"; return
    fi
  fi
  for candidate in /usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar \
      "$HOME"/.cache/firebase/emulators/cloud-firestore-emulator*.jar; do
    if [[ -f "$candidate" ]]; then echo "$candidate"; return; fi
  done
  echo "error: the Cloud Firestore emulator jar was not found. Install the Google Cloud CLI with its" \
       "cloud-firestore-emulator component, or set FIRESTORE_EMULATOR_JAR=/path/to/cloud-firestore-emulator.jar" >&2
  exit 3
}

start() {
  local port="${1:-8787}"
  if running; then
    if [[ -f "$STATE/host" ]]; then
      if [[ -n "${1:-}" && "$(cat "$STATE/host")" != *":$1" ]]; then
        echo "note: the emulator of $STATE is already running on $(cat "$STATE/host"), not port $1;" \
             "using it (set EMULATOR_STATE_DIR for one of your own)" >&2
      fi
      cat "$STATE/host"; return
    fi
    # No host: a start cut short (Ctrl-C while it waited) left an emulator that never said it was
    # ready; 'start' used to fail on the missing file until someone ran 'stop'.
    echo "stopping the emulator an interrupted start left (pid $(cat "$STATE/pid"), never ready)" >&2
    stop_and_wait
  fi
  local jar; jar="$(find_jar)"
  : > "$STATE/log"
  java -cp "$jar" "$MAIN_CLASS" start \
      --host=127.0.0.1 --port="$port" --project_id="$PROJECT" >"$STATE/log" 2>&1 &
  echo "$port" > "$STATE/port"
  echo $! > "$STATE/pid"
  for _ in $(seq 1 120); do
    if grep -q "Dev App Server is now running" "$STATE/log"; then
      echo "127.0.0.1:$port" | tee "$STATE/host"; return
    fi
    if ! kill -0 "$(cat "$STATE/pid")" 2>/dev/null; then
      echo "error: the Firestore emulator exited; its log:" >&2; cat "$STATE/log" >&2; exit 3
    fi
    sleep 0.5
  done
  # Stopped, not left running: nothing would stop it (test.sh sets its trap once start succeeds).
  stop_and_wait
  echo "error: the Firestore emulator did not become ready in 60 s, and was stopped; log in $STATE/log" >&2
  exit 3
}

# Stops the emulator 'start' started and waits (10 s at most) until it is gone, so that its port
# is free for the next start.
stop_and_wait() {
  local pid
  if pid="$(emulator_pid)"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$STATE/pid" "$STATE/host" "$STATE/port"
}

# Waits for the emulator to be gone: a start on the same port right after (the fault runs, one
# after another) failed to bind while the old JVM was still exiting.
stop() {
  stop_and_wait
}

# The pid of the emulator 'start' started, if that process still is it. After a reboot or a crash
# the recorded pid may belong to another process by now: the pid file is then stale, and removed,
# so that 'start' starts one and 'stop' kills nothing of someone else's. The port is part of the
# check: the pid may by now be another state directory's emulator, on another port.
emulator_pid() {
  [[ -f "$STATE/pid" ]] || return 1
  local started="$MAIN_CLASS start "
  [[ -f "$STATE/port" ]] && started+="--host=127.0.0.1 --port=$(cat "$STATE/port") "
  recorded_pid "$STATE/pid" "$started" && return
  echo "removed the stale pid file in $STATE: pid $(cat "$STATE/pid") is no longer its Firestore emulator" >&2
  rm -f "$STATE/pid" "$STATE/host" "$STATE/port"
  return 1
}

running() {
  emulator_pid >/dev/null
}

status() {
  if running; then cat "$STATE/host"; return; fi
  echo "the emulator is not running (no live pid in $STATE)" >&2
  exit 1
}

# No shutdown hook runs, the port is freed by the kernel: what a crashed or OOM-killed emulator
# looks like to the clients, which is what the fault runs need to see.
kill_hard() {
  local pid
  if ! pid="$(emulator_pid)"; then
    echo "error: no running emulator to kill (no live pid in $STATE)" >&2; exit 1
  fi
  kill -9 "$pid"
  rm -f "$STATE/pid" "$STATE/host" "$STATE/port"
}

wipe() {
  if ! running || [[ ! -f "$STATE/host" ]]; then
    echo "error: no emulator started from $STATE to wipe (scripts/emulator.sh start)" >&2
    exit 1
  fi
  local host; host="$(cat "$STATE/host")"
  if ! curl -sSf -X DELETE "http://$host/emulator/v1/projects/$PROJECT/databases/(default)/documents" >/dev/null; then
    echo "error: the emulator at $host did not wipe its documents" >&2
    exit 1
  fi
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  status) status ;;
  kill) kill_hard ;;
  wipe) wipe ;;
  jar) find_jar ;;
  *) echo "usage: $0 start [PORT] | stop | status | kill | wipe | jar" >&2; exit 2 ;;
esac
