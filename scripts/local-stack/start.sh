#!/usr/bin/env bash
# Local stack: a real RabbitMQ (Debian package, management console on), s3rver (npm) and PostgreSQL (Debian package,
# the dedupe index and the job store, via scripts/dedupe-index.sh) on loopback, then every service of
# services/services.txt as its own process against them. State, logs and the generated credentials live in .work/local-stack/.
#   scripts/local-stack/start.sh          start everything (builds the services first)
#   scripts/local-stack/stop.sh           stop everything this script started
# Ports (override with environment variables): AMQP 5672, console 15672, S3 4568, PostgreSQL 55432
# (SLUICE_POSTGRES_PORT), service health 8081… (SLUICE_SERVICE_PORT_BASE). SLUICE_LOCAL_STACK_DIR puts the state
# elsewhere (a second stack beside the first, as the tests start one); SLUICE_SKIP_BUILD=1 starts the services as built.
# It returns once every service reports healthy (SLUICE_START_TIMEOUT seconds at most, default 180).
set -euo pipefail
cd "$(dirname "$0")/../.."
state="${SLUICE_LOCAL_STACK_DIR:-$PWD/.work/local-stack}"
mkdir -p "$state/logs"
amqp_port="${SLUICE_AMQP_PORT:-5672}"
console_port="${SLUICE_RABBITMQ_CONSOLE_PORT:-15672}"
s3_port="${SLUICE_S3_PORT:-4568}"
# The pipeline's services, from the one service list (services/services.txt: folder and assembly per line).
mapfile -t service_lines < <(grep -v '^[[:space:]]*\(#\|$\)' services/services.txt)
services=(); assemblies=()
for line in "${service_lines[@]}"; do
  read -r name assembly <<<"$line"
  services+=("$name"); assemblies+=("$assembly")
done

if [ -f "$state/rabbitmq.pid" ] || [ -f "$state/s3rver.pid" ]; then
  echo "local stack: already started (run scripts/local-stack/stop.sh first)" >&2
  exit 1
fi

# Credentials are generated once per machine and kept in .work/local-stack/credentials (never in the repository).
if [ ! -f "$state/credentials" ]; then
  (umask 077
   printf 'RABBITMQ_USER=sluice\nRABBITMQ_PASSWORD=%s\n' "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" > "$state/credentials")
fi
# The S3 server's key pair, generated too (a credentials file from before it was added gets it appended).
if ! grep -q '^S3_ACCESS_KEY=' "$state/credentials"; then
  (umask 077
   printf 'S3_ACCESS_KEY=%s\nS3_SECRET_KEY=%s\n' "sluice$(head -c 9 /dev/urandom | base64 | tr -d '/+=' | tr '[:lower:]' '[:upper:]')" \
     "$(head -c 30 /dev/urandom | base64 | tr -d '/+=')" >> "$state/credentials")
fi
# shellcheck disable=SC1091
source "$state/credentials"

if [ "${SLUICE_SKIP_BUILD:-0}" != 1 ]; then
  echo "local stack: building services"
  for service in "${services[@]}"; do
    dotnet build "services/$service" -c Release --nologo --verbosity quiet -warnaserror
  done
fi

echo "local stack: starting RabbitMQ on 127.0.0.1:$amqp_port (console http://127.0.0.1:$console_port)"
rabbit="$state/rabbitmq"
mkdir -p "$rabbit/home"
cat > "$rabbit/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$amqp_port
management.tcp.port = $console_port
management.tcp.ip = 127.0.0.1
default_user = $RABBITMQ_USER
default_pass = $RABBITMQ_PASSWORD
# Messages are claim checks of a few KiB; anything near this (4 MiB) is a fault, refused by the broker (docs/reliability.md#limits).
max_message_size = 4194304
CONF
echo "[rabbitmq_management]." > "$rabbit/enabled_plugins"
: > "$rabbit/rabbitmq-env.conf"
rabbit_env=(
  HOME="$rabbit/home" RABBITMQ_NODENAME="sluice-local@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  RABBITMQ_MNESIA_BASE="$rabbit/mnesia" RABBITMQ_LOG_BASE="$state/logs" RABBITMQ_CONFIG_FILE="$rabbit/rabbitmq.conf"
  RABBITMQ_ENABLED_PLUGINS_FILE="$rabbit/enabled_plugins" RABBITMQ_CONF_ENV_FILE="$rabbit/rabbitmq-env.conf"
  RABBITMQ_PID_FILE="$rabbit/beam.pid" RABBITMQ_DIST_PORT="${SLUICE_RABBITMQ_DIST_PORT:-25672}"
  ERL_EPMD_PORT="${SLUICE_EPMD_PORT:-4370}" ERL_EPMD_ADDRESS=127.0.0.1
  # The Erlang distribution port listens on every interface unless told otherwise.
  "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
)
printf '%s\n' "${rabbit_env[@]}" > "$rabbit/env"
env "${rabbit_env[@]}" nohup /usr/lib/rabbitmq/bin/rabbitmq-server > "$state/logs/rabbitmq.out" 2>&1 &
echo $! > "$state/rabbitmq.pid"

