#!/bin/sh
# A throw-away PostgreSQL 15 cluster for the store contract tests.
#
#   scripts/pg-test-cluster.sh start DIR   -> prints the libpq conninfo
#   scripts/pg-test-cluster.sh stop DIR    -> stops it and removes DIR
#
# The server listens only on a unix socket inside DIR (no TCP port to clash
# with anything else on the machine), runs with fsync off (tests do not
# survive power cuts, and it is several times faster), and holds one
# database, yiwang_test. `start` on a running cluster just prints the
# conninfo again, so callers need not track state.
#
# PostgreSQL refuses to run as root, so when we are root the cluster is
# owned by and run as the `postgres` OS user (created by the Debian
# package). Needs: apt-get install postgresql (Debian 12: version 15).
set -eu

PGBIN=${PGBIN:-}
if [ -z "$PGBIN" ]; then
	for v in 15 16 17 14 13; do
		if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then
			PGBIN=/usr/lib/postgresql/$v/bin
			break
		fi
	done
fi
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
	echo "pg-test-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
	exit 1
fi

usage() {
	echo "usage: $0 start|stop DIR" >&2
	exit 2
}
[ $# -eq 2 ] || usage
cmd=$1
dir=$2
case "$dir" in
/*) ;;
*) dir=$(pwd)/$dir ;;
esac

# Run a server binary as the cluster's owner.
if [ "$(id -u)" = 0 ]; then
	owner=postgres
	if ! id "$owner" >/dev/null 2>&1; then
		echo "pg-test-cluster: running as root needs the 'postgres' OS user" >&2
		exit 1
	fi
	# runuser lives in /usr/sbin, which a CI job's PATH may lack.
	runuser=$(command -v runuser || echo /usr/sbin/runuser)
	as_owner() { "$runuser" -u "$owner" -- "$@"; }
else
	owner=$(id -un)
	as_owner() { "$@"; }
fi

data=$dir/data
log=$dir/server.log

conninfo() {
	# The superuser is named after the OS user that ran initdb.
	echo "host=$dir dbname=yiwang_test user=$owner"
}

running() {
	[ -f "$data/postmaster.pid" ] && as_owner "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start() {
	# A unix socket path is limited to 107 bytes.
	if [ ${#dir} -gt 90 ]; then
		echo "pg-test-cluster: DIR is too long for a unix socket path: $dir" >&2
		exit 1
	fi
	mkdir -p "$dir"
	# initdb and the server run as the owner: DIR must be theirs, and every
	# parent of it searchable by them.
	if [ "$(id -u)" = 0 ]; then
		chown "$owner" "$dir"
		chmod 0755 "$dir"
		if ! as_owner test -w "$dir"; then
			echo "pg-test-cluster: user $owner cannot reach $dir (a parent directory is not searchable)" >&2
			exit 1
		fi
	fi
	if [ ! -f "$data/PG_VERSION" ]; then
		as_owner "$PGBIN/initdb" -D "$data" -U "$owner" --auth=trust \
			--encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
			cat "$dir/initdb.log" >&2
			exit 1
		}
		cat >>"$data/postgresql.conf" <<EOF
# pg-test-cluster.sh: unix socket only, speed over durability.
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 32MB
log_min_messages = warning
EOF
	fi
	if ! running; then
		as_owner "$PGBIN/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null || {
			cat "$log" >&2
			exit 1
		}
	fi
	if ! as_owner "$PGBIN/psql" -h "$dir" -U "$owner" -d postgres -Atqc \
		"SELECT 1 FROM pg_database WHERE datname = 'yiwang_test'" | grep -q 1; then
		as_owner "$PGBIN/createdb" -h "$dir" -U "$owner" -E UTF8 -T template0 yiwang_test
	fi
	conninfo
}

stop() {
	if [ -d "$data" ] && running; then
		as_owner "$PGBIN/pg_ctl" -D "$data" -w -t 60 -m fast stop >/dev/null
	fi
	rm -rf "$dir"
}

case "$cmd" in
start) start ;;
stop) stop ;;
*) usage ;;
esac
