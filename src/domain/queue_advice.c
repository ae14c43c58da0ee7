/* Release advice (放号频率): for each queue and service hour of a hall,
 * walk-in arrivals, mean service time and its variability from the last 20
 * working days of the hourly rollup, the share of the open windows' work
 * that goes to the queue, and
 * the largest number of online appointments an hour that keeps the
 * predicted mean wait (Erlang C with the Allen–Cunneen correction) under
 * the hall's target. Applying writes the release plan (docs/queue-stats.md). */
#include "yw/appt.h"
#include "yw/appt_store.h"
#include "yw/authz.h"
#include "yw/erlang.h"
#include "yw/queue_stats.h"
#include "yw/queue_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_DAYS 28 /* calendar days back: about 20 working days */
#define MAX_RELEASE 60
#define DEFAULT_SERVICE_MIN 8.0

void yw_advice_free(struct yw_advice *a)
{
	free(a->rows);
	memset(a, 0, sizeof *a);
}

struct advice_ctx {
	const struct yw_actor *who;
	int64_t hall_id, only_queue;
	double target;
	bool apply;
	struct yw_advice *out;
	struct yw_error *err;
	struct yw_conn *c;
	struct yw_hall_rules hall;
	char since[11];
	int st;
};

/* The hours a release plan covers: those of the queue's working-day
 * booking sessions; a queue without sessions yet gets the hall's
 * opening hours (hours[0], Monday, stands for a working day). */
struct hours_ctx {
	bool hour[24], any;
};

static int session_hours(void *p, const struct yw_session_row *r)
{
	struct hours_ctx *x = p;
	if (strcmp(r->day_kind, "workday"))
		return 0;
	for (int h = r->start_min / 60; h < 24 && h * 60 < r->end_min; h++)
		x->hour[h] = x->any = true;
	return 0;
}

static int service_hours(struct advice_ctx *x, const struct yw_queue *q, bool out[24])
{
	struct hours_ctx hc = {0};
	int st = yw_as_sessions(x->c, q->id, session_hours, &hc);
	if (st)
		return st;
	for (int h = 0; h < 24; h++)
		out[h] = hc.any ? hc.hour[h] : yw_hours_cover(x->hall.hours[0], h * 60 + 30);
	return YW_OK;
}

/* Windows working for the queue: each open window serving it counts with
 * the share of its finished tickets that were the queue's over the history
 * (1/n of it for a window serving n queues with too little history), so a
 * comprehensive window shared by five queues is not counted five times. */
#define MIN_HISTORY 20

struct share_ctx {
	struct advice_ctx *x;
	const struct yw_queue *q;
	double windows;
	int st;
};

static int count_codes(const char *json)
{
	int quotes = 0;
	for (const char *p = json; *p; p++)
		quotes += *p == '"';
	return quotes / 2;
}

static int add_share(void *p, const struct yw_window_row *w)
{
	struct share_ctx *s = p;
	char quoted[24];
	snprintf(quoted, sizeof quoted, "\"%s\"", s->q->code);
	if (!w->is_open || !strstr(w->queue_codes, quoted))
		return 0;
	int64_t mine = 0, all = 0;
	if ((s->st = yw_qs_served_mix(s->x->c, w->id, s->q->id, s->x->since, &mine, &all)))
		return 1;
	int n = count_codes(w->queue_codes);
	s->windows += all >= MIN_HISTORY ? (double)mine / (double)all : 1.0 / (n > 0 ? n : 1);
	return 0;
}

static int queue_windows(struct advice_ctx *x, const struct yw_queue *q, int *out)
{
	struct share_ctx s = {.x = x, .q = q};
	int st = yw_qs_hall_windows(x->c, x->hall_id, add_share, &s);
	if (!st)
		st = s.st;
	int c = (int)(s.windows + 0.5);
	*out = s.windows > 0 && c < 1 ? 1 : c;
	return st;
}

