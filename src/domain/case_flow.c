/* The back office (后台分类审批): the item version's steps run stage by stage;
 * the steps of a parallel group share a stage and every department of it
 * must finish (并联审批). An approver acts on the open steps of their own
 * department: claim, approve, reject (不予许可), return for 补正, request an
 * extension, start or end a special procedure, transfer. Each action
 * locks the case row first and then updates the step only while it still
 * has the version the approver saw, so of two approvers acting on one step
 * one wins and the other gets CONFLICT. */
#include "yw/case_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

static bool is_open(const struct yw_case_step *s)
{
	return !strcmp(s->state, "active") || !strcmp(s->state, "claimed");
}

/* The latest round of each step (a step sent back has older rounds). */
static bool is_current(const struct yw_case_step *steps, int n, int i)
{
	for (int j = 0; j < n; j++)
		if (steps[j].seq == steps[i].seq && steps[j].round > steps[i].round)
			return false;
	return true;
}

static int write_step(struct yw_case_tx *t, struct yw_case_step *s)
{
	int st = yw_cs_step_update(t->c, s, s->version);
	if (st == YW_NOTFOUND)
		return fail(t->err, YW_E_CONFLICT, "version", "该环节已被他人处理，请刷新 / the step changed meanwhile");
	return st;
}

/* ---- pauses ---- */

int yw_case_pause(struct yw_case_tx *t, const char *kind, int64_t step_id, const char *reason)
{
	struct yw_case *k = t->k;
	snprintf(k->pause_kind, sizeof k->pause_kind, "%s", kind);
	snprintf(k->paused_on, sizeof k->paused_on, "%s", t->today_s);
	struct yw_case_pause p = {.step_id = step_id, .from_at = t->env->now};
	snprintf(p.kind, sizeof p.kind, "%s", kind);
	snprintf(p.from_on, sizeof p.from_on, "%s", t->today_s);
	snprintf(p.reason, sizeof p.reason, "%s", reason ? reason : "");
	return yw_cs_pause_insert(t->c, k->id, &p);
}

int yw_case_resume_clock(struct yw_case_tx *t, const char *type)
{
	struct yw_case *k = t->k;
	struct yw_date from;
	int excluded = 0, st = YW_OK;
	if (k->paused_on[0] && yw_date_parse(k->paused_on, &from, "paused_on", NULL) == YW_OK &&
	    yw_case_pause_days(t->env->cal, from, t->today, &excluded, t->err) != YW_OK) {
		if (t->err->err != YW_E_CALENDAR_MISSING)
			return YW_FAIL;
		excluded = 0; /* the calendar will say; better late than a guess */
		memset(t->err, 0, sizeof *t->err);
	}
	st = yw_cs_pause_close(t->c, k->id, t->env->now, t->today_s, excluded);
	if (st && st != YW_NOTFOUND)
		return st;
	k->paused_days += excluded;
	k->pause_kind[0] = k->paused_on[0] = 0;
	if ((st = yw_case_update_dues(t)))
		return st;
	struct yw_case_step *steps = NULL;
	int n = 0;
	st = yw_cs_steps(t->c, k->id, &steps, &n);
	for (int i = 0; i < n && !st; i++) {
		struct yw_case_step *s = &steps[i];
		if (is_open(s) && excluded) {
			s->paused_days += excluded;
			if (!(st = yw_case_step_due(t, s)))
				st = write_step(t, s);
		} else if (!strcmp(s->state, "returned") && is_current(steps, n, i)) {
			/* Supplied: the step is done again, in a new round. */
			struct yw_case_step again = *s;
			again.round = s->round + 1;
			again.finished_at = again.finished_by = 0;
			again.opinion[0] = 0;
			if (!(st = yw_case_step_open(t, &again)))
				st = yw_cs_step_insert(t->c, &again);
		}
	}
	free(steps);
	if (st)
		return st;
	return yw_case_move(t, "in_progress", type, 0, 0, NULL, NULL);
}

