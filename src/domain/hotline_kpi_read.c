/* Reading the hotline KPIs: sums of the rollup over a period by
 * department, category or region, the trend of the busiest categories or
 * regions (hot spots), and the overdue orders now. Everything but the
 * overdue list reads the rollup only (docs/hotline-kpis.md). */
#include "yw/hotline_kpi.h"
#include "store/hotline_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const yw_hlk_by_names[] = {"department", "category", "region", NULL};

enum { MAX_SPAN_DAYS = 1100, MAX_DAY_PERIODS = 400 };

static int bad_query(struct yw_error *err, const char *field, const char *msg)
{
	yw_error_set(err, YW_E_BAD_QUERY, field, "%s", msg);
	return YW_FAIL;
}

static int check_period(const struct yw_hlk_query *q, struct yw_date *from, struct yw_date *to, struct yw_error *err)
{
	if (!q->from || yw_date_parse(q->from, from, "from", NULL))
		return bad_query(err, "from", "from 应为 YYYY-MM-DD");
	if (!q->to || yw_date_parse(q->to, to, "to", NULL))
		return bad_query(err, "to", "to 应为 YYYY-MM-DD");
	int64_t span = yw_date_to_days(*to) - yw_date_to_days(*from);
	if (span < 0)
		return bad_query(err, "from", "from 不能晚于 to");
	if (span >= MAX_SPAN_DAYS)
		return bad_query(err, "to", "统计期最长 3 年");
	if (q->level < 0 || q->level > 3)
		return bad_query(err, "level", "level 为 1–3");
	return YW_OK;
}

/* A period as the rollup sums it: whole months from the month rows, and
 * at either end the days of a partial month — or, when fewer, the month
 * less the days outside the period. A year costs at most about a month of
 * day rows, whatever its ends. */
struct range {
	bool month;
	int sign; /* +1: add the range, -1: take it away */
	char from[11], to[11];
};

static void day_range(struct range *r, int sign, struct yw_date a, struct yw_date b)
{
	r->month = false;
	r->sign = sign;
	yw_date_format(a, r->from);
	yw_date_format(b, r->to);
}

static struct yw_date month_end(struct yw_date d) { return (struct yw_date){d.y, d.m, yw_date_days_in_month(d.y, d.m)}; }

static int split(struct yw_date from, struct yw_date to, struct range out[3])
{
	int n = 0;
	struct yw_date first = {from.y, from.m, 1}, last = {to.y, to.m, 1}; /* the months summed, by their 1st */
	int dim_from = yw_date_days_in_month(from.y, from.m), dim_to = yw_date_days_in_month(to.y, to.m);
	if (from.y == to.y && from.m == to.m) {
		int inside = to.d - from.d + 1;
		if (inside <= dim_from - inside) { /* days only */
			day_range(&out[0], 1, from, to);
			return 1;
		}
	} else {
		/* The head: its days, or its month less the days before `from`. */
		if (from.d > 1 && dim_from - from.d + 1 <= from.d - 1) {
			day_range(&out[n++], 1, from, month_end(from));
			first = yw_date_add_days(month_end(from), 1);
		}
		/* The tail: its days, or its month less the days after `to`. */
		if (to.d < dim_to && to.d <= dim_to - to.d) {
			day_range(&out[n++], 1, (struct yw_date){to.y, to.m, 1}, to);
			last = yw_date_add_days((struct yw_date){to.y, to.m, 1}, -1);
			last.d = 1;
		}
	}
	if (yw_date_cmp(first, last) <= 0) {
		out[n].month = true;
		out[n].sign = 1;
		snprintf(out[n].from, sizeof out[n].from, "%04d-%02d", first.y, first.m);
		snprintf(out[n].to, sizeof out[n].to, "%04d-%02d", last.y, last.m);
		n++;
		if (first.y == from.y && first.m == from.m && from.d > 1)
			day_range(&out[n++], -1, first, yw_date_add_days(from, -1));
		if (last.y == to.y && last.m == to.m && to.d < dim_to)
			day_range(&out[n++], -1, yw_date_add_days(to, 1), month_end(to));
	}
	return n;
}

/* Who sees what: the area of the actor's region (district or above) and,
 * for a department's handler, that department only. */
struct scope {
	char area[160]; /* "" = every area */
	int64_t department_id;
};

static bool is_handler(const struct yw_actor *who) { return who->role && !strcmp(who->role, "hotline_handler"); }

