/* Health, metrics, the OpenAPI description, the audit log, the outbox and
 * the enumerations the UI shows. */
#include "api/api.h"
#include "yw/audit.h"
#include <stdlib.h>
#include <string.h>

void yw_api_healthz(struct yw_req *q, struct yw_resp *r)
{
	/* Static reply on purpose: load balancers poll this; ?deep=1 also
	 * proves the store answers. */
	const char *deep = yw_req_query(q, "deep");
	if (deep && !strcmp(deep, "1")) {
		int v = yw_store_schema_version(q->app->store);
		if (v < 0) {
			yw_resp_err(r, YW_E_STORE, NULL, "the store does not answer");
			return;
		}
		yw_resp_json_take(r, 200, yw_asprintf("{\"status\":\"ok\",\"schema\":%d}", v));
		return;
	}
	yw_resp_json_take(r, 200, yw_strdup("{\"status\":\"ok\"}"));
}

void yw_api_metrics(struct yw_req *q, struct yw_resp *r)
{
	char *text = yw_metrics_render(q->app->store);
	yw_resp_json_take(r, 200, text);
	r->ctype = "text/plain; version=0.0.4; charset=utf-8";
}

static bool time_query(struct yw_req *q, struct yw_resp *r, const char *name, int64_t *out)
{
	const char *s = yw_req_query(q, name);
	*out = 0;
	if (!s)
		return true;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < 0) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为毫秒时间戳", name);
		return false;
	}
	*out = v;
	return true;
}

void yw_api_audit_list(struct yw_req *q, struct yw_resp *r)
{
	struct yw_audit_filter f = {0};
	int page;
	if (!yw_req_paging(q, r, &f.limit, &f.offset, &page) || !time_query(q, r, "from", &f.from) ||
	    !time_query(q, r, "to", &f.to) || !time_query(q, r, "entity_id", &f.entity_id) ||
	    !time_query(q, r, "actor", &f.actor_id))
		return;
	f.entity = yw_req_query(q, "entity");
	f.action = yw_req_query(q, "action");
	if ((f.entity && strlen(f.entity) > 40) || (f.action && strlen(f.action) > 40)) {
		yw_resp_err(r, YW_E_BAD_QUERY, f.entity && strlen(f.entity) > 40 ? "entity" : "action", NULL);
		return;
	}
	struct yw_audit_list l;
	if (yw_audit_list(q->app->store, &f, &l)) {
		yw_resp_err(r, YW_E_STORE, NULL, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l.n; i++) {
		struct yw_audit_row *a = &l.rows[i];
		yw_buf_printf(&b, "%s{\"id\":%lld,\"at\":%lld,\"actor_id\":%lld,\"actor_name\":", i ? "," : "",
			      (long long)a->id, (long long)a->at, (long long)a->actor_id);
		yw_buf_json_str(&b, a->actor_name);
		yw_buf_adds(&b, ",\"role\":");
		yw_buf_json_str(&b, a->role);
		yw_buf_adds(&b, ",\"action\":");
		yw_buf_json_str(&b, a->action);
		yw_buf_adds(&b, ",\"entity\":");
		yw_buf_json_str(&b, a->entity);
		yw_buf_printf(&b, ",\"entity_id\":%lld,\"summary\":", (long long)a->entity_id);
		yw_buf_json_str(&b, a->summary);
		yw_buf_adds(&b, ",\"request_id\":");
		yw_buf_json_str(&b, a->request_id);
		yw_buf_adds(&b, ",\"client_ip\":");
		yw_buf_json_str(&b, a->client_ip);
		yw_buf_adds(&b, ",\"hash\":");
		yw_buf_json_str(&b, a->hash);
		yw_buf_adds(&b, "}");
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)l.total, page, f.limit);
	yw_audit_list_free(&l);
	yw_resp_buf(r, 200, &b);
}

void yw_api_outbox_list(struct yw_req *q, struct yw_resp *r)
{
	int limit, offset, page;
	if (!yw_req_paging(q, r, &limit, &offset, &page))
		return;
	struct yw_outbox_list l;
	if (yw_outbox_list(q->app->store, limit, offset, &l)) {
		yw_resp_err(r, YW_E_STORE, NULL, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l.n; i++) {
		struct yw_outbox_msg *m = &l.items[i];
		char *masked = yw_mask_phone(m->recipient);
		yw_buf_printf(&b, "%s{\"id\":%lld,\"channel\":", i ? "," : "", (long long)m->id);
		yw_buf_json_str(&b, m->channel);
		yw_buf_adds(&b, ",\"recipient\":");
		yw_buf_json_str(&b, masked);
		yw_buf_adds(&b, ",\"body\":");
		yw_buf_json_str(&b, m->body);
		yw_buf_adds(&b, ",\"status\":");
		yw_buf_json_str(&b, m->status);
		yw_buf_printf(&b, ",\"created_at\":%lld}", (long long)m->created_at);
		free(masked);
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)l.total, page, limit);
	yw_outbox_list_free(&l);
	yw_resp_buf(r, 200, &b);
}

static void enum_array(struct yw_buf *b, const char *const *names, const char *const *labels)
{
	yw_buf_adds(b, "[");
	for (int i = 0; names[i]; i++) {
		yw_buf_adds(b, i ? ",{\"value\":" : "{\"value\":");
		yw_buf_json_str(b, names[i]);
		yw_buf_adds(b, ",\"label\":");
		yw_buf_json_str(b, labels[i]);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]");
}

void yw_api_meta(struct yw_req *q, struct yw_resp *r)
{
	static const char *const wtypes[] = {"comprehensive", "specialised", "issuing", "consulting",
					     "complaint", "cross_region", NULL};
	static const char *const wlabels[] = {"综合受理", "专业窗口", "综合出件", "咨询",
					      "办不成事反映", "跨域通办", NULL};
	static const char *const rlevels[] = {"province", "city", "district", "street", "community", NULL};
	static const char *const rlabels[] = {"省", "市", "区县", "街道", "社区", NULL};
	static const char *const hlevels[] = {"district", "street", "community", NULL};
	static const char *const hlabels[] = {"区级", "街道", "社区", NULL};
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"roles\":");
	enum_array(&b, yw_role_names, yw_role_labels);
	yw_buf_adds(&b, ",\"window_types\":");
	enum_array(&b, wtypes, wlabels);
	yw_buf_adds(&b, ",\"region_levels\":");
	enum_array(&b, rlevels, rlabels);
	yw_buf_adds(&b, ",\"hall_levels\":");
	enum_array(&b, hlevels, hlabels);
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 200, &b);
}
