# Sourced by the fault scripts (scripts/flink-faults.sh, bench/faults/firestore-kill.sh).

# kill -9 of PID and everything it started. A run started in the background as `function &` is a
# subshell whose child is the CLI's JVM: killing the subshell alone would leave the JVM running.
kill_tree() {
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill -9 "$1" 2>/dev/null || true
}
