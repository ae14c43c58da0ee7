/* A KPI fixture: the rollup rows that a given number of orders would leave,
 * written without the orders (tests and benches need a year of a
 * district's hotline, or a million orders, in seconds, not 42,286 API
 * calls). Each fictitious order is built as an order with assignments and
 * counted by the same function the steps use (hotline_kpi.c), so the
 * fixture's counts are consistent with each other the way real ones are.
 * Exactly `closed` of the `accepted` orders are closed, spread evenly over
 * the days; the rest follows seeded draws. */
#include "yw/audit.h"
#include "yw/hotline_kpi.h"
#include "store/hotline_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_STREETS = 256, MAX_LEAVES = 512, MAX_ORDERS = 5000000 };

struct street {
	char code[16], path[160];
};

struct fx {
	const struct yw_actor *who;
	const struct yw_hlk_fixture *f;
	struct yw_error *err;
	int64_t rows;
	/* the district and its streets, the leaves and their departments */
	char district_path[160];
	struct street *streets;
	int nstreets;
	struct yw_hl_category *cats;
	int ncats;
	int64_t *leaves;
	int nleaves;
	int64_t *lead;	 /* [leaf][street]: the catalogue's lead department, 0 when none */
	int64_t *assist; /* [leaf][street]: its first assisting department, 0 when none */
	uint64_t rng;
};

static uint64_t next(struct fx *x)
{
	/* xorshift64*: a fixture is the same for the same seed. */
	x->rng ^= x->rng >> 12;
	x->rng ^= x->rng << 25;
	x->rng ^= x->rng >> 27;
	return x->rng * 2685821657736338717ULL;
}

static bool chance(struct fx *x, double p) { return (double)(next(x) >> 11) / 9007199254740992.0 < p; }

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

static int add_street(void *ctx, const char *code, const char *path)
{
	struct fx *x = ctx;
	if (x->nstreets < MAX_STREETS) {
		snprintf(x->streets[x->nstreets].code, sizeof x->streets[0].code, "%s", code);
		snprintf(x->streets[x->nstreets].path, sizeof x->streets[0].path, "%s", path);
		x->nstreets++;
	}
	return 0;
}

static const struct yw_hl_category *cat(const struct fx *x, int64_t id)
{
	for (int i = 0; i < x->ncats; i++)
		if (x->cats[i].id == id)
			return &x->cats[i];
	return NULL;
}

/* The dispatch catalogue's departments for every leaf in every street. */
static int departments(struct yw_conn *c, struct fx *x)
{
	size_t n = (size_t)x->nleaves * (size_t)x->nstreets;
	x->lead = yw_calloc(n, sizeof *x->lead);
	x->assist = yw_calloc(n, sizeof *x->assist);
	for (int i = 0; i < x->nleaves; i++) {
		int64_t chain[3] = {0, 0, 0};
		int k = 0;
		for (const struct yw_hl_category *p = cat(x, x->leaves[i]); p && k < 3; p = cat(x, p->parent_id))
			chain[k++] = p->id;
		for (int j = 0; j < x->nstreets; j++) {
			struct yw_hl_suggestion sug;
			int st = yw_hs_best_rule(c, chain, x->streets[j].path, &sug);
			if (st == YW_NOTFOUND)
				continue;
			if (st)
				return st;
			x->lead[(size_t)i * (size_t)x->nstreets + (size_t)j] = sug.lead_department_id;
			x->assist[(size_t)i * (size_t)x->nstreets + (size_t)j] = sug.nassist ? sug.assist_ids[0] : 0;
		}
	}
	return YW_OK;
}

static void assign(struct yw_hl_assignment *a, int64_t dep, const char *state)
{
	memset(a, 0, sizeof *a);
	a->department_id = dep;
	snprintf(a->state, sizeof a->state, "%s", state);
	a->sign_by = 100;
}

