#!/usr/bin/env bash
# Cases (办件) against the targets of issue 5, on SQLite (called at the end of
# `make bench` by bench/run.sh; runs on its own too):
#
#   full cycle through the HTTP API: intake (失业保障“一件事”, complete) →
#   the two departments of its parallel stage approve at once → decided →
#   pickup chosen → handed over with the code and the applicant's ID;
#   bench/case_cycle.mjs, BENCH_CASE_WORKERS workers    target ≥ 1,000 cases/s
#   POST /api/v1/progress {case_no, key} (public)       yiwang ÷ nginx static
#        bench/case_progress.lua, BENCH_CONNS                     target ≥ 0.5
#   GET /api/v1/case-inbox of the busiest department with BENCH_CASE_FIXTURE
#        (1,000,000) cases in the store, written by `yiwang cases fixture`
#        (not through HTTP); bench/case_inbox.lua, pages 1–5,
#        BENCH_CASE_INBOX_CONNS (8) connections: the latency of the query,
#        not of a queue of 64 requests on two shared cores     p99 < 20 ms
#
# A cycle is five write requests (ten transactions counting the reads that
# build each reply): every one locks the case row, writes its timeline
# event, the audit row, the SMS to the applicant and the statistics rollup,
# and replies with the whole case. The server runs BENCH_CASE_THREADS (16)
# workers: a writer waits for the group commit that makes its change
# durable while holding its worker, so four workers leave the single
# writer with batches of at most four.
#
# Knobs and helpers are shared with bench/run.sh (bench/lib.sh): BENCH_ROUNDS,
# BENCH_SLICE, BENCH_WARMUP, BENCH_CONNS, BENCH_WRK_THREADS,
# BENCH_NGINX_WORKERS, BENCH_NGINX_ACCESS_LOG, BENCH_KEEP=1, BENCH_BIN=PATH.
# Own knobs: BENCH_CASE_THREADS (16), BENCH_CASE_WORKERS (32),
# BENCH_CASE_SECONDS (10), BENCH_CASE_FIXTURE (1000000; 0 skips the inbox),
# BENCH_CASE_INBOX_CONNS (8).
#
# Targets are reported, not enforced (exit 0 whatever they say). Method and
# the numbers of a run: docs/cases.md "Performance".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH_SAY="case bench"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
YW_THREADS=${BENCH_CASE_THREADS:-16}
WORKERS=${BENCH_CASE_WORKERS:-32}
CYCLE_S=${BENCH_CASE_SECONDS:-10}
FIXTURE=${BENCH_CASE_FIXTURE:-1000000}
INBOX_CONNS=${BENCH_CASE_INBOX_CONNS:-8}
((YW_THREADS >= 1 && YW_THREADS <= 256)) || die "BENCH_CASE_THREADS must be 1..256"
((WORKERS >= 1 && WORKERS <= 512)) || die "BENCH_CASE_WORKERS must be 1..512"
((CYCLE_S >= 1 && CYCLE_S <= 600)) || die "BENCH_CASE_SECONDS must be 1..600"
((FIXTURE >= 0 && FIXTURE <= 10000000)) || die "BENCH_CASE_FIXTURE must be 0..10000000"
((INBOX_CONNS >= 1 && INBOX_CONNS <= 1024)) || die "BENCH_CASE_INBOX_CONNS must be 1..1024"

need_tools
command -v node >/dev/null || die "node not found (the cycle driver is bench/case_cycle.mjs)"
run_dir cases
build_yiwang

login_as() { # USER PASSWORD: prints the bearer token
	local out
	out=$(curl -sf --max-time 10 -X POST "http://127.0.0.1:$YW_PORT/api/v1/auth/login" \
		-H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}") || die "login $1 failed"
	printf '%s' "$out" | sed -n 's/.*"token":"\([0-9a-fA-F]*\)".*/\1/p'
}

