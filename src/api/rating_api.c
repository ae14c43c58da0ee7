/* 好差评 API: what can be rated and how (options), the window evaluator
 * (the clerk's tablet facing the citizen), rating by the QR on a ticket
 * (the token is the capability), a logged-in citizen's ratings (their own
 * tickets, online services; cases and hotline orders once their modules
 * give a resolver), the addition, and the staff's lists. Parsing and
 * replies only: the rules are in domain/rating*.c. */
#include "api/api.h"
#include "yw/calendar_svc.h"
#include "yw/rating_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DESK (YW_ROLE_CLERK | YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN)
#define READERS (YW_ROLE_HALL_MANAGER | YW_ROLE_SUPERVISOR | YW_ROLE_APPROVER | YW_ROLE_ADMIN)

/* ---- JSON ---- */

static void named(struct yw_buf *b, const char *key, int64_t id, const char *name)
{
	yw_buf_printf(b, ",\"%s\":", key);
	if (!id) {
		yw_buf_adds(b, "null");
		return;
	}
	yw_buf_printf(b, "{\"id\":%lld,\"name\":", (long long)id);
	yw_buf_json_str(b, name);
	yw_buf_adds(b, "}");
}

static void opt_str(struct yw_buf *b, const char *key, const char *s)
{
	yw_buf_printf(b, ",\"%s\":", key);
	if (s && *s)
		yw_buf_json_str(b, s);
	else
		yw_buf_adds(b, "null");
}

static void opt_ms(struct yw_buf *b, const char *key, int64_t v)
{
	if (v)
		yw_buf_printf(b, ",\"%s\":%lld", key, (long long)v);
	else
		yw_buf_printf(b, ",\"%s\":null", key);
}

void yw_rating_json(struct yw_buf *b, const struct yw_rating *r)
{
	yw_buf_printf(b, "{\"id\":%lld,\"subject\":{\"kind\":\"%s\"", (long long)r->id, r->kind);
	/* An online subject's id holds part of the rater's key: not shown. */
	if (!strcmp(r->kind, "ticket")) {
		yw_buf_adds(b, ",\"id\":");
		yw_buf_json_str(b, r->subject_id);
	}
	opt_str(b, "label", r->subject_label);
	yw_buf_printf(b, "},\"level\":\"%s\",\"level_no\":%d,\"score\":%d,\"bad\":%s,\"active\":%s,\"source\":\"%s\"",
		      yw_rating_level_code(r->level) ? yw_rating_level_code(r->level) : "", r->level, r->score,
		      yw_rating_level_bad(r->level) ? "true" : "false", r->active ? "true" : "false", r->source);
	yw_buf_printf(b, ",\"indicators\":%s,\"tags\":%s", r->indicators[0] ? r->indicators : "{}",
		      r->tags[0] ? r->tags : "[]");
	opt_str(b, "comment", r->comment);
	yw_buf_adds(b, ",\"addition\":");
	if (r->has_addition)
		yw_buf_json_str(b, r->addition);
	else
		yw_buf_adds(b, "null");
	opt_ms(b, "addition_at", r->addition_at);
	yw_buf_printf(b, ",\"excluded\":%s,\"callback_consent\":%s,\"channel\":\"%s\",\"day\":\"%s\",\"created_at\":%lld",
		      r->excluded ? "true" : "false", r->callback_consent ? "true" : "false",
		      yw_rating_channel_code(r->d.channel) ? yw_rating_channel_code(r->d.channel) : "", r->day,
		      (long long)r->created_at);
	named(b, "hall", r->d.hall_id, r->hall_name);
	yw_buf_adds(b, ",\"window\":");
	if (r->d.window_id) {
		yw_buf_printf(b, "{\"id\":%lld,\"number\":%d,\"name\":", (long long)r->d.window_id, r->window_number);
		yw_buf_json_str(b, r->window_name);
		yw_buf_adds(b, "}");
	} else {
		yw_buf_adds(b, "null");
	}
	named(b, "staff", r->d.staff_id, r->staff_name);
	named(b, "department", r->d.department_id, r->department_name);
	named(b, "item", r->d.item_id, r->item_name);
	yw_buf_adds(b, ",\"rectification\":");
	if (r->rect_id) {
		yw_buf_printf(b, "{\"id\":%lld,\"state\":\"%s\"", (long long)r->rect_id, r->rect_state);
		opt_str(b, "mode", r->rect_mode);
		yw_buf_adds(b, "}");
	} else {
		yw_buf_adds(b, "null");
	}
	yw_buf_adds(b, "}");
}

