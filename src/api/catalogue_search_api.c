/* Finding items, the theme list and the catalogue KPIs. */
#include "api/catalogue_api.h"
#include "api/reply_cache.h"
#include "yw/catalogue.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const search_params[] = {"q",	    "page",	    "page_size",      "department_id",
					    "region_id",    "hall_id",	    "type",	      "theme",
					    "service_object", "online_depth", "status",	      NULL};
/* The export takes the same filters, without paging. */
static const char *const export_params[] = {"format",	    "q",	    "department_id", "region_id",
					    "hall_id",	    "type",	    "theme",	     "service_object",
					    "online_depth", "status",	    NULL};

static bool known_param(const char *key, const void *ctx)
{
	const char *const *names = ctx;
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], key))
			return true;
	return false;
}

static bool refuse_unknown(struct yw_req *q, struct yw_resp *r, const char *const *names)
{
	const char *bad = yw_req_unknown_query(q, known_param, names);
	if (bad)
		yw_resp_err(r, YW_E_BAD_QUERY, bad, "不支持的查询参数 “%.40s” / unknown query parameter", bad);
	return bad == NULL;
}

static bool id_param(struct yw_req *q, struct yw_resp *r, const char *name, int64_t max, int64_t *out)
{
	const char *s = yw_req_query(q, name);
	*out = 0;
	if (!s)
		return true;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < 1 || v > max) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为 1–%lld 的整数", name, (long long)max);
		return false;
	}
	*out = v;
	return true;
}

/* Drafts and retired items are for staff; anyone else asking gets told. */
static bool status_allowed(struct yw_req *q, struct yw_resp *r, const char *status, bool staff)
{
	if (!status || staff || !strcmp(status, "published"))
		return true;
	yw_resp_err(r, q->authed ? YW_E_FORBIDDEN_ROLE : YW_E_UNAUTHENTICATED, "status",
		    "草稿和已取消的事项仅工作人员可见 / drafts and retired items are for staff");
	return false;
}

static void put_objects(struct yw_buf *b, const char *stored)
{
	/* ",person,legal_person," → ["person","legal_person"] */
	yw_buf_adds(b, "[");
	bool first = true;
	for (const char *p = stored ? stored : ""; *p;) {
		size_t n = strcspn(p, ",");
		if (n) {
			yw_buf_printf(b, "%s\"%.*s\"", first ? "" : ",", (int)n, p);
			first = false;
		}
		p += n + (p[n] ? 1 : 0);
	}
	yw_buf_adds(b, "]");
}

static void put_version(struct yw_buf *b, const char *key, int v)
{
	if (v)
		yw_buf_printf(b, ",\"%s\":%d", key, v);
	else
		yw_buf_printf(b, ",\"%s\":null", key);
}

/* status is the item's (as GET /items/{id} has it); version and
 * version_status are the row's: the published version, or for staff the
 * open draft when there is one. */
static void put_summary(struct yw_buf *b, const struct yw_item_summary *s)
{
	yw_buf_printf(b, "{\"id\":%lld,\"version\":%d,\"version_status\":\"%s\",\"status\":\"%s\"",
		      (long long)s->id, s->version, s->status, s->item_status ? s->item_status : s->status);
	put_version(b, "published_version", s->published_version);
	put_version(b, "draft_version", s->draft_version);
	yw_buf_printf(b, ",\"updated_at\":%lld,\"code\":", (long long)s->updated_at);
	yw_buf_json_str(b, s->code);
	yw_buf_adds(b, ",\"name\":");
	yw_buf_json_str(b, s->name);
	yw_buf_printf(b, ",\"type\":\"%s\",\"region_id\":%lld,\"department_id\":%lld,\"department\":", s->type,
		      (long long)s->region_id, (long long)s->department_id);
	yw_buf_json_str(b, s->department);
	yw_buf_printf(b, ",\"handling_type\":\"%s\",\"online_depth\":%d,\"visits\":%d,\"promised_limit_days\":%d"
			 ",\"service_objects\":",
		      s->handling_type, s->online_depth, s->visits, s->promised_limit_days);
	put_objects(b, s->service_objects);
	yw_buf_printf(b, ",\"themes\":%s,\"guide_url\":\"/m/items/%lld\"}", s->themes, (long long)s->id);
}

