/* Keeps the hourly rollup (queue_hourly) current as tickets change, in the
 * same transaction: statistics, running mean service times and release
 * advice read it instead of scanning tickets. Each sample is booked to the
 * local hour the ticket was issued in (arrivals and the waits they met),
 * service to the hour it started. */
#include "queue_internal.h"
#include <stdlib.h>

int yw_queue_rollup(struct yw_conn *c, const struct yw_ticket *t, enum yw_qrollup what, int64_t now)
{
	struct yw_qhour_add a = {0};
	int64_t at = t->issued_at ? t->issued_at : now;
	switch (what) {
	case YW_QR_ISSUED:
		a.issued = 1;
		if (t->appointment_id)
			a.appointments = 1;
		else
			a.walkins = 1;
		break;
	case YW_QR_CALLED: {
		/* Only the first call is a wait sample (recalls and transfers are not). */
		if (t->first_called_at != now || t->transfers)
			return YW_OK;
		int64_t wait = now - t->issued_at;
		a.wait_n = 1;
		a.wait_sum_ms = wait;
		a.quote_n = 1;
		int64_t mid = (int64_t)(t->quoted_lo + t->quoted_hi) * 30000; /* minutes/2 → ms */
		a.quote_abs_err_ms = llabs(wait - mid);
		a.quote_in_range = wait >= (int64_t)t->quoted_lo * 60000 && wait <= (int64_t)t->quoted_hi * 60000;
		break;
	}
	case YW_QR_FINISHED: {
		a.served = 1;
		if (t->started_at) {
			int64_t service = now - t->started_at;
			double minutes = (double)service / 60000.0;
			a.service_n = 1;
			a.service_sum_ms = service;
			a.service_sq_sum = minutes * minutes;
			at = t->started_at;
		}
		break;
	}
	case YW_QR_NO_SHOW: a.no_shows = 1; break;
	case YW_QR_CANCELLED: a.cancelled = 1; break;
	}
	char day[11];
	yw_local_day(at, day);
	/* The queue the ticket was issued in keeps its arrivals. */
	return yw_qs_hourly_add(c, t->hall_id, t->issue_queue_id ? t->issue_queue_id : t->queue_id, day,
				yw_local_hour(at), &a);
}
