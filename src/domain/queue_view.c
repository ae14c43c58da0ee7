/* Read-only views for the kiosk, the call board, a window's desk, ticket
 * lists and cloud calling. */
#include "yw/queue_view.h"
#include "yw/authz.h"
#include "queue_internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_tickets_free(struct yw_tickets *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int tickets_add(void *ctx, const struct yw_ticket *t)
{
	struct yw_tickets *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = yw_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *t;
	return 0;
}

/* How a queue looks to someone taking a number now. */
static int queue_load(struct yw_conn *c, const struct yw_hall_rules *hall, const struct yw_queue *q, int64_t now,
		      struct yw_queue_load *out)
{
	memset(out, 0, sizeof *out);
	out->q = *q;
	char day[11];
	yw_local_day(now, day);
	int last = 0;
	int st = yw_qs_waiting_count(c, q->id, day, &out->waiting);
	if (!st)
		st = yw_qs_issued(c, q->id, day, &last);
	if (st)
		return st;
	out->issued_today = last ? last - q->number_min + 1 : 0;
	out->remaining = q->daily_quota - out->issued_today;
	if (out->remaining < 0)
		out->remaining = 0;
	struct yw_ticket probe = {.id = INT64_MAX, .queue_id = q->id, .klass = YW_TK_NORMAL, .sort_at = now};
	memcpy(probe.day, day, sizeof probe.day);
	struct yw_wait_est est;
	if ((st = yw_queue_estimate(c, hall, q, &probe, now, &est)))
		return st;
	out->windows = est.windows;
	out->wait_lo = est.wait_lo;
	out->wait_hi = est.wait_hi;
	return YW_OK;
}

/* ---- kiosk and board ---- */

struct hall_ctx {
	int64_t hall_id;
	bool with_windows;
	struct yw_hall_view *v;
	struct yw_conn *c;
	int64_t now;
	int st;
	int cap;
};

static int add_queue(void *p, const struct yw_queue *q)
{
	struct hall_ctx *x = p;
	struct yw_hall_view *v = x->v;
	if (v->nq == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 8;
		v->queues = yw_realloc(v->queues, (size_t)x->cap * sizeof *v->queues);
	}
	x->st = queue_load(x->c, &v->hall, q, x->now, &v->queues[v->nq]);
	if (x->st)
		return 1;
	v->nq++;
	return 0;
}

static int add_window(void *p, const struct yw_window_row *w)
{
	struct hall_ctx *x = p;
	struct yw_hall_view *v = x->v;
	v->windows = yw_realloc(v->windows, (size_t)(v->nw + 1) * sizeof *v->windows);
	v->current = yw_realloc(v->current, (size_t)(v->nw + 1) * sizeof *v->current);
	v->windows[v->nw] = *w;
	memset(&v->current[v->nw], 0, sizeof v->current[v->nw]);
	v->nw++;
	return 0;
}

static int take_one(void *ctx, const struct yw_ticket *t)
{
	*(struct yw_ticket *)ctx = *t;
	return 1;
}

static void hall_view_clear(struct yw_hall_view *v)
{
	free(v->queues);
	free(v->windows);
	free(v->current);
	yw_tickets_free(&v->recent);
	memset(v, 0, sizeof *v);
}

static int hall_tx(struct yw_conn *c, void *p)
{
	struct hall_ctx *x = p;
	struct yw_hall_view *v = x->v;
	hall_view_clear(v);
	x->c = c;
	x->cap = 0;
	x->st = YW_OK;
	x->now = yw_now_ms();
	int st = yw_qs_hall_rules(c, x->hall_id, &v->hall);
	if (st)
		return st;
	v->open_now = yw_hall_open_at(&v->hall, x->now);
	if ((st = yw_qs_hall_queues(c, x->hall_id, true, add_queue, x)) || (st = x->st))
		return st;
	if (!x->with_windows)
		return YW_OK;
	if ((st = yw_qs_hall_windows(c, x->hall_id, add_window, x)))
		return st;
	for (int i = 0; i < v->nw; i++)
		if ((st = yw_qs_window_tickets(c, v->windows[i].id, "called", "serving", take_one, &v->current[i])))
			return st;
	char day[11];
	yw_local_day(x->now, day);
	if ((st = yw_qs_recent_calls(c, x->hall_id, day, 10, tickets_add, &v->recent)))
		return st;
	return yw_qs_last_event_id(c, x->hall_id, &v->last_event_id);
}

int yw_hall_view(struct yw_store *s, int64_t hall_id, bool with_windows, struct yw_hall_view *out)
{
	memset(out, 0, sizeof *out);
	struct hall_ctx x = {.hall_id = hall_id, .with_windows = with_windows, .v = out};
	int st = yw_store_tx(s, YW_TX_READ, hall_tx, &x);
	if (st)
		hall_view_clear(out);
	return st;
}

