/* Rectification orders of bad ratings and appeals (docs/ratings.md):
 * the department's workbench (verify, plan, complete, appeal), the
 * supervisor's callback and appeal decisions, and closing. Who records the
 * callback: the supervisor (效能监督), independent of the department whose
 * service was rated, and the only one who may read the rater's phone —
 * when the rater agreed to be called back, and each read is audited. */
#include "api/api.h"
#include "yw/rating_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEPT (YW_ROLE_APPROVER | YW_ROLE_ADMIN)
#define SUPER (YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)
#define READERS (YW_ROLE_APPROVER | YW_ROLE_SUPERVISOR | YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN)

static void reply_rect(struct yw_resp *r, int status, const struct yw_rectification *x)
{
	struct yw_buf b = {0};
	yw_rect_json(&b, x);
	yw_resp_buf(r, status, &b);
}

static void list(struct yw_req *q, struct yw_resp *r)
{
	static const char *const known[] = {"state", "overdue", "department_id", NULL};
	static const char *const states[] = {"verifying", "rectifying", "awaiting_callback", "closed", NULL};
	struct yw_rect_filter f = {0};
	int page;
	if (!yw_rating_query_known(q, r, known) || !yw_req_paging(q, r, &f.limit, &f.offset, &page) ||
	    !yw_rating_query_id(q, r, "department_id", &f.department_id))
		return;
	f.state = yw_req_query(q, "state");
	bool ok = !f.state;
	for (int i = 0; f.state && states[i]; i++)
		ok |= !strcmp(states[i], f.state);
	if (!ok) {
		yw_resp_err(r, YW_E_BAD_QUERY, "state", "state 为 verifying、rectifying、awaiting_callback 或 closed");
		return;
	}
	const char *overdue = yw_req_query(q, "overdue");
	if (overdue && strcmp(overdue, "1") && strcmp(overdue, "0")) {
		yw_resp_err(r, YW_E_BAD_QUERY, "overdue", "overdue 为 1 或 0");
		return;
	}
	f.overdue_only = overdue && !strcmp(overdue, "1");
	struct yw_rect_list l;
	struct yw_error err = {0};
	int st = yw_rect_list(q->app->store, &q->actor, &f, &l, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l.n; i++) {
		yw_buf_adds(&b, i ? "," : "");
		yw_rect_json(&b, &l.items[i]);
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)l.total, page, f.limit);
	yw_rect_list_free(&l);
	yw_resp_buf(r, 200, &b);
}

static void get_one(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_rectification *x = yw_malloc(sizeof *x);
	struct yw_error err = {0};
	int st = yw_rect_get(q->app->store, &q->actor, id, x, &err);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_rect(r, 200, x);
	free(x);
}

/* ---- steps ---- */

struct step_body {
	const char *finding, *measures, *mode, *due_date, *note;
	bool reached, fixed, satisfied;
};

