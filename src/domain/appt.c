/* Appointments: a day's slots, holds, bookings, cancellations, lists and
 * the release plan (docs/queue.md). Every booking runs in one write
 * transaction: slots are made from the sessions if missing, the slot's
 * capacity and the person's limits are taken by conditional updates, the
 * appointment row and an audit row are written. A read transaction before
 * it answers the refusals the store gives as it stands (a full slot in a
 * rush), so those never queue for the writer or a slot's row lock.
 * Where the queue has a release plan for an hour, that plan (spread over
 * the hour's slots) is the online capacity of those slots instead of the
 * sessions' own (放号: "每小时发放10个预约号"). */
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

/* Spread an hour's online release over the session's slots starting in
 * that hour (the first ones get the remainder); -1: the session's own. */
static int release_share(const int release[24], const struct yw_session_row *s, int start)
{
	int hour = start / 60, k = 0, m = 0;
	if (release[hour] < 0)
		return s->online;
	for (int t = s->start_min; t + s->slot_minutes <= s->end_min; t += s->slot_minutes)
		if (t / 60 == hour) {
			k += t < start;
			m++;
		}
	return m ? release[hour] / m + (k < release[hour] % m) : 0;
}

struct make_ctx {
	struct yw_conn *c;
	int64_t hall_id, queue_id;
	char day[11];
	const char *kind;
	int weekday;
	int release[24];
	int n; /* slots the sessions give the day */
	int st;
};

static bool session_applies(const struct yw_session_row *s, const char *kind, int weekday)
{
	return !strcmp(s->day_kind, kind) && (!s->weekday || s->weekday == weekday);
}

static int make_slots(void *p, const struct yw_session_row *s)
{
	struct make_ctx *x = p;
	if (!session_applies(s, x->kind, x->weekday))
		return 0;
	for (int t = s->start_min; t + s->slot_minutes <= s->end_min; t += s->slot_minutes) {
		struct yw_slot slot = {.hall_id = x->hall_id, .queue_id = x->queue_id, .start_min = t,
				       .end_min = t + s->slot_minutes, .cap_online = release_share(x->release, s, t),
				       .cap_internal = s->internal};
		snprintf(slot.date, sizeof slot.date, "%s", x->day);
		x->n++;
		if ((x->st = yw_as_slot_ensure(x->c, &slot)))
			return 1;
	}
	return 0;
}

/* Makes the slots of a date of the given kind from the sessions (existing
 * ones are kept as they are); *n: how many slots the sessions give it. */
static int make_day(struct yw_conn *c, const struct yw_queue *q, const char *kind, struct yw_date d, int *n)
{
	struct make_ctx x = {.c = c, .hall_id = q->hall_id, .queue_id = q->id, .kind = kind,
			     .weekday = yw_date_weekday(d)};
	yw_date_format(d, x.day);
	int st = yw_as_release_get(c, q->id, x.release);
	if (!st)
		st = yw_as_sessions(c, q->id, make_slots, &x);
	*n = x.n;
	return st ? st : x.st;
}

