#!/usr/bin/env bash
# Replays history from Kafka into the same tables, without paging anyone: the job starts fresh
# (no restored state, its own consumer group) from the offsets at --from, stops at --to (or at the
# offsets that are the latest when it starts), in replay mode (alerts recorded, no webhooks).
# Prints progress with events/s and the event time reached.
#   scripts/replay.sh --from 2026-11-01T00:00:00Z [--to 2026-11-02T00:00:00Z] [--target standalone|cluster]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/flink/rest.sh
FROM= TO= TARGET=standalone
while [[ $# -gt 0 ]]; do
  case $1 in
    --from) FROM=$2; shift 2 ;; --to) TO=$2; shift 2 ;; --target) TARGET=$2; shift 2 ;;
    *) echo "replay: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n $FROM ]] || { echo "usage: scripts/replay.sh --from <ISO time> [--to <ISO time>] [--target standalone|cluster]" >&2; exit 2; }
STAMP=$(date +%s)
export KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
export DATABASE_USER=${DATABASE_USER:-postgres}
export KAFKA_STARTING_OFFSETS=$FROM KAFKA_GROUP_ID=revguard-replay-$STAMP REPLAY=true RESUME=false
export CHECKPOINT_DIR=${REPLAY_CHECKPOINT_DIR:-file://$ROOT/revguard-data/replay-$STAMP}
if [[ -n $TO ]]; then export KAFKA_STOP_AT=$TO; else export KAFKA_BOUNDED=true; fi
REST=$(rest_url "$TARGET")
JAR=$ROOT/flink-job/target/revguard-job.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests package

mkdir -p revguard-data
pid=
if [[ $TARGET == standalone ]]; then
  java -Xmx1g -Dlog4j2.configurationFile="$ROOT/scripts/log4j2-quiet.properties" -jar "$JAR" > "revguard-data/replay-$STAMP.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT INT TERM
  echo "replay: standalone job (log revguard-data/replay-$STAMP.log), from $FROM to ${TO:-the latest offsets}"
else
  scripts/submit.sh >/dev/null
  echo "replay: submitted to the local cluster, from $FROM to ${TO:-the latest offsets}"
fi

# Progress and the closing summary, from Flink's REST answers (as JSON) and PostgreSQL (ReplayProgress).
SINCE=$(date -u +%Y-%m-%dT%H:%M:%SZ -d "@$STAMP")
status=0
java -Xmx128m -cp "$JAR" dev.revguard.job.tools.ReplayProgress --rest "$REST" --since "$SINCE" --every "${REPLAY_PROGRESS_EVERY:-5s}" \
  ${pid:+--pid "$pid"} || status=$?
[[ -n $pid ]] && wait "$pid" 2>/dev/null || true
[[ $status == 0 ]] || { echo "replay: failed (see revguard-data/replay-$STAMP.log)" >&2; exit "$status"; }
echo "replay: done"
