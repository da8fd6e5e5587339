#!/usr/bin/env bash
# The flink command-line client for the local cluster (scripts/cluster.sh): scripts/flink.sh list, ...
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/flink/env.sh
[[ -f $FLINK_HOME/lib/.complete ]] || { echo "flink: run scripts/cluster.sh start first" >&2; exit 1; }
# shellcheck disable=SC2086
exec java $FLINK_JAVA_OPTS -Dlog4j.configurationFile="$ROOT/scripts/log4j2-quiet.properties" -cp "$FLINK_HOME/lib/*" \
  org.apache.flink.client.cli.CliFrontend "$@"
