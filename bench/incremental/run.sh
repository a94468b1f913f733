#!/usr/bin/env bash
# Benchmarks incremental runs through the CLI on the embedded store, per size:
#   1. seed N users; run all jobs into an empty store (first run: must delete 0);
#   2. change about 1% of users (precompute seed --mutate: new likes, an edited bio, a purchase,
#      a block, a deleted account) and rerun all jobs into the same store with the same --as-of;
#   3. run all jobs on the changed data into another empty store: the reference full run.
# Then checks, from the runs' manifests (precompute diff), that
#   - the rerun wrote at most the documents whose content changed (first run -> reference) plus
#     1% of all documents;
#   - it deleted exactly the keys that vanished (first run -> reference);
#   - its store now lists exactly the reference's keys and content hashes;
# and prints each run's written / unchanged / deleted counts and estimated Firestore cost.
#
#   bench/incremental/run.sh                   # SIZES="10000 100000"
#   SIZES=2000 bench/incremental/run.sh        # a smoke test
#
# Results are appended to bench/incremental/out/results.txt (with the machine's load); record
# runs taken on a quiet machine in RESULTS.md. Environment: SIZES, SEED (42), MUTATE (1, percent
# of users), AS_OF (2026-11-23T00:00:00Z, the seed's anchor), RUNNER (DirectRunner), JAVA_XMX
# (10g), KEEP (1 keeps the generated worlds and stores under out/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/bench/incremental/out"
SIZES="${SIZES:-10000 100000}"
SEED="${SEED:-42}"
MUTATE="${MUTATE:-1}"
AS_OF="${AS_OF:-2026-11-23T00:00:00Z}"
RUNNER="${RUNNER:-DirectRunner}"
export PRECOMPUTE_JAVA_OPTS="-Xmx${JAVA_XMX:-10g}"
command -v python3 >/dev/null || { echo "needs python3 to read precompute diff --json" >&2; exit 3; }
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
CLI="$ROOT/scripts/precompute"

log() { echo "$*" | tee -a "$RESULTS"; }
log "# $(date -u +%FT%TZ) sizes=[$SIZES] seed=$SEED mutate=$MUTATE% asOf=$AS_OF runner=$RUNNER" \
  "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"

# Runs all jobs; prints the summary to $2 and echoes "written unchanged deleted dollars fullDollars".
run_all() {
  local input="$1" store="$2" run_id="$3" summary="$4"
  "$CLI" run all --input="$input" --store="sqlite:$store" --as-of "$AS_OF" --run-id "$run_id" \
    --runner="$RUNNER" --stateLocation="$STATE" > "$summary" 2> "$summary.err" \
    || { tail -n 20 "$summary.err" >&2; echo "run $run_id failed, see $summary.err" >&2; exit 1; }
  python3 - "$summary" <<'PY'
import re, sys
text = re.sub(r"(\d),(\d)", r"\1\2", open(sys.argv[1]).read())
w = re.search(r"documents written: (\d+)\s+\(deleted (\d+), unchanged (\d+)\)", text)
c = re.search(r"firestore cost:\s+\$([\d.]+)\s+\(full rewrite \$([\d.]+)", text)
print(w.group(1), w.group(3), w.group(2), c.group(1), c.group(2))
PY
}

# "added removed changed unchanged" summed over every job, from precompute diff --json.
diff_counts() {
  "$CLI" diff "$1" "$2" --store="sqlite:$INC" --stateLocation="$STATE" --json --limit=1 \
    | python3 -c '
import json, sys
jobs = json.load(sys.stdin)["jobs"]
total = lambda kind: sum(n.get(kind, 0) for job in jobs for n in job["counts"].values())
print(total("added"), total("removed"), total("changed"), total("unchanged"))'
}

check() { # name, ok (0/1), detail
  local verdict=FAIL; [[ "$2" == 1 ]] && verdict=PASS
  log "  $verdict  $1: $3"
  [[ "$2" == 1 ]] || FAILED=1
}

FAILED=0
for N in $SIZES; do
  WORK="$OUT/n$N"
  rm -rf "$WORK" && mkdir -p "$WORK"
  # Both stores record their manifests in one state file, so that diff compares across them.
  STATE="$WORK/state"
  INC="$WORK/incremental/cache.db"
  REF="$WORK/reference/cache.db"
  "$CLI" seed --users "$N" --seed "$SEED" --out "$WORK/before" > "$WORK/seed.txt" 2>&1
  "$CLI" seed --mutate "$MUTATE" --from "$WORK/before" --out "$WORK/after" --seed "$SEED" \
    | tee -a "$RESULTS"

  read -r W1 U1 D1 C1 F1 < <(run_all "$WORK/before" "$INC" first "$WORK/first.txt")
  read -r W2 U2 D2 C2 F2 < <(run_all "$WORK/after" "$INC" rerun "$WORK/rerun.txt")
  read -r W3 U3 D3 C3 F3 < <(run_all "$WORK/after" "$REF" reference "$WORK/reference.txt")
  read -r ADDED REMOVED CHANGED SAME < <(diff_counts first reference)
  read -r XA XR XC XS < <(diff_counts rerun reference)
  TOTAL=$((ADDED + CHANGED + SAME))
  BOUND=$((ADDED + CHANGED + TOTAL / 100))

  log "users=$N documents=$TOTAL (reference run)"
  log "  first run:     written $W1, unchanged $U1, deleted $D1; cost \$$C1 (full rewrite \$$F1)"
  log "  rerun:         written $W2, unchanged $U2, deleted $D2; cost \$$C2 (full rewrite \$$F2)"
  log "  reference run: written $W3, unchanged $U3, deleted $D3"
  log "  content changed or new (first -> reference manifests): $((ADDED + CHANGED)); vanished: $REMOVED"
  check "first run into an empty store deletes 0" $((D1 == 0)) "deleted $D1"
  check "rerun writes <= changed + 1% of documents" $((W2 <= BOUND)) "$W2 <= $BOUND"
  check "rerun deletes exactly the vanished keys" $((D2 == REMOVED)) "$D2 == $REMOVED"
  check "rerun's store lists the reference's keys and hashes" $((XA + XR + XC == 0)) \
    "added $XA, removed $XR, changed $XC"
  [[ "${KEEP:-0}" == 1 ]] || rm -rf "$WORK/before" "$WORK/after" "$WORK/incremental" "$WORK/reference"
done
exit "$FAILED"
