/* Open311 services and their definitions, and taking a request: the
 * hotline's active leaf categories are the services; a request becomes a
 * work order through the hotline domain (channel open311) in the same
 * transaction as the API key check, so a refused request changes nothing
 * and an accepted one records the key's use with the order it created. */
#include "yw/apikey.h"
#include "yw/hotline.h"
#include "yw/open311.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- services ---- */

static const struct yw_hl_category *by_id(const struct yw_hl_category *v, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

static bool is_leaf(const struct yw_hl_category *v, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (v[i].parent_id == id)
			return false;
	return true;
}

static void service_of(struct yw_o311_service *s, const struct yw_hl_category *v, int n,
		       const struct yw_hl_category *k)
{
	memset(s, 0, sizeof *s);
	snprintf(s->code, sizeof s->code, "%s", k->code);
	snprintf(s->name, sizeof s->name, "%s", k->name);
	/* Ancestors, top first: the group is the top, the keywords all of them. */
	const struct yw_hl_category *chain[3] = {0};
	int depth = 0;
	for (const struct yw_hl_category *p = by_id(v, n, k->parent_id); p && depth < 3; p = by_id(v, n, p->parent_id))
		chain[depth++] = p;
	struct yw_buf path = {0}, words = {0};
	for (int i = depth - 1; i >= 0; i--) {
		yw_buf_printf(&path, "%s／", chain[i]->name);
		yw_buf_printf(&words, "%s%s", words.len ? ", " : "", chain[i]->name);
	}
	snprintf(s->group, sizeof s->group, "%s", depth ? chain[depth - 1]->name : k->name);
	snprintf(s->keywords, sizeof s->keywords, "%s%s%s", words.len ? words.data : "", words.len ? ", " : "",
		 k->name);
	snprintf(s->description, sizeof s->description, "%s%s：承办部门 %d 个工作日内签收，%d 个工作日内办理答复",
		 path.len ? path.data : "", k->name, k->eff_sign, k->eff_handle);
	yw_buf_free(&path);
	yw_buf_free(&words);
}

int yw_o311_services(struct yw_store *s, struct yw_o311_services *out)
{
	memset(out, 0, sizeof *out);
	struct yw_hl_category *v = NULL;
	int n = 0;
	int st = yw_hl_categories(s, &v, &n);
	if (st)
		return st;
	out->v = yw_calloc((size_t)n + 1, sizeof *out->v);
	for (int i = 0; i < n; i++)
		if (v[i].active && is_leaf(v, n, v[i].id))
			service_of(&out->v[out->n++], v, n, &v[i]);
	free(v);
	return YW_OK;
}

void yw_o311_services_free(struct yw_o311_services *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* ---- definitions: the attributes every service takes ---- */

static struct yw_o311_value types[] = {
	{"consult", "咨询"}, {"complaint", "投诉"}, {"report", "举报"}, {"suggestion", "建议"}, {"help", "求助"},
};
static struct yw_o311_value urgencies[] = {{"normal", "一般"}, {"urgent", "紧急"}};
#define DEFAULT_TYPE "complaint"

struct streets {
	struct yw_o311_value *v;
	int n, cap;
};

static int add_street(void *ctx, const char *code, const char *name)
{
	struct streets *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = yw_realloc(s->v, sizeof *s->v * (size_t)s->cap);
	}
	snprintf(s->v[s->n].key, sizeof s->v[0].key, "%s", code);
	snprintf(s->v[s->n].name, sizeof s->v[0].name, "%s", name);
	s->n++;
	return 0;
}

static int streets_tx(struct yw_conn *c, void *p)
{
	struct streets *s = p;
	s->n = 0;
	return yw_o3s_streets(c, add_street, s);
}

int yw_o311_definition(struct yw_store *s, const char *code, struct yw_o311_definition *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct yw_hl_category *v = NULL;
	int n = 0;
	int st = yw_hl_categories(s, &v, &n);
	if (st)
		return st;
	const struct yw_hl_category *k = NULL;
	for (int i = 0; code && i < n && !k; i++)
		if (!strcmp(v[i].code, code) && v[i].active && is_leaf(v, n, v[i].id))
			k = &v[i];
	if (!k) {
		free(v);
		yw_error_set(err, YW_E_OPEN311_SERVICE_UNKNOWN, "service_code", "没有服务代码为 %.40s 的服务",
			     code ? code : "");
		return YW_FAIL;
	}
	service_of(&out->service, v, n, k);
	free(v);
	struct streets sts = {0};
	if ((st = yw_store_tx(s, YW_TX_READ, streets_tx, &sts))) {
		free(sts.v);
		return st;
	}
	out->streets = sts.v;
	out->nstreets = sts.n;
	out->attrs[0] = (struct yw_o311_attribute){"TYPE", "singlevaluelist", "默认 complaint（投诉）",
						   "诉求类型 / Kind of request", true, false, 1, types, 5};
	out->attrs[1] = (struct yw_o311_attribute){"STREET", "singlevaluelist", "所在街道的区划代码",
						   "问题所在的街道（用于派单）/ The street, for dispatch", true,
						   false, 2, out->streets, out->nstreets};
	out->attrs[2] = (struct yw_o311_attribute){"URGENCY", "singlevaluelist", "默认 normal（一般）",
						   "紧急程度 / Urgency", true, false, 3, urgencies, 2};
	out->nattrs = 3;
	return YW_OK;
}

void yw_o311_definition_free(struct yw_o311_definition *d)
{
	free(d->streets);
	memset(d, 0, sizeof *d);
}

/* ---- taking a request ---- */

static bool given(const char *s) { return s && *s; }

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

/* A decimal number of degrees: digits, one optional point, one optional
 * sign; no exponents, hex, infinities or NaN. */
static bool degrees(const char *s, double min, double max, double *out)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	int ndigits = 0, points = 0;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			ndigits++;
		else if (*p == '.' && !points)
			points++;
		else
			return false;
	}
	if (!ndigits || strlen(s) > 24)
		return false;
	*out = strtod(s, NULL);
	return isfinite(*out) && *out >= min && *out <= max;
}

