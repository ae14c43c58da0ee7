/* Results and delivery (统一窗口出件): result documents, choosing pickup or
 * post, shipping and confirming a postal delivery, finding a case by its
 * pickup code and handing it over at an issuing window; and the printable
 * notices of a case as PDF. */
#include "api/api.h"
#include "yw/case_json.h"
#include "yw/case_notice.h"
#include "yw/calendar_svc.h"
#include <stdlib.h>
#include <string.h>

#define CLERKS (YW_ROLE_CLERK | YW_ROLE_ADMIN)
#define READERS (YW_ROLE_CLERK | YW_ROLE_APPROVER | YW_ROLE_SUPERVISOR | YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN)

/* Reads a flat body of optional strings (spec NULL-terminated, max 200
 * characters each) into out[i]. */
static json_t *strings_body(struct yw_req *q, struct yw_resp *r, const char *const *keys, const int *max,
			    const char **out, bool required)
{
	bool bad = false;
	json_t *body = required ? yw_api_body(q, r) : yw_case_body_opt(q, r, &bad);
	if ((required && !body) || bad)
		return NULL;
	if (!body)
		return json_object(); /* no body: every member absent */
	if (!yw_case_body_keys(body, keys, NULL, r)) {
		json_decref(body);
		return NULL;
	}
	for (int i = 0; keys[i]; i++)
		if (!yw_case_body_str(body, keys[i], NULL, max[i], &out[i], r)) {
			json_decref(body);
			return NULL;
		}
	return body;
}

static void done(struct yw_req *q, struct yw_resp *r, int st, struct yw_error *err, int64_t id, int status)
{
	if (st)
		yw_resp_status(r, st, err);
	else
		yw_case_reply(q, r, id, status);
}

static void result_add(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	static const char *const keys[] = {"type", "name", "number", NULL};
	static const int max[] = {20, 100, 40};
	const char *v[3] = {0};
	json_t *body = strings_body(q, r, keys, max, v, true);
	if (!body)
		return;
	struct yw_case_env env = {q->app->store, NULL, &q->actor, yw_now_ms()};
	struct yw_error err = {0};
	int st = yw_case_result_add(&env, id, v[0], v[1], v[2], &err);
	json_decref(body);
	done(q, r, st, &err, id, 201);
}

static void delivery_choose(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	static const char *const keys[] = {"method", "recipient", "phone", "address", NULL};
	static const int max[] = {12, YW_CASE_NAME_MAX, 20, 200};
	const char *v[4] = {0};
	json_t *body = strings_body(q, r, keys, max, v, true);
	if (!body)
		return;
	struct yw_case_delivery_req req = {v[0], v[1], v[2], v[3]};
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap) {
		json_decref(body);
		return;
	}
	struct yw_case_env env = {q->app->store, snap->cal, &q->actor, yw_now_ms()};
	struct yw_error err = {0};
	char code[16];
	int st = yw_case_delivery_choose(&env, id, &req, code, &err);
	yw_api_calendar_release(snap);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	/* The pickup code is shown this once (and sent by SMS); only its hash is kept. */
	const struct yw_calendar_snap *s2 = yw_api_calendar_acquire(q, r);
	if (!s2)
		return;
	struct yw_case_detail d;
	st = yw_case_get(q->app->store, s2->cal, &q->actor, id, &d, &err);
	yw_api_calendar_release(s2);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"pickup_code\":");
	if (code[0])
		yw_buf_json_str(&b, code);
	else
		yw_buf_adds(&b, "null");
	yw_buf_adds(&b, ",\"case\":");
	yw_case_json_detail(&b, &d);
	yw_buf_adds(&b, "}");
	yw_case_detail_free(&d);
	yw_resp_buf(r, 200, &b);
}

static void delivery_ship(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	static const char *const keys[] = {"carrier", "tracking_no", NULL};
	static const int max[] = {20, 30};
	const char *v[2] = {0};
	json_t *body = strings_body(q, r, keys, max, v, true);
	if (!body)
		return;
	struct yw_case_env env = {q->app->store, NULL, &q->actor, yw_now_ms()};
	struct yw_error err = {0};
	int st = yw_case_delivery_ship(&env, id, v[0], v[1], &err);
	json_decref(body);
	done(q, r, st, &err, id, 200);
}

static void delivery_confirm(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	static const char *const keys[] = {"signed_by", NULL};
	static const int max[] = {YW_CASE_NAME_MAX};
	const char *v[1] = {0};
	json_t *body = strings_body(q, r, keys, max, v, false);
	if (!body)
		return;
	struct yw_case_env env = {q->app->store, NULL, &q->actor, yw_now_ms()};
	struct yw_error err = {0};
	int st = yw_case_delivery_confirm(&env, id, v[0], &err);
	json_decref(body);
	done(q, r, st, &err, id, 200);
}

/* Find a case by its pickup code. The code travels in the body, never in a
 * query string: that would end up in access logs, proxies and the
 * browser's history, and the code is what hands the result over. */
