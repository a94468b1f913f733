#!/usr/bin/env bash
# Starts the trial target for run-load.sh: LoadTestServer (serving's test package) writes N
# documents of mixed types to a SQLite file, their keys to a key file, and serves them on
# 127.0.0.1 straight from SQLite (no memory tier) until killed or --max-seconds pass.
#
# Usage: start-trial-server.sh [--keys 5000] [--port 8089] [--token load-test-token]
#                              [--db /tmp/avalo-load.db] [--key-file /tmp/avalo-load-keys.txt]
#                              [--max-seconds 600]
# Builds with Maven (test-compile only; never installs) and runs in the foreground.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl serving/server -am test-compile -DskipTests
# Project modules come from their target/classes, never from a jar in the local repository.
mvn -B -q -pl serving/server -am dependency:build-classpath -DincludeScope=test \
  -DexcludeGroupIds=com.avalo.precompute -Dmdep.outputFile=target/test-classpath.txt >/dev/null
cp_file=serving/server/target/test-classpath.txt
exec java -Xmx1g -cp "serving/server/target/test-classes:serving/server/target/classes:serving/target/classes:schemas/target/classes:$(cat "$cp_file")" \
  com.avalo.precompute.serving.http.LoadTestServer "$@"
