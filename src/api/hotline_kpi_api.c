/* 12345 hotline KPIs (docs/hotline-kpis.md): the ten rates by department,
 * category or region over a period (JSON, CSV, xlsx through the shared
 * table writer), the trend of the busiest categories and regions, the
 * overdue orders now, and the rollup's upkeep (verify, rebuild, a fixture
 * for tests and benches). Parsing and replies only. */
#include "api/api.h"
#include "yw/calendar_svc.h"
#include "yw/hotline_kpi.h"
#include "yw/table_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READERS (YW_ROLE_HOTLINE_AGENT | YW_ROLE_HOTLINE_HANDLER | YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)
#define ADMIN	YW_ROLE_ADMIN

static const char *const by_labels[] = {"部门", "分类", "区划"};

static bool known_in(const char *key, const void *ctx)
{
	for (const char *const *k = ctx; *k; k++)
		if (!strcmp(key, *k))
			return true;
	return false;
}

static bool no_unknown(struct yw_req *q, struct yw_resp *r, const char *const *params)
{
	const char *unknown = yw_req_unknown_query(q, known_in, params);
	if (unknown)
		yw_resp_err(r, YW_E_BAD_QUERY, unknown, "“%s” 不是可用的查询参数", unknown);
	return !unknown;
}

static bool pick(struct yw_req *q, struct yw_resp *r, const char *name, const char *const *allowed, int def, int *out)
{
	const char *s = yw_req_query(q, name);
	*out = def;
	if (!s)
		return true;
	for (int i = 0; allowed[i]; i++)
		if (!strcmp(allowed[i], s)) {
			*out = i;
			return true;
		}
	yw_resp_err(r, YW_E_BAD_QUERY, name, "“%s” 不是 %s 允许的取值", s, name);
	return false;
}

static bool int_query(struct yw_req *q, struct yw_resp *r, const char *name, int64_t min, int64_t max, int64_t *out)
{
	const char *s = yw_req_query(q, name);
	if (!s)
		return true;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < min || v > max) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为 %lld–%lld 的整数", name, (long long)min, (long long)max);
		return false;
	}
	*out = v;
	return true;
}

/* from / to (local dates, inclusive): by default the last 30 days. */
static void period(struct yw_req *q, char from[11], char to[11])
{
	const char *t = yw_req_query(q, "to"), *f = yw_req_query(q, "from");
	struct yw_date today = yw_date_from_epoch_ms_shanghai(yw_now_ms()), d;
	if (t)
		snprintf(to, 11, "%.10s", t);
	else
		yw_date_format(today, to);
	if (f)
		snprintf(from, 11, "%.10s", f);
	else
		yw_date_format(yw_date_add_days(yw_date_parse(to, &d, "to", NULL) ? today : d, -29), from);
	/* A longer value is refused by the domain's date check. */
	if (t && strlen(t) > 10)
		to[0] = 'x';
	if (f && strlen(f) > 10)
		from[0] = 'x';
}

static void kpi_value(struct yw_buf *b, double v)
{
	if (v < 0)
		yw_buf_adds(b, "null");
	else
		yw_buf_printf(b, "%.4f", v);
}

static void counts_json(struct yw_buf *b, const int64_t *c)
{
	yw_buf_adds(b, "\"counts\":{");
	for (int k = 0; k < YW_HLK_NCOUNT; k++)
		yw_buf_printf(b, "%s\"%s\":%lld", k ? "," : "", yw_hlk_count_names[k], (long long)c[k]);
	yw_buf_adds(b, "},\"kpis\":{");
	for (int k = 0; k < YW_HLK_NKPI; k++) {
		yw_buf_printf(b, "%s\"%s\":", k ? "," : "", yw_hlk_defs[k].key);
		kpi_value(b, yw_hlk_value((enum yw_hlk_kpi)k, c));
	}
	yw_buf_adds(b, "}");
}

