# Shared by the benches (bench/run.sh, bench/queue_bench.sh): sourced, not
# run. Before sourcing, a bench sets ROOT (the repository) and BENCH_SAY (the
# prefix of its messages). It then gets the common knobs (below), the tools,
# a run directory cleaned up on exit, a Release build, nginx and yiwang
# servers, and the measuring helpers that cut every series into
# interleaved slices so a neighbour's burst hits both sides of a ratio alike.
#
# Knobs (environment): BENCH_ROUNDS (4), BENCH_SLICE (s per wrk slice, 2;
# measured time per series = ROUNDS × SLICE), BENCH_WARMUP (s, 2),
# BENCH_CONNS (64), BENCH_WRITE_CONNS (8), BENCH_WRK_THREADS (2),
# BENCH_THREADS (yiwang --threads, 4), BENCH_NGINX_WORKERS (2),
# BENCH_NGINX_ACCESS_LOG (on|off, on), BENCH_RAW_SLICE (s, 1.25),
# BENCH_KEEP=1 keeps the run directory (bench/out/NAME.*),
# BENCH_BIN=PATH benches that yiwang binary instead of building one.
#
# The Lua scripts read what they need from the environment: a bench exports
# it (YW_TOKEN, YW_QUEUES, …) before measuring.

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

say() { printf '%s: %s\n' "$BENCH_SAY" "$*" >&2; }
die() { say "setup failed: $*"; exit 1; }
((ROUNDS >= 1 && ROUNDS <= 10)) || die "BENCH_ROUNDS must be 1..10"
((SLICE >= 1 && SLICE <= 10)) || die "BENCH_SLICE must be 1..10 (wrk -d per run)"
((WARMUP >= 0 && WARMUP <= 10)) || die "BENCH_WARMUP must be 0..10"

# ---- tools ---------------------------------------------------------------
find_nginx() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }

need_tools() { # [install]: with "install", a missing nginx, wrk or curl runs scripts/install-deps.sh bench
	NGINX=$(find_nginx)
	if [ "${1:-}" = install ] && { [ -z "$NGINX" ] || ! command -v wrk >/dev/null || ! command -v curl >/dev/null; }; then
		say "nginx, wrk or curl missing: running scripts/install-deps.sh bench"
		"$ROOT/scripts/install-deps.sh" bench || die "scripts/install-deps.sh bench failed"
		NGINX=$(find_nginx)
	fi
	[ -n "$NGINX" ] || die "nginx not found (Debian package nginx-light; scripts/install-deps.sh bench)"
	command -v wrk >/dev/null || die "wrk not found (Debian package wrk)"
	command -v curl >/dev/null || die "curl not found"
	CC=${CC:-cc}
	HZ=$(getconf CLK_TCK)
}

# ---- run directory and cleanup ----------------------------------------------
# Inside the repo (bench/out/ is git-ignored) so the databases sit on the
# same filesystem as a default deployment's data/ directory.
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

run_dir() { # NAME: RUN=bench/out/NAME.XXXXXX, removed on exit
	mkdir -p "$ROOT/bench/out"
	RUN=$(mktemp -d "$ROOT/bench/out/$1.XXXXXX")
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# ---- build -------------------------------------------------------------------
# Release (-O3). YW_WERROR=OFF: gcc -O3 emits a -Wformat-truncation warning
# the default -O2 build does not; warnings are CI's job, not this one's.
build_yiwang() { # sets BIN; compiles the raw SQLite baseline too
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
}

# ---- servers -------------------------------------------------------------------
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

# nginx: the static baseline. Sets NGINX_PORT and NGINX_PIDS.
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
			# The workers do the work; their CPU is what is compared. A process
			# may end between the glob and the read: cat goes on past it (mawk
			# would stop, and fail the bench under set -e).
			NGINX_PIDS=$({ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v m="$NGINX_PID" '$4 == m {printf "%s ", $1}')
			NGINX_PIDS="$NGINX_PID $NGINX_PIDS"
			return 0
		fi
		stop_pid "$NGINX_PID" nginx
		NGINX_PID=""
	done
	cat "$dir/logs/error.log" "$dir/stdout.log" >&2 2>/dev/null || true
	die "nginx did not start"
}

# yiwang on a freshly seeded SQLite store; its JSON log (one access line per
# request) goes to a file on disk. Sets YW_PID and YW_PORT.
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

# ---- measuring -------------------------------------------------------------------
# A series NAME accumulates over slices: REQ, SEC, TICKS, BAD (non-2xx +
# socket errors), P99 (worst slice p99 in ms).
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
	wrk "${WRK_ARGS[@]}" ${4:-} -d"$2s" "${URL[$1]}" >"$3" 2>&1
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

# Raw SQLite transactions of a shape (bench/sqlite_raw.c), accumulated like a series.
declare -A RAW_TX RAW_SEC
raw_slice() { # SHAPE SECONDS(0: warm-up only)
	local out n s
	if [ "$2" = 0 ]; then
		"$RUN/sqlite_raw" -s "$1" -w 1 "$RUN/raw-$1.db" 0.1 >/dev/null || die "sqlite_raw failed"
		return 0
	fi
	out=$("$RUN/sqlite_raw" -s "$1" "$RUN/raw-$1.db" "$2") || die "sqlite_raw failed"
	SQLITE_VERSION=$(printf '%s' "$out" | sed -n 's/.*version=\([^ ]*\).*/\1/p')
	read -r n s < <(printf '%s' "$out" | sed -n 's/.* tx=\([0-9]*\) seconds=\([0-9.]*\).*/\1 \2/p') || true
	RAW_TX[$1]=$((${RAW_TX[$1]:-0} + n))
	RAW_SEC[$1]=$(awk -v a="${RAW_SEC[$1]:-0}" -v b="$s" 'BEGIN {print a + b}')
}

rps() { awk -v n="${REQ[$1]}" -v s="${SEC[$1]}" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}'; }
tps() { awk -v n="${RAW_TX[$1]}" -v s="${RAW_SEC[$1]}" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}'; }
cpu_us() { awk -v t="${TICKS[$1]}" -v n="${REQ[$1]}" -v hz="$HZ" 'BEGIN {printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
verdict() { # VALUE OP TARGET ERRORS: PASS / FAIL, or FAIL (N errors)
	if [ "${4:-0}" != 0 ]; then
		echo "FAIL ($4 errors)"
		return
	fi
	awk -v r="$1" -v t="$3" -v op="$2" 'BEGIN {ok = (op == ">=") ? (r >= t) : (r < t); print ok ? "PASS" : "FAIL"}'
}
