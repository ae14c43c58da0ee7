/* The service catalogue API (一码管理): the route table, and the items
 * themselves — read, create, edit, publish, retire, history, diff.
 *
 * Citizens browse without logging in: the read routes are public and show
 * published versions; a staff session, when the request carries one, also
 * sees drafts and history. Writes are for catalogue administrators and
 * system administrators, scope-checked in the domain. */
#include "api/catalogue_api.h"
#include "api/reply_cache.h"
#include "yw/catalogue.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define STAFF YW_ROLES_STAFF
#define WRITERS (YW_ROLE_ADMIN | YW_ROLE_CATALOGUE_ADMIN)

const struct yw_route yw_routes_catalogue[] = {
	{"GET", "/api/v1/items", yw_api_items_search, 0,
	 "事项检索 / Search items (?q=&department_id=&region_id=&type=&theme=&service_object=&online_depth="
	 "&hall_id=&status=&page=&page_size=; without a staff session: published only)",
	 "catalogue", NULL, NULL},
	{"POST", "/api/v1/items", yw_api_item_create, WRITERS, "新建事项（草稿）/ Create an item as a draft",
	 "catalogue", NULL, "ITEM (docs/catalogue-format.md) with region_id and department_id"},
	{"GET", "/api/v1/items/export", yw_api_items_export, STAFF,
	 "导出事项目录 / Export the catalogue (?format=csv|json|xlsx and the filters of GET /items: q, "
	 "department_id, region_id, hall_id, type, theme, service_object, online_depth, status — default published)",
	 "catalogue", NULL, NULL},
	{"POST", "/api/v1/items/import", yw_api_items_import, WRITERS,
	 "导入事项（全部成功或全部不导入）/ Import items: all or nothing (?dry_run=1 checks only)",
	 "catalogue", NULL, "a CSV file (text/csv) or {\"format\":\"yiwang-items/1\",\"items\":[…]} (application/json)",
	 32u << 20},
	{"GET", "/api/v1/items/{id}", yw_api_item_get, 0,
	 "办事指南 / An item's published version (staff: ?version=N|draft|head|published)", "catalogue", NULL,
	 NULL},
	{"PUT", "/api/v1/items/{id}", yw_api_item_edit, WRITERS,
	 "修改事项 / Edit: replaces the open draft, or opens a new draft version (send revision to lock)",
	 "catalogue", NULL, "ITEM (the whole item) and revision"},
	{"POST", "/api/v1/items/{id}/publish", yw_api_item_publish, WRITERS,
	 "发布草稿 / Publish the draft; the published version before it is superseded", "catalogue", NULL,
	 "{revision} (optional)"},
	{"POST", "/api/v1/items/{id}/retire", yw_api_item_retire, WRITERS,
	 "取消事项 / Retire the item (it leaves the public catalogue); the reason goes to the audit log", "catalogue",
	 NULL, "{revision, reason (≤ 200 characters)} (both optional)"},
	{"GET", "/api/v1/items/{id}/versions", yw_api_item_versions, STAFF, "版本历史 / Version history",
	 "catalogue", NULL, NULL},
	{"GET", "/api/v1/items/{id}/diff", yw_api_item_diff, STAFF,
	 "版本比对 / Field-by-field diff (?from=&to=, default: the latest against the one before)", "catalogue",
	 NULL, NULL},
	{"GET", "/api/v1/items/{id}/qr.svg", yw_api_item_qr, 0, "办事指南二维码 / QR code of the guide link (SVG)",
	 "catalogue", NULL, NULL},
	{"GET", "/api/v1/catalogue/themes", yw_api_catalogue_themes, 0,
	 "主题及事项数 / Themes of published items with counts", "catalogue", NULL, NULL},
	{"GET", "/api/v1/catalogue/departments", yw_api_catalogue_departments, 0,
	 "有已发布事项的部门及事项数 / Departments with published items, with counts", "catalogue", NULL, NULL},
	{"GET", "/api/v1/catalogue/kpis", yw_api_catalogue_kpis, STAFF,
	 "事项目录指标 / Catalogue KPIs (?region_id=&department_id=; docs/catalogue-kpis.md)", "catalogue", NULL,
	 NULL},
	{NULL},
};