void yw_hall_view_free(struct yw_hall_view *v) { hall_view_clear(v); }

/* ---- a window's desk ---- */

struct desk_ctx {
	const struct yw_actor *who;
	int64_t window_id;
	struct yw_desk_view *v;
	struct yw_error *err;
	struct yw_conn *c;
	int64_t now;
	int st;
};

static int collect_queue(void *p, const struct yw_queue *q)
{
	struct desk_ctx *x = p;
	struct yw_desk_view *v = x->v;
	v->hall_queues = yw_realloc(v->hall_queues, (size_t)(v->nhq + 1) * sizeof *v->hall_queues);
	v->hall_queues[v->nhq++] = *q;
	return 0;
}

static int collect_window(void *p, const struct yw_window_row *w)
{
	struct desk_ctx *x = p;
	struct yw_desk_view *v = x->v;
	v->hall_windows = yw_realloc(v->hall_windows, (size_t)(v->nhw + 1) * sizeof *v->hall_windows);
	v->hall_windows[v->nhw++] = *w;
	return 0;
}

void yw_desk_view_free(struct yw_desk_view *v)
{
	yw_tickets_free(&v->parked);
	free(v->served);
	free(v->hall_queues);
	free(v->hall_windows);
	memset(v, 0, sizeof *v);
}

static int desk_tx(struct yw_conn *c, void *p)
{
	struct desk_ctx *x = p;
	struct yw_desk_view *v = x->v;
	yw_desk_view_free(v);
	x->c = c;
	x->now = yw_now_ms();
	int st = yw_qs_window(c, x->window_id, &v->w);
	if (st == YW_NOTFOUND) {
		yw_error_set(x->err, YW_E_NOT_FOUND, "id", "窗口不存在");
		return YW_FAIL;
	}
	if (st || (st = yw_qs_hall_rules(c, v->w.hall_id, &v->hall)))
		return st;
	struct yw_scope scope = {.region_id = v->hall.region_id, .hall_id = v->w.hall_id};
	if ((st = yw_authz_scope(c, x->who, &yw_entity_window, scope, x->err)))
		return st;
	struct yw_ticket cur = {0};
	if ((st = yw_qs_window_tickets(c, v->w.id, "called", "serving", take_one, &cur)))
		return st;
	if (cur.id) {
		v->has_current = true;
		v->current.t = cur;
		if ((st = yw_ticket_status_fill(c, &v->current)))
			return st;
	}
	if ((st = yw_qs_window_tickets(c, v->w.id, "parked", "parked", tickets_add, &v->parked)))
		return st;
	if ((st = yw_qs_hall_queues(c, v->w.hall_id, true, collect_queue, x)) ||
	    (st = yw_qs_hall_windows(c, v->w.hall_id, collect_window, x)))
		return st;
	/* The window's queues in its order of preference. */
	v->served = yw_calloc((size_t)(v->nhq ? v->nhq : 1), sizeof *v->served);
	const char *p2 = v->w.queue_codes;
	while ((p2 = strchr(p2, '"'))) {
		const char *end = strchr(p2 + 1, '"');
		if (!end)
			break;
		for (int i = 0; i < v->nhq; i++)
			if (strlen(v->hall_queues[i].code) == (size_t)(end - p2 - 1) &&
			    !strncmp(v->hall_queues[i].code, p2 + 1, (size_t)(end - p2 - 1)) && v->nserved < v->nhq) {
				if ((st = queue_load(c, &v->hall, &v->hall_queues[i], x->now, &v->served[v->nserved])))
					return st;
				v->nserved++;
			}
		p2 = end + 1;
	}
	char day[11];
	yw_local_day(x->now, day);
	return yw_qs_served_count(c, v->w.id, day, &v->served_today);
}

int yw_desk_view(struct yw_store *s, const struct yw_actor *who, int64_t window_id, struct yw_desk_view *out,
		 struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct desk_ctx x = {.who = who, .window_id = window_id, .v = out, .err = err};
	int st = yw_store_tx(s, YW_TX_READ, desk_tx, &x);
	if (st)
		yw_desk_view_free(out);
	return st;
}

/* ---- lists ---- */

struct list_ctx {
	const struct yw_actor *who;
	int64_t hall_id, queue_id, citizen_id;
	const char *day, *status;
	struct yw_tickets *out;
	struct yw_error *err;
};

static int hall_tickets_tx(struct yw_conn *c, void *p)
{
	struct list_ctx *x = p;
	yw_tickets_free(x->out);
	struct yw_hall_rules hall;
	int st = yw_qs_hall_rules(c, x->hall_id, &hall);
	if (st == YW_NOTFOUND) {
		yw_error_set(x->err, YW_E_NOT_FOUND, "id", "大厅不存在");
		return YW_FAIL;
	}
	if (st)
		return st;
	struct yw_scope scope = {.region_id = hall.region_id, .hall_id = x->hall_id};
	if ((st = yw_authz_scope(c, x->who, &yw_entity_window, scope, x->err)))
		return st;
	return yw_qs_hall_tickets(c, x->hall_id, x->day, x->status, x->queue_id, 500, tickets_add, x->out);
}

