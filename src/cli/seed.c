/* yiwang seed demo: the demo district (data/demo/district.json, compiled
 * in) created through the same domain rules and audit as the API. Objects
 * that already exist (by code, name or username) are left as they are, so
 * seeding twice changes nothing. */
#include "cli/cli.h"
#include "yw/auth.h"
#include "yw/case.h"
#include "yw/crud.h"
#include "yw/appt.h"
#include "yw/hotline.h"
#include "yw/queue.h"
#include "yw/queue_stats.h"
#include "yw/rating.h"
#include "yw/kb.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct yw_actor seeder = {
	.user_id = 0, .name = "seed", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "seed-demo",
};

struct seed_stats {
	int created, existing, failed;
};

static void set_text(struct yw_rec *r, const char *field, json_t *v)
{
	if (json_is_string(v))
		yw_val_set_text(yw_rec_val(r, field), json_string_value(v));
}

static void set_id(struct yw_rec *r, const char *field, int64_t id)
{
	if (id)
		yw_val_set_int(yw_rec_val(r, field), id);
}

static void set_json(struct yw_rec *r, const char *field, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT);
	yw_val_set_text(yw_rec_val(r, field), text);
	free(text);
}

static int64_t find(struct yw_store *s, struct yw_entity *e, const char *column, json_t *value)
{
	int64_t id = 0;
	if (!json_is_string(value))
		return 0;
	if (yw_crud_find_id(s, e, column, json_string_value(value), &id) != YW_OK)
		return 0;
	return id;
}

/* Create unless an object with the same key exists; returns its id. */
static int64_t ensure(struct yw_store *s, struct yw_rec *rec, const char *key, struct seed_stats *st)
{
	int64_t id = 0;
	const char *value = yw_rec_cval(rec, key)->s;
	if (yw_crud_find_id(s, rec->ent, key, value, &id) == YW_OK) {
		st->existing++;
		return id;
	}
	struct yw_error err = {0};
	if (yw_crud_create(s, &seeder, rec, &err) != YW_OK) {
		fprintf(stderr, "seed: %s “%s” refused: %s %s (%s)\n", rec->ent->label, value,
			yw_err_name(err.err), err.detail, err.field);
		st->failed++;
		return 0;
	}
	st->created++;
	return rec->id;
}

static void seed_regions(struct yw_store *s, json_t *regions, struct seed_stats *st)
{
	size_t i;
	json_t *r;
	json_array_foreach(regions, i, r)
	{
		struct yw_rec *rec = yw_rec_new(&yw_entity_region);
		set_text(rec, "code", json_object_get(r, "code"));
		set_text(rec, "name", json_object_get(r, "name"));
		set_text(rec, "level", json_object_get(r, "level"));
		set_id(rec, "parent_id", find(s, &yw_entity_region, "code", json_object_get(r, "parent")));
		ensure(s, rec, "code", st);
		yw_rec_free(rec);
	}
}

static void seed_departments(struct yw_store *s, json_t *deps, struct seed_stats *st)
{
	size_t i;
	json_t *d;
	json_array_foreach(deps, i, d)
	{
		struct yw_rec *rec = yw_rec_new(&yw_entity_department);
		static const char *const texts[] = {"name", "short_name", "credit_code", "chief_rep", "phone"};
		for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
			set_text(rec, texts[k], json_object_get(d, texts[k]));
		set_id(rec, "region_id", find(s, &yw_entity_region, "code", json_object_get(d, "region")));
		ensure(s, rec, "name", st);
		yw_rec_free(rec);
	}
}

static bool window_exists(struct yw_store *s, int64_t hall_id, int64_t number)
{
	struct yw_rec *filters = yw_rec_new(&yw_entity_window);
	yw_val_set_int(yw_rec_val(filters, "hall_id"), hall_id);
	struct yw_list_query lq = {.filters = filters->v, .limit = 1000};
	struct yw_rec_list l;
	struct yw_error err = {0};
	bool found = false;
	if (yw_crud_list(s, &seeder, &yw_entity_window, &lq, &l, &err) == YW_OK) {
		for (int i = 0; i < l.n; i++)
			found |= yw_rec_cval(l.items[i], "number")->i == number;
		yw_rec_list_free(&l);
	}
	yw_rec_free(filters);
	return found;
}

static void seed_windows(struct yw_store *s, int64_t hall_id, json_t *windows, struct seed_stats *st)
{
	size_t i;
	json_t *w;
	json_array_foreach(windows, i, w)
	{
		int64_t number = json_integer_value(json_object_get(w, "number"));
		if (window_exists(s, hall_id, number)) {
			st->existing++;
			continue;
		}
		struct yw_rec *rec = yw_rec_new(&yw_entity_window);
		set_id(rec, "hall_id", hall_id);
		yw_val_set_int(yw_rec_val(rec, "number"), number);
		set_text(rec, "name", json_object_get(w, "name"));
		set_text(rec, "type", json_object_get(w, "type"));
		struct yw_buf ids = {0};
		size_t k;
		json_t *dep;
		json_array_foreach(json_object_get(w, "departments"), k, dep)
		{
			int64_t id = find(s, &yw_entity_department, "name", dep);
			if (id)
				yw_buf_printf(&ids, "%s%lld,", ids.len ? "" : ",", (long long)id);
		}
		yw_val_set_text(yw_rec_val(rec, "department_ids"), ids.data ? ids.data : "");
		yw_buf_free(&ids);
		yw_val_set_int(yw_rec_val(rec, "is_open"), 1);
		struct yw_error err = {0};
		if (yw_crud_create(s, &seeder, rec, &err) == YW_OK) {
			st->created++;
		} else {
			fprintf(stderr, "seed: window %lld refused: %s %s\n", (long long)number,
				yw_err_name(err.err), err.detail);
			st->failed++;
		}
		yw_rec_free(rec);
	}
}

