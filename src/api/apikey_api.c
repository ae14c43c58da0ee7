/* API keys for integrating systems (docs/api-keys.md): the admin's list,
 * create (the key is in that one reply only) and revoke, and a check an
 * integrator can call to test its key (recorded as a use, like any other). */
#include "api/api.h"
#include "yw/apikey.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void put_time(struct yw_buf *b, const char *key, int64_t v)
{
	if (v)
		yw_buf_printf(b, ",\"%s\":%lld", key, (long long)v);
	else
		yw_buf_printf(b, ",\"%s\":null", key);
}

static void put_key(struct yw_buf *b, const struct yw_apikey *k)
{
	yw_buf_printf(b, "{\"id\":%lld,\"name\":", (long long)k->id);
	yw_buf_json_str(b, k->name);
	yw_buf_adds(b, ",\"prefix\":");
	yw_buf_json_str(b, k->prefix);
	yw_buf_printf(b, ",\"status\":\"%s\"", k->revoked_at ? "revoked" : "active");
	put_time(b, "created_at", k->created_at);
	yw_buf_adds(b, ",\"created_by_name\":");
	yw_buf_json_str(b, k->created_by_name[0] ? k->created_by_name : NULL);
	put_time(b, "revoked_at", k->revoked_at);
	yw_buf_adds(b, ",\"revoked_by_name\":");
	yw_buf_json_str(b, k->revoked_by_name[0] ? k->revoked_by_name : NULL);
	put_time(b, "last_used_at", k->last_used_at);
	yw_buf_printf(b, ",\"use_count\":%lld", (long long)k->use_count);
}

static void list(struct yw_req *q, struct yw_resp *r)
{
	struct yw_apikey_list l;
	if (yw_apikey_list(q->app->store, &l)) {
		yw_resp_err(r, YW_E_STORE, NULL, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l.n; i++) {
		if (i)
			yw_buf_adds(&b, ",");
		put_key(&b, &l.rows[i]);
		yw_buf_adds(&b, "}");
	}
	yw_buf_printf(&b, "],\"total\":%d}", l.n);
	yw_apikey_list_free(&l);
	yw_resp_buf(r, 200, &b);
}

struct create_body {
	const char *name;
};

static void create(struct yw_req *q, struct yw_resp *r)
{
	static const struct yw_jfield fields[] = {
		{"name", YW_J_STR, true, 0, YW_APIKEY_NAME_MAX, offsetof(struct create_body, name)},
	};
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct create_body cb = {0};
	if (!yw_api_fields(body, fields, 1, &cb, r)) {
		json_decref(body);
		return;
	}
	char key[YW_APIKEY_LEN + 1];
	struct yw_apikey k;
	struct yw_error err = {0};
	int st = yw_apikey_create(q->app->store, &q->actor, cb.name, key, &k, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	put_key(&b, &k);
	yw_buf_adds(&b, ",\"key\":");
	yw_buf_json_str(&b, key);
	yw_buf_adds(&b, "}");
	sodium_memzero(key, sizeof key);
	yw_resp_buf(r, 201, &b);
	/* Shown once: no cache may keep the reply. */
	yw_resp_header(r, "Cache-Control", "no-store");
}

static void revoke(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_apikey k;
	struct yw_error err = {0};
	int st = yw_apikey_revoke(q->app->store, &q->actor, id, &k, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	put_key(&b, &k);
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 200, &b);
}

struct check_body {
	const char *api_key;
};

static void check(struct yw_req *q, struct yw_resp *r)
{
	static const struct yw_jfield fields[] = {
		{"api_key", YW_J_STR, true, 0, 200, offsetof(struct check_body, api_key)},
	};
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct check_body cb = {0};
	if (!yw_api_fields(body, fields, 1, &cb, r)) {
		json_decref(body);
		return;
	}
	int64_t id = 0;
	struct yw_error err = {0};
	struct yw_actor ctx = q->actor;
	int st = yw_apikey_check(q->app->store, &ctx, cb.api_key, "POST /api/v1/api-keys/check", &id, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"ok\":true,\"key_id\":%lld}", (long long)id);
	yw_resp_buf(r, 200, &b);
}

const struct yw_route yw_routes_apikey[] = {
	{"GET", "/api/v1/api-keys", list, YW_ROLE_ADMIN, "对接系统 API 密钥列表 / API keys of integrating systems",
	 "api-keys"},
	{"POST", "/api/v1/api-keys", create, YW_ROLE_ADMIN,
	 "签发 API 密钥（密钥仅在此次回复中出现）/ Issue a key (shown in this reply only)", "api-keys", NULL,
	 "{name}"},
	{"POST", "/api/v1/api-keys/check", check, 0,
	 "对接系统自检密钥（计为一次使用并留痕）/ An integrator tests its key (a recorded use)", "api-keys", NULL,
	 "{api_key}"},
	{"POST", "/api/v1/api-keys/{id}/revoke", revoke, YW_ROLE_ADMIN, "吊销 API 密钥 / Revoke a key", "api-keys"},
	{NULL},
};
