/* SQLite backend: WAL, one writer connection behind a mutex (BEGIN
 * IMMEDIATE), one read connection per worker thread, statements prepared
 * once per connection. Measured on this hardware (DESIGN.md): a writer per
 * thread gives "database is locked" tails, a shared reader loses ~40%. */
#include "store/backend.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct stmt_slot {
	const char *key; /* the caller's SQL pointer */
	sqlite3_stmt *stmt;
};

struct sq_conn {
	struct yw_conn base;
	sqlite3 *db;
	struct stmt_slot *slots;
	size_t nslots, used;
	int64_t changes;
	int last_rc; /* extended result code of the last failure */
	struct sq_conn *next_all;
	/* The writer only: this transaction is a member of a group commit. */
	bool in_batch, member_done;
	uint64_t member_gen;
};

struct sq_row {
	struct yw_row base;
	sqlite3_stmt *stmt;
};

struct sq_store {
	char *path;
	bool memory;
	bool sync_normal;
	struct sq_conn *writer;
	pthread_mutex_t write_lock;
	pthread_key_t reader_key;
	pthread_mutex_t all_lock;
	struct sq_conn *all; /* every reader, to close them at the end */
	struct yw_store *owner;
	/* Group commit (see finish_member): one BEGIN IMMEDIATE … COMMIT holds
	 * the transactions of every writer that queued meanwhile, each in its own
	 * savepoint, so they share one fsync. */
	atomic_int write_waiters;
	pthread_cond_t batch_done;
	bool batch_open;
	int batch_members;
	uint64_t batch_gen, committed_gen;
	int gen_result[64]; /* the COMMIT result of recent generations */
};

/* More members per commit saves fsyncs but delays the first one's reply. */
enum { BATCH_MAX = 32 };

static int map_rc(struct sq_conn *c, int rc)
{
	c->last_rc = sqlite3_extended_errcode(c->db);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || (rc & 0xff) == SQLITE_BUSY ||
	    (rc & 0xff) == SQLITE_LOCKED)
		return YW_DB_RETRY;
	return YW_DB_HARD;
}