/* ---- the decision ---- */

int yw_case_decide(struct yw_case_tx *t, const char *outcome, const char *reason, const char *result_name,
		   const char *result_number)
{
	struct yw_case *k = t->k;
	struct yw_case_item_ref ref = {0};
	int st = yw_case_item_load(t->c, k->item_id, k->item_version, k->item_version_id, &ref);
	if (st)
		return st;
	const struct yw_item *it = ref.it;
	bool approved = !strcmp(outcome, "approved");
	snprintf(k->outcome, sizeof k->outcome, "%s", outcome);
	snprintf(k->outcome_reason, sizeof k->outcome_reason, "%s", reason ? reason : "");
	k->decided_at = t->env->now;
	snprintf(k->decided_on, sizeof k->decided_on, "%s", t->today_s);
	/* 第44条: the delivery clock starts; the decision clock's warning ends. */
	struct yw_case_clock clock = {.start = t->today, .limit_days = YW_CASE_DELIVERY_DAYS};
	struct yw_date due;
	k->delivery_due[0] = 0;
	if (yw_case_due(t->env->cal, &clock, &due, NULL) == YW_OK)
		yw_date_format(due, k->delivery_due);
	snprintf(k->warn_level, sizeof k->warn_level, "none");
	struct yw_case_result r = {.created_at = t->env->now};
	if (approved) {
		snprintf(r.type, sizeof r.type, "%s", yw_item_result_types[it->result_type]);
		snprintf(r.name, sizeof r.name, "%s",
			 result_name && *result_name ? result_name : it->result_name ? it->result_name : it->name);
	} else {
		snprintf(r.type, sizeof r.type, "refusal");
		snprintf(r.name, sizeof r.name, "%s",
			 it->type == YW_ITEM_LICENSING ? "不予行政许可决定书" : "不予办理决定书");
	}
	snprintf(r.number, sizeof r.number, "%s", result_number && *result_number ? result_number : k->case_no);
	yw_case_item_release(&ref);
	if ((st = yw_cs_result_insert(t->c, k->id, &r, t->env->who ? t->env->who->user_id : 0)))
		return st;
	/* Steps not needed any more are closed; the issuing step opens. */
	struct yw_case_step *steps = NULL;
	int n = 0;
	st = yw_cs_steps(t->c, k->id, &steps, &n);
	for (int i = 0; i < n && !st; i++) {
		struct yw_case_step *s = &steps[i];
		if (!strcmp(s->kind, "review") && (is_open(s) || !strcmp(s->state, "pending"))) {
			snprintf(s->state, sizeof s->state, "cancelled");
			st = write_step(t, s);
		} else if (!strcmp(s->kind, "issue") && !strcmp(s->state, "pending")) {
			if (!(st = yw_case_step_open(t, s)))
				st = write_step(t, s);
		}
	}
	free(steps);
	if (st)
		return st;
	char clip[300];
	if (approved)
		snprintf(t->notice, sizeof t->notice, "已办结，准予办理（结果：%s），请于 %s 前领取或等待送达",
			 yw_case_clip(clip, 200, r.name),
			 k->delivery_due[0] ? k->delivery_due : "十个工作日内");
	else
		snprintf(t->notice, sizeof t->notice, "已办结，决定不予许可。理由：%s", yw_case_clip(clip, 300, reason));
	return yw_case_move(t, "decided", "decided", 0, k->department_id, reason, NULL);
}

/* ---- step actions ---- */

struct act_ctx {
	const struct yw_case_env *env;
	int64_t step_id;
	const struct yw_step_act *act;
	int64_t *case_id;
	struct yw_error *err;
};

static int check_reason(struct yw_case_tx *t, const char *reason, const char *why)
{
	if (!reason || !*reason)
		return fail(t->err, YW_E_CASE_REASON_REQUIRED, "reason", why);
	if ((int)yw_utf8_len(reason) > YW_CASE_TEXT_MAX)
		return fail(t->err, YW_E_TOO_LONG, "reason", "理由最多 500 个字符");
	return YW_OK;
}