static void definitions_json(struct yw_buf *b)
{
	yw_buf_adds(b, "\"definitions\":[");
	for (int k = 0; k < YW_HLK_NKPI; k++) {
		const struct yw_hlk_def *d = &yw_hlk_defs[k];
		yw_buf_printf(b, "%s{\"key\":\"%s\",\"name\":", k ? "," : "", d->key);
		yw_buf_json_str(b, d->name);
		yw_buf_adds(b, ",\"formula\":");
		yw_buf_json_str(b, d->formula);
		yw_buf_adds(b, ",\"definition\":");
		yw_buf_json_str(b, d->definition);
		yw_buf_printf(b, ",\"numerator\":\"%s\",\"denominator\":\"%s\",\"complement\":%s}",
			      yw_hlk_count_names[d->num], yw_hlk_count_names[d->den], d->complement ? "true" : "false");
	}
	yw_buf_adds(b, "],\"count_labels\":{");
	for (int k = 0; k < YW_HLK_NCOUNT; k++) {
		yw_buf_printf(b, "%s\"%s\":", k ? "," : "", yw_hlk_count_names[k]);
		yw_buf_json_str(b, yw_hlk_count_labels[k]);
	}
	yw_buf_adds(b, "}");
}

/* ---- the table: JSON, CSV, xlsx ---- */

static void percent(char *out, size_t n, double v)
{
	if (v < 0)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%.2f%%", v * 100);
}

static void walk(const void *table, yw_cell_fn cell, void *ctx)
{
	const struct yw_hlk_table *t = table;
	int col = 0;
	cell(ctx, 0, col++, "分组", false);
	cell(ctx, 0, col++, "编码", false);
	for (int k = 0; k < YW_HLK_NKPI; k++)
		cell(ctx, 0, col++, yw_hlk_defs[k].name, false);
	for (int k = 0; k < YW_HLK_NCOUNT; k++)
		cell(ctx, 0, col++, yw_hlk_count_labels[k], false);
	for (int i = 0; i <= t->n; i++) {
		const int64_t *c = i < t->n ? t->g[i].c : t->total;
		char num[32];
		col = 0;
		cell(ctx, i + 1, col++, i < t->n ? t->g[i].label : "合计", false);
		cell(ctx, i + 1, col++, i < t->n ? t->g[i].code : "", false);
		for (int k = 0; k < YW_HLK_NKPI; k++) {
			percent(num, sizeof num, yw_hlk_value((enum yw_hlk_kpi)k, c));
			cell(ctx, i + 1, col++, num, false);
		}
		for (int k = 0; k < YW_HLK_NCOUNT; k++) {
			snprintf(num, sizeof num, "%lld", (long long)c[k]);
			cell(ctx, i + 1, col++, num, true);
		}
	}
}

static void kpis(struct yw_req *q, struct yw_resp *r)
{
	static const char *const params[] = {"from", "to", "by", "level", "department_id", "format", NULL};
	static const char *const formats[] = {"json", "csv", "xlsx", NULL};
	int by, fmt;
	int64_t level = 0, dep = 0;
	if (!no_unknown(q, r, params) || !pick(q, r, "by", yw_hlk_by_names, 0, &by) ||
	    !pick(q, r, "format", formats, 0, &fmt) || !int_query(q, r, "level", 1, 3, &level) ||
	    !int_query(q, r, "department_id", 1, INT64_MAX, &dep))
		return;
	char from[11], to[11];
	period(q, from, to);
	struct yw_hlk_query kq = {from, to, (enum yw_hlk_by)by, (int)level, dep};
	struct yw_hlk_table t;
	struct yw_error err = {0};
	int64_t t0 = yw_mono_us();
	int st = yw_hl_kpi_table(q->app->store, &q->actor, &kq, &t, &err);
	double ms = (double)(yw_mono_us() - t0) / 1000.0;
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	if (fmt) {
		bool csv = fmt == 1;
		if (csv)
			yw_table_csv(walk, &t, &b);
		else if ((st = yw_table_xlsx("热线指标", walk, &t, &b, &err))) {
			yw_hl_kpi_table_free(&t);
			yw_resp_error(r, &err);
			return;
		}
		char disp[128];
		snprintf(disp, sizeof disp, "attachment; filename=\"hotline-kpis-%s-%s-%s.%s\"", yw_hlk_by_names[by], from, to,
			 formats[fmt]);
		yw_hl_kpi_table_free(&t);
		yw_resp_buf(r, 200, &b);
		r->ctype = csv ? "text/csv; charset=utf-8"
			       : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		yw_resp_header(r, "Content-Disposition", disp);
		return;
	}
	yw_buf_printf(&b, "{\"from\":\"%s\",\"to\":\"%s\",\"by\":\"%s\",\"by_label\":\"%s\",\"level\":%d,", from, to,
		      yw_hlk_by_names[by], by_labels[by], (int)level);
	definitions_json(&b);
	yw_buf_adds(&b, ",\"total\":{");
	counts_json(&b, t.total);
	yw_buf_adds(&b, "},\"groups\":[");
	for (int i = 0; i < t.n; i++) {
		const struct yw_hlk_group *g = &t.g[i];
		yw_buf_printf(&b, "%s{\"key\":%lld,\"code\":", i ? "," : "", (long long)g->key);
		yw_buf_json_str(&b, g->code[0] ? g->code : NULL);
		yw_buf_adds(&b, ",\"label\":");
		yw_buf_json_str(&b, g->label);
		yw_buf_adds(&b, ",");
		counts_json(&b, g->c);
		yw_buf_adds(&b, "}");
	}
	yw_buf_printf(&b, "],\"rollup_rows\":%lld,\"query_ms\":%.2f}", (long long)t.rows, ms);
	yw_hl_kpi_table_free(&t);
	yw_resp_buf(r, 200, &b);
}

