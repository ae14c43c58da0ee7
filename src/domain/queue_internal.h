/* Shared by the files of the hall-queue domain only. */
#ifndef YW_QUEUE_INTERNAL_H
#define YW_QUEUE_INTERNAL_H
#include "yw/queue.h"
#include "yw/queue_store.h"

struct yw_wait_est {
	int ahead, ahead_green, ahead_appointment, windows;
	double mean_service_min;
	int wait_lo, wait_hi;
};
/* People ahead of t, the windows serving its queue and the running mean
 * service time of the hour give the range quoted on the ticket. */
int yw_queue_estimate(struct yw_conn *c, const struct yw_hall_rules *hall, const struct yw_queue *q,
		      const struct yw_ticket *t, int64_t now, struct yw_wait_est *out);

/* Store a hall event about a ticket (its queue's waiting count included);
 * extra is JSON members without braces ("\"window_number\":3") or NULL. */
int yw_queue_emit(struct yw_conn *c, struct yw_qevents *ev, const struct yw_ticket *t, const char *type,
		  const char *extra);

/* Keep the hourly rollup current (statistics, estimates, advice). */
enum yw_qrollup { YW_QR_ISSUED, YW_QR_CALLED, YW_QR_FINISHED, YW_QR_NO_SHOW, YW_QR_CANCELLED };
int yw_queue_rollup(struct yw_conn *c, const struct yw_ticket *t, enum yw_qrollup what, int64_t now);

int yw_ticket_status_fill(struct yw_conn *c, struct yw_ticket_status *s);

#endif