static int count_applying(void *p, const struct yw_session_row *s)
{
	struct make_ctx *x = p;
	x->n += session_applies(s, x->kind, x->weekday);
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

struct day_ctx {
	const struct yw_calendar *cal;
	int64_t hall_id, queue_id;
	struct yw_date date;
	bool write;      /* make the day's slots */
	bool need_write; /* read found sessions but no slots yet */
	struct yw_day_plan *out;
	struct yw_error *err;
};

static int day_tx(struct yw_conn *c, void *p)
{
	struct day_ctx *x = p;
	yw_day_plan_free(x->out);
	struct yw_queue q;
	int st = yw_qs_queue(c, x->queue_id, &q);
	if (st == YW_NOTFOUND || (!st && q.hall_id != x->hall_id)) {
		yw_error_set(x->err, YW_E_REF_NOT_FOUND, "queue_id", "该大厅没有此队列");
		return YW_FAIL;
	}
	if (st)
		return st;
	struct yw_day_plan *out = x->out;
	const char *kind = day_kind(x->cal, x->date, out->reason, sizeof out->reason, x->err);
	if (!kind)
		return x->err->err ? YW_FAIL : YW_OK;
	char day[11];
	yw_date_format(x->date, day);
	int64_t now = yw_now_ms();
	int made = 0;
	if (x->write && (st = make_day(c, &q, kind, x->date, &made)))
		return st;
	if ((st = yw_as_slots(c, q.id, day, now, add_slot, out)))
		return st;
	if (!out->n && !x->write) {
		/* Sessions apply but nobody has looked at the day yet. */
		struct make_ctx m = {.kind = kind, .weekday = yw_date_weekday(x->date)};
		if ((st = yw_as_sessions(c, q.id, count_applying, &m)))
			return st;
		x->need_write = m.n > 0;
	}
	out->open = out->n > 0;
	if (!out->open)
		snprintf(out->reason, sizeof out->reason, "该日没有预约时段");
	out->released = now >= release_at(&q, x->date);
	if (out->open && !out->released)
		snprintf(out->reason, sizeof out->reason, "号源尚未放出");
	return YW_OK;
}

int yw_appt_day(struct yw_store *s, const struct yw_calendar *cal, int64_t hall_id, int64_t queue_id,
		struct yw_date date, struct yw_day_plan *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	/* A read first: once a day's slots exist (the first look made them),
	 * looking at it takes no write transaction from the bookings. */
	struct day_ctx x = {cal, hall_id, queue_id, date, false, false, out, err};
	int st = yw_store_tx(s, YW_TX_READ, day_tx, &x);
	if (!st && x.need_write) {
		x.write = true;
		st = yw_store_tx(s, YW_TX_WRITE, day_tx, &x);
	}
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

/* The person's name, ID number (validated, normalised) and phone, and
 * the item, into a; nothing is read or written. */
static int check_person(struct book *x, const struct yw_queue *q, struct yw_appt *a)
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
	char key[32];
	snprintf(key, sizeof key, ",%lld,", (long long)r->item_id);
	if (r->item_id && strlen(q->item_ids) > 1 && !strstr(q->item_ids, key))
		return fail(x->err, YW_E_REF_NOT_FOUND, "item_id", "该队列不办理此事项");
	snprintf(a->name, sizeof a->name, "%s", r->name);
	snprintf(a->id_number, sizeof a->id_number, "%s", info.number);
	snprintf(a->phone, sizeof a->phone, "%s", phone);
	a->item_id = r->item_id;
	return YW_OK;
}

/* The person's limits: per day, and open appointments per item; each a
 * conditional upsert that refuses at the limit. */
static int take_limits(struct book *x, const struct yw_queue *q, struct yw_appt *a)
{
	char key[40];
	snprintf(key, sizeof key, "D:%s", a->date);
	int st = yw_as_person_take(x->c, a->id_number, key, q->appt_per_person_day);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_PERSON_LIMIT, "id_number", "同一证件每天可预约的次数已用完");
	if (st || !a->item_id)
		return st;
	/* Booked appointments of past days no longer count (they become
	 * no-shows, each once, and give their count back). */
	char today[11];
	yw_local_day(x->now, today);
	int64_t gone = 0, *ids = NULL;
	snprintf(key, sizeof key, "I:%lld", (long long)a->item_id);
	st = yw_as_mark_no_shows(x->c, a->id_number, a->item_id, today, x->now, &ids, &gone);
	if (!st && gone)
		st = yw_as_person_give(x->c, a->id_number, key, gone);
	for (int64_t i = 0; !st && i < gone; i++)
		st = yw_audit_append(x->c, x->who, "no_show", "appointment", ids[i], "{\"status\":\"no_show\"}");
	free(ids);
	if (st)
		return st;
	st = yw_as_person_take(x->c, a->id_number, key, q->appt_per_person_item);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_PERSON_LIMIT, "item_id", "该事项已有未办理的预约");
	return st;
}

