/* SQL of the hall queue. Written once for both engines ($N parameters);
 * every statement is an indexed lookup or a bounded scan of one queue's
 * waiting tickets. */
#include "yw/queue_store.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

static int col_int_or(const struct yw_row *r, int i, int def) { return yw_row_null(r, i) ? def : (int)yw_row_int(r, i); }
/* ---- halls ---- */

static int hall_row(void *ctx, const struct yw_row *r)
{
	struct yw_hall_rules *h = ctx;
	memset(h, 0, sizeof *h);
	h->hall_id = yw_row_int(r, 0);
	h->region_id = col_int(r, 1);
	col_copy(h->name, sizeof h->name, r, 2);
	json_t *hours = json_loads(yw_row_null(r, 3) ? "[]" : yw_row_text(r, 3), 0, NULL);
	for (int d = 0; d < 7; d++) {
		json_t *v = json_array_get(hours, (size_t)d);
		snprintf(h->hours[d], sizeof h->hours[d], "%s", json_is_string(v) ? json_string_value(v) : "");
	}
	json_decref(hours);
	col_copy(h->call_rule, sizeof h->call_rule, r, 4);
	if (!h->call_rule[0])
		snprintf(h->call_rule, sizeof h->call_rule, "preference");
	h->recall_limit = col_int_or(r, 5, 2);
	h->remote_tickets = col_int_or(r, 6, 0) != 0;
	h->checkin_early_min = col_int_or(r, 7, 30);
	h->checkin_late_min = col_int_or(r, 8, 15);
	h->hold_seconds = col_int_or(r, 9, 300);
	h->freeze_minutes = col_int_or(r, 10, 30);
	h->wait_target_min = col_int_or(r, 11, 20);
	h->remind_at = col_int_or(r, 12, 3);
	if (!yw_row_null(r, 13) && sscanf(yw_row_text(r, 13), "%lf,%lf", &h->lat, &h->lng) == 2)
		h->has_location = true;
	return 1;
}

int yw_qs_hall_rules(struct yw_conn *c, int64_t hall_id, struct yw_hall_rules *out)
{
	return found(yw_q(c,
			  "SELECT id, region_id, name, hours, call_rule, recall_limit, remote_tickets, "
			  "checkin_early_min, checkin_late_min, hold_seconds, freeze_minutes, wait_target_min, "
			  "remind_at, location FROM halls WHERE id = $1",
			  hall_row, out, YW_PINT(hall_id)));
}

/* ---- queues ---- */

#define QUEUE_COLS                                                                                      \
	"id, hall_id, region_id, code, name, prefix, number_min, number_max, pad, daily_quota, item_ids, " \
	"allow_remote, active, sort_order, appt_horizon_days, appt_min_notice_min, appt_release_time, "  \
	"appt_per_person_day, appt_per_person_item"

static void queue_from_row(struct yw_queue *q, const struct yw_row *r)
{
	memset(q, 0, sizeof *q);
	q->id = yw_row_int(r, 0);
	q->hall_id = yw_row_int(r, 1);
	q->region_id = col_int(r, 2);
	col_copy(q->code, sizeof q->code, r, 3);
	col_copy(q->name, sizeof q->name, r, 4);
	col_copy(q->prefix, sizeof q->prefix, r, 5);
	q->number_min = col_int_or(r, 6, 1);
	q->number_max = col_int_or(r, 7, 999);
	q->pad = col_int_or(r, 8, 3);
	q->daily_quota = col_int_or(r, 9, q->number_max - q->number_min + 1);
	col_copy(q->item_ids, sizeof q->item_ids, r, 10);
	q->allow_remote = col_int_or(r, 11, 0) != 0;
	q->active = col_int_or(r, 12, 1) != 0;
	q->sort_order = col_int_or(r, 13, 0);
	q->appt_horizon_days = col_int_or(r, 14, 7);
	q->appt_min_notice_min = col_int_or(r, 15, 60);
	col_copy(q->appt_release_time, sizeof q->appt_release_time, r, 16);
	if (!q->appt_release_time[0])
		snprintf(q->appt_release_time, sizeof q->appt_release_time, "08:00");
	q->appt_per_person_day = col_int_or(r, 17, 1);
	q->appt_per_person_item = col_int_or(r, 18, 1);
}

static int queue_row(void *ctx, const struct yw_row *r)
{
	queue_from_row(ctx, r);
	return 1;
}

int yw_qs_queue(struct yw_conn *c, int64_t id, struct yw_queue *out)
{
	return found(yw_q(c, "SELECT " QUEUE_COLS " FROM queues WHERE id = $1", queue_row, out, YW_PINT(id)));
}

int yw_qs_queue_by_code(struct yw_conn *c, int64_t hall_id, const char *code, struct yw_queue *out)
{
	return found(yw_q(c, "SELECT " QUEUE_COLS " FROM queues WHERE hall_id = $1 AND code = $2", queue_row, out,
			  YW_PINT(hall_id), YW_PTEXT(code)));
}

/* The LIKE pattern is built in SQL (see yw_qs_windows_serving). */
int yw_qs_queue_for_item(struct yw_conn *c, int64_t hall_id, int64_t item_id, struct yw_queue *out)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)item_id);
	return found(yw_q(c,
			  "SELECT " QUEUE_COLS " FROM queues WHERE hall_id = $1 AND item_ids LIKE '%,' || $2 || ',%' "
			  "AND COALESCE(active, 1) = 1 ORDER BY COALESCE(sort_order, 0), id LIMIT 1",
			  queue_row, out, YW_PINT(hall_id), YW_PTEXT(id)));
}

struct queue_iter {
	int (*fn)(void *ctx, const struct yw_queue *q);
	void *ctx;
};

