/* Store operations on entity records. SQL is generated from each
 * descriptor once (yw_entity_store_init) so statements stay cached. */
#ifndef YW_ENTITY_STORE_H
#define YW_ENTITY_STORE_H
#include "yw/entity.h"
#include "yw/store.h"

void yw_entity_store_init(struct yw_entity *e);

/* YW_OK with *out set, YW_NOTFOUND, or a store status. */
int yw_estore_get(struct yw_conn *c, const struct yw_entity *e, int64_t id, struct yw_rec **out);
/* Sets rec->id, version = 1 and the times. A unique or foreign-key violation
 * comes back as YW_DB_HARD; ask yw_db_err_unique(). */
int yw_estore_insert(struct yw_conn *c, struct yw_rec *rec);
/* Writes every column of rec if the stored version is still `expected`;
 * YW_NOTFOUND when it is not (the caller knows the row exists). */
int yw_estore_update(struct yw_conn *c, struct yw_rec *rec, int64_t expected);
int yw_estore_delete(struct yw_conn *c, const struct yw_entity *e, int64_t id);

struct yw_list_query {
	const char *q;          /* free text, NULL for none */
	struct yw_val *filters; /* one per field; set ones filter by equality */
	struct yw_scope scope;  /* 0 = unbound */
	const char *region_path; /* the scope region's path, if scope.region_id */
	int limit, offset;
};
struct yw_rec_list {
	struct yw_rec **items;
	int n;
	int64_t total;
};
int yw_estore_list(struct yw_conn *c, const struct yw_entity *e, const struct yw_list_query *lq,
		   struct yw_rec_list *out);
void yw_rec_list_free(struct yw_rec_list *l);
/* How many rows of `table` reference id through `column` (for IN_USE). */
int yw_estore_count_refs(struct yw_conn *c, const struct yw_entity *e, const char *column,
			 bool list_column, int64_t id, int64_t *count);

/* Whether another window (id ≠ self) of the hall has this number. */
int yw_estore_window_number_taken(struct yw_conn *c, int64_t hall_id, int64_t number, int64_t self,
				  int64_t *count);

/* The id of the row whose text `column` equals value (unique columns). */
int yw_estore_find(struct yw_conn *c, const struct yw_entity *e, const char *column, const char *value,
		   int64_t *id);

#endif