bool yw_catalogue_staff_viewer(struct yw_req *q)
{
	if (!q->authed) {
		const char *h = yw_req_header(q, "Authorization");
		const char *token = h && !strncasecmp(h, "Bearer ", 7) ? h + 7 : yw_req_cookie(q, "yw_session");
		struct yw_error err = {0};
		if (!token || yw_auth_session(q->app->store, token, &q->who, &err) != YW_OK)
			return false;
		q->authed = true;
		yw_auth_actor(&q->who, &q->actor);
	}
	return (q->who.roles & YW_ROLES_STAFF) != 0;
}

static void put_opt(struct yw_buf *b, const char *key, int64_t v)
{
	if (v)
		yw_buf_printf(b, ",\"%s\":%lld", key, (long long)v);
	else
		yw_buf_printf(b, ",\"%s\":null", key);
}

/* Meta of the item and the version, then the content's members. */
static void reply_view(struct yw_resp *r, int status, const struct yw_item_view *v, bool staff)
{
	const struct yw_item_head *h = &v->head;
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"id\":%lld,\"status\":\"%s\",\"revision\":%lld", (long long)h->id, h->status,
		      (long long)h->revision);
	put_opt(&b, "current_version", h->current_version);
	put_opt(&b, "draft_version", h->draft_version);
	yw_buf_printf(&b, ",\"latest_version\":%d,\"version\":%d,\"version_status\":\"%s\"", h->latest_version,
		      v->version, v->status);
	if (staff) {
		put_opt(&b, "created_by", v->created_by);
		yw_buf_adds(&b, ",\"created_by_name\":");
		yw_buf_json_str(&b, v->created_by_name);
		yw_buf_adds(&b, ",\"source\":");
		yw_buf_json_str(&b, v->source);
	}
	yw_buf_printf(&b, ",\"created_at\":%lld,\"updated_at\":%lld", (long long)v->created_at,
		      (long long)v->updated_at);
	put_opt(&b, "published_at", v->published_at);
	put_opt(&b, "ended_at", v->ended_at);
	yw_buf_printf(&b, ",\"guide_url\":\"/m/items/%lld\",\"hall_details\":[", (long long)h->id);
	for (int i = 0; i < v->nhalls; i++) {
		const struct yw_hall_detail *d = &v->halls[i];
		yw_buf_printf(&b, "%s{\"hall_id\":%lld,\"name\":", i ? "," : "", (long long)d->id);
		yw_buf_json_str(&b, d->name);
		yw_buf_adds(&b, ",\"level\":");
		yw_buf_json_str(&b, d->level);
		yw_buf_adds(&b, ",\"address\":");
		yw_buf_json_str(&b, d->address);
		yw_buf_adds(&b, ",\"phone\":");
		yw_buf_json_str(&b, d->phone);
		/* stored as a JSON array of 7 strings (the hall entity checks it) */
		yw_buf_printf(&b, ",\"hours\":%s}", d->hours && *d->hours ? d->hours : "[]");
	}
	yw_buf_adds(&b, "],");
	yw_buf_adds(&b, v->content + 1); /* the content object's members */
	yw_resp_buf(r, status, &b);
}

/* ?version=N|draft|head|published; absent: published, or for staff the
 * head when the item is not published. */
static bool version_query(struct yw_req *q, struct yw_resp *r, bool staff, int *out, bool *fallback)
{
	const char *s = yw_req_query(q, "version");
	*out = YW_ITEM_V_PUBLISHED;
	*fallback = staff && !s;
	if (!s || !strcmp(s, "published"))
		return true;
	if (!strcmp(s, "draft") || !strcmp(s, "head")) {
		if (!staff) {
			yw_resp_err(r, q->authed ? YW_E_FORBIDDEN_ROLE : YW_E_UNAUTHENTICATED, "version",
				    "草稿仅工作人员可见 / drafts are for staff");
			return false;
		}
		*out = !strcmp(s, "draft") ? YW_ITEM_V_DRAFT : YW_ITEM_V_HEAD;
		return true;
	}
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > 1000000) {
		yw_resp_err(r, YW_E_BAD_QUERY, "version", "version 应为正整数、draft、head 或 published");
		return false;
	}
	*out = (int)v;
	return true;
}

