/* PostgreSQL backend on libpq: a fixed-size pool of connections shared by
 * all threads, each with its own cache of server-side prepared statements
 * keyed by the caller's SQL pointer (like the SQLite backend).
 *
 * Isolation. Write transactions run at READ COMMITTED. SQLite serialises
 * writers (one connection, BEGIN IMMEDIATE), so on SQLite a read-then-write
 * inside a write transaction can never lose an update; on PostgreSQL at
 * READ COMMITTED it can. Code that must run on both therefore writes its
 * updates so that they are safe under READ COMMITTED: atomic statements
 * (UPDATE t SET n = n + 1 … RETURNING n), optimistic version checks
 * (UPDATE … WHERE id = $1 AND version = $2, YW_RETRY when no row matched)
 * or row locks (SELECT … FOR UPDATE) — see docs/store.md. We do not use
 * REPEATABLE READ or SERIALIZABLE for writes: every write-write conflict
 * would then abort with 40001, and the hot paths (ticket counters, call
 * next) all touch a few rows, so they would spend their time retrying;
 * under READ COMMITTED a conflicting UPDATE just waits for the row lock and
 * re-checks its WHERE clause against the committed row, which is exactly
 * what the version checks need.
 *
 * Read transactions run at REPEATABLE READ, READ ONLY: one snapshot for the
 * whole transaction, as a SQLite read transaction in WAL mode has (so a
 * page of a list and its total count agree); a read-only transaction at
 * that level never fails with a serialization error, and a write slipped
 * into a read transaction fails loudly here instead of quietly bypassing
 * SQLite's single writer. */
#include "store/backend.h"
#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { POOL_DEFAULT = 8, POOL_MAX = 1024 };

/* OIDs of the built-in types we declare parameters as (pg_type.h). */
enum { OID_UNSPECIFIED = 0, OID_BOOL = 16, OID_INT8 = 20, OID_TEXT = 25, OID_FLOAT8 = 701 };

struct pg_stmt {
	const char *key; /* the caller's SQL pointer */
	char name[16];
	int nparams;    /* as the caller passes them */
	int nshadow;    /* extra parameters for "$N IS NULL" tests, see prepare */
	int *shadow_of; /* shadow k binds the value of parameter shadow_of[k] */
};

struct pg_conn {
	struct yw_conn base;
	PGconn *pg;
	struct pg_store *st;
	struct pg_stmt *slots;
	size_t nslots, used;
	unsigned next_name;
	int64_t changes;
	char sqlstate[6];
	char *errmsg;
	/* Scratch for parameter values, reused by every query. */
	const char **vals;
	char (*num)[32];
	int nvals;
	struct pg_conn *next_free, *next_all;
};

struct pg_row {
	struct yw_row base;
	const PGresult *res;
	int row;
};

struct pg_store {
	char *conninfo; /* as handed to libpq: our own options removed */
	int size;
	int nopen; /* connections made (or being made) */
	struct pg_conn *free_list, *all;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct yw_store *owner;
};

/* ---- conninfo options of our own ---- */

/* Parses pool_size; returns false when the value is not a sane number. */
static bool parse_pool_size(const char *v, size_t len, int *out)
{
	char buf[16];
	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, v, len);
	buf[len] = 0;
	char *end;
	errno = 0;
	long n = strtol(buf, &end, 10);
	if (errno || *end || n < 1 || n > POOL_MAX)
		return false;
	*out = (int)n;
	return true;
}

/* postgres://…?a=1&pool_size=4&b=2 → postgres://…?a=1&b=2 */
static bool strip_url(const char *url, char **out, int *size)
{
	const char *q = strchr(url, '?');
	struct yw_buf b = {0};
	yw_buf_add(&b, url, q ? (size_t)(q - url) : strlen(url));
	bool first = true;
	for (const char *p = q ? q + 1 : NULL; p && *p;) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		if (len > 10 && !strncmp(p, "pool_size=", 10)) {
			if (!parse_pool_size(p + 10, len - 10, size)) {
				yw_buf_free(&b);
				return false;
			}
		} else if (len) {
			yw_buf_add(&b, first ? "?" : "&", 1);
			yw_buf_add(&b, p, len);
			first = false;
		}
		p = amp ? amp + 1 : p + len;
	}
	*out = yw_buf_steal(&b);
	return true;
}