static int give_person(struct yw_conn *c, const struct yw_appt *a)
{
	if (!a->id_number[0])
		return YW_OK;
	char key[40];
	snprintf(key, sizeof key, "D:%s", a->date);
	int st = yw_as_person_give(c, a->id_number, key, 1);
	if (!st && a->item_id) {
		snprintf(key, sizeof key, "I:%lld", (long long)a->item_id);
		st = yw_as_person_give(c, a->id_number, key, 1);
	}
	return st;
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

static int refuse_full(struct book *x, int64_t frozen)
{
	return frozen ? fail(x->err, YW_E_SLOT_FROZEN, "start", "该时段有刚取消的名额，冻结中，请稍后或选择其他时段")
		      : fail(x->err, YW_E_SLOT_FULL, "start", "该时段已约满，请选择其他时段");
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
	return refuse_full(x, frozen);
}

static void new_code(char out[12])
{
	uint32_t v = randombytes_uniform(90000000) + 10000000;
	snprintf(out, 12, "%08u", v);
}

/* Everything a booking checks before it takes anything (all reads): the
 * queue and hall, the staff's scope, the day (past, horizon, calendar,
 * release), the slot, the notice and the person's data. With write false
 * a day whose slots are not made yet gives YW_NOTFOUND. */
static int check_booking(struct book *x, bool write, struct yw_queue *q, struct yw_hall_rules *hall,
			 struct yw_slot *slot, struct yw_appt *a)
{
	const struct yw_appt_req *r = x->req;
	struct yw_conn *c = x->c;
	int st = yw_qs_queue(c, r->queue_id, q);
	if (st == YW_NOTFOUND || (!st && r->hall_id && q->hall_id != r->hall_id))
		return fail(x->err, YW_E_REF_NOT_FOUND, "queue_id", r->hall_id ? "该大厅没有此队列" : "没有这个队列");
	if (st)
		return st;
	if (!q->active)
		return fail(x->err, YW_E_QUEUE_INACTIVE, "queue_id", "该队列未启用");
	if ((st = yw_qs_hall_rules(c, q->hall_id, hall)))
		return st;
	/* Window places are booked by the hall's own staff. */
	struct yw_scope scope = {.region_id = hall->region_id, .hall_id = q->hall_id};
	if (!is_citizen(x->who) && (st = yw_authz_scope(c, x->who, &yw_entity_window, scope, x->err)))
		return st;
	char today_s[11];
	yw_local_day(x->now, today_s);
	struct yw_date today;
	yw_date_parse(today_s, &today, "date", NULL);
	int64_t ahead = yw_date_to_days(r->date) - yw_date_to_days(today);
	if (ahead < 0)
		return fail(x->err, YW_E_SLOT_PAST, "date", "不能预约已过去的日期");
	if (ahead > q->appt_horizon_days)
		return fail(x->err, YW_E_SLOT_BEYOND_HORIZON, "date", "超出可预约天数");
	char reason[96] = "";
	const char *kind = day_kind(x->cal, r->date, reason, sizeof reason, x->err);
	if (!kind)
		return x->err->err ? YW_FAIL : fail(x->err, YW_E_SLOT_CLOSED_DAY, "date", reason);
	if (x->now < release_at(q, r->date))
		return fail(x->err, YW_E_SLOT_BEYOND_HORIZON, "date", "该日号源尚未放出");
	memset(a, 0, sizeof *a);
	yw_date_format(r->date, a->date);
	st = yw_as_slot_find(c, q->id, a->date, r->start_min, slot);
	if (st == YW_NOTFOUND) {
		if (!write)
			return YW_NOTFOUND;
		/* The first booking of the day makes its slots. */
		int made = 0;
		if ((st = make_day(c, q, kind, r->date, &made)))
			return st;
		if (!made)
			return fail(x->err, YW_E_SLOT_CLOSED_DAY, "date", "该日没有预约时段");
		st = yw_as_slot_find(c, q->id, a->date, r->start_min, slot);
	}
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_SLOT_CLOSED_DAY, "start", "该日没有这个预约时段");
	if (st)
		return st;
	int64_t start_ms = yw_local_ms(a->date, slot->start_min);
	if (start_ms - x->now < (int64_t)q->appt_min_notice_min * 60000)
		return fail(x->err, YW_E_SLOT_PAST, "start", "该时段已过或距开始不足最少提前时间");
	return x->hold ? YW_OK : check_person(x, q, a);
}


