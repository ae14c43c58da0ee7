/* 12345 hotline API (docs/hotline.md): categories and the dispatch
 * catalogue (generic entity handlers), work orders, their steps, lists,
 * duplicates, dispatch suggestions and a caller's history. Parsing and
 * replies only; the rules are in domain/hotline_*.c. */
#include "api/api.h"
#include "yw/calendar_svc.h"
#include "yw/hotline.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AGENT	   YW_ROLE_HOTLINE_AGENT
#define HANDLER	   YW_ROLE_HOTLINE_HANDLER
#define SUPERVISOR YW_ROLE_SUPERVISOR
#define ADMIN	   YW_ROLE_ADMIN
#define READERS	   (AGENT | HANDLER | SUPERVISOR | ADMIN)

/* ---- categories and dispatch rules: the generic entity handlers ---- */

/* The descriptors are not in yw_entities[] (their SQL is built on first
 * use), so the route carries no entity and the handler lends it one. */
static void with_entity(struct yw_req *q, struct yw_resp *r, struct yw_entity *e, yw_handler fn)
{
	yw_hotline_entities_init();
	struct yw_route rt = *q->route;
	rt.entity = e;
	const struct yw_route *saved = q->route;
	q->route = &rt;
	fn(q, r);
	q->route = saved;
}

static void cat_list(struct yw_req *q, struct yw_resp *r)
{
	with_entity(q, r, &yw_entity_hotline_category, yw_api_entity_list);
}
static void cat_get(struct yw_req *q, struct yw_resp *r)
{
	with_entity(q, r, &yw_entity_hotline_category, yw_api_entity_get);
}
static void cat_create(struct yw_req *q, struct yw_resp *r)
{
	with_entity(q, r, &yw_entity_hotline_category, yw_api_entity_create);
}
static void cat_update(struct yw_req *q, struct yw_resp *r)
{
	with_entity(q, r, &yw_entity_hotline_category, yw_api_entity_update);
}
static void cat_delete(struct yw_req *q, struct yw_resp *r)
{
	with_entity(q, r, &yw_entity_hotline_category, yw_api_entity_delete);
}
static void rule_list(struct yw_req *q, struct yw_resp *r)
{
	with_entity(q, r, &yw_entity_hotline_rule, yw_api_entity_list);
}
static void rule_get(struct yw_req *q, struct yw_resp *r)
{
	with_entity(q, r, &yw_entity_hotline_rule, yw_api_entity_get);
}
static void rule_create(struct yw_req *q, struct yw_resp *r)
{
	with_entity(q, r, &yw_entity_hotline_rule, yw_api_entity_create);
}
static void rule_update(struct yw_req *q, struct yw_resp *r)
{
	with_entity(q, r, &yw_entity_hotline_rule, yw_api_entity_update);
}
static void rule_delete(struct yw_req *q, struct yw_resp *r)
{
	with_entity(q, r, &yw_entity_hotline_rule, yw_api_entity_delete);
}

static void opt_ms(struct yw_buf *b, const char *name, int64_t v)
{
	if (v)
		yw_buf_printf(b, ",\"%s\":%lld", name, (long long)v);
	else
		yw_buf_printf(b, ",\"%s\":null", name);
}

static void days_json(struct yw_buf *b, const char *name, int v)
{
	if (v)
		yw_buf_printf(b, ",\"%s\":%d", name, v);
	else
		yw_buf_printf(b, ",\"%s\":null", name);
}

static void tree_node(struct yw_buf *b, const struct yw_hl_category *v, int n, int i)
{
	const struct yw_hl_category *k = &v[i];
	yw_buf_printf(b, "{\"id\":%lld,\"code\":", (long long)k->id);
	yw_buf_json_str(b, k->code);
	yw_buf_adds(b, ",\"name\":");
	yw_buf_json_str(b, k->name);
	opt_ms(b, "parent_id", k->parent_id);
	yw_buf_printf(b, ",\"level\":%d,\"active\":%s,\"sort_order\":%d", k->level, k->active ? "true" : "false",
		      k->sort_order);
	days_json(b, "sign_days", k->sign_days);
	days_json(b, "handle_days", k->handle_days);
	days_json(b, "urgent_handle_days", k->urgent_handle_days);
	days_json(b, "reply_days", k->reply_days);
	yw_buf_printf(
		b,
		",\"effective\":{\"sign_days\":%d,\"handle_days\":%d,\"urgent_handle_days\":%d,\"reply_days\":%d},"
		"\"children\":[",
		k->eff_sign, k->eff_handle, k->eff_urgent_handle, k->eff_reply);
	bool first = true;
	for (int j = 0; j < n; j++)
		if (v[j].parent_id == k->id && k->level < 3) {
			if (!first)
				yw_buf_adds(b, ",");
			first = false;
			tree_node(b, v, n, j);
		}
	yw_buf_adds(b, "]}");
}

static void cat_tree(struct yw_req *q, struct yw_resp *r)
{
	struct yw_hl_category *v = NULL;
	int n = 0;
	int st = yw_hl_categories(q->app->store, &v, &n);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	bool first = true;
	for (int i = 0; i < n; i++)
		if (!v[i].parent_id) {
			if (!first)
				yw_buf_adds(&b, ",");
			first = false;
			tree_node(&b, v, n, i);
		}
	yw_buf_printf(&b, "],\"total\":%d}", n);
	free(v);
	yw_resp_buf(r, 200, &b);
}

/* ---- orders as JSON ---- */

static const char *type_label(const char *t)
{
	static const char *const k[][2] = {{"consult", "咨询"},
					   {"complaint", "投诉"},
					   {"report", "举报"},
					   {"suggestion", "建议"},
					   {"help", "求助"}};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (!strcmp(t, k[i][0]))
			return k[i][1];
	return t;
}

