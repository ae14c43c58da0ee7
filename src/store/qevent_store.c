/* SQL of hall events. */
#include "yw/qevent_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NOTIFY_MAX = 7900 };

static char *notify_payload(const struct yw_qevent *e, bool with_data)
{
	return yw_asprintf("{\"id\":%lld,\"hall_id\":%lld,\"queue_id\":%lld,\"ticket_id\":%lld,\"at\":%lld,"
			   "\"type\":\"%s\",\"data\":%s}",
			   (long long)e->id, (long long)e->hall_id, (long long)e->queue_id, (long long)e->ticket_id,
			   (long long)e->at, e->type, with_data ? e->data : "null");
}

int yw_qevent_store_insert(struct yw_conn *c, struct yw_qevent *e)
{
	int st = yw_q(c,
		      "INSERT INTO queue_events (hall_id, queue_id, ticket_id, type, data, at) "
		      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		      yw_row_get_int, &e->id, YW_PINT(e->hall_id), e->queue_id ? YW_PINT(e->queue_id) : YW_PNULL,
		      e->ticket_id ? YW_PINT(e->ticket_id) : YW_PNULL, YW_PTEXT(e->type), YW_PTEXT(e->data),
		      YW_PINT(e->at));
	if (st < 0)
		return st;
	if (yw_store_dialect(yw_conn_store(c)) != YW_DIALECT_PG)
		return YW_OK;
	/* Delivered to every listening instance when (and only if) the
	 * transaction commits, in commit order. NOTIFY refuses payloads of
	 * 8000 bytes or more (which would fail the whole transaction): a long
	 * event goes without its data, which the listener reads from the table. */
	char *payload = notify_payload(e, true);
	if (strlen(payload) >= NOTIFY_MAX) {
		free(payload);
		payload = notify_payload(e, false);
	}
	st = yw_q(c, "SELECT pg_notify('yw_events', $1)", NULL, NULL, YW_PTEXT(payload));
	free(payload);
	return st < 0 ? st : YW_OK;
}

struct after_ctx {
	yw_qevent_fn fn;
	void *ctx;
};

static int event_row(void *p, const struct yw_row *r)
{
	struct after_ctx *x = p;
	struct yw_qevent e = {0};
	e.id = yw_row_int(r, 0);
	e.hall_id = yw_row_int(r, 1);
	e.queue_id = yw_row_null(r, 2) ? 0 : yw_row_int(r, 2);
	e.ticket_id = yw_row_null(r, 3) ? 0 : yw_row_int(r, 3);
	snprintf(e.type, sizeof e.type, "%s", yw_row_text(r, 4));
	e.data = (char *)yw_row_text(r, 5);
	e.at = yw_row_int(r, 6);
	return x->fn(x->ctx, &e);
}

int yw_qevent_store_after(struct yw_conn *c, int64_t hall_id, int64_t queue_id, int64_t ticket_id, int64_t after_id,
			  int limit, yw_qevent_fn fn, void *ctx)
{
	struct after_ctx x = {fn, ctx};
	int st;
	if (ticket_id)
		st = yw_q(c,
			  "SELECT id, hall_id, queue_id, ticket_id, type, data, at FROM queue_events "
			  "WHERE (ticket_id = $1 OR queue_id = $2) AND id > $3 ORDER BY id LIMIT $4",
			  event_row, &x, YW_PINT(ticket_id), YW_PINT(queue_id), YW_PINT(after_id), YW_PINT(limit));
	else
		st = yw_q(c,
			  "SELECT id, hall_id, queue_id, ticket_id, type, data, at FROM queue_events "
			  "WHERE hall_id = $1 AND id > $2 ORDER BY id LIMIT $3",
			  event_row, &x, YW_PINT(hall_id), YW_PINT(after_id), YW_PINT(limit));
	return st < 0 ? st : YW_OK;
}
