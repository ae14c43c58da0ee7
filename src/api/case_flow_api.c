/* The back office: actions on a step (claim, approve, reject, return for
 * 补正, extension request, special procedure and its end, transfer) and a
 * head's decision on an extension. Each reply is the case as the actor
 * sees it. Send the step's `version` to be told CONFLICT when someone else
 * acted on it first. */
#include "api/api.h"
#include "yw/case_json.h"
#include "yw/calendar_svc.h"
#include <stdlib.h>
#include <string.h>

#define APPROVERS (YW_ROLE_APPROVER | YW_ROLE_ADMIN)

static bool read_returns(json_t *body, struct yw_case_return_item **out, int *n, struct yw_resp *r)
{
	*out = NULL;
	*n = 0;
	json_t *arr = json_object_get(body, "materials");
	if (!arr || json_is_null(arr))
		return true;
	if (!json_is_array(arr) || json_array_size(arr) > 100) {
		yw_resp_err(r, YW_E_BAD_TYPE, "materials", "“materials” should be an array of {seq, reason}");
		return false;
	}
	static const char *const keys[] = {"seq", "reason", NULL};
	*out = yw_calloc(json_array_size(arr) + 1, sizeof **out);
	size_t i;
	json_t *m;
	json_array_foreach(arr, i, m)
	{
		char prefix[32];
		snprintf(prefix, sizeof prefix, "materials[%zu]", i);
		int64_t seq = -1;
		if (!json_is_object(m)) {
			yw_resp_err(r, YW_E_BAD_TYPE, prefix, "each material is an object");
			return false;
		}
		if (!yw_case_body_keys(m, keys, prefix, r) || !yw_case_body_int(m, "seq", prefix, 0, 99, &seq, r) ||
		    !yw_case_body_str(m, "reason", prefix, YW_CASE_TEXT_MAX, &(*out)[i].reason, r))
			return false;
		if (seq < 0) {
			char f[48];
			snprintf(f, sizeof f, "%s.seq", prefix);
			yw_resp_err(r, YW_E_MISSING_FIELD, f, "“%s” is required", f);
			return false;
		}
		(*out)[i].seq = (int)seq;
		(*n)++;
	}
	return true;
}

static void step_act(struct yw_req *q, struct yw_resp *r, enum yw_step_action action)
{
	int64_t step_id = yw_req_id(q, 0, r);
	if (!step_id)
		return;
	static const char *const keys[] = {"version", "opinion", "reason", "kind", "days", "department_id",
					   "materials", "result_name", "result_number", NULL};
	bool bad;
	json_t *body = yw_case_body_opt(q, r, &bad);
	if (bad)
		return;
	struct yw_step_act a = {.action = action};
	struct yw_case_return_item *returns = NULL;
	int64_t version = 0, days = 0, dept = 0;
	if (body && (!yw_case_body_keys(body, keys, NULL, r) ||
		     !yw_case_body_int(body, "version", NULL, 1, INT64_MAX, &version, r) ||
		     !yw_case_body_int(body, "days", NULL, -1000, 1000, &days, r) ||
		     !yw_case_body_int(body, "department_id", NULL, 1, INT64_MAX, &dept, r) ||
		     !yw_case_body_str(body, "opinion", NULL, YW_CASE_TEXT_MAX, &a.opinion, r) ||
		     !yw_case_body_str(body, "reason", NULL, YW_CASE_TEXT_MAX, &a.reason, r) ||
		     !yw_case_body_str(body, "kind", NULL, 20, &a.kind, r) ||
		     !yw_case_body_str(body, "result_name", NULL, 100, &a.result_name, r) ||
		     !yw_case_body_str(body, "result_number", NULL, 40, &a.result_number, r) ||
		     !read_returns(body, &returns, &a.nmaterials, r)))
		goto out;
	a.version = version;
	a.days = (int)days;
	a.department_id = dept;
	a.materials = returns;
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap)
		goto out;
	struct yw_case_env env = {q->app->store, snap->cal, &q->actor, yw_now_ms()};
	int64_t case_id = 0;
	struct yw_error err = {0};
	int st = yw_case_step_act(&env, step_id, &a, &case_id, &err);
	yw_api_calendar_release(snap);
	if (st)
		yw_resp_status(r, st, &err);
	else
		yw_case_reply(q, r, case_id, 200);
out:
	free(returns);
	json_decref(body);
}