static int advise_queue(void *p, const struct yw_queue *q)
{
	struct advice_ctx *x = p;
	if (x->only_queue && q->id != x->only_queue)
		return 0;
	struct yw_hour_sums sums[24];
	int days = 0, windows = 0, plan[24];
	bool hours[24];
	if ((x->st = yw_qs_hour_sums(x->c, x->hall_id, q->id, x->since, sums, &days)) ||
	    (x->st = queue_windows(x, q, &windows)) || (x->st = service_hours(x, q, hours)) ||
	    (x->st = yw_appt_release_get(x->c, q->id, plan)))
		return 1;
	x->out->days = days;
	int advised[24];
	for (int h = 0; h < 24; h++) {
		advised[h] = -1;
		if (!hours[h])
			continue;
		struct yw_advice_row r = {.queue_id = q->id, .hour = h, .windows = windows, .current = plan[h]};
		snprintf(r.queue_name, sizeof r.queue_name, "%s", q->name);
		r.arrivals = days ? (double)sums[h].walkins / days : 0;
		if (sums[h].service_n >= 5) {
			double n = (double)sums[h].service_n, m = (double)sums[h].service_sum_ms / 60000.0 / n;
			double var = sums[h].service_sq_sum / n - m * m;
			r.mean_service = m;
			r.cs2 = m > 0 && var > 0 ? var / (m * m) : 1.0;
		} else {
			r.mean_service = DEFAULT_SERVICE_MIN;
			r.cs2 = 1.0;
		}
		r.advised = yw_release_advice(r.arrivals, r.mean_service, r.cs2, windows, x->target, MAX_RELEASE);
		r.wait_without = yw_wait_gg_c(r.arrivals, r.mean_service, windows, 1.0, r.cs2);
		r.wait_with = yw_wait_gg_c(r.arrivals + r.advised, r.mean_service, windows, 1.0, r.cs2);
		advised[h] = r.advised;
		x->out->rows = yw_realloc(x->out->rows, (size_t)(x->out->n + 1) * sizeof *x->out->rows);
		x->out->rows[x->out->n++] = r;
	}
	if (x->apply && (x->st = yw_appt_release_set(x->c, x->who, q->id, advised)))
		return 1;
	return 0;
}

static int advice_tx(struct yw_conn *c, void *p)
{
	struct advice_ctx *x = p;
	yw_advice_free(x->out);
	x->c = c;
	x->st = YW_OK;
	int st = yw_qs_hall_rules(c, x->hall_id, &x->hall);
	if (st == YW_NOTFOUND) {
		yw_error_set(x->err, YW_E_NOT_FOUND, "id", "大厅不存在");
		return YW_FAIL;
	}
	if (st)
		return st;
	struct yw_scope scope = {.region_id = x->hall.region_id, .hall_id = x->hall_id};
	if ((st = yw_authz_scope(c, x->who, &yw_entity_window, scope, x->err)))
		return st;
	if (x->only_queue) {
		struct yw_queue q;
		st = yw_qs_queue(c, x->only_queue, &q);
		if (st == YW_NOTFOUND || (!st && q.hall_id != x->hall_id)) {
			yw_error_set(x->err, YW_E_REF_NOT_FOUND, "queue_id", "该大厅没有此队列");
			return YW_FAIL;
		}
		if (st)
			return st;
	}
	if (x->target <= 0)
		x->target = x->hall.wait_target_min;
	x->out->target = x->target;
	yw_local_day(yw_now_ms() - (int64_t)HISTORY_DAYS * 86400000, x->since);
	st = yw_qs_hall_queues(c, x->hall_id, true, advise_queue, x);
	return st ? st : x->st;
}

static int run(struct yw_store *s, struct advice_ctx *x)
{
	memset(x->out, 0, sizeof *x->out);
	int st = yw_store_tx(s, x->apply ? YW_TX_WRITE : YW_TX_READ, advice_tx, x);
	if (st)
		yw_advice_free(x->out);
	return st;
}

int yw_release_advice_view(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, double target,
			   struct yw_advice *out, struct yw_error *err)
{
	struct advice_ctx x = {.who = who, .hall_id = hall_id, .target = target, .out = out, .err = err};
	return run(s, &x);
}

int yw_release_advice_apply(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, int64_t queue_id,
			    double target, struct yw_advice *out, struct yw_error *err)
{
	struct advice_ctx x = {.who = who, .hall_id = hall_id, .only_queue = queue_id, .target = target,
			       .apply = true, .out = out, .err = err};
	return run(s, &x);
}
