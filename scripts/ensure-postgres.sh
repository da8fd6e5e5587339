#!/usr/bin/env bash
# Starts the local PostgreSQL cluster when it is installed and stopped; fails with a clear message otherwise.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [[ -d /etc/postgresql ]]; then
  version=$(ls /etc/postgresql | sort -V | tail -1)
  echo "ensure-postgres: starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done
fi
echo "ensure-postgres: no PostgreSQL is reachable on 127.0.0.1:5432 and none could be started here." >&2
echo "Install PostgreSQL 15+ or point DATABASE_URL at a running server." >&2
exit 1
