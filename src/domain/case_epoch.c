/* Change counters of cases, striped by case number (include/yw/case_epoch.h).
 * A counter moves after the commit, never before: a reader that read it,
 * then the case, then stored its reply under what it read, can only have
 * stored a reply older than the counter — one miss, never a stale hit. */
#include "yw/case_epoch.h"
#include <stdatomic.h>

enum { STRIPES = 4096 };
static _Atomic uint64_t epochs[STRIPES];

static uint64_t stripe(const char *case_no)
{
	/* FNV-1a: case numbers differ in their last digits. */
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)case_no; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return h % STRIPES;
}

uint64_t yw_case_epoch(const char *case_no)
{
	return atomic_load_explicit(&epochs[stripe(case_no)], memory_order_acquire);
}

static void bump(uint64_t i)
{
	atomic_fetch_add_explicit(&epochs[i], 1, memory_order_release);
}

void yw_case_epoch_touch(struct yw_conn *c, const char *case_no)
{
	yw_conn_on_commit(c, bump, stripe(case_no));
}
