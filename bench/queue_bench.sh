#!/usr/bin/env bash
# The hall queue's hot paths against baselines taken in the same run on the
# same machine (called at the end of `make bench` by bench/run.sh; runs on
# its own too):
#
#   POST /api/v1/halls/1/tickets (kiosk, public)  yiwang ÷ raw SQLite single-row
#        bench/take_ticket.lua, BENCH_WRITE_CONNS  transactions (WAL +
#                                                  synchronous=FULL, same
#                                                  filesystem)   target ≥ 0.8
#   GET /api/v1/tickets/{token} (the ticket page)  yiwang ÷ nginx static reply
#        bench/ticket_get.lua, BENCH_CONNS                       target ≥ 0.5
#
# A kiosk ticket is one write transaction: the counter upsert, the wait
# estimate (people ahead, open windows, mean service time), the ticket row,
# its event, the hourly rollup and the audit row. The status read counts the
# people ahead of a ticket in a queue of BENCH_QUEUE_WAITING (200) waiting.
#
# Every series is cut into BENCH_ROUNDS slices, interleaved with its
# baseline's (raw SQLite / take / …, nginx / read / …), as in bench/run.sh,
# whose knobs it shares: BENCH_ROUNDS (4), BENCH_SLICE (2), BENCH_WARMUP (2),
# BENCH_CONNS (64), BENCH_WRITE_CONNS (8), BENCH_WRK_THREADS (2),
# BENCH_THREADS (4), BENCH_NGINX_WORKERS (2), BENCH_NGINX_ACCESS_LOG (on),
# BENCH_RAW_SLICE (1.25), BENCH_KEEP=1, BENCH_BIN=PATH (no build).
# Own knobs: BENCH_QUEUE_QUEUES (20 bench queues of 9,999 numbers each, taken
# in turn), BENCH_QUEUE_WAITING (200).
#
# Targets are reported, not enforced (exit 0 whatever they say).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ROUNDS=${BENCH_ROUNDS:-4}
SLICE=${BENCH_SLICE:-2}
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNS:-64}
WRITE_CONNS=${BENCH_WRITE_CONNS:-8}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
YW_THREADS=${BENCH_THREADS:-4}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-2}
NGINX_ACCESS_LOG=${BENCH_NGINX_ACCESS_LOG:-on}
RAW_SLICE=${BENCH_RAW_SLICE:-1.25}
NQUEUES=${BENCH_QUEUE_QUEUES:-20}
NWAITING=${BENCH_QUEUE_WAITING:-200}
BUILD_DIR="$ROOT/build-bench"

say() { printf 'queue bench: %s\n' "$*" >&2; }
die() { say "setup failed: $*"; exit 1; }
((ROUNDS >= 1 && ROUNDS <= 10)) || die "BENCH_ROUNDS must be 1..10"
((SLICE >= 1 && SLICE <= 10)) || die "BENCH_SLICE must be 1..10"
((WARMUP >= 0 && WARMUP <= 10)) || die "BENCH_WARMUP must be 0..10"
((NQUEUES >= 1 && NQUEUES <= 26)) || die "BENCH_QUEUE_QUEUES must be 1..26"
((NWAITING >= 1 && NWAITING <= 2000)) || die "BENCH_QUEUE_WAITING must be 1..2000"