static int resolve_scope(struct yw_conn *c, const struct yw_actor *who, int64_t want_department, bool for_rollup,
			 struct scope *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	out->department_id = want_department;
	if (is_handler(who)) {
		if (!who->scope.department_id ||
		    (want_department && want_department != who->scope.department_id)) {
			yw_error_set(err, YW_E_FORBIDDEN_SCOPE, "department_id", "部门处理人只能查看本部门的指标");
			return YW_FAIL;
		}
		out->department_id = who->scope.department_id;
	}
	if (!who->scope.region_id || (who->roles & YW_ROLE_ADMIN))
		return YW_OK;
	int st = yw_hs_region_path(c, who->scope.region_id, out->area, sizeof out->area);
	if (st)
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	if (for_rollup) {
		/* The last code of the path says the level: 6 digits down to a district. */
		size_t len = strlen(out->area);
		const char *last = out->area;
		for (size_t i = 0; len > 1 && i + 1 < len; i++)
			if (out->area[i] == '/')
				last = out->area + i + 1;
		if (strcspn(last, "/") != 6) {
			yw_error_set(err, YW_E_FORBIDDEN_SCOPE, "region_id",
				     "指标按区县汇总，街道、社区账号请向区级中心查询");
			return YW_FAIL;
		}
	}
	return YW_OK;
}

/* A store upgraded to the rollup with orders already in it starts with an
 * empty rollup: it is filled once from the orders. */
static int empty_tx(struct yw_conn *c, void *p)
{
	bool *v = p;
	return yw_hks_is_empty(c, &v[0], &v[1]);
}

static int ensure_rollup(struct yw_store *s)
{
	bool v[2] = {false, true};
	int st = yw_store_tx(s, YW_TX_READ, empty_tx, v);
	if (st || !v[0] || v[1])
		return st;
	static const struct yw_actor sys = {.name = "系统（指标汇总初始化）", .role = "system", .request_id = "kpi-init"};
	struct yw_hlk_check chk;
	struct yw_error err = {0};
	yw_log(YW_LOG_INFO, "hotline_kpi_init", "\"why\":\"empty rollup, orders present\"");
	return yw_hl_kpi_rebuild(s, &sys, &chk, &err);
}

/* ---- categories folded to a level ---- */

struct cats {
	struct yw_hl_category *v;
	int n;
};

static const struct yw_hl_category *cat_by_id(const struct cats *k, int64_t id)
{
	for (int i = 0; i < k->n; i++)
		if (k->v[i].id == id)
			return &k->v[i];
	return NULL;
}

/* The category, or its ancestor at the level (0: itself). */
static const struct yw_hl_category *fold(const struct cats *k, int64_t id, int level)
{
	const struct yw_hl_category *c = cat_by_id(k, id);
	while (c && level && c->level > level && c->parent_id)
		c = cat_by_id(k, c->parent_id);
	return c;
}

/* ---- the table ---- */

struct table_ctx {
	const struct yw_actor *who;
	const struct yw_hlk_query *q;
	struct yw_hlk_table *out;
	struct yw_error *err;
	const struct cats *cats;
	int cap;
	struct range ranges[4];
	int nranges, sign;
};

static struct yw_hlk_group *group_for(struct table_ctx *t, int64_t key)
{
	struct yw_hlk_table *o = t->out;
	for (int i = 0; i < o->n; i++)
		if (o->g[i].key == key)
			return &o->g[i];
	if (o->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		o->g = yw_realloc(o->g, sizeof *o->g * (size_t)t->cap);
	}
	struct yw_hlk_group *g = &o->g[o->n++];
	memset(g, 0, sizeof *g);
	g->key = key;
	return g;
}

static int group_row(void *ctx, int64_t key, const char *code, const char *label, int64_t parent,
		     const int64_t c[YW_HLK_NCOUNT])
{
	(void)parent;
	struct table_ctx *t = ctx;
	struct yw_hlk_group *g;
	if (t->q->by == YW_HLK_BY_CATEGORY) {
		const struct yw_hl_category *k = fold(t->cats, key, t->q->level);
		g = group_for(t, k ? k->id : key);
		snprintf(g->code, sizeof g->code, "%s", k ? k->code : code);
		snprintf(g->label, sizeof g->label, "%s", k ? k->name : label);
	} else {
		g = group_for(t, key);
		snprintf(g->code, sizeof g->code, "%s", code);
		snprintf(g->label, sizeof g->label, "%s", label);
	}
	if (!g->label[0]) {
		if (t->q->by == YW_HLK_BY_DEPARTMENT)
			snprintf(g->label, sizeof g->label, "%s", key ? "（已删除的部门）" : "12345 中心（未派单、直办）");
		else if (t->q->by == YW_HLK_BY_REGION)
			snprintf(g->label, sizeof g->label, "%s", key ? "（已删除的区划）" : "未填区划");
		else
			snprintf(g->label, sizeof g->label, "分类 %lld", (long long)key);
	}
	for (int i = 0; i < YW_HLK_NCOUNT; i++) {
		g->c[i] += t->sign * c[i];
		t->out->total[i] += t->sign * c[i];
	}
	return 0;
}