echo "local stack: starting s3rver on 127.0.0.1:$s3_port (buckets drop, lake; every request signed with the key pair in $state/credentials)"
mkdir -p "$state/s3"
echo "$s3_port" > "$state/s3rver.port"
: > "$state/logs/s3rver.out"
SLUICE_LOCAL_STACK_DIR="$state" bash scripts/local-stack/service.sh start s3rver

for _ in $(seq 1 120); do
  if curl -fsS -u "$RABBITMQ_USER:$RABBITMQ_PASSWORD" "http://127.0.0.1:$console_port/api/overview" >/dev/null 2>&1 \
     && grep -q '"port"' "$state/logs/s3rver.out" 2>/dev/null; then
    break
  fi
  sleep 1
done
curl -fsS -u "$RABBITMQ_USER:$RABBITMQ_PASSWORD" "http://127.0.0.1:$console_port/api/overview" >/dev/null \
  || { echo "local stack: RabbitMQ did not start; see $state/logs" >&2; exit 1; }

echo "local stack: starting PostgreSQL (dedupe index, job store) on 127.0.0.1:${SLUICE_POSTGRES_PORT:-55432}"
export SLUICE_POSTGRES_DATA="${SLUICE_POSTGRES_DATA:-$PWD/.sluice/postgres/data}"
postgres=$(bash scripts/dedupe-index.sh start)
echo "$SLUICE_POSTGRES_DATA" > "$state/postgres.started"

# The same configuration keys as every other mode, as environment variables (sourced by bash: values with ';' are quoted).
# It holds the broker password, so only its owner may read it.
rm -f "$state/service.env"
(umask 077; touch "$state/service.env")
cat > "$state/service.env" <<ENV
Bus__Transport=RabbitMq
Bus__RabbitMq__Host=127.0.0.1
Bus__RabbitMq__Port=$amqp_port
Bus__RabbitMq__Username=$RABBITMQ_USER
Bus__RabbitMq__Password=$RABBITMQ_PASSWORD
Bus__RabbitMq__ManagementPort=$console_port
Storage__Kind=S3
Storage__S3__ServiceUrl=http://127.0.0.1:$s3_port
Storage__S3__AccessKey=$S3_ACCESS_KEY
Storage__S3__SecretKey=$S3_SECRET_KEY
Storage__DropBucket=drop
Storage__LakeBucket=lake
DedupeIndex__Kind=Postgres
DedupeIndex__Postgres__ConnectionString='$postgres'
Jobs__Store=Postgres
Jobs__ConnectionString='$postgres'
ENV

port=${SLUICE_SERVICE_PORT_BASE:-8081}
for service in "${services[@]}"; do
  echo "local stack: starting $service (health http://127.0.0.1:$port/health, log $state/logs/$service.log)"
  : > "$state/logs/$service.log"
  SLUICE_LOCAL_STACK_DIR="$state" bash scripts/local-stack/service.sh start "$service"
  port=$((port + 1))
done

# Up means every service answers /health as healthy, its bus connected and its queues bound: a file dropped before a
# consumer's queue exists would be routed nowhere. SLUICE_START_TIMEOUT seconds at most (default 180).
deadline=$((SECONDS + ${SLUICE_START_TIMEOUT:-180}))
port=${SLUICE_SERVICE_PORT_BASE:-8081}
for service in "${services[@]}"; do
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do
    if ! kill -0 "$(cat "$state/$service.pid")" 2>/dev/null; then
      echo "local stack: $service exited while starting; the end of $state/logs/$service.log:" >&2
      tail -n 20 "$state/logs/$service.log" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "local stack: $service is not healthy after ${SLUICE_START_TIMEOUT:-180} s (http://127.0.0.1:$port/health); see $state/logs/$service.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  port=$((port + 1))
done

echo "local stack: up. Drop files with:  dotnet cli/bin/Release/net10.0/sluice.dll drop <files…> --env-file $state/service.env"
echo "             RabbitMQ console: http://127.0.0.1:$console_port  (user $RABBITMQ_USER, password in $state/credentials)"
