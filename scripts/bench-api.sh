#!/usr/bin/env bash
# Throughput and latency of the query service (a benchmark, not a test): wrk against /health and
# /api/v1/risk in one run, with realistic tables (10,000 dimension values in risk_snapshot and a
# week of minute windows for the trend). Prints req/s and p99 of both and their ratio.
#   scripts/bench-api.sh [seconds per run, default 20] [connections, default 64]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNECTIONS=${2:-64}
PORT=${BENCH_API_PORT:-7171}
DB_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
PSQL_DB=${BENCH_PSQL_DB:-postgres}
SCHEMA=bench_api_$$
TOKEN=bench-viewer-token-$$-$RANDOM

scripts/ensure-postgres.sh
command -v wrk >/dev/null || { echo "bench-api: installing wrk"; apt-get install -y -q wrk >/dev/null; }
JAR=query-service/target/revguard-query.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests package

service_pid=
cleanup() {
  [[ -n $service_pid ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  psql -q -h 127.0.0.1 -U postgres -d "$PSQL_DB" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
DATABASE_URL=$DB_URL DATABASE_USER=postgres DATABASE_SCHEMA=$SCHEMA PORT=$PORT API_TOKENS="bench:viewer:$HASH" \
  java -Xmx512m -jar "$JAR" > "target-bench-api.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done

echo "bench-api: seeding $SCHEMA (10,000 sending domains, a week of minute windows)"
psql -q -h 127.0.0.1 -U postgres -d "$PSQL_DB" <<SQL
SET search_path TO $SCHEMA;
INSERT INTO risk_snapshot (dimension, dimension_value, window_from, evaluated_at, sent, delivered, bounced, soft_bounced,
  deferred, dropped, spam_complaints, bounce_rate, spam_rate, deliverability_rate, monthly_volume, revenue_risk_usd,
  severity, policy, updated_at)
SELECT 'sending_domain', 'mail' || i || '.sender.example', now() - interval '15 minutes', now(), 1000 + i % 500, 900,
  i % 97, 3, 2, 1, i % 7, (i % 97) / 1000.0, (i % 7) / 900.0, 0.9, (1000 + i % 500) * 2880.0,
  ((i % 97) / 1000.0 * 0.05 + (i % 7) / 900.0 * 0.25) * (1000 + i % 500) * 2880.0,
  (ARRAY['healthy','monitor','warning','critical','insufficient_data'])[1 + i % 5], 'seed', now()
FROM generate_series(1, 10000) AS i;
INSERT INTO risk_snapshot SELECT 'all', 'all', window_from, evaluated_at, sent, delivered, bounced, soft_bounced, deferred,
  dropped, spam_complaints, bounce_rate, spam_rate, deliverability_rate, monthly_volume, revenue_risk_usd, severity, policy,
  updated_at FROM risk_snapshot WHERE dimension_value = 'mail5000.sender.example';
INSERT INTO deliverability_window (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
  soft_bounced, deferred, dropped, spam_complaints, is_final, updated_at)
SELECT d, v, t, t + interval '1 minute', 200, 180, 10, 2, 1, 1, 1, true, now()
FROM (VALUES ('all', 'all'), ('sending_domain', 'mail5000.sender.example')) AS k(d, v),
     generate_series(date_trunc('minute', now()) - interval '7 days', date_trunc('minute', now()), interval '1 minute') AS t;
ANALYZE;
SQL

run() { # name url [header]
  local name=$1 url=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" > "/tmp/bench-api-$name.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "/tmp/bench-api-$name.txt")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' "/tmp/bench-api-$name.txt")
  local errors; errors=$(awk '/Non-2xx/ {print $NF}' "/tmp/bench-api-$name.txt")
  printf '%-12s %10.0f req/s   p99 %7.2f ms   non-2xx %s\n' "$name" "$rps" "$p99" "${errors:-0}"
  eval "${name}_rps=$rps; ${name}_p99=$p99"
}

echo "bench-api: wrk, 2 threads, $CONNECTIONS connections, ${DURATION}s each, after a 5 s warm-up"
wrk -t2 -c16 -d5s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/risk?dimension=sending_domain&value=mail5000.sender.example" >/dev/null
run health "http://127.0.0.1:$PORT/health"
run risk "http://127.0.0.1:$PORT/api/v1/risk?dimension=sending_domain&value=mail5000.sender.example" -H "Authorization: Bearer $TOKEN"
awk -v a="$risk_rps" -v b="$health_rps" -v p="$risk_p99" 'BEGIN {
  printf "risk/health = %.2f (target >= 0.50); risk p99 %.2f ms (target <= 20 ms)\n", a / b, p }'
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
