/* SQL of appointments. Capacity and per-person limits change only through
 * conditional updates, so concurrent bookings are exact on both engines. */
#include "yw/appt_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"


static int hhmm(const char *s)
{
	int h = 0, m = 0;
	sscanf(s ? s : "", "%d:%d", &h, &m);
	return h * 60 + m;
}

struct session_iter {
	int (*fn)(void *ctx, const struct yw_session_row *r);
	void *ctx;
};

static int session_each(void *p, const struct yw_row *r)
{
	struct session_iter *it = p;
	struct yw_session_row s = {0};
	s.id = yw_row_int(r, 0);
	col_copy(s.day_kind, sizeof s.day_kind, r, 1);
	s.weekday = (int)col_int(r, 2);
	s.start_min = hhmm(yw_row_text(r, 3));
	s.end_min = hhmm(yw_row_text(r, 4));
	s.slot_minutes = (int)col_int(r, 5);
	s.online = (int)col_int(r, 6);
	s.internal = (int)col_int(r, 7);
	return it->fn(it->ctx, &s);
}

int yw_as_sessions(struct yw_conn *c, int64_t queue_id, int (*fn)(void *ctx, const struct yw_session_row *r),
		   void *ctx)
{
	struct session_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT id, day_kind, weekday, start_time, end_time, slot_minutes, online_capacity, "
		       "internal_capacity FROM appt_sessions WHERE queue_id = $1 ORDER BY start_time, id",
		       session_each, &it, YW_PINT(queue_id)));
}

int yw_as_slot_ensure(struct yw_conn *c, const struct yw_slot *s)
{
	return ok(yw_q(c,
		       "INSERT INTO appt_slots (hall_id, queue_id, date, start_min, end_min, cap_online, cap_internal) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (queue_id, date, start_min) DO NOTHING",
		       NULL, NULL, YW_PINT(s->hall_id), YW_PINT(s->queue_id), YW_PTEXT(s->date), YW_PINT(s->start_min),
		       YW_PINT(s->end_min), YW_PINT(s->cap_online), YW_PINT(s->cap_internal)));
}

static void slot_from_row(struct yw_slot *s, const struct yw_row *r)
{
	memset(s, 0, sizeof *s);
	s->id = yw_row_int(r, 0);
	s->hall_id = yw_row_int(r, 1);
	s->queue_id = yw_row_int(r, 2);
	col_copy(s->date, sizeof s->date, r, 3);
	s->start_min = (int)col_int(r, 4);
	s->end_min = (int)col_int(r, 5);
	s->cap_online = (int)col_int(r, 6);
	s->cap_internal = (int)col_int(r, 7);
	s->used_online = (int)col_int(r, 8);
	s->used_internal = (int)col_int(r, 9);
	s->frozen = (int)col_int(r, 10);
	if (yw_row_ncols(r) > 12) {
		s->reclaim_online = (int)col_int(r, 11);
		s->reclaim_internal = (int)col_int(r, 12);
	}
}

struct slot_iter {
	int (*fn)(void *ctx, const struct yw_slot *s);
	void *ctx;
};

static int slot_each(void *p, const struct yw_row *r)
{
	struct slot_iter *it = p;
	struct yw_slot s;
	slot_from_row(&s, r);
	return it->fn(it->ctx, &s);
}

