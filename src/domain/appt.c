/* Appointments: a day's slots, holds, bookings, cancellations, lists and
 * the release plan (docs/queue.md). Every booking runs in one write
 * transaction: slots are made from the sessions if missing, the person's
 * limits and the slot's capacity are taken by conditional updates, the
 * appointment row and an audit row are written. */
#include "yw/appt.h"
#include "yw/appt_store.h"
#include "yw/audit.h"
#include "yw/authz.h"
#include "yw/queue_store.h"
#include "yw/validate.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_day_plan_free(struct yw_day_plan *p)
{
	free(p->slots);
	memset(p, 0, sizeof *p);
}

void yw_appts_free(struct yw_appts *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* ---- which sessions open on a date ---- */

/* "workday", "saturday", "sunday" or NULL (closed, reason set). */
static const char *day_kind(const struct yw_calendar *cal, struct yw_date d, char *reason, size_t n,
			    struct yw_error *err)
{
	bool work = false;
	if (yw_calendar_is_workday(cal, d, &work, err) != YW_OK)
		return NULL;
	if (work)
		return "workday";
	const char *closure = yw_calendar_closure(cal, d), *name = yw_calendar_day_name(cal, d);
	int wd = yw_date_weekday(d);
	if (closure)
		snprintf(reason, n, "大厅闭馆：%s", closure);
	else if (name)
		snprintf(reason, n, "法定节假日：%s", name);
	else if (wd == 6)
		return "saturday";
	else if (wd == 7)
		return "sunday";
	else
		snprintf(reason, n, "非工作日");
	return NULL;
}

struct plan_ctx {
	const struct yw_calendar *cal;
	int64_t hall_id, queue_id;
	struct yw_date date;
	char day[11];
	const char *kind;
	int weekday;
	int release[24];
	struct yw_conn *c;
	int st;
	struct yw_day_plan *out;
	int64_t now;
};

/* Spread an hour's online release over the slots starting in that hour. */
static int release_share(const struct plan_ctx *x, const struct yw_session_row *s, int start)
{
	int hour = start / 60;
	if (x->release[hour] < 0)
		return s->online;
	int first = s->start_min, k = 0, m = 0;
	for (int t = first; t < s->end_min; t += s->slot_minutes)
		if (t / 60 == hour) {
			if (t < start)
				k++;
			m++;
		}
	int share = x->release[hour] / m + (k < x->release[hour] % m);
	return share;
}

static int make_slots(void *p, const struct yw_session_row *s)
{
	struct plan_ctx *x = p;
	if (strcmp(s->day_kind, x->kind) || (s->weekday && s->weekday != x->weekday))
		return 0;
	for (int t = s->start_min; t + s->slot_minutes <= s->end_min; t += s->slot_minutes) {
		struct yw_slot slot = {.hall_id = x->hall_id, .queue_id = x->queue_id, .start_min = t,
				       .end_min = t + s->slot_minutes, .cap_online = release_share(x, s, t),
				       .cap_internal = s->internal};
		snprintf(slot.date, sizeof slot.date, "%s", x->day);
		if ((x->st = yw_as_slot_ensure(x->c, &slot)))
			return 1;
	}
	return 0;
}

static int add_slot(void *p, const struct yw_slot *s)
{
	struct yw_day_plan *out = p;
	out->slots = yw_realloc(out->slots, (size_t)(out->n + 1) * sizeof *out->slots);
	out->slots[out->n++] = *s;
	return 0;
}

/* When the slots of a date become bookable: release_time, horizon days before. */
static int64_t release_at(const struct yw_queue *q, struct yw_date d)
{
	char day[11];
	yw_date_format(yw_date_add_days(d, -q->appt_horizon_days), day);
	int h = 8, m = 0;
	sscanf(q->appt_release_time, "%d:%d", &h, &m);
	return yw_local_ms(day, h * 60 + m);
}

/* Inside a transaction: make the slots of a date (write) or just read them. */
static int plan_day(struct yw_conn *c, const struct yw_calendar *cal, const struct yw_queue *q, struct yw_date d,
		    bool write, struct yw_day_plan *out, struct yw_error *err)
{
	yw_day_plan_free(out);
	struct plan_ctx x = {.cal = cal, .hall_id = q->hall_id, .queue_id = q->id, .date = d, .c = c, .out = out,
			     .now = yw_now_ms(), .weekday = yw_date_weekday(d)};
	yw_date_format(d, x.day);
	x.kind = day_kind(cal, d, out->reason, sizeof out->reason, err);
	if (!x.kind)
		return err->err ? YW_FAIL : YW_OK;
	int st = yw_as_release_get(c, q->id, x.release);
	if (!st && write)
		st = yw_as_sessions(c, q->id, make_slots, &x);
	if (!st)
		st = x.st;
	if (!st)
		st = yw_as_slots(c, q->id, x.day, x.now, add_slot, out);
	if (st)
		return st;
	out->open = out->n > 0;
	if (!out->open)
		snprintf(out->reason, sizeof out->reason, "该日没有预约时段");
	out->released = x.now >= release_at(q, d);
	if (out->open && !out->released)
		snprintf(out->reason, sizeof out->reason, "号源尚未放出");
	return YW_OK;
}

struct day_ctx {
	const struct yw_calendar *cal;
	int64_t hall_id, queue_id;
	struct yw_date date;
	struct yw_day_plan *out;
	struct yw_error *err;
};

static int day_tx(struct yw_conn *c, void *p)
{
	struct day_ctx *x = p;
	struct yw_queue q;
	int st = yw_qs_queue(c, x->queue_id, &q);
	if (st == YW_NOTFOUND || (!st && q.hall_id != x->hall_id)) {
		yw_error_set(x->err, YW_E_REF_NOT_FOUND, "queue_id", "该大厅没有此队列");
		return YW_FAIL;
	}
	return st ? st : plan_day(c, x->cal, &q, x->date, true, x->out, x->err);
}

int yw_appt_day(struct yw_store *s, const struct yw_calendar *cal, int64_t hall_id, int64_t queue_id,
		struct yw_date date, struct yw_day_plan *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct day_ctx x = {cal, hall_id, queue_id, date, out, err};
	/* A write: the first look at a date makes its slots. */
	int st = yw_store_tx(s, YW_TX_WRITE, day_tx, &x);
	if (st)
		yw_day_plan_free(out);
	return st;
}

/* ---- booking ---- */

struct book {
	const struct yw_calendar *cal;
	const struct yw_actor *who;
	const struct yw_appt_req *req;
	int64_t id; /* confirm / cancel */
	bool hold, confirm;
	struct yw_appt *out;
	struct yw_error *err;
	struct yw_conn *c;
	int64_t now;
};

static bool is_citizen(const struct yw_actor *who) { return (who->roles & YW_ROLE_CITIZEN) != 0; }
/* Actors carry citizens' ids negated (never a staff id); rows keep the id. */
static int64_t citizen_id(const struct yw_actor *who) { return is_citizen(who) ? -who->user_id : 0; }

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

/* The person's ID number, validated and normalised, and their limits. */
static int take_person(struct book *x, const struct yw_queue *q, const char *date, struct yw_appt *a)
{
	const struct yw_appt_req *r = x->req;
	if (!r->name || !*r->name)
		return fail(x->err, YW_E_MISSING_FIELD, "name", "请填写姓名");
	struct yw_id_info info;
	if (!r->id_number || yw_id_number_check(r->id_number, &info, "id_number", x->err) != YW_OK)
		return x->err->err ? YW_FAIL : fail(x->err, YW_E_MISSING_FIELD, "id_number", "请填写身份证号");
	char phone[12] = "";
	if (r->phone && *r->phone && !yw_mobile_normalize(r->phone, phone))
		return fail(x->err, YW_E_INVALID_PHONE, "phone", "请填写 11 位手机号");
	char key[40];
	snprintf(key, sizeof key, "D:%s", date);
	int st = yw_as_person_take(x->c, info.number, key, q->appt_per_person_day);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_PERSON_LIMIT, "id_number", "同一证件每天可预约的次数已用完");
	if (st)
		return st;
	if (r->item_id) {
		snprintf(key, sizeof key, "I:%lld", (long long)r->item_id);
		st = yw_as_person_take(x->c, info.number, key, q->appt_per_person_item);
		if (st == YW_NOTFOUND)
			return fail(x->err, YW_E_PERSON_LIMIT, "item_id", "该事项已有未办理的预约");
		if (st)
			return st;
	}
	snprintf(a->name, sizeof a->name, "%s", r->name);
	snprintf(a->id_number, sizeof a->id_number, "%s", info.number);
	snprintf(a->phone, sizeof a->phone, "%s", phone);
	a->item_id = r->item_id;
	return YW_OK;
}

