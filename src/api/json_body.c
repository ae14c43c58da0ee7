/* Request bodies: strict JSON (no duplicate keys, no NUL, valid UTF-8),
 * declarative field checks that name the bad field, and the mapping of
 * entity records to and from JSON. */
#include "api/api.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *yw_api_body(struct yw_req *q, struct yw_resp *r)
{
	const char *ct = yw_req_header(q, "Content-Type");
	if (ct && strncasecmp(ct, "application/json", 16)) {
		yw_resp_err(r, YW_E_BAD_CONTENT_TYPE, NULL, "Content-Type was %s", ct);
		return NULL;
	}
	if (!q->body_len) {
		yw_resp_err(r, YW_E_BAD_JSON, NULL, "the body is empty");
		return NULL;
	}
	if (!yw_utf8_valid(q->body, q->body_len)) {
		yw_resp_err(r, YW_E_BAD_UTF8, NULL, "the body is not valid UTF-8 text");
		return NULL;
	}
	json_error_t je;
	json_t *root = json_loadb(q->body, q->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		bool utf8 = strstr(je.text, "UTF-8") || strstr(je.text, "utf-8");
		yw_resp_err(r, utf8 ? YW_E_BAD_UTF8 : YW_E_BAD_JSON, NULL, "line %d column %d: %s", je.line,
			    je.column, je.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		yw_resp_err(r, YW_E_BAD_JSON, NULL, "the body must be a JSON object");
		return NULL;
	}
	return root;
}

static bool check_text(const char *name, const char *s, int64_t min, int64_t max, struct yw_resp *r)
{
	size_t n = yw_utf8_len(s);
	if (max > 0 && (int64_t)n > max) {
		yw_resp_err(r, YW_E_TOO_LONG, name, "%s 最多 %lld 个字符，收到 %zu 个", name, (long long)max, n);
		return false;
	}
	if ((int64_t)n < min) {
		yw_resp_err(r, YW_E_BAD_FORMAT, name, "%s 至少 %lld 个字符", name, (long long)min);
		return false;
	}
	return true;
}

static const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "object";
	case JSON_ARRAY: return "array";
	case JSON_STRING: return "string";
	case JSON_INTEGER: return "integer";
	case JSON_REAL: return "number";
	case JSON_TRUE:
	case JSON_FALSE: return "boolean";
	default: return "null";
	}
}

bool yw_api_fields(json_t *obj, const struct yw_jfield *spec, int n, void *out, struct yw_resp *r)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		int i = 0;
		while (i < n && strcmp(spec[i].name, key))
			i++;
		if (i == n) {
			yw_resp_err(r, YW_E_UNKNOWN_FIELD, key, "unknown field “%s”", key);
			return false;
		}
	}
	for (int i = 0; i < n; i++) {
		const struct yw_jfield *f = &spec[i];
		v = json_object_get(obj, f->name);
		char *slot = (char *)out + f->offset;
		if (!v || json_is_null(v)) {
			if (f->required) {
				yw_resp_err(r, YW_E_MISSING_FIELD, f->name, "“%s” is required", f->name);
				return false;
			}
			continue;
		}
		switch (f->type) {
		case YW_J_STR:
			if (!json_is_string(v))
				goto bad_type;
			if (!check_text(f->name, json_string_value(v), f->min, f->max, r))
				return false;
			*(const char **)slot = json_string_value(v);
			break;
		case YW_J_INT:
			if (!json_is_integer(v))
				goto bad_type;
			if (json_integer_value(v) < f->min || json_integer_value(v) > f->max) {
				yw_resp_err(r, YW_E_OUT_OF_RANGE, f->name, "%lld–%lld", (long long)f->min,
					    (long long)f->max);
				return false;
			}
			*(int64_t *)slot = json_integer_value(v);
			break;
		case YW_J_BOOL:
			if (!json_is_boolean(v))
				goto bad_type;
			*(bool *)slot = json_is_true(v);
			break;
		}
		continue;
	bad_type:
		yw_resp_err(r, YW_E_BAD_TYPE, f->name, "“%s” should be %s, got %s", f->name,
			    f->type == YW_J_STR ? "a string" : f->type == YW_J_INT ? "an integer" : "a boolean",
			    json_type_name(v));
		return false;
	}
	return true;
}

