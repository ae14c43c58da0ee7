/* Store access for the audit chain (SQL lives here, rules in domain/audit.c). */
#ifndef YW_AUDIT_STORE_H
#define YW_AUDIT_STORE_H
#include "yw/audit.h"

/* Locks the chain head for this transaction and reads it. */
int yw_astore_lock_head(struct yw_conn *c, int64_t *last_id, char hash[65]);
int yw_astore_insert(struct yw_conn *c, const struct yw_audit_row *r);
int yw_astore_set_head(struct yw_conn *c, int64_t last_id, const char *hash);
typedef int (*yw_audit_row_fn)(void *ctx, const struct yw_audit_row *r);
/* Every row in id order (for verification). */
int yw_astore_walk(struct yw_conn *c, yw_audit_row_fn fn, void *ctx);
int yw_astore_list(struct yw_conn *c, const struct yw_audit_filter *f, struct yw_audit_list *out);

#endif
