/* Items ↔ JSON. The parser is strict (unknown members, wrong types,
 * lengths in characters, enumerations, ranges, duplicates in lists), names
 * the path of the first bad field, and fills defaults so that the writer
 * always produces the same canonical text for the same item — which is what
 * lets an import tell "unchanged" from "changed" by comparing texts. */
#include "item_json_internal.h"
#include "yw/validate.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct p {
	struct yw_error *err;
	char path[64]; /* of the object being read: "" or "materials[2]" */
};

static int fail(struct p *p, enum yw_err e, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct p *p, enum yw_err e, const char *key, const char *fmt, ...)
{
	char field[140], detail[256];
	snprintf(field, sizeof field, "%s%s%s", p->path, *p->path && key ? "." : "", key ? key : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	yw_error_set(p->err, e, field, "%s: %s", field, detail);
	return YW_FAIL;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

static const char *type_zh(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "对象";
	case JSON_ARRAY: return "数组";
	case JSON_STRING: return "文本";
	case JSON_INTEGER: return "整数";
	case JSON_REAL: return "小数";
	case JSON_TRUE:
	case JSON_FALSE: return "布尔值";
	default: return "空值";
	}
}

static bool absent(const json_t *v) { return !v || json_is_null(v); }

static int enum_index(const char *const *table, const char *s)
{
	for (int i = 0; table[i]; i++)
		if (!strcmp(table[i], s))
			return i;
	return -1;
}

static void enum_list(const char *const *table, char *out, size_t n)
{
	out[0] = 0;
	for (int i = 0; table[i]; i++) {
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s", i ? ", " : "", table[i]);
	}
}

/* Optional text: absent, null and "" all mean "not given". */
static int text(struct p *p, json_t *o, const char *key, int min, int max, bool required, char **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!absent(v) && !json_is_string(v))
		return fail(p, YW_E_BAD_TYPE, key, "应为文本，收到%s / should be a string, got %s", type_zh(v), type_name(v));
	const char *s = v ? json_string_value(v) : NULL;
	if (!s || !*s) {
		if (required)
			return fail(p, YW_E_MISSING_FIELD, key, "必填 / is required");
		return YW_OK;
	}
	size_t n = yw_utf8_len(s);
	if ((int)n > max)
		return fail(p, YW_E_TOO_LONG, key, "最多 %d 个字符，收到 %zu 个 / at most %d characters", max, n, max);
	if ((int)n < min)
		return fail(p, YW_E_BAD_FORMAT, key, "至少 %d 个字符 / at least %d characters", min, min);
	*out = yw_strdup(s);
	return YW_OK;
}

static int integer(struct p *p, json_t *o, const char *key, int min, int max, bool required, int def,
		   int *out)
{
	json_t *v = json_object_get(o, key);
	*out = def;
	if (absent(v))
		return required ? fail(p, YW_E_MISSING_FIELD, key, "必填 / is required") : YW_OK;
	if (!json_is_integer(v))
		return fail(p, YW_E_BAD_TYPE, key, "应为整数，收到%s / should be an integer, got %s", type_zh(v), type_name(v));
	json_int_t n = json_integer_value(v);
	if (n < min || n > max)
		return fail(p, YW_E_OUT_OF_RANGE, key, "应为 %d–%d，收到 %lld / must be %d–%d", min, max, (long long)n, min, max);
	*out = (int)n;
	return YW_OK;
}

static int id_value(struct p *p, json_t *o, const char *key, int64_t *out)
{
	json_t *v = json_object_get(o, key);
	*out = 0;
	if (absent(v))
		return YW_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return fail(p, YW_E_BAD_TYPE, key, "应为正整数编号 / should be a positive integer id");
	*out = json_integer_value(v);
	return YW_OK;
}

static int boolean(struct p *p, json_t *o, const char *key, bool required, bool def, bool *out)
{
	json_t *v = json_object_get(o, key);
	*out = def;
	if (absent(v))
		return required ? fail(p, YW_E_MISSING_FIELD, key, "必填 / is required") : YW_OK;
	if (!json_is_boolean(v))
		return fail(p, YW_E_BAD_TYPE, key, "应为 true 或 false，收到%s / should be true or false", type_zh(v));
	*out = json_is_true(v);
	return YW_OK;
}