int yw_hall_tickets(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, const char *day,
		    const char *status, int64_t queue_id, struct yw_tickets *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	char today[11];
	yw_local_day(yw_now_ms(), today);
	struct list_ctx x = {.who = who, .hall_id = hall_id, .queue_id = queue_id, .day = day ? day : today,
			     .status = status, .out = out, .err = err};
	return yw_store_tx(s, YW_TX_READ, hall_tickets_tx, &x);
}

static int citizen_tx(struct yw_conn *c, void *p)
{
	struct list_ctx *x = p;
	yw_tickets_free(x->out);
	return yw_qs_citizen_tickets(c, x->citizen_id, x->day, tickets_add, x->out);
}

int yw_citizen_tickets(struct yw_store *s, int64_t citizen_id, struct yw_tickets *out)
{
	memset(out, 0, sizeof *out);
	char today[11];
	yw_local_day(yw_now_ms(), today);
	struct list_ctx x = {.citizen_id = citizen_id, .day = today, .out = out};
	return yw_store_tx(s, YW_TX_READ, citizen_tx, &x);
}

/* ---- cloud calling ---- */

struct cloud_ctx {
	int64_t item_id;
	double lat, lng;
	struct yw_cloud_view *v;
	struct yw_conn *c;
	int64_t now;
	int st;
};

static double distance_km(double lat1, double lng1, double lat2, double lng2)
{
	const double r = 6371.0, rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlng = (lng2 - lng1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlng / 2) * sin(dlng / 2);
	return 2 * r * asin(sqrt(a));
}

static int add_cloud_hall(void *p, int64_t hall_id)
{
	struct cloud_ctx *x = p;
	struct yw_cloud_hall h = {0};
	struct yw_queue q;
	int st = yw_qs_hall_rules(x->c, hall_id, &h.hall);
	if (!st)
		st = yw_qs_queue_for_item(x->c, hall_id, x->item_id, &q);
	if (st == YW_NOTFOUND)
		return 0; /* the item is listed there but no queue takes it */
	if (!st)
		st = queue_load(x->c, &h.hall, &q, x->now, &h.load);
	if (!st)
		st = yw_qs_hall_address(x->c, hall_id, h.address, sizeof h.address);
	if (st) {
		x->st = st;
		return 1;
	}
	h.open_now = yw_hall_open_at(&h.hall, x->now);
	h.remote = h.hall.remote_tickets && q.allow_remote;
	h.distance_km = !isnan(x->lat) && h.hall.has_location ? distance_km(x->lat, x->lng, h.hall.lat, h.hall.lng) : -1;
	struct yw_cloud_view *v = x->v;
	v->halls = yw_realloc(v->halls, (size_t)(v->n + 1) * sizeof *v->halls);
	v->halls[v->n++] = h;
	return 0;
}

static int by_wait(const void *a, const void *b)
{
	const struct yw_cloud_hall *x = a, *y = b;
	int wx = x->load.wait_lo + x->load.wait_hi, wy = y->load.wait_lo + y->load.wait_hi;
	if (wx != wy)
		return wx < wy ? -1 : 1;
	if (x->distance_km != y->distance_km)
		return x->distance_km < y->distance_km ? -1 : 1;
	return x->hall.hall_id < y->hall.hall_id ? -1 : 1;
}

void yw_cloud_view_free(struct yw_cloud_view *v)
{
	free(v->halls);
	memset(v, 0, sizeof *v);
}

static int cloud_tx(struct yw_conn *c, void *p)
{
	struct cloud_ctx *x = p;
	yw_cloud_view_free(x->v);
	x->c = c;
	x->st = YW_OK;
	x->now = yw_now_ms();
	int st = yw_qs_item_halls(c, x->item_id, add_cloud_hall, x);
	return st ? st : x->st;
}

int yw_cloud_view(struct yw_store *s, int64_t item_id, double lat, double lng, struct yw_cloud_view *out)
{
	memset(out, 0, sizeof *out);
	struct cloud_ctx x = {.item_id = item_id, .lat = lat, .lng = lng, .v = out};
	int st = yw_store_tx(s, YW_TX_READ, cloud_tx, &x);
	if (st)
		return st;
	qsort(out->halls, (size_t)out->n, sizeof *out->halls, by_wait);
	for (int i = 0; i < out->n && !out->recommended_hall_id; i++)
		if (out->halls[i].open_now && out->halls[i].remote)
			out->recommended_hall_id = out->halls[i].hall.hall_id;
	return YW_OK;
}
