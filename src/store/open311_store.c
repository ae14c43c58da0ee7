/* SQL of Open311 (docs/open311.md): the side row of an order taken through
 * Open311, and the reads of such orders as Open311 shows them. Written once
 * for both engines. Lists go by the side table's created_at index, so they
 * never read phone orders. */
#include "yw/open311.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

static char *col_dup(const struct yw_row *r, int i) { return yw_row_null(r, i) ? NULL : yw_strdup(yw_row_text(r, i)); }

void yw_o3s_row_clear(struct yw_o3s_row *r)
{
	free(r->description);
	free(r->address);
	free(r->address_id);
	free(r->media_url);
	free(r->account_id);
	free(r->answer);
	free(r->reply_result);
	memset(r, 0, sizeof *r);
}

struct service_out {
	int64_t *id;
	bool *active;
};

static int service_row(void *ctx, const struct yw_row *r)
{
	struct service_out *o = ctx;
	if (col_int(r, 2)) /* has children: not a service */
		return 1;
	*o->id = yw_row_int(r, 0);
	*o->active = col_int(r, 1) != 0;
	return 1;
}

int yw_o3s_service(struct yw_conn *c, const char *code, int64_t *id, bool *active)
{
	*id = 0;
	*active = false;
	struct service_out o = {id, active};
	int st = yw_q(c,
		      "SELECT k.id, k.active, (SELECT COUNT(*) FROM hotline_categories x WHERE x.parent_id = k.id) "
		      "FROM hotline_categories k WHERE k.code = $1",
		      service_row, &o, YW_PTEXT(code));
	if (st < 0)
		return st;
	return *id ? YW_OK : YW_NOTFOUND;
}

int yw_o3s_insert(struct yw_conn *c, const struct yw_o3s_side *s)
{
	return ok(yw_q(c,
		       "INSERT INTO open311_requests (order_id, api_key_id, lat, lng, address_id, email, device_id, "
		       "account_id, first_name, last_name, media_url, attributes, created_at) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
		       NULL, NULL, YW_PINT(s->order_id), opt_int(s->api_key_id),
		       s->has_location ? YW_PREAL(s->lat) : YW_PNULL, s->has_location ? YW_PREAL(s->lng) : YW_PNULL,
		       opt_text(s->address_id), opt_text(s->email), opt_text(s->device_id), opt_text(s->account_id),
		       opt_text(s->first_name), opt_text(s->last_name), opt_text(s->media_url),
		       YW_PTEXT(s->attributes ? s->attributes : "{}"), YW_PINT(s->created_at)));
}

/* The lead's reply of the latest round, and the master of a merged order:
 * what status_notes say. */
#define VIEW_COLS                                                                                                      \
	"o.id, o.order_no, o.state, o.created_at, o.updated_at, o.closed_at, o.handle_by, o.paused_since, "           \
	"o.sign_days, o.handle_days, o.direct, o.description, o.address, o.answer, k.code, k.name, d.name, "          \
	"p.lat, p.lng, p.address_id, p.media_url, p.account_id, "                                                     \
	"(SELECT m.order_no FROM hotline_orders m WHERE m.id = o.merged_into), "                                      \
	"(SELECT a.reply_result FROM hotline_assignments a WHERE a.order_id = o.id AND a.role = 'lead' "              \
	"AND a.state = 'replied' ORDER BY a.round DESC, a.id DESC LIMIT 1)"
#define VIEW_FROM                                                                                                      \
	" FROM open311_requests p JOIN hotline_orders o ON o.id = p.order_id "                                        \
	"JOIN hotline_categories k ON k.id = o.category_id LEFT JOIN departments d ON d.id = o.lead_department_id"

