/* SQL of the 12345 hotline, written once for both engines ($N parameters).
 * Every statement is an indexed lookup, a bounded page, or the rows of one
 * order. Optional list filters are written ($n IS NULL OR …) so that one
 * statement serves every combination and stays in the statement cache. */
#include "store/hotline_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

static struct yw_param opt_tri(int v) { return v < 0 ? YW_PNULL : YW_PINT(v); }
static int col_tri(const struct yw_row *r, int i) { return yw_row_null(r, i) ? -1 : (int)yw_row_int(r, i); }
static char *col_dup(const struct yw_row *r, int i) { return yw_row_null(r, i) ? NULL : yw_strdup(yw_row_text(r, i)); }

int yw_hs_next_number(struct yw_conn *c, const char *day, int64_t *out)
{
	*out = 0;
	return found(yw_q(c,
			  "INSERT INTO hotline_counters (day, last) VALUES ($1, 1) "
			  "ON CONFLICT (day) DO UPDATE SET last = hotline_counters.last + 1 RETURNING last",
			  yw_row_get_int, out, YW_PTEXT(day)));
}

/* ---- categories ---- */

#define CATEGORY_COLS                                                                                                  \
	"id, parent_id, level, sort_order, active, code, name, path, sign_days, handle_days, urgent_handle_days, "     \
	"reply_days"

static void category_from_row(struct yw_hl_category *k, const struct yw_row *r)
{
	memset(k, 0, sizeof *k);
	k->id = yw_row_int(r, 0);
	k->parent_id = col_int(r, 1);
	k->level = (int)col_int(r, 2);
	k->sort_order = (int)col_int(r, 3);
	k->active = col_int(r, 4) != 0;
	col_copy(k->code, sizeof k->code, r, 5);
	col_copy(k->name, sizeof k->name, r, 6);
	col_copy(k->path, sizeof k->path, r, 7);
	k->sign_days = (int)col_int(r, 8);
	k->handle_days = (int)col_int(r, 9);
	k->urgent_handle_days = (int)col_int(r, 10);
	k->reply_days = (int)col_int(r, 11);
}

static int category_row(void *ctx, const struct yw_row *r)
{
	category_from_row(ctx, r);
	return 1;
}

int yw_hs_category(struct yw_conn *c, int64_t id, struct yw_hl_category *out)
{
	return found(yw_q(c, "SELECT " CATEGORY_COLS " FROM hotline_categories WHERE id = $1", category_row, out,
			  YW_PINT(id)));
}

struct category_iter {
	int (*fn)(void *ctx, const struct yw_hl_category *k);
	void *ctx;
};

static int category_each(void *ctx, const struct yw_row *r)
{
	struct category_iter *it = ctx;
	struct yw_hl_category k;
	category_from_row(&k, r);
	return it->fn(it->ctx, &k);
}

int yw_hs_categories(struct yw_conn *c, int (*fn)(void *ctx, const struct yw_hl_category *k), void *ctx)
{
	struct category_iter it = {fn, ctx};
	return ok(yw_q0(c, "SELECT " CATEGORY_COLS " FROM hotline_categories ORDER BY path, sort_order, id",
			category_each, &it));
}

static int three_ints(void *ctx, const struct yw_row *r)
{
	int64_t *v = ctx;
	for (int i = 0; i < 3; i++)
		v[i] = col_int(r, i);
	return 1;
}

int yw_hs_category_refs(struct yw_conn *c, int64_t id, int64_t *children, int64_t *orders, int64_t *rules)
{
	int64_t v[3] = {0};
	int st = yw_q(c,
		      "SELECT (SELECT COUNT(*) FROM hotline_categories WHERE parent_id = $1), "
		      "(SELECT COUNT(*) FROM hotline_orders WHERE category_id = $1), "
		      "(SELECT COUNT(*) FROM hotline_dispatch_rules WHERE category_id = $1)",
		      three_ints, v, YW_PINT(id));
	*children = v[0];
	*orders = v[1];
	*rules = v[2];
	return ok(st);
}

/* ---- regions, departments, the dispatch catalogue ---- */

struct region_out {
	int64_t *id;
	char *path, *name;
	size_t npath, nname;
};

