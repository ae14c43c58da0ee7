/* Intake at the window (前台综合受理) and materials handed in later. The
 * system judges from the item version's checklist: complete → 受理;
 * missing or defective → 一次性告知 (every gap and why, at once); only
 * secondary materials missing, the item allows it and the applicant signs a
 * commitment → 容缺受理; outside the hall's competence or refused by the
 * clerk → 不予受理 with the reason and where to go. docs/cases.md. */
#include "yw/authz.h"
#include "yw/case_internal.h"
#include "yw/queue_store.h"
#include "yw/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

static int check_text(const char *s, const char *field, int max, bool required, struct yw_error *err)
{
	if (!s || !*s)
		return required ? fail(err, YW_E_MISSING_FIELD, field, "必填 / required") : YW_OK;
	if ((int)yw_utf8_len(s) > max) {
		yw_error_set(err, YW_E_TOO_LONG, field, "最多 %d 个字符 / at most %d characters", max, max);
		return YW_FAIL;
	}
	return YW_OK;
}

static int check_mobile(const char *s, const char *field, char out[24], struct yw_error *err)
{
	char normal[12];
	if (!s || !*s)
		return fail(err, YW_E_MISSING_FIELD, field, "请填写手机号码，用于短信告知 / a mobile number is required");
	if (!yw_mobile_normalize(s, normal))
		return fail(err, YW_E_INVALID_PHONE, field, "请填写 11 位手机号码 / an 11-digit mobile number");
	snprintf(out, 24, "%s", normal);
	return YW_OK;
}

static int check_id(const char *s, const char *field, char out[24], struct yw_error *err)
{
	struct yw_id_info info;
	if (!s || !*s)
		return fail(err, YW_E_MISSING_FIELD, field, "请填写身份证号码 / the ID number is required");
	if (yw_id_number_check(s, &info, field, err) != YW_OK)
		return YW_FAIL;
	snprintf(out, 24, "%s", info.number);
	return YW_OK;
}

/* The applicant (person or enterprise) and the agent, validated (ID numbers
 * by GB 11643, credit codes by GB 32100) and normalised into the case. */
static int check_parties(const struct yw_case_intake_req *req, struct yw_case *k, struct yw_error *err)
{
	const struct yw_case_party *a = &req->applicant;
	static const char *const kinds[] = {"person", "enterprise", NULL};
	if (!a->kind || !*a->kind)
		return fail(err, YW_E_MISSING_FIELD, "applicant.kind", "请选择申请人类型 person 或 enterprise");
	if (!yw_case_in(a->kind, kinds))
		return fail(err, YW_E_BAD_ENUM, "applicant.kind", "申请人类型应为 person 或 enterprise");
	snprintf(k->applicant_kind, sizeof k->applicant_kind, "%s", a->kind);
	if (check_text(a->name, "applicant.name", YW_CASE_NAME_MAX, true, err))
		return YW_FAIL;
	snprintf(k->applicant_name, sizeof k->applicant_name, "%s", a->name);
	if (!strcmp(a->kind, "person")) {
		if (check_id(a->id_number, "applicant.id_number", k->applicant_id, err))
			return YW_FAIL;
	} else {
		if (!a->credit_code || !*a->credit_code)
			return fail(err, YW_E_MISSING_FIELD, "applicant.credit_code", "请填写统一社会信用代码");
		if (yw_credit_code_check(a->credit_code, "applicant.credit_code", err) != YW_OK)
			return YW_FAIL;
		snprintf(k->applicant_id, sizeof k->applicant_id, "%s", a->credit_code);
		if (check_text(a->legal_rep, "applicant.legal_rep", YW_CASE_NAME_MAX, true, err))
			return YW_FAIL;
		snprintf(k->legal_rep, sizeof k->legal_rep, "%s", a->legal_rep);
	}
	if (check_mobile(a->phone, "applicant.phone", k->applicant_phone, err))
		return YW_FAIL;
	if (!req->has_agent)
		return YW_OK;
	const struct yw_case_party *g = &req->agent;
	if (check_text(g->name, "agent.name", YW_CASE_NAME_MAX, true, err) ||
	    check_id(g->id_number, "agent.id_number", k->agent_id, err) ||
	    check_mobile(g->phone, "agent.phone", k->agent_phone, err))
		return YW_FAIL;
	snprintf(k->agent_name, sizeof k->agent_name, "%s", g->name);
	return YW_OK;
}

