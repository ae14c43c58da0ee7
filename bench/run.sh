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
# Knobs (environment, read by bench/lib.sh): BENCH_ROUNDS (4), BENCH_SLICE
# (s per wrk slice, 2; measured time per series = ROUNDS × SLICE),
# BENCH_WARMUP (s, 2), BENCH_CONNS (64), BENCH_WRITE_CONNS (8),
# BENCH_WRK_THREADS (2), BENCH_THREADS (yiwang --threads, 4: see
# docs/performance.md), BENCH_NGINX_WORKERS (2), BENCH_NGINX_ACCESS_LOG
# (on|off, on), BENCH_RAW_SLICE (s, 1.25),
# BENCH_KEEP=1 keeps the run directory (bench/out/run.*) for a look,
# BENCH_BIN=PATH benches that yiwang binary instead of building one (to try a
# patch; the environment is passed on to it).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH_SAY=bench
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

need_tools install
run_dir run
build_yiwang

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
	export YW_TOKEN=$TOKEN # for auth_get.lua and audited_put.lua
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
[ "${BENCH_RATINGS:-1}" = 0 ] || BENCH_BIN="$BIN" bash "$ROOT/bench/ratings.sh" || say "bench/ratings.sh failed (BENCH_RATINGS=0 skips it)"
[ "${BENCH_KB:-1}" = 0 ] || BENCH_BIN="$BIN" bash "$ROOT/bench/kb_search.sh" || say "bench/kb_search.sh failed (BENCH_KB=0 skips it)"
[ "${BENCH_HOTLINE:-1}" = 0 ] || BENCH_BIN="$BIN" bash "$ROOT/bench/hotline_bench.sh" || say "bench/hotline_bench.sh failed (BENCH_HOTLINE=0 skips it)"
[ "${BENCH_CASES:-1}" = 0 ] || BENCH_BIN="$BIN" bash "$ROOT/bench/case_bench.sh" || say "bench/case_bench.sh failed (BENCH_CASES=0 skips it)"
exit 0