static const char *state_label(const char *s)
{
	static const char *const k[][2] = {{"accepted", "已受理"}, {"dispatched", "已派单"}, {"returned", "已退单"},
					   {"signed", "办理中"},   {"replied", "已答复"},    {"reviewed", "待回访"},
					   {"closed", "已办结"},   {"merged", "已并单"}};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (!strcmp(s, k[i][0]))
			return k[i][1];
	return s;
}

static void str_member(struct yw_buf *b, const char *name, const char *v)
{
	yw_buf_printf(b, ",\"%s\":", name);
	yw_buf_json_str(b, v && *v ? v : NULL);
}

static const char *tri(int v) { return v < 0 ? "null" : v ? "true" : "false"; }

/* 张** : the first character of a name, the rest starred. */
static char *mask_name(const char *name)
{
	if (!name || !*name)
		return NULL;
	const unsigned char *p = (const unsigned char *)name;
	int n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
	return yw_asprintf("%.*s**", n, name);
}

static void order_json(struct yw_buf *b, const struct yw_hl_order *o, const struct yw_hl_flags *f, bool reveal)
{
	yw_buf_printf(b, "{\"id\":%lld", (long long)o->id);
	str_member(b, "order_no", o->order_no);
	str_member(b, "day", o->day);
	str_member(b, "channel", o->channel);
	str_member(b, "type", o->type);
	str_member(b, "type_label", type_label(o->type));
	str_member(b, "urgency", o->urgency);
	str_member(b, "state", o->state);
	str_member(b, "state_label", state_label(o->state));
	yw_buf_printf(b, ",\"anonymous\":%s", o->anonymous ? "true" : "false");
	char *name = reveal ? yw_strdup(o->caller_name ? o->caller_name : "") : mask_name(o->caller_name);
	char *phone = reveal ? yw_strdup(o->caller_phone) : yw_mask_phone(o->caller_phone);
	str_member(b, "caller_name", name);
	str_member(b, "caller_phone", phone);
	free(name);
	free(phone);
	yw_buf_printf(b, ",\"category_id\":%lld", (long long)o->category_id);
	str_member(b, "category_code", o->category_code);
	str_member(b, "category_name", o->category_name);
	opt_ms(b, "region_id", o->region_id);
	str_member(b, "region_code", o->region_code);
	str_member(b, "region_name", o->region_name);
	str_member(b, "address", o->address);
	str_member(b, "description", o->description);
	yw_buf_printf(b, ",\"attachments\":%s", o->attachments && *o->attachments ? o->attachments : "[]");
	yw_buf_printf(b, ",\"round\":%d", o->round);
	opt_ms(b, "lead_department_id", o->lead_department_id);
	str_member(b, "lead_department_name", o->lead_department_name);
	yw_buf_printf(b, ",\"sign_days\":%d,\"handle_days\":%d,\"reply_days\":%d,\"extended_days\":%d", o->sign_days,
		      o->handle_days, o->reply_days, o->extended_days);
	opt_ms(b, "sign_by", o->sign_by);
	opt_ms(b, "handle_by", o->handle_by);
	opt_ms(b, "reply_by", o->reply_by);
	opt_ms(b, "paused_since", o->paused_since);
	yw_buf_printf(b, ",\"paused_total_ms\":%lld", (long long)o->paused_total);
	yw_buf_printf(b,
		      ",\"paused\":%s,\"overdue\":%s,\"warning\":%s,\"sign_overdue\":%s,\"handle_overdue\":%s,"
		      "\"reply_overdue\":%s",
		      f->paused ? "true" : "false", f->overdue ? "true" : "false", f->warning ? "true" : "false",
		      f->sign_overdue ? "true" : "false", f->handle_overdue ? "true" : "false",
		      f->reply_overdue ? "true" : "false");
	str_member(b, "clock", f->clock);
	opt_ms(b, "due_at", f->due_at);
	yw_buf_printf(b, ",\"reopened\":%d", o->reopened);
	opt_ms(b, "merged_into", o->merged_into);
	yw_buf_printf(b, ",\"direct\":%s", o->direct ? "true" : "false");
	str_member(b, "answer", o->answer);
	opt_ms(b, "article_id", o->article_id);
	yw_buf_printf(b, ",\"urge_count\":%d,\"supervised\":%s,\"escalation\":%d,\"solved\":%s,\"satisfied\":%s",
		      o->urge_count, o->supervised ? "true" : "false", o->escalation, tri(o->solved),
		      tri(o->satisfied));
	opt_ms(b, "created_by", o->created_by);
	yw_buf_printf(b, ",\"created_at\":%lld", (long long)o->created_at);
	opt_ms(b, "dispatched_at", o->dispatched_at);
	opt_ms(b, "signed_at", o->signed_at);
	opt_ms(b, "replied_at", o->replied_at);
	opt_ms(b, "closed_at", o->closed_at);
	yw_buf_printf(b, ",\"updated_at\":%lld,\"version\":%lld", (long long)o->updated_at, (long long)o->version);
}

