/* SQL of hall events (store/qevent_store.c). */
#ifndef YW_QEVENT_STORE_H
#define YW_QEVENT_STORE_H
#include "yw/qevent.h"

/* Insert (e->id assigned); on PostgreSQL also NOTIFY yw_events with it. */
int yw_qevent_store_insert(struct yw_conn *c, struct yw_qevent *e);
/* Events after after_id: of a hall (ticket_id 0), or of a ticket and its queue. */
int yw_qevent_store_after(struct yw_conn *c, int64_t hall_id, int64_t queue_id, int64_t ticket_id, int64_t after_id,
			  int limit, yw_qevent_fn fn, void *ctx);
#endif
