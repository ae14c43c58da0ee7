/* Demo history (part of `yiwang seed demo`): the district centre's last
 * working days simulated so that statistics, wait estimates and release
 * advice start from real-looking numbers.
 *
 * One day of the whole hall at a time, because windows serve several
 * queues (windows.queue_codes) and so the queues' waits depend on each
 * other. Walk-ins arrive as a Poisson process with a morning peak while the
 * hall is open; booked appointments check in around their slot (most on
 * time, so they are called first when due; some late, so they queue like
 * walk-ins); only some of the windows are staffed on a day (the usual
 * staffing of each queue) and each takes, when free, the due appointment or
 * else the longest-waiting ticket of its queues; service times are
 * exponential with a floor; some people do not answer the call. The quote a
 * kiosk would have printed comes from the live estimator (yw_wait_range)
 * with the people ahead at that moment, so the quoted-against-real error in
 * the statistics is the estimator's own.
 *
 * Deterministic (a fixed seed per day); a day already present is skipped,
 * so seeding twice changes nothing. */
#include "yw/calendar_svc.h"
#include "yw/queue_stats.h"
#include "yw/queue_stats_store.h"
#include "yw/queue_store.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HALL_ID 1
#define MAX_Q 8
#define MAX_W 40
#define MAX_CLERKS 16

struct profile {
	const char *code;
	double mean_service; /* minutes */
	int staffed;         /* windows whose first queue this is, staffed on a day */
	double booked;       /* share of booking places taken (0: no bookings; as appt_seed.c) */
	double per_hour[24]; /* walk-ins per open hour */
};

static const struct profile profiles[] = {
	{"A", 9.0, 5, 0.3, {[8] = 22, [9] = 32, [10] = 36, [11] = 24, [14] = 16, [15] = 28, [16] = 24, [17] = 10}},
	{"B", 12.0, 2, 0.3, {[8] = 5, [9] = 6, [10] = 7, [11] = 5, [14] = 4, [15] = 6, [16] = 5, [17] = 2}},
	{"C", 3.0, 1, 0, {[8] = 4, [9] = 8, [10] = 12, [11] = 9, [14] = 6, [15] = 10, [16] = 12, [17] = 5}},
	{"D", 15.0, 1, 0.1, {[8] = 1, [9] = 1, [10] = 2, [11] = 1, [14] = 1, [15] = 1, [16] = 1}},
	{"E", 4.0, 2, 0, {[8] = 8, [9] = 14, [10] = 16, [11] = 10, [14] = 8, [15] = 12, [16] = 10, [17] = 4}},
};
#define NPROFILES (int)(sizeof profiles / sizeof profiles[0])

/* Booking sessions of the demo (appt_seed.c): 15-minute slots with three
 * places, 09:00–12:00 and 14:30–17:00. */
static const int appt_spans[][2] = {{9 * 60, 12 * 60}, {14 * 60 + 30, 17 * 60}};
#define SLOT_MIN 15
#define SLOT_PLACES 3
#define SHOWS 0.92    /* booked people who come at all */
#define ON_TIME 0.85  /* of those, checked in within the window */
#define NO_ANSWER 0.04 /* called but never came to the window */

static uint64_t rng;
static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}
static double expo(double mean) { return -mean * log(uniform()); }

struct hq {
	struct yw_queue q;
	const struct profile *p;
	int windows; /* staffed windows serving it */
	int issued;
};

struct hw {
	int64_t id, staff_id;
	int q[MAX_Q], nq; /* queue indices in order of preference */
	double free_at;   /* minute of day; INFINITY: nothing more to do */
};

struct tk {
	int qi, w, klass;
	bool appt, no_answer;
	double arrive, sort, service, call; /* minutes of day */
	int64_t number;
};

struct day_sim {
	const char *day;
	uint64_t seed;
	struct hq q[MAX_Q];
	int nq;
	struct hw w[MAX_W];
	int nw;
	int open[4][2], nopen; /* open spans of the day, minutes */
	struct tk *t;
	int nt, cap;
};

static bool open_at(const struct day_sim *d, double minute)
{
	for (int i = 0; i < d->nopen; i++)
		if (minute >= d->open[i][0] && minute < d->open[i][1])
			return true;
	return false;
}

