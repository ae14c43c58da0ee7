#!/usr/bin/env bash
# The 12345 hotline's targets (issue 7), with baselines taken in the same
# run on the same machine (called at the end of `make bench` by
# bench/run.sh; runs on its own too):
#
#   POST /api/v1/hotline/orders (an agent)   yiwang ÷ raw SQLite single-row
#        bench/hotline_create.lua,           transactions (WAL +
#        BENCH_WRITE_CONNS                   synchronous=FULL, same
#                                            filesystem)        target ≥ 0.8
#   GET /api/v1/hotline/kpis over 1,000,000  p99 (worst slice)  target < 50 ms
#        orders of a year (fixture),
#        bench/hotline_kpi.lua, BENCH_HOTLINE_KPI_CONNS
#
# Taking an order is one write transaction: the day's number (an upsert),
# the category's limits, the region, the order row, its KPI rollup rows
# (day and month, category and region), its event and the audit row; the
# reply adds the duplicate check (orders at the same address in a week)
# and the dispatch catalogue's suggestion, each an indexed read.
#
# The KPI query reads the rollup only (docs/hotline-kpis.md): a year sums
# twelve months of rows plus the days at its ends. The million orders are
# written into the rollup as a fixture (POST /api/v1/hotline/kpis/fixture,
# which the bench server offers because it runs with YIWANG_TEST_FIXTURES=1)
# — the rows a million orders over a year of the demo district's categories
# and streets leave, not the orders themselves. The queries
# (bench/hotline_kpi.lua) rotate over the year by department, category and
# region, and periods that begin and end inside a month.
#
# Shared knobs (bench/lib.sh): BENCH_ROUNDS (4), BENCH_SLICE (2),
# BENCH_WARMUP (2), BENCH_WRITE_CONNS (8), BENCH_WRK_THREADS (2),
# BENCH_THREADS (4), BENCH_RAW_SLICE (1.25), BENCH_KEEP=1, BENCH_BIN=PATH.
# Own: BENCH_HOTLINE_ORDERS (1000000, the fixture), BENCH_HOTLINE_KPI_CONNS
# (2: a few people opening the KPI page at the same moment).
#
# Targets are reported, not enforced (exit 0 whatever they say).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH_SAY="hotline bench"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
NORDERS=${BENCH_HOTLINE_ORDERS:-1000000}
KPI_CONNS=${BENCH_HOTLINE_KPI_CONNS:-2}
((NORDERS >= 1000 && NORDERS <= 5000000)) || die "BENCH_HOTLINE_ORDERS must be 1000..5000000"
((KPI_CONNS >= 1 && KPI_CONNS <= 64)) || die "BENCH_HOTLINE_KPI_CONNS must be 1..64"
KPI_YEAR=2025

need_tools
run_dir hotline
build_yiwang
# The fixture route answers only on a store started this way.
export YIWANG_TEST_FIXTURES=1
start_yiwang
Y="http://127.0.0.1:$YW_PORT"

login() { # USER PASSWORD: prints the session token
	curl -sf --max-time 10 -X POST "$Y/api/v1/auth/login" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$2\"}" | sed -n 's/.*"token":"\([0-9a-fA-F]*\)".*/\1/p'
}
ADMIN_TOKEN=$(login admin 'Admin@2026yw')
AGENT_TOKEN=$(login agent01 'Demo@2026yw')
SUP_TOKEN=$(login supervisor 'Demo@2026yw')
[ -n "$ADMIN_TOKEN" ] && [ -n "$AGENT_TOKEN" ] && [ -n "$SUP_TOKEN" ] || die "no session tokens"

# Leaf categories of the demo tree (their codes are two letters and four digits).
CATEGORIES=$(curl -sf --max-time 10 "$Y/api/v1/hotline/categories/tree" -H "Authorization: Bearer $ADMIN_TOKEN" |
	grep -o '"id":[0-9]*,"code":"[A-Z][A-Z][0-9][0-9][0-9][0-9]"' | sed 's/"id":\([0-9]*\),.*/\1/' | paste -sd, -)
[ -n "$CATEGORIES" ] || die "no leaf categories in the demo store"
export YW_HL_CATEGORIES=$CATEGORIES YW_KPI_YEAR=$KPI_YEAR

# ---- the million orders (fixture) ---------------------------------------------
say "writing the KPI fixture: $NORDERS orders of $KPI_YEAR"
CLOSED=$((NORDERS * 9982 / 10000))
T0=$(date +%s.%N)
curl -sf --max-time 900 -X POST "$Y/api/v1/hotline/kpis/fixture" -H "Authorization: Bearer $ADMIN_TOKEN" \
	-H 'Content-Type: application/json' -o "$RUN/fixture.json" \
	-d "{\"from\":\"$KPI_YEAR-01-01\",\"to\":\"$KPI_YEAR-12-31\",\"region_code\":\"441602\",\"accepted\":$NORDERS,\"closed\":$CLOSED}" ||
	die "the KPI fixture was refused"
