/* SQL of 好差评 (include/yw/rating_store.h): one text for both engines. */
#include "yw/rating_store.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

static int col_tri(const struct yw_row *r, int i) { return yw_row_null(r, i) ? -1 : yw_row_int(r, i) != 0; }
static struct yw_param opt_tri(int v) { return v < 0 ? YW_PNULL : YW_PINT(v); }

/* ---- configuration ---- */

static int level_row(void *p, const struct yw_row *r)
{
	struct yw_rating_level_cfg *out = p;
	int level = (int)yw_row_int(r, 0);
	if (level < 1 || level > YW_RATING_LEVELS)
		return 0;
	struct yw_rating_level_cfg *l = &out[level - 1];
	l->level = level;
	col_copy(l->code, sizeof l->code, r, 1);
	col_copy(l->label, sizeof l->label, r, 2);
	l->score = (int)yw_row_int(r, 3);
	l->bad = yw_row_int(r, 4) != 0;
	l->updated_at = col_int(r, 5);
	return 0;
}

int yw_rs_levels(struct yw_conn *c, struct yw_rating_level_cfg out[YW_RATING_LEVELS])
{
	memset(out, 0, sizeof(struct yw_rating_level_cfg) * YW_RATING_LEVELS);
	return ok(yw_q0(c, "SELECT level, code, label, score, bad, updated_at FROM rating_levels ORDER BY level",
			level_row, out));
}

int yw_rs_level_set(struct yw_conn *c, int level, const char *label, int score, int64_t now)
{
	return found(yw_q(c, "UPDATE rating_levels SET label = $2, score = $3, updated_at = $4 WHERE level = $1", NULL,
			  NULL, YW_PINT(level), YW_PTEXT(label), YW_PINT(score), YW_PINT(now)));
}

static void option_from(struct yw_rating_option *o, const struct yw_row *r)
{
	memset(o, 0, sizeof *o);
	o->id = yw_row_int(r, 0);
	col_copy(o->channel, sizeof o->channel, r, 1);
	col_copy(o->code, sizeof o->code, r, 2);
	col_copy(o->label, sizeof o->label, r, 3);
	o->sort_order = (int)col_int(r, 4);
	o->active = col_int(r, 5) != 0;
}

struct options_ctx {
	struct yw_rating_option *v;
	int n;
};

static int option_rows(void *p, const struct yw_row *r)
{
	struct options_ctx *x = p;
	x->v = yw_realloc(x->v, sizeof *x->v * (size_t)(x->n + 1));
	option_from(&x->v[x->n++], r);
	return 0;
}

static int option_one(void *p, const struct yw_row *r)
{
	option_from(p, r);
	return 1;
}

static bool is_tag(const char *kind) { return !strcmp(kind, "tag"); }

int yw_rs_options(struct yw_conn *c, const char *kind, bool active_only, struct yw_rating_option **out, int *n)
{
	struct options_ctx x = {0};
	int st = is_tag(kind) ? yw_q(c,
				     "SELECT id, '', code, label, sort_order, active FROM rating_tags "
				     "WHERE ($1 = 0 OR active = 1) ORDER BY sort_order, id",
				     option_rows, &x, YW_PINT(active_only))
			      : yw_q(c,
				     "SELECT id, channel, code, label, sort_order, active FROM rating_indicators "
				     "WHERE ($1 = 0 OR active = 1) ORDER BY channel DESC, sort_order, id",
				     option_rows, &x, YW_PINT(active_only));
	*out = x.v;
	*n = x.n;
	return ok(st);
}

int yw_rs_option_get(struct yw_conn *c, const char *kind, int64_t id, struct yw_rating_option *out)
{
	if (is_tag(kind))
		return found(yw_q(c, "SELECT id, '', code, label, sort_order, active FROM rating_tags WHERE id = $1",
				  option_one, out, YW_PINT(id)));
	return found(yw_q(c,
			  "SELECT id, channel, code, label, sort_order, active FROM rating_indicators WHERE id = $1",
			  option_one, out, YW_PINT(id)));
}

int yw_rs_option_by_code(struct yw_conn *c, const char *kind, const char *channel, const char *code,
			 struct yw_rating_option *out)
{
	if (is_tag(kind))
		return found(yw_q(c,
				  "SELECT id, '', code, label, sort_order, active FROM rating_tags "
				  "WHERE code = $1 AND active = 1",
				  option_one, out, YW_PTEXT(code)));
	return found(yw_q(c,
			  "SELECT id, channel, code, label, sort_order, active FROM rating_indicators "
			  "WHERE channel = $1 AND code = $2 AND active = 1",
			  option_one, out, YW_PTEXT(channel), YW_PTEXT(code)));
}

int yw_rs_option_insert(struct yw_conn *c, const char *kind, struct yw_rating_option *o, int64_t now)
{
	if (is_tag(kind))
		return ok(yw_q(c,
			       "INSERT INTO rating_tags (code, label, sort_order, active, updated_at) "
			       "VALUES ($1, $2, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM rating_tags), 1, $3) "
			       "RETURNING id",
			       yw_row_get_int, &o->id, YW_PTEXT(o->code), YW_PTEXT(o->label), YW_PINT(now)));
	return ok(yw_q(c,
		       "INSERT INTO rating_indicators (channel, code, label, sort_order, active, updated_at) "
		       "VALUES ($1, $2, $3, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM rating_indicators "
		       "WHERE channel = $1), 1, $4) RETURNING id",
		       yw_row_get_int, &o->id, YW_PTEXT(o->channel), YW_PTEXT(o->code), YW_PTEXT(o->label),
		       YW_PINT(now)));
}

int yw_rs_option_update(struct yw_conn *c, const char *kind, const struct yw_rating_option *o, int64_t now)
{
	if (is_tag(kind))
		return found(yw_q(c, "UPDATE rating_tags SET label = $2, active = $3, updated_at = $4 WHERE id = $1",
				  NULL, NULL, YW_PINT(o->id), YW_PTEXT(o->label), YW_PINT(o->active), YW_PINT(now)));
	return found(yw_q(c, "UPDATE rating_indicators SET label = $2, active = $3, updated_at = $4 WHERE id = $1",
			  NULL, NULL, YW_PINT(o->id), YW_PTEXT(o->label), YW_PINT(o->active), YW_PINT(now)));
}

struct settings_ctx {
	int verify, deflt;
	bool own;
};

static int settings_row(void *p, const struct yw_row *r)
{
	struct settings_ctx *x = p;
	/* Rows come region first (if it has one), then region 0. */
	if (!x->own) {
		x->verify = (int)yw_row_int(r, 1);
		x->own = true;
	}
	if (yw_row_int(r, 0) == 0)
		x->deflt = (int)col_int(r, 2);
	return 0;
}

int yw_rs_settings_for(struct yw_conn *c, int64_t region_id, int *verify_days, int *default_days)
{
	struct settings_ctx x = {2, 7, false};
	int st = yw_q(c,
		      "SELECT region_id, verify_days, default_days FROM rating_settings "
		      "WHERE region_id = $1 OR region_id = 0 ORDER BY region_id DESC",
		      settings_row, &x, YW_PINT(region_id));
	*verify_days = x.verify;
	*default_days = x.deflt > 0 ? x.deflt : 7;
	return ok(st);
}

static int settings_list_row(void *p, const struct yw_row *r)
{
	struct yw_rating_settings *s = p;
	int64_t region = yw_row_int(r, 0);
	if (!region) {
		s->verify_days = (int)yw_row_int(r, 1);
		s->default_days = (int)col_int(r, 2);
		return 0;
	}
	s->regions = yw_realloc(s->regions, sizeof *s->regions * (size_t)(s->nregions + 1));
	s->regions[s->nregions].region_id = region;
	s->regions[s->nregions].verify_days = (int)yw_row_int(r, 1);
	col_copy(s->regions[s->nregions].region_name, sizeof s->regions[s->nregions].region_name, r, 3);
	s->nregions++;
	return 0;
}

int yw_rs_settings(struct yw_conn *c, struct yw_rating_settings *out)
{
	memset(out, 0, sizeof *out);
	return ok(yw_q0(c,
			"SELECT s.region_id, s.verify_days, s.default_days, g.name FROM rating_settings s "
			"LEFT JOIN regions g ON g.id = s.region_id ORDER BY s.region_id",
			settings_list_row, out));
}

int yw_rs_settings_put(struct yw_conn *c, int64_t region_id, int verify_days, int default_days, int64_t now)
{
	return ok(yw_q(c,
		       "INSERT INTO rating_settings (region_id, verify_days, default_days, updated_at) "
		       "VALUES ($1, $2, $3, $4) ON CONFLICT (region_id) DO UPDATE SET verify_days = excluded.verify_days, "
		       "default_days = excluded.default_days, updated_at = excluded.updated_at",
		       NULL, NULL, YW_PINT(region_id), YW_PINT(verify_days), opt_int(default_days), YW_PINT(now)));
}

