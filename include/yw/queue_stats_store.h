/* SQL the demo history needs beyond store/queue_store.c: a finished ticket
 * written in one statement (the history writes thousands at seed time) and
 * the clerks of a hall (who served at which window). */
#ifndef YW_QUEUE_STATS_STORE_H
#define YW_QUEUE_STATS_STORE_H
#include "yw/queue.h"

/* Insert a ticket with its whole life (called, served, finished) at once. */
int yw_qss_ticket_insert_done(struct yw_conn *c, const struct yw_ticket *t);
/* Active clerks bound to a hall, by id; *n how many were written (≤ max). */
int yw_qss_hall_clerks(struct yw_conn *c, int64_t hall_id, int64_t *ids, int max, int *n);

#endif
