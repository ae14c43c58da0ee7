/* Paper files of a case (物料全流程跟踪): labels at the front desk, scanned
 * hand-overs, where-is by case, by label code and by holder or place, the
 * files not moved for N working days, and the printable label (SVG). */
#include "api/api.h"
#include "yw/calendar_svc.h"
#include "yw/case_file.h"
#include "yw/case_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLERKS (YW_ROLE_CLERK | YW_ROLE_ADMIN)
#define SCANNERS (YW_ROLE_CLERK | YW_ROLE_APPROVER | YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN)
#define READERS (YW_ROLE_CLERK | YW_ROLE_APPROVER | YW_ROLE_SUPERVISOR | YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN)

static const char *stage_label(const char *stage)
{
	for (int i = 0; yw_case_file_stages[i]; i++)
		if (!strcmp(stage, yw_case_file_stages[i]))
			return yw_case_file_stage_labels[i];
	return "";
}

static void opt_id(struct yw_buf *b, const char *key, int64_t v)
{
	if (v)
		yw_buf_printf(b, ",\"%s\":%lld", key, (long long)v);
	else
		yw_buf_printf(b, ",\"%s\":null", key);
}

static void str(struct yw_buf *b, const char *key, const char *v)
{
	yw_buf_printf(b, ",\"%s\":", key);
	yw_buf_json_str(b, v);
}

/* Where a file is, in words: "市场监管局" / "源城区政务服务中心 8号窗口". */
static void where(struct yw_buf *b, const char *stage, const char *hall, int64_t window, int window_number,
		  const char *dept, const char *place)
{
	char text[900];
	if (!strcmp(stage, "department"))
		snprintf(text, sizeof text, "%s", dept);
	else if (window)
		snprintf(text, sizeof text, "%s %d号窗口", hall, window_number);
	else
		snprintf(text, sizeof text, "%s", hall);
	if (place && *place) {
		size_t n = strlen(text);
		snprintf(text + n, sizeof text - n, "（%s）", place);
	}
	str(b, "where", text);
}

static void file_json(struct yw_buf *b, const struct yw_case_file *f)
{
	yw_buf_printf(b, "{\"id\":%lld,\"case_id\":%lld,\"seq\":%d", (long long)f->id, (long long)f->case_id, f->seq);
	str(b, "code", f->code);
	str(b, "case_no", f->case_no);
	str(b, "item_name", f->item_name);
	str(b, "case_state", f->case_state);
	str(b, "title", f->title);
	yw_buf_printf(b, ",\"pages\":%d", f->pages);
	str(b, "stage", f->stage);
	str(b, "stage_label", stage_label(f->stage));
	where(b, f->stage, f->hall_name, f->window_id, f->window_number, f->department_name, f->place);
	opt_id(b, "hall_id", f->hall_id);
	str(b, "hall_name", f->hall_name);
	opt_id(b, "window_id", f->window_id);
	if (f->window_id)
		yw_buf_printf(b, ",\"window_number\":%d", f->window_number);
	else
		yw_buf_adds(b, ",\"window_number\":null");
	opt_id(b, "department_id", f->department_id);
	str(b, "department_name", f->department_name);
	opt_id(b, "holder_id", f->holder_id);
	str(b, "holder_name", f->holder_name);
	str(b, "place", f->place);
	yw_buf_printf(b, ",\"moves\":%d,\"moved_at\":%lld", f->moves, (long long)f->moved_at);
	str(b, "moved_on", f->moved_on);
	if (f->idle_days >= 0)
		yw_buf_printf(b, ",\"idle_days\":%d", f->idle_days);
	else
		yw_buf_adds(b, ",\"idle_days\":null");
	yw_buf_printf(b, ",\"created_at\":%lld,\"version\":%lld,\"label_url\":\"/api/v1/case-files/%lld/label.svg\"}",
		      (long long)f->created_at, (long long)f->version, (long long)f->id);
}

static void detail_json(struct yw_buf *b, const struct yw_case_file_detail *d)
{
	file_json(b, &d->f);
	b->len--; /* reopen the object for its log */
	yw_buf_adds(b, ",\"log\":[");
	for (int i = 0; i < d->nmoves; i++) {
		const struct yw_case_file_move *m = &d->moves[i];
		yw_buf_printf(b, "%s{\"seq\":%d", i ? "," : "", m->seq);
		if (m->from_stage[0])
			str(b, "from_stage", m->from_stage);
		else
			yw_buf_adds(b, ",\"from_stage\":null");
		str(b, "stage", m->stage);
		str(b, "stage_label", stage_label(m->stage));
		where(b, m->stage, m->hall_name, m->window_id, m->window_number, m->department_name, m->place);
		opt_id(b, "hall_id", m->hall_id);
		opt_id(b, "window_id", m->window_id);
		opt_id(b, "department_id", m->department_id);
		opt_id(b, "holder_id", m->holder_id);
		str(b, "holder_name", m->holder_name);
		str(b, "place", m->place);
		str(b, "note", m->note);
		yw_buf_printf(b, ",\"at\":%lld}", (long long)m->at);
	}
	yw_buf_adds(b, "]}");
}

