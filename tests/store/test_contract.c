/* The store contract: one source, run against each backend. The URL comes
 * from YW_TEST_STORE (CTest runs this once with sqlite:FILE and once with
 * the conninfo of a throw-away PostgreSQL cluster from
 * scripts/pg-test-cluster.sh); everything here must hold on both, except
 * the few checks marked PostgreSQL-only, which cover what SQLite has no
 * counterpart for (the pool, reconnects, deadlocks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/migrations.h"
#include "yw/entity.h"
#include "yw/entity_store.h"
#include "yw/store.h"

/* cmocka passes a state pointer most tests do not need. */
#define UNUSED __attribute__((unused))

static const char *store_url;
static struct yw_store *S;

static bool is_pg(void) { return yw_store_dialect(S) == YW_DIALECT_PG; }

/* ---- helpers ---- */

struct sql_ctx {
	const char *sql;
	int result;
};

static int exec_body(struct yw_conn *c, void *arg)
{
	struct sql_ctx *x = arg;
	x->result = yw_q0(c, x->sql, NULL, NULL);
	return x->result < 0 ? x->result : YW_OK;
}

/* Runs one statement (a string literal: the cache keys on its address) in
 * a write transaction. */
static int exec_w(const char *sql)
{
	struct sql_ctx x = {.sql = sql};
	return yw_store_tx(S, YW_TX_WRITE, exec_body, &x);
}

struct one_int {
	const char *sql;
	int64_t arg;
	int64_t out;
};

static int read_int_body(struct yw_conn *c, void *arg)
{
	struct one_int *x = arg;
	x->out = -1;
	int r = yw_q(c, x->sql, yw_row_get_int, &x->out, YW_PINT(x->arg));
	return r < 0 ? r : YW_OK;
}

/* The first column of the first row of sql($1 = arg), read in a read tx. */
static int64_t read_int(const char *sql, int64_t arg)
{
	struct one_int x = {.sql = sql, .arg = arg};
	assert_int_equal(yw_store_tx(S, YW_TX_READ, read_int_body, &x), YW_OK);
	return x.out;
}

static void mkdir_parents(const char *path)
{
	char *p = strdup(path);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		if (mkdir(p, 0755) && errno != EEXIST)
			break;
		*s = '/';
	}
	free(p);
}

/* Every run starts from an empty database. */
static int clean_slate(void)
{
	if (!strncmp(store_url, "sqlite:", 7)) {
		const char *path = store_url + 7;
		size_t n = strcspn(path, "?");
		char file[4096];
		if (n >= sizeof file - 8)
			return -1;
		static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
		for (int i = 0; i < 4; i++) {
			snprintf(file, sizeof file, "%.*s%s", (int)n, path, suffixes[i]);
			unlink(file);
		}
		snprintf(file, sizeof file, "%.*s", (int)n, path);
		mkdir_parents(file);
		return 0;
	}
	struct yw_store *s = yw_store_open(store_url, NULL);
	if (!s)
		return -1;
	struct yw_store *saved = S;
	S = s;
	/* No public script runner: two statements in one write transaction. */
	int r = exec_w("DROP SCHEMA public CASCADE");
	if (r == YW_OK)
		r = exec_w("CREATE SCHEMA public");
	S = saved;
	yw_store_close(s);
	return r;
}

static int group_setup(void **state UNUSED)
{
	if (clean_slate()) {
		fprintf(stderr, "cannot reset the test database at %s\n", store_url);
		return -1;
	}
	struct yw_error err = {0};
	S = yw_store_open(store_url, &err);
	if (!S) {
		fprintf(stderr, "cannot open %s: %s\n", store_url, err.detail);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state UNUSED)
{
	yw_store_close(S);
	S = NULL;
	return 0;
}

/* ---- migrations ---- */

static void test_migrate(void **state UNUSED)
{
	const struct yw_migration *m = is_pg() ? yw_migrations_pg : yw_migrations_sqlite;
	int count = 0, last = 0;
	for (; m[count].name; count++)
		last = atoi(m[count].name);
	assert_true(count >= 1);
	/* Both engines must carry the same numbered migrations. */
	int nsq = 0, npg = 0;
	while (yw_migrations_sqlite[nsq].name)
		nsq++;
	while (yw_migrations_pg[npg].name)
		npg++;
	assert_int_equal(nsq, npg);
	for (int i = 0; i < nsq; i++)
		assert_string_equal(yw_migrations_sqlite[i].name, yw_migrations_pg[i].name);

	struct yw_error err = {0};
	assert_int_equal(yw_store_migrate(S, &err), count);
	assert_int_equal(yw_store_migrate(S, &err), 0);
	assert_int_equal(yw_store_schema_version(S), last);
	/* The audit chain starts from its seed row. */
	assert_int_equal(read_int("SELECT last_id FROM audit_head WHERE id = $1", 1), 0);

	/* Tables of our own for the tests below; the SQL runs on both. */
	assert_int_equal(exec_w("CREATE TABLE t_kv (id BIGINT PRIMARY KEY, i BIGINT, "
				"r DOUBLE PRECISION, s TEXT, n INTEGER)"),
			 YW_OK);
	assert_int_equal(exec_w("CREATE TABLE t_counter (id INTEGER PRIMARY KEY, "
				"n BIGINT NOT NULL, version BIGINT NOT NULL)"),
			 YW_OK);
	assert_int_equal(exec_w("INSERT INTO t_counter (id, n, version) VALUES (1, 0, 0), "
				"(2, 0, 0), (3, 1000, 0), (4, 1000, 0), (5, 0, 0), (6, 0, 0)"),
			 YW_OK);
	assert_int_equal(exec_w("CREATE TABLE t_parent (id INTEGER PRIMARY KEY, name TEXT)"), YW_OK);
	assert_int_equal(exec_w("CREATE TABLE t_child (id INTEGER PRIMARY KEY, "
				"parent_id INTEGER NOT NULL REFERENCES t_parent(id))"),
			 YW_OK);
}

/* ---- parameters and rows ---- */

/* A pointer, not an array: YW_PTEXT tests its argument for NULL. */
static const char *const CHINESE = "一网通办「政务」 'single' \"double\" back\\slash $1 ?1 %_ 😀";

struct kv {
	int64_t i;
	double r;
	char *s;
	bool i_null, r_null, s_null, n_null;
	int ncols;
	char names[5][16];
	int rows;
};

static int kv_row(void *arg, const struct yw_row *row)
{
	struct kv *k = arg;
	k->rows++;
	k->ncols = yw_row_ncols(row);
	for (int i = 0; i < k->ncols && i < 5; i++)
		snprintf(k->names[i], sizeof k->names[i], "%s", yw_row_colname(row, i));
	k->i_null = yw_row_null(row, 0);
	k->r_null = yw_row_null(row, 1);
	k->s_null = yw_row_null(row, 2);
	k->n_null = yw_row_null(row, 3);
	k->i = yw_row_int(row, 0);
	k->r = yw_row_real(row, 1);
	free(k->s);
	k->s = yw_row_text(row, 2) ? strdup(yw_row_text(row, 2)) : NULL;
	return 0;
}

static const char SQL_KV_PUT[] = "INSERT INTO t_kv (id, i, r, s, n) VALUES ($1, $2, $3, $4, $5)";
static const char SQL_KV_GET[] = "SELECT i AS big, r AS real_value, s AS txt, n AS small_n "
				 "FROM t_kv WHERE id = $1";

struct put {
	int64_t id;
	struct yw_param p[4];
};

static int put_body(struct yw_conn *c, void *arg)
{
	struct put *x = arg;
	int r = yw_q(c, SQL_KV_PUT, NULL, NULL, YW_PINT(x->id), x->p[0], x->p[1], x->p[2], x->p[3]);
	return r < 0 ? r : YW_OK;
}

struct get {
	int64_t id;
	struct kv kv;
};

static int get_body(struct yw_conn *c, void *arg)
{
	struct get *x = arg;
	int r = yw_q(c, SQL_KV_GET, kv_row, &x->kv, YW_PINT(x->id));
	return r < 0 ? r : YW_OK;
}

static void put_get(int64_t id, struct yw_param i, struct yw_param r, struct yw_param s,
		    struct yw_param n, struct kv *out)
{
	struct put p = {.id = id, .p = {i, r, s, n}};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, put_body, &p), YW_OK);
	struct get g = {.id = id};
	assert_int_equal(yw_store_tx(S, YW_TX_READ, get_body, &g), YW_OK);
	assert_int_equal(g.kv.rows, 1);
	*out = g.kv;
}

