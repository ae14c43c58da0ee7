/* Cases: intake at the window, materials handed in later, reading and
 * lists, the department inbox, the supervisors' warning lists, comments,
 * department heads, and the applicant's progress (public lookup and a
 * citizen's own cases). docs/cases.md. Parsing and replies only. */
#include "api/api.h"
#include "api/case_progress_cache.h"
#include "yw/case_epoch.h"
#include "yw/case_json.h"
#include "yw/calendar_svc.h"
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLERKS (YW_ROLE_CLERK | YW_ROLE_ADMIN)
#define READERS (YW_ROLE_CLERK | YW_ROLE_APPROVER | YW_ROLE_SUPERVISOR | YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN)
#define WATCHERS (YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)

/* ---- reading the materials of a body ---- */

static const char *const material_keys[] = {"seq",	   "form",	  "count",  "file_ref", "elicence_ref",
					    "trust_level", "status", "reason", NULL};

/* materials: [{seq, form, count, file_ref, elicence_ref, trust_level, status, reason}] */
static bool read_materials(json_t *body, struct yw_case_material_in **out, int *n, struct yw_resp *r)
{
	*out = NULL;
	*n = 0;
	json_t *arr = json_object_get(body, "materials");
	if (!arr || json_is_null(arr))
		return true;
	if (!json_is_array(arr)) {
		yw_resp_err(r, YW_E_BAD_TYPE, "materials", "“materials” should be an array");
		return false;
	}
	if (json_array_size(arr) > 100) {
		yw_resp_err(r, YW_E_OUT_OF_RANGE, "materials", "at most 100 materials");
		return false;
	}
	*out = yw_calloc(json_array_size(arr) + 1, sizeof **out);
	size_t i;
	json_t *m;
	json_array_foreach(arr, i, m)
	{
		char prefix[32];
		snprintf(prefix, sizeof prefix, "materials[%zu]", i);
		if (!json_is_object(m)) {
			yw_resp_err(r, YW_E_BAD_TYPE, prefix, "each material is an object");
			return false;
		}
		struct yw_case_material_in *x = &(*out)[i];
		int64_t seq = -1, count = 0;
		if (!yw_case_body_keys(m, material_keys, prefix, r) ||
		    !yw_case_body_int(m, "seq", prefix, 0, 99, &seq, r) ||
		    !yw_case_body_int(m, "count", prefix, 0, 99, &count, r) ||
		    !yw_case_body_str(m, "form", prefix, 20, &x->form, r) ||
		    !yw_case_body_str(m, "file_ref", prefix, 120, &x->file_ref, r) ||
		    !yw_case_body_str(m, "elicence_ref", prefix, 120, &x->elicence_ref, r) ||
		    !yw_case_body_str(m, "trust_level", prefix, 1, &x->trust_level, r) ||
		    !yw_case_body_str(m, "status", prefix, 12, &x->status, r) ||
		    !yw_case_body_str(m, "reason", prefix, YW_CASE_TEXT_MAX, &x->reason, r))
			return false;
		if (seq < 0) {
			char f[48];
			snprintf(f, sizeof f, "%s.seq", prefix);
			yw_resp_err(r, YW_E_MISSING_FIELD, f, "“%s” is required", f);
			return false;
		}
		x->seq = (int)seq;
		x->count = (int)count;
		(*n)++;
	}
	return true;
}

static bool read_party(json_t *body, const char *key, struct yw_case_party *p, bool *present, struct yw_resp *r)
{
	static const char *const keys[] = {"kind", "name", "id_number", "credit_code", "phone", "legal_rep", NULL};
	json_t *o = json_object_get(body, key);
	*present = o && !json_is_null(o);
	if (!*present)
		return true;
	if (!json_is_object(o)) {
		yw_resp_err(r, YW_E_BAD_TYPE, key, "“%s” should be an object", key);
		return false;
	}
	return yw_case_body_keys(o, keys, key, r) && yw_case_body_str(o, "kind", key, 16, &p->kind, r) &&
	       yw_case_body_str(o, "name", key, YW_CASE_NAME_MAX, &p->name, r) &&
	       yw_case_body_str(o, "id_number", key, 18, &p->id_number, r) &&
	       yw_case_body_str(o, "credit_code", key, 18, &p->credit_code, r) &&
	       yw_case_body_str(o, "phone", key, 20, &p->phone, r) &&
	       yw_case_body_str(o, "legal_rep", key, YW_CASE_NAME_MAX, &p->legal_rep, r);
}

