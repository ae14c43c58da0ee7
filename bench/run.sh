#!/usr/bin/env bash
# `make bench`: measures yiwang against baselines taken in the same run on
# the same machine and prints ratios (the machine is shared and noisy, so
# absolute numbers from different runs do not compare; ratios roughly do).
#
#   GET /healthz                 yiwang ÷ nginx static reply      target ≥ 0.8
#   GET /api/v1/halls/1 (Bearer) yiwang ÷ nginx static reply      target ≥ 0.5
#   PUT /api/v1/halls/1 audited  yiwang ÷ raw SQLite tx/s          target ≥ 0.8
#                                (same WAL + synchronous=FULL, same disk)
#   idle RSS after start-up + seed, before any request             target < 30 MB
#
# Targets are reported, not enforced: exit status is 0 whatever they say,
# non-zero only when the bench itself cannot be set up. Method and results:
# docs/performance.md.
#
# Knobs (environment): BENCH_DURATION (s, default 8, at most 10),
# BENCH_WARMUP (s, 2), BENCH_CONNS (64), BENCH_WRITE_CONNS (8),
# BENCH_WRK_THREADS (2), BENCH_THREADS (yiwang --threads, 2),
# BENCH_NGINX_WORKERS (2), BENCH_NGINX_ACCESS_LOG (on|off, on),
# BENCH_RAW_SECONDS (5), BENCH_KEEP=1 keeps the run directory for a look.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${BENCH_DURATION:-8}
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNS:-64}
WRITE_CONNS=${BENCH_WRITE_CONNS:-8}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
YW_THREADS=${BENCH_THREADS:-2}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-2}
NGINX_ACCESS_LOG=${BENCH_NGINX_ACCESS_LOG:-on}
RAW_SECONDS=${BENCH_RAW_SECONDS:-5}
BUILD_DIR="$ROOT/build-bench"
((DURATION >= 1 && DURATION <= 10)) || { echo "bench: BENCH_DURATION must be 1..10" >&2; exit 2; }
((WARMUP >= 0 && WARMUP <= 10)) || { echo "bench: BENCH_WARMUP must be 0..10" >&2; exit 2; }

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "setup failed: $*"; exit 1; }

# ---- tools -------------------------------------------------------------
find_nginx() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }
NGINX=$(find_nginx)
if [ -z "$NGINX" ] || ! command -v wrk >/dev/null || ! command -v curl >/dev/null; then
	say "nginx, wrk or curl missing: running scripts/install-deps.sh bench"
	"$ROOT/scripts/install-deps.sh" bench || die "scripts/install-deps.sh bench failed"
	NGINX=$(find_nginx)
fi
[ -n "$NGINX" ] || die "nginx not found (Debian package nginx-light)"
command -v wrk >/dev/null || die "wrk not found (Debian package wrk)"
command -v curl >/dev/null || die "curl not found"
command -v cmake >/dev/null || die "cmake not found"
CC=${CC:-cc}

# ---- run directory and cleanup ----------------------------------------
# Inside the repo (bench/out/ is git-ignored) so the databases sit on the
# same filesystem as a default deployment's data/ directory.
mkdir -p "$ROOT/bench/out"
RUN=$(mktemp -d "$ROOT/bench/out/run.XXXXXX")
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

# ---- build ---------------------------------------------------------------
# Release (-O3). YW_WERROR=OFF: gcc -O3 emits a -Wformat-truncation
# warning the default -O2 build does not; warnings are CI's job, not this one's.
say "building Release in build-bench/"
if ! { cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DYW_WERROR=OFF &&
	cmake --build "$BUILD_DIR" -j2 --target yiwang; } >"$RUN/build.log" 2>&1; then
	tail -n 30 "$RUN/build.log" >&2
	die "build failed"
fi
BIN="$BUILD_DIR/yiwang"
"$CC" -O2 -Wall -Wextra -o "$RUN/sqlite_raw" "$ROOT/bench/sqlite_raw.c" -lsqlite3 2>"$RUN/cc.log" ||
	{ cat "$RUN/cc.log" >&2; die "cannot compile bench/sqlite_raw.c (needs libsqlite3-dev)"; }

# ---- helpers ---------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() { # URL SECONDS
	local i
	for i in $(seq $(($2 * 10))); do
		curl -s -o /dev/null --max-time 1 "$1" && return 0
		sleep 0.1
	done
	return 1
}

# ---- nginx: the static baseline ------------------------------------------
start_nginx() {
	local dir="$RUN/nginx" port tries
	mkdir -p "$dir/logs"
	local access="access_log logs/access.log;"
	[ "$NGINX_ACCESS_LOG" = off ] && access="access_log off;"
	for tries in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 30000))
		port_free "$port" || continue
		# Relative paths resolve against the -p prefix (the run directory).
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
		mkdir -p "$dir/tmp"
		"$NGINX" -p "$dir/" -c "$dir/nginx.conf" -e logs/error.log >"$dir/stdout.log" 2>&1 &
		NGINX_PID=$!
		if wait_http "http://127.0.0.1:$port/healthz" 5; then
			NGINX_PORT=$port
			return 0
		fi
		stop_pid "$NGINX_PID" nginx
		NGINX_PID=""
	done
	cat "$dir/logs/error.log" "$dir/stdout.log" >&2 2>/dev/null || true
	die "nginx did not start"
}