int yw_as_slots(struct yw_conn *c, int64_t queue_id, const char *date, int64_t now,
		int (*fn)(void *ctx, const struct yw_slot *s), void *ctx)
{
	struct slot_iter it = {fn, ctx};
	/* Frozen: cancelled places not yet given back (anti slot trading).
	 * Reclaimable: places of expired holds and thawed cancellations that
	 * the next booking gives back first, so they count as free. */
	return ok(yw_q(c,
		       "SELECT s.id, s.hall_id, s.queue_id, s.date, s.start_min, s.end_min, s.cap_online, "
		       "s.cap_internal, s.used_online, s.used_internal, (SELECT COUNT(*) FROM appointments a "
		       "WHERE a.slot_id = s.id AND a.released = 0 AND a.status = 'cancelled' AND a.frozen_until > $3), "
		       "(SELECT COUNT(*) FROM appointments a WHERE a.slot_id = s.id AND a.released = 0 "
		       "AND a.channel = 'online' AND ((a.status = 'held' AND a.hold_until <= $3) "
		       "OR (a.status = 'cancelled' AND a.frozen_until <= $3))), "
		       "(SELECT COUNT(*) FROM appointments a WHERE a.slot_id = s.id AND a.released = 0 "
		       "AND a.channel = 'internal' AND ((a.status = 'held' AND a.hold_until <= $3) "
		       "OR (a.status = 'cancelled' AND a.frozen_until <= $3))) "
		       "FROM appt_slots s WHERE s.queue_id = $1 AND s.date = $2 ORDER BY s.start_min",
		       slot_each, &it, YW_PINT(queue_id), YW_PTEXT(date), YW_PINT(now)));
}

int yw_as_slots_from(struct yw_conn *c, int64_t queue_id, const char *from_date,
		     int (*fn)(void *ctx, const struct yw_slot *s), void *ctx)
{
	struct slot_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT s.id, s.hall_id, s.queue_id, s.date, s.start_min, s.end_min, s.cap_online, "
		       "s.cap_internal, s.used_online, s.used_internal, 0 FROM appt_slots s "
		       "WHERE s.queue_id = $1 AND s.date >= $2 ORDER BY s.date, s.start_min",
		       slot_each, &it, YW_PINT(queue_id), YW_PTEXT(from_date)));
}

int yw_as_slot_caps(struct yw_conn *c, int64_t slot_id, int online, int internal)
{
	return ok(yw_q(c, "UPDATE appt_slots SET cap_online = $2, cap_internal = $3 WHERE id = $1", NULL, NULL,
		       YW_PINT(slot_id), YW_PINT(online), YW_PINT(internal)));
}

static int slot_row(void *p, const struct yw_row *r)
{
	slot_from_row(p, r);
	return 1;
}

int yw_as_slot_find(struct yw_conn *c, int64_t queue_id, const char *date, int start_min, struct yw_slot *out)
{
	return found(yw_q(c,
			  "SELECT s.id, s.hall_id, s.queue_id, s.date, s.start_min, s.end_min, s.cap_online, "
			  "s.cap_internal, s.used_online, s.used_internal, 0 FROM appt_slots s "
			  "WHERE s.queue_id = $1 AND s.date = $2 AND s.start_min = $3",
			  slot_row, out, YW_PINT(queue_id), YW_PTEXT(date), YW_PINT(start_min)));
}

static int three_ints(void *p, const struct yw_row *r)
{
	int64_t *v = p;
	for (int i = 0; i < 3; i++)
		v[i] = col_int(r, i);
	return 1;
}

int yw_as_slot_take(struct yw_conn *c, int64_t slot_id, bool internal)
{
	int st = internal ? yw_q(c,
				 "UPDATE appt_slots SET used_internal = used_internal + 1 "
				 "WHERE id = $1 AND used_internal < cap_internal",
				 NULL, NULL, YW_PINT(slot_id))
			  : yw_q(c,
				 "UPDATE appt_slots SET used_online = used_online + 1 "
				 "WHERE id = $1 AND used_online < cap_online",
				 NULL, NULL, YW_PINT(slot_id));
	if (st < 0)
		return st;
	return yw_db_changes(c) == 1 ? YW_OK : YW_NOTFOUND;
}