/* The request's calendar and actor, for the domain. */
static const struct yw_calendar_snap *env_for(struct yw_req *q, struct yw_resp *r, struct yw_case_env *env)
{
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (snap)
		*env = (struct yw_case_env){q->app->store, snap->cal, &q->actor, yw_now_ms()};
	return snap;
}

/* ---- intake ---- */

static void intake(struct yw_req *q, struct yw_resp *r)
{
	static const char *const keys[] = {"item_id",	 "item_version", "hall_id",    "window_id",   "ticket_id",
					   "applicant", "agent",	 "materials", "outcome",     "commitment",
					   "supply_days", "reason",	 "redirect",  NULL};
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct yw_case_intake_req req = {0};
	struct yw_case_material_in *mats = NULL;
	int64_t item_id = 0, version = 0, hall = 0, window = 0, ticket = 0, supply = 0;
	bool applicant = false;
	if (!yw_case_body_keys(body, keys, NULL, r) || !yw_case_body_int(body, "item_id", NULL, 1, INT64_MAX, &item_id, r) ||
	    !yw_case_body_int(body, "item_version", NULL, 1, 100000, &version, r) ||
	    !yw_case_body_int(body, "hall_id", NULL, 1, INT64_MAX, &hall, r) ||
	    !yw_case_body_int(body, "window_id", NULL, 1, INT64_MAX, &window, r) ||
	    !yw_case_body_int(body, "ticket_id", NULL, 1, INT64_MAX, &ticket, r) ||
	    !yw_case_body_int(body, "supply_days", NULL, 1, YW_CASE_SUPPLY_MAX, &supply, r) ||
	    !yw_case_body_str(body, "outcome", NULL, 12, &req.outcome, r) ||
	    !yw_case_body_str(body, "commitment", NULL, YW_CASE_TEXT_MAX, &req.commitment, r) ||
	    !yw_case_body_str(body, "reason", NULL, YW_CASE_TEXT_MAX, &req.reason, r) ||
	    !yw_case_body_str(body, "redirect", NULL, YW_CASE_TEXT_MAX, &req.redirect, r) ||
	    !read_party(body, "applicant", &req.applicant, &applicant, r) ||
	    !read_party(body, "agent", &req.agent, &req.has_agent, r) ||
	    !read_materials(body, &mats, &req.nmaterials, r))
		goto out;
	if (!item_id) {
		yw_resp_err(r, YW_E_MISSING_FIELD, "item_id", "请选择事项");
		goto out;
	}
	if (!applicant) {
		yw_resp_err(r, YW_E_MISSING_FIELD, "applicant", "请填写申请人");
		goto out;
	}
	req.item_id = item_id;
	req.item_version = (int)version;
	req.hall_id = hall;
	req.window_id = window;
	req.ticket_id = ticket;
	req.supply_days = (int)supply;
	req.materials = mats;
	struct yw_case_env env;
	const struct yw_calendar_snap *snap = env_for(q, r, &env);
	if (!snap)
		goto out;
	int64_t id = 0;
	struct yw_error err = {0};
	int st = yw_case_intake(&env, &req, &id, &err);
	yw_api_calendar_release(snap);
	if (st)
		yw_resp_status(r, st, &err);
	else
		yw_case_reply(q, r, id, 201);
out:
	free(mats);
	json_decref(body);
}

static void supplement(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	static const char *const keys[] = {"materials", NULL};
	bool bad;
	json_t *body = yw_case_body_opt(q, r, &bad);
	if (bad)
		return;
	struct yw_case_material_in *mats = NULL;
	int n = 0;
	if (body && (!yw_case_body_keys(body, keys, NULL, r) || !read_materials(body, &mats, &n, r)))
		goto out;
	struct yw_case_env env;
	const struct yw_calendar_snap *snap = env_for(q, r, &env);
	if (!snap)
		goto out;
	struct yw_error err = {0};
	int st = yw_case_supplement(&env, id, mats, n, &err);
	yw_api_calendar_release(snap);
	if (st)
		yw_resp_status(r, st, &err);
	else
		yw_case_reply(q, r, id, 200);
out:
	free(mats);
	json_decref(body);
}

/* ---- reading ---- */

static void get_case(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (id)
		yw_case_reply(q, r, id, 200);
}