static int most_accepted(const void *a, const void *b)
{
	const struct yw_hlk_group *x = a, *y = b;
	if (x->c[YW_HLK_accepted] != y->c[YW_HLK_accepted])
		return x->c[YW_HLK_accepted] > y->c[YW_HLK_accepted] ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static int table_tx(struct yw_conn *c, void *p)
{
	struct table_ctx *t = p;
	yw_hl_kpi_table_free(t->out);
	t->cap = 0;
	struct scope sc;
	int st = resolve_scope(c, t->who, t->q->department_id, true, &sc, t->err);
	if (st)
		return st;
	bool region = t->q->by == YW_HLK_BY_REGION;
	for (int i = 0; !st && i < t->nranges; i++) {
		const struct range *g = &t->ranges[i];
		char dim = g->month ? (region ? 'R' : 'C') : (region ? 'r' : 'c');
		int64_t rows = 0;
		t->sign = g->sign;
		st = yw_hks_groups(c, dim, t->q->by == YW_HLK_BY_DEPARTMENT, g->from, g->to, sc.area, sc.department_id,
				   group_row, t, &rows);
		t->out->rows += rows;
	}
	return st;
}

int yw_hl_kpi_table(struct yw_store *s, const struct yw_actor *who, const struct yw_hlk_query *q,
		    struct yw_hlk_table *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct yw_date from, to;
	int st = check_period(q, &from, &to, err);
	if (!st)
		st = ensure_rollup(s);
	struct cats k = {0};
	if (!st && q->by == YW_HLK_BY_CATEGORY)
		st = yw_hl_categories(s, &k.v, &k.n);
	struct table_ctx t = {who, q, out, err, &k, 0, {{0}}, 0, 1};
	if (!st)
		t.nranges = split(from, to, t.ranges);
	if (!st)
		st = yw_store_tx(s, YW_TX_READ, table_tx, &t);
	free(k.v);
	if (st) {
		yw_hl_kpi_table_free(out);
		return st;
	}
	if (out->n > 1)
		qsort(out->g, (size_t)out->n, sizeof *out->g, most_accepted);
	return YW_OK;
}

void yw_hl_kpi_table_free(struct yw_hlk_table *t)
{
	free(t->g);
	memset(t, 0, sizeof *t);
}

/* ---- the trend ---- */

struct trend_ctx {
	const struct yw_actor *who;
	const struct yw_hlk_query *q;
	enum yw_hlk_interval iv;
	struct yw_date from;
	int nperiods;
	const struct cats *cats;
	struct yw_error *err;
	/* every key seen, with its counts per period */
	struct yw_hlk_series *s;
	int n, cap;
	int64_t *all;
	bool bad_day;
	int sign;
};

static int period_of(enum yw_hlk_interval iv, struct yw_date from, struct yw_date d)
{
	switch (iv) {
	case YW_HLK_DAY: return (int)(yw_date_to_days(d) - yw_date_to_days(from));
	case YW_HLK_WEEK: {
		/* Weeks start on Monday; the first one is the week of `from`. */
		int64_t monday = yw_date_to_days(from) - (yw_date_weekday(from) - 1);
		return (int)((yw_date_to_days(d) - monday) / 7);
	}
	case YW_HLK_MONTH: return (d.y * 12 + d.m) - (from.y * 12 + from.m);
	}
	return 0;
}

static struct yw_date period_start(enum yw_hlk_interval iv, struct yw_date from, int i)
{
	switch (iv) {
	case YW_HLK_DAY: return yw_date_add_days(from, i);
	case YW_HLK_WEEK: return yw_date_add_days(from, 7 * i - (yw_date_weekday(from) - 1));
	case YW_HLK_MONTH: {
		int m = from.y * 12 + (from.m - 1) + i;
		return (struct yw_date){m / 12, m % 12 + 1, 1};
	}
	}
	return from;
}

static struct yw_hlk_series *series_for(struct trend_ctx *t, int64_t key)
{
	for (int i = 0; i < t->n; i++)
		if (t->s[i].key == key)
			return &t->s[i];
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->s = yw_realloc(t->s, sizeof *t->s * (size_t)t->cap);
	}
	struct yw_hlk_series *x = &t->s[t->n++];
	memset(x, 0, sizeof *x);
	x->key = key;
	x->per = yw_calloc((size_t)t->nperiods, sizeof *x->per);
	return x;
}