/* "host=/x pool_size=4 dbname='a b'" → "host=/x dbname='a b'"; values may
 * be single-quoted with backslash escapes, as libpq allows. */
static bool strip_conninfo(const char *ci, char **out, int *size)
{
	struct yw_buf b = {0};
	const char *p = ci;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		const char *start = p, *key = p;
		while (*p && *p != '=' && *p != ' ' && *p != '\t')
			p++;
		size_t keylen = (size_t)(p - key);
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '=')
			p++;
		while (*p == ' ' || *p == '\t')
			p++;
		const char *val = p;
		size_t vallen;
		if (*p == '\'') {
			for (p++; *p && *p != '\''; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p)
				p++;
			vallen = (size_t)(p - val);
		} else {
			while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				p++;
			vallen = (size_t)(p - val);
		}
		if (keylen == 9 && !strncmp(key, "pool_size", 9)) {
			if (*val == '\'' && vallen >= 2) {
				val++;
				vallen -= 2;
			}
			if (!parse_pool_size(val, vallen, size)) {
				yw_buf_free(&b);
				return false;
			}
			continue;
		}
		if (b.len)
			yw_buf_add(&b, " ", 1);
		yw_buf_add(&b, start, (size_t)(p - start));
	}
	*out = yw_buf_steal(&b);
	return true;
}

/* ---- errors ---- */

/* One line, like SQLite's messages: libpq's own text may run over several
 * ("server closed the connection unexpectedly\n\tThis probably means…"). */
static void set_errmsg(struct pg_conn *c, const char *msg)
{
	if (!msg || !*msg)
		msg = "unknown PostgreSQL error";
	if (!strncmp(msg, "ERROR:  ", 8) || !strncmp(msg, "FATAL:  ", 8))
		msg += 8;
	free(c->errmsg);
	c->errmsg = yw_strndup(msg, strcspn(msg, "\n"));
}

static bool conn_lost(const struct pg_conn *c, const char *state)
{
	return PQstatus(c->pg) == CONNECTION_BAD || (state && !strncmp(state, "08", 2));
}

/* Records the failure of res (NULL: libpq itself failed) and classifies it.
 * Losing the connection inside a transaction is retryable: nothing was
 * committed and the next acquire reconnects; losing it during COMMIT is not,
 * since we cannot know whether the commit happened. */
static int fail(struct pg_conn *c, const PGresult *res, bool committing)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
	/* The primary message only: DETAIL lines quote the values of the row
	 * ("Key (phone)=(138…) already exists"), and messages end up in logs,
	 * where personal data must not. */
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	set_errmsg(c, msg && *msg ? msg : PQerrorMessage(c->pg));
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
		return YW_DB_RETRY;
	if (conn_lost(c, state))
		return committing ? YW_DB_HARD : YW_DB_RETRY;
	return YW_DB_HARD;
}

static void notice_to_log(void *arg, const char *message)
{
	(void)arg;
	struct yw_buf b = {0};
	size_t n = strlen(message);
	while (n && message[n - 1] == '\n')
		n--;
	char *m = yw_strndup(message, n);
	yw_buf_json_str(&b, m);
	yw_log(YW_LOG_WARN, "pg_notice", "\"message\":%s", b.data);
	yw_buf_free(&b);
	free(m);
}

/* ---- connections ---- */

static void cache_clear(struct pg_conn *c)
{
	for (size_t i = 0; i < c->nslots; i++)
		free(c->slots[i].shadow_of);
	memset(c->slots, 0, c->nslots * sizeof *c->slots);
	c->used = 0;
}

