#!/usr/bin/env bash
# Proves that a new version of the job restores a savepoint of the old one without losing or
# doubling anything: the old jar counts 3 minutes of generated history and stops with a savepoint,
# the new jar restores it and counts 3 more minutes; a fresh run of the new jar counts all 6 in a
# schema of its own; every minute, hourly and daily row and every snapshot must be the same in both.
#   scripts/upgrade-check.sh OLD_JAR [NEW_JAR]     (NEW_JAR: flink-job/target/revguard-job.jar)
# Uses the local PostgreSQL (database test, schemas up_upgraded and up_fresh, dropped first) and
# the local Kafka broker (started when not running), a topic of its own, REST ports 8189 and 8190.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OLD=${1:?usage: scripts/upgrade-check.sh OLD_JAR [NEW_JAR]}
NEW=${2:-$ROOT/flink-job/target/revguard-job.jar}
W=$ROOT/.local/upgrade-check; rm -rf "$W"; mkdir -p "$W"
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:${KAFKA_PORT:-9092}
export DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test DATABASE_USER=postgres
TOPIC=upgrade-check-$$
QUIET=-Dlog4j2.configurationFile=$ROOT/scripts/log4j2-quiet.properties
sql() { psql -h 127.0.0.1 -U postgres -d test -At -c "$1"; }
pids=(); started_kafka=0
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do for _ in $(seq 1 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done; done
  [[ $started_kafka == 1 ]] && scripts/kafka-local.sh stop >/dev/null
  return 0
}
trap cleanup EXIT
scripts/ensure-postgres.sh
sql "DROP SCHEMA IF EXISTS up_upgraded CASCADE; DROP SCHEMA IF EXISTS up_fresh CASCADE" >/dev/null 2>&1
if ! scripts/kafka-local.sh status >/dev/null 2>&1; then scripts/kafka-local.sh start; started_kafka=1; fi

generate() { # start duration rate
  java -Xmx256m "$QUIET" -cp "$NEW" dev.revguard.job.tools.GenerateEvents --topic "$TOPIC" --start "$1" \
    --duration "$2" --rate "$3" --scenario domain-degrades | tail -1
}
start_job() { # jar schema rest-port [VAR=value...]
  local jar=$1 schema=$2 port=$3; shift 3
  env DATABASE_SCHEMA="$schema" KAFKA_TOPIC_POSTHOG="$TOPIC" CHECKPOINT_DIR="file://$W/checkpoints-$schema" \
    FLINK_REST_PORT="$port" CHECKPOINT_INTERVAL=2s PARALLELISM=2 MANAGED_MEMORY=256m KAFKA_GROUP_ID="up-$schema" "$@" \
    java -Xmx768m "$QUIET" -jar "$jar" > "$W/$schema-$port.log" 2>&1 &
  pids+=($!)
}
await_final_minutes() { # schema count
  local n=0
  for _ in $(seq 1 180); do
    n=$(sql "SELECT count(*) FROM $1.deliverability_window WHERE dimension = 'all' AND is_final" 2>/dev/null || echo 0)
    [[ ${n:-0} -ge $2 ]] && return 0
    sleep 1
  done
  echo "upgrade-check: $1 has $n final minutes after 180 s, expected $2 (see $W)" >&2; exit 1
}

echo "upgrade-check: old jar $OLD, new jar $NEW"
echo "  first half:  $(generate 2026-11-30T20:00:00Z 3m 300)"
start_job "$OLD" up_upgraded 8189
await_final_minutes up_upgraded 2
sleep 5
SP=$(FLINK_REST_PORT=8189 SAVEPOINT_DIR="file://$W/savepoints" scripts/savepoint.sh standalone 2>"$W/savepoint.log")
echo "  savepoint of the old jar: $SP"
for _ in $(seq 1 60); do kill -0 "${pids[0]}" 2>/dev/null || break; sleep 0.5; done
echo "  second half: $(generate 2026-11-30T20:03:00Z 3m 300)"
echo "  later events (they move the watermark past the last minutes): $(generate 2026-11-30T20:08:00Z 20s 50)"
start_job "$NEW" up_upgraded 8189 RESTORE_FROM="$SP"
start_job "$NEW" up_fresh 8190
await_final_minutes up_upgraded 7
await_final_minutes up_fresh 7
sleep 10
grep -q "Restoring state from" "$W/up_upgraded-8189.log" || { echo "upgrade-check: the new jar did not restore" >&2; exit 1; }

COLS="dimension, dimension_value, window_start, sent, delivered, bounced, soft_bounced, deferred, dropped, spam_complaints, is_final"
failed=0
for t in deliverability_window deliverability_hourly deliverability_daily; do
  differing=$(sql "SELECT count(*) FROM ((SELECT $COLS FROM up_upgraded.$t EXCEPT SELECT $COLS FROM up_fresh.$t)
    UNION ALL (SELECT $COLS FROM up_fresh.$t EXCEPT SELECT $COLS FROM up_upgraded.$t)) d")
  summary=$(sql "SELECT count(*) || ' rows, ' || coalesce(sum(sent + delivered + bounced + soft_bounced + deferred + dropped
    + spam_complaints) FILTER (WHERE dimension = 'all'), 0) || ' outcomes' FROM up_upgraded.$t")
  echo "  $t: $summary; rows differing from the fresh run: $differing"
  [[ $differing == 0 ]] || failed=1
done
S="dimension, dimension_value, window_from, evaluated_at, sent, delivered, bounced, spam_complaints, severity, revenue_risk_usd"
differing=$(sql "SELECT count(*) FROM ((SELECT $S FROM up_upgraded.risk_snapshot EXCEPT SELECT $S FROM up_fresh.risk_snapshot)
  UNION ALL (SELECT $S FROM up_fresh.risk_snapshot EXCEPT SELECT $S FROM up_upgraded.risk_snapshot)) d")
echo "  risk_snapshot: $(sql "SELECT count(*) FROM up_upgraded.risk_snapshot") rows; differing: $differing"
[[ $differing == 0 ]] || failed=1
[[ $failed == 0 ]] && echo "upgrade-check: the restored run equals the fresh run" || { echo "upgrade-check: FAILED" >&2; exit 1; }