int yw_as_slot_reclaim(struct yw_conn *c, int64_t slot_id, bool internal, int64_t now, int64_t *n)
{
	*n = 0;
	int st = yw_q(c,
		      "UPDATE appointments SET released = 1 WHERE slot_id = $1 AND channel = $2 AND released = 0 "
		      "AND ((status = 'held' AND hold_until <= $3) OR (status = 'cancelled' AND frozen_until <= $3))",
		      NULL, NULL, YW_PINT(slot_id), YW_PTEXT(internal ? "internal" : "online"), YW_PINT(now));
	if (st < 0)
		return st;
	*n = yw_db_changes(c);
	if (!*n)
		return YW_OK;
	return ok(internal ? yw_q(c, "UPDATE appt_slots SET used_internal = used_internal - $2 WHERE id = $1", NULL,
				  NULL, YW_PINT(slot_id), YW_PINT(*n))
			   : yw_q(c, "UPDATE appt_slots SET used_online = used_online - $2 WHERE id = $1", NULL, NULL,
				  YW_PINT(slot_id), YW_PINT(*n)));
}

int yw_as_slot_state(struct yw_conn *c, int64_t slot_id, bool internal, int64_t now, int64_t *free_now,
		     int64_t *reclaim, int64_t *frozen)
{
	int64_t v[3] = {0, 0, 0};
	int st = yw_q(c,
		      "SELECT CASE WHEN $2 = 'internal' THEN s.cap_internal - s.used_internal "
		      "ELSE s.cap_online - s.used_online END, "
		      "(SELECT COUNT(*) FROM appointments a WHERE a.slot_id = s.id AND a.channel = $2 AND a.released = 0 "
		      "AND ((a.status = 'held' AND a.hold_until <= $3) OR (a.status = 'cancelled' AND a.frozen_until <= $3))), "
		      "(SELECT COUNT(*) FROM appointments a WHERE a.slot_id = s.id AND a.channel = $2 AND a.released = 0 "
		      "AND a.status = 'cancelled' AND a.frozen_until > $3) FROM appt_slots s WHERE s.id = $1",
		      three_ints, v, YW_PINT(slot_id), YW_PTEXT(internal ? "internal" : "online"), YW_PINT(now));
	*free_now = v[0];
	*reclaim = v[1];
	*frozen = v[2];
	return found(st);
}

int yw_as_slot_frozen(struct yw_conn *c, int64_t slot_id, bool internal, int64_t now, int64_t *n)
{
	*n = 0;
	return ok(yw_q(c,
		       "SELECT COUNT(*) FROM appointments WHERE slot_id = $1 AND channel = $2 AND released = 0 "
		       "AND status = 'cancelled' AND frozen_until > $3",
		       yw_row_get_int, n, YW_PINT(slot_id), YW_PTEXT(internal ? "internal" : "online"), YW_PINT(now)));
}

int yw_as_person_take(struct yw_conn *c, const char *id_number, const char *key, int limit)
{
	int64_t n = 0;
	int st = yw_q(c,
		      "INSERT INTO appt_person (id_number, key, n) VALUES ($1, $2, 1) ON CONFLICT (id_number, key) "
		      "DO UPDATE SET n = appt_person.n + 1 WHERE appt_person.n < $3 RETURNING n",
		      yw_row_get_int, &n, YW_PTEXT(id_number), YW_PTEXT(key), YW_PINT(limit));
	if (st < 0)
		return st;
	return st == YW_DB_NONE || n > limit ? YW_NOTFOUND : YW_OK;
}

int yw_as_person_give(struct yw_conn *c, const char *id_number, const char *key, int64_t n)
{
	return ok(yw_q(c,
		       "UPDATE appt_person SET n = CASE WHEN n > $3 THEN n - $3 ELSE 0 END "
		       "WHERE id_number = $1 AND key = $2 AND n > 0",
		       NULL, NULL, YW_PTEXT(id_number), YW_PTEXT(key), YW_PINT(n)));
}

struct id_list {
	int64_t *v;
	int64_t n;
};

static int id_add(void *p, const struct yw_row *r)
{
	struct id_list *l = p;
	l->v = yw_realloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
	l->v[l->n++] = yw_row_int(r, 0);
	return 0;
}