/* The other steps of the stage are done, and whether it is the last stage. */
static void stage_status(const struct yw_case_step *steps, int n, const struct yw_case_step *s, bool *complete,
			 bool *last)
{
	*complete = true;
	*last = true;
	for (int i = 0; i < n; i++) {
		const struct yw_case_step *o = &steps[i];
		if (strcmp(o->kind, "review") || !is_current(steps, n, i) || o->id == s->id)
			continue;
		if (o->stage == s->stage && strcmp(o->state, "done"))
			*complete = false;
		if (o->stage > s->stage)
			*last = false;
	}
}

static int approve(struct yw_case_tx *t, struct yw_case_step *s, const struct yw_step_act *a)
{
	struct yw_case_step *steps = NULL;
	struct yw_case_material *mats = NULL;
	int n = 0, nmats = 0;
	int st = yw_cs_steps(t->c, t->k->id, &steps, &n);
	bool complete, last;
	if (!st) {
		stage_status(steps, n, s, &complete, &last);
		/* The system judges: no decision while a material is owed (容缺). */
		if (complete && last && !(st = yw_cs_materials(t->c, t->k->id, &mats, &nmats))) {
			int missing;
			bool main_missing;
			yw_case_materials_gap(mats, nmats, &missing, &main_missing);
			if (missing) {
				yw_error_set(t->err, YW_E_CASE_MATERIAL_MISSING, "materials",
					     "尚有 %d 项必要材料未补齐（容缺受理的材料须在办结前补齐）", missing);
				st = YW_FAIL;
			}
		}
	}
	if (!st) {
		snprintf(s->state, sizeof s->state, "done");
		s->finished_at = t->env->now;
		s->finished_by = t->env->who->user_id;
		snprintf(s->opinion, sizeof s->opinion, "%s", a->opinion ? a->opinion : "");
		st = write_step(t, s);
	}
	if (!st)
		st = yw_case_event(t, "step_approved", s->id, s->department_id, NULL, NULL);
	if (!st && complete && last)
		st = yw_case_decide(t, "approved", NULL, a->result_name, a->result_number);
	else if (!st && complete) {
		/* The next stage opens: every department of a parallel group at once. */
		for (int i = 0; i < n && !st; i++) {
			struct yw_case_step *o = &steps[i];
			if (!strcmp(o->kind, "review") && o->stage == s->stage + 1 && !strcmp(o->state, "pending") &&
			    is_current(steps, n, i) && !(st = yw_case_step_open(t, o)))
				st = write_step(t, o);
		}
		if (!st)
			st = yw_case_event(t, "stage_opened", 0, 0, NULL, NULL);
	}
	free(steps);
	free(mats);
	return st;
}

static int reject(struct yw_case_tx *t, struct yw_case_step *s, const struct yw_step_act *a)
{
	int st = check_reason(t, a->reason, "不予许可须写明理由（行政许可法第38条）");
	if (st)
		return st;
	snprintf(s->state, sizeof s->state, "rejected");
	s->finished_at = t->env->now;
	s->finished_by = t->env->who->user_id;
	snprintf(s->opinion, sizeof s->opinion, "%s", a->reason);
	if ((st = write_step(t, s)) || (st = yw_case_event(t, "step_rejected", s->id, s->department_id, a->reason, NULL)))
		return st;
	return yw_case_decide(t, "rejected", a->reason, NULL, NULL);
}

/* 补正 in review: the named materials are defective, the clock stops until
 * the applicant supplies them. */