# The server again on the same store, without seeding (after the fixture).
serve_again() {
	"$BIN" serve --listen 127.0.0.1:0 --store "sqlite:$RUN/yw.db" --threads "$YW_THREADS" 2>"$RUN/yiwang2.log" &
	YW_PID=$!
	local i
	YW_PORT=""
	for i in $(seq 300); do
		YW_PORT=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$RUN/yiwang2.log" | head -n1)
		[ -n "$YW_PORT" ] && break
		kill -0 "$YW_PID" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$YW_PORT" ] || { cat "$RUN/yiwang2.log" >&2; die "yiwang serve did not start again"; }
	wait_http "http://127.0.0.1:$YW_PORT/healthz" 5 || die "yiwang does not answer /healthz"
}

field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" "$2" | head -n1; }

# ---- (a) the full cycle -------------------------------------------------------
start_nginx
start_yiwang
N="http://127.0.0.1:$NGINX_PORT"
Y="http://127.0.0.1:$YW_PORT"
say "cycle: $WORKERS workers for ${CYCLE_S}s after a ${WARMUP}s warm-up (yiwang --threads $YW_THREADS)"
T0=$(cpu_ticks "$YW_PID")
YW_CASES_OUT="$RUN/cases.txt" node "$ROOT/bench/case_cycle.mjs" "$Y" "$CYCLE_S" "$WORKERS" "$WARMUP" >"$RUN/cycle.json" 2>"$RUN/cycle.err" ||
	{ cat "$RUN/cycle.err" >&2; die "bench/case_cycle.mjs failed"; }
T1=$(cpu_ticks "$YW_PID")
CASES_S=$(field cases_per_s "$RUN/cycle.json")
CYCLE_N=$(field cases "$RUN/cycle.json")
CYCLE_ERR=$(field errors "$RUN/cycle.json")
CYCLE_CPU_MS=$(awk -v t=$((T1 - T0)) -v n="$CYCLE_N" -v hz="$HZ" 'BEGIN {printf "%.2f", (n > 0 ? t / hz * 1000 / n : 0)}')
[ "${CYCLE_N:-0}" -gt 0 ] || { cat "$RUN/cycle.json" >&2; die "no case went through the cycle"; }

# ---- (b) the progress lookup against nginx ----------------------------------------
YW_PROGRESS=$(head -n 500 "$RUN/cases.txt" | tr '\n' ' ')
export YW_PROGRESS
curl -sf --max-time 10 -o /dev/null -X POST "$Y/api/v1/progress" -H 'Content-Type: application/json' \
	-d "{\"case_no\":\"$(head -n1 "$RUN/cases.txt" | cut -d: -f1)\",\"key\":\"$(head -n1 "$RUN/cases.txt" | cut -d: -f2)\"}" ||
	die "the progress lookup refuses a delivered case"
series nginx "$N/healthz" "$CONNS" "" "$NGINX_PIDS"
series progress "$Y" "$CONNS" "$ROOT/bench/case_progress.lua" "$YW_PID"
say "progress: $ROUNDS rounds of nginx / POST /api/v1/progress"
warm nginx
warm progress
for r in $(seq "$ROUNDS"); do
	slice nginx "$r"
	slice progress "$r"
done

