/* The default rating (Guangdong: no rating within 7 natural days records
 * 基本满意 as 未主动评价). A service of day D may be rated through day
 * D + 7 (local, natural days); on D + 8 the sweep records the default for
 * each of its finished tickets, cases and 12345 orders nobody rated (cases
 * and orders from their rows in rating_services). Days are taken one per write
 * transaction, in order, from a stored cursor (the last day dealt with):
 * a few set-based statements each (store/rating_store.c), however many
 * tickets the day had. Run by `yiwang ratings sweep` and at server start. */
#include "yw/audit.h"
#include "yw/rating_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sweep_ctx {
	int64_t now;
	/* per run of the body */
	int64_t recorded;
	bool done;
};

/* The last service day whose rating period is over. */
static void last_closed_day(int64_t now, int default_days, char out[11])
{
	yw_date_format(yw_date_add_days(yw_date_from_epoch_ms_shanghai(now), -(default_days + 1)), out);
}

static int sweep_tx(struct yw_conn *c, void *p)
{
	struct sweep_ctx *x = p;
	x->recorded = 0;
	x->done = true;
	char cursor[11], next[11], last[11];
	int st = yw_rs_state_get(c, "sweep_day", cursor, sizeof cursor);
	if (st && st != YW_NOTFOUND)
		return st;
	int verify_days, default_days;
	struct yw_rating_level_cfg levels[YW_RATING_LEVELS];
	if ((st = yw_rs_settings_for(c, 0, &verify_days, &default_days)) || (st = yw_rs_levels(c, levels)) ||
	    (st = yw_rs_sweep_next_day(c, cursor, next)))
		return st;
	last_closed_day(x->now, default_days, last);
	if (!next[0] || strcmp(next, last) > 0)
		return YW_OK;
	x->done = false;
	if ((st = yw_rs_default_ratings(c, next, levels[2].score, x->now, &x->recorded)))
		return st;
	if (x->recorded) {
		char summary[96];
		snprintf(summary, sizeof summary, "{\"recorded\":%lld,\"day\":\"%s\"}", (long long)x->recorded, next);
		if ((st = yw_audit_append(c, NULL, "default_rate", "rating", 0, summary)))
			return st;
	}
	return yw_rs_state_set(c, "sweep_day", next);
}

int64_t yw_rating_sweep(struct yw_store *s, int max_days)
{
	struct sweep_ctx x = {.now = yw_now_ms()};
	int64_t total = 0;
	int st = YW_OK;
	for (int b = 0; !max_days || b < max_days; b++) {
		if ((st = yw_store_tx(s, YW_TX_WRITE, sweep_tx, &x)))
			break;
		total += x.recorded;
		if (x.done)
			break;
	}
	if (st)
		return st < 0 ? st : YW_STORE_ERR;
	if (total)
		yw_log(YW_LOG_INFO, "ratings_defaulted", "\"recorded\":%lld", (long long)total);
	return total;
}
