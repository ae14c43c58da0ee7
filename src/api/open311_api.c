/* Open311 GeoReport v2 under /open311/v2/ and its discovery file
 * (docs/open311.md). The format is the resource's suffix (.xml or .json;
 * XML, the spec's required format, without one). Replies and errors follow
 * the spec: JSON is the XML mapped by the Spark convention (lists become
 * arrays), errors are a list of {code, description} with HTTP 400, 403 or
 * 404 — these routes have their own error writer, mapped from the
 * registry. POST bodies are application/x-www-form-urlencoded. */
#include "api/api.h"
#include "yw/calendar_svc.h"
#include "yw/open311.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPEC_URL  "http://wiki.open311.org/GeoReport_v2"
#define CHANGESET "2026-10-01T00:00:00+08:00" /* when these endpoints last changed */

/* ---- one writer for both formats ---- */

struct w {
	struct yw_buf b;
	bool xml;
	int depth;
	bool started[16]; /* JSON: a member was written at this depth */
	bool in_list[16]; /* JSON: this depth is an array */
};

static void xml_text(struct yw_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': yw_buf_adds(b, "&amp;"); break;
		case '<': yw_buf_adds(b, "&lt;"); break;
		case '>': yw_buf_adds(b, "&gt;"); break;
		case '"': yw_buf_adds(b, "&quot;"); break;
		case '\'': yw_buf_adds(b, "&apos;"); break;
		default:
			/* XML 1.0 has no place for other control characters. */
			if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
				yw_buf_add(b, (const char *)p, 1);
		}
	}
}

static void comma(struct w *w)
{
	if (w->started[w->depth])
		yw_buf_adds(&w->b, ",");
	w->started[w->depth] = true;
}

/* A list: JSON [ … ], XML <name> … </name>. A list inside an object is a
 * member of it in JSON. */
static void list_begin(struct w *w, const char *name)
{
	if (w->xml) {
		yw_buf_printf(&w->b, "<%s>", name);
	} else {
		comma(w);
		if (w->depth && !w->in_list[w->depth])
			yw_buf_printf(&w->b, "\"%s\":", name);
		yw_buf_adds(&w->b, "[");
	}
	w->depth++;
	w->started[w->depth] = false;
	w->in_list[w->depth] = true;
}

static void list_end(struct w *w, const char *name)
{
	w->depth--;
	if (w->xml)
		yw_buf_printf(&w->b, "</%s>", name);
	else
		yw_buf_adds(&w->b, "]");
}

/* An object: JSON { … }, XML <name> … </name>. */
static void obj_begin(struct w *w, const char *name)
{
	if (w->xml) {
		yw_buf_printf(&w->b, "<%s>", name);
	} else {
		comma(w);
		if (w->depth && !w->in_list[w->depth])
			yw_buf_printf(&w->b, "\"%s\":", name);
		yw_buf_adds(&w->b, "{");
	}
	w->depth++;
	w->started[w->depth] = false;
	w->in_list[w->depth] = false;
}

static void obj_end(struct w *w, const char *name)
{
	w->depth--;
	if (w->xml)
		yw_buf_printf(&w->b, "</%s>", name);
	else
		yw_buf_adds(&w->b, "}");
}

/* A text member (NULL: JSON null, XML an empty element). In a list of
 * scalars, JSON writes the value alone. */
static void str(struct w *w, const char *name, const char *v)
{
	if (w->xml) {
		if (!v) {
			yw_buf_printf(&w->b, "<%s/>", name);
			return;
		}
		yw_buf_printf(&w->b, "<%s>", name);
		xml_text(&w->b, v);
		yw_buf_printf(&w->b, "</%s>", name);
		return;
	}
	comma(w);
	if (!w->in_list[w->depth])
		yw_buf_printf(&w->b, "\"%s\":", name);
	yw_buf_json_str(&w->b, v);
}

/* A number or boolean, already formatted. */
static void raw(struct w *w, const char *name, const char *v)
{
	if (w->xml) {
		yw_buf_printf(&w->b, "<%s>%s</%s>", name, v, name);
		return;
	}
	comma(w);
	yw_buf_printf(&w->b, "\"%s\":%s", name, v);
}

static void boolean(struct w *w, const char *name, bool v) { raw(w, name, v ? "true" : "false"); }