static void assignment_json(struct yw_buf *b, const struct yw_hl_assignment *a, int64_t now)
{
	yw_buf_printf(b, "{\"id\":%lld,\"round\":%d,\"department_id\":%lld", (long long)a->id, a->round,
		      (long long)a->department_id);
	str_member(b, "department_name", a->department_name);
	str_member(b, "role", a->role);
	str_member(b, "state", a->state);
	yw_buf_printf(b, ",\"dispatched_at\":%lld", (long long)a->dispatched_at);
	opt_ms(b, "sign_by", a->sign_by);
	opt_ms(b, "handle_by", a->handle_by);
	opt_ms(b, "signed_at", a->signed_at);
	opt_ms(b, "returned_at", a->returned_at);
	str_member(b, "return_reason", a->return_reason);
	str_member(b, "arbitration", a->arbitration);
	opt_ms(b, "arbitrated_at", a->arbitrated_at);
	opt_ms(b, "replied_at", a->replied_at);
	str_member(b, "reply_measures", a->reply_measures);
	str_member(b, "reply_result", a->reply_result);
	str_member(b, "ext_state", a->ext_state);
	opt_ms(b, "ext_days", a->ext_days);
	str_member(b, "ext_reason", a->ext_reason);
	opt_ms(b, "ext_requested_at", a->ext_requested_at);
	opt_ms(b, "ext_decided_at", a->ext_decided_at);
	bool sign_late = !strcmp(a->state, "dispatched") && a->sign_by && now > a->sign_by;
	bool handle_late =
		(!strcmp(a->state, "dispatched") || !strcmp(a->state, "signed")) && a->handle_by && now > a->handle_by;
	yw_buf_printf(b, ",\"sign_overdue\":%s,\"handle_overdue\":%s}", sign_late ? "true" : "false",
		      handle_late ? "true" : "false");
}

static void view_json(struct yw_buf *b, const struct yw_hl_view *v, int64_t now)
{
	order_json(b, &v->o, &v->flags, v->reveal_phone);
	yw_buf_adds(b, ",\"assignments\":[");
	int64_t at = v->o.paused_since ? v->o.paused_since : now;
	for (int i = 0; i < v->nas; i++) {
		if (i)
			yw_buf_adds(b, ",");
		assignment_json(b, &v->as[i], at);
	}
	yw_buf_adds(b, "],\"events\":[");
	for (int i = 0; i < v->nev; i++) {
		const struct yw_hl_event *e = &v->ev[i];
		yw_buf_printf(b, "%s{\"id\":%lld,\"at\":%lld", i ? "," : "", (long long)e->id, (long long)e->at);
		opt_ms(b, "actor_id", e->actor_id);
		str_member(b, "actor_name", e->actor_name);
		str_member(b, "role", e->role);
		str_member(b, "action", e->action);
		str_member(b, "from_state", e->from_state);
		str_member(b, "to_state", e->to_state);
		opt_ms(b, "department_id", e->department_id);
		str_member(b, "reason", e->reason);
		yw_buf_printf(b, ",\"detail\":%s}", e->detail && *e->detail ? e->detail : "{}");
	}
	yw_buf_adds(b, "],\"callbacks\":[");
	for (int i = 0; i < v->ncb; i++) {
		const struct yw_hl_callback *c = &v->cb[i];
		yw_buf_printf(b, "%s{\"id\":%lld,\"round\":%d,\"solved\":%s,\"satisfied\":%s", i ? "," : "",
			      (long long)c->id, c->round, c->solved ? "true" : "false",
			      c->satisfied ? "true" : "false");
		str_member(b, "note", c->note);
		opt_ms(b, "by_id", c->by_id);
		str_member(b, "by_name", c->by_name);
		yw_buf_printf(b, ",\"at\":%lld}", (long long)c->at);
	}
	yw_buf_adds(b, "],\"children\":[");
	for (int i = 0; i < v->nchildren; i++)
		yw_buf_printf(b, "%s%lld", i ? "," : "", (long long)v->children[i]);
	yw_buf_adds(b, "]}");
}

/* The context of one hotline request: actor, the live calendar, now. */
static bool begin(struct yw_req *q, struct yw_resp *r, struct yw_hl_ctx *x, const struct yw_calendar_snap **snap)
{
	*snap = yw_api_calendar_acquire(q, r);
	if (!*snap)
		return false;
	x->who = &q->actor;
	x->cal = (*snap)->cal;
	x->now = yw_now_ms();
	return true;
}

