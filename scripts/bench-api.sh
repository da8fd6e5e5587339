#!/usr/bin/env bash
# Throughput and latency of the query service (a benchmark, not a test): wrk against /health,
# /api/v1/risk, /api/v1/cost, /api/v1/efficiency, /api/v1/summary, /api/v1/decisions and
# /api/v1/reputation in one run, with realistic tables (10,000 dimension values in risk_snapshot, a
# week of minute windows, 200 SMTP IPs, 600 sending domains, 20 VPSs, 30 days of hourly and daily
# rollups for every IP, domain and for all traffic, 500 decisions with 2 outcomes each). Prints
# req/s and p99 of each and their ratio to /health.
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
OPERATOR_TOKEN=bench-operator-token-$$-$RANDOM

scripts/ensure-postgres.sh
command -v wrk >/dev/null || { echo "bench-api: installing wrk"; apt-get install -y -q wrk >/dev/null; }
JAR=query-service/target/revguard-query.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests package

service_pid=
cleanup() {
  [[ -n $service_pid ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d "$PSQL_DB" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
OPERATOR_HASH=$(printf '%s' "$OPERATOR_TOKEN" | sha256sum | cut -d' ' -f1)
DATABASE_URL=$DB_URL DATABASE_USER=postgres DATABASE_SCHEMA=$SCHEMA PORT=$PORT \
  API_TOKENS="bench:viewer:$HASH,bench-operator:operator:$OPERATOR_HASH" \
  java -Xmx512m ${BENCH_API_JAVA_OPTS:-} -jar "$JAR" > "target-bench-api.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done

echo "bench-api: seeding $SCHEMA (10,000 sending domains, a week of minute windows, 200 IPs, 600 domains, 20 VPSs, 30 days of rollups, 500 decisions)"
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
-- 200 SMTP IPs (150 active, 30 warming, 20 retired), 20 VPSs, 500 subscriptions
INSERT INTO smtp_ip_addresses (ip, sending_domain, provider, approximate_cost, daily_capacity, warmup_started_on, status, retired_on)
SELECT '203.0.' || (i / 250) || '.' || (i % 250), 'mail' || i || '.sender.example', (ARRAY['ses','sendgrid','mailgun'])[1 + i % 3],
  20 + i % 30, 20000 + 500 * (i % 40),
  CASE WHEN i % 10 IN (1, 2) AND i <= 150 + 30 THEN (now() AT TIME ZONE 'UTC')::date - (i % 20) END,
  CASE WHEN i > 180 THEN 'retired' WHEN i % 10 IN (1, 2) THEN 'warming' ELSE 'active' END,
  CASE WHEN i > 180 THEN date '2026-01-01' END
FROM generate_series(1, 200) AS i;
UPDATE smtp_ip_addresses SET status = 'active' WHERE status = 'warming' AND warmup_started_on IS NULL;
INSERT INTO vps_instances (instance_id, name, provider, region, monthly_cost_usd, vcpus, memory_gb, disk_gb, network_mbps, metrics_instance)
SELECT 'vps-' || i, 'mta-' || i, 'hetzner', 'fsn1', 40 + i, 4, 8, 160, 1000, '10.9.0.' || i || ':9100' FROM generate_series(1, 20) AS i;
INSERT INTO subscriptions (account_id, plan, mrr_usd, status, started_on)
SELECT 'acct-' || i, 'pro', 100 + i % 900, CASE WHEN i % 20 = 0 THEN 'past_due' ELSE 'active' END, date '2026-01-01'
FROM generate_series(1, 500) AS i;
-- 30 days of hourly rollups per IP and for all traffic, daily rollups of all traffic
INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
  soft_bounced, deferred, dropped, spam_complaints, is_final)
SELECT 'sending_ip', ip, t, t + interval '1 hour', 400 + length(ip) * 7, 380, 8, 2, 1, 1, 1, true
FROM smtp_ip_addresses, generate_series(date_trunc('hour', now()) - interval '30 days', date_trunc('hour', now()), interval '1 hour') AS t;
INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
  soft_bounced, deferred, dropped, spam_complaints, is_final)
SELECT 'all', 'all', window_start, window_end, sum(sent), sum(delivered), sum(bounced), sum(soft_bounced), sum(deferred),
  sum(dropped), sum(spam_complaints), true FROM deliverability_hourly WHERE dimension = 'sending_ip' GROUP BY 3, 4;
INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
  soft_bounced, deferred, dropped, spam_complaints, is_final)
