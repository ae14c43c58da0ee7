/* Demo history (part of `yiwang seed demo`): the district centre's last
 * working days simulated so that statistics, wait estimates and release
 * advice start from real-looking numbers. Walk-ins arrive as a Poisson
 * process with a morning peak; each queue is served by its usual number of
 * windows in order of arrival with exponential service times; some people
 * do not show up. Deterministic (a fixed seed); a day already present is
 * skipped, so seeding twice changes nothing. */
#include "yw/calendar_svc.h"
#include "yw/queue_stats.h"
#include "yw/queue_store.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct profile {
	const char *code;
	double mean_service; /* minutes */
	int windows;
	double per_hour[24]; /* walk-ins per hour */
};

static const struct profile profiles[] = {
	{"A", 9.0, 5, {[8] = 12, [9] = 34, [10] = 38, [11] = 22, [14] = 18, [15] = 28, [16] = 22, [17] = 4}},
	{"B", 12.0, 2, {[8] = 4, [9] = 11, [10] = 12, [11] = 7, [14] = 6, [15] = 9, [16] = 7}},
	{"C", 3.0, 1, {[9] = 8, [10] = 12, [11] = 9, [14] = 6, [15] = 10, [16] = 12}},
	{"E", 4.0, 2, {[8] = 6, [9] = 14, [10] = 16, [11] = 10, [14] = 8, [15] = 12, [16] = 10}},
};

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}
static double expo(double mean) { return -mean * log(uniform()); }

struct day_job {
	const char *day;
	const struct profile *p;
	int inserted;
};

static int sim_queue(struct yw_conn *c, const struct yw_queue *q, struct day_job *job)
{
	bool used;
	int st = yw_qs_day_used(c, q->id, job->day, &used);
	if (st || used)
		return st;
	double free_at[8] = {0};
	int number = 0;
	for (int h = 0; h < 24; h++) {
		double rate = job->p->per_hour[h];
		for (double t = h * 60 + expo(60.0 / (rate > 0 ? rate : 1)); rate > 0 && t < (h + 1) * 60;
		     t += expo(60.0 / rate)) {
			int w = 0;
			for (int k = 1; k < job->p->windows; k++)
				if (free_at[k] < free_at[w])
					w = k;
			double start = t > free_at[w] ? t : free_at[w];
			bool no_show = uniform() < 0.05;
			double service = no_show ? 0.5 : 1.0 + expo(job->p->mean_service - 1.0);
			free_at[w] = start + service;
			struct yw_ticket tk = {0};
			tk.hall_id = q->hall_id;
			tk.queue_id = tk.issue_queue_id = q->id;
			tk.number = ++number;
			snprintf(tk.day, sizeof tk.day, "%s", job->day);
			snprintf(tk.code, sizeof tk.code, "%s%0*d", q->prefix, q->pad, number);
			/* Not a capability like a live ticket's token (no page for history). */
			snprintf(tk.token, sizeof tk.token, "h%.10s%.8s%05d", job->day, q->code, number % 100000);
			snprintf(tk.source, sizeof tk.source, "kiosk");
			snprintf(tk.status, sizeof tk.status, "waiting");
			tk.klass = YW_TK_NORMAL;
			tk.issued_at = tk.sort_at = yw_local_ms(job->day, 0) + (int64_t)(t * 60000);
			/* The quote a kiosk would have printed: the real wait seen through
			 * the estimator's error. */
			double wait = start - t, quoted = wait * (0.6 + 0.8 * uniform()) + uniform() * 3;
			tk.quoted_lo = (int)(quoted * 0.8);
			tk.quoted_hi = (int)(quoted * 1.25) + 1;
			double mid = (tk.quoted_lo + tk.quoted_hi) / 2.0;
			if ((st = yw_qs_ticket_insert(c, &tk)))
				return st;
			tk.version = 1;
			tk.called_at = tk.first_called_at = yw_local_ms(job->day, 0) + (int64_t)(start * 60000);
			tk.window_id = 0;
			if (no_show) {
				snprintf(tk.status, sizeof tk.status, "no_show");
				tk.finished_at = tk.called_at + 60000;
			} else {
				snprintf(tk.status, sizeof tk.status, "done");
				tk.started_at = tk.called_at + 30000;
				tk.finished_at = tk.started_at + (int64_t)(service * 60000);
			}
			if ((st = yw_qs_ticket_save(c, &tk, tk.finished_at)))
				return st;
			struct yw_qhour_add a = {.issued = 1, .walkins = 1, .wait_n = 1,
						 .wait_sum_ms = tk.first_called_at - tk.issued_at, .quote_n = 1,
						 .quote_abs_err_ms = (int64_t)(fabs(wait - mid) * 60000),
						 .quote_in_range = wait >= tk.quoted_lo && wait <= tk.quoted_hi};
			if (no_show)
				a.no_shows = 1;
			if ((st = yw_qs_hourly_add(c, tk.hall_id, q->id, job->day, h, &a)))
				return st;
			if (!no_show) {
				struct yw_qhour_add sv = {.served = 1, .service_n = 1,
							  .service_sum_ms = tk.finished_at - tk.started_at,
							  .service_sq_sum = service * service};
				if ((st = yw_qs_hourly_add(c, tk.hall_id, q->id, job->day, yw_local_hour(tk.started_at), &sv)))
					return st;
			}
			job->inserted++;
		}
	}
	return number ? yw_qs_set_counter(c, q->id, job->day, number) : YW_OK;
}

static int day_tx(struct yw_conn *c, void *p)
{
	struct day_job *job = p;
	for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
		struct yw_queue q;
		int st = yw_qs_queue_by_code(c, 1, profiles[i].code, &q);
		if (st == YW_NOTFOUND)
			continue;
		job->p = &profiles[i];
		if (st || (st = sim_queue(c, &q, job)))
			return st;
	}
	return YW_OK;
}

int yw_queue_seed_history(struct yw_store *s, int days)
{
	struct yw_calendar *cal = NULL;
	int64_t version = 0;
	struct yw_error err = {0};
	if (yw_calendar_build(s, &cal, &version, &err) != YW_OK)
		return 1;
	int done = 0, failed = 0;
	struct yw_date d = yw_date_add_days(yw_date_from_epoch_ms_shanghai(yw_now_ms()), -1);
	for (int back = 0; done < days && back < days * 3; back++, d = yw_date_add_days(d, -1)) {
		bool work = false;
		if (yw_calendar_is_workday(cal, d, &work, &err) != YW_OK || !work)
			continue;
		char day[11];
		yw_date_format(d, day);
		rng = 0x9e3779b97f4a7c15ULL ^ (uint64_t)yw_date_to_days(d) * 2654435761u;
		struct day_job job = {.day = day};
		failed += yw_store_tx(s, YW_TX_WRITE, day_tx, &job) != YW_OK;
		done++;
	}
	yw_calendar_free(cal);
	return failed;
}