static void reply_view(struct yw_req *q, struct yw_resp *r, const struct yw_hl_ctx *x, int64_t id, bool reveal,
		       int status)
{
	struct yw_hl_view v;
	struct yw_error err = {0};
	int st = yw_hl_get(q->app->store, x, id, reveal, &v, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	view_json(&b, &v, x->now);
	yw_hl_view_free(&v);
	yw_resp_buf(r, status, &b);
}

static void order_get(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	struct yw_hl_ctx x;
	const struct yw_calendar_snap *snap;
	if (!id || !begin(q, r, &x, &snap))
		return;
	reply_view(q, r, &x, id, true, 200);
	yw_api_calendar_release(snap);
}

/* ---- intake ---- */

struct create_body {
	const char *channel, *type, *urgency, *caller_name, *caller_phone, *region_code, *address, *description;
	int64_t category_id;
	bool anonymous;
};

static const struct yw_jfield create_fields[] = {
	{"channel", YW_J_STR, false, 1, 16, offsetof(struct create_body, channel)},
	{"type", YW_J_STR, true, 1, 16, offsetof(struct create_body, type)},
	{"urgency", YW_J_STR, false, 1, 8, offsetof(struct create_body, urgency)},
	{"anonymous", YW_J_BOOL, false, 0, 0, offsetof(struct create_body, anonymous)},
	{"caller_name", YW_J_STR, false, 0, 20, offsetof(struct create_body, caller_name)},
	{"caller_phone", YW_J_STR, false, 0, 24, offsetof(struct create_body, caller_phone)},
	{"category_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct create_body, category_id)},
	{"region_code", YW_J_STR, false, 1, 12, offsetof(struct create_body, region_code)},
	{"address", YW_J_STR, false, 0, 200, offsetof(struct create_body, address)},
	{"description", YW_J_STR, false, 0, 2000, offsetof(struct create_body, description)},
};

/* attachments: up to 10 file references (names or links), each 1–200 characters. */
static bool take_attachments(json_t *body, char **out, struct yw_resp *r)
{
	*out = NULL;
	json_t *a = json_object_get(body, "attachments");
	if (!a || json_is_null(a)) {
		json_object_del(body, "attachments");
		return true;
	}
	if (!json_is_array(a)) {
		yw_resp_err(r, YW_E_BAD_TYPE, "attachments", "attachments 应为字符串数组");
		return false;
	}
	if (json_array_size(a) > 10) {
		yw_resp_err(r, YW_E_OUT_OF_RANGE, "attachments", "附件最多 10 个");
		return false;
	}
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
	{
		if (!json_is_string(v) || !json_string_length(v) || yw_utf8_len(json_string_value(v)) > 200) {
			yw_resp_err(r, YW_E_BAD_FORMAT, "attachments", "附件 %zu 应为 1–200 个字符的文件名或链接",
				    i + 1);
			return false;
		}
	}
	*out = json_dumps(a, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_object_del(body, "attachments");
	return true;
}

static void similar_json(struct yw_buf *b, const struct yw_hl_similar *v, int n)
{
	yw_buf_adds(b, "[");
	for (int i = 0; i < n; i++) {
		yw_buf_printf(b, "%s{\"id\":%lld", i ? "," : "", (long long)v[i].id);
		str_member(b, "order_no", v[i].order_no);
		str_member(b, "state", v[i].state);
		yw_buf_printf(b, ",\"created_at\":%lld,\"score\":%.3f", (long long)v[i].created_at, v[i].score);
		str_member(b, "description", v[i].description);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]");
}

static void suggestion_json(struct yw_buf *b, const struct yw_hl_suggestion *s)
{
	if (!s->found) {
		yw_buf_adds(b, "{\"found\":false}");
		return;
	}
	yw_buf_printf(b, "{\"found\":true,\"rule_id\":%lld,\"category_id\":%lld,\"region_id\":%lld",
		      (long long)s->rule_id, (long long)s->category_id, (long long)s->region_id);
	str_member(b, "region_code", s->region_code);
	yw_buf_printf(b, ",\"lead_department_id\":%lld", (long long)s->lead_department_id);
	str_member(b, "lead_department_name", s->lead_name);
	yw_buf_adds(b, ",\"assist_departments\":[");
	for (int i = 0; i < s->nassist; i++) {
		yw_buf_printf(b, "%s{\"id\":%lld,\"name\":", i ? "," : "", (long long)s->assist_ids[i]);
		yw_buf_json_str(b, s->assist_names[i][0] ? s->assist_names[i] : NULL);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]}");
}

static void order_create(struct yw_req *q, struct yw_resp *r)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	char *attachments = NULL;
	struct create_body cb = {0};
	if (!take_attachments(body, &attachments, r) || !yw_api_fields(body, create_fields, 10, &cb, r)) {
		free(attachments);
		json_decref(body);
		return;
	}
	struct yw_hl_ctx x;
	const struct yw_calendar_snap *snap;
	if (!begin(q, r, &x, &snap)) {
		free(attachments);
		json_decref(body);
		return;
	}
	struct yw_hl_new in = {.channel = cb.channel,
			       .type = cb.type,
			       .urgency = cb.urgency,
			       .anonymous = cb.anonymous,
			       .caller_name = cb.caller_name,
			       .caller_phone = cb.caller_phone,
			       .category_id = cb.category_id,
			       .region_code = cb.region_code,
			       .address = cb.address,
			       .description = cb.description,
			       .attachments = attachments};
	struct yw_hl_order o;
	struct yw_error err = {0};
	int st = yw_hl_create(q->app->store, &x, &in, &o, &err);
	free(attachments);
	json_decref(body);
	if (st) {
		yw_api_calendar_release(snap);
		yw_resp_status(r, st, &err);
		return;
	}
	/* What the agent needs next: likely duplicates and where it would go. */
	struct yw_hl_similar *sim = NULL;
	int nsim = 0;
	struct yw_hl_suggestion sug = {0};
	struct yw_error ignored = {0};
	yw_hl_similar_to(q->app->store, &x, o.id, &sim, &nsim, &ignored);
	yw_hl_suggest(q->app->store, &x, o.id, &sug, &ignored);
	struct yw_hl_flags f;
	yw_hl_flags_of(x.cal, &o, x.now, &f);
	struct yw_buf b = {0};
	order_json(&b, &o, &f, false);
	yw_buf_adds(&b, ",\"similar\":");
	similar_json(&b, sim, nsim);
	yw_buf_adds(&b, ",\"suggestion\":");
	suggestion_json(&b, &sug);
	yw_buf_adds(&b, "}");
	yw_hl_similar_free(sim, nsim);
	yw_hl_order_clear(&o);
	yw_api_calendar_release(snap);
	yw_resp_buf(r, 201, &b);
}

static void order_similar(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	struct yw_hl_ctx x;
	const struct yw_calendar_snap *snap;
	if (!id || !begin(q, r, &x, &snap))
		return;
	struct yw_hl_similar *sim = NULL;
	int n = 0;
	struct yw_error err = {0};
	int st = yw_hl_similar_to(q->app->store, &x, id, &sim, &n, &err);
	yw_api_calendar_release(snap);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":");
	similar_json(&b, sim, n);
	yw_buf_printf(&b, ",\"min_score\":%.2f,\"days\":%d}", YW_HL_SIMILAR_MIN, YW_HL_SIMILAR_DAYS);
	yw_hl_similar_free(sim, n);
	yw_resp_buf(r, 200, &b);
}

static void order_suggestion(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	struct yw_hl_ctx x;
	const struct yw_calendar_snap *snap;
	if (!id || !begin(q, r, &x, &snap))
		return;
	struct yw_hl_suggestion sug;
	struct yw_error err = {0};
	int st = yw_hl_suggest(q->app->store, &x, id, &sug, &err);
	yw_api_calendar_release(snap);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	suggestion_json(&b, &sug);
	yw_resp_buf(r, 200, &b);
}