static int queue_each(void *ctx, const struct yw_row *r)
{
	struct queue_iter *it = ctx;
	struct yw_queue q;
	queue_from_row(&q, r);
	return it->fn(it->ctx, &q);
}

int yw_qs_hall_queues(struct yw_conn *c, int64_t hall_id, bool active_only,
		      int (*fn)(void *ctx, const struct yw_queue *q), void *ctx)
{
	struct queue_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT " QUEUE_COLS " FROM queues WHERE hall_id = $1 AND ($2 = 0 OR COALESCE(active, 1) = 1) "
		       "ORDER BY COALESCE(sort_order, 0), id",
		       queue_each, &it, YW_PINT(hall_id), YW_PINT(active_only)));
}

static int clash_row(void *ctx, const struct yw_row *r)
{
	*(int64_t *)ctx = yw_row_int(r, 0);
	return 1;
}

int yw_qs_queue_clash(struct yw_conn *c, int64_t hall_id, const char *code, const char *prefix, int64_t self,
		      const char **field)
{
	int64_t which = 0;
	int st = yw_q(c,
		      "SELECT CASE WHEN code = $2 THEN 1 ELSE 2 END FROM queues "
		      "WHERE hall_id = $1 AND (code = $2 OR prefix = $3) AND id <> $4 ORDER BY 1 LIMIT 1",
		      clash_row, &which, YW_PINT(hall_id), YW_PTEXT(code), YW_PTEXT(prefix), YW_PINT(self));
	if (st < 0)
		return st;
	*field = which == 1 ? "code" : which == 2 ? "prefix" : NULL;
	return YW_OK;
}

int yw_qs_queue_in_use(struct yw_conn *c, int64_t queue_id, int64_t *tickets)
{
	*tickets = 0;
	return ok(yw_q(c,
		       "SELECT (SELECT COUNT(*) FROM tickets WHERE queue_id = $1 OR issue_queue_id = $1) + "
		       "(SELECT COUNT(*) FROM appt_sessions WHERE queue_id = $1) + "
		       "(SELECT COUNT(*) FROM appointments WHERE queue_id = $1)",
		       yw_row_get_int, tickets, YW_PINT(queue_id)));
}

/* The upsert, then a read of the row it just wrote (and, on PostgreSQL,
 * still holds locked): RETURNING would make SQLite build a temporary table
 * on every ticket. */
int yw_qs_next_number(struct yw_conn *c, int64_t queue_id, const char *day, int first, int64_t *out)
{
	*out = 0;
	int st = yw_q(c,
		      "INSERT INTO ticket_counters (queue_id, day, last) VALUES ($1, $2, $3) "
		      "ON CONFLICT (queue_id, day) DO UPDATE SET last = ticket_counters.last + 1",
		      NULL, NULL, YW_PINT(queue_id), YW_PTEXT(day), YW_PINT(first));
	if (st < 0)
		return st;
	return found(yw_q(c, "SELECT last FROM ticket_counters WHERE queue_id = $1 AND day = $2", yw_row_get_int, out,
			  YW_PINT(queue_id), YW_PTEXT(day)));
}

/* ---- tickets ---- */

#define TICKET_COLS                                                                                         \
	"id, hall_id, queue_id, issue_queue_id, number, appointment_id, citizen_id, window_id, "              \
	"target_window_id, staff_id, version, sort_at, issued_at, called_at, first_called_at, started_at, " \
	"finished_at, klass, recalls, transfers, quoted_lo, quoted_hi, token, code, day, status, source, "   \
	"priority, item_ids, id_number, phone"

static void ticket_from_row(struct yw_ticket *t, const struct yw_row *r)
{
	memset(t, 0, sizeof *t);
	int64_t *ints[] = {&t->id,        &t->hall_id,  &t->queue_id,         &t->issue_queue_id, &t->number,
			   &t->appointment_id, &t->citizen_id, &t->window_id, &t->target_window_id, &t->staff_id,
			   &t->version,   &t->sort_at,   &t->issued_at,      &t->called_at,     &t->first_called_at,
			   &t->started_at, &t->finished_at};
	for (int i = 0; i < 17; i++)
		*ints[i] = col_int(r, i);
	t->klass = (int)col_int(r, 17);
	t->recalls = (int)col_int(r, 18);
	t->transfers = (int)col_int(r, 19);
	t->quoted_lo = (int)col_int(r, 20);
	t->quoted_hi = (int)col_int(r, 21);
	col_copy(t->token, sizeof t->token, r, 22);
	col_copy(t->code, sizeof t->code, r, 23);
	col_copy(t->day, sizeof t->day, r, 24);
	col_copy(t->status, sizeof t->status, r, 25);
	col_copy(t->source, sizeof t->source, r, 26);
	col_copy(t->priority, sizeof t->priority, r, 27);
	col_copy(t->item_ids, sizeof t->item_ids, r, 28);
	col_copy(t->id_number, sizeof t->id_number, r, 29);
	col_copy(t->phone, sizeof t->phone, r, 30);
}

static int ticket_row(void *ctx, const struct yw_row *r)
{
	ticket_from_row(ctx, r);
	return 1;
}

struct ticket_iter {
	int (*fn)(void *ctx, const struct yw_ticket *t);
	void *ctx;
};

static int ticket_each(void *ctx, const struct yw_row *r)
{
	struct ticket_iter *it = ctx;
	struct yw_ticket t;
	ticket_from_row(&t, r);
	return it->fn(it->ctx, &t);
}

/* ---- waiting counters (queue_waiting) ----
 *
 * One row per queue, local day and class holds how many of its tickets are
 * 'waiting'. Every statement below that moves a ticket into or out of
 * 'waiting', or to another queue while it waits, moves the counter in the
 * same transaction, with the arithmetic inside the statement (never a
 * value read into C and written back): concurrent writers queue on the row
 * (PostgreSQL) or behind the single writer (SQLite). */