static int day_row(void *ctx, const char *day, int64_t key, int64_t accepted, int64_t closed)
{
	struct trend_ctx *t = ctx;
	struct yw_date d;
	char first[11];
	if (strlen(day) == 7) { /* a month's row: its first day */
		snprintf(first, sizeof first, "%.7s-01", day);
		day = first;
	}
	if (yw_date_parse(day, &d, "day", NULL)) {
		t->bad_day = true;
		return 0;
	}
	int i = period_of(t->iv, t->from, d);
	if (i < 0 || i >= t->nperiods)
		return 0;
	if (t->q->by == YW_HLK_BY_CATEGORY) {
		const struct yw_hl_category *k = fold(t->cats, key, t->q->level);
		if (k)
			key = k->id;
	}
	struct yw_hlk_series *x = series_for(t, key);
	accepted *= t->sign;
	closed *= t->sign;
	x->per[i] += accepted;
	x->accepted += accepted;
	x->closed += closed;
	t->all[i] += accepted;
	return 0;
}

static int trend_tx(struct yw_conn *c, void *p)
{
	struct trend_ctx *t = p;
	for (int i = 0; i < t->n; i++)
		free(t->s[i].per);
	t->n = 0;
	memset(t->all, 0, sizeof *t->all * (size_t)t->nperiods);
	struct scope sc;
	int st = resolve_scope(c, t->who, t->q->department_id, true, &sc, t->err);
	if (st)
		return st;
	bool region = t->q->by == YW_HLK_BY_REGION;
	struct range ranges[4];
	int n = 1;
	if (t->iv == YW_HLK_MONTH) { /* months from month rows, as the table */
		struct yw_date to;
		yw_date_parse(t->q->to, &to, "to", NULL);
		n = split(t->from, to, ranges);
	} else {
		ranges[0].month = false;
		ranges[0].sign = 1;
		snprintf(ranges[0].from, sizeof ranges[0].from, "%s", t->q->from);
		snprintf(ranges[0].to, sizeof ranges[0].to, "%s", t->q->to);
	}
	for (int i = 0; !st && i < n; i++) {
		char dim = ranges[i].month ? (region ? 'R' : 'C') : (region ? 'r' : 'c');
		t->sign = ranges[i].sign;
		st = yw_hks_days(c, dim, ranges[i].from, ranges[i].to, sc.area, sc.department_id, day_row, t);
	}
	/* Names of the regions (categories come from the tree). */
	for (int i = 0; !st && t->q->by == YW_HLK_BY_REGION && i < t->n; i++) {
		struct yw_hlk_series *x = &t->s[i];
		snprintf(x->code, sizeof x->code, "%lld", (long long)x->key);
		if (!x->key)
			snprintf(x->label, sizeof x->label, "未填区划");
		else if (yw_hks_region_name(c, x->code, x->label, sizeof x->label) == YW_NOTFOUND)
			snprintf(x->label, sizeof x->label, "（已删除的区划）");
	}
	return st;
}