int yw_rs_settings_delete(struct yw_conn *c, int64_t region_id)
{
	return found(yw_q(c, "DELETE FROM rating_settings WHERE region_id = $1 AND region_id <> 0", NULL, NULL,
			  YW_PINT(region_id)));
}

int yw_rs_region_exists(struct yw_conn *c, int64_t region_id)
{
	return found(yw_q(c, "SELECT 1 FROM regions WHERE id = $1", NULL, NULL, YW_PINT(region_id)));
}

/* ---- subjects ---- */

#define TICKET_COLS                                                                                       \
	"t.id, t.hall_id, t.window_id, t.staff_id, t.citizen_id, t.finished_at, h.region_id, s.department_id, " \
	"w.number, t.token, t.code, t.day, t.status, t.item_ids, t.id_number, t.phone, h.name, w.name, s.name"
#define TICKET_FROM                                                                                        \
	" FROM tickets t LEFT JOIN halls h ON h.id = t.hall_id LEFT JOIN windows w ON w.id = t.window_id " \
	"LEFT JOIN staff s ON s.id = t.staff_id "

static void ticket_from(struct yw_rs_ticket *t, const struct yw_row *r)
{
	memset(t, 0, sizeof *t);
	t->id = yw_row_int(r, 0);
	t->hall_id = col_int(r, 1);
	t->window_id = col_int(r, 2);
	t->staff_id = col_int(r, 3);
	t->citizen_id = col_int(r, 4);
	t->finished_at = col_int(r, 5);
	t->hall_region_id = col_int(r, 6);
	t->staff_department_id = col_int(r, 7);
	t->window_number = (int)col_int(r, 8);
	col_copy(t->token, sizeof t->token, r, 9);
	col_copy(t->code, sizeof t->code, r, 10);
	col_copy(t->day, sizeof t->day, r, 11);
	col_copy(t->status, sizeof t->status, r, 12);
	col_copy(t->item_ids, sizeof t->item_ids, r, 13);
	col_copy(t->id_number, sizeof t->id_number, r, 14);
	col_copy(t->phone, sizeof t->phone, r, 15);
	col_copy(t->hall_name, sizeof t->hall_name, r, 16);
	col_copy(t->window_name, sizeof t->window_name, r, 17);
	col_copy(t->staff_name, sizeof t->staff_name, r, 18);
}

static int ticket_one(void *p, const struct yw_row *r)
{
	ticket_from(p, r);
	return 1;
}

int yw_rs_ticket_by_token(struct yw_conn *c, const char *token, struct yw_rs_ticket *out)
{
	return found(yw_q(c, "SELECT " TICKET_COLS TICKET_FROM "WHERE t.token = $1", ticket_one, out, YW_PTEXT(token)));
}

int yw_rs_ticket_by_id(struct yw_conn *c, int64_t id, struct yw_rs_ticket *out)
{
	return found(yw_q(c, "SELECT " TICKET_COLS TICKET_FROM "WHERE t.id = $1", ticket_one, out, YW_PINT(id)));
}

int yw_rs_ticket_last_done(struct yw_conn *c, int64_t window_id, const char *day, struct yw_rs_ticket *out)
{
	/* tickets_window (window_id, status) narrows to the window's finished ones. */
	return found(yw_q(c,
			  "SELECT " TICKET_COLS TICKET_FROM
			  "WHERE t.window_id = $1 AND t.status = 'done' AND t.day = $2 ORDER BY t.finished_at DESC, "
			  "t.id DESC LIMIT 1",
			  ticket_one, out, YW_PINT(window_id), YW_PTEXT(day)));
}

struct tickets_ctx {
	int (*fn)(void *ctx, const struct yw_rs_ticket *t);
	void *ctx;
};

static int ticket_each(void *p, const struct yw_row *r)
{
	struct tickets_ctx *x = p;
	struct yw_rs_ticket t;
	ticket_from(&t, r);
	return x->fn(x->ctx, &t);
}

/* The dimensions of a service come from its rating_services row (what its
 * finished count was booked to), so a rating books to the same ones. */
#define SERVICE_COLS                                                                                         \
	"s.day, s.finished_at, s.hall_id, s.window_id, s.staff_id, s.department_id, s.item_id, s.region_id, " \
	"s.subject_kind"
#define SERVICE_JOIN(kind, id)                                                                              \
	" LEFT JOIN rating_services s ON s.subject_kind = '" kind "' AND s.subject_id = CAST(" id " AS TEXT) "

static void service_dims(struct yw_rs_service *v, const struct yw_row *r, int i)
{
	v->finished = !yw_row_null(r, i + 8);
	col_copy(v->day, sizeof v->day, r, i);
	v->finished_at = col_int(r, i + 1);
	v->d.hall_id = col_int(r, i + 2);
	v->d.window_id = col_int(r, i + 3);
	v->d.staff_id = col_int(r, i + 4);
	v->d.department_id = col_int(r, i + 5);
	v->d.item_id = col_int(r, i + 6);
	v->d.region_id = col_int(r, i + 7);
}

static int case_service_one(void *p, const struct yw_row *r)
{
	struct yw_rs_service *v = p;
	memset(v, 0, sizeof *v);
	v->id = yw_row_int(r, 0);
	col_copy(v->state, sizeof v->state, r, 1);
	col_copy(v->number, sizeof v->number, r, 2);
	col_copy(v->phone, sizeof v->phone, r, 3);
	col_copy(v->agent_phone, sizeof v->agent_phone, r, 4);
	col_copy(v->id_number, sizeof v->id_number, r, 5);
	col_copy(v->item_name, sizeof v->item_name, r, 6);
	col_copy(v->channel, sizeof v->channel, r, 7);
	col_copy(v->hall_name, sizeof v->hall_name, r, 8);
	col_copy(v->window_name, sizeof v->window_name, r, 9);
	v->window_number = (int)col_int(r, 10);
	col_copy(v->staff_name, sizeof v->staff_name, r, 11);
	service_dims(v, r, 12);
	v->d.channel = YW_RCH_CASE;
	return 1;
}

int yw_rs_case_service(struct yw_conn *c, int64_t id, struct yw_rs_service *out)
{
	return found(yw_q(c,
			  "SELECT k.id, k.state, k.case_no, k.applicant_phone, k.agent_phone, k.applicant_id, k.item_name, "
			  "k.channel, h.name, w.name, w.number, st.name, " SERVICE_COLS " FROM cases k" SERVICE_JOIN("case", "k.id")
			  "LEFT JOIN halls h ON h.id = s.hall_id LEFT JOIN windows w ON w.id = s.window_id "
			  "LEFT JOIN staff st ON st.id = s.staff_id WHERE k.id = $1",
			  case_service_one, out, YW_PINT(id)));
}

static int hotline_service_one(void *p, const struct yw_row *r)
{
	struct yw_rs_service *v = p;
	memset(v, 0, sizeof *v);
	v->id = yw_row_int(r, 0);
	col_copy(v->state, sizeof v->state, r, 1);
	col_copy(v->number, sizeof v->number, r, 2);
	col_copy(v->phone, sizeof v->phone, r, 3);
	v->anonymous = col_int(r, 4) != 0;
	col_copy(v->item_name, sizeof v->item_name, r, 5); /* the category's name */
	service_dims(v, r, 6);
	v->d.channel = YW_RCH_HOTLINE;
	return 1;
}

int yw_rs_hotline_service(struct yw_conn *c, int64_t id, struct yw_rs_service *out)
{
	return found(yw_q(c,
			  "SELECT o.id, o.state, o.order_no, o.caller_phone, o.anonymous, hc.name, " SERVICE_COLS
			  " FROM hotline_orders o" SERVICE_JOIN("hotline", "o.id")
			  "LEFT JOIN hotline_categories hc ON hc.id = o.category_id WHERE o.id = $1",
			  hotline_service_one, out, YW_PINT(id)));
}

static int window_one(void *p, const struct yw_row *r)
{
	struct yw_rs_window *w = p;
	memset(w, 0, sizeof *w);
	w->id = yw_row_int(r, 0);
	w->hall_id = col_int(r, 1);
	w->number = (int)col_int(r, 2);
	col_copy(w->name, sizeof w->name, r, 3);
	w->region_id = col_int(r, 4);
	col_copy(w->hall_name, sizeof w->hall_name, r, 5);
	return 1;
}

