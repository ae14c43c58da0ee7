/* What a department does with an order it was given: sign for it (签收)
 * or return it with a reason (退单), reply with the measures taken and the
 * result (答复), ask for more time (延期); and the clock's pause while
 * waiting on the citizen, which either side may start and end. The centre
 * decides extension requests. */
#include "hotline_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const department_phase[] = {"dispatched", "returned", "signed", NULL};

static void set_text(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? yw_strdup(s) : NULL;
}

int yw_hl_step_sign(struct hl_run *r)
{
	struct yw_hl_assignment *a = r->mine;
	if (!yw_hl_state_is(&r->o, department_phase))
		return yw_hl_bad_state(r, "不能签收");
	if (strcmp(a->state, "dispatched"))
		return yw_hl_fail(r, YW_E_HOTLINE_BAD_STATE, "state", "本部门已签收该工单");
	snprintf(a->state, sizeof a->state, "signed");
	a->signed_at = r->x->now;
	a->signed_by = r->x->who->user_id;
	int st = yw_hl_save_assignment(r, a);
	if (st)
		return st;
	if (!strcmp(a->role, "lead")) {
		snprintf(r->o.state, sizeof r->o.state, "signed");
		if (!r->o.signed_at)
			r->o.signed_at = r->x->now;
	}
	r->ev_department_id = a->department_id;
	yw_hl_detail(r, "\"assignment_id\":%lld,\"role\":\"%s\",\"sign_by\":%lld,\"late\":%s", (long long)a->id,
		     a->role, (long long)a->sign_by, a->sign_by && r->x->now > a->sign_by ? "true" : "false");
	return YW_OK;
}

int yw_hl_step_return(struct hl_run *r)
{
	struct yw_hl_assignment *a = r->mine;
	if (yw_hl_blank(r->args->reason))
		return yw_hl_fail(r, YW_E_HOTLINE_RETURN_REASON, "reason", "请写明退单理由（如：不属于本部门职责）");
	if (!yw_hl_state_is(&r->o, department_phase))
		return yw_hl_bad_state(r, "不能退单");
	if (strcmp(a->state, "dispatched"))
		return yw_hl_fail(r, YW_E_HOTLINE_BAD_STATE, "state", "已签收的工单不能退单，请办理或申请延期");
	snprintf(a->state, sizeof a->state, "returned");
	a->returned_at = r->x->now;
	a->returned_by = r->x->who->user_id;
	a->arbitration[0] = 0; /* a return after an upheld one waits for a new decision */
	set_text(&a->return_reason, r->args->reason);
	int st = yw_hl_save_assignment(r, a);
	if (st)
		return st;
	if (!strcmp(a->role, "lead"))
		snprintf(r->o.state, sizeof r->o.state, "returned");
	r->ev_department_id = a->department_id;
	r->ev_reason = r->args->reason;
	yw_hl_detail(r, "\"assignment_id\":%lld,\"role\":\"%s\"", (long long)a->id, a->role);
	return YW_OK;
}

/* All replies are in: the lead replied and no other department of the
 * round still holds the order or waits for the centre's arbitration. */
static bool all_replied(const struct hl_run *r)
{
	bool lead = false;
	for (int i = 0; i < r->nas; i++) {
		const struct yw_hl_assignment *a = &r->as[i];
		if (a->round != r->o.round)
			continue;
		if (!strcmp(a->state, "dispatched") || !strcmp(a->state, "signed"))
			return false;
		if (!strcmp(a->state, "returned") && !a->arbitration[0])
			return false;
		if (!strcmp(a->role, "lead") && !strcmp(a->state, "replied"))
			lead = true;
	}
	return lead;
}