/* Replies with one file and its log, as `who` may see it. */
static void reply_file(struct yw_req *q, struct yw_resp *r, int64_t id, const char *code, int status,
		       const char *extra)
{
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap)
		return;
	struct yw_case_file_detail d;
	struct yw_error err = {0};
	int st = code ? yw_case_file_by_code(q->app->store, snap->cal, &q->actor, code, &d, &err)
		      : yw_case_file_get(q->app->store, snap->cal, &q->actor, id, &d, &err);
	yw_api_calendar_release(snap);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	if (extra) {
		yw_buf_printf(&b, "{%s,\"file\":", extra);
		detail_json(&b, &d);
		yw_buf_adds(&b, "}");
	} else {
		detail_json(&b, &d);
	}
	yw_case_file_detail_free(&d);
	yw_resp_buf(r, status, &b);
}

/* ---- labels and scans ---- */

static void create(struct yw_req *q, struct yw_resp *r)
{
	int64_t case_id = yw_req_id(q, 0, r);
	if (!case_id)
		return;
	bool bad;
	json_t *body = yw_case_body_opt(q, r, &bad);
	if (bad)
		return;
	static const char *const keys[] = {"title", "pages", "window_id", "place", NULL};
	struct yw_case_file_new req = {0};
	int64_t pages = 0, window = 0;
	if (body && (!yw_case_body_keys(body, keys, NULL, r) || !yw_case_body_str(body, "title", NULL, 100, &req.title, r) ||
		     !yw_case_body_int(body, "pages", NULL, 0, 9999, &pages, r) ||
		     !yw_case_body_int(body, "window_id", NULL, 1, INT64_MAX, &window, r) ||
		     !yw_case_body_str(body, "place", NULL, 100, &req.place, r))) {
		json_decref(body);
		return;
	}
	req.pages = (int)pages;
	req.window_id = window;
	struct yw_case_env env = {q->app->store, NULL, &q->actor, yw_now_ms()};
	int64_t id = 0;
	struct yw_error err = {0};
	int st = yw_case_file_create(&env, case_id, &req, &id, &err);
	json_decref(body);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_file(q, r, id, NULL, 201, NULL);
}

static void scan(struct yw_req *q, struct yw_resp *r)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	static const char *const keys[] = {"code", "stage", "window_id", "department_id", "place", "note", NULL};
	struct yw_case_file_scan req = {0};
	int64_t window = 0, dept = 0;
	if (!yw_case_body_keys(body, keys, NULL, r) ||
	    !yw_case_body_str(body, "code", NULL, YW_CASE_FILE_CODE_MAX, &req.code, r) ||
	    !yw_case_body_str(body, "stage", NULL, 16, &req.stage, r) ||
	    !yw_case_body_int(body, "window_id", NULL, 1, INT64_MAX, &window, r) ||
	    !yw_case_body_int(body, "department_id", NULL, 1, INT64_MAX, &dept, r) ||
	    !yw_case_body_str(body, "place", NULL, 100, &req.place, r) ||
	    !yw_case_body_str(body, "note", NULL, YW_CASE_TEXT_MAX, &req.note, r)) {
		json_decref(body);
		return;
	}
	req.window_id = window;
	req.department_id = dept;
	struct yw_case_env env = {q->app->store, NULL, &q->actor, yw_now_ms()};
	int64_t id = 0;
	bool repeated = false;
	struct yw_error err = {0};
	int st = yw_case_file_scan(&env, &req, &id, &repeated, &err);
	json_decref(body);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_file(q, r, id, NULL, 200, repeated ? "\"repeated\":true" : "\"repeated\":false");
}

/* ---- where-is ---- */

static void get_one(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (id)
		reply_file(q, r, id, NULL, 200, NULL);
}

static void by_code(struct yw_req *q, struct yw_resp *r)
{
	reply_file(q, r, 0, q->params[0], 200, NULL);
}

static void of_case(struct yw_req *q, struct yw_resp *r)
{
	int64_t case_id = yw_req_id(q, 0, r);
	if (!case_id)
		return;
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap)
		return;
	struct yw_case_file *files = NULL;
	int n = 0;
	struct yw_error err = {0};
	int st = yw_case_files_of_case(q->app->store, snap->cal, &q->actor, case_id, &files, &n, &err);
	yw_api_calendar_release(snap);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < n; i++) {
		yw_buf_adds(&b, i ? "," : "");
		file_json(&b, &files[i]);
	}
	yw_buf_printf(&b, "],\"total\":%d}", n);
	free(files);
	yw_resp_buf(r, 200, &b);
}

