/* Hall events: every change a call display, window client, kiosk or ticket
 * page follows. Written in the transaction of the change (so they are
 * durable and replayable by id), published to this process's bus after the
 * commit on SQLite, and through LISTEN/NOTIFY on PostgreSQL so that every
 * instance sharing the database sees them (docs/queue.md). */
#ifndef YW_QEVENT_H
#define YW_QEVENT_H
#include "yw/store.h"

struct yw_qevent {
	int64_t id, hall_id, queue_id, ticket_id, at;
	char type[32]; /* ticket.issued, ticket.called, … */
	char *data;    /* JSON object text, no personal data */
};

/* The events of one transaction, published after it commits. A tx body may
 * run more than once (retries): reset the list at the start of the body. */
struct yw_qevents {
	struct yw_qevent *v;
	int n, cap;
};
void yw_qevents_reset(struct yw_qevents *l);
void yw_qevents_free(struct yw_qevents *l);

/* Inside a write transaction: store the event (its id is assigned) and
 * remember it in l. data is taken (freed by the list). */
int yw_qevent_add(struct yw_conn *c, struct yw_qevents *l, int64_t hall_id, int64_t queue_id,
		  int64_t ticket_id, const char *type, char *data_take);

/* After the commit. SQLite: hand each event to the bus now. PostgreSQL: the
 * NOTIFY sent in the transaction reaches every instance's listener, which
 * hands it to its bus; nothing to do here. */
void yw_qevents_publish(struct yw_store *s, struct yw_qevents *l);

/* The in-process bus: subscribers are called on the publishing thread and
 * must not block. */
typedef void (*yw_bus_fn)(void *ctx, const struct yw_qevent *e);
void yw_bus_subscribe(yw_bus_fn fn, void *ctx);
void yw_bus_publish(const struct yw_qevent *e);

/* Move with every event of a hall (seen by this process) / of any hall;
 * a cache of hall state filled at generation g is good while it stays g. */
int64_t yw_hall_generation(int64_t hall_id);
int64_t yw_halls_generation(void);

/* Replay for Last-Event-ID: events after `after_id` of a hall (queue_id and
 * ticket_id 0) or of a ticket and its queue, oldest first, at most limit. */
typedef int (*yw_qevent_fn)(void *ctx, const struct yw_qevent *e);
int yw_qevent_replay(struct yw_store *s, int64_t hall_id, int64_t queue_id, int64_t ticket_id,
		     int64_t after_id, int limit, yw_qevent_fn fn, void *ctx);

#endif