static int waiting_inc(struct yw_conn *c, int64_t queue_id, const char *day, int klass)
{
	return ok(yw_q(c,
		       "INSERT INTO queue_waiting (queue_id, day, klass, n) VALUES ($1, $2, $3, 1) "
		       "ON CONFLICT (queue_id, day, klass) DO UPDATE SET n = queue_waiting.n + 1",
		       NULL, NULL, YW_PINT(queue_id), YW_PTEXT(day), YW_PINT(klass)));
}

/* The row exists: the ticket leaving was counted when it entered (or by
 * the migration's backfill). Should it ever be 0 (tickets changed by hand
 * in the database), keep it at 0 and say so rather than refuse the ticket
 * action. */
static int waiting_dec(struct yw_conn *c, int64_t queue_id, const char *day, int klass)
{
	int st = yw_q(c, "UPDATE queue_waiting SET n = n - 1 WHERE queue_id = $1 AND day = $2 AND klass = $3 AND n > 0",
		      NULL, NULL, YW_PINT(queue_id), YW_PTEXT(day), YW_PINT(klass));
	if (st >= 0 && yw_db_changes(c) != 1)
		yw_log(YW_LOG_WARN, "queue_waiting_drift", "\"queue_id\":%lld,\"day\":\"%s\",\"klass\":%d",
		       (long long)queue_id, day, klass);
	return ok(st);
}

static bool is_waiting(const char *status) { return !strcmp(status, "waiting"); }

int yw_qs_ticket_insert(struct yw_conn *c, struct yw_ticket *t)
{
	int st = yw_q(c,
		      "INSERT INTO tickets (token, hall_id, issue_queue_id, queue_id, day, number, code, item_ids, "
		      "source, klass, priority, appointment_id, id_number, phone, citizen_id, status, sort_at, "
		      "issued_at, quoted_lo, quoted_hi, version, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
		      "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1, $18) RETURNING id",
		      yw_row_get_int, &t->id, YW_PTEXT(t->token), YW_PINT(t->hall_id), YW_PINT(t->issue_queue_id),
		      YW_PINT(t->queue_id), YW_PTEXT(t->day), YW_PINT(t->number), YW_PTEXT(t->code),
		      YW_PTEXT(t->item_ids), YW_PTEXT(t->source), YW_PINT(t->klass), opt_text(t->priority),
		      opt_int(t->appointment_id), opt_text(t->id_number), opt_text(t->phone), opt_int(t->citizen_id),
		      YW_PTEXT(t->status), YW_PINT(t->sort_at), YW_PINT(t->issued_at), YW_PINT(t->quoted_lo),
		      YW_PINT(t->quoted_hi));
	st = found(st);
	if (!st && is_waiting(t->status))
		st = waiting_inc(c, t->queue_id, t->day, t->klass);
	return st;
}

int yw_qs_ticket_get(struct yw_conn *c, int64_t id, struct yw_ticket *out)
{
	return found(yw_q(c, "SELECT " TICKET_COLS " FROM tickets WHERE id = $1", ticket_row, out, YW_PINT(id)));
}

int yw_qs_ticket_by_token(struct yw_conn *c, const char *token, struct yw_ticket *out)
{
	return found(yw_q(c, "SELECT " TICKET_COLS " FROM tickets WHERE token = $1", ticket_row, out,
			  YW_PTEXT(token)));
}

int yw_qs_ticket_by_code(struct yw_conn *c, int64_t hall_id, const char *day, const char *code,
			 struct yw_ticket *out)
{
	return found(yw_q(c,
			  "SELECT " TICKET_COLS " FROM tickets WHERE hall_id = $1 AND day = $2 AND code = $3 "
			  "ORDER BY id DESC LIMIT 1",
			  ticket_row, out, YW_PINT(hall_id), YW_PTEXT(day), YW_PTEXT(code)));
}

int yw_qs_ticket_save(struct yw_conn *c, struct yw_ticket *t, const char *was_status, int64_t was_queue_id,
		      int64_t now)
{
	/* The status and queue in the condition make the counter moves below
	 * exact whatever the version check would let through. */
	int st = yw_q(c,
		      "UPDATE tickets SET queue_id = $3, status = $4, window_id = $5, target_window_id = $6, "
		      "staff_id = $7, called_at = $8, first_called_at = $9, started_at = $10, finished_at = $11, "
		      "recalls = $12, transfers = $13, version = version + 1, updated_at = $14 "
		      "WHERE id = $1 AND version = $2 AND status = $15 AND queue_id = $16",
		      NULL, NULL, YW_PINT(t->id), YW_PINT(t->version), YW_PINT(t->queue_id), YW_PTEXT(t->status),
		      opt_int(t->window_id), opt_int(t->target_window_id), opt_int(t->staff_id), opt_int(t->called_at),
		      opt_int(t->first_called_at), opt_int(t->started_at), opt_int(t->finished_at),
		      YW_PINT(t->recalls), YW_PINT(t->transfers), YW_PINT(now), YW_PTEXT(was_status),
		      YW_PINT(was_queue_id));
	if (st < 0)
		return st;
	if (yw_db_changes(c) != 1)
		return YW_RETRY;
	t->version++;
	bool left = is_waiting(was_status), entered = is_waiting(t->status);
	if (left && entered && was_queue_id == t->queue_id)
		return YW_OK;
	if (left && (st = waiting_dec(c, was_queue_id, t->day, t->klass)))
		return st;
	if (entered && (st = waiting_inc(c, t->queue_id, t->day, t->klass)))
		return st;
	return YW_OK;
}