static void parse_hours(struct day_sim *d, const char *hours)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", hours);
	char *save = NULL;
	d->nopen = 0;
	for (char *part = strtok_r(buf, ",", &save); part && d->nopen < 4; part = strtok_r(NULL, ",", &save)) {
		int h1, m1, h2, m2;
		if (sscanf(part, "%d:%d-%d:%d", &h1, &m1, &h2, &m2) == 4) {
			d->open[d->nopen][0] = h1 * 60 + m1;
			d->open[d->nopen][1] = h2 * 60 + m2;
			d->nopen++;
		}
	}
}

static void add_ticket(struct day_sim *d, const struct tk *t)
{
	if (d->nt == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 512;
		d->t = yw_realloc(d->t, (size_t)d->cap * sizeof *d->t);
	}
	d->t[d->nt++] = *t;
}

static int queue_index(const struct day_sim *d, const char *code, size_t len)
{
	for (int i = 0; i < d->nq; i++)
		if (strlen(d->q[i].q.code) == len && !strncmp(d->q[i].q.code, code, len))
			return i;
	return -1;
}

static int collect_window(void *p, const struct yw_window_row *row)
{
	struct day_sim *d = p;
	if (d->nw == MAX_W)
		return 1;
	struct hw w = {.id = row->id};
	/* queue_codes is a JSON array of short codes: ["A","E"]. */
	for (const char *s = strchr(row->queue_codes, '"'); s && w.nq < MAX_Q;) {
		const char *e = strchr(s + 1, '"');
		if (!e)
			break;
		int qi = queue_index(d, s + 1, (size_t)(e - s - 1));
		if (qi >= 0)
			w.q[w.nq++] = qi;
		s = strchr(e + 1, '"');
	}
	if (w.nq)
		d->w[d->nw++] = w;
	return 0;
}

/* Staff the usual number of windows per queue (by their first queue) and
 * put the hall's clerk accounts at the first staffed window of different
 * queues, so statistics per window and per person have something to show. */
static void staff_windows(struct day_sim *d, const int64_t *clerks, int nclerks)
{
	int staffed[MAX_Q] = {0};
	bool has_clerk[MAX_Q] = {0};
	int kept = 0, next_clerk = 0;
	for (int i = 0; i < d->nw; i++) {
		struct hw *w = &d->w[i];
		int first = w->q[0];
		if (staffed[first] >= d->q[first].p->staffed)
			continue;
		staffed[first]++;
		if (next_clerk < nclerks && !has_clerk[first]) {
			w->staff_id = clerks[next_clerk++];
			has_clerk[first] = true;
		}
		d->w[kept++] = *w;
	}
	d->nw = kept;
	for (int i = 0; i < d->nw; i++)
		for (int k = 0; k < d->w[i].nq; k++)
			d->q[d->w[i].q[k]].windows++;
}

static void make_arrivals(struct day_sim *d)
{
	for (int qi = 0; qi < d->nq; qi++) {
		const struct profile *p = d->q[qi].p;
		if (!d->q[qi].windows)
			continue; /* nobody serves it today: the kiosk would not issue */
		for (int h = 0; h < 24; h++) {
			double rate = p->per_hour[h];
			if (rate <= 0)
				continue;
			for (double m = h * 60 + expo(60.0 / rate); m < (h + 1) * 60; m += expo(60.0 / rate))
				if (open_at(d, m))
					add_ticket(d, &(struct tk){.qi = qi, .w = -1, .klass = YW_TK_NORMAL, .arrive = m, .sort = m});
		}
		if (p->booked <= 0)
			continue;
		for (size_t s = 0; s < sizeof appt_spans / sizeof appt_spans[0]; s++)
			for (int due = appt_spans[s][0]; due < appt_spans[s][1]; due += SLOT_MIN)
				for (int k = 0; k < SLOT_PLACES; k++) {
					if (uniform() >= p->booked * SHOWS || !open_at(d, due))
						continue;
					struct tk t = {.qi = qi, .w = -1, .appt = true};
					if (uniform() < ON_TIME) {
						t.klass = YW_TK_APPOINTMENT;
						t.arrive = due - uniform() * 15;
						t.sort = due;
					} else {
						t.klass = YW_TK_NORMAL;
						t.arrive = t.sort = due + 16 + uniform() * 30;
					}
					if (open_at(d, t.arrive))
						add_ticket(d, &t);
				}
	}
	for (int i = 0; i < d->nt; i++) {
		struct tk *t = &d->t[i];
		t->no_answer = uniform() < NO_ANSWER;
		const struct profile *p = d->q[t->qi].p;
		t->service = 1.0 + expo(p->mean_service - 1.0);
	}
}

