/* Structured logs: one JSON object per line on stderr, so a collector can
 * parse them without rules. The message part is caller-formatted JSON
 * members ("\"k\":v,…") or empty. */
#include "yw/core.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum yw_log_level min_level = YW_LOG_INFO;
static atomic_bool buffering;
static char stderr_buffer[1 << 16];

static void *flusher(void *arg)
{
	(void)arg;
	for (;;) {
		usleep(100 * 1000);
		fflush(stderr);
	}
	return NULL;
}

void yw_log_start_buffering(void)
{
	if (atomic_exchange(&buffering, true))
		return;
	setvbuf(stderr, stderr_buffer, _IOFBF, sizeof stderr_buffer);
	pthread_t t;
	if (pthread_create(&t, NULL, flusher, NULL) == 0)
		pthread_detach(t);
}

void yw_log_flush(void) { fflush(stderr); }
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
	/* Only the per-request access lines wait for the flusher. */
	if (atomic_load(&buffering) && strcmp(event, "access"))
		fflush(stderr);
}