static void test_params_and_rows(void **state UNUSED)
{
	struct kv k;
	/* 64-bit extremes and a value a double cannot hold exactly. */
	put_get(1, YW_PINT(INT64_MAX), YW_PREAL(3.25), YW_PTEXT(CHINESE), YW_PINT(7), &k);
	assert_true(k.i == INT64_MAX);
	assert_true(k.r == 3.25);
	assert_string_equal(k.s, CHINESE);
	assert_false(k.i_null || k.r_null || k.s_null || k.n_null);
	assert_int_equal(k.ncols, 4);
	assert_string_equal(k.names[0], "big");
	assert_string_equal(k.names[1], "real_value");
	assert_string_equal(k.names[2], "txt");
	assert_string_equal(k.names[3], "small_n");
	free(k.s);

	put_get(2, YW_PINT(INT64_MIN), YW_PREAL(0.1), YW_PTEXT(""), YW_PINT(-1), &k);
	assert_true(k.i == INT64_MIN);
	assert_true(k.r == 0.1);
	assert_string_equal(k.s, "");
	assert_false(k.s_null); /* empty text is not NULL */
	free(k.s);

	put_get(3, YW_PINT(9007199254740993LL), YW_PREAL(-1e300), YW_PTEXT("x"), YW_PINT(0), &k);
	assert_true(k.i == 9007199254740993LL);
	assert_true(k.r == -1e300);
	free(k.s);

	/* Every kind of NULL: YW_PNULL and YW_PTEXT(NULL). */
	put_get(4, YW_PNULL, YW_PNULL, YW_PTEXT(NULL), YW_PNULL, &k);
	assert_true(k.i_null && k.r_null && k.s_null && k.n_null);
	assert_null(k.s);
	assert_true(k.i == 0); /* NULL reads as 0 on both */
}


/* "$1" inside a quoted literal is text, not a parameter, on both. */
struct two_text {
	char *a, *b;
};

static int two_text_row(void *arg, const struct yw_row *row)
{
	struct two_text *t = arg;
	t->a = strdup(yw_row_text(row, 0));
	t->b = strdup(yw_row_text(row, 1));
	return 1;
}

static int literal_body(struct yw_conn *c, void *arg)
{
	int r = yw_q(c, "SELECT 'it''s $1 and ?1', CAST($1 AS TEXT)", two_text_row, arg,
		     YW_PTEXT("value"));
	return r < 0 ? r : YW_OK;
}

static void test_literal_dollar(void **state UNUSED)
{
	struct two_text t = {0};
	assert_int_equal(yw_store_tx(S, YW_TX_READ, literal_body, &t), YW_OK);
	assert_string_equal(t.a, "it's $1 and ?1");
	assert_string_equal(t.b, "value");
	free(t.a);
	free(t.b);
}

/* Boolean expressions read as 1/0 integers on both (PostgreSQL says t/f). */
static int bools_row(void *arg, const struct yw_row *row)
{
	int64_t *v = arg;
	for (int i = 0; i < 3; i++)
		v[i] = yw_row_int(row, i);
	return 1;
}

static int bools_body(struct yw_conn *c, void *arg)
{
	int r = yw_q(c, "SELECT EXISTS (SELECT 1 FROM t_kv WHERE id = $1), 2 > $2, 2 < $2", bools_row,
		     arg, YW_PINT(1), YW_PINT(1));
	return r < 0 ? r : YW_OK;
}

static void test_boolean_expressions(void **state UNUSED)
{
	int64_t v[3] = {-1, -1, -1};
	assert_int_equal(yw_store_tx(S, YW_TX_READ, bools_body, v), YW_OK);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 1);
	assert_int_equal(v[2], 0);
}

/* The optional-filter idiom "$n IS NULL OR col = $n": the same statement
 * (one cache entry) must work whether its first call binds NULL or a value,
 * for integer and text parameters alike. */
static const char SQL_OPT_INT[] = "SELECT COUNT(*) FROM t_kv WHERE ($1 IS NULL OR n = $1)";
static const char SQL_OPT_INT2[] = "SELECT COUNT(*) FROM t_kv WHERE (n = $1 OR $1 IS NULL)";
static const char SQL_OPT_TEXT[] =
	"SELECT COUNT(*) FROM t_kv WHERE ($1 IS NULL OR LOWER(s) LIKE $1 ESCAPE '\\') "
	"AND ($2 IS NOT NULL OR $2 IS NULL)";

struct opt {
	const char *sql;
	struct yw_param a, b;
	int two;
	int64_t out;
};

static int opt_body(struct yw_conn *c, void *arg)
{
	struct opt *o = arg;
	int r = o->two ? yw_q(c, o->sql, yw_row_get_int, &o->out, o->a, o->b)
		       : yw_q(c, o->sql, yw_row_get_int, &o->out, o->a);
	return r < 0 ? r : YW_OK;
}

static int64_t opt(const char *sql, struct yw_param a, struct yw_param b, int two)
{
	struct opt o = {.sql = sql, .a = a, .b = b, .two = two, .out = -1};
	assert_int_equal(yw_store_tx(S, YW_TX_READ, opt_body, &o), YW_OK);
	return o.out;
}

