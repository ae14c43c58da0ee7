/* SQL of the demo history (include/yw/queue_stats_store.h). */
#include "yw/queue_stats_store.h"
#include "row_util.h"


int yw_qss_ticket_insert_done(struct yw_conn *c, const struct yw_ticket *t)
{
	/* One statement per ticket instead of insert + update: the history is
	 * written on every `seed demo`, so also at the start of each API test. */
	return ok(yw_q(c,
		       "INSERT INTO tickets (token, hall_id, issue_queue_id, queue_id, day, number, code, item_ids, source, "
		       "klass, appointment_id, status, sort_at, issued_at, window_id, staff_id, called_at, "
		       "first_called_at, started_at, finished_at, quoted_lo, quoted_hi, version, updated_at) VALUES "
		       "($1, $2, $3, $4, $5, $6, $7, '', $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18, $19, "
		       "$20, 3, $18)",
		       NULL, NULL, YW_PTEXT(t->token), YW_PINT(t->hall_id), YW_PINT(t->issue_queue_id),
		       YW_PINT(t->queue_id), YW_PTEXT(t->day), YW_PINT(t->number), YW_PTEXT(t->code), YW_PTEXT(t->source),
		       YW_PINT(t->klass), opt_int(t->appointment_id), YW_PTEXT(t->status), YW_PINT(t->sort_at),
		       YW_PINT(t->issued_at), opt_int(t->window_id), opt_int(t->staff_id), YW_PINT(t->first_called_at),
		       opt_int(t->started_at), YW_PINT(t->finished_at), YW_PINT(t->quoted_lo), YW_PINT(t->quoted_hi)));
}

struct ids {
	int64_t *v;
	int max, n;
};

static int id_row(void *p, const struct yw_row *r)
{
	struct ids *x = p;
	if (x->n < x->max)
		x->v[x->n++] = yw_row_int(r, 0);
	return x->n >= x->max;
}

int yw_qss_hall_clerks(struct yw_conn *c, int64_t hall_id, int64_t *ids, int max, int *n)
{
	struct ids x = {ids, max, 0};
	int st = yw_q(c, "SELECT id FROM staff WHERE hall_id = $1 AND active = 1 AND roles LIKE '%clerk%' ORDER BY id",
		      id_row, &x, YW_PINT(hall_id));
	*n = x.n;
	return ok(st);
}
