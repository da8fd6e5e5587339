#!/usr/bin/env bash
# Submits the job jar to the local Flink cluster (scripts/cluster.sh) with the flink client.
# The job reads its settings from the environment here (README, Settings); defaults point at the
# local Kafka broker and PostgreSQL. Extra arguments go to `flink run` (e.g. -s <savepoint>).
#   scripts/submit.sh [flink run options]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/flink/env.sh
JAR=$ROOT/flink-job/target/revguard-job-thin.jar   # without Flink: the cluster has it
[[ -f $JAR ]] || mvn -B -q -DskipTests package
export KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
export DATABASE_USER=${DATABASE_USER:-postgres}
export CHECKPOINT_DIR=${CHECKPOINT_DIR:-file://$FLINK_HOME/checkpoints}
export PARALLELISM=${PARALLELISM:-2}
scripts/flink.sh run -d "$@" "$JAR"
