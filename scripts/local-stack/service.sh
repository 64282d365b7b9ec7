#!/usr/bin/env bash
# One service of a running local stack: start it, stop it, or kill it at once (SIGKILL, as a crash would).
#   scripts/local-stack/service.sh start|stop|kill <service>     e.g.  service.sh kill dedupe; service.sh start dedupe
# <service>#<n> (n = 2, 3, …) is a further replica of it, with its own pid file, log (logs/<service>-<n>.log) and health
# port (the first replica's plus 100 × (n - 1)):  service.sh start dedupe#2
# "s3rver" names the S3 server (its port and data as start.sh chose them), for an object store outage; "rabbitmq" the
# broker's whole node (kill: SIGKILL of the Erlang VM, as a crash of the machine would; start: the same node, data and
# settings again).
# It runs as scripts/local-stack/start.sh runs it: the settings of service.env, its health port from the service list's
# order (SLUICE_SERVICE_PORT_BASE, default 8081), its log appended to logs/<service>.log. SLUICE_LOCAL_STACK_DIR as for start.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
state="${SLUICE_LOCAL_STACK_DIR:-$PWD/.work/local-stack}"
action="${1:-}"; name="${2:-}"; replica=1
if [[ "$name" == *#* ]]; then
  replica="${name#*#}"; name="${name%%#*}"
  if ! [[ "$replica" =~ ^[1-9][0-9]?$ ]]; then echo "usage: $0 start|stop|kill <service>[#<replica 1-99>]" >&2; exit 2; fi
fi
instance="$name"; if [ "$replica" != 1 ]; then instance="$name-$replica"; fi
index=-1; assembly=""; i=0
while read -r service dll_name; do
  if [ "$service" = "$name" ]; then index=$i; assembly=$dll_name; fi
  i=$((i + 1))
done < <(grep -v '^[[:space:]]*\(#\|$\)' services/services.txt)
if [ "$name" = s3rver ] && [ -f "$state/s3rver.port" ]; then index=s3rver; fi
if [ "$name" = rabbitmq ] && [ -f "$state/rabbitmq/env" ]; then index=rabbitmq; fi
if [ "$index" = -1 ] || { [ "$index" != s3rver ] && [ "$index" != rabbitmq ] && [ ! -f "$state/service.env" ]; }; then
  echo "usage: $0 start|stop|kill <service of services/services.txt>, with the local stack started" >&2
  exit 2
fi
pidfile="$state/$instance.pid"
case "$action" in
  start)
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "local stack: $instance is already running ($(cat "$pidfile"))" >&2
      exit 1
    fi
    if [ "$index" = rabbitmq ]; then
      mapfile -t rabbit_env < "$state/rabbitmq/env"
      env "${rabbit_env[@]}" nohup /usr/lib/rabbitmq/bin/rabbitmq-server >> "$state/logs/rabbitmq.out" 2>&1 &
      echo $! > "$pidfile"
      exit 0
    fi
    if [ "$index" = s3rver ]; then
      # --openssl-legacy-provider: s3rver's listing continuation tokens use DES, which OpenSSL 3 only has in its legacy
      # provider; without it a listing past 1,000 keys fails.
      # Every request must be signed with the stack's generated key pair (credentials, read into its environment only).
      (cd scripts/peers || exit 1
       # shellcheck disable=SC1091
       source "$state/credentials"
       S3RVER_ACCESS_KEY="$S3_ACCESS_KEY" S3RVER_SECRET_KEY="$S3_SECRET_KEY" nohup node --openssl-legacy-provider s3rver.mjs --detached --port "$(cat "$state/s3rver.port")" --directory "$state/s3" --bucket drop --bucket lake >> "$state/logs/s3rver.out" 2>&1 &
       echo $! > "$pidfile")
      exit 0
    fi
    port=$(( ${SLUICE_SERVICE_PORT_BASE:-8081} + index + 100 * (replica - 1) ))
    (set -a; source "$state/service.env"; set +a
     Urls="http://127.0.0.1:$port" nohup dotnet "services/$name/bin/Release/net10.0/$assembly.dll" >> "$state/logs/$instance.log" 2>&1 &
     echo $! > "$pidfile")
    ;;
  stop|kill)
    [ -f "$pidfile" ] || exit 0
    pid=$(cat "$pidfile")
    if [ "$index" = rabbitmq ]; then
      # The Erlang VM is the broker; the script that started it goes with it.
      beam=$(cat "$state/rabbitmq/beam.pid" 2>/dev/null || true)
      if [ "$action" = kill ]; then
        [ -n "$beam" ] && kill -9 "$beam" 2>/dev/null || true
        kill -9 "$pid" 2>/dev/null || true
      else
        mapfile -t rabbit_env < "$state/rabbitmq/env"
        env "${rabbit_env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n sluice-local@localhost stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
      fi
      for _ in $(seq 1 30); do { [ -n "$beam" ] && kill -0 "$beam" 2>/dev/null; } || kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      rm -f "$pidfile" "$state/rabbitmq/beam.pid"
      exit 0
    fi
    if [ "$action" = kill ]; then
      kill -9 "$pid" 2>/dev/null || true
    else
      kill "$pid" 2>/dev/null || true
    fi
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    rm -f "$pidfile"
    ;;
  *)
    echo "usage: $0 start|stop|kill <service>" >&2
    exit 2
    ;;
esac
