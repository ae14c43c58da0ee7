/* Queue statistics (JSON, CSV, xlsx) and release advice of a hall. */
#include "api/api.h"
#include "yw/calendar.h"
#include "yw/queue_stats.h"
#include "yw/table_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MANAGERS (YW_ROLE_HALL_MANAGER | YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)
#define MAX_DAYS 93

static const char *const by_names[] = {"queue", "window", "staff", "hour", NULL};
static const char *const by_labels[] = {"队列", "窗口", "人员", "时段"};

static bool day_query(struct yw_req *q, struct yw_resp *r, const char *name, const char *def, char out[11],
		      struct yw_date *d)
{
	const char *s = yw_req_query(q, name);
	if (!s)
		s = def;
	if (strlen(s) != 10 || yw_date_parse(s, d, name, NULL) != YW_OK) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为 YYYY-MM-DD", name);
		return false;
	}
	snprintf(out, 11, "%s", s);
	return true;
}

/* The table of a stats reply, for CSV and xlsx. */
static const char *const columns[] = {"分组", "取号", "办结", "过号", "取消", "平均等候(分)", "等候P50", "等候P90",
				      "平均办理(分)", "办理P50", "办理P90", "预约", "准时签到", "预计误差(分)", "预计命中率",
				      NULL};

static void walk(const void *table, yw_cell_fn cell, void *ctx)
{
	const struct yw_qstats *q = table;
	for (int c = 0; columns[c]; c++)
		cell(ctx, 0, c, columns[c], false);
	for (int i = 0; i < q->n; i++) {
		const struct yw_qstat_group *g = &q->g[i];
		double v[] = {g->tickets,      g->served,      g->no_shows,    g->cancelled,  g->wait_mean,
			      g->wait_p50,     g->wait_p90,    g->service_mean, g->service_p50, g->service_p90,
			      g->appointments, g->appointments_on_time, g->quote_mae,
			      g->quote_n ? (double)g->quote_in_range / g->quote_n : 0};
		/* Counts as whole numbers, minutes to 0.01, the hit rate to 0.001. */
		static const int decimals[] = {0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 0, 0, 2, 3};
		cell(ctx, i + 1, 0, g->label, false);
		for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
			char num[32];
			snprintf(num, sizeof num, "%.*f", decimals[k], v[k]);
			cell(ctx, i + 1, (int)k + 1, num, true);
		}
	}
}

static void stats(struct yw_req *q, struct yw_resp *r)
{
	int64_t hall_id = yw_req_id(q, 0, r);
	if (!hall_id)
		return;
	char today[11], from[11], to[11];
	yw_local_day(yw_now_ms(), today);
	struct yw_date df, dt;
	if (!day_query(q, r, "to", today, to, &dt))
		return;
	char def_from[11];
	yw_date_format(yw_date_add_days(dt, -29), def_from);
	if (!day_query(q, r, "from", def_from, from, &df))
		return;
	int64_t span = yw_date_to_days(dt) - yw_date_to_days(df);
	if (span < 0 || span >= MAX_DAYS) {
		yw_resp_err(r, YW_E_BAD_QUERY, "from", "from 应不晚于 to，且最多 %d 天", MAX_DAYS);
		return;
	}
	const char *by_s = yw_req_query(q, "by"), *fmt = yw_req_query(q, "format");
	int by = 0;
	if (by_s)
		for (by = 0; by_names[by] && strcmp(by_names[by], by_s); by++)
			;
	if (!by_names[by]) {
		yw_resp_err(r, YW_E_BAD_QUERY, "by", "by 为 queue、window、staff 或 hour");
		return;
	}
	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx")) {
		yw_resp_err(r, YW_E_BAD_QUERY, "format", "format 为 json、csv 或 xlsx");
		return;
	}
	struct yw_qstats st;
	struct yw_error err = {0};
	int rc = yw_queue_stats(q->app->store, &q->actor, hall_id, from, to, (enum yw_stats_by)by, &st, &err);
	if (rc) {
		yw_resp_status(r, rc, &err);
		return;
	}
	struct yw_buf b = {0};
	if (fmt && strcmp(fmt, "json")) {
		bool csv = !strcmp(fmt, "csv");
		if (csv)
			yw_table_csv(walk, &st, &b);
		else if ((rc = yw_table_xlsx("排队统计", walk, &st, &b, &err))) {
			yw_qstats_free(&st);
			yw_resp_error(r, &err);
			return;
		}
		char disp[128];
		snprintf(disp, sizeof disp, "attachment; filename=\"queue-stats-%s-%s-%s.%s\"", by_names[by], from, to, fmt);
		yw_qstats_free(&st);
		yw_resp_buf(r, 200, &b);
		r->ctype = csv ? "text/csv; charset=utf-8"
			       : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		yw_resp_header(r, "Content-Disposition", disp);
		return;
	}
	yw_buf_printf(&b, "{\"hall_id\":%lld,\"from\":\"%s\",\"to\":\"%s\",\"by\":\"%s\",\"by_label\":\"%s\",\"total\":%d,"
			  "\"peak_hours\":[",
		      (long long)hall_id, from, to, by_names[by], by_labels[by], st.total);
	for (int k = 0, first = 1; k < 3; k++)
		if (st.peak_hours[k] >= 0) {
			yw_buf_printf(&b, "%s{\"hour\":%d,\"tickets\":%d}", first ? "" : ",", st.peak_hours[k], st.peak_counts[k]);
			first = 0;
		}
	yw_buf_adds(&b, "],\"groups\":[");
	for (int i = 0; i < st.n; i++) {
		const struct yw_qstat_group *g = &st.g[i];
		yw_buf_printf(&b, "%s{\"key\":%lld,\"label\":", i ? "," : "", (long long)g->key);
		yw_buf_json_str(&b, g->label);
		yw_buf_printf(&b,
			      ",\"tickets\":%d,\"served\":%d,\"no_shows\":%d,\"cancelled\":%d,\"wait_mean\":%.2f,"
			      "\"wait_p50\":%.2f,\"wait_p90\":%.2f,\"service_mean\":%.2f,\"service_p50\":%.2f,"
			      "\"service_p90\":%.2f,\"appointments\":%d,\"appointments_on_time\":%d,\"quote_n\":%d,"
			      "\"quote_mae\":%.2f,\"quote_in_range\":%.3f}",
			      g->tickets, g->served, g->no_shows, g->cancelled, g->wait_mean, g->wait_p50, g->wait_p90,
			      g->service_mean, g->service_p50, g->service_p90, g->appointments, g->appointments_on_time,
			      g->quote_n, g->quote_mae, g->quote_n ? (double)g->quote_in_range / g->quote_n : 0.0);
	}
	yw_buf_adds(&b, "]}");
	yw_qstats_free(&st);
	yw_resp_buf(r, 200, &b);
}

