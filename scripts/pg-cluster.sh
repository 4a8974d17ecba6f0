#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb into a temporary directory, the server
# listening only on a unix socket in that directory (no TCP port, nothing shared with the
# machine's own clusters).
#
#   scripts/pg-cluster.sh start DIR   creates and starts the cluster, prints its URI
#   scripts/pg-cluster.sh stop DIR    stops it and removes DIR
#   scripts/pg-cluster.sh restart DIR stops and starts it again (the data kept)
#
# PostgreSQL refuses to run as root; as root the cluster runs as the unprivileged `nobody`.
set -euo pipefail
cmd=${1:?start|stop|restart}
dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg-cluster: PostgreSQL is not installed (scripts/deps.sh)" >&2; exit 1; }
as=()
if [ "$(id -u)" -eq 0 ]; then as=(setpriv --reuid=nobody --regid=nogroup --clear-groups); fi
run() { "${as[@]}" "$@"; }
uri() { echo "postgresql:///netral?host=$dir/sock&user=netral"; }

case "$cmd" in
start)
  mkdir -p "$dir/sock"
  [ ${#as[@]} -eq 0 ] || chown -R nobody:nogroup "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    run "$bin/initdb" -D "$dir/data" -U netral --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir/sock -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  run "$bin/psql" -h "$dir/sock" -U netral -d postgres -qAtc \
    "SELECT 1 FROM pg_database WHERE datname='netral'" | grep -q 1 ||
    run "$bin/createdb" -h "$dir/sock" -U netral netral
  uri
  ;;
restart)
  run "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir/sock -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  ;;
stop)
  [ -d "$dir/data" ] && run "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "pg-cluster: start|stop|restart DIR" >&2
  exit 2
  ;;
esac