int yw_rs_window(struct yw_conn *c, int64_t id, struct yw_rs_window *out)
{
	return found(yw_q(c,
			  "SELECT w.id, w.hall_id, w.number, w.name, h.region_id, h.name FROM windows w "
			  "JOIN halls h ON h.id = w.hall_id WHERE w.id = $1",
			  window_one, out, YW_PINT(id)));
}

static int item_one(void *p, const struct yw_row *r)
{
	struct yw_rs_item *it = p;
	memset(it, 0, sizeof *it);
	it->id = yw_row_int(r, 0);
	it->department_id = col_int(r, 1);
	it->region_id = col_int(r, 2);
	it->published = col_int(r, 3) != 0;
	it->online = col_int(r, 4) != 0;
	col_copy(it->name, sizeof it->name, r, 5);
	return 1;
}

int yw_rs_item(struct yw_conn *c, int64_t id, struct yw_rs_item *out)
{
	return found(yw_q(c,
			  "SELECT i.id, i.department_id, i.region_id, CASE WHEN i.status = 'published' THEN 1 ELSE 0 END, "
			  "v.online, v.name FROM items i LEFT JOIN item_versions v ON v.item_id = i.id "
			  "AND v.version = COALESCE(i.current_version, i.latest_version) WHERE i.id = $1",
			  item_one, out, YW_PINT(id)));
}

int yw_rs_department_name(struct yw_conn *c, int64_t id, char *out, size_t n)
{
	char *name = NULL;
	int st = yw_q(c, "SELECT name FROM departments WHERE id = $1", yw_row_get_text, &name, YW_PINT(id));
	snprintf(out, n, "%s", name ? name : "");
	free(name);
	return ok(st);
}

/* ---- ratings ---- */

#define RATING_COLS                                                                                          \
	"r.id, r.subject_kind, r.subject_id, r.subject_label, r.rater_key, r.level, r.score, r.indicators, "   \
	"r.tags, r.comment, r.active, r.source, r.callback_consent, r.callback_phone, r.addition, "           \
	"r.addition_at, r.excluded, r.channel, r.hall_id, r.window_id, r.staff_id, r.department_id, "        \
	"r.item_id, r.region_id, r.day, r.created_at, h.name, w.name, w.number, s.name, d.name, iv.name, x.id, " \
	"x.state, x.mode"
#define RATING_NCOLS 35
#define RATING_JOINS                                                                                         \
	" LEFT JOIN halls h ON h.id = r.hall_id LEFT JOIN windows w ON w.id = r.window_id "                \
	"LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN departments d ON d.id = r.department_id "         \
	"LEFT JOIN items i ON i.id = r.item_id LEFT JOIN item_versions iv ON iv.item_id = r.item_id "       \
	"AND iv.version = COALESCE(i.current_version, i.latest_version) "
#define RATING_FROM " FROM ratings r" RATING_JOINS "LEFT JOIN rating_rectifications x ON x.rating_id = r.id "

/* Columns from `at` on (so other rows can put theirs first). */
static void rating_from(struct yw_rs_rating *x, const struct yw_row *r, int at)
{
	memset(x, 0, sizeof *x);
	struct yw_rating *g = &x->r;
	g->id = yw_row_int(r, at + 0);
	col_copy(g->kind, sizeof g->kind, r, at + 1);
	col_copy(g->subject_id, sizeof g->subject_id, r, at + 2);
	col_copy(g->subject_label, sizeof g->subject_label, r, at + 3);
	col_copy(x->rater_key, sizeof x->rater_key, r, at + 4);
	g->level = (int)col_int(r, at + 5);
	g->score = (int)col_int(r, at + 6);
	col_copy(g->indicators, sizeof g->indicators, r, at + 7);
	col_copy(g->tags, sizeof g->tags, r, at + 8);
	col_copy(g->comment, sizeof g->comment, r, at + 9);
	g->active = col_int(r, at + 10) != 0;
	col_copy(g->source, sizeof g->source, r, at + 11);
	g->callback_consent = col_int(r, at + 12) != 0;
	col_copy(x->callback_phone, sizeof x->callback_phone, r, at + 13);
	g->has_addition = !yw_row_null(r, at + 14);
	col_copy(g->addition, sizeof g->addition, r, at + 14);
	g->addition_at = col_int(r, at + 15);
	g->excluded = col_int(r, at + 16) != 0;
	g->d.channel = (int)col_int(r, at + 17);
	g->d.hall_id = col_int(r, at + 18);
	g->d.window_id = col_int(r, at + 19);
	g->d.staff_id = col_int(r, at + 20);
	g->d.department_id = col_int(r, at + 21);
	g->d.item_id = col_int(r, at + 22);
	g->d.region_id = col_int(r, at + 23);
	col_copy(g->day, sizeof g->day, r, at + 24);
	g->created_at = col_int(r, at + 25);
	col_copy(g->hall_name, sizeof g->hall_name, r, at + 26);
	col_copy(g->window_name, sizeof g->window_name, r, at + 27);
	g->window_number = (int)col_int(r, at + 28);
	col_copy(g->staff_name, sizeof g->staff_name, r, at + 29);
	col_copy(g->department_name, sizeof g->department_name, r, at + 30);
	col_copy(g->item_name, sizeof g->item_name, r, at + 31);
	g->rect_id = col_int(r, at + 32);
	col_copy(g->rect_state, sizeof g->rect_state, r, at + 33);
	col_copy(g->rect_mode, sizeof g->rect_mode, r, at + 34);
}

static int rating_one(void *p, const struct yw_row *r)
{
	rating_from(p, r, 0);
	return 1;
}

#define RATING_VALUES                                                                                         \
	"(subject_kind, subject_id, subject_label, rater_key, level, score, indicators, tags, comment, active, " \
	"source, callback_consent, callback_phone, excluded, channel, hall_id, window_id, staff_id, "          \
	"department_id, item_id, region_id, day, created_at, version)"

int yw_rs_rating_insert(struct yw_conn *c, const struct yw_rs_rating *x, int64_t *id)
{
	const struct yw_rating *g = &x->r;
	*id = 0;
	return ok(yw_q(c,
		       "INSERT INTO ratings " RATING_VALUES " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
		       "0, $14, $15, $16, $17, $18, $19, $20, $21, $22, 1) "
		       "ON CONFLICT (subject_kind, subject_id) DO NOTHING RETURNING id",
		       yw_row_get_int, id, YW_PTEXT(g->kind), YW_PTEXT(g->subject_id), opt_text(g->subject_label),
		       opt_text(x->rater_key), YW_PINT(g->level), YW_PINT(g->score),
		       YW_PTEXT(g->indicators[0] ? g->indicators : "{}"), YW_PTEXT(g->tags[0] ? g->tags : "[]"),
		       opt_text(g->comment), YW_PINT(g->active), YW_PTEXT(g->source), YW_PINT(g->callback_consent),
		       opt_text(x->callback_phone), YW_PINT(g->d.channel), opt_int(g->d.hall_id), opt_int(g->d.window_id),
		       opt_int(g->d.staff_id), opt_int(g->d.department_id), opt_int(g->d.item_id),
		       opt_int(g->d.region_id), YW_PTEXT(g->day), YW_PINT(g->created_at)));
}

int yw_rs_rating_get(struct yw_conn *c, int64_t id, struct yw_rs_rating *out)
{
	return found(yw_q(c, "SELECT " RATING_COLS RATING_FROM "WHERE r.id = $1", rating_one, out, YW_PINT(id)));
}

int yw_rs_rating_by_subject(struct yw_conn *c, const char *kind, const char *subject_id, struct yw_rs_rating *out)
{
	return found(yw_q(c, "SELECT " RATING_COLS RATING_FROM "WHERE r.subject_kind = $1 AND r.subject_id = $2",
			  rating_one, out, YW_PTEXT(kind), YW_PTEXT(subject_id)));
}

int yw_rs_rating_set_addition(struct yw_conn *c, int64_t id, const char *text, int64_t now)
{
	return found(yw_q(c,
			  "UPDATE ratings SET addition = $2, addition_at = $3, version = version + 1 "
			  "WHERE id = $1 AND addition IS NULL",
			  NULL, NULL, YW_PINT(id), YW_PTEXT(text), YW_PINT(now)));
}

int yw_rs_rating_set_excluded(struct yw_conn *c, int64_t id)
{
	return found(yw_q(c, "UPDATE ratings SET excluded = 1, version = version + 1 WHERE id = $1 AND excluded = 0",
			  NULL, NULL, YW_PINT(id)));
}

struct rating_list_ctx {
	struct yw_rating_list *l;
};

static int rating_list_row(void *p, const struct yw_row *r)
{
	struct yw_rating_list *l = p;
	l->items = yw_realloc(l->items, sizeof *l->items * (size_t)(l->n + 1));
	struct yw_rs_rating x;
	rating_from(&x, r, 0);
	l->items[l->n++] = x.r;
	return 0;
}