static void tri(struct yw_buf *b, const char *key, int v)
{
	yw_buf_printf(b, ",\"%s\":%s", key, v < 0 ? "null" : v ? "true" : "false");
}

void yw_rect_json(struct yw_buf *b, const struct yw_rectification *x)
{
	yw_buf_printf(b, "{\"id\":%lld,\"rating_id\":%lld,\"state\":\"%s\",\"overdue\":%s", (long long)x->id,
		      (long long)x->rating_id, x->state, x->overdue ? "true" : "false");
	named(b, "department", x->department_id, x->department_name);
	opt_str(b, "verify_due", x->verify_due);
	opt_ms(b, "verified_at", x->verified_at);
	opt_str(b, "verified_by", x->verified_by_name);
	opt_str(b, "finding", x->finding);
	opt_str(b, "mode", x->mode);
	opt_str(b, "due_date", x->due_date);
	opt_str(b, "measures", x->measures);
	opt_ms(b, "rectified_at", x->rectified_at);
	yw_buf_adds(b, ",\"callback\":");
	if (x->callback_at) {
		yw_buf_printf(b, "{\"at\":%lld", (long long)x->callback_at);
		tri(b, "reached", x->callback_reached);
		tri(b, "fixed", x->callback_fixed);
		tri(b, "satisfied", x->callback_satisfied);
		opt_str(b, "note", x->callback_note);
		opt_str(b, "by", x->callback_by_name);
		yw_buf_adds(b, "}");
	} else {
		yw_buf_adds(b, "null");
	}
	opt_ms(b, "closed_at", x->closed_at);
	opt_str(b, "closed_by", x->closed_by_name);
	opt_str(b, "outcome", x->outcome);
	yw_buf_printf(b, ",\"created_at\":%lld,\"updated_at\":%lld,\"version\":%lld", (long long)x->created_at,
		      (long long)x->updated_at, (long long)x->version);
	yw_buf_adds(b, ",\"appeal\":");
	if (x->appeal_id)
		yw_buf_printf(b, "{\"id\":%lld,\"state\":\"%s\"}", (long long)x->appeal_id, x->appeal_state);
	else
		yw_buf_adds(b, "null");
	yw_buf_adds(b, ",\"rating\":");
	yw_rating_json(b, &x->rating);
	yw_buf_adds(b, "}");
}

void yw_appeal_json(struct yw_buf *b, const struct yw_appeal *a)
{
	yw_buf_printf(b, "{\"id\":%lld,\"rating_id\":%lld,\"rectification_id\":%lld,\"state\":\"%s\"", (long long)a->id,
		      (long long)a->rating_id, (long long)a->rectification_id, a->state);
	named(b, "department", a->department_id, a->department_name);
	opt_str(b, "reason", a->reason);
	opt_str(b, "evidence", a->evidence);
	opt_str(b, "attachment", a->attachment);
	yw_buf_printf(b, ",\"filed_at\":%lld", (long long)a->filed_at);
	opt_ms(b, "decided_at", a->decided_at);
	opt_str(b, "decision_reason", a->decision_reason);
	yw_buf_adds(b, "}");
}

/* ---- query parameters ---- */

static bool known_key(const char *key, const void *ctx)
{
	if (!strcmp(key, "page") || !strcmp(key, "page_size"))
		return true;
	for (const char *const *k = ctx; *k; k++)
		if (!strcmp(*k, key))
			return true;
	return false;
}