static bool list_known(const char *key, const void *ctx)
{
	static const char *const keys[] = {"stage",   "holder_id", "department_id", "hall_id", "window_id",
					   "case_id", "idle_days", "page",	    "page_size", NULL};
	for (int i = 0; keys[i]; i++)
		if (!strcmp(keys[i], key))
			return true;
	return false;
}

static bool query_num(struct yw_req *q, struct yw_resp *r, const char *name, int64_t max, int64_t *out)
{
	const char *v = yw_req_query(q, name);
	*out = 0;
	if (!v)
		return true;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < 1 || n > max) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为 1–%lld 的整数", name, (long long)max);
		return false;
	}
	*out = n;
	return true;
}

static void list(struct yw_req *q, struct yw_resp *r)
{
	const char *bad = yw_req_unknown_query(q, list_known, NULL);
	if (bad) {
		yw_resp_err(r, YW_E_BAD_QUERY, bad, "unknown query parameter “%s”", bad);
		return;
	}
	struct yw_case_file_query fq = {.stage = yw_req_query(q, "stage")};
	int page;
	int64_t idle = 0;
	if (!yw_req_paging(q, r, &fq.limit, &fq.offset, &page) ||
	    !query_num(q, r, "holder_id", INT64_MAX, &fq.holder_id) ||
	    !query_num(q, r, "department_id", INT64_MAX, &fq.department_id) ||
	    !query_num(q, r, "hall_id", INT64_MAX, &fq.hall_id) || !query_num(q, r, "window_id", INT64_MAX, &fq.window_id) ||
	    !query_num(q, r, "case_id", INT64_MAX, &fq.case_id) || !query_num(q, r, "idle_days", 365, &idle))
		return;
	fq.idle_days = (int)idle;
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap)
		return;
	struct yw_case_file_page p;
	struct yw_error err = {0};
	int st = yw_case_file_list(q->app->store, snap->cal, &q->actor, &fq, &p, &err);
	yw_api_calendar_release(snap);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < p.n; i++) {
		yw_buf_adds(&b, i ? "," : "");
		file_json(&b, &p.rows[i]);
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)p.total, page, fq.limit);
	yw_case_file_page_free(&p);
	yw_resp_buf(r, 200, &b);
}

/* ---- the label ---- */

static void label(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_case_file_detail d;
	struct yw_error err = {0};
	int st = yw_case_file_get(q->app->store, NULL, &q->actor, id, &d, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	char *svg = yw_case_file_label_svg(&d.f, NULL);
	char disp[96];
	snprintf(disp, sizeof disp, "inline; filename=\"%s.svg\"", d.f.code);
	yw_case_file_detail_free(&d);
	yw_resp_json_take(r, 200, svg);
	r->ctype = "image/svg+xml; charset=utf-8";
	yw_resp_header(r, "Content-Disposition", disp);
	yw_resp_header(r, "Cache-Control", "private, no-store");
}

const struct yw_route yw_routes_case_files[] = {
	{"POST", "/api/v1/cases/{id}/files", create, CLERKS,
	 "纸质材料贴标签（前台）/ Label a paper file of the case at the front desk", "case-files", NULL,
	 "{title?, pages?, window_id?, place?}"},
	{"GET", "/api/v1/cases/{id}/files", of_case, READERS, "办件的纸质材料及所在位置 / The case's paper files, where each is",
	 "case-files"},
	{"POST", "/api/v1/case-files/scan", scan, SCANNERS,
	 "扫码交接：部门、出件窗口或归档（重复扫码不重复记录）/ Scan a hand-over (a repeated scan logs nothing)",
	 "case-files", NULL, "{code, stage: department|issuing|archive, window_id?, department_id?, place?, note?}"},
	{"GET", "/api/v1/case-files", list, READERS,
	 "纸质材料追踪（按持有人、部门、大厅、窗口、滞留工作日）/ The paper-file tracker "
	 "(?stage=&holder_id=&department_id=&hall_id=&window_id=&case_id=&idle_days=&page=&page_size=)",
	 "case-files"},
	{"GET", "/api/v1/case-files/by-code/{code}", by_code, READERS,
	 "按标签号查找纸质材料 / Find a paper file by its label code", "case-files"},
	{"GET", "/api/v1/case-files/{id}", get_one, READERS, "纸质材料及流转记录 / A paper file with its hand-over log",
	 "case-files"},
	{"GET", "/api/v1/case-files/{id}/label.svg", label, READERS,
	 "打印标签（SVG，60×40 mm，含二维码）/ The printable label (SVG, 60 × 40 mm, QR code)", "case-files"},
	{NULL},
};
