/* OpenAPI 3 description generated from the route table and the entity
 * descriptors, so it cannot drift from what the server does. */
#include "api/api.h"
#include "yw/crud.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *field_schema(const struct yw_field *f)
{
	json_t *s = json_object();
	switch (f->type) {
	case YW_F_INT:
	case YW_F_REF:
		json_object_set_new(s, "type", json_string("integer"));
		json_object_set_new(s, "format", json_string("int64"));
		if (f->max && f->type == YW_F_INT) {
			json_object_set_new(s, "minimum", json_integer(f->min));
			json_object_set_new(s, "maximum", json_integer(f->max));
		}
		break;
	case YW_F_BOOL: json_object_set_new(s, "type", json_string("boolean")); break;
	case YW_F_TEXT:
		json_object_set_new(s, "type", json_string("string"));
		if (f->max)
			json_object_set_new(s, "maxLength", json_integer(f->max));
		break;
	case YW_F_ENUM: {
		json_object_set_new(s, "type", json_string("string"));
		json_t *e = json_array();
		for (int i = 0; f->enums[i]; i++)
			json_array_append_new(e, json_string(f->enums[i]));
		json_object_set_new(s, "enum", e);
		break;
	}
	case YW_F_INTLIST:
	case YW_F_TEXTLIST: {
		json_object_set_new(s, "type", json_string("array"));
		json_t *items = json_object();
		json_object_set_new(items, "type", json_string(f->type == YW_F_INTLIST ? "integer" : "string"));
		if (f->enums) {
			json_t *e = json_array();
			for (int i = 0; f->enums[i]; i++)
				json_array_append_new(e, json_string(f->enums[i]));
			json_object_set_new(items, "enum", e);
		}
		json_object_set_new(s, "items", items);
		if (f->max)
			json_object_set_new(s, "maxItems", json_integer(f->max));
		if (f->min)
			json_object_set_new(s, "minItems", json_integer(f->min));
		break;
	}
	}
	json_object_set_new(s, "description", json_string(f->label ? f->label : f->name));
	if (f->flags & YW_FF_WRITEONLY)
		json_object_set_new(s, "writeOnly", json_true());
	if (f->flags & (YW_FF_MASK_PHONE | YW_FF_MASK_ID))
		json_object_set_new(s, "x-masked", json_true());
	return s;
}

static json_t *entity_schema(const struct yw_entity *e)
{
	json_t *props = json_object(), *req = json_array();
	static const char *const meta[] = {"id", "version", "created_at", "updated_at"};
	for (int i = 0; i < 4; i++) {
		json_t *s = json_pack("{s:s, s:b}", "type", "integer", "readOnly", 1);
		json_object_set_new(props, meta[i], s);
	}
	for (int i = 0; i < e->nfields; i++) {
		const struct yw_field *f = &e->fields[i];
		if (f->flags & YW_FF_INTERNAL)
			continue;
		json_object_set_new(props, f->name, field_schema(f));
		if (f->flags & YW_FF_REQUIRED)
			json_array_append_new(req, json_string(f->name));
	}
	return json_pack("{s:s, s:s, s:o, s:o}", "type", "object", "description", e->label, "properties",
			 props, "required", req);
}

static json_t *ref(const char *name)
{
	char *p = yw_asprintf("#/components/schemas/%s", name);
	json_t *j = json_pack("{s:s}", "$ref", p);
	free(p);
	return j;
}

static json_t *json_content(json_t *schema)
{
	return json_pack("{s:{s:o}}", "application/json", "schema", schema);
}