static int region_row(void *ctx, const struct yw_row *r)
{
	struct region_out *o = ctx;
	*o->id = yw_row_int(r, 0);
	col_copy(o->path, o->npath, r, 1);
	if (o->name)
		col_copy(o->name, o->nname, r, 2);
	return 1;
}

int yw_hs_region_by_code(struct yw_conn *c, const char *code, int64_t *id, char *path, size_t npath, char *name,
			 size_t nname)
{
	struct region_out o = {id, path, name, npath, nname};
	return found(yw_q(c, "SELECT id, path, name FROM regions WHERE code = $1", region_row, &o, YW_PTEXT(code)));
}

int yw_hs_centre_region(struct yw_conn *c, int64_t *id, char *path, size_t n)
{
	struct region_out o = {id, path, NULL, n, 0};
	return found(yw_q(c,
			  "SELECT r.id, r.path FROM staff s JOIN regions r ON r.id = s.region_id "
			  "WHERE s.roles LIKE '%\"hotline_agent\"%' AND s.active = 1 ORDER BY s.id LIMIT 1",
			  region_row, &o));
}

int yw_hs_region_path(struct yw_conn *c, int64_t id, char *path, size_t n)
{
	int64_t got = 0;
	struct region_out o = {&got, path, NULL, n, 0};
	return found(yw_q(c, "SELECT id, path FROM regions WHERE id = $1", region_row, &o, YW_PINT(id)));
}

struct text_out {
	char *s;
	size_t n;
};

static int text_row(void *ctx, const struct yw_row *r)
{
	struct text_out *t = ctx;
	col_copy(t->s, t->n, r, 0);
	return 1;
}

int yw_hs_department_name(struct yw_conn *c, int64_t id, char *name, size_t n)
{
	struct text_out t = {name, n};
	return found(yw_q(c, "SELECT name FROM departments WHERE id = $1", text_row, &t, YW_PINT(id)));
}

int yw_hs_has_duty(struct yw_conn *c, int64_t department_id, const int64_t cats[3], bool *out)
{
	char pattern[32];
	snprintf(pattern, sizeof pattern, "%%,%lld,%%", (long long)department_id);
	int64_t n = 0;
	int st = yw_q(c,
		      "SELECT COUNT(*) FROM hotline_dispatch_rules WHERE category_id IN ($1, $2, $3) "
		      "AND (lead_department_id = $4 OR assist_department_ids LIKE $5)",
		      yw_row_get_int, &n, YW_PINT(cats[0]), YW_PINT(cats[1]), YW_PINT(cats[2]), YW_PINT(department_id),
		      YW_PTEXT(pattern));
	*out = n > 0;
	return ok(st);
}

static int rule_row(void *ctx, const struct yw_row *r)
{
	struct yw_hl_suggestion *s = ctx;
	memset(s, 0, sizeof *s);
	s->found = true;
	s->rule_id = yw_row_int(r, 0);
	s->category_id = yw_row_int(r, 1);
	s->region_id = yw_row_int(r, 2);
	s->lead_department_id = yw_row_int(r, 3);
	const char *assists = yw_row_null(r, 4) ? "" : yw_row_text(r, 4);
	/* ",3,7," */
	for (const char *p = assists; *p && s->nassist < YW_HL_MAX_ASSIST;) {
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p) {
			p++;
			continue;
		}
		if (v > 0)
			s->assist_ids[s->nassist++] = v;
		p = end;
	}
	col_copy(s->region_code, sizeof s->region_code, r, 5);
	col_copy(s->lead_name, sizeof s->lead_name, r, 6);
	return 1;
}

int yw_hs_best_rule(struct yw_conn *c, const int64_t cats[3], const char *region_path, struct yw_hl_suggestion *out)
{
	memset(out, 0, sizeof *out);
	return found(yw_q(c,
			  "SELECT r.id, r.category_id, r.region_id, r.lead_department_id, r.assist_department_ids, "
			  "g.code, d.name FROM hotline_dispatch_rules r "
			  "JOIN regions g ON g.id = r.region_id "
			  "JOIN hotline_categories k ON k.id = r.category_id "
			  "JOIN departments d ON d.id = r.lead_department_id "
			  "WHERE r.category_id IN ($1, $2, $3) AND $4 LIKE g.path || '%' "
			  "ORDER BY length(g.path) DESC, k.level DESC, r.id LIMIT 1",
			  rule_row, out, YW_PINT(cats[0]), YW_PINT(cats[1]), YW_PINT(cats[2]), YW_PTEXT(region_path)));
}