static void test_optional_filters(void **state UNUSED)
{
	/* t_kv holds rows 1..4 from test_params_and_rows: n = 7, -1, 0, NULL. */
	assert_int_equal(opt(SQL_OPT_INT, YW_PNULL, YW_PNULL, 0), 4);
	assert_int_equal(opt(SQL_OPT_INT, YW_PINT(7), YW_PNULL, 0), 1);
	assert_int_equal(opt(SQL_OPT_INT, YW_PNULL, YW_PNULL, 0), 4);
	assert_int_equal(opt(SQL_OPT_INT2, YW_PINT(-1), YW_PNULL, 0), 1);
	assert_int_equal(opt(SQL_OPT_INT2, YW_PNULL, YW_PNULL, 0), 4);
	assert_int_equal(opt(SQL_OPT_TEXT, YW_PNULL, YW_PNULL, 1), 4);
	assert_int_equal(opt(SQL_OPT_TEXT, YW_PTEXT("%政务%"), YW_PINT(1), 1), 1);
	assert_int_equal(opt(SQL_OPT_TEXT, YW_PTEXT("%\\%\\_%"), YW_PTEXT("x"), 1), 1);
	assert_int_equal(opt(SQL_OPT_TEXT, YW_PTEXT("%nothing%"), YW_PNULL, 1), 0);
}

/* ---- transactions ---- */

static const char SQL_PARENT_PUT[] = "INSERT INTO t_parent (id, name) VALUES ($1, $2)";
static const char SQL_PARENT_COUNT[] = "SELECT COUNT(*) FROM t_parent WHERE id = $1";

struct parent_ctx {
	int64_t id;
	const char *name;
	int fail_with; /* the body's answer after inserting */
	int calls;
};

static int parent_body(struct yw_conn *c, void *arg)
{
	struct parent_ctx *p = arg;
	p->calls++;
	int r = yw_q(c, SQL_PARENT_PUT, NULL, NULL, YW_PINT(p->id), YW_PTEXT(p->name));
	if (r < 0)
		return r;
	return p->fail_with;
}

static void test_commit_visible(void **state UNUSED)
{
	struct parent_ctx p = {.id = 1, .name = "first"};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, parent_body, &p), YW_OK);
	assert_int_equal(read_int(SQL_PARENT_COUNT, 1), 1);
}

static void test_error_rolls_back(void **state UNUSED)
{
	struct parent_ctx p = {.id = 2, .name = "never", .fail_with = YW_FAIL};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, parent_body, &p), YW_FAIL);
	assert_int_equal(p.calls, 1);
	assert_int_equal(read_int(SQL_PARENT_COUNT, 2), 0);
	p.fail_with = YW_NOTFOUND;
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, parent_body, &p), YW_NOTFOUND);
	assert_int_equal(read_int(SQL_PARENT_COUNT, 2), 0);
}

struct violation {
	int first, second;
	bool unique, fk;
	char msg[256];
};

static int unique_body(struct yw_conn *c, void *arg)
{
	struct violation *v = arg;
	/* A new row first, so we can see the whole transaction roll back. */
	v->first = yw_q(c, SQL_PARENT_PUT, NULL, NULL, YW_PINT(3), YW_PTEXT("rolled back"));
	v->second = yw_q(c, SQL_PARENT_PUT, NULL, NULL, YW_PINT(1), YW_PTEXT("duplicate"));
	v->unique = yw_db_err_unique(c);
	v->fk = yw_db_err_foreign_key(c);
	snprintf(v->msg, sizeof v->msg, "%s", yw_db_errmsg(c));
	/* What domain code does: turn it into its own error and give up. */
	return v->second < 0 ? YW_FAIL : YW_OK;
}

static void test_unique_violation(void **state UNUSED)
{
	struct violation v = {0};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, unique_body, &v), YW_FAIL);
	assert_int_equal(v.first, YW_DB_ROWS);
	assert_int_equal(v.second, YW_DB_HARD);
	assert_true(v.unique);
	assert_false(v.fk);
	assert_true(strlen(v.msg) > 0);
	assert_int_equal(read_int(SQL_PARENT_COUNT, 3), 0);
	assert_int_equal(read_int(SQL_PARENT_COUNT, 1), 1);
}

static int fk_body(struct yw_conn *c, void *arg)
{
	struct violation *v = arg;
	v->first = yw_q(c, "INSERT INTO t_child (id, parent_id) VALUES ($1, $2)", NULL, NULL,
			YW_PINT(1), YW_PINT(1));
	v->second = yw_q(c, "INSERT INTO t_child (id, parent_id) VALUES ($1, $2)", NULL, NULL,
			 YW_PINT(2), YW_PINT(999));
	v->unique = yw_db_err_unique(c);
	v->fk = yw_db_err_foreign_key(c);
	return v->second < 0 ? v->second : YW_OK;
}

static void test_fk_violation(void **state UNUSED)
{
	struct violation v = {0};
	uint64_t errors = yw_store_error_count(S);
	/* A YW_DB_HARD passed up is a store error for the caller and /metrics. */
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, fk_body, &v), YW_STORE_ERR);
	assert_int_equal(yw_store_error_count(S), errors + 1);
	assert_int_equal(v.first, YW_DB_ROWS);
	assert_int_equal(v.second, YW_DB_HARD);
	assert_true(v.fk);
	assert_false(v.unique);
	assert_int_equal(read_int("SELECT COUNT(*) FROM t_child WHERE id >= $1", 0), 0);
}

struct none_rows {
	int upd_none, upd_one, sel_none, sel_rows, ins_ret, del_one, del_none;
	int64_t ch_upd_none, ch_upd_one, ch_sel, ch_ins, ch_del;
	int64_t new_id;
};

static int none_rows_body(struct yw_conn *c, void *arg)
{
	struct none_rows *x = arg;
	x->upd_none = yw_q(c, "UPDATE t_parent SET name = $1 WHERE id = $2", NULL, NULL,
			   YW_PTEXT("x"), YW_PINT(12345));
	x->ch_upd_none = yw_db_changes(c);
	x->upd_one = yw_q(c, "UPDATE t_parent SET name = $1 WHERE id = $2", NULL, NULL,
			  YW_PTEXT("renamed"), YW_PINT(1));
	x->ch_upd_one = yw_db_changes(c);
	int64_t dummy = 0;
	x->sel_none = yw_q(c, "SELECT id FROM t_parent WHERE id = $1", yw_row_get_int, &dummy,
			   YW_PINT(12345));
	x->sel_rows = yw_q(c, "SELECT id FROM t_parent WHERE id >= $1", NULL, NULL, YW_PINT(0));
	x->ch_sel = yw_db_changes(c);
	x->ins_ret = yw_q(c, "INSERT INTO t_parent (id, name) VALUES ($1, $2) RETURNING id",
			  yw_row_get_int, &x->new_id, YW_PINT(77), YW_PTEXT("returning"));
	x->ch_ins = yw_db_changes(c);
	x->del_one = yw_q(c, "DELETE FROM t_parent WHERE id = $1", NULL, NULL, YW_PINT(77));
	x->ch_del = yw_db_changes(c);
	x->del_none = yw_q(c, "DELETE FROM t_parent WHERE id = $1", NULL, NULL, YW_PINT(77));
	return YW_OK;
}

