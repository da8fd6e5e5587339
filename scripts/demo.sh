#!/usr/bin/env bash
# The whole of revguard on this machine: a local Kafka broker (from Maven Central jars), the local
# PostgreSQL, the job on its embedded Flink MiniCluster, the query service with its dashboard and
# webhook intake, a webhook receiver that prints the alerts it gets, and generated traffic of all
# four sources (SendGrid batches, Mailgun bodies, SES via SNS, PostHog webhooks, signed and POSTed to
# the intake) in which one sending domain goes from healthy to critical and recovers. Ctrl-C stops
# everything it started.
#   scripts/demo.sh [--duration SECONDS]      (default: until Ctrl-C)
# Settings: DEMO_PORT (7070), DEMO_TOKEN (random), DEMO_RATE (events/s, 300), DATABASE_URL,
# DEMO_PROMETHEUS_PORT (9190), DEMO_NODE_EXPORTER_PORT (9110), DEMO_REPORT_AFTER (seconds before the
# executive report of the demo so far is made, 180).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --duration=*) DURATION=${1#*=}; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "demo: unknown argument $1" >&2; exit 2 ;;
  esac
done
PORT=${DEMO_PORT:-7070}
RECEIVER_PORT=${DEMO_RECEIVER_PORT:-9099}
RATE=${DEMO_RATE:-300}
TOKEN=${DEMO_TOKEN:-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')}
SECRET="whsec_$(head -c 24 /dev/urandom | base64)"
DEMO=$ROOT/.local/demo
mkdir -p "$DEMO"
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
export DATABASE_USER=${DATABASE_USER:-postgres}
export DATABASE_SCHEMA=${DATABASE_SCHEMA:-revguard_demo}

say() { printf '\033[1mdemo:\033[0m %s\n' "$*"; }

if ! scripts/ensure-postgres.sh; then
  echo "demo: set DATABASE_URL to a PostgreSQL 15+ database (jdbc:postgresql://host:5432/db) and run again." >&2
  exit 1
fi
if [[ ! -f flink-job/target/revguard-job.jar || ! -f query-service/target/revguard-query.jar ]]; then
  say "building (mvn -DskipTests package) ..."
  mvn -B -q -DskipTests package
fi
JOB_JAR=$ROOT/flink-job/target/revguard-job.jar
QUERY_JAR=$ROOT/query-service/target/revguard-query.jar

KEYS=$DEMO/intake-keys
pids=()
started_kafka=0
cleanup() {
  trap - EXIT INT TERM
  say "stopping ..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ $started_kafka == 1 ]]; then scripts/kafka-local.sh stop >/dev/null; fi
  say "stopped; state is kept in .local/ for the next run"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! scripts/kafka-local.sh status >/dev/null 2>&1; then
  scripts/kafka-local.sh start
  started_kafka=1
fi
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:${KAFKA_PORT:-9092}
QUIET=-Dlog4j2.configurationFile=$ROOT/scripts/log4j2-quiet.properties

say "webhook receiver on 127.0.0.1:$RECEIVER_PORT"
ALERT_WEBHOOK_SECRET=$SECRET java -Xmx64m -cp "$JOB_JAR" dev.revguard.job.tools.WebhookPrinter "$RECEIVER_PORT" &
pids+=($!)

# The intake's keys (SendGrid key pair, Mailgun signing key, SNS certificate, PostHog token), made
# once; the generator signs with them as each provider does, the intake verifies with intake.env.
scripts/generate-events.sh --write-keys-only --keys-dir "$KEYS" >/dev/null
MAILGUN_KEY=$(sed -n 's/^MAILGUN_WEBHOOK_SIGNING_KEY=//p' "$KEYS/intake.env")

say "job on an embedded Flink MiniCluster (log: .local/demo/job.log)"
MAILGUN_WEBHOOK_SIGNING_KEY=$MAILGUN_KEY ALERT_WEBHOOK_URLS=http://127.0.0.1:$RECEIVER_PORT/hook ALERT_WEBHOOK_SECRET=$SECRET \
  DASHBOARD_URL=http://127.0.0.1:$PORT CHECKPOINT_DIR=file://$DEMO/checkpoints-$DATABASE_SCHEMA CHECKPOINT_INTERVAL=5s \
  KAFKA_GROUP_ID=revguard-demo EVALUATION_WINDOW=1m ALERT_HOLD=1m PARALLELISM=2 MANAGED_MEMORY=256m \
  java -Xmx768m "$QUIET" -jar "$JOB_JAR" > "$DEMO/job.log" 2>&1 &
pids+=($!)

# VPS utilization from a real Prometheus scraping this machine's node exporter, when both are installed
# (Debian: apt-get install prometheus prometheus-node-exporter); otherwise the panel says unavailable.
NODE_PORT=${DEMO_NODE_EXPORTER_PORT:-9110}
PROM_PORT=${DEMO_PROMETHEUS_PORT:-9190}
metrics_instance=NULL
if command -v prometheus >/dev/null && command -v prometheus-node-exporter >/dev/null; then
  mkdir -p "$DEMO/prometheus"
  cat > "$DEMO/prometheus.yml" <<YML
global: {scrape_interval: 5s, evaluation_interval: 5s}
scrape_configs:
  - job_name: node
    static_configs: [{targets: ['127.0.0.1:$NODE_PORT']}]
YML
  prometheus-node-exporter --web.listen-address=127.0.0.1:$NODE_PORT > "$DEMO/node-exporter.log" 2>&1 &
  pids+=($!)
  prometheus --config.file="$DEMO/prometheus.yml" --storage.tsdb.path="$DEMO/prometheus" \
    --web.listen-address=127.0.0.1:$PROM_PORT > "$DEMO/prometheus.log" 2>&1 &
  pids+=($!)
  export PROMETHEUS_URL=http://127.0.0.1:$PROM_PORT
  metrics_instance="'127.0.0.1:$NODE_PORT'"
  say "Prometheus on 127.0.0.1:$PROM_PORT scraping the node exporter on 127.0.0.1:$NODE_PORT (VPS mta-1)"
else
  say "no prometheus/prometheus-node-exporter installed: VPS utilization will read 'unavailable'"
fi

HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
say "query service and webhook intake on 127.0.0.1:$PORT (log: .local/demo/query.log)"
env $(cat "$KEYS/intake.env") PORT=$PORT API_TOKENS="demo:operator:$HASH" PANEL_CACHE_MILLIS=2000 java -Xmx256m "$QUIET" -jar "$QUERY_JAR" > "$DEMO/query.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done

# Sample SMTP IPs, VPSs and subscriptions matching the generated traffic (the schema is migrated by now).
DB_NAME=${DATABASE_URL##*/}; DB_NAME=${DB_NAME%%\?*}
psql -q -h 127.0.0.1 -U "$DATABASE_USER" -d "$DB_NAME" -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET search_path TO $DATABASE_SCHEMA;
\\i $ROOT/scripts/demo-data.sql
UPDATE vps_instances SET metrics_instance = $metrics_instance WHERE instance_id = 'vps-mta-1';
SQL
say "sample rows loaded: 12 SMTP IPs, 3 VPSs, 41 subscriptions (scripts/demo-data.sql)"

say "traffic: $RATE events/s of SendGrid, Mailgun, SES and PostHog through the intake; mail.degrading.example degrades over 4 minutes, recovers at minute 6"
scripts/generate-events.sh --source mixed --rate "$RATE" --scenario domain-degrades \
  --via-intake "http://127.0.0.1:$PORT" --keys-dir "$KEYS" > "$DEMO/generator.log" 2>&1 &
pids+=($!)

cat <<MSG

  Dashboard:  http://127.0.0.1:$PORT/#token=$TOKEN
  Token:      $TOKEN   (role operator; the dashboard keeps it for the browser session)
  API:        curl -H 'Authorization: Bearer $TOKEN' 'http://127.0.0.1:$PORT/api/v1/risk?dimension=sending_domain&value=mail.degrading.example'
  Intake:     http://127.0.0.1:$PORT/ingest/v1/{sendgrid,mailgun,ses,posthog}   (keys: .local/demo/intake-keys/intake.env)
  Alerts are printed below as [webhook] lines; the generator's progress is in .local/demo/generator.log. Ctrl-C stops everything.

MSG

start=$(date +%s)
REPORT_AFTER=${DEMO_REPORT_AFTER:-180}
report_from=$(date -u -d "@$((start - 3600))" +%Y-%m-%dT%H:%M:%SZ)
reported=
while :; do
  sleep 5
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "a process stopped unexpectedly; see .local/demo/*.log"; tail -5 "$DEMO/job.log" "$DEMO/query.log" >&2; exit 1
    fi
  done
  gauge=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/risk?dimension=sending_domain&value=mail.degrading.example" || true)
  sev=$(printf '%s' "$gauge" | sed -n 's/.*"severity":"\([a-z_]*\)".*/\1/p')
  risk=$(printf '%s' "$gauge" | sed -n 's/.*"revenue_risk_usd":\([0-9.]*\).*/\1/p')
  [[ -n $sev ]] && say "mail.degrading.example: $sev, $(printf "$%.2f" "${risk:-0}") revenue at risk (after $(( $(date +%s) - start )) s)"
  if [[ -z $reported && $(( $(date +%s) - start )) -ge $REPORT_AFTER ]]; then
    reported=yes
    answer=$(curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"from\": \"$report_from\", \"to\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}" "http://127.0.0.1:$PORT/api/v1/reports" || true)
    id=$(printf '%s' "$answer" | sed -n 's/^{"report_id":\([0-9]*\).*/\1/p')
    if [[ -n $id ]]; then
      say "executive report $id (the past hour) made: http://127.0.0.1:$PORT/api/v1/reports/$id.pdf and .html (with the token), or the dashboard's Executive reports panel"
    else
      say "the executive report could not be made: $answer"
    fi
  fi
  if [[ $DURATION != 0 && $(( $(date +%s) - start )) -ge $DURATION ]]; then
    say "ran for $DURATION s"
    exit 0
  fi
done