NGINX=$(command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
[ -n "$NGINX" ] || die "nginx not found (Debian package nginx-light; scripts/install-deps.sh bench)"
command -v wrk >/dev/null || die "wrk not found (Debian package wrk)"
command -v curl >/dev/null || die "curl not found"
CC=${CC:-cc}
HZ=$(getconf CLK_TCK)

mkdir -p "$ROOT/bench/out"
RUN=$(mktemp -d "$ROOT/bench/out/queue.XXXXXX")
YW_PID=""
NGINX_PID=""

stop_pid() { # PID NAME: TERM, wait up to 5 s, then KILL; only our own child
	local pid=$1 name=$2 i
	[ -n "$pid" ] || return 0
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		say "$name ($pid) did not stop on TERM; sending KILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_pid "$YW_PID" yiwang
	stop_pid "$NGINX_PID" nginx
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		say "kept the run directory: bench/out/$(basename "$RUN")"
	else
		rm -rf "$RUN"
		rmdir "$ROOT/bench/out" 2>/dev/null || true
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- build -----------------------------------------------------------------
if [ -n "${BENCH_BIN:-}" ]; then
	[ -x "$BENCH_BIN" ] || die "BENCH_BIN $BENCH_BIN is not executable"
	BIN=$(cd "$(dirname "$BENCH_BIN")" && pwd)/$(basename "$BENCH_BIN")
	say "using $BENCH_BIN (no build)"
else
	command -v cmake >/dev/null || die "cmake not found"
	say "building Release in build-bench/"
	if ! { cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DYW_WERROR=OFF &&
		cmake --build "$BUILD_DIR" -j2 --target yiwang; } >"$RUN/build.log" 2>&1; then
		tail -n 30 "$RUN/build.log" >&2
		die "build failed"
	fi
	BIN="$BUILD_DIR/yiwang"
fi
"$CC" -O2 -Wall -Wextra -o "$RUN/sqlite_raw" "$ROOT/bench/sqlite_raw.c" -lsqlite3 2>"$RUN/cc.log" ||
	{ cat "$RUN/cc.log" >&2; die "cannot compile bench/sqlite_raw.c (needs libsqlite3-dev)"; }

# ---- servers ---------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() { # URL SECONDS
	local i
	for i in $(seq $(($2 * 10))); do
		curl -s -o /dev/null --max-time 1 "$1" && return 0
		sleep 0.1
	done
	return 1
}

cpu_ticks() { # the user+sys ticks of the PIDs in $1
	local p t=0 v
	for p in $1; do
		v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
		t=$((t + v))
	done
	echo "$t"
}

start_nginx() {
	local dir="$RUN/nginx" port tries
	mkdir -p "$dir/logs" "$dir/tmp"
	local access="access_log logs/access.log;"
	[ "$NGINX_ACCESS_LOG" = off ] && access="access_log off;"
	for tries in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 30000))
		port_free "$port" || continue
		cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes $NGINX_WORKERS;
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 4096; }
http {
    $access
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    server_tokens off;
    server {
        listen 127.0.0.1:$port;
        default_type application/json;
        location = /healthz { return 200 '{"status":"ok"}'; }
    }
}
EOF
		"$NGINX" -p "$dir/" -c "$dir/nginx.conf" -e logs/error.log >"$dir/stdout.log" 2>&1 &
		NGINX_PID=$!
		if wait_http "http://127.0.0.1:$port/healthz" 5; then
			NGINX_PORT=$port
			NGINX_PIDS=$(awk -v m="$NGINX_PID" '$4 == m {printf "%s ", $1}' /proc/[0-9]*/stat 2>/dev/null)
			NGINX_PIDS="$NGINX_PID $NGINX_PIDS"
			return 0
		fi
		stop_pid "$NGINX_PID" nginx
		NGINX_PID=""
	done
	cat "$dir/logs/error.log" "$dir/stdout.log" >&2 2>/dev/null || true
	die "nginx did not start"
}

start_yiwang() {
	"$BIN" seed demo --store "sqlite:$RUN/yw.db" >"$RUN/seed.log" 2>&1 ||
		{ cat "$RUN/seed.log" >&2; die "yiwang seed demo failed"; }
	"$BIN" serve --listen 127.0.0.1:0 --store "sqlite:$RUN/yw.db" --threads "$YW_THREADS" \
		2>"$RUN/yiwang.log" &
	YW_PID=$!
	local i
	YW_PORT=""
	for i in $(seq 100); do
		YW_PORT=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$RUN/yiwang.log" | head -n1)
		[ -n "$YW_PORT" ] && break
		kill -0 "$YW_PID" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$YW_PORT" ] || { cat "$RUN/yiwang.log" >&2; die "yiwang serve did not start"; }
	wait_http "http://127.0.0.1:$YW_PORT/healthz" 5 || die "yiwang does not answer /healthz"
}

# ---- the bench data ----------------------------------------------------------
api() { # METHOD PATH [BODY]: prints the reply, fails on a non-2xx
	curl -sf --max-time 10 -X "$1" "http://127.0.0.1:$YW_PORT$2" -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' ${3:+-d "$3"}
}