static void test_none_vs_rows(void **state UNUSED)
{
	struct none_rows x = {0};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, none_rows_body, &x), YW_OK);
	assert_int_equal(x.upd_none, YW_DB_NONE);
	assert_int_equal(x.ch_upd_none, 0);
	assert_int_equal(x.upd_one, YW_DB_ROWS);
	assert_int_equal(x.ch_upd_one, 1);
	assert_int_equal(x.sel_none, YW_DB_NONE);
	assert_int_equal(x.sel_rows, YW_DB_ROWS);
	assert_int_equal(x.ch_sel, 0); /* a SELECT changes nothing */
	assert_int_equal(x.ins_ret, YW_DB_ROWS);
	assert_int_equal(x.new_id, 77);
	assert_int_equal(x.ch_ins, 1);
	assert_int_equal(x.del_one, YW_DB_ROWS);
	assert_int_equal(x.ch_del, 1);
	assert_int_equal(x.del_none, YW_DB_NONE);
}

struct retry_ctx {
	int calls, fail_times, code;
};

static int retry_body(struct yw_conn *c, void *arg)
{
	struct retry_ctx *x = arg;
	x->calls++;
	int r = yw_q(c, "UPDATE t_counter SET n = n + 1 WHERE id = $1", NULL, NULL, YW_PINT(5));
	if (r < 0)
		return r;
	return x->calls <= x->fail_times ? x->code : YW_OK;
}

static void test_retry(void **state UNUSED)
{
	struct retry_ctx x = {.fail_times = 2, .code = YW_RETRY};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, retry_body, &x), YW_OK);
	assert_int_equal(x.calls, 3);
	/* The two failed attempts were rolled back: one increment survives. */
	assert_int_equal(read_int("SELECT n FROM t_counter WHERE id = $1", 5), 1);
	struct retry_ctx y = {.fail_times = 2, .code = YW_DB_RETRY};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, retry_body, &y), YW_OK);
	assert_int_equal(y.calls, 3);
	assert_int_equal(read_int("SELECT n FROM t_counter WHERE id = $1", 5), 2);
}

/* A statement that fails to prepare (its table does not exist yet) must not
 * leave a broken entry in the statement cache. */
static const char SQL_LATER[] = "SELECT COUNT(*) FROM t_later WHERE id > $1";

static int later_body(struct yw_conn *c, void *arg)
{
	int64_t *out = arg;
	int r = yw_q(c, SQL_LATER, yw_row_get_int, out, YW_PINT(0));
	return r < 0 ? r : YW_OK;
}

static void test_failed_prepare_not_cached(void **state UNUSED)
{
	int64_t n = -1;
	for (int i = 0; i < 3; i++)
		assert_int_equal(yw_store_tx(S, YW_TX_WRITE, later_body, &n), YW_STORE_ERR);
	assert_int_equal(exec_w("CREATE TABLE t_later (id INTEGER PRIMARY KEY)"), YW_OK);
	assert_int_equal(exec_w("INSERT INTO t_later (id) VALUES (1)"), YW_OK);
	/* Several times: on PostgreSQL each may run on another pooled connection. */
	for (int i = 0; i < 10; i++) {
		n = -1;
		assert_int_equal(yw_store_tx(S, YW_TX_WRITE, later_body, &n), YW_OK);
		assert_int_equal(n, 1);
	}
}

/* ---- concurrency ---- */

enum { THREADS = 8, PER_THREAD = 200 };

struct worker {
	struct yw_store *s;
	int failures, attempts;
	int64_t seen;
};

static int increment_body(struct yw_conn *c, void *arg)
{
	struct worker *w = arg;
	w->attempts++;
	int64_t before = -1;
	/* Read, then write atomically: the read must not be what we write. */
	int r = yw_q(c, "SELECT n FROM t_counter WHERE id = $1", yw_row_get_int, &before,
		     YW_PINT(1));
	if (r < 0)
		return r;
	r = yw_q(c, "UPDATE t_counter SET n = n + 1 WHERE id = $1 RETURNING n", yw_row_get_int,
		 &w->seen, YW_PINT(1));
	if (r < 0)
		return r;
	return r == YW_DB_ROWS && w->seen > before ? YW_OK : YW_FAIL;
}

static int pair_row(void *arg, const struct yw_row *row)
{
	int64_t *v = arg;
	v[0] = yw_row_int(row, 0);
	v[1] = yw_row_int(row, 1);
	return 1;
}

/* Read-modify-write with an optimistic version check: a concurrent commit
 * between our read and our write makes the UPDATE match no row, and the
 * runner runs the whole body again. */
static int rmw_body(struct yw_conn *c, void *arg)
{
	struct worker *w = arg;
	w->attempts++;
	int64_t v[2] = {-1, -1};
	int r = yw_q(c, "SELECT n, version FROM t_counter WHERE id = $1", pair_row, v, YW_PINT(2));
	if (r < 0)
		return r;
	r = yw_q(c, "UPDATE t_counter SET n = $1, version = version + 1 WHERE id = $2 AND version = $3",
		 NULL, NULL, YW_PINT(v[0] + 1), YW_PINT(2), YW_PINT(v[1]));
	if (r < 0)
		return r;
	return r == YW_DB_NONE ? YW_RETRY : YW_OK;
}

struct run {
	struct worker w;
	yw_tx_fn fn;
	int n;
};

static void *run_thread(void *arg)
{
	struct run *r = arg;
	for (int i = 0; i < r->n; i++)
		if (yw_store_tx(r->w.s, YW_TX_WRITE, r->fn, &r->w) != YW_OK)
			r->w.failures++;
	return NULL;
}

static int run_threads(yw_tx_fn fn, int *attempts)
{
	pthread_t t[THREADS];
	struct run runs[THREADS];
	for (int i = 0; i < THREADS; i++) {
		runs[i] = (struct run){.w.s = S, .fn = fn, .n = PER_THREAD};
		pthread_create(&t[i], NULL, run_thread, &runs[i]);
	}
	int failures = 0;
	*attempts = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		failures += runs[i].w.failures;
		*attempts += runs[i].w.attempts;
	}
	return failures;
}