static void give_person(struct yw_conn *c, const struct yw_appt *a)
{
	if (!a->id_number[0])
		return;
	char key[40];
	snprintf(key, sizeof key, "D:%s", a->date);
	yw_as_person_give(c, a->id_number, key);
	if (a->item_id) {
		snprintf(key, sizeof key, "I:%lld", (long long)a->item_id);
		yw_as_person_give(c, a->id_number, key);
	}
}

static int audit(struct book *x, const char *action, const struct yw_appt *a)
{
	char *masked = a->id_number[0] ? yw_mask_id(a->id_number) : NULL;
	char *summary = yw_asprintf("{\"code\":\"%s\",\"date\":\"%s\",\"start_min\":%d,\"channel\":\"%s\",\"status\":\"%s\","
				    "\"id_number\":\"%s\"}",
				    a->code, a->date, a->start_min, a->channel, a->status, masked ? masked : "");
	free(masked);
	int st = yw_audit_append(x->c, x->who, action, "appointment", a->id, summary);
	free(summary);
	return st;
}

/* Take a place in the slot; expired holds and thawed cancellations are
 * given back first when it looks full. */
static int take_place(struct book *x, const struct yw_slot *slot, bool internal)
{
	int st = yw_as_slot_take(x->c, slot->id, internal);
	if (st != YW_NOTFOUND)
		return st;
	int64_t back = 0;
	if ((st = yw_as_slot_reclaim(x->c, slot->id, internal, x->now, &back)))
		return st;
	if (back && (st = yw_as_slot_take(x->c, slot->id, internal)) != YW_NOTFOUND)
		return st;
	int64_t frozen = 0;
	if ((st = yw_as_slot_frozen(x->c, slot->id, internal, x->now, &frozen)))
		return st;
	return frozen ? fail(x->err, YW_E_SLOT_FROZEN, "start", "该时段有刚取消的名额，冻结中，请稍后或选择其他时段")
		      : fail(x->err, YW_E_SLOT_FULL, "start", "该时段已约满，请选择其他时段");
}

