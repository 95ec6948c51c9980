#!/usr/bin/env bash
# Runs a benchmark verb against a throwaway PostgreSQL cluster with durable settings (fsync and synchronous_commit
# on, unlike the test cluster), and removes the cluster afterwards. Usage (from the repository root, after
# `dotnet build bench/Casus.Benchmarks -c Release`):
#   bench/with-postgres.sh http --interleave --seconds 5 --warmup 15 --concurrency 16 --rounds 6
set -euo pipefail
cd "$(dirname "$0")/.."
bindir="$(dirname "$(command -v pg_ctl 2>/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -n1)")"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
pgdir="$(mktemp -d /tmp/casus-bench-pg.XXXXXX)"
cleanup() {
  su postgres -s /bin/bash -c "'$bindir/pg_ctl' -D '$pgdir/data' -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
chown postgres "$pgdir"
su postgres -s /bin/bash -c "'$bindir/initdb' -D '$pgdir/data' -U postgres -A trust >/dev/null"
su postgres -s /bin/bash -c "'$bindir/pg_ctl' -D '$pgdir/data' -l '$pgdir/log' -w -o \"-h 127.0.0.1 -p $port -k '$pgdir' -c max_connections=200\" start >/dev/null"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $NF}') on 127.0.0.1:$port (fsync on, synchronous_commit on), removed afterwards"
dotnet bench/Casus.Benchmarks/bin/Release/net10.0/Casus.Benchmarks.dll "$@" \
  --postgres "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=100"