static void test_no_lost_updates_atomic(void **state UNUSED)
{
	int attempts;
	assert_int_equal(run_threads(increment_body, &attempts), 0);
	assert_int_equal(read_int("SELECT n FROM t_counter WHERE id = $1", 1), THREADS * PER_THREAD);
}

static void test_no_lost_updates_version_check(void **state UNUSED)
{
	int attempts;
	assert_int_equal(run_threads(rmw_body, &attempts), 0);
	assert_int_equal(read_int("SELECT n FROM t_counter WHERE id = $1", 2), THREADS * PER_THREAD);
	assert_int_equal(read_int("SELECT version FROM t_counter WHERE id = $1", 2),
			 THREADS * PER_THREAD);
	print_message("version-check increments: %d attempts for %d commits\n", attempts,
		      THREADS * PER_THREAD);
}

/* Writers move units between rows 3 and 4 (sum 2000); readers, in read
 * transactions, read the two rows with two statements and must always see
 * a sum of 2000: every read transaction sees one consistent snapshot. */
struct rw_shared {
	struct yw_store *s;
	_Atomic int stop;
	_Atomic int bad_sum, read_errors, write_errors, reads;
};

static int transfer_body(struct yw_conn *c, void *arg)
{
	int64_t amount = *(int64_t *)arg;
	int r = yw_q(c, "UPDATE t_counter SET n = n - $1 WHERE id = $2", NULL, NULL, YW_PINT(amount),
		     YW_PINT(3));
	if (r < 0)
		return r;
	r = yw_q(c, "UPDATE t_counter SET n = n + $1 WHERE id = $2", NULL, NULL, YW_PINT(amount),
		 YW_PINT(4));
	return r < 0 ? r : YW_OK;
}

static int sum_body(struct yw_conn *c, void *arg)
{
	int64_t *sum = arg;
	int64_t a = 0, b = 0;
	int r = yw_q(c, "SELECT n FROM t_counter WHERE id = $1", yw_row_get_int, &a, YW_PINT(3));
	if (r < 0)
		return r;
	r = yw_q(c, "SELECT n FROM t_counter WHERE id = $1", yw_row_get_int, &b, YW_PINT(4));
	if (r < 0)
		return r;
	*sum = a + b;
	return YW_OK;
}

static void *writer_thread(void *arg)
{
	struct rw_shared *sh = arg;
	for (int i = 0; i < 150; i++) {
		int64_t amount = (i % 2) ? 7 : -5;
		if (yw_store_tx(sh->s, YW_TX_WRITE, transfer_body, &amount) != YW_OK)
			sh->write_errors++;
	}
	return NULL;
}

static void *reader_thread(void *arg)
{
	struct rw_shared *sh = arg;
	while (!sh->stop) {
		int64_t sum = 0;
		if (yw_store_tx(sh->s, YW_TX_READ, sum_body, &sum) != YW_OK)
			sh->read_errors++;
		else if (sum != 2000)
			sh->bad_sum++;
		sh->reads++;
	}
	return NULL;
}

static void test_readers_while_writing(void **state UNUSED)
{
	struct rw_shared sh = {.s = S};
	pthread_t w[4], r[4];
	for (int i = 0; i < 4; i++) {
		pthread_create(&r[i], NULL, reader_thread, &sh);
		pthread_create(&w[i], NULL, writer_thread, &sh);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(w[i], NULL);
	sh.stop = 1;
	for (int i = 0; i < 4; i++)
		pthread_join(r[i], NULL);
	assert_int_equal(sh.write_errors, 0);
	assert_int_equal(sh.read_errors, 0);
	assert_int_equal(sh.bad_sum, 0);
	assert_true(sh.reads > 0);
	assert_int_equal(read_int("SELECT n FROM t_counter WHERE id = $1", 3), 1000 - 4 * 75 * 2);
}

/* ---- the audit table is append-only ---- */

static int audit_insert_body(struct yw_conn *c, void *arg)
{
	int r = yw_q(c,
		     "INSERT INTO audit (at, actor_id, actor_name, role, action, entity, entity_id, "
		     "summary, request_id, client_ip, prev_hash, hash) "
		     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
		     yw_row_get_int, arg, YW_PINT(1700000000000LL), YW_PINT(1), YW_PTEXT("管理员"),
		     YW_PTEXT("admin"), YW_PTEXT("create"), YW_PTEXT("hall"), YW_PINT(1),
		     YW_PTEXT("新建大厅"), YW_PTEXT(NULL), YW_PTEXT("127.0.0.1"), YW_PTEXT("00"),
		     YW_PTEXT("11"));
	return r < 0 ? r : YW_OK;
}

struct audit_try {
	const char *sql;
	int64_t id;
	int result;
};

static int audit_try_body(struct yw_conn *c, void *arg)
{
	struct audit_try *a = arg;
	a->result = yw_q(c, a->sql, NULL, NULL, YW_PINT(a->id));
	return a->result < 0 ? YW_FAIL : YW_OK;
}

static void test_audit_append_only(void **state UNUSED)
{
	int64_t id = 0;
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, audit_insert_body, &id), YW_OK);
	assert_true(id > 0);
	struct audit_try upd = {.sql = "UPDATE audit SET summary = 'changed' WHERE id = $1", .id = id};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, audit_try_body, &upd), YW_FAIL);
	assert_int_equal(upd.result, YW_DB_HARD);
	struct audit_try del = {.sql = "DELETE FROM audit WHERE id = $1", .id = id};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, audit_try_body, &del), YW_FAIL);
	assert_int_equal(del.result, YW_DB_HARD);
	assert_int_equal(read_int("SELECT COUNT(*) FROM audit WHERE id = $1 AND summary = '新建大厅'", id),
			 1);
	if (is_pg()) {
		/* Row triggers do not see TRUNCATE; a statement trigger does. */
		assert_int_equal(exec_w("TRUNCATE audit"), YW_STORE_ERR);
		assert_int_equal(read_int("SELECT COUNT(*) FROM audit WHERE id = $1", id), 1);
	}
}

/* ---- entity_store's generated SQL runs on both ---- */

static const char *const test_levels[] = {"province", "city", "district", "street", "community",
					  NULL};
static const struct yw_field region_fields[] = {
	{.name = "code", .type = YW_F_TEXT, .flags = YW_FF_REQUIRED | YW_FF_SEARCH, .max = 12},
	{.name = "name", .type = YW_F_TEXT, .flags = YW_FF_REQUIRED | YW_FF_SEARCH, .max = 64},
	{.name = "level", .type = YW_F_ENUM, .flags = YW_FF_REQUIRED | YW_FF_FILTER,
	 .enums = test_levels},
	{.name = "parent_id", .type = YW_F_REF, .flags = YW_FF_FILTER, .ref = "regions"},
	{.name = "path", .type = YW_F_TEXT, .flags = YW_FF_INTERNAL},
};
static struct yw_entity test_region = {
	.name = "region",
	.plural = "regions",
	.table = "regions",
	.fields = region_fields,
	.nfields = 5,
	.order_by = "code",
	.scope_region = YW_SCOPE_SELF,
	.scope_department = -1,
	.scope_hall = -1,
};