void yw_api_item_get(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	bool staff = false, fallback;
	int version;
	if (!id)
		return;
	staff = yw_catalogue_staff_viewer(q);
	if (!version_query(q, r, staff, &version, &fallback))
		return;
	/* The public guide is the hottest read: its reply is kept for one
	 * catalogue generation, which moves with every item change and with
	 * every change to a hall or department (their details are in it). */
	char key[48];
	int64_t gen = -1;
	bool cacheable = !staff && version == YW_ITEM_V_PUBLISHED;
	if (cacheable) {
		snprintf(key, sizeof key, "guide:%lld", (long long)id);
		if (yw_catalogue_generation(q->app->store, &gen) == YW_OK && yw_reply_cache_get(key, gen, r))
			return;
	}
	struct yw_item_view v;
	struct yw_error err = {0};
	int st = yw_catalogue_get(q->app->store, id, version, &v, &err);
	if (st && fallback && err.err == YW_E_ITEM_NOT_PUBLISHED) {
		err = (struct yw_error){0};
		st = yw_catalogue_get(q->app->store, id, YW_ITEM_V_HEAD, &v, &err);
	}
	/* A version that never was published is not for the public. */
	if (!st && !staff && !strcmp(v.status, "draft")) {
		yw_item_view_clear(&v);
		yw_resp_err(r, YW_E_ITEM_NOT_PUBLISHED, "version", "该版本未发布 / that version was never published");
		return;
	}
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_view(r, 200, &v, staff);
	yw_item_view_clear(&v);
	if (cacheable && gen >= 0)
		yw_reply_cache_put(key, gen, r->body, r->len);
}

/* An item body: JSON, parsed by the domain's strict item parser. */
static bool item_body(struct yw_req *q, struct yw_resp *r, struct yw_item *it, int64_t *revision)
{
	const char *ct = yw_req_header(q, "Content-Type");
	if (ct && strncasecmp(ct, "application/json", 16)) {
		yw_resp_err(r, YW_E_BAD_CONTENT_TYPE, NULL, "请以 application/json 提交 / Content-Type was %.60s", ct);
		return false;
	}
	if (!q->body_len) {
		yw_resp_err(r, YW_E_BAD_JSON, NULL, "请求体为空 / the body is empty");
		return false;
	}
	if (!yw_utf8_valid(q->body, q->body_len)) {
		yw_resp_err(r, YW_E_BAD_UTF8, NULL, "请求体不是合法的 UTF-8 文本 / the body is not valid UTF-8 text");
		return false;
	}
	struct yw_error err = {0};
	if (yw_item_parse(q->body, q->body_len, it, revision, &err)) {
		yw_resp_error(r, &err);
		return false;
	}
	return true;
}

void yw_api_item_create(struct yw_req *q, struct yw_resp *r)
{
	struct yw_item it;
	if (!item_body(q, r, &it, NULL))
		return;
	struct yw_item_view v = {0};
	struct yw_error err = {0};
	int st = yw_catalogue_create(q->app->store, &q->actor, &it, &v, &err);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_view(r, 201, &v, true);
	yw_item_view_clear(&v);
	yw_item_clear(&it);
}

void yw_api_item_edit(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r), revision = 0;
	struct yw_item it;
	if (!id || !item_body(q, r, &it, &revision))
		return;
	struct yw_item_view v = {0};
	struct yw_error err = {0};
	int st = yw_catalogue_edit(q->app->store, &q->actor, id, &it, revision, &v, &err);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_view(r, 200, &v, true);
	yw_item_view_clear(&v);
	yw_item_clear(&it);
}

struct transition_body {
	int64_t revision;
	const char *reason;
};

/* {revision} ({revision, reason} to retire) or no body at all. *body is
 * kept for the strings that point into it. */