static struct sq_conn *conn_open(struct sq_store *st, struct yw_error *err)
{
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(st->path, &db, flags, NULL) != SQLITE_OK) {
		yw_error_set(err, YW_E_STORE, "store", "cannot open %s: %s", st->path,
			     db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	char pragmas[256];
	snprintf(pragmas, sizeof pragmas,
		 "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; PRAGMA foreign_keys=ON;"
		 "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;",
		 st->sync_normal ? "NORMAL" : "FULL");
	char *msg = NULL;
	if (sqlite3_exec(db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		yw_error_set(err, YW_E_STORE, "store", "cannot configure %s: %s", st->path, msg);
		sqlite3_free(msg);
		sqlite3_close(db);
		return NULL;
	}
	struct sq_conn *c = yw_calloc(1, sizeof *c);
	c->base.ops = &yw_backend_sqlite;
	c->base.store = st->owner;
	c->db = db;
	c->nslots = 64;
	c->slots = yw_calloc(c->nslots, sizeof *c->slots);
	return c;
}

static void conn_close(struct sq_conn *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nslots; i++)
		if (c->slots[i].stmt)
			sqlite3_finalize(c->slots[i].stmt);
	free(c->slots);
	sqlite3_close(c->db);
	free(c);
}

static pthread_once_t config_once = PTHREAD_ONCE_INIT;

/* Must run before SQLite initialises. Memory statistics take one
 * process-wide mutex on every allocation: ~40% of the futex calls of an
 * authenticated GET were that lock (bench/, docs/performance.md). */
static void configure_sqlite(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

static void *sq_open(const char *url, struct yw_error *err)
{
	pthread_once(&config_once, configure_sqlite);
	struct sq_store *st = yw_calloc(1, sizeof *st);
	const char *q = strchr(url, '?');
	st->path = q ? yw_strndup(url, (size_t)(q - url)) : yw_strdup(url);
	st->sync_normal = q && strstr(q, "sync=normal");
	st->memory = !strcmp(st->path, ":memory:");
	pthread_mutex_init(&st->write_lock, NULL);
	pthread_cond_init(&st->batch_done, NULL);
	pthread_mutex_init(&st->all_lock, NULL);
	pthread_key_create(&st->reader_key, NULL);
	st->writer = conn_open(st, err);
	if (!st->writer) {
		free(st->path);
		free(st);
		return NULL;
	}
	return st;
}

static void sq_close(void *impl)
{
	struct sq_store *st = impl;
	for (struct sq_conn *c = st->all, *next; c; c = next) {
		next = c->next_all;
		conn_close(c);
	}
	conn_close(st->writer);
	pthread_key_delete(st->reader_key);
	pthread_mutex_destroy(&st->write_lock);
	pthread_mutex_destroy(&st->all_lock);
	free(st->path);
	free(st);
}

static struct yw_conn *sq_acquire(void *impl, enum yw_tx_kind kind)
{
	struct sq_store *st = impl;
	/* An in-memory database exists once per connection: use the writer. */
	if (kind == YW_TX_WRITE || st->memory) {
		/* Counted before waiting: a writer that finishes while others queue
		 * leaves the commit to the last of them (group commit). */
		if (kind == YW_TX_WRITE)
			atomic_fetch_add(&st->write_waiters, 1);
		pthread_mutex_lock(&st->write_lock);
		if (kind == YW_TX_WRITE)
			atomic_fetch_sub(&st->write_waiters, 1);
		return &st->writer->base;
	}
	struct sq_conn *c = pthread_getspecific(st->reader_key);
	if (!c) {
		struct yw_error err = {0};
		c = conn_open(st, &err);
		if (!c) {
			yw_log(YW_LOG_ERROR, "store_open_reader", "\"detail\":\"%s\"", err.detail);
			return NULL;
		}
		pthread_setspecific(st->reader_key, c);
		pthread_mutex_lock(&st->all_lock);
		c->next_all = st->all;
		st->all = c;
		pthread_mutex_unlock(&st->all_lock);
	}
	return &c->base;
}

static void sq_release(void *impl, struct yw_conn *c)
{
	struct sq_store *st = impl;
	if (c == &st->writer->base)
		pthread_mutex_unlock(&st->write_lock);
}

static int sq_exec_script(struct yw_conn *bc, const char *sql)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? YW_DB_NONE : map_rc(c, rc);
}

/* Transaction control through the statement cache: sqlite3_exec would parse
 * these again on every request (measured: 4 parses per authenticated GET). */
static const char SQL_BEGIN_WRITE[] = "BEGIN IMMEDIATE";
static const char SQL_BEGIN_READ[] = "BEGIN";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";

static int sq_query(struct yw_conn *bc, const char *sql, const struct yw_param *p, int n,
		    yw_row_fn fn, void *ctx);

static const char SQL_SAVEPOINT[] = "SAVEPOINT member";
static const char SQL_RELEASE[] = "RELEASE member";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO member";

static struct sq_store *store_of(struct yw_conn *c) { return c->store->impl; }

static int exec_cached(struct yw_conn *c, const char *sql)
{
	int r = sq_query(c, sql, NULL, 0, NULL, NULL);
	return r < 0 ? r : YW_DB_NONE;
}

/* End of the batch: COMMIT (or ROLLBACK when SQLite already lost it) and
 * wake every member waiting for its outcome. Called with write_lock held. */
static int end_batch(struct sq_conn *c, struct sq_store *st, bool lost)
{
	int r = lost ? YW_DB_HARD : exec_cached(&c->base, SQL_COMMIT);
	if (r < 0 && !sqlite3_get_autocommit(c->db))
		exec_cached(&c->base, SQL_ROLLBACK);
	st->batch_open = false;
	st->gen_result[c->member_gen % 64] = r < 0 ? YW_DB_HARD : YW_DB_NONE;
	st->committed_gen = c->member_gen;
	pthread_cond_broadcast(&st->batch_done);
	return r < 0 ? YW_DB_HARD : YW_DB_NONE;
}

/* A member's savepoint is released (or rolled back). If more writers are
 * queued, leave the commit to them and wait for it — the reply goes out only
 * after the COMMIT that made this change durable. The last one commits. */
static int finish_member(struct sq_conn *c, bool succeeded)
{
	struct sq_store *st = store_of(&c->base);
	c->member_done = true;
	st->batch_members++;
	if (atomic_load(&st->write_waiters) > 0 && st->batch_members < BATCH_MAX) {
		if (!succeeded)
			return YW_DB_NONE; /* nothing of ours to wait for */
		while (st->committed_gen < c->member_gen)
			pthread_cond_wait(&st->batch_done, &st->write_lock);
		return st->gen_result[c->member_gen % 64];
	}
	return end_batch(c, st, false);
}

static int sq_begin(struct yw_conn *bc, enum yw_tx_kind kind)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	struct sq_store *st = store_of(bc);
	if (kind != YW_TX_WRITE || st->memory) {
		c->in_batch = false;
		return exec_cached(bc, kind == YW_TX_WRITE ? SQL_BEGIN_WRITE : SQL_BEGIN_READ);
	}
	if (!st->batch_open) {
		int r = exec_cached(bc, SQL_BEGIN_WRITE);
		if (r < 0)
			return r;
		st->batch_open = true;
		st->batch_members = 0;
		st->batch_gen++;
	}
	/* A member from here on, so a failure below can only undo this member,
	 * never the batch the others are waiting on. */
	c->in_batch = true;
	c->member_done = false;
	c->member_gen = st->batch_gen;
	int r = exec_cached(bc, SQL_SAVEPOINT);
	if (r < 0) {
		finish_member(c, false);
		return r;
	}
	return YW_DB_NONE;
}

