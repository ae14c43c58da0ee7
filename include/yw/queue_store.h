/* SQL of the hall queue (store/queue_store.c): halls' queue rules, queues,
 * number counters, tickets and windows as the calling code needs them. */
#ifndef YW_QUEUE_STORE_H
#define YW_QUEUE_STORE_H
#include "yw/queue.h"

struct yw_window_row {
	int64_t id, hall_id, number;
	char name[124], type[24];
	bool is_open;
	char queue_codes[512]; /* JSON array text, in order of preference */
};

int yw_qs_hall_rules(struct yw_conn *c, int64_t hall_id, struct yw_hall_rules *out);
int yw_qs_queue(struct yw_conn *c, int64_t id, struct yw_queue *out);
int yw_qs_queue_by_code(struct yw_conn *c, int64_t hall_id, const char *code, struct yw_queue *out);
int yw_qs_queue_for_item(struct yw_conn *c, int64_t hall_id, int64_t item_id, struct yw_queue *out);
/* Active queues of a hall in sort order; fn returns non-zero to stop. */
int yw_qs_hall_queues(struct yw_conn *c, int64_t hall_id, bool active_only,
		      int (*fn)(void *ctx, const struct yw_queue *q), void *ctx);
/* Does another queue of the hall use this code or prefix? *field names it. */
int yw_qs_queue_clash(struct yw_conn *c, int64_t hall_id, const char *code, const char *prefix, int64_t self,
		      const char **field);
int yw_qs_queue_in_use(struct yw_conn *c, int64_t queue_id, int64_t *tickets);

/* The next number of a queue on a day (first = number_min): one upsert. */
int yw_qs_next_number(struct yw_conn *c, int64_t queue_id, const char *day, int first, int64_t *out);

int yw_qs_ticket_insert(struct yw_conn *c, struct yw_ticket *t);
int yw_qs_ticket_get(struct yw_conn *c, int64_t id, struct yw_ticket *out);
int yw_qs_ticket_by_token(struct yw_conn *c, const char *token, struct yw_ticket *out);
int yw_qs_ticket_by_code(struct yw_conn *c, int64_t hall_id, const char *day, const char *code,
			 struct yw_ticket *out);
/* Tickets that enter or leave 'waiting', or change queue while waiting,
 * move their queue's waiting counter (queue_waiting) in the same
 * transaction: insert, save, claim and the day-end sweep do it. */

/* Writes the mutable fields when the row still has t->version, was_status
 * and was_queue_id — the ticket as it was read — then bumps the version;
 * YW_RETRY when someone else changed it meanwhile. */
int yw_qs_ticket_save(struct yw_conn *c, struct yw_ticket *t, const char *was_status, int64_t was_queue_id,
		      int64_t now);
/* Sets the reminded flag once; *changed says whether this call set it. */
int yw_qs_ticket_mark_reminded(struct yw_conn *c, int64_t id, int *changed);
/* Claim a waiting ticket for a window: YW_NOTFOUND when it is no longer waiting. */
int yw_qs_ticket_claim(struct yw_conn *c, struct yw_ticket *t, int64_t window_id, int64_t staff_id, int64_t now);

/* Waiting tickets are those of `day` (the local day, YYYY-MM-DD): a ticket
 * is for one day, and one left over from an earlier day is never called or
 * counted even before the day-end sweep has expired it. */

/* The best waiting ticket of a queue not sent to one window: due
 * appointments, green channel, then issue time. */
int yw_qs_best_waiting(struct yw_conn *c, int64_t queue_id, const char *day, int64_t now, struct yw_ticket *out);
/* The best waiting ticket transferred to this very window. */
int yw_qs_best_for_window(struct yw_conn *c, int64_t window_id, const char *day, int64_t now, struct yw_ticket *out);
/* People before t in its queue (of t's day), and how many of them are
 * green / appointments. */
int yw_qs_ahead(struct yw_conn *c, const struct yw_ticket *t, int64_t now, int *ahead, int *green, int *appt);
/* The same for a ticket of class 1 or 2 about to be issued now (sort_at =
 * now, last among its equals): from the waiting counters, less the
 * (usually no) tickets with a later sort_at that would come after it. */
int yw_qs_ahead_new(struct yw_conn *c, int64_t queue_id, const char *day, int klass, int64_t now, int *ahead,
		    int *green, int *appt);
/* Waiting tickets of a queue on a day (the counters). */
int yw_qs_waiting_count(struct yw_conn *c, int64_t queue_id, const char *day, int *out);
/* The n-th waiting ticket of a queue in calling order (1-based). */
int yw_qs_nth_waiting(struct yw_conn *c, int64_t queue_id, const char *day, int n, int64_t now, struct yw_ticket *out);
/* Day-end sweep: every ticket of a day before `day` still waiting, called,
 * parked or being served becomes 'expired'; *n how many. */