static void claim(struct yw_req *q, struct yw_resp *r) { step_act(q, r, YW_SA_CLAIM); }
static void approve(struct yw_req *q, struct yw_resp *r) { step_act(q, r, YW_SA_APPROVE); }
static void reject(struct yw_req *q, struct yw_resp *r) { step_act(q, r, YW_SA_REJECT); }
static void send_back(struct yw_req *q, struct yw_resp *r) { step_act(q, r, YW_SA_RETURN); }
static void extend(struct yw_req *q, struct yw_resp *r) { step_act(q, r, YW_SA_EXTEND); }
static void special(struct yw_req *q, struct yw_resp *r) { step_act(q, r, YW_SA_SPECIAL); }
static void resume(struct yw_req *q, struct yw_resp *r) { step_act(q, r, YW_SA_RESUME); }
static void transfer(struct yw_req *q, struct yw_resp *r) { step_act(q, r, YW_SA_TRANSFER); }

static void extension(struct yw_req *q, struct yw_resp *r, bool approve_it)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	static const char *const keys[] = {"reason", NULL};
	bool bad;
	json_t *body = yw_case_body_opt(q, r, &bad);
	if (bad)
		return;
	const char *reason = NULL;
	if (body && (!yw_case_body_keys(body, keys, NULL, r) ||
		     !yw_case_body_str(body, "reason", NULL, YW_CASE_TEXT_MAX, &reason, r)))
		goto out;
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap)
		goto out;
	struct yw_case_env env = {q->app->store, snap->cal, &q->actor, yw_now_ms()};
	struct yw_error err = {0};
	int st = yw_case_extension_decide(&env, id, approve_it, reason, &err);
	yw_api_calendar_release(snap);
	if (st)
		yw_resp_status(r, st, &err);
	else
		yw_case_reply(q, r, id, 200);
out:
	json_decref(body);
}

static void extension_approve(struct yw_req *q, struct yw_resp *r) { extension(q, r, true); }
static void extension_refuse(struct yw_req *q, struct yw_resp *r) { extension(q, r, false); }

const struct yw_route yw_routes_case_flow[] = {
	{"POST", "/api/v1/case-steps/{id}/claim", claim, APPROVERS, "认领环节 / Claim a step", "cases", NULL, "{version?}"},
	{"POST", "/api/v1/case-steps/{id}/approve", approve, APPROVERS,
	 "审查通过（末环节即办结）/ Approve a step (the last one decides the case)", "cases", NULL,
	 "{version?, opinion?, result_name?, result_number?}"},
	{"POST", "/api/v1/case-steps/{id}/reject", reject, APPROVERS, "不予许可（须写明理由）/ Refuse the licence",
	 "cases", NULL, "{version?, reason}"},
	{"POST", "/api/v1/case-steps/{id}/return", send_back, APPROVERS,
	 "退回补正（暂停计时）/ Return for 补正 (the clock stops)", "cases", NULL,
	 "{version?, reason, materials?:[{seq, reason?}]}"},
	{"POST", "/api/v1/case-steps/{id}/extend", extend, APPROVERS,
	 "申请延期（一次，最多10个工作日，联办15个）/ Ask for an extension", "cases", NULL, "{version?, days, reason}"},
	{"POST", "/api/v1/case-steps/{id}/special", special, APPROVERS,
	 "特别程序：听证、检验、检测、专家评审（暂停计时）/ Start a special procedure", "cases", NULL,
	 "{version?, kind: hearing|inspection|testing|expert_review, reason}"},
	{"POST", "/api/v1/case-steps/{id}/resume", resume, APPROVERS, "特别程序结束，恢复计时 / End the special procedure",
	 "cases", NULL, "{version?}"},
	{"POST", "/api/v1/case-steps/{id}/transfer", transfer, APPROVERS, "转办其他部门 / Transfer to another department",
	 "cases", NULL, "{version?, department_id, reason}"},
	{"POST", "/api/v1/cases/{id}/extension/approve", extension_approve, YW_ROLE_APPROVER,
	 "部门负责人批准延期 / A head approves the extension", "cases", NULL, "{reason?}"},
	{"POST", "/api/v1/cases/{id}/extension/refuse", extension_refuse, YW_ROLE_APPROVER,
	 "部门负责人不批准延期 / A head refuses the extension", "cases", NULL, "{reason}"},
	{NULL},
};
