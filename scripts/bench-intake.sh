#!/usr/bin/env bash
# Load benchmark of the webhook intake (not a test): the query-service jar as an intake-only
# instance (SERVICE_ROLES=intake) writing a real local Kafka broker, then signed SendGrid batches of
# 100 events and single PostHog webhook bodies from N connections in a closed loop. Prints
# requests/s, events/s and p50/p99/max latency per route.
#   scripts/bench-intake.sh [seconds per route] [connections]      (default 20 s, 16 connections)
# Uses KAFKA_BOOTSTRAP_SERVERS when set, otherwise starts scripts/kafka-local.sh for the run;
# DATABASE_URL defaults to jdbc:postgresql://127.0.0.1:5432/postgres (schema bench_intake). Port 7095.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_ROUTE=${1:-20}
CONNECTIONS=${2:-16}
PORT=${BENCH_INTAKE_PORT:-7095}
W=$ROOT/.local/bench-intake; mkdir -p "$W"
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
export DATABASE_USER=${DATABASE_USER:-postgres}
QUIET=-Dlog4j2.configurationFile=$ROOT/scripts/log4j2-quiet.properties

scripts/ensure-postgres.sh
JOB_JAR=flink-job/target/revguard-job.jar QUERY_JAR=query-service/target/revguard-query.jar
if [[ ! -f $JOB_JAR || ! -f $QUERY_JAR ]]; then mvn -B -q -DskipTests package; fi

pids=(); started_kafka=0
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do for _ in $(seq 1 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done; done
  if [[ $started_kafka == 1 ]]; then scripts/kafka-local.sh stop >/dev/null; fi
  return 0
}
trap cleanup EXIT
if [[ -z ${KAFKA_BOOTSTRAP_SERVERS:-} ]]; then
  if ! scripts/kafka-local.sh status >/dev/null 2>&1; then scripts/kafka-local.sh start; started_kafka=1; fi
  export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:${KAFKA_PORT:-9092}
fi

java -Xmx256m "$QUIET" -cp "$JOB_JAR" dev.revguard.job.tools.GenerateEvents --write-keys-only --keys-dir "$W/keys" >/dev/null
env $(cat "$W/keys/intake.env") SERVICE_ROLES=intake PORT=$PORT DATABASE_SCHEMA=bench_intake \
  KAFKA_TOPIC_PROVIDERS=bench-intake-providers KAFKA_TOPIC_POSTHOG=bench-intake-posthog \
  java -Xmx512m "$QUIET" -jar "$QUERY_JAR" > "$W/intake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/health" >/dev/null || { echo "bench-intake: the intake did not start (see $W/intake.log)" >&2; exit 1; }

java -Xmx512m "$QUIET" -cp "$JOB_JAR" dev.revguard.job.bench.IntakeBenchmark "http://127.0.0.1:$PORT" "$W/keys" \
  "$SECONDS_PER_ROUTE" "$CONNECTIONS"