# ---- (c) the inbox with a million cases ---------------------------------------------
INBOX_ROW=("-" "-" "-" "-" "skipped (BENCH_CASE_FIXTURE=0)")
FIXTURE_S="-"
if ((FIXTURE > 0)); then
	stop_pid "$YW_PID" yiwang
	YW_PID=""
	say "inbox: writing $FIXTURE cases with yiwang cases fixture (2 % left open)"
	F0=$(date +%s.%N)
	"$BIN" cases fixture --cases "$FIXTURE" --finished $((FIXTURE - FIXTURE / 50)) --store "sqlite:$RUN/yw.db" \
		>"$RUN/fixture.log" 2>&1 || { tail -5 "$RUN/fixture.log" >&2; die "yiwang cases fixture failed"; }
	FIXTURE_S=$(awk -v a="$F0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.0f", b - a}')
	serve_again
	TOKEN=$(login_as supervisor Demo@2026yw)
	[ -n "$TOKEN" ] || die "no supervisor token"
	# The department with the most open steps.
	BEST=0 DEPT=1
	for d in $(seq 40); do
		n=$(curl -sf --max-time 10 "http://127.0.0.1:$YW_PORT/api/v1/case-inbox?department_id=$d&page_size=1" \
			-H "Authorization: Bearer $TOKEN" | sed -n 's/.*"total":\([0-9]*\).*/\1/p') || n=0
		if [ "${n:-0}" -gt "$BEST" ]; then BEST=$n DEPT=$d; fi
	done
	export YW_TOKEN=$TOKEN YW_INBOX_DEPARTMENT=$DEPT
	PLAN="not shown (no sqlite3 command)"
	if command -v sqlite3 >/dev/null; then
		PLAN=$(sqlite3 "file:$RUN/yw.db?mode=ro" "EXPLAIN QUERY PLAN SELECT s.id FROM case_steps s JOIN cases k ON k.id = s.case_id WHERE s.department_id = $DEPT AND s.state IN ('active', 'claimed') ORDER BY s.due, s.id LIMIT 20" 2>&1 | tr '\n' ' ') || true
	fi
	series inbox "http://127.0.0.1:$YW_PORT" "$INBOX_CONNS" "$ROOT/bench/case_inbox.lua" "$YW_PID"
	say "inbox: department $DEPT with $BEST open steps; $ROUNDS rounds of GET /api/v1/case-inbox"
	warm inbox
	for r in $(seq "$ROUNDS"); do
		slice inbox "$r"
	done
	INBOX_ROW=("$(rps inbox)" "${P99[inbox]}" "$FIXTURE cases" "< 20" "$(verdict "${P99[inbox]}" "<" 20 "${BAD[inbox]}")")
fi

# ---- the table ---------------------------------------------------------------
NGINX_RPS=$(rps nginx)
R_P=$(ratio "$(rps progress)" "$NGINX_RPS")
echo
echo "yiwang case bench $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) CPU(s), shared with other work (load $(cut -d' ' -f1 /proc/loadavg)): compare ratios, not absolutes"
echo "cycle: node driver, $WORKERS workers, ${CYCLE_S}s; reads: wrk -t$WRK_THREADS -c$CONNS, $ROUNDS×${SLICE}s per series, interleaved, after ${WARMUP}s warm-ups;"
echo "yiwang Release --threads $YW_THREADS; nginx $NGINX_WORKERS workers, access_log $NGINX_ACCESS_LOG; SQLite WAL, synchronous=FULL"
echo
row() { printf '| %-44s | %9s | %-24s | %5s | %8s | %-6s |\n' "$@"; }
row "measure" "yiwang" "baseline" "ratio" "target" "result"
printf '|%s|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "----------:" "--------------------------" "------:" "----------" "--------"
row "full cycle through the API, cases/s" "$CASES_S" "-" "-" ">= 1000" "$(verdict "$CASES_S" ">=" 1000 "$CYCLE_ERR")"
row "POST /api/v1/progress, req/s" "$(rps progress)" "nginx static $NGINX_RPS" "$R_P" ">= 0.5" "$(verdict "$R_P" ">=" 0.5 "${BAD[progress]}")"
row "GET /api/v1/case-inbox req/s; p99 ms" "${INBOX_ROW[0]}; ${INBOX_ROW[1]}" "${INBOX_ROW[2]}" "-" "${INBOX_ROW[3]}" "${INBOX_ROW[4]}"
echo
echo "diagnostics (not targets):"
printf '  cycle: %s cases, %s errors; server CPU per case %s ms (five requests); latencies %s\n' "$CYCLE_N" "$CYCLE_ERR" \
	"$CYCLE_CPU_MS" "$(sed -n 's/.*"ms":\(.*\)}$/\1/p' "$RUN/cycle.json")"
printf '  server CPU per request (user+sys): nginx %s us; progress %s us; worst slice p99: nginx %sms, progress %sms\n' \
	"$(cpu_us nginx)" "$(cpu_us progress)" "${P99[nginx]}" "${P99[progress]}"
if ((FIXTURE > 0)); then
	printf '  fixture: %s cases written in %s s; inbox: department %s, %s open steps, -c%s, server CPU %s us per request\n' \
		"$FIXTURE" "$FIXTURE_S" "$DEPT" "$BEST" "$INBOX_CONNS" "$(cpu_us inbox)"
	printf '  inbox query plan: %s\n' "$PLAN"
fi
exit 0
