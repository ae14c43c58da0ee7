/* Extensions (行政许可法第42条): an approver asks once, for at most 10
 * working days (15 for a joint item); a head of that department (本行政机关
 * 负责人, a row of department_heads) approves or refuses, and the applicant
 * is told. Also comments on a case and the list of a department's heads. */
#include "yw/audit.h"
#include "yw/case_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

struct decide_ctx {
	const struct yw_case_env *env;
	int64_t case_id;
	bool approve;
	const char *reason;
	struct yw_error *err;
};

static int decide_tx(struct yw_conn *c, void *p)
{
	struct decide_ctx *x = p;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	struct yw_case_tx t;
	yw_case_tx_init(&t, x->env, c, k, x->err);
	int st = yw_case_tx_lock(&t, x->case_id);
	if (st)
		goto out;
	if (strcmp(k->extension_state, "requested")) {
		st = fail(x->err, YW_E_CASE_BAD_STATE, "id", "该办件没有待审批的延期申请");
		goto out;
	}
	if (!strcmp(k->state, "decided") || !strcmp(k->state, "delivered")) {
		st = fail(x->err, YW_E_CASE_BAD_STATE, "id", "办件已办结");
		goto out;
	}
	bool head = false;
	if ((st = yw_cs_is_head(c, k->extension_department_id, x->env->who->user_id, &head)))
		goto out;
	if (!head) {
		st = fail(x->err, YW_E_CASE_NOT_HEAD, "id", "须由申请延期的部门负责人审批");
		goto out;
	}
	if (!x->approve && (!x->reason || !*x->reason)) {
		st = fail(x->err, YW_E_CASE_REASON_REQUIRED, "reason", "不同意延期须写明理由");
		goto out;
	}
	if (x->reason && (int)yw_utf8_len(x->reason) > YW_CASE_TEXT_MAX) {
		st = fail(x->err, YW_E_TOO_LONG, "reason", "理由最多 500 个字符");
		goto out;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"days\":%d}", k->extension_requested);
	if (x->approve) {
		k->extension_days = k->extension_requested;
		snprintf(k->extension_state, sizeof k->extension_state, "approved");
		if ((st = yw_case_update_dues(&t)))
			goto out;
		snprintf(t.notice, sizeof t.notice, "经负责人批准延期 %d 个工作日，承诺办结日期延至 %s", k->extension_days,
			 k->due_promised[0] ? k->due_promised : "待定");
	} else {
		snprintf(k->extension_state, sizeof k->extension_state, "refused");
	}
	st = yw_case_event(&t, x->approve ? "extension_approved" : "extension_refused", 0, k->extension_department_id,
			   x->reason, detail);
	/* The applicant hears of an approved extension (延期通知). */
	if (!st)
		st = yw_case_finish(&t, x->approve ? "extension_approve" : "extension_refuse", x->approve);
out:
	free(k);
	return st;
}

int yw_case_extension_decide_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id, bool approve,
				const char *reason, struct yw_error *err)
{
	struct decide_ctx x = {env, case_id, approve, reason, err};
	return decide_tx(c, &x);
}

int yw_case_extension_decide(const struct yw_case_env *env, int64_t case_id, bool approve, const char *reason,
			     struct yw_error *err)
{
	if (!env->who || !(env->who->roles & YW_ROLE_APPROVER))
		return fail(err, YW_E_FORBIDDEN_ROLE, NULL, "延期须由部门负责人审批");
	struct decide_ctx x = {env, case_id, approve, reason, err};
	return yw_store_tx(env->store, YW_TX_WRITE, decide_tx, &x);
}

/* ---- comments ---- */

struct comment_ctx {
	const struct yw_case_env *env;
	int64_t case_id;
	const char *text;
	struct yw_error *err;
};

static int comment_tx(struct yw_conn *c, void *p)
{
	struct comment_ctx *x = p;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	struct yw_case_tx t;
	yw_case_tx_init(&t, x->env, c, k, x->err);
	int st = yw_case_tx_lock(&t, x->case_id);
	if (!st)
		st = yw_case_can_read(c, x->env->who, k, x->err);
	if (!st)
		st = yw_case_event(&t, "comment", 0, x->env->who->scope.department_id, x->text, NULL);
	if (!st)
		st = yw_case_finish(&t, "comment", false);
	free(k);
	return st;
}

int yw_case_comment(const struct yw_case_env *env, int64_t case_id, const char *text, struct yw_error *err)
{
	if (!text || !*text)
		return fail(err, YW_E_MISSING_FIELD, "text", "请填写备注内容");
	if ((int)yw_utf8_len(text) > YW_CASE_TEXT_MAX)
		return fail(err, YW_E_TOO_LONG, "text", "备注最多 500 个字符");
	struct comment_ctx x = {env, case_id, text, err};
	return yw_store_tx(env->store, YW_TX_WRITE, comment_tx, &x);
}

/* ---- heads ---- */

struct heads_ctx {
	const struct yw_case_env *env;
	int64_t department_id;
	const int64_t *staff;
	int n;
	struct yw_error *err;
};

static int heads_tx(struct yw_conn *c, void *p)
{
	struct heads_ctx *x = p;
	char name[200];
	int st = yw_cs_department_name(c, x->department_id, name, sizeof name);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "部门不存在");
	if (st)
		return st;
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"department_id\":%lld,\"heads\":[", (long long)x->department_id);
	for (int i = 0; i < x->n && !st; i++) {
		int64_t dept = 0;
		char roles[256];
		char field[32];
		snprintf(field, sizeof field, "staff_ids[%d]", i);
		st = yw_cs_staff(c, x->staff[i], &dept, roles, sizeof roles);
		if (st == YW_NOTFOUND)
			st = fail(x->err, YW_E_REF_NOT_FOUND, field, "人员不存在或已停用");
		else if (!st && (dept != x->department_id || !strstr(roles, "\"approver\"")))
			st = fail(x->err, YW_E_BAD_FORMAT, field, "部门负责人须是本部门的审批人员");
		yw_buf_printf(&b, "%s%lld", i ? "," : "", (long long)x->staff[i]);
	}
	yw_buf_adds(&b, "]}");
	if (!st)
		st = yw_cs_heads_replace(c, x->department_id, x->staff, x->n, x->env->now);
	if (!st)
		st = yw_audit_append(c, x->env->who, "set_heads", "department", x->department_id, b.data);
	yw_buf_free(&b);
	return st;
}

int yw_case_heads_set(const struct yw_case_env *env, int64_t department_id, const int64_t *staff_ids, int n,
		      struct yw_error *err)
{
	if (!env->who || !(env->who->roles & YW_ROLE_ADMIN))
		return fail(err, YW_E_FORBIDDEN_ROLE, NULL, "只有系统管理员可以指定部门负责人");
	struct heads_ctx x = {env, department_id, staff_ids, n, err};
	return yw_store_tx(env->store, YW_TX_WRITE, heads_tx, &x);
}

struct heads_read {
	int64_t department_id;
	int64_t **ids;
	int *n;
};

static int heads_read_tx(struct yw_conn *c, void *p)
{
	struct heads_read *x = p;
	free(*x->ids);
	*x->ids = NULL;
	*x->n = 0;
	return yw_cs_heads(c, x->department_id, x->ids, x->n);
}

int yw_case_heads_get(struct yw_store *s, int64_t department_id, int64_t **staff_ids, int *n)
{
	*staff_ids = NULL;
	*n = 0;
	struct heads_read x = {department_id, staff_ids, n};
	return yw_store_tx(s, YW_TX_READ, heads_read_tx, &x);
}