static void step(struct yw_req *q, struct yw_resp *r, enum yw_rect_action a)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct step_body sb = {0};
	static const struct yw_jfield verify_f[] = {
		{"finding", YW_J_STR, false, 0, YW_RECTIFY_TEXT_MAX, offsetof(struct step_body, finding)}};
	static const struct yw_jfield plan_f[] = {
		{"mode", YW_J_STR, false, 0, 20, offsetof(struct step_body, mode)},
		{"due_date", YW_J_STR, false, 0, 10, offsetof(struct step_body, due_date)},
		{"measures", YW_J_STR, false, 0, YW_RECTIFY_TEXT_MAX, offsetof(struct step_body, measures)}};
	static const struct yw_jfield complete_f[] = {
		{"measures", YW_J_STR, false, 0, YW_RECTIFY_TEXT_MAX, offsetof(struct step_body, measures)}};
	static const struct yw_jfield callback_f[] = {
		{"reached", YW_J_BOOL, true, 0, 0, offsetof(struct step_body, reached)},
		{"fixed", YW_J_BOOL, false, 0, 0, offsetof(struct step_body, fixed)},
		{"satisfied", YW_J_BOOL, false, 0, 0, offsetof(struct step_body, satisfied)},
		{"note", YW_J_STR, false, 0, YW_RECTIFY_TEXT_MAX, offsetof(struct step_body, note)}};
	static const struct yw_jfield close_f[] = {
		{"note", YW_J_STR, false, 0, YW_RECTIFY_TEXT_MAX, offsetof(struct step_body, note)}};
	static const struct {
		const struct yw_jfield *f;
		int n;
	} specs[] = {{verify_f, 1}, {plan_f, 3}, {complete_f, 1}, {callback_f, 4}, {close_f, 1}};
	json_t *body = NULL;
	if (q->body_len || a != YW_RA_CLOSE) {
		if (!(body = yw_api_body(q, r)))
			return;
		if (!yw_api_fields(body, specs[a].f, specs[a].n, &sb, r)) {
			json_decref(body);
			return;
		}
	}
	if (a == YW_RA_CALLBACK && sb.reached && (!json_object_get(body, "fixed") || !json_object_get(body, "satisfied"))) {
		const char *field = json_object_get(body, "fixed") ? "satisfied" : "fixed";
		yw_resp_err(r, YW_E_MISSING_FIELD, field, "联系上评价人时须记录问题是否解决、是否满意");
		json_decref(body);
		return;
	}
	struct yw_rect_args args = {
		.text = a == YW_RA_VERIFY ? sb.finding : a == YW_RA_CALLBACK || a == YW_RA_CLOSE ? sb.note : sb.measures,
		.mode = sb.mode,
		.due_date = sb.due_date,
		.reached = sb.reached,
		.fixed = sb.fixed,
		.satisfied = sb.satisfied,
	};
	struct yw_rectification *x = yw_malloc(sizeof *x);
	struct yw_error err = {0};
	int st = yw_rect_act(q->app->store, &q->actor, id, a, &args, x, &err);
	json_decref(body);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_rect(r, 200, x);
	free(x);
}

static void verify(struct yw_req *q, struct yw_resp *r) { step(q, r, YW_RA_VERIFY); }
static void plan(struct yw_req *q, struct yw_resp *r) { step(q, r, YW_RA_PLAN); }
static void complete(struct yw_req *q, struct yw_resp *r) { step(q, r, YW_RA_COMPLETE); }
static void callback(struct yw_req *q, struct yw_resp *r) { step(q, r, YW_RA_CALLBACK); }
static void close_order(struct yw_req *q, struct yw_resp *r) { step(q, r, YW_RA_CLOSE); }

static void contact(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	char phone[32];
	struct yw_error err = {0};
	int st = yw_rect_contact(q->app->store, &q->actor, id, phone, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"phone\":");
	yw_buf_json_str(&b, phone);
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 200, &b);
	yw_resp_header(r, "Cache-Control", "no-store");
}

/* ---- appeals ---- */

static void reply_appeal(struct yw_resp *r, int status, const struct yw_appeal *a)
{
	struct yw_buf b = {0};
	yw_appeal_json(&b, a);
	yw_resp_buf(r, status, &b);
}

struct appeal_body {
	const char *reason, *evidence, *attachment;
};

static void appeal(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct appeal_body ab = {0};
	static const struct yw_jfield fields[] = {
		{"reason", YW_J_STR, false, 0, YW_RECTIFY_TEXT_MAX, offsetof(struct appeal_body, reason)},
		{"evidence", YW_J_STR, false, 0, YW_APPEAL_EVIDENCE_MAX, offsetof(struct appeal_body, evidence)},
		{"attachment", YW_J_STR, false, 0, YW_APPEAL_ATTACHMENT_MAX, offsetof(struct appeal_body, attachment)},
	};
	if (!yw_api_fields(body, fields, 3, &ab, r)) {
		json_decref(body);
		return;
	}
	struct yw_appeal *a = yw_malloc(sizeof *a);
	struct yw_error err = {0};
	int st = yw_appeal_file(q->app->store, &q->actor, id, ab.reason, ab.evidence, ab.attachment, a, &err);
	json_decref(body);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_appeal(r, 201, a);
	free(a);
}

static void appeals(struct yw_req *q, struct yw_resp *r)
{
	static const char *const known[] = {"state", NULL};
	int limit, offset, page;
	if (!yw_rating_query_known(q, r, known) || !yw_req_paging(q, r, &limit, &offset, &page))
		return;
	const char *state = yw_req_query(q, "state");
	if (state && strcmp(state, "pending") && strcmp(state, "upheld") && strcmp(state, "rejected")) {
		yw_resp_err(r, YW_E_BAD_QUERY, "state", "state 为 pending、upheld 或 rejected");
		return;
	}
	struct yw_appeal_list l;
	struct yw_error err = {0};
	int st = yw_appeal_list(q->app->store, &q->actor, state, limit, offset, &l, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l.n; i++) {
		yw_buf_adds(&b, i ? "," : "");
		yw_appeal_json(&b, &l.items[i]);
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)l.total, page, limit);
	yw_appeal_list_free(&l);
	yw_resp_buf(r, 200, &b);
}