static void pickup_lookup(struct yw_req *q, struct yw_resp *r)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	static const char *const keys[] = {"code", NULL};
	const char *code = NULL;
	if (!yw_case_body_keys(body, keys, NULL, r) || !yw_case_body_str(body, "code", NULL, 16, &code, r)) {
		json_decref(body);
		return;
	}
	int64_t id = 0;
	struct yw_error err = {0};
	int st = yw_case_pickup_find(q->app->store, &q->actor, code, &id, &err);
	json_decref(body);
	done(q, r, st, &err, id, 200);
}

static void pickup(struct yw_req *q, struct yw_resp *r)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	static const char *const keys[] = {"code", "window_id", "collector_name", "collector_id", NULL};
	struct yw_case_pickup_req req = {0};
	int64_t window = 0;
	if (!yw_case_body_keys(body, keys, NULL, r) || !yw_case_body_str(body, "code", NULL, 16, &req.code, r) ||
	    !yw_case_body_int(body, "window_id", NULL, 1, INT64_MAX, &window, r) ||
	    !yw_case_body_str(body, "collector_name", NULL, YW_CASE_NAME_MAX, &req.collector_name, r) ||
	    !yw_case_body_str(body, "collector_id", NULL, 18, &req.collector_id, r)) {
		json_decref(body);
		return;
	}
	req.window_id = window;
	struct yw_case_env env = {q->app->store, NULL, &q->actor, yw_now_ms()};
	int64_t id = 0;
	struct yw_error err = {0};
	int st = yw_case_pickup(&env, &req, &id, &err);
	json_decref(body);
	done(q, r, st, &err, id, 200);
}

/* ---- notices ---- */

static void notice_pdf(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	char slug[64];
	snprintf(slug, sizeof slug, "%s", q->params[1]);
	size_t len = strlen(slug);
	int kind = len > 4 && !strcmp(slug + len - 4, ".pdf") ? (slug[len - 4] = 0, yw_notice_kind_from_slug(slug)) : -1;
	if (kind < 0) {
		yw_resp_err(r, YW_E_NOT_FOUND, "kind",
			    "通知书为 accept、supplement、tolerant、refuse、extension、finish、service 之一，后缀 .pdf");
		return;
	}
	struct yw_case_detail d;
	struct yw_error err = {0};
	int st = q->who.citizen ? yw_case_get_own(q->app->store, q->who.phone, id, &d, &err)
				: yw_case_get(q->app->store, NULL, &q->actor, id, &d, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	char path[96];
	snprintf(path, sizeof path, "/progress?case=%s", d.c.case_no);
	char *url = yw_api_public_url(q, path);
	struct yw_case_notice n;
	st = yw_case_notice_fill(&d, (enum yw_notice_kind)kind, url, &n, &err);
	struct yw_buf pdf = {0};
	if (!st && yw_notice_render_pdf(&n.n, &pdf, &err) != 0)
		st = YW_FAIL;
	if (!st) {
		yw_resp_buf(r, 200, &pdf);
		r->ctype = "application/pdf";
		char disp[128];
		snprintf(disp, sizeof disp, "inline; filename=\"%s-%s.pdf\"", d.c.case_no, slug);
		yw_resp_header(r, "Content-Disposition", disp);
		yw_resp_header(r, "Cache-Control", "private, no-store");
	} else {
		yw_buf_free(&pdf);
		yw_resp_status(r, st, &err);
	}
	if (!st || n.nowned)
		yw_case_notice_free(&n);
	free(url);
	yw_case_detail_free(&d);
}

const struct yw_route yw_routes_case_delivery[] = {
	{"POST", "/api/v1/cases/{id}/results", result_add, CLERKS | YW_ROLE_APPROVER,
	 "登记办理结果文书 / Record a result document", "cases", NULL, "{type, name, number?}"},
	{"POST", "/api/v1/cases/{id}/delivery", delivery_choose, CLERKS,
	 "选择送达方式：窗口领取（返回取件码）或邮寄 / Choose pickup (returns the code once) or post", "cases", NULL,
	 "{method: pickup|post, recipient?, phone?, address?}"},
	{"POST", "/api/v1/cases/{id}/delivery/ship", delivery_ship, CLERKS, "邮件寄出（邮件号）/ Posted, with tracking number",
	 "cases", NULL, "{tracking_no, carrier?}"},
	{"POST", "/api/v1/cases/{id}/delivery/confirm", delivery_confirm, CLERKS, "确认签收送达 / Delivery confirmed",
	 "cases", NULL, "{signed_by?}"},
	{"POST", "/api/v1/pickups/lookup", pickup_lookup, CLERKS, "凭取件码查找办件 / Find a case by its pickup code",
	 "cases", NULL, "{code}"},
	{"POST", "/api/v1/pickups", pickup, CLERKS,
	 "出件窗口领取（通办通取，核验身份）/ Hand over at an issuing window of the region", "cases", NULL,
	 "{code, window_id, collector_name, collector_id}"},
	{"GET", "/api/v1/cases/{id}/notices/{file}", notice_pdf, READERS | YW_ROLE_CITIZEN,
	 "通知书 PDF（accept|supplement|tolerant|refuse|extension|finish|service.pdf）/ A notice as PDF", "cases"},
	{NULL},
};
