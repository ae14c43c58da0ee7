/* Local time of the halls (Asia/Shanghai: UTC+8 all year, no daylight
 * saving), opening hours, and the wait range shown on a ticket. */
#include "yw/queue.h"
#include "yw/queue_store.h"
#include "yw/audit.h"
#include <stdatomic.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LOCAL_OFFSET_S (8 * 3600)

static struct tm local_tm(int64_t at_ms)
{
	time_t t = (time_t)(at_ms / 1000) + LOCAL_OFFSET_S;
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm;
}

void yw_local_day(int64_t at_ms, char day[11])
{
	struct tm tm = local_tm(at_ms);
	/* Years stay within 4 digits for any time this system sees. */
	unsigned y = (unsigned)(tm.tm_year + 1900) % 10000u, m = (unsigned)(tm.tm_mon + 1) % 100u,
		 d = (unsigned)tm.tm_mday % 100u;
	snprintf(day, 11, "%04u-%02u-%02u", y, m, d);
}

int yw_local_hour(int64_t at_ms) { return local_tm(at_ms).tm_hour; }

int yw_local_minute_of_day(int64_t at_ms)
{
	struct tm tm = local_tm(at_ms);
	return tm.tm_hour * 60 + tm.tm_min;
}

int64_t yw_local_ms(const char *day, int minute_of_day)
{
	int y, m, d;
	if (sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
	return ((int64_t)timegm(&tm) - LOCAL_OFFSET_S) * 1000 + (int64_t)minute_of_day * 60000;
}

bool yw_hours_cover(const char *hours, int minute_of_day)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", hours);
	char *save = NULL;
	for (char *part = strtok_r(buf, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
		int h1, m1, h2, m2;
		if (sscanf(part, "%d:%d-%d:%d", &h1, &m1, &h2, &m2) == 4 && minute_of_day >= h1 * 60 + m1 &&
		    minute_of_day < h2 * 60 + m2)
			return true;
	}
	return false;
}

bool yw_hall_open_at(const struct yw_hall_rules *h, int64_t at_ms)
{
	struct tm tm = local_tm(at_ms);
	int weekday = (tm.tm_wday + 6) % 7; /* Monday 0 */
	return yw_hours_cover(h->hours[weekday], tm.tm_hour * 60 + tm.tm_min);
}

/* With c windows and k people ahead, the next call comes after about k·s/c
 * (everyone ahead served in parallel streams). The optimistic end assumes
 * quick services (−20%), the pessimistic one adds the person being served
 * and +25% (service times vary; docs/queue-stats.md). */
void yw_wait_range(int ahead, int windows, double mean_service_min, int *lo, int *hi)
{
	int c = windows > 0 ? windows : 1;
	double s = mean_service_min > 0 ? mean_service_min : 10;
	double low = ahead * s / c * 0.8;
	double high = (ahead + 1) * s / c * 1.25;
	*lo = (int)floor(low);
	*hi = (int)ceil(high);
	if (*hi <= *lo)
		*hi = *lo + 1;
}

/* ---- housekeeping ---- */

#define EVENT_KEEP_MS (3LL * 86400000)

struct prune {
	int64_t before, deleted;
};

static int prune_tx(struct yw_conn *c, void *p)
{
	struct prune *x = p;
	return yw_qs_prune_events(c, x->before, &x->deleted);
}

int64_t yw_queue_prune_events(struct yw_store *s)
{
	struct prune x = {.before = yw_now_ms() - EVENT_KEEP_MS};
	int st = yw_store_tx(s, YW_TX_WRITE, prune_tx, &x);
	return st ? st : x.deleted;
}

/* ---- day end ---- */

/* The local day last swept by this process, as days since the epoch.
 * Every instance sweeps on its own; the sweep is idempotent. */
static _Atomic int64_t swept_day = -1;

static const struct yw_actor day_end_actor = {.name = "日终清理 / day end", .role = "system"};

struct expire {
	char day[11];
	int64_t now, expired;
};

static int expire_tx(struct yw_conn *c, void *p)
{
	struct expire *x = p;
	int st = yw_qs_expire_before(c, x->day, x->now, &x->expired);
	if (st || !x->expired)
		return st;
	char summary[96];
	snprintf(summary, sizeof summary, "{\"before\":\"%s\",\"expired\":%lld}", x->day, (long long)x->expired);
	return yw_audit_append(c, &day_end_actor, "expire", "ticket", 0, summary);
}

int64_t yw_queue_expire_past_days(struct yw_store *s)
{
	struct expire x = {.now = yw_now_ms()};
	yw_local_day(x.now, x.day);
	int st = yw_store_tx(s, YW_TX_WRITE, expire_tx, &x);
	return st ? st : x.expired;
}

void yw_queue_day_check(struct yw_store *s)
{
	int64_t today = (yw_now_ms() / 1000 + LOCAL_OFFSET_S) / 86400;
	int64_t seen = atomic_load(&swept_day);
	if (seen == today || !atomic_compare_exchange_strong(&swept_day, &seen, today))
		return;
	int64_t n = yw_queue_expire_past_days(s);
	if (n < 0)
		atomic_store(&swept_day, -1); /* try again with the next request */
	else if (n > 0)
		yw_log(YW_LOG_INFO, "tickets_expired", "\"count\":%lld", (long long)n);
}