static int send_back(struct yw_case_tx *t, struct yw_case_step *s, const struct yw_step_act *a)
{
	int st = check_reason(t, a->reason, "退回补正须写明需要补正的内容");
	if (st)
		return st;
	struct yw_case_material *mats = NULL;
	int nmats = 0;
	if ((st = yw_cs_materials(t->c, t->k->id, &mats, &nmats)))
		return st;
	struct yw_buf names = {0}; /* the event detail: what to supply and why */
	yw_buf_adds(&names, "{\"materials\":[");
	for (int i = 0; i < a->nmaterials && !st; i++) {
		const struct yw_case_return_item *r = &a->materials[i];
		char f[48];
		snprintf(f, sizeof f, "materials[%d].seq", i);
		if (r->seq < 0 || r->seq >= nmats) {
			yw_error_set(t->err, YW_E_OUT_OF_RANGE, f, "材料序号应为 0–%d", nmats - 1);
			st = YW_FAIL;
			break;
		}
		struct yw_case_material *m = &mats[r->seq];
		snprintf(m->status, sizeof m->status, "defective");
		snprintf(m->reason, sizeof m->reason, "%s", r->reason && *r->reason ? r->reason : a->reason);
		yw_buf_printf(&names, "%s{\"seq\":%d,\"name\":", i ? "," : "", m->seq);
		yw_buf_json_str(&names, m->name);
		yw_buf_adds(&names, ",\"reason\":");
		yw_buf_json_str(&names, m->reason);
		yw_buf_adds(&names, "}");
		st = yw_cs_material_save(t->c, t->k->id, m, t->env->now);
	}
	free(mats);
	if (!st) {
		snprintf(s->state, sizeof s->state, "returned");
		s->finished_at = t->env->now;
		s->finished_by = t->env->who->user_id;
		snprintf(s->opinion, sizeof s->opinion, "%s", a->reason);
		st = write_step(t, s);
	}
	if (!st)
		st = yw_case_pause(t, "supplement", s->id, a->reason);
	if (!st) {
		char clip[300];
		yw_buf_adds(&names, "]}");
		st = yw_case_move(t, "returned", "returned", s->id, s->department_id, a->reason, names.data);
		snprintf(t->notice, sizeof t->notice, "需要补正：%s，计时暂停，补齐后恢复办理",
			 yw_case_clip(clip, sizeof clip, a->reason));
	}
	yw_buf_free(&names);
	return st;
}

static int extend(struct yw_case_tx *t, struct yw_case_step *s, const struct yw_step_act *a)
{
	struct yw_case *k = t->k;
	int max = yw_case_extension_max(!strcmp(k->handling_type, "joint"));
	if (k->extension_requested)
		return fail(t->err, YW_E_CASE_EXTENSION_LIMIT, "days", "每个办件只能申请一次延期");
	if (a->days < 1 || a->days > max) {
		yw_error_set(t->err, YW_E_CASE_EXTENSION_LIMIT, "days", "延期为 1–%d 个工作日（行政许可法第42条）", max);
		return YW_FAIL;
	}
	int st = check_reason(t, a->reason, "申请延期须写明理由");
	if (st)
		return st;
	k->extension_requested = a->days;
	snprintf(k->extension_state, sizeof k->extension_state, "requested");
	snprintf(k->extension_reason, sizeof k->extension_reason, "%s", a->reason);
	k->extension_department_id = s->department_id;
	char detail[64], text[700];
	snprintf(detail, sizeof detail, "{\"days\":%d}", a->days);
	if ((st = yw_case_event(t, "extension_requested", s->id, s->department_id, a->reason, detail)))
		return st;
	snprintf(text, sizeof text, "【一网通办】办件 %s（%s）申请延期 %d 个工作日，请部门负责人审批。", k->case_no,
		 k->item_name, a->days);
	return yw_case_notify_staff(t, "approver", s->department_id, text);
}