int yw_hs_rule_exists(struct yw_conn *c, int64_t category_id, int64_t region_id, int64_t self, bool *out)
{
	int64_t n = 0;
	int st = yw_q(
		c, "SELECT COUNT(*) FROM hotline_dispatch_rules WHERE category_id = $1 AND region_id = $2 AND id <> $3",
		yw_row_get_int, &n, YW_PINT(category_id), YW_PINT(region_id), YW_PINT(self));
	*out = n > 0;
	return ok(st);
}

struct phone_iter {
	int (*fn)(void *ctx, const char *phone);
	void *ctx;
	int n;
};

static int phone_each(void *ctx, const struct yw_row *r)
{
	struct phone_iter *it = ctx;
	if (yw_row_null(r, 0))
		return 0;
	it->n++;
	return it->fn(it->ctx, yw_row_text(r, 0));
}

int yw_hs_department_phones(struct yw_conn *c, int64_t department_id, int (*fn)(void *ctx, const char *phone),
			    void *ctx)
{
	struct phone_iter it = {fn, ctx, 0};
	int st = yw_q(c,
		      "SELECT phone FROM staff WHERE department_id = $1 AND active = 1 AND phone IS NOT NULL "
		      "AND phone <> '' AND roles LIKE '%\"hotline_handler\"%' ORDER BY id",
		      phone_each, &it, YW_PINT(department_id));
	if (st < 0 || it.n)
		return ok(st);
	return ok(yw_q(c, "SELECT phone FROM departments WHERE id = $1 AND phone IS NOT NULL AND phone <> ''",
		       phone_each, &it, YW_PINT(department_id)));
}

/* ---- orders ---- */

#define ORDER_COLS                                                                                                     \
	"o.id, o.order_no, o.day, o.channel, o.anonymous, o.caller_name, o.caller_phone, o.type, o.category_id, "      \
	"o.region_id, o.region_path, o.address, o.address_norm, o.description, o.attachments, o.urgency, o.state, "    \
	"o.round, o.lead_department_id, o.sign_days, o.handle_days, o.reply_days, o.sign_by, o.handle_by, "            \
	"o.reply_by, o.paused_since, o.paused_total, o.extended_days, o.reopened, o.merged_into, o.direct, "           \
	"o.answer, o.article_id, o.urge_count, o.supervised, o.escalation, o.solved, o.satisfied, o.created_by, "      \
	"o.dispatched_at, o.signed_at, o.replied_at, o.closed_at, o.version, o.created_at, o.updated_at, "             \
	"k.code, k.name, g.code, g.name, d.name"
#define ORDER_FROM                                                                                                     \
	" FROM hotline_orders o JOIN hotline_categories k ON k.id = o.category_id "                                    \
	"LEFT JOIN regions g ON g.id = o.region_id LEFT JOIN departments d ON d.id = o.lead_department_id"

