#!/usr/bin/env bash
# Freshness benchmark (not a test): the job (standalone, parallelism 2, RocksDB, exactly-once), the query
# service (gauge cache on as shipped) and the event generator at a fixed rate, with a probe that appends
# one marked event a second (a sending domain never seen before) and polls /api/v1/risk until it is
# visible. Prints p50 / p99 / max of append -> visible, and whether the job kept up (its own records
# read against the topics' end).
#   scripts/bench-freshness.sh [--rate 20000] [--duration 300]
# Uses a local Kafka broker (scripts/kafka-local.sh, started for the run when not running), new topics
# and a throw-away schema of DATABASE_URL (default jdbc:postgresql://127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RATE=20000
DURATION=300
while [[ $# -gt 0 ]]; do
  case $1 in
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "bench-freshness: unknown argument $1" >&2; exit 2 ;;
  esac
done
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
export DATABASE_USER=${DATABASE_USER:-postgres}
RUN=fresh$(date +%s)
export DATABASE_SCHEMA=bench_$RUN
export KAFKA_TOPIC_POSTHOG=$RUN-posthog
export KAFKA_TOPIC_PROVIDERS=$RUN-providers
DIR=$ROOT/.local/bench-freshness/$RUN
mkdir -p "$DIR"
scripts/ensure-postgres.sh
JOB_JAR=flink-job/target/revguard-job.jar
QUERY_JAR=query-service/target/revguard-query.jar
[[ -f $JOB_JAR && -f $QUERY_JAR ]] || mvn -B -q -DskipTests package
QUIET=-Dlog4j2.configurationFile=$ROOT/scripts/log4j2-quiet.properties
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
API_PORT=$(free_port)
METRICS_PORT=$(free_port)
REST_PORT=$(free_port)
TOKEN=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)

pids=()
started_kafka=0
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $started_kafka == 1 ]]; then scripts/kafka-local.sh stop >/dev/null; fi
  DB_NAME=${DATABASE_URL##*/}; DB_NAME=${DB_NAME%%\?*}
  psql -q -h 127.0.0.1 -U "$DATABASE_USER" -d "$DB_NAME" -c "DROP SCHEMA IF EXISTS $DATABASE_SCHEMA CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if ! scripts/kafka-local.sh status >/dev/null 2>&1; then
  scripts/kafka-local.sh start >/dev/null
  started_kafka=1
fi
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:${KAFKA_PORT:-9092}

echo "bench-freshness: $RATE events/s for $DURATION s on $(nproc) cores; logs in $DIR"
KAFKA_GROUP_ID=$RUN CHECKPOINT_DIR=file://$DIR/checkpoints PARALLELISM=2 METRICS_PORT=$METRICS_PORT FLINK_REST_PORT=$REST_PORT \
  java -Xms1g -Xmx2g -Xlog:gc:file="$DIR/job-gc.log":uptime,time "$QUIET" -jar "$JOB_JAR" > "$DIR/job.log" 2>&1 &
pids+=($!)
PORT=$API_PORT API_TOKENS="bench:viewer:$HASH" java -Xmx512m "$QUIET" -jar "$QUERY_JAR" > "$DIR/query.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$API_PORT/health" >/dev/null && curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" >/dev/null && break
  sleep 0.5
done
GENERATOR_HEAP=1g scripts/generate-events.sh --rate "$RATE" --duration "$((DURATION + 5))s" --topic "$KAFKA_TOPIC_POSTHOG" \
  > "$DIR/generator.log" 2>&1 &
pids+=($!)
sleep 5 # the generator reaches its rate; the job's first checkpoint
java -Xmx256m "$QUIET" -cp "$JOB_JAR" dev.revguard.job.bench.FreshnessProbe "$KAFKA_BOOTSTRAP_SERVERS" \
  "$KAFKA_TOPIC_POSTHOG,$KAFKA_TOPIC_PROVIDERS" "http://127.0.0.1:$API_PORT" "$TOKEN" \
  "http://127.0.0.1:$METRICS_PORT/metrics" "$DURATION" | tee "$DIR/probe.log"
# Checkpoints of the run (Flink's REST API), to set beside the slow probes' times.
curl -s "http://127.0.0.1:$REST_PORT/jobs/overview" | python3 -c '
import json, sys, urllib.request, datetime
job = json.load(sys.stdin)["jobs"][0]["jid"]
h = json.load(urllib.request.urlopen(sys.argv[1] + "/jobs/" + job + "/checkpoints"))
rows = sorted(h.get("history", []), key=lambda c: c["trigger_timestamp"])
print("bench-freshness: checkpoints (trigger time UTC, end-to-end ms, size):", ", ".join(
    "%s %d ms %d KB" % (datetime.datetime.utcfromtimestamp(c["trigger_timestamp"] / 1000).strftime("%H:%M:%S"),
                         c["end_to_end_duration"], c["state_size"] // 1024) for c in rows[-12:]))
last = [c for c in rows if c["status"] == "COMPLETED"][-1]
vertices = {v["id"]: v["name"] for v in json.load(urllib.request.urlopen(sys.argv[1] + "/jobs/" + job))["vertices"]}
parts = []
for vid, name in vertices.items():
    d = json.load(urllib.request.urlopen("%s/jobs/%s/checkpoints/details/%d/subtasks/%s" % (sys.argv[1], job, last["id"], vid)))
    m = d["summary"]
    parts.append("%s: start delay %d, alignment %d, sync %d, async %d ms" % (name[:40], m["start_delay"]["max"],
        m["alignment"]["duration"]["max"], m["checkpoint_duration"]["sync"]["max"], m["checkpoint_duration"]["async"]["max"]))
print("bench-freshness: the last checkpoint per operator (max over subtasks):\n  " + "\n  ".join(parts))
' "http://127.0.0.1:$REST_PORT" || echo "bench-freshness: no checkpoint history from the job's REST API"
echo "bench-freshness: generator: $(tail -1 "$DIR/generator.log")"
echo "bench-freshness: job GC pauses over 100 ms: $(grep -cE 'Pause.* [0-9]{3,}\.[0-9]+ms' "$DIR/job-gc.log" || true), longest $(grep -oE '[0-9]+\.[0-9]+ms$' "$DIR/job-gc.log" | sort -n | tail -1)"