static void new_code(char out[12])
{
	uint32_t v = randombytes_uniform(90000000) + 10000000;
	snprintf(out, 12, "%08u", v);
}

static int book_tx(struct yw_conn *c, void *p)
{
	struct book *x = p;
	const struct yw_appt_req *r = x->req;
	x->c = c;
	x->now = yw_now_ms();
	struct yw_queue q;
	int st = yw_qs_queue(c, r->queue_id, &q);
	if (st == YW_NOTFOUND || (!st && q.hall_id != r->hall_id))
		return fail(x->err, YW_E_REF_NOT_FOUND, "queue_id", "该大厅没有此队列");
	if (st)
		return st;
	if (!q.active)
		return fail(x->err, YW_E_QUEUE_INACTIVE, "queue_id", "该队列未启用");
	struct yw_hall_rules hall;
	if ((st = yw_qs_hall_rules(c, q.hall_id, &hall)))
		return st;
	char today_s[11];
	yw_local_day(x->now, today_s);
	struct yw_date today;
	yw_date_parse(today_s, &today, "date", NULL);
	int64_t ahead = yw_date_to_days(r->date) - yw_date_to_days(today);
	if (ahead < 0)
		return fail(x->err, YW_E_SLOT_PAST, "date", "不能预约已过去的日期");
	if (ahead > q.appt_horizon_days)
		return fail(x->err, YW_E_SLOT_BEYOND_HORIZON, "date", "超出可预约天数");
	struct yw_day_plan plan = {0};
	st = plan_day(c, x->cal, &q, r->date, true, &plan, x->err);
	bool open = plan.open, released = plan.released;
	char reason[96];
	snprintf(reason, sizeof reason, "%s", plan.reason);
	yw_day_plan_free(&plan);
	if (st)
		return st;
	if (!open)
		return fail(x->err, YW_E_SLOT_CLOSED_DAY, "date", reason);
	if (!released)
		return fail(x->err, YW_E_SLOT_BEYOND_HORIZON, "date", "该日号源尚未放出");
	struct yw_appt a = {0};
	yw_date_format(r->date, a.date);
	struct yw_slot slot;
	st = yw_as_slot_find(c, q.id, a.date, r->start_min, &slot);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_SLOT_CLOSED_DAY, "start", "该日没有这个预约时段");
	if (st)
		return st;
	int64_t start_ms = yw_local_ms(a.date, slot.start_min);
	if (start_ms - x->now < (int64_t)q.appt_min_notice_min * 60000)
		return fail(x->err, YW_E_SLOT_PAST, "start", "该时段已过或距开始不足最少提前时间");
	bool internal = !is_citizen(x->who);
	if (!x->hold && (st = take_person(x, &q, a.date, &a)))
		return st;
	if ((st = take_place(x, &slot, internal)))
		return st;
	new_code(a.code);
	a.hall_id = q.hall_id;
	a.queue_id = q.id;
	a.slot_id = slot.id;
	a.start_min = slot.start_min;
	a.end_min = slot.end_min;
	snprintf(a.channel, sizeof a.channel, "%s", internal ? "internal" : "online");
	snprintf(a.status, sizeof a.status, "%s", x->hold ? "held" : "booked");
	a.hold_until = x->hold ? x->now + (int64_t)hall.hold_seconds * 1000 : 0;
	a.citizen_id = citizen_id(x->who);
	a.staff_id = internal ? x->who->user_id : 0;
	a.created_at = x->now;
	st = yw_as_insert(c, &a);
	if (st < 0 && yw_db_err_unique(c))
		return YW_RETRY; /* the random code was taken: run again with another */
	if (st)
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	snprintf(a.queue_name, sizeof a.queue_name, "%s", q.name);
	snprintf(a.hall_name, sizeof a.hall_name, "%s", hall.name);
	*x->out = a;
	return audit(x, x->hold ? "hold" : "book", &a);
}