static int by_arrival(const void *a, const void *b)
{
	const struct tk *x = a, *y = b;
	return x->arrive < y->arrive ? -1 : x->arrive > y->arrive;
}

static bool serves(const struct hw *w, int qi)
{
	for (int k = 0; k < w->nq; k++)
		if (w->q[k] == qi)
			return true;
	return false;
}

/* Event by event: the window that frees up first takes the best ticket
 * waiting for it, or idles until the next arrival it could serve. */
static void simulate(struct day_sim *d)
{
	int left = d->nt;
	for (int i = 0; i < d->nw; i++)
		d->w[i].free_at = 0;
	while (left > 0) {
		struct hw *w = NULL;
		for (int i = 0; i < d->nw; i++)
			if (isfinite(d->w[i].free_at) && (!w || d->w[i].free_at < w->free_at))
				w = &d->w[i];
		if (!w)
			break; /* tickets of queues nobody serves (not generated, but be safe) */
		double now = w->free_at, next = INFINITY;
		struct tk *best = NULL;
		int best_rank = 2;
		for (int i = 0; i < d->nt; i++) {
			struct tk *t = &d->t[i];
			if (t->w >= 0 || !serves(w, t->qi))
				continue;
			if (t->arrive > now) {
				if (t->arrive < next)
					next = t->arrive;
				continue;
			}
			int rank = t->klass == YW_TK_APPOINTMENT && now >= t->sort ? 0 : 1;
			if (!best || rank < best_rank || (rank == best_rank && t->sort < best->sort)) {
				best = t;
				best_rank = rank;
			}
		}
		if (!best) {
			w->free_at = next;
			continue;
		}
		best->w = (int)(w - d->w);
		best->call = now;
		w->free_at = now + (best->no_answer ? 1.0 : 0.5 + best->service);
		left--;
	}
}

static void token_hex(char out[33])
{
	/* Looks like a live token, but comes from the fixed seed: history
	 * tickets are done and carry no personal data, so nothing is behind it. */
	for (int i = 0; i < 2; i++) {
		uniform();
		snprintf(out + 16 * i, 17, "%016llx", (unsigned long long)rng);
	}
}

static int write_day(struct yw_conn *c, struct day_sim *d)
{
	struct yw_qhour_add acc[MAX_Q][24];
	memset(acc, 0, sizeof acc);
	int64_t midnight = yw_local_ms(d->day, 0);
	for (int i = 0; i < d->nt; i++) {
		struct tk *x = &d->t[i];
		struct hq *q = &d->q[x->qi];
		if (x->w < 0)
			continue;
		x->number = (q->q.number_min > 0 ? q->q.number_min : 1) + q->issued++;
		/* The quote at issue: the people of the queue still waiting then. */
		int ahead = 0;
		if (x->klass != YW_TK_APPOINTMENT)
			for (int j = 0; j < i; j++)
				ahead += d->t[j].qi == x->qi && d->t[j].w >= 0 && d->t[j].call > x->arrive;
		struct yw_ticket t = {0};
		yw_wait_range(ahead, q->windows, q->p->mean_service, &t.quoted_lo, &t.quoted_hi);
		t.hall_id = q->q.hall_id;
		t.queue_id = t.issue_queue_id = q->q.id;
		t.number = x->number;
		snprintf(t.day, sizeof t.day, "%s", d->day);
		snprintf(t.code, sizeof t.code, "%s%0*lld", q->q.prefix, q->q.pad > 0 && q->q.pad < 8 ? q->q.pad : 3,
			 (long long)x->number);
		token_hex(t.token);
		snprintf(t.source, sizeof t.source, "%s", x->appt ? "appointment" : "kiosk");
		t.klass = x->klass;
		t.issued_at = midnight + (int64_t)(x->arrive * 60000);
		t.sort_at = midnight + (int64_t)(x->sort * 60000);
		t.first_called_at = t.called_at = midnight + (int64_t)(x->call * 60000);
		if (t.first_called_at < t.issued_at)
			t.first_called_at = t.called_at = t.issued_at;
		t.window_id = d->w[x->w].id;
		t.staff_id = d->w[x->w].staff_id;
		if (x->no_answer) {
			snprintf(t.status, sizeof t.status, "no_show");
			t.finished_at = t.called_at + 60000;
		} else {
			snprintf(t.status, sizeof t.status, "done");
			t.started_at = t.called_at + 30000;
			t.finished_at = t.started_at + (int64_t)(x->service * 60000);
		}
		/* Finished (done or no-show) on a past day: never waiting, so the
		 * waiting counters (queue_waiting) have nothing to count. */
		int st = yw_qss_ticket_insert_done(c, &t);
		if (st)
			return st;
		/* The rollup as the live ticket code books it (queue_rollup.c):
		 * arrivals and waits to the hour of issue, service to the hour
		 * it started. */
		struct yw_qhour_add *a = &acc[x->qi][yw_local_hour(t.issued_at)];
		int64_t wait = t.first_called_at - t.issued_at, mid = (int64_t)(t.quoted_lo + t.quoted_hi) * 30000;
		a->issued++;
		if (x->appt)
			a->appointments++;
		else
			a->walkins++;
		a->wait_n++;
		a->wait_sum_ms += wait;
		a->quote_n++;
		a->quote_abs_err_ms += wait > mid ? wait - mid : mid - wait;
		a->quote_in_range += wait >= (int64_t)t.quoted_lo * 60000 && wait <= (int64_t)t.quoted_hi * 60000;
		if (x->no_answer) {
			a->no_shows++;
			continue;
		}
		struct yw_qhour_add *s = &acc[x->qi][yw_local_hour(t.started_at)];
		double minutes = (double)(t.finished_at - t.started_at) / 60000.0;
		s->served++;
		s->service_n++;
		s->service_sum_ms += t.finished_at - t.started_at;
		s->service_sq_sum += minutes * minutes;
	}
	for (int qi = 0; qi < d->nq; qi++) {
		for (int h = 0; h < 24; h++) {
			const struct yw_qhour_add *a = &acc[qi][h];
			int st;
			if ((a->issued || a->served) &&
			    (st = yw_qs_hourly_add(c, d->q[qi].q.hall_id, d->q[qi].q.id, d->day, h, a)))
				return st;
		}
		int st;
		if (d->q[qi].issued &&
		    (st = yw_qs_set_counter(c, d->q[qi].q.id, d->day, d->q[qi].q.number_min > 0
									       ? d->q[qi].q.number_min + d->q[qi].issued - 1
									       : d->q[qi].issued)))
			return st;
	}
	return YW_OK;
}