/* Session settings, after every (re)connect. Warnings only, so routine
 * NOTICEs ("relation already exists, skipping", "drop cascades to …") stay
 * out of the logs; UTC so that any timestamp the server formats agrees with
 * our epoch milliseconds. */
static bool conn_setup(struct pg_conn *c)
{
	PQsetNoticeProcessor(c->pg, notice_to_log, NULL);
	PGresult *res = PQexec(c->pg, "SET client_min_messages = warning; SET TimeZone = 'UTC'");
	bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fail(c, res, false);
	PQclear(res);
	return ok;
}

static struct pg_conn *conn_open(struct pg_store *st, struct yw_error *err)
{
	/* expand_dbname lets the first value be a whole URL or conninfo. */
	const char *const keys[] = {"dbname", "fallback_application_name", NULL};
	const char *const vals[] = {st->conninfo, "yiwang", NULL};
	PGconn *pg = PQconnectdbParams(keys, vals, 1);
	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s", pg ? PQerrorMessage(pg) : "out of memory");
		msg[strcspn(msg, "\n")] = 0;
		yw_error_set(err, YW_E_STORE, "store", "cannot connect to PostgreSQL: %s", msg);
		PQfinish(pg);
		return NULL;
	}
	struct pg_conn *c = yw_calloc(1, sizeof *c);
	c->base.ops = &yw_backend_pg;
	c->base.store = st->owner;
	c->st = st;
	c->pg = pg;
	c->nslots = 64;
	c->slots = yw_calloc(c->nslots, sizeof *c->slots);
	if (!conn_setup(c)) {
		yw_error_set(err, YW_E_STORE, "store", "cannot configure PostgreSQL session: %s",
			     c->errmsg);
		PQfinish(pg);
		free(c->slots);
		free(c->errmsg);
		free(c);
		return NULL;
	}
	return c;
}

static void conn_close(struct pg_conn *c)
{
	cache_clear(c);
	free(c->slots);
	free(c->vals);
	free(c->num);
	free(c->errmsg);
	PQfinish(c->pg);
	free(c);
}

/* A reset connection has lost its prepared statements and session settings. */
static bool conn_reset(struct pg_conn *c)
{
	PQreset(c->pg);
	cache_clear(c);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		set_errmsg(c, PQerrorMessage(c->pg));
		return false;
	}
	yw_log(YW_LOG_WARN, "pg_reconnected", NULL);
	return conn_setup(c);
}

static void *pg_open(const char *url, struct yw_error *err)
{
	if (!PQisthreadsafe()) {
		yw_error_set(err, YW_E_STORE, "store", "libpq was built without thread safety");
		return NULL;
	}
	struct pg_store *st = yw_calloc(1, sizeof *st);
	st->size = POOL_DEFAULT;
	bool is_url = !strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13);
	if (!(is_url ? strip_url : strip_conninfo)(url, &st->conninfo, &st->size)) {
		yw_error_set(err, YW_E_BAD_FORMAT, "store", "pool_size must be a number from 1 to %d",
			     POOL_MAX);
		free(st);
		return NULL;
	}
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->cond, NULL);
	/* Connect once now so a wrong URL fails at start-up, not at the first
	 * request; the other connections are made when first needed. */
	struct pg_conn *c = conn_open(st, err);
	if (!c) {
		pthread_cond_destroy(&st->cond);
		pthread_mutex_destroy(&st->lock);
		free(st->conninfo);
		free(st);
		return NULL;
	}
	st->nopen = 1;
	st->all = st->free_list = c;
	return st;
}

static void pg_close(void *impl)
{
	struct pg_store *st = impl;
	for (struct pg_conn *c = st->all, *next; c; c = next) {
		next = c->next_all;
		conn_close(c);
	}
	pthread_cond_destroy(&st->cond);
	pthread_mutex_destroy(&st->lock);
	free(st->conninfo);
	free(st);
}

static void pg_attach(void *impl, struct yw_store *s)
{
	struct pg_store *st = impl;
	pthread_mutex_lock(&st->lock);
	st->owner = s;
	for (struct pg_conn *c = st->all; c; c = c->next_all)
		c->base.store = s;
	pthread_mutex_unlock(&st->lock);
}

