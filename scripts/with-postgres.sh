#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server: a new cluster in a temporary folder,
# reachable only through a Unix socket there, removed afterwards. DATABASE_URL points at it.
set -euo pipefail

initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$initdb" ]; then
  echo "PostgreSQL is not installed: skipping the PostgreSQL run (scripts/ensure-test-tools.sh installs it)." >&2
  exit 0
fi
bin=$(dirname "$initdb")
workdir=$(mktemp -d)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres "$workdir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bin/initdb" -D "$workdir/data" -A trust -U archive -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-c listen_addresses='' -k $workdir -p 5433 -c fsync=off" start >/dev/null

export DATABASE_URL="postgres://archive@/postgres?host=$workdir&port=5433"
"$@"