static json_t *operation(const struct yw_route *rt)
{
	json_t *op = json_object();
	json_object_set_new(op, "summary", json_string(rt->summary));
	json_object_set_new(op, "tags", json_pack("[s]", rt->tag ? rt->tag : "misc"));
	json_t *roles = json_array();
	for (int i = 0; yw_role_names[i]; i++)
		if (rt->roles & (1u << i))
			json_array_append_new(roles, json_string(yw_role_names[i]));
	json_object_set_new(op, "x-roles", roles);
	if (rt->entity) {
		/* Which object dimensions the scope check looks at (domain/authz.c). */
		json_t *scope = json_array();
		if (rt->entity->scope_region != -1)
			json_array_append_new(scope, json_string("region"));
		if (rt->entity->scope_department != -1)
			json_array_append_new(scope, json_string("department"));
		if (rt->entity->scope_hall != -1)
			json_array_append_new(scope, json_string("hall"));
		json_object_set_new(op, "x-scope", scope);
	}
	json_object_set_new(op, "security", rt->roles ? json_pack("[{s:[]},{s:[]}]", "cookie", "bearer")
						      : json_array());
	json_t *params = json_array();
	for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *close = strchr(p, '}');
		if (!close)
			break;
		char name[32];
		snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
		bool is_id = !strcmp(name, "id");
		json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in", "path",
							"required", 1, "schema", "type",
							is_id ? "integer" : "string"));
	}
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	const struct yw_entity *e = rt->entity;
	bool has_body = !strcmp(rt->method, "POST") || !strcmp(rt->method, "PUT");
	if (has_body && e)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:o}", "required", 1, "content", json_content(ref(e->name))));
	else if (has_body && rt->body_doc)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:s, s:b, s:o}", "description", rt->body_doc, "required", 1,
					      "content", json_content(json_pack("{s:s}", "type", "object"))));
	json_t *responses = json_object();
	const char *ok = !strcmp(rt->method, "POST") && e ? "201" : !strcmp(rt->method, "DELETE") ? "204" : "200";
	json_t *okr = json_pack("{s:s}", "description", "OK");
	bool entity_reply = rt->fn == yw_api_entity_list || rt->fn == yw_api_entity_get ||
			    rt->fn == yw_api_entity_create || rt->fn == yw_api_entity_update;
	if (e && entity_reply && strcmp(ok, "204")) {
		json_t *schema = rt->fn == yw_api_entity_list
			? json_pack("{s:s, s:{s:{s:s, s:o}, s:{s:s}, s:{s:s}, s:{s:s}}}", "type", "object",
				    "properties", "items", "type", "array", "items", ref(e->name), "total",
				    "type", "integer", "page", "type", "integer", "page_size", "type", "integer")
			: ref(e->name);
		json_object_set_new(okr, "content", json_content(schema));
	}
	json_object_set_new(responses, ok, okr);
	json_object_set_new(responses, "default",
			    json_pack("{s:s, s:o}", "description", "错误 / Error (see docs/errors.md)",
				      "content", json_content(ref("Error"))));
	json_object_set_new(op, "responses", responses);
	return op;
}

static char *document;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
	json_t *paths = json_object(), *schemas = json_object();
	int n;
	const struct yw_route *routes = yw_routes(&n);
	for (int i = 0; i < n; i++) {
		json_t *item = json_object_get(paths, routes[i].pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, routes[i].pattern, item);
		}
		char method[8];
		size_t k = 0;
		for (; routes[i].method[k] && k < sizeof method - 1; k++)
			method[k] = (char)(routes[i].method[k] | 0x20);
		method[k] = 0;
		json_object_set_new(item, method, operation(&routes[i]));
	}
	for (int i = 0; yw_entities[i]; i++)
		json_object_set_new(schemas, yw_entities[i]->name, entity_schema(yw_entities[i]));
	json_object_set_new(
		schemas, "Error",
		json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:b}}, s:[s,s]}", "type",
			  "object", "properties", "code", "type", "integer", "error", "type", "string", "hint",
			  "type", "string", "detail", "type", "string", "field", "type", "string", "nullable", 1,
			  "required", "code", "error"));
	json_t *doc = json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:o, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s}}}}", "openapi",
		"3.0.3", "info", "title", "yiwang 一网 API", "version", "1", "description",
		"一体化政务服务平台接口。Errors follow docs/errors.md; state-changing requests made with "
		"the session cookie carry X-CSRF-Token.",
		"paths", paths, "components", "schemas", schemas, "securitySchemes", "cookie", "type",
		"apiKey", "in", "cookie", "name", "yw_session", "bearer", "type", "http", "scheme", "bearer");
	document = json_dumps(doc, JSON_INDENT(1));
	json_decref(doc);
}

void yw_api_openapi(struct yw_req *q, struct yw_resp *r)
{
	pthread_once(&once, build);
	yw_resp_json_take(r, 200, yw_strdup(document));
	yw_resp_header(r, "Cache-Control", "public, max-age=60");
}
