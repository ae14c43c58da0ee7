/* Hall events: stored in the transaction of the change, published after the
 * commit (docs/queue.md). The bus is a short fixed list of subscribers. */
#include "yw/qevent.h"
#include "yw/qevent_store.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_qevents_reset(struct yw_qevents *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i].data);
	l->n = 0;
}

void yw_qevents_free(struct yw_qevents *l)
{
	yw_qevents_reset(l);
	free(l->v);
	memset(l, 0, sizeof *l);
}

int yw_qevent_add(struct yw_conn *c, struct yw_qevents *l, int64_t hall_id, int64_t queue_id, int64_t ticket_id,
		  const char *type, char *data_take)
{
	struct yw_qevent e = {.hall_id = hall_id, .queue_id = queue_id, .ticket_id = ticket_id, .at = yw_now_ms(),
			      .data = data_take};
	snprintf(e.type, sizeof e.type, "%s", type);
	int st = yw_qevent_store_insert(c, &e);
	if (st) {
		free(data_take);
		return st;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->v = yw_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = e;
	return YW_OK;
}

enum { MAX_SUBSCRIBERS = 8 };
static struct {
	yw_bus_fn fn;
	void *ctx;
} subs[MAX_SUBSCRIBERS];
static int nsubs;
static pthread_mutex_t bus_mu = PTHREAD_MUTEX_INITIALIZER;

void yw_bus_subscribe(yw_bus_fn fn, void *ctx)
{
	pthread_mutex_lock(&bus_mu);
	if (nsubs < MAX_SUBSCRIBERS)
		subs[nsubs++] = (typeof(subs[0])){fn, ctx};
	pthread_mutex_unlock(&bus_mu);
}

/* Generations for caches of hall state: one counter per hall (halls that
 * share a slot only invalidate each other more often) and one for all. */
enum { GEN_SLOTS = 4096 };
static _Atomic int64_t hall_gen[GEN_SLOTS];
static _Atomic int64_t all_gen;

static void bump(int64_t hall_id)
{
	atomic_fetch_add(&hall_gen[(uint64_t)hall_id % GEN_SLOTS], 1);
	atomic_fetch_add(&all_gen, 1);
}

int64_t yw_hall_generation(int64_t hall_id) { return atomic_load(&hall_gen[(uint64_t)hall_id % GEN_SLOTS]); }
int64_t yw_halls_generation(void) { return atomic_load(&all_gen); }

void yw_bus_publish(const struct yw_qevent *e)
{
	bump(e->hall_id);
	pthread_mutex_lock(&bus_mu);
	int n = nsubs;
	pthread_mutex_unlock(&bus_mu);
	/* Subscribers are only ever added (at start-up), so the first n stay. */
	for (int i = 0; i < n; i++)
		subs[i].fn(subs[i].ctx, e);
}

void yw_qevents_publish(struct yw_store *s, struct yw_qevents *l)
{
	/* On PostgreSQL the NOTIFY sent in the transaction reaches every
	 * instance's listener, this one included; this instance's caches move
	 * on at once so its own client never reads what it just changed. */
	if (yw_store_dialect(s) == YW_DIALECT_PG) {
		for (int i = 0; i < l->n; i++)
			bump(l->v[i].hall_id);
		return;
	}
	for (int i = 0; i < l->n; i++)
		yw_bus_publish(&l->v[i]);
}

struct replay_ctx {
	int64_t hall_id, queue_id, ticket_id, after_id;
	int limit;
	yw_qevent_fn fn;
	void *ctx;
};

static int replay_tx(struct yw_conn *c, void *p)
{
	struct replay_ctx *x = p;
	return yw_qevent_store_after(c, x->hall_id, x->queue_id, x->ticket_id, x->after_id, x->limit, x->fn, x->ctx);
}

int yw_qevent_replay(struct yw_store *s, int64_t hall_id, int64_t queue_id, int64_t ticket_id, int64_t after_id,
		     int limit, yw_qevent_fn fn, void *ctx)
{
	struct replay_ctx x = {hall_id, queue_id, ticket_id, after_id, limit, fn, ctx};
	return yw_store_tx(s, YW_TX_READ, replay_tx, &x);
}
