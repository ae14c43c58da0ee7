/* Case statistics (办件统计) as JSON, CSV or xlsx: accepted, finished, 办结率,
 * on-time rate and handling time against the promise, by item, department,
 * hall, window, staff, day or month over a period, read from the rollup. */
#include "api/api.h"
#include "yw/calendar.h"
#include "yw/case_stats.h"
#include "yw/table_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READERS (YW_ROLE_SUPERVISOR | YW_ROLE_HALL_MANAGER | YW_ROLE_APPROVER | YW_ROLE_ADMIN)

static bool known(const char *key, const void *ctx)
{
	static const char *const keys[] = {"from",	"to",	     "by",	 "item_id", "department_id",
					   "hall_id", "window_id", "staff_id", "format",  NULL};
	for (int i = 0; keys[i]; i++)
		if (!strcmp(keys[i], key))
			return true;
	return false;
}

static bool query_id(struct yw_req *q, struct yw_resp *r, const char *name, int64_t *out)
{
	const char *v = yw_req_query(q, name);
	*out = 0;
	if (!v)
		return true;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < 1) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为正整数", name);
		return false;
	}
	*out = n;
	return true;
}

/* ---- the table (CSV, xlsx) ---- */

static const char *const columns[] = {"分组", "编码", "收件", "不予受理", "受理", "容缺受理", "办结", "准予许可", "不予许可",
				      "办理中", "按时办结", "超期办结", "法定时限内办结", "办结率", "按时办结率",
				      "平均用时(工作日)", "平均承诺时限(工作日)", "已送达", NULL};

static void row_cells(yw_cell_fn cell, void *ctx, int row, const struct yw_case_stat_row *g)
{
	const struct yw_case_counts *n = &g->n;
	cell(ctx, row, 0, g->label, false);
	cell(ctx, row, 1, g->code, false);
	double v[] = {n->received, n->not_accepted, n->accepted, n->tolerant, n->finished, n->approved, n->rejected,
		      n->accepted - n->finished, n->on_time, n->late, n->within_statutory, g->finish_rate, g->on_time_rate,
		      g->avg_used_days, g->avg_promised_days, n->delivered};
	static const int decimals[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 2, 2, 0};
	for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
		char num[32];
		snprintf(num, sizeof num, "%.*f", decimals[k], v[k]);
		cell(ctx, row, (int)k + 2, num, true);
	}
}

static void walk(const void *table, yw_cell_fn cell, void *ctx)
{
	const struct yw_case_stats *s = table;
	for (int c = 0; columns[c]; c++)
		cell(ctx, 0, c, columns[c], false);
	for (int i = 0; i < s->n; i++)
		row_cells(cell, ctx, i + 1, &s->rows[i]);
	row_cells(cell, ctx, s->n + 1, &s->total);
}

/* ---- JSON ---- */

static void row_json(struct yw_buf *b, const struct yw_case_stat_row *g)
{
	const struct yw_case_counts *n = &g->n;
	yw_buf_printf(b, "{\"key\":%lld,\"code\":", (long long)g->key);
	yw_buf_json_str(b, g->code);
	yw_buf_adds(b, ",\"label\":");
	yw_buf_json_str(b, g->label);
	char finish[16], on_time[16];
	yw_case_rate_text(g->finish_rate, n->accepted, finish);
	yw_case_rate_text(g->on_time_rate, n->on_time + n->late, on_time);
	yw_buf_printf(b,
		      ",\"received\":%lld,\"not_accepted\":%lld,\"accepted\":%lld,\"tolerant\":%lld,\"finished\":%lld,"
		      "\"approved\":%lld,\"rejected\":%lld,\"in_progress\":%lld,\"on_time\":%lld,\"late\":%lld,"
		      "\"within_statutory\":%lld,\"delivered\":%lld,\"timed\":%lld,\"finish_rate\":%.4f,"
		      "\"finish_rate_text\":\"%s\",\"on_time_rate\":%.4f,\"on_time_rate_text\":\"%s\","
		      "\"avg_used_days\":%.2f,\"avg_promised_days\":%.2f}",
		      (long long)n->received, (long long)n->not_accepted, (long long)n->accepted, (long long)n->tolerant,
		      (long long)n->finished, (long long)n->approved, (long long)n->rejected,
		      (long long)(n->accepted - n->finished), (long long)n->on_time, (long long)n->late,
		      (long long)n->within_statutory, (long long)n->delivered, (long long)n->timed, g->finish_rate, finish,
		      g->on_time_rate, on_time, g->avg_used_days, g->avg_promised_days);
}

