#!/usr/bin/env bash
# An interleaved A/B of one CLI run between two builds: BEFORE and AFTER are clones (each builds
# itself on first use), run one after the other ROUNDS times on the same seed, each into a new
# SQLite store, the first of each round alternating. Interleaving spreads the machine's drift
# (17% within 20 minutes on this VM) over both builds; run it alone on the machine.
#
#   bench/scale/ab.sh /work/ab-before /work/main /work/abseed/seed-100000          # run all
#   JOB=feeds ROUNDS=3 bench/scale/ab.sh BEFORE AFTER SEED_DIR
#   AFTER_ARGS=--dedupeAllCollections bench/scale/ab.sh /work/main /work/main SEED_DIR   # an option's cost
#
# Prints one line per run: build, wall, user+sys CPU, peak RSS, the 1-minute load at the start,
# documents written and dead letters. Logs and stores go to OUT (default /tmp/precompute-ab).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ $# == 3 ]] || { echo "usage: $0 BEFORE_CLONE AFTER_CLONE SEED_DIR" >&2; exit 2; }
BEFORE="$(cd "$1" && pwd)"; AFTER="$(cd "$2" && pwd)"; SEED_DIR="$(cd "$3" && pwd)"
JOB="${JOB:-all}"; ROUNDS="${ROUNDS:-2}"; OUT="${OUT:-/tmp/precompute-ab}"
# Extra run arguments for either side (words split on spaces).
read -r -a BEFORE_ARGS <<< "${BEFORE_ARGS:-}"; read -r -a AFTER_ARGS <<< "${AFTER_ARGS:-}"
AS_OF="$(sed -n 's/.*"anchor" *: *"\([^"]*\)".*/\1/p' "$SEED_DIR/manifest.json" | head -1)"
source "$ROOT/bench/measured.sh"
mkdir -p "$OUT"
for clone in "$BEFORE" "$AFTER"; do "$clone/scripts/precompute" --version >/dev/null; done
echo "# $(date -u +%FT%TZ) run $JOB on $SEED_DIR as of $AS_OF; before $(git -C "$BEFORE" rev-parse --short HEAD)${BEFORE_ARGS[*]:+ ${BEFORE_ARGS[*]}}, after $(git -C "$AFTER" rev-parse --short HEAD)${AFTER_ARGS[*]:+ ${AFTER_ARGS[*]}}; $(nproc) cores"
for round in $(seq 1 "$ROUNDS"); do
  # Alternate which goes first, so that a steady drift does not favour one build.
  order="before after"; (( round % 2 == 0 )) && order="after before"
  for build in $order; do
    clone="$BEFORE"; args=(${BEFORE_ARGS[@]+"${BEFORE_ARGS[@]}"})
    [[ $build == after ]] && { clone="$AFTER"; args=(${AFTER_ARGS[@]+"${AFTER_ARGS[@]}"}); }
    db="$OUT/$build-$round.db"
    rm -rf "$db" "$db-wal" "$db-shm" "$db.state" "$OUT/dead-letters"
    log="$OUT/$build-$round.log"
    read -r wall cpu rss start mean peak rc disk <<< "$(measured "$log" "$clone/scripts/precompute" run "$JOB" \
      --source=files --input="$SEED_DIR" --store="sqlite:$db" ${AS_OF:+--as-of="$AS_OF"} ${args[@]+"${args[@]}"})"
    letters=$(sed -n 's/^  dead-lettered: *\([0-9,]*\).*/\1/p' "$log")
    printf '%s round=%d build=%s exit=%d wall=%.1fs cpu=%.1fs maxRss=%.2fGiB load=%s documents=%s deadLetters=%s\n' \
      "$(date -u +%FT%TZ)" "$round" "$build" "$rc" "$wall" "$cpu" "$(echo "$rss / 1048576" | bc -l)" \
      "$start" "$(documents_written "$log")" "$letters"
    [[ "$rc" == 0 ]] || { echo "the $build run failed; see $log" >&2; exit 1; }
  done
done
