/* SQL of the hotline KPIs: the rollup (adds, sums, upkeep) and the few
 * reads of orders the KPIs need (overdue counts, the rebuild's scan).
 * Written once for both engines. Sums read the rollup only: a range of
 * days of one dimension, a few rows per day and area. */
#include "yw/hotline_kpi.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

static const char *col_text(const struct yw_row *r, int i)
{
	const char *s = yw_row_null(r, i) ? NULL : yw_row_text(r, i);
	return s ? s : "";
}
/* 'c' / 'r': a day's rows of the category / region dimension; 'C' / 'R':
 * the month's. */
static const char *dim_name(char dim)
{
	return dim == 'r' ? "region" : dim == 'C' ? "category_month" : dim == 'R' ? "region_month" : "category";
}
static char dim_char(const char *name)
{
	return !strcmp(name, "region") ? 'r' : !strcmp(name, "category_month") ? 'C' : !strcmp(name, "region_month") ? 'R' : 'c';
}

#define COL_(n, l) ", " #n
#define SET_(n, l) #n " = hotline_kpi_rollup." #n " + excluded." #n ", "
#define COUNT_COLS YW_HLK_COUNTS(COL_)
#define KEY_COLS   "dim, day, area_path, department_id, group_key"
#define NPARAMS	   (5 + YW_HLK_NCOUNT)

/* ---- adding ---- */

#define UPSERT_TAIL                                                                                                    \
	" ON CONFLICT (" KEY_COLS ") DO UPDATE SET " YW_HLK_COUNTS(SET_) "group_key = excluded.group_key"

/* Several rows per statement: a step's few rows (four per department
 * whose counts moved) in one, bulk loads (fixture, rebuild) in batches —
 * one round trip each on PostgreSQL. The texts are built once and live for
 * the process, as the statement cache needs. */
enum { BATCH = 40, SMALL = 8 };
static char upsert_text[SMALL + 1][SMALL * NPARAMS * 6 + 2048];
static char upsert_batch[BATCH * NPARAMS * 6 + 2048];
static pthread_once_t batch_once = PTHREAD_ONCE_INIT;

static void build_upsert(char *out, size_t cap, int rows)
{
	size_t n = 0;
	n += (size_t)snprintf(out + n, cap - n, "INSERT INTO hotline_kpi_rollup (" KEY_COLS COUNT_COLS ") VALUES ");
	for (int r = 0, p = 1; r < rows; r++) {
		n += (size_t)snprintf(out + n, cap - n, "%s(", r ? ", " : "");
		for (int i = 0; i < NPARAMS; i++, p++)
			n += (size_t)snprintf(out + n, cap - n, "%s$%d", i ? ", " : "", p);
		n += (size_t)snprintf(out + n, cap - n, ")");
	}
	snprintf(out + n, cap - n, "%s", UPSERT_TAIL);
}

static void build_batch(void)
{
	for (int rows = 1; rows <= SMALL; rows++)
		build_upsert(upsert_text[rows], sizeof upsert_text[rows], rows);
	build_upsert(upsert_batch, sizeof upsert_batch, BATCH);
}

static void row_params(struct yw_param *p, const struct yw_hks_row *r)
{
	p[0] = YW_PTEXT(dim_name(r->dim));
	p[1] = YW_PTEXT(r->day);
	p[2] = YW_PTEXT(r->area);
	p[3] = YW_PINT(r->department_id);
	p[4] = YW_PINT(r->key);
	for (int k = 0; k < YW_HLK_NCOUNT; k++)
		p[5 + k] = YW_PINT(r->c[k]);
}

int yw_hks_add(struct yw_conn *c, const struct yw_hks_row *rows, int n)
{
	pthread_once(&batch_once, build_batch);
	int i = 0, st = YW_OK;
	struct yw_param *p = yw_malloc(sizeof *p * BATCH * NPARAMS);
	while (!st && i < n) {
		int k = n - i >= BATCH ? BATCH : n - i > SMALL ? SMALL : n - i;
		for (int r = 0; r < k; r++)
			row_params(p + r * NPARAMS, &rows[i + r]);
		st = ok(yw_db_query(c, k == BATCH ? upsert_batch : upsert_text[k], p, k * NPARAMS, NULL, NULL));
		i += k;
	}
	free(p);
	return st;
}

