#!/usr/bin/env bash
# The newcomer's first run: builds what it needs, generates a synthetic data set, runs every job
# into the embedded store (SQLite, no server), and prints a summary and a few sample documents.
# Usage: scripts/run-local.sh [USERS] (default 2000)
#
# The jobs run on the CLI's default runner, Flink embedded in the same JVM (no cluster to start),
# the fastest correct runner on one machine (README, "Which runner, and why"). RUNNER=DirectRunner
# runs them on Beam's checking reference runner instead, which translates each step again for
# each bundle: 26.6 min at 2,000 users, against about a minute here, with the same documents; so
# for checking small worlds only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
USERS="${1:-${USERS:-2000}}"
# Checked before anything is deleted: '--help' or a typo used to empty out/ (the seed, the store,
# its manifests and dead letters) and only then fail in 'precompute seed'.
if [[ "$USERS" == -h || "$USERS" == --help ]]; then
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
  exit 0
fi
# At least 2, seed's own minimum (SeedConfig.MIN_USERS): 1 passed here, out/ was emptied, and
# only then did seed refuse it.
if [[ ! "$USERS" =~ ^[1-9][0-9]*$ ]] || (( USERS < 2 )); then
  echo "error: the user count must be a whole number of at least 2, not '$USERS'" \
       "(usage: scripts/run-local.sh [USERS], default 2000; --help says more)" >&2
  exit 2
fi
scripts/setup.sh run-local
RUNNER="${RUNNER:-FlinkRunner}"
OUT="$ROOT/out"
SEED_DIR="$OUT/seed"
STORE="sqlite:$OUT/cache.db"

echo "== 1/3 generating $USERS synthetic users into $SEED_DIR"
rm -rf "$SEED_DIR" "$OUT/cache.db" "$OUT/cache.db-wal" "$OUT/cache.db-shm" "$OUT/cache.db.state" "$OUT/dead-letters"
scripts/precompute seed --users "$USERS" --seed 42 --out "$SEED_DIR"
AS_OF="$(sed -n 's/.*"anchor" *: *"\([^"]*\)".*/\1/p' "$SEED_DIR/manifest.json" | head -1)"

echo "== 2/3 running every job on the $RUNNER into $STORE (as of ${AS_OF:-now})"
scripts/precompute run all --runner="$RUNNER" --source=files --input="$SEED_DIR" --store="$STORE" \
  ${AS_OF:+--as-of="$AS_OF"}

echo "== 3/3 sample documents"
uid="$(head -1 "$SEED_DIR/users.ndjson" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')"
month="${AS_OF:0:7}"
for key in "user:$uid" "user:$uid:stats" "user:$uid:tokens" "feed:$uid:0" "chats:$uid" \
    "count:users:active=true" ${month:+"analytics:active_users:$month"}; do
  echo "--- $key"
  # A sample, not the document: its first lines, each cut to the terminal's usual width (an
  # analytics sketch is one line of ~2,700 base64 characters).
  scripts/precompute get "$key" --store="$STORE" --payload | head -20 \
    | awk '{ if (length($0) > 100) print substr($0, 1, 82) "... (" length($0) " chars)"; else print }' \
    || true
done
echo
echo "Read any document with: scripts/precompute get KEY --store=$STORE"
