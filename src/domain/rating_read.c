/* Reading ratings: staff lists cut to the reader's scope, one rating, and a
 * citizen's own ratings. No reply ever carries the rater's key or phone
 * (struct yw_rating has neither). */
#include "yw/rating_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_rating_list_free(struct yw_rating_list *l)
{
	free(l->items);
	memset(l, 0, sizeof *l);
}

struct list_ctx {
	const struct yw_actor *who;
	const struct yw_rating_filter *f;
	struct yw_rating_list *out;
	struct yw_error *err;
};

static int list_tx(struct yw_conn *c, void *p)
{
	struct list_ctx *x = p;
	yw_rating_list_free(x->out);
	struct yw_rating_scope sc;
	int st = yw_rating_scope_of(c, x->who, &sc, x->err);
	if (st)
		return st;
	const struct yw_rating_filter *f = x->f;
	if ((sc.hall_id && f->hall_id && f->hall_id != sc.hall_id) ||
	    (sc.department_id && f->department_id && f->department_id != sc.department_id)) {
		yw_error_set(x->err, YW_E_FORBIDDEN_SCOPE, sc.hall_id ? "hall_id" : "department_id",
			     "不在您的管辖范围内 / outside your scope");
		return YW_FAIL;
	}
	struct yw_rs_rating_query q = {
		.from = f->from,
		.to = f->to,
		.kind = f->kind,
		.region_like = sc.region_like[0] ? sc.region_like : NULL,
		.level = f->level,
		.min_level = f->bad_only ? YW_RATING_BAD_FROM : 0,
		.hall_id = sc.hall_id ? sc.hall_id : f->hall_id,
		.department_id = sc.department_id ? sc.department_id : f->department_id,
		.limit = f->limit,
		.offset = f->offset,
	};
	return yw_rs_ratings(c, &q, x->out);
}

int yw_rating_list(struct yw_store *s, const struct yw_actor *who, const struct yw_rating_filter *f,
		   struct yw_rating_list *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct list_ctx x = {who, f, out, err};
	return yw_store_tx(s, YW_TX_READ, list_tx, &x);
}

struct get_ctx {
	const struct yw_actor *who;
	int64_t id;
	struct yw_rating *out;
	struct yw_error *err;
};

static int get_tx(struct yw_conn *c, void *p)
{
	struct get_ctx *x = p;
	struct yw_rs_rating r;
	int st = yw_rs_rating_get(c, x->id, &r);
	if (st == YW_NOTFOUND) {
		yw_error_set(x->err, YW_E_NOT_FOUND, "id", "没有这条评价 / no such rating");
		return YW_FAIL;
	}
	if (st || (st = yw_rating_scope_check(c, x->who, r.r.d.region_id, r.r.d.department_id, r.r.d.hall_id, x->err)))
		return st;
	*x->out = r.r;
	return YW_OK;
}

int yw_rating_get(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_rating *out,
		  struct yw_error *err)
{
	struct get_ctx x = {who, id, out, err};
	return yw_store_tx(s, YW_TX_READ, get_tx, &x);
}

struct mine_ctx {
	const char *key;
	int limit;
	struct yw_rating_list *out;
};

/* A citizen's ratings of the last year: what one comes back to add to. */
#define MINE_DAYS 366

static int mine_tx(struct yw_conn *c, void *p)
{
	struct mine_ctx *x = p;
	yw_rating_list_free(x->out);
	char since[11];
	yw_date_format(yw_date_add_days(yw_date_today_shanghai(), -MINE_DAYS), since);
	return yw_rs_ratings_of_rater(c, x->key, NULL, since, x->limit, x->out);
}

int yw_rating_mine(struct yw_store *s, const struct yw_actor *who, const char *phone, int limit,
		   struct yw_rating_list *out)
{
	memset(out, 0, sizeof *out);
	if (!phone || !phone[0])
		return YW_OK;
	char key[65];
	yw_rating_rater_key("phone", phone, key);
	struct mine_ctx x = {key, limit, out};
	return yw_store_tx(s, YW_TX_READ, mine_tx, &x);
}