/* libpq's messages quote socket paths and names: escape them for the log. */
static void log_failure(const char *event, const char *message)
{
	struct yw_buf b = {0};
	yw_buf_json_str(&b, message);
	yw_log(YW_LOG_ERROR, event, "\"message\":%s", b.data);
	yw_buf_free(&b);
}

static void put_back(struct pg_store *st, struct pg_conn *c)
{
	pthread_mutex_lock(&st->lock);
	c->next_free = st->free_list;
	st->free_list = c;
	pthread_cond_signal(&st->cond);
	pthread_mutex_unlock(&st->lock);
}

static struct yw_conn *pg_acquire(void *impl, enum yw_tx_kind kind)
{
	(void)kind;
	struct pg_store *st = impl;
	struct pg_conn *c = NULL;
	pthread_mutex_lock(&st->lock);
	while (!st->free_list && st->nopen >= st->size)
		pthread_cond_wait(&st->cond, &st->lock);
	if (st->free_list) {
		c = st->free_list;
		st->free_list = c->next_free;
		c->next_free = NULL;
	} else {
		st->nopen++; /* reserve the slot; connect outside the lock */
	}
	pthread_mutex_unlock(&st->lock);
	if (!c) {
		struct yw_error err = {0};
		c = conn_open(st, &err);
		pthread_mutex_lock(&st->lock);
		if (c) {
			c->next_all = st->all;
			st->all = c;
		} else {
			st->nopen--;
			pthread_cond_signal(&st->cond);
		}
		pthread_mutex_unlock(&st->lock);
		if (!c) {
			log_failure("pg_connect_failed", err.detail);
			return NULL;
		}
	}
	if (PQstatus(c->pg) != CONNECTION_OK && !conn_reset(c)) {
		log_failure("pg_reconnect_failed", c->errmsg);
		put_back(st, c); /* stays broken; the next acquire tries again */
		return NULL;
	}
	return &c->base;
}

static int exec_simple(struct pg_conn *c, const char *sql, bool committing)
{
	PGresult *res = PQexec(c->pg, sql);
	ExecStatusType s = PQresultStatus(res);
	int r = (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY)
		? YW_DB_NONE
		: fail(c, res, committing);
	PQclear(res);
	return r;
}

static void pg_release(void *impl, struct yw_conn *bc)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	/* The runner always ends its transaction; this only guards the pool
	 * against handing out a connection that is still inside one. */
	PGTransactionStatusType ts = PQtransactionStatus(c->pg);
	if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
		yw_log(YW_LOG_ERROR, "pg_tx_left_open", NULL);
		exec_simple(c, "ROLLBACK", false);
	}
	put_back(impl, c);
}

static int pg_begin(struct yw_conn *bc, enum yw_tx_kind kind)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	c->sqlstate[0] = 0;
	return exec_simple(c,
			   kind == YW_TX_WRITE ? "BEGIN ISOLATION LEVEL READ COMMITTED"
					       : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
			   false);
}

static int pg_commit(struct yw_conn *bc)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	/* PostgreSQL answers COMMIT of a failed transaction with a silent
	 * ROLLBACK; a body that ignored an error must not be told it committed. */
	if (PQtransactionStatus(c->pg) == PQTRANS_INERROR) {
		set_errmsg(c, "commit of a transaction aborted by an earlier error (the body must "
			      "return the error of the failed statement)");
		return YW_DB_HARD;
	}
	return exec_simple(c, "COMMIT", true);
}

static int pg_rollback(struct yw_conn *bc)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	/* After a failed COMMIT or a lost connection there is nothing to roll
	 * back, and ROLLBACK outside a transaction would only log a warning. */
	PGTransactionStatusType ts = PQtransactionStatus(c->pg);
	if (ts != PQTRANS_INTRANS && ts != PQTRANS_INERROR)
		return YW_DB_NONE;
	return exec_simple(c, "ROLLBACK", false);
}