/* ---- materials ---- */

static const char *const trust_levels[] = {"A", "B", "C", "D", NULL};

static void field_name(char *out, size_t n, int i, const char *member)
{
	snprintf(out, n, "materials[%d].%s", i, member);
}

/* One received entry against its checklist line. */
static int apply_one(struct yw_case_tx *t, const struct yw_item_material *im, struct yw_case_material *m,
		     const struct yw_case_material_in *in, int i)
{
	char f[48];
	if (!in->form || !*in->form) {
		field_name(f, sizeof f, i, "form");
		return fail(t->err, YW_E_MISSING_FIELD, f, "请选择收取方式 paper_original / paper_copy / upload / elicence");
	}
	if (!yw_case_in(in->form, yw_case_material_forms)) {
		field_name(f, sizeof f, i, "form");
		return fail(t->err, YW_E_BAD_ENUM, f, "收取方式应为 paper_original、paper_copy、upload、elicence 之一");
	}
	bool paper = !strncmp(in->form, "paper_", 6);
	int count = paper ? (in->count ? in->count : 1) : 0;
	if (count < 0 || count > 99) {
		field_name(f, sizeof f, i, "count");
		return fail(t->err, YW_E_OUT_OF_RANGE, f, "份数应为 1–99");
	}
	if (!strcmp(in->form, "upload") && (!in->file_ref || !*in->file_ref)) {
		field_name(f, sizeof f, i, "file_ref");
		return fail(t->err, YW_E_MISSING_FIELD, f, "上传的材料需要文件编号 / an upload needs its file_ref");
	}
	if (!strcmp(in->form, "elicence")) {
		field_name(f, sizeof f, i, "elicence_ref");
		if (!in->elicence_ref || !*in->elicence_ref)
			return fail(t->err, YW_E_MISSING_FIELD, f, "请填写电子证照编号 / the e-licence reference is required");
		if (!im->elicence_type) {
			field_name(f, sizeof f, i, "form");
			return fail(t->err, YW_E_BAD_ENUM, f, "该材料不能以电子证照代替 / this material has no e-licence");
		}
	}
	const char *refs[] = {in->file_ref, in->elicence_ref};
	const char *names[] = {"file_ref", "elicence_ref"};
	for (int r = 0; r < 2; r++) {
		field_name(f, sizeof f, i, names[r]);
		if (check_text(refs[r], f, 120, false, t->err))
			return YW_FAIL;
	}
	if (in->trust_level && *in->trust_level && !yw_case_in(in->trust_level, trust_levels)) {
		field_name(f, sizeof f, i, "trust_level");
		return fail(t->err, YW_E_BAD_ENUM, f, "可信等级应为 A、B、C、D 之一（国办函〔2016〕108号）");
	}
	bool defective = false;
	if (in->status && *in->status) {
		static const char *const statuses[] = {"ok", "defective", NULL};
		if (!yw_case_in(in->status, statuses)) {
			field_name(f, sizeof f, i, "status");
			return fail(t->err, YW_E_BAD_ENUM, f, "材料状态应为 ok 或 defective");
		}
		defective = !strcmp(in->status, "defective");
	}
	field_name(f, sizeof f, i, "reason");
	if (check_text(in->reason, f, YW_CASE_TEXT_MAX, false, t->err))
		return YW_FAIL;
	if (defective && (!in->reason || !*in->reason))
		return fail(t->err, YW_E_CASE_REASON_REQUIRED, f, "请写明材料不合格的原因（一次性告知时列出）");
	snprintf(m->form, sizeof m->form, "%s", in->form);
	m->count = count;
	snprintf(m->file_ref, sizeof m->file_ref, "%s", in->file_ref ? in->file_ref : "");
	snprintf(m->elicence_ref, sizeof m->elicence_ref, "%s", in->elicence_ref ? in->elicence_ref : "");
	const char *trust = in->trust_level && *in->trust_level ? in->trust_level
			    : !strcmp(in->form, "elicence") ? "A"
			    : !strcmp(in->form, "upload")   ? "C"
							    : "B";
	snprintf(m->trust_level, sizeof m->trust_level, "%s", trust);
	m->due[0] = 0;
	/* The system judges what the clerk did not: the form and the copies
	 * the checklist asks for. */
	if (defective)
		snprintf(m->reason, sizeof m->reason, "%s", in->reason);
	else if (im->form == 0 && !strcmp(in->form, "paper_copy"))
		snprintf(m->reason, sizeof m->reason, "需提交原件，收到的是复印件");
	else if (paper && count < im->count)
		snprintf(m->reason, sizeof m->reason, "份数不足：需 %d 份，收到 %d 份", im->count, count);
	else
		m->reason[0] = 0;
	snprintf(m->status, sizeof m->status, "%s", m->reason[0] ? "defective" : "ok");
	return YW_OK;
}