static void view_from_row(struct yw_o3s_row *v, const struct yw_row *r)
{
	memset(v, 0, sizeof *v);
	v->id = yw_row_int(r, 0);
	col_copy(v->order_no, sizeof v->order_no, r, 1);
	col_copy(v->state, sizeof v->state, r, 2);
	v->created_at = col_int(r, 3);
	v->updated_at = col_int(r, 4);
	v->closed_at = col_int(r, 5);
	v->handle_by = col_int(r, 6);
	v->paused_since = col_int(r, 7);
	v->sign_days = (int)col_int(r, 8);
	v->handle_days = (int)col_int(r, 9);
	v->direct = col_int(r, 10) != 0;
	v->description = col_dup(r, 11);
	v->address = col_dup(r, 12);
	v->answer = col_dup(r, 13);
	col_copy(v->service_code, sizeof v->service_code, r, 14);
	col_copy(v->service_name, sizeof v->service_name, r, 15);
	col_copy(v->agency, sizeof v->agency, r, 16);
	v->has_location = !yw_row_null(r, 17) && !yw_row_null(r, 18);
	v->lat = v->has_location ? yw_row_real(r, 17) : 0;
	v->lng = v->has_location ? yw_row_real(r, 18) : 0;
	v->address_id = col_dup(r, 19);
	v->media_url = col_dup(r, 20);
	v->account_id = col_dup(r, 21);
	col_copy(v->master_no, sizeof v->master_no, r, 22);
	v->reply_result = col_dup(r, 23);
}

static int view_row(void *ctx, const struct yw_row *r)
{
	view_from_row(ctx, r);
	return 1;
}

int yw_o3s_get(struct yw_conn *c, int64_t id, struct yw_o3s_row *out)
{
	memset(out, 0, sizeof *out);
	return found(yw_q(c, "SELECT " VIEW_COLS VIEW_FROM " WHERE p.order_id = $1", view_row, out, YW_PINT(id)));
}

struct view_iter {
	int (*fn)(void *ctx, struct yw_o3s_row *row);
	void *ctx;
};

static int view_each(void *ctx, const struct yw_row *r)
{
	struct view_iter *it = ctx;
	struct yw_o3s_row v;
	view_from_row(&v, r);
	return it->fn(it->ctx, &v);
}

/* Category ids as ",3,17," so that one statement serves any list. */
int yw_o3s_list(struct yw_conn *c, int64_t from, int64_t to, int status, const char *category_ids, int limit,
		int (*fn)(void *ctx, struct yw_o3s_row *row), void *ctx)
{
	struct view_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT " VIEW_COLS VIEW_FROM " WHERE p.created_at >= $1 AND p.created_at <= $2 "
		       "AND ($3 = 0 OR ($3 = 2 AND o.state = 'closed') OR ($3 = 1 AND o.state <> 'closed')) "
		       "AND ($4 IS NULL OR $4 LIKE '%,' || CAST(o.category_id AS TEXT) || ',%') "
		       "ORDER BY p.created_at DESC, p.order_id DESC LIMIT $5",
		       view_each, &it, YW_PINT(from), YW_PINT(to), YW_PINT(status), opt_text(category_ids),
		       YW_PINT(limit)));
}

int yw_o3s_by_order_no(struct yw_conn *c, const char *order_no, int64_t *id)
{
	*id = 0;
	return found(yw_q(c,
			  "SELECT o.id FROM hotline_orders o JOIN open311_requests p ON p.order_id = o.id "
			  "WHERE o.order_no = $1",
			  yw_row_get_int, id, YW_PTEXT(order_no)));
}

struct street_iter {
	int (*fn)(void *ctx, const char *code, const char *name);
	void *ctx;
};

static int street_each(void *ctx, const struct yw_row *r)
{
	struct street_iter *it = ctx;
	char name[160];
	snprintf(name, sizeof name, "%s%s", yw_row_null(r, 2) ? "" : yw_row_text(r, 2), yw_row_text(r, 1));
	return it->fn(it->ctx, yw_row_text(r, 0), name);
}

int yw_o3s_streets(struct yw_conn *c, int (*fn)(void *ctx, const char *code, const char *name), void *ctx)
{
	struct street_iter it = {fn, ctx};
	return ok(yw_q0(c,
			"SELECT s.code, s.name, d.name FROM regions s LEFT JOIN regions d ON d.id = s.parent_id "
			"WHERE s.level = 'street' ORDER BY s.code",
			street_each, &it));
}