static void start(struct w *w, bool xml)
{
	memset(w, 0, sizeof *w);
	w->xml = xml;
	if (xml)
		yw_buf_adds(&w->b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
}

static void send(struct yw_resp *r, struct w *w, int status)
{
	bool xml = w->xml;
	if (xml)
		yw_buf_adds(&w->b, "\n");
	yw_resp_buf(r, status, &w->b);
	r->ctype = xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
}

/* ---- formats and errors ---- */

/* Strips ".json" / ".xml" from a path segment; says which it was (XML
 * when none). */
static bool format_of(char *segment, bool *xml)
{
	size_t n = strlen(segment);
	*xml = true;
	if (n > 5 && !strcmp(segment + n - 5, ".json")) {
		segment[n - 5] = 0;
		*xml = false;
	} else if (n > 4 && !strcmp(segment + n - 4, ".xml")) {
		segment[n - 4] = 0;
	}
	return *segment != 0;
}

static bool url_is_json(const char *url)
{
	size_t n = strlen(url);
	return n > 5 && !strcmp(url + n - 5, ".json");
}

/* The spec's error list. HTTP 403 for keys, 404 for what does not exist,
 * 400 for everything else; the body's code is our registry's, so a client
 * can tell errors apart. */
static void o311_error(struct yw_resp *r, bool xml, const struct yw_error *e)
{
	enum yw_err code = e->err ? e->err : YW_E_STORE;
	int http = yw_err_http(code);
	int status = http == 403 || http == 404 ? http : 400;
	char desc[512];
	const char *detail = e->detail[0] ? e->detail : yw_err_hint(code);
	if (e->field[0])
		snprintf(desc, sizeof desc, "%s (%s): %s", yw_err_name(code), e->field, detail);
	else
		snprintf(desc, sizeof desc, "%s: %s", yw_err_name(code), detail);
	struct w w;
	start(&w, xml);
	list_begin(&w, "errors");
	obj_begin(&w, "error");
	char num[16];
	snprintf(num, sizeof num, "%d", yw_err_code(code));
	raw(&w, "code", num);
	str(&w, "description", desc);
	obj_end(&w, "error");
	list_end(&w, "errors");
	send(r, &w, status);
	r->err = code;
}

static void o311_fail(struct yw_resp *r, bool xml, int st, const struct yw_error *e)
{
	struct yw_error x = {0};
	if (e && e->err)
		x = *e;
	else
		x.err = st == YW_NOTFOUND ? YW_E_NOT_FOUND : YW_E_STORE;
	o311_error(r, xml, &x);
}

/* ---- parameters: the query string, and the form of a POST ---- */

/* Empty parameters are absent ("optional arguments" of the spec). */
static const char *param(struct yw_req *q, const char *name)
{
	const char *v = yw_req_query(q, name);
	return v && *v ? v : NULL;
}

struct form {
	char *keys[64], *values[64];
	int n;
};

static int hex(int c) { return c >= '0' && c <= '9' ? c - '0' : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1; }

/* Decodes application/x-www-form-urlencoded text of n bytes in place. */
static char *decode(char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			s[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
			s[o++] = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = 0;
	return s;
}

static bool form_parse(struct form *f, char *body, size_t len)
{
	memset(f, 0, sizeof *f);
	char *p = body, *end = body + len;
	while (p < end) {
		char *amp = memchr(p, '&', (size_t)(end - p));
		char *stop = amp ? amp : end;
		char *eq = memchr(p, '=', (size_t)(stop - p));
		if (stop > p) {
			if (f->n == 64)
				return false;
			char *k = p, *v = eq ? eq + 1 : stop;
			size_t kn = (size_t)((eq ? eq : stop) - p), vn = (size_t)(stop - v);
			*(eq ? eq : stop) = 0;
			if (amp)
				*amp = 0;
			f->keys[f->n] = decode(k, kn);
			f->values[f->n] = decode(v, eq ? vn : 0);
			f->n++;
		}
		p = stop + 1;
	}
	return true;
}

/* The last value of a field in the form, else the query string; "" is absent. */
static const char *field(struct yw_req *q, const struct form *f, const char *name)
{
	for (int i = f->n - 1; i >= 0; i--)
		if (!strcmp(f->keys[i], name))
			return *f->values[i] ? f->values[i] : NULL;
	return param(q, name);
}

/* ---- discovery ---- */

static void discovery(struct yw_req *q, struct yw_resp *r)
{
	bool xml = !url_is_json(q->url);
	char *url = yw_api_public_url(q, "/open311/v2");
	struct w w;
	start(&w, xml);
	obj_begin(&w, "discovery");
	str(&w, "changeset", CHANGESET);
	str(&w, "contact", "12345 政务服务便民热线 / the 12345 citizen hotline centre");
	str(&w, "key_service", "API 密钥由系统管理员签发（yiwang apikey create，或系统管理页面）/ API keys come from the "
			       "system administrator");
	list_begin(&w, "endpoints");
	obj_begin(&w, "endpoint");
	str(&w, "specification", SPEC_URL);
	str(&w, "url", url);
	str(&w, "changeset", CHANGESET);
	str(&w, "type", "production");
	list_begin(&w, "formats");
	str(&w, "format", "text/xml");
	str(&w, "format", "application/json");
	list_end(&w, "formats");
	obj_end(&w, "endpoint");
	list_end(&w, "endpoints");
	obj_end(&w, "discovery");
	free(url);
	send(r, &w, 200);
}

/* ---- services ---- */

static void services(struct yw_req *q, struct yw_resp *r)
{
	bool xml = !url_is_json(q->url);
	struct yw_o311_services l;
	int st = yw_o311_services(q->app->store, &l);
	if (st) {
		o311_fail(r, xml, st, NULL);
		return;
	}
	struct w w;
	start(&w, xml);
	list_begin(&w, "services");
	for (int i = 0; i < l.n; i++) {
		const struct yw_o311_service *s = &l.v[i];
		obj_begin(&w, "service");
		str(&w, "service_code", s->code);
		str(&w, "service_name", s->name);
		str(&w, "description", s->description);
		boolean(&w, "metadata", true);
		str(&w, "type", "realtime");
		str(&w, "keywords", s->keywords);
		str(&w, "group", s->group);
		obj_end(&w, "service");
	}
	list_end(&w, "services");
	yw_o311_services_free(&l);
	send(r, &w, 200);
}

static void service_definition(struct yw_req *q, struct yw_resp *r)
{
	char code[64];
	bool xml;
	snprintf(code, sizeof code, "%s", q->params[0]);
	struct yw_error err = {0};
	if (!format_of(code, &xml)) {
		yw_error_set(&err, YW_E_MISSING_FIELD, "service_code", "请在路径中给出 service_code");
		o311_error(r, xml, &err);
		return;
	}
	struct yw_o311_definition d;
	int st = yw_o311_definition(q->app->store, code, &d, &err);
	if (st) {
		o311_fail(r, xml, st, &err);
		return;
	}
	struct w w;
	start(&w, xml);
	obj_begin(&w, "service_definition");
	str(&w, "service_code", d.service.code);
	list_begin(&w, "attributes");
	for (int i = 0; i < d.nattrs; i++) {
		const struct yw_o311_attribute *a = &d.attrs[i];
		char order[8];
		snprintf(order, sizeof order, "%d", a->order);
		obj_begin(&w, "attribute");
		boolean(&w, "variable", a->variable);
		str(&w, "code", a->code);
		str(&w, "datatype", a->datatype);
		boolean(&w, "required", a->required);
		str(&w, "datatype_description", a->datatype_description);
		raw(&w, "order", order);
		str(&w, "description", a->description);
		list_begin(&w, "values");
		for (int j = 0; j < a->nvalues; j++) {
			obj_begin(&w, "value");
			str(&w, "key", a->values[j].key);
			str(&w, "name", a->values[j].name);
			obj_end(&w, "value");
		}
		list_end(&w, "values");
		obj_end(&w, "attribute");
	}
	list_end(&w, "attributes");
	obj_end(&w, "service_definition");
	yw_o311_definition_free(&d);
	send(r, &w, 200);
}

/* ---- requests ---- */

static void time_member(struct w *w, const char *name, int64_t ms)
{
	char t[32];
	if (!ms) {
		str(w, name, NULL);
		return;
	}
	yw_o311_format_time(ms, t);
	str(w, name, t);
}

static void request_member(struct w *w, const struct yw_o311_request *x)
{
	char num[48];
	obj_begin(w, "request");
	snprintf(num, sizeof num, "%lld", (long long)x->id);
	raw(w, "service_request_id", num);
	str(w, "status", x->status);
	str(w, "status_notes", x->status_notes);
	str(w, "service_name", x->service_name);
	str(w, "service_code", x->service_code);
	str(w, "description", x->description);
	str(w, "agency_responsible", x->agency[0] ? x->agency : NULL);
	str(w, "service_notice", x->service_notice);
	time_member(w, "requested_datetime", x->requested_at);
	time_member(w, "updated_datetime", x->updated_at);
	time_member(w, "expected_datetime", x->expected_at);
	str(w, "address", x->address);
	str(w, "address_id", x->address_id);
	str(w, "zipcode", NULL);
	if (x->has_location) {
		snprintf(num, sizeof num, "%.8f", x->lat);
		raw(w, "lat", num);
		snprintf(num, sizeof num, "%.8f", x->lng);
		raw(w, "long", num);
	} else {
		str(w, "lat", NULL);
		str(w, "long", NULL);
	}
	str(w, "media_url", x->media_url);
	obj_end(w, "request");
}

static void requests_get(struct yw_req *q, struct yw_resp *r)
{
	bool xml = !url_is_json(q->url);
	struct yw_o311_query f = {param(q, "service_request_id"), param(q, "service_code"), param(q, "start_date"),
				  param(q, "end_date"), param(q, "status")};
	struct yw_o311_list l;
	struct yw_error err = {0};
	int st = yw_o311_find(q->app->store, &f, yw_now_ms(), &l, &err);
	if (st) {
		o311_fail(r, xml, st, &err);
		return;
	}
	struct w w;
	start(&w, xml);
	list_begin(&w, "service_requests");
	for (int i = 0; i < l.n; i++)
		request_member(&w, &l.v[i]);
	list_end(&w, "service_requests");
	yw_o311_list_free(&l);
	send(r, &w, 200);
}

static void request_get(struct yw_req *q, struct yw_resp *r)
{
	char id_s[64];
	bool xml;
	snprintf(id_s, sizeof id_s, "%s", q->params[0]);
	format_of(id_s, &xml);
	char *end;
	long long id = strtoll(id_s, &end, 10);
	struct yw_error err = {0};
	if (!*id_s || *end || id < 1) {
		yw_error_set(&err, YW_E_NOT_FOUND, "service_request_id", "service_request_id 应为正整数");
		o311_error(r, xml, &err);
		return;
	}
	struct yw_o311_request x;
	int st = yw_o311_get(q->app->store, id, &x, &err);
	if (st) {
		o311_fail(r, xml, st, &err);
		return;
	}
	struct w w;
	start(&w, xml);
	list_begin(&w, "service_requests");
	request_member(&w, &x);
	list_end(&w, "service_requests");
	yw_o311_request_clear(&x);
	send(r, &w, 200);
}

static void token_get(struct yw_req *q, struct yw_resp *r)
{
	char token[64];
	bool xml;
	snprintf(token, sizeof token, "%s", q->params[0]);
	format_of(token, &xml);
	int64_t id = 0;
	struct yw_error err = {0};
	int st = yw_o311_token(q->app->store, token, &id, &err);
	if (st) {
		o311_fail(r, xml, st, &err);
		return;
	}
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)id);
	struct w w;
	start(&w, xml);
	list_begin(&w, "service_requests");
	obj_begin(&w, "request");
	raw(&w, "service_request_id", num);
	str(&w, "token", token);
	obj_end(&w, "request");
	list_end(&w, "service_requests");
	send(r, &w, 200);
}

