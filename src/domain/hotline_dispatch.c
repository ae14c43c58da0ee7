/* Dispatch (派单): the catalogue suggests a lead department and assisting
 * ones for the order's category and region; the agent confirms or
 * overrides. A department that does not exist is refused, and so, when the
 * dispatch is strict (the default), is one the catalogue gives no duty for
 * the category. A department may return the order (退单); the centre then
 * arbitrates: re-dispatch to another department (改派) or uphold. */
#include "hotline_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lead_first_pending(struct hl_run *r, struct yw_hl_assignment **out)
{
	*out = NULL;
	for (int i = 0; i < r->nas; i++) {
		struct yw_hl_assignment *a = &r->as[i];
		if (a->round != r->o.round || strcmp(a->state, "returned") || a->arbitration[0])
			continue;
		if (!*out || !strcmp(a->role, "lead"))
			*out = a;
	}
	return *out ? YW_OK : YW_NOTFOUND;
}

int yw_hl_step_dispatch(struct hl_run *r)
{
	static const char *const from[] = {"accepted", NULL};
	const struct yw_hl_args *a = r->args;
	if (!a->lead_department_id)
		return yw_hl_fail(r, YW_E_MISSING_FIELD, "lead_department_id", "请选择主办部门");
	if (!yw_hl_state_is(&r->o, from))
		return yw_hl_bad_state(r, "只有已受理、尚未派单的工单可以派单");
	int st = yw_hl_check_department(r, a->lead_department_id, a->strict, "lead_department_id");
	for (int i = 0; !st && i < a->nassist; i++) {
		bool twice = a->assist_ids[i] == a->lead_department_id;
		for (int j = 0; j < i; j++)
			twice |= a->assist_ids[j] == a->assist_ids[i];
		if (twice)
			return yw_hl_fail(r, YW_E_HOTLINE_DEPARTMENT_TWICE, "assist_department_ids",
					  "协办部门重复，或与主办部门相同");
		st = yw_hl_check_department(r, a->assist_ids[i], a->strict, "assist_department_ids");
	}
	if (st)
		return st;
	/* Record whether the agent followed the catalogue (转办准确率 needs it). */
	int64_t chain[3];
	struct yw_hl_suggestion sug = {0};
	if ((st = yw_hl_category_chain(r->c, r->o.category_id, chain)))
		return st;
	st = r->o.region_path[0] ? yw_hs_best_rule(r->c, chain, r->o.region_path, &sug) : YW_NOTFOUND;
	if (st && st != YW_NOTFOUND)
		return st;
	if (!r->o.round)
		r->o.round = 1;
	if ((st = yw_hl_order_deadlines(r)) || (st = yw_hl_assign(r, a->lead_department_id, "lead")))
		return st;
	for (int i = 0; i < a->nassist; i++)
		if ((st = yw_hl_assign(r, a->assist_ids[i], "assist")))
			return st;
	r->o.lead_department_id = a->lead_department_id;
	r->o.dispatched_at = r->x->now;
	snprintf(r->o.state, sizeof r->o.state, "dispatched");
	r->ev_department_id = a->lead_department_id;
	r->ev_reason = yw_hl_blank(a->reason) ? NULL : a->reason;
	struct yw_buf ids = {0};
	for (int i = 0; i < a->nassist; i++)
		yw_buf_printf(&ids, "%s%lld", i ? "," : "", (long long)a->assist_ids[i]);
	yw_hl_detail(r,
		     "\"lead_department_id\":%lld,\"assist_department_ids\":[%s],\"strict\":%s,"
		     "\"suggested_lead_id\":%lld,\"rule_id\":%lld,\"override\":%s",
		     (long long)a->lead_department_id, ids.data ? ids.data : "", a->strict ? "true" : "false",
		     (long long)sug.lead_department_id, (long long)sug.rule_id,
		     sug.found && sug.lead_department_id == a->lead_department_id ? "false" : "true");
	yw_buf_free(&ids);
	return YW_OK;
}

