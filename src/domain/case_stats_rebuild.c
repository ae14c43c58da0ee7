/* Recomputes the statistics rollup from the cases, in one write
 * transaction: a repair after an upgrade from before the rollup existed,
 * and the proof (tests/api/case_stats.test.mjs) that the rows the case
 * actions kept incrementally are what a full pass finds. */
#include "yw/calendar_svc.h"
#include "yw/case_internal.h"
#include "yw/case_stats.h"
#include <stdlib.h>
#include <string.h>

enum { PAGE = 500 };

struct rebuild_ctx {
	const struct yw_calendar *cal;
	int64_t cases;
};

/* What the hook books over a case's life, all at once. */
static void book(struct yw_css_map *m, const struct yw_calendar *cal, const struct yw_css_case *k)
{
	struct yw_css_key on_booked, on_taken;
	yw_case_stats_key(k, &on_booked);
	on_taken = on_booked;
	yw_case_day(k->received_at, NULL, on_taken.day);
	struct yw_case_counts taken = {.received = 1, .not_accepted = !strcmp(k->state, "not_accepted")}, booked = {0};
	if (k->accepted_at) {
		booked.accepted = 1;
		booked.tolerant = k->tolerant;
		if (k->decided_at)
			yw_case_stats_finish(cal, k, &booked);
		booked.delivered = k->delivered_at != 0;
	}
	yw_css_map_add(yw_css_map_at(m, &on_taken), &taken);
	if (k->accepted_at)
		yw_css_map_add(yw_css_map_at(m, &on_booked), &booked);
}

static int rebuild_tx(struct yw_conn *c, void *p)
{
	struct rebuild_ctx *x = p;
	x->cases = 0;
	int st = yw_css_clear(c);
	struct yw_css_map m = {0};
	struct yw_css_case *page = yw_calloc(PAGE, sizeof *page);
	int64_t after = 0;
	for (int n = PAGE; !st && n == PAGE;) {
		if ((st = yw_css_cases_page(c, after, PAGE, page, &n)))
			break;
		for (int i = 0; i < n; i++)
			book(&m, x->cal, &page[i]);
		if (n)
			after = page[n - 1].id;
		x->cases += n;
	}
	if (!st)
		st = yw_css_map_flush(&m, c);
	yw_css_map_free(&m);
	free(page);
	return st;
}

int yw_case_stats_rebuild(struct yw_store *s, int64_t *cases, struct yw_error *err)
{
	struct yw_calendar *cal = NULL;
	int64_t version = 0;
	int st = yw_calendar_build(s, &cal, &version, err);
	if (st)
		return st;
	struct rebuild_ctx x = {cal, 0};
	st = yw_store_tx(s, YW_TX_WRITE, rebuild_tx, &x);
	yw_calendar_free(cal);
	if (cases)
		*cases = x.cases;
	if (st && !err->err)
		yw_error_set(err, YW_E_STORE, NULL, "the rollup could not be rebuilt");
	return st;
}