int yw_hl_step_reply(struct hl_run *r)
{
	struct yw_hl_assignment *a = r->mine;
	const struct yw_hl_args *args = r->args;
	if (yw_hl_blank(args->measures))
		return yw_hl_fail(r, YW_E_HOTLINE_REPLY_EMPTY, "measures", "请写明采取的办理措施");
	if (yw_hl_blank(args->result))
		return yw_hl_fail(r, YW_E_HOTLINE_REPLY_EMPTY, "result", "请写明办理结果");
	if (!yw_hl_state_is(&r->o, department_phase))
		return yw_hl_bad_state(r, "不能答复");
	if (!strcmp(a->state, "dispatched"))
		return yw_hl_fail(r, YW_E_HOTLINE_NOT_SIGNED, "state", "请先签收再答复");
	if (strcmp(a->state, "signed"))
		return yw_hl_fail(r, YW_E_HOTLINE_BAD_STATE, "state", "本部门已答复，等待中心审核");
	snprintf(a->state, sizeof a->state, "replied");
	a->replied_at = r->x->now;
	a->replied_by = r->x->who->user_id;
	set_text(&a->reply_measures, args->measures);
	set_text(&a->reply_result, args->result);
	int st = yw_hl_save_assignment(r, a);
	if (st)
		return st;
	bool complete = all_replied(r);
	if (complete) {
		snprintf(r->o.state, sizeof r->o.state, "replied");
		r->o.replied_at = r->x->now;
	}
	r->ev_department_id = a->department_id;
	yw_hl_detail(r, "\"assignment_id\":%lld,\"role\":\"%s\",\"all_replied\":%s,\"late\":%s", (long long)a->id,
		     a->role, complete ? "true" : "false", a->handle_by && r->x->now > a->handle_by ? "true" : "false");
	return YW_OK;
}

/* ---- the clock's pause ---- */

int yw_hl_step_pause(struct hl_run *r)
{
	static const char *const running[] = {"dispatched", "signed", NULL};
	if (yw_hl_blank(r->args->reason))
		return yw_hl_fail(r, YW_E_HOTLINE_REASON_REQUIRED, "reason",
				  "请写明暂停计时的理由（如：等待市民补充材料）");
	if (!yw_hl_state_is(&r->o, running))
		return yw_hl_bad_state(r, "只有派单办理中的工单可以暂停计时");
	if (r->o.paused_since)
		return yw_hl_fail(r, YW_E_HOTLINE_PAUSED, "state", "计时已暂停");
	r->o.paused_since = r->x->now;
	r->ev_reason = r->args->reason;
	if (r->mine)
		r->ev_department_id = r->mine->department_id;
	return YW_OK;
}

static int shift(struct hl_run *r, int64_t *deadline, int64_t by)
{
	if (!*deadline || !by)
		return YW_OK;
	return yw_hl_add_working(r->x->cal, *deadline, by, deadline, r->err);
}

int yw_hl_resume_clock(struct hl_run *r)
{
	struct yw_hl_order *o = &r->o;
	int64_t paused = 0;
	int st = yw_hl_working_between(r->x->cal, o->paused_since, r->x->now, &paused, r->err);
	if (st || (st = shift(r, &o->sign_by, paused)) || (st = shift(r, &o->handle_by, paused)) ||
	    (st = shift(r, &o->reply_by, paused)))
		return st;
	for (int i = 0; i < r->nas && paused; i++) {
		struct yw_hl_assignment *a = &r->as[i];
		if (a->round != o->round || !yw_hl_assignment_active(a) || !strcmp(a->state, "replied"))
			continue;
		if ((st = shift(r, &a->sign_by, paused)) || (st = shift(r, &a->handle_by, paused)) ||
		    (st = yw_hl_save_assignment(r, a)))
			return st;
	}
	o->paused_total += paused;
	o->paused_since = 0;
	yw_hl_detail(r, "\"paused_working_ms\":%lld", (long long)paused);
	return YW_OK;
}

int yw_hl_step_resume(struct hl_run *r)
{
	if (!r->o.paused_since)
		return yw_hl_fail(r, YW_E_HOTLINE_NOT_PAUSED, "state", "计时未暂停");
	if (r->mine)
		r->ev_department_id = r->mine->department_id;
	r->ev_reason = yw_hl_blank(r->args->reason) ? NULL : r->args->reason;
	return yw_hl_resume_clock(r);
}

/* ---- extensions ---- */