/* ---- sums ---- */

struct group_iter {
	yw_hks_group_fn fn;
	void *ctx;
	int64_t rows;
};

static int group_each(void *ctx, const struct yw_row *r)
{
	struct group_iter *it = ctx;
	int64_t c[YW_HLK_NCOUNT];
	for (int k = 0; k < YW_HLK_NCOUNT; k++)
		c[k] = col_int(r, 5 + k);
	it->rows += col_int(r, 4);
	return it->fn(it->ctx, col_int(r, 0), col_text(r, 1), col_text(r, 2), col_int(r, 3), c);
}

#define RANGE_WHERE                                                                                                    \
	" FROM hotline_kpi_rollup WHERE dim = $1 AND day >= $2 AND day <= $3 "                                        \
	"AND ($4 IS NULL OR area_path LIKE $4 || '%') AND ($5 IS NULL OR department_id = $5)"

#define SUMAS_(n, l) ", SUM(" #n ") AS " #n
#define GCOL_(n, l)  ", g." #n
#define INNER(key)   "(SELECT " key " AS k, COUNT(*) AS n" YW_HLK_COUNTS(SUMAS_) RANGE_WHERE " GROUP BY " key ") g"

static const char sum_by_department[] = "SELECT g.k, '', d.name, 0, g.n" YW_HLK_COUNTS(GCOL_) " FROM " INNER(
	"department_id") " LEFT JOIN departments d ON d.id = g.k ORDER BY g.k";

static const char sum_by_category[] = "SELECT g.k, k.code, k.name, k.parent_id, g.n" YW_HLK_COUNTS(GCOL_) " FROM " INNER(
	"group_key") " LEFT JOIN hotline_categories k ON k.id = g.k ORDER BY g.k";

static const char sum_by_region[] = "SELECT g.k, r.code, r.name, 0, g.n" YW_HLK_COUNTS(GCOL_) " FROM " INNER(
	"group_key") " LEFT JOIN regions r ON r.code = CAST(g.k AS TEXT) ORDER BY g.k";

int yw_hks_groups(struct yw_conn *c, char dim, bool by_department, const char *from, const char *to,
		  const char *area, int64_t department_id, yw_hks_group_fn fn, void *ctx, int64_t *row_count)
{
	struct group_iter it = {fn, ctx, 0};
	const char *sql = by_department ? sum_by_department : dim == 'r' || dim == 'R' ? sum_by_region : sum_by_category;
	int st = yw_q(c, sql, group_each, &it, YW_PTEXT(dim_name(dim)), YW_PTEXT(from), YW_PTEXT(to), opt_text(area),
		      opt_int(department_id));
	if (row_count)
		*row_count = it.rows;
	return ok(st);
}

struct day_iter {
	int (*fn)(void *ctx, const char *day, int64_t key, int64_t accepted, int64_t closed);
	void *ctx;
};

static int day_each(void *ctx, const struct yw_row *r)
{
	struct day_iter *it = ctx;
	return it->fn(it->ctx, col_text(r, 0), col_int(r, 1), col_int(r, 2), col_int(r, 3));
}

int yw_hks_days(struct yw_conn *c, char dim, const char *from, const char *to, const char *area,
		int64_t department_id, int (*fn)(void *ctx, const char *day, int64_t key, int64_t accepted,
						 int64_t closed),
		void *ctx)
{
	struct day_iter it = {fn, ctx};
	return ok(yw_q(c, "SELECT day, group_key, SUM(accepted), SUM(closed)" RANGE_WHERE " GROUP BY day, group_key "
		       "ORDER BY day, group_key",
		       day_each, &it, YW_PTEXT(dim_name(dim)), YW_PTEXT(from), YW_PTEXT(to), opt_text(area),
		       opt_int(department_id)));
}

struct text_out {
	char *s;
	size_t n;
};

static int text_row(void *ctx, const struct yw_row *r)
{
	struct text_out *t = ctx;
	snprintf(t->s, t->n, "%s", col_text(r, 0));
	return 1;
}

int yw_hks_region_name(struct yw_conn *c, const char *code, char *name, size_t n)
{
	struct text_out t = {name, n};
	*name = 0;
	int st = yw_q(c, "SELECT name FROM regions WHERE code = $1", text_row, &t, YW_PTEXT(code));
	return st < 0 ? st : st == YW_DB_NONE ? YW_NOTFOUND : YW_OK;
}

