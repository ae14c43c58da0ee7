/* Working-day calendar and validation APIs: deadline arithmetic on the live
 * calendar (public), imports and closures (admin), and the validators the
 * front end checks form fields with (public). */
#include "api/api.h"
#include "yw/calendar_svc.h"
#include "yw/validate.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* ---- the live calendar of this process ---- */

/* Set once at start-up (or on first use), read by every request. */
static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;
static struct yw_calendar_live *_Atomic live;

/* How often a request may look whether another instance changed the
 * calendar (docs/calendar.md). */
static int64_t check_ms(void)
{
	const char *e = getenv("YIWANG_CALENDAR_CHECK_MS");
	long long v = e && *e ? atoll(e) : 0;
	return v >= 10 && v <= 3600000 ? v : 5000;
}

int yw_api_calendar_start(struct yw_store *s, struct yw_error *err)
{
	pthread_mutex_lock(&live_mu);
	if (!atomic_load(&live))
		atomic_store(&live, yw_calendar_live_new(s, check_ms(), err));
	int rc = atomic_load(&live) ? YW_OK : YW_FAIL;
	pthread_mutex_unlock(&live_mu);
	return rc;
}

/* After the server stopped: no request holds a snapshot any more. */
void yw_api_calendar_stop(void)
{
	pthread_mutex_lock(&live_mu);
	yw_calendar_live_free(atomic_exchange(&live, NULL));
	pthread_mutex_unlock(&live_mu);
}

/* The live calendar; started on first use when serve did not start it. */
static struct yw_calendar_live *get_live(struct yw_req *q, struct yw_resp *r)
{
	struct yw_error err = {0};
	struct yw_calendar_live *l = atomic_load(&live);
	if (!l && yw_api_calendar_start(q->app->store, &err) != YW_OK) {
		yw_resp_error(r, &err);
		return NULL;
	}
	return l ? l : atomic_load(&live);
}

const struct yw_calendar_snap *yw_api_calendar_acquire(struct yw_req *q, struct yw_resp *r)
{
	struct yw_calendar_live *l = get_live(q, r);
	return l ? yw_calendar_live_acquire(l) : NULL;
}

void yw_api_calendar_release(const struct yw_calendar_snap *snap)
{
	if (snap)
		yw_calendar_live_release(snap);
}

/* After a change made here: this process sees it at once. */
static void changed(int64_t version)
{
	struct yw_calendar_live *l = atomic_load(&live);
	if (l && yw_calendar_live_refresh(l, version) != YW_OK)
		yw_log(YW_LOG_WARN, "calendar_refresh_failed", "\"version\":%lld", (long long)version);
}

/* ---- query parameters ---- */

static bool date_query(struct yw_req *q, struct yw_resp *r, const char *name, struct yw_date *out)
{
	const char *s = yw_req_query(q, name);
	if (!s) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "缺少参数 %s（YYYY-MM-DD）/ %s is required", name, name);
		return false;
	}
	struct yw_error e = {0};
	if (strlen(s) > 10 || yw_date_parse(s, out, name, &e) != YW_OK) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为存在的日期 YYYY-MM-DD / %s must be a real date like 2026-01-04",
			    name, name);
		return false;
	}
	return true;
}

static bool int_query(struct yw_req *q, struct yw_resp *r, const char *name, int min, int max, int *out)
{
	const char *s = yw_req_query(q, name);
	char *end;
	long v = s ? strtol(s, &end, 10) : 0;
	if (!s || !*s || *end || strlen(s) > 6 || v < min || v > max) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为 %d–%d 的整数 / %s must be an integer %d–%d", name, min,
			    max, name, min, max);
		return false;
	}
	*out = (int)v;
	return true;
}

static void put_date(struct yw_buf *b, const char *key, struct yw_date d)
{
	char s[11];
	yw_date_format(d, s);
	yw_buf_printf(b, "\"%s\":\"%s\"", key, s);
}

/* ---- deadline arithmetic (public) ---- */

/* The largest counts and spans a request may ask for: ten years of working
 * days is beyond any statutory limit. */
