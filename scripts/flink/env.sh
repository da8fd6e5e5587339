# Shared by the cluster scripts: where the local Flink cluster lives and how its JVMs start.
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
FLINK_HOME=${FLINK_HOME:-$ROOT/.local/flink}
FLINK_CONF_DIR=$FLINK_HOME/conf
FLINK_CLUSTER_REST_PORT=${FLINK_CLUSTER_REST_PORT:-8091}
FLINK_CLUSTER_RPC_PORT=${FLINK_CLUSTER_RPC_PORT:-16123}
# Prometheus metrics: the JobManager's at this port, the TaskManager's at the next one (GET /metrics).
FLINK_CLUSTER_METRICS_PORT=${FLINK_CLUSTER_METRICS_PORT:-9250}
# Flink's default env.java.opts.all: the JVMs and the CLI need these on Java 17.
FLINK_JAVA_OPTS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED \
--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"
export FLINK_CONF_DIR