static bool list_known(const char *key, const void *ctx)
{
	static const char *const keys[] = {"state",	    "level", "case_no",	  "extension", "delivery",
					   "hall_id",	    "department_id", "page", "page_size", NULL};
	for (int i = 0; keys[i]; i++)
		if (!strcmp(keys[i], key))
			return true;
	return false;
}

static bool query_id(struct yw_req *q, struct yw_resp *r, const char *name, int64_t *out)
{
	const char *v = yw_req_query(q, name);
	*out = 0;
	if (!v)
		return true;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end || n < 1) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为正整数", name);
		return false;
	}
	*out = n;
	return true;
}

static void reply_page(struct yw_resp *r, const struct yw_case_page *p, int page, int limit)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < p->n; i++) {
		yw_buf_adds(&b, i ? "," : "");
		yw_case_json_row(&b, &p->rows[i]);
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)p->total, page, limit);
	yw_resp_buf(r, 200, &b);
}

static bool read_query(struct yw_req *q, struct yw_resp *r, struct yw_case_query *cq, int *page)
{
	const char *bad = yw_req_unknown_query(q, list_known, NULL);
	if (bad) {
		yw_resp_err(r, YW_E_BAD_QUERY, bad, "unknown query parameter “%s”", bad);
		return false;
	}
	if (!yw_req_paging(q, r, &cq->limit, &cq->offset, page) || !query_id(q, r, "hall_id", &cq->hall_id) ||
	    !query_id(q, r, "department_id", &cq->department_id))
		return false;
	static const char *const levels[] = {"none", "yellow", "red", "warned", NULL};
	static const char *const extensions[] = {"requested", "approved", "refused", NULL};
	cq->state = yw_req_query(q, "state");
	cq->level = yw_req_query(q, "level");
	cq->case_no = yw_req_query(q, "case_no");
	cq->extension = yw_req_query(q, "extension");
	cq->delivery = yw_req_query(q, "delivery");
	static const char *const deliveries[] = {"unchosen", "pending", "shipped", "done", NULL};
	bool state_ok = !cq->state, level_ok = !cq->level, ext_ok = !cq->extension, delivery_ok = !cq->delivery;
	for (int i = 0; cq->delivery && deliveries[i]; i++)
		delivery_ok |= !strcmp(cq->delivery, deliveries[i]);
	for (int i = 0; cq->state && yw_case_states[i]; i++)
		state_ok |= !strcmp(cq->state, yw_case_states[i]);
	for (int i = 0; cq->level && levels[i]; i++)
		level_ok |= !strcmp(cq->level, levels[i]);
	for (int i = 0; cq->extension && extensions[i]; i++)
		ext_ok |= !strcmp(cq->extension, extensions[i]);
	if (!state_ok || !level_ok) {
		yw_resp_err(r, YW_E_BAD_QUERY, !state_ok ? "state" : "level", "未知的状态或预警级别");
		return false;
	}
	if (!ext_ok) {
		yw_resp_err(r, YW_E_BAD_QUERY, "extension", "extension 为 requested、approved 或 refused");
		return false;
	}
	if (!delivery_ok) {
		yw_resp_err(r, YW_E_BAD_QUERY, "delivery", "delivery 为 unchosen、pending、shipped 或 done");
		return false;
	}
	return true;
}

static void list_cases(struct yw_req *q, struct yw_resp *r)
{
	struct yw_case_query cq = {0};
	int page;
	if (!read_query(q, r, &cq, &page))
		return;
	struct yw_case_page p;
	struct yw_error err = {0};
	int st = yw_case_list(q->app->store, &q->actor, &cq, &p, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_page(r, &p, page, cq.limit);
	yw_case_page_free(&p);
}

/* Supervisors: yellow and red cases by department, and the list. */
static void warnings(struct yw_req *q, struct yw_resp *r)
{
	struct yw_case_query cq = {0};
	int page;
	if (!read_query(q, r, &cq, &page))
		return;
	if (!cq.level || !strcmp(cq.level, "none"))
		cq.level = "warned";
	struct yw_case_page p;
	struct yw_case_warn_count *counts = NULL;
	int n = 0;
	struct yw_error err = {0};
	int st = yw_case_list(q->app->store, &q->actor, &cq, &p, &err);
	if (!st && (st = yw_case_warn_counts(q->app->store, &q->actor, &counts, &n)))
		yw_case_page_free(&p);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"by_department\":[");
	for (int i = 0; i < n; i++) {
		yw_buf_printf(&b, "%s{\"department_id\":%lld,\"name\":", i ? "," : "", (long long)counts[i].department_id);
		yw_buf_json_str(&b, counts[i].name);
		yw_buf_printf(&b, ",\"yellow\":%lld,\"red\":%lld}", (long long)counts[i].yellow, (long long)counts[i].red);
	}
	yw_buf_adds(&b, "],\"items\":[");
	for (int i = 0; i < p.n; i++) {
		yw_buf_adds(&b, i ? "," : "");
		yw_case_json_row(&b, &p.rows[i]);
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)p.total, page, cq.limit);
	yw_resp_buf(r, 200, &b);
	free(counts);
	yw_case_page_free(&p);
}

