/* The audit log: every change appended in the same transaction as the
 * change, each row hashed together with the previous row's hash. */
#ifndef YW_AUDIT_H
#define YW_AUDIT_H
#include "yw/entity.h"
#include "yw/store.h"

struct yw_audit_row {
	int64_t id, at, actor_id, entity_id;
	char *actor_name, *role, *action, *entity, *summary, *request_id, *client_ip;
	char *prev_hash, *hash;
};
void yw_audit_row_clear(struct yw_audit_row *r);

/* Append inside the caller's write transaction. summary is JSON text. */
int yw_audit_append(struct yw_conn *c, const struct yw_actor *who, const char *action,
		    const char *entity, int64_t entity_id, const char *summary);
/* A JSON summary of a change: created/deleted values or changed fields as
 * [before, after]; personal data masked, write-only fields left out. */
char *yw_audit_summary(const struct yw_rec *before, const struct yw_rec *after);

struct yw_audit_filter {
	const char *entity, *action;
	int64_t entity_id, actor_id, from, to;
	int limit, offset;
};
struct yw_audit_list {
	struct yw_audit_row *rows;
	int n;
	int64_t total;
};
int yw_audit_list(struct yw_store *s, const struct yw_audit_filter *f, struct yw_audit_list *out);
void yw_audit_list_free(struct yw_audit_list *l);

/* Walks the whole chain. Returns YW_OK when intact; otherwise YW_FAIL with
 * err->detail naming the first broken row. *checked counts rows read. */
int yw_audit_verify(struct yw_store *s, int64_t *checked, struct yw_error *err);

#endif