static void order_from_row(struct yw_hl_order *o, const struct yw_row *r)
{
	memset(o, 0, sizeof *o);
	o->id = yw_row_int(r, 0);
	col_copy(o->order_no, sizeof o->order_no, r, 1);
	col_copy(o->day, sizeof o->day, r, 2);
	col_copy(o->channel, sizeof o->channel, r, 3);
	o->anonymous = col_int(r, 4) != 0;
	o->caller_name = col_dup(r, 5);
	col_copy(o->caller_phone, sizeof o->caller_phone, r, 6);
	col_copy(o->type, sizeof o->type, r, 7);
	o->category_id = col_int(r, 8);
	o->region_id = col_int(r, 9);
	col_copy(o->region_path, sizeof o->region_path, r, 10);
	o->address = col_dup(r, 11);
	o->address_norm = col_dup(r, 12);
	o->description = col_dup(r, 13);
	o->attachments = col_dup(r, 14);
	col_copy(o->urgency, sizeof o->urgency, r, 15);
	col_copy(o->state, sizeof o->state, r, 16);
	o->round = (int)col_int(r, 17);
	o->lead_department_id = col_int(r, 18);
	o->sign_days = (int)col_int(r, 19);
	o->handle_days = (int)col_int(r, 20);
	o->reply_days = (int)col_int(r, 21);
	o->sign_by = col_int(r, 22);
	o->handle_by = col_int(r, 23);
	o->reply_by = col_int(r, 24);
	o->paused_since = col_int(r, 25);
	o->paused_total = col_int(r, 26);
	o->extended_days = (int)col_int(r, 27);
	o->reopened = (int)col_int(r, 28);
	o->merged_into = col_int(r, 29);
	o->direct = col_int(r, 30) != 0;
	o->answer = col_dup(r, 31);
	o->article_id = col_int(r, 32);
	o->urge_count = (int)col_int(r, 33);
	o->supervised = col_int(r, 34) != 0;
	o->escalation = (int)col_int(r, 35);
	o->solved = col_tri(r, 36);
	o->satisfied = col_tri(r, 37);
	o->created_by = col_int(r, 38);
	o->dispatched_at = col_int(r, 39);
	o->signed_at = col_int(r, 40);
	o->replied_at = col_int(r, 41);
	o->closed_at = col_int(r, 42);
	o->version = col_int(r, 43);
	o->created_at = col_int(r, 44);
	o->updated_at = col_int(r, 45);
	col_copy(o->category_code, sizeof o->category_code, r, 46);
	col_copy(o->category_name, sizeof o->category_name, r, 47);
	col_copy(o->region_code, sizeof o->region_code, r, 48);
	col_copy(o->region_name, sizeof o->region_name, r, 49);
	col_copy(o->lead_department_name, sizeof o->lead_department_name, r, 50);
}

static int order_row(void *ctx, const struct yw_row *r)
{
	order_from_row(ctx, r);
	return 1;
}

int yw_hs_order_insert(struct yw_conn *c, struct yw_hl_order *o)
{
	int64_t id = 0;
	int st = yw_q(
		c,
		"INSERT INTO hotline_orders (order_no, day, channel, anonymous, caller_name, caller_phone, type, "
		"category_id, region_id, region_path, address, address_norm, description, attachments, urgency, "
		"state, round, sign_days, handle_days, reply_days, created_by, version, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 0, $17, $18, $19, "
		"$20, 1, $21, $21) RETURNING id",
		yw_row_get_int, &id, YW_PTEXT(o->order_no), YW_PTEXT(o->day), YW_PTEXT(o->channel),
		YW_PINT(o->anonymous), opt_text(o->caller_name), opt_text(o->caller_phone), YW_PTEXT(o->type),
		YW_PINT(o->category_id), opt_int(o->region_id), YW_PTEXT(o->region_path), opt_text(o->address),
		opt_text(o->address_norm), YW_PTEXT(o->description), YW_PTEXT(o->attachments ? o->attachments : "[]"),
		YW_PTEXT(o->urgency), YW_PTEXT(o->state), YW_PINT(o->sign_days), YW_PINT(o->handle_days),
		YW_PINT(o->reply_days), opt_int(o->created_by), YW_PINT(o->created_at));
	if (st < 0)
		return st;
	if (!id)
		return YW_STORE_ERR;
	o->id = id;
	o->version = 1;
	o->updated_at = o->created_at;
	return YW_OK;
}

int yw_hs_order_lock(struct yw_conn *c, int64_t id)
{
	int st = yw_q(c, "UPDATE hotline_orders SET version = version WHERE id = $1", NULL, NULL, YW_PINT(id));
	if (st < 0)
		return st;
	return yw_db_changes(c) == 1 ? YW_OK : YW_NOTFOUND;
}

int yw_hs_order_get(struct yw_conn *c, int64_t id, struct yw_hl_order *out)
{
	memset(out, 0, sizeof *out);
	return found(yw_q(c, "SELECT " ORDER_COLS ORDER_FROM " WHERE o.id = $1", order_row, out, YW_PINT(id)));
}

