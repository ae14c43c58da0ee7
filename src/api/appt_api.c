/* Appointment API (docs/queue.md): a hall's bookable days and slots,
 * hold / confirm / book / cancel, my appointments, the hall's list,
 * check-in, and the release plan of a queue. */
#include "api/api.h"
#include "api/queue_json.h"
#include "yw/appt.h"
#include "yw/calendar_svc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DESK (YW_ROLE_CLERK | YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN)
#define BOOKERS (DESK | YW_ROLE_CITIZEN)

static void hhmm(char out[6], int minutes)
{
	unsigned m = (unsigned)minutes % 1440u;
	snprintf(out, 6, "%02u:%02u", (m / 60u) % 24u, m % 60u);
}

static void appt_json(struct yw_buf *b, const struct yw_appt *a)
{
	char start[6], end[6];
	hhmm(start, a->start_min);
	hhmm(end, a->end_min);
	char *id = a->id_number[0] ? yw_mask_id(a->id_number) : NULL;
	char *phone = a->phone[0] ? yw_mask_phone(a->phone) : NULL;
	yw_buf_printf(b, "{\"id\":%lld,\"code\":\"%s\",\"hall_id\":%lld,\"hall_name\":", (long long)a->id, a->code,
		      (long long)a->hall_id);
	yw_buf_json_str(b, a->hall_name);
	yw_buf_printf(b, ",\"queue_id\":%lld,\"queue_name\":", (long long)a->queue_id);
	yw_buf_json_str(b, a->queue_name);
	yw_buf_printf(b, ",\"date\":\"%s\",\"start\":\"%s\",\"end\":\"%s\",\"status\":\"%s\",\"channel\":\"%s\",\"name\":",
		      a->date, start, end, a->status, a->channel);
	yw_buf_json_str(b, a->name[0] ? a->name : NULL);
	yw_buf_adds(b, ",\"id_number\":");
	yw_buf_json_str(b, id);
	yw_buf_adds(b, ",\"phone\":");
	yw_buf_json_str(b, phone);
	yw_buf_printf(b, ",\"item_id\":%lld,\"hold_until\":%lld,\"frozen_until\":%lld,\"ticket_id\":%lld}",
		      (long long)a->item_id, (long long)a->hold_until, (long long)a->frozen_until, (long long)a->ticket_id);
	free(id);
	free(phone);
}

static void reply_appt(struct yw_resp *r, int status, const struct yw_appt *a)
{
	struct yw_buf b = {0};
	appt_json(&b, a);
	yw_resp_buf(r, status, &b);
}

static bool queue_query(struct yw_req *q, struct yw_resp *r, int64_t *out)
{
	const char *s = yw_req_query(q, "queue_id");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v <= 0) {
		yw_resp_err(r, YW_E_BAD_QUERY, "queue_id", "缺少或错误的 queue_id");
		return false;
	}
	*out = v;
	return true;
}

/* ---- days and slots (public) ---- */

static void availability(struct yw_req *q, struct yw_resp *r)
{
	int64_t hall_id = yw_req_id(q, 0, r), queue_id;
	if (!hall_id || !queue_query(q, r, &queue_id))
		return;
	const char *ds = yw_req_query(q, "date");
	struct yw_date d;
	struct yw_error err = {0};
	if (!ds || strlen(ds) != 10 || yw_date_parse(ds, &d, "date", &err) != YW_OK) {
		yw_resp_err(r, YW_E_BAD_QUERY, "date", "date 应为 YYYY-MM-DD");
		return;
	}
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap)
		return;
	struct yw_day_plan p;
	int st = yw_appt_day(q->app->store, snap->cal, hall_id, queue_id, d, &p, &err);
	yw_api_calendar_release(snap);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	int64_t now = yw_now_ms();
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"date\":\"%s\",\"open\":%s,\"released\":%s,\"reason\":", ds, p.open ? "true" : "false",
		      p.released ? "true" : "false");
	yw_buf_json_str(&b, p.reason[0] ? p.reason : NULL);
	yw_buf_adds(&b, ",\"slots\":[");
	for (int i = 0; i < p.n; i++) {
		const struct yw_slot *s = &p.slots[i];
		char a[6], z[6];
		hhmm(a, s->start_min);
		hhmm(z, s->end_min);
		int free_online = s->cap_online - s->used_online + s->reclaim_online,
		    free_internal = s->cap_internal - s->used_internal + s->reclaim_internal;
		bool past = yw_local_ms(s->date, s->start_min) <= now;
		yw_buf_printf(&b,
			      "%s{\"start\":\"%s\",\"end\":\"%s\",\"capacity_online\":%d,\"free_online\":%d,"
			      "\"capacity_internal\":%d,\"free_internal\":%d,\"frozen\":%d,\"bookable\":%s}",
			      i ? "," : "", a, z, s->cap_online, free_online < 0 ? 0 : free_online, s->cap_internal,
			      free_internal < 0 ? 0 : free_internal, s->frozen,
			      p.released && !past && free_online > 0 ? "true" : "false");
	}
	yw_buf_adds(&b, "]}");
	yw_day_plan_free(&p);
	yw_resp_buf(r, 200, &b);
}