static void advice_reply(struct yw_resp *r, const struct yw_advice *a)
{
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"target\":%.1f,\"history_days\":%d,\"rows\":[", a->target, a->days);
	for (int i = 0; i < a->n; i++) {
		const struct yw_advice_row *x = &a->rows[i];
		yw_buf_printf(&b, "%s{\"queue_id\":%lld,\"queue_name\":", i ? "," : "", (long long)x->queue_id);
		yw_buf_json_str(&b, x->queue_name);
		yw_buf_printf(&b,
			      ",\"hour\":%d,\"arrivals\":%.2f,\"mean_service\":%.2f,\"cs2\":%.2f,\"windows\":%d,"
			      "\"advised\":%d,",
			      x->hour, x->arrivals, x->mean_service, x->cs2, x->windows, x->advised);
		if (x->current < 0)
			yw_buf_adds(&b, "\"current\":null,");
		else
			yw_buf_printf(&b, "\"current\":%d,", x->current);
		if (x->wait_without < 0)
			yw_buf_adds(&b, "\"wait_without\":null,");
		else
			yw_buf_printf(&b, "\"wait_without\":%.2f,", x->wait_without);
		if (x->wait_with < 0)
			yw_buf_adds(&b, "\"wait_with\":null}");
		else
			yw_buf_printf(&b, "\"wait_with\":%.2f}", x->wait_with);
	}
	yw_buf_adds(&b, "]}");
	yw_resp_buf(r, 200, &b);
}

static bool target_query(struct yw_req *q, struct yw_resp *r, double *out)
{
	const char *s = yw_req_query(q, "target");
	*out = 0;
	if (!s)
		return true;
	char *end;
	double v = strtod(s, &end);
	if (!*s || *end || !(v >= 1 && v <= 240)) {
		yw_resp_err(r, YW_E_BAD_QUERY, "target", "target 为 1–240 分钟");
		return false;
	}
	*out = v;
	return true;
}

static void advice(struct yw_req *q, struct yw_resp *r)
{
	int64_t hall_id = yw_req_id(q, 0, r);
	double target;
	if (!hall_id || !target_query(q, r, &target))
		return;
	struct yw_advice a;
	struct yw_error err = {0};
	int st = yw_release_advice_view(q->app->store, &q->actor, hall_id, target, &a, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	advice_reply(r, &a);
	yw_advice_free(&a);
}

struct apply_body {
	int64_t queue_id, target;
};

static void advice_apply(struct yw_req *q, struct yw_resp *r)
{
	int64_t hall_id = yw_req_id(q, 0, r);
	if (!hall_id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	static const struct yw_jfield fields[] = {
		{"queue_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct apply_body, queue_id)},
		{"target", YW_J_INT, false, 1, 240, offsetof(struct apply_body, target)},
	};
	struct apply_body ab = {0};
	bool ok = yw_api_fields(body, fields, 2, &ab, r);
	json_decref(body);
	if (!ok)
		return;
	struct yw_advice a;
	struct yw_error err = {0};
	int st = yw_release_advice_apply(q->app->store, &q->actor, hall_id, ab.queue_id, (double)ab.target, &a, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	advice_reply(r, &a);
	yw_advice_free(&a);
}

const struct yw_route yw_routes_queue_stats[] = {
	{"GET", "/api/v1/halls/{id}/queue-stats", stats, MANAGERS,
	 "排队统计 / Queue statistics (?from=&to=&by=queue|window|staff|hour&format=json|csv|xlsx)", "statistics"},
	{"GET", "/api/v1/halls/{id}/release-advice", advice, MANAGERS,
	 "放号建议（Erlang C + Allen–Cunneen）/ Appointment release advice (?target=minutes)", "statistics"},
	{"POST", "/api/v1/halls/{id}/release-advice/apply", advice_apply, YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN,
	 "一键应用放号建议 / Apply the advice to the release plan", "statistics", NULL, "{queue_id?, target?}"},
	{NULL},
};