#define RATING_WHERE                                                                                         \
	"WHERE r.day >= $1 AND r.day <= $2 AND ($3 IS NULL OR r.subject_kind = $3) AND ($4 IS NULL OR r.level = $4) " \
	"AND ($5 IS NULL OR r.level >= $5) AND ($6 IS NULL OR r.hall_id = $6) AND ($7 IS NULL OR "               \
	"r.department_id = $7) AND ($8 IS NULL OR r.region_id IN (SELECT id FROM regions WHERE path LIKE $8)) "

int yw_rs_ratings(struct yw_conn *c, const struct yw_rs_rating_query *q, struct yw_rating_list *out)
{
	memset(out, 0, sizeof *out);
	int st = yw_q(c, "SELECT COUNT(*) FROM ratings r " RATING_WHERE, yw_row_get_int, &out->total, YW_PTEXT(q->from),
		      YW_PTEXT(q->to), opt_text(q->kind), opt_int(q->level), opt_int(q->min_level), opt_int(q->hall_id),
		      opt_int(q->department_id), opt_text(q->region_like));
	if (st < 0)
		return st;
	return ok(yw_q(c, "SELECT " RATING_COLS RATING_FROM RATING_WHERE "ORDER BY r.day DESC, r.id DESC LIMIT $9 OFFSET $10",
		       rating_list_row, out, YW_PTEXT(q->from), YW_PTEXT(q->to), opt_text(q->kind), opt_int(q->level),
		       opt_int(q->min_level), opt_int(q->hall_id), opt_int(q->department_id), opt_text(q->region_like),
		       YW_PINT(q->limit), YW_PINT(q->offset)));
}

int yw_rs_ratings_of_rater(struct yw_conn *c, const char *key1, const char *key2, const char *since, int limit,
			   struct yw_rating_list *out)
{
	memset(out, 0, sizeof *out);
	int st = yw_q(c,
		      "SELECT " RATING_COLS RATING_FROM
		      "WHERE r.day >= $4 AND (r.rater_key = $1 OR r.rater_key = $2) ORDER BY r.day DESC, r.id DESC LIMIT $3",
		      rating_list_row, out, YW_PTEXT(key1), YW_PTEXT(key2 ? key2 : key1), YW_PINT(limit), YW_PTEXT(since));
	out->total = out->n;
	return ok(st);
}

/* ---- rectifications ---- */

#define RECT_COLS                                                                                              \
	"x.id, x.rating_id, x.department_id, x.region_id, x.hall_id, x.state, x.verify_due, x.verified_at, "     \
	"x.verified_by, x.finding, x.mode, x.due_date, x.measures, x.rectified_at, x.callback_at, x.callback_by, " \
	"x.callback_reached, x.callback_fixed, x.callback_satisfied, x.callback_note, x.closed_at, x.closed_by, " \
	"x.outcome, x.day, x.created_at, x.updated_at, x.version, dx.name, a.id, a.state, v1.name, v2.name, v3.name"
#define RECT_NCOLS 33
#define RECT_FROM                                                                                              \
	" FROM rating_rectifications x JOIN ratings r ON r.id = x.rating_id" RATING_JOINS                    \
	"LEFT JOIN departments dx ON dx.id = x.department_id LEFT JOIN rating_appeals a ON a.rating_id = x.rating_id " \
	"LEFT JOIN staff v1 ON v1.id = x.verified_by LEFT JOIN staff v2 ON v2.id = x.callback_by "                  \
	"LEFT JOIN staff v3 ON v3.id = x.closed_by "

static void rect_from(struct yw_rectification *x, const struct yw_row *r)
{
	memset(x, 0, sizeof *x);
	x->id = yw_row_int(r, 0);
	x->rating_id = col_int(r, 1);
	x->department_id = col_int(r, 2);
	x->region_id = col_int(r, 3);
	x->hall_id = col_int(r, 4);
	col_copy(x->state, sizeof x->state, r, 5);
	col_copy(x->verify_due, sizeof x->verify_due, r, 6);
	x->verified_at = col_int(r, 7);
	x->verified_by = col_int(r, 8);
	col_copy(x->finding, sizeof x->finding, r, 9);
	col_copy(x->mode, sizeof x->mode, r, 10);
	col_copy(x->due_date, sizeof x->due_date, r, 11);
	col_copy(x->measures, sizeof x->measures, r, 12);
	x->rectified_at = col_int(r, 13);
	x->callback_at = col_int(r, 14);
	x->callback_by = col_int(r, 15);
	x->callback_reached = col_tri(r, 16);
	x->callback_fixed = col_tri(r, 17);
	x->callback_satisfied = col_tri(r, 18);
	col_copy(x->callback_note, sizeof x->callback_note, r, 19);
	x->closed_at = col_int(r, 20);
	x->closed_by = col_int(r, 21);
	col_copy(x->outcome, sizeof x->outcome, r, 22);
	col_copy(x->day, sizeof x->day, r, 23);
	x->created_at = col_int(r, 24);
	x->updated_at = col_int(r, 25);
	x->version = col_int(r, 26);
	col_copy(x->department_name, sizeof x->department_name, r, 27);
	x->appeal_id = col_int(r, 28);
	col_copy(x->appeal_state, sizeof x->appeal_state, r, 29);
	col_copy(x->verified_by_name, sizeof x->verified_by_name, r, 30);
	col_copy(x->callback_by_name, sizeof x->callback_by_name, r, 31);
	col_copy(x->closed_by_name, sizeof x->closed_by_name, r, 32);
	struct yw_rs_rating g;
	rating_from(&g, r, RECT_NCOLS);
	x->rating = g.r;
}

static int rect_one(void *p, const struct yw_row *r)
{
	rect_from(p, r);
	return 1;
}

int yw_rs_rect_insert(struct yw_conn *c, struct yw_rectification *x)
{
	return ok(yw_q(c,
		       "INSERT INTO rating_rectifications (rating_id, department_id, region_id, hall_id, state, verify_due, "
		       "day, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) RETURNING id",
		       yw_row_get_int, &x->id, YW_PINT(x->rating_id), opt_int(x->department_id), opt_int(x->region_id),
		       opt_int(x->hall_id), YW_PTEXT(x->state), opt_text(x->verify_due), YW_PTEXT(x->day),
		       YW_PINT(x->created_at)));
}

int yw_rs_rect_get(struct yw_conn *c, int64_t id, struct yw_rectification *out)
{
	return found(yw_q(c, "SELECT " RECT_COLS ", " RATING_COLS RECT_FROM "WHERE x.id = $1", rect_one, out,
			  YW_PINT(id)));
}

int yw_rs_rect_save(struct yw_conn *c, struct yw_rectification *x, int64_t now)
{
	int r = yw_q(c,
		     "UPDATE rating_rectifications SET state = $3, verified_at = $4, verified_by = $5, finding = $6, "
		     "mode = $7, due_date = $8, measures = $9, rectified_at = $10, callback_at = $11, callback_by = $12, "
		     "callback_reached = $13, callback_fixed = $14, callback_satisfied = $15, callback_note = $16, "
		     "closed_at = $17, closed_by = $18, outcome = $19, updated_at = $20, version = version + 1 "
		     "WHERE id = $1 AND version = $2",
		     NULL, NULL, YW_PINT(x->id), YW_PINT(x->version), YW_PTEXT(x->state), opt_int(x->verified_at),
		     opt_int(x->verified_by), opt_text(x->finding), opt_text(x->mode), opt_text(x->due_date),
		     opt_text(x->measures), opt_int(x->rectified_at), opt_int(x->callback_at), opt_int(x->callback_by),
		     opt_tri(x->callback_reached), opt_tri(x->callback_fixed), opt_tri(x->callback_satisfied),
		     opt_text(x->callback_note), opt_int(x->closed_at), opt_int(x->closed_by), opt_text(x->outcome),
		     YW_PINT(now));
	if (r < 0)
		return r;
	if (r == YW_DB_NONE)
		return YW_RETRY;
	x->version++;
	x->updated_at = now;
	return YW_OK;
}

static int rect_list_row(void *p, const struct yw_row *r)
{
	struct yw_rect_list *l = p;
	l->items = yw_realloc(l->items, sizeof *l->items * (size_t)(l->n + 1));
	rect_from(&l->items[l->n++], r);
	return 0;
}

/* Overdue: not verified by the verification date, or a 限期整改 not done by
 * its due date (dates sort as text). */
