/* Records of entity descriptors: allocation, merge, field access. */
#include "yw/entity.h"
#include <stdlib.h>
#include <string.h>

int yw_entity_field_index(const struct yw_entity *e, const char *name)
{
	for (int i = 0; i < e->nfields; i++)
		if (!strcmp(e->fields[i].name, name))
			return i;
	return -1;
}

struct yw_rec *yw_rec_new(const struct yw_entity *e)
{
	struct yw_rec *r = yw_calloc(1, sizeof *r);
	r->ent = e;
	r->v = yw_calloc((size_t)e->nfields, sizeof *r->v);
	return r;
}

void yw_rec_free(struct yw_rec *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->ent->nfields; i++)
		free(r->v[i].s);
	free(r->v);
	free(r);
}

static void val_copy(struct yw_val *dst, const struct yw_val *src)
{
	free(dst->s);
	*dst = *src;
	dst->s = yw_strdup(src->s);
}

void yw_rec_merge(struct yw_rec *base, const struct yw_rec *patch)
{
	for (int i = 0; i < base->ent->nfields; i++)
		if (patch->v[i].set)
			val_copy(&base->v[i], &patch->v[i]);
}

struct yw_rec *yw_rec_clone(const struct yw_rec *r)
{
	struct yw_rec *c = yw_rec_new(r->ent);
	c->id = r->id;
	c->version = r->version;
	c->created_at = r->created_at;
	c->updated_at = r->updated_at;
	yw_rec_merge(c, r);
	return c;
}

void yw_val_set_text(struct yw_val *v, const char *s)
{
	free(v->s);
	v->s = yw_strdup(s);
	v->set = true;
	v->null = s == NULL;
}

void yw_val_set_int(struct yw_val *v, int64_t i)
{
	free(v->s);
	v->s = NULL;
	v->i = i;
	v->set = true;
	v->null = false;
}

void yw_val_set_null(struct yw_val *v)
{
	free(v->s);
	v->s = NULL;
	v->i = 0;
	v->set = true;
	v->null = true;
}

struct yw_val *yw_rec_val(struct yw_rec *r, const char *name)
{
	int i = yw_entity_field_index(r->ent, name);
	if (i < 0)
		abort(); /* a misspelt field name is a programming error */
	return &r->v[i];
}

const struct yw_val *yw_rec_cval(const struct yw_rec *r, const char *name)
{
	return yw_rec_val((struct yw_rec *)r, name);
}

static int64_t scope_id(const struct yw_rec *r, int idx)
{
	if (idx == YW_SCOPE_SELF)
		return r->id;
	if (idx < 0 || r->v[idx].null)
		return 0;
	return r->v[idx].i;
}

struct yw_scope yw_rec_scope(const struct yw_rec *r)
{
	const struct yw_entity *e = r->ent;
	return (struct yw_scope){
		.region_id = scope_id(r, e->scope_region),
		.department_id = scope_id(r, e->scope_department),
		.hall_id = scope_id(r, e->scope_hall),
	};
}

int yw_intlist_parse(const char *stored, int64_t **out)
{
	*out = NULL;
	int n = 0;
	if (!stored)
		return 0;
	for (const char *p = stored; *p;) {
		if (*p == ',') {
			p++;
			continue;
		}
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p)
			break;
		*out = yw_realloc(*out, sizeof **out * (size_t)(n + 1));
		(*out)[n++] = v;
		p = end;
	}
	return n;
}

void yw_val_json(struct yw_buf *b, const struct yw_field *f, const struct yw_val *v)
{
	switch (f->type) {
	case YW_F_INT:
	case YW_F_REF: yw_buf_printf(b, "%lld", (long long)v->i); return;
	case YW_F_BOOL: yw_buf_adds(b, v->i ? "true" : "false"); return;
	case YW_F_TEXTLIST: yw_buf_adds(b, v->s && *v->s ? v->s : "[]"); return; /* stored as JSON */
	case YW_F_INTLIST: {
		int64_t *ids = NULL;
		int n = yw_intlist_parse(v->s, &ids);
		yw_buf_adds(b, "[");
		for (int k = 0; k < n; k++)
			yw_buf_printf(b, "%s%lld", k ? "," : "", (long long)ids[k]);
		yw_buf_adds(b, "]");
		free(ids);
		return;
	}
	default: {
		char *masked = NULL;
		if (f->flags & YW_FF_MASK_PHONE)
			masked = yw_mask_phone(v->s);
		else if (f->flags & YW_FF_MASK_ID)
			masked = yw_mask_id(v->s);
		yw_buf_json_str(b, masked ? masked : v->s);
		free(masked);
	}
	}
}