bool yw_rating_query_known(struct yw_req *q, struct yw_resp *r, const char *const *known)
{
	const char *bad = yw_req_unknown_query(q, known_key, known);
	if (bad) {
		yw_resp_err(r, YW_E_BAD_QUERY, bad, "未知的查询参数 “%s” / unknown query parameter", bad);
		return false;
	}
	return true;
}

static bool day_param(struct yw_req *q, struct yw_resp *r, const char *name, char out[11])
{
	const char *s = yw_req_query(q, name);
	if (!s)
		return true;
	struct yw_date d;
	if (strlen(s) != 10 || yw_date_parse(s, &d, name, NULL) != YW_OK) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为 YYYY-MM-DD", name);
		return false;
	}
	snprintf(out, 11, "%s", s);
	return true;
}

bool yw_rating_query_days(struct yw_req *q, struct yw_resp *r, int default_span, char from[11], char to[11])
{
	yw_date_format(yw_date_today_shanghai(), to);
	if (!day_param(q, r, "to", to))
		return false;
	struct yw_date dt;
	yw_date_parse(to, &dt, "to", NULL);
	yw_date_format(yw_date_add_days(dt, -(default_span - 1)), from);
	if (!day_param(q, r, "from", from))
		return false;
	if (strcmp(from, to) > 0) {
		yw_resp_err(r, YW_E_BAD_QUERY, "from", "from 应不晚于 to");
		return false;
	}
	return true;
}

bool yw_rating_query_id(struct yw_req *q, struct yw_resp *r, const char *name, int64_t *out)
{
	const char *v = yw_req_query(q, name);
	*out = 0;
	if (!v)
		return true;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < 1) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为正整数", name);
		return false;
	}
	*out = n;
	return true;
}

/* ---- the options the rating pages offer ---- */

static void options(struct yw_req *q, struct yw_resp *r)
{
	struct yw_rating_config c;
	int st = yw_rating_config_read(q->app->store, true, &c);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"levels\":[");
	for (int i = 0; i < YW_RATING_LEVELS; i++) {
		const struct yw_rating_level_cfg *l = &c.levels[i];
		yw_buf_printf(&b, "%s{\"code\":\"%s\",\"level_no\":%d,\"label\":", i ? "," : "", l->code, l->level);
		yw_buf_json_str(&b, l->label);
		yw_buf_printf(&b, ",\"score\":%d,\"bad\":%s}", l->score, l->bad ? "true" : "false");
	}
	yw_buf_adds(&b, "],\"tags\":[");
	for (int i = 0; i < c.ntags; i++) {
		yw_buf_adds(&b, i ? ",{\"code\":" : "{\"code\":");
		yw_buf_json_str(&b, c.tags[i].code);
		yw_buf_adds(&b, ",\"label\":");
		yw_buf_json_str(&b, c.tags[i].label);
		yw_buf_adds(&b, "}");
	}
	for (int k = 0; k < 2; k++) {
		const char *channel = k ? "online" : "offline";
		yw_buf_printf(&b, "]%s\"%s\":[", k ? "," : ",\"indicators\":{", channel);
		for (int i = 0, n = 0; i < c.nindicators; i++) {
			if (strcmp(c.indicators[i].channel, channel))
				continue;
			yw_buf_adds(&b, n++ ? ",{\"code\":" : "{\"code\":");
			yw_buf_json_str(&b, c.indicators[i].code);
			yw_buf_adds(&b, ",\"label\":");
			yw_buf_json_str(&b, c.indicators[i].label);
			yw_buf_adds(&b, "}");
		}
	}
	yw_buf_printf(&b, "]},\"default_days\":%d}", c.settings.default_days);
	yw_rating_config_free(&c);
	yw_resp_buf(r, 200, &b);
}

/* ---- submitting ---- */

struct rate_body {
	const char *level, *comment, *phone, *subject_kind, *subject_id;
	int64_t ticket_id;
	bool callback_consent;
};