#define RECT_WHERE                                                                                               \
	"WHERE ($1 IS NULL OR x.state = $1) AND ($2 IS NULL OR x.department_id = $2) AND ($3 IS NULL OR "        \
	"x.hall_id = $3) AND ($4 IS NULL OR x.region_id IN (SELECT id FROM regions WHERE path LIKE $4)) AND "   \
	"($5 = 0 OR (x.state = 'verifying' AND x.verify_due < $6) OR (x.state = 'rectifying' AND x.mode = "      \
	"'deadline' AND x.due_date < $6)) "

int yw_rs_rects(struct yw_conn *c, const struct yw_rs_rect_query *q, struct yw_rect_list *out)
{
	memset(out, 0, sizeof *out);
	int st = yw_q(c, "SELECT COUNT(*) FROM rating_rectifications x " RECT_WHERE, yw_row_get_int, &out->total,
		      opt_text(q->state), opt_int(q->department_id), opt_int(q->hall_id), opt_text(q->region_like),
		      YW_PINT(q->overdue_only), YW_PTEXT(q->today));
	if (st < 0)
		return st;
	return ok(yw_q(c, "SELECT " RECT_COLS ", " RATING_COLS RECT_FROM RECT_WHERE "ORDER BY x.id DESC LIMIT $7 OFFSET $8",
		       rect_list_row, out, opt_text(q->state), opt_int(q->department_id), opt_int(q->hall_id),
		       opt_text(q->region_like), YW_PINT(q->overdue_only), YW_PTEXT(q->today), YW_PINT(q->limit),
		       YW_PINT(q->offset)));
}

/* ---- appeals ---- */

#define APPEAL_COLS                                                                                            \
	"a.id, a.rating_id, a.rectification_id, a.department_id, a.region_id, a.reason, a.evidence, a.attachment, " \
	"a.state, a.filed_by, a.filed_at, a.decided_by, a.decided_at, a.decision_reason, a.version, d.name"
#define APPEAL_FROM " FROM rating_appeals a LEFT JOIN departments d ON d.id = a.department_id "

static void appeal_from(struct yw_appeal *a, const struct yw_row *r)
{
	memset(a, 0, sizeof *a);
	a->id = yw_row_int(r, 0);
	a->rating_id = col_int(r, 1);
	a->rectification_id = col_int(r, 2);
	a->department_id = col_int(r, 3);
	a->region_id = col_int(r, 4);
	col_copy(a->reason, sizeof a->reason, r, 5);
	col_copy(a->evidence, sizeof a->evidence, r, 6);
	col_copy(a->attachment, sizeof a->attachment, r, 7);
	col_copy(a->state, sizeof a->state, r, 8);
	a->filed_by = col_int(r, 9);
	a->filed_at = col_int(r, 10);
	a->decided_by = col_int(r, 11);
	a->decided_at = col_int(r, 12);
	col_copy(a->decision_reason, sizeof a->decision_reason, r, 13);
	a->version = col_int(r, 14);
	col_copy(a->department_name, sizeof a->department_name, r, 15);
}

static int appeal_one(void *p, const struct yw_row *r)
{
	appeal_from(p, r);
	return 1;
}

int yw_rs_appeal_insert(struct yw_conn *c, struct yw_appeal *a)
{
	return ok(yw_q(c,
		       "INSERT INTO rating_appeals (rating_id, rectification_id, department_id, region_id, reason, evidence, "
		       "attachment, state, filed_by, filed_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, "
		       "$9, 1) RETURNING id",
		       yw_row_get_int, &a->id, YW_PINT(a->rating_id), YW_PINT(a->rectification_id),
		       opt_int(a->department_id), opt_int(a->region_id), YW_PTEXT(a->reason), YW_PTEXT(a->evidence),
		       opt_text(a->attachment), opt_int(a->filed_by), YW_PINT(a->filed_at)));
}

int yw_rs_appeal_get(struct yw_conn *c, int64_t id, struct yw_appeal *out)
{
	return found(yw_q(c, "SELECT " APPEAL_COLS APPEAL_FROM "WHERE a.id = $1", appeal_one, out, YW_PINT(id)));
}

int yw_rs_appeal_decide(struct yw_conn *c, struct yw_appeal *a)
{
	return found(yw_q(c,
			  "UPDATE rating_appeals SET state = $2, decided_by = $3, decided_at = $4, decision_reason = $5, "
			  "version = version + 1 WHERE id = $1 AND state = 'pending'",
			  NULL, NULL, YW_PINT(a->id), YW_PTEXT(a->state), opt_int(a->decided_by), YW_PINT(a->decided_at),
			  YW_PTEXT(a->decision_reason)));
}

static int appeal_list_row(void *p, const struct yw_row *r)
{
	struct yw_appeal_list *l = p;
	l->items = yw_realloc(l->items, sizeof *l->items * (size_t)(l->n + 1));
	appeal_from(&l->items[l->n++], r);
	return 0;
}

#define APPEAL_WHERE                                                                                         \
	"WHERE ($1 IS NULL OR a.state = $1) AND ($2 IS NULL OR a.department_id = $2) AND ($3 IS NULL OR "    \
	"a.region_id IN (SELECT id FROM regions WHERE path LIKE $3)) "

int yw_rs_appeals(struct yw_conn *c, const char *state, int64_t department_id, const char *region_like, int limit,
		  int offset, struct yw_appeal_list *out)
{
	memset(out, 0, sizeof *out);
	int st = yw_q(c, "SELECT COUNT(*) FROM rating_appeals a " APPEAL_WHERE, yw_row_get_int, &out->total,
		      opt_text(state), opt_int(department_id), opt_text(region_like));
	if (st < 0)
		return st;
	return ok(yw_q(c, "SELECT " APPEAL_COLS APPEAL_FROM APPEAL_WHERE "ORDER BY a.id DESC LIMIT $4 OFFSET $5",
		       appeal_list_row, out, opt_text(state), opt_int(department_id), opt_text(region_like),
		       YW_PINT(limit), YW_PINT(offset)));
}

/* ---- rollups ---- */

#define ROLLUP_COLS                                                                                            \
	"finished, rated, covered, active, active_good, l1, l2, l3, l4, l5, score_sum, replied, callbacks, "     \
	"reached, fixed, satisfied, closed, excluded_n"
#define ROLLUP_ADD(t)                                                                                           \
	"finished = " t ".finished + excluded.finished, rated = " t ".rated + excluded.rated, "                  \
	"covered = " t ".covered + excluded.covered, active = " t ".active + excluded.active, "                  \
	"active_good = " t ".active_good + excluded.active_good, l1 = " t ".l1 + excluded.l1, "                 \
	"l2 = " t ".l2 + excluded.l2, l3 = " t ".l3 + excluded.l3, l4 = " t ".l4 + excluded.l4, "              \
	"l5 = " t ".l5 + excluded.l5, score_sum = " t ".score_sum + excluded.score_sum, "                       \
	"replied = " t ".replied + excluded.replied, callbacks = " t ".callbacks + excluded.callbacks, "        \
	"reached = " t ".reached + excluded.reached, fixed = " t ".fixed + excluded.fixed, "                    \
	"satisfied = " t ".satisfied + excluded.satisfied, closed = " t ".closed + excluded.closed, "            \
	"excluded_n = " t ".excluded_n + excluded.excluded_n"
#define ROLLUP_VALUES "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"

/* The dimensions that are also kept per month (many groups each). */
static bool monthly(const char *kind)
{
	return !strcmp(kind, "window") || !strcmp(kind, "staff") || !strcmp(kind, "department") || !strcmp(kind, "item");
}

int yw_rs_rollup_add(struct yw_conn *c, const char *kind, const char *day, int64_t dim_id,
		     const struct yw_rating_counts *d)
{
	const int64_t *v = d->v;
	char month[8];
	snprintf(month, sizeof month, "%.7s", day);
	const char *sql[2] = {
		"INSERT INTO rating_rollup (dim_kind, day, dim_id, " ROLLUP_COLS ") " ROLLUP_VALUES
		" ON CONFLICT (dim_kind, day, dim_id) DO UPDATE SET " ROLLUP_ADD("rating_rollup"),
		"INSERT INTO rating_rollup_month (dim_kind, month, dim_id, " ROLLUP_COLS ") " ROLLUP_VALUES
		" ON CONFLICT (dim_kind, month, dim_id) DO UPDATE SET " ROLLUP_ADD("rating_rollup_month"),
	};
	for (int g = 0; g < (monthly(kind) ? 2 : 1); g++) {
		int r = yw_q(c, sql[g], NULL, NULL, YW_PTEXT(kind), YW_PTEXT(g ? month : day), YW_PINT(dim_id),
			     YW_PINT(v[0]), YW_PINT(v[1]), YW_PINT(v[2]), YW_PINT(v[3]), YW_PINT(v[4]), YW_PINT(v[5]),
			     YW_PINT(v[6]), YW_PINT(v[7]), YW_PINT(v[8]), YW_PINT(v[9]), YW_PINT(v[10]), YW_PINT(v[11]),
			     YW_PINT(v[12]), YW_PINT(v[13]), YW_PINT(v[14]), YW_PINT(v[15]), YW_PINT(v[16]), YW_PINT(v[17]));
		if (r < 0)
			return r;
	}
	return YW_OK;
}

