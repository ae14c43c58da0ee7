/* Results and delivery (统一窗口出件): result documents with their type;
 * pickup at any issuing window of the case's region with a code (only its
 * hash is stored) and a check that the collector is the applicant or the
 * agent (通办通取); or post (EMS) with recipient, address, tracking number
 * and a confirmation. The delivery clock (第44条, 10 working days from the
 * decision) runs from the decision; the sweep warns on it. */
#include "yw/case_internal.h"
#include "yw/validate.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

static void code_hash(const char *code, char out[65])
{
	unsigned char h[32];
	char salted[48];
	snprintf(salted, sizeof salted, "yw-pickup:%s", code);
	crypto_generichash(h, sizeof h, (const unsigned char *)salted, strlen(salted), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static bool valid_code(const char *code)
{
	return code && strlen(code) == 8 && strspn(code, "0123456789") == 8;
}

/* The result reached the applicant: the issuing step is done, the case too. */
static int delivered(struct yw_case_tx *t, struct yw_case_delivery *d, const char *notice)
{
	d->done_at = t->env->now;
	snprintf(d->state, sizeof d->state, "done");
	int st = d->id ? yw_cs_delivery_save(t->c, d) : YW_OK;
	if (st)
		return st;
	struct yw_case_step *steps = NULL;
	int n = 0;
	st = yw_cs_steps(t->c, t->k->id, &steps, &n);
	for (int i = 0; i < n && !st; i++) {
		struct yw_case_step *s = &steps[i];
		if (strcmp(s->kind, "issue") || (strcmp(s->state, "active") && strcmp(s->state, "claimed")))
			continue;
		snprintf(s->state, sizeof s->state, "done");
		s->finished_at = t->env->now;
		s->finished_by = t->env->who ? t->env->who->user_id : 0;
		st = yw_cs_step_update(t->c, s, s->version);
		if (st == YW_NOTFOUND)
			st = YW_RETRY;
	}
	free(steps);
	if (st)
		return st;
	t->k->delivered_at = t->env->now;
	snprintf(t->k->warn_level, sizeof t->k->warn_level, "none");
	snprintf(t->notice, sizeof t->notice, "%s", notice);
	char detail[32];
	snprintf(detail, sizeof detail, "{\"method\":\"%s\"}", d->method);
	return yw_case_move(t, "delivered", "delivered", 0, 0, NULL, detail);
}

static void mask_collector(struct yw_case_delivery *d, const char *name, const char *id)
{
	snprintf(d->collector_name, sizeof d->collector_name, "%s", name ? name : "");
	char *masked = yw_mask_id(id ? id : "");
	snprintf(d->collector_id, sizeof d->collector_id, "%s", masked ? masked : "");
	free(masked);
}

int yw_case_deliver_at_window(struct yw_case_tx *t)
{
	struct yw_case *k = t->k;
	struct yw_case_delivery d = {.hall_id = k->hall_id, .window_id = k->window_id, .created_at = t->env->now,
				     .done_at = t->env->now};
	snprintf(d.method, sizeof d.method, "window");
	snprintf(d.state, sizeof d.state, "done");
	mask_collector(&d, k->agent_name[0] ? k->agent_name : k->applicant_name, k->agent_name[0] ? k->agent_id : k->applicant_id);
	int st = yw_cs_delivery_insert(t->c, k->id, &d, NULL);
	return st ? st : delivered(t, &d, "已当场交付办理结果");
}

/* ---- the common frame: lock, load, check who and the state ---- */

enum who_may { MAY_CLERK, MAY_STAFF_OF_CASE };

struct dctx {
	const struct yw_case_env *env;
	int64_t case_id;
	struct yw_error *err;
	const void *arg;
	int (*body)(struct yw_case_tx *t, const void *arg);
	enum who_may may;
	const char *action;
	char *code; /* pickup code out */
};

static int frame_tx(struct yw_conn *c, void *p)
{
	struct dctx *x = p;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	struct yw_case_tx t;
	yw_case_tx_init(&t, x->env, c, k, x->err);
	const struct yw_actor *who = x->env->who;
	int st = yw_case_tx_lock(&t, x->case_id);
	if (st)
		goto out;
	if (!(who->roles & YW_ROLE_ADMIN)) {
		bool in_region = false, involved = false;
		if ((st = yw_case_in_region(c, who, k, &in_region)))
			goto out;
		if (x->may == MAY_STAFF_OF_CASE && (who->roles & YW_ROLE_APPROVER) && who->scope.department_id &&
		    (st = yw_cs_department_involved(c, k->id, who->scope.department_id, &involved)))
			goto out;
		bool clerk = (who->roles & YW_ROLE_CLERK) && in_region;
		if (!clerk && !involved) {
			st = fail(x->err, YW_E_FORBIDDEN_SCOPE, "id", "该办件不在您的办理范围内");
			goto out;
		}
	}
	if ((st = x->body(&t, x->arg)))
		goto out;
	st = yw_case_finish(&t, x->action, false);
out:
	free(k);
	return st;
}

/* In the caller's transaction (c) or a new one (c NULL). */
static int run_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id, enum who_may may,
		  const char *action, int (*body)(struct yw_case_tx *, const void *), const void *arg,
		  struct yw_error *err)
{
	struct dctx x = {env, case_id, err, arg, body, may, action, NULL};
	return c ? frame_tx(c, &x) : yw_store_tx(env->store, YW_TX_WRITE, frame_tx, &x);
}

static int run(const struct yw_case_env *env, int64_t case_id, enum who_may may, const char *action,
	       int (*body)(struct yw_case_tx *, const void *), const void *arg, struct yw_error *err)
{
	if (!env->who || !(env->who->roles & (YW_ROLE_CLERK | YW_ROLE_APPROVER | YW_ROLE_ADMIN)))
		return fail(err, YW_E_FORBIDDEN_ROLE, NULL, "只有窗口或审批人员可以办理");
	return run_in(NULL, env, case_id, may, action, body, arg, err);
}

static int need_decided(struct yw_case_tx *t)
{
	if (!strcmp(t->k->state, "decided"))
		return YW_OK;
	yw_error_set(t->err, YW_E_CASE_BAD_STATE, "id", "办件当前为“%s”，办结后才能出件", yw_case_state_label(t->k->state));
	return YW_FAIL;
}

/* ---- results ---- */

struct result_arg {
	const char *type, *name, *number;
};

static int result_body(struct yw_case_tx *t, const void *p)
{
	const struct result_arg *a = p;
	int st = need_decided(t);
	if (st)
		return st;
	if (!a->type || !*a->type)
		return fail(t->err, YW_E_MISSING_FIELD, "type", "请选择结果类型");
	if (!yw_case_in(a->type, yw_case_result_types))
		return fail(t->err, YW_E_BAD_ENUM, "type", "结果类型应为 licence、approval、filing_receipt、other、refusal 之一");
	if (!a->name || !*a->name)
		return fail(t->err, YW_E_MISSING_FIELD, "name", "请填写结果文书名称");
	if ((int)yw_utf8_len(a->name) > 100 || (a->number && (int)yw_utf8_len(a->number) > 40))
		return fail(t->err, YW_E_TOO_LONG, a->number && (int)yw_utf8_len(a->number) > 40 ? "number" : "name",
			    "名称最多 100、文号最多 40 个字符");
	struct yw_case_result r = {.created_at = t->env->now};
	snprintf(r.type, sizeof r.type, "%s", a->type);
	snprintf(r.name, sizeof r.name, "%s", a->name);
	snprintf(r.number, sizeof r.number, "%s", a->number ? a->number : "");
	if ((st = yw_cs_result_insert(t->c, t->k->id, &r, t->env->who->user_id)))
		return st;
	struct yw_buf d = {0};
	yw_buf_adds(&d, "{");
	yw_case_json_kv(&d, "type", r.type);
	yw_case_json_kv(&d, "name", r.name);
	yw_buf_adds(&d, "}");
	st = yw_case_event(t, "result_recorded", 0, t->env->who->scope.department_id, NULL, d.data);
	yw_buf_free(&d);
	return st;
}

int yw_case_result_add(const struct yw_case_env *env, int64_t case_id, const char *type, const char *name,
		       const char *number, struct yw_error *err)
{
	struct result_arg a = {type, name, number};
	return run(env, case_id, MAY_STAFF_OF_CASE, "result", result_body, &a, err);
}

/* ---- choosing how it is delivered ---- */

static int pending_delivery(struct yw_case_tx *t, struct yw_case_delivery *out)
{
	struct yw_case_delivery *ds = NULL;
	int n = 0;
	int st = yw_cs_deliveries(t->c, t->k->id, &ds, &n);
	int found = YW_NOTFOUND;
	for (int i = 0; !st && i < n; i++)
		if (strcmp(ds[i].state, "done")) {
			*out = ds[i];
			found = YW_OK;
		}
	free(ds);
	return st ? st : found;
}

struct choose_arg {
	const struct yw_case_delivery_req *req;
	char *code;
};

static int choose_body(struct yw_case_tx *t, const void *p)
{
	const struct choose_arg *a = p;
	const struct yw_case_delivery_req *req = a->req;
	int st = need_decided(t);
	if (st)
		return st;
	struct yw_case_delivery d = {.created_at = t->env->now};
	st = pending_delivery(t, &d);
	if (st == YW_OK)
		return fail(t->err, YW_E_CASE_BAD_STATE, "method", "已选择送达方式，正在送达中");
	if (st != YW_NOTFOUND)
		return st;
	memset(&d, 0, sizeof d);
	d.created_at = t->env->now;
	snprintf(d.state, sizeof d.state, "pending");
	static const char *const methods[] = {"pickup", "post", NULL};
	if (!req->method || !*req->method)
		return fail(t->err, YW_E_MISSING_FIELD, "method", "请选择 pickup（窗口领取）或 post（邮寄）");
	if (!yw_case_in(req->method, methods))
		return fail(t->err, YW_E_BAD_ENUM, "method", "送达方式应为 pickup 或 post");
	snprintf(d.method, sizeof d.method, "%s", req->method);
	char hash[65], sms[600];
	if (!strcmp(req->method, "pickup")) {
		snprintf(a->code, 16, "%08u", randombytes_uniform(100000000u));
		code_hash(a->code, hash);
		snprintf(sms, sizeof sms,
			 "【一网通办】办件 %s 的结果可在本区任一政务服务大厅出件窗口领取，取件码 %s，请携带身份证件。",
			 t->k->case_no, a->code);
		snprintf(t->notice, sizeof t->notice, "办理结果待领取");
	} else {
		if (!req->recipient || !*req->recipient)
			return fail(t->err, YW_E_MISSING_FIELD, "recipient", "请填写收件人");
		if (!req->address || !*req->address)
			return fail(t->err, YW_E_MISSING_FIELD, "address", "请填写邮寄地址");
		if ((int)yw_utf8_len(req->recipient) > YW_CASE_NAME_MAX || (int)yw_utf8_len(req->address) > 200)
			return fail(t->err, YW_E_TOO_LONG, (int)yw_utf8_len(req->address) > 200 ? "address" : "recipient",
				    "收件人最多 100、地址最多 200 个字符");
		char phone[12];
		if (!req->phone || !yw_mobile_normalize(req->phone, phone))
			return fail(t->err, YW_E_INVALID_PHONE, "phone", "请填写收件人的 11 位手机号码");
		snprintf(d.recipient, sizeof d.recipient, "%s", req->recipient);
		snprintf(d.address, sizeof d.address, "%s", req->address);
		snprintf(d.phone, sizeof d.phone, "%s", phone);
		snprintf(d.carrier, sizeof d.carrier, "EMS");
		sms[0] = 0;
	}
	st = yw_cs_delivery_insert(t->c, t->k->id, &d, !strcmp(d.method, "pickup") ? hash : NULL);
	/* A pending code taken by another case (1 in 10^8): draw again. */
	if (st == YW_DB_HARD && yw_db_err_unique(t->c))
		return YW_RETRY;
	if (st)
		return st;
	if (sms[0] && (st = yw_case_sms(t->c, t->k->applicant_phone, sms, t->env->now)))
		return st;
	char detail[32];
	snprintf(detail, sizeof detail, "{\"method\":\"%s\"}", d.method);
	return yw_case_event(t, "delivery_chosen", 0, 0, NULL, detail);
}

int yw_case_delivery_choose_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id,
			       const struct yw_case_delivery_req *req, char code[16], struct yw_error *err)
{
	code[0] = 0;
	struct choose_arg a = {req, code};
	return run_in(c, env, case_id, MAY_CLERK, "delivery", choose_body, &a, err);
}

