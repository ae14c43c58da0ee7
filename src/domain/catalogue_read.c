/* Reading the catalogue: one version of an item, its history and the diff
 * between two versions. Reads run in read transactions (one snapshot). */
#include "catalogue_internal.h"
#include "yw/item_store.h"
#include <stdlib.h>
#include <string.h>

void yw_item_versions_clear(struct yw_item_versions *v)
{
	for (int i = 0; i < v->n; i++) {
		free(v->rows[i].name);
		free(v->rows[i].created_by_name);
		free(v->rows[i].source);
	}
	free(v->rows);
	memset(v, 0, sizeof *v);
}

struct get_ctx {
	int64_t id;
	int version;
	struct yw_item_view *out;
	struct yw_error *err;
};

/* Why a version could not be read: no item, not published, no such version. */
static int explain_miss(struct yw_conn *c, struct get_ctx *g)
{
	struct yw_item_head h;
	int st = yw_istore_head(c, g->id, &h);
	if (st == YW_NOTFOUND) {
		yw_error_set(g->err, YW_E_NOT_FOUND, "id", "事项 %lld 不存在 / no such item", (long long)g->id);
		return YW_NOTFOUND;
	}
	if (st)
		return st;
	if (g->version == YW_ITEM_V_PUBLISHED)
		yw_error_set(g->err, YW_E_ITEM_NOT_PUBLISHED, "id", "事项 %lld 未发布 / not published",
			     (long long)g->id);
	else if (g->version == YW_ITEM_V_DRAFT)
		yw_error_set(g->err, YW_E_NOT_FOUND, "version", "事项没有草稿 / the item has no draft");
	else
		yw_error_set(g->err, YW_E_NOT_FOUND, "version", "事项只有 %d 个版本 / the item has %d versions",
			     h.latest_version, h.latest_version);
	return YW_NOTFOUND;
}

static int get_tx(struct yw_conn *c, void *arg)
{
	struct get_ctx *g = arg;
	int st = yw_istore_get(c, g->id, g->version, g->out);
	if (st == YW_NOTFOUND)
		return explain_miss(c, g);
	if (st)
		return st;
	/* A retired item still points at its last version: not for the public. */
	if (g->version == YW_ITEM_V_PUBLISHED && strcmp(g->out->head.status, "published")) {
		yw_item_view_clear(g->out);
		return explain_miss(c, g);
	}
	/* The halls as they are now, in the same snapshot (never cached). */
	return yw_istore_version_halls(c, g->out->version_id, g->out);
}

int yw_catalogue_get(struct yw_store *s, int64_t id, int version, struct yw_item_view *out,
		     struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct get_ctx g = {id, version, out, err};
	int st = yw_store_tx(s, YW_TX_READ, get_tx, &g);
	if (st)
		yw_item_view_clear(out);
	return st;
}

struct versions_ctx {
	int64_t id;
	struct yw_item_versions *out;
	struct yw_error *err;
};

static int versions_tx(struct yw_conn *c, void *arg)
{
	struct versions_ctx *v = arg;
	yw_item_versions_clear(v->out);
	int st = yw_istore_head(c, v->id, &v->out->head);
	if (st == YW_NOTFOUND)
		yw_error_set(v->err, YW_E_NOT_FOUND, "id", "事项 %lld 不存在 / no such item", (long long)v->id);
	return st ? st : yw_istore_versions(c, v->id, v->out);
}

int yw_catalogue_versions(struct yw_store *s, int64_t id, struct yw_item_versions *out,
			  struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct versions_ctx v = {id, out, err};
	int st = yw_store_tx(s, YW_TX_READ, versions_tx, &v);
	if (st)
		yw_item_versions_clear(out);
	return st;
}

struct diff_ctx {
	int64_t id;
	int *from, *to;
	char **diff;
	struct yw_error *err;
};

static int diff_tx(struct yw_conn *c, void *arg)
{
	struct diff_ctx *d = arg;
	struct yw_item_head h;
	int st = yw_istore_head(c, d->id, &h);
	if (st == YW_NOTFOUND)
		yw_error_set(d->err, YW_E_NOT_FOUND, "id", "事项 %lld 不存在 / no such item", (long long)d->id);
	if (st)
		return st;
	int to = *d->to ? *d->to : h.latest_version, from = *d->from ? *d->from : to - 1;
	const char *bad = to > h.latest_version ? "to" : from < 1 || from > h.latest_version ? "from" : NULL;
	if (bad) {
		yw_error_set(d->err, YW_E_BAD_QUERY, bad, "版本应为 1–%d / versions are 1–%d",
			     h.latest_version, h.latest_version);
		return YW_FAIL;
	}
	struct yw_item_view a = {0}, b = {0};
	st = yw_istore_get(c, d->id, from, &a);
	if (!st)
		st = yw_istore_get(c, d->id, to, &b);
	if (!st) {
		free(*d->diff);
		*d->diff = yw_item_diff(a.content, b.content);
		st = *d->diff ? YW_OK : YW_STORE_ERR;
	}
	*d->from = from;
	*d->to = to;
	yw_item_view_clear(&a);
	yw_item_view_clear(&b);
	return st;
}

int yw_catalogue_diff(struct yw_store *s, int64_t id, int *from, int *to, char **diff,
		      struct yw_error *err)
{
	*diff = NULL;
	struct diff_ctx d = {id, from, to, diff, err};
	int st = yw_store_tx(s, YW_TX_READ, diff_tx, &d);
	if (st) {
		free(*diff);
		*diff = NULL;
	}
	return st;
}