/* The next days of a queue with their free online places. */
static void appointment_days(struct yw_req *q, struct yw_resp *r)
{
	int64_t hall_id = yw_req_id(q, 0, r), queue_id;
	if (!hall_id || !queue_query(q, r, &queue_id))
		return;
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap)
		return;
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"days\":[");
	struct yw_date d = yw_date_from_epoch_ms_shanghai(yw_now_ms());
	int st = YW_OK;
	struct yw_error err = {0};
	for (int i = 0; i <= 14 && !st; i++, d = yw_date_add_days(d, 1)) {
		struct yw_day_plan p;
		memset(&err, 0, sizeof err);
		st = yw_appt_day(q->app->store, snap->cal, hall_id, queue_id, d, &p, &err);
		if (st == YW_FAIL && err.err == YW_E_CALENDAR_MISSING) {
			st = YW_OK; /* the next year's calendar is not published yet */
			break;
		}
		if (st)
			break;
		int free_online = 0;
		for (int k = 0; k < p.n; k++) {
			const struct yw_slot *sl = &p.slots[k];
			int f = sl->cap_online - sl->used_online + sl->reclaim_online;
			free_online += f > 0 ? f : 0;
		}
		char ds[11];
		yw_date_format(d, ds);
		yw_buf_printf(&b, "%s{\"date\":\"%s\",\"weekday\":%d,\"open\":%s,\"released\":%s,\"free_online\":%d,\"reason\":",
			      i ? "," : "", ds, yw_date_weekday(d), p.open ? "true" : "false",
			      p.released ? "true" : "false", free_online);
		yw_buf_json_str(&b, p.reason[0] ? p.reason : NULL);
		yw_buf_adds(&b, "}");
		yw_day_plan_free(&p);
	}
	yw_api_calendar_release(snap);
	if (st) {
		yw_buf_free(&b);
		yw_resp_status(r, st, &err);
		return;
	}
	yw_buf_adds(&b, "]}");
	yw_resp_buf(r, 200, &b);
}

/* ---- booking ---- */

struct book_body {
	int64_t queue_id, item_id;
	const char *date, *start, *name, *id_number, *phone;
};

static const struct yw_jfield book_fields[] = {
	{"queue_id", YW_J_INT, true, 1, INT64_MAX, offsetof(struct book_body, queue_id)},
	{"date", YW_J_STR, true, 10, 10, offsetof(struct book_body, date)},
	{"start", YW_J_STR, true, 5, 5, offsetof(struct book_body, start)},
	{"item_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct book_body, item_id)},
	{"name", YW_J_STR, false, 1, 30, offsetof(struct book_body, name)},
	{"id_number", YW_J_STR, false, 15, 18, offsetof(struct book_body, id_number)},
	{"phone", YW_J_STR, false, 0, 20, offsetof(struct book_body, phone)},
};

/* Parses the body; the hall comes from the queue (checked in the domain). */
static bool parse_req(struct yw_req *q, struct yw_resp *r, json_t **body, int nfields, struct yw_appt_req *req)
{
	*body = yw_api_body(q, r);
	if (!*body)
		return false;
	struct book_body bb = {0};
	if (!yw_api_fields(*body, book_fields, nfields, &bb, r))
		return false;
	memset(req, 0, sizeof *req);
	struct yw_error err = {0};
	int h, m;
	char tail;
	if (yw_date_parse(bb.date, &req->date, "date", &err) != YW_OK) {
		yw_resp_err(r, YW_E_BAD_FORMAT, "date", "date 应为 YYYY-MM-DD");
		return false;
	}
	if (sscanf(bb.start, "%2d:%2d%c", &h, &m, &tail) != 2 || bb.start[2] != ':' || h > 23 || m > 59 || h < 0 ||
	    m < 0) {
		yw_resp_err(r, YW_E_BAD_FORMAT, "start", "start 应为 HH:MM");
		return false;
	}
	req->start_min = h * 60 + m;
	req->queue_id = bb.queue_id;
	req->item_id = bb.item_id;
	req->name = bb.name;
	req->id_number = bb.id_number;
	req->phone = bb.phone;
	return true;
}

static void book_or_hold(struct yw_req *q, struct yw_resp *r, bool hold)
{
	json_t *body = NULL;
	struct yw_appt_req req;
	if (!parse_req(q, r, &body, hold ? 3 : 7, &req)) {
		json_decref(body);
		return;
	}
	req.hall_id = 0; /* the queue's hall (the domain reads the queue) */
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap) {
		json_decref(body);
		return;
	}
	struct yw_appt a;
	struct yw_error err = {0};
	int st = hold ? yw_appt_hold(q->app->store, snap->cal, &q->actor, &req, &a, &err)
		      : yw_appt_book(q->app->store, snap->cal, &q->actor, &req, &a, &err);
	yw_api_calendar_release(snap);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_appt(r, 201, &a);
}

