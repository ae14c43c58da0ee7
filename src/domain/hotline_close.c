/* The centre closes the loop: a direct answer (直办) closes an order at
 * once; otherwise it reviews the departments' replies (a vague one goes
 * back), calls the citizen back (回访: solved? satisfied?, recorded
 * separately) and closes (办结). An unsatisfied citizen gets the order
 * reopened (重办) once; the second rating is final. Merging (并单) makes
 * an order follow another one and close with it. */
#include "hotline_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int close_order(struct hl_run *r)
{
	snprintf(r->o.state, sizeof r->o.state, "closed");
	r->o.closed_at = r->x->now;
	return yw_hl_close_children(r);
}

int yw_hl_step_answer(struct hl_run *r)
{
	static const char *const from[] = {"accepted", NULL};
	const struct yw_hl_args *args = r->args;
	if (yw_hl_blank(args->text))
		return yw_hl_fail(r, YW_E_MISSING_FIELD, "answer", "请填写答复市民的内容");
	if (!yw_hl_state_is(&r->o, from))
		return yw_hl_bad_state(r, "只有尚未派单的工单可以直接答复");
	r->o.direct = true;
	free(r->o.answer);
	r->o.answer = yw_strdup(args->text);
	r->o.article_id = args->article_id;
	if (args->article_id)
		yw_hl_detail(r, "\"article_id\":%lld", (long long)args->article_id);
	return close_order(r);
}

int yw_hl_step_review(struct hl_run *r)
{
	static const char *const from[] = {"replied", NULL};
	const struct yw_hl_args *args = r->args;
	bool accept = args->decision && !strcmp(args->decision, "accept");
	bool send_back = args->decision && !strcmp(args->decision, "send_back");
	if (!accept && !send_back)
		return yw_hl_fail(r, YW_E_BAD_ENUM, "decision", "审核结果应为 accept（通过）或 send_back（退回重答）");
	if (send_back && yw_hl_blank(args->reason))
		return yw_hl_fail(r, YW_E_HOTLINE_REASON_REQUIRED, "reason",
				  "退回答复须说明理由（如：答复笼统，未说明结果）");
	if (!yw_hl_state_is(&r->o, from))
		return yw_hl_bad_state(r, "只有各部门均已答复的工单可以审核");
	if (accept) {
		yw_hl_detail(r, "\"decision\":\"accept\"");
		/* Nobody to call back: the reviewed reply closes the order. */
		if (r->o.anonymous || !r->o.caller_phone[0]) {
			yw_hl_detail(r, "\"closed_without_callback\":true");
			return close_order(r);
		}
		snprintf(r->o.state, sizeof r->o.state, "reviewed");
		return YW_OK;
	}
	struct yw_buf ids = {0};
	int st = YW_OK, n = 0;
	for (int i = 0; !st && i < r->nas; i++) {
		struct yw_hl_assignment *a = &r->as[i];
		if (a->round != r->o.round || strcmp(a->state, "replied") ||
		    (args->assignment_id && a->id != args->assignment_id))
			continue;
		/* The vague reply stays in the events; the department writes a new one. */
		yw_hl_detail(r, "\"reply_%lld\":", (long long)a->id);
		yw_buf_printf(&r->detail, "{\"measures\":");
		yw_buf_json_str(&r->detail, a->reply_measures);
		yw_buf_adds(&r->detail, ",\"result\":");
		yw_buf_json_str(&r->detail, a->reply_result);
		yw_buf_adds(&r->detail, "}");
		snprintf(a->state, sizeof a->state, "signed");
		a->replied_at = 0;
		a->replied_by = 0;
		free(a->reply_measures);
		free(a->reply_result);
		a->reply_measures = a->reply_result = NULL;
		st = yw_hl_save_assignment(r, a);
		yw_buf_printf(&ids, "%s%lld", n++ ? "," : "", (long long)a->id);
	}
	if (!st && !n)
		st = yw_hl_fail(r, YW_E_HOTLINE_BAD_STATE, "assignment_id", "该派单没有可退回的答复");
	if (!st) {
		yw_hl_detail(r, "\"decision\":\"send_back\",\"assignment_ids\":[%s]", ids.data);
		snprintf(r->o.state, sizeof r->o.state, "signed");
		r->ev_reason = args->reason;
	}
	yw_buf_free(&ids);
	return st;
}

int yw_hl_step_callback(struct hl_run *r)
{
	static const char *const from[] = {"reviewed", NULL};
	const struct yw_hl_args *args = r->args;
	if (!yw_hl_state_is(&r->o, from))
		return yw_hl_bad_state(r, "只有答复已审核通过的工单可以回访");
	if (r->o.anonymous || !r->o.caller_phone[0])
		return yw_hl_fail(r, YW_E_HOTLINE_NO_CALLER, "state", "匿名工单无法回访");
	struct yw_hl_callback cb = {.order_id = r->o.id,
				    .round = r->o.round,
				    .solved = args->solved,
				    .satisfied = args->satisfied,
				    .by_id = r->x->who->user_id,
				    .at = r->x->now};
	cb.note = yw_hl_blank(args->note) ? NULL : (char *)args->note;
	cb.by_name = (char *)r->x->who->name;
	int st = yw_hs_callback_insert(r->c, &cb);
	if (st)
		return st;
	r->o.solved = args->solved;
	r->o.satisfied = args->satisfied;
	r->ev_reason = cb.note;
	/* Final: nothing can reopen it (satisfied, or reopened once already). */
	yw_hl_detail(r, "\"solved\":%s,\"satisfied\":%s,\"round\":%d,\"final\":%s", args->solved ? "true" : "false",
		     args->satisfied ? "true" : "false", r->o.round,
		     r->o.reopened || args->satisfied ? "true" : "false");
	return close_order(r);
}

