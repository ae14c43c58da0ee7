/* The rectification order of a bad rating (include/yw/rating_rectify.h):
 *
 *   verifying ──verify──▶ rectifying ──plan: 立行立改 / 解释说明──▶ awaiting_callback
 *                              │                                        ▲
 *                              └─plan: 限期整改 (due date)──complete────┘
 *   awaiting_callback ──callback (supervisor)──▶ (recorded) ──close──▶ closed
 *
 * Each step is a write transaction: the order is read, the actor's scope
 * checked (the department's own orders only), the step applied, the row
 * written with a version check (two actors never both win), the rollups
 * moved by what the rating now counts, and the step audited. */
#include "yw/audit.h"
#include "yw/rating_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

void yw_rect_list_free(struct yw_rect_list *l)
{
	free(l->items);
	memset(l, 0, sizeof *l);
}

static void flag_overdue(struct yw_rectification *x, const char *today)
{
	x->overdue = (!strcmp(x->state, "verifying") && x->verify_due[0] && strcmp(x->verify_due, today) < 0) ||
		     (!strcmp(x->state, "rectifying") && !strcmp(x->mode, "deadline") && x->due_date[0] &&
		      strcmp(x->due_date, today) < 0);
}

/* ---- reading ---- */

struct list_ctx {
	const struct yw_actor *who;
	const struct yw_rect_filter *f;
	struct yw_rect_list *out;
	struct yw_error *err;
};

static int list_tx(struct yw_conn *c, void *p)
{
	struct list_ctx *x = p;
	yw_rect_list_free(x->out);
	struct yw_rating_scope sc;
	int st = yw_rating_scope_of(c, x->who, &sc, x->err);
	if (st)
		return st;
	if (sc.department_id && x->f->department_id && x->f->department_id != sc.department_id)
		return fail(x->err, YW_E_FORBIDDEN_SCOPE, "department_id", "只能查看本部门的整改单 / your department's orders only");
	char today[11];
	yw_rating_day(yw_now_ms(), today);
	struct yw_rs_rect_query q = {
		.state = x->f->state,
		.region_like = sc.region_like[0] ? sc.region_like : NULL,
		.today = today,
		.overdue_only = x->f->overdue_only,
		.department_id = sc.department_id ? sc.department_id : x->f->department_id,
		.hall_id = sc.hall_id,
		.limit = x->f->limit,
		.offset = x->f->offset,
	};
	if ((st = yw_rs_rects(c, &q, x->out)))
		return st;
	for (int i = 0; i < x->out->n; i++)
		flag_overdue(&x->out->items[i], today);
	return YW_OK;
}

int yw_rect_list(struct yw_store *s, const struct yw_actor *who, const struct yw_rect_filter *f,
		 struct yw_rect_list *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct list_ctx x = {who, f, out, err};
	return yw_store_tx(s, YW_TX_READ, list_tx, &x);
}

/* The order, if the actor may see it. */
static int load(struct yw_conn *c, const struct yw_actor *who, int64_t id, struct yw_rectification *out,
		struct yw_error *err)
{
	int st = yw_rs_rect_get(c, id, out);
	if (st == YW_NOTFOUND)
		return fail(err, YW_E_NOT_FOUND, "id", "没有这张整改单 / no such order");
	if (st)
		return st;
	return yw_rating_scope_check(c, who, out->region_id, out->department_id, out->hall_id, err);
}

struct get_ctx {
	const struct yw_actor *who;
	int64_t id;
	struct yw_rectification *out;
	struct yw_error *err;
};

static int get_tx(struct yw_conn *c, void *p)
{
	struct get_ctx *x = p;
	int st = load(c, x->who, x->id, x->out, x->err);
	if (st)
		return st;
	char today[11];
	yw_rating_day(yw_now_ms(), today);
	flag_overdue(x->out, today);
	return YW_OK;
}

int yw_rect_get(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_rectification *out,
		struct yw_error *err)
{
	struct get_ctx x = {who, id, out, err};
	return yw_store_tx(s, YW_TX_READ, get_tx, &x);
}

/* ---- steps ---- */

static const char *const action_names[] = {"verify", "plan", "complete", "callback", "close"};

struct act_ctx {
	const struct yw_actor *who;
	int64_t id;
	enum yw_rect_action a;
	const struct yw_rect_args *args;
	int64_t now;
	struct yw_rectification *out;
	struct yw_error *err;
};

static int need_state(struct act_ctx *x, const struct yw_rectification *r, const char *state, const char *msg)
{
	if (strcmp(r->state, state))
		return fail(x->err, YW_E_RECTIFY_BAD_STATE, NULL, msg);
	return YW_OK;
}