int yw_qs_expire_before(struct yw_conn *c, const char *day, int64_t now, int64_t *n);
/* Tickets of a hall on a day, optional status / queue filters (newest first). */
int yw_qs_hall_tickets(struct yw_conn *c, int64_t hall_id, const char *day, const char *status, int64_t queue_id,
		       int limit, int (*fn)(void *ctx, const struct yw_ticket *t), void *ctx);
int yw_qs_citizen_tickets(struct yw_conn *c, int64_t citizen_id, const char *day,
			  int (*fn)(void *ctx, const struct yw_ticket *t), void *ctx);
/* Tickets of a window in a status (called/serving, parked). */
int yw_qs_window_tickets(struct yw_conn *c, int64_t window_id, const char *status1, const char *status2,
			 int (*fn)(void *ctx, const struct yw_ticket *t), void *ctx);
int yw_qs_recent_calls(struct yw_conn *c, int64_t hall_id, const char *day, int limit,
		       int (*fn)(void *ctx, const struct yw_ticket *t), void *ctx);
int yw_qs_served_count(struct yw_conn *c, int64_t window_id, const char *day, int *out);
/* Tickets a window finished since a day: in one queue, and in all. */
int yw_qs_served_mix(struct yw_conn *c, int64_t window_id, int64_t queue_id, const char *since, int64_t *in_queue,
		     int64_t *all);

int yw_qs_window(struct yw_conn *c, int64_t id, struct yw_window_row *out);
/* Takes the window's row lock (PostgreSQL) so one window acts one at a time. */
int yw_qs_window_lock(struct yw_conn *c, int64_t id);
int yw_qs_window_set_open(struct yw_conn *c, int64_t id, bool open, int64_t now);
int yw_qs_hall_windows(struct yw_conn *c, int64_t hall_id, int (*fn)(void *ctx, const struct yw_window_row *w),
		       void *ctx);
/* Open windows of a hall serving a queue code. */
int yw_qs_windows_serving(struct yw_conn *c, int64_t hall_id, const char *code, int *out);

/* Service time sums of a hall queue at a local hour since a day. */
int yw_qs_service_sums(struct yw_conn *c, int64_t hall_id, int64_t queue_id, int hour, const char *since_day,
		       int64_t *sum_ms, int64_t *n);
/* Halls where an item is handled (catalogue item_halls), for cloud calling. */
int yw_qs_item_halls(struct yw_conn *c, int64_t item_id, int (*fn)(void *ctx, int64_t hall_id), void *ctx);

/* Numbers issued today so far (the counter), 0 when none. */
int yw_qs_issued(struct yw_conn *c, int64_t queue_id, const char *day, int *out);
int yw_qs_last_event_id(struct yw_conn *c, int64_t hall_id, int64_t *out);
int yw_qs_hall_address(struct yw_conn *c, int64_t hall_id, char *out, size_t n);
/* Published items handled at a hall, with their department's name and
 * whether the comprehensive window takes them (demo seed). */
int yw_qs_hall_items(struct yw_conn *c, int64_t hall_id,
		     int (*fn)(void *ctx, int64_t item_id, const char *department, bool comprehensive), void *ctx);
/* Add to the hourly rollup row of (hall, queue, day, hour): counts and sums
 * in the order of struct yw_qhour_add. */
struct yw_qhour_add {
	int64_t issued, walkins, appointments, served, no_shows, cancelled;
	int64_t wait_n, wait_sum_ms, service_n, service_sum_ms;
	double service_sq_sum; /* minutes² */
	int64_t quote_n, quote_abs_err_ms, quote_in_range;
};
int yw_qs_hourly_add(struct yw_conn *c, int64_t hall_id, int64_t queue_id, const char *day, int hour,
		     const struct yw_qhour_add *a);
/* Delete hall events older than before_ms (they are only for replay). */
int yw_qs_prune_events(struct yw_conn *c, int64_t before_ms, int64_t *deleted);
/* One ticket of a hall in a day range, for statistics (staff name joined). */
struct yw_stat_row {
	int64_t queue_id, issue_queue_id, window_id, staff_id;
	int64_t issued_at, first_called_at, started_at, finished_at;
	int klass, quoted_lo, quoted_hi;
	char status[12], source[16], staff_name[64];
};
int yw_qs_stat_rows(struct yw_conn *c, int64_t hall_id, const char *from, const char *to,
		    int (*fn)(void *ctx, const struct yw_stat_row *r), void *ctx);
/* Hourly sums of a hall queue since a day: per local hour walk-ins,
 * service count, sum (ms) and sum of squares (min²); *days the number of
 * days the hall recorded anything. */
struct yw_hour_sums {
	int64_t walkins, service_n, service_sum_ms;
	double service_sq_sum;
};
int yw_qs_hour_sums(struct yw_conn *c, int64_t hall_id, int64_t queue_id, const char *since, struct yw_hour_sums h[24],
		    int *days);
/* Has the queue any ticket on that day (the history seed skips it)? */
int yw_qs_day_used(struct yw_conn *c, int64_t queue_id, const char *day, bool *used);
int yw_qs_set_counter(struct yw_conn *c, int64_t queue_id, const char *day, int64_t last);
#endif
