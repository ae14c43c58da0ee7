/* The ceiling for durable writes on this disk: commits single-row INSERT
 * transactions (BEGIN IMMEDIATE; INSERT; COMMIT) into a fresh SQLite file
 * with the durability yiwang uses (journal_mode=WAL, synchronous=FULL) for
 * a fixed time, from one thread and one connection, and prints tx/s.
 *
 * One thread is the fair comparison: yiwang funnels every write through one
 * writer connection behind a mutex (src/store/sqlite.c), so its commits are
 * serial too, and several raw writers would only add lock contention.
 *
 * Usage: sqlite_raw DB_PATH [SECONDS]   (DB_PATH must not exist yet)
 * Output: one line "sqlite_raw version=V tx=N seconds=S tx_per_s=R". */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "sqlite_raw: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
	exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(db, sql);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: sqlite_raw DB_PATH [SECONDS]\n");
		return 2;
	}
	double seconds = argc > 2 ? atof(argv[2]) : 5.0;
	if (seconds <= 0 || seconds > 60)
		seconds = 5.0;
	if (access(argv[1], F_OK) == 0) {
		fprintf(stderr, "sqlite_raw: %s exists; give a fresh path\n", argv[1]);
		return 2;
	}
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		die(db, "open");
	/* The same durability settings as yiwang's store connections. */
	exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
	exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL)");

	sqlite3_stmt *begin, *ins, *commit;
	if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t (at, payload) VALUES (?1, ?2)", -1, &ins, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) != SQLITE_OK)
		die(db, "prepare");

	/* About the size of one audit row's summary. */
	static const char payload[] = "{\"phone\":\"0762-3300100\",\"entity\":\"hall\",\"id\":1,"
				      "\"note\":\"raw sqlite single-row transaction\"}";
	long n = 0;
	double start = now_s(), end = start + seconds, t = start;
	while (t < end) {
		if (sqlite3_step(begin) != SQLITE_DONE)
			die(db, "BEGIN IMMEDIATE");
		sqlite3_reset(begin);
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)n);
		sqlite3_bind_text(ins, 2, payload, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die(db, "INSERT");
		sqlite3_reset(ins);
		if (sqlite3_step(commit) != SQLITE_DONE)
			die(db, "COMMIT");
		sqlite3_reset(commit);
		n++;
		t = now_s();
	}
	double took = t - start;
	printf("sqlite_raw version=%s tx=%ld seconds=%.3f tx_per_s=%.1f\n", sqlite3_libversion(), n, took,
	       (double)n / took);
	sqlite3_finalize(begin);
	sqlite3_finalize(ins);
	sqlite3_finalize(commit);
	sqlite3_close(db);
	return 0;
}