/* ---- the trend ---- */

static void int_array(struct yw_buf *b, const int64_t *v, int n)
{
	yw_buf_adds(b, "[");
	for (int i = 0; i < n; i++)
		yw_buf_printf(b, "%s%lld", i ? "," : "", (long long)v[i]);
	yw_buf_adds(b, "]");
}

static void trend(struct yw_req *q, struct yw_resp *r)
{
	static const char *const params[] = {"from", "to", "by", "level", "department_id", "interval", "top", NULL};
	static const char *const intervals[] = {"day", "week", "month", NULL};
	int by, iv;
	int64_t level = 0, dep = 0, top = 8;
	if (!no_unknown(q, r, params) || !pick(q, r, "by", yw_hlk_by_names, 1, &by) ||
	    !pick(q, r, "interval", intervals, 0, &iv) || !int_query(q, r, "level", 1, 3, &level) ||
	    !int_query(q, r, "department_id", 1, INT64_MAX, &dep) || !int_query(q, r, "top", 1, 20, &top))
		return;
	char from[11], to[11];
	period(q, from, to);
	struct yw_hlk_query kq = {from, to, (enum yw_hlk_by)by, (int)level, dep};
	struct yw_hlk_trend t;
	struct yw_error err = {0};
	int st = yw_hl_kpi_trend(q->app->store, &q->actor, &kq, (enum yw_hlk_interval)iv, (int)top, &t, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"from\":\"%s\",\"to\":\"%s\",\"by\":\"%s\",\"interval\":\"%s\",\"periods\":[", from, to,
		      yw_hlk_by_names[by], intervals[iv]);
	for (int i = 0; i < t.nperiods; i++)
		yw_buf_printf(&b, "%s\"%s\"", i ? "," : "", t.periods[i]);
	yw_buf_adds(&b, "],\"series\":[");
	for (int i = 0; i < t.n; i++) {
		const struct yw_hlk_series *s = &t.s[i];
		yw_buf_printf(&b, "%s{\"key\":%lld,\"code\":", i ? "," : "", (long long)s->key);
		yw_buf_json_str(&b, s->code[0] ? s->code : NULL);
		yw_buf_adds(&b, ",\"label\":");
		yw_buf_json_str(&b, s->label);
		yw_buf_printf(&b, ",\"accepted\":%lld,\"closed\":%lld,\"values\":", (long long)s->accepted,
			      (long long)s->closed);
		int_array(&b, s->per, t.nperiods);
		yw_buf_adds(&b, "}");
	}
	yw_buf_adds(&b, "],\"other\":");
	int_array(&b, t.other, t.nperiods);
	yw_buf_adds(&b, ",\"all\":");
	int_array(&b, t.all, t.nperiods);
	yw_buf_adds(&b, "}");
	yw_hl_kpi_trend_free(&t);
	yw_resp_buf(r, 200, &b);
}

/* ---- overdue now ---- */