int yw_hs_order_save(struct yw_conn *c, struct yw_hl_order *o)
{
	int st = yw_q(
		c,
		"UPDATE hotline_orders SET state = $3, round = $4, lead_department_id = $5, sign_by = $6, "
		"handle_by = $7, reply_by = $8, paused_since = $9, paused_total = $10, extended_days = $11, "
		"reopened = $12, merged_into = $13, direct = $14, answer = $15, article_id = $16, urge_count = $17, "
		"supervised = $18, escalation = $19, solved = $20, satisfied = $21, dispatched_at = $22, "
		"signed_at = $23, replied_at = $24, closed_at = $25, version = version + 1, updated_at = $26 "
		"WHERE id = $1 AND version = $2",
		NULL, NULL, YW_PINT(o->id), YW_PINT(o->version), YW_PTEXT(o->state), YW_PINT(o->round),
		opt_int(o->lead_department_id), opt_int(o->sign_by), opt_int(o->handle_by), opt_int(o->reply_by),
		opt_int(o->paused_since), YW_PINT(o->paused_total), YW_PINT(o->extended_days), YW_PINT(o->reopened),
		opt_int(o->merged_into), YW_PINT(o->direct), opt_text(o->answer), opt_int(o->article_id),
		YW_PINT(o->urge_count), YW_PINT(o->supervised), YW_PINT(o->escalation), opt_tri(o->solved),
		opt_tri(o->satisfied), opt_int(o->dispatched_at), opt_int(o->signed_at), opt_int(o->replied_at),
		opt_int(o->closed_at), YW_PINT(o->updated_at));
	if (st < 0)
		return st;
	if (yw_db_changes(c) != 1)
		return YW_RETRY;
	o->version++;
	return YW_OK;
}

int yw_hs_order_count(struct yw_conn *c, int64_t *n)
{
	*n = 0;
	return ok(yw_q0(c, "SELECT COUNT(*) FROM hotline_orders", yw_row_get_int, n));
}

/* An order is overdue when the clock its state runs has passed its
 * deadline; a paused order is judged at the moment it was paused
 * (domain/hotline_clock.c computes the same on read). */
#define ORDER_WHERE                                                                                                    \
	" WHERE ($1 IS NULL OR o.state = $1) AND ($2 IS NULL OR o.channel = $2) AND ($3 IS NULL OR o.type = $3) "      \
	"AND ($4 IS NULL OR o.caller_phone = $4) AND ($5 IS NULL OR k.path LIKE $5 || '%') "                           \
	"AND ($6 IS NULL OR o.region_path LIKE $6 || '%') "                                                            \
	"AND ($7 IS NULL OR EXISTS (SELECT 1 FROM hotline_assignments a WHERE a.order_id = o.id "                      \
	"AND a.department_id = $7)) "                                                                                  \
	"AND ($8 IS NULL OR o.created_at >= $8) AND ($9 IS NULL OR o.created_at < $9) "                                \
	"AND ($10 = 0 OR (o.state = 'dispatched' AND o.sign_by < COALESCE(o.paused_since, $10)) "                      \
	"OR (o.state IN ('dispatched', 'returned', 'signed') AND o.handle_by < COALESCE(o.paused_since, $10)) "        \
	"OR (o.state IN ('replied', 'reviewed') AND o.reply_by < COALESCE(o.paused_since, $10)))"

struct order_iter {
	int (*fn)(void *ctx, struct yw_hl_order *o);
	void *ctx;
};

static int order_each(void *ctx, const struct yw_row *r)
{
	struct order_iter *it = ctx;
	struct yw_hl_order o;
	order_from_row(&o, r);
	int stop = it->fn(it->ctx, &o);
	return stop;
}

int yw_hs_orders(struct yw_conn *c, const struct yw_hs_query *q, int (*fn)(void *ctx, struct yw_hl_order *o), void *ctx)
{
	struct order_iter it = {fn, ctx};
	return ok(yw_q(c, "SELECT " ORDER_COLS ORDER_FROM ORDER_WHERE " ORDER BY o.id DESC LIMIT $11 OFFSET $12",
		       order_each, &it, opt_text(q->state), opt_text(q->channel), opt_text(q->type),
		       opt_text(q->caller_phone), opt_text(q->category_path), opt_text(q->region_path),
		       opt_int(q->department_id), opt_int(q->from), opt_int(q->to), YW_PINT(q->overdue_now),
		       YW_PINT(q->limit), YW_PINT(q->offset)));
}