static int sq_commit(struct yw_conn *bc)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	if (!c->in_batch)
		return exec_cached(bc, SQL_COMMIT);
	int r = exec_cached(bc, SQL_RELEASE);
	if (r < 0) {
		/* Undo this member only; the runner's rollback call then finishes it. */
		if (!sqlite3_get_autocommit(c->db))
			exec_cached(bc, SQL_ROLLBACK_TO);
		return YW_DB_HARD;
	}
	return finish_member(c, true);
}
static int sq_rollback(struct yw_conn *bc)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	struct sq_store *st = store_of(bc);
	if (c->in_batch) {
		if (c->member_done)
			return YW_DB_NONE; /* the batch already settled this member */
		if (sqlite3_get_autocommit(c->db)) {
			/* SQLite rolled the whole transaction back (e.g. SQLITE_FULL):
			 * every member of this batch is lost and must hear so. */
			c->member_done = true;
			return st->batch_open ? end_batch(c, st, true) : YW_DB_NONE;
		}
		exec_cached(bc, SQL_ROLLBACK_TO);
		exec_cached(bc, SQL_RELEASE);
		finish_member(c, false);
		return YW_DB_NONE;
	}
	if (sqlite3_get_autocommit(c->db))
		return YW_DB_NONE; /* SQLite already rolled back (e.g. after SQLITE_FULL) */
	return exec_cached(bc, SQL_ROLLBACK);
}

/* "$1" → "?1": SQLite binds "$N" by order of first appearance, not number. */
static char *rewrite_params(const char *sql)
{
	char *out = yw_strdup(sql);
	bool in_str = false;
	for (char *p = out; *p; p++) {
		if (*p == '\'')
			in_str = !in_str;
		else if (!in_str && *p == '$' && p[1] >= '0' && p[1] <= '9')
			*p = '?';
	}
	return out;
}

static struct stmt_slot *slot_for(struct sq_conn *c, const char *key)
{
	size_t mask = c->nslots - 1;
	size_t i = ((uintptr_t)key >> 3) * 2654435761u & mask;
	while (c->slots[i].key && c->slots[i].key != key)
		i = (i + 1) & mask;
	return &c->slots[i];
}

static void grow_slots(struct sq_conn *c)
{
	struct stmt_slot *old = c->slots;
	size_t n = c->nslots;
	c->nslots *= 2;
	c->slots = yw_calloc(c->nslots, sizeof *c->slots);
	for (size_t i = 0; i < n; i++)
		if (old[i].key)
			*slot_for(c, old[i].key) = old[i];
	free(old);
}

