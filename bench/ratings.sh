#!/usr/bin/env bash
# 好差评's hot paths (docs/ratings.md), against baselines taken in the same
# run (called by bench/run.sh; runs on its own too). Built on bench/lib.sh,
# whose knobs it shares:
#
#   POST /api/v1/tickets/{token}/rating         yiwang ÷ raw SQLite single-row
#        bench/rating_submit.lua,                transactions (WAL +
#        BENCH_WRITE_CONNS, each request rates   synchronous=FULL, same
#        another finished ticket                 filesystem)       target ≥ 0.8
#   GET /api/v1/rating-figures over a year of    p99 (worst slice)  target < 50 ms
#        BENCH_RATING_FIXTURE (1,000,000) ratings
#        (`yiwang ratings fixture`), by department
#        and by hall, BENCH_RATING_FIG_CONNS (1:
#        the latency of a request, not of a queue)
#
# A rating is one write transaction: the ticket and its period, the level's
# score, the rating row (once per ticket: a unique key), the rollups of its
# eight dimensions by day and by month, and the audit row. The figures read
# the month rollups of the year and no ratings at all.
#
# Own knobs: BENCH_RATING_TICKETS (120000 finished tickets to rate),
# BENCH_RATING_FIXTURE (ratings in the figures store), BENCH_RATING_FIG_CONNS.
# Targets are reported, not enforced (exit 0 whatever they say).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH_SAY="ratings bench"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
NTICKETS=${BENCH_RATING_TICKETS:-120000}
NFIX=${BENCH_RATING_FIXTURE:-1000000}
FIG_CONNS=${BENCH_RATING_FIG_CONNS:-1}
((NTICKETS >= 1000 && NTICKETS <= 1000000)) || die "BENCH_RATING_TICKETS must be 1000..1000000"
((NFIX >= 1000 && NFIX <= 10000000)) || die "BENCH_RATING_FIXTURE must be 1000..10000000"

need_tools
run_dir ratings
build_yiwang
export BENCH_WRK_THREADS=$WRK_THREADS

# ---- rating submissions ------------------------------------------------------
start_yiwang
"$BIN" ratings bench-tickets "$NTICKETS" --store "sqlite:$RUN/yw.db" >"$RUN/tokens.txt" 2>"$RUN/tickets.log" ||
	{ cat "$RUN/tickets.log" >&2; die "yiwang ratings bench-tickets failed"; }
export YW_RATING_TOKENS="$RUN/tokens.txt" YW_TOKEN_OFFSET=0
curl -sf --max-time 10 -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"level":"basic"}' \
	"http://127.0.0.1:$YW_PORT/api/v1/tickets/$(tail -n1 "$RUN/tokens.txt")/rating" || die "a bench ticket cannot be rated"
Y="http://127.0.0.1:$YW_PORT"
series rate "$Y" "$WRITE_CONNS" "$ROOT/bench/rating_submit.lua" "$YW_PID"

# Each wrk run (the warm-up, then every slice) rates tickets of its own.
SPAN=$((NTICKETS / (ROUNDS + 1)))
export YW_TOKEN_SPAN=$SPAN
next_range() { YW_TOKEN_OFFSET=$((YW_TOKEN_OFFSET + SPAN)); }

say "ratings: $ROUNDS rounds of raw SQLite row / POST /api/v1/tickets/{token}/rating ($NTICKETS tickets)"
raw_slice row 0
warm rate
for r in $(seq "$ROUNDS"); do
	raw_slice row "$RAW_SLICE"
	next_range
	slice rate "$r"
done
# Every ticket rated once: as many rating rows as ratings accepted.
ONCE="not checked (no sqlite3 command)"
if command -v sqlite3 >/dev/null; then
	ONCE=$(sqlite3 "file:$RUN/yw.db?mode=ro" "SELECT COUNT(*) || ' ratings of ' || COUNT(DISTINCT subject_id) || ' tickets' FROM ratings WHERE source = 'qr'" 2>&1) ||
		ONCE="not checked: $ONCE"
fi
stop_pid "$YW_PID" yiwang
YW_PID=""

# ---- figures over a year of ratings ------------------------------------------
say "figures: writing $NFIX ratings of 2024 with yiwang ratings fixture"
"$BIN" seed demo --store "sqlite:$RUN/fig.db" >"$RUN/fig-seed.log" 2>&1 || die "seed of the figures store failed"
FIX_T0=$(date +%s.%N)
"$BIN" ratings fixture --year 2024 --services $((NFIX + NFIX / 37)) --ratings "$NFIX" --bad $((NFIX / 10000)) \
	--store "sqlite:$RUN/fig.db" >"$RUN/fixture.log" 2>&1 || { cat "$RUN/fixture.log" >&2; die "fixture failed"; }
FIX_S=$(awk -v a="$FIX_T0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.0f", b - a}')
"$BIN" serve --listen 127.0.0.1:0 --store "sqlite:$RUN/fig.db" --threads "$YW_THREADS" 2>"$RUN/fig.log" &
YW_PID=$!
YW_PORT=""
for i in $(seq 100); do
	YW_PORT=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$RUN/fig.log" | head -n1)
	[ -n "$YW_PORT" ] && break
	sleep 0.1