int yw_qs_ticket_mark_reminded(struct yw_conn *c, int64_t id, int *changed)
{
	int st = yw_q(c, "UPDATE tickets SET reminded = 1 WHERE id = $1 AND reminded = 0", NULL, NULL, YW_PINT(id));
	*changed = st < 0 ? 0 : (int)yw_db_changes(c);
	return ok(st);
}

/* The row's own queue, day and class from RETURNING: the counter moved is
 * the one the ticket was counted in, even if it changed queue after t was
 * read. */
struct claimed {
	int64_t queue_id;
	int klass;
	char day[11];
};

static int claimed_row(void *ctx, const struct yw_row *r)
{
	struct claimed *k = ctx;
	k->queue_id = yw_row_int(r, 0);
	k->klass = (int)yw_row_int(r, 1);
	col_copy(k->day, sizeof k->day, r, 2);
	return 1;
}

int yw_qs_ticket_claim(struct yw_conn *c, struct yw_ticket *t, int64_t window_id, int64_t staff_id, int64_t now)
{
	struct claimed k = {0};
	int st = yw_q(c,
		      "UPDATE tickets SET status = 'called', window_id = $2, staff_id = $3, called_at = $4, "
		      "first_called_at = COALESCE(first_called_at, $4), recalls = 0, target_window_id = NULL, "
		      "version = version + 1, updated_at = $4 WHERE id = $1 AND status = 'waiting' "
		      "RETURNING queue_id, klass, day",
		      claimed_row, &k, YW_PINT(t->id), YW_PINT(window_id), opt_int(staff_id), YW_PINT(now));
	if (st < 0)
		return st;
	if (st == YW_DB_NONE || !k.queue_id)
		return YW_NOTFOUND;
	if ((st = waiting_dec(c, k.queue_id, k.day, k.klass)))
		return st;
	if (!t->first_called_at)
		t->first_called_at = now;
	snprintf(t->status, sizeof t->status, "called");
	t->window_id = window_id;
	t->staff_id = staff_id;
	t->called_at = now;
	t->recalls = 0;
	t->target_window_id = 0;
	t->version++;
	return YW_OK;
}

/* The calling order inside a queue: due appointments (rank 0), the green
 * channel (1), appointments checked in early and everyone else (2), each by
 * issue time (an appointment's slot start). $N is "now". */
#define CALL_RANK(now) "CASE WHEN klass = 0 AND sort_at <= " now " THEN 0 WHEN klass = 1 THEN 1 ELSE 2 END"

int yw_qs_best_waiting(struct yw_conn *c, int64_t queue_id, const char *day, int64_t now, struct yw_ticket *out)
{
	return found(yw_q(c,
			  "SELECT " TICKET_COLS " FROM tickets WHERE queue_id = $1 AND status = 'waiting' AND day = $3 "
			  "AND target_window_id IS NULL ORDER BY " CALL_RANK("$2") ", sort_at, id LIMIT 1",
			  ticket_row, out, YW_PINT(queue_id), YW_PINT(now), YW_PTEXT(day)));
}

/* target_window_id has no index: the queues of the window's hall (a ticket
 * is only ever sent to a window of its own hall) let the lookup use
 * tickets_waiting instead of scanning every ticket ever issued. */
int yw_qs_best_for_window(struct yw_conn *c, int64_t window_id, const char *day, int64_t now, struct yw_ticket *out)
{
	return found(yw_q(c,
			  "SELECT " TICKET_COLS " FROM tickets WHERE target_window_id = $1 AND status = 'waiting' "
			  "AND day = $3 AND queue_id IN (SELECT q.id FROM queues q JOIN windows w ON w.hall_id = q.hall_id "
			  "WHERE w.id = $1) ORDER BY " CALL_RANK("$2") ", sort_at, id LIMIT 1",
			  ticket_row, out, YW_PINT(window_id), YW_PINT(now), YW_PTEXT(day)));
}

/* Waiting tickets of one class whose sort_at lies in (after, upto]; with
 * before_id set, those at exactly upto count only when their id is lower
 * (the calling order's tie-break). One range of tickets_waiting. */
static int count_class(struct yw_conn *c, const struct yw_ticket *t, int klass, int64_t after, int64_t upto,
		       int64_t before_id, int *n)
{
	int64_t v = 0;
	int st = yw_q(c,
		      "SELECT COUNT(*) FROM tickets WHERE queue_id = $1 AND status = 'waiting' AND day = $2 "
		      "AND klass = $3 AND sort_at > $4 AND sort_at <= $5 AND (sort_at < $5 OR $6 = 0 OR id < $6)",
		      yw_row_get_int, &v, YW_PINT(t->queue_id), YW_PTEXT(t->day), YW_PINT(klass), YW_PINT(after),
		      YW_PINT(upto), YW_PINT(before_id));
	*n = (int)v;
	return ok(st);
}

/* The calling order ranks due appointments (class 0, sort_at <= now), then
 * the green channel (1), then everyone else by sort_at: normal tickets (2)
 * and appointments not yet due. Counting each class as an index range keeps
 * this independent of how many wait. */