int yw_case_apply_materials(struct yw_case_tx *t, const struct yw_item *it, struct yw_case_material *mats, int nmats,
			    const struct yw_case_material_in *in, int n)
{
	char f[48];
	for (int i = 0; i < n; i++) {
		field_name(f, sizeof f, i, "seq");
		if (in[i].seq < 0 || in[i].seq >= nmats || in[i].seq >= it->nmaterials) {
			yw_error_set(t->err, YW_E_OUT_OF_RANGE, f, "材料序号应为 0–%d（事项材料清单）", nmats - 1);
			return YW_FAIL;
		}
		for (int j = 0; j < i; j++)
			if (in[j].seq == in[i].seq)
				return fail(t->err, YW_E_BAD_FORMAT, f, "同一材料出现两次 / a material is listed twice");
		if (apply_one(t, &it->materials[in[i].seq], &mats[in[i].seq], &in[i], i))
			return YW_FAIL;
	}
	return YW_OK;
}

void yw_case_materials_gap(const struct yw_case_material *m, int n, int *missing, bool *main_missing)
{
	*missing = 0;
	*main_missing = false;
	for (int i = 0; i < n; i++)
		if (m[i].required && strcmp(m[i].status, "ok")) {
			(*missing)++;
			*main_missing |= !strcmp(m[i].role, "main");
		}
}

/* The checklist of a new case: every line missing until received. */
static struct yw_case_material *new_checklist(const struct yw_item *it)
{
	struct yw_case_material *m = yw_calloc((size_t)(it->nmaterials ? it->nmaterials : 1), sizeof *m);
	for (int i = 0; i < it->nmaterials; i++) {
		const struct yw_item_material *im = &it->materials[i];
		m[i].seq = i;
		m[i].required = im->required;
		snprintf(m[i].name, sizeof m[i].name, "%s", im->name);
		snprintf(m[i].role, sizeof m[i].role, "%s", yw_item_material_roles[im->role]);
		snprintf(m[i].trust_level, sizeof m[i].trust_level, "%s", yw_item_trust_levels[im->trust_level]);
		snprintf(m[i].status, sizeof m[i].status, "missing");
		snprintf(m[i].reason, sizeof m[i].reason, "%s", im->required ? "未提交" : "");
	}
	return m;
}

/* A JSON list of the materials still owed, by name and why (event detail). */
static char *gap_detail(const struct yw_case_material *m, int n)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"materials\":[");
	bool first = true;
	for (int i = 0; i < n; i++) {
		if (!m[i].required || !strcmp(m[i].status, "ok"))
			continue;
		yw_buf_printf(&b, "%s{\"seq\":%d,\"name\":", first ? "" : ",", m[i].seq);
		yw_buf_json_str(&b, m[i].name);
		yw_buf_adds(&b, ",\"reason\":");
		yw_buf_json_str(&b, m[i].reason);
		yw_buf_adds(&b, "}");
		first = false;
	}
	yw_buf_adds(&b, "]}");
	return yw_buf_steal(&b);
}

/* ---- acceptance ---- */

