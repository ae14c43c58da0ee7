/* The live status of a ticket, cached per hall event generation.
 *
 * A ticket page is read far more often than its hall changes: every change
 * to a ticket, a window or a queue is a hall event, which moves the hall's
 * generation (qevent.c), so a status read at generation g stays right while
 * the generation is still g. The estimate also moves with the clock (an
 * appointment falling due, the hour's mean service time), hence a short
 * time-to-live on top. */
#include "yw/qevent.h"
#include "yw/queue.h"
#include <pthread.h>
#include <string.h>

enum { SLOTS = 4096, TTL_MS = 5000 };

struct slot {
	pthread_mutex_t mu;
	bool used;
	int64_t gen, filled_at;
	struct yw_ticket_status s;
};

static struct slot slots[SLOTS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	for (int i = 0; i < SLOTS; i++)
		pthread_mutex_init(&slots[i].mu, NULL);
}

static struct slot *slot_of(const char *token)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)token; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return &slots[h % SLOTS];
}

int yw_ticket_status_cached(struct yw_store *s, const char *token, struct yw_ticket_status *out)
{
	pthread_once(&once, init);
	struct slot *sl = slot_of(token);
	int64_t now = yw_now_ms();
	pthread_mutex_lock(&sl->mu);
	bool hit = sl->used && !strcmp(sl->s.t.token, token) && now - sl->filled_at < TTL_MS &&
		   sl->gen == yw_hall_generation(sl->s.t.hall_id);
	if (hit)
		*out = sl->s;
	pthread_mutex_unlock(&sl->mu);
	if (hit)
		return YW_OK;
	/* Which hall the token belongs to is only known after the read: if no
	 * event arrived anywhere meanwhile, the hall's generation now is the
	 * one the read saw; otherwise the result is not kept. */
	int64_t all = yw_halls_generation();
	int st = yw_ticket_status_by_token(s, token, out);
	if (st)
		return st;
	int64_t gen = yw_hall_generation(out->t.hall_id);
	if (yw_halls_generation() != all)
		return YW_OK;
	pthread_mutex_lock(&sl->mu);
	sl->used = true;
	sl->gen = gen;
	sl->filled_at = now;
	sl->s = *out;
	pthread_mutex_unlock(&sl->mu);
	return YW_OK;
}