struct ent_ctx {
	struct yw_rec *rec;
	int64_t expected;
	int result;
	bool unique;
	struct yw_list_query lq;
	struct yw_rec_list list;
	int64_t id;
	int64_t refs;
};

static int ent_insert_body(struct yw_conn *c, void *arg)
{
	struct ent_ctx *x = arg;
	x->result = yw_estore_insert(c, x->rec);
	x->unique = x->result < 0 && yw_db_err_unique(c);
	return x->result < 0 ? YW_FAIL : YW_OK;
}

static int ent_update_body(struct yw_conn *c, void *arg)
{
	struct ent_ctx *x = arg;
	x->result = yw_estore_update(c, x->rec, x->expected);
	return x->result == YW_NOTFOUND ? YW_OK : x->result;
}

static int ent_list_body(struct yw_conn *c, void *arg)
{
	struct ent_ctx *x = arg;
	yw_rec_list_free(&x->list);
	return yw_estore_list(c, &test_region, &x->lq, &x->list);
}

static int ent_get_body(struct yw_conn *c, void *arg)
{
	struct ent_ctx *x = arg;
	yw_rec_free(x->rec);
	x->rec = NULL;
	x->result = yw_estore_get(c, &test_region, x->id, &x->rec);
	return x->result == YW_NOTFOUND ? YW_OK : x->result;
}

static int ent_delete_body(struct yw_conn *c, void *arg)
{
	struct ent_ctx *x = arg;
	x->result = yw_estore_delete(c, &test_region, x->id);
	return x->result == YW_NOTFOUND ? YW_OK : x->result;
}

static int ent_refs_body(struct yw_conn *c, void *arg)
{
	struct ent_ctx *x = arg;
	return yw_estore_count_refs(c, &test_region, "parent_id", false, x->id, &x->refs);
}

static int64_t add_region(const char *code, const char *name, const char *level, int64_t parent,
			  const char *parent_path)
{
	struct yw_rec *r = yw_rec_new(&test_region);
	yw_val_set_text(yw_rec_val(r, "code"), code);
	yw_val_set_text(yw_rec_val(r, "name"), name);
	yw_val_set_text(yw_rec_val(r, "level"), level);
	if (parent)
		yw_val_set_int(yw_rec_val(r, "parent_id"), parent);
	else
		yw_val_set_null(yw_rec_val(r, "parent_id"));
	char path[128];
	snprintf(path, sizeof path, "%s%s/", parent_path ? parent_path : "/", code);
	yw_val_set_text(yw_rec_val(r, "path"), path);
	struct ent_ctx x = {.rec = r};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, ent_insert_body, &x), YW_OK);
	assert_int_equal(r->version, 1);
	int64_t id = r->id;
	assert_true(id > 0);
	yw_rec_free(r);
	return id;
}

/* List with the given query; returns the total and checks the page size. */
static int64_t list(struct ent_ctx *x, int expect_n)
{
	assert_int_equal(yw_store_tx(S, YW_TX_READ, ent_list_body, x), YW_OK);
	assert_int_equal(x->list.n, expect_n);
	return x->list.total;
}

static void test_entity_store(void **state UNUSED)
{
	yw_entity_store_init(&test_region);
	struct yw_list_query lq0 = {.limit = 50};
	struct ent_ctx x = {.lq = lq0};
	/* First call with every optional parameter NULL. */
	assert_int_equal(list(&x, 0), 0);

	int64_t gd = add_region("440000", "广东省", "province", 0, NULL);
	int64_t sz = add_region("440300", "深圳市", "city", gd, "/440000/");
	int64_t ft = add_region("440304", "福田区", "district", sz, "/440000/440300/");
	int64_t bj = add_region("110000", "Beijing Shi", "province", 0, NULL);
	(void)ft;

	assert_int_equal(list(&x, 4), 4);
	assert_string_equal(x.list.items[0]->v[0].s, "110000"); /* ORDER BY code */
	assert_true(x.list.items[0]->v[3].null);                /* parent_id */
	assert_int_equal(x.list.items[2]->v[3].i, gd);

	/* Free-text search: Chinese, case-insensitive ASCII, code digits,
	 * and LIKE wildcards taken literally. */
	x.lq.q = "深圳";
	assert_int_equal(list(&x, 1), 1);
	assert_int_equal(x.list.items[0]->id, sz);
	x.lq.q = "BEIJING";
	assert_int_equal(list(&x, 1), 1);
	assert_int_equal(x.list.items[0]->id, bj);
	x.lq.q = "4403";
	assert_int_equal(list(&x, 2), 2);
	x.lq.q = "%";
	assert_int_equal(list(&x, 0), 0);
	x.lq.q = "_";
	assert_int_equal(list(&x, 0), 0);
	x.lq.q = NULL;

	/* Equality filters, one per filterable field. */
	struct yw_val filters[5] = {0};
	x.lq.filters = filters;
	yw_val_set_text(&filters[2], "province");
	assert_int_equal(list(&x, 2), 2);
	yw_val_set_null(&filters[2]);
	filters[2].set = false;
	yw_val_set_int(&filters[3], gd);
	assert_int_equal(list(&x, 1), 1);
	assert_int_equal(x.list.items[0]->id, sz);
	filters[3].set = false;
	x.lq.filters = NULL;

	/* Scope: the subtree under a region's path. */
	x.lq.scope.region_id = gd;
	x.lq.region_path = "/440000/";
	assert_int_equal(list(&x, 3), 3);
	x.lq.scope.region_id = 0;
	x.lq.region_path = NULL;

	/* Paging: the total counts every match, the page only its slice. */
	x.lq.limit = 2;
	x.lq.offset = 1;
	assert_int_equal(list(&x, 2), 4);
	assert_string_equal(x.list.items[0]->v[0].s, "440000");
	x.lq.offset = 3;
	assert_int_equal(list(&x, 1), 4);
	yw_rec_list_free(&x.list);

	/* Get, update with a version check, stale update, delete. */
	struct ent_ctx g = {.id = sz};
	assert_int_equal(yw_store_tx(S, YW_TX_READ, ent_get_body, &g), YW_OK);
	assert_int_equal(g.result, YW_OK);
	assert_string_equal(yw_rec_cval(g.rec, "name")->s, "深圳市");
	assert_int_equal(g.rec->version, 1);
	yw_val_set_text(yw_rec_val(g.rec, "name"), "深圳市（改）");
	struct ent_ctx u = {.rec = g.rec, .expected = 1};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, ent_update_body, &u), YW_OK);
	assert_int_equal(u.result, YW_OK);
	assert_int_equal(g.rec->version, 2);
	u.expected = 1; /* someone else's stale copy */
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, ent_update_body, &u), YW_OK);
	assert_int_equal(u.result, YW_NOTFOUND);
	assert_int_equal(yw_store_tx(S, YW_TX_READ, ent_get_body, &g), YW_OK);
	assert_string_equal(yw_rec_cval(g.rec, "name")->s, "深圳市（改）");
	assert_int_equal(g.rec->version, 2);

	struct ent_ctx refs = {.id = gd};
	assert_int_equal(yw_store_tx(S, YW_TX_READ, ent_refs_body, &refs), YW_OK);
	assert_int_equal(refs.refs, 1);

	/* A duplicate code is a uniqueness violation. */
	struct yw_rec *dup = yw_rec_clone(g.rec);
	struct ent_ctx d = {.rec = dup};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, ent_insert_body, &d), YW_FAIL);
	assert_true(d.unique);
	yw_rec_free(dup);

	struct ent_ctx del = {.id = bj};
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, ent_delete_body, &del), YW_OK);
	assert_int_equal(del.result, YW_OK);
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, ent_delete_body, &del), YW_OK);
	assert_int_equal(del.result, YW_NOTFOUND);
	g.id = bj;
	assert_int_equal(yw_store_tx(S, YW_TX_READ, ent_get_body, &g), YW_OK);
	assert_int_equal(g.result, YW_NOTFOUND);
	assert_null(g.rec);
}