struct parsed {
	json_t *body, *tags_json, *ind_json;
	struct rate_body rb;
	const char *tags[YW_RATING_TAGS_MAX];
	struct yw_rating_indicator_score ind[YW_RATING_INDICATORS_MAX];
	struct yw_rating_input in;
};

static void parsed_free(struct parsed *p)
{
	json_decref(p->tags_json);
	json_decref(p->ind_json);
	json_decref(p->body);
}

static bool take_tags(struct parsed *p, struct yw_resp *r)
{
	json_t *v = p->tags_json;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_array(v)) {
		yw_resp_err(r, YW_E_BAD_TYPE, "tags", "tags 应为差评原因代码的数组");
		return false;
	}
	if (json_array_size(v) > YW_RATING_TAGS_MAX) {
		yw_resp_err(r, YW_E_OUT_OF_RANGE, "tags", "最多 %d 个原因", YW_RATING_TAGS_MAX);
		return false;
	}
	size_t i;
	json_t *t;
	json_array_foreach(v, i, t)
	{
		if (!json_is_string(t) || json_string_length(t) < 1 || json_string_length(t) > 40) {
			yw_resp_err(r, YW_E_BAD_TYPE, "tags", "每个原因应为 1–40 个字符的代码");
			return false;
		}
		p->tags[p->in.ntags++] = json_string_value(t);
	}
	return true;
}

static bool take_indicators(struct parsed *p, struct yw_resp *r)
{
	json_t *v = p->ind_json;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_object(v)) {
		yw_resp_err(r, YW_E_BAD_TYPE, "indicators", "indicators 应为 {指标代码: 1–5} 的对象");
		return false;
	}
	if (json_object_size(v) > YW_RATING_INDICATORS_MAX) {
		yw_resp_err(r, YW_E_OUT_OF_RANGE, "indicators", "最多 %d 个指标", YW_RATING_INDICATORS_MAX);
		return false;
	}
	const char *key;
	json_t *s;
	json_object_foreach(v, key, s)
	{
		if (!json_is_integer(s) || strlen(key) > 40) {
			yw_resp_err(r, YW_E_BAD_TYPE, "indicators", "指标 %.40s 的分值应为 1–5 的整数", key);
			return false;
		}
		long long n = json_integer_value(s);
		p->ind[p->in.nindicators++] =
			(struct yw_rating_indicator_score){key, n < -1 ? -1 : n > 99 ? 99 : (int)n};
	}
	return true;
}

enum rate_route { RATE_EVALUATOR, RATE_TOKEN, RATE_CITIZEN };

/* The body of a rating: level, tags, indicators, comment, callback consent
 * and phone, plus what names the subject on each route. */
static bool parse_rating(struct yw_req *q, struct yw_resp *r, enum rate_route route, struct parsed *p)
{
	memset(p, 0, sizeof *p);
	if (!(p->body = yw_api_body(q, r)))
		return false;
	/* The list and the object are taken apart from the scalar fields. */
	p->tags_json = json_incref(json_object_get(p->body, "tags"));
	p->ind_json = json_incref(json_object_get(p->body, "indicators"));
	json_object_del(p->body, "tags");
	json_object_del(p->body, "indicators");
	json_t *sid = json_object_get(p->body, "subject_id");
	if (route == RATE_CITIZEN && json_is_integer(sid)) {
		char buf[24];
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(sid));
		json_object_set_new(p->body, "subject_id", json_string(buf));
	}
	struct yw_jfield spec[8] = {
		{"level", YW_J_STR, true, 1, 40, offsetof(struct rate_body, level)},
		{"comment", YW_J_STR, false, 0, YW_RATING_COMMENT_MAX, offsetof(struct rate_body, comment)},
		{"callback_consent", YW_J_BOOL, false, 0, 0, offsetof(struct rate_body, callback_consent)},
		{"phone", YW_J_STR, false, 0, 20, offsetof(struct rate_body, phone)},
	};
	int n = 4;
	if (route == RATE_EVALUATOR)
		spec[n++] = (struct yw_jfield){"ticket_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct rate_body, ticket_id)};
	if (route == RATE_CITIZEN) {
		spec[n++] = (struct yw_jfield){"subject_kind", YW_J_STR, true, 1, 20, offsetof(struct rate_body, subject_kind)};
		spec[n++] = (struct yw_jfield){"subject_id", YW_J_STR, true, 1, 40, offsetof(struct rate_body, subject_id)};
	}
	if (!yw_api_fields(p->body, spec, n, &p->rb, r) || !take_tags(p, r) || !take_indicators(p, r))
		return false;
	p->in = (struct yw_rating_input){
		.level = p->rb.level,
		.tags = p->tags,
		.ntags = p->in.ntags,
		.indicators = p->ind,
		.nindicators = p->in.nindicators,
		.comment = p->rb.comment,
		.callback_consent = p->rb.callback_consent,
		.phone = p->rb.phone,
	};
	return true;
}