static int enumeration(struct p *p, json_t *o, const char *key, const char *const *table, bool required,
		       int def, int *out)
{
	json_t *v = json_object_get(o, key);
	*out = def;
	if (absent(v))
		return required ? fail(p, YW_E_MISSING_FIELD, key, "必填 / is required") : YW_OK;
	if (!json_is_string(v))
		return fail(p, YW_E_BAD_TYPE, key, "应为文本，收到%s / should be a string, got %s", type_zh(v), type_name(v));
	int i = enum_index(table, json_string_value(v));
	if (i < 0) {
		char allowed[200];
		enum_list(table, allowed, sizeof allowed);
		return fail(p, YW_E_BAD_ENUM, key, "应为以下取值之一 / one of: %s", allowed);
	}
	*out = i;
	return YW_OK;
}

/* An array of enumeration values as a bit set; each value at most once. */
static int enum_set(struct p *p, json_t *o, const char *key, const char *const *table, unsigned *out)
{
	json_t *v = json_object_get(o, key);
	*out = 0;
	if (absent(v))
		return fail(p, YW_E_MISSING_FIELD, key, "必填 / is required");
	if (!json_is_array(v))
		return fail(p, YW_E_BAD_TYPE, key, "应为数组，收到%s / should be an array, got %s", type_zh(v), type_name(v));
	if (json_array_size(v) == 0)
		return fail(p, YW_E_OUT_OF_RANGE, key, "至少选择一项 / needs at least one value");
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e)
	{
		char sub[40];
		snprintf(sub, sizeof sub, "%s[%zu]", key, i);
		int k = json_is_string(e) ? enum_index(table, json_string_value(e)) : -1;
		if (k < 0) {
			char allowed[200];
			enum_list(table, allowed, sizeof allowed);
			return fail(p, YW_E_BAD_ENUM, sub, "应为以下取值之一 / one of: %s", allowed);
		}
		if (*out & (1u << k))
			return fail(p, YW_E_DUPLICATE, sub, "“%s” 重复 / listed twice", table[k]);
		*out |= 1u << k;
	}
	return YW_OK;
}

static int strings(struct p *p, json_t *o, const char *key, int max_items, int max_len, char ***out,
		   int *n)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	*n = 0;
	if (absent(v))
		return YW_OK;
	if (!json_is_array(v))
		return fail(p, YW_E_BAD_TYPE, key, "应为数组，收到%s / should be an array, got %s", type_zh(v), type_name(v));
	if ((int)json_array_size(v) > max_items)
		return fail(p, YW_E_OUT_OF_RANGE, key, "最多 %d 项 / at most %d entries", max_items, max_items);
	*out = yw_calloc(json_array_size(v) + 1, sizeof(char *));
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e)
	{
		char sub[40];
		snprintf(sub, sizeof sub, "%s[%zu]", key, i);
		const char *s = json_is_string(e) ? json_string_value(e) : NULL;
		if (!s)
			return fail(p, YW_E_BAD_TYPE, sub, "应为文本 / should be a string");
		size_t len = yw_utf8_len(s);
		if (len < 1 || (int)len > max_len)
			return fail(p, len ? YW_E_TOO_LONG : YW_E_BAD_FORMAT, sub, "应为 1–%d 个字符 / 1–%d characters", max_len, max_len);
		for (int k = 0; k < *n; k++)
			if (!strcmp((*out)[k], s))
				return fail(p, YW_E_DUPLICATE, sub, "“%s” 重复 / listed twice", s);
		(*out)[(*n)++] = yw_strdup(s);
	}
	return YW_OK;
}

static int no_unknown(struct p *p, json_t *o, const char *const *known, const char *const *ignored)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		if (enum_index(known, key) >= 0 || (ignored && enum_index(ignored, key) >= 0))
			continue;
		return fail(p, YW_E_UNKNOWN_FIELD, key, "不是事项的要素 / not an element of an item");
	}
	return YW_OK;
}