/* ---- lists ---- */

static const char *const list_params[] = {"page",	 "page_size", "state", "category_id", "department_id",
					  "region_code", "overdue",   "from",  "to",	      "channel",
					  "type",	 NULL};
static const char *const states[] = {"accepted", "dispatched", "returned", "signed", "replied",
				     "reviewed", "closed",     "merged",   NULL};

static bool known_in(const char *key, const void *ctx)
{
	for (const char *const *k = ctx; *k; k++)
		if (!strcmp(key, *k))
			return true;
	return false;
}

static bool id_query(struct yw_req *q, struct yw_resp *r, const char *name, int64_t *out)
{
	const char *s = yw_req_query(q, name);
	*out = 0;
	if (!s)
		return true;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < 1) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为正整数", name);
		return false;
	}
	*out = v;
	return true;
}

static bool date_query(struct yw_req *q, struct yw_resp *r, const char *name, int add_days, int64_t *out)
{
	const char *s = yw_req_query(q, name);
	*out = 0;
	if (!s)
		return true;
	struct yw_date d;
	struct yw_error err = {0};
	if (strlen(s) != 10 || yw_date_parse(s, &d, name, &err) != YW_OK) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为 YYYY-MM-DD", name);
		return false;
	}
	*out = yw_date_midnight_ms_shanghai(yw_date_add_days(d, add_days));
	return true;
}

static bool enum_query(struct yw_req *q, struct yw_resp *r, const char *name, const char *const *allowed,
		       const char **out)
{
	*out = yw_req_query(q, name);
	if (!*out || !allowed || known_in(*out, allowed))
		return true;
	yw_resp_err(r, YW_E_BAD_QUERY, name, "“%s” 不是允许的取值", *out);
	return false;
}

static void list_reply(struct yw_req *q, struct yw_resp *r, const struct yw_hl_ctx *x, struct yw_hl_filter *f, int page)
{
	struct yw_hl_list l;
	struct yw_error err = {0};
	int st = yw_hl_list(q->app->store, x, f, &l, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l.n; i++) {
		if (i)
			yw_buf_adds(&b, ",");
		order_json(&b, &l.items[i], &l.flags[i], false);
		yw_buf_adds(&b, "}");
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)l.total, page, f->limit);
	yw_hl_list_free(&l);
	yw_resp_buf(r, 200, &b);
}

static void order_list(struct yw_req *q, struct yw_resp *r)
{
	const char *unknown = yw_req_unknown_query(q, known_in, list_params);
	if (unknown) {
		yw_resp_err(r, YW_E_BAD_QUERY, unknown, "“%s” 不是可用的筛选条件", unknown);
		return;
	}
	struct yw_hl_filter f = {0};
	int page;
	const char *overdue = yw_req_query(q, "overdue");
	static const char *const bools[] = {"1", "0", "true", "false", NULL};
	static const char *const channels[] = {"phone", "web", "miniprogram", "app", "open311", "other", NULL};
	static const char *const types[] = {"consult", "complaint", "report", "suggestion", "help", NULL};
	if (!yw_req_paging(q, r, &f.limit, &f.offset, &page) || !enum_query(q, r, "state", states, &f.state) ||
	    !enum_query(q, r, "channel", channels, &f.channel) || !enum_query(q, r, "type", types, &f.type) ||
	    !enum_query(q, r, "overdue", bools, &overdue) || !id_query(q, r, "category_id", &f.category_id) ||
	    !id_query(q, r, "department_id", &f.department_id) || !date_query(q, r, "from", 0, &f.from) ||
	    !date_query(q, r, "to", 1, &f.to) || !enum_query(q, r, "region_code", NULL, &f.region_code))
		return;
	f.overdue = overdue && (!strcmp(overdue, "1") || !strcmp(overdue, "true"));
	struct yw_hl_ctx x;
	const struct yw_calendar_snap *snap;
	if (!begin(q, r, &x, &snap))
		return;
	list_reply(q, r, &x, &f, page);
	yw_api_calendar_release(snap);
}

/* A caller's earlier orders (agents, by the number on the line). */
static void caller_history(struct yw_req *q, struct yw_resp *r)
{
	static const char *const params[] = {"phone", "page", "page_size", NULL};
	const char *unknown = yw_req_unknown_query(q, known_in, params);
	if (unknown) {
		yw_resp_err(r, YW_E_BAD_QUERY, unknown, "“%s” 不是可用的查询参数", unknown);
		return;
	}
	struct yw_hl_filter f = {0};
	int page;
	if (!yw_req_paging(q, r, &f.limit, &f.offset, &page))
		return;
	f.caller_phone = yw_req_query(q, "phone");
	if (!f.caller_phone || !*f.caller_phone) {
		yw_resp_err(r, YW_E_BAD_QUERY, "phone", "请提供来电号码 phone");
		return;
	}
	struct yw_hl_ctx x;
	const struct yw_calendar_snap *snap;
	if (!begin(q, r, &x, &snap))
		return;
	list_reply(q, r, &x, &f, page);
	yw_api_calendar_release(snap);
}

/* ---- steps ---- */

struct act_body {
	const char *reason, *answer, *measures, *result, *decision, *note;
	int64_t lead_department_id, department_id, assignment_id, master_id, article_id, days;
	bool strict, approve, solved, satisfied;
};

#define F_STR(n, max)                                                                                                  \
	{                                                                                                              \
#n, YW_J_STR, false, 0, max, offsetof(struct act_body, n)                                              \
	}