static int insert_steps(struct yw_case_tx *t, const struct yw_item *it, int *nreview)
{
	int n = it->nsteps;
	int *stage = yw_calloc((size_t)(n ? n : 1), sizeof *stage);
	const char **kind = yw_calloc((size_t)(n ? n : 1), sizeof *kind);
	*nreview = yw_case_item_stages(it, stage, kind);
	int st = YW_OK;
	for (int i = 0; i < n && !st; i++) {
		const struct yw_item_step *is = &it->steps[i];
		struct yw_case_step s = {.case_id = t->k->id, .seq = i, .round = 1, .stage = stage[i],
					 .limit_days = is->limit_days, .department_id = yw_case_step_department(it, i)};
		snprintf(s.kind, sizeof s.kind, "%s", kind[i]);
		snprintf(s.name, sizeof s.name, "%s", is->name);
		snprintf(s.role, sizeof s.role, "%s", is->role);
		snprintf(s.group, sizeof s.group, "%s", is->parallel_group ? is->parallel_group : "");
		snprintf(s.state, sizeof s.state, "pending");
		if (!strcmp(kind[i], "intake")) {
			/* Taken in right now, by whoever accepts it. */
			snprintf(s.state, sizeof s.state, "done");
			s.activated_at = s.finished_at = t->env->now;
			snprintf(s.activated_on, sizeof s.activated_on, "%s", t->today_s);
			snprintf(s.due, sizeof s.due, "%s", t->today_s);
			s.finished_by = t->env->who ? t->env->who->user_id : 0;
		} else if (stage[i] == 1 && !strcmp(kind[i], "review")) {
			st = yw_case_step_open(t, &s);
		}
		if (!st)
			st = yw_cs_step_insert(t->c, &s);
	}
	free(stage);
	free(kind);
	return st;
}

/* 即办件: decided and handed over at the window in one go; the clerk does
 * the review steps on the spot. */
static int finish_immediately(struct yw_case_tx *t)
{
	struct yw_case_step *steps = NULL;
	int n = 0;
	int st = yw_cs_steps(t->c, t->k->id, &steps, &n);
	for (int i = 0; i < n && !st; i++) {
		if (strcmp(steps[i].kind, "review"))
			continue;
		struct yw_case_step *s = &steps[i];
		if (!s->activated_on[0])
			st = yw_case_step_open(t, s);
		snprintf(s->state, sizeof s->state, "done");
		s->finished_at = t->env->now;
		s->finished_by = t->env->who ? t->env->who->user_id : 0;
		snprintf(s->opinion, sizeof s->opinion, "即办件，窗口当场办结");
		if (!st)
			st = yw_cs_step_update(t->c, s, s->version);
	}
	free(steps);
	if (!st)
		st = yw_case_decide(t, "approved", NULL, NULL, NULL);
	if (!st)
		st = yw_case_deliver_at_window(t);
	if (!st)
		snprintf(t->notice, sizeof t->notice, "已受理并当场办结，结果已当场交付");
	return st;
}

int yw_case_accept(struct yw_case_tx *t, const struct yw_item *it, bool tolerant, int supply_days,
		   struct yw_case_material *mats, int nmats)
{
	struct yw_case *k = t->k;
	k->accepted_at = t->env->now;
	snprintf(k->accepted_on, sizeof k->accepted_on, "%s", t->today_s);
	int st = yw_case_update_dues(t);
	if (st)
		return st;
	if (tolerant) {
		k->tolerant = true;
		struct yw_case_clock clock = {.start = t->today, .limit_days = supply_days};
		struct yw_date due;
		k->supply_due[0] = 0;
		if (yw_case_due(t->env->cal, &clock, &due, NULL) == YW_OK)
			yw_date_format(due, k->supply_due);
		for (int i = 0; i < nmats; i++)
			if (mats[i].required && strcmp(mats[i].status, "ok"))
				snprintf(mats[i].due, sizeof mats[i].due, "%s", k->supply_due);
	}
	int nreview = 0;
	if ((st = insert_steps(t, it, &nreview)))
		return st;
	char *detail = tolerant ? gap_detail(mats, nmats) : NULL;
	st = yw_case_move(t, "in_progress", tolerant ? "tolerant_accepted" : "accepted", 0, k->department_id, NULL,
			  detail);
	free(detail);
	if (st)
		return st;
	snprintf(t->notice, sizeof t->notice, "%s，承诺办结日期 %s", tolerant ? "已容缺受理，请按承诺期限补齐材料" : "已受理",
		 k->due_promised[0] ? k->due_promised : "待定");
	if (it->handling_type == YW_HT_IMMEDIATE && !tolerant)
		return finish_immediately(t);
	if (nreview == 0)
		return yw_case_decide(t, "approved", NULL, NULL, NULL);
	return YW_OK;
}

/* ---- intake ---- */

