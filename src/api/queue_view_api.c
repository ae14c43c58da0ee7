/* Read-only hall-queue endpoints: kiosk, board, desk, lists, cloud. */
#include "api/queue_json.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_int(struct yw_buf *b, const char *key, int64_t v, bool comma)
{
	yw_buf_printf(b, "%s\"%s\":%lld", comma ? "," : "", key, (long long)v);
}

/* Times: epoch ms, null when not yet. */
static void put_time(struct yw_buf *b, const char *key, int64_t v)
{
	if (v)
		yw_buf_printf(b, ",\"%s\":%lld", key, (long long)v);
	else
		yw_buf_printf(b, ",\"%s\":null", key);
}

static void put_str(struct yw_buf *b, const char *key, const char *v)
{
	yw_buf_printf(b, ",\"%s\":", key);
	if (v && *v)
		yw_buf_json_str(b, v);
	else
		yw_buf_adds(b, "null");
}

static void put_items(struct yw_buf *b, const char *stored)
{
	int64_t *ids = NULL;
	int n = yw_intlist_parse(stored, &ids);
	yw_buf_adds(b, ",\"item_ids\":[");
	for (int i = 0; i < n; i++)
		yw_buf_printf(b, "%s%lld", i ? "," : "", (long long)ids[i]);
	yw_buf_adds(b, "]");
	free(ids);
}

void yw_ticket_json(struct yw_buf *b, const struct yw_ticket_status *s, bool with_token)
{
	const struct yw_ticket *t = &s->t;
	yw_buf_adds(b, "{");
	put_int(b, "id", t->id, false);
	if (with_token)
		put_str(b, "token", t->token);
	put_str(b, "code", t->code);
	put_int(b, "hall_id", t->hall_id, true);
	put_str(b, "hall_name", s->hall_name);
	put_int(b, "queue_id", t->queue_id, true);
	put_str(b, "queue_name", s->queue_name);
	put_str(b, "status", t->status);
	put_str(b, "source", t->source);
	put_int(b, "klass", t->klass, true);
	put_str(b, "priority", t->priority);
	put_items(b, t->item_ids);
	put_str(b, "day", t->day);
	put_time(b, "issued_at", t->issued_at);
	put_time(b, "called_at", t->called_at);
	put_time(b, "started_at", t->started_at);
	put_time(b, "finished_at", t->finished_at);
	put_time(b, "window_id", t->window_id);
	put_time(b, "target_window_id", t->target_window_id);
	if (s->window_number)
		put_int(b, "window_number", s->window_number, true);
	else
		yw_buf_adds(b, ",\"window_number\":null");
	put_str(b, "window_name", s->window_name);
	put_int(b, "recalls", t->recalls, true);
	put_int(b, "transfers", t->transfers, true);
	put_int(b, "ahead", s->ahead, true);
	put_int(b, "ahead_green", s->ahead_green, true);
	put_int(b, "ahead_appointment", s->ahead_appointment, true);
	put_int(b, "windows_serving", s->windows_serving, true);
	put_int(b, "wait_lo", s->wait_lo, true);
	put_int(b, "wait_hi", s->wait_hi, true);
	put_int(b, "quoted_lo", t->quoted_lo, true);
	put_int(b, "quoted_hi", t->quoted_hi, true);
	char *phone = t->phone[0] ? yw_mask_phone(t->phone) : NULL;
	put_str(b, "phone", phone);
	free(phone);
	put_str(b, "id_number", t->id_number); /* stored masked */
	put_time(b, "appointment_id", t->appointment_id);
	yw_buf_adds(b, "}");
}