static void appeal_get(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_appeal *a = yw_malloc(sizeof *a);
	struct yw_error err = {0};
	int st = yw_appeal_get(q->app->store, &q->actor, id, a, &err);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_appeal(r, 200, a);
	free(a);
}

struct decide_body {
	bool uphold;
	const char *reason;
};

static void decide(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct decide_body db = {0};
	static const struct yw_jfield fields[] = {
		{"uphold", YW_J_BOOL, true, 0, 0, offsetof(struct decide_body, uphold)},
		{"reason", YW_J_STR, false, 0, YW_RECTIFY_TEXT_MAX, offsetof(struct decide_body, reason)},
	};
	if (!yw_api_fields(body, fields, 2, &db, r)) {
		json_decref(body);
		return;
	}
	struct yw_appeal *a = yw_malloc(sizeof *a);
	struct yw_error err = {0};
	int st = yw_appeal_decide(q->app->store, &q->actor, id, db.uphold, db.reason, a, &err);
	json_decref(body);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_appeal(r, 200, a);
	free(a);
}

const struct yw_route yw_routes_rating_rectify[] = {
	{"GET", "/api/v1/rectifications", list, READERS,
	 "差评整改单（部门：本部门）/ Rectification orders in scope (?state=&overdue=1&department_id=&page=)",
	 "rectifications"},
	{"GET", "/api/v1/rectifications/{id}", get_one, READERS, "整改单详情 / A rectification order", "rectifications"},
	{"POST", "/api/v1/rectifications/{id}/verify", verify, DEPT, "核实差评 / Verify the bad review", "rectifications",
	 NULL, "{finding}"},
	{"POST", "/api/v1/rectifications/{id}/plan", plan, DEPT,
	 "整改方式：立行立改 / 限期整改 / 解释说明 / Rectify now, by a due date, or explain", "rectifications", NULL,
	 "{mode: immediate | deadline | explain, due_date (deadline), measures}"},
	{"POST", "/api/v1/rectifications/{id}/complete", complete, DEPT, "限期整改完成 / Report a 限期整改 done",
	 "rectifications", NULL, "{measures}"},
	{"POST", "/api/v1/rectifications/{id}/callback", callback, SUPER,
	 "回访评价人：问题是否解决、是否满意 / Record the callback", "rectifications", NULL,
	 "{reached, fixed (when reached), satisfied (when reached), note?}"},
	{"POST", "/api/v1/rectifications/{id}/close", close_order, DEPT | SUPER,
	 "办结整改单（须先回访）/ Close the order (after the callback)", "rectifications", NULL, "{note?}"},
	{"GET", "/api/v1/rectifications/{id}/contact", contact, SUPER,
	 "回访联系电话（评价人同意时；读取留痕）/ The rater's phone for the callback (consent only; audited)",
	 "rectifications"},
	{"POST", "/api/v1/rectifications/{id}/appeal", appeal, DEPT,
	 "申诉差评（须提供证据）/ Appeal the bad review with evidence", "rectifications", NULL,
	 "{reason, evidence, attachment?}"},
	{"GET", "/api/v1/rating-appeals", appeals, YW_ROLE_SUPERVISOR | YW_ROLE_APPROVER | YW_ROLE_ADMIN,
	 "差评申诉 / Appeals in scope (?state=pending|upheld|rejected&page=)", "rectifications"},
	{"GET", "/api/v1/rating-appeals/{id}", appeal_get, YW_ROLE_SUPERVISOR | YW_ROLE_APPROVER | YW_ROLE_ADMIN,
	 "申诉详情 / An appeal", "rectifications"},
	{"POST", "/api/v1/rating-appeals/{id}/decide", decide, SUPER,
	 "复核申诉：支持则该差评不计入统计 / Decide: upheld excludes the review from the figures", "rectifications", NULL,
	 "{uphold, reason}"},
	{NULL},
};