static int most_series(const void *a, const void *b)
{
	const struct yw_hlk_series *x = a, *y = b;
	if (x->accepted != y->accepted)
		return x->accepted > y->accepted ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

int yw_hl_kpi_trend(struct yw_store *s, const struct yw_actor *who, const struct yw_hlk_query *q,
		    enum yw_hlk_interval iv, int top, struct yw_hlk_trend *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct yw_date from, to;
	int st = check_period(q, &from, &to, err);
	if (st)
		return st;
	if (q->by == YW_HLK_BY_DEPARTMENT)
		return bad_query(err, "by", "趋势按 category（分类）或 region（区划）");
	if (top < 1 || top > 20)
		return bad_query(err, "top", "top 为 1–20");
	int nperiods = period_of(iv, from, to) + 1;
	if (iv == YW_HLK_DAY && nperiods > MAX_DAY_PERIODS)
		return bad_query(err, "interval", "按日的趋势最长 400 天，请按周或按月");
	if ((st = ensure_rollup(s)))
		return st;
	struct cats k = {0};
	if (q->by == YW_HLK_BY_CATEGORY && (st = yw_hl_categories(s, &k.v, &k.n)))
		return st;
	struct trend_ctx t = {who, q, iv, from, nperiods, &k, err, NULL, 0, 0, NULL, false, 1};
	t.all = yw_calloc((size_t)nperiods, sizeof *t.all);
	st = yw_store_tx(s, YW_TX_READ, trend_tx, &t);
	if (!st && t.bad_day)
		yw_log(YW_LOG_WARN, "hotline_kpi_bad_day", "\"why\":\"a rollup row has a malformed day\"");
	if (st) {
		for (int i = 0; i < t.n; i++)
			free(t.s[i].per);
		free(t.s);
		free(t.all);
		free(k.v);
		return st;
	}
	if (t.n > 1)
		qsort(t.s, (size_t)t.n, sizeof *t.s, most_series);
	out->nperiods = nperiods;
	out->periods = yw_calloc((size_t)nperiods, sizeof *out->periods);
	for (int i = 0; i < nperiods; i++)
		yw_date_format(period_start(iv, from, i), out->periods[i]);
	out->all = t.all;
	out->other = yw_calloc((size_t)nperiods, sizeof *out->other);
	out->n = t.n < top ? t.n : top;
	for (int i = out->n; i < t.n; i++) {
		for (int j = 0; j < nperiods; j++)
			out->other[j] += t.s[i].per[j];
		free(t.s[i].per);
	}
	for (int i = 0; i < out->n && q->by == YW_HLK_BY_CATEGORY; i++) {
		const struct yw_hl_category *c = cat_by_id(&k, t.s[i].key);
		snprintf(t.s[i].code, sizeof t.s[i].code, "%s", c ? c->code : "");
		if (c)
			snprintf(t.s[i].label, sizeof t.s[i].label, "%s", c->name);
		else
			snprintf(t.s[i].label, sizeof t.s[i].label, "分类 %lld", (long long)t.s[i].key);
	}
	out->s = t.s;
	free(k.v);
	return YW_OK;
}

void yw_hl_kpi_trend_free(struct yw_hlk_trend *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->s[i].per);
	free(t->s);
	free(t->periods);
	free(t->other);
	free(t->all);
	memset(t, 0, sizeof *t);
}

/* ---- overdue now ---- */

struct overdue_ctx {
	const struct yw_hl_ctx *x;
	int64_t department_id;
	struct yw_hlk_overdue *out;
	struct yw_error *err;
	int cap;
};

static int overdue_row(void *ctx, const struct yw_hlk_overdue_row *r)
{
	struct overdue_ctx *o = ctx;
	struct yw_hlk_overdue *out = o->out;
	if (out->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		out->rows = yw_realloc(out->rows, sizeof *out->rows * (size_t)o->cap);
	}
	out->rows[out->n] = *r;
	if (!r->name[0])
		snprintf(out->rows[out->n].name, sizeof r->name, "%s",
			 r->department_id ? "（已删除的部门）" : "12345 中心");
	out->n++;
	return 0;
}

static int overdue_tx(struct yw_conn *c, void *p)
{
	struct overdue_ctx *o = p;
	free(o->out->rows);
	o->out->rows = NULL;
	o->out->n = 0;
	o->cap = 0;
	struct scope sc;
	int st = resolve_scope(c, o->x->who, o->department_id, false, &sc, o->err);
	if (!st)
		st = yw_hks_overdue(c, o->x->now, sc.area, sc.department_id, overdue_row, o);
	return st;
}

int yw_hl_kpi_overdue(struct yw_store *s, const struct yw_hl_ctx *x, int64_t department_id, int limit,
		      struct yw_hlk_overdue *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct overdue_ctx o = {x, department_id, out, err, 0};
	int st = yw_store_tx(s, YW_TX_READ, overdue_tx, &o);
	if (!st) {
		struct yw_hl_filter f = {.overdue = true, .department_id = department_id, .limit = limit};
		st = yw_hl_list(s, x, &f, &out->orders, err);
	}
	if (st)
		yw_hl_kpi_overdue_free(out);
	return st;
}

void yw_hl_kpi_overdue_free(struct yw_hlk_overdue *o)
{
	free(o->rows);
	yw_hl_list_free(&o->orders);
	memset(o, 0, sizeof *o);
}