/* ---- upkeep ---- */

static int any_row(void *ctx, const struct yw_row *r)
{
	(void)r;
	*(bool *)ctx = true;
	return 1;
}

int yw_hks_is_empty(struct yw_conn *c, bool *rollup_empty, bool *orders_empty)
{
	bool kpi = false, orders = false;
	int st = yw_q0(c, "SELECT 1 FROM hotline_kpi_rollup LIMIT 1", any_row, &kpi);
	if (st >= 0)
		st = yw_q0(c, "SELECT 1 FROM hotline_orders LIMIT 1", any_row, &orders);
	*rollup_empty = !kpi;
	*orders_empty = !orders;
	return ok(st);
}

int yw_hks_clear(struct yw_conn *c)
{
	if (yw_store_dialect(yw_conn_store(c)) == YW_DIALECT_PG) {
		int st = yw_q0(c, "LOCK TABLE hotline_kpi_rollup IN EXCLUSIVE MODE", NULL, NULL);
		if (st < 0)
			return st;
	}
	return ok(yw_q0(c, "DELETE FROM hotline_kpi_rollup", NULL, NULL));
}

struct row_iter {
	int (*fn)(void *ctx, const struct yw_hks_row *r);
	void *ctx;
};

static int row_each(void *ctx, const struct yw_row *r)
{
	struct row_iter *it = ctx;
	struct yw_hks_row x = {.dim = dim_char(col_text(r, 0))};
	snprintf(x.day, sizeof x.day, "%s", col_text(r, 1));
	snprintf(x.area, sizeof x.area, "%s", col_text(r, 2));
	x.department_id = col_int(r, 3);
	x.key = col_int(r, 4);
	for (int k = 0; k < YW_HLK_NCOUNT; k++)
		x.c[k] = (int32_t)col_int(r, 5 + k);
	return it->fn(it->ctx, &x);
}

int yw_hks_each_row(struct yw_conn *c, int (*fn)(void *ctx, const struct yw_hks_row *r), void *ctx)
{
	struct row_iter it = {fn, ctx};
	return ok(yw_q0(c, "SELECT " KEY_COLS COUNT_COLS " FROM hotline_kpi_rollup", row_each, &it));
}

struct order_iter {
	int (*fn)(void *ctx, struct yw_hl_order *o);
	void *ctx;
};

static int order_each(void *ctx, const struct yw_row *r)
{
	struct order_iter *it = ctx;
	struct yw_hl_order o;
	memset(&o, 0, sizeof o);
	o.id = yw_row_int(r, 0);
	snprintf(o.day, sizeof o.day, "%s", col_text(r, 1));
	o.category_id = col_int(r, 2);
	snprintf(o.region_path, sizeof o.region_path, "%s", col_text(r, 3));
	snprintf(o.state, sizeof o.state, "%s", col_text(r, 4));
	o.lead_department_id = col_int(r, 5);
	o.direct = col_int(r, 6) != 0;
	o.dispatched_at = col_int(r, 7);
	o.merged_into = col_int(r, 8);
	o.replied_at = col_int(r, 9);
	o.handle_by = col_int(r, 10);
	o.reopened = (int)col_int(r, 11);
	o.anonymous = col_int(r, 12) != 0;
	snprintf(o.caller_phone, sizeof o.caller_phone, "%s", col_text(r, 13));
	o.satisfied = yw_row_null(r, 14) ? -1 : (int)yw_row_int(r, 14);
	o.solved = yw_row_null(r, 15) ? -1 : (int)yw_row_int(r, 15);
	return it->fn(it->ctx, &o);
}

int yw_hks_orders(struct yw_conn *c, int64_t after, int limit, int (*fn)(void *ctx, struct yw_hl_order *o),
		  void *ctx)
{
	struct order_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT id, day, category_id, region_path, state, lead_department_id, direct, dispatched_at, "
		       "merged_into, replied_at, handle_by, reopened, anonymous, caller_phone, satisfied, solved "
		       "FROM hotline_orders WHERE id > $1 ORDER BY id LIMIT $2",
		       order_each, &it, YW_PINT(after), YW_PINT(limit)));
}

struct assignment_iter {
	int (*fn)(void *ctx, const struct yw_hl_assignment *a);
	void *ctx;
};

