#!/usr/bin/env bash
# Runs the revguard job on this machine: the local PostgreSQL, a local single-node Kafka broker
# (started from Maven Central jars when KAFKA_BOOTSTRAP_SERVERS is not set), and the job on its
# embedded Flink MiniCluster. Ctrl-C stops the job and the broker it started; state is kept in
# revguard-data/ so the next run resumes where this one stopped.
#   scripts/run-job-local.sh [job flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
JAR=flink-job/target/revguard-job.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests package

started_kafka=0
if [[ -z ${KAFKA_BOOTSTRAP_SERVERS:-} ]]; then
  if ! scripts/kafka-local.sh status >/dev/null 2>&1; then
    scripts/kafka-local.sh start
    started_kafka=1
  fi
  export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:${KAFKA_PORT:-9092}
fi
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
export DATABASE_USER=${DATABASE_USER:-postgres}
export CHECKPOINT_DIR=${CHECKPOINT_DIR:-file://$PWD/revguard-data/checkpoints}

job_pid=
cleanup() {
  [[ -n $job_pid ]] && kill "$job_pid" 2>/dev/null && wait "$job_pid" 2>/dev/null
  [[ $started_kafka == 1 ]] && scripts/kafka-local.sh stop
  return 0
}
trap cleanup EXIT INT TERM
java -Xmx1g -Dlog4j2.configurationFile="$PWD/scripts/log4j2-quiet.properties" -jar "$JAR" "$@" &
job_pid=$!
wait "$job_pid"
