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

JOB=
for _ in $(seq 1 120); do
  JOB=$(curl -sf "$REST/jobs/overview" | grep -o '"jid":"[0-9a-f]*","name":"revguard"[^}]*"state":"\(RUNNING\|CREATED\|INITIALIZING\)"' \
    | head -1 | sed 's/"jid":"\([0-9a-f]*\)".*/\1/') || true
  [[ -n $JOB ]] && break
  if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
[[ -n $JOB ]] || { echo "replay: the job did not start; see the log" >&2; exit 1; }
last=0 lastTime=$(date +%s)
while :; do
  state=$(job_state "$REST" "$JOB" || echo GONE)
  detail=$(curl -sf "$REST/jobs/$JOB" || true)
  read_records=$(grep -o '"write-records":[0-9]*' <<<"$detail" | head -1 | cut -d: -f2 || true)
  vertex=$(grep -o '"id":"[0-9a-f]*","slotSharingGroupId":"[^"]*","name":"count outcomes[^"]*"' <<<"$detail" \
           | head -1 | cut -d'"' -f4 || true)
  wm=
  if [[ -n $vertex ]]; then
    wm=$(curl -sf "$REST/jobs/$JOB/vertices/$vertex/watermarks" | grep -o '"value":"-\?[0-9]*"' | cut -d'"' -f4 \
         | sort -n | head -1 || true)
  fi
  now=$(date +%s)
  rate=$(( (${read_records:-0} - last) / (now - lastTime > 0 ? now - lastTime : 1) ))
  pos=-
  if [[ -n $wm && $wm -gt 0 ]]; then pos=$(date -u -d "@$((wm / 1000))" +%Y-%m-%dT%H:%M:%SZ); fi
  echo "replay: ${state:-?}, ${read_records:-0} records read, $rate/s, event time reached $pos"
  last=${read_records:-0}; lastTime=$now
  [[ $state == FINISHED || $state == GONE ]] && break
  [[ $state == FAILED || $state == CANCELED ]] && { echo "replay: job $state" >&2; exit 1; }
  sleep 5
done
[[ -n $pid ]] && wait "$pid" 2>/dev/null || true
echo "replay: done"