/* ---- PostgreSQL only: the pool, reconnects, deadlocks ---- */

/* A write in a read transaction fails on PostgreSQL (READ ONLY); on SQLite
 * it would bypass the single writer. */
static void test_pg_read_tx_is_read_only(void **state UNUSED)
{
	if (!is_pg())
		skip();
	struct sql_ctx x = {.sql = "UPDATE t_counter SET n = n WHERE id = 6"};
	assert_int_equal(yw_store_tx(S, YW_TX_READ, exec_body, &x), YW_STORE_ERR);
}

/* A body that ignores a failed statement and returns YW_OK: PostgreSQL has
 * already aborted the transaction, and the commit must say so rather than
 * report success. (SQLite undoes only the failed statement and commits.) */
static int ignore_error_body(struct yw_conn *c, void *arg)
{
	(void)yw_q(c, SQL_PARENT_PUT, NULL, NULL, YW_PINT(50), YW_PTEXT("kept?"));
	(void)yw_q(c, SQL_PARENT_PUT, NULL, NULL, YW_PINT(1), YW_PTEXT("duplicate"));
	return YW_OK;
}

static void test_pg_ignored_error_fails_commit(void **state UNUSED)
{
	if (!is_pg())
		skip();
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, ignore_error_body, NULL), YW_STORE_ERR);
	assert_int_equal(read_int(SQL_PARENT_COUNT, 50), 0);
}

static char *with_option(const char *opt)
{
	size_t n = strlen(store_url) + strlen(opt) + 2;
	char *s = malloc(n);
	snprintf(s, n, "%s %s", store_url, opt);
	return s;
}

static void test_pg_pool_size(void **state UNUSED)
{
	if (!is_pg())
		skip();
	struct yw_error err = {0};
	char *bad = with_option("pool_size=0");
	assert_null(yw_store_open(bad, &err));
	free(bad);
	/* Two connections for eight threads: acquire waits, nothing fails. */
	char *url = with_option("pool_size=2");
	struct yw_store *saved = S;
	S = yw_store_open(url, &err);
	free(url);
	assert_non_null(S);
	int attempts;
	int64_t before = read_int("SELECT n FROM t_counter WHERE id = $1", 1);
	assert_int_equal(run_threads(increment_body, &attempts), 0);
	assert_int_equal(read_int("SELECT n FROM t_counter WHERE id = $1", 1),
			 before + THREADS * PER_THREAD);
	yw_store_close(S);
	S = saved;
}

/* libpq's URL form, with our option among libpq's own. */
static void test_pg_url_form(void **state UNUSED)
{
	if (!is_pg())
		skip();
	char host[1024] = "", db[256] = "", user[256] = "";
	for (const char *p = store_url; *p;) {
		while (*p == ' ')
			p++;
		const char *eq = strchr(p, '='), *end = strchr(p, ' ');
		if (!eq)
			break;
		if (!end)
			end = p + strlen(p);
		int klen = (int)(eq - p), vlen = (int)(end - eq - 1);
		if (klen == 4 && !strncmp(p, "host", 4))
			snprintf(host, sizeof host, "%.*s", vlen, eq + 1);
		else if (klen == 6 && !strncmp(p, "dbname", 6))
			snprintf(db, sizeof db, "%.*s", vlen, eq + 1);
		else if (klen == 4 && !strncmp(p, "user", 4))
			snprintf(user, sizeof user, "%.*s", vlen, eq + 1);
		p = end;
	}
	if (!*host || !*db || host[0] != '/')
		skip(); /* only the unix-socket conninfo of the test cluster is handled */
	char url[2048];
	snprintf(url, sizeof url, "postgresql:///%s?host=%s&pool_size=3%s%s", db, host,
		 *user ? "&user=" : "", user);
	struct yw_error err = {0};
	struct yw_store *s = yw_store_open(url, &err);
	assert_non_null(s);
	struct yw_store *saved = S;
	S = s;
	assert_int_equal(read_int("SELECT n FROM t_counter WHERE id = $1", 3) +
				 read_int("SELECT n FROM t_counter WHERE id = $1", 4),
			 2000);
	S = saved;
	yw_store_close(s);
}

/* A connection killed by the server is reset by the next acquire; the
 * transaction that met the dead connection is retried, not failed. */
static int pid_body(struct yw_conn *c, void *arg)
{
	int r = yw_q0(c, "SELECT pg_backend_pid()", yw_row_get_int, arg);
	return r < 0 ? r : YW_OK;
}

static int kill_body(struct yw_conn *c, void *arg)
{
	int r = yw_q(c, "SELECT pg_terminate_backend(CAST($1 AS INTEGER))", NULL, NULL,
		     YW_PINT(*(int64_t *)arg));
	return r < 0 ? r : YW_OK;
}

static void test_pg_reconnect(void **state UNUSED)
{
	if (!is_pg())
		skip();
	char *url = with_option("pool_size=1");
	struct yw_store *one = yw_store_open(url, NULL);
	free(url);
	assert_non_null(one);
	int64_t pid = 0, pid2 = 0;
	assert_int_equal(yw_store_tx(one, YW_TX_READ, pid_body, &pid), YW_OK);
	assert_int_equal(yw_store_tx(S, YW_TX_WRITE, kill_body, &pid), YW_OK);
	/* The backend exits shortly after the signal. */
	for (int i = 0; i < 100 && read_int("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = "
					     "CAST($1 AS INTEGER)",
					     pid);
	     i++)
		usleep(20000);
	assert_int_equal(yw_store_tx(one, YW_TX_READ, pid_body, &pid2), YW_OK);
	assert_true(pid2 != pid && pid2 > 0);
	/* The statement cache was emptied with the old session. */
	assert_int_equal(yw_store_tx(one, YW_TX_READ, pid_body, &pid2), YW_OK);
	yw_store_close(one);
}