# ---- yiwang ---------------------------------------------------------------
start_yiwang() {
	"$BIN" seed demo --store "sqlite:$RUN/yw.db" >"$RUN/seed.log" 2>&1 ||
		{ cat "$RUN/seed.log" >&2; die "yiwang seed demo failed"; }
	"$BIN" serve --listen 127.0.0.1:0 --store "sqlite:$RUN/yw.db" --threads "$YW_THREADS" \
		2>"$RUN/yiwang.log" &
	YW_PID=$!
	local i
	for i in $(seq 100); do
		YW_PORT=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$RUN/yiwang.log" | head -n1)
		[ -n "$YW_PORT" ] && break
		kill -0 "$YW_PID" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "${YW_PORT:-}" ] || { cat "$RUN/yiwang.log" >&2; die "yiwang serve did not start"; }
	wait_http "http://127.0.0.1:$YW_PORT/healthz" 5 || die "yiwang does not answer /healthz"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

login() {
	local out
	out=$(curl -sf --max-time 10 -X POST "http://127.0.0.1:$YW_PORT/api/v1/auth/login" \
		-H 'Content-Type: application/json' \
		-d '{"username":"admin","password":"Admin@2026yw"}') || die "login failed"
	TOKEN=$(printf '%s' "$out" | sed -n 's/.*"token":"\([0-9a-fA-F]*\)".*/\1/p')
	[ -n "$TOKEN" ] || die "login reply has no token"
	# The write bench must not fail on authorisation: check one PUT first.
	curl -sf --max-time 10 -o /dev/null -X PUT "http://127.0.0.1:$YW_PORT/api/v1/halls/1" \
		-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d '{"phone":"0762-3300100"}' || die "PUT /api/v1/halls/1 is refused"
	curl -sf --max-time 10 -o /dev/null "http://127.0.0.1:$YW_PORT/api/v1/halls/1" \
		-H "Authorization: Bearer $TOKEN" || die "GET /api/v1/halls/1 is refused"
}

# run_wrk NAME CONNS URL [LUA]: a discarded warm-up, then the measured run.
# Sets RPS_<NAME>, P99_<NAME>, BAD_<NAME> (non-2xx + socket errors).
run_wrk() {
	local name=$1 conns=$2 url=$3 lua=${4:-} out="$RUN/wrk-$1.txt"
	local args=(-t"$WRK_THREADS" -c"$conns" --timeout 5s)
	[ -n "$lua" ] && args+=(-s "$lua")
	if ((WARMUP > 0)); then
		YW_TOKEN=${TOKEN:-} wrk "${args[@]}" -d"${WARMUP}s" "$url" >"$RUN/wrk-$name-warmup.txt" 2>&1 ||
			{ cat "$RUN/wrk-$name-warmup.txt" >&2; die "wrk warm-up $name failed"; }
	fi
	YW_TOKEN=${TOKEN:-} wrk "${args[@]}" --latency -d"${DURATION}s" "$url" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "wrk $name failed"; }
	local rps p99 bad
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
	[ -n "$rps" ] || { cat "$out" >&2; die "no Requests/sec in wrk output for $name"; }
	p99=$(awk '$1 == "99%" {print $2}' "$out")
	bad=$(awk '/Non-2xx or 3xx responses:/ {n += $NF}
		/Socket errors:/ {for (i = 3; i <= NF; i++) { v = $i; gsub(/[^0-9]/, "", v); n += v }}
		END {print n + 0}' "$out")
	printf -v "RPS_$name" '%s' "$rps"
	printf -v "P99_$name" '%s' "${p99:-?}"
	printf -v "BAD_$name" '%s' "$bad"
	say "$(printf '%-14s %10.0f req/s  p99 %-8s errors %s' "$name" "$rps" "${p99:-?}" "$bad")"
}

run_raw() { # NAME: sets RAW_<NAME> (tx/s)
	local out
	out=$("$RUN/sqlite_raw" "$RUN/raw-$1.db" "$RAW_SECONDS") || die "sqlite_raw failed"
	printf -v "RAW_$1" '%s' "$(printf '%s' "$out" | sed -n 's/.*tx_per_s=\([0-9.]*\).*/\1/p')"
	SQLITE_VERSION=$(printf '%s' "$out" | sed -n 's/.*version=\([^ ]*\).*/\1/p')
	say "$(printf '%-14s %10.0f tx/s (raw SQLite, WAL, synchronous=FULL, 1 thread)' "raw_$1" "$(eval echo "\$RAW_$1")")"
	rm -f "$RUN/raw-$1.db" "$RUN/raw-$1.db-wal" "$RUN/raw-$1.db-shm"
}