#define F_STR_REQ(n, max)                                                                                              \
	{                                                                                                              \
#n, YW_J_STR, true, 0, max, offsetof(struct act_body, n)                                               \
	}
#define F_ID(n)                                                                                                        \
	{                                                                                                              \
#n, YW_J_INT, false, 1, INT64_MAX, offsetof(struct act_body, n)                                        \
	}
#define F_BOOL(n, req)                                                                                                 \
	{                                                                                                              \
#n, YW_J_BOOL, req, 0, 0, offsetof(struct act_body, n)                                                 \
	}

static const struct yw_jfield f_dispatch[] = {F_ID(lead_department_id), F_BOOL(strict, false), F_STR(reason, 500)};
static const struct yw_jfield f_answer[] = {F_STR(answer, 2000), F_ID(article_id)};
static const struct yw_jfield f_reason[] = {F_STR(reason, 500)};
static const struct yw_jfield f_arbitrate[] = {F_STR_REQ(decision, 16), F_ID(department_id), F_ID(assignment_id),
					       F_BOOL(strict, false), F_STR(reason, 500)};
static const struct yw_jfield f_reply[] = {F_STR(measures, 2000), F_STR(result, 2000)};
static const struct yw_jfield f_review[] = {F_STR_REQ(decision, 16), F_STR(reason, 500), F_ID(assignment_id)};
static const struct yw_jfield f_callback[] = {F_BOOL(solved, true), F_BOOL(satisfied, true), F_STR(note, 500)};
static const struct yw_jfield f_extend[] = {{"days", YW_J_INT, true, 1, 30, offsetof(struct act_body, days)},
					    F_STR(reason, 500)};
static const struct yw_jfield f_decide[] = {F_BOOL(approve, true), F_STR(reason, 500), F_ID(assignment_id)};
static const struct yw_jfield f_merge[] = {F_ID(master_id)};

static const struct {
	const struct yw_jfield *fields;
	int n;
	bool assists; /* takes assist_department_ids */
} specs[YW_HL_ACTION_COUNT] = {
	[YW_HL_DISPATCH] = {f_dispatch, 3, true},
	[YW_HL_ANSWER] = {f_answer, 2},
	[YW_HL_SIGN] = {NULL, 0},
	[YW_HL_RETURN] = {f_reason, 1},
	[YW_HL_ARBITRATE] = {f_arbitrate, 5},
	[YW_HL_REPLY] = {f_reply, 2},
	[YW_HL_REVIEW] = {f_review, 3},
	[YW_HL_CALLBACK] = {f_callback, 3},
	[YW_HL_REOPEN] = {f_reason, 1},
	[YW_HL_PAUSE] = {f_reason, 1},
	[YW_HL_RESUME] = {f_reason, 1},
	[YW_HL_EXTEND] = {f_extend, 2},
	[YW_HL_EXTEND_DECIDE] = {f_decide, 3},
	[YW_HL_URGE] = {f_reason, 1},
	[YW_HL_SUPERVISE] = {f_reason, 1},
	[YW_HL_ESCALATE] = {f_reason, 1},
	[YW_HL_MERGE] = {f_merge, 1},
};

static bool take_assists(json_t *body, struct yw_hl_args *a, struct yw_resp *r)
{
	json_t *v = json_object_get(body, "assist_department_ids");
	if (v && !json_is_null(v)) {
		if (!json_is_array(v)) {
			yw_resp_err(r, YW_E_BAD_TYPE, "assist_department_ids", "协办部门应为部门 id 数组");
			return false;
		}
		if (json_array_size(v) > YW_HL_MAX_ASSIST) {
			yw_resp_err(r, YW_E_OUT_OF_RANGE, "assist_department_ids", "协办部门最多 %d 个",
				    YW_HL_MAX_ASSIST);
			return false;
		}
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			if (!json_is_integer(x) || json_integer_value(x) < 1) {
				yw_resp_err(r, YW_E_BAD_TYPE, "assist_department_ids", "协办部门应为部门 id（正整数）");
				return false;
			}
			a->assist_ids[a->nassist++] = json_integer_value(x);
		}
	}
	json_object_del(body, "assist_department_ids");
	return true;
}

static void act(struct yw_req *q, struct yw_resp *r, enum yw_hl_action action)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct act_body ab = {.strict = true};
	struct yw_hl_args args = {0};
	json_t *body = NULL;
	/* Steps without arguments (sign) take an empty body. */
	if (q->body_len || specs[action].n) {
		if (!(body = yw_api_body(q, r)))
			return;
		if ((specs[action].assists && !take_assists(body, &args, r)) ||
		    !yw_api_fields(body, specs[action].fields, specs[action].n, &ab, r)) {
			json_decref(body);
			return;
		}
	}
	args.reason = ab.reason;
	args.text = ab.answer;
	args.measures = ab.measures;
	args.result = ab.result;
	args.decision = ab.decision;
	args.note = ab.note;
	args.lead_department_id = ab.lead_department_id;
	args.department_id = ab.department_id;
	args.assignment_id = ab.assignment_id;
	args.master_id = ab.master_id;
	args.article_id = ab.article_id;
	args.days = (int)ab.days;
	args.strict = ab.strict;
	args.approve = ab.approve;
	args.solved = ab.solved;
	args.satisfied = ab.satisfied;
	struct yw_hl_ctx x;
	const struct yw_calendar_snap *snap;
	if (!begin(q, r, &x, &snap)) {
		json_decref(body);
		return;
	}
	struct yw_error err = {0};
	int st = yw_hl_act(q->app->store, &x, id, action, &args, NULL, &err);
	json_decref(body);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_view(q, r, &x, id, false, 200);
	yw_api_calendar_release(snap);
}