struct intake_ctx {
	const struct yw_case_env *env;
	const struct yw_case_intake_req *req;
	int64_t *case_id;
	struct yw_error *err;
};

/* Where the case is taken in: the clerk's hall, a window of it that
 * receives applications, and the ticket being served there. */
static int check_place(struct yw_conn *c, const struct yw_case_env *env, const struct yw_case_intake_req *req,
		       struct yw_cs_place *hall, struct yw_case *k, struct yw_error *err)
{
	const struct yw_actor *who = env->who;
	int64_t hall_id = req->hall_id ? req->hall_id : who->scope.hall_id;
	if (!hall_id)
		return fail(err, YW_E_MISSING_FIELD, "hall_id", "请指定受理大厅（窗口人员须绑定大厅）");
	if (who->scope.hall_id && hall_id != who->scope.hall_id)
		return fail(err, YW_E_FORBIDDEN_SCOPE, "hall_id", "只能在本人所在大厅受理");
	int st = yw_cs_hall(c, hall_id, hall);
	if (st == YW_NOTFOUND)
		return fail(err, YW_E_REF_NOT_FOUND, "hall_id", "大厅不存在");
	if (st)
		return st;
	if ((st = yw_authz_scope(c, who, NULL, (struct yw_scope){hall->region_id, 0, hall_id}, err)))
		return st;
	k->hall_id = hall_id;
	if (req->window_id) {
		struct yw_cs_place w;
		st = yw_cs_window(c, req->window_id, &w);
		if (st == YW_NOTFOUND || (!st && w.hall_id != hall_id))
			return fail(err, YW_E_REF_NOT_FOUND, "window_id", "本大厅没有该窗口");
		if (st)
			return st;
		static const char *const receiving[] = {"comprehensive", "specialised", "cross_region", NULL};
		if (!yw_case_in(w.window_type, receiving))
			return fail(err, YW_E_CASE_NOT_COMPETENT, "window_id",
				    "该窗口不是受理窗口（综合、专业或跨域通办窗口受理）");
		k->window_id = req->window_id;
	}
	if (req->ticket_id) {
		struct yw_ticket tk;
		st = yw_qs_ticket_get(c, req->ticket_id, &tk);
		if (st && st != YW_NOTFOUND)
			return st;
		bool serving = !st && tk.hall_id == hall_id &&
			       (!strcmp(tk.status, "serving") || !strcmp(tk.status, "called")) &&
			       (!req->window_id || tk.window_id == req->window_id);
		if (!serving)
			return fail(err, YW_E_CASE_TICKET, "ticket_id", "该号不在本大厅窗口叫号或办理中");
		k->ticket_id = req->ticket_id;
		if (!k->window_id)
			k->window_id = tk.window_id;
	}
	return YW_OK;
}

/* The published version of the item; an older or retired one is refused. */
static int bind_item(struct yw_conn *c, const struct yw_case_intake_req *req, struct yw_case *k, struct yw_error *err)
{
	char status[12];
	int current = 0;
	int st = yw_cs_item_head(c, req->item_id, status, &current);
	if (st == YW_NOTFOUND)
		return fail(err, YW_E_REF_NOT_FOUND, "item_id", "事项不存在");
	if (st)
		return st;
	if (!strcmp(status, "retired"))
		return fail(err, YW_E_CASE_ITEM_RETIRED, "item_id", "该事项已取消（停止使用），不能受理");
	if (strcmp(status, "published") || !current)
		return fail(err, YW_E_ITEM_NOT_PUBLISHED, "item_id", "该事项尚未发布");
	int version = req->item_version ? req->item_version : current;
	char vstatus[16];
	st = yw_cs_item_version(c, req->item_id, version, &k->item_version_id, vstatus, NULL);
	if (st == YW_NOTFOUND)
		return fail(err, YW_E_REF_NOT_FOUND, "item_version", "事项没有该版本");
	if (st)
		return st;
	if (strcmp(vstatus, "published")) {
		yw_error_set(err, !strcmp(vstatus, "draft") ? YW_E_ITEM_NOT_PUBLISHED : YW_E_CASE_ITEM_RETIRED,
			     "item_version", "第 %d 版已%s，现行为第 %d 版", version,
			     !strcmp(vstatus, "draft") ? "是草稿" : "停止使用", current);
		return YW_FAIL;
	}
	k->item_id = req->item_id;
	k->item_version = version;
	return YW_OK;
}