static void overdue(struct yw_req *q, struct yw_resp *r)
{
	static const char *const params[] = {"department_id", "limit", NULL};
	int64_t dep = 0, limit = 50;
	if (!no_unknown(q, r, params) || !int_query(q, r, "department_id", 1, INT64_MAX, &dep) ||
	    !int_query(q, r, "limit", 1, 200, &limit))
		return;
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap)
		return;
	struct yw_hl_ctx x = {&q->actor, snap->cal, yw_now_ms()};
	struct yw_hlk_overdue o;
	struct yw_error err = {0};
	int st = yw_hl_kpi_overdue(q->app->store, &x, dep, (int)limit, &o, &err);
	yw_api_calendar_release(snap);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"now\":%lld,\"departments\":[", (long long)x.now);
	int64_t open = 0, late = 0;
	for (int i = 0; i < o.n; i++) {
		const struct yw_hlk_overdue_row *d = &o.rows[i];
		open += d->open;
		late += d->overdue;
		yw_buf_printf(&b, "%s{\"department_id\":%lld,\"name\":", i ? "," : "", (long long)d->department_id);
		yw_buf_json_str(&b, d->name);
		yw_buf_printf(&b,
			      ",\"open\":%lld,\"overdue\":%lld,\"sign_overdue\":%lld,\"handle_overdue\":%lld,"
			      "\"reply_overdue\":%lld}",
			      (long long)d->open, (long long)d->overdue, (long long)d->sign, (long long)d->handle,
			      (long long)d->reply);
	}
	yw_buf_printf(&b, "],\"open\":%lld,\"overdue\":%lld,\"orders\":[", (long long)open, (long long)late);
	/* The orders without the caller: a KPI page needs none of it. */
	for (int i = 0; i < o.orders.n; i++) {
		const struct yw_hl_order *e = &o.orders.items[i];
		const struct yw_hl_flags *f = &o.orders.flags[i];
		yw_buf_printf(&b, "%s{\"id\":%lld,\"order_no\":", i ? "," : "", (long long)e->id);
		yw_buf_json_str(&b, e->order_no);
		yw_buf_adds(&b, ",\"type\":");
		yw_buf_json_str(&b, e->type);
		yw_buf_adds(&b, ",\"state\":");
		yw_buf_json_str(&b, e->state);
		yw_buf_adds(&b, ",\"urgency\":");
		yw_buf_json_str(&b, e->urgency);
		yw_buf_adds(&b, ",\"category_name\":");
		yw_buf_json_str(&b, e->category_name);
		yw_buf_adds(&b, ",\"region_name\":");
		yw_buf_json_str(&b, e->region_name[0] ? e->region_name : NULL);
		yw_buf_adds(&b, ",\"lead_department_name\":");
		yw_buf_json_str(&b, e->lead_department_name[0] ? e->lead_department_name : NULL);
		yw_buf_adds(&b, ",\"clock\":");
		yw_buf_json_str(&b, f->clock);
		/* The deadline it missed (the running clock's may be a later one). */
		int64_t missed = f->sign_overdue ? e->sign_by : f->handle_overdue ? e->handle_by : e->reply_by;
		yw_buf_printf(&b, ",\"missed_deadline\":%lld", (long long)missed);
		yw_buf_printf(&b,
			      ",\"due_at\":%lld,\"sign_overdue\":%s,\"handle_overdue\":%s,\"reply_overdue\":%s,"
			      "\"paused\":%s,\"urge_count\":%d,\"supervised\":%s,\"created_at\":%lld}",
			      (long long)f->due_at, f->sign_overdue ? "true" : "false",
			      f->handle_overdue ? "true" : "false", f->reply_overdue ? "true" : "false",
			      f->paused ? "true" : "false", e->urge_count, e->supervised ? "true" : "false",
			      (long long)e->created_at);
	}
	yw_buf_printf(&b, "],\"orders_total\":%lld}", (long long)o.orders.total);
	yw_hl_kpi_overdue_free(&o);
	yw_resp_buf(r, 200, &b);
}

/* ---- upkeep ---- */

static void check_reply(struct yw_resp *r, const struct yw_hlk_check *c, bool rebuilt)
{
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"ok\":%s,\"orders\":%lld,\"rows\":%lld,\"mismatches\":%lld,\"first_mismatch\":",
		      rebuilt || !c->mismatches ? "true" : "false", (long long)c->orders, (long long)c->rows,
		      (long long)c->mismatches);
	yw_buf_json_str(&b, c->first[0] ? c->first : NULL);
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 200, &b);
}

