/* Work orders: intake (受理) with its number, the runner every later step
 * goes through, and reading (one order, lists, a caller's history).
 *
 * Every step runs in one write transaction that first takes the order's
 * row lock, then reads it, checks who may act and the state, changes it
 * with version checks, and writes the event (raw timestamp, actor, reason)
 * and the audit row: two actors never both win, and a refused step leaves
 * the store as it was. */
#include "hotline_internal.h"
#include "yw/audit.h"
#include "yw/authz.h"
#include "yw/hotline_kpi.h"
#include "yw/validate.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const yw_hl_action_names[YW_HL_ACTION_COUNT] = {
	[YW_HL_DISPATCH] = "dispatch",
	[YW_HL_ANSWER] = "answer",
	[YW_HL_SIGN] = "sign",
	[YW_HL_RETURN] = "return",
	[YW_HL_ARBITRATE] = "arbitrate",
	[YW_HL_REPLY] = "reply",
	[YW_HL_REVIEW] = "review",
	[YW_HL_CALLBACK] = "callback",
	[YW_HL_REOPEN] = "reopen",
	[YW_HL_PAUSE] = "pause",
	[YW_HL_RESUME] = "resume",
	[YW_HL_EXTEND] = "extend",
	[YW_HL_EXTEND_DECIDE] = "extend_decide",
	[YW_HL_URGE] = "urge",
	[YW_HL_SUPERVISE] = "supervise",
	[YW_HL_ESCALATE] = "escalate",
	[YW_HL_MERGE] = "merge",
};

/* Who acts: the centre (agents, supervisors: region scope), a department
 * (handlers: their department's active assignment), or either. */
enum who_kind { BY_CENTRE, BY_DEPARTMENT, BY_EITHER };

static const struct {
	hl_step_fn fn;
	enum who_kind who;
} steps[YW_HL_ACTION_COUNT] = {
	[YW_HL_DISPATCH] = {yw_hl_step_dispatch, BY_CENTRE},
	[YW_HL_ANSWER] = {yw_hl_step_answer, BY_CENTRE},
	[YW_HL_SIGN] = {yw_hl_step_sign, BY_DEPARTMENT},
	[YW_HL_RETURN] = {yw_hl_step_return, BY_DEPARTMENT},
	[YW_HL_ARBITRATE] = {yw_hl_step_arbitrate, BY_CENTRE},
	[YW_HL_REPLY] = {yw_hl_step_reply, BY_DEPARTMENT},
	[YW_HL_REVIEW] = {yw_hl_step_review, BY_CENTRE},
	[YW_HL_CALLBACK] = {yw_hl_step_callback, BY_CENTRE},
	[YW_HL_REOPEN] = {yw_hl_step_reopen, BY_CENTRE},
	[YW_HL_PAUSE] = {yw_hl_step_pause, BY_EITHER},
	[YW_HL_RESUME] = {yw_hl_step_resume, BY_EITHER},
	[YW_HL_EXTEND] = {yw_hl_step_extend, BY_DEPARTMENT},
	[YW_HL_EXTEND_DECIDE] = {yw_hl_step_extend_decide, BY_CENTRE},
	[YW_HL_URGE] = {yw_hl_step_urge, BY_CENTRE},
	[YW_HL_SUPERVISE] = {yw_hl_step_supervise, BY_CENTRE},
	[YW_HL_ESCALATE] = {yw_hl_step_escalate, BY_CENTRE},
	[YW_HL_MERGE] = {yw_hl_step_merge, BY_CENTRE},
};

static const char *const channels[] = {"phone", "web", "miniprogram", "app", "open311", "other", NULL};
static const char *const types[] = {"consult", "complaint", "report", "suggestion", "help", NULL};
static const char *const urgencies[] = {"normal", "urgent", NULL};
static const char *const clock_states[] = {"dispatched", "signed", NULL};

void yw_hl_order_clear(struct yw_hl_order *o)
{
	free(o->caller_name);
	free(o->address);
	free(o->address_norm);
	free(o->description);
	free(o->answer);
	free(o->attachments);
	memset(o, 0, sizeof *o);
}

void yw_hl_assignment_clear(struct yw_hl_assignment *a)
{
	free(a->return_reason);
	free(a->reply_measures);
	free(a->reply_result);
	free(a->ext_reason);
	memset(a, 0, sizeof *a);
}

void yw_hl_assignments_free(struct yw_hl_assignment *as, int n)
{
	for (int i = 0; i < n; i++)
		yw_hl_assignment_clear(&as[i]);
	free(as);
}