static int special(struct yw_case_tx *t, struct yw_case_step *s, const struct yw_step_act *a)
{
	if (!a->kind || !*a->kind)
		return fail(t->err, YW_E_MISSING_FIELD, "kind", "请选择特别程序：hearing、inspection、testing、expert_review");
	if (!yw_case_in(a->kind, yw_case_pause_kinds) || !strcmp(a->kind, "supplement"))
		return fail(t->err, YW_E_BAD_ENUM, "kind", "特别程序应为 hearing（听证）、inspection（检验）、testing（检测）、expert_review（专家评审）");
	int st = check_reason(t, a->reason, "特别程序须写明事由");
	if (st || (st = yw_case_pause(t, a->kind, s->id, a->reason)))
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "{\"kind\":\"%s\"}", a->kind);
	snprintf(t->notice, sizeof t->notice, "进入%s程序，所需时间不计入办理期限（行政许可法第45条）",
		 yw_case_pause_label(a->kind));
	return yw_case_move(t, "special", "special_started", s->id, s->department_id, a->reason, detail);
}

static int transfer(struct yw_case_tx *t, struct yw_case_step *s, const struct yw_step_act *a)
{
	if (!a->department_id)
		return fail(t->err, YW_E_MISSING_FIELD, "department_id", "请选择转办的部门");
	char name[200];
	int st = yw_cs_department_name(t->c, a->department_id, name, sizeof name);
	if (st == YW_NOTFOUND)
		return fail(t->err, YW_E_REF_NOT_FOUND, "department_id", "部门不存在");
	if (st)
		return st;
	if (a->department_id == s->department_id)
		return fail(t->err, YW_E_BAD_FORMAT, "department_id", "已在该部门办理");
	if ((st = check_reason(t, a->reason, "转办须写明理由")))
		return st;
	struct yw_buf d = {0};
	yw_buf_adds(&d, "{");
	yw_case_json_kv(&d, "from", s->department_name);
	yw_case_json_kv(&d, "to", name);
	yw_buf_adds(&d, "}");
	int64_t from = s->department_id;
	s->department_id = a->department_id;
	snprintf(s->state, sizeof s->state, "active");
	s->claimed_by = 0;
	s->claimed_name[0] = 0;
	st = write_step(t, s);
	if (!st)
		st = yw_case_event(t, "transferred", s->id, from, a->reason, d.data);
	yw_buf_free(&d);
	return st;
}

static int claim(struct yw_case_tx *t, struct yw_case_step *s)
{
	snprintf(s->state, sizeof s->state, "claimed");
	s->claimed_by = t->env->who->user_id;
	snprintf(s->claimed_name, sizeof s->claimed_name, "%s", t->env->who->name ? t->env->who->name : "");
	int st = write_step(t, s);
	return st ? st : yw_case_event(t, "claimed", s->id, s->department_id, NULL, NULL);
}

/* Is the action allowed in this state of the case and of the step? */
static int check_states(struct yw_case_tx *t, const struct yw_case_step *s, const struct yw_step_act *a)
{
	const char *cs = t->k->state;
	bool paused = !strcmp(cs, "returned") || !strcmp(cs, "special");
	if (a->action == YW_SA_RESUME) {
		if (strcmp(cs, "special"))
			return fail(t->err, YW_E_CASE_BAD_STATE, "id", "办件不在特别程序中");
	} else if (paused && a->action != YW_SA_CLAIM) {
		yw_error_set(t->err, YW_E_CASE_PAUSED, "id", "办件%s中，计时已暂停，不能办理此环节",
			     yw_case_state_label(cs));
		return YW_FAIL;
	} else if (strcmp(cs, "in_progress") && !paused) {
		yw_error_set(t->err, YW_E_CASE_BAD_STATE, "id", "办件当前为“%s”", yw_case_state_label(cs));
		return YW_FAIL;
	}
	if (!strcmp(s->state, "pending"))
		return fail(t->err, YW_E_CASE_STEP_ORDER, "step", "尚未进入该环节，请先完成前面的环节");
	if (!is_open(s))
		return fail(t->err, YW_E_CASE_STEP_ORDER, "step", "该环节已经办理");
	bool mine = s->claimed_by == t->env->who->user_id;
	if (!strcmp(s->state, "claimed") && !mine) {
		yw_error_set(t->err, YW_E_CONFLICT, "step", "该环节已由%s认领", s->claimed_name);
		return YW_FAIL;
	}
	if (a->action == YW_SA_CLAIM && !strcmp(s->state, "claimed"))
		return fail(t->err, YW_E_CASE_STEP_ORDER, "step", "您已认领该环节");
	return YW_OK;
}

