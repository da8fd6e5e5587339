#!/usr/bin/env bash
# A real single-node Kafka broker (KRaft, broker and controller in one JVM) from Maven Central jars.
#   scripts/kafka-local.sh start|stop|status
# Settings: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (19093), KAFKA_HOME (.local/kafka under the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
KAFKA_HOME=${KAFKA_HOME:-$ROOT/.local/kafka}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
LIBS=$KAFKA_HOME/libs
PIDFILE=$KAFKA_HOME/broker.pid

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() { [[ -f $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

fetch() {
  if [[ ! -f $LIBS/.complete ]]; then
    echo "kafka-local: fetching broker jars into $LIBS"
    mvn -B -q -f scripts/kafka/pom.xml dependency:copy-dependencies -DoutputDirectory="$LIBS" -Dmdep.includeScope=runtime
    touch "$LIBS/.complete"
  fi
}

start() {
  if running; then echo "kafka-local: already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$KAFKA_PORT"; return 0; fi
  if port_open "$KAFKA_PORT"; then echo "kafka-local: port $KAFKA_PORT is taken by another process; set KAFKA_PORT" >&2; exit 1; fi
  fetch
  mkdir -p "$KAFKA_HOME"
  cat > "$KAFKA_HOME/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_HOME/data
num.partitions=2
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
# Keep history for replays: generated history carries old timestamps.
log.retention.ms=-1
PROPS
  local java_opts=(-Xms256m -Xmx512m -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" -cp "$LIBS/*")
  if [[ ! -f $KAFKA_HOME/data/meta.properties ]]; then
    local cluster_id
    cluster_id=$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid)
    java "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_HOME/server.properties" >/dev/null
  fi
  nohup java "${java_opts[@]}" kafka.Kafka "$KAFKA_HOME/server.properties" > "$KAFKA_HOME/broker.log" 2>&1 &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 120); do
    if port_open "$KAFKA_PORT"; then echo "kafka-local: started (pid $(cat "$PIDFILE")) on 127.0.0.1:$KAFKA_PORT"; return 0; fi
    if ! running; then echo "kafka-local: broker exited; see $KAFKA_HOME/broker.log" >&2; tail -20 "$KAFKA_HOME/broker.log" >&2; exit 1; fi
    sleep 0.5
  done
  echo "kafka-local: broker did not open port $KAFKA_PORT within 60 s; see $KAFKA_HOME/broker.log" >&2
  exit 1
}

stop() {
  if ! running; then echo "kafka-local: not running"; rm -f "$PIDFILE"; return 0; fi
  local pid; pid=$(cat "$PIDFILE")
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$PIDFILE"
  echo "kafka-local: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "kafka-local: running (pid $(cat "$PIDFILE")) on 127.0.0.1:$KAFKA_PORT"; else echo "kafka-local: not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
