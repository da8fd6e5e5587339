#!/usr/bin/env bash
# Starts the revguard job from a savepoint (or a retained checkpoint).
#   scripts/restore.sh [--target standalone|cluster|compose] <path>
# standalone runs the job in the foreground like run-job-local.sh; cluster submits it to the local
# cluster with `flink run -s`; compose runs the compose file's submit container with RESTORE_FROM.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=standalone
if [[ ${1:-} == --target ]]; then TARGET=$2; shift 2; elif [[ ${1:-} == --target=* ]]; then TARGET=${1#*=}; shift; fi
SAVEPOINT=${1:?usage: scripts/restore.sh [--target standalone|cluster|compose] <savepoint path>}
case $TARGET in
  standalone) RESTORE_FROM=$SAVEPOINT exec scripts/run-job-local.sh ;;
  cluster) exec scripts/submit.sh -s "$SAVEPOINT" ;;
  compose) RESTORE_FROM=$SAVEPOINT exec docker compose run --rm job-submit ;;
  *) echo "restore: unknown target $TARGET" >&2; exit 2 ;;
esac
