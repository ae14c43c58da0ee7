/* What each store backend implements; store.c holds what they share
 * (URL dispatch, the transaction runner, migrations). */
#ifndef YW_STORE_BACKEND_H
#define YW_STORE_BACKEND_H
#include "yw/store.h"
#include <stdatomic.h>

struct yw_backend_ops {
	const char *name;
	enum yw_dialect dialect;
	/* Open; url is what follows the scheme for sqlite, the whole URL for pg. */
	void *(*open)(const char *url, struct yw_error *err);
	void (*close)(void *impl);
	/* Tell the backend which generic store owns it (connections point back). */
	void (*attach)(void *impl, struct yw_store *s);
	/* Take a connection for a transaction of this kind; blocks if needed. */
	struct yw_conn *(*acquire)(void *impl, enum yw_tx_kind kind);
	void (*release)(void *impl, struct yw_conn *c);
	/* begin/commit/rollback return an enum yw_db_result. */
	int (*begin)(struct yw_conn *c, enum yw_tx_kind kind);
	int (*commit)(struct yw_conn *c);
	int (*rollback)(struct yw_conn *c);
	int (*query)(struct yw_conn *c, const char *sql, const struct yw_param *p, int n, yw_row_fn fn,
		     void *ctx);
	/* Run a whole script (migrations), outside the statement cache. */
	int (*exec_script)(struct yw_conn *c, const char *sql);
	int64_t (*changes)(struct yw_conn *c);
	const char *(*errmsg)(struct yw_conn *c);
	bool (*err_unique)(struct yw_conn *c);
	bool (*err_fk)(struct yw_conn *c);
	/* Row accessors for this backend's row type. */
	int (*row_ncols)(const struct yw_row *r);
	bool (*row_null)(const struct yw_row *r, int col);
	int64_t (*row_int)(const struct yw_row *r, int col);
	double (*row_real)(const struct yw_row *r, int col);
	const char *(*row_text)(const struct yw_row *r, int col);
	const char *(*row_colname)(const struct yw_row *r, int col);
};

/* Every backend connection struct starts with this header. */
/* Work to run once the transaction on a connection has committed
 * (yw_conn_on_commit): a few per transaction. */
enum { YW_ON_COMMIT_MAX = 8 };
struct yw_conn {
	const struct yw_backend_ops *ops;
	struct yw_store *store;
	struct {
		void (*fn)(uint64_t arg);
		uint64_t arg;
	} on_commit[YW_ON_COMMIT_MAX];
	int non_commit;
};
/* Every backend row struct starts with this header. */
struct yw_row {
	const struct yw_backend_ops *ops;
};

struct yw_store {
	const struct yw_backend_ops *ops;
	void *impl;
	atomic_uint_fast64_t errors;
};

extern const struct yw_backend_ops yw_backend_sqlite;
extern const struct yw_backend_ops yw_backend_pg;

#endif
