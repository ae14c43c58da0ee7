/* The store: one interface, two backends (SQLite embedded, PostgreSQL).
 *
 * SQL is written once with PostgreSQL-style numbered parameters ($1, $2…);
 * the SQLite backend rewrites them to ?1, ?2… when preparing. Statements are
 * prepared once per connection and cached by the address of the SQL text, so
 * pass string literals (or other strings that live as long as the store).
 *
 * Every query returns a four-way result (hard error / retryable / no row /
 * rows); the transaction runner retries the retryable ones. */
#ifndef YW_STORE_H
#define YW_STORE_H

#include "yw/core.h"

enum yw_db_result {
	YW_DB_HARD = -12, /* constraint or programming error, disk full, … */
	YW_DB_RETRY = -11, /* SQLITE_BUSY, SQLSTATE 40001 / 40P01 */
	YW_DB_NONE = 0,   /* ran, returned or changed no row */
	YW_DB_ROWS = 1    /* ran, returned or changed at least one row */
};

enum yw_dialect { YW_DIALECT_SQLITE, YW_DIALECT_PG };

struct yw_store;
struct yw_conn;
struct yw_row;

enum yw_ptype { YW_P_NULL, YW_P_INT, YW_P_TEXT, YW_P_REAL };
struct yw_param {
	enum yw_ptype type;
	int64_t i;
	double r;
	const char *s;
};
#define YW_PINT(v) ((struct yw_param){.type = YW_P_INT, .i = (int64_t)(v)})
#define YW_PREAL(v) ((struct yw_param){.type = YW_P_REAL, .r = (double)(v)})
/* A NULL pointer binds SQL NULL. A function, not a bare "(v) ? …" test, so
 * that passing a char array does not trip -Waddress ("always true"). */
static inline struct yw_param yw_ptext_(const char *s)
{
	return (struct yw_param){.type = s ? YW_P_TEXT : YW_P_NULL, .s = s};
}
#define YW_PTEXT(v) yw_ptext_(v)
#define YW_PNULL ((struct yw_param){.type = YW_P_NULL})

/* Called once per result row; return non-zero to stop early. */
typedef int (*yw_row_fn)(void *ctx, const struct yw_row *row);

/* Open by URL: "sqlite:PATH", "sqlite::memory:", "postgres://…",
 * "postgresql://…" or a libpq conninfo ("host=… dbname=…").
 * Options: "sync=normal" after '?' in a sqlite URL trades power-cut safety of
 * the last commits for speed (see docs/store.md). */
struct yw_store *yw_store_open(const char *url, struct yw_error *err);
void yw_store_close(struct yw_store *s);
enum yw_dialect yw_store_dialect(const struct yw_store *s);
/* Apply pending numbered migrations; returns how many ran or < 0. */
int yw_store_migrate(struct yw_store *s, struct yw_error *err);
/* The highest migration version applied. */
int yw_store_schema_version(struct yw_store *s);
/* Count of hard store errors since start (for /metrics). */
uint64_t yw_store_error_count(const struct yw_store *s);

enum yw_tx_kind { YW_TX_READ, YW_TX_WRITE };
/* The body of a transaction. Return YW_OK to commit; YW_RETRY (or a
 * YW_DB_RETRY result passed up) to roll back and run again; anything else
 * to roll back and hand that status to the caller. */
typedef int (*yw_tx_fn)(struct yw_conn *c, void *ctx);
/* Runs fn inside a transaction (SQLite: BEGIN IMMEDIATE for writes, on the
 * single writer connection; PostgreSQL: a pooled connection). Retries
 * retryable failures with backoff, up to a bounded number of attempts. */
int yw_store_tx(struct yw_store *s, enum yw_tx_kind kind, yw_tx_fn fn, void *ctx);
/* Inside a transaction: runs fn(arg) after it commits, in this process
 * (never when it rolls back or is retried) — for in-process caches that
 * must not see a change before other readers can. At most
 * YW_ON_COMMIT_MAX per transaction; beyond that fn runs at once, which
 * for a cache only costs a miss. */
void yw_conn_on_commit(struct yw_conn *c, void (*fn)(uint64_t arg), uint64_t arg);

/* Inside a transaction. The result is an enum yw_db_result. */
int yw_db_query(struct yw_conn *c, const char *sql, const struct yw_param *params, int nparams,
		yw_row_fn fn, void *ctx);
/* Number of rows the last statement on this connection changed. */
int64_t yw_db_changes(struct yw_conn *c);
/* The message of the last failure on this connection, and whether it was a
 * uniqueness or foreign-key violation (so the domain can say DUPLICATE or
 * REF_NOT_FOUND instead of a generic store error). */
const char *yw_db_errmsg(struct yw_conn *c);
bool yw_db_err_unique(struct yw_conn *c);
bool yw_db_err_foreign_key(struct yw_conn *c);
struct yw_store *yw_conn_store(struct yw_conn *c);

#define YW_NARGS_(...) (int)(sizeof((struct yw_param[]){__VA_ARGS__}) / sizeof(struct yw_param))
/* yw_q(conn, sql, fn, ctx, YW_PINT(1), YW_PTEXT("x")) — at least one param. */
#define yw_q(c, sql, fn, ctx, ...) \
	yw_db_query((c), (sql), (struct yw_param[]){__VA_ARGS__}, YW_NARGS_(__VA_ARGS__), (fn), (ctx))
#define yw_q0(c, sql, fn, ctx) yw_db_query((c), (sql), NULL, 0, (fn), (ctx))

int yw_row_ncols(const struct yw_row *r);
bool yw_row_null(const struct yw_row *r, int col);
int64_t yw_row_int(const struct yw_row *r, int col);
double yw_row_real(const struct yw_row *r, int col);
/* Borrowed: valid only during the row callback. NULL for SQL NULL. */
const char *yw_row_text(const struct yw_row *r, int col);
const char *yw_row_colname(const struct yw_row *r, int col);

/* Handy row callbacks: store the first column of the first row. */
int yw_row_get_int(void *out_int64, const struct yw_row *r);
int yw_row_get_text(void *out_charpp, const struct yw_row *r); /* yw_strdup'd */

/* Cross-instance notifications (PostgreSQL LISTEN on its own connection,
 * in a thread that reconnects when the connection drops); fn is called on
 * that thread with each payload, and with NULL after a reconnection (what
 * was notified meanwhile is lost). SQLite (one process): nothing to do. */
int yw_store_listen(struct yw_store *s, const char *channel, void (*fn)(void *ctx, const char *payload), void *ctx,
		    struct yw_error *err);
void yw_store_unlisten(struct yw_store *s);

#endif
