/* SQL of the catalogue (domain rules are in domain/catalogue*.c). All inside
 * the caller's transaction; results as enum yw_status (YW_NOTFOUND for no
 * row) or a store status. */
#ifndef YW_ITEM_STORE_H
#define YW_ITEM_STORE_H
#include "yw/catalogue.h"

/* ---- references ---- */
int yw_istore_region_by_code(struct yw_conn *c, const char *code, int64_t *id);
int yw_istore_region(struct yw_conn *c, int64_t id, char **code, char **path);
int yw_istore_department_by_name(struct yw_conn *c, const char *name, int64_t *id);
int yw_istore_department_name(struct yw_conn *c, int64_t id, char **name);
int yw_istore_hall_by_name(struct yw_conn *c, const char *name, int64_t *id);
int yw_istore_hall_name(struct yw_conn *c, int64_t id, char **name);

/* ---- items and versions ---- */
int yw_istore_head(struct yw_conn *c, int64_t id, struct yw_item_head *out);
int yw_istore_head_by_code(struct yw_conn *c, int64_t region_id, const char *code,
			   struct yw_item_head *out);
/* Every item's head, in no order (an import looks codes up among them
 * instead of asking once per row). */
struct yw_item_heads {
	struct yw_item_head *rows;
	int n;
};
int yw_istore_heads(struct yw_conn *c, struct yw_item_heads *out);
/* revision + 1 if it is still `seen`; YW_NOTFOUND when someone else moved it. */
int yw_istore_bump(struct yw_conn *c, int64_t id, int64_t seen, int64_t now);
/* Inserts with revision 1; sets h->id. A clash on (region, code) is a
 * YW_DB_HARD with yw_db_err_unique(). */
int yw_istore_insert_item(struct yw_conn *c, struct yw_item_head *h);
/* New items of an import, each with its version 1 published, its halls,
 * themes and search row, written in batches (store/item_bulk.c). head has
 * code, region, department; sets head->id and version_id. A code taken
 * meanwhile is YW_DB_HARD with yw_db_err_unique(). */
struct yw_new_item {
	struct yw_item_head *head;
	const struct yw_item *it;
	const char *content;
	int64_t version_id;
};
int yw_istore_insert_new_items(struct yw_conn *c, struct yw_new_item *items, int n, const char *source,
			       const struct yw_actor *who, int64_t now);
/* Writes department, status and the version pointers of h. */
int yw_istore_update_item(struct yw_conn *c, const struct yw_item_head *h);

struct yw_version_write {
	int64_t item_id;
	int version;
	const char *status, *content, *source;
	const struct yw_item *it;
	const struct yw_actor *who;
	int64_t now, published_at;
};
int yw_istore_insert_version(struct yw_conn *c, const struct yw_version_write *w, int64_t *version_id);
/* Content and scalars of a draft (the row must still be a draft). */
int yw_istore_update_draft(struct yw_conn *c, int64_t version_id, const struct yw_version_write *w);
int yw_istore_version_status(struct yw_conn *c, int64_t version_id, const char *status,
			     int64_t published_at, int64_t ended_at, int64_t now);
/* Halls and themes of a version (replaced; fresh: the version is new and
 * has none yet). */
int yw_istore_version_links(struct yw_conn *c, int64_t version_id, const struct yw_item *it, bool fresh);
/* version: a number or YW_ITEM_V_*. YW_NOTFOUND when there is no such row. */
int yw_istore_get(struct yw_conn *c, int64_t item_id, int version, struct yw_item_view *out);
/* The id and status of one version (cheaper than yw_istore_get). */
int yw_istore_version_ref(struct yw_conn *c, int64_t item_id, int version, int64_t *version_id,
			  char status[12]);
int yw_istore_versions(struct yw_conn *c, int64_t item_id, struct yw_item_versions *out);
/* The current records of the halls a version lists (out->halls, by id). */
int yw_istore_version_halls(struct yw_conn *c, int64_t version_id, struct yw_item_view *out);

/* ---- the search index ---- */
struct yw_index_write {
	int64_t version_id, item_id;
	int version;
	const char *status;
	const struct yw_item *it;
};
int yw_istore_index(struct yw_conn *c, const struct yw_index_write *w);
int yw_istore_unindex(struct yw_conn *c, int64_t version_id);
int yw_istore_index_status(struct yw_conn *c, int64_t version_id, const char *status);
/* head = 1 for version_id, 0 for the item's other rows. */
int yw_istore_index_head(struct yw_conn *c, int64_t item_id, int64_t version_id);
int yw_istore_bump_generation(struct yw_conn *c);
int yw_istore_generation(struct yw_conn *c, int64_t *gen);

/* A search: its words (lower-cased) and their escaped %word% patterns come
 * from the domain; the store decides which index finds each word. */
struct yw_istore_query {
	const char *words[YW_ITEM_QUERY_WORDS], *like[YW_ITEM_QUERY_WORDS];
	int nwords; /* name matches of the first word are listed first */
	const char *status, *type, *theme, *service_object; /* service_object: %,x,% */
	int64_t head, department_id, region_id, hall_id, online_depth; /* 0: any */
	int limit, offset;
};
int yw_istore_search(struct yw_conn *c, const struct yw_istore_query *q, struct yw_item_page *out);
int yw_istore_themes(struct yw_conn *c, struct yw_theme_list *out);
int yw_istore_departments(struct yw_conn *c, struct yw_department_list *out);
/* The content of every version a search finds (paging ignored), by region
 * and code. */
typedef int (*yw_content_fn)(void *ctx, const char *content);
int yw_istore_search_contents(struct yw_conn *c, const struct yw_istore_query *q, yw_content_fn fn,
			      void *ctx);
/* by: 'd' department, 'r' region; region_path NULL for every region. */
int yw_istore_kpis(struct yw_conn *c, char by, const char *region_path, int64_t department_id,
		   struct yw_kpi_counts **rows, int *n);
/* The content of every published version, by region and code. */
int yw_istore_published(struct yw_conn *c, yw_content_fn fn, void *ctx);

#endif