static bool filters(struct yw_req *q, struct yw_resp *r, struct yw_item_query *iq)
{
	int64_t depth = 0;
	if (!id_param(q, r, "department_id", INT64_MAX, &iq->department_id) ||
	    !id_param(q, r, "region_id", INT64_MAX, &iq->region_id) ||
	    !id_param(q, r, "hall_id", INT64_MAX, &iq->hall_id) || !id_param(q, r, "online_depth", 4, &depth))
		return false;
	iq->online_depth = (int)depth;
	iq->q = yw_req_query(q, "q");
	iq->type = yw_req_query(q, "type");
	iq->theme = yw_req_query(q, "theme");
	iq->service_object = yw_req_query(q, "service_object");
	iq->status = yw_req_query(q, "status");
	iq->staff = yw_catalogue_staff_viewer(q);
	return status_allowed(q, r, iq->status, iq->staff);
}

bool yw_api_export_filters(struct yw_req *q, struct yw_resp *r, struct yw_item_query *iq)
{
	memset(iq, 0, sizeof *iq);
	return refuse_unknown(q, r, export_params) && filters(q, r, iq);
}

void yw_api_items_search(struct yw_req *q, struct yw_resp *r)
{
	struct yw_item_query iq = {0};
	int page;
	if (!refuse_unknown(q, r, search_params) || !yw_req_paging(q, r, &iq.limit, &iq.offset, &page) ||
	    !filters(q, r, &iq))
		return;
	char *key = yw_asprintf("items\x1f%d\x1f%s\x1f%d\x1f%d\x1f%lld\x1f%lld\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%d\x1f%s",
				iq.staff, iq.q ? iq.q : "", iq.limit, iq.offset, (long long)iq.department_id,
				(long long)iq.region_id, (long long)iq.hall_id, iq.type ? iq.type : "",
				iq.theme ? iq.theme : "", iq.service_object ? iq.service_object : "", iq.online_depth,
				iq.status ? iq.status : "");
	int64_t gen;
	if (yw_catalogue_generation(q->app->store, &gen) == YW_OK && yw_reply_cache_get(key, gen, r)) {
		free(key);
		return;
	}
	struct yw_item_page p;
	struct yw_error err = {0};
	int st = yw_catalogue_search(q->app->store, &iq, &p, &err);
	if (st) {
		free(key);
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < p.n; i++) {
		if (i)
			yw_buf_adds(&b, ",");
		put_summary(&b, &p.items[i]);
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)p.total, page, iq.limit);
	yw_item_page_free(&p);
	if (gen >= 0)
		yw_reply_cache_put(key, gen, b.data, b.len);
	free(key);
	yw_resp_buf(r, 200, &b);
}