static void seed_halls(struct yw_store *s, json_t *halls, struct seed_stats *st)
{
	size_t i;
	json_t *h;
	json_array_foreach(halls, i, h)
	{
		struct yw_rec *rec = yw_rec_new(&yw_entity_hall);
		static const char *const texts[] = {"name", "level", "address", "phone"};
		for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
			set_text(rec, texts[k], json_object_get(h, texts[k]));
		set_id(rec, "region_id", find(s, &yw_entity_region, "code", json_object_get(h, "region")));
		set_json(rec, "hours", json_object_get(h, "hours"));
		int64_t id = ensure(s, rec, "name", st);
		if (id)
			seed_windows(s, id, json_object_get(h, "windows"), st);
		yw_rec_free(rec);
	}
}

static void seed_staff(struct yw_store *s, json_t *staff, struct seed_stats *st)
{
	size_t i;
	json_t *p;
	json_array_foreach(staff, i, p)
	{
		struct yw_rec *rec = yw_rec_new(&yw_entity_staff);
		set_text(rec, "username", json_object_get(p, "username"));
		set_text(rec, "name", json_object_get(p, "name"));
		set_text(rec, "phone", json_object_get(p, "phone"));
		set_json(rec, "roles", json_object_get(p, "roles"));
		set_id(rec, "department_id", find(s, &yw_entity_department, "name", json_object_get(p, "department")));
		set_id(rec, "hall_id", find(s, &yw_entity_hall, "name", json_object_get(p, "hall")));
		set_id(rec, "region_id", find(s, &yw_entity_region, "code", json_object_get(p, "region")));
		bool admin = !strcmp(json_string_value(json_object_get(p, "username")), "admin");
		yw_val_set_text(yw_rec_val(rec, "password"), admin ? YW_DEMO_ADMIN_PASSWORD : YW_DEMO_STAFF_PASSWORD);
		ensure(s, rec, "username", st);
		yw_rec_free(rec);
	}
}

static void seed_citizens(struct yw_store *s, json_t *citizens, struct seed_stats *st)
{
	size_t i;
	json_t *c;
	json_array_foreach(citizens, i, c)
	{
		struct yw_error err = {0};
		int r = yw_citizen_register(s, json_string_value(json_object_get(c, "phone")),
					    json_string_value(json_object_get(c, "name")), &seeder, &err);
		if (r == YW_OK)
			st->created++;
		else if (r == YW_NOTFOUND)
			st->existing++;
		else
			st->failed++;
	}
}

int yw_cmd_seed(struct yw_opts *o)
{
	if (o->help || o->argc < 1 || strcmp(o->argv[0], "demo")) {
		puts("yiwang seed demo [--store URL]\n"
		     "  Loads the demo district (regions, ~30 departments, 4 halls with windows,\n"
		     "  staff in every role, 3 citizens), the official holiday calendars and the\n"
		     "  demo service catalogue. Existing objects are kept: running it\n"
		     "  twice changes nothing. Demo passwords: admin " YW_DEMO_ADMIN_PASSWORD
		     ", everyone else " YW_DEMO_STAFF_PASSWORD ".");
		return o->help ? 0 : 2;
	}
	json_error_t je;
	json_t *doc = json_loads(yw_demo_district_json, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		fprintf(stderr, "seed: the embedded demo data is not valid JSON: %s\n", je.text);
		return 1;
	}
	struct yw_store *s = yw_cli_open_store(o, true);
	if (!s) {
		json_decref(doc);
		return 1;
	}
	struct seed_stats st = {0};
	seed_regions(s, json_object_get(doc, "regions"), &st);
	seed_departments(s, json_object_get(doc, "departments"), &st);
	seed_halls(s, json_object_get(doc, "halls"), &st);
	seed_staff(s, json_object_get(doc, "staff"), &st);
	seed_citizens(s, json_object_get(doc, "citizens"), &st);
	st.failed += yw_cli_calendar_seed(s);
	st.failed += yw_cli_seed_catalogue(s);
	st.failed += yw_queue_seed_demo(s);
	st.failed += yw_appt_seed_demo(s);
	st.failed += yw_queue_seed_history(s, 20);
	st.failed += yw_rating_seed_demo(s); /* rates the history just simulated */
	st.failed += yw_hotline_seed_demo(s, YW_DEMO_STAFF_PASSWORD);
	st.failed += yw_kb_seed_demo(s);
	st.failed += yw_case_seed_demo(s);
	json_decref(doc);
	yw_store_close(s);
	printf("seed demo: %d created, %d already present, %d refused\n", st.created, st.existing, st.failed);
	return st.failed ? 1 : 0;
}
