/* Serialised replies of catalogue reads, kept for one catalogue generation
 * (catalogue_state.generation moves with every change, in any process), so
 * a repeated search costs a lookup instead of a trigram scan. Bounded:
 * YW_REPLY_CACHE_SLOTS entries of at most YW_REPLY_CACHE_MAX_BODY bytes. */
#ifndef YW_REPLY_CACHE_H
#define YW_REPLY_CACHE_H
#include "yw/http.h"

enum { YW_REPLY_CACHE_SLOTS = 1024, YW_REPLY_CACHE_MAX_BODY = 256 * 1024 };

/* On a hit, fills r (200, JSON) and returns true. */
bool yw_reply_cache_get(const char *key, int64_t generation, struct yw_resp *r);
void yw_reply_cache_put(const char *key, int64_t generation, const char *body, size_t len);

#endif