int yw_qs_ahead(struct yw_conn *c, const struct yw_ticket *t, int64_t now, int *ahead, int *green, int *appt)
{
	const int64_t lo = INT64_MIN;
	int due = 0, later_appt = 0, g = 0, normal = 0, st = 0;
	if (t->klass == YW_TK_APPOINTMENT && t->sort_at <= now) {
		st = count_class(c, t, YW_TK_APPOINTMENT, lo, t->sort_at, t->id, &due);
	} else if (t->klass == YW_TK_GREEN) {
		st = count_class(c, t, YW_TK_APPOINTMENT, lo, now, 0, &due);
		if (!st)
			st = count_class(c, t, YW_TK_GREEN, lo, t->sort_at, t->id, &g);
	} else {
		st = count_class(c, t, YW_TK_APPOINTMENT, lo, now, 0, &due);
		if (!st)
			st = count_class(c, t, YW_TK_GREEN, lo, INT64_MAX, 0, &g);
		if (!st && t->sort_at > now)
			st = count_class(c, t, YW_TK_APPOINTMENT, now, t->sort_at, t->id, &later_appt);
		if (!st)
			st = count_class(c, t, YW_TK_NORMAL, lo, t->sort_at, t->id, &normal);
	}
	*ahead = due + later_appt + g + normal;
	*green = g;
	*appt = due + later_appt;
	return st;
}

/* A ticket being issued now (sort_at = now, after every ticket issued
 * before it) in class 1 or 2 has ahead of it every waiting ticket of its
 * queue except appointments not yet due and those of its own class with a
 * later sort_at (another instance's clock, or one that stepped back). The
 * counters give the waiting tickets per class; the tickets of those two
 * classes with sort_at > now, usually none, are counted as two small index
 * ranges. One statement, so one snapshot on PostgreSQL. */
struct ahead_sums {
	int64_t n[3], later[3];
};

static int ahead_row(void *ctx, const struct yw_row *r)
{
	struct ahead_sums *a = ctx;
	int64_t k = yw_row_int(r, 0);
	if (k >= 0 && k <= 2) {
		a->n[k] += col_int(r, 1);
		a->later[k] += col_int(r, 2);
	}
	return 0;
}

int yw_qs_ahead_new(struct yw_conn *c, int64_t queue_id, const char *day, int klass, int64_t now, int *ahead,
		    int *green, int *appt)
{
	struct ahead_sums a = {{0}, {0}};
	/* Two plain ranges rather than klass IN (0, $3): SQLite would build a
	 * temporary table for that list on every call. */
	int st = yw_q(c,
		      "SELECT klass, n, 0 FROM queue_waiting WHERE queue_id = $1 AND day = $2 UNION ALL "
		      "SELECT 0, 0, COUNT(*) FROM tickets WHERE queue_id = $1 AND status = 'waiting' AND day = $2 "
		      "AND klass = 0 AND sort_at > $4 UNION ALL "
		      "SELECT CAST($3 AS INTEGER), 0, COUNT(*) FROM tickets WHERE queue_id = $1 AND status = 'waiting' "
		      "AND day = $2 AND klass = $3 AND sort_at > $4",
		      ahead_row, &a, YW_PINT(queue_id), YW_PTEXT(day), YW_PINT(klass), YW_PINT(now));
	int64_t due = a.n[YW_TK_APPOINTMENT] - a.later[YW_TK_APPOINTMENT];
	int64_t g = a.n[YW_TK_GREEN] - (klass == YW_TK_GREEN ? a.later[YW_TK_GREEN] : 0);
	int64_t normal = klass == YW_TK_NORMAL ? a.n[YW_TK_NORMAL] - a.later[YW_TK_NORMAL] : 0;
	*appt = (int)due;
	*green = (int)g;
	*ahead = (int)(due + g + normal);
	return ok(st);
}

int yw_qs_waiting_count(struct yw_conn *c, int64_t queue_id, const char *day, int *out)
{
	int64_t n = 0;
	int st = yw_q(c, "SELECT COALESCE(SUM(n), 0) FROM queue_waiting WHERE queue_id = $1 AND day = $2",
		      yw_row_get_int, &n, YW_PINT(queue_id), YW_PTEXT(day));
	*out = (int)n;
	return ok(st);
}

int yw_qs_nth_waiting(struct yw_conn *c, int64_t queue_id, const char *day, int n, int64_t now, struct yw_ticket *out)
{
	return found(yw_q(c,
			  "SELECT " TICKET_COLS " FROM tickets WHERE queue_id = $1 AND status = 'waiting' AND day = $4 "
			  "ORDER BY " CALL_RANK("$2") ", sort_at, id LIMIT 1 OFFSET $3",
			  ticket_row, out, YW_PINT(queue_id), YW_PINT(now), YW_PINT(n - 1), YW_PTEXT(day)));
}

/* Walks tickets_waiting queue by queue and status by status, so the sweep
 * touches only open tickets, never the whole history. No ticket of an
 * earlier day waits any more, so their counters go (0 is no row). */
int yw_qs_expire_before(struct yw_conn *c, const char *day, int64_t now, int64_t *n)
{
	int st = yw_q(c,
		      "UPDATE tickets SET status = 'expired', version = version + 1, updated_at = $2 "
		      "WHERE queue_id IN (SELECT id FROM queues) AND status IN ('waiting', 'called', 'parked', 'serving') "
		      "AND day < $1",
		      NULL, NULL, YW_PTEXT(day), YW_PINT(now));
	*n = st < 0 ? 0 : (int64_t)yw_db_changes(c);
	if (st >= 0)
		st = yw_q(c, "DELETE FROM queue_waiting WHERE day < $1", NULL, NULL, YW_PTEXT(day));
	return ok(st);
}

int yw_qs_hall_tickets(struct yw_conn *c, int64_t hall_id, const char *day, const char *status, int64_t queue_id,
		       int limit, int (*fn)(void *ctx, const struct yw_ticket *t), void *ctx)
{
	struct ticket_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT " TICKET_COLS " FROM tickets WHERE hall_id = $1 AND day = $2 "
		       "AND ($3 = '' OR status = $3) AND ($4 = 0 OR queue_id = $4) ORDER BY id DESC LIMIT $5",
		       ticket_each, &it, YW_PINT(hall_id), YW_PTEXT(day), YW_PTEXT(status ? status : ""),
		       YW_PINT(queue_id), YW_PINT(limit)));
}

