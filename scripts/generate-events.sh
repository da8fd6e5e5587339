#!/usr/bin/env bash
# Produces realistic PostHog events to Kafka (live, or history with --start); --help lists the options.
#   scripts/generate-events.sh --rate 300 --scenario domain-degrades
#   scripts/generate-events.sh --start 2026-11-01T00:00:00Z --duration 6h --rate 500
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=flink-job/target/revguard-job.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests package
exec java -Xmx256m -Dlog4j2.configurationFile="$PWD/scripts/log4j2-quiet.properties" \
  -cp "$JAR" dev.revguard.job.tools.GenerateEvents "$@"