int yw_hs_orders_count(struct yw_conn *c, const struct yw_hs_query *q, int64_t *out)
{
	*out = 0;
	return ok(yw_q(c, "SELECT COUNT(*)" ORDER_FROM ORDER_WHERE, yw_row_get_int, out, opt_text(q->state),
		       opt_text(q->channel), opt_text(q->type), opt_text(q->caller_phone), opt_text(q->category_path),
		       opt_text(q->region_path), opt_int(q->department_id), opt_int(q->from), opt_int(q->to),
		       YW_PINT(q->overdue_now)));
}

/* ---- assignments ---- */

#define ASSIGNMENT_COLS                                                                                                \
	"a.id, a.order_id, a.round, a.department_id, a.role, a.state, a.dispatched_at, a.dispatched_by, "              \
	"a.sign_by, a.handle_by, a.signed_at, a.signed_by, a.returned_at, a.returned_by, a.return_reason, "            \
	"a.arbitration, a.arbitrated_at, a.replied_at, a.replied_by, a.reply_measures, a.reply_result, "               \
	"a.ext_state, a.ext_days, a.ext_reason, a.ext_requested_at, a.ext_decided_at, a.version, d.name"

static void assignment_from_row(struct yw_hl_assignment *a, const struct yw_row *r)
{
	memset(a, 0, sizeof *a);
	a->id = yw_row_int(r, 0);
	a->order_id = col_int(r, 1);
	a->round = (int)col_int(r, 2);
	a->department_id = col_int(r, 3);
	col_copy(a->role, sizeof a->role, r, 4);
	col_copy(a->state, sizeof a->state, r, 5);
	a->dispatched_at = col_int(r, 6);
	a->dispatched_by = col_int(r, 7);
	a->sign_by = col_int(r, 8);
	a->handle_by = col_int(r, 9);
	a->signed_at = col_int(r, 10);
	a->signed_by = col_int(r, 11);
	a->returned_at = col_int(r, 12);
	a->returned_by = col_int(r, 13);
	a->return_reason = col_dup(r, 14);
	col_copy(a->arbitration, sizeof a->arbitration, r, 15);
	a->arbitrated_at = col_int(r, 16);
	a->replied_at = col_int(r, 17);
	a->replied_by = col_int(r, 18);
	a->reply_measures = col_dup(r, 19);
	a->reply_result = col_dup(r, 20);
	col_copy(a->ext_state, sizeof a->ext_state, r, 21);
	a->ext_days = (int)col_int(r, 22);
	a->ext_reason = col_dup(r, 23);
	a->ext_requested_at = col_int(r, 24);
	a->ext_decided_at = col_int(r, 25);
	a->version = col_int(r, 26);
	col_copy(a->department_name, sizeof a->department_name, r, 27);
}

struct assignment_iter {
	int (*fn)(void *ctx, struct yw_hl_assignment *a);
	void *ctx;
};

static int assignment_each(void *ctx, const struct yw_row *r)
{
	struct assignment_iter *it = ctx;
	struct yw_hl_assignment a;
	assignment_from_row(&a, r);
	return it->fn(it->ctx, &a);
}

int yw_hs_assignments(struct yw_conn *c, int64_t order_id, int (*fn)(void *ctx, struct yw_hl_assignment *a), void *ctx)
{
	struct assignment_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT " ASSIGNMENT_COLS
		       " FROM hotline_assignments a JOIN departments d ON d.id = a.department_id "
		       "WHERE a.order_id = $1 ORDER BY a.round, a.id",
		       assignment_each, &it, YW_PINT(order_id)));
}