static bool one_of(const char *v, const char *const *set)
{
	for (int i = 0; v && set[i]; i++)
		if (!strcmp(v, set[i]))
			return true;
	return false;
}

/* ---- small helpers shared by the step files ---- */

int yw_hl_fail(struct hl_run *r, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(r->err, e, field, "%s", msg);
	return YW_FAIL;
}

bool yw_hl_state_is(const struct yw_hl_order *o, const char *const *states) { return one_of(o->state, states); }

int yw_hl_bad_state(struct hl_run *r, const char *what)
{
	yw_error_set(r->err, YW_E_HOTLINE_BAD_STATE, "state", "工单 %s 当前为“%s”，%s", r->o.order_no, r->o.state,
		     what);
	return YW_FAIL;
}

bool yw_hl_blank(const char *s)
{
	if (!s)
		return true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 ideographic space */
			p += 2;
			continue;
		}
		if (*p > ' ')
			return false;
	}
	return true;
}

int yw_hl_deadline(struct hl_run *r, int64_t from, int days, int64_t *out)
{
	return yw_hl_add_working(r->x->cal, from, (int64_t)days * YW_HL_DAY_MS, out, r->err);
}

int yw_hl_order_deadlines(struct hl_run *r)
{
	struct yw_hl_order *o = &r->o;
	int st = yw_hl_deadline(r, r->x->now, o->sign_days, &o->sign_by);
	if (!st)
		st = yw_hl_deadline(r, r->x->now, o->handle_days, &o->handle_by);
	if (!st)
		st = yw_hl_deadline(r, o->handle_by, o->reply_days, &o->reply_by);
	return st;
}

void yw_hl_detail(struct hl_run *r, const char *fmt, ...)
{
	if (r->detail.len)
		yw_buf_adds(&r->detail, ",");
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	yw_buf_adds(&r->detail, s);
	free(s);
}

void yw_hl_detail_str(struct hl_run *r, const char *key, const char *value)
{
	if (r->detail.len)
		yw_buf_adds(&r->detail, ",");
	yw_buf_json_str(&r->detail, key);
	yw_buf_adds(&r->detail, ":");
	yw_buf_json_str(&r->detail, value);
}

bool yw_hl_phone_normalize(const char *in, char out[24])
{
	char mobile[12];
	if (yw_mobile_normalize(in, mobile)) {
		snprintf(out, 24, "%s", mobile);
		return true;
	}
	if (strlen(in) < 24 && yw_phone_valid(in)) {
		snprintf(out, 24, "%s", in);
		return true;
	}
	return false;
}

bool yw_hl_assignment_active(const struct yw_hl_assignment *a)
{
	return !strcmp(a->state, "dispatched") || !strcmp(a->state, "signed") || !strcmp(a->state, "replied");
}

struct yw_hl_assignment *yw_hl_find_assignment(struct hl_run *r, int64_t id)
{
	for (int i = 0; i < r->nas; i++)
		if (r->as[i].id == id)
			return &r->as[i];
	return NULL;
}

int yw_hl_assign(struct hl_run *r, int64_t department_id, const char *role)
{
	for (int i = 0; i < r->nas; i++)
		if (r->as[i].round == r->o.round && r->as[i].department_id == department_id)
			return yw_hl_fail(r, YW_E_HOTLINE_DEPARTMENT_TWICE, "department_id",
					  "该部门在本轮派单中已有派单记录（退回的部门应“维持原派单”）");
	if (r->nas == r->cap)
		return yw_hl_fail(r, YW_E_OUT_OF_RANGE, "department_id", "本工单派单部门过多");
	struct yw_hl_assignment *a = &r->as[r->nas];
	memset(a, 0, sizeof *a);
	a->order_id = r->o.id;
	a->round = r->o.round;
	a->department_id = department_id;
	snprintf(a->role, sizeof a->role, "%s", role);
	snprintf(a->state, sizeof a->state, "dispatched");
	a->dispatched_at = r->x->now;
	a->dispatched_by = r->x->who->user_id;
	int st = yw_hl_deadline(r, r->x->now, r->o.sign_days, &a->sign_by);
	if (!st)
		st = yw_hl_deadline(r, r->x->now, r->o.handle_days, &a->handle_by);
	if (!st)
		st = yw_hs_assignment_insert(r->c, a, r->x->now);
	if (st) {
		memset(a, 0, sizeof *a);
		return st;
	}
	yw_hs_department_name(r->c, department_id, a->department_name, sizeof a->department_name);
	r->nas++;
	return YW_OK;
}

