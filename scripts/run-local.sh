#!/usr/bin/env bash
# The newcomer's first run: builds what it needs, generates a synthetic data set, runs every job
# on the DirectRunner into the embedded store (SQLite, no server), and prints a summary and a few
# sample documents. Usage: scripts/run-local.sh [USERS] (default 10000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
USERS="${1:-${USERS:-10000}}"
OUT="$ROOT/out"
SEED_DIR="$OUT/seed"
STORE="sqlite:$OUT/cache.db"

echo "== 1/3 generating $USERS synthetic users into $SEED_DIR"
rm -rf "$SEED_DIR" "$OUT/cache.db" "$OUT/cache.db-wal" "$OUT/cache.db-shm" "$OUT/dead-letters"
scripts/precompute seed --users "$USERS" --seed 42 --out "$SEED_DIR"
AS_OF="$(sed -n 's/.*"anchor" *: *"\([^"]*\)".*/\1/p' "$SEED_DIR/manifest.json" | head -1)"

echo "== 2/3 running every job on the DirectRunner into $STORE (as of ${AS_OF:-now})"
scripts/precompute run all --source=files --input="$SEED_DIR" --store="$STORE" ${AS_OF:+--as-of="$AS_OF"}

echo "== 3/3 sample documents"
uid="$(head -1 "$SEED_DIR/users.ndjson" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')"
for key in "user:$uid" "user:$uid:stats" "user:$uid:tokens" "feed:$uid:0"; do
  echo "--- $key"
  scripts/precompute get "$key" --store="$STORE" --payload | head -25 || true
done
echo
echo "Read any document with: scripts/precompute get KEY --store=$STORE"
