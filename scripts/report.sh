#!/usr/bin/env bash
# Makes one executive report of a period straight from the database, stores it in
# executive_reports (listed at GET /api/v1/reports like the scheduled ones) and writes it to a file:
#   scripts/report.sh --from <time> --to <time> [--out FILE.pdf|FILE.html] [--email]
# Times: 2026-11-23T08:00:00Z, or 2026-11-23T08:00 / 2026-11-23 in REPORT_TIMEZONE (default UTC).
# --email sends it now through SMTP_URL to REPORT_RECIPIENTS. Database and report settings are the
# query service's (DATABASE_URL, DATABASE_USER, DATABASE_SCHEMA, REPORT_TIMEZONE, REPORT_PAPER, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
export DATABASE_USER=${DATABASE_USER:-postgres}
JAR=$ROOT/query-service/target/revguard-query.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests -pl common,query-service -am package
exec java -Xmx512m -Djava.awt.headless=true -Dlog4j2.configurationFile="$ROOT/scripts/log4j2-quiet.properties" \
  -cp "$JAR" dev.revguard.query.report.ReportCommand "$@"