int yw_appt_hold(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
		 const struct yw_appt_req *req, struct yw_appt *out, struct yw_error *err)
{
	struct book x = {.cal = cal, .who = who, .req = req, .hold = true, .out = out, .err = err};
	return yw_store_tx(s, YW_TX_WRITE, book_tx, &x);
}

int yw_appt_book(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
		 const struct yw_appt_req *req, struct yw_appt *out, struct yw_error *err)
{
	struct book x = {.cal = cal, .who = who, .req = req, .out = out, .err = err};
	return yw_store_tx(s, YW_TX_WRITE, book_tx, &x);
}

/* The booker (citizen) or staff of the hall may act on an appointment. */
static int may_touch(struct book *x, const struct yw_appt *a)
{
	if (is_citizen(x->who))
		return a->citizen_id == citizen_id(x->who) ? YW_OK
							 : fail(x->err, YW_E_NOT_FOUND, "id", "没有这个预约");
	struct yw_hall_rules hall;
	int st = yw_qs_hall_rules(x->c, a->hall_id, &hall);
	if (st)
		return st;
	struct yw_scope scope = {.region_id = hall.region_id, .hall_id = a->hall_id};
	return yw_authz_scope(x->c, x->who, &yw_entity_window, scope, x->err);
}

static int confirm_tx(struct yw_conn *c, void *p)
{
	struct book *x = p;
	x->c = c;
	x->now = yw_now_ms();
	struct yw_appt a;
	int st = yw_as_get(c, x->id, &a);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "没有这个预约");
	if (st || (st = may_touch(x, &a)))
		return st;
	if (strcmp(a.status, "held"))
		return fail(x->err, YW_E_APPT_STATE, "id", "该预约不在保留状态");
	if (a.hold_until <= x->now)
		return fail(x->err, YW_E_HOLD_EXPIRED, "id", "保留时间已过，请重新选择时段");
	struct yw_queue q;
	if ((st = yw_qs_queue(c, a.queue_id, &q)) || (st = take_person(x, &q, a.date, &a)))
		return st;
	snprintf(a.status, sizeof a.status, "booked");
	a.hold_until = 0;
	st = yw_as_update(c, &a, "held");
	if (st == YW_NOTFOUND) /* reclaimed at this very moment */
		return fail(x->err, YW_E_HOLD_EXPIRED, "id", "保留时间已过，请重新选择时段");
	if (st)
		return st;
	*x->out = a;
	return audit(x, "book", &a);
}

int yw_appt_confirm(struct yw_store *s, const struct yw_actor *who, int64_t id, const struct yw_appt_req *person,
		    struct yw_appt *out, struct yw_error *err)
{
	struct book x = {.who = who, .req = person, .id = id, .out = out, .err = err};
	return yw_store_tx(s, YW_TX_WRITE, confirm_tx, &x);
}

static int cancel_tx(struct yw_conn *c, void *p)
{
	struct book *x = p;
	x->c = c;
	x->now = yw_now_ms();
	struct yw_appt a;
	int st = yw_as_get(c, x->id, &a);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "没有这个预约");
	if (st || (st = may_touch(x, &a)))
		return st;
	bool held = !strcmp(a.status, "held");
	if (!held && strcmp(a.status, "booked"))
		return fail(x->err, YW_E_APPT_STATE, "id", "只能取消已预约（未签到）的预约");
	struct yw_hall_rules hall;
	if ((st = yw_qs_hall_rules(c, a.hall_id, &hall)))
		return st;
	char from[12];
	snprintf(from, sizeof from, "%s", a.status);
	snprintf(a.status, sizeof a.status, "cancelled");
	/* A cancelled place stays frozen (anti slot trading); an abandoned hold does not. */
	a.frozen_until = held ? x->now : x->now + (int64_t)hall.freeze_minutes * 60000;
	if ((st = yw_as_update(c, &a, from)))
		return st == YW_NOTFOUND ? YW_RETRY : st;
	if (!held)
		give_person(c, &a);
	*x->out = a;
	return audit(x, "cancel", &a);
}