int yw_as_mark_no_shows(struct yw_conn *c, const char *id_number, int64_t item_id, const char *today, int64_t now,
			int64_t **ids, int64_t *n)
{
	struct id_list l = {0};
	int st = yw_q(c,
		      "UPDATE appointments SET status = 'no_show', version = version + 1, updated_at = $4 "
		      "WHERE id_number = $1 AND item_id = $2 AND status = 'booked' AND date < $3 RETURNING id",
		      id_add, &l, YW_PTEXT(id_number), YW_PINT(item_id), YW_PTEXT(today), YW_PINT(now));
	*ids = l.v;
	*n = st < 0 ? 0 : l.n;
	return ok(st);
}

#define APPT_COLS                                                                                            \
	"a.id, a.hall_id, a.queue_id, a.slot_id, a.item_id, a.citizen_id, a.staff_id, a.ticket_id, a.hold_until, " \
	"a.frozen_until, a.checked_in_at, a.created_at, a.version, a.start_min, s.end_min, a.code, a.date, "     \
	"a.channel, a.status, a.name, a.id_number, a.phone, q.name, h.name"
#define APPT_FROM \
	" FROM appointments a JOIN appt_slots s ON s.id = a.slot_id JOIN queues q ON q.id = a.queue_id " \
	"JOIN halls h ON h.id = a.hall_id "

static void appt_from_row(struct yw_appt *a, const struct yw_row *r)
{
	memset(a, 0, sizeof *a);
	int64_t *ints[] = {&a->id,         &a->hall_id,      &a->queue_id,      &a->slot_id,     &a->item_id,
			   &a->citizen_id, &a->staff_id,     &a->ticket_id,     &a->hold_until,  &a->frozen_until,
			   &a->checked_in_at, &a->created_at, &a->version};
	for (int i = 0; i < 13; i++)
		*ints[i] = col_int(r, i);
	a->start_min = (int)col_int(r, 13);
	a->end_min = (int)col_int(r, 14);
	col_copy(a->code, sizeof a->code, r, 15);
	col_copy(a->date, sizeof a->date, r, 16);
	col_copy(a->channel, sizeof a->channel, r, 17);
	col_copy(a->status, sizeof a->status, r, 18);
	col_copy(a->name, sizeof a->name, r, 19);
	col_copy(a->id_number, sizeof a->id_number, r, 20);
	col_copy(a->phone, sizeof a->phone, r, 21);
	col_copy(a->queue_name, sizeof a->queue_name, r, 22);
	col_copy(a->hall_name, sizeof a->hall_name, r, 23);
}

static int appt_row(void *p, const struct yw_row *r)
{
	appt_from_row(p, r);
	return 1;
}

static int appt_add(void *p, const struct yw_row *r)
{
	struct yw_appts *l = p;
	l->v = yw_realloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
	appt_from_row(&l->v[l->n++], r);
	return 0;
}

int yw_as_insert(struct yw_conn *c, struct yw_appt *a)
{
	return found(yw_q(c,
			  "INSERT INTO appointments (code, hall_id, queue_id, slot_id, date, start_min, channel, status, "
			  "name, id_number, phone, item_id, citizen_id, staff_id, hold_until, frozen_until, version, "
			  "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
			  "$15, NULL, 1, $16, $16) RETURNING id",
			  yw_row_get_int, &a->id, YW_PTEXT(a->code), YW_PINT(a->hall_id), YW_PINT(a->queue_id),
			  YW_PINT(a->slot_id), YW_PTEXT(a->date), YW_PINT(a->start_min), YW_PTEXT(a->channel),
			  YW_PTEXT(a->status), opt_text(a->name), opt_text(a->id_number), opt_text(a->phone),
			  opt_int(a->item_id), opt_int(a->citizen_id), opt_int(a->staff_id), opt_int(a->hold_until),
			  YW_PINT(a->created_at)));
}

int yw_as_get(struct yw_conn *c, int64_t id, struct yw_appt *out)
{
	return found(yw_q(c, "SELECT " APPT_COLS APPT_FROM "WHERE a.id = $1", appt_row, out, YW_PINT(id)));
}