static bool in_enum(const char *const *enums, const char *s)
{
	for (int i = 0; enums[i]; i++)
		if (!strcmp(enums[i], s))
			return true;
	return false;
}

static void enum_list(const char *const *enums, char *out, size_t n)
{
	out[0] = 0;
	for (int i = 0; enums[i]; i++) {
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s", i ? ", " : "", enums[i]);
	}
}

static bool run_check(const struct yw_field *f, const char *name, const char *s, struct yw_resp *r)
{
	struct yw_error e = {0};
	if (!f->check || f->check(s, &e) == YW_OK)
		return true;
	snprintf(e.field, sizeof e.field, "%.*s", (int)sizeof e.field - 1, name);
	yw_resp_error(r, &e);
	return false;
}

static bool parse_list(const struct yw_field *f, json_t *v, struct yw_val *out, struct yw_resp *r)
{
	if (!json_is_array(v)) {
		yw_resp_err(r, YW_E_BAD_TYPE, f->name, "“%s” should be an array", f->name);
		return false;
	}
	size_t n = json_array_size(v);
	if ((int64_t)n < f->min || (f->max > 0 && (int64_t)n > f->max)) {
		yw_resp_err(r, YW_E_OUT_OF_RANGE, f->name, "“%s” needs %lld–%lld entries, got %zu", f->name,
			    (long long)f->min, (long long)f->max, n);
		return false;
	}
	struct yw_buf b = {0};
	size_t i;
	json_t *item;
	char name[80];
	if (f->type == YW_F_INTLIST) {
		yw_buf_adds(&b, n ? "," : "");
		json_array_foreach(v, i, item)
		{
			snprintf(name, sizeof name, "%s[%zu]", f->name, i);
			if (!json_is_integer(item) || json_integer_value(item) < 1) {
				yw_buf_free(&b);
				yw_resp_err(r, YW_E_BAD_TYPE, name, "ids are positive integers");
				return false;
			}
			for (size_t k = 0; k < i; k++)
				if (json_integer_value(json_array_get(v, k)) == json_integer_value(item)) {
					yw_buf_free(&b);
					yw_resp_err(r, YW_E_DUPLICATE, name, "id listed twice");
					return false;
				}
			yw_buf_printf(&b, "%lld,", (long long)json_integer_value(item));
		}
		yw_val_set_text(out, b.data ? b.data : "");
		yw_buf_free(&b);
		return true;
	}
	json_array_foreach(v, i, item)
	{
		snprintf(name, sizeof name, "%s[%zu]", f->name, i);
		if (!json_is_string(item)) {
			yw_resp_err(r, YW_E_BAD_TYPE, name, "list entries are strings");
			return false;
		}
		const char *s = json_string_value(item);
		if (!check_text(name, s, 0, 64, r))
			return false;
		if (f->enums && !in_enum(f->enums, s)) {
			char allowed[256];
			enum_list(f->enums, allowed, sizeof allowed);
			yw_resp_err(r, YW_E_BAD_ENUM, name, "“%s” is not one of: %s", s, allowed);
			return false;
		}
		if (!run_check(f, name, s, r))
			return false;
	}
	char *text = json_dumps(v, JSON_COMPACT);
	yw_val_set_text(out, text);
	free(text);
	return true;
}