int yw_hl_save_assignment(struct hl_run *r, struct yw_hl_assignment *a)
{
	return yw_hs_assignment_save(r->c, a, r->x->now);
}

int yw_hl_check_department(struct hl_run *r, int64_t department_id, bool strict, const char *field)
{
	char name[128];
	int st = yw_hs_department_name(r->c, department_id, name, sizeof name);
	if (st == YW_NOTFOUND) {
		yw_error_set(r->err, YW_E_HOTLINE_NO_DEPARTMENT, field, "部门 %lld 不存在", (long long)department_id);
		return YW_FAIL;
	}
	if (st || !strict)
		return st;
	int64_t chain[3];
	bool duty = false;
	if ((st = yw_hl_category_chain(r->c, r->o.category_id, chain)) ||
	    (st = yw_hs_has_duty(r->c, department_id, chain, &duty)))
		return st;
	if (!duty) {
		yw_error_set(r->err, YW_E_HOTLINE_NO_DUTY, field, "派单目录中“%s”没有“%s”类诉求的职责", name,
			     r->o.category_name);
		return YW_FAIL;
	}
	return YW_OK;
}

/* ---- scope ---- */

int yw_hl_region_scope(struct yw_conn *c, const struct yw_actor *who, int64_t region_id, struct yw_error *err)
{
	/* No entity: the order's region is its only dimension here, so a
	 * department binding of an agent (the centre's own) does not apply. */
	return yw_authz_scope(c, who, NULL, (struct yw_scope){.region_id = region_id}, err);
}

static bool acts_as_department(const struct yw_actor *who)
{
	return who->role && !strcmp(who->role, "hotline_handler");
}

int yw_hl_scope_read(struct yw_conn *c, const struct yw_actor *who, const struct yw_hl_order *o, struct yw_error *err)
{
	if (acts_as_department(who)) {
		bool assigned = false;
		int st = who->scope.department_id
				 ? yw_hs_department_assigned(c, o->id, who->scope.department_id, &assigned)
				 : YW_OK;
		if (st)
			return st;
		if (!assigned) {
			yw_error_set(err, YW_E_FORBIDDEN_SCOPE, "department_id", "该工单未派给您的部门");
			return YW_FAIL;
		}
	}
	return yw_hl_region_scope(c, who, o->region_id, err);
}

/* The acting department's active assignment of the current round. */
static int department_scope(struct hl_run *r)
{
	int64_t dep = r->x->who->scope.department_id;
	bool ever = false;
	for (int i = 0; i < r->nas; i++) {
		struct yw_hl_assignment *a = &r->as[i];
		if (a->department_id != dep)
			continue;
		ever = true;
		if (a->round == r->o.round && yw_hl_assignment_active(a))
			r->mine = a;
	}
	if (!dep || !ever)
		return yw_hl_fail(r, YW_E_FORBIDDEN_SCOPE, "department_id", "该工单未派给您的部门");
	if (!r->mine)
		return yw_hl_fail(r, YW_E_HOTLINE_NOT_ASSIGNED, "department_id",
				  "本部门的派单已退回、改派或撤回，或属于上一轮办理");
	return yw_hl_region_scope(r->c, r->x->who, r->o.region_id, r->err);
}

/* ---- events and audit ---- */

static int write_event(struct yw_conn *c, const struct yw_hl_ctx *x, const struct yw_hl_order *o, const char *action,
		       const char *from, int64_t department_id, const char *reason, const char *members)
{
	const struct yw_actor *who = x->who;
	struct yw_buf d = {0};
	yw_buf_printf(&d, "{%s}", members ? members : "");
	struct yw_hl_event e = {
		.order_id = o->id, .at = x->now, .actor_id = who->user_id, .department_id = department_id};
	snprintf(e.action, sizeof e.action, "%s", action);
	snprintf(e.from_state, sizeof e.from_state, "%s", from ? from : "");
	snprintf(e.to_state, sizeof e.to_state, "%s", o->state);
	snprintf(e.role, sizeof e.role, "%s", who->role ? who->role : "");
	e.actor_name = (char *)who->name;
	e.reason = (char *)reason;
	e.detail = d.data;
	int st = yw_hs_event_insert(c, &e);
	if (!st) {
		struct yw_buf s = {0};
		yw_buf_adds(&s, "{\"order_no\":");
		yw_buf_json_str(&s, o->order_no);
		yw_buf_printf(&s, ",\"from\":");
		yw_buf_json_str(&s, from && *from ? from : NULL);
		yw_buf_adds(&s, ",\"to\":");
		yw_buf_json_str(&s, o->state);
		if (department_id)
			yw_buf_printf(&s, ",\"department_id\":%lld", (long long)department_id);
		if (reason) {
			yw_buf_adds(&s, ",\"reason\":");
			yw_buf_json_str(&s, reason);
		}
		if (members && *members)
			yw_buf_printf(&s, ",%s", members);
		yw_buf_adds(&s, "}");
		st = yw_audit_append(c, who, action, "hotline_order", o->id, s.data);
		yw_buf_free(&s);
	}
	yw_buf_free(&d);
	return st;
}

