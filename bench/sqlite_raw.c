/* The ceiling for durable writes on this disk: commits small SQLite
 * transactions with the durability yiwang uses (journal_mode=WAL,
 * synchronous=FULL) for a fixed time, from one thread and one connection,
 * and prints tx/s.
 *
 *   -s row    (default) BEGIN IMMEDIATE; INSERT one row; COMMIT — the
 *             baseline `make bench` compares yiwang's audited PUT with.
 *   -s audit  the statements yiwang's PUT /api/v1/halls/1 runs inside its
 *             transaction (read the hall, update it, lock/read/advance the
 *             audit head, insert the audit row under its three indexes), but
 *             without HTTP, JSON, sessions or hashing: SQLite's own floor for
 *             that transaction, to tell SQLite's share from yiwang's.
 *
 *   -b K      group commit: K of those transactions per COMMIT, each inside
 *             its own SAVEPOINT (what a batching writer thread would do);
 *             tx counts the logical transactions. Default 1.
 *
 * One thread is the fair comparison: yiwang funnels every write through one
 * writer connection behind a mutex (src/store/sqlite.c), so its commits are
 * serial too, and several raw writers would only add lock contention.
 *
 * The database may exist already (it is reused, so several short runs can
 * be interleaved with other measurements); the WAL file is kept between
 * runs (SQLITE_FCNTL_PERSIST_WAL) so every run but the first writes into a
 * WAL of steady size, as a long-running server does.
 *
 * Usage: sqlite_raw [-s row|audit] [-b K] [-w WARMUP_S] DB_PATH [SECONDS]
 * Output: one line "sqlite_raw version=V shape=S batch=K tx=N seconds=T tx_per_s=R". */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static sqlite3 *db;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "sqlite_raw: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
	exit(1);
}

static void exec(const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sql);
}

static sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
		die(sql);
	return s;
}

static void step_done(sqlite3_stmt *s)
{
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		die(sqlite3_sql(s));
	sqlite3_reset(s);
}

/* ---- -s row ---- */

static sqlite3_stmt *row_ins;

static void row_setup(void)
{
	exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, "
	     "payload TEXT NOT NULL)");
	row_ins = prep("INSERT INTO t (at, payload) VALUES (?1, ?2)");
}

static void row_tx(long n)
{
	/* About the size of one audit row's summary. */
	static const char payload[] = "{\"phone\":\"0762-3300100\",\"entity\":\"hall\",\"id\":1,"
				      "\"note\":\"raw sqlite single-row transaction\"}";
	sqlite3_bind_int64(row_ins, 1, (sqlite3_int64)n);
	sqlite3_bind_text(row_ins, 2, payload, -1, SQLITE_STATIC);
	step_done(row_ins);
}

/* ---- -s audit: the tables and statements of src/store (0001_foundation.sql) ---- */

static sqlite3_stmt *a_get, *a_upd, *a_lock, *a_head, *a_ins, *a_set;

