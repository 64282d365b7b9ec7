#!/usr/bin/env bash
# Installs everything Sluice's build, tests, demo and benchmarks need on a fresh Debian 12 machine:
# Debian packages (real text corpora, servers, PyTorch-Python as the engine's peer), the npm peers in scripts/peers,
# and the .NET restore (the model engine's libtorch comes with TorchSharp's NuGet packages; the build applies the
# Debian 12 fix to TorchSharp's native shim, see docs/engine.md).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

apt_packages=(
  # real text for tests, demo and language identification
  fortunes fortunes-min fortunes-es fortunes-es-off fortunes-de fortunes-it fortunes-pl fortunes-ru fortunes-cs fortunes-br
  # servers started on loopback by the local stack and the integration tests
  rabbitmq-server
  # validates docker-compose.yml without a container engine (docker-compose config)
  docker-compose
  # the dedupe index shared by dedupe replicas (tests start their own cluster with initdb/pg_ctl)
  postgresql
  # the evaluation report's charts draw their text with DejaVu Sans
  fonts-dejavu-core
  # PyTorch-Python, the model engine's test and benchmark peer, with the pthread OpenBLAS; NLTK, the BLEU test peer
  libopenblas0-pthread python3-torch python3-numpy python3-nltk
)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # the Debian package starts a system-wide broker; Sluice starts its own on loopback
  $SUDO systemctl disable --now rabbitmq-server >/dev/null 2>&1 || $SUDO service rabbitmq-server stop >/dev/null 2>&1 || true
  # likewise PostgreSQL: the tests and the local stack run their own clusters on their own ports
  $SUDO systemctl disable --now postgresql >/dev/null 2>&1 || $SUDO service postgresql stop >/dev/null 2>&1 || true
fi

# Without OpenBLAS Debian's libtorch (under python3-torch) falls back to the reference BLAS and trains ~15x slower:
# pin the pthread OpenBLAS.
for lib in libblas.so.3 liblapack.so.3; do
  alternative="/usr/lib/x86_64-linux-gnu/openblas-pthread/$lib"
  if [ -e "$alternative" ] && [ "$(readlink -f "/usr/lib/x86_64-linux-gnu/$lib")" != "$(readlink -f "$alternative")" ]; then
    $SUDO update-alternatives --set "$lib-x86_64-linux-gnu" "$alternative" >/dev/null
  fi
done

if ! command -v node >/dev/null 2>&1; then
  echo "setup: installing Node.js" 
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

# npm ls fails when any peer named in package.json is missing or at another version (file times are no guide:
# a fresh checkout is always newer than an existing install).
if ! (cd scripts/peers && npm ls --depth=0 >/dev/null 2>&1); then
  echo "setup: installing npm peers (scripts/peers)"
  # Not `npm ci`: the lock names DuckDB's optional per-platform bindings, and only the linux-x64 one can be
  # resolved here, so ci refuses the lock; install follows the same lock without rewriting it.
  (cd scripts/peers && npm install --no-save --no-audit --no-fund --loglevel=error)
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (https://dot.net); it was not found on PATH" >&2
  exit 1
fi
dotnet restore Sluice.slnx --verbosity quiet
