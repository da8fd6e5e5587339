#!/usr/bin/env bash
# Generates email traffic as its sources report it: PostHog events (default) or SendGrid, Mailgun and
# SES webhook events (--source, or mixed) to Kafka, live or as history (--start); or signed POSTs to
# the revguard HTTP intake as each sender makes them (--via-intake). --help lists the options.
#   scripts/generate-events.sh --rate 300 --scenario domain-degrades
#   scripts/generate-events.sh --start 2026-11-01T00:00:00Z --duration 6h --rate 500 --seed 7
#   scripts/generate-events.sh --source mixed --scenario spam-spike      # PostHog + the three providers
#   scripts/generate-events.sh --write-keys-only --keys-dir .local/keys  # then: env $(cat .local/keys/intake.env) <intake>
#   scripts/generate-events.sh --source mixed --via-intake http://127.0.0.1:7070 --keys-dir .local/keys
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=flink-job/target/revguard-job.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests package
exec java -Xmx${GENERATOR_HEAP:-256m} -Dlog4j2.configurationFile="$PWD/scripts/log4j2-quiet.properties" \
  -cp "$JAR" dev.revguard.job.tools.GenerateEvents "$@"