static void sign(struct fx *x, struct yw_hl_assignment *a, const char *state)
{
	a->signed_at = chance(x, 0.96) ? 50 : 150;
	snprintf(a->state, sizeof a->state, "%s", state);
}

/* One fictitious order and its assignments. */
static int order(struct fx *x, struct yw_hl_order *o, struct yw_hl_assignment *as, bool closed, int leaf, int street)
{
	size_t at = (size_t)leaf * (size_t)x->nstreets + (size_t)street;
	int64_t lead = x->lead[at], assist = x->assist[at];
	o->category_id = x->leaves[leaf];
	snprintf(o->region_path, sizeof o->region_path, "%s", x->streets[street].path);
	snprintf(o->caller_phone, sizeof o->caller_phone, "13800000000");
	o->anonymous = chance(x, 0.04);
	o->solved = o->satisfied = -1;
	if (!lead || (closed && chance(x, 0.28))) { /* answered on the call (直办) */
		if (closed) {
			o->direct = true;
			snprintf(o->state, sizeof o->state, "closed");
		} else {
			snprintf(o->state, sizeof o->state, "accepted");
		}
		return 0;
	}
	int n = 0;
	o->lead_department_id = lead;
	o->dispatched_at = 1;
	if (chance(x, 0.03)) { /* returned, then re-dispatched to the same lead after arbitration */
		assign(&as[n], lead, "returned");
		as[n++].returned_at = 40;
	}
	assign(&as[n++], lead, "dispatched");
	if (assist && chance(x, 0.15))
		assign(&as[n++], assist, "dispatched");
	if (closed) {
		for (int i = 0; i < n; i++)
			if (!as[i].returned_at)
				sign(x, &as[i], "replied");
		snprintf(o->state, sizeof o->state, "closed");
		o->handle_by = 1000;
		o->replied_at = chance(x, 0.93) ? 900 : 1100;
		o->reopened = chance(x, 0.012);
		if (!o->anonymous) {
			o->satisfied = chance(x, 0.975);
			o->solved = chance(x, 0.95);
		}
		return n;
	}
	/* Still open: waiting to be signed, being handled, or replied. */
	double r = (double)(next(x) % 1000) / 1000.0;
	const char *st = r < 0.25 ? "dispatched" : r < 0.8 ? "signed" : "replied";
	snprintf(o->state, sizeof o->state, "%s", st);
	for (int i = 0; i < n && r >= 0.25; i++) /* signed unless still dispatched */
		if (!as[i].returned_at)
			sign(x, &as[i], st);
	return n;
}

static int fixture_tx(struct yw_conn *c, void *p)
{
	struct fx *x = p;
	x->nstreets = 0;
	x->rows = 0;
	free(x->lead);
	free(x->assist);
	x->lead = x->assist = NULL;
	x->rng = x->f->seed ? x->f->seed : 0x9E3779B97F4A7C15ULL;
	int64_t rid = 0;
	char name[64];
	int st = yw_hs_region_by_code(c, x->f->region_code, &rid, x->district_path, sizeof x->district_path, name,
				      sizeof name);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_REF_NOT_FOUND, "region_code", "区划代码不存在");
	if (st)
		return st;
	if ((st = yw_hks_streets(c, x->district_path, add_street, x)))
		return st;
	if (!x->nstreets) { /* a district without streets: its own region */
		snprintf(x->streets[0].code, sizeof x->streets[0].code, "%s", x->f->region_code);
		snprintf(x->streets[0].path, sizeof x->streets[0].path, "%s", x->district_path);
		x->nstreets = 1;
	}
	if ((st = departments(c, x)))
		return st;
	struct yw_date from, to;
	yw_date_parse(x->f->from, &from, "from", NULL);
	yw_date_parse(x->f->to, &to, "to", NULL);
	int64_t ndays = yw_date_to_days(to) - yw_date_to_days(from) + 1;
	int64_t total = x->f->accepted, nclosed = x->f->closed;
	struct yw_hlk_map map = {0};
	struct yw_hl_assignment as[4];
	for (int64_t i = 0; i < total; i++) {
		struct yw_hl_order o;
		memset(&o, 0, sizeof o);
		yw_date_format(yw_date_add_days(from, i * ndays / total), o.day);
		/* Exactly nclosed closed, spread evenly over the orders. */
		bool closed = (i + 1) * nclosed / total - i * nclosed / total > 0;
		int leaf = (int)(next(x) % (uint64_t)x->nleaves), street = (int)(next(x) % (uint64_t)x->nstreets);
		int n = order(x, &o, as, closed, leaf, street);
		yw_hlk_map_order(&map, &o, as, n);
	}
	st = yw_hks_add(c, map.rows, map.n);
	x->rows = map.n;
	yw_hlk_map_free(&map);
	if (st)
		return st;
	char summary[200];
	snprintf(summary, sizeof summary,
		 "{\"from\":\"%s\",\"to\":\"%s\",\"region_code\":\"%s\",\"accepted\":%lld,\"closed\":%lld,\"rows\":%lld}",
		 x->f->from, x->f->to, x->f->region_code, (long long)total, (long long)nclosed, (long long)x->rows);
	return yw_audit_append(c, x->who, "fixture", "hotline_kpi", 0, summary);
}

