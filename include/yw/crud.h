/* Create, read, update, delete and list of entity records, with the rules
 * every entity shares: scope, references, domain hooks, optimistic
 * locking, and an audit row in the same transaction as the change. */
#ifndef YW_CRUD_H
#define YW_CRUD_H
#include "yw/entity_store.h"

struct yw_entity *yw_entity_by_table(const char *table);

/* rec is filled from the request; on success it holds the stored object. */
int yw_crud_create(struct yw_store *s, const struct yw_actor *who, struct yw_rec *rec,
		   struct yw_error *err);
/* patch has only the fields to change; expected_version 0 = no check.
 * *out receives the stored object. */
int yw_crud_update(struct yw_store *s, const struct yw_actor *who, int64_t id,
		   const struct yw_rec *patch, int64_t expected_version, struct yw_rec **out,
		   struct yw_error *err);
int yw_crud_delete(struct yw_store *s, const struct yw_actor *who, const struct yw_entity *e,
		   int64_t id, struct yw_error *err);
int yw_crud_get(struct yw_store *s, const struct yw_actor *who, const struct yw_entity *e,
		int64_t id, struct yw_rec **out, struct yw_error *err);
/* Lists what the actor's scope allows. lq->scope is overwritten. */
int yw_crud_list(struct yw_store *s, const struct yw_actor *who, const struct yw_entity *e,
		 struct yw_list_query *lq, struct yw_rec_list *out, struct yw_error *err);

/* Reads one field holding personal data unmasked, for a role that needs it;
 * the read itself is audited ("reveal"). *value is newly allocated. */
int yw_crud_reveal(struct yw_store *s, const struct yw_actor *who, const struct yw_entity *e,
		   int64_t id, const char *field, char **value, struct yw_error *err);

/* The id of the object whose unique text column equals value. */
int yw_crud_find_id(struct yw_store *s, const struct yw_entity *e, const char *column,
		    const char *value, int64_t *id);

#endif