void yw_api_catalogue_themes(struct yw_req *q, struct yw_resp *r)
{
	int64_t gen;
	if (yw_catalogue_generation(q->app->store, &gen) == YW_OK && yw_reply_cache_get("themes", gen, r))
		return;
	struct yw_theme_list l;
	if (yw_catalogue_themes(q->app->store, &l)) {
		yw_resp_err(r, YW_E_STORE, NULL, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l.n; i++) {
		yw_buf_adds(&b, i ? ",{\"theme\":" : "{\"theme\":");
		yw_buf_json_str(&b, l.rows[i].theme);
		yw_buf_printf(&b, ",\"items\":%lld}", (long long)l.rows[i].items);
	}
	yw_buf_adds(&b, "]}");
	yw_theme_list_free(&l);
	if (gen >= 0)
		yw_reply_cache_put("themes", gen, b.data, b.len);
	yw_resp_buf(r, 200, &b);
}

void yw_api_catalogue_departments(struct yw_req *q, struct yw_resp *r)
{
	static const char *const none[] = {NULL};
	if (!refuse_unknown(q, r, none))
		return;
	/* Not kept in the reply cache: the names come from the departments
	 * table, whose edits do not move the catalogue generation. */
	struct yw_department_list l;
	if (yw_catalogue_departments(q->app->store, &l)) {
		yw_resp_err(r, YW_E_STORE, NULL, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l.n; i++) {
		yw_buf_printf(&b, "%s{\"department_id\":%lld,\"department\":", i ? "," : "", (long long)l.rows[i].id);
		yw_buf_json_str(&b, l.rows[i].name);
		yw_buf_adds(&b, ",\"short_name\":");
		yw_buf_json_str(&b, l.rows[i].short_name);
		yw_buf_printf(&b, ",\"items\":%lld}", (long long)l.rows[i].items);
	}
	yw_buf_adds(&b, "]}");
	yw_department_list_free(&l);
	yw_resp_buf(r, 200, &b);
}

static void put_rate(struct yw_buf *b, const char *key, double v)
{
	if (v < 0)
		yw_buf_printf(b, ",\"%s\":null", key);
	else
		yw_buf_printf(b, ",\"%s\":%.4f", key, v);
}

static void put_kpis(struct yw_buf *b, const struct yw_kpi_counts *c)
{
	struct yw_kpi_rates k;
	yw_kpi_rates(c, &k);
	yw_buf_printf(b,
		      "\"items\":%lld,\"in_hall\":%lld,\"comprehensive\":%lld,\"online\":%lld,\"full_online\":%lld,"
		      "\"at_most_once\":%lld,\"immediate\":%lld,\"sum_promised_days\":%lld,"
		      "\"sum_statutory_days\":%lld",
		      (long long)c->items, (long long)c->in_hall, (long long)c->comprehensive,
		      (long long)c->online, (long long)c->full_online, (long long)c->at_most_once,
		      (long long)c->immediate, (long long)c->sum_promised, (long long)c->sum_statutory);
	put_rate(b, "in_hall_rate", k.in_hall);
	put_rate(b, "comprehensive_rate", k.comprehensive);
	put_rate(b, "online_rate", k.online);
	put_rate(b, "full_online_rate", k.full_online);
	put_rate(b, "at_most_once_rate", k.at_most_once);
	put_rate(b, "immediate_rate", k.immediate);
	put_rate(b, "avg_promised_days", k.avg_promised);
	put_rate(b, "avg_statutory_days", k.avg_statutory);
	put_rate(b, "compression_rate", k.compression);
}

static void put_groups(struct yw_buf *b, const char *name, const char *id_key, const char *label_key,
		       const struct yw_kpi_counts *rows, int n)
{
	yw_buf_printf(b, ",\"%s\":[", name);
	for (int i = 0; i < n; i++) {
		yw_buf_printf(b, "%s{\"%s\":%lld,\"%s\":", i ? "," : "", id_key, (long long)rows[i].key, label_key);
		yw_buf_json_str(b, rows[i].label);
		yw_buf_adds(b, ",");
		put_kpis(b, &rows[i]);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]");
}

static void put_id(struct yw_buf *b, int64_t id)
{
	if (id)
		yw_buf_printf(b, "%lld", (long long)id);
	else
		yw_buf_adds(b, "null");
}

void yw_api_catalogue_kpis(struct yw_req *q, struct yw_resp *r)
{
	static const char *const params[] = {"region_id", "department_id", NULL};
	int64_t region = 0, department = 0;
	if (!refuse_unknown(q, r, params) || !id_param(q, r, "region_id", INT64_MAX, &region) ||
	    !id_param(q, r, "department_id", INT64_MAX, &department))
		return;
	char key[64];
	snprintf(key, sizeof key, "kpis\x1f%lld\x1f%lld", (long long)region, (long long)department);
	int64_t gen;
	if (yw_catalogue_generation(q->app->store, &gen) == YW_OK && yw_reply_cache_get(key, gen, r))
		return;
	struct yw_kpis k;
	struct yw_error err = {0};
	int st = yw_catalogue_kpis(q->app->store, region, department, &k, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"region_id\":");
	put_id(&b, region);
	yw_buf_adds(&b, ",\"department_id\":");
	put_id(&b, department);
	yw_buf_adds(&b, ",\"total\":{");
	put_kpis(&b, &k.total);
	yw_buf_adds(&b, "}");
	put_groups(&b, "by_department", "department_id", "department", k.by_department, k.ndepartments);
	put_groups(&b, "by_region", "region_id", "region", k.by_region, k.nregions);
	yw_buf_adds(&b, "}");
	yw_kpis_free(&k);
	if (gen >= 0)
		yw_reply_cache_put(key, gen, b.data, b.len);
	yw_resp_buf(r, 200, &b);
}