int yw_case_delivery_choose(const struct yw_case_env *env, int64_t case_id, const struct yw_case_delivery_req *req,
			    char code[16], struct yw_error *err)
{
	code[0] = 0;
	struct choose_arg a = {req, code};
	return run(env, case_id, MAY_CLERK, "delivery", choose_body, &a, err);
}

/* ---- post ---- */

struct ship_arg {
	const char *carrier, *tracking_no;
};

static int ship_body(struct yw_case_tx *t, const void *p)
{
	const struct ship_arg *a = p;
	struct yw_case_delivery d;
	int st = need_decided(t);
	if (!st && (st = pending_delivery(t, &d)) == YW_NOTFOUND)
		return fail(t->err, YW_E_CASE_BAD_STATE, "id", "尚未选择邮寄送达");
	if (st)
		return st;
	if (strcmp(d.method, "post") || strcmp(d.state, "pending"))
		return fail(t->err, YW_E_CASE_BAD_STATE, "id", "该办件不是待寄出的邮寄件");
	if (!a->tracking_no || !*a->tracking_no)
		return fail(t->err, YW_E_MISSING_FIELD, "tracking_no", "请填写邮件号");
	size_t len = strlen(a->tracking_no);
	if (len < 8 || len > 30 || strspn(a->tracking_no, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != len)
		return fail(t->err, YW_E_BAD_FORMAT, "tracking_no", "邮件号为 8–30 位大写字母或数字");
	if (a->carrier && *a->carrier) {
		if ((int)yw_utf8_len(a->carrier) > 20)
			return fail(t->err, YW_E_TOO_LONG, "carrier", "快递公司最多 20 个字符");
		snprintf(d.carrier, sizeof d.carrier, "%s", a->carrier);
	}
	snprintf(d.tracking_no, sizeof d.tracking_no, "%s", a->tracking_no);
	snprintf(d.state, sizeof d.state, "shipped");
	d.shipped_at = t->env->now;
	if ((st = yw_cs_delivery_save(t->c, &d)))
		return st;
	snprintf(t->notice, sizeof t->notice, "办理结果已由%s寄出，邮件号 %s", d.carrier, d.tracking_no);
	char detail[160];
	snprintf(detail, sizeof detail, "{\"carrier\":\"%s\",\"tracking_no\":\"%s\"}", d.carrier, d.tracking_no);
	if ((st = yw_case_event(t, "shipped", 0, 0, NULL, detail)))
		return st;
	return yw_case_sms(t->c, t->k->applicant_phone, t->notice, t->env->now);
}

int yw_case_delivery_ship_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id, const char *carrier,
			     const char *tracking_no, struct yw_error *err)
{
	struct ship_arg a = {carrier, tracking_no};
	return run_in(c, env, case_id, MAY_CLERK, "ship", ship_body, &a, err);
}