static void submit(struct yw_req *q, struct yw_resp *r, const struct yw_rating_ref *ref, const struct parsed *p,
		   const struct yw_actor *who)
{
	/* The verification deadline of a bad rating counts working days. */
	const struct yw_calendar_snap *cal = yw_api_calendar_acquire(q, r);
	if (!cal)
		return;
	struct yw_rating out;
	struct yw_error err = {0};
	int st = yw_rating_submit(q->app->store, who, cal->cal, ref, &p->in, &out, &err);
	yw_api_calendar_release(cal);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_rating_json(&b, &out);
	yw_resp_buf(r, 201, &b);
}

static void rate_at_window(struct yw_req *q, struct yw_resp *r)
{
	int64_t window_id = yw_req_id(q, 0, r);
	struct parsed p;
	if (window_id && parse_rating(q, r, RATE_EVALUATOR, &p)) {
		struct yw_rating_ref ref = {.kind = "ticket", .window_id = window_id, .expect_id = p.rb.ticket_id};
		submit(q, r, &ref, &p, &q->actor);
	}
	if (window_id)
		parsed_free(&p);
}

static struct yw_actor ticket_holder(struct yw_req *q)
{
	struct yw_actor a = q->actor;
	if (!q->authed)
		a.name = "群众（凭号）/ ticket holder";
	return a;
}

static void rate_by_token(struct yw_req *q, struct yw_resp *r)
{
	struct parsed p;
	if (parse_rating(q, r, RATE_TOKEN, &p)) {
		struct yw_rating_ref ref = {.kind = "ticket", .token = q->params[0]};
		struct yw_actor who = ticket_holder(q);
		submit(q, r, &ref, &p, &who);
	}
	parsed_free(&p);
}

static void rate_as_citizen(struct yw_req *q, struct yw_resp *r)
{
	struct parsed p;
	if (parse_rating(q, r, RATE_CITIZEN, &p)) {
		struct yw_rating_ref ref = {.kind = p.rb.subject_kind, .subject_id = p.rb.subject_id, .phone = q->who.phone};
		submit(q, r, &ref, &p, &q->actor);
	}
	parsed_free(&p);
}

/* ---- the addition ---- */

struct addition_body {
	const char *text;
};

static void addition(struct yw_req *q, struct yw_resp *r, const struct yw_rating_ref *ref, const struct yw_actor *who)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct addition_body ab = {0};
	static const struct yw_jfield fields[] = {
		{"text", YW_J_STR, true, 1, YW_RATING_ADDITION_MAX, offsetof(struct addition_body, text)}};
	if (!yw_api_fields(body, fields, 1, &ab, r)) {
		json_decref(body);
		return;
	}
	struct yw_rating out;
	struct yw_error err = {0};
	int st = yw_rating_addition(q->app->store, who, ref, ab.text, &out, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_rating_json(&b, &out);
	yw_resp_buf(r, 200, &b);
}