static bool inbox_known(const char *key, const void *ctx)
{
	return !strcmp(key, "department_id") || !strcmp(key, "page") || !strcmp(key, "page_size");
}

static void inbox(struct yw_req *q, struct yw_resp *r)
{
	const char *bad = yw_req_unknown_query(q, inbox_known, NULL);
	if (bad) {
		yw_resp_err(r, YW_E_BAD_QUERY, bad, "unknown query parameter “%s”", bad);
		return;
	}
	int limit, offset, page;
	int64_t dept = 0;
	if (!yw_req_paging(q, r, &limit, &offset, &page) || !query_id(q, r, "department_id", &dept))
		return;
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap)
		return;
	struct yw_inbox_page p;
	struct yw_error err = {0};
	int st = yw_case_inbox(q->app->store, snap->cal, &q->actor, dept, limit, offset, &p, &err);
	yw_api_calendar_release(snap);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < p.n; i++) {
		const struct yw_inbox_row *x = &p.rows[i];
		yw_buf_printf(&b, "%s{\"step_id\":%lld,\"case_id\":%lld,\"version\":%lld,\"stage\":%d,\"step_name\":",
			      i ? "," : "", (long long)x->step_id, (long long)x->case_id, (long long)x->version, x->stage);
		yw_buf_json_str(&b, x->step_name);
		yw_buf_adds(&b, ",\"state\":");
		yw_buf_json_str(&b, x->state);
		yw_buf_adds(&b, ",\"due\":");
		yw_buf_json_str(&b, x->due);
		yw_buf_printf(&b, ",\"left\":%d,\"level\":", x->left);
		yw_buf_json_str(&b, x->level);
		yw_buf_adds(&b, ",\"case_no\":");
		yw_buf_json_str(&b, x->case_no);
		yw_buf_adds(&b, ",\"item_name\":");
		yw_buf_json_str(&b, x->item_name);
		yw_buf_adds(&b, ",\"case_state\":");
		yw_buf_json_str(&b, x->case_state);
		yw_buf_adds(&b, ",\"claimed_name\":");
		yw_buf_json_str(&b, x->claimed_name);
		yw_buf_printf(&b, ",\"claimed_by\":%lld}", (long long)x->claimed_by);
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)p.total, page, limit);
	yw_inbox_page_free(&p);
	yw_resp_buf(r, 200, &b);
}

static void comment(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	static const char *const keys[] = {"text", NULL};
	const char *text = NULL;
	if (yw_case_body_keys(body, keys, NULL, r) && yw_case_body_str(body, "text", NULL, YW_CASE_TEXT_MAX, &text, r)) {
		struct yw_case_env env = {q->app->store, NULL, &q->actor, yw_now_ms()};
		struct yw_error err = {0};
		int st = yw_case_comment(&env, id, text, &err);
		if (st)
			yw_resp_status(r, st, &err);
		else
			yw_case_reply(q, r, id, 201);
	}
	json_decref(body);
}

/* ---- department heads ---- */

static void heads_reply(struct yw_req *q, struct yw_resp *r, int64_t dept)
{
	int64_t *ids = NULL;
	int n = 0;
	int st = yw_case_heads_get(q->app->store, dept, &ids, &n);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"department_id\":%lld,\"staff_ids\":[", (long long)dept);
	for (int i = 0; i < n; i++)
		yw_buf_printf(&b, "%s%lld", i ? "," : "", (long long)ids[i]);
	yw_buf_adds(&b, "]}");
	free(ids);
	yw_resp_buf(r, 200, &b);
}

static void heads_get(struct yw_req *q, struct yw_resp *r)
{
	int64_t dept = yw_req_id(q, 0, r);
	if (dept)
		heads_reply(q, r, dept);
}