/* An array of objects at o[key], each read by fn with the path set. */
typedef int (*elem_fn)(struct p *p, json_t *e, void *slot);
static int objects(struct p *p, json_t *o, const char *key, bool required, int min, int max,
		   size_t size, void **out, int *n, elem_fn fn)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	*n = 0;
	if (absent(v))
		return required ? fail(p, YW_E_MISSING_FIELD, key, "必填 / is required") : YW_OK;
	if (!json_is_array(v))
		return fail(p, YW_E_BAD_TYPE, key, "应为数组，收到%s / should be an array, got %s", type_zh(v), type_name(v));
	size_t count = json_array_size(v);
	if ((int)count < min || (int)count > max)
		return fail(p, YW_E_OUT_OF_RANGE, key, "应有 %d–%d 项，收到 %zu 项 / needs %d–%d entries", min, max, count, min, max);
	*out = yw_calloc(count + 1, size);
	char saved[64];
	memcpy(saved, p->path, sizeof saved);
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e)
	{
		char path[160];
		snprintf(path, sizeof path, "%.40s%s%.20s[%zu]", saved, *saved ? "." : "", key, i);
		snprintf(p->path, sizeof p->path, "%.63s", path);
		if (!json_is_object(e)) {
			fail(p, YW_E_BAD_TYPE, NULL, "应为对象，收到%s / should be an object, got %s", type_zh(e), type_name(e));
			memcpy(p->path, saved, sizeof saved);
			return YW_FAIL;
		}
		(*n)++;
		if (fn(p, e, (char *)*out + i * size)) {
			memcpy(p->path, saved, sizeof saved);
			return YW_FAIL;
		}
	}
	memcpy(p->path, saved, sizeof saved);
	return YW_OK;
}

static int material(struct p *p, json_t *e, void *slot)
{
	static const char *const known[] = {"name",   "required",   "role",	   "form", "count",
					    "medium", "elicence_type", "sample", "trust_level", "note",
					    NULL};
	struct yw_item_material *m = slot;
	return no_unknown(p, e, known, NULL) || text(p, e, "name", 1, 120, true, &m->name) ||
	       boolean(p, e, "required", true, true, &m->required) ||
	       enumeration(p, e, "role", yw_item_material_roles, false, YW_MATERIAL_MAIN, &m->role) ||
	       enumeration(p, e, "form", yw_item_material_forms, false, 0, &m->form) ||
	       integer(p, e, "count", 1, 20, false, 1, &m->count) ||
	       enumeration(p, e, "medium", yw_item_material_media, false, 0, &m->medium) ||
	       text(p, e, "elicence_type", 1, 40, false, &m->elicence_type) ||
	       text(p, e, "sample", 1, 120, false, &m->sample) ||
	       enumeration(p, e, "trust_level", yw_item_trust_levels, false, 2, &m->trust_level) ||
	       text(p, e, "note", 1, 400, false, &m->note);
}

static int step_role(struct p *p, struct yw_item_step *s)
{
	static const char *const roles[] = {"clerk", "approver", "hall_manager", "catalogue_admin",
					    "supervisor", NULL};
	if (!s->role) {
		s->role = yw_strdup("approver");
		return YW_OK;
	}
	if (enum_index(roles, s->role) >= 0)
		return YW_OK;
	char allowed[120];
	enum_list(roles, allowed, sizeof allowed);
	return fail(p, YW_E_BAD_ENUM, "role", "应为以下取值之一 / one of: %s", allowed);
}

static int step(struct p *p, json_t *e, void *slot)
{
	static const char *const known[] = {"name", "department", "department_id", "role", "limit_days",
					    "parallel_group", NULL};
	struct yw_item_step *s = slot;
	return no_unknown(p, e, known, NULL) || text(p, e, "name", 1, 40, true, &s->name) ||
	       text(p, e, "department", 2, 60, false, &s->department) ||
	       id_value(p, e, "department_id", &s->department_id) ||
	       text(p, e, "role", 1, 20, false, &s->role) || step_role(p, s) ||
	       integer(p, e, "limit_days", 0, 365, true, 0, &s->limit_days) ||
	       text(p, e, "parallel_group", 1, 40, false, &s->parallel_group);
}

static int fee_item(struct p *p, json_t *e, void *slot)
{
	static const char *const known[] = {"name", "amount_cny", "basis", NULL};
	struct yw_item_fee *f = slot;
	if (no_unknown(p, e, known, NULL) || text(p, e, "name", 1, 80, true, &f->name) ||
	    text(p, e, "basis", 1, 400, false, &f->basis))
		return YW_FAIL;
	json_t *a = json_object_get(e, "amount_cny");
	if (absent(a))
		return fail(p, YW_E_MISSING_FIELD, "amount_cny", "必填 / is required");
	if (!json_is_number(a))
		return fail(p, YW_E_BAD_TYPE, "amount_cny", "应为数字，收到%s / should be a number, got %s", type_zh(a), type_name(a));
	double v = json_number_value(a);
	if (!(v >= 0 && v <= 1e9))
		return fail(p, YW_E_OUT_OF_RANGE, "amount_cny", "应为 0–1000000000 元 / must be 0–1000000000");
	f->amount_cny = round(v * 100) / 100; /* fen: amounts are kept to 2 decimals */
	return YW_OK;
}

