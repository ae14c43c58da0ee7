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
	int n = e->ticket_id ? 3 : e->queue_id ? 2 : 1;
	yw_sse_publish(channels, n, e->id, b.data, b.len);
	yw_buf_free(&b);
}

/* A payload too long for NOTIFY carries no data (store/qevent_store.c):
 * read the event from the store. */
static int copy_event(void *ctx, const struct yw_qevent *e)
{
	struct yw_qevent *out = ctx;
	if (e->id == out->id) {
		snprintf(out->type, sizeof out->type, "%s", e->type);
		out->data = yw_strdup(e->data);
	}
	return 1;
}

/* A NOTIFY payload from PostgreSQL: the event as JSON. NULL: the listener
 * reconnected and may have missed events, so every stream is cut and its
 * client catches up with Last-Event-ID. */
static void from_notify(void *ctx, const char *payload)
{
	struct yw_store *s = ctx;
	if (!payload) {
		yw_sse_drop_all();
		return;
	}
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
	json_t *data = json_object_get(j, "data");
	if (json_is_object(data))
		e.data = json_dumps(data, JSON_COMPACT);
	else if (e.id > 0)
		yw_qevent_replay(s, e.hall_id, 0, 0, e.id - 1, 1, copy_event, &e);
	if (e.id && e.data)
		yw_bus_publish(&e);
	free(e.data);
	json_decref(j);
}

int yw_api_events_start(struct yw_store *s, struct yw_error *err)
{
	yw_bus_subscribe(fan_out, NULL);
	return yw_store_listen(s, "yw_events", from_notify, s, err);
}

void yw_api_events_stop(struct yw_store *s) { yw_store_unlisten(s); }

/* ---- streams ---- */

static int64_t last_event_id(struct yw_req *q, struct yw_resp *r, bool *ok)
{
	const char *h = yw_req_header(q, "Last-Event-ID");
	if (!h || !*h)
		h = yw_req_query(q, "last_event_id");
	*ok = true;
	if (!h || !*h)
		return 0;
	char *end;
	long long v = strtoll(h, &end, 10);
	if (*end || v < 0 || strlen(h) > 18) {
		yw_resp_err(r, YW_E_BAD_QUERY, "Last-Event-ID", "Last-Event-ID 应为事件编号");
		*ok = false;
		return 0;
	}
	return v;
}

struct replay {
	struct yw_resp *r;
	int n;
};

static int replay_one(void *ctx, const struct yw_qevent *e)
{
	struct replay *x = ctx;
	if (x->n++ < REPLAY_LIMIT)
		yw_resp_sse_replayed(x->r, e->id, e->type, e->data);
	return 0;
}

/* Follow the channels from now on, then add what the client missed. More
 * than REPLAY_LIMIT missed: the client is told to reload its view. */
static void open_stream(struct yw_req *q, struct yw_resp *r, const char *const *channels, int n, int64_t after,
			int64_t hall_id, int64_t queue_id, int64_t ticket_id)
{
	yw_resp_sse(r, channels, n);
	if (!after)
		return;
	struct replay x = {r, 0};
	int st = yw_qevent_replay(q->app->store, hall_id, queue_id, ticket_id, after, REPLAY_LIMIT + 1, replay_one,
				  &x);
	if (st) {
		yw_resp_status(r, st, NULL); /* discards the stream */
		return;
	}
	if (x.n > REPLAY_LIMIT)
		yw_resp_sse_text(r, "event: stream.reset\ndata: {\"reason\":\"too_many_missed\"}\n\n");
}

static void hall_stream(struct yw_req *q, struct yw_resp *r)
{
	int64_t hall_id = yw_req_id(q, 0, r);
	if (!hall_id)
		return;
	bool ok;
	int64_t after = last_event_id(q, r, &ok);
	if (!ok)
		return;
	struct yw_hall_rules hall;
	int st = yw_hall_rules_read(q->app->store, hall_id, &hall);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	char channel[40];
	snprintf(channel, sizeof channel, "hall:%lld", (long long)hall_id);
	const char *channels[] = {channel};
	open_stream(q, r, channels, 1, after, hall_id, 0, 0);
}

struct by_token {
	const char *token;
	struct yw_ticket *t;
};

static int by_token_tx(struct yw_conn *c, void *p)
{
	struct by_token *x = p;
	return yw_ticket_by_token(c, x->token, x->t);
}

static void ticket_stream(struct yw_req *q, struct yw_resp *r)
{
	bool ok;
	int64_t after = last_event_id(q, r, &ok);
	if (!ok)
		return;
	struct yw_ticket t;
	struct by_token x = {q->params[0], &t};
	int st = yw_store_tx(q->app->store, YW_TX_READ, by_token_tx, &x);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	char c1[40], c2[40];
	snprintf(c1, sizeof c1, "ticket:%lld", (long long)t.id);
	snprintf(c2, sizeof c2, "queue:%lld", (long long)t.queue_id);
	const char *channels[] = {c1, c2};
	open_stream(q, r, channels, 2, after, t.hall_id, t.queue_id, t.id);
}

const struct yw_route yw_routes_events[] = {
	{"GET", "/api/v1/events/halls/{id}", hall_stream, 0,
	 "大厅事件流（叫号屏、取号机、窗口）/ Server-sent events of a hall (Last-Event-ID replays)", "queue"},
	{"GET", "/api/v1/events/tickets/{token}", ticket_stream, 0,
	 "排号事件流（凭号）/ Server-sent events of a ticket and its queue", "queue"},
	{NULL},
};