static bool form_type(struct yw_req *q)
{
	const char *ct = yw_req_header(q, "Content-Type");
	if (!ct || !q->body_len)
		return true; /* everything may come in the query string */
	return !strncasecmp(ct, "application/x-www-form-urlencoded", 33);
}

/* attribute[CODE]=v, or attribute[CODE][]=v for lists (our attributes take
 * one value each: the last one given counts). */
static void take_attributes(struct form *f, struct yw_o311_new *in)
{
	for (int i = 0; i < f->n; i++) {
		char *k = f->keys[i];
		if (strncmp(k, "attribute[", 10))
			continue;
		char *close = strchr(k + 10, ']');
		if (!close || (close[1] && strcmp(close + 1, "[]")))
			continue;
		*close = 0;
		const char *code = k + 10;
		int j = 0;
		while (j < in->nattrs && strcmp(in->attrs[j].code, code))
			j++;
		if (j == YW_O311_MAX_ATTRS) {
			in->too_many_attrs = true;
			continue;
		}
		in->attrs[j].code = code;
		in->attrs[j].value = f->values[i];
		if (j == in->nattrs)
			in->nattrs++;
	}
}

static void requests_post(struct yw_req *q, struct yw_resp *r)
{
	bool xml = !url_is_json(q->url);
	struct yw_error err = {0};
	if (!form_type(q)) {
		yw_error_set(&err, YW_E_BAD_CONTENT_TYPE, "Content-Type",
			     "请以 application/x-www-form-urlencoded 提交 / send a form");
		o311_error(r, xml, &err);
		return;
	}
	char *body = yw_strndup(q->body ? q->body : "", q->body_len);
	struct form f;
	if (!form_parse(&f, body, q->body_len)) {
		free(body);
		yw_error_set(&err, YW_E_BAD_FORMAT, NULL, "表单字段过多 / too many form fields");
		o311_error(r, xml, &err);
		return;
	}
	struct yw_o311_new in = {
		.api_key = field(q, &f, "api_key"),
		.service_code = field(q, &f, "service_code"),
		.lat = field(q, &f, "lat"),
		.lng = field(q, &f, "long"),
		.address_string = field(q, &f, "address_string"),
		.address_id = field(q, &f, "address_id"),
		.email = field(q, &f, "email"),
		.device_id = field(q, &f, "device_id"),
		.account_id = field(q, &f, "account_id"),
		.first_name = field(q, &f, "first_name"),
		.last_name = field(q, &f, "last_name"),
		.phone = field(q, &f, "phone"),
		.description = field(q, &f, "description"),
		.media_url = field(q, &f, "media_url"),
	};
	take_attributes(&f, &in);
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap) {
		free(body);
		yw_error_set(&err, YW_E_STORE, NULL, "工作日历暂不可用 / the calendar is not available");
		o311_error(r, xml, &err);
		return;
	}
	struct yw_o311_request x;
	int st = yw_o311_submit(q->app->store, &q->actor, snap->cal, &in, &x, &err);
	yw_api_calendar_release(snap);
	free(body);
	if (st) {
		o311_fail(r, xml, st, &err);
		return;
	}
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)x.id);
	struct w w;
	start(&w, xml);
	list_begin(&w, "service_requests");
	obj_begin(&w, "request");
	raw(&w, "service_request_id", num);
	str(&w, "service_notice", x.service_notice);
	str(&w, "account_id", x.account_id);
	obj_end(&w, "request");
	list_end(&w, "service_requests");
	yw_o311_request_clear(&x);
	send(r, &w, 201);
}