int yw_hl_side_event(struct hl_run *r, struct yw_hl_order *o, const char *action, const char *from, const char *detail)
{
	return write_event(r->c, r->x, o, action, from, 0, NULL, detail);
}

/* ---- merged children follow their master ---- */

struct kids {
	int64_t id[64];
	int n;
};

static int kid(void *ctx, int64_t id, const char *state)
{
	(void)state;
	struct kids *k = ctx;
	if (k->n < 64)
		k->id[k->n++] = id;
	return 0;
}

static int move_children(struct hl_run *r, const char *from, const char *to, const char *action)
{
	struct kids k = {.n = 0};
	int st = yw_hs_children(r->c, r->o.id, kid, &k);
	for (int i = 0; !st && i < k.n; i++) {
		struct yw_hl_order child;
		if ((st = yw_hs_order_lock(r->c, k.id[i])) || (st = yw_hs_order_get(r->c, k.id[i], &child)))
			break;
		if (!strcmp(child.state, from)) {
			struct yw_hlk_snap kpi; /* its assignments do not change: left out */
			yw_hl_kpi_snap_of(&kpi, &child, NULL, 0);
			snprintf(child.state, sizeof child.state, "%s", to);
			child.closed_at = !strcmp(to, "closed") ? r->x->now : 0;
			child.updated_at = r->x->now;
			char detail[64];
			snprintf(detail, sizeof detail, "\"master_id\":%lld", (long long)r->o.id);
			st = yw_hs_order_save(r->c, &child);
			if (!st)
				st = yw_hl_kpi_apply(r->c, &kpi, &child, NULL, 0);
			if (!st)
				st = yw_hl_side_event(r, &child, action, from, detail);
		}
		yw_hl_order_clear(&child);
	}
	return st == YW_NOTFOUND ? YW_STORE_ERR : st;
}

int yw_hl_close_children(struct hl_run *r) { return move_children(r, "merged", "closed", "close_with_master"); }

int yw_hl_reopen_children(struct hl_run *r) { return move_children(r, "closed", "merged", "reopen_with_master"); }

/* ---- intake ---- */

