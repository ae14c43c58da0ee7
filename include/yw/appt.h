/* Appointments (预约): booking sessions per hall, queue and kind of day,
 * slots made from them on demand, holds, bookings, cancellations with a
 * freeze, per-person limits, the online release plan (放号) and check-in
 * at the hall. Rules in docs/queue.md. A slot's capacity is only ever taken
 * by a conditional increment, so it is never overbooked on either engine. */
#ifndef YW_APPT_H
#define YW_APPT_H
#include "yw/calendar.h"
#include "yw/entity.h"
#include "yw/queue.h"
#include "yw/store.h"

extern struct yw_entity yw_entity_appt_session;

struct yw_slot {
	int64_t id, hall_id, queue_id;
	char date[11];
	int start_min, end_min, cap_online, cap_internal, used_online, used_internal;
	int frozen; /* places held by cancellations still frozen */
	/* places of expired holds and thawed cancellations not yet given back:
	 * free for the next booking, which reclaims them first */
	int reclaim_online, reclaim_internal;
};

/* One day of a queue as a booker sees it. */
struct yw_day_plan {
	bool open;
	char reason[96]; /* why closed / not bookable, Chinese */
	bool released;   /* its slots can be booked now (release time, horizon) */
	struct yw_slot *slots;
	int n;
};
void yw_day_plan_free(struct yw_day_plan *p);
int yw_appt_day(struct yw_store *s, const struct yw_calendar *cal, int64_t hall_id, int64_t queue_id,
		struct yw_date date, struct yw_day_plan *out, struct yw_error *err);

struct yw_appt {
	int64_t id, hall_id, queue_id, slot_id, item_id, citizen_id, staff_id, ticket_id;
	int64_t hold_until, frozen_until, checked_in_at, created_at, version;
	int start_min, end_min;
	char code[12], date[11], channel[10], status[12], name[64], id_number[20], phone[24];
	char queue_name[184], hall_name[184];
};
struct yw_appts {
	struct yw_appt *v;
	int n;
};
void yw_appts_free(struct yw_appts *l);

struct yw_appt_req {
	int64_t hall_id, queue_id, item_id;
	struct yw_date date;
	int start_min;
	const char *name, *id_number, *phone;
};

/* who: a citizen books online capacity, staff the internal one. */
int yw_appt_hold(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
		 const struct yw_appt_req *req, struct yw_appt *out, struct yw_error *err);
int yw_appt_confirm(struct yw_store *s, const struct yw_actor *who, int64_t id, const struct yw_appt_req *person,
		    struct yw_appt *out, struct yw_error *err);
int yw_appt_book(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
		 const struct yw_appt_req *req, struct yw_appt *out, struct yw_error *err);
int yw_appt_cancel(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_appt *out,
		   struct yw_error *err);
int yw_appt_mine(struct yw_store *s, int64_t citizen_id, struct yw_appts *out);
int yw_appt_hall_list(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, const char *date,
		      struct yw_appts *out, struct yw_error *err);
/* Check in today by code or ID number: a ticket (class 0 when on time). */
int yw_appt_checkin(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, const char *code,
		    const char *id_number, struct yw_appt *appt, struct yw_ticket *ticket, struct yw_error *err);

/* The online release plan of a queue: per local hour the online places
 * released (-1: no limit beyond the sessions' capacity). */
int yw_appt_release_get(struct yw_conn *c, int64_t queue_id, int per_hour[24]);
/* Made slots of today and later follow the queue's sessions and release
 * plan (after a session is created or changed); in the caller's tx. */
int yw_appt_slots_follow(struct yw_conn *c, int64_t queue_id);
/* In the caller's write transaction; audited. */
int yw_appt_release_set(struct yw_conn *c, const struct yw_actor *who, int64_t queue_id, const int per_hour[24]);
int yw_appt_release_read(struct yw_store *s, const struct yw_actor *who, int64_t queue_id, int per_hour[24],
			 struct yw_error *err);
int yw_appt_release_write(struct yw_store *s, const struct yw_actor *who, int64_t queue_id, const int per_hour[24],
			  struct yw_error *err);

/* Demo booking sessions for the demo hall (seed demo); returns failures. */
int yw_appt_seed_demo(struct yw_store *s);

#endif