static void appt_hold(struct yw_req *q, struct yw_resp *r) { book_or_hold(q, r, true); }
static void appt_book(struct yw_req *q, struct yw_resp *r) { book_or_hold(q, r, false); }

struct person_body {
	int64_t item_id;
	const char *name, *id_number, *phone;
};

static void appt_confirm(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	static const struct yw_jfield fields[] = {
		{"item_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct person_body, item_id)},
		{"name", YW_J_STR, true, 1, 30, offsetof(struct person_body, name)},
		{"id_number", YW_J_STR, true, 15, 18, offsetof(struct person_body, id_number)},
		{"phone", YW_J_STR, false, 0, 20, offsetof(struct person_body, phone)},
	};
	struct person_body pb = {0};
	if (!yw_api_fields(body, fields, 4, &pb, r)) {
		json_decref(body);
		return;
	}
	struct yw_appt_req person = {.item_id = pb.item_id, .name = pb.name, .id_number = pb.id_number, .phone = pb.phone};
	struct yw_appt a;
	struct yw_error err = {0};
	int st = yw_appt_confirm(q->app->store, &q->actor, id, &person, &a, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_appt(r, 200, &a);
}

static void appt_cancel(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_appt a;
	struct yw_error err = {0};
	int st = yw_appt_cancel(q->app->store, &q->actor, id, &a, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_appt(r, 200, &a);
}

static void list_reply(struct yw_resp *r, const struct yw_appts *l)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l->n; i++) {
		yw_buf_adds(&b, i ? "," : "");
		appt_json(&b, &l->v[i]);
	}
	yw_buf_printf(&b, "],\"total\":%d}", l->n);
	yw_resp_buf(r, 200, &b);
}

static void appt_mine(struct yw_req *q, struct yw_resp *r)
{
	struct yw_appts l;
	int st = yw_appt_mine(q->app->store, q->who.user_id, &l);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	list_reply(r, &l);
	yw_appts_free(&l);
}

static void appt_hall_list(struct yw_req *q, struct yw_resp *r)
{
	int64_t hall_id = yw_req_id(q, 0, r);
	if (!hall_id)
		return;
	const char *ds = yw_req_query(q, "date");
	struct yw_date d;
	char today[11];
	if (ds && (strlen(ds) != 10 || yw_date_parse(ds, &d, "date", NULL) != YW_OK)) {
		yw_resp_err(r, YW_E_BAD_QUERY, "date", "date 应为 YYYY-MM-DD");
		return;
	}
	if (!ds) {
		yw_local_day(yw_now_ms(), today);
		ds = today;
	}
	struct yw_appts l;
	struct yw_error err = {0};
	int st = yw_appt_hall_list(q->app->store, &q->actor, hall_id, ds, &l, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	list_reply(r, &l);
	yw_appts_free(&l);
}

struct checkin_body {
	const char *code, *id_number;
};

static void appt_checkin(struct yw_req *q, struct yw_resp *r)
{
	int64_t hall_id = yw_req_id(q, 0, r);
	if (!hall_id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	static const struct yw_jfield fields[] = {
		{"code", YW_J_STR, false, 8, 8, offsetof(struct checkin_body, code)},
		{"id_number", YW_J_STR, false, 15, 18, offsetof(struct checkin_body, id_number)},
	};
	struct checkin_body cb = {0};
	if (!yw_api_fields(body, fields, 2, &cb, r)) {
		json_decref(body);
		return;
	}
	if (!cb.code == !cb.id_number) {
		json_decref(body);
		yw_resp_err(r, YW_E_MISSING_FIELD, "code", "请输入预约码或身份证号（二选一）");
		return;
	}
	struct yw_actor actor = q->actor;
	if (!q->authed)
		actor.name = "自助终端 / kiosk";
	struct yw_appt a;
	struct yw_ticket t;
	struct yw_error err = {0};
	int st = yw_appt_checkin(q->app->store, &actor, hall_id, cb.code, cb.id_number, &a, &t, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_ticket_status s;
	if ((st = yw_ticket_status_by_token(q->app->store, t.token, &s))) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"appointment\":");
	appt_json(&b, &a);
	yw_buf_adds(&b, ",\"ticket\":");
	yw_ticket_json(&b, &s, true);
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 201, &b);
}

/* ---- release plan ---- */

static void release_json(struct yw_resp *r, int64_t queue_id, const int per_hour[24])
{
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"queue_id\":%lld,\"hours\":[", (long long)queue_id);
	bool first = true;
	for (int h = 0; h < 24; h++)
		if (per_hour[h] >= 0) {
			yw_buf_printf(&b, "%s{\"hour\":%d,\"online_per_hour\":%d}", first ? "" : ",", h, per_hour[h]);
			first = false;
		}
	yw_buf_adds(&b, "]}");
	yw_resp_buf(r, 200, &b);
}

static void release_get(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	int per_hour[24];
	struct yw_error err = {0};
	int st = yw_appt_release_read(q->app->store, &q->actor, id, per_hour, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	release_json(r, id, per_hour);
}

static void release_put(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	json_t *hours = json_object_get(body, "hours");
	int per_hour[24];
	for (int h = 0; h < 24; h++)
		per_hour[h] = -1;
	const char *bad = json_object_size(body) != 1 || !json_is_array(hours) ? "hours" : NULL;
	size_t i;
	json_t *e;
	json_array_foreach(hours, i, e)
	{
		json_t *h = json_object_get(e, "hour"), *n = json_object_get(e, "online_per_hour");
		if (bad || !json_is_integer(h) || !json_is_integer(n) || json_integer_value(h) < 0 ||
		    json_integer_value(h) > 23 || json_integer_value(n) < 0 || json_integer_value(n) > 999 ||
		    per_hour[json_integer_value(h)] >= 0) {
			bad = "hours";
			break;
		}
		per_hour[json_integer_value(h)] = (int)json_integer_value(n);
	}
	json_decref(body);
	if (bad) {
		yw_resp_err(r, YW_E_BAD_FORMAT, bad, "hours 应为 [{hour: 0–23, online_per_hour: 0–999}]，每小时一项");
		return;
	}
	struct yw_error err = {0};
	int st = yw_appt_release_write(q->app->store, &q->actor, id, per_hour, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	release_json(r, id, per_hour);
}

const struct yw_route yw_routes_appt[] = {
	{"GET", "/api/v1/halls/{id}/availability", availability, 0,
	 "某日可预约时段 / Bookable slots of a day (?queue_id=&date=)", "appointment"},
	{"GET", "/api/v1/halls/{id}/appointment-days", appointment_days, 0,
	 "未来可预约日期 / The next days with free places (?queue_id=)", "appointment"},
	{"POST", "/api/v1/appointments/hold", appt_hold, BOOKERS, "保留时段（填表期间）/ Hold a slot while filling in",
	 "appointment", NULL, "{queue_id, date, start}"},
	{"POST", "/api/v1/appointments/{id}/confirm", appt_confirm, BOOKERS, "确认预约 / Confirm a held slot",
	 "appointment", NULL, "{name, id_number, phone?, item_id?}"},
	{"POST", "/api/v1/appointments", appt_book, BOOKERS, "预约 / Book (citizen: online places; staff: window places)",
	 "appointment", NULL, "{queue_id, date, start, name, id_number, phone?, item_id?}"},
	{"GET", "/api/v1/appointments/mine", appt_mine, YW_ROLE_CITIZEN, "我的预约 / My appointments", "appointment"},
	{"POST", "/api/v1/appointments/{id}/cancel", appt_cancel, BOOKERS, "取消预约 / Cancel", "appointment"},
	{"GET", "/api/v1/halls/{id}/appointments", appt_hall_list, DESK | YW_ROLE_SUPERVISOR,
	 "大厅预约名单（脱敏）/ A hall's appointments of a day, masked (?date=)", "appointment"},
	{"POST", "/api/v1/halls/{id}/check-in", appt_checkin, 0, "预约签到取号 / Check in: an appointment ticket",
	 "appointment", NULL, "{code} | {id_number}"},
	{"GET", "/api/v1/queues/{id}/release-plan", release_get, YW_ROLES_STAFF, "放号计划 / Online release plan",
	 "appointment"},
	{"PUT", "/api/v1/queues/{id}/release-plan", release_put, YW_ROLE_ADMIN | YW_ROLE_HALL_MANAGER,
	 "修改放号计划 / Set the online release plan", "appointment", NULL, "{hours:[{hour, online_per_hour}]}"},
	{NULL},
};