static sqlite3_stmt *prepare(struct sq_conn *c, const char *sql, int *rc_out)
{
	struct stmt_slot *s = slot_for(c, sql);
	if (s->key) {
		sqlite3_reset(s->stmt);
		sqlite3_clear_bindings(s->stmt);
		return s->stmt;
	}
	char *text = rewrite_params(sql);
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v3(c->db, text, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	free(text);
	if (rc != SQLITE_OK) {
		*rc_out = rc;
		return NULL;
	}
	if ((c->used + 1) * 2 > c->nslots) {
		grow_slots(c);
		s = slot_for(c, sql);
	}
	s->key = sql;
	s->stmt = stmt;
	c->used++;
	return stmt;
}

static int sq_query(struct yw_conn *bc, const char *sql, const struct yw_param *p, int n,
		    yw_row_fn fn, void *ctx)
{
	struct sq_conn *c = (struct sq_conn *)bc;
	int rc = SQLITE_ERROR;
	sqlite3_stmt *stmt = prepare(c, sql, &rc);
	if (!stmt)
		return map_rc(c, rc);
	for (int i = 0; i < n; i++) {
		switch (p[i].type) {
		case YW_P_NULL: sqlite3_bind_null(stmt, i + 1); break;
		case YW_P_INT: sqlite3_bind_int64(stmt, i + 1, p[i].i); break;
		case YW_P_REAL: sqlite3_bind_double(stmt, i + 1, p[i].r); break;
		case YW_P_TEXT: sqlite3_bind_text(stmt, i + 1, p[i].s, -1, SQLITE_STATIC); break;
		}
	}
	struct sq_row row = {.base.ops = &yw_backend_sqlite, .stmt = stmt};
	bool any = false, stopped = false;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		any = true;
		if (fn && !stopped && fn(ctx, &row.base))
			stopped = true; /* keep stepping: DML with RETURNING must finish */
		if (stopped && sqlite3_stmt_readonly(stmt))
			break;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		int r = map_rc(c, rc);
		sqlite3_reset(stmt);
		return r;
	}
	c->changes = sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes64(c->db);
	sqlite3_reset(stmt);
	return (any || c->changes > 0) ? YW_DB_ROWS : YW_DB_NONE;
}

static int64_t sq_changes(struct yw_conn *c) { return ((struct sq_conn *)c)->changes; }
static const char *sq_errmsg(struct yw_conn *c) { return sqlite3_errmsg(((struct sq_conn *)c)->db); }
static bool sq_err_unique(struct yw_conn *bc)
{
	int rc = ((struct sq_conn *)bc)->last_rc;
	return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY;
}
static bool sq_err_fk(struct yw_conn *bc)
{
	return ((struct sq_conn *)bc)->last_rc == SQLITE_CONSTRAINT_FOREIGNKEY;
}

#define STMT(r) (((const struct sq_row *)(r))->stmt)
static int sq_row_ncols(const struct yw_row *r) { return sqlite3_column_count(STMT(r)); }
static bool sq_row_null(const struct yw_row *r, int col)
{
	return sqlite3_column_type(STMT(r), col) == SQLITE_NULL;
}
static int64_t sq_row_int(const struct yw_row *r, int col) { return sqlite3_column_int64(STMT(r), col); }
static double sq_row_real(const struct yw_row *r, int col) { return sqlite3_column_double(STMT(r), col); }
static const char *sq_row_text(const struct yw_row *r, int col)
{
	return (const char *)sqlite3_column_text(STMT(r), col);
}
static const char *sq_row_colname(const struct yw_row *r, int col)
{
	return sqlite3_column_name(STMT(r), col);
}

static void sq_attach(void *impl, struct yw_store *s)
{
	struct sq_store *st = impl;
	st->owner = s;
	st->writer->base.store = s;
}

const struct yw_backend_ops yw_backend_sqlite = {
	.name = "sqlite",
	.dialect = YW_DIALECT_SQLITE,
	.open = sq_open,
	.close = sq_close,
	.attach = sq_attach,
	.acquire = sq_acquire,
	.release = sq_release,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.query = sq_query,
	.exec_script = sq_exec_script,
	.changes = sq_changes,
	.errmsg = sq_errmsg,
	.err_unique = sq_err_unique,
	.err_fk = sq_err_fk,
	.row_ncols = sq_row_ncols,
	.row_null = sq_row_null,
	.row_int = sq_row_int,
	.row_real = sq_row_real,
	.row_text = sq_row_text,
	.row_colname = sq_row_colname,
};