static void addition_by_token(struct yw_req *q, struct yw_resp *r)
{
	struct yw_rating_ref ref = {.kind = "ticket", .token = q->params[0]};
	struct yw_actor who = ticket_holder(q);
	addition(q, r, &ref, &who);
}

static void addition_as_citizen(struct yw_req *q, struct yw_resp *r)
{
	if (!yw_req_id(q, 0, r))
		return;
	struct yw_rating_ref ref = {.kind = "rating", .subject_id = q->params[0], .phone = q->who.phone};
	addition(q, r, &ref, &q->actor);
}

/* ---- what the rater and the evaluator see ---- */

static void ticket_rating(struct yw_req *q, struct yw_resp *r)
{
	struct yw_rating_ticket_view v;
	int st = yw_rating_by_token(q->app->store, q->params[0], &v);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"ticket\":{\"code\":");
	yw_buf_json_str(&b, v.code);
	yw_buf_adds(&b, ",\"status\":");
	yw_buf_json_str(&b, v.status);
	opt_str(&b, "hall_name", v.hall_name);
	yw_buf_printf(&b, ",\"window_number\":%d", v.window_number);
	opt_str(&b, "window_name", v.window_name);
	opt_str(&b, "staff_name", v.staff_name);
	yw_buf_printf(&b, "},\"rated\":%s,\"rateable\":%s", v.rated ? "true" : "false", v.rateable ? "true" : "false");
	opt_ms(&b, "rate_until", v.rate_until);
	yw_buf_adds(&b, ",\"rating\":");
	if (v.rated)
		yw_rating_json(&b, &v.rating);
	else
		yw_buf_adds(&b, "null");
	opt_str(&b, "rectification_outcome", v.rect_outcome);
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 200, &b);
}

static void evaluator(struct yw_req *q, struct yw_resp *r)
{
	int64_t window_id = yw_req_id(q, 0, r);
	if (!window_id)
		return;
	struct yw_rating_evaluator e;
	struct yw_error err = {0};
	int st = yw_rating_evaluator(q->app->store, &q->actor, window_id, &e, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"window\":{\"id\":%lld,\"number\":%d,\"name\":", (long long)e.window_id, e.window_number);
	yw_buf_json_str(&b, e.window_name);
	yw_buf_printf(&b, "},\"hall\":{\"id\":%lld,\"name\":", (long long)e.hall_id);
	yw_buf_json_str(&b, e.hall_name);
	yw_buf_adds(&b, "},\"ticket\":");
	if (e.ticket_id) {
		yw_buf_printf(&b, "{\"id\":%lld,\"code\":", (long long)e.ticket_id);
		yw_buf_json_str(&b, e.code);
		yw_buf_printf(&b, ",\"finished_at\":%lld,\"rated\":%s}", (long long)e.finished_at, e.rated ? "true" : "false");
	} else {
		yw_buf_adds(&b, "null");
	}
	named(&b, "staff", e.staff_id, e.staff_name);
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 200, &b);
}

/* ---- lists ---- */

static void reply_list(struct yw_resp *r, const struct yw_rating_list *l, int page, int limit)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l->n; i++) {
		yw_buf_adds(&b, i ? "," : "");
		yw_rating_json(&b, &l->items[i]);
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)l->total, page, limit);
	yw_resp_buf(r, 200, &b);
}