static bool one_of(const char *v, const struct yw_o311_value *set, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v, set[i].key))
			return true;
	return false;
}

struct submit_ctx {
	const struct yw_actor *ctx;
	const struct yw_calendar *cal;
	const struct yw_o311_new *in;
	const struct yw_o311_value *streets;
	int nstreets;
	struct yw_o311_request *out;
	struct yw_error *err;
};

/* Text fields: valid UTF-8, at most max characters. */
static int text_ok(struct yw_error *err, const char *field, const char *s, size_t max)
{
	if (!given(s))
		return YW_OK;
	if (!yw_utf8_valid(s, strlen(s)))
		return fail(err, YW_E_BAD_UTF8, field, "不是合法的 UTF-8 文本");
	if (yw_utf8_len(s) > max) {
		yw_error_set(err, YW_E_TOO_LONG, field, "%s 最多 %zu 个字符", field, max);
		return YW_FAIL;
	}
	return YW_OK;
}

static int check_texts(const struct yw_o311_new *in, struct yw_error *err)
{
	const struct {
		const char *name, *value;
		size_t max;
	} f[] = {
		{"service_code", in->service_code, 48},	 {"address_string", in->address_string, 200},
		{"address_id", in->address_id, 100},	 {"email", in->email, 200},
		{"device_id", in->device_id, 200},	 {"account_id", in->account_id, 100},
		{"first_name", in->first_name, 20},	 {"last_name", in->last_name, 20},
		{"phone", in->phone, 24},		 {"description", in->description, 2000},
		{"media_url", in->media_url, 1000},
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (text_ok(err, f[i].name, f[i].value, f[i].max))
			return YW_FAIL;
	for (int i = 0; i < in->nattrs; i++)
		if (text_ok(err, "attribute", in->attrs[i].code, 40) || text_ok(err, "attribute", in->attrs[i].value, 100))
			return YW_FAIL;
	return YW_OK;
}

static int attributes(const struct submit_ctx *sc, const char **type, const char **street, const char **urgency,
		      struct yw_buf *json)
{
	const struct yw_o311_new *in = sc->in;
	if (in->too_many_attrs)
		return fail(sc->err, YW_E_OPEN311_BAD_ATTRIBUTE, "attribute", "附加字段过多");
	yw_buf_adds(json, "{");
	for (int i = 0; i < in->nattrs; i++) {
		const char *code = in->attrs[i].code, *value = in->attrs[i].value;
		char field[64];
		snprintf(field, sizeof field, "attribute[%.40s]", code);
		if (!given(value))
			continue; /* an empty value is an absent one */
		bool good;
		if (!strcmp(code, "TYPE"))
			good = one_of(value, types, 5), *type = value;
		else if (!strcmp(code, "STREET"))
			good = one_of(value, sc->streets, sc->nstreets), *street = value;
		else if (!strcmp(code, "URGENCY"))
			good = one_of(value, urgencies, 2), *urgency = value;
		else
			return fail(sc->err, YW_E_OPEN311_BAD_ATTRIBUTE, field, "服务定义中没有这个附加字段");
		if (!good)
			return fail(sc->err, YW_E_OPEN311_BAD_ATTRIBUTE, field, "取值不在服务定义列出的范围内");
		yw_buf_printf(json, "%s", json->len > 1 ? "," : "");
		yw_buf_json_str(json, code);
		yw_buf_adds(json, ":");
		yw_buf_json_str(json, value);
	}
	yw_buf_adds(json, "}");
	return YW_OK;
}

static int submit_tx(struct yw_conn *c, void *p)
{
	struct submit_ctx *sc = p;
	const struct yw_o311_new *in = sc->in;
	struct yw_error *err = sc->err;
	memset(err, 0, sizeof *err);
	yw_o311_request_clear(sc->out);
	/* The key first: a caller without one learns nothing else. */
	int64_t key_id = 0;
	int st = yw_apikey_check_tx(c, sc->ctx, in->api_key, "open311 POST requests", &key_id, err);
	if (st)
		return st;
	if ((st = check_texts(in, err)))
		return st;
	if (!given(in->service_code))
		return fail(err, YW_E_MISSING_FIELD, "service_code", "请提供 service_code");
	int64_t category_id = 0;
	bool active = false;
	st = yw_o3s_service(c, in->service_code, &category_id, &active);
	if (st == YW_NOTFOUND || (!st && !active)) {
		yw_error_set(err, YW_E_OPEN311_SERVICE_UNKNOWN, "service_code", "没有服务代码为 %.40s 的服务",
			     in->service_code);
		return YW_FAIL;
	}
	if (st)
		return st;
	/* Location: lat and long together, or an address. */
	bool has_lat = given(in->lat), has_lng = given(in->lng);
	double lat = 0, lng = 0;
	if (has_lat != has_lng)
		return fail(err, YW_E_OPEN311_BAD_LOCATION, has_lat ? "long" : "lat", "lat 和 long 须同时提供");
	if (has_lat && !degrees(in->lat, -90, 90, &lat))
		return fail(err, YW_E_OPEN311_BAD_LOCATION, "lat", "lat 应为 −90 到 90 之间的十进制度数");
	if (has_lng && !degrees(in->lng, -180, 180, &lng))
		return fail(err, YW_E_OPEN311_BAD_LOCATION, "long", "long 应为 −180 到 180 之间的十进制度数");
	if (!has_lat && !given(in->address_string) && !given(in->address_id))
		return fail(err, YW_E_OPEN311_LOCATION_REQUIRED, "lat", "请提供 lat 与 long、address_string 或 address_id");
	const char *type = DEFAULT_TYPE, *street = NULL, *urgency = NULL;
	struct yw_buf attrs = {0};
	if ((st = attributes(sc, &type, &street, &urgency, &attrs))) {
		yw_buf_free(&attrs);
		return st;
	}
	/* The person, when the client gives them: 姓名 (family name first), or
	 * "First Last" for names in Latin letters. */
	char name[96] = "";
	const char *first = given(in->first_name) ? in->first_name : "", *last = given(in->last_name) ? in->last_name : "";
	bool latin = (unsigned char)first[0] < 0x80 && (unsigned char)last[0] < 0x80;
	if (*first && *last && latin)
		snprintf(name, sizeof name, "%s %s", first, last);
	else
		snprintf(name, sizeof name, "%s%s", last, first);
	struct yw_buf media = {0};
	if (given(in->media_url)) {
		yw_buf_adds(&media, "[");
		yw_buf_json_str(&media, in->media_url);
		yw_buf_adds(&media, "]");
	}
	/* The order is the key's doing: its audit rows name the key. */
	char who_name[64];
	snprintf(who_name, sizeof who_name, "Open311（API 密钥 #%lld）", (long long)key_id);
	struct yw_actor as_key = *sc->ctx;
	as_key.user_id = 0;
	as_key.name = who_name;
	as_key.role = "open311";
	as_key.roles = 0;
	memset(&as_key.scope, 0, sizeof as_key.scope);
	struct yw_hl_ctx x = {&as_key, sc->cal, yw_now_ms()};
	struct yw_hl_new o = {
		.channel = "open311",
		.type = type,
		.urgency = urgency,
		.anonymous = !given(in->phone),
		.caller_name = name[0] ? name : NULL,
		.caller_phone = given(in->phone) ? in->phone : NULL,
		.category_id = category_id,
		.region_code = street,
		.address = given(in->address_string) ? in->address_string : NULL,
		.description = in->description,
		.attachments = media.data,
	};
	struct yw_hl_order order;
	memset(&order, 0, sizeof order);
	st = yw_hl_create_tx(c, &x, &o, &order, err);
	yw_buf_free(&media);
	/* The hotline's field names, said as the client sent them. */
	if (st && !strcmp(err->field, "caller_phone"))
		snprintf(err->field, sizeof err->field, "phone");
	else if (st && !strcmp(err->field, "region_code"))
		snprintf(err->field, sizeof err->field, "attribute[STREET]");
	if (!st) {
		struct yw_o3s_side side = {
			.order_id = order.id,
			.api_key_id = key_id,
			.created_at = x.now,
			.has_location = has_lat,
			.lat = lat,
			.lng = lng,
			.address_id = in->address_id,
			.email = in->email,
			.device_id = in->device_id,
			.account_id = in->account_id,
			.first_name = in->first_name,
			.last_name = in->last_name,
			.media_url = in->media_url,
			.attributes = attrs.data ? attrs.data : "{}",
		};
		st = yw_o3s_insert(c, &side);
	}
	yw_buf_free(&attrs);
	if (!st)
		st = yw_o311_view_tx(c, order.id, sc->out);
	yw_hl_order_clear(&order);
	return st == YW_NOTFOUND ? YW_STORE_ERR : st;
}

int yw_o311_submit(struct yw_store *s, const struct yw_actor *ctx, const struct yw_calendar *cal,
		   const struct yw_o311_new *in, struct yw_o311_request *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	/* The streets an attribute may name, read before the write transaction. */
	struct streets sts = {0};
	int st = yw_store_tx(s, YW_TX_READ, streets_tx, &sts);
	struct submit_ctx sc = {ctx, cal, in, sts.v, sts.n, out, err};
	if (!st)
		st = yw_store_tx(s, YW_TX_WRITE, submit_tx, &sc);
	free(sts.v);
	if (st)
		yw_o311_request_clear(out);
	return st;
}