int yw_qs_citizen_tickets(struct yw_conn *c, int64_t citizen_id, const char *day,
			  int (*fn)(void *ctx, const struct yw_ticket *t), void *ctx)
{
	struct ticket_iter it = {fn, ctx};
	return ok(yw_q(c, "SELECT " TICKET_COLS " FROM tickets WHERE citizen_id = $1 AND day = $2 ORDER BY id DESC",
		       ticket_each, &it, YW_PINT(citizen_id), YW_PTEXT(day)));
}

int yw_qs_window_tickets(struct yw_conn *c, int64_t window_id, const char *status1, const char *status2,
			 int (*fn)(void *ctx, const struct yw_ticket *t), void *ctx)
{
	struct ticket_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT " TICKET_COLS " FROM tickets WHERE window_id = $1 AND status IN ($2, $3) "
		       "ORDER BY called_at DESC, id DESC LIMIT 50",
		       ticket_each, &it, YW_PINT(window_id), YW_PTEXT(status1), YW_PTEXT(status2)));
}

int yw_qs_recent_calls(struct yw_conn *c, int64_t hall_id, const char *day, int limit,
		       int (*fn)(void *ctx, const struct yw_ticket *t), void *ctx)
{
	struct ticket_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT " TICKET_COLS " FROM tickets WHERE hall_id = $1 AND day = $2 AND called_at IS NOT NULL "
		       "ORDER BY called_at DESC, id DESC LIMIT $3",
		       ticket_each, &it, YW_PINT(hall_id), YW_PTEXT(day), YW_PINT(limit)));
}

int yw_qs_served_count(struct yw_conn *c, int64_t window_id, const char *day, int *out)
{
	int64_t n = 0;
	int st = yw_q(c,
		      "SELECT COUNT(*) FROM tickets WHERE window_id = $1 AND status = 'done' AND day = $2",
		      yw_row_get_int, &n, YW_PINT(window_id), YW_PTEXT(day));
	*out = (int)n;
	return ok(st);
}

static int two_ints64(void *ctx, const struct yw_row *r);

int yw_qs_served_mix(struct yw_conn *c, int64_t window_id, int64_t queue_id, const char *since, int64_t *in_queue,
		     int64_t *all)
{
	int64_t v[2] = {0, 0};
	int st = yw_q(c,
		      "SELECT COALESCE(SUM(CASE WHEN queue_id = $2 THEN 1 ELSE 0 END), 0), COUNT(*) FROM tickets "
		      "WHERE window_id = $1 AND status = 'done' AND day >= $3",
		      two_ints64, v, YW_PINT(window_id), YW_PINT(queue_id), YW_PTEXT(since));
	*in_queue = v[0];
	*all = v[1];
	return ok(st);
}

/* ---- windows ---- */

#define WINDOW_COLS "id, hall_id, number, name, type, is_open, queue_codes"

static void window_from_row(struct yw_window_row *w, const struct yw_row *r)
{
	memset(w, 0, sizeof *w);
	w->id = yw_row_int(r, 0);
	w->hall_id = yw_row_int(r, 1);
	w->number = yw_row_int(r, 2);
	col_copy(w->name, sizeof w->name, r, 3);
	col_copy(w->type, sizeof w->type, r, 4);
	w->is_open = col_int(r, 5) != 0;
	col_copy(w->queue_codes, sizeof w->queue_codes, r, 6);
}

static int window_row(void *ctx, const struct yw_row *r)
{
	window_from_row(ctx, r);
	return 1;
}

int yw_qs_window(struct yw_conn *c, int64_t id, struct yw_window_row *out)
{
	return found(yw_q(c, "SELECT " WINDOW_COLS " FROM windows WHERE id = $1", window_row, out, YW_PINT(id)));
}

int yw_qs_window_lock(struct yw_conn *c, int64_t id)
{
	return ok(yw_q(c, "UPDATE windows SET is_open = is_open WHERE id = $1", NULL, NULL, YW_PINT(id)));
}

int yw_qs_window_set_open(struct yw_conn *c, int64_t id, bool open, int64_t now)
{
	return ok(yw_q(c, "UPDATE windows SET is_open = $2, version = version + 1, updated_at = $3 WHERE id = $1",
		       NULL, NULL, YW_PINT(id), YW_PINT(open), YW_PINT(now)));
}

struct window_iter {
	int (*fn)(void *ctx, const struct yw_window_row *w);
	void *ctx;
};

static int window_each(void *ctx, const struct yw_row *r)
{
	struct window_iter *it = ctx;
	struct yw_window_row w;
	window_from_row(&w, r);
	return it->fn(it->ctx, &w);
}

int yw_qs_hall_windows(struct yw_conn *c, int64_t hall_id, int (*fn)(void *ctx, const struct yw_window_row *w),
		       void *ctx)
{
	struct window_iter it = {fn, ctx};
	return ok(yw_q(c, "SELECT " WINDOW_COLS " FROM windows WHERE hall_id = $1 ORDER BY number", window_each, &it,
		       YW_PINT(hall_id)));
}

/* The pattern is built in SQL, not bound whole: LIKE against a bound
 * parameter makes SQLite prepare the statement again at every call (its
 * LIKE optimisation depends on the value), which cost a kiosk ticket a
 * parse. */