int yw_appt_cancel(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_appt *out,
		   struct yw_error *err)
{
	struct book x = {.who = who, .id = id, .out = out, .err = err};
	return yw_store_tx(s, YW_TX_WRITE, cancel_tx, &x);
}

/* ---- lists ---- */

struct list {
	const struct yw_actor *who;
	int64_t hall_id, citizen_id;
	const char *date;
	struct yw_appts *out;
	struct yw_error *err;
};

static int mine_tx(struct yw_conn *c, void *p)
{
	struct list *x = p;
	yw_appts_free(x->out);
	return yw_as_list_citizen(c, x->citizen_id, x->out);
}

int yw_appt_mine(struct yw_store *s, int64_t citizen_id, struct yw_appts *out)
{
	memset(out, 0, sizeof *out);
	struct list x = {.citizen_id = citizen_id, .out = out};
	return yw_store_tx(s, YW_TX_READ, mine_tx, &x);
}

static int hall_tx(struct yw_conn *c, void *p)
{
	struct list *x = p;
	yw_appts_free(x->out);
	struct yw_hall_rules hall;
	int st = yw_qs_hall_rules(c, x->hall_id, &hall);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "大厅不存在");
	if (st)
		return st;
	struct yw_scope scope = {.region_id = hall.region_id, .hall_id = x->hall_id};
	if ((st = yw_authz_scope(c, x->who, &yw_entity_window, scope, x->err)))
		return st;
	return yw_as_list_hall(c, x->hall_id, x->date, x->out);
}

int yw_appt_hall_list(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, const char *date,
		      struct yw_appts *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct list x = {.who = who, .hall_id = hall_id, .date = date, .out = out, .err = err};
	return yw_store_tx(s, YW_TX_READ, hall_tx, &x);
}

/* ---- release plan ---- */

int yw_appt_release_get(struct yw_conn *c, int64_t queue_id, int per_hour[24])
{
	return yw_as_release_get(c, queue_id, per_hour);
}

int yw_appt_release_set(struct yw_conn *c, const struct yw_actor *who, int64_t queue_id, const int per_hour[24])
{
	int64_t now = yw_now_ms();
	int st = yw_as_release_clear(c, queue_id);
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"per_hour\":{");
	bool first = true;
	for (int h = 0; !st && h < 24; h++) {
		if (per_hour[h] < 0)
			continue;
		st = yw_as_release_put(c, queue_id, h, per_hour[h], now);
		yw_buf_printf(&b, "%s\"%d\":%d", first ? "" : ",", h, per_hour[h]);
		first = false;
	}
	yw_buf_adds(&b, "}}");
	if (!st)
		st = yw_audit_append(c, who, "release_plan", "queue", queue_id, b.data);
	yw_buf_free(&b);
	return st;
}

struct release {
	const struct yw_actor *who;
	int64_t queue_id;
	int *per_hour;
	struct yw_error *err;
};

static int release_read_tx(struct yw_conn *c, void *p)
{
	struct release *x = p;
	return yw_as_release_get(c, x->queue_id, x->per_hour);
}

int yw_appt_release_read(struct yw_store *s, int64_t queue_id, int per_hour[24])
{
	struct release x = {.queue_id = queue_id, .per_hour = per_hour};
	return yw_store_tx(s, YW_TX_READ, release_read_tx, &x);
}

static int release_write_tx(struct yw_conn *c, void *p)
{
	struct release *x = p;
	struct yw_queue q;
	int st = yw_qs_queue(c, x->queue_id, &q);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "队列不存在");
	if (st)
		return st;
	struct yw_scope scope = {.region_id = q.region_id, .hall_id = q.hall_id};
	if ((st = yw_authz_scope(c, x->who, &yw_entity_queue, scope, x->err)))
		return st;
	return yw_appt_release_set(c, x->who, x->queue_id, x->per_hour);
}

int yw_appt_release_write(struct yw_store *s, const struct yw_actor *who, int64_t queue_id, const int per_hour[24],
			  struct yw_error *err)
{
	struct release x = {.who = who, .queue_id = queue_id, .per_hour = (int *)per_hour, .err = err};
	return yw_store_tx(s, YW_TX_WRITE, release_write_tx, &x);
}
