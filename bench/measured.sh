# Sourced by the benchmarks that time whole CLI runs (bench/scale, bench/runners).
# Runs a command under /usr/bin/time -v with the load and the disk sampled every 5 s; prints
# "wall cpu maxRssKiB loadStart loadMean loadMax exitCode diskPeakKiB". The disk is what the
# filesystems of the log's directory and of Java's temporary directory (where Flink spills) used at
# most beyond what they used at the start: other processes' files count too, so run it alone.
measured() {
  local log="$1"; shift
  local samples="$log.load" disk_samples="$log.disk"
  local load_start; load_start=$(cut -d' ' -f1 /proc/loadavg)
  local disk_start; disk_start=$(disk_used_kib "$(dirname "$log")")
  (while sleep 5; do cut -d' ' -f1 /proc/loadavg; done) > "$samples" &
  local sampler=$!
  (while sleep 5; do disk_used_kib "$(dirname "$log")"; done) > "$disk_samples" &
  local disk_sampler=$!
  set +e; /usr/bin/time -v "$@" > "$log" 2>&1; local rc=$?; set -e
  kill "$sampler" "$disk_sampler" 2>/dev/null; wait "$sampler" "$disk_sampler" 2>/dev/null || true
  awk -F': ' -v rc="$rc" -v start="$load_start" -v samples="$samples" \
      -v disk_start="$disk_start" -v disk_samples="$disk_samples" '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END {
      while ((getline load < samples) > 0) { sum += load; count++; if (load > peak) peak = load }
      if (count == 0) { sum = start; count = 1; peak = start }
      disk_peak = 0
      while ((getline used < disk_samples) > 0) if (used - disk_start > disk_peak) disk_peak = used - disk_start
      printf "%.1f %.1f %d %s %.2f %.2f %d %d\n", wall, cpu, rss, start, sum / count, peak, rc, disk_peak }' "$log"
}

# Java's temporary directory for the CLI, where embedded Flink spills: -Djava.io.tmpdir in
# PRECOMPUTE_JAVA_OPTS, else /tmp.
java_tmpdir() {
  local given
  given="$(sed -n 's/.*-Djava\.io\.tmpdir=\([^ ]*\).*/\1/p' <<< "${PRECOMPUTE_JAVA_OPTS:-}")"
  echo "${given:-/tmp}"
}

# KiB used on the filesystems holding DIR and java_tmpdir, each filesystem counted once.
disk_used_kib() {
  # One df reads each path in turn, so under heavy writes one filesystem's two lines differ: count
  # each filesystem by its first line.
  df -k --output=source,used "$1" "$(java_tmpdir)" | tail -n +2 | awk '!seen[$1]++ { s += $2 } END { print s }'
}

# The number of documents a CLI run's summary in LOG says it wrote (empty when it has none).
documents_written() {
  sed -n 's/^  documents written: *\([0-9,]*\).*/\1/p' "$1" | tr -d ,
}