void yw_queue_load_json(struct yw_buf *b, const struct yw_queue_load *l)
{
	yw_buf_adds(b, "{");
	put_int(b, "id", l->q.id, false);
	put_str(b, "code", l->q.code);
	put_str(b, "name", l->q.name);
	put_str(b, "prefix", l->q.prefix);
	put_int(b, "waiting", l->waiting, true);
	put_int(b, "issued_today", l->issued_today, true);
	put_int(b, "remaining", l->remaining, true);
	put_int(b, "windows", l->windows, true);
	put_int(b, "wait_lo", l->wait_lo, true);
	put_int(b, "wait_hi", l->wait_hi, true);
	yw_buf_printf(b, ",\"allow_remote\":%s", l->q.allow_remote ? "true" : "false");
	put_items(b, l->q.item_ids);
	yw_buf_adds(b, "}");
}

static void hall_json(struct yw_buf *b, const struct yw_hall_rules *h, bool open_now)
{
	yw_buf_adds(b, "{");
	put_int(b, "id", h->hall_id, false);
	put_str(b, "name", h->name);
	yw_buf_printf(b, ",\"open\":%s,\"remote_tickets\":%s", open_now ? "true" : "false",
		      h->remote_tickets ? "true" : "false");
	yw_buf_adds(b, ",\"hours\":[");
	for (int d = 0; d < 7; d++) {
		yw_buf_adds(b, d ? "," : "");
		yw_buf_json_str(b, h->hours[d]);
	}
	yw_buf_printf(b, "],\"call_rule\":\"%s\",\"recall_limit\":%d,\"remind_at\":%d}", h->call_rule, h->recall_limit,
		      h->remind_at);
}

/* The members of a window, without the closing brace (callers add more). */
static void window_members(struct yw_buf *b, const struct yw_window_row *w)
{
	yw_buf_adds(b, "{");
	put_int(b, "id", w->id, false);
	put_int(b, "number", w->number, true);
	put_str(b, "name", w->name);
	put_str(b, "type", w->type);
	yw_buf_printf(b, ",\"is_open\":%s,\"queue_codes\":%s", w->is_open ? "true" : "false",
		      w->queue_codes[0] ? w->queue_codes : "[]");
}

static void window_json(struct yw_buf *b, const struct yw_window_row *w)
{
	window_members(b, w);
	yw_buf_adds(b, "}");
}

static void hall_reply(struct yw_req *q, struct yw_resp *r, bool board)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_hall_view v;
	int st = yw_hall_view(q->app->store, id, board, &v);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"hall\":");
	hall_json(&b, &v.hall, v.open_now);
	yw_buf_adds(&b, ",\"queues\":[");
	for (int i = 0; i < v.nq; i++) {
		yw_buf_adds(&b, i ? "," : "");
		yw_queue_load_json(&b, &v.queues[i]);
	}
	yw_buf_adds(&b, "]");
	if (board) {
		yw_buf_adds(&b, ",\"windows\":[");
		for (int i = 0; i < v.nw; i++) {
			yw_buf_adds(&b, i ? "," : "");
			window_members(&b, &v.windows[i]);
			if (v.current[i].id) {
				yw_buf_adds(&b, ",\"current\":{\"code\":");
				yw_buf_json_str(&b, v.current[i].code);
				put_str(&b, "status", v.current[i].status);
				put_time(&b, "called_at", v.current[i].called_at);
				put_int(&b, "queue_id", v.current[i].queue_id, true);
				yw_buf_adds(&b, "}}");
			} else {
				yw_buf_adds(&b, ",\"current\":null}");
			}
		}
		yw_buf_adds(&b, "],\"recent\":[");
		for (int i = 0; i < v.recent.n; i++) {
			const struct yw_ticket *t = &v.recent.v[i];
			int64_t number = 0;
			const char *wname = "";
			for (int k = 0; k < v.nw; k++)
				if (v.windows[k].id == t->window_id) {
					number = v.windows[k].number;
					wname = v.windows[k].name;
				}
			yw_buf_printf(&b, "%s{\"code\":", i ? "," : "");
			yw_buf_json_str(&b, t->code);
			put_str(&b, "status", t->status);
			put_int(&b, "window_id", t->window_id, true);
			put_int(&b, "window_number", number, true);
			put_str(&b, "window_name", wname);
			put_time(&b, "called_at", t->called_at);
			put_int(&b, "recalls", t->recalls, true);
			yw_buf_printf(&b, ",\"text\":\"请%s号到%lld号窗口办理\"}", t->code, (long long)number);
		}
		yw_buf_printf(&b, "],\"last_event_id\":%lld", (long long)v.last_event_id);
	}
	yw_buf_adds(&b, "}");
	yw_hall_view_free(&v);
	yw_resp_buf(r, 200, &b);
}