/* The same delta to every dimension of a rating in one statement per
 * grain (the writer's time per rating is most of what a rating costs):
 * ids in the order hall, channel, window, staff, department, item; 0 skips
 * a dimension. Rows are taken in that order (the same order as every other
 * writer of these rows, for PostgreSQL's row locks). */
#define DIMS_TAIL "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19 FROM (VALUES "
static const char dims_day_sql[] =
	"INSERT INTO rating_rollup (dim_kind, day, dim_id, " ROLLUP_COLS ") SELECT column1, $1, column2, " DIMS_TAIL
	"('hall', $20), ('channel', $21), ('window', $22), ('staff', $23), ('department', $24), ('item', $25)) d "
	"WHERE column2 IS NOT NULL ON CONFLICT (dim_kind, day, dim_id) DO UPDATE SET " ROLLUP_ADD("rating_rollup");
static const char dims_month_sql[] =
	"INSERT INTO rating_rollup_month (dim_kind, month, dim_id, " ROLLUP_COLS ") SELECT column1, $1, column2, "
	DIMS_TAIL "('window', $20), ('staff', $21), ('department', $22), ('item', $23)) d WHERE column2 IS NOT NULL "
	"ON CONFLICT (dim_kind, month, dim_id) DO UPDATE SET " ROLLUP_ADD("rating_rollup_month");

int yw_rs_rollup_add_dims(struct yw_conn *c, const char *day, const int64_t ids[6], const struct yw_rating_counts *d)
{
	char month[8];
	snprintf(month, sizeof month, "%.7s", day);
	struct yw_param p[25] = {YW_PTEXT(day)};
	for (int i = 0; i < YW_RC__COUNT; i++)
		p[1 + i] = YW_PINT(d->v[i]);
	for (int i = 0; i < 6; i++)
		p[19 + i] = ids[i] ? YW_PINT(ids[i]) : YW_PNULL;
	int r = yw_db_query(c, dims_day_sql, p, 25, NULL, NULL);
	if (r < 0)
		return r;
	p[0] = YW_PTEXT(month);
	for (int i = 0; i < 4; i++) /* window, staff, department, item */
		p[19 + i] = ids[2 + i] ? YW_PINT(ids[2 + i]) : YW_PNULL;
	return ok(yw_db_query(c, dims_month_sql, p, 23, NULL, NULL));
}

#define FIG_SUMS                                                                                              \
	"SUM(finished) AS s0, SUM(rated) AS s1, SUM(covered) AS s2, SUM(active) AS s3, SUM(active_good) AS s4, " \
	"SUM(l1) AS s5, SUM(l2) AS s6, SUM(l3) AS s7, SUM(l4) AS s8, SUM(l5) AS s9, SUM(score_sum) AS s10, "   \
	"SUM(replied) AS s11, SUM(callbacks) AS s12, SUM(reached) AS s13, SUM(fixed) AS s14, "                 \
	"SUM(satisfied) AS s15, SUM(closed) AS s16, SUM(excluded_n) AS s17"
#define FIG_COLS "g.s0, g.s1, g.s2, g.s3, g.s4, g.s5, g.s6, g.s7, g.s8, g.s9, g.s10, g.s11, g.s12, g.s13, g.s14, g.s15, g.s16, g.s17"
/* One statement per dimension, then its label; the scope filters are $3
 * hall, $4 department, $5 region path pattern (NULL: not applied). Hall
 * and channel, with few groups, read their day rows ($1..$2: a year is 250
 * rows per group at most); the others read the whole months of the period
 * from the month rows ($6..$7) and the days before and after them from the
 * day rows ($1..$8 and $9..$2): three index ranges, where an empty one costs
 * nothing (one OR of two ranges would scan the dimension's every day). */
#define FIG_DAYS(kind, filter, label, join)                                                                   \
	"SELECT g.dim_id, " label ", " FIG_COLS " FROM (SELECT dim_id, " FIG_SUMS " FROM rating_rollup "         \
	"WHERE dim_kind = '" kind "' AND day >= $1 AND day <= $2 AND " filter " GROUP BY dim_id) g " join        \
	" ORDER BY g.dim_id"
#define FIG_MONTHS(kind, filter, label, join)                                                                 \
	"SELECT g.dim_id, " label ", " FIG_COLS " FROM (SELECT dim_id, " FIG_SUMS " FROM (SELECT dim_id, "       \
	ROLLUP_COLS " FROM rating_rollup WHERE dim_kind = '" kind "' AND day >= $1 AND day <= $8 UNION ALL "    \
	"SELECT dim_id, " ROLLUP_COLS " FROM rating_rollup WHERE dim_kind = '" kind "' AND day >= $9 AND "       \
	"day <= $2 UNION ALL SELECT dim_id, " ROLLUP_COLS " FROM rating_rollup_month WHERE dim_kind = '" kind   \
	"' AND month >= $6 AND month <= $7) u WHERE " filter " GROUP BY dim_id) g " join " ORDER BY g.dim_id"
#define NO_SCOPE "($3 IS NULL AND $4 IS NULL AND $5 IS NULL)"

static const char *const fig_sql[YW_RBY__COUNT] = {
	/* The total: every channel's rows in one group. */
	[YW_RBY_ALL] = "SELECT 0, '全部', " FIG_COLS " FROM (SELECT " FIG_SUMS " FROM rating_rollup "
		       "WHERE dim_kind = 'channel' AND day >= $1 AND day <= $2 AND " NO_SCOPE ") g",
	[YW_RBY_HALL] = FIG_DAYS("hall", "($3 IS NULL OR dim_id = $3) AND "
				 "($5 IS NULL OR dim_id IN (SELECT h.id FROM halls h JOIN regions rg ON rg.id = h.region_id "
				 "WHERE rg.path LIKE $5))",
				 "h.name", "LEFT JOIN halls h ON h.id = g.dim_id"),
	[YW_RBY_DEPARTMENT] = FIG_MONTHS("department", "($4 IS NULL OR dim_id = $4) AND "
					 "($5 IS NULL OR dim_id IN (SELECT d.id FROM departments d JOIN regions rg ON "
					 "rg.id = d.region_id WHERE rg.path LIKE $5))",
					 "d.name", "LEFT JOIN departments d ON d.id = g.dim_id"),
	[YW_RBY_WINDOW] = FIG_MONTHS("window", "($3 IS NULL OR dim_id IN (SELECT id FROM windows WHERE hall_id = $3)) AND "
				     "($5 IS NULL OR dim_id IN (SELECT w.id FROM windows w "
				     "JOIN halls h ON h.id = w.hall_id JOIN regions rg ON rg.id = h.region_id WHERE rg.path "
				     "LIKE $5))",
				     "h.name || ' ' || CAST(w.number AS TEXT) || '号 ' || w.name",
				     "LEFT JOIN windows w ON w.id = g.dim_id LEFT JOIN halls h ON h.id = w.hall_id"),
	[YW_RBY_STAFF] = FIG_MONTHS("staff", "($3 IS NULL OR dim_id IN (SELECT id FROM staff WHERE hall_id = $3)) AND "
				    "($4 IS NULL OR dim_id IN (SELECT id FROM staff WHERE department_id = $4)) AND "
				    "($5 IS NULL OR dim_id IN (SELECT s.id FROM staff s JOIN regions rg ON rg.id = s.region_id "
				    "WHERE rg.path LIKE $5))",
				    "s.name", "LEFT JOIN staff s ON s.id = g.dim_id"),
	[YW_RBY_ITEM] = FIG_MONTHS("item", "($4 IS NULL OR dim_id IN (SELECT id FROM "
				   "items WHERE department_id = $4)) AND ($5 IS NULL OR dim_id IN (SELECT i.id FROM items i "
				   "JOIN regions rg ON rg.id = i.region_id WHERE rg.path LIKE $5))",
				   "iv.name",
				   "LEFT JOIN items i ON i.id = g.dim_id LEFT JOIN item_versions iv ON iv.item_id = i.id "
				   "AND iv.version = COALESCE(i.current_version, i.latest_version)"),
	[YW_RBY_CHANNEL] = FIG_DAYS("channel", NO_SCOPE, "''", ""),
};

