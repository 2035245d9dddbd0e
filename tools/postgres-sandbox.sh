#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests and for local use (Debian's `postgresql` package).
#
#   tools/postgres-sandbox.sh start DIR [PORT]   new cluster in DIR, on 127.0.0.1:PORT (default 55432);
#                                                 prints postgresql://nas@127.0.0.1:PORT/nas_test
#   tools/postgres-sandbox.sh stop DIR           stops it; deleting DIR is the caller's job
#
# Cluster in DIR/data, log in DIR/server.log, unix sockets in DIR, trust authentication for 127.0.0.1
# only, fsync off. As root the server runs as the `postgres` system user (DIR is handed to it).
set -euo pipefail

die() { echo "postgres-sandbox: $*" >&2; exit 1; }
usage() { die "usage: $0 start DIR [PORT] | stop DIR"; }

# The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl.
find_bin() {
    local d best=""
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] || continue
        if [ -z "$best" ] || [ "$(printf '%s\n%s\n' "${best%/bin}" "${d%/bin}" | sort -V | tail -n 1)" = "${d%/bin}" ]; then
            best=$d
        fi
    done
    [ -n "$best" ] || die "PostgreSQL is not installed: apt-get install postgresql"
    BIN=$best
    if [ -x "$BIN/psql" ]; then PSQL=$BIN/psql
    elif command -v psql >/dev/null 2>&1; then PSQL=$(command -v psql)
    else die "psql is missing: apt-get install postgresql-client"
    fi
}

# as USER CMD...: run CMD as USER (root only), else as ourselves; always from DIR so that the
# postgres user never has to read the caller's working directory.
as() {
    local user=$1; shift
    if [ "$(id -u)" -eq 0 ] && [ "$user" != root ]; then
        (cd "$DIR" && runuser -u "$user" -- "$@")
    else
        (cd "$DIR" && "$@")
    fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

log_tail() {
    if [ -r "$1" ]; then
        echo "--- last lines of $1:" >&2
        tail -n 20 "$1" >&2
    fi
}

start() {
    local port=${1:-55432}
    [[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "bad port: $port"
    find_bin
    port_in_use "$port" && die "port $port on 127.0.0.1 is already in use (pick another: $0 start DIR PORT)"

    local user
    user=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "the postgres system user is missing (reinstall: apt-get install postgresql)"
        user=postgres
    fi

    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd -P)
    [ -z "$(ls -A "$DIR")" ] || die "$DIR is not empty; give a new or empty directory"
    if [ "$user" != "$(id -un)" ]; then
        chown "$user:" "$DIR"
        runuser -u "$user" -- test -w "$DIR" \
            || die "$DIR is not reachable by the $user user (its parent directories must be searchable by others)"
    fi
    chmod 700 "$DIR"
    [ "${#DIR}" -le 90 ] || die "$DIR is too long a path for a unix socket; use a shorter one"

    local data=$DIR/data log=$DIR/server.log
    if ! as "$user" "$BIN/initdb" -D "$data" -U postgres --auth=trust --no-locale --encoding=UTF8 \
            >"$DIR/initdb.log" 2>&1; then
        echo "postgres-sandbox: initdb failed" >&2
        log_tail "$DIR/initdb.log"
        exit 1
    fi

    cat >"$data/pg_hba.conf" <<'EOF'
# postgres-sandbox: trust on 127.0.0.1, nothing else
host all all 127.0.0.1/32 trust
EOF
    cat >>"$data/postgresql.conf" <<EOF

# postgres-sandbox: a throw-away server for tests
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$DIR'
max_connections = 200
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
checkpoint_timeout = 30min
max_wal_size = 1GB
log_min_messages = warning
log_line_prefix = '%m [%p] '
EOF
    [ "$user" = "$(id -un)" ] || chown "$user:" "$data/pg_hba.conf" "$data/postgresql.conf"

    if ! as "$user" "$BIN/pg_ctl" start -D "$data" -l "$log" -w -t 60 >/dev/null 2>"$DIR/pg_ctl.log"; then
        if grep -q 'Address already in use' "$log" 2>/dev/null; then
            echo "postgres-sandbox: port $port on 127.0.0.1 is already in use" >&2
        else
            echo "postgres-sandbox: the server did not start" >&2
        fi
        cat "$DIR/pg_ctl.log" >&2
        log_tail "$log"
        as "$user" "$BIN/pg_ctl" stop -D "$data" -m immediate >/dev/null 2>&1 || true
        exit 1
    fi
    rm -f "$DIR/pg_ctl.log"

    local i
    for ((i = 0; i < 60; i++)); do
        "$PSQL" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'select 1' >/dev/null 2>&1 && break
        sleep 0.5
    done
    if [ "$i" -eq 60 ]; then
        echo "postgres-sandbox: the server does not accept connections on 127.0.0.1:$port" >&2
        log_tail "$log"
        as "$user" "$BIN/pg_ctl" stop -D "$data" -m immediate >/dev/null 2>&1 || true
        exit 1
    fi

    if ! "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres >/dev/null <<'EOF'
create role nas login superuser;
create database nas_test owner nas;
EOF
    then
        echo "postgres-sandbox: could not create the role nas and the database nas_test" >&2
        log_tail "$log"
        exit 1
    fi

    echo "postgresql://nas@127.0.0.1:$port/nas_test"
}

stop() {
    [ -d "$DIR" ] || die "$DIR does not exist"
    DIR=$(cd "$DIR" && pwd -P)
    local data=$DIR/data
    [ -f "$data/PG_VERSION" ] || die "$DIR holds no sandbox cluster"
    find_bin
    local user
    user=$(stat -c %U "$data")
    if ! as "$user" "$BIN/pg_ctl" status -D "$data" >/dev/null 2>&1; then
        echo "postgres-sandbox: no server running in $DIR" >&2
        return 0
    fi
    if ! as "$user" "$BIN/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null; then
        echo "postgres-sandbox: the server in $DIR did not stop" >&2
        log_tail "$DIR/server.log"
        exit 1
    fi
}

[ $# -ge 2 ] || usage
cmd=$1 DIR=$2
case $cmd in
    start) [ $# -le 3 ] || usage; start "${3:-}" ;;
    stop) [ $# -eq 2 ] || usage; stop ;;
    *) usage ;;
esac
