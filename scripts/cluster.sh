#!/usr/bin/env bash
# A real Flink standalone session cluster on this machine: a JobManager and a TaskManager as two
# JVMs, from Maven Central jars (no Docker).
#   scripts/cluster.sh start|stop|status
# Settings: FLINK_CLUSTER_REST_PORT (8091; web UI and REST), FLINK_CLUSTER_RPC_PORT (16123),
# FLINK_CLUSTER_METRICS_PORT (9250: the JobManager's Prometheus metrics, the TaskManager's at 9251),
# FLINK_HOME (.local/flink). Checkpoints and savepoints go to $FLINK_HOME/checkpoints and /savepoints.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/flink/env.sh
LIB=$FLINK_HOME/lib

running() { [[ -f $FLINK_HOME/$1.pid ]] && kill -0 "$(cat "$FLINK_HOME/$1.pid")" 2>/dev/null; }

fetch() {
  if [[ ! -f $LIB/.complete ]]; then
    echo "cluster: fetching Flink jars into $LIB"
    mvn -B -q -f scripts/flink/pom.xml dependency:copy-dependencies -DoutputDirectory="$LIB" -Dmdep.includeScope=runtime
    touch "$LIB/.complete"
  fi
}

# The Prometheus reporter with snake_case names (flink-job's revguard-metrics-reporter.jar) as a Flink plugin.
install_reporter() {
  local jar=$ROOT/flink-job/target/revguard-metrics-reporter.jar
  [[ -f $jar ]] || mvn -B -q -DskipTests package
  mkdir -p "$FLINK_HOME/plugins/revguard-prometheus"
  cp "$jar" "$FLINK_HOME/plugins/revguard-prometheus/"
}

configure() {
  mkdir -p "$FLINK_CONF_DIR" "$FLINK_HOME/log" "$FLINK_HOME/upload" "$FLINK_HOME/tmp"
  cp scripts/flink/log4j.properties "$FLINK_CONF_DIR/log4j.properties"
  cat > "$FLINK_CONF_DIR/config.yaml" <<YAML
jobmanager:
  rpc: { address: 127.0.0.1, port: $FLINK_CLUSTER_RPC_PORT }
  bind-host: 127.0.0.1
  memory: { process: { size: 1g } }
taskmanager:
  bind-host: 127.0.0.1
  host: 127.0.0.1
  numberOfTaskSlots: 2
  memory: { process: { size: 1536m } }
rest: { address: 127.0.0.1, bind-address: 127.0.0.1, port: $FLINK_CLUSTER_REST_PORT }
state:
  backend: { type: rocksdb }
  checkpoints: { dir: file://$FLINK_HOME/checkpoints }
  savepoints: { dir: file://$FLINK_HOME/savepoints }
web: { upload: { dir: $FLINK_HOME/upload } }
io: { tmp: { dirs: $FLINK_HOME/tmp } }
metrics.reporter.prom.factory.class: dev.revguard.job.metrics.SnakeCasePrometheusReporterFactory
metrics.reporter.prom.port: $FLINK_CLUSTER_METRICS_PORT
metrics.reporter.prom.filterLabelValueCharacters: false
YAML
}

params() { # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS -> "jvm flags" then "dynamic properties"
  java -cp "$LIB/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$FLINK_CONF_DIR" 2>/dev/null \
    | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

launch() { # name main-class resource-params metrics-port
  local name=$1 main=$2 out jvm props
  out=$(params "$3")
  jvm=$(sed -n 1p <<<"$out"); props=$(sed -n 2p <<<"$out")
  # shellcheck disable=SC2086
  FLINK_PLUGINS_DIR=$FLINK_HOME/plugins nohup java $jvm $FLINK_JAVA_OPTS -Dlog.file="$FLINK_HOME/log/$name.log" \
    -Dlog4j.configurationFile="$FLINK_CONF_DIR/log4j.properties" -cp "$LIB/*" "$main" \
    --configDir "$FLINK_CONF_DIR" $props -D metrics.reporter.prom.port="$4" > "$FLINK_HOME/log/$name.out" 2>&1 &
  echo $! > "$FLINK_HOME/$name.pid"
}

start() {
  if running jobmanager; then echo "cluster: already running, http://127.0.0.1:$FLINK_CLUSTER_REST_PORT"; return 0; fi
  fetch
  install_reporter
  configure
  launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS \
    "$FLINK_CLUSTER_METRICS_PORT"
  launch taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS \
    "$((FLINK_CLUSTER_METRICS_PORT + 1))"
  for _ in $(seq 1 90); do
    if curl -sf "http://127.0.0.1:$FLINK_CLUSTER_REST_PORT/overview" | grep -q '"slots-total":[1-9]'; then
      echo "cluster: started (JobManager pid $(cat "$FLINK_HOME/jobmanager.pid"), TaskManager pid $(cat "$FLINK_HOME/taskmanager.pid")), web UI http://127.0.0.1:$FLINK_CLUSTER_REST_PORT"
      echo "cluster: Prometheus metrics http://127.0.0.1:$FLINK_CLUSTER_METRICS_PORT/metrics (JobManager), http://127.0.0.1:$((FLINK_CLUSTER_METRICS_PORT + 1))/metrics (TaskManager)"
      return 0
    fi
    running jobmanager && running taskmanager || { echo "cluster: a process died; see $FLINK_HOME/log" >&2; tail -20 "$FLINK_HOME/log/"*.out >&2; stop; exit 1; }
    sleep 1
  done
  echo "cluster: not ready in 90 s; see $FLINK_HOME/log" >&2
  exit 1
}

stop() {
  for name in taskmanager jobmanager; do
    if running $name; then
      local pid; pid=$(cat "$FLINK_HOME/$name.pid")
      kill "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$FLINK_HOME/$name.pid"
  done
  echo "cluster: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if running jobmanager && running taskmanager; then
      echo "cluster: running, http://127.0.0.1:$FLINK_CLUSTER_REST_PORT"
      curl -s "http://127.0.0.1:$FLINK_CLUSTER_REST_PORT/jobs/overview" | grep -o '"name":"[^"]*","start-time":[0-9]*,"end-time":-1,"duration":[0-9]*,"state":"[A-Z]*"' || true
    else
      echo "cluster: not running"; exit 3
    fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