static int hall(struct p *p, json_t *e, void *slot)
{
	static const char *const known[] = {"hall", "hall_id", "comprehensive_window", NULL};
	struct yw_item_hall *h = slot;
	if (no_unknown(p, e, known, NULL) || text(p, e, "hall", 2, 60, false, &h->hall) ||
	    id_value(p, e, "hall_id", &h->hall_id) ||
	    boolean(p, e, "comprehensive_window", false, false, &h->comprehensive_window))
		return YW_FAIL;
	if (!h->hall && !h->hall_id)
		return fail(p, YW_E_MISSING_FIELD, "hall", "请填写大厅名称（hall）或编号（hall_id） / name the hall or give its hall_id");
	return YW_OK;
}

static int fee(struct p *p, json_t *o, struct yw_item *it)
{
	static const char *const known[] = {"charged", "items", NULL};
	json_t *f = json_object_get(o, "fee");
	if (absent(f))
		return YW_OK; /* not charged */
	if (!json_is_object(f))
		return fail(p, YW_E_BAD_TYPE, "fee", "应为对象，收到%s / should be an object, got %s", type_zh(f), type_name(f));
	char saved[64];
	memcpy(saved, p->path, sizeof saved);
	snprintf(p->path, sizeof p->path, "fee");
	int st = no_unknown(p, f, known, NULL) || boolean(p, f, "charged", true, false, &it->fee_charged) ||
		 objects(p, f, "items", false, 0, YW_ITEM_MAX_FEES, sizeof *it->fees, (void **)&it->fees,
			 &it->nfees, fee_item);
	if (!st && it->fee_charged && it->nfees == 0)
		st = fail(p, YW_E_OUT_OF_RANGE, "items", "收费事项至少列出一项收费 / a charged item lists at least one fee");
	if (!st && !it->fee_charged && it->nfees > 0)
		st = fail(p, YW_E_BAD_FORMAT, "items", "不收费时不能列出收费项目 / fees are listed only when charged is true");
	memcpy(p->path, saved, sizeof saved);
	return st ? YW_FAIL : YW_OK;
}

static int cross(struct p *p, json_t *o, struct yw_item *it)
{
	static const char *const known[] = {"scope", "partners", NULL};
	json_t *c = json_object_get(o, "cross_region");
	if (absent(c))
		return YW_OK; /* scope none */
	if (!json_is_object(c))
		return fail(p, YW_E_BAD_TYPE, "cross_region", "应为对象，收到%s / should be an object, got %s", type_zh(c), type_name(c));
	snprintf(p->path, sizeof p->path, "cross_region");
	int st = no_unknown(p, c, known, NULL) ||
		 enumeration(p, c, "scope", yw_item_cross_scopes, true, 0, &it->cross_scope) ||
		 strings(p, c, "partners", YW_ITEM_MAX_PARTNERS, 40, &it->partners, &it->npartners);
	if (!st && it->cross_scope == 0 && it->npartners)
		st = fail(p, YW_E_BAD_FORMAT, "partners", "未开通跨域通办（none）时不能填写协作地区 / scope none has no partners");
	p->path[0] = 0;
	return st ? YW_FAIL : YW_OK;
}

/* 12345 and the other 123xx service hotlines, alone or after an area code
 * ("0762-12345": the district's 12345 dialled from elsewhere). */
static bool hotline(const char *s)
{
	if (s[0] == '0') {
		size_t area = strspn(s, "0123456789");
		if (area < 3 || area > 4)
			return false;
		s += area + (s[area] == '-');
	}
	return strlen(s) == 5 && s[0] == '1' && strspn(s, "0123456789") == 5;
}

static int phone(struct p *p, json_t *o, const char *key, char **out)
{
	if (text(p, o, key, 3, 20, true, out))
		return YW_FAIL;
	if (hotline(*out) || yw_phone_valid(*out))
		return YW_OK;
	return fail(p, YW_E_INVALID_PHONE, key,
		    "应为手机号、固定电话（如 0762-3388123）或服务热线（如 12345） / a mobile, a landline or a hotline");
}

