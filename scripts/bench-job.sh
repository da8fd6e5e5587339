#!/usr/bin/env bash
# Throughput benchmark of the job (not a test): N synthetic events in a topic of a real local Kafka
# broker, then in one run (a) a bare consumer that parses them, (b) a minimal Flink window count,
# (c) the real job end to end into PostgreSQL. Prints events/s of each and the ratios c/b and c/a.
# With --mix also the real job on the event generator's history: (p) reported by PostHog alone and
# (m) the same messages spread over SendGrid, Mailgun, SES and PostHog in their real shapes; m/p.
#   scripts/bench-job.sh [--mix] [events]        (default 2000000)
# Uses KAFKA_BOOTSTRAP_SERVERS when set, otherwise starts scripts/kafka-local.sh for the run;
# DATABASE_URL defaults to jdbc:postgresql://127.0.0.1:5432/postgres (a throw-away schema is used).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --mix ]]; then export BENCH_MIX=true; shift; fi
export BENCH_EVENTS=${1:-${BENCH_EVENTS:-2000000}}
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
export DATABASE_USER=${DATABASE_USER:-postgres}

scripts/ensure-postgres.sh
JAR=flink-job/target/revguard-job.jar
if [[ ! -f $JAR ]]; then
  mvn -B -q -DskipTests package
fi

started_kafka=0
if [[ -z ${KAFKA_BOOTSTRAP_SERVERS:-} ]]; then
  if ! scripts/kafka-local.sh status >/dev/null 2>&1; then
    scripts/kafka-local.sh start
    started_kafka=1
  fi
  export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:${KAFKA_PORT:-9092}
fi
cleanup() { if [[ $started_kafka == 1 ]]; then scripts/kafka-local.sh stop; fi; }
trap cleanup EXIT

java -Xms2g -Xmx3g -Dlog4j2.configurationFile="$PWD/scripts/log4j2-quiet.properties" \
  -cp "$JAR" dev.revguard.job.bench.JobBenchmark
