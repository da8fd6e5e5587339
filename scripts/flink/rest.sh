# Helpers over Flink's REST API, shared by savepoint.sh and replay.sh (sourced).
rest_url() { # standalone|cluster|compose
  case $1 in
    standalone) echo "http://127.0.0.1:${FLINK_REST_PORT:-8081}" ;;
    cluster) echo "http://127.0.0.1:${FLINK_CLUSTER_REST_PORT:-8091}" ;;
    compose) echo "${COMPOSE_FLINK_REST_URL:-http://127.0.0.1:8081}" ;;
    *) echo "unknown target $1 (standalone, cluster or compose)" >&2; return 2 ;;
  esac
}

running_job() { # rest-url -> id of the RUNNING job named revguard
  curl -sf "$1/jobs/overview" | grep -o '"jid":"[0-9a-f]*","name":"revguard"[^}]*"state":"RUNNING"' \
    | head -1 | sed 's/"jid":"\([0-9a-f]*\)".*/\1/'
}

job_state() { curl -sf "$1/jobs/$2" | grep -o '"state":"[A-Z]*"' | head -1 | cut -d'"' -f4; }
