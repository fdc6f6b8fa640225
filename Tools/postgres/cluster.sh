#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the hub's tests and load driver.
#
#   Tools/postgres/cluster.sh start DIR [PORT]   # initdb DIR if new, start on 127.0.0.1:PORT (default 54329),
#                                                # create database caucus_test, print its URL
#   Tools/postgres/cluster.sh stop DIR [fast|immediate]   # immediate: a crash, recovered from the WAL at the next start
#
# Installs Debian's postgresql package when no server is found. As root, the server runs as
# the `postgres` user, which PostgreSQL requires.
set -euo pipefail
command=${1:?start or stop}
dir=${2:?a folder for the cluster}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
    echo "installing postgresql" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
    port=${3:-54329}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$dir" -U postgres --auth=trust --no-sync >/dev/null
    fi
    as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200" start >&2
    as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'caucus_test'" | grep -q 1 \
        || as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres caucus_test
    echo "postgres://postgres@127.0.0.1:$port/caucus_test"
    ;;
stop)
    as_owner "$bindir/pg_ctl" -D "$dir" -m "${3:-fast}" -w stop >&2
    ;;
*)
    echo "usage: $0 start DIR [PORT] | stop DIR [fast|immediate]" >&2
    exit 64
    ;;
esac