int yw_hl_step_extend(struct hl_run *r)
{
	struct yw_hl_assignment *a = r->mine;
	const struct yw_hl_args *args = r->args;
	if (args->days < 1 || args->days > 30)
		return yw_hl_fail(r, YW_E_OUT_OF_RANGE, "days", "延期天数应为 1–30 个工作日");
	if (yw_hl_blank(args->reason))
		return yw_hl_fail(r, YW_E_HOTLINE_REASON_REQUIRED, "reason", "请写明延期理由");
	if (!yw_hl_state_is(&r->o, department_phase))
		return yw_hl_bad_state(r, "不能申请延期");
	if (!strcmp(a->state, "dispatched"))
		return yw_hl_fail(r, YW_E_HOTLINE_NOT_SIGNED, "state", "请先签收再申请延期");
	if (strcmp(a->state, "signed"))
		return yw_hl_fail(r, YW_E_HOTLINE_BAD_STATE, "state", "已答复的工单无需延期");
	if (!strcmp(a->ext_state, "pending"))
		return yw_hl_fail(r, YW_E_HOTLINE_EXTENSION_PENDING, "days", "已有待审批的延期申请");
	snprintf(a->ext_state, sizeof a->ext_state, "pending");
	a->ext_days = args->days;
	a->ext_requested_at = r->x->now;
	a->ext_decided_at = 0;
	set_text(&a->ext_reason, args->reason);
	int st = yw_hl_save_assignment(r, a);
	if (st)
		return st;
	r->ev_department_id = a->department_id;
	r->ev_reason = args->reason;
	yw_hl_detail(r, "\"assignment_id\":%lld,\"days\":%d", (long long)a->id, args->days);
	return YW_OK;
}

int yw_hl_step_extend_decide(struct hl_run *r)
{
	static const char *const open[] = {"dispatched", "returned", "signed", "replied", NULL};
	const struct yw_hl_args *args = r->args;
	if (!args->approve && yw_hl_blank(args->reason))
		return yw_hl_fail(r, YW_E_HOTLINE_REASON_REQUIRED, "reason", "不同意延期须说明理由");
	if (!yw_hl_state_is(&r->o, open))
		return yw_hl_bad_state(r, "不能审批延期");
	struct yw_hl_assignment *a = NULL;
	for (int i = 0; i < r->nas; i++) {
		struct yw_hl_assignment *x = &r->as[i];
		if (x->round == r->o.round && !strcmp(x->ext_state, "pending") &&
		    (!args->assignment_id || x->id == args->assignment_id)) {
			a = x;
			break;
		}
	}
	if (!a)
		return yw_hl_fail(r, YW_E_HOTLINE_NO_EXTENSION, args->assignment_id ? "assignment_id" : "state",
				  "没有待审批的延期申请");
	int st;
	a->ext_decided_at = r->x->now;
	snprintf(a->ext_state, sizeof a->ext_state, "%s", args->approve ? "approved" : "refused");
	if (args->approve) {
		int64_t by = (int64_t)a->ext_days * YW_HL_DAY_MS;
		if ((st = yw_hl_add_working(r->x->cal, a->handle_by, by, &a->handle_by, r->err)))
			return st;
		if (!strcmp(a->role, "lead")) {
			if ((st = yw_hl_add_working(r->x->cal, r->o.handle_by, by, &r->o.handle_by, r->err)) ||
			    (st = yw_hl_add_working(r->x->cal, r->o.reply_by, by, &r->o.reply_by, r->err)))
				return st;
			r->o.extended_days += a->ext_days;
		}
	}
	if ((st = yw_hl_save_assignment(r, a)))
		return st;
	r->ev_department_id = a->department_id;
	r->ev_reason = yw_hl_blank(args->reason) ? NULL : args->reason;
	yw_hl_detail(r, "\"assignment_id\":%lld,\"days\":%d,\"approved\":%s,\"handle_by\":%lld", (long long)a->id,
		     a->ext_days, args->approve ? "true" : "false", (long long)a->handle_by);
	return YW_OK;
}