static int pg_exec_script(struct yw_conn *bc, const char *sql)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	c->sqlstate[0] = 0;
	/* PQexec runs every statement of a multi-statement string inside the
	 * caller's open transaction and stops at the first failure. */
	return exec_simple(c, sql, false);
}

/* ---- the statement cache ---- */

static struct pg_stmt *slot_for(struct pg_conn *c, const char *key)
{
	size_t mask = c->nslots - 1;
	size_t i = ((uintptr_t)key >> 3) * 2654435761u & mask;
	while (c->slots[i].key && c->slots[i].key != key)
		i = (i + 1) & mask;
	return &c->slots[i];
}

static void grow_slots(struct pg_conn *c)
{
	struct pg_stmt *old = c->slots;
	size_t n = c->nslots;
	c->nslots *= 2;
	c->slots = yw_calloc(c->nslots, sizeof *c->slots);
	for (size_t i = 0; i < n; i++)
		if (old[i].key)
			*slot_for(c, old[i].key) = old[i];
	free(old);
}

static bool ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '$';
}

/* Matches the keyword kw (upper case) at p followed by a non-identifier
 * character; returns the end of it or NULL. */
static const char *keyword(const char *p, const char *kw)
{
	for (; *kw; kw++, p++)
		if ((*p & ~0x20) != *kw)
			return NULL;
	return ident_char(*p) ? NULL : p;
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* After "$N": is this " IS NULL" or " IS NOT NULL"? */
static bool null_test_follows(const char *p)
{
	const char *q = skip_space(p);
	if (q == p || !(q = keyword(q, "IS")))
		return false;
	q = skip_space(q);
	const char *n = keyword(q, "NOT");
	if (n)
		q = skip_space(n);
	return keyword(q, "NULL") != NULL;
}

struct rewrite {
	char *sql;
	int maxref;        /* the highest $N used */
	int *shadow_of;    /* per shadow parameter, the parameter it copies */
	int nshadow;
	bool *plain_use;   /* per caller parameter: used other than in a null test */
};

/* PostgreSQL infers the type of an untyped parameter from where it is used,
 * but in "$1 IS NULL OR col = $1" the first use has no type and the error is
 * "could not determine data type of parameter $1" when $1 is bound to NULL
 * (a NULL carries no type of its own). So every "$N IS [NOT] NULL" becomes a
 * test of a fresh text parameter bound to the same value: the result is the
 * same, and $N's type comes from its other uses. Quoted text and comments
 * are skipped (not E'…' strings with \' inside: we do not write those). */
static void rewrite_null_tests(const char *sql, int nparams, struct rewrite *rw)
{
	struct yw_buf b = {0};
	memset(rw, 0, sizeof *rw);
	rw->plain_use = yw_calloc((size_t)nparams + 1, sizeof(bool));
	const char *p = sql, *run = sql;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			for (p++; *p && *p != q; p++)
				;
			if (*p)
				p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9' && (p == sql || !ident_char(p[-1]))) {
			const char *start = p;
			long num = strtol(p + 1, (char **)&p, 10);
			if (num > rw->maxref)
				rw->maxref = num > 65535 ? 65535 : (int)num;
			if (num < 1 || num > nparams)
				continue; /* reported by the caller through maxref */
			if (!null_test_follows(p)) {
				rw->plain_use[num - 1] = true;
				continue;
			}
			rw->shadow_of = yw_realloc(rw->shadow_of, sizeof(int) * (size_t)(rw->nshadow + 1));
			rw->shadow_of[rw->nshadow++] = (int)num - 1;
			yw_buf_add(&b, run, (size_t)(start - run));
			yw_buf_printf(&b, "$%d", nparams + rw->nshadow);
			run = p;
		} else {
			p++;
		}
	}
	yw_buf_add(&b, run, (size_t)(p - run));
	rw->sql = yw_buf_steal(&b);
}