static int need_text(struct act_ctx *x, const char *field, const char *msg)
{
	const char *t = x->args ? x->args->text : NULL;
	if (!t || blank(t))
		return fail(x->err, YW_E_MISSING_FIELD, field, msg);
	if (yw_utf8_len(t) > YW_RECTIFY_TEXT_MAX)
		return fail(x->err, YW_E_TOO_LONG, field, "最多 1000 个字符");
	return YW_OK;
}

static int do_verify(struct act_ctx *x, struct yw_rectification *r)
{
	int st = need_state(x, r, "verifying", "整改单已核实 / the order is verified already");
	if (st || (st = need_text(x, "finding", "请填写核实情况 / state what verification found")))
		return st;
	snprintf(r->finding, sizeof r->finding, "%s", x->args->text);
	r->verified_at = x->now;
	r->verified_by = x->who ? x->who->user_id : 0;
	snprintf(r->state, sizeof r->state, "rectifying");
	return YW_OK;
}

static int do_plan(struct act_ctx *x, struct yw_rectification *r)
{
	int st = need_state(x, r, "rectifying", "整改单不在整改阶段 / the order is not being rectified");
	if (st)
		return st;
	if (r->mode[0])
		return fail(x->err, YW_E_RECTIFY_BAD_STATE, "mode", "已选定整改方式 / the way of rectification is chosen");
	const char *mode = x->args ? x->args->mode : NULL;
	if (!mode)
		return fail(x->err, YW_E_MISSING_FIELD, "mode", "请选择 立行立改、限期整改 或 解释说明");
	bool deadline = !strcmp(mode, "deadline");
	if (!deadline && strcmp(mode, "immediate") && strcmp(mode, "explain"))
		return fail(x->err, YW_E_BAD_ENUM, "mode", "mode 为 immediate、deadline 或 explain");
	if (deadline) {
		struct yw_date due;
		char today[11];
		yw_rating_day(x->now, today);
		const char *d = x->args->due_date;
		if (!d || strlen(d) != 10 || yw_date_parse(d, &due, "due_date", NULL) != YW_OK || strcmp(d, today) < 0)
			return fail(x->err, YW_E_RECTIFY_DUE_DATE, "due_date", "请填写不早于今天的整改期限 YYYY-MM-DD");
		if (x->args->text && !blank(x->args->text) &&
		    (st = need_text(x, "measures", "请填写整改措施")))
			return st;
		snprintf(r->due_date, sizeof r->due_date, "%s", d);
		snprintf(r->measures, sizeof r->measures, "%s", x->args->text ? x->args->text : "");
	} else {
		if ((st = need_text(x, "measures", !strcmp(mode, "explain") ? "请填写解释说明" : "请填写整改措施")))
			return st;
		snprintf(r->measures, sizeof r->measures, "%s", x->args->text);
		r->rectified_at = x->now;
		snprintf(r->state, sizeof r->state, "awaiting_callback");
	}
	snprintf(r->mode, sizeof r->mode, "%s", mode);
	return YW_OK;
}

static int do_complete(struct act_ctx *x, struct yw_rectification *r)
{
	int st = need_state(x, r, "rectifying", "整改单不在整改阶段 / the order is not being rectified");
	if (st)
		return st;
	if (strcmp(r->mode, "deadline"))
		return fail(x->err, YW_E_RECTIFY_BAD_STATE, NULL, "只有限期整改需要报告完成 / only 限期整改 reports completion");
	if ((st = need_text(x, "measures", "请填写整改结果")))
		return st;
	snprintf(r->measures, sizeof r->measures, "%s", x->args->text);
	r->rectified_at = x->now;
	snprintf(r->state, sizeof r->state, "awaiting_callback");
	return YW_OK;
}

static int do_callback(struct act_ctx *x, struct yw_rectification *r)
{
	int st = need_state(x, r, "awaiting_callback", "整改完成后才能回访 / call back after the rectification");
	if (st)
		return st;
	if (r->callback_at)
		return fail(x->err, YW_E_RECTIFY_BAD_STATE, NULL, "已回访 / the callback is recorded");
	const char *note = x->args ? x->args->text : NULL;
	if (note && yw_utf8_len(note) > YW_RECTIFY_TEXT_MAX)
		return fail(x->err, YW_E_TOO_LONG, "note", "最多 1000 个字符");
	r->callback_at = x->now;
	r->callback_by = x->who ? x->who->user_id : 0;
	r->callback_reached = x->args && x->args->reached;
	/* Whether it was fixed and whether they are satisfied are the rater's
	 * answers: not recorded when they could not be reached. */
	r->callback_fixed = r->callback_reached ? x->args->fixed : -1;
	r->callback_satisfied = r->callback_reached ? x->args->satisfied : -1;
	snprintf(r->callback_note, sizeof r->callback_note, "%s", note ? note : "");
	return YW_OK;
}