int yw_qs_windows_serving(struct yw_conn *c, int64_t hall_id, const char *code, int *out)
{
	char quoted[48];
	snprintf(quoted, sizeof quoted, "\"%s\"", code);
	int64_t n = 0;
	int st = yw_q(c,
		      "SELECT COUNT(*) FROM windows WHERE hall_id = $1 AND is_open = 1 "
		      "AND queue_codes LIKE '%' || $2 || '%'",
		      yw_row_get_int, &n, YW_PINT(hall_id), YW_PTEXT(quoted));
	*out = (int)n;
	return ok(st);
}

/* ---- rollups and catalogue ---- */

static int two_ints64(void *ctx, const struct yw_row *r)
{
	int64_t *v = ctx;
	v[0] = col_int(r, 0);
	v[1] = col_int(r, 1);
	return 1;
}

int yw_qs_service_sums(struct yw_conn *c, int64_t hall_id, int64_t queue_id, int hour, const char *since_day,
		       int64_t *sum_ms, int64_t *n)
{
	int64_t v[2] = {0, 0};
	int st = yw_q(c,
		      "SELECT COALESCE(SUM(service_sum_ms), 0), COALESCE(SUM(service_n), 0) FROM queue_hourly "
		      "WHERE hall_id = $1 AND queue_id = $2 AND ($3 < 0 OR hour = $3) AND day >= $4",
		      two_ints64, v, YW_PINT(hall_id), YW_PINT(queue_id), YW_PINT(hour), YW_PTEXT(since_day));
	*sum_ms = v[0];
	*n = v[1];
	return ok(st);
}

struct id_iter {
	int (*fn)(void *ctx, int64_t id);
	void *ctx;
};

static int id_each(void *ctx, const struct yw_row *r)
{
	struct id_iter *it = ctx;
	return it->fn(it->ctx, yw_row_int(r, 0));
}

int yw_qs_item_halls(struct yw_conn *c, int64_t item_id, int (*fn)(void *ctx, int64_t hall_id), void *ctx)
{
	struct id_iter it = {fn, ctx};
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)item_id);
	return ok(yw_q(c,
		       "SELECT h.hall_id FROM items i "
		       "JOIN item_versions v ON v.item_id = i.id AND v.version = i.current_version "
		       "JOIN item_halls h ON h.version_id = v.id "
		       "WHERE i.id = $1 AND i.status = 'published' UNION "
		       "SELECT hall_id FROM queues WHERE item_ids LIKE '%,' || $2 || ',%' ORDER BY 1",
		       id_each, &it, YW_PINT(item_id), YW_PTEXT(id)));
}

int yw_qs_issued(struct yw_conn *c, int64_t queue_id, const char *day, int *out)
{
	int64_t n = 0;
	int st = yw_q(c, "SELECT last FROM ticket_counters WHERE queue_id = $1 AND day = $2", yw_row_get_int, &n,
		      YW_PINT(queue_id), YW_PTEXT(day));
	*out = (int)n;
	return ok(st);
}

int yw_qs_last_event_id(struct yw_conn *c, int64_t hall_id, int64_t *out)
{
	*out = 0;
	return ok(yw_q(c, "SELECT COALESCE(MAX(id), 0) FROM queue_events WHERE hall_id = $1", yw_row_get_int, out,
		       YW_PINT(hall_id)));
}

static int text_row(void *ctx, const struct yw_row *r)
{
	char **p = ctx;
	*p = yw_row_null(r, 0) ? NULL : yw_strdup(yw_row_text(r, 0));
	return 1;
}

int yw_qs_hall_address(struct yw_conn *c, int64_t hall_id, char *out, size_t n)
{
	char *s = NULL;
	int st = yw_q(c, "SELECT address FROM halls WHERE id = $1", text_row, &s, YW_PINT(hall_id));
	snprintf(out, n, "%s", s ? s : "");
	free(s);
	return ok(st);
}

struct item_iter {
	int (*fn)(void *ctx, int64_t item_id, const char *department, bool comprehensive);
	void *ctx;
};

static int item_each(void *ctx, const struct yw_row *r)
{
	struct item_iter *it = ctx;
	return it->fn(it->ctx, yw_row_int(r, 0), yw_row_text(r, 1), col_int(r, 2) != 0);
}

int yw_qs_hall_items(struct yw_conn *c, int64_t hall_id,
		     int (*fn)(void *ctx, int64_t item_id, const char *department, bool comprehensive), void *ctx)
{
	struct item_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT i.id, d.name, h.comprehensive FROM items i "
		       "JOIN item_versions v ON v.item_id = i.id AND v.version = i.current_version "
		       "JOIN item_halls h ON h.version_id = v.id "
		       "JOIN departments d ON d.id = i.department_id "
		       "WHERE h.hall_id = $1 AND i.status = 'published' ORDER BY i.id",
		       item_each, &it, YW_PINT(hall_id)));
}