static Oid param_oid(const struct yw_param *p, bool plain_use)
{
	switch (p->type) {
	case YW_P_INT: return OID_INT8;
	case YW_P_TEXT: return OID_TEXT;
	case YW_P_REAL: return OID_FLOAT8;
	case YW_P_NULL: break;
	}
	/* A NULL's type comes from its uses; used nowhere else, any type does. */
	return plain_use ? OID_UNSPECIFIED : OID_TEXT;
}

/* Finds or prepares the statement for sql. Parameters are declared with the
 * types of the first call (int8, text, float8), which keeps arithmetic on
 * epoch milliseconds in 64 bits; NULLs are left for the server to infer. A
 * failed prepare leaves no entry, so a later call prepares afresh. */
static struct pg_stmt *prepare(struct pg_conn *c, const char *sql, const struct yw_param *p, int n,
			       int *r)
{
	struct pg_stmt *s = slot_for(c, sql);
	if (s->key)
		return s;
	struct rewrite rw;
	rewrite_null_tests(sql, n, &rw);
	if (rw.maxref > n) {
		char msg[128];
		snprintf(msg, sizeof msg, "statement uses $%d but only %d parameters were given",
			 rw.maxref, n);
		set_errmsg(c, msg);
		c->sqlstate[0] = 0;
		*r = YW_DB_HARD;
		goto out;
	}
	int total = n + rw.nshadow;
	Oid *types = yw_calloc((size_t)total + 1, sizeof *types);
	for (int i = 0; i < n; i++)
		types[i] = param_oid(&p[i], rw.plain_use[i]);
	for (int i = n; i < total; i++)
		types[i] = OID_TEXT;
	char name[16];
	snprintf(name, sizeof name, "yw%u", c->next_name++);
	PGresult *res = PQprepare(c->pg, name, rw.sql, total, types);
	free(types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		*r = fail(c, res, false);
		PQclear(res);
		goto out;
	}
	PQclear(res);
	if ((c->used + 1) * 2 > c->nslots) {
		grow_slots(c);
		s = slot_for(c, sql);
	}
	s->key = sql;
	memcpy(s->name, name, sizeof name);
	s->nparams = n;
	s->nshadow = rw.nshadow;
	s->shadow_of = rw.shadow_of;
	rw.shadow_of = NULL;
	c->used++;
out:
	free(rw.sql);
	free(rw.shadow_of);
	free(rw.plain_use);
	return s->key == sql ? s : NULL;
}

/* Text-format values: the server parses them as the declared types. */
static const char *const *bind_values(struct pg_conn *c, const struct pg_stmt *s,
				      const struct yw_param *p)
{
	int total = s->nparams + s->nshadow;
	if (total > c->nvals) {
		c->nvals = total * 2;
		c->vals = yw_realloc(c->vals, sizeof *c->vals * (size_t)c->nvals);
		c->num = yw_realloc(c->num, sizeof *c->num * (size_t)c->nvals);
	}
	for (int i = 0; i < s->nparams; i++) {
		switch (p[i].type) {
		case YW_P_NULL: c->vals[i] = NULL; break;
		case YW_P_TEXT: c->vals[i] = p[i].s; break;
		case YW_P_INT:
			snprintf(c->num[i], sizeof c->num[i], "%lld", (long long)p[i].i);
			c->vals[i] = c->num[i];
			break;
		case YW_P_REAL:
			snprintf(c->num[i], sizeof c->num[i], "%.17g", p[i].r);
			c->vals[i] = c->num[i];
			break;
		}
	}
	for (int k = 0; k < s->nshadow; k++)
		c->vals[s->nparams + k] = c->vals[s->shadow_of[k]];
	return c->vals;
}

