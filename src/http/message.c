/* Building replies and reading requests. */
#include "http/internal.h"
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A reply that becomes a body after all is no event stream. */
static void drop_stream(struct yw_resp *r)
{
	if (r->stream)
		yw_sse_discard(r->stream);
	r->stream = NULL;
}

void yw_resp_free(struct yw_resp *r)
{
	drop_stream(r);
	free(r->body);
	r->body = NULL;
	for (int i = 0; i < r->nheaders; i++)
		free(r->headers[i]);
	r->nheaders = 0;
}

void yw_resp_json_take(struct yw_resp *r, int status, char *json)
{
	drop_stream(r);
	free(r->body);
	r->status = status;
	r->body = json;
	r->len = json ? strlen(json) : 0;
	r->ctype = "application/json; charset=utf-8";
}

void yw_resp_buf(struct yw_resp *r, int status, struct yw_buf *b)
{
	size_t len = b->len;
	yw_resp_json_take(r, status, yw_buf_steal(b));
	r->len = len;
}

void yw_resp_empty(struct yw_resp *r, int status)
{
	drop_stream(r);
	free(r->body);
	r->body = NULL;
	r->len = 0;
	r->status = status;
	r->ctype = NULL;
}

void yw_resp_error(struct yw_resp *r, const struct yw_error *e)
{
	struct yw_buf b = {0};
	enum yw_err err = e->err ? e->err : YW_E_INTERNAL;
	yw_buf_printf(&b, "{\"code\":%d,\"error\":\"%s\",\"hint\":", yw_err_code(err), yw_err_name(err));
	yw_buf_json_str(&b, yw_err_hint(err));
	yw_buf_adds(&b, ",\"detail\":");
	yw_buf_json_str(&b, e->detail[0] ? e->detail : yw_err_hint(err));
	yw_buf_adds(&b, ",\"field\":");
	yw_buf_json_str(&b, e->field[0] ? e->field : NULL);
	yw_buf_adds(&b, "}");
	r->err = err;
	yw_resp_buf(r, yw_err_http(err), &b);
}

void yw_resp_err(struct yw_resp *r, enum yw_err err, const char *field, const char *fmt, ...)
{
	struct yw_error e = {.err = err};
	snprintf(e.field, sizeof e.field, "%s", field ? field : "");
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e.detail, sizeof e.detail, fmt, ap);
		va_end(ap);
	}
	yw_resp_error(r, &e);
}

void yw_resp_status(struct yw_resp *r, int st, const struct yw_error *e)
{
	if (e && e->err) {
		yw_resp_error(r, e);
		return;
	}
	if (st == YW_NOTFOUND)
		yw_resp_err(r, YW_E_NOT_FOUND, NULL, NULL);
	else
		yw_resp_err(r, YW_E_STORE, NULL, NULL);
}

void yw_resp_header(struct yw_resp *r, const char *name, const char *value)
{
	if (r->nheaders == (int)(sizeof r->headers / sizeof r->headers[0]))
		return;
	r->headers[r->nheaders++] = yw_asprintf("%s: %s", name, value);
}

const char *yw_req_header(struct yw_req *q, const char *name)
{
	return MHD_lookup_connection_value(q->mhd, MHD_HEADER_KIND, name);
}

const char *yw_req_query(struct yw_req *q, const char *name)
{
	return MHD_lookup_connection_value(q->mhd, MHD_GET_ARGUMENT_KIND, name);
}

const char *yw_req_cookie(struct yw_req *q, const char *name)
{
	return MHD_lookup_connection_value(q->mhd, MHD_COOKIE_KIND, name);
}

struct unknown_scan {
	bool (*known)(const char *key, const void *ctx);
	const void *ctx;
	const char *first;
};

static enum MHD_Result scan_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct unknown_scan *u = cls;
	if (u->known(key, u->ctx))
		return MHD_YES;
	u->first = key;
	return MHD_NO;
}

const char *yw_req_unknown_query(struct yw_req *q, bool (*known)(const char *key, const void *ctx),
				 const void *ctx)
{
	struct unknown_scan u = {known, ctx, NULL};
	MHD_get_connection_values(q->mhd, MHD_GET_ARGUMENT_KIND, scan_query, &u);
	return u.first;
}

int64_t yw_req_id(struct yw_req *q, int i, struct yw_resp *r)
{
	const char *s = i < q->nparams ? q->params[i] : "";
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0 || strlen(s) > 18) {
		yw_resp_err(r, YW_E_NOT_FOUND, "id", "“%s” 不是有效的编号", s);
		return 0;
	}
	return v;
}

static bool int_query(struct yw_req *q, struct yw_resp *r, const char *name, int def, int min, int max,
		      int *out)
{
	const char *s = yw_req_query(q, name);
	*out = def;
	if (!s)
		return true;
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < min || v > max) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为 %d–%d 的整数", name, min, max);
		return false;
	}
	*out = (int)v;
	return true;
}

bool yw_req_paging(struct yw_req *q, struct yw_resp *r, int *limit, int *offset, int *page)
{
	int size;
	if (!int_query(q, r, "page", 1, 1, 1000000, page) ||
	    !int_query(q, r, "page_size", 20, 1, 200, &size))
		return false;
	*limit = size;
	*offset = (*page - 1) * size;
	return true;
}

void yw_access_log(struct yw_req *q, int status, int64_t latency_us)
{
	/* The URL is logged without its query: queries may carry personal data. */
	char path[160];
	size_t n = strcspn(q->url, "?\"\\");
	snprintf(path, sizeof path, "%.*s", (int)(n < 150 ? n : 150), q->url);
	yw_log(YW_LOG_INFO, "access",
	       "\"rid\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"route\":\"%s\",\"status\":%d,"
	       "\"us\":%lld,\"bytes\":%llu,\"ip\":\"%s\",\"user\":%lld",
	       q->request_id, q->method, path, q->route ? q->route->pattern : "", status,
	       (long long)latency_us, (unsigned long long)q->resp_bytes, q->client_ip,
	       (long long)(q->authed ? q->actor.user_id : 0));
}