static void heads_put(struct yw_req *q, struct yw_resp *r)
{
	int64_t dept = yw_req_id(q, 0, r);
	if (!dept)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	static const char *const keys[] = {"staff_ids", NULL};
	json_t *arr = json_object_get(body, "staff_ids");
	int64_t ids[50];
	int n = 0;
	if (!yw_case_body_keys(body, keys, NULL, r))
		goto out;
	if (!json_is_array(arr) || json_array_size(arr) > 50) {
		yw_resp_err(r, arr ? YW_E_BAD_TYPE : YW_E_MISSING_FIELD, "staff_ids", "staff_ids: an array of up to 50 ids");
		goto out;
	}
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			char f[32];
			snprintf(f, sizeof f, "staff_ids[%zu]", i);
			yw_resp_err(r, YW_E_BAD_TYPE, f, "an id");
			goto out;
		}
		ids[n++] = json_integer_value(v);
	}
	struct yw_case_env env = {q->app->store, NULL, &q->actor, yw_now_ms()};
	struct yw_error err = {0};
	int st = yw_case_heads_set(&env, dept, ids, n, &err);
	if (st)
		yw_resp_status(r, st, &err);
	else
		heads_reply(q, r, dept);
out:
	json_decref(body);
}

/* ---- the applicant ---- */

/* Failed lookups are counted per case number (any client), so the four
 * digits cannot be guessed: after LOOKUP_FAILS in LOOKUP_WINDOW_MS the
 * number is refused for the rest of the window, right digits or not. Per
 * process: with several instances the bound multiplies by their count. */
enum { LOOKUP_SLOTS = 1024, LOOKUP_FAILS = 5 };
#define LOOKUP_WINDOW_MS (10 * 60 * 1000)
static struct {
	uint64_t key;
	int64_t since;
	int fails;
} lookups[LOOKUP_SLOTS];
static pthread_mutex_t lookup_mu = PTHREAD_MUTEX_INITIALIZER;

static uint64_t lookup_key(const char *case_no)
{
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)case_no; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return h | 1;
}

/* fail: count a failure; returns whether the number is blocked now. */
static bool lookup_blocked(const char *case_no, bool fail)
{
	uint64_t key = lookup_key(case_no);
	int64_t now = yw_now_ms();
	pthread_mutex_lock(&lookup_mu);
	typeof(&lookups[0]) s = &lookups[key % LOOKUP_SLOTS];
	if (s->key != key || now - s->since > LOOKUP_WINDOW_MS) {
		if (!fail) {
			pthread_mutex_unlock(&lookup_mu);
			return false;
		}
		s->key = key;
		s->since = now;
		s->fails = 0;
	}
	if (fail)
		s->fails++;
	bool blocked = s->fails >= LOOKUP_FAILS + (fail ? 1 : 0);
	pthread_mutex_unlock(&lookup_mu);
	return blocked;
}

static void progress(struct yw_req *q, struct yw_resp *r)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	static const char *const keys[] = {"case_no", "key", NULL};
	const char *case_no = NULL, *key = NULL;
	if (!yw_case_body_keys(body, keys, NULL, r) || !yw_case_body_str(body, "case_no", NULL, 32, &case_no, r) ||
	    !yw_case_body_str(body, "key", NULL, 4, &key, r))
		goto out;
	if (!case_no || !key) {
		yw_resp_err(r, YW_E_MISSING_FIELD, !case_no ? "case_no" : "key",
			    "请输入办件编号和申请人手机号或证件号码后四位");
		goto out;
	}
	if (lookup_blocked(case_no, false)) {
		yw_resp_err(r, YW_E_CASE_LOOKUP_LIMIT, "case_no", "该办件编号查询失败次数过多，请 10 分钟后再试");
		goto out;
	}
	/* The hot public read: a reply made since the case last changed is
	 * served from memory (api/case_progress_cache.c). The change counter is
	 * read before the case, so a reply can only be kept under an older one. */
	char key4[5] = "";
	for (int i = 0; i < 4 && key[i]; i++)
		key4[i] = (char)toupper((unsigned char)key[i]);
	if (yw_progress_cache_get(case_no, key4, r))
		goto out;
	uint64_t epoch = yw_case_epoch(case_no);
	struct yw_case_detail d;
	struct yw_error err = {0};
	int st = yw_case_progress(q->app->store, case_no, key, &d, &err);
	if (st) {
		if (st == YW_NOTFOUND && lookup_blocked(case_no, true))
			yw_resp_err(r, YW_E_CASE_LOOKUP_LIMIT, "case_no", "该办件编号查询失败次数过多，请 10 分钟后再试");
		else
			yw_resp_status(r, st, &err);
		goto out;
	}
	struct yw_buf b = {0};
	yw_case_json_progress(&b, &d);
	yw_progress_cache_put(case_no, epoch, d.c.applicant_phone, d.c.applicant_id, d.c.agent_phone, b.data, b.len);
	yw_case_detail_free(&d);
	yw_resp_buf(r, 200, &b);