static void o_dispatch(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_DISPATCH); }
static void o_answer(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_ANSWER); }
static void o_sign(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_SIGN); }
static void o_return(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_RETURN); }
static void o_arbitrate(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_ARBITRATE); }
static void o_reply(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_REPLY); }
static void o_review(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_REVIEW); }
static void o_callback(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_CALLBACK); }
static void o_reopen(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_REOPEN); }
static void o_pause(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_PAUSE); }
static void o_resume(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_RESUME); }
static void o_extend(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_EXTEND); }
static void o_decide(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_EXTEND_DECIDE); }
static void o_urge(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_URGE); }
static void o_supervise(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_SUPERVISE); }
static void o_escalate(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_ESCALATE); }
static void o_merge(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_HL_MERGE); }

/* ---- the citizen's own orders (web channel) ----
 * A logged-in citizen files an order from the mobile page and follows the
 * orders made with the phone number of the account (also those taken by
 * phone). The account's phone is the caller's: nothing in the body can
 * name another number. */

static const struct yw_jfield mine_fields[] = {
	{"type", YW_J_STR, true, 1, 16, offsetof(struct create_body, type)},
	{"caller_name", YW_J_STR, false, 0, 20, offsetof(struct create_body, caller_name)},
	{"category_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct create_body, category_id)},
	{"region_code", YW_J_STR, false, 1, 12, offsetof(struct create_body, region_code)},
	{"address", YW_J_STR, false, 0, 200, offsetof(struct create_body, address)},
	{"description", YW_J_STR, false, 0, 2000, offsetof(struct create_body, description)},
};

static bool citizen_phone(struct yw_req *q, struct yw_resp *r)
{
	if (q->who.phone[0])
		return true;
	yw_resp_err(r, YW_E_INVALID_PHONE, "phone", "账号没有手机号，不能提交或查询诉求");
	return false;
}

static void mine_create(struct yw_req *q, struct yw_resp *r)
{
	if (!citizen_phone(q, r))
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	char *attachments = NULL;
	struct create_body cb = {0};
	if (!take_attachments(body, &attachments, r) || !yw_api_fields(body, mine_fields, 6, &cb, r)) {
		free(attachments);
		json_decref(body);
		return;
	}
	struct yw_hl_ctx x;
	const struct yw_calendar_snap *snap;
	if (!begin(q, r, &x, &snap)) {
		free(attachments);
		json_decref(body);
		return;
	}
	struct yw_hl_new in = {.channel = "web",
			       .type = cb.type,
			       .caller_name = cb.caller_name && *cb.caller_name ? cb.caller_name : q->who.name,
			       .caller_phone = q->who.phone,
			       .category_id = cb.category_id,
			       .region_code = cb.region_code,
			       .address = cb.address,
			       .description = cb.description,
			       .attachments = attachments};
	struct yw_hl_order o;
	struct yw_error err = {0};
	int st = yw_hl_create(q->app->store, &x, &in, &o, &err);
	free(attachments);
	json_decref(body);
	if (st) {
		yw_api_calendar_release(snap);
		yw_resp_status(r, st, &err);
		return;
	}
	int64_t id = o.id;
	yw_hl_order_clear(&o);
	reply_view(q, r, &x, id, false, 201);
	yw_api_calendar_release(snap);
}

static void mine_list(struct yw_req *q, struct yw_resp *r)
{
	struct yw_hl_filter f = {.caller_phone = q->who.phone};
	int page;
	if (!citizen_phone(q, r) || !yw_req_paging(q, r, &f.limit, &f.offset, &page))
		return;
	struct yw_hl_ctx x;
	const struct yw_calendar_snap *snap;
	if (!begin(q, r, &x, &snap))
		return;
	list_reply(q, r, &x, &f, page);
	yw_api_calendar_release(snap);
}

static void mine_get(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	struct yw_hl_ctx x;
	const struct yw_calendar_snap *snap;
	if (!id || !citizen_phone(q, r) || !begin(q, r, &x, &snap))
		return;
	struct yw_hl_view v;
	struct yw_error err = {0};
	int st = yw_hl_get(q->app->store, &x, id, false, &v, &err);
	/* Another caller's order does not exist for this citizen. */
	if (!st && strcmp(v.o.caller_phone, q->who.phone)) {
		yw_hl_view_free(&v);
		yw_error_set(&err, YW_E_NOT_FOUND, "id", "没有这张工单");
		st = YW_FAIL;
	}
	if (st) {
		yw_api_calendar_release(snap);
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	view_json(&b, &v, x.now);
	yw_hl_view_free(&v);
	yw_api_calendar_release(snap);
	yw_resp_buf(r, 200, &b);
}

#define T     "hotline"
#define ORDER "/api/v1/hotline/orders/{id}"

const struct yw_route yw_routes_hotline[] = {
	{"GET", "/api/v1/hotline/categories/tree", cat_tree, READERS | YW_ROLE_CITIZEN,
	 "诉求分类树（含继承后的时限）/ The category tree with effective limits", T},
	{"GET", "/api/v1/hotline/categories", cat_list, READERS,
	 "诉求分类列表 / Categories (?parent_id=&active=&q=&page=&page_size=)", T},
	{"POST", "/api/v1/hotline/categories", cat_create, ADMIN, "新建诉求分类 / Create a category", T, NULL,
	 "{code, name, parent_id?, sign_days?, handle_days?, urgent_handle_days?, reply_days?, active?, sort_order?}"},
	{"GET", "/api/v1/hotline/categories/{id}", cat_get, READERS, "诉求分类详情 / A category", T},
	{"PUT", "/api/v1/hotline/categories/{id}", cat_update, ADMIN,
	 "修改诉求分类 / Update a category (partial; send version to lock)", T, NULL, "{name?, …, version?}"},
	{"DELETE", "/api/v1/hotline/categories/{id}", cat_delete, ADMIN,
	 "删除未使用的诉求分类 / Delete an unused category", T},
	{"GET", "/api/v1/hotline/dispatch-rules", rule_list, READERS,
	 "派单目录 / Dispatch catalogue (?category_id=&region_id=&lead_department_id=)", T},
	{"POST", "/api/v1/hotline/dispatch-rules", rule_create, ADMIN, "新建派单规则 / Create a dispatch rule", T, NULL,
	 "{category_id, region_id, lead_department_id, assist_department_ids?, note?}"},
	{"GET", "/api/v1/hotline/dispatch-rules/{id}", rule_get, READERS, "派单规则详情 / A dispatch rule", T},
	{"PUT", "/api/v1/hotline/dispatch-rules/{id}", rule_update, ADMIN, "修改派单规则 / Update a dispatch rule", T,
	 NULL, "{lead_department_id?, assist_department_ids?, note?, version?}"},
	{"DELETE", "/api/v1/hotline/dispatch-rules/{id}", rule_delete, ADMIN, "删除派单规则 / Delete a dispatch rule",
	 T},
	{"POST", "/api/v1/hotline/orders", order_create, AGENT,
	 "受理工单（返回疑似重复件与派单建议）/ Take an order (with likely duplicates and the dispatch suggestion)", T,
	 NULL,
	 "{channel?, type, urgency?, anonymous?, caller_name?, caller_phone?, category_id, region_code?, address?, "
	 "description, attachments?}"},
	{"GET", "/api/v1/hotline/orders", order_list, READERS,
	 "工单列表（来电号码脱敏）/ Orders, caller masked (?state=&category_id=&department_id=&region_code=&overdue=&"
	 "from=&to=&channel=&type=&page=&page_size=)",
	 T},
	{"POST", "/api/v1/hotline/mine", mine_create, YW_ROLE_CITIZEN, "群众提交诉求 / A citizen files an order (web)", T, NULL,
	 "{type, category_id, description, address?, region_code?, caller_name?}"},
	{"GET", "/api/v1/hotline/mine", mine_list, YW_ROLE_CITIZEN, "我的工单 / A citizen's orders (by the account's phone)",
	 T},
	{"GET", "/api/v1/hotline/mine/{id}", mine_get, YW_ROLE_CITIZEN, "我的工单详情 / One of a citizen's orders", T},
	{"GET", "/api/v1/hotline/caller-history", caller_history, AGENT,
	 "来电人历史工单 / A caller's orders (?phone=&page=&page_size=)", T},
	{"GET", ORDER, order_get, READERS,
	 "工单详情（话务员可见完整号码，留痕）/ One order with assignments, events, callbacks", T},
	{"GET", ORDER "/similar", order_similar, AGENT | SUPERVISOR,
	 "疑似重复工单（7 日内同地址、内容相似）/ Likely duplicates", T},
	{"GET", ORDER "/suggestion", order_suggestion, AGENT | SUPERVISOR,
	 "派单目录建议 / The dispatch catalogue's suggestion", T},
	{"POST", ORDER "/dispatch", o_dispatch, AGENT, "派单 / Dispatch", T, NULL,
	 "{lead_department_id, assist_department_ids?, strict?, reason?}"},
	{"POST", ORDER "/answer", o_answer, AGENT, "直接答复办结（直办）/ Answer directly and close", T, NULL,
	 "{answer, article_id?}"},
	{"POST", ORDER "/sign", o_sign, HANDLER, "部门签收 / Sign for the order", T},
	{"POST", ORDER "/return", o_return, HANDLER, "部门退单 / Return the order with a reason", T, NULL, "{reason}"},
	{"POST", ORDER "/arbitrate", o_arbitrate, AGENT, "退单仲裁：改派或维持 / Arbitrate a return", T, NULL,
	 "{decision: redispatch|uphold, department_id?, assignment_id?, strict?, reason?}"},
	{"POST", ORDER "/reply", o_reply, HANDLER, "部门答复 / Reply with measures and result", T, NULL,
	 "{measures, result}"},
	{"POST", ORDER "/review", o_review, AGENT, "中心审核答复 / Review the replies", T, NULL,
	 "{decision: accept|send_back, reason?, assignment_id?}"},
	{"POST", ORDER "/callback", o_callback, AGENT, "回访并办结 / Call back and close", T, NULL,
	 "{solved, satisfied, note?}"},
	{"POST", ORDER "/reopen", o_reopen, AGENT, "重办（限一次）/ Reopen once", T, NULL, "{reason}"},
	{"POST", ORDER "/pause", o_pause, AGENT | HANDLER, "暂停计时（等待市民）/ Pause the clock", T, NULL,
	 "{reason}"},
	{"POST", ORDER "/resume", o_resume, AGENT | HANDLER, "恢复计时 / Resume the clock", T, NULL, "{reason?}"},
	{"POST", ORDER "/extension", o_extend, HANDLER, "申请延期 / Ask for an extension", T, NULL, "{days, reason}"},
	{"POST", ORDER "/extension/decide", o_decide, AGENT | SUPERVISOR, "审批延期 / Decide an extension", T, NULL,
	 "{approve, reason?, assignment_id?}"},
	{"POST", ORDER "/urge", o_urge, AGENT | SUPERVISOR, "催办 / Urge", T, NULL, "{reason}"},
	{"POST", ORDER "/supervise", o_supervise, SUPERVISOR, "督办 / Supervise", T, NULL, "{reason}"},
	{"POST", ORDER "/escalate", o_escalate, SUPERVISOR, "升级 / Escalate", T, NULL, "{reason}"},
	{"POST", ORDER "/merge", o_merge, AGENT, "并单：并入主工单 / Merge into a master order", T, NULL,
	 "{master_id}"},
	{NULL},
};
