/* Statistics per queue, window, staff member or hour over a span of days:
 * counts, waiting and service times (mean, p50, p90), appointment
 * punctuality, the quoted-against-real wait error and the peak hours. The
 * rows of one hall and span come through the (hall_id, day) index; at most
 * 93 days are read. */
#include "yw/queue_stats.h"
#include "yw/authz.h"
#include "yw/queue_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct samples {
	double *v;
	int n, cap;
};

static void push(struct samples *s, double x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->v = yw_realloc(s->v, (size_t)s->cap * sizeof *s->v);
	}
	s->v[s->n++] = x;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted samples. */
static double pct(const struct samples *s, double p)
{
	if (!s->n)
		return 0;
	int k = (int)(p * s->n + 0.999999) - 1;
	return s->v[k < 0 ? 0 : k >= s->n ? s->n - 1 : k];
}

static double mean(const struct samples *s)
{
	double sum = 0;
	for (int i = 0; i < s->n; i++)
		sum += s->v[i];
	return s->n ? sum / s->n : 0;
}

struct acc {
	struct yw_qstat_group g;
	struct samples wait, service;
	double quote_err;
};

struct stats_ctx {
	const struct yw_actor *who;
	int64_t hall_id;
	const char *from, *to;
	enum yw_stats_by by;
	struct acc *acc;
	int nacc;
	int hours[24];
	int total;
	struct yw_error *err;
};

static struct acc *group(struct stats_ctx *x, int64_t key, const char *label)
{
	for (int i = 0; i < x->nacc; i++)
		if (x->acc[i].g.key == key)
			return &x->acc[i];
	x->acc = yw_realloc(x->acc, (size_t)(x->nacc + 1) * sizeof *x->acc);
	struct acc *a = &x->acc[x->nacc++];
	memset(a, 0, sizeof *a);
	a->g.key = key;
	snprintf(a->g.label, sizeof a->g.label, "%s", label);
	return a;
}

static int add_row(void *p, const struct yw_stat_row *r)
{
	struct stats_ctx *x = p;
	int hour = yw_local_hour(r->issued_at);
	x->hours[hour]++;
	x->total++;
	int64_t key;
	char label[320];
	switch (x->by) {
	/* Tickets never called (cancelled, still waiting) have no window, and
	 * windows run without a logged-in account have no staff: own groups. */
	case YW_BY_WINDOW:
		key = r->window_id;
		snprintf(label, sizeof label, key ? "%lld" : "未叫号", (long long)key);
		break;
	case YW_BY_STAFF:
		key = r->staff_id;
		snprintf(label, sizeof label, "%s", r->staff_name[0] ? r->staff_name : key ? "—" : "未登记人员");
		break;
	case YW_BY_HOUR: key = hour; snprintf(label, sizeof label, "%02d:00", hour); break;
	default: key = r->issue_queue_id; snprintf(label, sizeof label, "%lld", (long long)key); break;
	}
	struct acc *a = group(x, key, label);
	a->g.tickets++;
	if (!strcmp(r->status, "done"))
		a->g.served++;
	else if (!strcmp(r->status, "no_show"))
		a->g.no_shows++;
	else if (!strcmp(r->status, "cancelled"))
		a->g.cancelled++;
	if (!strcmp(r->source, "appointment")) {
		a->g.appointments++;
		a->g.appointments_on_time += r->klass == YW_TK_APPOINTMENT;
	}
	if (r->first_called_at) {
		double w = (double)(r->first_called_at - r->issued_at) / 60000.0;
		push(&a->wait, w);
		double mid = (r->quoted_lo + r->quoted_hi) / 2.0;
		a->quote_err += w > mid ? w - mid : mid - w;
		a->g.quote_n++;
		a->g.quote_in_range += w >= r->quoted_lo && w <= r->quoted_hi;
	}
	if (!strcmp(r->status, "done") && r->started_at && r->finished_at)
		push(&a->service, (double)(r->finished_at - r->started_at) / 60000.0);
	return 0;
}