/* A read first: a request the store refuses as it stands (a full slot
 * above all, which is most requests in a rush) is answered from one
 * consistent snapshot — what a booking at that instant would get — without
 * waiting for the single writer or a slot's row lock. Places are only ever
 * taken in the write transaction, by the conditional updates. */
static int precheck_tx(struct yw_conn *c, void *p)
{
	struct book *x = p;
	x->c = c;
	x->now = yw_now_ms();
	struct yw_queue q;
	struct yw_hall_rules hall;
	struct yw_slot slot;
	struct yw_appt a;
	int st = check_booking(x, false, &q, &hall, &slot, &a);
	if (st == YW_NOTFOUND)
		return YW_OK; /* the day's slots are made by the write */
	if (st)
		return st;
	int64_t free_now = 0, reclaim = 0, frozen = 0;
	if ((st = yw_as_slot_state(c, slot.id, !is_citizen(x->who), x->now, &free_now, &reclaim, &frozen)))
		return st;
	return free_now <= 0 && !reclaim ? refuse_full(x, frozen) : YW_OK;
}

static int book_tx(struct yw_conn *c, void *p)
{
	struct book *x = p;
	x->c = c;
	x->now = yw_now_ms();
	struct yw_queue q;
	struct yw_hall_rules hall;
	struct yw_slot slot;
	struct yw_appt a;
	int st = check_booking(x, true, &q, &hall, &slot, &a);
	if (st)
		return st;
	bool internal = !is_citizen(x->who);
	if ((st = take_place(x, &slot, internal)) || (!x->hold && (st = take_limits(x, &q, &a))))
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

static int book_run(struct yw_store *s, struct book *x)
{
	int st = yw_store_tx(s, YW_TX_READ, precheck_tx, x);
	return st ? st : yw_store_tx(s, YW_TX_WRITE, book_tx, x);
}

int yw_appt_hold(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
		 const struct yw_appt_req *req, struct yw_appt *out, struct yw_error *err)
{
	struct book x = {.cal = cal, .who = who, .req = req, .hold = true, .out = out, .err = err};
	return book_run(s, &x);
}

int yw_appt_book(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
		 const struct yw_appt_req *req, struct yw_appt *out, struct yw_error *err)
{
	struct book x = {.cal = cal, .who = who, .req = req, .out = out, .err = err};
	return book_run(s, &x);
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
	if ((st = yw_qs_queue(c, a.queue_id, &q)) || (st = check_person(x, &q, &a)) || (st = take_limits(x, &q, &a)))
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
	if (!held && (st = give_person(c, &a)))
		return st;
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

struct resync {
	struct yw_session_row *ss;
	int nss;
	struct yw_slot *slots;
	int nslots;
};

static int keep_session(void *p, const struct yw_session_row *r)
{
	struct resync *x = p;
	x->ss = yw_realloc(x->ss, (size_t)(x->nss + 1) * sizeof *x->ss);
	x->ss[x->nss++] = *r;
	return 0;
}

static int keep_slot(void *p, const struct yw_slot *s)
{
	struct resync *x = p;
	x->slots = yw_realloc(x->slots, (size_t)(x->nslots + 1) * sizeof *x->slots);
	x->slots[x->nslots++] = *s;
	return 0;
}

/* The session a made slot came from: one whose grid has the slot, of the
 * date's weekday kind when there are several. (Without the calendar a
 * make-up working Saturday counts as a Saturday here; sessions of both
 * kinds on the same hours rarely differ in online capacity.) */
static const struct yw_session_row *session_of(const struct resync *x, const struct yw_slot *sl)
{
	struct yw_date d;
	int wd = yw_date_parse(sl->date, &d, "date", NULL) == YW_OK ? yw_date_weekday(d) : 1;
	const char *want = wd == 6 ? "saturday" : wd == 7 ? "sunday" : "workday";
	const struct yw_session_row *any = NULL;
	for (int i = 0; i < x->nss; i++) {
		const struct yw_session_row *s = &x->ss[i];
		if (sl->start_min < s->start_min || sl->end_min > s->end_min ||
		    sl->end_min - sl->start_min != s->slot_minutes || (sl->start_min - s->start_min) % s->slot_minutes)
			continue;
		if (session_applies(s, want, wd))
			return s;
		if (!any)
			any = s;
	}
	return any;
}

/* Slots already made for today and later follow a changed plan or session
 * at once (the first look at a day makes its slots, and the day list looks
 * two weeks ahead). A capacity below the places taken only stops further
 * bookings; nobody loses a booking. A slot no session makes any more keeps
 * its bookings and takes no new ones. */
static int resync_slots(struct yw_conn *c, int64_t queue_id, const int per_hour[24], int64_t now)
{
	char today[11];
	yw_local_day(now, today);
	struct resync x = {0};
	int st = yw_as_sessions(c, queue_id, keep_session, &x);
	if (!st)
		st = yw_as_slots_from(c, queue_id, today, keep_slot, &x);
	for (int i = 0; !st && i < x.nslots; i++) {
		const struct yw_slot *sl = &x.slots[i];
		const struct yw_session_row *s = session_of(&x, sl);
		int online = s ? release_share(per_hour, s, sl->start_min) : 0, internal = s ? s->internal : 0;
		if (online != sl->cap_online || internal != sl->cap_internal)
			st = yw_as_slot_caps(c, sl->id, online, internal);
	}
	free(x.ss);
	free(x.slots);
	return st;
}

int yw_appt_slots_follow(struct yw_conn *c, int64_t queue_id)
{
	int per_hour[24];
	int st = yw_as_release_get(c, queue_id, per_hour);
	return st ? st : resync_slots(c, queue_id, per_hour, yw_now_ms());
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
		st = resync_slots(c, queue_id, per_hour, now);
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

/* The queue exists and lies in the actor's scope (a plan is a hall's). */
static int release_queue_check(struct yw_conn *c, struct release *x)
{
	struct yw_queue q;
	int st = yw_qs_queue(c, x->queue_id, &q);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "队列不存在");
	if (st)
		return st;
	struct yw_scope scope = {.region_id = q.region_id, .hall_id = q.hall_id};
	return yw_authz_scope(c, x->who, &yw_entity_queue, scope, x->err);
}

static int release_read_tx(struct yw_conn *c, void *p)
{
	struct release *x = p;
	int st = release_queue_check(c, x);
	return st ? st : yw_as_release_get(c, x->queue_id, x->per_hour);
}

int yw_appt_release_read(struct yw_store *s, const struct yw_actor *who, int64_t queue_id, int per_hour[24],
			 struct yw_error *err)
{
	struct release x = {.who = who, .queue_id = queue_id, .per_hour = per_hour, .err = err};
	return yw_store_tx(s, YW_TX_READ, release_read_tx, &x);
}

static int release_write_tx(struct yw_conn *c, void *p)
{
	struct release *x = p;
	int st = release_queue_check(c, x);
	return st ? st : yw_appt_release_set(c, x->who, x->queue_id, x->per_hour);
}

int yw_appt_release_write(struct yw_store *s, const struct yw_actor *who, int64_t queue_id, const int per_hour[24],
			  struct yw_error *err)
{
	struct release x = {.who = who, .queue_id = queue_id, .per_hour = (int *)per_hour, .err = err};
	return yw_store_tx(s, YW_TX_WRITE, release_write_tx, &x);
}
