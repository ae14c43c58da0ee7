/* Structured logs: one JSON object per line on stderr, so a collector can
 * parse them without rules. The message part is caller-formatted JSON
 * members ("\"k\":v,…") or empty. */
#include "yw/core.h"
#include <stdio.h>
#include <time.h>

static enum yw_log_level min_level = YW_LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void yw_log_set_level(enum yw_log_level lvl) { min_level = lvl; }

void yw_log(enum yw_log_level lvl, const char *event, const char *fmt, ...)
{
	if (lvl < min_level)
		return;
	char members[2048] = "";
	if (fmt && *fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(members, sizeof members, fmt, ap);
		va_end(ap);
	}
	int64_t ms = yw_now_ms();
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	char ts[32];
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
	/* One fprintf so concurrent lines do not interleave. */
	fprintf(stderr, "{\"ts\":\"%s.%03dZ\",\"level\":\"%s\",\"event\":\"%s\"%s%s}\n", ts,
		(int)(ms % 1000), level_names[lvl], event, *members ? "," : "", members);
}
