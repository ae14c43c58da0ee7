/* Items name their region, department and halls by code/name in files and
 * by id in the API; a stored version carries both, so a guide reads without
 * joins and an export is portable. This file turns either into both, and
 * decides the write scope of an item. */
#include "catalogue_internal.h"
#include "yw/authz.h"
#include "yw/item_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ref {
	char kind; /* r region, d department, h hall */
	int64_t id;
	char *name;
};
struct yw_ref_cache {
	struct ref *refs;
	int n;
};

struct yw_ref_cache *yw_ref_cache_new(void) { return yw_calloc(1, sizeof(struct yw_ref_cache)); }

void yw_ref_cache_free(struct yw_ref_cache *rc)
{
	if (!rc)
		return;
	for (int i = 0; i < rc->n; i++)
		free(rc->refs[i].name);
	free(rc->refs);
	free(rc);
}

static struct ref *cached(struct yw_ref_cache *rc, char kind, const char *name, int64_t id)
{
	for (int i = 0; rc && i < rc->n; i++) {
		struct ref *r = &rc->refs[i];
		if (r->kind == kind && (name ? !strcmp(r->name, name) : r->id == id))
			return r;
	}
	return NULL;
}

static void remember(struct yw_ref_cache *rc, char kind, const char *name, int64_t id)
{
	if (!rc)
		return;
	rc->refs = yw_realloc(rc->refs, sizeof *rc->refs * (size_t)(rc->n + 1));
	rc->refs[rc->n++] = (struct ref){kind, id, yw_strdup(name)};
}

static int by_name(struct yw_conn *c, char kind, const char *name, int64_t *id)
{
	switch (kind) {
	case 'r': return yw_istore_region_by_code(c, name, id);
	case 'd': return yw_istore_department_by_name(c, name, id);
	default: return yw_istore_hall_by_name(c, name, id);
	}
}

static int by_id(struct yw_conn *c, char kind, int64_t id, char **name)
{
	switch (kind) {
	case 'r': return yw_istore_region(c, id, name, NULL);
	case 'd': return yw_istore_department_name(c, id, name);
	default: return yw_istore_hall_name(c, id, name);
	}
}

static const char *label(char kind)
{
	return kind == 'r' ? "区划 / region" : kind == 'd' ? "部门 / department" : "大厅 / hall";
}

/* One reference: *name and/or *id given; both set on return. */
static int resolve_ref(struct yw_conn *c, struct yw_ref_cache *rc, char kind, char **name, int64_t *id,
		       const char *name_field, const char *id_field, struct yw_error *err)
{
	struct ref *hit = cached(rc, kind, *name, *id);
	int64_t found_id = hit ? hit->id : 0;
	char *found_name = hit ? yw_strdup(hit->name) : NULL;
	int st = YW_OK;
	if (!hit && *name) {
		st = by_name(c, kind, *name, &found_id);
	} else if (!hit) {
		found_id = *id;
		st = by_id(c, kind, *id, &found_name);
	}
	if (st == YW_NOTFOUND) {
		if (*name)
			yw_error_set(err, YW_E_REF_NOT_FOUND, name_field, "%s “%s” 不存在 / does not exist",
				     label(kind), *name);
		else
			yw_error_set(err, YW_E_REF_NOT_FOUND, id_field, "%s %lld 不存在 / does not exist",
				     label(kind), (long long)*id);
		free(found_name);
		return YW_FAIL;
	}
	if (st) {
		free(found_name);
		return st;
	}
	if (!hit)
		remember(rc, kind, *name ? *name : found_name, found_id);
	if (*name && *id && *id != found_id) {
		yw_error_set(err, YW_E_BAD_FORMAT, id_field, "%s 与名称“%s”不一致 / %s does not match %s",
			     id_field, *name, id_field, name_field);
		free(found_name);
		return YW_FAIL;
	}
	if (!*name)
		*name = found_name;
	else
		free(found_name);
	*id = found_id;
	return YW_OK;
}

static int resolve_halls(struct yw_conn *c, struct yw_item *it, struct yw_ref_cache *rc,
			 struct yw_error *err)
{
	for (int i = 0; i < it->nhalls; i++) {
		char nf[32], idf[32];
		snprintf(nf, sizeof nf, "halls[%d].hall", i);
		snprintf(idf, sizeof idf, "halls[%d].hall_id", i);
		int st = resolve_ref(c, rc, 'h', &it->halls[i].hall, &it->halls[i].hall_id, nf, idf, err);
		if (st)
			return st;
		for (int k = 0; k < i; k++)
			if (it->halls[k].hall_id == it->halls[i].hall_id) {
				yw_error_set(err, YW_E_DUPLICATE, nf, "大厅“%s”重复 / hall listed twice",
					     it->halls[i].hall);
				return YW_FAIL;
			}
	}
	return YW_OK;
}

static int resolve_steps(struct yw_conn *c, struct yw_item *it, struct yw_ref_cache *rc,
			 struct yw_error *err)
{
	for (int i = 0; i < it->nsteps; i++) {
		struct yw_item_step *s = &it->steps[i];
		if (!s->department && !s->department_id) {
			s->department = yw_strdup(it->department);
			s->department_id = it->department_id;
			continue;
		}
		char nf[40], idf[40];
		snprintf(nf, sizeof nf, "steps[%d].department", i);
		snprintf(idf, sizeof idf, "steps[%d].department_id", i);
		int st = resolve_ref(c, rc, 'd', &s->department, &s->department_id, nf, idf, err);
		if (st)
			return st;
	}
	return YW_OK;
}

int yw_item_resolve(struct yw_conn *c, struct yw_item *it, struct yw_ref_cache *cache,
		    struct yw_error *err)
{
	int st = resolve_ref(c, cache, 'r', &it->region, &it->region_id, "region", "region_id", err);
	if (!st)
		st = resolve_ref(c, cache, 'd', &it->department, &it->department_id, "department",
				 "department_id", err);
	if (!st && !it->implementing_agency)
		it->implementing_agency = yw_strdup(it->department);
	if (!st)
		st = resolve_halls(c, it, cache, err);
	if (!st)
		st = resolve_steps(c, it, cache, err);
	return st;
}

/* Items sit in a region and a department. Write access follows the region:
 * the catalogue of a region is kept by its catalogue administrators (at the
 * 政务服务数据管理局) for every department, so an administrator's department
 * binding says where they work, not which items they may edit. */
static const struct yw_entity item_scope = {
	.name = "item", .scope_region = 0, .scope_department = 1, .scope_hall = -1,
};

int yw_item_scope(struct yw_conn *c, const struct yw_actor *who, int64_t region_id,
		  int64_t department_id, struct yw_error *err)
{
	if (!who) {
		yw_error_set(err, YW_E_UNAUTHENTICATED, NULL, NULL);
		return YW_FAIL;
	}
	struct yw_actor a = *who;
	a.scope.department_id = 0;
	struct yw_scope obj = {.region_id = region_id, .department_id = department_id};
	return yw_authz_scope(c, &a, &item_scope, obj, err);
}
