/* Event streams for displays, kiosks, window desks and ticket pages:
 * GET /api/v1/events/halls/{id} and /api/v1/events/tickets/{token}.
 * Events come from the in-process bus (SQLite: published after each commit;
 * PostgreSQL: every instance's LISTEN connection), are formatted once and
 * fanned out to the channels hall:H, queue:Q and ticket:T. A client that
 * reconnects sends Last-Event-ID and gets what it missed from the store. */
#include "api/api.h"
#include "yw/qevent.h"
#include "yw/queue.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REPLAY_LIMIT = 500 };

static void fan_out(void *ctx, const struct yw_qevent *e)
{
	(void)ctx;
	struct yw_buf b = {0};
	yw_sse_format(&b, e->id, e->type, e->data);
	char hall[40], queue[40], ticket[40];
	snprintf(hall, sizeof hall, "hall:%lld", (long long)e->hall_id);
	snprintf(queue, sizeof queue, "queue:%lld", (long long)e->queue_id);
	snprintf(ticket, sizeof ticket, "ticket:%lld", (long long)e->ticket_id);
	const char *channels[] = {hall, queue, ticket};
	yw_sse_publish(channels, 3, b.data, b.len);
	yw_buf_free(&b);
}

/* A NOTIFY payload from PostgreSQL: the event as JSON (store/qevent_store.c). */
static void from_notify(void *ctx, const char *payload)
{
	(void)ctx;
	json_t *j = json_loads(payload, 0, NULL);
	if (!j)
		return;
	struct yw_qevent e = {0};
	e.id = json_integer_value(json_object_get(j, "id"));
	e.hall_id = json_integer_value(json_object_get(j, "hall_id"));
	e.queue_id = json_integer_value(json_object_get(j, "queue_id"));
	e.ticket_id = json_integer_value(json_object_get(j, "ticket_id"));
	e.at = json_integer_value(json_object_get(j, "at"));
	const char *type = json_string_value(json_object_get(j, "type"));
	snprintf(e.type, sizeof e.type, "%s", type ? type : "");
	e.data = json_dumps(json_object_get(j, "data"), JSON_COMPACT);
	if (e.id && e.data)
		yw_bus_publish(&e);
	free(e.data);
	json_decref(j);
}

int yw_api_events_start(struct yw_store *s, struct yw_error *err)
{
	yw_bus_subscribe(fan_out, NULL);
	return yw_store_listen(s, "yw_events", from_notify, NULL, err);
}

void yw_api_events_stop(struct yw_store *s) { yw_store_unlisten(s); }

/* ---- streams ---- */

static int64_t last_event_id(struct yw_req *q, struct yw_resp *r, bool *ok)
{
	const char *h = yw_req_header(q, "Last-Event-ID");
	if (!h)
		h = yw_req_query(q, "last_event_id");
	*ok = true;
	if (!h || !*h)
		return 0;
	char *end;
	long long v = strtoll(h, &end, 10);
	if (*end || v < 0 || strlen(h) > 19) {
		yw_resp_err(r, YW_E_BAD_QUERY, "Last-Event-ID", "Last-Event-ID 应为事件编号");
		*ok = false;
		return 0;
	}
	return v;
}

static int replay_one(void *ctx, const struct yw_qevent *e)
{
	yw_sse_format(ctx, e->id, e->type, e->data);
	return 0;
}

static void hall_stream(struct yw_req *q, struct yw_resp *r)
{
	int64_t hall_id = yw_req_id(q, 0, r);
	bool ok;
	int64_t after = last_event_id(q, r, &ok);
	if (!hall_id || !ok)
		return;
	struct yw_hall_rules hall;
	int st = yw_hall_rules_read(q->app->store, hall_id, &hall);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	if (after && (st = yw_qevent_replay(q->app->store, hall_id, 0, 0, after, REPLAY_LIMIT, replay_one, &b))) {
		yw_buf_free(&b);
		yw_resp_status(r, st, NULL);
		return;
	}
	char channel[40];
	snprintf(channel, sizeof channel, "hall:%lld", (long long)hall_id);
	const char *channels[] = {channel};
	yw_resp_sse(r, channels, 1, yw_buf_steal(&b));
}

static void ticket_stream(struct yw_req *q, struct yw_resp *r)
{
	bool ok;
	int64_t after = last_event_id(q, r, &ok);
	if (!ok)
		return;
	struct yw_ticket_status s;
	int st = yw_ticket_status_by_token(q->app->store, q->params[0], &s);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	if (after &&
	    (st = yw_qevent_replay(q->app->store, s.t.hall_id, s.t.queue_id, s.t.id, after, REPLAY_LIMIT, replay_one, &b))) {
		yw_buf_free(&b);
		yw_resp_status(r, st, NULL);
		return;
	}
	char c1[40], c2[40];
	snprintf(c1, sizeof c1, "ticket:%lld", (long long)s.t.id);
	snprintf(c2, sizeof c2, "queue:%lld", (long long)s.t.queue_id);
	const char *channels[] = {c1, c2};
	yw_resp_sse(r, channels, 2, yw_buf_steal(&b));
}

const struct yw_route yw_routes_events[] = {
	{"GET", "/api/v1/events/halls/{id}", hall_stream, 0,
	 "大厅事件流（叫号屏、取号机、窗口）/ Server-sent events of a hall (Last-Event-ID replays)", "queue"},
	{"GET", "/api/v1/events/tickets/{token}", ticket_stream, 0,
	 "排号事件流（凭号）/ Server-sent events of a ticket and its queue", "queue"},
	{NULL},
};