static int name_queue(void *p, const struct yw_queue *q)
{
	struct stats_ctx *x = p;
	for (int i = 0; i < x->nacc; i++)
		if (x->acc[i].g.key == q->id)
			snprintf(x->acc[i].g.label, sizeof x->acc[i].g.label, "%s %s", q->code, q->name);
	return 0;
}

static int name_window(void *p, const struct yw_window_row *w)
{
	struct stats_ctx *x = p;
	for (int i = 0; i < x->nacc; i++)
		if (x->acc[i].g.key == w->id)
			snprintf(x->acc[i].g.label, sizeof x->acc[i].g.label, "%lld号 %s", (long long)w->number, w->name);
	return 0;
}

static void acc_free(struct stats_ctx *x)
{
	for (int i = 0; i < x->nacc; i++) {
		free(x->acc[i].wait.v);
		free(x->acc[i].service.v);
	}
	free(x->acc);
	x->acc = NULL;
	x->nacc = 0;
	x->total = 0;
	memset(x->hours, 0, sizeof x->hours);
}

static int stats_tx(struct yw_conn *c, void *p)
{
	struct stats_ctx *x = p;
	acc_free(x);
	struct yw_hall_rules hall;
	int st = yw_qs_hall_rules(c, x->hall_id, &hall);
	if (st == YW_NOTFOUND) {
		yw_error_set(x->err, YW_E_NOT_FOUND, "id", "大厅不存在");
		return YW_FAIL;
	}
	if (st)
		return st;
	struct yw_scope scope = {.region_id = hall.region_id, .hall_id = x->hall_id};
	if ((st = yw_authz_scope(c, x->who, &yw_entity_window, scope, x->err)) ||
	    (st = yw_qs_stat_rows(c, x->hall_id, x->from, x->to, add_row, x)))
		return st;
	if (x->by == YW_BY_QUEUE)
		return yw_qs_hall_queues(c, x->hall_id, false, name_queue, x);
	if (x->by == YW_BY_WINDOW)
		return yw_qs_hall_windows(c, x->hall_id, name_window, x);
	return YW_OK;
}

static int by_key(const void *a, const void *b)
{
	const struct yw_qstat_group *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
}

int yw_queue_stats(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, const char *from, const char *to,
		   enum yw_stats_by by, struct yw_qstats *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct stats_ctx x = {.who = who, .hall_id = hall_id, .from = from, .to = to, .by = by, .err = err};
	int st = yw_store_tx(s, YW_TX_READ, stats_tx, &x);
	if (st) {
		acc_free(&x);
		return st;
	}
	out->g = yw_calloc((size_t)(x.nacc ? x.nacc : 1), sizeof *out->g);
	for (int i = 0; i < x.nacc; i++) {
		struct acc *a = &x.acc[i];
		qsort(a->wait.v, (size_t)a->wait.n, sizeof(double), cmp_double);
		qsort(a->service.v, (size_t)a->service.n, sizeof(double), cmp_double);
		a->g.wait_mean = mean(&a->wait);
		a->g.wait_p50 = pct(&a->wait, 0.5);
		a->g.wait_p90 = pct(&a->wait, 0.9);
		a->g.service_mean = mean(&a->service);
		a->g.service_p50 = pct(&a->service, 0.5);
		a->g.service_p90 = pct(&a->service, 0.9);
		a->g.quote_mae = a->g.quote_n ? a->quote_err / a->g.quote_n : 0;
		out->g[out->n++] = a->g;
	}
	qsort(out->g, (size_t)out->n, sizeof *out->g, by_key);
	out->total = x.total;
	for (int k = 0; k < 3; k++) {
		int best = -1;
		for (int h = 0; h < 24; h++) {
			bool taken = false;
			for (int j = 0; j < k; j++)
				taken |= out->peak_hours[j] == h;
			if (!taken && x.hours[h] && (best < 0 || x.hours[h] > x.hours[best]))
				best = h;
		}
		out->peak_hours[k] = best;
		out->peak_counts[k] = best >= 0 ? x.hours[best] : 0;
	}
	acc_free(&x);
	return YW_OK;
}

void yw_qstats_free(struct yw_qstats *q)
{
	free(q->g);
	memset(q, 0, sizeof *q);
}