#define T "open311"
#define V "/open311/v2/"

const struct yw_route yw_routes_open311[] = {
	{"GET", "/open311/discovery.json", discovery, 0, "Open311 服务发现 / Open311 service discovery (JSON)", T},
	{"GET", "/open311/discovery.xml", discovery, 0, "Open311 服务发现 / Open311 service discovery (XML)", T},
	{"GET", V "services", services, 0, "Open311 服务列表（XML）/ GeoReport v2 service list", T},
	{"GET", V "services.xml", services, 0, "Open311 服务列表 / GeoReport v2 service list (XML)", T},
	{"GET", V "services.json", services, 0, "Open311 服务列表 / GeoReport v2 service list (JSON)", T},
	{"GET", V "services/{service_code}", service_definition, 0,
	 "Open311 服务定义 / GeoReport v2 service definition ({service_code}.xml|.json)", T},
	{"GET", V "requests", requests_get, 0,
	 "Open311 诉求列表 / GeoReport v2 requests (?service_request_id=&service_code=&start_date=&end_date=&status=)",
	 T},
	{"GET", V "requests.xml", requests_get, 0, "Open311 诉求列表 / GeoReport v2 requests (XML)", T},
	{"GET", V "requests.json", requests_get, 0, "Open311 诉求列表 / GeoReport v2 requests (JSON)", T},
	{"POST", V "requests", requests_post, 0, "Open311 提交诉求（须 api_key）/ GeoReport v2 POST a request", T, NULL,
	 "form: api_key, service_code, lat & long | address_string | address_id, description, attribute[CODE]…"},
	{"POST", V "requests.xml", requests_post, 0, "Open311 提交诉求 / POST a request (XML reply)", T, NULL,
	 "form: api_key, service_code, …"},
	{"POST", V "requests.json", requests_post, 0, "Open311 提交诉求 / POST a request (JSON reply)", T, NULL,
	 "form: api_key, service_code, …"},
	{"GET", V "requests/{service_request_id}", request_get, 0,
	 "Open311 单个诉求 / GeoReport v2 one request ({id}.xml|.json)", T},
	{"GET", V "tokens/{token}", token_get, 0,
	 "Open311 令牌换取编号（令牌即工单编号）/ GeoReport v2 token → service_request_id", T},
	{NULL},
};