done
[ -n "$YW_PORT" ] || { cat "$RUN/fig.log" >&2; die "yiwang serve (figures) did not start"; }
out=$(curl -sf --max-time 10 -X POST "http://127.0.0.1:$YW_PORT/api/v1/auth/login" \
	-H 'Content-Type: application/json' -d '{"username":"admin","password":"Admin@2026yw"}') || die "login failed"
export YW_TOKEN=$(printf '%s' "$out" | sed -n 's/.*"token":"\([0-9a-fA-F]*\)".*/\1/p')
F="http://127.0.0.1:$YW_PORT/api/v1/rating-figures?from=2024-01-01&to=2024-12-31&by"
RATED=$(curl -sf --max-time 30 -H "Authorization: Bearer $YW_TOKEN" "$F=all" | sed -n 's/.*"total":{[^}]*"rated":\([0-9]*\).*/\1/p')
[ "$RATED" = "$NFIX" ] || die "the figures count $RATED ratings, not $NFIX"
series dept "$F=department" "$FIG_CONNS" "$ROOT/bench/auth_get.lua" "$YW_PID"
series hall "$F=hall" "$FIG_CONNS" "$ROOT/bench/auth_get.lua" "$YW_PID"
series item "$F=item" "$FIG_CONNS" "$ROOT/bench/auth_get.lua" "$YW_PID"
series part "http://127.0.0.1:$YW_PORT/api/v1/rating-figures?from=2024-02-15&to=2024-11-20&by=department" \
	"$FIG_CONNS" "$ROOT/bench/auth_get.lua" "$YW_PID"
say "figures: $ROUNDS rounds of by department / hall / item over 2024, and 2024-02-15..11-20 by department"
RATE_THREADS=$WRK_THREADS
WRK_THREADS=$((FIG_CONNS < WRK_THREADS ? FIG_CONNS : WRK_THREADS)) # wrk needs a connection per thread
for s in dept hall item part; do warm "$s"; done
for r in $(seq "$ROUNDS"); do
	for s in dept hall item part; do slice "$s" "$r"; done
done

RAW_TPS=$(tps row)
R_R=$(ratio "$(rps rate)" "$RAW_TPS")
# The median latency (worst slice) beside the p99: on a shared machine the
# p99 of a millisecond request is mostly the neighbours' scheduling.
p50() { awk '$1 == "50%" { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
	v = (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v); if (v > m) m = v } END { printf "%.2f", m }' "$RUN"/wrk-"$1"-[0-9]*.txt; }
echo
echo "yiwang ratings bench $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) CPU(s), shared with other work: compare ratios, not absolutes"
echo "wrk ratings -t$RATE_THREADS -c$WRITE_CONNS, figures -t$WRK_THREADS -c$FIG_CONNS; $ROUNDS×${SLICE}s per series, after ${WARMUP}s warm-ups;"
echo "yiwang Release --threads $YW_THREADS; SQLite ${SQLITE_VERSION:-?}, WAL, synchronous=FULL; figures store: $NFIX ratings of 2024 (written in ${FIX_S}s)"
echo
row() { printf '| %-44s | %9s | %-26s | %5s | %6s | %-6s |\n' "$@"; }
row "measure" "yiwang" "baseline" "ratio" "target" "result"
printf '|%s|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "----------:" "----------------------------" "------:" "--------" "--------"
row "POST /api/v1/tickets/{token}/rating, req/s" "$(rps rate)" "raw SQLite row $RAW_TPS tx/s" "$R_R" ">= 0.8" "$(verdict "$R_R" ">=" 0.8 "${BAD[rate]}")"
row "figures by department, a year, p99 ms" "${P99[dept]}" "$(rps dept) req/s" "-" "< 50" "$(verdict "${P99[dept]}" "<" 50 "${BAD[dept]}")"
row "figures by hall, a year, p99 ms" "${P99[hall]}" "$(rps hall) req/s" "-" "< 50" "$(verdict "${P99[hall]}" "<" 50 "${BAD[hall]}")"
echo
echo "diagnostics (not targets):"
printf '  median (worst slice): figures by department %sms, by hall %sms, by item %sms; rating %sms\n' \
	"$(p50 dept)" "$(p50 hall)" "$(p50 item)" "$(p50 rate)"
printf '  figures by item (157 items), a year: p99 %sms, %s req/s; by department, 2024-02-15..11-20: p99 %sms\n' \
	"${P99[item]}" "$(rps item)" "${P99[part]}"
printf '  server CPU per request (user+sys): rating %s us; figures by department %s us, by item %s us\n' \
	"$(cpu_us rate)" "$(cpu_us dept)" "$(cpu_us item)"
printf '  worst slice p99 of a rating: %sms; one rating per ticket: %s\n' "${P99[rate]}" "$ONCE"
exit 0