static int act_tx(struct yw_conn *c, void *p)
{
	struct act_ctx *x = p;
	const struct yw_step_act *a = x->act;
	const struct yw_actor *who = x->env->who;
	struct yw_case_step s;
	int st = yw_cs_step_get(c, x->step_id, &s);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "step", "环节不存在");
	if (st)
		return st;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	struct yw_case_tx t;
	yw_case_tx_init(&t, x->env, c, k, x->err);
	if ((st = yw_case_tx_lock(&t, s.case_id)) || (st = yw_cs_step_get(c, x->step_id, &s)))
		goto out;
	if (!(who->roles & YW_ROLE_ADMIN) && who->scope.department_id != s.department_id) {
		st = fail(x->err, YW_E_FORBIDDEN_SCOPE, "step", "只能办理本部门的环节");
		goto out;
	}
	if (strcmp(s.kind, "review")) {
		st = fail(x->err, YW_E_CASE_STEP_ORDER, "step", "受理和出件环节在窗口办理");
		goto out;
	}
	if (a->version && a->version != s.version) {
		st = fail(x->err, YW_E_CONFLICT, "version", "该环节已被他人处理，请刷新后重试");
		goto out;
	}
	if ((st = check_states(&t, &s, a)))
		goto out;
	if (a->opinion && (int)yw_utf8_len(a->opinion) > YW_CASE_TEXT_MAX) {
		st = fail(x->err, YW_E_TOO_LONG, "opinion", "意见最多 500 个字符");
		goto out;
	}
	static const char *const audit_actions[] = {"claim", "approve", "reject", "return", "extend_request",
						    "special", "resume", "transfer"};
	switch (a->action) {
	case YW_SA_CLAIM: st = claim(&t, &s); break;
	case YW_SA_APPROVE: st = approve(&t, &s, a); break;
	case YW_SA_REJECT: st = reject(&t, &s, a); break;
	case YW_SA_RETURN: st = send_back(&t, &s, a); break;
	case YW_SA_EXTEND: st = extend(&t, &s, a); break;
	case YW_SA_SPECIAL: st = special(&t, &s, a); break;
	case YW_SA_RESUME:
		st = yw_case_resume_clock(&t, "special_ended");
		snprintf(t.notice, sizeof t.notice, "特别程序结束，恢复计时，承诺办结日期 %s",
			 k->due_promised[0] ? k->due_promised : "待定");
		break;
	case YW_SA_TRANSFER: st = transfer(&t, &s, a); break;
	default: st = fail(x->err, YW_E_BAD_ENUM, "action", "unknown action");
	}
	if (!st)
		st = yw_case_finish(&t, audit_actions[a->action], false);
	if (!st)
		*x->case_id = k->id;
out:
	free(k);
	return st;
}

int yw_case_step_act_in(struct yw_conn *c, const struct yw_case_env *env, int64_t step_id, const struct yw_step_act *act,
			int64_t *case_id, struct yw_error *err)
{
	struct act_ctx x = {env, step_id, act, case_id, err};
	return act_tx(c, &x);
}

int yw_case_step_act(const struct yw_case_env *env, int64_t step_id, const struct yw_step_act *act,
		     int64_t *case_id, struct yw_error *err)
{
	if (!env->who || !(env->who->roles & (YW_ROLE_APPROVER | YW_ROLE_ADMIN)))
		return fail(err, YW_E_FORBIDDEN_ROLE, NULL, "只有审批人员可以办理环节");
	struct act_ctx x = {env, step_id, act, case_id, err};
	return yw_store_tx(env->store, YW_TX_WRITE, act_tx, &x);
}