FIXTURE_S=$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
FIXTURE_ROWS=$(sed -n 's/.*"rows":\([0-9]*\).*/\1/p' "$RUN/fixture.json")
YEAR_JSON=$(curl -sf --max-time 10 "$Y/api/v1/hotline/kpis?from=$KPI_YEAR-01-01&to=$KPI_YEAR-12-31" -H "Authorization: Bearer $SUP_TOKEN")
ACCEPTED=$(printf '%s' "$YEAR_JSON" | sed -n 's/.*"total":{"counts":{"accepted":\([0-9]*\).*/\1/p')
[ "$ACCEPTED" = "$NORDERS" ] || die "the year's KPIs count ${ACCEPTED:-nothing}, not $NORDERS orders"
YEAR_ROWS=$(printf '%s' "$YEAR_JSON" | sed -n 's/.*"rollup_rows":\([0-9]*\).*/\1/p')

# ---- the run ----------------------------------------------------------------------
series create "$Y" "$WRITE_CONNS" "$ROOT/bench/hotline_create.lua" "$YW_PID"
series kpi "$Y" "$KPI_CONNS" "$ROOT/bench/hotline_kpi.lua" "$YW_PID"
say "yiwang 127.0.0.1:$YW_PORT (threads $YW_THREADS); $ROUNDS rounds of ${SLICE}s slices after ${WARMUP}s warm-ups"
say "orders: raw SQLite row / POST /api/v1/hotline/orders; KPIs: GET /api/v1/hotline/kpis"
raw_slice row 0
export YW_TOKEN=$AGENT_TOKEN
warm create
export YW_TOKEN=$SUP_TOKEN
warm kpi
for r in $(seq "$ROUNDS"); do
	raw_slice row "$RAW_SLICE"
	export YW_TOKEN=$AGENT_TOKEN
	slice create "$r"
	export YW_TOKEN=$SUP_TOKEN
	slice kpi "$r"
done

# The query's own time as the server measures it (query_ms), one request at
# a time: what the KPI page waits for without the queue in front of the cores.
QMS="$RUN/query_ms.txt"
: >"$QMS"
for i in $(seq 60); do
	case $((i % 4)) in
	0) q="from=$KPI_YEAR-01-01&to=$KPI_YEAR-12-31&by=department" ;;
	1) q="from=$KPI_YEAR-01-02&to=$KPI_YEAR-12-30&by=category" ;;
	2) q="from=$KPI_YEAR-01-16&to=$KPI_YEAR-12-15&by=region" ;;
	*) q="from=$KPI_YEAR-03-15&to=$KPI_YEAR-09-14&by=category&level=1" ;;
	esac
	v=$(curl -sf --max-time 10 "$Y/api/v1/hotline/kpis?$q" -H "Authorization: Bearer $SUP_TOKEN" |
		sed -n 's/.*"query_ms":\([0-9.]*\).*/\1/p') || true
	[ -z "$v" ] || echo "$v" >>"$QMS"
done
QUERY_MS=$(sort -n "$QMS" | awk '{v[NR] = $1} END {if (NR) printf "p50 %.1f ms, p99 %.1f ms over %d requests", v[int((NR + 1) / 2)], v[int(NR * 0.99 + 0.999)], NR; else print "not measured"}')

# Numbers stay unique per day under the load.
UNIQUE="not checked (no sqlite3 command)"
if command -v sqlite3 >/dev/null; then
	UNIQUE=$(sqlite3 "file:$RUN/yw.db?mode=ro" "SELECT CASE WHEN COUNT(*) = COUNT(DISTINCT order_no) THEN 'yes' ELSE 'NO' END || ' (' || COUNT(*) || ' orders)' FROM hotline_orders" 2>&1) ||
		UNIQUE="not checked: $UNIQUE"
fi

RAW_TPS=$(tps row)
R_C=$(ratio "$(rps create)" "$RAW_TPS")

echo
echo "yiwang hotline bench $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) CPU(s), shared with other work: compare ratios, not absolutes"
echo "wrk -t$WRK_THREADS, orders -c$WRITE_CONNS, KPIs -c$KPI_CONNS; $ROUNDS×${SLICE}s per series, interleaved, after ${WARMUP}s warm-ups;"
echo "yiwang Release --threads $YW_THREADS; SQLite ${SQLITE_VERSION:-?}, WAL, synchronous=FULL; KPI fixture: $NORDERS orders of $KPI_YEAR" \
	"in ${FIXTURE_S}s, ${FIXTURE_ROWS:-?} rollup rows"
echo
row() { printf '| %-44s | %9s | %-28s | %5s | %6s | %-6s |\n' "$@"; }
row "measure" "yiwang" "baseline" "ratio" "target" "result"
printf '|%s|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "-----------:" "------------------------------" "-------:" "--------" "--------"
row "POST /api/v1/hotline/orders, req/s" "$(rps create)" "raw SQLite row $RAW_TPS tx/s" "$R_C" ">= 0.8" "$(verdict "$R_C" ">=" 0.8 "${BAD[create]}")"
row "KPIs over $NORDERS orders, p99 (worst), ms" "${P99[kpi]}" "$(rps kpi) req/s" "-" "< 50" "$(verdict "${P99[kpi]}" "<" 50 "${BAD[kpi]}")"
echo
echo "diagnostics (not targets):"
printf '  server CPU per request (user+sys): take an order %s us; KPI query %s us\n' "$(cpu_us create)" "$(cpu_us kpi)"
printf '  worst slice p99: take an order %sms; a year by department sums %s rollup rows\n' "${P99[create]}" "${YEAR_ROWS:-?}"
printf '  KPI query time inside the server (query_ms, one request at a time): %s\n' "$QUERY_MS"
printf '  order numbers unique: %s\n' "$UNIQUE"
exit 0