static void verify(struct yw_req *q, struct yw_resp *r)
{
	struct yw_hlk_check c;
	struct yw_error err = {0};
	int st = yw_hl_kpi_verify(q->app->store, &q->actor, &c, &err);
	if (st)
		yw_resp_status(r, st, &err);
	else
		check_reply(r, &c, false);
}

static void rebuild(struct yw_req *q, struct yw_resp *r)
{
	struct yw_hlk_check c;
	struct yw_error err = {0};
	int st = yw_hl_kpi_rebuild(q->app->store, &q->actor, &c, &err);
	if (st)
		yw_resp_status(r, st, &err);
	else
		check_reply(r, &c, true);
}

struct fixture_body {
	const char *from, *to, *region_code;
	int64_t accepted, closed, seed;
};

/* Test and bench stores only: NOT_FOUND unless the server was started
 * with YIWANG_TEST_FIXTURES=1 (a fixture in production would mix
 * fictitious counts into real ones). */
static void fixture(struct yw_req *q, struct yw_resp *r)
{
	const char *on = getenv("YIWANG_TEST_FIXTURES");
	if (!on || strcmp(on, "1")) {
		yw_resp_err(r, YW_E_NOT_FOUND, NULL, "%s: only on test stores (YIWANG_TEST_FIXTURES=1)", q->url);
		return;
	}
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	static const struct yw_jfield fields[] = {
		{"from", YW_J_STR, true, 10, 10, offsetof(struct fixture_body, from)},
		{"to", YW_J_STR, true, 10, 10, offsetof(struct fixture_body, to)},
		{"region_code", YW_J_STR, true, 6, 12, offsetof(struct fixture_body, region_code)},
		{"accepted", YW_J_INT, true, 1, 5000000, offsetof(struct fixture_body, accepted)},
		{"closed", YW_J_INT, true, 0, 5000000, offsetof(struct fixture_body, closed)},
		{"seed", YW_J_INT, false, 1, INT64_MAX, offsetof(struct fixture_body, seed)},
	};
	struct fixture_body fb = {0};
	if (!yw_api_fields(body, fields, 6, &fb, r)) {
		json_decref(body);
		return;
	}
	struct yw_hlk_fixture f = {fb.from, fb.to, fb.region_code, fb.accepted, fb.closed, (uint64_t)fb.seed};
	int64_t rows = 0;
	struct yw_error err = {0};
	int64_t t0 = yw_mono_us();
	int st = yw_hl_kpi_fixture(q->app->store, &q->actor, &f, &rows, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"rows\":%lld,\"accepted\":%lld,\"closed\":%lld,\"ms\":%lld}", (long long)rows,
		      (long long)f.accepted, (long long)f.closed, (long long)((yw_mono_us() - t0) / 1000));
	yw_resp_buf(r, 201, &b);
}

#define T "hotline"

const struct yw_route yw_routes_hotline_kpi[] = {
	{"GET", "/api/v1/hotline/kpis", kpis, READERS,
	 "热线考核指标（十项，按部门/分类/区划）/ Hotline KPIs (?from=&to=&by=department|category|region&level=&"
	 "department_id=&format=json|csv|xlsx)",
	 T},
	{"GET", "/api/v1/hotline/kpis/trend", trend, READERS,
	 "诉求趋势与热点 / Trend of the top categories or regions (?from=&to=&by=category|region&interval=day|week|"
	 "month&top=&level=&department_id=)",
	 T},
	{"GET", "/api/v1/hotline/kpis/overdue", overdue, READERS,
	 "超期工单（按主办部门）/ Overdue orders now, per lead department (?department_id=&limit=)", T},
	{"GET", "/api/v1/hotline/kpis/verify", verify, ADMIN,
	 "核对指标汇总与工单是否一致 / Check the KPI rollup against the orders", T},
	{"POST", "/api/v1/hotline/kpis/rebuild", rebuild, ADMIN,
	 "由工单重建指标汇总 / Rebuild the KPI rollup from the orders", T},
	{"POST", "/api/v1/hotline/kpis/fixture", fixture, ADMIN,
	 "写入指标样例数据（仅测试环境 YIWANG_TEST_FIXTURES=1）/ Write a KPI fixture (test stores only)", T, NULL,
	 "{from, to, region_code, accepted, closed, seed?}"},
	{NULL},
};
