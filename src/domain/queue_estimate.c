/* Wait estimates and the events a ticket change sends to displays. */
#include "queue_internal.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Minutes assumed before a queue has any measured service. */
#define DEFAULT_SERVICE_MIN 8.0
/* How far back the running mean looks. */
#define MEAN_DAYS 28

/* The running mean changes slowly: keep it per hall, queue and hour for a
 * minute, so a ticket status read costs no rollup scan. A small
 * direct-mapped table: collisions just recompute. */
struct mean_slot {
	int64_t hall_id, queue_id, until_ms;
	int hour;
	double mean;
};
static struct mean_slot mean_cache[1024];
static pthread_mutex_t mean_mu = PTHREAD_MUTEX_INITIALIZER;

int yw_mean_service_min(struct yw_conn *c, int64_t hall_id, int64_t queue_id, int hour, double *out)
{
	int64_t now = yw_now_ms();
	struct mean_slot *slot = &mean_cache[((uint64_t)queue_id * 31 + (uint64_t)hour) % 1024];
	pthread_mutex_lock(&mean_mu);
	bool hit = slot->hall_id == hall_id && slot->queue_id == queue_id && slot->hour == hour && slot->until_ms > now;
	double cached = slot->mean;
	pthread_mutex_unlock(&mean_mu);
	if (hit) {
		*out = cached;
		return YW_OK;
	}
	char since[11];
	yw_local_day(now - (int64_t)MEAN_DAYS * 86400000, since);
	int64_t sum = 0, n = 0;
	int st = yw_qs_service_sums(c, hall_id, queue_id, hour, since, &sum, &n);
	/* Too few samples at this hour: the queue's mean over all hours. */
	if (!st && n < 5)
		st = yw_qs_service_sums(c, hall_id, queue_id, -1, since, &sum, &n);
	if (st)
		return st;
	double mean = n >= 5 ? (double)sum / (double)n / 60000.0 : DEFAULT_SERVICE_MIN;
	pthread_mutex_lock(&mean_mu);
	*slot = (struct mean_slot){hall_id, queue_id, now + 60000, hour, mean};
	pthread_mutex_unlock(&mean_mu);
	*out = mean;
	return YW_OK;
}

int yw_queue_estimate(struct yw_conn *c, const struct yw_hall_rules *hall, const struct yw_queue *q,
		      const struct yw_ticket *t, int64_t now, struct yw_wait_est *out)
{
	memset(out, 0, sizeof *out);
	/* A walk-in or green ticket being issued (id INT64_MAX: after every
	 * ticket there is) is quoted from the waiting counters; a ticket that
	 * waits already, or an appointment, by counting the ranges before it. */
	bool issuing = t->id == INT64_MAX && t->klass != YW_TK_APPOINTMENT && t->sort_at == now;
	int st = issuing ? yw_qs_ahead_new(c, t->queue_id, t->day, t->klass, now, &out->ahead, &out->ahead_green,
					   &out->ahead_appointment)
			 : yw_qs_ahead(c, t, now, &out->ahead, &out->ahead_green, &out->ahead_appointment);
	if (!st)
		st = yw_qs_windows_serving(c, hall->hall_id, q->code, &out->windows);
	if (!st)
		st = yw_mean_service_min(c, hall->hall_id, q->id, yw_local_hour(now), &out->mean_service_min);
	if (st)
		return st;
	yw_wait_range(out->ahead, out->windows, out->mean_service_min, &out->wait_lo, &out->wait_hi);
	return YW_OK;
}

int yw_queue_emit(struct yw_conn *c, struct yw_qevents *ev, const struct yw_ticket *t, const char *type,
		  const char *extra)
{
	int waiting = 0;
	int st = t->queue_id ? yw_qs_waiting_count(c, t->queue_id, t->day, &waiting) : YW_OK;
	if (st)
		return st;
	char *data = yw_asprintf("{\"code\":\"%s\",\"status\":\"%s\",\"queue_id\":%lld,\"ticket_id\":%lld,"
				 "\"klass\":%d,\"waiting\":%d%s%s}",
				 t->code, t->status, (long long)t->queue_id, (long long)t->id, t->klass, waiting,
				 extra ? "," : "", extra ? extra : "");
	return yw_qevent_add(c, ev, t->hall_id, t->queue_id, t->id, type, data);
}
