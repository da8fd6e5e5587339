#!/usr/bin/env bash
# Stops the running revguard job with a savepoint and prints the savepoint's path.
#   scripts/savepoint.sh [standalone|cluster|compose]     (default standalone)
# standalone: the job started by run-job-local.sh or demo.sh (REST on FLINK_REST_PORT, 8081);
# cluster: the local cluster of scripts/cluster.sh (8091); compose: docker-compose.yml (8081).
# SAVEPOINT_DIR overrides where it is written.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/flink/rest.sh
TARGET=${1:-standalone}
REST=$(rest_url "$TARGET")
case $TARGET in
  standalone) DIR=${SAVEPOINT_DIR:-file://$ROOT/revguard-data/savepoints} ;;
  cluster) DIR=${SAVEPOINT_DIR:-file://${FLINK_HOME:-$ROOT/.local/flink}/savepoints} ;;
  compose) DIR=${SAVEPOINT_DIR:-file:///flink/savepoints} ;;
esac
JOB=$(running_job "$REST") || true
[[ -n ${JOB:-} ]] || { echo "savepoint: no running revguard job at $REST" >&2; exit 1; }
echo "savepoint: stopping job $JOB at $REST with a savepoint in $DIR" >&2
TRIGGER=$(curl -sf -X POST "$REST/jobs/$JOB/stop" -H 'Content-Type: application/json' \
  -d "{\"targetDirectory\":\"$DIR\",\"drain\":false}" | sed -n 's/.*"request-id":"\([^"]*\)".*/\1/p')
for _ in $(seq 1 300); do
  STATUS=$(curl -sf "$REST/jobs/$JOB/savepoints/$TRIGGER" || true)
  if grep -q '"id":"COMPLETED"' <<<"$STATUS"; then
    LOCATION=$(sed -n 's/.*"location":"\([^"]*\)".*/\1/p' <<<"$STATUS")
    if [[ -z $LOCATION ]]; then
      echo "savepoint: failed: $(sed -n 's/.*"failure-cause":{"class":"\([^"]*\)".*/\1/p' <<<"$STATUS")" >&2
      exit 1
    fi
    local_path=$(printf %s "${LOCATION#file:}" | sed "s|^/*|/|")
    if [[ -d $local_path ]]; then
      echo "savepoint: written to $LOCATION: $(du -sh "$local_path" | cut -f1) in $(find "$local_path" -type f | wc -l) files;" \
        "restore it with scripts/restore.sh --target $TARGET $LOCATION" >&2
    else
      echo "savepoint: written to $LOCATION; restore it with scripts/restore.sh --target $TARGET $LOCATION" >&2
    fi
    echo "$LOCATION"
    exit 0
  fi
  sleep 1
done
echo "savepoint: no answer within 300 s" >&2
exit 1