/* Two transactions that lock rows 5 and 6 in opposite orders deadlock; the
 * server aborts one with 40P01 and the runner runs it again. */
struct deadlock {
	pthread_barrier_t *barrier;
	int64_t first, second;
	int attempts, result;
};

static int deadlock_body(struct yw_conn *c, void *arg)
{
	struct deadlock *d = arg;
	d->attempts++;
	int r = yw_q(c, "UPDATE t_counter SET n = n + 1 WHERE id = $1", NULL, NULL, YW_PINT(d->first));
	if (r < 0)
		return r;
	if (d->attempts == 1)
		pthread_barrier_wait(d->barrier);
	r = yw_q(c, "UPDATE t_counter SET n = n + 1 WHERE id = $1", NULL, NULL, YW_PINT(d->second));
	return r < 0 ? r : YW_OK;
}

static void *deadlock_thread(void *arg)
{
	struct deadlock *d = arg;
	d->result = yw_store_tx(S, YW_TX_WRITE, deadlock_body, d);
	return NULL;
}

static void test_pg_deadlock_retried(void **state UNUSED)
{
	if (!is_pg())
		skip();
	int64_t a0 = read_int("SELECT n FROM t_counter WHERE id = $1", 5);
	int64_t b0 = read_int("SELECT n FROM t_counter WHERE id = $1", 6);
	pthread_barrier_t barrier;
	pthread_barrier_init(&barrier, NULL, 2);
	struct deadlock d1 = {.barrier = &barrier, .first = 5, .second = 6};
	struct deadlock d2 = {.barrier = &barrier, .first = 6, .second = 5};
	pthread_t t1, t2;
	pthread_create(&t1, NULL, deadlock_thread, &d1);
	pthread_create(&t2, NULL, deadlock_thread, &d2);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	pthread_barrier_destroy(&barrier);
	assert_int_equal(d1.result, YW_OK);
	assert_int_equal(d2.result, YW_OK);
	assert_int_equal(d1.attempts + d2.attempts, 3);
	assert_int_equal(read_int("SELECT n FROM t_counter WHERE id = $1", 5), a0 + 2);
	assert_int_equal(read_int("SELECT n FROM t_counter WHERE id = $1", 6), b0 + 2);
}

/* Group commit (SQLite shares one COMMIT among queued writers): each member
 * is its own unit. Writers that fail after writing leave nothing behind;
 * every writer that was told "committed" is in the store; nobody waits
 * forever. The same contract holds on PostgreSQL without batching. */
struct gc_arg {
	int thread;
	int ok, failed;
};

struct gc_tx {
	int thread, i;
};

static int gc_body(struct yw_conn *c, void *arg)
{
	struct gc_tx *t = arg;
	int r = yw_q(c, "INSERT INTO t_gc (thread, i) VALUES ($1, $2)", NULL, NULL, YW_PINT(t->thread),
		     YW_PINT(t->i));
	if (r < 0)
		return r;
	return t->i % 3 == 0 ? YW_FAIL : YW_OK; /* every third one changes its mind */
}

static void *gc_writer(void *p)
{
	struct gc_arg *a = p;
	for (int i = 0; i < 150; i++) {
		struct gc_tx t = {a->thread, i};
		if (yw_store_tx(S, YW_TX_WRITE, gc_body, &t) == YW_OK)
			a->ok++;
		else
			a->failed++;
	}
	return NULL;
}

static void test_group_commit_members(void **state UNUSED)
{
	assert_int_equal(exec_w("CREATE TABLE t_gc (thread INTEGER NOT NULL, i INTEGER NOT NULL, "
				"PRIMARY KEY (thread, i))"),
			 YW_OK);
	enum { GC_THREADS = 8 };
	pthread_t th[GC_THREADS];
	struct gc_arg args[GC_THREADS];
	for (int k = 0; k < GC_THREADS; k++) {
		args[k] = (struct gc_arg){.thread = k};
		pthread_create(&th[k], NULL, gc_writer, &args[k]);
	}
	int ok = 0;
	for (int k = 0; k < GC_THREADS; k++) {
		pthread_join(th[k], NULL);
		assert_int_equal(args[k].ok, 100);
		assert_int_equal(args[k].failed, 50);
		ok += args[k].ok;
	}
	assert_int_equal(read_int("SELECT COUNT(*) FROM t_gc WHERE i >= $1", 0), ok);
	assert_int_equal(read_int("SELECT COUNT(*) FROM t_gc WHERE i % 3 = $1", 0), 0);
	/* And the store is usable afterwards: no batch left open. */
	assert_int_equal(exec_w("DELETE FROM t_gc"), YW_OK);
	assert_int_equal(read_int("SELECT COUNT(*) FROM t_gc WHERE i >= $1", 0), 0);
}

int main(void)
{
	store_url = getenv("YW_TEST_STORE");
	if (!store_url || !*store_url) {
		printf("YW_TEST_STORE is not set (for PostgreSQL: start a cluster with "
		       "scripts/pg-test-cluster.sh and set YW_TEST_PG before cmake); skipping\n");
		return 77;
	}
	yw_log_set_level(YW_LOG_ERROR);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate),
		cmocka_unit_test(test_params_and_rows),
		cmocka_unit_test(test_literal_dollar),
		cmocka_unit_test(test_boolean_expressions),
		cmocka_unit_test(test_optional_filters),
		cmocka_unit_test(test_commit_visible),
		cmocka_unit_test(test_error_rolls_back),
		cmocka_unit_test(test_unique_violation),
		cmocka_unit_test(test_fk_violation),
		cmocka_unit_test(test_none_vs_rows),
		cmocka_unit_test(test_retry),
		cmocka_unit_test(test_failed_prepare_not_cached),
		cmocka_unit_test(test_no_lost_updates_atomic),
		cmocka_unit_test(test_no_lost_updates_version_check),
		cmocka_unit_test(test_readers_while_writing),
		cmocka_unit_test(test_group_commit_members),
		cmocka_unit_test(test_audit_append_only),
		cmocka_unit_test(test_entity_store),
		cmocka_unit_test(test_pg_read_tx_is_read_only),
		cmocka_unit_test(test_pg_ignored_error_fails_commit),
		cmocka_unit_test(test_pg_pool_size),
		cmocka_unit_test(test_pg_url_form),
		cmocka_unit_test(test_pg_reconnect),
		cmocka_unit_test(test_pg_deadlock_retried),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
