/* The hall queue: queues per hall, tickets (取号), calling (叫号) and the
 * live status of a ticket. Rules in docs/queue.md. Hot paths use their own
 * structs and SQL (store/queue_store.c), not the generic entity CRUD. */
#ifndef YW_QUEUE_H
#define YW_QUEUE_H
#include "yw/entity.h"
#include "yw/qevent.h"
#include "yw/store.h"

extern struct yw_entity yw_entity_queue; /* CRUD of queue settings */

/* Ticket classes in calling order: a checked-in appointment that is due,
 * then the green channel, then everyone else by issue time. */
enum yw_ticket_class { YW_TK_APPOINTMENT = 0, YW_TK_GREEN = 1, YW_TK_NORMAL = 2 };

/* A hall's queue rules (NULL columns give the defaults of docs/queue.md). */
struct yw_hall_rules {
	int64_t hall_id, region_id;
	char name[184];
	char call_rule[16]; /* "preference" | "longest_wait" */
	int recall_limit, checkin_early_min, checkin_late_min, hold_seconds, freeze_minutes,
		wait_target_min, remind_at;
	bool remote_tickets;
	char hours[7][64]; /* Monday first: "08:30-12:00,14:00-17:30" or "" */
	bool has_location;
	double lat, lng;
};
int yw_hall_rules_get(struct yw_conn *c, int64_t hall_id, struct yw_hall_rules *out);
/* The same in its own read transaction. */
int yw_hall_rules_read(struct yw_store *s, int64_t hall_id, struct yw_hall_rules *out);
/* Is the hall open at this moment (local time, its weekday hours)? */
bool yw_hall_open_at(const struct yw_hall_rules *h, int64_t at_ms);
/* Whether opening hours like "08:30-12:00,14:00-17:30" cover a local minute. */
bool yw_hours_cover(const char *hours, int minute_of_day);

struct yw_queue {
	int64_t id, hall_id, region_id;
	char code[20], name[184], prefix[4];
	int number_min, number_max, pad, daily_quota, sort_order;
	int appt_horizon_days, appt_min_notice_min, appt_per_person_day, appt_per_person_item;
	char appt_release_time[8]; /* "HH:MM" */
	bool allow_remote, active;
	char item_ids[512]; /* ",1,5," */
};
int yw_queue_get(struct yw_conn *c, int64_t queue_id, struct yw_queue *out);
int yw_queue_read(struct yw_store *s, int64_t queue_id, struct yw_queue *out); /* own read tx */
/* The active queue of a hall that handles an item (lowest sort_order). */
int yw_queue_for_item(struct yw_conn *c, int64_t hall_id, int64_t item_id, struct yw_queue *out);

struct yw_ticket {
	int64_t id, hall_id, queue_id, issue_queue_id, number, appointment_id, citizen_id;
	int64_t window_id, target_window_id, staff_id, version;
	int64_t sort_at, issued_at, called_at, first_called_at, started_at, finished_at;
	int klass, recalls, transfers, quoted_lo, quoted_hi;
	char token[40], code[16], day[11], status[12], source[16], priority[12];
	char item_ids[512];
	char id_number[20], phone[24]; /* full: mask before showing */
};

/* What a ticket is asked for. queue_id, or item_id to find the queue. */
struct yw_ticket_req {
	int64_t hall_id, queue_id, item_id;
	const char *source;   /* kiosk | reception | remote | appointment */
	const char *priority; /* NULL | elderly | pregnant | disabled | military */
	const char *id_number, *phone;
	int64_t citizen_id;
	int64_t appointment_id; /* check-in: the appointment */
	int64_t due_at;         /* check-in on time: the slot start (class 0) */
};

/* In the caller's write transaction (appointment check-in uses it). */
int yw_ticket_issue_tx(struct yw_conn *c, const struct yw_actor *who, const struct yw_ticket_req *req,
		       struct yw_qevents *ev, struct yw_ticket *out, struct yw_error *err);

/* Live status of a ticket for its page (public by token). */
struct yw_ticket_status {
	struct yw_ticket t;
	char queue_name[184], hall_name[184];
	int ahead, ahead_green, ahead_appointment, windows_serving;
	int wait_lo, wait_hi; /* minutes */
	int window_number;   /* when called */
	char window_name[124];
};
int yw_ticket_status_by_token(struct yw_store *s, const char *token, struct yw_ticket_status *out);
/* The same, served from a cache while the ticket's hall has had no event
 * (and for at most a few seconds): the ticket page's read. */
int yw_ticket_status_cached(struct yw_store *s, const char *token, struct yw_ticket_status *out);
/* Issue a ticket in its own transaction; out is its live status. */
int yw_ticket_issue(struct yw_store *s, const struct yw_actor *who, const struct yw_ticket_req *req,
		    struct yw_ticket_status *out, struct yw_error *err);
int yw_ticket_by_token(struct yw_conn *c, const char *token, struct yw_ticket *out);

/* Window actions (clerk at the window; hall scope checked). */
enum yw_window_action {
	YW_WA_CALL_NEXT,
	YW_WA_CALL_CODE, /* arg: code */
	YW_WA_RECALL,
	YW_WA_NO_SHOW,
	YW_WA_PARK,
	YW_WA_RESUME, /* arg: ticket id */
	YW_WA_TRANSFER, /* arg: queue id or window id */
	YW_WA_START,
	YW_WA_FINISH,
	YW_WA_OPEN,
	YW_WA_CLOSE,
};
struct yw_window_arg {
	const char *code;
	int64_t ticket_id, queue_id, window_id;
};
int yw_window_act(struct yw_store *s, const struct yw_actor *who, int64_t window_id, enum yw_window_action a,
		  const struct yw_window_arg *arg, struct yw_ticket *out, struct yw_error *err);
/* Citizen cancels a waiting ticket by its token. */
int yw_ticket_cancel(struct yw_store *s, const struct yw_actor *who, const char *token, struct yw_ticket *out,
		     struct yw_error *err);

/* Wait range for someone with `ahead` people before them (docs/queue.md):
 * optimistic k·s/c, pessimistic (k+1)·s/c with a margin; minutes. */
void yw_wait_range(int ahead, int windows, double mean_service_min, int *lo, int *hi);
/* Running mean service time (minutes) of a hall queue at a local hour,
 * from the hourly rollup of the last 28 days; a default when unmeasured. */
int yw_mean_service_min(struct yw_conn *c, int64_t hall_id, int64_t queue_id, int hour, double *out);

/* Local (Asia/Shanghai) civil day "YYYY-MM-DD", hour and minute of day. */
void yw_local_day(int64_t at_ms, char day[11]);
int yw_local_hour(int64_t at_ms);
int yw_local_minute_of_day(int64_t at_ms);
/* Epoch ms of a local day and minute of day. */
int64_t yw_local_ms(const char *day, int minute_of_day);

/* Events are kept for replay (Last-Event-ID) for a few days, then dropped
 * at start-up; returns how many were deleted or < 0. */
int64_t yw_queue_prune_events(struct yw_store *s);

/* Day end: tickets of earlier days still open (waiting, called, parked,
 * serving) become 'expired', with one audit row; returns how many or < 0.
 * yw_queue_day_check runs it once per local day per process: at start-up
 * and before the first ticket action of each new day. */
int64_t yw_queue_expire_past_days(struct yw_store *s);
void yw_queue_day_check(struct yw_store *s);

/* Demo queues and window assignments (seed demo); returns failures. */
int yw_queue_seed_demo(struct yw_store *s);

#endif