int yw_hl_kpi_fixture(struct yw_store *s, const struct yw_actor *who, const struct yw_hlk_fixture *f,
		      int64_t *rows, struct yw_error *err)
{
	*rows = 0;
	if (!(who->roles & YW_ROLE_ADMIN))
		return fail(err, YW_E_FORBIDDEN_ROLE, NULL, "只有系统管理员可以写入指标样例数据");
	struct yw_date from, to;
	if (!f->from || yw_date_parse(f->from, &from, "from", NULL))
		return fail(err, YW_E_BAD_FORMAT, "from", "from 应为 YYYY-MM-DD");
	if (!f->to || yw_date_parse(f->to, &to, "to", NULL))
		return fail(err, YW_E_BAD_FORMAT, "to", "to 应为 YYYY-MM-DD");
	int64_t span = yw_date_to_days(to) - yw_date_to_days(from);
	if (span < 0 || span > 1100)
		return fail(err, YW_E_OUT_OF_RANGE, "to", "to 不早于 from，最长 3 年");
	if (f->accepted < 1 || f->accepted > MAX_ORDERS)
		return fail(err, YW_E_OUT_OF_RANGE, "accepted", "accepted 为 1–5,000,000");
	if (f->closed < 0 || f->closed > f->accepted)
		return fail(err, YW_E_OUT_OF_RANGE, "closed", "closed 为 0–accepted");
	if (!f->region_code || !*f->region_code)
		return fail(err, YW_E_MISSING_FIELD, "region_code", "请给出区县的区划代码");
	struct fx x = {.who = who, .f = f, .err = err};
	int st = yw_hl_categories(s, &x.cats, &x.ncats);
	if (st)
		return st;
	x.leaves = yw_calloc((size_t)x.ncats + 1, sizeof *x.leaves);
	for (int i = 0; i < x.ncats && x.nleaves < MAX_LEAVES; i++) {
		bool parent = false;
		for (int j = 0; j < x.ncats && !parent; j++)
			parent = x.cats[j].parent_id == x.cats[i].id;
		if (x.cats[i].active && !parent)
			x.leaves[x.nleaves++] = x.cats[i].id;
	}
	x.streets = yw_calloc(MAX_STREETS, sizeof *x.streets);
	if (!x.nleaves)
		st = fail(err, YW_E_HOTLINE_NO_CATEGORY, "category", "没有启用的末级诉求分类");
	else
		st = yw_store_tx(s, YW_TX_WRITE, fixture_tx, &x);
	*rows = x.rows;
	free(x.cats);
	free(x.leaves);
	free(x.streets);
	free(x.lead);
	free(x.assist);
	return st;
}