int yw_case_delivery_ship(const struct yw_case_env *env, int64_t case_id, const char *carrier,
			  const char *tracking_no, struct yw_error *err)
{
	struct ship_arg a = {carrier, tracking_no};
	return run(env, case_id, MAY_CLERK, "ship", ship_body, &a, err);
}

static int confirm_body(struct yw_case_tx *t, const void *p)
{
	const char *signed_by = p;
	struct yw_case_delivery d;
	int st = need_decided(t);
	if (!st && (st = pending_delivery(t, &d)) == YW_NOTFOUND)
		return fail(t->err, YW_E_CASE_BAD_STATE, "id", "没有在途的邮件");
	if (st)
		return st;
	if (strcmp(d.method, "post") || strcmp(d.state, "shipped"))
		return fail(t->err, YW_E_CASE_BAD_STATE, "id", "邮件尚未寄出，不能确认送达");
	if (signed_by && (int)yw_utf8_len(signed_by) > YW_CASE_NAME_MAX)
		return fail(t->err, YW_E_TOO_LONG, "signed_by", "签收人最多 100 个字符");
	snprintf(d.collector_name, sizeof d.collector_name, "%s", signed_by && *signed_by ? signed_by : d.recipient);
	return delivered(t, &d, "邮件已签收，办理结果已送达");
}