void yw_api_kiosk(struct yw_req *q, struct yw_resp *r) { hall_reply(q, r, false); }
void yw_api_board(struct yw_req *q, struct yw_resp *r) { hall_reply(q, r, true); }

void yw_api_desk(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_desk_view v;
	struct yw_error err = {0};
	int st = yw_desk_view(q->app->store, &q->actor, id, &v, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"window\":");
	window_json(&b, &v.w);
	yw_buf_adds(&b, ",\"hall\":");
	hall_json(&b, &v.hall, yw_hall_open_at(&v.hall, yw_now_ms()));
	yw_buf_adds(&b, ",\"current\":");
	if (v.has_current)
		yw_ticket_json(&b, &v.current, false);
	else
		yw_buf_adds(&b, "null");
	yw_buf_adds(&b, ",\"parked\":[");
	for (int i = 0; i < v.parked.n; i++) {
		struct yw_ticket_status s = {.t = v.parked.v[i]};
		yw_buf_adds(&b, i ? "," : "");
		yw_ticket_json(&b, &s, false);
	}
	yw_buf_adds(&b, "],\"queues\":[");
	for (int i = 0; i < v.nserved; i++) {
		yw_buf_adds(&b, i ? "," : "");
		yw_queue_load_json(&b, &v.served[i]);
	}
	yw_buf_printf(&b, "],\"served_today\":%d,\"transfer_queues\":[", v.served_today);
	for (int i = 0; i < v.nhq; i++) {
		yw_buf_printf(&b, "%s{\"id\":%lld,\"code\":", i ? "," : "", (long long)v.hall_queues[i].id);
		yw_buf_json_str(&b, v.hall_queues[i].code);
		put_str(&b, "name", v.hall_queues[i].name);
		yw_buf_adds(&b, "}");
	}
	yw_buf_adds(&b, "],\"transfer_windows\":[");
	for (int i = 0; i < v.nhw; i++) {
		yw_buf_adds(&b, i ? "," : "");
		window_json(&b, &v.hall_windows[i]);
	}
	yw_buf_adds(&b, "]}");
	yw_desk_view_free(&v);
	yw_resp_buf(r, 200, &b);
}

static void tickets_reply(struct yw_resp *r, const struct yw_tickets *l, bool with_token)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l->n; i++) {
		struct yw_ticket_status s = {.t = l->v[i]};
		yw_buf_adds(&b, i ? "," : "");
		yw_ticket_json(&b, &s, with_token);
	}
	yw_buf_printf(&b, "],\"total\":%d}", l->n);
	yw_resp_buf(r, 200, &b);
}

static const char *const statuses[] = {"waiting", "called", "serving", "parked", "done", "no_show", "cancelled",
				       "expired", NULL};