#define MAX_ADD_DAYS 2600
#define MAX_LIST_DAYS 400
#define MAX_BETWEEN_DAYS 3660

static void calendar_add(struct yw_req *q, struct yw_resp *r)
{
	struct yw_date from, out;
	int n;
	if (!date_query(q, r, "from", &from) || !int_query(q, r, "days", 0, MAX_ADD_DAYS, &n))
		return;
	struct yw_calendar_live *l = get_live(q, r);
	if (!l)
		return;
	const struct yw_calendar_snap *snap = yw_calendar_live_acquire(l);
	struct yw_error err = {0};
	int st = yw_calendar_add_workdays(snap->cal, from, n, &out, &err);
	int64_t version = snap->version;
	yw_calendar_live_release(snap);
	if (st) {
		yw_resp_error(r, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{");
	put_date(&b, "from", from);
	yw_buf_printf(&b, ",\"days\":%d,", n);
	put_date(&b, "date", out);
	yw_buf_printf(&b, ",\"calendar_version\":%lld}", (long long)version);
	yw_resp_buf(r, 200, &b);
}

static bool range_query(struct yw_req *q, struct yw_resp *r, int max_span, struct yw_date *from,
			struct yw_date *to, bool ordered)
{
	if (!date_query(q, r, "from", from) || !date_query(q, r, "to", to))
		return false;
	int64_t span = yw_date_to_days(*to) - yw_date_to_days(*from);
	if (ordered && span < 0) {
		yw_resp_err(r, YW_E_BAD_QUERY, "to", "to 不能早于 from / to must not be before from");
		return false;
	}
	if (span >= max_span || -span >= max_span) {
		yw_resp_err(r, YW_E_BAD_QUERY, "to", "from 与 to 最多相隔 %d 天 / at most %d days apart", max_span - 1,
			    max_span - 1);
		return false;
	}
	return true;
}

static void calendar_days(struct yw_req *q, struct yw_resp *r)
{
	struct yw_date from, to;
	if (!range_query(q, r, MAX_LIST_DAYS, &from, &to, true))
		return;
	struct yw_calendar_live *l = get_live(q, r);
	if (!l)
		return;
	const struct yw_calendar_snap *snap = yw_calendar_live_acquire(l);
	struct yw_buf b = {0};
	struct yw_error err = {0};
	int working = 0;
	yw_buf_adds(&b, "{");
	put_date(&b, "from", from);
	yw_buf_adds(&b, ",");
	put_date(&b, "to", to);
	yw_buf_adds(&b, ",\"days\":[");
	for (struct yw_date d = from; yw_date_cmp(d, to) <= 0; d = yw_date_add_days(d, 1)) {
		bool w;
		if (yw_calendar_is_workday(snap->cal, d, &w, &err) != YW_OK)
			break;
		working += w;
		yw_buf_adds(&b, yw_date_cmp(d, from) ? ",{" : "{");
		put_date(&b, "date", d);
		yw_buf_printf(&b, ",\"weekday\":%d,\"working\":%s,\"name\":", yw_date_weekday(d),
			      w ? "true" : "false");
		yw_buf_json_str(&b, yw_calendar_day_name(snap->cal, d));
		yw_buf_adds(&b, ",\"closure\":");
		yw_buf_json_str(&b, yw_calendar_closure(snap->cal, d));
		yw_buf_adds(&b, "}");
	}
	int64_t version = snap->version;
	yw_calendar_live_release(snap);
	if (err.err) {
		yw_buf_free(&b);
		yw_resp_error(r, &err);
		return;
	}
	yw_buf_printf(&b, "],\"working_days\":%d,\"calendar_version\":%lld}", working, (long long)version);
	yw_resp_buf(r, 200, &b);
}

static void calendar_between(struct yw_req *q, struct yw_resp *r)
{
	struct yw_date from, to;
	if (!range_query(q, r, MAX_BETWEEN_DAYS, &from, &to, false))
		return;
	struct yw_calendar_live *l = get_live(q, r);
	if (!l)
		return;
	const struct yw_calendar_snap *snap = yw_calendar_live_acquire(l);
	struct yw_error err = {0};
	int n;
	int st = yw_calendar_workdays_between(snap->cal, from, to, &n, &err);
	int64_t version = snap->version;
	yw_calendar_live_release(snap);
	if (st) {
		yw_resp_error(r, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{");
	put_date(&b, "from", from);
	yw_buf_adds(&b, ",");
	put_date(&b, "to", to);
	yw_buf_printf(&b, ",\"working_days\":%d,\"calendar_version\":%lld}", n, (long long)version);
	yw_resp_buf(r, 200, &b);
}

static void calendar_years(struct yw_req *q, struct yw_resp *r)
{
	struct yw_calendar_year_info *ys;
	int n;
	int64_t version;
	int st = yw_calendar_years_info(q->app->store, &ys, &n, &version);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"years\":[");
	for (int i = 0; i < n; i++) {
		/* Who imported is for the audit log, not for the public. */
		yw_buf_printf(&b, "%s{\"year\":%d,\"has_data\":%s,\"days\":%d,\"source\":", i ? "," : "",
			      ys[i].year, ys[i].has_data ? "true" : "false", ys[i].days);
		yw_buf_json_str(&b, ys[i].source);
		yw_buf_printf(&b, ",\"imported_at\":%lld}", (long long)ys[i].imported_at);
	}
	yw_buf_printf(&b, "],\"calendar_version\":%lld}", (long long)version);
	yw_calendar_year_infos_free(ys, n);
	yw_resp_buf(r, 200, &b);
}

/* ---- changes (admin) ---- */

static void calendar_import(struct yw_req *q, struct yw_resp *r)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	/* The domain parses the file itself (the CLI passes file text): hand it
	 * the checked body as text. */
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	struct yw_calendar_import_result res;
	struct yw_error err = {0};
	int st = yw_calendar_import(q->app->store, &q->actor, text, 0, "api", &res, &err);
	free(text);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	if (res.changed)
		changed(res.version);
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"year\":%d,\"has_data\":%s,\"days\":%d,\"changed\":%s,\"calendar_version\":%lld}",
		      res.year, res.has_data ? "true" : "false", res.days, res.changed ? "true" : "false",
		      (long long)res.version);
	yw_resp_buf(r, 200, &b);
}

/* version < 0: leave it out (lists). */
static void closure_json(struct yw_buf *b, const struct yw_calendar_closure_info *c, int64_t version)
{
	yw_buf_adds(b, "{");
	put_date(b, "date", c->date);
	yw_buf_adds(b, ",\"reason\":");
	yw_buf_json_str(b, c->reason);
	yw_buf_adds(b, ",\"created_by\":");
	yw_buf_json_str(b, c->created_by);
	yw_buf_printf(b, ",\"created_at\":%lld", (long long)c->created_at);
	if (version >= 0)
		yw_buf_printf(b, ",\"calendar_version\":%lld", (long long)version);
	yw_buf_adds(b, "}");
}

static void closures_list(struct yw_req *q, struct yw_resp *r)
{
	struct yw_calendar_closure_info *cs;
	int n;
	int st = yw_calendar_closures(q->app->store, &cs, &n);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			yw_buf_adds(&b, ",");
		closure_json(&b, &cs[i], -1);
	}
	yw_buf_printf(&b, "],\"total\":%d}", n);
	yw_calendar_closure_infos_free(cs, n);
	yw_resp_buf(r, 200, &b);
}

struct closure_body {
	const char *date, *reason;
};

static void closure_create(struct yw_req *q, struct yw_resp *r)
{
	static const struct yw_jfield spec[] = {
		{"date", YW_J_STR, true, 0, 10, offsetof(struct closure_body, date)},
		{"reason", YW_J_STR, true, 1, 100, offsetof(struct closure_body, reason)},
	};
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct closure_body cb = {0};
	struct yw_date d;
	struct yw_error err = {0};
	if (!yw_api_fields(body, spec, 2, &cb, r) || yw_date_parse(cb.date, &d, "date", &err) != YW_OK) {
		if (err.err)
			yw_resp_error(r, &err);
		json_decref(body);
		return;
	}
	struct yw_calendar_closure_info ci = {0};
	int64_t version;
	int st = yw_calendar_closure_add(q->app->store, &q->actor, d, cb.reason, &ci, &version, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	changed(version);
	struct yw_buf b = {0};
	closure_json(&b, &ci, version);
	yw_calendar_closure_info_clear(&ci);
	yw_resp_buf(r, 201, &b);
}

static void closure_delete(struct yw_req *q, struct yw_resp *r)
{
	struct yw_date d;
	struct yw_error err = {0};
	if (q->nparams < 1 || yw_date_parse(q->params[0], &d, "date", &err) != YW_OK) {
		yw_resp_error(r, &err);
		return;
	}
	int64_t version;
	int st = yw_calendar_closure_remove(q->app->store, &q->actor, d, &version, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	changed(version);
	yw_resp_empty(r, 204);
}

/* ---- validation for the front end (public) ----
 * The question is always answered with 200: {"valid":true,…} or
 * {"valid":false,"reason","field"}. Values are never logged (the access log
 * drops query strings). */

#define MAX_VALUE 64

static const char *value_query(struct yw_req *q, struct yw_resp *r)
{
	const char *v = yw_req_query(q, "value");
	if (!v || !*v || strlen(v) > MAX_VALUE) {
		yw_resp_err(r, YW_E_BAD_QUERY, "value", v && *v ? "value 最多 %d 字节 / value is at most %d bytes"
								: "缺少参数 value / value is required",
			    MAX_VALUE, MAX_VALUE);
		return NULL;
	}
	return v;
}

static void invalid(struct yw_resp *r, const struct yw_error *err)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"valid\":false,\"reason\":");
	yw_buf_json_str(&b, err->detail);
	yw_buf_adds(&b, ",\"field\":\"value\"}");
	yw_resp_buf(r, 200, &b);
}

static void region_members(struct yw_buf *b, const char *code)
{
	char name[160];
	yw_buf_adds(b, ",\"region_code\":");
	yw_buf_json_str(b, code && *code ? code : NULL);
	yw_buf_adds(b, ",\"region_name\":");
	yw_buf_json_str(b, code && *code ? yw_region_code_full_name(code, name, sizeof name) : NULL);
}

static void validate_id(struct yw_req *q, struct yw_resp *r)
{
	const char *v = value_query(q, r);
	if (!v)
		return;
	struct yw_id_info info;
	struct yw_error err = {0};
	if (yw_id_number_check(v, &info, "value", &err) != YW_OK) {
		invalid(r, &err);
		return;
	}
	struct yw_date today = yw_date_today_shanghai();
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"valid\":true,\"normalized\":");
	yw_buf_json_str(&b, info.number);
	yw_buf_printf(&b, ",\"kind\":\"%s\",", yw_id_kind_name(info.kind));
	put_date(&b, "birth_date", (struct yw_date){info.birth_year, info.birth_month, info.birth_day});
	yw_buf_printf(&b, ",\"sex\":\"%s\",\"age\":%d", info.male ? "male" : "female",
		      yw_id_age_on(&info, today.y, today.m, today.d));
	region_members(&b, info.region);
	if (info.kind == YW_ID_FOREIGN_PERMANENT) {
		yw_buf_adds(&b, ",\"nationality_code\":");
		yw_buf_json_str(&b, info.nationality);
	}
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 200, &b);
}