int yw_as_find_code(struct yw_conn *c, int64_t hall_id, const char *date, const char *code, struct yw_appt *out)
{
	return found(yw_q(c,
			  "SELECT " APPT_COLS APPT_FROM "WHERE a.code = $1 AND a.hall_id = $2 AND a.date = $3",
			  appt_row, out, YW_PTEXT(code), YW_PINT(hall_id), YW_PTEXT(date)));
}

int yw_as_find_person(struct yw_conn *c, int64_t hall_id, const char *date, const char *id_number,
		      struct yw_appt *out)
{
	return found(yw_q(c,
			  "SELECT " APPT_COLS APPT_FROM "WHERE a.id_number = $1 AND a.date = $2 AND a.hall_id = $3 "
			  "AND a.status = 'booked' ORDER BY a.start_min LIMIT 1",
			  appt_row, out, YW_PTEXT(id_number), YW_PTEXT(date), YW_PINT(hall_id)));
}

int yw_as_update(struct yw_conn *c, const struct yw_appt *a, const char *from)
{
	int st = yw_q(c,
		      "UPDATE appointments SET status = $3, name = $4, id_number = $5, phone = $6, item_id = $7, "
		      "frozen_until = $8, hold_until = $9, ticket_id = $10, checked_in_at = $11, "
		      "version = version + 1, updated_at = $12 WHERE id = $1 AND status = $2 AND released = 0",
		      NULL, NULL, YW_PINT(a->id), YW_PTEXT(from), YW_PTEXT(a->status), opt_text(a->name),
		      opt_text(a->id_number), opt_text(a->phone), opt_int(a->item_id), opt_int(a->frozen_until),
		      opt_int(a->hold_until), opt_int(a->ticket_id), opt_int(a->checked_in_at), YW_PINT(yw_now_ms()));
	if (st < 0)
		return st;
	return yw_db_changes(c) == 1 ? YW_OK : YW_NOTFOUND;
}

int yw_as_list_citizen(struct yw_conn *c, int64_t citizen_id, struct yw_appts *out)
{
	return ok(yw_q(c,
		       "SELECT " APPT_COLS APPT_FROM "WHERE a.citizen_id = $1 AND a.status <> 'held' "
		       "ORDER BY a.date DESC, a.start_min DESC LIMIT 100",
		       appt_add, out, YW_PINT(citizen_id)));
}

int yw_as_list_hall(struct yw_conn *c, int64_t hall_id, const char *date, struct yw_appts *out)
{
	return ok(yw_q(c,
		       "SELECT " APPT_COLS APPT_FROM "WHERE a.hall_id = $1 AND a.date = $2 AND a.status <> 'held' "
		       "ORDER BY a.start_min, a.id LIMIT 1000",
		       appt_add, out, YW_PINT(hall_id), YW_PTEXT(date)));
}

static int release_row(void *p, const struct yw_row *r)
{
	int *per_hour = p;
	int64_t h = yw_row_int(r, 0);
	if (h >= 0 && h < 24)
		per_hour[h] = (int)yw_row_int(r, 1);
	return 0;
}

int yw_as_release_get(struct yw_conn *c, int64_t queue_id, int per_hour[24])
{
	for (int i = 0; i < 24; i++)
		per_hour[i] = -1;
	return ok(yw_q(c, "SELECT hour, online_per_hour FROM appt_release WHERE queue_id = $1", release_row, per_hour,
		       YW_PINT(queue_id)));
}

int yw_as_release_clear(struct yw_conn *c, int64_t queue_id)
{
	return ok(yw_q(c, "DELETE FROM appt_release WHERE queue_id = $1", NULL, NULL, YW_PINT(queue_id)));
}

int yw_as_release_put(struct yw_conn *c, int64_t queue_id, int hour, int n, int64_t now)
{
	return ok(yw_q(c, "INSERT INTO appt_release (queue_id, hour, online_per_hour, updated_at) VALUES ($1, $2, $3, $4)",
		       NULL, NULL, YW_PINT(queue_id), YW_PINT(hour), YW_PINT(n), YW_PINT(now)));
}
