/* Shared by the catalogue's domain files only. */
#ifndef YW_CATALOGUE_INTERNAL_H
#define YW_CATALOGUE_INTERNAL_H
#include "yw/catalogue.h"
#include "yw/item_store.h"

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
