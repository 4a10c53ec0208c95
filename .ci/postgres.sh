#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL server (Debian's package, installed
# when missing, as the test browser is): a fresh data directory under the checkout,
# a free port, run as the `postgres` user when we are root (PostgreSQL refuses
# root), stopped and deleted afterwards, also when the command fails.
# The command sees FRONTLINE_TEST_DATABASE_URL (a superuser on the `postgres` database).
# FRONTLINE_PG_DURABLE=1 keeps fsync on (benchmarks); tests run without it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

find_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bindir="$(find_bindir)"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "› installing postgresql (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  bindir="$(find_bindir)"
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

data="$root/.pg/run-$$"
rm -rf "$data"
mkdir -p "$data"
[ "$(id -u)" -eq 0 ] && chown -R postgres "$root/.pg"
chmod 700 "$data"
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

stop() {
  as_owner "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT

as_owner "$bindir/initdb" -D "$data" -U frontline -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$data.initdb.log" 2>&1 ||
  { cat "$data.initdb.log" >&2; exit 1; }
rm -f "$data.initdb.log"
settings="-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=400 -c shared_buffers=256MB"
[ "${FRONTLINE_PG_DURABLE:-}" = "1" ] || settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
as_owner "$bindir/pg_ctl" -D "$data" -o "$settings" -l "$data/server.log" -w start >/dev/null ||
  { cat "$data/server.log" >&2; exit 1; }

export FRONTLINE_TEST_DATABASE_URL="postgres://frontline@127.0.0.1:$port/postgres"
echo "› PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port ($data)"
set +e
"$@"
status=$?
set -e
exit $status