static void list(struct yw_req *q, struct yw_resp *r)
{
	static const char *const known[] = {"from", "to", "level", "bad", "kind", "hall_id", "department_id", NULL};
	struct yw_rating_filter f = {0};
	char from[11], to[11];
	int page;
	if (!yw_rating_query_known(q, r, known) || !yw_req_paging(q, r, &f.limit, &f.offset, &page) ||
	    !yw_rating_query_days(q, r, 31, from, to) || !yw_rating_query_id(q, r, "hall_id", &f.hall_id) ||
	    !yw_rating_query_id(q, r, "department_id", &f.department_id))
		return;
	f.from = from;
	f.to = to;
	const char *level = yw_req_query(q, "level"), *bad = yw_req_query(q, "bad");
	f.kind = yw_req_query(q, "kind");
	if (level && !(f.level = yw_rating_level_from_code(level))) {
		yw_resp_err(r, YW_E_BAD_QUERY, "level", "未知的评价等级");
		return;
	}
	if (bad && strcmp(bad, "1") && strcmp(bad, "0")) {
		yw_resp_err(r, YW_E_BAD_QUERY, "bad", "bad 为 1 或 0");
		return;
	}
	f.bad_only = bad && !strcmp(bad, "1");
	struct yw_rating_list l;
	struct yw_error err = {0};
	int st = yw_rating_list(q->app->store, &q->actor, &f, &l, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_list(r, &l, page, f.limit);
	yw_rating_list_free(&l);
}

static void get_one(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_rating g;
	struct yw_error err = {0};
	int st = yw_rating_get(q->app->store, &q->actor, id, &g, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_rating_json(&b, &g);
	yw_resp_buf(r, 200, &b);
}

static void mine(struct yw_req *q, struct yw_resp *r)
{
	struct yw_rating_list l;
	int st = yw_rating_mine(q->app->store, &q->actor, q->who.phone, 100, &l);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	reply_list(r, &l, 1, 100);
	yw_rating_list_free(&l);
}

#define RATE_BODY "{level, tags? (bad levels: ≥ 1), indicators? {code: 1–5}, comment?, callback_consent?, phone?}"

const struct yw_route yw_routes_rating[] = {
	{"GET", "/api/v1/rating-options", options, 0,
	 "评价等级、差评原因与评价指标 / Levels, reason tags and indicator sets", "ratings"},
	{"GET", "/api/v1/windows/{id}/evaluator", evaluator, DESK,
	 "窗口评价器：刚办结的号、工作人员与窗口 / The window evaluator: the ticket just finished, staff, window",
	 "ratings"},
	{"POST", "/api/v1/windows/{id}/rating", rate_at_window, DESK,
	 "在窗口评价器上评价刚办结的服务（一次一评）/ Rate the service just finished at this window", "ratings", NULL,
	 "{ticket_id? (the one shown), level, tags?, indicators?, comment?, callback_consent?, phone?}"},
	{"GET", "/api/v1/tickets/{token}/rating", ticket_rating, 0,
	 "凭号查看评价状态 / Rating state of a ticket (by its token)", "ratings"},
	{"POST", "/api/v1/tickets/{token}/rating", rate_by_token, 0,
	 "扫码评价（凭号）/ Rate a served ticket by the QR on it", "ratings", NULL, RATE_BODY},
	{"POST", "/api/v1/tickets/{token}/rating/addition", addition_by_token, 0, "追评（凭号）/ Add to the rating once",
	 "ratings", NULL, "{text}"},
	{"GET", "/api/v1/ratings/mine", mine, YW_ROLE_CITIZEN, "我的评价 / My ratings", "ratings"},
	{"POST", "/api/v1/ratings", rate_as_citizen, YW_ROLE_CITIZEN,
	 "群众评价本人的服务（subject_kind: ticket | online | case | hotline）/ Rate one's own service (a ticket, an online service, a finished case, a closed 12345 order)", "ratings",
	 NULL, "{subject_kind, subject_id, level, tags?, indicators?, comment?, callback_consent?, phone?}"},
	{"POST", "/api/v1/ratings/{id}/addition", addition_as_citizen, YW_ROLE_CITIZEN, "追评 / Add to my rating once",
	 "ratings", NULL, "{text}"},
	{"GET", "/api/v1/ratings", list, READERS | YW_ROLE_CLERK,
	 "评价列表（不含评价人）/ Ratings in scope, without the rater (?from=&to=&level=&bad=1&kind=&hall_id=&department_id=&page=)",
	 "ratings"},
	{"GET", "/api/v1/ratings/{id}", get_one, READERS | YW_ROLE_CLERK, "评价详情 / A rating", "ratings"},
	{NULL},
};
