#!/usr/bin/env bash
# `make bench`: measures yiwang against baselines taken in the same run on
# the same machine and prints ratios (the machine is shared and noisy, so
# absolute numbers from different runs do not compare; ratios roughly do).
#
#   GET /healthz                 yiwang ÷ nginx static reply      target ≥ 0.8
#   GET /api/v1/halls/1 (Bearer) yiwang ÷ nginx static reply      target ≥ 0.5
#   PUT /api/v1/halls/1 audited  yiwang ÷ raw SQLite single-row   target ≥ 0.8
#                                transactions (same WAL + synchronous=FULL,
#                                same filesystem)
#   idle RSS after start-up + seed, before any request             target < 30 MB
# and, with 20,000 generated items imported (catalogue issue):
#   import 20,000 items from CSV (yiwang import items)              target < 10 s
#   GET /api/v1/items/{id} guide  yiwang ÷ nginx static reply      target ≥ 0.5
#   search (bench/search.lua), worst slice p99 at BENCH_CONNS      target < 10 ms
#
# Noise: every measured series is cut into BENCH_ROUNDS slices and the slices
# of the things compared are interleaved (nginx, yiwang, yiwang, nginx, …),
# so a neighbour's burst hits both sides of a ratio alike. Server CPU time
# per request (user+sys from /proc) is printed too: it is much less
# sensitive to the neighbours than requests/s.
#
# Targets are reported, not enforced: exit status is 0 whatever they say,
# non-zero only when the bench itself cannot be set up. Method and results:
# docs/performance.md.
#
# Knobs (environment): BENCH_ROUNDS (4), BENCH_SLICE (s per wrk slice, 2;
# measured time per series = ROUNDS × SLICE), BENCH_WARMUP (s, 2),
# BENCH_CONNS (64), BENCH_WRITE_CONNS (8), BENCH_WRK_THREADS (2),
# BENCH_THREADS (yiwang --threads, 4: see docs/performance.md),
# BENCH_NGINX_WORKERS (2), BENCH_NGINX_ACCESS_LOG (on|off, on),
# BENCH_RAW_SLICE (s, 1.25),
# BENCH_KEEP=1 keeps the run directory (bench/out/run.*) for a look,
# BENCH_BIN=PATH benches that yiwang binary instead of building one (to try a
# patch; the environment is passed on to it).
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
BUILD_DIR="$ROOT/build-bench"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "setup failed: $*"; exit 1; }
((ROUNDS >= 1 && ROUNDS <= 10)) || die "BENCH_ROUNDS must be 1..10"
((SLICE >= 1 && SLICE <= 10)) || die "BENCH_SLICE must be 1..10 (wrk -d per run)"
((WARMUP >= 0 && WARMUP <= 10)) || die "BENCH_WARMUP must be 0..10"

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
HZ=$(getconf CLK_TCK)

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
# Release (-O3). YW_WERROR=OFF: gcc -O3 emits a -Wformat-truncation warning
# the default -O2 build does not; warnings are CI's job, not this one's.
if [ -n "${BENCH_BIN:-}" ]; then
	[ -x "$BENCH_BIN" ] || die "BENCH_BIN $BENCH_BIN is not executable"
	BIN=$(cd "$(dirname "$BENCH_BIN")" && pwd)/$(basename "$BENCH_BIN")
	say "using $BENCH_BIN (no build)"
else
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

# CPU ticks (user+sys) of the processes in $1 (a space-separated PID list).
cpu_ticks() {
	local p t=0 v
	for p in $1; do
		v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
		t=$((t + v))
	done
	echo "$t"
}