int yw_case_delivery_confirm_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id,
				const char *signed_by, struct yw_error *err)
{
	return run_in(c, env, case_id, MAY_CLERK, "confirm_delivery", confirm_body, signed_by, err);
}

int yw_case_delivery_confirm(const struct yw_case_env *env, int64_t case_id, const char *signed_by,
			     struct yw_error *err)
{
	return run(env, case_id, MAY_CLERK, "confirm_delivery", confirm_body, signed_by, err);
}

/* ---- pickup at any issuing window of the region ---- */

struct pickup_ctx {
	const struct yw_case_env *env;
	const struct yw_case_pickup_req *req;
	int64_t *case_id;
	struct yw_error *err;
};

/* Is the collector the applicant or the agent? An enterprise's result goes
 * to its agent, or to its legal representative by name with a valid ID. */
static bool collector_matches(const struct yw_case *k, const char *name, const char *id)
{
	if (!strcmp(id, k->agent_id) && k->agent_id[0])
		return true;
	if (!strcmp(k->applicant_kind, "person"))
		return !strcmp(id, k->applicant_id);
	return name && !strcmp(name, k->legal_rep);
}

static int pickup_tx(struct yw_conn *c, void *p)
{
	struct pickup_ctx *x = p;
	const struct yw_case_pickup_req *req = x->req;
	const struct yw_actor *who = x->env->who;
	if (!valid_code(req->code))
		return fail(x->err, YW_E_CASE_PICKUP_CODE, "code", "取件码为 8 位数字");
	char hash[65];
	code_hash(req->code, hash);
	int64_t case_id = 0;
	int st = yw_cs_pickup_case(c, hash, &case_id);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_CASE_PICKUP_CODE, "code", "取件码错误或已领取");
	if (st)
		return st;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	struct yw_case_tx t;
	yw_case_tx_init(&t, x->env, c, k, x->err);
	struct yw_cs_place w;
	char case_path[200];
	if ((st = yw_case_tx_lock(&t, case_id)))
		goto out;
	if (!req->window_id) {
		st = fail(x->err, YW_E_MISSING_FIELD, "window_id", "请选择出件窗口");
		goto out;
	}
	st = yw_cs_window(c, req->window_id, &w);
	if (st == YW_NOTFOUND) {
		st = fail(x->err, YW_E_REF_NOT_FOUND, "window_id", "窗口不存在");
		goto out;
	}
	if (st || (st = yw_cs_region_path(c, k->region_id, case_path, sizeof case_path)))
		goto out;
	if (!(who->roles & YW_ROLE_ADMIN) && who->scope.hall_id != w.hall_id) {
		st = fail(x->err, YW_E_FORBIDDEN_SCOPE, "window_id", "只能在本人所在大厅的窗口出件");
		goto out;
	}
	if (strcmp(w.window_type, "issuing") || strncmp(w.region_path, case_path, strlen(case_path))) {
		st = fail(x->err, YW_E_CASE_NOT_COMPETENT, "window_id", "须在办件所属区域内的出件窗口领取");
		goto out;
	}
	struct yw_id_info info;
	if (!req->collector_name || !*req->collector_name) {
		st = fail(x->err, YW_E_MISSING_FIELD, "collector_name", "请填写领取人姓名");
		goto out;
	}
	if (!req->collector_id || !*req->collector_id) {
		st = fail(x->err, YW_E_MISSING_FIELD, "collector_id", "请核验领取人身份证件");
		goto out;
	}
	if (yw_id_number_check(req->collector_id, &info, "collector_id", x->err) != YW_OK) {
		st = YW_FAIL;
		goto out;
	}
	if (!collector_matches(k, req->collector_name, info.number)) {
		st = fail(x->err, YW_E_CASE_IDENTITY, "collector_id", "领取人须为申请人本人或代办人（核验身份证件）");
		goto out;
	}
	struct yw_case_delivery d;
	if ((st = pending_delivery(&t, &d)) || (st = need_decided(&t)))
		goto out;
	d.hall_id = w.hall_id;
	d.window_id = req->window_id;
	mask_collector(&d, req->collector_name, info.number);
	char notice[260];
	snprintf(notice, sizeof notice, "已在%s领取办理结果", w.name);
	if ((st = delivered(&t, &d, notice)) || (st = yw_case_finish(&t, "pickup", false)))
		goto out;
	*x->case_id = case_id;
