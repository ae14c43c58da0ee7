/* What both backends share: choosing one by URL, the transaction runner
 * with its retry loop, migrations, and the row accessors' dispatch. */
#include "store/backend.h"
#include "store/migrations.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { TX_MAX_ATTEMPTS = 30 };

struct yw_store *yw_store_open(const char *url, struct yw_error *err)
{
	const struct yw_backend_ops *ops;
	const char *arg = url;
	if (!url || !*url) {
		yw_error_set(err, YW_E_BAD_FORMAT, "store", "empty store URL");
		return NULL;
	}
	if (!strncmp(url, "sqlite:", 7)) {
		ops = &yw_backend_sqlite;
		arg = url + 7;
	} else if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13) ||
		   strchr(url, '=')) {
		ops = &yw_backend_pg;
	} else {
		yw_error_set(err, YW_E_BAD_FORMAT, "store",
			     "unknown store URL (use sqlite:PATH, postgres://… or a libpq conninfo)");
		return NULL;
	}
	void *impl = ops->open(arg, err);
	if (!impl)
		return NULL;
	struct yw_store *s = yw_calloc(1, sizeof *s);
	s->ops = ops;
	s->impl = impl;
	ops->attach(impl, s);
	return s;
}

void yw_store_close(struct yw_store *s)
{
	if (!s)
		return;
	s->ops->close(s->impl);
	free(s);
}

enum yw_dialect yw_store_dialect(const struct yw_store *s) { return s->ops->dialect; }
uint64_t yw_store_error_count(const struct yw_store *s) { return atomic_load(&s->errors); }
struct yw_store *yw_conn_store(struct yw_conn *c) { return c->store; }

static void backoff(int attempt)
{
	/* Randomised, growing pause so retrying writers do not collide again. */
	long us = (long)(200 << (attempt < 6 ? attempt : 6)) + (long)(random() % 500);
	struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};
	nanosleep(&ts, NULL);
}

static void log_db_error(const char *event, const char *key, const char *value, const char *msg);

static bool is_retry(int r) { return r == YW_RETRY || r == YW_DB_RETRY; }

void yw_conn_on_commit(struct yw_conn *c, void (*fn)(uint64_t arg), uint64_t arg)
{
	if (c->non_commit == YW_ON_COMMIT_MAX) {
		fn(arg);
		return;
	}
	c->on_commit[c->non_commit].fn = fn;
	c->on_commit[c->non_commit++].arg = arg;
}

/* After the commit, or dropped with a rollback. */
static void run_on_commit(struct yw_conn *c, bool committed)
{
	int n = c->non_commit;
	c->non_commit = 0;
	for (int i = 0; committed && i < n; i++)
		c->on_commit[i].fn(c->on_commit[i].arg);
}

int yw_store_tx(struct yw_store *s, enum yw_tx_kind kind, yw_tx_fn fn, void *ctx)
{
	for (int attempt = 0; attempt < TX_MAX_ATTEMPTS; attempt++) {
		struct yw_conn *c = s->ops->acquire(s->impl, kind);
		if (!c) {
			atomic_fetch_add(&s->errors, 1);
			return YW_STORE_ERR;
		}
		c->non_commit = 0;
		int r = s->ops->begin(c, kind);
		if (r >= 0) {
			r = fn(c, ctx);
			if (r == YW_OK) {
				int cr = s->ops->commit(c);
				if (cr >= 0) {
					run_on_commit(c, true);
					s->ops->release(s->impl, c);
					return YW_OK;
				}
				r = cr;
			}
			/* A unique or foreign-key violation the caller did not turn
			 * into an answer ends as a 503: say which statement failed
			 * (query errors of other kinds were logged as they came). */
			if (r == YW_DB_HARD && (c->ops->err_unique(c) || c->ops->err_fk(c)))
				log_db_error("store_tx_failed", "backend", c->ops->name, c->ops->errmsg(c));
			s->ops->rollback(c);
		}
		run_on_commit(c, false);
		s->ops->release(s->impl, c);
		if (is_retry(r)) {
			backoff(attempt);
			continue;
		}
		if (r == YW_DB_HARD || r == YW_STORE_ERR) {
			atomic_fetch_add(&s->errors, 1);
			return YW_STORE_ERR;
		}
		return r;
	}
	atomic_fetch_add(&s->errors, 1);
	yw_log(YW_LOG_WARN, "store_retry_exhausted", "\"attempts\":%d", TX_MAX_ATTEMPTS);
	return YW_STORE_ERR;
}

/* Messages quote names ("relation \"x\" does not exist"): escape them so
 * each log line stays one JSON object. */
static void log_db_error(const char *event, const char *key, const char *value, const char *msg)
{
	struct yw_buf b = {0};
	char *cut = yw_strndup(msg ? msg : "", 300);
	yw_buf_json_str(&b, cut);
	yw_log(YW_LOG_ERROR, event, "\"%s\":\"%s\",\"message\":%s", key, value, b.data);
	yw_buf_free(&b);
	free(cut);
}