SELECT 'all', 'all', date_trunc('day', window_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
  (date_trunc('day', window_start AT TIME ZONE 'UTC') + interval '1 day') AT TIME ZONE 'UTC', sum(sent), sum(delivered),
  sum(bounced), sum(soft_bounced), sum(deferred), sum(dropped), sum(spam_complaints), true
FROM deliverability_hourly WHERE dimension = 'all' GROUP BY 3, 4;
-- 600 sending domains with 30 days of hourly rollups (bounce 0-9 %, spam 0-0.5 %: every reputation
-- category), the daily rollups of every IP and domain, and 500 decisions with two outcomes each.
INSERT INTO deliverability_hourly (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
  soft_bounced, deferred, dropped, spam_complaints, is_final)
SELECT 'sending_domain', 'mail' || i || '.sender.example', t, t + interval '1 hour', 300 + i % 200, 280 + i % 200 - 20,
  (300 + i % 200) * (i % 10) / 100, 2, 1, 1, (280 + i % 200) * (i % 6) / 1000, true
FROM generate_series(1, 600) AS i,
     generate_series(date_trunc('hour', now()) - interval '30 days', date_trunc('hour', now()), interval '1 hour') AS t;
INSERT INTO deliverability_daily (dimension, dimension_value, window_start, window_end, sent, delivered, bounced,
  soft_bounced, deferred, dropped, spam_complaints, is_final)
SELECT dimension, dimension_value, date_trunc('day', window_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
  (date_trunc('day', window_start AT TIME ZONE 'UTC') + interval '1 day') AT TIME ZONE 'UTC', sum(sent), sum(delivered),
  sum(bounced), sum(soft_bounced), sum(deferred), sum(dropped), sum(spam_complaints), true
FROM deliverability_hourly WHERE dimension IN ('sending_ip', 'sending_domain') GROUP BY 1, 2, 3, 4;
INSERT INTO strategic_decisions (decision_id, decision_type, maker, title, decided_at, review_date, status, cost_usd,
  scope_dimension, scope_value, expected_outcomes, event_id)
SELECT 'dec-' || i, (ARRAY['infrastructure','cost_optimization','deliverability'])[1 + i % 3], 'exec' || i % 7 || '@example.com',
  'Decision ' || i, now() - (i % 28 + 1) * interval '1 day', (now() AT TIME ZONE 'UTC')::date + (i % 20 - 5),
  (ARRAY['proposed','approved','implemented','reverted'])[1 + i % 4], 100 + i,
  CASE WHEN i % 3 = 0 THEN 'all' ELSE 'sending_domain' END,
  CASE WHEN i % 3 = 0 THEN 'all' ELSE 'mail' || (i % 600 + 1) || '.sender.example' END,
  jsonb_build_array(
    jsonb_build_object('kpi', 'bounce_rate', 'baseline', 0.08, 'target', 0.02 + (i % 5) / 100.0,
                       'due', ((now() AT TIME ZONE 'UTC')::date + (i % 40 - 10))::text),
    jsonb_build_object('kpi', CASE WHEN i % 3 = 1 THEN 'total_cost_usd' ELSE 'spam_rate' END,
                       'baseline', CASE WHEN i % 3 = 1 THEN 9000 ELSE 0.004 END,
                       'target', CASE WHEN i % 3 = 1 THEN 7000 ELSE 0.001 END,
                       'due', ((now() AT TIME ZONE 'UTC')::date + (i % 30))::text)),
  'bench-' || i
FROM generate_series(1, 500) AS i;
ANALYZE;
SQL

run() { # name url [header]
  local name=$1 url=$2; shift 2
  wrk -t2 -c16 -d3s "$@" "$url" > /dev/null   # warm-up: the route's code compiled, its caches filled
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" > "/tmp/bench-api-$name.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "/tmp/bench-api-$name.txt")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' "/tmp/bench-api-$name.txt")
  local errors; errors=$(awk '/Non-2xx/ {print $NF}' "/tmp/bench-api-$name.txt")
  local bytes; bytes=$(curl -s -o /dev/null -w '%{size_download}' "$@" "$url" 2>/dev/null || echo '?')
  printf '%-16s %10.0f req/s   p99 %7.2f ms   non-2xx %s   %s bytes\n' "$name" "$rps" "$p99" "${errors:-0}" "$bytes"
  eval "${name}_rps=$rps; ${name}_p99=$p99"
}

# What one answer costs to compute: the first request of each panel route finds no cached answer.
for route in cost efficiency summary decisions "reputation?dimension=sending_domain"; do
  curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -w "first answer of /api/v1/$route (computed): %{time_total} s\n" \
    "http://127.0.0.1:$PORT/api/v1/$route"
done
# The executive report of the last 7 days (whole hours), made three times: the first in a JVM that has
# not rendered one yet. generation_millis is the service's own measure (figures, page, PDF); the rest is
# storing and answering.
week_to=$(date -u +%Y-%m-%dT%H:00:00Z)
week_from=$(date -u -d "$week_to - 7 days" +%Y-%m-%dT%H:00:00Z)
for attempt in first second third; do
  curl -s -X POST -H "Authorization: Bearer $OPERATOR_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"from\": \"$week_from\", \"to\": \"$week_to\"}" -w ' %{http_code} %{time_total}\n' "http://127.0.0.1:$PORT/api/v1/reports" \
    | sed -n "s/.*\"generation_millis\":\([0-9]*\).*\"pdf_bytes\":\([0-9]*\).* 201 \([0-9.]*\)$/executive report of 7 days, $attempt: made in \1 ms, PDF \2 bytes, answered in \3 s/p"
done
echo "bench-api: wrk, 2 threads, $CONNECTIONS connections, ${DURATION}s each, each after a 3 s warm-up of its own"
run health "http://127.0.0.1:$PORT/health"
run risk "http://127.0.0.1:$PORT/api/v1/risk?dimension=sending_domain&value=mail5000.sender.example" -H "Authorization: Bearer $TOKEN"
# As a browser asks (Accept-Encoding: gzip), and uncompressed.
run cost "http://127.0.0.1:$PORT/api/v1/cost" -H "Authorization: Bearer $TOKEN" -H "Accept-Encoding: gzip"
run efficiency "http://127.0.0.1:$PORT/api/v1/efficiency" -H "Authorization: Bearer $TOKEN" -H "Accept-Encoding: gzip"
run summary "http://127.0.0.1:$PORT/api/v1/summary" -H "Authorization: Bearer $TOKEN" -H "Accept-Encoding: gzip"
run decisions "http://127.0.0.1:$PORT/api/v1/decisions" -H "Authorization: Bearer $TOKEN" -H "Accept-Encoding: gzip"
run reputation "http://127.0.0.1:$PORT/api/v1/reputation?dimension=sending_domain" -H "Authorization: Bearer $TOKEN" -H "Accept-Encoding: gzip"
run cost_plain "http://127.0.0.1:$PORT/api/v1/cost" -H "Authorization: Bearer $TOKEN"
run efficiency_plain "http://127.0.0.1:$PORT/api/v1/efficiency" -H "Authorization: Bearer $TOKEN"
run summary_plain "http://127.0.0.1:$PORT/api/v1/summary" -H "Authorization: Bearer $TOKEN"
run decisions_plain "http://127.0.0.1:$PORT/api/v1/decisions" -H "Authorization: Bearer $TOKEN"
run reputation_plain "http://127.0.0.1:$PORT/api/v1/reputation?dimension=sending_domain" -H "Authorization: Bearer $TOKEN"
awk -v a="$risk_rps" -v b="$health_rps" -v p="$risk_p99" 'BEGIN {
  printf "risk/health = %.2f (target >= 0.50); risk p99 %.2f ms (target <= 20 ms)\n", a / b, p }'
for name in cost efficiency summary decisions reputation cost_plain efficiency_plain summary_plain decisions_plain reputation_plain; do
  eval "rps=\$${name}_rps; p99=\$${name}_p99"
  awk -v n="$name" -v a="$rps" -v b="$health_rps" -v p="$p99" 'BEGIN {
    printf "%-16s /health = %.2f (target >= 0.50); p99 %.2f ms (target <= 50 ms)\n", n, a / b, p }'
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