static int fail_in(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

int yw_hl_create_tx(struct yw_conn *c, const struct yw_hl_ctx *x, const struct yw_hl_new *in, struct yw_hl_order *out,
		    struct yw_error *err)
{
	struct yw_hl_order o = {0};
	const char *channel = in->channel ? in->channel : "phone", *urgency = in->urgency ? in->urgency : "normal";
	if (!one_of(channel, channels))
		return fail_in(err, YW_E_BAD_ENUM, "channel",
			       "渠道应为 phone、web、miniprogram、app、open311、other 之一");
	if (!in->type)
		return fail_in(err, YW_E_MISSING_FIELD, "type", "请选择诉求类型");
	if (!one_of(in->type, types))
		return fail_in(err, YW_E_BAD_ENUM, "type",
			       "类型应为 consult、complaint、report、suggestion、help 之一");
	if (!one_of(urgency, urgencies))
		return fail_in(err, YW_E_BAD_ENUM, "urgency", "紧急程度应为 normal 或 urgent");
	if (!in->category_id)
		return fail_in(err, YW_E_HOTLINE_NO_CATEGORY, "category_id", "请选择诉求分类");
	if (yw_hl_blank(in->description))
		return fail_in(err, YW_E_HOTLINE_NO_DESCRIPTION, "description", "请填写诉求内容");
	if (yw_utf8_len(in->description) > 2000)
		return fail_in(err, YW_E_TOO_LONG, "description", "诉求内容最多 2000 个字");
	struct yw_hl_category k;
	int st = yw_hl_category_limits(c, in->category_id, &k);
	if (st == YW_NOTFOUND)
		return fail_in(err, YW_E_HOTLINE_NO_CATEGORY, "category_id", "诉求分类不存在");
	if (st)
		return st;
	if (!k.active)
		return fail_in(err, YW_E_HOTLINE_NO_CATEGORY, "category_id", "该诉求分类已停用");
	if (!in->anonymous) {
		if (!in->caller_phone || !*in->caller_phone)
			return fail_in(err, YW_E_MISSING_FIELD, "caller_phone", "请填写来电号码，或勾选匿名");
		if (!yw_hl_phone_normalize(in->caller_phone, o.caller_phone))
			return fail_in(err, YW_E_INVALID_PHONE, "caller_phone", "来电号码应为手机号或带区号的固定电话");
		if (in->caller_name && !yw_hl_blank(in->caller_name))
			o.caller_name = yw_strdup(in->caller_name);
	}
	o.region_id = 0;
	if (in->region_code && *in->region_code) {
		st = yw_hs_region_by_code(c, in->region_code, &o.region_id, o.region_path, sizeof o.region_path, NULL,
					  0);
		if (st == YW_NOTFOUND) {
			yw_hl_order_clear(&o);
			return fail_in(err, YW_E_REF_NOT_FOUND, "region_code", "区划代码不存在");
		}
	} else if (x->who->scope.region_id) {
		o.region_id = x->who->scope.region_id;
		st = yw_hs_region_path(c, o.region_id, o.region_path, sizeof o.region_path);
	} else if (!(x->who->roles & ~(unsigned)YW_ROLE_CITIZEN)) {
		/* A citizen's web order without a region goes to the centre's. */
		st = yw_hs_centre_region(c, &o.region_id, o.region_path, sizeof o.region_path);
		if (st == YW_NOTFOUND)
			st = YW_OK;
	}
	if (!st)
		st = yw_hl_region_scope(c, x->who, o.region_id, err);
	if (st) {
		yw_hl_order_clear(&o);
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	}
	o.anonymous = in->anonymous;
	snprintf(o.channel, sizeof o.channel, "%s", channel);
	snprintf(o.type, sizeof o.type, "%s", in->type);
	snprintf(o.urgency, sizeof o.urgency, "%s", urgency);
	snprintf(o.state, sizeof o.state, "accepted");
	o.category_id = k.id;
	o.sign_days = k.eff_sign;
	o.handle_days = !strcmp(urgency, "urgent") ? k.eff_urgent_handle : k.eff_handle;
	o.reply_days = k.eff_reply;
	if (in->address && !yw_hl_blank(in->address)) {
		o.address = yw_strdup(in->address);
		char norm[600];
		yw_hl_normalize_address(in->address, norm, sizeof norm);
		o.address_norm = *norm ? yw_strdup(norm) : NULL;
	}
	o.description = yw_strdup(in->description);
	o.attachments = yw_strdup(in->attachments ? in->attachments : "[]");
	o.created_by = x->who->user_id;
	o.created_at = x->now;
	struct yw_date d = yw_date_from_epoch_ms_shanghai(x->now);
	yw_date_format(d, o.day);
	int64_t number = 0;
	if (!(st = yw_hs_next_number(c, o.day, &number))) {
		snprintf(o.order_no, sizeof o.order_no, "12345-%04d%02d%02d-%05lld", d.y, d.m, d.d, (long long)number);
		st = yw_hs_order_insert(c, &o);
	}
	if (!st)
		st = yw_hl_kpi_apply(c, NULL, &o, NULL, 0);
	if (!st) {
		char detail[200];
		snprintf(detail, sizeof detail,
			 "\"channel\":\"%s\",\"type\":\"%s\",\"category_id\":%lld,\"urgency\":\"%s\"", o.channel,
			 o.type, (long long)o.category_id, o.urgency);
		st = write_event(c, x, &o, "create", NULL, 0, NULL, detail);
	}
	int64_t id = o.id;
	yw_hl_order_clear(&o);
	if (st)
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	return out ? yw_hs_order_get(c, id, out) : YW_OK;
}

struct create_ctx {
	const struct yw_hl_ctx *x;
	const struct yw_hl_new *in;
	struct yw_hl_order *out;
	struct yw_error *err;
};

static int create_tx(struct yw_conn *c, void *p)
{
	struct create_ctx *cc = p;
	yw_hl_order_clear(cc->out);
	memset(cc->err, 0, sizeof *cc->err);
	return yw_hl_create_tx(c, cc->x, cc->in, cc->out, cc->err);
}

int yw_hl_create(struct yw_store *s, const struct yw_hl_ctx *x, const struct yw_hl_new *in, struct yw_hl_order *out,
		 struct yw_error *err)
{
	struct yw_hl_order tmp = {0};
	struct create_ctx cc = {x, in, out ? out : &tmp, err};
	memset(cc.out, 0, sizeof *cc.out);
	int st = yw_store_tx(s, YW_TX_WRITE, create_tx, &cc);
	yw_hl_order_clear(&tmp);
	if (st && out)
		yw_hl_order_clear(out);
	return st;
}

/* ---- the runner ---- */

struct collect_as {
	struct yw_hl_assignment *v;
	int n, cap;
};

static int collect_assignment(void *ctx, struct yw_hl_assignment *a)
{
	struct collect_as *ca = ctx;
	if (ca->n == ca->cap) {
		ca->cap = ca->cap ? ca->cap * 2 : 8;
		ca->v = yw_realloc(ca->v, sizeof *ca->v * (size_t)ca->cap);
	}
	ca->v[ca->n++] = *a;
	return 0;
}

/* Assignments with room for those a step may add (pointers stay valid). */
static int load_assignments(struct yw_conn *c, int64_t order_id, struct yw_hl_assignment **out, int *n, int *cap)
{
	struct collect_as ca = {0};
	int st = yw_hs_assignments(c, order_id, collect_assignment, &ca);
	if (st) {
		yw_hl_assignments_free(ca.v, ca.n);
		return st;
	}
	*cap = ca.n + 2 * YW_HL_MAX_ASSIST + 2;
	ca.v = yw_realloc(ca.v, sizeof *ca.v * (size_t)*cap);
	*out = ca.v;
	*n = ca.n;
	return YW_OK;
}

int yw_hl_act_tx(struct yw_conn *c, const struct yw_hl_ctx *x, int64_t order_id, enum yw_hl_action a,
		 const struct yw_hl_args *args, struct yw_hl_order *out, struct yw_error *err)
{
	static const struct yw_hl_args none;
	if ((int)a < 0 || a >= YW_HL_ACTION_COUNT) {
		yw_error_set(err, YW_E_INTERNAL, NULL, "unknown hotline action");
		return YW_FAIL;
	}
	struct hl_run r = {.c = c, .x = x, .args = args ? args : &none, .err = err, .action = a};
	int st = yw_hs_order_lock(c, order_id);
	if (st == YW_NOTFOUND) {
		yw_error_set(err, YW_E_NOT_FOUND, "id", "工单 %lld 不存在", (long long)order_id);
		return YW_FAIL;
	}
	if (!st)
		st = yw_hs_order_get(c, order_id, &r.o);
	if (!st)
		st = load_assignments(c, order_id, &r.as, &r.nas, &r.cap);
	if (st == YW_NOTFOUND)
		st = YW_STORE_ERR;
	struct yw_hlk_snap kpi; /* the order's KPI counts before the step */
	if (!st)
		yw_hl_kpi_snap_of(&kpi, &r.o, r.as, r.nas);
	enum who_kind who = steps[a].who;
	if (who == BY_EITHER)
		who = acts_as_department(x->who) ? BY_DEPARTMENT : BY_CENTRE;
	if (!st)
		st = who == BY_DEPARTMENT ? department_scope(&r) : yw_hl_region_scope(c, x->who, r.o.region_id, err);
	snprintf(r.from_state, sizeof r.from_state, "%s", r.o.state);
	if (!st)
		st = steps[a].fn(&r);
	/* Leaving the department's phase stops a paused clock. */
	if (!st && r.o.paused_since && !yw_hl_state_is(&r.o, clock_states))
		st = yw_hl_resume_clock(&r);
	if (!st) {
		r.o.updated_at = x->now;
		st = yw_hs_order_save(c, &r.o);
	}
	if (!st)
		st = yw_hl_kpi_apply(c, &kpi, &r.o, r.as, r.nas);
	if (!st)
		st = write_event(c, x, &r.o, yw_hl_action_names[a], r.from_state, r.ev_department_id, r.ev_reason,
				 r.detail.data);
	if (!st && out) {
		*out = r.o;
		memset(&r.o, 0, sizeof r.o);
	}
	yw_hl_order_clear(&r.o);
	yw_hl_assignments_free(r.as, r.nas);
	yw_buf_free(&r.detail);
	return st;
}

struct act_ctx {
	const struct yw_hl_ctx *x;
	int64_t id;
	enum yw_hl_action a;
	const struct yw_hl_args *args;
	struct yw_hl_order *out;
	struct yw_error *err;
};

static int act_tx(struct yw_conn *c, void *p)
{
	struct act_ctx *ac = p;
	if (ac->out)
		yw_hl_order_clear(ac->out);
	memset(ac->err, 0, sizeof *ac->err);
	return yw_hl_act_tx(c, ac->x, ac->id, ac->a, ac->args, ac->out, ac->err);
}

int yw_hl_act(struct yw_store *s, const struct yw_hl_ctx *x, int64_t order_id, enum yw_hl_action a,
	      const struct yw_hl_args *args, struct yw_hl_order *out, struct yw_error *err)
{
	if (out)
		memset(out, 0, sizeof *out);
	struct act_ctx ac = {x, order_id, a, args, out, err};
	int st = yw_store_tx(s, YW_TX_WRITE, act_tx, &ac);
	if (st && out)
		yw_hl_order_clear(out);
	return st;
}

/* ---- one order ---- */

struct collect_ev {
	struct yw_hl_event *v;
	int n, cap;
};

static int collect_event(void *ctx, struct yw_hl_event *e)
{
	struct collect_ev *ce = ctx;
	if (ce->n == ce->cap) {
		ce->cap = ce->cap ? ce->cap * 2 : 16;
		ce->v = yw_realloc(ce->v, sizeof *ce->v * (size_t)ce->cap);
	}
	ce->v[ce->n++] = *e;
	return 0;
}

struct collect_cb {
	struct yw_hl_callback *v;
	int n, cap;
};

static int collect_callback(void *ctx, struct yw_hl_callback *cb)
{
	struct collect_cb *cc = ctx;
	if (cc->n == cc->cap) {
		cc->cap = cc->cap ? cc->cap * 2 : 4;
		cc->v = yw_realloc(cc->v, sizeof *cc->v * (size_t)cc->cap);
	}
	cc->v[cc->n++] = *cb;
	return 0;
}

static int collect_child(void *ctx, int64_t id, const char *state)
{
	(void)state;
	struct yw_hl_view *v = ctx;
	v->children = yw_realloc(v->children, sizeof *v->children * (size_t)(v->nchildren + 1));
	v->children[v->nchildren++] = id;
	return 0;
}

void yw_hl_view_free(struct yw_hl_view *v)
{
	yw_hl_order_clear(&v->o);
	yw_hl_assignments_free(v->as, v->nas);
	for (int i = 0; i < v->nev; i++) {
		free(v->ev[i].actor_name);
		free(v->ev[i].reason);
		free(v->ev[i].detail);
	}
	free(v->ev);
	for (int i = 0; i < v->ncb; i++) {
		free(v->cb[i].note);
		free(v->cb[i].by_name);
	}
	free(v->cb);
	free(v->children);
	memset(v, 0, sizeof *v);
}

struct get_ctx {
	const struct yw_hl_ctx *x;
	int64_t id;
	struct yw_hl_view *out;
	struct yw_error *err;
	bool agent;
};

static int get_tx(struct yw_conn *c, void *p)
{
	struct get_ctx *g = p;
	struct yw_hl_view *v = g->out;
	yw_hl_view_free(v);
	int st = yw_hs_order_get(c, g->id, &v->o);
	if (st == YW_NOTFOUND) {
		yw_error_set(g->err, YW_E_NOT_FOUND, "id", "工单 %lld 不存在", (long long)g->id);
		return YW_FAIL;
	}
	if (st || (st = yw_hl_scope_read(c, g->x->who, &v->o, g->err)))
		return st;
	int cap = 0;
	struct collect_ev ce = {0};
	struct collect_cb cb = {0};
	st = load_assignments(c, g->id, &v->as, &v->nas, &cap);
	if (!st)
		st = yw_hs_events(c, g->id, collect_event, &ce);
	v->ev = ce.v;
	v->nev = ce.n;
	if (!st)
		st = yw_hs_callbacks(c, g->id, collect_callback, &cb);
	v->cb = cb.v;
	v->ncb = cb.n;
	if (!st)
		st = yw_hs_children(c, g->id, collect_child, v);
	if (st)
		return st;
	yw_hl_flags_of(g->x->cal, &v->o, g->x->now, &v->flags);
	/* The agent handling the call sees the full number; that read is audited. */
	v->reveal_phone = g->agent && v->o.caller_phone[0];
	if (v->reveal_phone) {
		char summary[120];
		snprintf(summary, sizeof summary, "{\"order_no\":\"%s\",\"field\":\"caller_phone\"}", v->o.order_no);
		st = yw_audit_append(c, g->x->who, "reveal", "hotline_order", v->o.id, summary);
	}
	return st;
}

int yw_hl_get(struct yw_store *s, const struct yw_hl_ctx *x, int64_t id, bool reveal, struct yw_hl_view *out,
	      struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	bool agent = reveal && x->who->role && !strcmp(x->who->role, "hotline_agent");
	struct get_ctx g = {x, id, out, err, agent};
	int st = yw_store_tx(s, agent ? YW_TX_WRITE : YW_TX_READ, get_tx, &g);
	if (st)
		yw_hl_view_free(out);
	return st;
}

/* ---- lists ---- */

struct list_ctx {
	const struct yw_hl_ctx *x;
	const struct yw_hl_filter *f;
	struct yw_hl_list *out;
	struct yw_error *err;
	int cap;
};

static int list_row(void *ctx, struct yw_hl_order *o)
{
	struct list_ctx *lc = ctx;
	struct yw_hl_list *l = lc->out;
	if (l->n == lc->cap) {
		lc->cap = lc->cap ? lc->cap * 2 : 32;
		l->items = yw_realloc(l->items, sizeof *l->items * (size_t)lc->cap);
		l->flags = yw_realloc(l->flags, sizeof *l->flags * (size_t)lc->cap);
	}
	l->items[l->n] = *o;
	yw_hl_flags_of(lc->x->cal, o, lc->x->now, &l->flags[l->n]);
	l->n++;
	return 0;
}

static int bad_query(struct yw_error *err, const char *field, const char *msg)
{
	yw_error_set(err, YW_E_BAD_QUERY, field, "%s", msg);
	return YW_FAIL;
}

static int list_tx(struct yw_conn *c, void *p)
{
	struct list_ctx *lc = p;
	const struct yw_hl_filter *f = lc->f;
	const struct yw_actor *who = lc->x->who;
	yw_hl_list_free(lc->out);
	lc->cap = 0;
	struct yw_hs_query q = {.state = f->state,
				.channel = f->channel,
				.type = f->type,
				.from = f->from,
				.to = f->to,
				.limit = f->limit,
				.offset = f->offset,
				.department_id = f->department_id,
				.overdue_now = f->overdue ? lc->x->now : 0};
	char phone[24], category_path[64], region_path[160], scope_path[160] = "";
	int st;
	if (f->caller_phone) {
		if (!yw_hl_phone_normalize(f->caller_phone, phone)) {
			yw_error_set(lc->err, YW_E_INVALID_PHONE, "phone", "来电号码应为手机号或带区号的固定电话");
			return YW_FAIL;
		}
		q.caller_phone = phone;
	}
	if (f->category_id) {
		struct yw_hl_category k;
		st = yw_hs_category(c, f->category_id, &k);
		if (st == YW_NOTFOUND)
			return bad_query(lc->err, "category_id", "诉求分类不存在");
		if (st)
			return st;
		snprintf(category_path, sizeof category_path, "%s", k.path);
		q.category_path = category_path;
	}
	if (who->scope.region_id && !(who->roles & YW_ROLE_ADMIN)) {
		if ((st = yw_hs_region_path(c, who->scope.region_id, scope_path, sizeof scope_path)))
			return st == YW_NOTFOUND ? YW_STORE_ERR : st;
		q.region_path = scope_path;
	}
	if (f->region_code) {
		int64_t rid = 0;
		st = yw_hs_region_by_code(c, f->region_code, &rid, region_path, sizeof region_path, NULL, 0);
		if (st == YW_NOTFOUND)
			return bad_query(lc->err, "region_code", "区划代码不存在");
		if (st)
			return st;
		if (*scope_path && strncmp(region_path, scope_path, strlen(scope_path))) {
			yw_error_set(lc->err, YW_E_FORBIDDEN_SCOPE, "region_code", "该区划不在您的管辖范围内");
			return YW_FAIL;
		}
		q.region_path = region_path;
	}
	if (acts_as_department(who)) {
		if (!who->scope.department_id || (f->department_id && f->department_id != who->scope.department_id)) {
			yw_error_set(lc->err, YW_E_FORBIDDEN_SCOPE, "department_id", "只能查看派给本部门的工单");
			return YW_FAIL;
		}
		q.department_id = who->scope.department_id;
	}
	if ((st = yw_hs_orders_count(c, &q, &lc->out->total)))
		return st;
	return yw_hs_orders(c, &q, list_row, lc);
}

int yw_hl_list(struct yw_store *s, const struct yw_hl_ctx *x, const struct yw_hl_filter *f, struct yw_hl_list *out,
	       struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct list_ctx lc = {x, f, out, err, 0};
	int st = yw_store_tx(s, YW_TX_READ, list_tx, &lc);
	if (st)
		yw_hl_list_free(out);
	return st;
}

void yw_hl_list_free(struct yw_hl_list *l)
{
	for (int i = 0; i < l->n; i++)
		yw_hl_order_clear(&l->items[i]);
	free(l->items);
	free(l->flags);
	memset(l, 0, sizeof *l);
}