static int code(struct p *p, json_t *o, struct yw_item *it)
{
	if (text(p, o, "code", 1, 40, true, &it->code))
		return YW_FAIL;
	for (const char *c = it->code; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      *c == '-'))
			return fail(p, YW_E_BAD_FORMAT, "code", "只能包含数字、字母和 - / only 0-9, A-Z, a-z and -");
	return YW_OK;
}

static int place(struct p *p, json_t *o, struct yw_item *it)
{
	if (text(p, o, "region", 6, 12, false, &it->region) || id_value(p, o, "region_id", &it->region_id) ||
	    text(p, o, "department", 2, 60, false, &it->department) ||
	    id_value(p, o, "department_id", &it->department_id))
		return YW_FAIL;
	if (!it->region && !it->region_id)
		return fail(p, YW_E_MISSING_FIELD, "region_id", "请填写区划编号（region_id）或区划代码（region） / give region_id or region");
	if (!it->department && !it->department_id)
		return fail(p, YW_E_MISSING_FIELD, "department_id",
			    "请填写部门编号（department_id）或部门名称（department） / give department_id or department");
	return YW_OK;
}

/* | separates list entries in a CSV cell, so an entry may not hold one. */
static int plain_list(struct p *p, const char *key, char **v, int n)
{
	for (int i = 0; i < n; i++)
		if (strchr(v[i], '|')) {
			char sub[40];
			snprintf(sub, sizeof sub, "%s[%d]", key, i);
			return fail(p, YW_E_BAD_FORMAT, sub, "不能包含 | / may not contain |");
		}
	return YW_OK;
}

static const char *const item_keys[] = {
	"code",		    "region",	       "region_id",	"name",		     "type",
	"department",	    "department_id",   "implementing_agency", "service_objects", "legal_basis",
	"conditions",	    "materials",       "steps",		"statutory_limit_days", "promised_limit_days",
	"handling_type",    "review_type",     "fee",		"online_depth",	     "visits",
	"handling_forms",   "result_type",     "result_name",	"delivery",	     "halls",
	"cross_region",	    "consult_phone",   "complaint_phone", "tolerance",	     "themes",
	NULL};
/* What replies carry besides the item; clients may send it back. */
static const char *const server_keys[] = {
	"id",	     "version",	     "version_status", "status",     "current_version", "draft_version",
	"latest_version", "created_at", "updated_at",   "published_at", "ended_at",	     "created_by",
	"created_by_name", "source",   "guide_url",	"region_name", "revision",	     "hall_details", NULL};

static int item(struct p *p, json_t *o, struct yw_item *it)
{
	return no_unknown(p, o, item_keys, server_keys) || code(p, o, it) || place(p, o, it) ||
	       text(p, o, "name", 2, 80, true, &it->name) ||
	       enumeration(p, o, "type", yw_item_types, true, 0, &it->type) ||
	       text(p, o, "implementing_agency", 2, 80, false, &it->implementing_agency) ||
	       enum_set(p, o, "service_objects", yw_item_service_objects, &it->service_objects) ||
	       text(p, o, "legal_basis", 1, 4000, false, &it->legal_basis) ||
	       text(p, o, "conditions", 1, 4000, false, &it->conditions) ||
	       objects(p, o, "materials", true, 0, YW_ITEM_MAX_MATERIALS, sizeof *it->materials,
		       (void **)&it->materials, &it->nmaterials, material) ||
	       objects(p, o, "steps", true, 1, YW_ITEM_MAX_STEPS, sizeof *it->steps, (void **)&it->steps,
		       &it->nsteps, step) ||
	       integer(p, o, "statutory_limit_days", 0, 365, true, 0, &it->statutory_limit_days) ||
	       integer(p, o, "promised_limit_days", 0, 365, true, 0, &it->promised_limit_days) ||
	       enumeration(p, o, "handling_type", yw_item_handling_types, true, 0, &it->handling_type) ||
	       enumeration(p, o, "review_type", yw_item_review_types, true, 0, &it->review_type) ||
	       fee(p, o, it) || integer(p, o, "online_depth", 1, 4, true, 1, &it->online_depth) ||
	       integer(p, o, "visits", 0, 2, true, 0, &it->visits) ||
	       enum_set(p, o, "handling_forms", yw_item_handling_forms, &it->handling_forms) ||
	       enumeration(p, o, "result_type", yw_item_result_types, true, 0, &it->result_type) ||
	       text(p, o, "result_name", 1, 80, false, &it->result_name) ||
	       enum_set(p, o, "delivery", yw_item_deliveries, &it->delivery) ||
	       objects(p, o, "halls", false, 0, YW_ITEM_MAX_HALLS, sizeof *it->halls, (void **)&it->halls,
		       &it->nhalls, hall) ||
	       cross(p, o, it) || phone(p, o, "consult_phone", &it->consult_phone) ||
	       phone(p, o, "complaint_phone", &it->complaint_phone) ||
	       boolean(p, o, "tolerance", false, false, &it->tolerance) ||
	       strings(p, o, "themes", YW_ITEM_MAX_THEMES, 20, &it->themes, &it->nthemes) ||
	       plain_list(p, "themes", it->themes, it->nthemes);
}

