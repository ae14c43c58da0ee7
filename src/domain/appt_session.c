/* Booking sessions (预约时段): per hall, queue and kind of day, a span of
 * time cut into slots of a fixed length with online and internal capacity
 * per slot. Kinds: every working day of the official calendar (optionally
 * one weekday), or Saturday / Sunday service sessions that open only on
 * ordinary weekends (not on holidays, not on local closures). */
#include "yw/appt.h"
#include "yw/appt_store.h"
#include "yw/crud.h"
#include "yw/queue_store.h"
#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"workday", "saturday", "sunday", NULL};

static int minutes(const char *v)
{
	int h, m;
	char tail;
	if (!v || strlen(v) != 5 || sscanf(v, "%2d:%2d%c", &h, &m, &tail) != 2 || v[2] != ':' || h < 0 || h > 23 ||
	    m < 0 || m > 59)
		return -1;
	return h * 60 + m;
}

static int check_hhmm(const char *v, struct yw_error *err)
{
	if (minutes(v) < 0) {
		yw_error_set(err, YW_E_BAD_FORMAT, NULL, "时间应为 HH:MM，如 09:00");
		return YW_FAIL;
	}
	return YW_OK;
}

struct overlap {
	const struct yw_session_row *me;
	struct yw_session_row found;
	const struct yw_session_row *clash;
};

static int find_overlap(void *p, const struct yw_session_row *r)
{
	struct overlap *x = p;
	const struct yw_session_row *me = x->me;
	if (r->id == me->id || strcmp(r->day_kind, me->day_kind) || (r->weekday && me->weekday && r->weekday != me->weekday) ||
	    r->end_min <= me->start_min || me->end_min <= r->start_min)
		return 0;
	x->found = *r;
	x->clash = &x->found;
	return 1;
}

static int validate(struct yw_conn *c, const struct yw_actor *who, struct yw_rec *rec, const struct yw_rec *old,
		    struct yw_error *err)
{
	(void)who;
	(void)old;
	int64_t hall_id = yw_rec_cval(rec, "hall_id")->i;
	struct yw_queue q;
	int st = yw_qs_queue(c, yw_rec_cval(rec, "queue_id")->i, &q);
	if (st == YW_NOTFOUND || (!st && q.hall_id != hall_id)) {
		yw_error_set(err, YW_E_REF_NOT_FOUND, "queue_id", "该大厅没有此队列");
		return YW_FAIL;
	}
	if (st)
		return st;
	yw_val_set_int(yw_rec_val(rec, "region_id"), q.region_id);
	int from = minutes(yw_rec_cval(rec, "start_time")->s), to = minutes(yw_rec_cval(rec, "end_time")->s);
	int64_t len = yw_rec_cval(rec, "slot_minutes")->i;
	if (from >= to) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "end_time", "结束时间应晚于开始时间");
		return YW_FAIL;
	}
	if ((to - from) % len) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "slot_minutes", "时段长度应能整除 %d 分钟的时间段", to - from);
		return YW_FAIL;
	}
	const struct yw_val *wd = yw_rec_cval(rec, "weekday");
	if (!wd->set || wd->null)
		yw_val_set_int(yw_rec_val(rec, "weekday"), 0);
	struct yw_session_row me = {.id = old ? old->id : 0, .weekday = (int)yw_rec_cval(rec, "weekday")->i,
				    .start_min = from, .end_min = to};
	snprintf(me.day_kind, sizeof me.day_kind, "%s", yw_rec_cval(rec, "day_kind")->s);
	/* A Saturday session on Wednesdays would never open. */
	int own = !strcmp(me.day_kind, "saturday") ? 6 : !strcmp(me.day_kind, "sunday") ? 7 : 0;
	if (own && me.weekday && me.weekday != own) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "weekday", "周六、周日时段的星期应为 0 或当天");
		return YW_FAIL;
	}
	if (!own && me.weekday > 5) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "weekday", "工作日时段的星期应为 0（每个工作日）或 1–5");
		return YW_FAIL;
	}
	/* Overlapping sessions of one kind of day would make the same slot
	 * twice; only the first would count. */
	struct overlap x = {.me = &me};
	if ((st = yw_as_sessions(c, q.id, find_overlap, &x)))
		return st;
	if (x.clash) {
		yw_error_set(err, YW_E_DUPLICATE, "start_time", "与该队列已有的预约时段 %02d:%02d–%02d:%02d 重叠",
			     x.clash->start_min / 60, x.clash->start_min % 60, x.clash->end_min / 60,
			     x.clash->end_min % 60);
		return YW_FAIL;
	}
	return YW_OK;
}

static int follow(struct yw_conn *c, const struct yw_rec *rec)
{
	return yw_appt_slots_follow(c, yw_rec_cval(rec, "queue_id")->i);
}

static const struct yw_field fields[] = {
	{"hall_id", YW_F_REF, YW_FF_REQUIRED | YW_FF_FILTER, 1, INT64_MAX, .ref = "halls", .label = "大厅"},
	{"region_id", YW_F_REF, YW_FF_INTERNAL, .label = "区划"},
	{"queue_id", YW_F_REF, YW_FF_REQUIRED | YW_FF_FILTER, 1, INT64_MAX, .ref = "queues", .label = "队列"},
	{"day_kind", YW_F_ENUM, YW_FF_REQUIRED | YW_FF_FILTER, .enums = kinds, .label = "日期类型"},
	{"weekday", YW_F_INT, 0, 0, 7, .label = "星期（0=每个工作日）"},
	{"start_time", YW_F_TEXT, YW_FF_REQUIRED, 5, 5, .label = "开始", .check = check_hhmm},
	{"end_time", YW_F_TEXT, YW_FF_REQUIRED, 5, 5, .label = "结束", .check = check_hhmm},
	{"slot_minutes", YW_F_INT, YW_FF_REQUIRED, 5, 240, .label = "每段分钟"},
	{"online_capacity", YW_F_INT, YW_FF_REQUIRED, 0, 999, .label = "网上号源/段"},
	{"internal_capacity", YW_F_INT, YW_FF_REQUIRED, 0, 999, .label = "窗口号源/段"},
};

struct yw_entity yw_entity_appt_session = {
	.name = "appt_session",
	.plural = "appt-sessions",
	.table = "appt_sessions",
	.label = "预约时段",
	.fields = fields,
	.nfields = sizeof fields / sizeof fields[0],
	.order_by = "hall_id, queue_id, start_time",
	.scope_region = 1,
	.scope_department = -1,
	.scope_hall = 0,
	.read_roles = YW_ROLES_STAFF,
	.write_roles = YW_ROLE_ADMIN | YW_ROLE_HALL_MANAGER,
	.validate = validate,
	.after_write = follow,
};