static int day_tx(struct yw_conn *c, void *p)
{
	struct day_sim *d = p;
	const char *day = d->day;
	uint64_t seed = d->seed;
	free(d->t);
	memset(d, 0, sizeof *d);
	d->day = day;
	d->seed = rng = seed; /* a retried transaction simulates the same day */
	struct yw_hall_rules rules;
	int st = yw_qs_hall_rules(c, HALL_ID, &rules);
	if (st)
		return st == YW_NOTFOUND ? YW_OK : st;
	for (int i = 0; i < NPROFILES && d->nq < MAX_Q; i++) {
		struct hq *q = &d->q[d->nq];
		st = yw_qs_queue_by_code(c, HALL_ID, profiles[i].code, &q->q);
		if (st == YW_NOTFOUND || (!st && !q->q.active))
			continue;
		bool used = false;
		if (st || (st = yw_qs_day_used(c, q->q.id, day, &used)))
			return st;
		if (used)
			return YW_OK; /* already simulated (or a live day): leave it */
		q->p = &profiles[i];
		d->nq++;
	}
	struct yw_date date;
	if (yw_date_parse(day, &date, "day", NULL) != YW_OK)
		return YW_OK;
	/* A make-up working weekend day (调休) keeps weekday hours. */
	int wd = yw_date_weekday(date); /* 1 = Monday */
	parse_hours(d, rules.hours[wd >= 1 && wd <= 5 ? wd - 1 : 0]);
	if (!d->nopen)
		parse_hours(d, rules.hours[0]);
	int64_t clerks[MAX_CLERKS];
	int nclerks = 0;
	if ((st = yw_qs_hall_windows(c, HALL_ID, collect_window, d)) ||
	    (st = yw_qss_hall_clerks(c, HALL_ID, clerks, MAX_CLERKS, &nclerks)))
		return st;
	staff_windows(d, clerks, nclerks);
	make_arrivals(d);
	qsort(d->t, (size_t)d->nt, sizeof *d->t, by_arrival);
	simulate(d);
	return write_day(c, d);
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
		struct day_sim sim = {.day = day, .seed = 0x9e3779b97f4a7c15ULL ^ (uint64_t)yw_date_to_days(d) * 2654435761u};
		failed += yw_store_tx(s, YW_TX_WRITE, day_tx, &sim) != YW_OK;
		free(sim.t);
		done++;
	}
	yw_calendar_free(cal);
	return failed;
}
