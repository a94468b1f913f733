# Sourced by the benchmarks that time whole CLI runs (bench/scale, bench/runners).
# Runs a command under /usr/bin/time -v with the load sampled every 5 s; prints
# "wall cpu maxRssKiB loadStart loadMean loadMax exitCode".
measured() {
  local log="$1"; shift
  local samples="$log.load"
  local load_start; load_start=$(cut -d' ' -f1 /proc/loadavg)
  (while sleep 5; do cut -d' ' -f1 /proc/loadavg; done) > "$samples" &
  local sampler=$!
  set +e; /usr/bin/time -v "$@" > "$log" 2>&1; local rc=$?; set -e
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  awk -F': ' -v rc="$rc" -v start="$load_start" -v samples="$samples" '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END {
      while ((getline load < samples) > 0) { sum += load; count++; if (load > peak) peak = load }
      if (count == 0) { sum = start; count = 1; peak = start }
      printf "%.1f %.1f %d %s %.2f %.2f %d\n", wall, cpu, rss, start, sum / count, peak, rc }' "$log"
}

# The number of documents a CLI run's summary in LOG says it wrote (empty when it has none).
documents_written() {
  sed -n 's/^  documents written: *\([0-9,]*\).*/\1/p' "$1" | tr -d ,
}