static int assignment_each(void *ctx, const struct yw_row *r)
{
	struct assignment_iter *it = ctx;
	struct yw_hl_assignment a;
	memset(&a, 0, sizeof a);
	a.order_id = col_int(r, 0);
	a.department_id = col_int(r, 1);
	snprintf(a.state, sizeof a.state, "%s", col_text(r, 2));
	a.returned_at = col_int(r, 3);
	a.signed_at = col_int(r, 4);
	a.sign_by = col_int(r, 5);
	return it->fn(it->ctx, &a);
}

int yw_hks_assignments(struct yw_conn *c, int64_t lo, int64_t hi,
		       int (*fn)(void *ctx, const struct yw_hl_assignment *a), void *ctx)
{
	struct assignment_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT order_id, department_id, state, returned_at, signed_at, sign_by FROM hotline_assignments "
		       "WHERE order_id >= $1 AND order_id <= $2 ORDER BY order_id, id",
		       assignment_each, &it, YW_PINT(lo), YW_PINT(hi)));
}

/* ---- overdue now (the test of docs/hotline.md "Clocks", as the order list applies it) ---- */

struct overdue_iter {
	int (*fn)(void *ctx, const struct yw_hlk_overdue_row *r);
	void *ctx;
};

static int overdue_each(void *ctx, const struct yw_row *r)
{
	struct overdue_iter *it = ctx;
	struct yw_hlk_overdue_row x = {0};
	x.department_id = col_int(r, 0);
	snprintf(x.name, sizeof x.name, "%s", col_text(r, 1));
	x.open = col_int(r, 2);
	x.overdue = col_int(r, 3);
	x.sign = col_int(r, 4);
	x.handle = col_int(r, 5);
	x.reply = col_int(r, 6);
	return it->fn(it->ctx, &x);
}

#define SIGN_LATE   "(o.state = 'dispatched' AND o.sign_by < COALESCE(o.paused_since, $1))"
#define HANDLE_LATE "(o.state IN ('dispatched', 'returned', 'signed') AND o.handle_by < COALESCE(o.paused_since, $1))"
#define REPLY_LATE  "(o.state IN ('replied', 'reviewed') AND o.reply_by < COALESCE(o.paused_since, $1))"

int yw_hks_overdue(struct yw_conn *c, int64_t now, const char *region_path, int64_t department_id,
		   int (*fn)(void *ctx, const struct yw_hlk_overdue_row *r), void *ctx)
{
	struct overdue_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT COALESCE(o.lead_department_id, 0), d.name, COUNT(*), "
		       "SUM(CASE WHEN " SIGN_LATE " OR " HANDLE_LATE " OR " REPLY_LATE " THEN 1 ELSE 0 END), "
		       "SUM(CASE WHEN " SIGN_LATE " THEN 1 ELSE 0 END), SUM(CASE WHEN " HANDLE_LATE " THEN 1 ELSE 0 END), "
		       "SUM(CASE WHEN " REPLY_LATE " THEN 1 ELSE 0 END) "
		       "FROM hotline_orders o LEFT JOIN departments d ON d.id = o.lead_department_id "
		       "WHERE o.state IN ('dispatched', 'returned', 'signed', 'replied', 'reviewed') "
		       "AND ($2 IS NULL OR o.region_path LIKE $2 || '%') AND ($3 IS NULL OR o.lead_department_id = $3) "
		       "GROUP BY COALESCE(o.lead_department_id, 0), d.name ORDER BY 4 DESC, 1",
		       overdue_each, &it, YW_PINT(now), opt_text(region_path), opt_int(department_id)));
}

struct street_iter {
	int (*fn)(void *ctx, const char *code, const char *path);
	void *ctx;
};

static int street_each(void *ctx, const struct yw_row *r)
{
	struct street_iter *it = ctx;
	return it->fn(it->ctx, col_text(r, 0), col_text(r, 1));
}

int yw_hks_streets(struct yw_conn *c, const char *path, int (*fn)(void *ctx, const char *code, const char *path),
		   void *ctx)
{
	struct street_iter it = {fn, ctx};
	return ok(yw_q(c, "SELECT code, path FROM regions WHERE level = 'street' AND path LIKE $1 || '%' ORDER BY code",
		       street_each, &it, YW_PTEXT(path)));
}