struct fig_ctx {
	int (*fn)(void *ctx, int64_t key, const char *label, const struct yw_rating_counts *sum);
	void *ctx;
};

static int fig_row(void *p, const struct yw_row *r)
{
	struct fig_ctx *x = p;
	struct yw_rating_counts sum;
	for (int i = 0; i < YW_RC__COUNT; i++)
		sum.v[i] = col_int(r, 2 + i);
	const char *label = yw_row_null(r, 1) ? "" : yw_row_text(r, 1);
	return x->fn(x->ctx, col_int(r, 0), label ? label : "", &sum);
}

int yw_rs_figures(struct yw_conn *c, enum yw_rating_by by, const struct yw_rs_fig_query *q,
		  int (*fn)(void *ctx, int64_t key, const char *label, const struct yw_rating_counts *sum), void *ctx)
{
	if ((int)by < 0 || by >= YW_RBY__COUNT)
		return YW_STORE_ERR;
	struct fig_ctx x = {fn, ctx};
	return ok(yw_q(c, fig_sql[by], fig_row, &x, YW_PTEXT(q->from), YW_PTEXT(q->to), opt_int(q->hall_id),
		       opt_int(q->department_id), opt_text(q->region_like), YW_PTEXT(q->month_from),
		       YW_PTEXT(q->month_to), YW_PTEXT(q->lead_to), YW_PTEXT(q->trail_from)));
}

static int public_bad_row(void *p, const struct yw_row *r)
{
	struct yw_public_bad_list *l = p;
	l->items = yw_realloc(l->items, sizeof *l->items * (size_t)(l->n + 1));
	struct yw_public_bad_review *b = &l->items[l->n++];
	memset(b, 0, sizeof *b);
	b->id = yw_row_int(r, 0);
	col_copy(b->day, sizeof b->day, r, 1);
	col_copy(b->level_label, sizeof b->level_label, r, 2);
	col_copy(b->department_name, sizeof b->department_name, r, 3);
	col_copy(b->item_name, sizeof b->item_name, r, 4);
	b->channel = (int)col_int(r, 5);
	col_copy(b->tags, sizeof b->tags, r, 6); /* codes: the domain turns them into labels */
	col_copy(b->state, sizeof b->state, r, 7);
	col_copy(b->mode, sizeof b->mode, r, 8);
	col_copy(b->outcome, sizeof b->outcome, r, 9);
	col_copy(b->measures, sizeof b->measures, r, 10);
	b->callback_satisfied = col_tri(r, 11);
	return 0;
}

#define PUBLIC_BAD_WHERE " WHERE r.level >= 4 AND r.excluded = 0 AND r.day >= $1 AND r.day <= $2 "

int yw_rs_public_bad(struct yw_conn *c, const char *from, const char *to, int limit, int offset,
		     struct yw_public_bad_list *out)
{
	memset(out, 0, sizeof *out);
	int st = yw_q(c, "SELECT COUNT(*) FROM ratings r" PUBLIC_BAD_WHERE, yw_row_get_int, &out->total, YW_PTEXT(from),
		      YW_PTEXT(to));
	if (st < 0)
		return st;
	return ok(yw_q(c,
		       "SELECT r.id, r.day, lv.label, d.name, iv.name, r.channel, r.tags, x.state, x.mode, x.outcome, "
		       "x.measures, x.callback_satisfied FROM ratings r JOIN rating_levels lv ON lv.level = r.level "
		       "LEFT JOIN departments d ON d.id = r.department_id LEFT JOIN items i ON i.id = r.item_id "
		       "LEFT JOIN item_versions iv ON iv.item_id = r.item_id AND iv.version = "
		       "COALESCE(i.current_version, i.latest_version) LEFT JOIN rating_rectifications x ON "
		       "x.rating_id = r.id" PUBLIC_BAD_WHERE "ORDER BY r.day DESC, r.id DESC LIMIT $3 OFFSET $4",
		       public_bad_row, out, YW_PTEXT(from), YW_PTEXT(to), YW_PINT(limit), YW_PINT(offset)));
}

/* ---- the sweep and the fixture ---- */

int yw_rs_state_get(struct yw_conn *c, const char *key, char *value, size_t n)
{
	char *v = NULL;
	int st = yw_q(c, "SELECT value FROM rating_state WHERE key = $1", yw_row_get_text, &v, YW_PTEXT(key));
	snprintf(value, n, "%s", v ? v : "");
	free(v);
	return found(st);
}

int yw_rs_state_set(struct yw_conn *c, const char *key, const char *value)
{
	return ok(yw_q(c,
		       "INSERT INTO rating_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = "
		       "excluded.value",
		       NULL, NULL, YW_PTEXT(key), YW_PTEXT(value)));
}

/* The multi-row INSERT of the fixture: one text made once, kept for the
 * life of the process (statements are cached by the text's address). */
#define BULK_COLS 23
static char *bulk_sql;
static pthread_once_t bulk_once = PTHREAD_ONCE_INIT;

static void bulk_build(void)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "INSERT INTO ratings " RATING_VALUES " VALUES ");
	for (int i = 0; i < YW_RS_BULK; i++) {
		yw_buf_adds(&b, i ? ", (" : "(");
		for (int k = 0; k < BULK_COLS; k++)
			yw_buf_printf(&b, "%s$%d", k ? ", " : "", i * BULK_COLS + k + 1);
		yw_buf_adds(&b, ", 1)");
	}
	bulk_sql = yw_buf_steal(&b); /* never freed: the statement caches key on it */
}

static void bulk_params(struct yw_param *p, const struct yw_rs_rating *x)
{
	const struct yw_rating *g = &x->r;
	struct yw_param v[BULK_COLS] = {
		YW_PTEXT(g->kind), YW_PTEXT(g->subject_id), opt_text(g->subject_label), opt_text(x->rater_key),
		YW_PINT(g->level), YW_PINT(g->score), YW_PTEXT(g->indicators[0] ? g->indicators : "{}"),
		YW_PTEXT(g->tags[0] ? g->tags : "[]"), opt_text(g->comment), YW_PINT(g->active), YW_PTEXT(g->source),
		YW_PINT(g->callback_consent), opt_text(x->callback_phone), YW_PINT(g->excluded), YW_PINT(g->d.channel),
		opt_int(g->d.hall_id), opt_int(g->d.window_id), opt_int(g->d.staff_id), opt_int(g->d.department_id),
		opt_int(g->d.item_id), opt_int(g->d.region_id), YW_PTEXT(g->day), YW_PINT(g->created_at),
	};
	memcpy(p, v, sizeof v);
}

int yw_rs_ratings_bulk(struct yw_conn *c, const struct yw_rs_rating *rows, int n)
{
	pthread_once(&bulk_once, bulk_build);
	struct yw_param *p = yw_malloc(sizeof *p * YW_RS_BULK * BULK_COLS);
	int st = YW_OK;
	int i = 0;
	for (; i + YW_RS_BULK <= n && st == YW_OK; i += YW_RS_BULK) {
		for (int k = 0; k < YW_RS_BULK; k++)
			bulk_params(p + k * BULK_COLS, &rows[i + k]);
		st = ok(yw_db_query(c, bulk_sql, p, YW_RS_BULK * BULK_COLS, NULL, NULL));
	}
	for (; i < n && st == YW_OK; i++) {
		bulk_params(p, &rows[i]);
		st = ok(yw_db_query(c,
				    "INSERT INTO ratings " RATING_VALUES " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
				    "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, 1)",
				    p, BULK_COLS, NULL, NULL));
	}
	free(p);
	return st;
}

int yw_rs_fixture_exists(struct yw_conn *c, const char *from, const char *below, bool *exists)
{
	/* A range of the (subject_kind, subject_id) index, not a LIKE scan. */
	int64_t n = 0;
	int st = yw_q(c,
		      "SELECT COUNT(*) FROM (SELECT 1 FROM ratings WHERE subject_kind = 'ticket' AND subject_id >= $1 "
		      "AND subject_id < $2 LIMIT 1) f",
		      yw_row_get_int, &n, YW_PTEXT(from), YW_PTEXT(below));
	*exists = n > 0;
	return ok(st);
}

int yw_rs_max_ticket_number(struct yw_conn *c, int64_t queue_id, const char *day, int64_t *out)
{
	*out = 0;
	return ok(yw_q(c, "SELECT COALESCE(MAX(number), 0) FROM tickets WHERE issue_queue_id = $1 AND day = $2",
		       yw_row_get_int, out, YW_PINT(queue_id), YW_PTEXT(day)));
}

int yw_rs_source_count(struct yw_conn *c, const char *source, int64_t *n)
{
	*n = 0;
	return ok(yw_q(c, "SELECT COUNT(*) FROM ratings WHERE source = $1", yw_row_get_int, n, YW_PTEXT(source)));
}