# ---- nginx: the static baseline ------------------------------------------
start_nginx() {
	local dir="$RUN/nginx" port tries
	mkdir -p "$dir/logs" "$dir/tmp"
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
		"$NGINX" -p "$dir/" -c "$dir/nginx.conf" -e logs/error.log >"$dir/stdout.log" 2>&1 &
		NGINX_PID=$!
		if wait_http "http://127.0.0.1:$port/healthz" 5; then
			NGINX_PORT=$port
			# The workers do the work; their CPU is what is compared.
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

# ---- yiwang ---------------------------------------------------------------
start_yiwang() {
	"$BIN" seed demo --store "sqlite:$RUN/yw.db" >"$RUN/seed.log" 2>&1 ||
		{ cat "$RUN/seed.log" >&2; die "yiwang seed demo failed"; }
	# Its JSON log (one access line per request) goes to a file on disk.
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

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

login() {
	local out
	out=$(curl -sf --max-time 10 -X POST "http://127.0.0.1:$YW_PORT/api/v1/auth/login" \
		-H 'Content-Type: application/json' \
		-d '{"username":"admin","password":"Admin@2026yw"}') || die "login failed"
	TOKEN=$(printf '%s' "$out" | sed -n 's/.*"token":"\([0-9a-fA-F]*\)".*/\1/p')
	[ -n "$TOKEN" ] || die "login reply has no token"
	curl -sf --max-time 10 -o /dev/null "http://127.0.0.1:$YW_PORT/api/v1/halls/1" \
		-H "Authorization: Bearer $TOKEN" || die "GET /api/v1/halls/1 is refused"
	curl -sf --max-time 10 -o /dev/null -X PUT "http://127.0.0.1:$YW_PORT/api/v1/halls/1" \
		-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d '{"phone":"0762-3300100"}' || die "PUT /api/v1/halls/1 is refused"
}

# ---- measuring -------------------------------------------------------------
# A series NAME accumulates over slices: REQ_, SEC_, TICKS_, BAD_ (non-2xx +
# socket errors), P99_ (worst slice p99 in ms).
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

warm() { # NAME
	((WARMUP > 0)) || return 0
	wrk_args "$1"
	YW_TOKEN=${TOKEN:-} wrk "${WRK_ARGS[@]}" -d"${WARMUP}s" "${URL[$1]}" >"$RUN/wrk-$1-warmup.txt" 2>&1 ||
		{ cat "$RUN/wrk-$1-warmup.txt" >&2; die "wrk warm-up $1 failed"; }
}

slice() { # NAME ROUND
	local name=$1 out="$RUN/wrk-$1-$2.txt" t0 t1
	wrk_args "$name"
	t0=$(cpu_ticks "${PIDS[$name]}")
	YW_TOKEN=${TOKEN:-} wrk "${WRK_ARGS[@]}" --latency -d"${SLICE}s" "${URL[$name]}" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "wrk $name failed"; }
	t1=$(cpu_ticks "${PIDS[$name]}")
	local n s bad p99
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

declare -A RAW_TX RAW_SEC
raw_slice() { # SHAPE SECONDS(0: warm-up only)
	local out
	if [ "$2" = 0 ]; then
		"$RUN/sqlite_raw" -s "$1" -w 1 "$RUN/raw-$1.db" 0.1 >/dev/null || die "sqlite_raw failed"
		return 0
	fi
	out=$("$RUN/sqlite_raw" -s "$1" "$RUN/raw-$1.db" "$2") || die "sqlite_raw failed"
	SQLITE_VERSION=$(printf '%s' "$out" | sed -n 's/.*version=\([^ ]*\).*/\1/p')
	local n s
	read -r n s < <(printf '%s' "$out" | sed -n 's/.* tx=\([0-9]*\) seconds=\([0-9.]*\).*/\1 \2/p') || true
	RAW_TX[$1]=$((${RAW_TX[$1]:-0} + n))
	RAW_SEC[$1]=$(awk -v a="${RAW_SEC[$1]:-0}" -v b="$s" 'BEGIN {print a + b}')
}

rps() { awk -v n="${REQ[$1]}" -v s="${SEC[$1]}" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}'; }
tps() { awk -v n="${RAW_TX[$1]}" -v s="${RAW_SEC[$1]}" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}'; }
cpu_us() { awk -v t="${TICKS[$1]}" -v n="${REQ[$1]}" -v hz="$HZ" 'BEGIN {printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
verdict() { # VALUE OP TARGET ERRORS
	if [ "${4:-0}" != 0 ]; then
		echo "FAIL ($4 errors)"
		return
	fi
	awk -v r="$1" -v t="$3" -v op="$2" 'BEGIN {ok = (op == ">=") ? (r >= t) : (r < t); print ok ? "PASS" : "FAIL"}'
}

# ---- the run ---------------------------------------------------------------
start_nginx
start_yiwang
sleep 0.5
IDLE_RSS_KB=$(rss_kb "$YW_PID") # after start-up and seed, before any request
login
N="http://127.0.0.1:$NGINX_PORT"
Y="http://127.0.0.1:$YW_PORT"
series nginx "$N/healthz" "$CONNS" "" "$NGINX_PIDS"
series healthz "$Y/healthz" "$CONNS" "" "$YW_PID"
series get "$Y/api/v1/halls/1" "$CONNS" "$ROOT/bench/auth_get.lua" "$YW_PID"
series put "$Y/api/v1/halls/1" "$WRITE_CONNS" "$ROOT/bench/audited_put.lua" "$YW_PID"
say "nginx 127.0.0.1:$NGINX_PORT (workers $NGINX_WORKERS, pids $NGINX_PIDS, access_log $NGINX_ACCESS_LOG);" \
	"yiwang 127.0.0.1:$YW_PORT (threads $YW_THREADS); wrk -t$WRK_THREADS -c$CONNS (writes -c$WRITE_CONNS);" \
	"$ROUNDS rounds of ${SLICE}s slices after ${WARMUP}s warm-ups"

say "reads: warm-up, then $ROUNDS rounds of nginx / yiwang /healthz / yiwang GET"
warm nginx
warm healthz
warm get
for r in $(seq "$ROUNDS"); do
	slice nginx "$r"
	slice healthz "$r"
	slice get "$r"
done
say "writes: warm-up, then $ROUNDS rounds of raw SQLite row / yiwang PUT / raw SQLite audit shape"
raw_slice row 0
raw_slice audit 0
warm put
for r in $(seq "$ROUNDS"); do
	raw_slice row "$RAW_SLICE"
	slice put "$r"
	raw_slice audit "$RAW_SLICE"
done
LOAD_RSS_KB=$(rss_kb "$YW_PID")

# ---- the catalogue: 20,000 items --------------------------------------------
say "catalogue: generating and importing 20,000 items"
bash "$ROOT/bench/gen-items.sh" 20000 >"$RUN/items.csv" || die "gen-items failed"
IMPORT_T0=$(date +%s.%N)
"$BIN" import items "$RUN/items.csv" --store "sqlite:$RUN/yw.db" >"$RUN/import.log" 2>&1 ||
	{ tail -20 "$RUN/import.log" >&2; die "import of 20,000 items failed"; }
IMPORT_S=$(awk -v a="$IMPORT_T0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
ITEM_ID=$(curl -sf --max-time 10 "$Y/api/v1/items?page_size=1&q=%E5%B1%85%E4%BD%8F%E8%AF%81" |
	sed -n 's/^{"items":\[{"id":\([0-9]*\).*/\1/p')
[ -n "$ITEM_ID" ] || die "no published item to fetch"
series nginx2 "$N/healthz" "$CONNS" "" "$NGINX_PIDS"
series guide "$Y/api/v1/items/$ITEM_ID" "$CONNS" "" "$YW_PID"
series search "$Y" "$CONNS" "$ROOT/bench/search.lua" "$YW_PID"
say "catalogue: warm-up, then $ROUNDS rounds of nginx / item guide / search"
warm nginx2
warm guide
warm search
for r in $(seq "$ROUNDS"); do
	slice nginx2 "$r"
	slice guide "$r"
	slice search "$r"
done

# ---- the table -------------------------------------------------------------
NGINX_RPS=$(rps nginx)
RAW_ROW=$(tps row)
RAW_AUDIT=$(tps audit)
R_H=$(ratio "$(rps healthz)" "$NGINX_RPS")
R_G=$(ratio "$(rps get)" "$NGINX_RPS")
R_W=$(ratio "$(rps put)" "$RAW_ROW")
IDLE_MB=$(awk -v k="$IDLE_RSS_KB" 'BEGIN {printf "%.1f", k / 1024}')
LOAD_MB=$(awk -v k="$LOAD_RSS_KB" 'BEGIN {printf "%.1f", k / 1024}')
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
SLICES="$ROUNDS×${SLICE}s"

echo
echo "yiwang bench $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) CPU(s)${CPU:+ ($CPU)}, shared with other work: compare ratios, not absolutes"
echo "wrk -t$WRK_THREADS -c$CONNS (writes -c$WRITE_CONNS), $SLICES per series, interleaved, after ${WARMUP}s warm-ups;"
echo "yiwang Release --threads $YW_THREADS, JSON log with one access line per request to a file;"
echo "nginx $("$NGINX" -v 2>&1 | sed 's/.*\///'), $NGINX_WORKERS workers, access_log $NGINX_ACCESS_LOG; SQLite ${SQLITE_VERSION:-?}, WAL, synchronous=FULL, 1 writer"
echo
row() { printf '| %-36s | %9s | %-26s | %5s | %6s | %-6s |\n' "$@"; }
row "measure" "yiwang" "baseline" "ratio" "target" "result"
printf '|%s|%s|%s|%s|%s|%s|\n' "--------------------------------------" "----------:" "----------------------------" "------:" "--------" "--------"
row "GET /healthz, req/s" "$(rps healthz)" "nginx static $NGINX_RPS" "$R_H" ">= 0.8" "$(verdict "$R_H" ">=" 0.8 "${BAD[healthz]}")"
row "GET /api/v1/halls/1 + Bearer, req/s" "$(rps get)" "nginx static $NGINX_RPS" "$R_G" ">= 0.5" "$(verdict "$R_G" ">=" 0.5 "${BAD[get]}")"
row "PUT /api/v1/halls/1 audited, req/s" "$(rps put)" "raw SQLite row $RAW_ROW tx/s" "$R_W" ">= 0.8" "$(verdict "$R_W" ">=" 0.8 "${BAD[put]}")"
row "idle RSS after start + seed, MB" "$IDLE_MB" "-" "-" "< 30" "$(verdict "$IDLE_MB" "<" 30 0)"
R_I=$(ratio "$(rps guide)" "$(rps nginx2)")
row "import 20,000 items from CSV, s" "$IMPORT_S" "-" "-" "< 10" "$(verdict "$IMPORT_S" "<" 10 0)"
row "GET /api/v1/items/{id} guide, req/s" "$(rps guide)" "nginx static $(rps nginx2)" "$R_I" ">= 0.5" "$(verdict "$R_I" ">=" 0.5 "${BAD[guide]}")"
row "search p99 (worst slice), ms" "${P99[search]}" "$(rps search) req/s" "-" "< 10" "$(verdict "${P99[search]}" "<" 10 "${BAD[search]}")"
echo
echo "diagnostics (not targets):"
printf '  server CPU per request (user+sys): nginx %s us; yiwang /healthz %s us, GET %s us, PUT %s us\n' \
	"$(cpu_us nginx)" "$(cpu_us healthz)" "$(cpu_us get)" "$(cpu_us put)"
printf '  the same as a ratio (nginx us ÷ yiwang us, steadier than req/s on a busy machine): /healthz %s, GET %s\n' \
	"$(ratio "$(cpu_us nginx)" "$(cpu_us healthz)")" "$(ratio "$(cpu_us nginx)" "$(cpu_us get)")"
printf '  raw SQLite with the PUT'"'"'s own statements (audit shape): %s tx/s; PUT ÷ that = %s\n' \
	"$RAW_AUDIT" "$(ratio "$(rps put)" "$RAW_AUDIT")"
printf '  worst slice p99: nginx %sms, /healthz %sms, GET %sms, PUT %sms; RSS after load %s MB\n' \
	"${P99[nginx]}" "${P99[healthz]}" "${P99[get]}" "${P99[put]}" "$LOAD_MB"
[ "${BENCH_QUEUE:-1}" = 0 ] || [ ! -f "$ROOT/bench/queue_bench.sh" ] || BENCH_BIN="$BIN" bash "$ROOT/bench/queue_bench.sh" || say "bench/queue_bench.sh failed (BENCH_QUEUE=0 skips it)"
exit 0