prepare() {
	local out i letters=ABCDEFGHIJKLMNOPQRSTUVWXYZ id
	out=$(curl -sf --max-time 10 -X POST "http://127.0.0.1:$YW_PORT/api/v1/auth/login" \
		-H 'Content-Type: application/json' -d '{"username":"admin","password":"Admin@2026yw"}') ||
		die "login failed"
	TOKEN=$(printf '%s' "$out" | sed -n 's/.*"token":"\([0-9a-fA-F]*\)".*/\1/p')
	[ -n "$TOKEN" ] || die "login reply has no token"
	# Bench queues: 9,999 numbers a day each (the most a queue has).
	QUEUES=""
	for i in $(seq 0 $((NQUEUES - 1))); do
		out=$(api POST /api/v1/queues "{\"hall_id\":1,\"code\":\"BENCH$i\",\"name\":\"压测$i\",\"prefix\":\"Z${letters:$i:1}\",\"number_max\":9999,\"pad\":4,\"daily_quota\":9999}") ||
			die "cannot create bench queue $i"
		id=$(printf '%s' "$out" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
		[ -n "$id" ] || die "no id for bench queue $i: $out"
		QUEUES="$QUEUES${QUEUES:+,}$id"
	done
	# The people waiting in queue A whose ticket pages are read.
	TICKET_TOKENS=""
	for i in $(seq "$NWAITING"); do
		out=$(curl -sf --max-time 10 -X POST "http://127.0.0.1:$YW_PORT/api/v1/halls/1/tickets" \
			-H 'Content-Type: application/json' -d '{"queue_id":1}') || die "kiosk ticket $i refused"
		TICKET_TOKENS="$TICKET_TOKENS $(printf '%s' "$out" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')"
	done
	# Checks that the Lua scripts' requests are accepted.
	curl -sf --max-time 10 -o /dev/null -X POST "http://127.0.0.1:$YW_PORT/api/v1/halls/1/tickets" \
		-H 'Content-Type: application/json' -d "{\"queue_id\":${QUEUES%%,*}}" || die "bench queue refuses tickets"
	curl -sf --max-time 10 -o /dev/null "http://127.0.0.1:$YW_PORT/api/v1/tickets/${TICKET_TOKENS##* }" ||
		die "ticket page refused"
}

# ---- measuring (as in bench/run.sh) ------------------------------------------
declare -A REQ SEC TICKS BAD P99 URL CONN LUA PIDS

series() { # NAME URL CONNS LUA PIDS
	REQ[$1]=0 SEC[$1]=0 TICKS[$1]=0 BAD[$1]=0 P99[$1]=0
	URL[$1]=$2 CONN[$1]=$3 LUA[$1]=$4 PIDS[$1]=$5
}

wrk_args() { # NAME
	WRK_ARGS=(-t"$WRK_THREADS" -c"${CONN[$1]}" --timeout 5s)
	[ -n "${LUA[$1]}" ] && WRK_ARGS+=(-s "${LUA[$1]}")
	return 0
}

run_wrk() { # NAME SECONDS OUT [--latency]
	wrk_args "$1"
	YW_QUEUES=$QUEUES YW_TICKET_TOKENS=$TICKET_TOKENS wrk "${WRK_ARGS[@]}" ${4:-} -d"$2s" "${URL[$1]}" >"$3" 2>&1
}

warm() { # NAME
	((WARMUP > 0)) || return 0
	run_wrk "$1" "$WARMUP" "$RUN/wrk-$1-warmup.txt" || { cat "$RUN/wrk-$1-warmup.txt" >&2; die "wrk warm-up $1 failed"; }
}

slice() { # NAME ROUND
	local name=$1 out="$RUN/wrk-$1-$2.txt" t0 t1 n s bad p99
	t0=$(cpu_ticks "${PIDS[$name]}")
	run_wrk "$name" "$SLICE" "$out" --latency || { cat "$out" >&2; die "wrk $name failed"; }
	t1=$(cpu_ticks "${PIDS[$name]}")
	n="" s=""
	read -r n s < <(awk '/ requests in / {sub(/s,$/, "", $4); print $1, $4}' "$out") || true
	[ -n "${n:-}" ] || { cat "$out" >&2; die "no request count in wrk output for $name"; }
	bad=$(awk '/Non-2xx or 3xx responses:/ {n += $NF}
		/Socket errors:/ {for (i = 3; i <= NF; i++) { v = $i; gsub(/[^0-9]/, "", v); n += v }}
		END {print n + 0}' "$out") || true
	p99=$(awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
		print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : u == "m" ? v * 60000 : v) }' "$out") || true
	REQ[$name]=$((REQ[$name] + n))
	SEC[$name]=$(awk -v a="${SEC[$name]}" -v b="$s" 'BEGIN {print a + b}')
	TICKS[$name]=$((TICKS[$name] + t1 - t0))
	BAD[$name]=$((BAD[$name] + bad))
	P99[$name]=$(awk -v a="${P99[$name]}" -v b="${p99:-0}" 'BEGIN {print (b > a ? b : a)}')
}

RAW_TX=0 RAW_SEC=0
raw_slice() { # SECONDS (0: warm-up only)
	local out n s
	if [ "$1" = 0 ]; then
		"$RUN/sqlite_raw" -s row -w 1 "$RUN/raw-row.db" 0.1 >/dev/null || die "sqlite_raw failed"
		return 0
	fi
	out=$("$RUN/sqlite_raw" -s row "$RUN/raw-row.db" "$1") || die "sqlite_raw failed"
	SQLITE_VERSION=$(printf '%s' "$out" | sed -n 's/.*version=\([^ ]*\).*/\1/p')
	read -r n s < <(printf '%s' "$out" | sed -n 's/.* tx=\([0-9]*\) seconds=\([0-9.]*\).*/\1 \2/p') || true
	RAW_TX=$((RAW_TX + n))
	RAW_SEC=$(awk -v a="$RAW_SEC" -v b="$s" 'BEGIN {print a + b}')
}

rps() { awk -v n="${REQ[$1]}" -v s="${SEC[$1]}" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}'; }
cpu_us() { awk -v t="${TICKS[$1]}" -v n="${REQ[$1]}" -v hz="$HZ" 'BEGIN {printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
verdict() { # VALUE TARGET ERRORS
	if [ "${3:-0}" != 0 ]; then
		echo "FAIL ($3 errors)"
		return
	fi
	awk -v r="$1" -v t="$2" 'BEGIN {print (r >= t) ? "PASS" : "FAIL"}'
}

# ---- the run ---------------------------------------------------------------
start_nginx
start_yiwang
prepare
N="http://127.0.0.1:$NGINX_PORT"
Y="http://127.0.0.1:$YW_PORT"
series nginx "$N/healthz" "$CONNS" "" "$NGINX_PIDS"
series status "$Y" "$CONNS" "$ROOT/bench/ticket_get.lua" "$YW_PID"
series take "$Y" "$WRITE_CONNS" "$ROOT/bench/take_ticket.lua" "$YW_PID"
say "nginx 127.0.0.1:$NGINX_PORT; yiwang 127.0.0.1:$YW_PORT (threads $YW_THREADS); $NQUEUES bench queues," \
	"$NWAITING waiting in A; $ROUNDS rounds of ${SLICE}s slices after ${WARMUP}s warm-ups"

say "reads: $ROUNDS rounds of nginx / GET /api/v1/tickets/{token}"
warm nginx
warm status
for r in $(seq "$ROUNDS"); do
	slice nginx "$r"
	slice status "$r"
done
say "writes: $ROUNDS rounds of raw SQLite row / POST /api/v1/halls/1/tickets"
raw_slice 0
warm take
for r in $(seq "$ROUNDS"); do
	raw_slice "$RAW_SLICE"
	slice take "$r"
done

# Numbers stay unique and gap-free under the load (one counter per queue).
GAPS="not checked (no sqlite3 command)"
if command -v sqlite3 >/dev/null; then
	GAPS=$(sqlite3 "file:$RUN/yw.db?mode=ro" "SELECT CASE WHEN SUM(n <> mx OR n <> d) = 0 THEN 'yes' ELSE 'NO' END || ' (' || SUM(n) || ' tickets in ' || COUNT(*) || ' queues)' FROM (SELECT queue_id, COUNT(*) n, MAX(number) mx, COUNT(DISTINCT number) d FROM tickets WHERE queue_id IN ($QUEUES) GROUP BY queue_id)" 2>&1) ||
		GAPS="not checked: $GAPS"
fi

NGINX_RPS=$(rps nginx)
RAW_TPS=$(awk -v n="$RAW_TX" -v s="$RAW_SEC" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')
R_T=$(ratio "$(rps take)" "$RAW_TPS")
R_S=$(ratio "$(rps status)" "$NGINX_RPS")

echo
echo "yiwang queue bench $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) CPU(s), shared with other work: compare ratios, not absolutes"
echo "wrk -t$WRK_THREADS, reads -c$CONNS, tickets -c$WRITE_CONNS; $ROUNDS×${SLICE}s per series, interleaved, after ${WARMUP}s warm-ups;"
echo "yiwang Release --threads $YW_THREADS; nginx $NGINX_WORKERS workers, access_log $NGINX_ACCESS_LOG; SQLite ${SQLITE_VERSION:-?}, WAL, synchronous=FULL"
echo
row() { printf '| %-40s | %9s | %-26s | %5s | %6s | %-6s |\n' "$@"; }
row "measure" "yiwang" "baseline" "ratio" "target" "result"
printf '|%s|%s|%s|%s|%s|%s|\n' "------------------------------------------" "----------:" "----------------------------" "------:" "--------" "--------"
row "POST /api/v1/halls/1/tickets, req/s" "$(rps take)" "raw SQLite row $RAW_TPS tx/s" "$R_T" ">= 0.8" "$(verdict "$R_T" 0.8 "${BAD[take]}")"
row "GET /api/v1/tickets/{token}, req/s" "$(rps status)" "nginx static $NGINX_RPS" "$R_S" ">= 0.5" "$(verdict "$R_S" 0.5 "${BAD[status]}")"
echo
echo "diagnostics (not targets):"
printf '  server CPU per request (user+sys): nginx %s us; ticket status %s us; take a ticket %s us\n' \
	"$(cpu_us nginx)" "$(cpu_us status)" "$(cpu_us take)"
printf '  worst slice p99: nginx %sms, ticket status %sms, take a ticket %sms\n' \
	"${P99[nginx]}" "${P99[status]}" "${P99[take]}"
printf '  numbers unique and gap-free per bench queue: %s\n' "$GAPS"
exit 0