int yw_db_query(struct yw_conn *c, const char *sql, const struct yw_param *params, int nparams,
		yw_row_fn fn, void *ctx)
{
	int r = c->ops->query(c, sql, params, nparams, fn, ctx);
	if (r == YW_DB_HARD && !c->ops->err_unique(c) && !c->ops->err_fk(c))
		log_db_error("store_error", "backend", c->ops->name, c->ops->errmsg(c));
	return r;
}

int64_t yw_db_changes(struct yw_conn *c) { return c->ops->changes(c); }
const char *yw_db_errmsg(struct yw_conn *c) { return c->ops->errmsg(c); }
bool yw_db_err_unique(struct yw_conn *c) { return c->ops->err_unique(c); }
bool yw_db_err_foreign_key(struct yw_conn *c) { return c->ops->err_fk(c); }

int yw_row_ncols(const struct yw_row *r) { return r->ops->row_ncols(r); }
bool yw_row_null(const struct yw_row *r, int col) { return r->ops->row_null(r, col); }
int64_t yw_row_int(const struct yw_row *r, int col) { return r->ops->row_int(r, col); }
double yw_row_real(const struct yw_row *r, int col) { return r->ops->row_real(r, col); }
const char *yw_row_text(const struct yw_row *r, int col) { return r->ops->row_text(r, col); }
const char *yw_row_colname(const struct yw_row *r, int col) { return r->ops->row_colname(r, col); }

int yw_row_get_int(void *out, const struct yw_row *r)
{
	*(int64_t *)out = yw_row_int(r, 0);
	return 1;
}

int yw_row_get_text(void *out, const struct yw_row *r)
{
	char **p = out;
	free(*p);
	*p = yw_strdup(yw_row_text(r, 0));
	return 1;
}

/* ---- migrations ---- */

static const struct yw_migration *migrations_for(const struct yw_store *s)
{
	return s->ops->dialect == YW_DIALECT_PG ? yw_migrations_pg : yw_migrations_sqlite;
}

static const char SQL_CREATE_MIGRATIONS[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
	"name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
static const char SQL_MAX_VERSION[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char SQL_HAS_VERSION[] = "SELECT COUNT(*) FROM schema_migrations WHERE version = $1";
static const char SQL_RECORD_MIGRATION[] =
	"INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";

struct migrate_ctx {
	const struct yw_migration *m;
	int version;
	bool applied;
};

static int migrate_one(struct yw_conn *c, void *arg)
{
	struct migrate_ctx *mc = arg;
	mc->applied = false;
	if (c->ops->dialect == YW_DIALECT_PG) {
		/* Several instances may start at once: one migrates, the others wait. */
		int r = c->ops->exec_script(c, "SELECT pg_advisory_xact_lock(7217001)");
		if (r < 0)
			return r;
	}
	int r = c->ops->exec_script(c, SQL_CREATE_MIGRATIONS);
	if (r < 0)
		return r;
	/* Each version is checked on its own: a migration merged after a
	 * higher-numbered one still runs. */
	int64_t applied = 0;
	r = yw_q(c, SQL_HAS_VERSION, yw_row_get_int, &applied, YW_PINT(mc->version));
	if (r < 0)
		return r;
	if (applied)
		return YW_OK;
	r = c->ops->exec_script(c, mc->m->sql);
	if (r < 0) {
		log_db_error("migration_failed", "name", mc->m->name, c->ops->errmsg(c));
		return YW_STORE_ERR;
	}
	r = yw_q(c, SQL_RECORD_MIGRATION, NULL, NULL, YW_PINT(mc->version), YW_PTEXT(mc->m->name),
		 YW_PINT(yw_now_ms()));
	if (r < 0)
		return r;
	mc->applied = true;
	return YW_OK;
}

int yw_store_migrate(struct yw_store *s, struct yw_error *err)
{
	int ran = 0;
	for (const struct yw_migration *m = migrations_for(s); m->name; m++) {
		struct migrate_ctx mc = {.m = m, .version = atoi(m->name)};
		int r = yw_store_tx(s, YW_TX_WRITE, migrate_one, &mc);
		if (r != YW_OK) {
			yw_error_set(err, YW_E_STORE, "store", "migration %s failed", m->name);
			return r;
		}
		if (mc.applied) {
			ran++;
			yw_log(YW_LOG_INFO, "migration_applied", "\"name\":\"%s\"", m->name);
		}
	}
	return ran;
}

static int read_version(struct yw_conn *c, void *out)
{
	int r = c->ops->exec_script(c, SQL_CREATE_MIGRATIONS);
	if (r < 0)
		return r;
	r = yw_q0(c, SQL_MAX_VERSION, yw_row_get_int, out);
	return r < 0 ? r : YW_OK;
}

int yw_store_schema_version(struct yw_store *s)
{
	int64_t v = 0;
	if (yw_store_tx(s, YW_TX_WRITE, read_version, &v) != YW_OK)
		return -1;
	return (int)v;
}