static void code_name(struct yw_buf *b, const char *key, const char *code, const char *name)
{
	yw_buf_printf(b, ",\"%s\":{\"code\":", key);
	yw_buf_json_str(b, code);
	yw_buf_adds(b, ",\"name\":");
	yw_buf_json_str(b, name);
	yw_buf_adds(b, "}");
}

static void validate_credit(struct yw_req *q, struct yw_resp *r)
{
	const char *v = value_query(q, r);
	if (!v)
		return;
	struct yw_credit_info ci;
	struct yw_error err = {0};
	if (yw_credit_code_check_info(v, &ci, "value", &err) != YW_OK) {
		invalid(r, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"valid\":true,\"normalized\":");
	yw_buf_json_str(&b, v);
	code_name(&b, "registration_authority", ci.authority, ci.authority_name);
	code_name(&b, "category", ci.category, ci.category_name);
	region_members(&b, ci.region);
	yw_buf_adds(&b, ",\"organization_code\":");
	yw_buf_json_str(&b, ci.org_code);
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 200, &b);
}

static void validate_phone(struct yw_req *q, struct yw_resp *r)
{
	const char *v = value_query(q, r);
	if (!v)
		return;
	const char *kind = yw_req_query(q, "kind");
	if (kind && strcmp(kind, "mobile") && strcmp(kind, "any")) {
		yw_resp_err(r, YW_E_BAD_QUERY, "kind", "kind 应为 mobile 或 any / kind is mobile or any");
		return;
	}
	bool mobile_only = kind && !strcmp(kind, "mobile");
	char mobile[12];
	struct yw_error err = {0};
	const char *normalized = NULL;
	if (yw_mobile_normalize(v, mobile))
		normalized = mobile;
	else if (!mobile_only && yw_phone_valid(v))
		normalized = v;
	if (!normalized) {
		if (mobile_only)
			yw_mobile_check(v, "value", &err);
		else
			yw_phone_check(v, "value", &err);
		invalid(r, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"valid\":true,\"normalized\":");
	yw_buf_json_str(&b, normalized);
	yw_buf_printf(&b, ",\"kind\":\"%s\"}", normalized == mobile ? "mobile" : "landline");
	yw_resp_buf(r, 200, &b);
}

#define ADMIN YW_ROLE_ADMIN

const struct yw_route yw_routes_calendar[] = {
	{"GET", "/api/v1/calendar/add", calendar_add, 0,
	 "工作日推算 / The date N working days after from (?from=2026-02-11&days=20; start day not counted)",
	 "calendar"},
	{"GET", "/api/v1/calendar/days", calendar_days, 0,
	 "日历明细 / Each day from..to (at most 400) with working, holiday name and closure, and the "
	 "working-day count (?from=&to=)",
	 "calendar"},
	{"GET", "/api/v1/calendar/between", calendar_between, 0,
	 "工作日天数 / Working days after from up to and including to, negative when to is earlier "
	 "(?from=&to=, at most 3659 days apart)",
	 "calendar"},
	{"GET", "/api/v1/calendar/years", calendar_years, 0,
	 "已导入年度 / Imported years and whether each has data (an empty year is not yet published)",
	 "calendar"},
	{"POST", "/api/v1/calendar/import", calendar_import, ADMIN,
	 "导入节假日安排 / Import one holiday-cn year (audited; the same data again changes nothing)",
	 "calendar", NULL, "one holiday-cn file: {year, days: [{name, date, isOffDay}]}", 256 * 1024},
	{"GET", "/api/v1/calendar/closures", closures_list, ADMIN,
	 "临时停工日列表 / Local closures (typhoon days and the like)", "calendar"},
	{"POST", "/api/v1/calendar/closures", closure_create, ADMIN,
	 "新增临时停工日 / Close a date for the whole deployment (audited; moves deadlines)", "calendar",
	 NULL, "{date: \"2026-09-16\", reason: \"台风停工\" (1-100 characters)}"},
	{"DELETE", "/api/v1/calendar/closures/{date}", closure_delete, ADMIN,
	 "取消临时停工日 / Reopen a closed date (audited)", "calendar"},
	{"GET", "/api/v1/validate/id-number", validate_id, 0,
	 "校验身份证号码 / Check an ID number: resident (18 or old 15 digits), HK/Macao/Taiwan "
	 "residence permit, foreign permanent residence card (?value=)",
	 "validate"},
	{"GET", "/api/v1/validate/credit-code", validate_credit, 0,
	 "校验统一社会信用代码 / Check a unified social credit code and name its registration "
	 "authority, category and region (?value=)",
	 "validate"},
	{"GET", "/api/v1/validate/phone", validate_phone, 0,
	 "校验电话号码 / Check a mainland mobile (+86 and separators allowed) or landline number "
	 "(?value=&kind=mobile|any)",
	 "validate"},
	{NULL},
};
