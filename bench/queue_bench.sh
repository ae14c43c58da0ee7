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
# A kiosk ticket is one write transaction: the number counter upsert, the
# wait estimate (people ahead from the waiting counters, open windows, mean
# service time), the ticket row and its waiting counter, its event, the
# hourly rollup and the audit row. The status read counts the people ahead
# of a ticket in a queue of BENCH_QUEUE_WAITING (200) waiting.
#
# Every series is cut into BENCH_ROUNDS slices, interleaved with its
# baseline's (raw SQLite / take / …, nginx / read / …), as in bench/run.sh,
# whose knobs and helpers it shares (bench/lib.sh): BENCH_ROUNDS (4),
# BENCH_SLICE (2), BENCH_WARMUP (2), BENCH_CONNS (64), BENCH_WRITE_CONNS (8), BENCH_WRK_THREADS (2),
# BENCH_THREADS (4), BENCH_NGINX_WORKERS (2), BENCH_NGINX_ACCESS_LOG (on),
# BENCH_RAW_SLICE (1.25), BENCH_KEEP=1, BENCH_BIN=PATH (no build).
# Own knobs: BENCH_QUEUE_QUEUES (20 bench queues of 9,999 numbers each, taken
# in turn), BENCH_QUEUE_WAITING (200).
#
# Targets are reported, not enforced (exit 0 whatever they say).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH_SAY="queue bench"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
NQUEUES=${BENCH_QUEUE_QUEUES:-20}
NWAITING=${BENCH_QUEUE_WAITING:-200}
((NQUEUES >= 1 && NQUEUES <= 26)) || die "BENCH_QUEUE_QUEUES must be 1..26"
((NWAITING >= 1 && NWAITING <= 2000)) || die "BENCH_QUEUE_WAITING must be 1..2000"

need_tools
run_dir queue
build_yiwang

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
	export YW_QUEUES=$QUEUES YW_TICKET_TOKENS=$TICKET_TOKENS # for take_ticket.lua and ticket_get.lua
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
raw_slice row 0
warm take
for r in $(seq "$ROUNDS"); do
	raw_slice row "$RAW_SLICE"
	slice take "$r"
done

# Numbers stay unique and gap-free under the load (one counter per queue).
GAPS="not checked (no sqlite3 command)"
if command -v sqlite3 >/dev/null; then
	GAPS=$(sqlite3 "file:$RUN/yw.db?mode=ro" "SELECT CASE WHEN SUM(n <> mx OR n <> d) = 0 THEN 'yes' ELSE 'NO' END || ' (' || SUM(n) || ' tickets in ' || COUNT(*) || ' queues)' FROM (SELECT queue_id, COUNT(*) n, MAX(number) mx, COUNT(DISTINCT number) d FROM tickets WHERE queue_id IN ($QUEUES) GROUP BY queue_id)" 2>&1) ||
		GAPS="not checked: $GAPS"
fi

NGINX_RPS=$(rps nginx)
RAW_TPS=$(tps row)
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
row "POST /api/v1/halls/1/tickets, req/s" "$(rps take)" "raw SQLite row $RAW_TPS tx/s" "$R_T" ">= 0.8" "$(verdict "$R_T" ">=" 0.8 "${BAD[take]}")"
row "GET /api/v1/tickets/{token}, req/s" "$(rps status)" "nginx static $NGINX_RPS" "$R_S" ">= 0.5" "$(verdict "$R_S" ">=" 0.5 "${BAD[status]}")"
echo
echo "diagnostics (not targets):"
printf '  server CPU per request (user+sys): nginx %s us; ticket status %s us; take a ticket %s us\n' \
	"$(cpu_us nginx)" "$(cpu_us status)" "$(cpu_us take)"
printf '  worst slice p99: nginx %sms, ticket status %sms, take a ticket %sms\n' \
	"${P99[nginx]}" "${P99[status]}" "${P99[take]}"
printf '  numbers unique and gap-free per bench queue: %s\n' "$GAPS"
exit 0