struct places_ctx {
	struct yw_rs_place *v;
	int n;
};

static int place_row(void *p, const struct yw_row *r)
{
	struct places_ctx *x = p;
	x->v = yw_realloc(x->v, sizeof *x->v * (size_t)(x->n + 1));
	struct yw_rs_place *pl = &x->v[x->n++];
	pl->window_id = yw_row_int(r, 0);
	pl->hall_id = col_int(r, 1);
	pl->region_id = col_int(r, 2);
	pl->staff_id = col_int(r, 3);
	pl->staff_department_id = col_int(r, 4);
	return 0;
}

int yw_rs_places(struct yw_conn *c, struct yw_rs_place **out, int *n)
{
	/* Every window with the first clerk of its hall (if the hall has one). */
	struct places_ctx x = {0};
	int st = yw_q0(c,
		       "SELECT w.id, w.hall_id, h.region_id, s.id, s.department_id FROM windows w "
		       "JOIN halls h ON h.id = w.hall_id LEFT JOIN staff s ON s.id = (SELECT MIN(id) FROM staff "
		       "WHERE hall_id = w.hall_id AND active = 1 AND roles LIKE '%clerk%') ORDER BY w.id",
		       place_row, &x);
	*out = x.v;
	*n = x.n;
	return ok(st);
}

struct items_ctx {
	struct yw_rs_item_ref *v;
	int n;
};

static int item_ref_row(void *p, const struct yw_row *r)
{
	struct items_ctx *x = p;
	x->v = yw_realloc(x->v, sizeof *x->v * (size_t)(x->n + 1));
	x->v[x->n].id = yw_row_int(r, 0);
	x->v[x->n].department_id = col_int(r, 1);
	x->v[x->n].region_id = col_int(r, 2);
	x->n++;
	return 0;
}

int yw_rs_published_items(struct yw_conn *c, struct yw_rs_item_ref **out, int *n)
{
	struct items_ctx x = {0};
	int st = yw_q0(c, "SELECT id, department_id, region_id FROM items WHERE status = 'published' ORDER BY id",
		       item_ref_row, &x);
	*out = x.v;
	*n = x.n;
	return ok(st);
}

int yw_rs_done_unrated(struct yw_conn *c, int64_t hall_id, const char *from, const char *to,
		       int (*fn)(void *ctx, const struct yw_rs_ticket *t), void *ctx)
{
	struct tickets_ctx x = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT " TICKET_COLS TICKET_FROM
		       "WHERE t.hall_id = $1 AND t.day >= $2 AND t.day <= $3 AND t.status = 'done' AND NOT EXISTS "
		       "(SELECT 1 FROM ratings r WHERE r.subject_kind = 'ticket' AND r.subject_id = CAST(t.id AS TEXT)) "
		       "ORDER BY t.id",
		       ticket_each, &x, YW_PINT(hall_id), YW_PTEXT(from), YW_PTEXT(to)));
}

/* ---- the default-rating sweep, set-based ---- */

int yw_rs_sweep_next_day(struct yw_conn *c, const char *after_day, char next[11])
{
	/* Tickets per hall, so tickets_hall_day (hall_id, day) answers each;
	 * cases and orders from their services' day index. */
	char *d = NULL;
	int st = yw_q(c,
		      "SELECT MIN(d) FROM (SELECT (SELECT MIN(t.day) FROM tickets t WHERE t.hall_id = h.id AND t.day > $1) "
		      "AS d FROM halls h UNION ALL SELECT MIN(day) FROM rating_services WHERE day > $1) x",
		      yw_row_get_text, &d, YW_PTEXT(after_day));
	snprintf(next, 11, "%s", d ? d : "");
	free(d);
	return ok(st);
}

/* The first item a ticket names, as the rollup trigger reads it. */
#define FIRST_ITEM_SQLITE "CAST(substr(t.item_ids, 2, instr(substr(t.item_ids, 2), ',') - 1) AS INTEGER)"
#define FIRST_ITEM_PG "NULLIF(split_part(t.item_ids, ',', 2), '')::bigint"
#define DEFAULT_INSERT(first_item)                                                                             \
	"INSERT INTO ratings " RATING_VALUES " SELECT 'ticket', CAST(t.id AS TEXT), t.code, NULL, 3, $2, '{}', "    \
	"'[]', NULL, 0, 'default', 0, NULL, 0, 1, t.hall_id, t.window_id, t.staff_id, "                          \
	"COALESCE(it.department_id, s.department_id), it.id, hh.region_id, t.day, $3, 1 FROM halls hh "          \
	"JOIN tickets t ON t.hall_id = hh.id AND t.day = $1 LEFT JOIN staff s ON s.id = t.staff_id "             \
	"LEFT JOIN items it ON it.id = " first_item " WHERE t.status = 'done' "                                  \
	"ON CONFLICT (subject_kind, subject_id) DO NOTHING"

/* Cases and 12345 orders that ended that day, from their service rows. */
static const char default_services_insert[] =
	"INSERT INTO ratings " RATING_VALUES " SELECT s.subject_kind, s.subject_id, s.subject_label, NULL, 3, $2, "
	"'{}', '[]', NULL, 0, 'default', 0, NULL, 0, s.channel, s.hall_id, s.window_id, s.staff_id, "
	"s.department_id, s.item_id, s.region_id, s.day, $3, 1 FROM rating_services s WHERE s.day = $1 "
	"ON CONFLICT (subject_kind, subject_id) DO NOTHING";

/* What a default rating counts (yw_rating_contrib: rated, covered,
 * level 3 and its score), summed per dimension and day over the ratings
 * the batch just wrote. */
#define DEFAULT_DIM(kind, col)                                                                                 \
	"SELECT '" kind "' AS k, day, " col " AS v, score FROM ratings WHERE id > $1 AND source = 'default' AND "  \
	"created_at = $2"
#define DEFAULT_ROLLUP(table, grain, key, dims)                                                              \
	"INSERT INTO " table " (dim_kind, " grain ", dim_id, rated, covered, l3, score_sum) "                    \
	"SELECT k, " key ", v, COUNT(*), COUNT(*), COUNT(*), SUM(score) FROM (" dims ") d WHERE v IS NOT NULL "  \
	"GROUP BY k, " key ", v ON CONFLICT (dim_kind, " grain ", dim_id) DO UPDATE SET rated = " table          \
	".rated + excluded.rated, covered = " table ".covered + excluded.covered, l3 = " table ".l3 + "           \
	"excluded.l3, score_sum = " table ".score_sum + excluded.score_sum"
#define MONTH_DIMS                                                                                              \
	DEFAULT_DIM("window", "window_id") " UNION ALL " DEFAULT_DIM("staff", "staff_id") " UNION ALL "         \
	DEFAULT_DIM("department", "department_id") " UNION ALL " DEFAULT_DIM("item", "item_id")
static const char default_rollup_day[] = DEFAULT_ROLLUP(
	"rating_rollup", "day", "day",
	DEFAULT_DIM("hall", "hall_id") " UNION ALL " DEFAULT_DIM("channel", "channel") " UNION ALL " MONTH_DIMS);
static const char default_rollup_month[] = DEFAULT_ROLLUP("rating_rollup_month", "month", "substr(day, 1, 7)", MONTH_DIMS);

int yw_rs_default_ratings(struct yw_conn *c, const char *day, int score, int64_t now, int64_t *inserted)
{
	static const char sql_sqlite[] = DEFAULT_INSERT(FIRST_ITEM_SQLITE);
	static const char sql_pg[] = DEFAULT_INSERT(FIRST_ITEM_PG);
	*inserted = 0;
	int64_t before = 0;
	int st = yw_q0(c, "SELECT COALESCE(MAX(id), 0) FROM ratings", yw_row_get_int, &before);
	if (st < 0)
		return st;
	bool pg = yw_store_dialect(yw_conn_store(c)) == YW_DIALECT_PG;
	st = yw_q(c, pg ? sql_pg : sql_sqlite, NULL, NULL, YW_PTEXT(day), YW_PINT(score), YW_PINT(now));
	if (st < 0)
		return st;
	*inserted = yw_db_changes(c);
	st = yw_q(c, default_services_insert, NULL, NULL, YW_PTEXT(day), YW_PINT(score), YW_PINT(now));
	if (st < 0)
		return st;
	*inserted += yw_db_changes(c);
	if (!*inserted)
		return YW_OK;
	if ((st = yw_q(c, default_rollup_day, NULL, NULL, YW_PINT(before), YW_PINT(now))) < 0)
		return st;
	return ok(yw_q(c, default_rollup_month, NULL, NULL, YW_PINT(before), YW_PINT(now)));
}
