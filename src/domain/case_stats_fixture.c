/* A bulk fixture of cases written straight into the store, not through the
 * API: the benches' million-case department inbox, and the statistics
 * tests' district year ("受理159524宗，办结159138宗"). Cases are spread evenly
 * over the working days of the period across the published hall items and
 * the receiving windows with their clerks; the last ones stay open in a
 * department's inbox, the others are decided (1 in 100 refused, 1 in 50
 * after the promised date) and delivered the next day. Whole days go in
 * one write transaction with their case numbers, review steps and rollup
 * rows, so the figures match the cases at every commit. */
#include "yw/calendar_svc.h"
#include "yw/case_internal.h"
#include "yw/case_stats.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK = 500, TX_CASES = 20000, MAX_CASES = 10000000 };

struct source {
	struct yw_css_item *items;
	struct yw_css_desk *desks;
	int nitems, ndesks;
};

static uint64_t next_rand(uint64_t *s)
{
	/* xorshift64*: the same seed gives the same cases */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* Each item's first review step: where its open cases wait. */
static int load_steps(struct yw_conn *c, struct source *src)
{
	for (int i = 0; i < src->nitems; i++) {
		struct yw_css_item *it = &src->items[i];
		struct yw_case_item_ref ref = {0};
		int st = yw_case_item_load(c, it->id, it->version, it->version_id, &ref);
		if (st)
			return st;
		int n = ref.it->nsteps;
		int *stage = yw_calloc((size_t)(n ? n : 1), sizeof *stage);
		const char **kind = yw_calloc((size_t)(n ? n : 1), sizeof *kind);
		yw_case_item_stages(ref.it, stage, kind);
		it->review_department_id = it->department_id;
		it->step_limit = it->promised_days > 0 ? it->promised_days : 1;
		snprintf(it->step_name, sizeof it->step_name, "审核");
		for (int j = 0; j < n; j++)
			if (!strcmp(kind[j], "review")) {
				it->review_department_id = yw_case_step_department(ref.it, j);
				it->step_limit = ref.it->steps[j].limit_days > 0 ? ref.it->steps[j].limit_days : 1;
				snprintf(it->step_name, sizeof it->step_name, "%s", ref.it->steps[j].name);
				break;
			}
		free(stage);
		free(kind);
		yw_case_item_release(&ref);
	}
	return YW_OK;
}

static int source_tx(struct yw_conn *c, void *p)
{
	struct source *src = p;
	free(src->items);
	free(src->desks);
	int st = yw_css_fixture_items(c, &src->items, &src->nitems);
	if (!st)
		st = yw_css_fixture_desks(c, &src->desks, &src->ndesks);
	if (!st)
		st = load_steps(c, src);
	return st;
}

/* The n-th working day after d, or d + n calendar days when the calendar
 * cannot say (a year without data): a fixture, not a deadline. */
static void after_workdays(const struct yw_calendar *cal, struct yw_date d, int n, char out[11])
{
	struct yw_date r;
	if (yw_calendar_add_workdays(cal, d, n, &r, NULL) != YW_OK)
		r = yw_date_add_days(d, n);
	yw_date_format(r, out);
}

struct day_ctx {
	const struct yw_case_fixture *f;
	const struct yw_calendar *cal;
	const struct source *src;
	const struct yw_date *days;
	int ndays, day_from, day_to; /* this transaction writes days [day_from, day_to) */
	struct yw_date day;
	int64_t first, count; /* cases first .. first+count-1 of the whole fixture */
	int64_t open_from;    /* cases from this index stay open */
	struct yw_case *k;
	struct yw_case_step *s;
};

/* The draws of one case come from its index alone. */
struct draw {
	uint64_t r;
	const struct yw_css_item *it;
	const struct yw_css_desk *dk;
};

static void draw(const struct day_ctx *x, int64_t index, struct draw *d)
{
	d->r = x->f->seed * 0x9E3779B97F4A7C15ull + (uint64_t)index + 1;
	next_rand(&d->r);
	d->it = &x->src->items[next_rand(&d->r) % (uint64_t)x->src->nitems];
	d->dk = &x->src->desks[next_rand(&d->r) % (uint64_t)x->src->ndesks];
}

/* One case of the fixture: numbered seq in its region and day. */
static void make_case(struct day_ctx *x, int64_t index, struct draw *dr, int64_t seq, struct yw_case *k,
		      struct yw_case_step *s)
{
	const struct yw_css_item *it = dr->it;
	const struct yw_css_desk *dk = dr->dk;
	uint64_t r = dr->r;
	memset(k, 0, sizeof *k);
	memset(s, 0, sizeof *s);
	char day_s[11], ymd[9];
	yw_date_format(x->day, day_s);
	snprintf(ymd, sizeof ymd, "%04d%02d%02d", x->day.y, x->day.m, x->day.d);
	snprintf(k->case_no, sizeof k->case_no, "%.12s%.8s%06d", dk->region_code, ymd, (int)(seq % 1000000));
	k->item_id = it->id;
	k->item_version = it->version;
	k->item_version_id = it->version_id;
	snprintf(k->item_code, sizeof k->item_code, "%s", it->code);
	snprintf(k->item_name, sizeof k->item_name, "%s", it->name);
	snprintf(k->handling_type, sizeof k->handling_type, "%s", it->handling_type);
	k->region_id = it->region_id;
	k->department_id = it->department_id;
	k->hall_id = dk->hall_id;
	k->window_id = dk->window_id;
	k->staff_id = dk->staff_id;
	snprintf(k->applicant_name, sizeof k->applicant_name, "批量申请人%lld", (long long)index % 100000);
	snprintf(k->applicant_id, sizeof k->applicant_id, "440524188001010014");
	snprintf(k->applicant_phone, sizeof k->applicant_phone, "139%08lld", (long long)(index % 100000000));
	k->statutory_days = it->statutory_days;
	k->promised_days = it->promised_days;
	/* Accepted between 09:00 and 17:00 local time. */
	k->received_at = k->accepted_at = yw_date_midnight_ms_shanghai(x->day) +
					  (int64_t)(9 * 60 + next_rand(&r) % (8 * 60)) * 60000;
	k->updated_at = k->accepted_at;
	snprintf(k->accepted_on, sizeof k->accepted_on, "%s", day_s);
	after_workdays(x->cal, x->day, it->promised_days, k->due_promised);
	after_workdays(x->cal, x->day, it->statutory_days, k->due_statutory);
	s->department_id = it->review_department_id;
	s->limit_days = it->step_limit;
	snprintf(s->name, sizeof s->name, "%s", it->step_name);
	s->activated_at = k->accepted_at;
	snprintf(s->activated_on, sizeof s->activated_on, "%s", day_s);
	after_workdays(x->cal, x->day, it->step_limit, s->due);
	if (index >= x->open_from) {
		snprintf(k->state, sizeof k->state, "in_progress");
		snprintf(s->state, sizeof s->state, "active");
		return;
	}
	/* Decided within the promise, 1 in 50 a few days late; delivered the
	 * next day. */
	int promised = it->promised_days > 0 ? it->promised_days : 1;
	int used = next_rand(&r) % 50 == 0 ? promised + 1 + (int)(next_rand(&r) % 3)
					   : 1 + (int)(next_rand(&r) % (uint64_t)promised);
	after_workdays(x->cal, x->day, used, k->decided_on);
	struct yw_date decided;
	yw_date_parse(k->decided_on, &decided, "decided_on", NULL);
	k->decided_at = yw_date_midnight_ms_shanghai(decided) + 15 * 3600000LL;
	k->delivered_at = k->decided_at + 24 * 3600000LL;
	k->updated_at = k->delivered_at;
	after_workdays(x->cal, decided, YW_CASE_DELIVERY_DAYS, k->delivery_due);
	snprintf(k->state, sizeof k->state, "delivered");
	snprintf(k->outcome, sizeof k->outcome, "%s", next_rand(&r) % 100 == 0 ? "rejected" : "approved");
	snprintf(s->state, sizeof s->state, "done");
	s->finished_at = k->decided_at;
	s->finished_by = dk->staff_id;
}

static void book(struct yw_css_map *m, const struct yw_calendar *cal, const struct yw_case *k)
{
	struct yw_css_case c = {.item_id = k->item_id, .department_id = k->department_id, .hall_id = k->hall_id,
				.window_id = k->window_id, .staff_id = k->staff_id, .region_id = k->region_id,
				.received_at = k->received_at, .accepted_at = k->accepted_at,
				.decided_at = k->decided_at, .delivered_at = k->delivered_at,
				.promised_days = k->promised_days};
	snprintf(c.outcome, sizeof c.outcome, "%s", k->outcome);
	snprintf(c.accepted_on, sizeof c.accepted_on, "%s", k->accepted_on);
	snprintf(c.decided_on, sizeof c.decided_on, "%s", k->decided_on);
	snprintf(c.due_promised, sizeof c.due_promised, "%s", k->due_promised);
	snprintf(c.due_statutory, sizeof c.due_statutory, "%s", k->due_statutory);
	struct yw_css_key key;
	yw_case_stats_key(&c, &key);
	struct yw_case_counts n = {.received = 1, .accepted = 1, .delivered = k->delivered_at != 0};
	if (k->decided_at)
		yw_case_stats_finish(cal, &c, &n);
	yw_css_map_add(yw_css_map_at(m, &key), &n);
}

/* The numbers of the day continue each numbering region's counter. */
struct counter {
	int64_t region_id, last;
};

static int one_day(struct yw_conn *c, struct day_ctx *x)
{
	const struct source *src = x->src;
	char day_s[11];
	yw_date_format(x->day, day_s);
	struct counter *ctr = yw_calloc((size_t)src->ndesks, sizeof *ctr);
	int nctr = 0, st = YW_OK;
	for (int i = 0; i < src->ndesks && !st; i++) {
		int j = 0;
		while (j < nctr && ctr[j].region_id != src->desks[i].region_id)
			j++;
		if (j == nctr) {
			ctr[nctr].region_id = src->desks[i].region_id;
			st = yw_css_fixture_next_seq(c, ctr[nctr].region_id, day_s, &ctr[nctr].last);
			nctr++;
		}
	}
	struct yw_css_map m = {0};
	for (int64_t at = 0; at < x->count && !st; at += CHUNK) {
		int n = x->count - at < CHUNK ? (int)(x->count - at) : CHUNK;
		for (int i = 0; i < n; i++) {
			int64_t index = x->first + at + i;
			struct draw dr;
			draw(x, index, &dr);
			int j = 0; /* the desk's hall numbers the case */
			while (ctr[j].region_id != dr.dk->region_id)
				j++;
			make_case(x, index, &dr, ++ctr[j].last, &x->k[i], &x->s[i]);
			book(&m, x->cal, &x->k[i]);
		}
		st = yw_css_fixture_cases(c, x->k, x->s, n);
	}
	for (int j = 0; j < nctr && !st; j++)
		st = yw_css_fixture_counter(c, ctr[j].region_id, day_s, ctr[j].last);
	if (!st)
		st = yw_css_map_flush(&m, c);
	yw_css_map_free(&m);
	free(ctr);
	return st;
}

static int days_tx(struct yw_conn *c, void *p)
{
	struct day_ctx *x = p;
	int st = YW_OK;
	for (int i = x->day_from; i < x->day_to && !st; i++) {
		/* Even spread: day i takes the cases [i·N/d, (i+1)·N/d). */
		int64_t first = x->f->cases * i / x->ndays, next = x->f->cases * (i + 1) / x->ndays;
		x->day = x->days[i];
		x->first = first;
		x->count = next - first;
		if (x->count)
			st = one_day(c, x);
	}
	return st;
}

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

int yw_case_fixture(struct yw_store *s, const struct yw_case_fixture *f, struct yw_error *err)
{
	struct yw_date from, to;
	if (f->cases < 1 || f->cases > MAX_CASES)
		return fail(err, YW_E_OUT_OF_RANGE, "cases", "cases: 1 to 10,000,000");
	if (f->finished < 0 || f->finished > f->cases)
		return fail(err, YW_E_OUT_OF_RANGE, "finished", "finished: 0 to cases");
	if (yw_date_parse(f->from, &from, "from", err) || yw_date_parse(f->to, &to, "to", err))
		return YW_FAIL;
	if (yw_date_cmp(from, to) > 0)
		return fail(err, YW_E_CASE_STATS_PERIOD, "from", "from is after to");
	struct yw_calendar *cal = NULL;
	int64_t version = 0;
	int st = yw_calendar_build(s, &cal, &version, err);
	if (st)
		return st;
	struct source src = {0};
	/* The working days of the period (a year without a calendar is refused). */
	int ndays = 0;
	struct yw_date *days = yw_calloc((size_t)(yw_date_to_days(to) - yw_date_to_days(from) + 1), sizeof *days);
	for (struct yw_date d = from; yw_date_cmp(d, to) <= 0; d = yw_date_add_days(d, 1)) {
		bool work;
		if ((st = yw_calendar_is_workday(cal, d, &work, err)))
			goto out;
		if (work)
			days[ndays++] = d;
	}
	if (!ndays) {
		st = fail(err, YW_E_CASE_STATS_PERIOD, "from", "the period has no working day");
		goto out;
	}
	if ((st = yw_store_tx(s, YW_TX_READ, source_tx, &src)))
		goto out;
	if (!src.nitems || !src.ndesks) {
		st = fail(err, YW_E_NOT_FOUND, NULL, "no published hall item or no receiving window with a clerk (seed demo)");
		goto out;
	}
	struct day_ctx x = {.f = f, .cal = cal, .src = &src, .days = days, .ndays = ndays, .open_from = f->finished};
	x.k = yw_calloc(CHUNK, sizeof *x.k);
	x.s = yw_calloc(CHUNK, sizeof *x.s);
	/* Commits of about TX_CASES cases: whole days each. */
	for (int i = 0; i < ndays && !st;) {
		int j = i + 1;
		while (j < ndays && f->cases * (j + 1) / ndays - f->cases * i / ndays <= TX_CASES)
			j++;
		x.day_from = i;
		x.day_to = j;
		st = yw_store_tx(s, YW_TX_WRITE, days_tx, &x);
		i = j;
	}
	free(x.k);
	free(x.s);
	if (st && !err->err)
		yw_error_set(err, YW_E_STORE, NULL, "the fixture could not be written");
out:
	free(days);
	free(src.items);
	free(src.desks);
	yw_calendar_free(cal);
	return st;
}
