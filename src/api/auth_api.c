/* Login (staff password, citizen one-time code), logout, who-am-I and
 * password change. The session token goes out twice: as an HttpOnly
 * SameSite cookie for browsers and in the body for API clients (Bearer). */
#include "api/api.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void user_json(struct yw_buf *b, const struct yw_principal *p)
{
	yw_buf_printf(b, "{\"id\":%lld,\"username\":", (long long)p->user_id);
	yw_buf_json_str(b, p->citizen ? NULL : p->username);
	yw_buf_adds(b, ",\"name\":");
	yw_buf_json_str(b, p->name);
	char *masked = yw_mask_phone(p->phone);
	yw_buf_adds(b, ",\"phone\":");
	yw_buf_json_str(b, *p->phone ? masked : NULL);
	free(masked);
	yw_buf_adds(b, ",\"roles\":[");
	int k = 0;
	for (int i = 0; yw_role_names[i]; i++)
		if (p->roles & (1u << i))
			yw_buf_printf(b, "%s\"%s\"", k++ ? "," : "", yw_role_names[i]);
	yw_buf_printf(b, "],\"citizen\":%s", p->citizen ? "true" : "false");
#define OPT_ID(name, v) \
	if (v) \
		yw_buf_printf(b, ",\"" name "\":%lld", (long long)(v)); \
	else \
		yw_buf_adds(b, ",\"" name "\":null");
	OPT_ID("region_id", p->scope.region_id)
	OPT_ID("department_id", p->scope.department_id)
	OPT_ID("hall_id", p->scope.hall_id)
#undef OPT_ID
	yw_buf_adds(b, "}");
}

static void session_cookie(struct yw_resp *r, const char *token, int64_t max_age_s)
{
	char cookie[200];
	snprintf(cookie, sizeof cookie, "yw_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld",
		 token, (long long)max_age_s);
	yw_resp_header(r, "Set-Cookie", cookie);
}

static void reply_login(struct yw_resp *r, const struct yw_login *l)
{
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"token\":\"%s\",\"csrf\":\"%s\",\"expires_at\":%lld,\"user\":", l->token,
		      l->who.csrf, (long long)l->who.expires_at);
	user_json(&b, &l->who);
	yw_buf_adds(&b, "}");
	session_cookie(r, l->token, yw_auth_config.absolute_ms / 1000);
	yw_resp_buf(r, 200, &b);
}

struct login_body {
	const char *username, *password;
};

void yw_api_login(struct yw_req *q, struct yw_resp *r)
{
	static const struct yw_jfield spec[] = {
		{"username", YW_J_STR, true, 1, 64, offsetof(struct login_body, username)},
		{"password", YW_J_STR, true, 1, 256, offsetof(struct login_body, password)},
	};
	json_t *body = yw_api_body(q, r);
	struct login_body in = {0};
	if (!body)
		return;
	if (yw_api_fields(body, spec, 2, &in, r)) {
		struct yw_login l;
		struct yw_error err = {0};
		int st = yw_auth_login(q->app->store, in.username, in.password, &q->actor, &l, &err);
		if (st)
			yw_resp_status(r, st, &err);
		else
			reply_login(r, &l);
	}
	json_decref(body);
}

void yw_api_logout(struct yw_req *q, struct yw_resp *r)
{
	int st = yw_auth_logout(q->app->store, &q->who, &q->actor);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	session_cookie(r, "", 0);
	yw_resp_empty(r, 204);
}

void yw_api_me(struct yw_req *q, struct yw_resp *r)
{
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"csrf\":\"%s\",\"expires_at\":%lld,\"user\":", q->who.csrf,
		      (long long)q->who.expires_at);
	user_json(&b, &q->who);
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 200, &b);
}

struct password_body {
	const char *old_password, *new_password;
};

void yw_api_password(struct yw_req *q, struct yw_resp *r)
{
	static const struct yw_jfield spec[] = {
		{"old_password", YW_J_STR, true, 1, 256, offsetof(struct password_body, old_password)},
		{"new_password", YW_J_STR, true, 1, 256, offsetof(struct password_body, new_password)},
	};
	json_t *body = yw_api_body(q, r);
	struct password_body in = {0};
	if (!body)
		return;
	if (yw_api_fields(body, spec, 2, &in, r)) {
		struct yw_error err = {0};
		int st = yw_auth_change_password(q->app->store, &q->who, in.old_password, in.new_password,
						 &q->actor, &err);
		if (st)
			yw_resp_status(r, st, &err);
		else
			yw_resp_empty(r, 204);
	}
	json_decref(body);
}

struct otp_body {
	const char *phone, *code;
};

void yw_api_otp_request(struct yw_req *q, struct yw_resp *r)
{
	static const struct yw_jfield spec[] = {
		{"phone", YW_J_STR, true, 1, 20, offsetof(struct otp_body, phone)},
	};
	json_t *body = yw_api_body(q, r);
	struct otp_body in = {0};
	if (!body)
		return;
	if (yw_api_fields(body, spec, 1, &in, r)) {
		struct yw_error err = {0};
		int st = yw_auth_otp_request(q->app->store, in.phone, &q->actor, &err);
		if (st) {
			yw_resp_status(r, st, &err);
		} else {
			char *json = yw_asprintf("{\"sent\":true,\"expires_in\":%lld,\"resend_after\":%lld}",
						 (long long)(yw_auth_config.otp_ttl_ms / 1000),
						 (long long)(yw_auth_config.otp_interval_ms / 1000));
			yw_resp_json_take(r, 202, json);
		}
	}
	json_decref(body);
}

void yw_api_otp_verify(struct yw_req *q, struct yw_resp *r)
{
	static const struct yw_jfield spec[] = {
		{"phone", YW_J_STR, true, 1, 20, offsetof(struct otp_body, phone)},
		{"code", YW_J_STR, true, 1, 10, offsetof(struct otp_body, code)},
	};
	json_t *body = yw_api_body(q, r);
	struct otp_body in = {0};
	if (!body)
		return;
	if (yw_api_fields(body, spec, 2, &in, r)) {
		struct yw_login l;
		struct yw_error err = {0};
		int st = yw_auth_otp_verify(q->app->store, in.phone, in.code, &q->actor, &l, &err);
		if (st)
			yw_resp_status(r, st, &err);
		else
			reply_login(r, &l);
	}
	json_decref(body);
}