int yw_hs_assignment_insert(struct yw_conn *c, struct yw_hl_assignment *a, int64_t now)
{
	int64_t id = 0;
	int st = yw_q(c,
		      "INSERT INTO hotline_assignments (order_id, round, department_id, role, state, dispatched_at, "
		      "dispatched_by, sign_by, handle_by, version, updated_at) "
		      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10) RETURNING id",
		      yw_row_get_int, &id, YW_PINT(a->order_id), YW_PINT(a->round), YW_PINT(a->department_id),
		      YW_PTEXT(a->role), YW_PTEXT(a->state), YW_PINT(a->dispatched_at), opt_int(a->dispatched_by),
		      opt_int(a->sign_by), opt_int(a->handle_by), YW_PINT(now));
	if (st < 0)
		return st;
	if (!id)
		return YW_STORE_ERR;
	a->id = id;
	a->version = 1;
	return YW_OK;
}

int yw_hs_assignment_save(struct yw_conn *c, struct yw_hl_assignment *a, int64_t now)
{
	int st = yw_q(
		c,
		"UPDATE hotline_assignments SET state = $3, sign_by = $4, handle_by = $5, signed_at = $6, "
		"signed_by = $7, returned_at = $8, returned_by = $9, return_reason = $10, arbitration = $11, "
		"arbitrated_at = $12, replied_at = $13, replied_by = $14, reply_measures = $15, reply_result = $16, "
		"ext_state = $17, ext_days = $18, ext_reason = $19, ext_requested_at = $20, ext_decided_at = $21, "
		"version = version + 1, updated_at = $22 WHERE id = $1 AND version = $2",
		NULL, NULL, YW_PINT(a->id), YW_PINT(a->version), YW_PTEXT(a->state), opt_int(a->sign_by),
		opt_int(a->handle_by), opt_int(a->signed_at), opt_int(a->signed_by), opt_int(a->returned_at),
		opt_int(a->returned_by), opt_text(a->return_reason), opt_text(a->arbitration),
		opt_int(a->arbitrated_at), opt_int(a->replied_at), opt_int(a->replied_by), opt_text(a->reply_measures),
		opt_text(a->reply_result), opt_text(a->ext_state), a->ext_days ? YW_PINT(a->ext_days) : YW_PNULL,
		opt_text(a->ext_reason), opt_int(a->ext_requested_at), opt_int(a->ext_decided_at), YW_PINT(now));
	if (st < 0)
		return st;
	if (yw_db_changes(c) != 1)
		return YW_RETRY;
	a->version++;
	return YW_OK;
}

int yw_hs_department_assigned(struct yw_conn *c, int64_t order_id, int64_t department_id, bool *out)
{
	int64_t n = 0;
	int st = yw_q(c, "SELECT COUNT(*) FROM hotline_assignments WHERE order_id = $1 AND department_id = $2",
		      yw_row_get_int, &n, YW_PINT(order_id), YW_PINT(department_id));
	*out = n > 0;
	return ok(st);
}

/* ---- events and callbacks ---- */

int yw_hs_event_insert(struct yw_conn *c, const struct yw_hl_event *e)
{
	return ok(yw_q(c,
		       "INSERT INTO hotline_events (order_id, at, actor_id, actor_name, role, action, from_state, "
		       "to_state, department_id, reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
		       NULL, NULL, YW_PINT(e->order_id), YW_PINT(e->at), opt_int(e->actor_id), opt_text(e->actor_name),
		       opt_text(e->role), YW_PTEXT(e->action), opt_text(e->from_state), opt_text(e->to_state),
		       opt_int(e->department_id), opt_text(e->reason), YW_PTEXT(e->detail ? e->detail : "{}")));
}

struct event_iter {
	int (*fn)(void *ctx, struct yw_hl_event *e);
	void *ctx;
};

static int event_each(void *ctx, const struct yw_row *r)
{
	struct event_iter *it = ctx;
	struct yw_hl_event e;
	memset(&e, 0, sizeof e);
	e.id = yw_row_int(r, 0);
	e.order_id = col_int(r, 1);
	e.at = col_int(r, 2);
	e.actor_id = col_int(r, 3);
	e.actor_name = col_dup(r, 4);
	col_copy(e.role, sizeof e.role, r, 5);
	col_copy(e.action, sizeof e.action, r, 6);
	col_copy(e.from_state, sizeof e.from_state, r, 7);
	col_copy(e.to_state, sizeof e.to_state, r, 8);
	e.department_id = col_int(r, 9);
	e.reason = col_dup(r, 10);
	e.detail = col_dup(r, 11);
	return it->fn(it->ctx, &e);
}

