# Sourced by the fault scripts (scripts/flink-faults.sh, bench/faults/firestore-kill.sh) and by
# the scripts that start long-lived processes (scripts/flink-cluster.sh, scripts/emulator.sh).

# The pid recorded in PID_FILE if that process is still the one started: its command line holds
# PATTERN. After a crash or a reboot the pid may belong to another process by now. A process that
# ends between the pid file and the read has no command line: not running, quietly.
recorded_pid() {
  local pid_file="$1" pattern="$2" pid cmdline
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  cmdline="$( { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$pattern"* ]] || return 1
  echo "$pid"
}

# kill -9 of PID and everything it started. A run started in the background as `function &` is a
# subshell whose child is the CLI's JVM: killing the subshell alone would leave the JVM running.
kill_tree() {
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill -9 "$1" 2>/dev/null || true
}