int yw_hl_step_reopen(struct hl_run *r)
{
	static const char *const from[] = {"closed", NULL};
	if (yw_hl_blank(r->args->reason))
		return yw_hl_fail(r, YW_E_HOTLINE_REASON_REQUIRED, "reason", "请写明重办理由");
	if (!yw_hl_state_is(&r->o, from) || r->o.merged_into)
		return yw_hl_bad_state(r, "只有已办结的工单可以重办（并单的子工单随主工单）");
	if (r->o.reopened)
		return yw_hl_fail(r, YW_E_HOTLINE_REOPEN_ONCE, "state", "该工单已重办过一次，第二次评价为最终评价");
	if (r->o.direct || r->o.satisfied != 0)
		return yw_hl_fail(r, YW_E_HOTLINE_NOT_UNSATISFIED, "state", "回访结果不是“不满意”，不能重办");
	/* The departments that replied in the last round handle it again. */
	int64_t deps[YW_HL_MAX_ASSIST + 1];
	char roles[YW_HL_MAX_ASSIST + 1][8];
	int n = 0, last = r->o.round;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < r->nas && n <= YW_HL_MAX_ASSIST; i++) {
			const struct yw_hl_assignment *a = &r->as[i];
			bool lead = !strcmp(a->role, "lead");
			if (a->round != last || strcmp(a->state, "replied") || lead != (pass == 0))
				continue;
			deps[n] = a->department_id;
			snprintf(roles[n++], sizeof roles[0], "%s", a->role);
		}
	if (!n)
		return yw_hl_bad_state(r, "找不到上一轮办理的部门");
	r->o.round = last + 1;
	r->o.reopened = 1;
	r->o.closed_at = 0;
	r->o.solved = r->o.satisfied = -1;
	r->o.lead_department_id = deps[0];
	snprintf(r->o.state, sizeof r->o.state, "dispatched");
	int st = yw_hl_order_deadlines(r);
	for (int i = 0; !st && i < n; i++)
		st = yw_hl_assign(r, deps[i], roles[i]);
	if (!st)
		st = yw_hl_reopen_children(r);
	r->ev_reason = r->args->reason;
	r->ev_department_id = deps[0];
	yw_hl_detail(r, "\"round\":%d,\"departments\":%d", r->o.round, n);
	return st;
}

int yw_hl_step_merge(struct hl_run *r)
{
	static const char *const from[] = {"accepted", "dispatched", "returned", NULL};
	static const char *const master_open[] = {"accepted", "dispatched", "returned", "signed",
						  "replied",  "reviewed",   NULL};
	int64_t master_id = r->args->master_id;
	if (!master_id)
		return yw_hl_fail(r, YW_E_MISSING_FIELD, "master_id", "请选择主工单");
	if (master_id == r->o.id)
		return yw_hl_fail(r, YW_E_HOTLINE_MERGE, "master_id", "工单不能并入自己");
	if (!yw_hl_state_is(&r->o, from))
		return yw_hl_fail(r, YW_E_HOTLINE_MERGE, "state", "只有尚未签收办理的工单可以并入其他工单");
	for (int i = 0; i < r->nas; i++) {
		const struct yw_hl_assignment *a = &r->as[i];
		if (a->round == r->o.round && (!strcmp(a->state, "signed") || !strcmp(a->state, "replied")))
			return yw_hl_fail(r, YW_E_HOTLINE_MERGE, "state", "已有部门签收办理，不能并单");
	}
	struct yw_hl_order m = {0};
	int64_t children = 0;
	int st = yw_hs_child_count(r->c, r->o.id, &children);
	if (!st) {
		st = yw_hs_order_lock(r->c, master_id);
		if (st == YW_NOTFOUND)
			return yw_hl_fail(r, YW_E_NOT_FOUND, "master_id", "主工单不存在");
	}
	if (!st)
		st = yw_hs_order_get(r->c, master_id, &m);
	if (!st)
		st = yw_hl_region_scope(r->c, r->x->who, m.region_id, r->err);
	if (!st && (!yw_hl_state_is(&m, master_open) || m.merged_into))
		st = yw_hl_fail(r, YW_E_HOTLINE_MERGE, "master_id", "主工单已办结或已并入其他工单");
	/* An order that others were merged into stays a master. */
	if (!st && children)
		st = yw_hl_fail(r, YW_E_HOTLINE_MERGE, "state", "已有其他工单并入本工单，不能再并入别的工单");
	for (int i = 0; !st && i < r->nas; i++) {
		struct yw_hl_assignment *a = &r->as[i];
		if (a->round != r->o.round || strcmp(a->state, "dispatched"))
			continue;
		snprintf(a->state, sizeof a->state, "withdrawn");
		st = yw_hl_save_assignment(r, a);
	}
	if (!st) {
		snprintf(r->o.state, sizeof r->o.state, "merged");
		r->o.merged_into = master_id;
		yw_hl_detail(r, "\"master_id\":%lld", (long long)master_id);
		yw_hl_detail_str(r, "master_no", m.order_no);
		char detail[80];
		snprintf(detail, sizeof detail, "\"child_id\":%lld", (long long)r->o.id);
		st = yw_hl_side_event(r, &m, "merge_child", m.state, detail);
	}
	yw_hl_order_clear(&m);
	return st;
}
