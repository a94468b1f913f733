#!/usr/bin/env bash
# SQLite store layouts side by side: the same documents (key order, 500 per transaction, as a
# run's writer sends them) into each layout, twice, printing seconds and file size per run and
# each layout's time over the first's. Run it alone on the machine.
#
#   bench/store/run.sh                      # 400,000 documents, layouts first,rowid16k
#   DOCUMENTS=100000 LAYOUTS=first,rowid,first16k,rowid16k,rowid-random bench/store/run.sh
#
# Layouts: a name starting with "rowid" is a rowid table with a UNIQUE key (the store's layout
# since 2026-12-02, with 16 KiB pages); any other is the store's first layout (key TEXT PRIMARY
# KEY ... WITHOUT ROWID; "current" in the runs recorded before the change). "16k" (any number)
# sets the page size, "cache256m" (any number) SQLite's page cache (default 2 MiB), "txn20000" (any
# number) the upserts per transaction (default 500), and "random" sends the keys in a random order
# instead of key order.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/bench/store/out"
DOCUMENTS="${DOCUMENTS:-400000}"
LAYOUTS="${LAYOUTS:-first,rowid16k}"
mkdir -p "$OUT"
# The sqlite-jdbc the store uses (the root pom's version), from the local Maven repository.
version=$(sed -n 's:.*<sqlite-jdbc.version>\(.*\)</sqlite-jdbc.version>.*:\1:p' "$ROOT/pom.xml")
jar="$HOME/.m2/repository/org/xerial/sqlite-jdbc/$version/sqlite-jdbc-$version.jar"
[[ -f "$jar" ]] || (cd "$ROOT" && mvn -B -q dependency:get -Dartifact="org.xerial:sqlite-jdbc:$version")
echo "# $(date -u +%FT%TZ) documents=$DOCUMENTS layouts=$LAYOUTS $(basename "$jar")" \
  "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/results.txt"
java -cp "$jar" "$ROOT/bench/store/SqliteLayoutBench.java" "$DOCUMENTS" "$OUT/db" "$LAYOUTS" \
  | tee -a "$OUT/results.txt" | awk '
    { print }
    /^repeat=1/ { split($2, l, "="); split($4, s, "="); t[l[2]] = s[2]; if (!first) first = l[2]; order[++n] = l[2] }
    END { for (i = 1; i <= n; i++) printf "second repeat: %s %.2fx the time of %s\n", order[i], t[order[i]] / t[first], first }'
rm -rf "$OUT/db"
