/* Generic handlers for the organisation entities: the route says which
 * entity; the domain (crud.c) applies scope, rules and audit. */
#include "api/api.h"
#include "yw/crud.h"
#include <stdlib.h>
#include <string.h>

static bool parse_filter(const struct yw_field *f, const char *s, struct yw_val *v, struct yw_resp *r)
{
	char *end;
	switch (f->type) {
	case YW_F_INT:
	case YW_F_REF: {
		long long n = strtoll(s, &end, 10);
		if (!*s || *end) {
			yw_resp_err(r, YW_E_BAD_QUERY, f->name, "%s 应为整数", f->name);
			return false;
		}
		yw_val_set_int(v, n);
		return true;
	}
	case YW_F_BOOL:
		if (strcmp(s, "true") && strcmp(s, "false") && strcmp(s, "1") && strcmp(s, "0")) {
			yw_resp_err(r, YW_E_BAD_QUERY, f->name, "%s 应为 true 或 false", f->name);
			return false;
		}
		yw_val_set_int(v, !strcmp(s, "true") || !strcmp(s, "1"));
		return true;
	case YW_F_ENUM:
		for (int i = 0; f->enums[i]; i++)
			if (!strcmp(f->enums[i], s)) {
				yw_val_set_text(v, s);
				return true;
			}
		yw_resp_err(r, YW_E_BAD_QUERY, f->name, "“%s” 不是允许的取值", s);
		return false;
	default:
		yw_val_set_text(v, s);
		return true;
	}
}

static bool list_param_known(const char *key, const void *ctx)
{
	const struct yw_entity *e = ctx;
	if (!strcmp(key, "page") || !strcmp(key, "page_size") || !strcmp(key, "q"))
		return true;
	int i = yw_entity_field_index(e, key);
	return i >= 0 && (e->fields[i].flags & YW_FF_FILTER);
}

void yw_api_entity_list(struct yw_req *q, struct yw_resp *r)
{
	const struct yw_entity *e = q->route->entity;
	const char *unknown = yw_req_unknown_query(q, list_param_known, e);
	if (unknown) {
		yw_resp_err(r, YW_E_BAD_QUERY, unknown, "“%s” 不是可用的筛选条件 / not a filter of this list", unknown);
		return;
	}
	int limit, offset, page;
	if (!yw_req_paging(q, r, &limit, &offset, &page))
		return;
	const char *text = yw_req_query(q, "q");
	if (text && (!yw_utf8_valid(text, strlen(text)) || yw_utf8_len(text) > 50)) {
		yw_resp_err(r, YW_E_BAD_QUERY, "q", "搜索词最多 50 个字符");
		return;
	}
	struct yw_rec *filters = yw_rec_new(e);
	for (int i = 0; i < e->nfields; i++) {
		const char *s = (e->fields[i].flags & YW_FF_FILTER) ? yw_req_query(q, e->fields[i].name) : NULL;
		if (s && !parse_filter(&e->fields[i], s, &filters->v[i], r)) {
			yw_rec_free(filters);
			return;
		}
	}
	struct yw_list_query lq = {.q = text, .filters = filters->v, .limit = limit, .offset = offset};
	struct yw_rec_list list;
	struct yw_error err = {0};
	int st = yw_crud_list(q->app->store, &q->actor, e, &lq, &list, &err);
	yw_rec_free(filters);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < list.n; i++) {
		if (i)
			yw_buf_adds(&b, ",");
		yw_api_rec_to_json(&b, list.items[i]);
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)list.total, page,
		      limit);
	yw_rec_list_free(&list);
	yw_resp_buf(r, 200, &b);
}

static void reply_rec(struct yw_resp *r, int status, const struct yw_rec *rec)
{
	struct yw_buf b = {0};
	yw_api_rec_to_json(&b, rec);
	yw_resp_buf(r, status, &b);
}

void yw_api_entity_get(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_rec *rec = NULL;
	struct yw_error err = {0};
	int st = yw_crud_get(q->app->store, &q->actor, q->route->entity, id, &rec, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_rec(r, 200, rec);
	yw_rec_free(rec);
}

void yw_api_entity_create(struct yw_req *q, struct yw_resp *r)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct yw_rec *rec = yw_rec_new(q->route->entity);
	int64_t version;
	if (yw_api_rec_from_json(body, true, rec, &version, r)) {
		struct yw_error err = {0};
		int st = yw_crud_create(q->app->store, &q->actor, rec, &err);
		if (st)
			yw_resp_status(r, st, &err);
		else
			reply_rec(r, 201, rec);
	}
	json_decref(body);
	yw_rec_free(rec);
}

void yw_api_entity_update(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct yw_rec *patch = yw_rec_new(q->route->entity);
	int64_t version;
	if (yw_api_rec_from_json(body, false, patch, &version, r)) {
		struct yw_error err = {0};
		struct yw_rec *out = NULL;
		int st = yw_crud_update(q->app->store, &q->actor, id, patch, version, &out, &err);
		if (st)
			yw_resp_status(r, st, &err);
		else
			reply_rec(r, 200, out);
		yw_rec_free(out);
	}
	json_decref(body);
	yw_rec_free(patch);
}

void yw_api_entity_delete(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_error err = {0};
	int st = yw_crud_delete(q->app->store, &q->actor, q->route->entity, id, &err);
	if (st)
		yw_resp_status(r, st, &err);
	else
		yw_resp_empty(r, 204);
}

/* The unmasked phone of a staff member, for administrators who must call
 * them; every such read leaves an audit row. */
void yw_api_staff_contact(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	char *phone = NULL;
	struct yw_error err = {0};
	int st = yw_crud_reveal(q->app->store, &q->actor, &yw_entity_staff, id, "phone", &phone, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"id\":%lld,\"phone\":", (long long)id);
	yw_buf_json_str(&b, phone);
	yw_buf_adds(&b, "}");
	free(phone);
	yw_resp_buf(r, 200, &b);
}
