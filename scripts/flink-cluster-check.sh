#!/usr/bin/env bash
# Every job submitted to the standalone Flink cluster, with the bundled jar staged, writes the same
# documents (keys and contentHash) as the same run on embedded Flink.
# Usage: USERS=2000 scripts/flink-cluster-check.sh   (exit 0: same documents; 1: not, or a run failed)
#        CLUSTER_ARGS="--useDataStreamForBatch=false" scripts/flink-cluster-check.sh   (options for
#        the cluster run only, split on spaces)
# Starts the cluster (scripts/flink-cluster.sh, with its FLINK_* settings) unless it is running, and
# then stops it at the end. Data, stores and logs go under OUT (default out/flink-check).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/flink/lib.sh"

prepare_reference
ensure_cluster
db="$OUT/cluster-$USERS.db"
rm -rf "$db" "$db"-wal "$db"-shm "$db".state
log "every job on the cluster into $db"
started="$(now_ms)"
status=0
# shellcheck disable=SC2086 # CLUSTER_ARGS is a list of options
run_all "$db" cluster "$OUT/cluster-$USERS.log" --flinkMaster="$MASTER" ${CLUSTER_ARGS:-} || status=$?
elapsed="$(seconds_since "$started")"
if [[ "$status" -ne 0 ]]; then
  error_lines "$OUT/cluster-$USERS.log" >&2
  echo "FAILED: the cluster run exited $status after $elapsed s (log $OUT/cluster-$USERS.log)"
  exit 1
fi
comparison="$(same_documents "$db")" && same=yes || same=no
cat <<EOF
cluster check, $USERS users, as of $(as_of), Flink at $MASTER ($(machine_load))
  cluster run: exit 0 in $elapsed s; $(grep -E '^ +documents written' "$OUT/cluster-$USERS.log" | sed 's/^ *//')
  against embedded Flink: $comparison
  same documents: $same
EOF
[[ "$same" == yes ]]