static int revision(struct p *p, json_t *o, int64_t *out)
{
	json_t *v = json_object_get(o, "revision");
	if (!out || absent(v))
		return YW_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return fail(p, YW_E_BAD_TYPE, "revision", "应为正整数 / should be a positive integer");
	*out = json_integer_value(v);
	return YW_OK;
}

int yw_item_from_value(json_t *o, struct yw_item *out, int64_t *rev, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	if (rev)
		*rev = 0;
	struct p p = {.err = err};
	if (!json_is_object(o)) {
		yw_error_set(err, YW_E_BAD_JSON, NULL, "事项应为 JSON 对象，收到%s / an item is a JSON object, got %s", type_zh(o), type_name(o));
		return YW_FAIL;
	}
	if (revision(&p, o, rev) || item(&p, o, out)) {
		yw_item_clear(out);
		return YW_FAIL;
	}
	return YW_OK;
}

int yw_item_parse(const char *json, size_t len, struct yw_item *out, int64_t *rev,
		  struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	json_error_t je;
	json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		yw_error_set(err, YW_E_BAD_JSON, NULL, "JSON 格式错误：第 %d 行第 %d 列 / line %d column %d: %s", je.line, je.column,
			     je.line, je.column, je.text);
		return YW_FAIL;
	}
	int st = yw_item_from_value(o, out, rev, err);
	json_decref(o);
	return st;
}

/* ---- the canonical writer ---- */

static void key(struct yw_buf *b, const char *k, bool first)
{
	yw_buf_printf(b, "%s\"%s\":", first ? "" : ",", k);
}

static void kstr(struct yw_buf *b, const char *k, const char *v)
{
	key(b, k, false);
	yw_buf_json_str(b, v);
}

static void kint(struct yw_buf *b, const char *k, int64_t v)
{
	yw_buf_printf(b, ",\"%s\":%lld", k, (long long)v);
}

static void kbool(struct yw_buf *b, const char *k, bool v)
{
	yw_buf_printf(b, ",\"%s\":%s", k, v ? "true" : "false");
}

static void kset(struct yw_buf *b, const char *k, const char *const *table, unsigned set)
{
	key(b, k, false);
	yw_buf_adds(b, "[");
	bool first = true;
	for (int i = 0; table[i]; i++)
		if (set & (1u << i)) {
			yw_buf_printf(b, "%s\"%s\"", first ? "" : ",", table[i]);
			first = false;
		}
	yw_buf_adds(b, "]");
}

static void kstrings(struct yw_buf *b, const char *k, char *const *v, int n)
{
	key(b, k, false);
	yw_buf_adds(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			yw_buf_adds(b, ",");
		yw_buf_json_str(b, v[i]);
	}
	yw_buf_adds(b, "]");
}

static void write_material(struct yw_buf *b, const struct yw_item_material *m)
{
	key(b, "name", true);
	yw_buf_json_str(b, m->name);
	kbool(b, "required", m->required);
	kstr(b, "role", yw_item_material_roles[m->role]);
	kstr(b, "form", yw_item_material_forms[m->form]);
	kint(b, "count", m->count);
	kstr(b, "medium", yw_item_material_media[m->medium]);
	kstr(b, "elicence_type", m->elicence_type);
	kstr(b, "sample", m->sample);
	kstr(b, "trust_level", yw_item_trust_levels[m->trust_level]);
	kstr(b, "note", m->note);
}