static void stats(struct yw_req *q, struct yw_resp *r)
{
	const char *bad = yw_req_unknown_query(q, known, NULL);
	if (bad) {
		yw_resp_err(r, YW_E_BAD_QUERY, bad, "unknown query parameter “%s”", bad);
		return;
	}
	/* Default period: the year of `to` (today) up to it. */
	char today[11], from_default[11];
	yw_date_format(yw_date_today_shanghai(), today);
	struct yw_case_stats_query cq = {.from = yw_req_query(q, "from"), .to = yw_req_query(q, "to")};
	if (!cq.to)
		cq.to = today;
	if (!cq.from) {
		snprintf(from_default, sizeof from_default, "%.4s-01-01", cq.to);
		cq.from = from_default;
	}
	const char *by = yw_req_query(q, "by"), *fmt = yw_req_query(q, "format");
	int b = 0;
	if (by)
		for (b = 0; yw_case_stats_by_names[b] && strcmp(yw_case_stats_by_names[b], by); b++)
			;
	if (!yw_case_stats_by_names[b]) {
		yw_resp_err(r, YW_E_BAD_QUERY, "by", "by 为 total、item、department、hall、window、staff、day 或 month");
		return;
	}
	cq.by = (enum yw_case_stats_by)b;
	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx")) {
		yw_resp_err(r, YW_E_BAD_QUERY, "format", "format 为 json、csv 或 xlsx");
		return;
	}
	if (!query_id(q, r, "item_id", &cq.item_id) || !query_id(q, r, "department_id", &cq.department_id) ||
	    !query_id(q, r, "hall_id", &cq.hall_id) || !query_id(q, r, "window_id", &cq.window_id) ||
	    !query_id(q, r, "staff_id", &cq.staff_id))
		return;
	struct yw_case_stats s;
	struct yw_error err = {0};
	int st = yw_case_stats(q->app->store, &q->actor, &cq, &s, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf out = {0};
	if (fmt && strcmp(fmt, "json")) {
		bool csv = !strcmp(fmt, "csv");
		if (csv)
			yw_table_csv(walk, &s, &out);
		else if (yw_table_xlsx("办件统计", walk, &s, &out, &err)) {
			yw_case_stats_free(&s);
			yw_resp_error(r, &err);
			return;
		}
		char disp[128];
		snprintf(disp, sizeof disp, "attachment; filename=\"case-stats-%s-%s-%s.%s\"", yw_case_stats_by_names[b],
			 cq.from, cq.to, fmt);
		yw_case_stats_free(&s);
		yw_resp_buf(r, 200, &out);
		r->ctype = csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		yw_resp_header(r, "Content-Disposition", disp);
		return;
	}
	yw_buf_printf(&out, "{\"from\":\"%s\",\"to\":\"%s\",\"by\":\"%s\",\"by_label\":\"%s\",\"summary\":", cq.from, cq.to,
		      yw_case_stats_by_names[b], yw_case_stats_by_labels[b]);
	yw_buf_json_str(&out, s.summary);
	yw_buf_adds(&out, ",\"total\":");
	row_json(&out, &s.total);
	yw_buf_adds(&out, ",\"groups\":[");
	for (int i = 0; i < s.n; i++) {
		yw_buf_adds(&out, i ? "," : "");
		row_json(&out, &s.rows[i]);
	}
	yw_buf_adds(&out, "]}");
	yw_case_stats_free(&s);
	yw_resp_buf(r, 200, &out);
}

const struct yw_route yw_routes_case_stats[] = {
	{"GET", "/api/v1/case-stats", stats, READERS,
	 "办件统计：受理、办结、办结率、按时办结率、平均用时 / Case statistics "
	 "(?from=&to=&by=total|item|department|hall|window|staff|day|month&item_id=&department_id=&hall_id=&window_id="
	 "&staff_id=&format=json|csv|xlsx)",
	 "statistics"},
	{NULL},
};
