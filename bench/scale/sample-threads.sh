#!/usr/bin/env bash
# Samples a running job's busiest threads every 30 s until it exits: Flink names its task threads
# after the steps they run (truncated to 15 characters by the kernel), so the samples show which
# steps were running when, and on how many tasks. Cheap enough to run beside a benchmark.
#
#   bench/scale/sample-threads.sh PID OUT     # PID: the java process of `precompute run`
set -euo pipefail
pid="$1"; out="$2"; start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  echo "== $(( $(date +%s) - start ))s" >> "$out"
  # The second of two top iterations: the first has no interval to compute %CPU over.
  top -H -b -n 2 -d 1 -p "$pid" -w 200 | awk '/^top -/{n++} n==2' | sed -n '8,13p' \
    | awk '{ $1=$2=$3=$4=$5=$6=$7=$8=""; print }' >> "$out"
  sleep 30
done