out:
	free(k);
	return st;
}

int yw_case_pickup_in(struct yw_conn *c, const struct yw_case_env *env, const struct yw_case_pickup_req *req,
		      int64_t *case_id, struct yw_error *err)
{
	struct pickup_ctx x = {env, req, case_id, err};
	return pickup_tx(c, &x);
}

int yw_case_pickup(const struct yw_case_env *env, const struct yw_case_pickup_req *req, int64_t *case_id,
		   struct yw_error *err)
{
	if (!env->who || !(env->who->roles & (YW_ROLE_CLERK | YW_ROLE_ADMIN)))
		return fail(err, YW_E_FORBIDDEN_ROLE, NULL, "只有出件窗口人员可以办理领取");
	struct pickup_ctx x = {env, req, case_id, err};
	return yw_store_tx(env->store, YW_TX_WRITE, pickup_tx, &x);
}

struct find_ctx {
	const struct yw_actor *who;
	const char *code;
	int64_t *case_id;
	struct yw_error *err;
};

static int find_tx(struct yw_conn *c, void *p)
{
	struct find_ctx *x = p;
	if (!valid_code(x->code))
		return fail(x->err, YW_E_CASE_PICKUP_CODE, "code", "取件码为 8 位数字");
	char hash[65];
	code_hash(x->code, hash);
	int st = yw_cs_pickup_case(c, hash, x->case_id);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_CASE_PICKUP_CODE, "code", "取件码错误或已领取");
	if (st)
		return st;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	if (!(st = yw_cs_case_get(c, *x->case_id, k)))
		st = yw_case_can_read(c, x->who, k, x->err);
	free(k);
	return st;
}

int yw_case_pickup_find(struct yw_store *s, const struct yw_actor *who, const char *code, int64_t *case_id,
			struct yw_error *err)
{
	struct find_ctx x = {who, code, case_id, err};
	return yw_store_tx(s, YW_TX_READ, find_tx, &x);
}