static int pg_query(struct yw_conn *bc, const char *sql, const struct yw_param *p, int n,
		    yw_row_fn fn, void *ctx)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	c->sqlstate[0] = 0;
	c->changes = 0;
	int r = YW_DB_HARD;
	struct pg_stmt *s = prepare(c, sql, p, n, &r);
	if (!s)
		return r;
	if (s->nparams != n) {
		set_errmsg(c, "statement called with a different number of parameters than before");
		return YW_DB_HARD;
	}
	const char *const *vals = bind_values(c, s, p);
	PGresult *res = PQexecPrepared(c->pg, s->name, n + s->nshadow, vals, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		r = fail(c, res, false);
		PQclear(res);
		return r;
	}
	/* PQcmdTuples counts the rows a SELECT returned too; SQLite's changes()
	 * counts only rows written, and so do we. */
	const char *tag = PQcmdStatus(res);
	if (strncmp(tag, "SELECT", 6) != 0)
		c->changes = strtoll(PQcmdTuples(res), NULL, 10);
	int nrows = st == PGRES_TUPLES_OK ? PQntuples(res) : 0;
	struct pg_row row = {.base.ops = &yw_backend_pg, .res = res};
	for (row.row = 0; fn && row.row < nrows; row.row++)
		if (fn(ctx, &row.base))
			break;
	PQclear(res);
	return (nrows > 0 || c->changes > 0) ? YW_DB_ROWS : YW_DB_NONE;
}

static int64_t pg_changes(struct yw_conn *c) { return ((struct pg_conn *)c)->changes; }
static const char *pg_errmsg(struct yw_conn *bc)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	return c->errmsg ? c->errmsg : "not an error";
}
static bool pg_err_unique(struct yw_conn *c) { return !strcmp(((struct pg_conn *)c)->sqlstate, "23505"); }
static bool pg_err_fk(struct yw_conn *c) { return !strcmp(((struct pg_conn *)c)->sqlstate, "23503"); }

#define ROW(r) ((const struct pg_row *)(r))
static int pg_row_ncols(const struct yw_row *r) { return PQnfields(ROW(r)->res); }
static bool pg_row_null(const struct yw_row *r, int col)
{
	return PQgetisnull(ROW(r)->res, ROW(r)->row, col) != 0;
}
static int64_t pg_row_int(const struct yw_row *r, int col)
{
	const char *v = PQgetvalue(ROW(r)->res, ROW(r)->row, col);
	/* The schema keeps flags as 0/1 integers, but an expression such as
	 * EXISTS (…) or a = b is boolean here ("t"/"f") where SQLite gives 1/0. */
	if (PQftype(ROW(r)->res, col) == OID_BOOL)
		return v[0] == 't';
	return strtoll(v, NULL, 10); /* NULL ("") reads 0, as in SQLite */
}
static double pg_row_real(const struct yw_row *r, int col)
{
	return strtod(PQgetvalue(ROW(r)->res, ROW(r)->row, col), NULL);
}
static const char *pg_row_text(const struct yw_row *r, int col)
{
	if (PQgetisnull(ROW(r)->res, ROW(r)->row, col))
		return NULL;
	return PQgetvalue(ROW(r)->res, ROW(r)->row, col);
}
static const char *pg_row_colname(const struct yw_row *r, int col)
{
	return PQfname(ROW(r)->res, col);
}

const struct yw_backend_ops yw_backend_pg = {
	.name = "postgresql",
	.dialect = YW_DIALECT_PG,
	.open = pg_open,
	.close = pg_close,
	.attach = pg_attach,
	.acquire = pg_acquire,
	.release = pg_release,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.query = pg_query,
	.exec_script = pg_exec_script,
	.changes = pg_changes,
	.errmsg = pg_errmsg,
	.err_unique = pg_err_unique,
	.err_fk = pg_err_fk,
	.row_ncols = pg_row_ncols,
	.row_null = pg_row_null,
	.row_int = pg_row_int,
	.row_real = pg_row_real,
	.row_text = pg_row_text,
	.row_colname = pg_row_colname,
};

/* For the LISTEN thread (store/pg_listen.c): the libpq conninfo. */
const char *yw_pg_conninfo(const struct yw_store *s);
const char *yw_pg_conninfo(const struct yw_store *s)
{
	return s->ops == &yw_backend_pg ? ((const struct pg_store *)s->impl)->conninfo : NULL;
}
