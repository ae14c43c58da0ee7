/* Shared by the catalogue's domain files (and, for the query words, the knowledge base's). */
#ifndef YW_CATALOGUE_INTERNAL_H
#define YW_CATALOGUE_INTERNAL_H
#include "yw/catalogue.h"
#include "yw/item_store.h"

/* A search query's words (catalogue_search.c), also used by the knowledge
 * base's search (kb*.c) so that both split and escape queries alike: at
 * most YW_ITEM_QUERY_MAX characters and YW_ITEM_QUERY_WORDS words split at
 * white space (U+3000 included), ASCII lower-cased; BAD_QUERY on field "q"
 * otherwise. yw_query_like_pattern: "%word%" with %, _ and \ escaped. */
struct yw_query_words {
	char *w[YW_ITEM_QUERY_WORDS];
	int n;
};
int yw_query_split(const char *q, struct yw_query_words *out, struct yw_error *err);
void yw_query_words_free(struct yw_query_words *w);
char *yw_query_like_pattern(const char *w);

/* Makes sure the organisation entities' SQL exists (scope checks read
 * regions through it) before a catalogue transaction runs. */
void yw_catalogue_ready(void);

/* Remembers names ↔ ids looked up during one import. */
struct yw_ref_cache;
struct yw_ref_cache *yw_ref_cache_new(void);
void yw_ref_cache_free(struct yw_ref_cache *rc);

/* Resolves region, department, halls and step departments to both name and
 * id (REF_NOT_FOUND naming the field when one does not exist, BAD_FORMAT
 * when a name and an id disagree) and fills defaults that depend on them
 * (implementing agency, a step's department). cache may be NULL. */
int yw_item_resolve(struct yw_conn *c, struct yw_item *it, struct yw_ref_cache *cache,
		    struct yw_error *err);

/* May `who` write items of this region and department? */
int yw_item_scope(struct yw_conn *c, const struct yw_actor *who, int64_t region_id,
		  int64_t department_id, struct yw_error *err);

/* Makes version_id (number `version`, already stored with status
 * "published") the item's published version: the one before is superseded
 * and leaves the index, the new one is indexed as the head (or behind the
 * open draft), and h is updated and written. */
int yw_item_make_current(struct yw_conn *c, struct yw_item_head *h, const struct yw_item *it,
			 int64_t version_id, int version, int64_t now);

/* Calls fn with the content of every version q finds (its paging is
 * ignored; status defaults to published), in one read transaction; reset
 * first, and again whenever the transaction starts over. */
int yw_catalogue_found_contents(struct yw_store *s, const struct yw_item_query *q, void (*reset)(void *ctx),
				yw_content_fn fn, void *ctx, struct yw_error *err);

#endif
