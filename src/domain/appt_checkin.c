/* Check-in (签到) at the hall's kiosk or window, by appointment code or ID
 * number, on the day: from checkin_early_min before the slot to
 * checkin_late_min after it the ticket is an appointment ticket (called
 * first once the slot has begun); later it becomes a normal ticket. */
#include "yw/appt.h"
#include "yw/appt_store.h"
#include "yw/audit.h"
#include "yw/queue_store.h"
#include "yw/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct checkin {
	const struct yw_actor *who;
	int64_t hall_id;
	const char *code, *id_number;
	struct yw_appt *appt;
	struct yw_ticket *ticket;
	struct yw_error *err;
	struct yw_qevents ev;
};

static int checkin_tx(struct yw_conn *c, void *p)
{
	struct checkin *x = p;
	yw_qevents_reset(&x->ev);
	int64_t now = yw_now_ms();
	char today[11];
	yw_local_day(now, today);
	struct yw_hall_rules hall;
	int st = yw_qs_hall_rules(c, x->hall_id, &hall);
	if (st == YW_NOTFOUND) {
		yw_error_set(x->err, YW_E_NOT_FOUND, "id", "大厅不存在");
		return YW_FAIL;
	}
	if (st)
		return st;
	struct yw_appt a;
	if (x->code) {
		st = yw_as_find_code(c, x->hall_id, today, x->code, &a);
	} else {
		struct yw_id_info info;
		if (yw_id_number_check(x->id_number, &info, "id_number", x->err) != YW_OK)
			return YW_FAIL;
		st = yw_as_find_person(c, x->hall_id, today, info.number, &a);
	}
	if (st == YW_NOTFOUND || (!st && strcmp(a.status, "booked"))) {
		yw_error_set(x->err, YW_E_APPT_NOT_FOUND, x->code ? "code" : "id_number",
			     "未找到本大厅今天待签到的预约");
		return YW_FAIL;
	}
	if (st)
		return st;
	int64_t start = yw_local_ms(a.date, a.start_min);
	if (now < start - (int64_t)hall.checkin_early_min * 60000) {
		yw_error_set(x->err, YW_E_CHECKIN_TOO_EARLY, NULL, "请于 %02d:%02d 后签到（预约时段前 %d 分钟起）",
			     (a.start_min - hall.checkin_early_min) / 60, (a.start_min - hall.checkin_early_min) % 60,
			     hall.checkin_early_min);
		return YW_FAIL;
	}
	bool late = now > start + (int64_t)hall.checkin_late_min * 60000;
	struct yw_ticket_req req = {
		.hall_id = a.hall_id,
		.queue_id = a.queue_id,
		.item_id = a.item_id,
		.source = "appointment",
		.phone = a.phone[0] ? a.phone : NULL,
		.citizen_id = a.citizen_id,
		.appointment_id = a.id,
		.due_at = late ? 0 : start,
	};
	if ((st = yw_ticket_issue_tx(c, x->who, &req, &x->ev, x->ticket, x->err)))
		return st;
	snprintf(a.status, sizeof a.status, "%s", late ? "late" : "checked_in");
	a.ticket_id = x->ticket->id;
	a.checked_in_at = now;
	if ((st = yw_as_update(c, &a, "booked")))
		return st == YW_NOTFOUND ? YW_RETRY : st;
	/* Served: the item's open appointment no longer counts against the
	 * person (the day's count stays). */
	if (a.item_id && a.id_number[0]) {
		char key[32];
		snprintf(key, sizeof key, "I:%lld", (long long)a.item_id);
		if ((st = yw_as_person_give(c, a.id_number, key, 1)))
			return st;
	}
	/* Public stream: the ticket code only, never the appointment code. */
	char *data = yw_asprintf("{\"code\":\"%s\",\"status\":\"%s\",\"queue_id\":%lld,\"late\":%s}",
				 x->ticket->code, x->ticket->status, (long long)a.queue_id, late ? "true" : "false");
	if ((st = yw_qevent_add(c, &x->ev, a.hall_id, a.queue_id, x->ticket->id, "appointment.checked_in", data)))
		return st;
	char *summary = yw_asprintf("{\"code\":\"%s\",\"ticket\":\"%s\",\"late\":%s}", a.code, x->ticket->code,
				    late ? "true" : "false");
	st = yw_audit_append(c, x->who, "check_in", "appointment", a.id, summary);
	free(summary);
	*x->appt = a;
	return st;
}

int yw_appt_checkin(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, const char *code,
		    const char *id_number, struct yw_appt *appt, struct yw_ticket *ticket, struct yw_error *err)
{
	struct checkin x = {.who = who, .hall_id = hall_id, .code = code, .id_number = id_number, .appt = appt,
			    .ticket = ticket, .err = err};
	int st = yw_store_tx(s, YW_TX_WRITE, checkin_tx, &x);
	if (st == YW_OK)
		yw_qevents_publish(s, &x.ev);
	yw_qevents_free(&x.ev);
	return st;
}