static bool transition_body(struct yw_req *q, struct yw_resp *r, bool retire, struct transition_body *out,
			    json_t **body)
{
	*out = (struct transition_body){0};
	*body = NULL;
	if (!q->body_len)
		return true;
	if (!(*body = yw_api_body(q, r)))
		return false;
	static const struct yw_jfield spec[] = {
		{"revision", YW_J_INT, false, 1, INT64_MAX, offsetof(struct transition_body, revision)},
		{"reason", YW_J_STR, false, 0, YW_RETIRE_REASON_MAX, offsetof(struct transition_body, reason)},
	};
	return yw_api_fields(*body, spec, retire ? 2 : 1, out, r);
}

static void transition(struct yw_req *q, struct yw_resp *r, bool retire)
{
	int64_t id = yw_req_id(q, 0, r);
	struct transition_body tb;
	json_t *body = NULL;
	if (!id || !transition_body(q, r, retire, &tb, &body)) {
		json_decref(body);
		return;
	}
	struct yw_item_view v = {0};
	struct yw_error err = {0};
	int st = retire ? yw_catalogue_retire(q->app->store, &q->actor, id, tb.revision, tb.reason, &v, &err)
			: yw_catalogue_publish(q->app->store, &q->actor, id, tb.revision, &v, &err);
	json_decref(body);
	if (st)
		yw_resp_status(r, st, &err);
	else
		reply_view(r, 200, &v, true);
	yw_item_view_clear(&v);
}

void yw_api_item_publish(struct yw_req *q, struct yw_resp *r) { transition(q, r, false); }
void yw_api_item_retire(struct yw_req *q, struct yw_resp *r) { transition(q, r, true); }

void yw_api_item_versions(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_item_versions l;
	struct yw_error err = {0};
	int st = yw_catalogue_versions(q->app->store, id, &l, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"id\":%lld,\"code\":", (long long)l.head.id);
	yw_buf_json_str(&b, l.head.code);
	yw_buf_printf(&b, ",\"status\":\"%s\",\"revision\":%lld", l.head.status, (long long)l.head.revision);
	put_opt(&b, "current_version", l.head.current_version);
	put_opt(&b, "draft_version", l.head.draft_version);
	yw_buf_printf(&b, ",\"latest_version\":%d,\"versions\":[", l.head.latest_version);
	for (int i = 0; i < l.n; i++) {
		const struct yw_item_version_row *v = &l.rows[i];
		yw_buf_printf(&b, "%s{\"version\":%d,\"status\":\"%s\",\"name\":", i ? "," : "", v->version, v->status);
		yw_buf_json_str(&b, v->name);
		put_opt(&b, "created_by", v->created_by);
		yw_buf_adds(&b, ",\"created_by_name\":");
		yw_buf_json_str(&b, v->created_by_name);
		yw_buf_adds(&b, ",\"source\":");
		yw_buf_json_str(&b, v->source);
		yw_buf_printf(&b, ",\"created_at\":%lld,\"updated_at\":%lld", (long long)v->created_at,
			      (long long)v->updated_at);
		put_opt(&b, "published_at", v->published_at);
		put_opt(&b, "ended_at", v->ended_at);
		yw_buf_adds(&b, "}");
	}
	yw_buf_adds(&b, "]}");
	yw_item_versions_clear(&l);
	yw_resp_buf(r, 200, &b);
}

static bool version_number(struct yw_req *q, struct yw_resp *r, const char *name, int *out)
{
	const char *s = yw_req_query(q, name);
	*out = 0;
	if (!s)
		return true;
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > 1000000) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为版本号 / a version number", name);
		return false;
	}
	*out = (int)v;
	return true;
}

void yw_api_item_diff(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	int from, to;
	if (!id || !version_number(q, r, "from", &from) || !version_number(q, r, "to", &to))
		return;
	char *diff = NULL;
	struct yw_error err = {0};
	int st = yw_catalogue_diff(q->app->store, id, &from, &to, &diff, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"id\":%lld,\"from\":%d,\"to\":%d,\"changes\":%s}", (long long)id, from, to, diff);
	free(diff);
	yw_resp_buf(r, 200, &b);
}
