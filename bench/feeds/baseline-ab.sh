#!/usr/bin/env bash
# The naive per-request feeds scan (FeedsBaselineMain) from two builds, interleaved, on one seed:
# tells a change in the scan's code from a change in the machine's speed. Run it alone.
#
#   bench/feeds/baseline-ab.sh TREE_A TREE_B SEED_DIR     # two checkouts (git worktree add ...)
# Environment: SAMPLE (viewers timed, extrapolated to all; 4000), ROUNDS (2), AS_OF.
set -euo pipefail
tree_a="$1"; tree_b="$2"; seed="$3"
SAMPLE="${SAMPLE:-4000}"; ROUNDS="${ROUNDS:-2}"; AS_OF="${AS_OF:-2026-11-23T00:00:00Z}"

# A tree's own classes first, then its test dependencies without any installed copy of them.
classpath() {
  local tree="$1" file; file=$(mktemp)
  (cd "$tree" && mvn -B -q -o -pl pipelines -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$file" -Dmdep.includeScope=test) >&2
  local deps; deps=$(tr ':' '\n' < "$file" | grep -v '/com/avalo/precompute/' | paste -sd:)
  rm -f "$file"
  echo "$tree/pipelines/target/test-classes:$tree/pipelines/target/classes:$tree/schemas/target/classes:$tree/serving/target/classes:$deps"
}
cp_a=$(classpath "$tree_a"); cp_b=$(classpath "$tree_b")
for round in $(seq "$ROUNDS"); do
  for which in a b; do
    cp="$cp_a"; tree="$tree_a"
    [[ "$which" == b ]] && cp="$cp_b" && tree="$tree_b"
    echo -n "round $round $(git -C "$tree" rev-parse --short HEAD): "
    java -Xmx10g -cp "$cp" com.avalo.precompute.feeds.FeedsBaselineMain 100000 --input="$seed" \
      --asOf="$AS_OF" --sample="$SAMPLE" | grep '^BENCH'
  done
done
