/* Catalogue KPIs per region and department, computed from the current
 * published versions each time (a district's catalogue is a few thousand
 * rows; one grouped pass). The formulas are in docs/catalogue-kpis.md. */
#include "catalogue_internal.h"
#include "yw/item_store.h"
#include <stdlib.h>
#include <string.h>

static void counts_free(struct yw_kpi_counts *rows, int n)
{
	for (int i = 0; i < n; i++)
		free(rows[i].label);
	free(rows);
}

void yw_kpis_free(struct yw_kpis *k)
{
	free(k->total.label);
	counts_free(k->by_department, k->ndepartments);
	counts_free(k->by_region, k->nregions);
	memset(k, 0, sizeof *k);
}

static double rate(int64_t num, int64_t den) { return den > 0 ? (double)num / (double)den : -1; }

void yw_kpi_rates(const struct yw_kpi_counts *c, struct yw_kpi_rates *out)
{
	out->in_hall = rate(c->in_hall, c->items);
	out->comprehensive = rate(c->comprehensive, c->in_hall);
	out->online = rate(c->online, c->items);
	out->full_online = rate(c->full_online, c->items);
	out->at_most_once = rate(c->at_most_once, c->items);
	out->immediate = rate(c->immediate, c->items);
	out->avg_promised = rate(c->sum_promised, c->items);
	out->avg_statutory = rate(c->sum_statutory, c->items);
	out->compression = c->sum_statutory > 0 ? 1.0 - rate(c->sum_promised, c->sum_statutory) : -1;
}

static void add(struct yw_kpi_counts *total, const struct yw_kpi_counts *c)
{
	total->items += c->items;
	total->in_hall += c->in_hall;
	total->comprehensive += c->comprehensive;
	total->online += c->online;
	total->full_online += c->full_online;
	total->at_most_once += c->at_most_once;
	total->immediate += c->immediate;
	total->sum_promised += c->sum_promised;
	total->sum_statutory += c->sum_statutory;
}

struct kpi_ctx {
	int64_t region_id, department_id;
	struct yw_kpis *out;
	struct yw_error *err;
};

static int kpi_tx(struct yw_conn *c, void *arg)
{
	struct kpi_ctx *k = arg;
	yw_kpis_free(k->out);
	char *path = NULL;
	if (k->region_id) {
		int st = yw_istore_region(c, k->region_id, NULL, &path);
		if (st == YW_NOTFOUND)
			yw_error_set(k->err, YW_E_NOT_FOUND, "region_id", "区划 %lld 不存在", (long long)k->region_id);
		if (st)
			return st;
	}
	int st = yw_istore_kpis(c, 'd', path, k->department_id, &k->out->by_department,
				&k->out->ndepartments);
	if (!st)
		st = yw_istore_kpis(c, 'r', path, k->department_id, &k->out->by_region, &k->out->nregions);
	free(path);
	for (int i = 0; !st && i < k->out->ndepartments; i++)
		add(&k->out->total, &k->out->by_department[i]);
	return st;
}

int yw_catalogue_kpis(struct yw_store *s, int64_t region_id, int64_t department_id, struct yw_kpis *out,
		      struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct kpi_ctx k = {region_id, department_id, out, err};
	int st = yw_store_tx(s, YW_TX_READ, kpi_tx, &k);
	if (st)
		yw_kpis_free(out);
	return st;
}