void yw_api_hall_tickets(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	const char *day = yw_req_query(q, "day"), *status = yw_req_query(q, "status"), *queue = yw_req_query(q, "queue_id");
	int y, m, d;
	char tail;
	if (day && (strlen(day) != 10 || sscanf(day, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)) {
		yw_resp_err(r, YW_E_BAD_QUERY, "day", "day 应为 YYYY-MM-DD");
		return;
	}
	bool known = !status;
	for (int i = 0; status && statuses[i]; i++)
		known |= !strcmp(status, statuses[i]);
	if (!known) {
		yw_resp_err(r, YW_E_BAD_QUERY, "status", "status 不正确");
		return;
	}
	char *end = NULL;
	long long queue_id = queue ? strtoll(queue, &end, 10) : 0;
	if (queue && (!*queue || *end || queue_id <= 0)) {
		yw_resp_err(r, YW_E_BAD_QUERY, "queue_id", "queue_id 应为正整数");
		return;
	}
	struct yw_tickets l;
	struct yw_error err = {0};
	int st = yw_hall_tickets(q->app->store, &q->actor, id, day, status, queue_id, &l, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	tickets_reply(r, &l, false);
	yw_tickets_free(&l);
}

void yw_api_my_tickets(struct yw_req *q, struct yw_resp *r)
{
	struct yw_tickets l;
	int st = yw_citizen_tickets(q->app->store, q->who.user_id, &l);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	/* Each with its live state (people ahead, wait, window), as on the
	 * ticket page: a citizen has a few tickets a day. */
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < l.n; i++) {
		struct yw_ticket_status s = {.t = l.v[i]};
		if ((st = yw_ticket_status_by_token(q->app->store, l.v[i].token, &s))) {
			yw_buf_free(&b);
			yw_tickets_free(&l);
			yw_resp_status(r, st, NULL);
			return;
		}
		yw_buf_adds(&b, i ? "," : "");
		yw_ticket_json(&b, &s, true);
	}
	yw_buf_printf(&b, "],\"total\":%d}", l.n);
	yw_tickets_free(&l);
	yw_resp_buf(r, 200, &b);
}

static bool coord_query(struct yw_req *q, struct yw_resp *r, const char *name, double lim, double *out)
{
	const char *s = yw_req_query(q, name);
	*out = NAN;
	if (!s)
		return true;
	char *end;
	double v = strtod(s, &end);
	if (!*s || *end || strlen(s) > 20 || !(v >= -lim && v <= lim)) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为 ±%.0f 以内的小数", name, lim);
		return false;
	}
	*out = v;
	return true;
}

void yw_api_cloud(struct yw_req *q, struct yw_resp *r)
{
	int64_t item_id = yw_req_id(q, 0, r);
	double lat, lng;
	if (!item_id || !coord_query(q, r, "lat", 90, &lat) || !coord_query(q, r, "lng", 180, &lng))
		return;
	if (isnan(lat) != isnan(lng)) {
		yw_resp_err(r, YW_E_BAD_QUERY, isnan(lat) ? "lat" : "lng", "lat 与 lng 需同时提供");
		return;
	}
	struct yw_cloud_view v;
	int st = yw_cloud_view(q->app->store, item_id, lat, lng, &v);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"item_id\":%lld,\"halls\":[", (long long)item_id);
	for (int i = 0; i < v.n; i++) {
		const struct yw_cloud_hall *h = &v.halls[i];
		yw_buf_printf(&b, "%s{\"hall_id\":%lld", i ? "," : "", (long long)h->hall.hall_id);
		put_str(&b, "name", h->hall.name);
		put_str(&b, "address", h->address);
		put_int(&b, "queue_id", h->load.q.id, true);
		put_str(&b, "queue_name", h->load.q.name);
		put_int(&b, "waiting", h->load.waiting, true);
		put_int(&b, "windows", h->load.windows, true);
		put_int(&b, "wait_lo", h->load.wait_lo, true);
		put_int(&b, "wait_hi", h->load.wait_hi, true);
		put_int(&b, "remaining", h->load.remaining, true);
		if (h->distance_km >= 0)
			yw_buf_printf(&b, ",\"distance_km\":%.1f", h->distance_km);
		else
			yw_buf_adds(&b, ",\"distance_km\":null");
		yw_buf_printf(&b, ",\"open\":%s,\"remote\":%s}", h->open_now ? "true" : "false",
			      h->remote ? "true" : "false");
	}
	if (v.recommended_hall_id)
		yw_buf_printf(&b, "],\"recommended_hall_id\":%lld}", (long long)v.recommended_hall_id);
	else
		yw_buf_adds(&b, "],\"recommended_hall_id\":null}");
	yw_cloud_view_free(&v);
	yw_resp_buf(r, 200, &b);
}
