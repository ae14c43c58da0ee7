/* A direct-mapped cache: a key hashes to one slot, a newer entry replaces
 * the older. Slots are locked in stripes so concurrent readers of
 * different keys do not queue on one mutex. */
#include "api/reply_cache.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { STRIPES = 32, MAX_KEY = 512 };

struct slot {
	char *key, *body;
	size_t len;
	int64_t generation;
};

static struct slot slots[YW_REPLY_CACHE_SLOTS];
static pthread_mutex_t stripes[STRIPES] = {[0 ... STRIPES - 1] = PTHREAD_MUTEX_INITIALIZER};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* YIWANG_REPLY_CACHE=0 turns the cache off (to measure the searches
 * themselves). */
static bool enabled(void)
{
	static int on = -1;
	if (on < 0) {
		const char *v = getenv("YIWANG_REPLY_CACHE");
		on = !(v && !strcmp(v, "0"));
	}
	return on;
}

bool yw_reply_cache_get(const char *key, int64_t generation, struct yw_resp *r)
{
	if (!enabled())
		return false;
	uint64_t h = hash(key);
	struct slot *s = &slots[h % YW_REPLY_CACHE_SLOTS];
	pthread_mutex_t *m = &stripes[h % STRIPES];
	char *copy = NULL;
	size_t len = 0;
	pthread_mutex_lock(m);
	if (s->key && s->generation == generation && !strcmp(s->key, key)) {
		len = s->len;
		copy = yw_malloc(len + 1);
		memcpy(copy, s->body, len + 1);
	}
	pthread_mutex_unlock(m);
	if (!copy)
		return false;
	yw_resp_json_take(r, 200, copy);
	r->len = len;
	return true;
}

void yw_reply_cache_put(const char *key, int64_t generation, const char *body, size_t len)
{
	if (!enabled() || len > YW_REPLY_CACHE_MAX_BODY || strlen(key) > MAX_KEY)
		return;
	uint64_t h = hash(key);
	struct slot *s = &slots[h % YW_REPLY_CACHE_SLOTS];
	char *k = yw_strdup(key), *b = yw_malloc(len + 1);
	memcpy(b, body, len);
	b[len] = 0;
	pthread_mutex_lock(&stripes[h % STRIPES]);
	char *old_key = s->key, *old_body = s->body;
	*s = (struct slot){k, b, len, generation};
	pthread_mutex_unlock(&stripes[h % STRIPES]);
	free(old_key);
	free(old_body);
}