static int do_close(struct act_ctx *x, struct yw_rectification *r)
{
	if (!strcmp(r->state, "closed"))
		return fail(x->err, YW_E_RECTIFY_BAD_STATE, NULL, "整改单已办结 / the order is closed");
	if (strcmp(r->state, "awaiting_callback") || !r->callback_at)
		return fail(x->err, YW_E_RECTIFY_CALLBACK_FIRST, NULL, "须先回访评价人 / call the rater back first");
	r->closed_at = x->now;
	r->closed_by = x->who ? x->who->user_id : 0;
	snprintf(r->outcome, sizeof r->outcome, "rectified");
	snprintf(r->state, sizeof r->state, "closed");
	return YW_OK;
}

static void step_summary(struct yw_buf *b, const char *was, const struct yw_rectification *r)
{
	yw_buf_printf(b, "{\"state\":[\"%s\",\"%s\"]", was, r->state);
	if (r->mode[0])
		yw_buf_printf(b, ",\"mode\":\"%s\"", r->mode);
	if (r->due_date[0])
		yw_buf_printf(b, ",\"due_date\":\"%s\"", r->due_date);
	if (r->callback_at)
		yw_buf_printf(b, ",\"reached\":%d,\"fixed\":%d,\"satisfied\":%d", r->callback_reached, r->callback_fixed,
			      r->callback_satisfied);
	yw_buf_adds(b, "}");
}

static int act_tx(struct yw_conn *c, void *p)
{
	struct act_ctx *x = p;
	struct yw_rectification r;
	int st = load(c, x->who, x->id, &r, x->err);
	if (st)
		return st;
	struct yw_rating_counts before, after;
	yw_rating_contrib(&r.rating, &r, &before);
	char was[20];
	snprintf(was, sizeof was, "%s", r.state);
	switch (x->a) {
	case YW_RA_VERIFY: st = do_verify(x, &r); break;
	case YW_RA_PLAN: st = do_plan(x, &r); break;
	case YW_RA_COMPLETE: st = do_complete(x, &r); break;
	case YW_RA_CALLBACK: st = do_callback(x, &r); break;
	case YW_RA_CLOSE: st = do_close(x, &r); break;
	}
	if (st || (st = yw_rs_rect_save(c, &r, x->now)))
		return st;
	yw_rating_contrib(&r.rating, &r, &after);
	if ((st = yw_rating_rollup_move(c, &r.rating, &before, &after)))
		return st;
	struct yw_buf b = {0};
	step_summary(&b, was, &r);
	st = yw_audit_append(c, x->who, action_names[x->a], "rating_rectification", r.id, b.data);
	yw_buf_free(&b);
	if (st)
		return st;
	if ((st = yw_rs_rect_get(c, r.id, x->out)))
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	char today[11];
	yw_rating_day(x->now, today);
	flag_overdue(x->out, today);
	return YW_OK;
}

int yw_rect_act_at(struct yw_store *s, const struct yw_actor *who, int64_t id, enum yw_rect_action a,
		   const struct yw_rect_args *args, int64_t now, struct yw_rectification *out, struct yw_error *err)
{
	struct act_ctx x = {who, id, a, args, now, out, err};
	return yw_store_tx(s, YW_TX_WRITE, act_tx, &x);
}

int yw_rect_act(struct yw_store *s, const struct yw_actor *who, int64_t id, enum yw_rect_action a,
		const struct yw_rect_args *args, struct yw_rectification *out, struct yw_error *err)
{
	return yw_rect_act_at(s, who, id, a, args, yw_now_ms(), out, err);
}

/* ---- the rater's phone for the callback ---- */

struct contact_ctx {
	const struct yw_actor *who;
	int64_t id;
	char *phone;
	struct yw_error *err;
};

static int contact_tx(struct yw_conn *c, void *p)
{
	struct contact_ctx *x = p;
	struct yw_rectification r;
	int st = load(c, x->who, x->id, &r, x->err);
	if (st)
		return st;
	struct yw_rs_rating g;
	if ((st = yw_rs_rating_get(c, r.rating_id, &g)))
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	if (!g.r.callback_consent || !g.callback_phone[0])
		return fail(x->err, YW_E_RECTIFY_NO_CONSENT, "id", "评价人未同意回访联系 / the rater did not agree to be contacted");
	snprintf(x->phone, 32, "%s", g.callback_phone);
	/* Each read of a full phone is on record (DESIGN.md, personal data). */
	return yw_audit_append(c, x->who, "read_contact", "rating_rectification", r.id, "{\"field\":\"callback_phone\"}");
}

int yw_rect_contact(struct yw_store *s, const struct yw_actor *who, int64_t id, char phone[32], struct yw_error *err)
{
	phone[0] = 0;
	struct contact_ctx x = {who, id, phone, err};
	return yw_store_tx(s, YW_TX_WRITE, contact_tx, &x);
}
