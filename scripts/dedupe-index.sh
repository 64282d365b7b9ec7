#!/usr/bin/env bash
# The PostgreSQL server that holds the dedupe index for the local stack: its own data folder (.sluice/postgres, or
# SLUICE_POSTGRES_DATA),
# loopback only, port SLUICE_POSTGRES_PORT (default 55432), the role "sluice" with a password generated at the first
# start (scram-sha-256; kept beside the data folder in "password", mode 600).
# Usage: scripts/dedupe-index.sh start|stop|status. "start" prints the connection string for DedupeIndex__Postgres__ConnectionString.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${SLUICE_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
port="${SLUICE_POSTGRES_PORT:-55432}"
data="${SLUICE_POSTGRES_DATA:-$PWD/.sluice/postgres/data}"
run=()
# PostgreSQL refuses to run as root; then it runs as the postgres system user.
if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); fi

if [ ! -x "$bin/pg_ctl" ]; then
  echo "dedupe-index: PostgreSQL not found in $bin: run scripts/setup.sh first" >&2
  exit 1
fi

case "${1:-}" in
  start)
    if [ ! -f "$data/PG_VERSION" ]; then
      # The postgres user must be able to reach the data folder whatever the caller's umask.
      mkdir -p -m 755 "$(dirname "$(dirname "$data")")"
      mkdir -p -m 755 "$(dirname "$data")"
      mkdir -p "$data"
      if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$(dirname "$data")"; fi
      password_file="$(dirname "$data")/password"
      (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=\n' > "$password_file")
      if [ "$(id -u)" -eq 0 ]; then chown postgres: "$password_file"; fi
      "${run[@]}" "$bin/initdb" -D "$data" -U sluice -A scram-sha-256 --pwfile="$password_file" -E UTF8 --no-instructions >/dev/null
    fi
    if ! "${run[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$data/../server.log" -w -t 60 \
        -o "-p $port -k $(dirname "$data") -c listen_addresses=127.0.0.1" start >/dev/null
    fi
    # A data folder made before passwords were generated still trusts loopback connections: no password to give.
    if [ -f "$(dirname "$data")/password" ]; then
      echo "Host=127.0.0.1;Port=$port;Username=sluice;Password=$(cat "$(dirname "$data")/password");Database=postgres"
    else
      echo "Host=127.0.0.1;Port=$port;Username=sluice;Database=postgres"
    fi
    ;;
  stop)
    if [ -f "$data/postmaster.pid" ]; then "${run[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
    ;;
  status)
    "${run[@]}" "$bin/pg_ctl" -D "$data" status
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