int yw_hs_events(struct yw_conn *c, int64_t order_id, int (*fn)(void *ctx, struct yw_hl_event *e), void *ctx)
{
	struct event_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT id, order_id, at, actor_id, actor_name, role, action, from_state, to_state, "
		       "department_id, reason, detail FROM hotline_events WHERE order_id = $1 ORDER BY id",
		       event_each, &it, YW_PINT(order_id)));
}

int yw_hs_callback_insert(struct yw_conn *c, const struct yw_hl_callback *cb)
{
	return ok(yw_q(c,
		       "INSERT INTO hotline_callbacks (order_id, round, solved, satisfied, note, by_id, by_name, at) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		       NULL, NULL, YW_PINT(cb->order_id), YW_PINT(cb->round), YW_PINT(cb->solved),
		       YW_PINT(cb->satisfied), opt_text(cb->note), opt_int(cb->by_id), opt_text(cb->by_name),
		       YW_PINT(cb->at)));
}

struct callback_iter {
	int (*fn)(void *ctx, struct yw_hl_callback *cb);
	void *ctx;
};

static int callback_each(void *ctx, const struct yw_row *r)
{
	struct callback_iter *it = ctx;
	struct yw_hl_callback cb;
	memset(&cb, 0, sizeof cb);
	cb.id = yw_row_int(r, 0);
	cb.order_id = col_int(r, 1);
	cb.round = (int)col_int(r, 2);
	cb.solved = col_int(r, 3) != 0;
	cb.satisfied = col_int(r, 4) != 0;
	cb.note = col_dup(r, 5);
	cb.by_id = col_int(r, 6);
	cb.by_name = col_dup(r, 7);
	cb.at = col_int(r, 8);
	return it->fn(it->ctx, &cb);
}

int yw_hs_callbacks(struct yw_conn *c, int64_t order_id, int (*fn)(void *ctx, struct yw_hl_callback *cb), void *ctx)
{
	struct callback_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT id, order_id, round, solved, satisfied, note, by_id, by_name, at FROM hotline_callbacks "
		       "WHERE order_id = $1 ORDER BY id",
		       callback_each, &it, YW_PINT(order_id)));
}

/* ---- merging and duplicates ---- */

struct child_iter {
	int (*fn)(void *ctx, int64_t id, const char *state);
	void *ctx;
};

static int child_each(void *ctx, const struct yw_row *r)
{
	struct child_iter *it = ctx;
	return it->fn(it->ctx, yw_row_int(r, 0), yw_row_null(r, 1) ? "" : yw_row_text(r, 1));
}

int yw_hs_children(struct yw_conn *c, int64_t master_id, int (*fn)(void *ctx, int64_t id, const char *state), void *ctx)
{
	struct child_iter it = {fn, ctx};
	return ok(yw_q(c, "SELECT id, state FROM hotline_orders WHERE merged_into = $1 ORDER BY id", child_each, &it,
		       YW_PINT(master_id)));
}

int yw_hs_child_count(struct yw_conn *c, int64_t master_id, int64_t *n)
{
	*n = 0;
	return ok(yw_q(c, "SELECT COUNT(*) FROM hotline_orders WHERE merged_into = $1", yw_row_get_int, n,
		       YW_PINT(master_id)));
}

int yw_hs_similar_candidates(struct yw_conn *c, const char *address_norm, int64_t from, int64_t to, int64_t self,
			     int limit, int (*fn)(void *ctx, struct yw_hl_order *o), void *ctx)
{
	struct order_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT " ORDER_COLS ORDER_FROM
		       " WHERE o.address_norm = $1 AND o.created_at >= $2 AND o.created_at <= $3 AND o.id <> $4 "
		       "AND o.state NOT IN ('closed', 'merged') ORDER BY o.created_at DESC, o.id DESC LIMIT $5",
		       order_each, &it, YW_PTEXT(address_norm), YW_PINT(from), YW_PINT(to), YW_PINT(self),
		       YW_PINT(limit)));
}
