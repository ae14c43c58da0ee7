/* Upkeep of the KPI rollup: recompute every count from the orders and
 * their assignments (the same function the steps use, hotline_kpi.c), then
 * either compare with the rollup (verify) or replace it (rebuild). The scan
 * reads orders in pages of ids, with the assignments of a page in one
 * query. */
#include "yw/audit.h"
#include "yw/authz.h"
#include "yw/hotline_kpi.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PAGE = 1000 };

struct scan {
	struct yw_hlk_map map;
	struct yw_hl_order *o;
	int no, ocap;
	struct yw_hl_assignment *a;
	int na, acap;
	int64_t orders;
};

static int take_order(void *ctx, struct yw_hl_order *o)
{
	struct scan *s = ctx;
	if (s->no == s->ocap) {
		s->ocap = s->ocap ? s->ocap * 2 : PAGE;
		s->o = yw_realloc(s->o, sizeof *s->o * (size_t)s->ocap);
	}
	s->o[s->no++] = *o;
	return 0;
}

static int take_assignment(void *ctx, const struct yw_hl_assignment *a)
{
	struct scan *s = ctx;
	if (s->na == s->acap) {
		s->acap = s->acap ? s->acap * 2 : 2 * PAGE;
		s->a = yw_realloc(s->a, sizeof *s->a * (size_t)s->acap);
	}
	s->a[s->na++] = *a;
	return 0;
}

static void scan_free(struct scan *s)
{
	yw_hlk_map_free(&s->map);
	free(s->o);
	free(s->a);
	memset(s, 0, sizeof *s);
}

/* Every order's counts into s->map. */
static int recompute(struct yw_conn *c, struct scan *s)
{
	yw_hlk_map_free(&s->map);
	s->orders = 0;
	int64_t after = 0;
	for (;;) {
		s->no = s->na = 0;
		int st = yw_hks_orders(c, after, PAGE, take_order, s);
		if (st || !s->no)
			return st;
		int64_t lo = s->o[0].id, hi = s->o[s->no - 1].id;
		if ((st = yw_hks_assignments(c, lo, hi, take_assignment, s)))
			return st;
		/* Both are in order id order: each order's assignments are a run. */
		int j = 0;
		for (int i = 0; i < s->no; i++) {
			while (j < s->na && s->a[j].order_id < s->o[i].id)
				j++;
			int k = j;
			while (k < s->na && s->a[k].order_id == s->o[i].id)
				k++;
			yw_hlk_map_order(&s->map, &s->o[i], s->a + j, k - j);
			j = k;
		}
		s->orders += s->no;
		after = hi;
	}
}

static bool all_zero(const int32_t *c)
{
	for (int k = 0; k < YW_HLK_NCOUNT; k++)
		if (c[k])
			return false;
	return true;
}

static int need_admin(const struct yw_actor *who, struct yw_error *err)
{
	if (who->roles & YW_ROLE_ADMIN)
		return YW_OK;
	yw_error_set(err, YW_E_FORBIDDEN_ROLE, NULL, "只有系统管理员可以核对或重建指标汇总");
	return YW_FAIL;
}

/* ---- verify ---- */

struct verify_ctx {
	struct scan scan;
	bool *seen;
	struct yw_hlk_check *out;
};

static void describe(struct yw_hlk_check *out, const struct yw_hks_row *r, const char *what)
{
	if (out->mismatches++)
		return;
	snprintf(out->first, sizeof out->first, "%s %s %s dept %lld key %lld: %s", r->dim == 'r' ? "region" : "category",
		 r->day, r->area, (long long)r->department_id, (long long)r->key, what);
}

static int compare_row(void *ctx, const struct yw_hks_row *r)
{
	struct verify_ctx *v = ctx;
	v->out->rows++;
	int at = yw_hlk_map_find(&v->scan.map, r);
	if (at >= 0)
		v->seen[at] = true;
	if (at < 0) {
		if (!all_zero(r->c))
			describe(v->out, r, "in the rollup, not in the orders");
		return 0;
	}
	const struct yw_hks_row *want = &v->scan.map.rows[at];
	for (int k = 0; k < YW_HLK_NCOUNT; k++)
		if (want->c[k] != r->c[k]) {
			char what[96];
			snprintf(what, sizeof what, "%s is %d, the orders say %d", yw_hlk_count_names[k], r->c[k],
				 want->c[k]);
			describe(v->out, r, what);
			break;
		}
	return 0;
}

static int verify_tx(struct yw_conn *c, void *p)
{
	struct verify_ctx *v = p;
	memset(v->out, 0, sizeof *v->out);
	free(v->seen);
	v->seen = NULL;
	int st = recompute(c, &v->scan);
	if (st)
		return st;
	v->seen = yw_calloc((size_t)v->scan.map.n + 1, sizeof *v->seen);
	if ((st = yw_hks_each_row(c, compare_row, v)))
		return st;
	for (int i = 0; i < v->scan.map.n; i++)
		if (!v->seen[i] && !all_zero(v->scan.map.rows[i].c))
			describe(v->out, &v->scan.map.rows[i], "in the orders, not in the rollup");
	v->out->orders = v->scan.orders;
	return YW_OK;
}

int yw_hl_kpi_verify(struct yw_store *s, const struct yw_actor *who, struct yw_hlk_check *out,
		     struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	if (need_admin(who, err))
		return YW_FAIL;
	struct verify_ctx v = {.out = out};
	int st = yw_store_tx(s, YW_TX_READ, verify_tx, &v);
	scan_free(&v.scan);
	free(v.seen);
	return st;
}

/* ---- rebuild ---- */

struct rebuild_ctx {
	const struct yw_actor *who;
	struct scan scan;
	struct yw_hlk_check *out;
};

static int rebuild_tx(struct yw_conn *c, void *p)
{
	struct rebuild_ctx *r = p;
	memset(r->out, 0, sizeof *r->out);
	int st = yw_hks_clear(c);
	if (!st)
		st = recompute(c, &r->scan);
	if (st)
		return st;
	/* Rows that net to nothing are left out. */
	struct yw_hlk_map *m = &r->scan.map;
	int n = 0;
	for (int i = 0; i < m->n; i++)
		if (!all_zero(m->rows[i].c))
			m->rows[n++] = m->rows[i];
	if ((st = yw_hks_add(c, m->rows, n)))
		return st;
	r->out->orders = r->scan.orders;
	r->out->rows = n;
	char summary[96];
	snprintf(summary, sizeof summary, "{\"orders\":%lld,\"rows\":%d}", (long long)r->scan.orders, n);
	return yw_audit_append(c, r->who, "rebuild", "hotline_kpi", 0, summary);
}

int yw_hl_kpi_rebuild(struct yw_store *s, const struct yw_actor *who, struct yw_hlk_check *out,
		      struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	/* The system itself rebuilds once after an upgrade (hotline_kpi_read.c). */
	bool system = who->role && !strcmp(who->role, "system");
	if (!system && need_admin(who, err))
		return YW_FAIL;
	struct rebuild_ctx r = {.who = who, .out = out};
	int st = yw_store_tx(s, YW_TX_WRITE, rebuild_tx, &r);
	scan_free(&r.scan);
	return st;
}