static bool parse_value(const struct yw_field *f, json_t *v, struct yw_val *out, struct yw_resp *r)
{
	switch (f->type) {
	case YW_F_INT:
	case YW_F_REF:
		if (!json_is_integer(v)) {
			yw_resp_err(r, YW_E_BAD_TYPE, f->name, "“%s” should be an integer, got %s", f->name,
				    json_type_name(v));
			return false;
		}
		if (json_integer_value(v) < f->min || (f->max && json_integer_value(v) > f->max)) {
			yw_resp_err(r, YW_E_OUT_OF_RANGE, f->name, "“%s” must be %lld–%lld", f->name,
				    (long long)f->min, (long long)f->max);
			return false;
		}
		yw_val_set_int(out, json_integer_value(v));
		return true;
	case YW_F_BOOL:
		if (!json_is_boolean(v)) {
			yw_resp_err(r, YW_E_BAD_TYPE, f->name, "“%s” should be true or false", f->name);
			return false;
		}
		yw_val_set_int(out, json_is_true(v));
		return true;
	case YW_F_TEXT:
	case YW_F_ENUM:
		if (!json_is_string(v)) {
			yw_resp_err(r, YW_E_BAD_TYPE, f->name, "“%s” should be a string, got %s", f->name,
				    json_type_name(v));
			return false;
		}
		if (!*json_string_value(v) && !(f->flags & YW_FF_REQUIRED)) {
			yw_val_set_null(out); /* an emptied optional field */
			return true;
		}
		if (f->type == YW_F_ENUM) {
			if (!in_enum(f->enums, json_string_value(v))) {
				char allowed[256];
				enum_list(f->enums, allowed, sizeof allowed);
				yw_resp_err(r, YW_E_BAD_ENUM, f->name, "“%s” must be one of: %s", f->name, allowed);
				return false;
			}
		} else if (!check_text(f->name, json_string_value(v), f->min, f->max, r) ||
			   !run_check(f, f->name, json_string_value(v), r)) {
			return false;
		}
		yw_val_set_text(out, json_string_value(v));
		return true;
	case YW_F_INTLIST:
	case YW_F_TEXTLIST:
		return parse_list(f, v, out, r);
	}
	return false;
}

bool yw_api_rec_from_json(json_t *obj, bool create, struct yw_rec *rec, int64_t *version,
			  struct yw_resp *r)
{
	const struct yw_entity *e = rec->ent;
	const char *key;
	json_t *v;
	*version = 0;
	json_object_foreach(obj, key, v)
	{
		if (!strcmp(key, "version")) {
			if (!json_is_integer(v) || json_integer_value(v) < 1) {
				yw_resp_err(r, YW_E_BAD_TYPE, "version", "version is a positive integer");
				return false;
			}
			*version = json_integer_value(v);
			continue;
		}
		/* Clients may send back what they read; the server owns these. */
		if (!strcmp(key, "id") || !strcmp(key, "created_at") || !strcmp(key, "updated_at"))
			continue;
		int i = yw_entity_field_index(e, key);
		if (i < 0 || (e->fields[i].flags & YW_FF_INTERNAL)) {
			yw_resp_err(r, YW_E_UNKNOWN_FIELD, key, "%s 没有字段 “%s”", e->label, key);
			return false;
		}
		const struct yw_field *f = &e->fields[i];
		if (json_is_null(v)) {
			if (f->flags & YW_FF_REQUIRED) {
				yw_resp_err(r, YW_E_MISSING_FIELD, key, "“%s” may not be null", key);
				return false;
			}
			yw_val_set_null(&rec->v[i]);
			continue;
		}
		if (!parse_value(f, v, &rec->v[i], r))
			return false;
	}
	if (create)
		for (int i = 0; i < e->nfields; i++)
			if ((e->fields[i].flags & YW_FF_REQUIRED) && !rec->v[i].set) {
				yw_resp_err(r, YW_E_MISSING_FIELD, e->fields[i].name, "缺少%s / “%s” is required",
					    e->fields[i].label, e->fields[i].name);
				return false;
			}
	return true;
}

void yw_api_rec_to_json(struct yw_buf *b, const struct yw_rec *rec)
{
	const struct yw_entity *e = rec->ent;
	yw_buf_printf(b, "{\"id\":%lld,\"version\":%lld,\"created_at\":%lld,\"updated_at\":%lld",
		      (long long)rec->id, (long long)rec->version, (long long)rec->created_at,
		      (long long)rec->updated_at);
	for (int i = 0; i < e->nfields; i++) {
		const struct yw_field *f = &e->fields[i];
		const struct yw_val *v = &rec->v[i];
		if (f->flags & (YW_FF_WRITEONLY | YW_FF_INTERNAL))
			continue;
		yw_buf_printf(b, ",\"%s\":", f->name);
		if (!v->set || v->null) {
			yw_buf_adds(b, f->type == YW_F_INTLIST || f->type == YW_F_TEXTLIST ? "[]" : "null");
			continue;
		}
		yw_val_json(b, f, v);
	}
	yw_buf_adds(b, "}");
}