int yw_qs_hourly_add(struct yw_conn *c, int64_t hall_id, int64_t queue_id, const char *day, int hour,
		     const struct yw_qhour_add *a)
{
	return ok(yw_q(c,
		       "INSERT INTO queue_hourly (hall_id, queue_id, day, hour, issued, walkins, appointments, served, "
		       "no_shows, cancelled, wait_n, wait_sum_ms, service_n, service_sum_ms, service_sq_sum, quote_n, "
		       "quote_abs_err_ms, quote_in_range) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
		       "$13, $14, $15, $16, $17, $18) ON CONFLICT (hall_id, queue_id, day, hour) DO UPDATE SET "
		       "issued = queue_hourly.issued + excluded.issued, walkins = queue_hourly.walkins + excluded.walkins, "
		       "appointments = queue_hourly.appointments + excluded.appointments, "
		       "served = queue_hourly.served + excluded.served, no_shows = queue_hourly.no_shows + excluded.no_shows, "
		       "cancelled = queue_hourly.cancelled + excluded.cancelled, wait_n = queue_hourly.wait_n + excluded.wait_n, "
		       "wait_sum_ms = queue_hourly.wait_sum_ms + excluded.wait_sum_ms, "
		       "service_n = queue_hourly.service_n + excluded.service_n, "
		       "service_sum_ms = queue_hourly.service_sum_ms + excluded.service_sum_ms, "
		       "service_sq_sum = queue_hourly.service_sq_sum + excluded.service_sq_sum, "
		       "quote_n = queue_hourly.quote_n + excluded.quote_n, "
		       "quote_abs_err_ms = queue_hourly.quote_abs_err_ms + excluded.quote_abs_err_ms, "
		       "quote_in_range = queue_hourly.quote_in_range + excluded.quote_in_range",
		       NULL, NULL, YW_PINT(hall_id), YW_PINT(queue_id), YW_PTEXT(day), YW_PINT(hour), YW_PINT(a->issued),
		       YW_PINT(a->walkins), YW_PINT(a->appointments), YW_PINT(a->served), YW_PINT(a->no_shows),
		       YW_PINT(a->cancelled), YW_PINT(a->wait_n), YW_PINT(a->wait_sum_ms), YW_PINT(a->service_n),
		       YW_PINT(a->service_sum_ms), YW_PREAL(a->service_sq_sum), YW_PINT(a->quote_n),
		       YW_PINT(a->quote_abs_err_ms), YW_PINT(a->quote_in_range)));
}

int yw_qs_prune_events(struct yw_conn *c, int64_t before_ms, int64_t *deleted)
{
	int st = yw_q(c, "DELETE FROM queue_events WHERE at < $1", NULL, NULL, YW_PINT(before_ms));
	*deleted = st < 0 ? 0 : yw_db_changes(c);
	return ok(st);
}

struct stat_iter {
	int (*fn)(void *ctx, const struct yw_stat_row *r);
	void *ctx;
};

static int stat_each(void *p, const struct yw_row *r)
{
	struct stat_iter *it = p;
	struct yw_stat_row x = {0};
	int64_t *ints[] = {&x.queue_id, &x.issue_queue_id, &x.window_id, &x.staff_id,
			   &x.issued_at, &x.first_called_at, &x.started_at, &x.finished_at};
	for (int i = 0; i < 8; i++)
		*ints[i] = col_int(r, i);
	x.klass = (int)col_int(r, 8);
	x.quoted_lo = (int)col_int(r, 9);
	x.quoted_hi = (int)col_int(r, 10);
	col_copy(x.status, sizeof x.status, r, 11);
	col_copy(x.source, sizeof x.source, r, 12);
	col_copy(x.staff_name, sizeof x.staff_name, r, 13);
	return it->fn(it->ctx, &x);
}

int yw_qs_stat_rows(struct yw_conn *c, int64_t hall_id, const char *from, const char *to,
		    int (*fn)(void *ctx, const struct yw_stat_row *r), void *ctx)
{
	struct stat_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT t.queue_id, t.issue_queue_id, t.window_id, t.staff_id, t.issued_at, t.first_called_at, "
		       "t.started_at, t.finished_at, t.klass, t.quoted_lo, t.quoted_hi, t.status, t.source, s.name "
		       "FROM tickets t LEFT JOIN staff s ON s.id = t.staff_id "
		       "WHERE t.hall_id = $1 AND t.day >= $2 AND t.day <= $3",
		       stat_each, &it, YW_PINT(hall_id), YW_PTEXT(from), YW_PTEXT(to)));
}

static int hour_row(void *p, const struct yw_row *r)
{
	struct yw_hour_sums *h = p;
	int64_t hour = yw_row_int(r, 0);
	if (hour < 0 || hour > 23)
		return 0;
	h[hour].walkins = col_int(r, 1);
	h[hour].service_n = col_int(r, 2);
	h[hour].service_sum_ms = col_int(r, 3);
	h[hour].service_sq_sum = yw_row_null(r, 4) ? 0 : yw_row_real(r, 4);
	return 0;
}

int yw_qs_hour_sums(struct yw_conn *c, int64_t hall_id, int64_t queue_id, const char *since, struct yw_hour_sums h[24],
		    int *days)
{
	memset(h, 0, 24 * sizeof *h);
	int64_t d = 0;
	int st = yw_q(c,
		      "SELECT hour, SUM(walkins), SUM(service_n), SUM(service_sum_ms), SUM(service_sq_sum) "
		      "FROM queue_hourly WHERE hall_id = $1 AND queue_id = $2 AND day >= $3 GROUP BY hour",
		      hour_row, h, YW_PINT(hall_id), YW_PINT(queue_id), YW_PTEXT(since));
	if (st >= 0)
		st = yw_q(c, "SELECT COUNT(DISTINCT day) FROM queue_hourly WHERE hall_id = $1 AND day >= $2",
			  yw_row_get_int, &d, YW_PINT(hall_id), YW_PTEXT(since));
	*days = (int)d;
	return ok(st);
}

int yw_qs_day_used(struct yw_conn *c, int64_t queue_id, const char *day, bool *used)
{
	int64_t n = 0;
	int st = yw_q(c, "SELECT COUNT(*) FROM ticket_counters WHERE queue_id = $1 AND day = $2", yw_row_get_int, &n,
		      YW_PINT(queue_id), YW_PTEXT(day));
	*used = n > 0;
	return ok(st);
}

int yw_qs_set_counter(struct yw_conn *c, int64_t queue_id, const char *day, int64_t last)
{
	return ok(yw_q(c, "INSERT INTO ticket_counters (queue_id, day, last) VALUES ($1, $2, $3)", NULL, NULL,
		       YW_PINT(queue_id), YW_PTEXT(day), YW_PINT(last)));
}