static void write_step(struct yw_buf *b, const struct yw_item_step *s, bool with_ids)
{
	key(b, "name", true);
	yw_buf_json_str(b, s->name);
	kstr(b, "department", s->department);
	if (with_ids)
		kint(b, "department_id", s->department_id);
	kstr(b, "role", s->role);
	kint(b, "limit_days", s->limit_days);
	kstr(b, "parallel_group", s->parallel_group);
}

static void write_fee(struct yw_buf *b, const struct yw_item *it)
{
	key(b, "fee", false);
	yw_buf_printf(b, "{\"charged\":%s", it->fee_charged ? "true" : "false");
	if (it->fee_charged) {
		yw_buf_adds(b, ",\"items\":[");
		for (int i = 0; i < it->nfees; i++) {
			yw_buf_adds(b, i ? ",{\"name\":" : "{\"name\":");
			yw_buf_json_str(b, it->fees[i].name);
			yw_buf_printf(b, ",\"amount_cny\":%.2f", it->fees[i].amount_cny);
			kstr(b, "basis", it->fees[i].basis);
			yw_buf_adds(b, "}");
		}
		yw_buf_adds(b, "]");
	}
	yw_buf_adds(b, "}");
}

static void write_halls(struct yw_buf *b, const struct yw_item *it, bool with_ids)
{
	key(b, "halls", false);
	yw_buf_adds(b, "[");
	for (int i = 0; i < it->nhalls; i++) {
		yw_buf_adds(b, i ? ",{\"hall\":" : "{\"hall\":");
		yw_buf_json_str(b, it->halls[i].hall);
		if (with_ids)
			kint(b, "hall_id", it->halls[i].hall_id);
		kbool(b, "comprehensive_window", it->halls[i].comprehensive_window);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]");
}

void yw_item_write_json(struct yw_buf *b, const struct yw_item *it, bool with_ids)
{
	yw_buf_adds(b, "{");
	key(b, "code", true);
	yw_buf_json_str(b, it->code);
	kstr(b, "region", it->region);
	if (with_ids)
		kint(b, "region_id", it->region_id);
	kstr(b, "name", it->name);
	kstr(b, "type", yw_item_types[it->type]);
	kstr(b, "department", it->department);
	if (with_ids)
		kint(b, "department_id", it->department_id);
	kstr(b, "implementing_agency", it->implementing_agency);
	kset(b, "service_objects", yw_item_service_objects, it->service_objects);
	kstr(b, "legal_basis", it->legal_basis);
	kstr(b, "conditions", it->conditions);
	yw_buf_adds(b, ",\"materials\":[");
	for (int i = 0; i < it->nmaterials; i++) {
		yw_buf_adds(b, i ? ",{" : "{");
		write_material(b, &it->materials[i]);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "],\"steps\":[");
	for (int i = 0; i < it->nsteps; i++) {
		yw_buf_adds(b, i ? ",{" : "{");
		write_step(b, &it->steps[i], with_ids);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]");
	kint(b, "statutory_limit_days", it->statutory_limit_days);
	kint(b, "promised_limit_days", it->promised_limit_days);
	kstr(b, "handling_type", yw_item_handling_types[it->handling_type]);
	kstr(b, "review_type", yw_item_review_types[it->review_type]);
	write_fee(b, it);
	kint(b, "online_depth", it->online_depth);
	kint(b, "visits", it->visits);
	kset(b, "handling_forms", yw_item_handling_forms, it->handling_forms);
	kstr(b, "result_type", yw_item_result_types[it->result_type]);
	kstr(b, "result_name", it->result_name);
	kset(b, "delivery", yw_item_deliveries, it->delivery);
	write_halls(b, it, with_ids);
	yw_buf_printf(b, ",\"cross_region\":{\"scope\":\"%s\"", yw_item_cross_scopes[it->cross_scope]);
	kstrings(b, "partners", it->partners, it->npartners);
	yw_buf_adds(b, "}");
	kstr(b, "consult_phone", it->consult_phone);
	kstr(b, "complaint_phone", it->complaint_phone);
	kbool(b, "tolerance", it->tolerance);
	kstrings(b, "themes", it->themes, it->nthemes);
	yw_buf_adds(b, "}");
}

char *yw_item_to_json(const struct yw_item *it, bool with_ids)
{
	struct yw_buf b = {0};
	yw_item_write_json(&b, it, with_ids);
	return yw_buf_steal(&b);
}
