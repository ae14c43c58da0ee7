/* The progress replies' cache (case_progress_cache.h). Set-associative by
 * case number: a case hashes to a set of WAYS entries, so the cases being
 * followed at the same time do not push each other out (with one entry per
 * hash, two of them colliding would miss on every lookup); a full set gives
 * up its oldest entry. An entry is exact while the case's change counter in
 * this process has not moved (every change of a case moves it after its
 * commit, domain/case_epoch.c). Changes made by other instances, and the
 * renaming of a department or a hall the reply names, are seen within
 * TTL_MS: the entry's lifetime. YIWANG_REPLY_CACHE=0 turns it off with the
 * other reply caches. */
#include "api/case_progress_cache.h"
#include "yw/case_epoch.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { SETS = 2048, WAYS = 4, STRIPES = 64, MAX_BODY = 64 * 1024, TTL_MS = 5000 };

struct slot {
	char case_no[40], keys[3][5];
	uint64_t epoch;
	int64_t made_ms;
	char *body;
	size_t len;
};
static struct slot slots[SETS][WAYS];
static pthread_mutex_t stripes[STRIPES] = {[0 ... STRIPES - 1] = PTHREAD_MUTEX_INITIALIZER};

static bool enabled(void)
{
	static int on = -1;
	if (on < 0) {
		const char *v = getenv("YIWANG_REPLY_CACHE");
		on = !(v && !strcmp(v, "0"));
	}
	return on;
}

/* Monotonic: the test clock (YIWANG_TEST_CLOCK) must not freeze the TTL. */
static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t set_of(const char *case_no)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)case_no; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (size_t)(h % SETS);
}

/* The last four characters of a value, as the lookup compares them. */
static void tail4(const char *v, char out[5])
{
	size_t n = v ? strlen(v) : 0;
	if (n < 4) {
		out[0] = 0;
		return;
	}
	memcpy(out, v + n - 4, 5);
}

bool yw_progress_cache_get(const char *case_no, const char *key4, struct yw_resp *r)
{
	if (!enabled() || strlen(case_no) >= sizeof slots[0][0].case_no || strlen(key4) != 4)
		return false;
	size_t i = set_of(case_no);
	uint64_t epoch = yw_case_epoch(case_no);
	int64_t now = mono_ms();
	char *copy = NULL;
	size_t len = 0;
	pthread_mutex_lock(&stripes[i % STRIPES]);
	for (int w = 0; w < WAYS; w++) {
		struct slot *s = &slots[i][w];
		if (!s->body || strcmp(s->case_no, case_no))
			continue;
		if (s->epoch == epoch && now - s->made_ms < TTL_MS &&
		    (!strcmp(s->keys[0], key4) || !strcmp(s->keys[1], key4) || !strcmp(s->keys[2], key4))) {
			len = s->len;
			copy = malloc(len + 1);
			if (copy)
				memcpy(copy, s->body, len + 1);
		}
		break;
	}
	pthread_mutex_unlock(&stripes[i % STRIPES]);
	if (!copy)
		return false;
	yw_resp_json_take(r, 200, copy);
	r->len = len;
	return true;
}

void yw_progress_cache_put(const char *case_no, uint64_t epoch, const char *phone, const char *id_number,
			   const char *agent_phone, const char *body, size_t len)
{
	if (!enabled() || len > MAX_BODY || strlen(case_no) >= sizeof slots[0][0].case_no)
		return;
	char *copy = malloc(len + 1);
	if (!copy)
		return;
	memcpy(copy, body, len);
	copy[len] = 0;
	size_t i = set_of(case_no);
	pthread_mutex_lock(&stripes[i % STRIPES]);
	/* The case's own entry, else an empty one, else the oldest. */
	struct slot *s = NULL;
	for (int w = 0; w < WAYS && !s; w++)
		if (slots[i][w].body && !strcmp(slots[i][w].case_no, case_no))
			s = &slots[i][w];
	for (int w = 0; w < WAYS && !s; w++)
		if (!slots[i][w].body)
			s = &slots[i][w];
	if (!s) {
		s = &slots[i][0];
		for (int w = 1; w < WAYS; w++)
			if (slots[i][w].made_ms < s->made_ms)
				s = &slots[i][w];
	}
	char *old = s->body;
	strcpy(s->case_no, case_no);
	tail4(phone, s->keys[0]);
	tail4(id_number, s->keys[1]);
	tail4(agent_phone, s->keys[2]);
	s->epoch = epoch;
	s->made_ms = mono_ms();
	s->body = copy;
	s->len = len;
	pthread_mutex_unlock(&stripes[i % STRIPES]);
	free(old);
}