int yw_hl_step_arbitrate(struct hl_run *r)
{
	static const char *const open[] = {"dispatched", "returned", "signed", NULL};
	const struct yw_hl_args *args = r->args;
	bool redispatch = args->decision && !strcmp(args->decision, "redispatch");
	bool uphold = args->decision && !strcmp(args->decision, "uphold");
	if (!redispatch && !uphold)
		return yw_hl_fail(r, YW_E_BAD_ENUM, "decision",
				  "仲裁结果应为 redispatch（改派）或 uphold（维持原派单）");
	if (redispatch && !args->department_id)
		return yw_hl_fail(r, YW_E_MISSING_FIELD, "department_id", "请选择改派的部门");
	if (uphold && yw_hl_blank(args->reason))
		return yw_hl_fail(r, YW_E_HOTLINE_REASON_REQUIRED, "reason", "维持原派单须说明理由");
	if (!yw_hl_state_is(&r->o, open))
		return yw_hl_bad_state(r, "没有待仲裁的退单");
	struct yw_hl_assignment *a = NULL;
	if (args->assignment_id) {
		a = yw_hl_find_assignment(r, args->assignment_id);
		if (!a || a->round != r->o.round || strcmp(a->state, "returned") || a->arbitration[0])
			return yw_hl_fail(r, YW_E_HOTLINE_BAD_STATE, "assignment_id", "该派单不是待仲裁的退单");
	} else if (lead_first_pending(r, &a)) {
		return yw_hl_bad_state(r, "没有待仲裁的退单");
	}
	bool lead = !strcmp(a->role, "lead");
	int64_t returned_by = a->department_id;
	int st;
	a->arbitrated_at = r->x->now;
	if (redispatch) {
		if ((st = yw_hl_check_department(r, args->department_id, args->strict, "department_id")))
			return st;
		snprintf(a->arbitration, sizeof a->arbitration, "redispatched");
		char role[8];
		snprintf(role, sizeof role, "%s", a->role);
		if ((st = yw_hl_save_assignment(r, a)))
			return st;
		if (lead) {
			r->o.lead_department_id = args->department_id;
			snprintf(r->o.state, sizeof r->o.state, "dispatched");
			if ((st = yw_hl_order_deadlines(r)))
				return st;
		}
		if ((st = yw_hl_assign(r, args->department_id, role)))
			return st;
		r->ev_department_id = args->department_id;
	} else {
		snprintf(a->arbitration, sizeof a->arbitration, "upheld");
		snprintf(a->state, sizeof a->state, "dispatched");
		if ((st = yw_hl_deadline(r, r->x->now, r->o.sign_days, &a->sign_by)) ||
		    (st = yw_hl_save_assignment(r, a)))
			return st;
		if (lead) {
			snprintf(r->o.state, sizeof r->o.state, "dispatched");
			r->o.sign_by = a->sign_by;
		}
		r->ev_department_id = a->department_id;
	}
	r->ev_reason = yw_hl_blank(args->reason) ? NULL : args->reason;
	yw_hl_detail(r, "\"assignment_id\":%lld,\"decision\":\"%s\",\"returned_by_department_id\":%lld,\"role\":\"%s\"",
		     (long long)a->id, redispatch ? "redispatch" : "uphold", (long long)returned_by,
		     lead ? "lead" : "assist");
	if (redispatch)
		yw_hl_detail(r, "\"department_id\":%lld", (long long)args->department_id);
	return YW_OK;
}

/* ---- the suggestion ---- */

struct suggest_ctx {
	const struct yw_hl_ctx *x;
	int64_t id;
	struct yw_hl_suggestion *out;
	struct yw_error *err;
};

static int suggest_tx(struct yw_conn *c, void *p)
{
	struct suggest_ctx *sc = p;
	struct yw_hl_order o;
	memset(sc->out, 0, sizeof *sc->out);
	int st = yw_hs_order_get(c, sc->id, &o);
	if (st == YW_NOTFOUND) {
		yw_error_set(sc->err, YW_E_NOT_FOUND, "id", "工单 %lld 不存在", (long long)sc->id);
		return YW_FAIL;
	}
	if (st)
		return st;
	int64_t chain[3];
	st = yw_hl_scope_read(c, sc->x->who, &o, sc->err);
	if (!st)
		st = yw_hl_category_chain(c, o.category_id, chain);
	if (!st && o.region_path[0]) {
		st = yw_hs_best_rule(c, chain, o.region_path, sc->out);
		if (st == YW_NOTFOUND) {
			memset(sc->out, 0, sizeof *sc->out);
			st = YW_OK;
		}
	}
	for (int i = 0; !st && i < sc->out->nassist; i++) {
		st = yw_hs_department_name(c, sc->out->assist_ids[i], sc->out->assist_names[i],
					   sizeof sc->out->assist_names[i]);
		if (st == YW_NOTFOUND)
			st = YW_OK; /* a department deleted since: shown without its name */
	}
	yw_hl_order_clear(&o);
	return st;
}

int yw_hl_suggest(struct yw_store *s, const struct yw_hl_ctx *x, int64_t order_id, struct yw_hl_suggestion *out,
		  struct yw_error *err)
{
	struct suggest_ctx sc = {x, order_id, out, err};
	return yw_store_tx(s, YW_TX_READ, suggest_tx, &sc);
}