static void audit_setup(void)
{
	exec("CREATE TABLE IF NOT EXISTS halls (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
	     "region_id INTEGER NOT NULL, level TEXT NOT NULL, address TEXT, phone TEXT, "
	     "hours TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, "
	     "updated_at INTEGER NOT NULL);"
	     "CREATE INDEX IF NOT EXISTS halls_region ON halls(region_id);"
	     "INSERT OR IGNORE INTO halls VALUES (1, 'hall 1', 3, 'district', "
	     "'广东省河源市源城区建设大道168号政务服务中心一楼', '0762-3300100', "
	     "'[\"08:30-12:00,14:30-17:30\",\"08:30-12:00,14:30-17:30\",\"08:30-12:00,14:30-17:30\","
	     "\"08:30-12:00,14:30-17:30\",\"08:30-12:00,14:30-17:30\",\"09:00-12:00\",\"\"]', 1, 0, 0);"
	     "CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, "
	     "actor_id INTEGER, actor_name TEXT, role TEXT, action TEXT NOT NULL, entity TEXT NOT NULL, "
	     "entity_id INTEGER, summary TEXT NOT NULL, request_id TEXT, client_ip TEXT, "
	     "prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
	     "CREATE INDEX IF NOT EXISTS audit_entity ON audit(entity, entity_id);"
	     "CREATE INDEX IF NOT EXISTS audit_actor ON audit(actor_id);"
	     "CREATE INDEX IF NOT EXISTS audit_at ON audit(at);"
	     "CREATE TABLE IF NOT EXISTS audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), "
	     "last_id INTEGER NOT NULL, last_hash TEXT NOT NULL);"
	     "INSERT OR IGNORE INTO audit_head VALUES (1, 0, "
	     "'0000000000000000000000000000000000000000000000000000000000000000');");
	a_get = prep("SELECT id, name, region_id, level, address, phone, hours, version, created_at, "
		     "updated_at FROM halls WHERE id = ?1");
	a_upd = prep("UPDATE halls SET name = ?1, region_id = ?2, level = ?3, address = ?4, phone = ?5, "
		     "hours = ?6, version = version + 1, updated_at = ?7 WHERE id = ?8 AND version = ?9");
	a_lock = prep("UPDATE audit_head SET last_id = last_id WHERE id = 1");
	a_head = prep("SELECT last_id, last_hash FROM audit_head WHERE id = 1");
	a_ins = prep("INSERT INTO audit (id, at, actor_id, actor_name, role, action, entity, entity_id, "
		     "summary, request_id, client_ip, prev_hash, hash) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	a_set = prep("UPDATE audit_head SET last_id = ?1, last_hash = ?2 WHERE id = 1");
}

static void audit_tx(long n)
{
	static const char *const phones[] = {"0762-3300100", "0762-3300101"};
	char hash[65], rid[24];
	sqlite3_bind_int64(a_get, 1, 1);
	if (sqlite3_step(a_get) != SQLITE_ROW)
		die("hall 1 missing");
	sqlite3_int64 version = sqlite3_column_int64(a_get, 7);
	for (int i = 0; i < 4; i++)
		sqlite3_bind_value(a_upd, i + 1, sqlite3_column_value(a_get, i + 1));
	sqlite3_bind_text(a_upd, 5, phones[n & 1], -1, SQLITE_STATIC);
	sqlite3_bind_value(a_upd, 6, sqlite3_column_value(a_get, 6));
	sqlite3_bind_int64(a_upd, 7, (sqlite3_int64)n);
	sqlite3_bind_int64(a_upd, 8, 1);
	sqlite3_bind_int64(a_upd, 9, version);
	step_done(a_upd);
	sqlite3_reset(a_get);
	step_done(a_lock);
	if (sqlite3_step(a_head) != SQLITE_ROW)
		die("audit_head missing");
	sqlite3_int64 last = sqlite3_column_int64(a_head, 0);
	snprintf(hash, sizeof hash, "%064lx", (unsigned long)n);
	snprintf(rid, sizeof rid, "0000000000%08lx", (unsigned long)n);
	sqlite3_bind_int64(a_ins, 1, last + 1);
	sqlite3_bind_int64(a_ins, 2, (sqlite3_int64)(1795431780986 + n));
	sqlite3_bind_int64(a_ins, 3, 1);
	sqlite3_bind_text(a_ins, 4, "黄晓峰", -1, SQLITE_STATIC);
	sqlite3_bind_text(a_ins, 5, "admin", -1, SQLITE_STATIC);
	sqlite3_bind_text(a_ins, 6, "update", -1, SQLITE_STATIC);
	sqlite3_bind_text(a_ins, 7, "hall", -1, SQLITE_STATIC);
	sqlite3_bind_int64(a_ins, 8, 1);
	sqlite3_bind_text(a_ins, 9, "{\"phone\":[\"0762****100\",\"0762****101\"]}", -1, SQLITE_STATIC);
	sqlite3_bind_text(a_ins, 10, rid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(a_ins, 11, "127.0.0.1", -1, SQLITE_STATIC);
	sqlite3_bind_value(a_ins, 12, sqlite3_column_value(a_head, 1));
	sqlite3_bind_text(a_ins, 13, hash, -1, SQLITE_TRANSIENT);
	step_done(a_ins);
	sqlite3_reset(a_head);
	sqlite3_bind_int64(a_set, 1, last + 1);
	sqlite3_bind_text(a_set, 2, hash, -1, SQLITE_TRANSIENT);
	step_done(a_set);
}

/* ---- the loop ---- */

int main(int argc, char **argv)
{
	const char *shape = "row";
	double warmup = 0;
	int batch = 1, opt;
	while ((opt = getopt(argc, argv, "s:b:w:")) != -1) {
		if (opt == 's')
			shape = optarg;
		else if (opt == 'b')
			batch = atoi(optarg);
		else if (opt == 'w')
			warmup = atof(optarg);
		else
			goto usage;
	}
	if (optind >= argc || (strcmp(shape, "row") && strcmp(shape, "audit")))
		goto usage;
	double seconds = optind + 1 < argc ? atof(argv[optind + 1]) : 5.0;
	if (seconds <= 0 || seconds > 60 || warmup < 0 || warmup > 60 || batch < 1 || batch > 1000)
		goto usage;
	int audit = !strcmp(shape, "audit");

	if (sqlite3_open_v2(argv[optind], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		die("open");
	int persist = 1;
	sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	/* The same durability settings as yiwang's store connections. */
	exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
	if (audit)
		audit_setup();
	else
		row_setup();
	sqlite3_stmt *begin = prep("BEGIN IMMEDIATE"), *commit = prep("COMMIT");
	sqlite3_stmt *sp = prep("SAVEPOINT one"), *release = prep("RELEASE one");
	void (*tx)(long) = audit ? audit_tx : row_tx;

	long n = 0;
	for (double until = now_s() + warmup; now_s() < until;) {
		step_done(begin);
		for (int k = 0; k < batch; k++, n++) {
			if (batch > 1)
				step_done(sp);
			tx(n);
			if (batch > 1)
				step_done(release);
		}
		step_done(commit);
	}
	long first = n;
	double start = now_s(), end = start + seconds, t = start;
	while (t < end) {
		step_done(begin);
		for (int k = 0; k < batch; k++, n++) {
			if (batch > 1)
				step_done(sp);
			tx(n);
			if (batch > 1)
				step_done(release);
		}
		step_done(commit);
		t = now_s();
	}
	long counted = n - first;
	double took = t - start;
	printf("sqlite_raw version=%s shape=%s batch=%d tx=%ld seconds=%.3f tx_per_s=%.1f\n", sqlite3_libversion(),
	       shape, batch, counted, took, (double)counted / took);
	sqlite3_close_v2(db); /* the statements are released with the connection */
	return 0;
usage:
	fprintf(stderr, "usage: sqlite_raw [-s row|audit] [-b K] [-w WARMUP_S] DB_PATH [SECONDS]\n");
	return 2;
}
