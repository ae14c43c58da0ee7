/* Field-by-field differences between two versions of an item. Lists of
 * objects (materials, steps, fees, halls) are matched by their name, so a
 * material inserted at the top shows as one addition, not as every later
 * material changed; lists of plain values (themes, handling_forms…) are
 * compared whole. */
#include "yw/item.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void change(json_t *out, const char *path, json_t *from, json_t *to)
{
	json_array_append_new(out, json_pack("{s:s, s:O, s:O}", "field", path, "from",
					      from ? from : json_null(), "to", to ? to : json_null()));
}

static void diff_value(json_t *out, const char *path, json_t *a, json_t *b);

/* The name an element is matched by: "name" (materials, steps, fees) or
 * "hall" (halls); NULL when it has none. */
static const char *elem_key(json_t *e)
{
	const char *k = json_string_value(json_object_get(e, "name"));
	return k ? k : json_string_value(json_object_get(e, "hall"));
}

/* Every element an object with a distinct key? Then match by key. */
static bool keyed(json_t *arr)
{
	size_t i, k;
	json_t *e, *f;
	json_array_foreach(arr, i, e)
	{
		if (!json_is_object(e) || !elem_key(e))
			return false;
		json_array_foreach(arr, k, f)
		{
			if (k < i && !strcmp(elem_key(e), elem_key(f)))
				return false;
		}
	}
	return true;
}

static json_t *find_keyed(json_t *arr, const char *key)
{
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
	{
		if (!strcmp(elem_key(e), key))
			return e;
	}
	return NULL;
}

static void diff_keyed(json_t *out, const char *path, json_t *a, json_t *b)
{
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e)
	{
		char *sub = yw_asprintf("%s[%s]", path, elem_key(e));
		diff_value(out, sub, e, find_keyed(b, elem_key(e)));
		free(sub);
	}
	json_array_foreach(b, i, e)
	{
		if (find_keyed(a, elem_key(e)))
			continue;
		char *sub = yw_asprintf("%s[%s]", path, elem_key(e));
		change(out, sub, NULL, e);
		free(sub);
	}
}

static void diff_array(json_t *out, const char *path, json_t *a, json_t *b)
{
	bool objects = json_array_size(a) + json_array_size(b) > 0;
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e) objects = objects && json_is_object(e);
	json_array_foreach(b, i, e) objects = objects && json_is_object(e);
	if (!objects) {
		if (!json_equal(a, b))
			change(out, path, a, b);
		return;
	}
	if (keyed(a) && keyed(b)) {
		diff_keyed(out, path, a, b);
		return;
	}
	size_t n = json_array_size(a) > json_array_size(b) ? json_array_size(a) : json_array_size(b);
	for (i = 0; i < n; i++) {
		char *sub = yw_asprintf("%s[%zu]", path, i);
		diff_value(out, sub, json_array_get(a, i), json_array_get(b, i));
		free(sub);
	}
}

static void diff_object(json_t *out, const char *path, json_t *a, json_t *b)
{
	const char *k;
	json_t *v;
	json_object_foreach(a, k, v)
	{
		char *sub = *path ? yw_asprintf("%s.%s", path, k) : yw_strdup(k);
		diff_value(out, sub, v, json_object_get(b, k));
		free(sub);
	}
	json_object_foreach(b, k, v)
	{
		if (json_object_get(a, k))
			continue;
		char *sub = *path ? yw_asprintf("%s.%s", path, k) : yw_strdup(k);
		change(out, sub, NULL, v);
		free(sub);
	}
}

static void diff_value(json_t *out, const char *path, json_t *a, json_t *b)
{
	if (a && b && json_is_object(a) && json_is_object(b))
		diff_object(out, path, a, b);
	else if (a && b && json_is_array(a) && json_is_array(b))
		diff_array(out, path, a, b);
	else if (!(a && b && json_equal(a, b)) && !(!a && json_is_null(b)) && !(!b && json_is_null(a)))
		change(out, path, a, b);
}

char *yw_item_diff(const char *from_json, const char *to_json)
{
	json_t *a = json_loads(from_json, 0, NULL), *b = json_loads(to_json, 0, NULL);
	char *text = NULL;
	if (a && b) {
		json_t *out = json_array();
		diff_value(out, "", a, b);
		text = json_dumps(out, JSON_COMPACT);
		json_decref(out);
	}
	json_decref(a);
	json_decref(b);
	return text;
}