struct hall_list {
	int64_t hall_id;
	bool competent;
	struct yw_buf where;
};

static int hall_seen(void *ctx, int64_t hall_id, const char *name)
{
	struct hall_list *h = ctx;
	h->competent |= hall_id == h->hall_id;
	yw_buf_adds(&h->where, h->where.len ? "、" : "");
	yw_buf_adds(&h->where, name);
	return 0;
}

static int case_number(struct yw_case_tx *t, const struct yw_cs_place *hall)
{
	char ymd[9];
	snprintf(ymd, sizeof ymd, "%04d%02d%02d", t->today.y, t->today.m, t->today.d);
	int64_t seq = 0;
	int st = yw_cs_next_number(t->c, hall->region_id, t->today_s, &seq);
	if (st)
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	snprintf(t->k->case_no, sizeof t->k->case_no, "%s%s%06lld", hall->region_code, ymd, (long long)seq);
	return YW_OK;
}

static int intake_tx(struct yw_conn *c, void *p)
{
	struct intake_ctx *x = p;
	const struct yw_case_intake_req *req = x->req;
	struct yw_error *err = x->err;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	struct yw_case_tx t;
	yw_case_tx_init(&t, x->env, c, k, err);
	struct yw_cs_place hall;
	struct yw_case_item_ref ref = {0};
	struct yw_case_material *mats = NULL;
	struct hall_list halls = {0};
	int st = check_place(c, x->env, req, &hall, k, err);
	if (!st)
		st = check_parties(req, k, err);
	if (!st)
		st = bind_item(c, req, k, err);
	if (!st)
		st = yw_case_item_load(c, k->item_id, k->item_version, k->item_version_id, &ref);
	if (st)
		goto out;
	const struct yw_item *it = ref.it;
	mats = new_checklist(it);
	if ((st = yw_case_apply_materials(&t, it, mats, it->nmaterials, req->materials, req->nmaterials)))
		goto out;
	static const char *const outcomes[] = {"accept", "tolerate", "refuse", NULL};
	if (req->outcome && !yw_case_in(req->outcome, outcomes)) {
		st = fail(err, YW_E_BAD_ENUM, "outcome", "outcome 应为 accept、tolerate、refuse 之一，或不填由系统判断");
		goto out;
	}
	if ((st = check_text(req->commitment, "commitment", YW_CASE_TEXT_MAX, false, err)) ||
	    (st = check_text(req->reason, "reason", YW_CASE_TEXT_MAX, false, err)) ||
	    (st = check_text(req->redirect, "redirect", YW_CASE_TEXT_MAX, false, err)))
		goto out;
	int supply_days = req->supply_days ? req->supply_days : YW_CASE_SUPPLY_DAYS;
	if (supply_days < 1 || supply_days > YW_CASE_SUPPLY_MAX) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "supply_days", "容缺补正期限为 1–%d 个工作日", YW_CASE_SUPPLY_MAX);
		st = YW_FAIL;
		goto out;
	}
	halls.hall_id = k->hall_id;
	if ((st = yw_cs_version_halls(c, k->item_version_id, hall_seen, &halls)))
		goto out;

	/* What is possible. */
	bool refuse = req->outcome && !strcmp(req->outcome, "refuse");
	bool intent = req->outcome && !refuse; /* the clerk asked to accept */
	int missing;
	bool main_missing;
	yw_case_materials_gap(mats, it->nmaterials, &missing, &main_missing);
	bool has_commitment = req->commitment && *req->commitment;
	bool tolerable = missing && !main_missing && it->tolerance && has_commitment;
	if (refuse && (!req->reason || !*req->reason)) {
		st = fail(err, YW_E_CASE_REASON_REQUIRED, "reason", "不予受理须写明理由（行政许可法第32条）");
		goto out;
	}
	if (!refuse && !halls.competent && intent) {
		yw_error_set(err, YW_E_CASE_NOT_COMPETENT, "item_id", "本大厅不办理该事项，请到：%s",
			     halls.where.len ? halls.where.data : "事项所列办理地点");
		st = YW_FAIL;
		goto out;
	}
	if (req->outcome && !strcmp(req->outcome, "tolerate") && missing && !tolerable) {
		st = fail(err, YW_E_CASE_TOLERANCE, "materials",
			  !it->tolerance   ? "该事项不允许容缺受理"
			  : main_missing   ? "缺少主要材料，不能容缺受理（仅次要材料可容缺）"
					   : "容缺受理须由申请人签署承诺书（commitment）");
		goto out;
	}
	if (req->outcome && !strcmp(req->outcome, "accept") && missing) {
		char *names = gap_detail(mats, it->nmaterials);
		yw_error_set(err, YW_E_CASE_MATERIAL_MISSING, "materials", "尚缺 %d 项必要材料：%s", missing, names);
		free(names);
		st = YW_FAIL;
		goto out;
	}

	/* The case. */
	snprintf(k->item_code, sizeof k->item_code, "%s", it->code);
	snprintf(k->item_name, sizeof k->item_name, "%s", it->name);
	snprintf(k->handling_type, sizeof k->handling_type, "%s", yw_item_handling_types[it->handling_type]);
	snprintf(k->channel, sizeof k->channel, "window");
	k->region_id = it->region_id;
	k->department_id = it->department_id;
	k->staff_id = x->env->who->user_id;
	k->statutory_days = it->statutory_limit_days;
	k->promised_days = it->promised_limit_days;
	k->received_at = x->env->now;
	snprintf(k->warn_level, sizeof k->warn_level, "none");
	snprintf(k->supply_level, sizeof k->supply_level, "none");
	snprintf(k->state, sizeof k->state, "supplement");
	if ((st = case_number(&t, &hall)) || (st = yw_cs_case_insert(c, k)))
		goto out;
	if ((st = yw_case_event(&t, "received", 0, k->department_id, NULL, NULL)))
		goto out;
	if (refuse || !halls.competent) {
		snprintf(k->outcome, sizeof k->outcome, "not_accepted");
		if (refuse) {
			snprintf(k->outcome_reason, sizeof k->outcome_reason, "%s", req->reason);
			snprintf(k->redirect, sizeof k->redirect, "%s", req->redirect ? req->redirect : "");
		} else {
			snprintf(k->outcome_reason, sizeof k->outcome_reason, "该事项不在%s办理，不属于本机构受理范围",
				 hall.name);
			snprintf(k->redirect, sizeof k->redirect, "请到以下地点申请：%s",
				 halls.where.len ? halls.where.data : "事项所列办理地点");
		}
		k->decided_at = x->env->now;
		snprintf(k->decided_on, sizeof k->decided_on, "%s", t.today_s);
		st = yw_case_move(&t, "not_accepted", "not_accepted", 0, k->department_id, k->outcome_reason, NULL);
		char clip[300];
		snprintf(t.notice, sizeof t.notice, "不予受理。%s", yw_case_clip(clip, sizeof clip, k->redirect));
	} else if (!missing || tolerable) {
		st = yw_case_accept(&t, it, missing > 0, supply_days, mats, it->nmaterials);
		if (!st && missing)
			snprintf(k->commitment, sizeof k->commitment, "%s", req->commitment);
	} else {
		char *detail = gap_detail(mats, it->nmaterials);
		st = yw_case_move(&t, "supplement", "supplement_notice", 0, k->department_id, NULL, detail);
		free(detail);
		snprintf(t.notice, sizeof t.notice, "材料不齐，已一次性告知需补正的 %d 项材料，补齐后受理", missing);
		t.state_changed = true;
	}
	for (int i = 0; !st && i < it->nmaterials; i++)
		st = yw_cs_material_insert(c, k->id, &mats[i], x->env->now);
	if (!st)
		st = yw_case_finish(&t, "intake", true);
	if (!st)
		*x->case_id = k->id;
