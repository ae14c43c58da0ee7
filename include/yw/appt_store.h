/* SQL of appointments (store/appt_store.c). */
#ifndef YW_APPT_STORE_H
#define YW_APPT_STORE_H
#include "yw/appt.h"

struct yw_session_row {
	int64_t id;
	char day_kind[12];
	int weekday, start_min, end_min, slot_minutes, online, internal;
};
int yw_as_sessions(struct yw_conn *c, int64_t queue_id, int (*fn)(void *ctx, const struct yw_session_row *r),
		   void *ctx);
int yw_as_slot_ensure(struct yw_conn *c, const struct yw_slot *s);
int yw_as_slots(struct yw_conn *c, int64_t queue_id, const char *date, int64_t now,
		int (*fn)(void *ctx, const struct yw_slot *s), void *ctx);
/* Slots of a queue from a date on (no frozen / reclaimable counts). */
int yw_as_slots_from(struct yw_conn *c, int64_t queue_id, const char *from_date,
		     int (*fn)(void *ctx, const struct yw_slot *s), void *ctx);
int yw_as_slot_caps(struct yw_conn *c, int64_t slot_id, int online, int internal);
int yw_as_slot_find(struct yw_conn *c, int64_t queue_id, const char *date, int start_min, struct yw_slot *out);
/* Take one place (online or internal) if one is free: YW_NOTFOUND when full. */
int yw_as_slot_take(struct yw_conn *c, int64_t slot_id, bool internal);
/* Give back places of expired holds and thawed cancellations; *n returned. */
int yw_as_slot_reclaim(struct yw_conn *c, int64_t slot_id, bool internal, int64_t now, int64_t *n);
/* A slot's places for a channel as they stand: free, reclaimable (expired
 * holds, thawed cancellations) and frozen. */
int yw_as_slot_state(struct yw_conn *c, int64_t slot_id, bool internal, int64_t now, int64_t *free_now,
		     int64_t *reclaim, int64_t *frozen);
int yw_as_slot_frozen(struct yw_conn *c, int64_t slot_id, bool internal, int64_t now, int64_t *n);
/* Per-person counter: +1 unless it reached limit (YW_NOTFOUND then); -1 back. */
int yw_as_person_take(struct yw_conn *c, const char *id_number, const char *key, int limit);
int yw_as_person_give(struct yw_conn *c, const char *id_number, const char *key, int64_t n);
/* Booked appointments of a person and item on days before today become
 * no-shows (each row once, by a conditional update); their ids in *ids
 * (free it), *n how many. */
int yw_as_mark_no_shows(struct yw_conn *c, const char *id_number, int64_t item_id, const char *today, int64_t now,
			int64_t **ids, int64_t *n);

int yw_as_insert(struct yw_conn *c, struct yw_appt *a);
int yw_as_get(struct yw_conn *c, int64_t id, struct yw_appt *out);
int yw_as_find_code(struct yw_conn *c, int64_t hall_id, const char *date, const char *code, struct yw_appt *out);
int yw_as_find_person(struct yw_conn *c, int64_t hall_id, const char *date, const char *id_number,
		      struct yw_appt *out);
/* Conditional state change: from status `from` (and not released) to the
 * fields of a; YW_NOTFOUND when the row moved meanwhile. */
int yw_as_update(struct yw_conn *c, const struct yw_appt *a, const char *from);
int yw_as_list_citizen(struct yw_conn *c, int64_t citizen_id, struct yw_appts *out);
int yw_as_list_hall(struct yw_conn *c, int64_t hall_id, const char *date, struct yw_appts *out);

int yw_as_release_get(struct yw_conn *c, int64_t queue_id, int per_hour[24]);
int yw_as_release_put(struct yw_conn *c, int64_t queue_id, int hour, int n, int64_t now);
int yw_as_release_clear(struct yw_conn *c, int64_t queue_id);
#endif