# ---- the run ---------------------------------------------------------------
start_nginx
start_yiwang
sleep 0.5
IDLE_RSS_KB=$(rss_kb "$YW_PID")
login
say "nginx 127.0.0.1:$NGINX_PORT (workers $NGINX_WORKERS, access_log $NGINX_ACCESS_LOG);" \
	"yiwang 127.0.0.1:$YW_PORT (threads $YW_THREADS); wrk -t$WRK_THREADS -c$CONNS" \
	"(writes -c$WRITE_CONNS) -d${DURATION}s after ${WARMUP}s warm-up"

N="http://127.0.0.1:$NGINX_PORT"
Y="http://127.0.0.1:$YW_PORT"
# nginx brackets the yiwang reads (before and after) and the raw SQLite runs
# bracket the yiwang writes, so slow drift on the shared machine averages out.
run_wrk nginx_a "$CONNS" "$N/healthz"
run_wrk yw_healthz "$CONNS" "$Y/healthz"
run_wrk yw_get "$CONNS" "$Y/api/v1/halls/1" "$ROOT/bench/auth_get.lua"
run_wrk nginx_b "$CONNS" "$N/healthz"
run_raw a
run_wrk yw_put "$WRITE_CONNS" "$Y/api/v1/halls/1" "$ROOT/bench/audited_put.lua"
run_raw b
LOAD_RSS_KB=$(rss_kb "$YW_PID")

# ---- the table -------------------------------------------------------------
mean() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (a + b) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
verdict() { # RATIO OP TARGET BAD
	if [ "${4:-0}" != 0 ]; then echo "FAIL ($4 errors)"; return; fi
	awk -v r="$1" -v t="$3" -v op="$2" 'BEGIN {ok = (op == ">=") ? (r >= t) : (r < t); print ok ? "PASS" : "FAIL"}'
}
NGINX_RPS=$(mean "$RPS_nginx_a" "$RPS_nginx_b")
RAW_TPS=$(mean "$RAW_a" "$RAW_b")
R_H=$(ratio "$RPS_yw_healthz" "$NGINX_RPS")
R_G=$(ratio "$RPS_yw_get" "$NGINX_RPS")
R_W=$(ratio "$RPS_yw_put" "$RAW_TPS")
IDLE_MB=$(awk -v k="$IDLE_RSS_KB" 'BEGIN {printf "%.1f", k / 1024}')
LOAD_MB=$(awk -v k="$LOAD_RSS_KB" 'BEGIN {printf "%.1f", k / 1024}')

CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
echo
echo "yiwang bench — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPU(s) ${CPU:+($CPU)}, shared machine: compare ratios, not absolutes"
echo "wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s (writes: -c$WRITE_CONNS) after ${WARMUP}s warm-up; yiwang --threads $YW_THREADS, Release, access log to a file;"
echo "nginx $("$NGINX" -v 2>&1 | sed 's/.*\///') workers $NGINX_WORKERS, access_log $NGINX_ACCESS_LOG; SQLite ${SQLITE_VERSION:-?} WAL synchronous=FULL"
echo
printf '| %-34s | %11s | %-30s | %5s | %6s | %-6s |\n' "measure" "yiwang" "baseline" "ratio" "target" "result"
printf '|%s|%s|%s|%s|%s|%s|\n' "------------------------------------" "------------:" "--------------------------------" "------:" "-------" "--------"
printf '| %-34s | %11.0f | %-30s | %5s | %6s | %-6s |\n' "GET /healthz (req/s)" "$RPS_yw_healthz" \
	"$(printf 'nginx static %.0f' "$NGINX_RPS")" "$R_H" "≥ 0.8" "$(verdict "$R_H" ">=" 0.8 "$BAD_yw_healthz")"
printf '| %-34s | %11.0f | %-30s | %5s | %6s | %-6s |\n' "GET /api/v1/halls/1 Bearer (req/s)" "$RPS_yw_get" \
	"$(printf 'nginx static %.0f' "$NGINX_RPS")" "$R_G" "≥ 0.5" "$(verdict "$R_G" ">=" 0.5 "$BAD_yw_get")"
printf '| %-34s | %11.0f | %-30s | %5s | %6s | %-6s |\n' "PUT /api/v1/halls/1 audited (req/s)" "$RPS_yw_put" \
	"$(printf 'raw SQLite %.0f tx/s' "$RAW_TPS")" "$R_W" "≥ 0.8" "$(verdict "$R_W" ">=" 0.8 "$BAD_yw_put")"
printf '| %-34s | %11s | %-30s | %5s | %6s | %-6s |\n' "idle RSS after start + seed (MB)" "$IDLE_MB" "—" "—" "< 30" \
	"$(verdict "$IDLE_MB" "<" 30 0)"
echo
printf 'detail: nginx %.0f / %.0f req/s (before / after the yiwang reads); raw SQLite %.0f / %.0f tx/s (before / after the writes)\n' \
	"$RPS_nginx_a" "$RPS_nginx_b" "$RAW_a" "$RAW_b"
printf 'p99 latency: nginx %s, yiwang /healthz %s, GET %s, PUT %s; RSS after load %s MB\n' \
	"$P99_nginx_a" "$P99_yw_healthz" "$P99_yw_get" "$P99_yw_put" "$LOAD_MB"
exit 0
