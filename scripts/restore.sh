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
# What is restored: the path, its size and files, and when it was written (a local file:// or plain path).
local_path=
case $SAVEPOINT in file:*|/*) local_path=$(printf %s "${SAVEPOINT#file:}" | sed 's|^/*|/|') ;; esac
if [[ -n $local_path && -e $local_path ]]; then
  meta=$local_path; [[ -d $local_path ]] && meta=$local_path/_metadata
  echo "restore: from $SAVEPOINT ($(du -sh "$local_path" | cut -f1), $(find "$local_path" -type f | wc -l) files," \
    "written $(date -u -r "$meta" +%Y-%m-%dT%H:%M:%SZ)) onto the $TARGET target" >&2
else
  [[ -z $local_path ]] || { echo "restore: $SAVEPOINT does not exist" >&2; exit 1; }
  echo "restore: from $SAVEPOINT onto the $TARGET target" >&2
fi
case $TARGET in
  standalone) RESTORE_FROM=$SAVEPOINT exec scripts/run-job-local.sh ;;
  cluster) exec scripts/submit.sh -s "$SAVEPOINT" ;;
  compose) RESTORE_FROM=$SAVEPOINT exec docker compose run --rm job-submit ;;
  *) echo "restore: unknown target $TARGET" >&2; exit 2 ;;
esac
