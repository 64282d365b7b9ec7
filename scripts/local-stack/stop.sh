#!/usr/bin/env bash
# Stops what scripts/local-stack/start.sh started, in order: the services, s3rver, PostgreSQL and RabbitMQ (data stays
# in .work/local-stack and .sluice/postgres). SLUICE_LOCAL_STACK_DIR names another stack's state, as for start.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
state="${SLUICE_LOCAL_STACK_DIR:-$PWD/.work/local-stack}"
# The services first (they may be writing to the object store), then the S3 server; PostgreSQL and RabbitMQ last.
mapfile -t services < <(grep -v '^[[:space:]]*\(#\|$\)' services/services.txt | cut -d' ' -f1)
# Each service's further replicas (service.sh start <service>#<n>: <service>-<n>.pid) go with it.
instances=()
for name in "${services[@]}"; do
  instances+=("$name")
  for pidfile in "$state/$name"-[0-9]*.pid; do [ -f "$pidfile" ] && instances+=("$(basename "$pidfile" .pid)"); done
done
for name in "${instances[@]}" s3rver; do
  pidfile="$state/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    echo "local stack: stopping $name ($pid)"
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$pidfile"
done
if [ -f "$state/postgres.started" ]; then
  echo "local stack: stopping PostgreSQL (dedupe index)"
  SLUICE_POSTGRES_DATA="$(cat "$state/postgres.started")" bash scripts/dedupe-index.sh stop || true
  rm -f "$state/postgres.started"
fi
if [ -f "$state/rabbitmq.pid" ]; then
  echo "local stack: stopping RabbitMQ"
  mapfile -t rabbit_env < "$state/rabbitmq/env"
  env "${rabbit_env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n sluice-local@localhost stop >/dev/null 2>&1 || kill "$(cat "$state/rabbitmq.pid")" 2>/dev/null
  epmd_port=$(grep '^ERL_EPMD_PORT=' "$state/rabbitmq/env" | cut -d= -f2)
  epmd -port "$epmd_port" -kill >/dev/null 2>&1 || true
  rm -f "$state/rabbitmq.pid"
fi