out:
	free(mats);
	yw_buf_free(&halls.where);
	yw_case_item_release(&ref);
	free(k);
	return st;
}

int yw_case_intake_in(struct yw_conn *c, const struct yw_case_env *env, const struct yw_case_intake_req *req,
		      int64_t *case_id, struct yw_error *err)
{
	struct intake_ctx x = {env, req, case_id, err};
	return intake_tx(c, &x);
}

int yw_case_intake(const struct yw_case_env *env, const struct yw_case_intake_req *req, int64_t *case_id,
		   struct yw_error *err)
{
	if (!env->who || !(env->who->roles & (YW_ROLE_CLERK | YW_ROLE_ADMIN)))
		return fail(err, YW_E_FORBIDDEN_ROLE, NULL, "只有窗口人员可以受理");
	struct intake_ctx x = {env, req, case_id, err};
	return yw_store_tx(env->store, YW_TX_WRITE, intake_tx, &x);
}

/* ---- materials handed in later ---- */

struct supply_ctx {
	const struct yw_case_env *env;
	int64_t case_id;
	const struct yw_case_material_in *in;
	int n;
	struct yw_error *err;
};

static int supply_tx(struct yw_conn *c, void *p)
{
	struct supply_ctx *x = p;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	struct yw_case_tx t;
	yw_case_tx_init(&t, x->env, c, k, x->err);
	struct yw_case_item_ref ref = {0};
	struct yw_case_material *mats = NULL;
	int nmats = 0;
	int st = yw_case_tx_lock(&t, x->case_id);
	if (st)
		goto out;
	bool in_region = false;
	if ((st = yw_case_in_region(c, x->env->who, k, &in_region)))
		goto out;
	if (!(x->env->who->roles & YW_ROLE_ADMIN) && !in_region) {
		st = fail(x->err, YW_E_FORBIDDEN_SCOPE, "id", "该办件不在本区域大厅受理范围内");
		goto out;
	}
	if ((st = yw_cs_materials(c, k->id, &mats, &nmats)) ||
	    (st = yw_case_item_load(c, k->item_id, k->item_version, k->item_version_id, &ref)))
		goto out;
	int missing;
	bool main_missing;
	yw_case_materials_gap(mats, nmats, &missing, &main_missing);
	bool tolerance_open = !strcmp(k->state, "in_progress") && k->tolerant && missing;
	if (strcmp(k->state, "supplement") && strcmp(k->state, "returned") && !tolerance_open) {
		yw_error_set(x->err, YW_E_CASE_BAD_STATE, "id", "办件当前为“%s”，没有待补正的材料",
			     yw_case_state_label(k->state));
		st = YW_FAIL;
		goto out;
	}
	if (!x->n && strcmp(k->state, "returned")) {
		st = fail(x->err, YW_E_MISSING_FIELD, "materials", "请列出补交的材料");
		goto out;
	}
	if ((st = yw_case_apply_materials(&t, ref.it, mats, nmats, x->in, x->n)))
		goto out;
	for (int i = 0; !st && i < x->n; i++)
		st = yw_cs_material_save(c, k->id, &mats[x->in[i].seq], x->env->now);
	if (st)
		goto out;
	yw_case_materials_gap(mats, nmats, &missing, &main_missing);
	char *detail = gap_detail(mats, nmats);
	st = yw_case_event(&t, "supplemented", 0, k->department_id, NULL, detail);
	free(detail);
	if (st || missing)
		goto done;
	if (!strcmp(k->state, "supplement"))
		st = yw_case_accept(&t, ref.it, false, 0, mats, nmats);
	else if (!strcmp(k->state, "returned"))
		st = yw_case_resume_clock(&t, "resumed");
	else {
		k->supply_due[0] = 0;
		snprintf(k->supply_level, sizeof k->supply_level, "none");
		st = yw_case_event(&t, "tolerance_cleared", 0, k->department_id, NULL, NULL);
	}
done:
	if (!st)
		st = yw_case_finish(&t, "supplement", false);
out:
	free(mats);
	yw_case_item_release(&ref);
	free(k);
	return st;
}

int yw_case_supplement_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id,
			  const struct yw_case_material_in *m, int n, struct yw_error *err)
{
	struct supply_ctx x = {env, case_id, m, n, err};
	return supply_tx(c, &x);
}

int yw_case_supplement(const struct yw_case_env *env, int64_t case_id, const struct yw_case_material_in *m, int n,
		       struct yw_error *err)
{
	if (!env->who || !(env->who->roles & (YW_ROLE_CLERK | YW_ROLE_ADMIN)))
		return fail(err, YW_E_FORBIDDEN_ROLE, NULL, "只有窗口人员可以收取补正材料");
	struct supply_ctx x = {env, case_id, m, n, err};
	return yw_store_tx(env->store, YW_TX_WRITE, supply_tx, &x);
}