out:
	json_decref(body);
}

static void mine(struct yw_req *q, struct yw_resp *r)
{
	int limit, offset, page;
	if (!yw_req_paging(q, r, &limit, &offset, &page))
		return;
	struct yw_case_query cq = {.phone = q->who.phone, .limit = limit, .offset = offset};
	if (!q->who.phone[0]) {
		reply_page(r, &(struct yw_case_page){0}, page, limit);
		return;
	}
	struct yw_case_page p;
	struct yw_error err = {0};
	int st = yw_case_list(q->app->store, &q->actor, &cq, &p, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	/* Their own cases: the phone stays as it is (it is theirs), masked anyway. */
	reply_page(r, &p, page, limit);
	yw_case_page_free(&p);
}

static void mine_one(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_case_detail d;
	struct yw_error err = {0};
	int st = yw_case_get_own(q->app->store, q->who.phone, id, &d, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_case_json_progress(&b, &d);
	yw_case_detail_free(&d);
	yw_resp_buf(r, 200, &b);
}

const struct yw_route yw_routes_cases[] = {
	{"POST", "/api/v1/cases", intake, CLERKS, "窗口受理：收件、一次性告知、容缺受理或不予受理 / Intake at the window", "cases",
	 NULL,
	 "{item_id, item_version?, window_id?, ticket_id?, applicant:{kind, name, id_number|credit_code, phone, legal_rep?}, "
	 "agent?:{name, id_number, phone}, materials:[{seq, form, count?, file_ref?, elicence_ref?, trust_level?, status?, "
	 "reason?}], outcome?: accept|tolerate|refuse, commitment?, supply_days?, reason?, redirect?}"},
	{"GET", "/api/v1/cases", list_cases, READERS,
	 "办件列表（脱敏，按本人范围；按编号查可跨大厅）/ Cases in your scope "
	 "(?state=&level=&case_no=&extension=requested|approved|refused&hall_id=&department_id=&page=&page_size=)",
	 "cases"},
	{"GET", "/api/v1/cases/mine", mine, YW_ROLE_CITIZEN, "我的办件 / My cases (citizen)", "cases"},
	{"GET", "/api/v1/cases/mine/{id}", mine_one, YW_ROLE_CITIZEN, "我的办件进度 / Progress of one of my cases", "cases"},
	{"GET", "/api/v1/cases/{id}", get_case, READERS, "办件详情 / A case with materials, steps and timeline", "cases"},
	{"POST", "/api/v1/cases/{id}/supplement", supplement, CLERKS,
	 "补正材料（补齐后受理或恢复办理）/ Materials handed in later", "cases", NULL, "{materials:[…]}"},
	{"POST", "/api/v1/cases/{id}/comments", comment, READERS, "办件备注 / Comment on a case", "cases", NULL, "{text}"},
	{"GET", "/api/v1/case-inbox", inbox, YW_ROLE_APPROVER | WATCHERS,
	 "部门待办（按期限排序，含预警颜色）/ Department inbox by due date (?department_id=&page=)", "cases"},
	{"GET", "/api/v1/case-warnings", warnings, WATCHERS,
	 "预警和超期办件（按部门统计）/ Yellow and red cases by department (?level=yellow|red&department_id=)", "cases"},
	{"GET", "/api/v1/departments/{id}/heads", heads_get, READERS, "部门负责人（审批延期）/ Heads of a department",
	 "cases"},
	{"PUT", "/api/v1/departments/{id}/heads", heads_put, YW_ROLE_ADMIN,
	 "指定部门负责人 / Set the heads of a department (approvers of it)", "cases", NULL, "{staff_ids:[…]}"},
	{"POST", "/api/v1/progress", progress, 0,
	 "办件进度查询（办件编号 + 手机号或证件号后四位）/ Public progress lookup", "cases", NULL, "{case_no, key}"},
	{NULL},
};
