/* LISTEN on PostgreSQL for events of every instance (docs/queue.md). One
 * thread per process, its own connection; it reconnects after a failure
 * and waits on the socket with a timeout so that it can be stopped. */
#include "store/backend.h"
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *yw_pg_conninfo(const struct yw_store *s);

static struct {
	pthread_t thread;
	atomic_bool running;
	char *conninfo, *channel;
	void (*fn)(void *ctx, const char *payload);
	void *ctx;
} L;

static PGconn *connect_and_listen(void)
{
	PGconn *pg = PQconnectdb(L.conninfo);
	if (PQstatus(pg) != CONNECTION_OK) {
		PQfinish(pg);
		return NULL;
	}
	char *sql = yw_asprintf("LISTEN %s", L.channel);
	PGresult *res = PQexec(pg, sql);
	free(sql);
	bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!ok) {
		PQfinish(pg);
		return NULL;
	}
	return pg;
}

static void *listen_loop(void *arg)
{
	PGconn *pg = arg;
	bool lost = false;
	while (atomic_load(&L.running)) {
		if (!pg) {
			if (!(pg = connect_and_listen())) {
				yw_log(YW_LOG_WARN, "listen_reconnect", "\"channel\":\"%s\"", L.channel);
				usleep(500 * 1000);
				continue;
			}
			if (lost) /* what was sent meanwhile never reached us */
				L.fn(L.ctx, NULL);
			lost = false;
		}
		/* A timeout so that yw_store_unlisten is seen within 250 ms. */
		struct pollfd p = {.fd = PQsocket(pg), .events = POLLIN};
		int n = poll(&p, 1, 250);
		if (n < 0 || (n > 0 && !PQconsumeInput(pg)) || PQstatus(pg) != CONNECTION_OK) {
			PQfinish(pg);
			pg = NULL;
			lost = true;
			continue;
		}
		PGnotify *note;
		while ((note = PQnotifies(pg))) {
			L.fn(L.ctx, note->extra);
			PQfreemem(note);
		}
	}
	if (pg)
		PQfinish(pg);
	return NULL;
}

int yw_store_listen(struct yw_store *s, const char *channel, void (*fn)(void *ctx, const char *payload), void *ctx,
		    struct yw_error *err)
{
	const char *ci = yw_pg_conninfo(s);
	if (!ci || atomic_load(&L.running))
		return YW_OK;
	L.conninfo = yw_strdup(ci);
	L.channel = yw_strdup(channel);
	L.fn = fn;
	L.ctx = ctx;
	PGconn *probe = connect_and_listen(); /* fail at start-up, not later */
	if (!probe) {
		yw_error_set(err, YW_E_STORE, NULL, "cannot LISTEN on PostgreSQL");
		free(L.conninfo);
		free(L.channel);
		return YW_FAIL;
	}
	/* The thread keeps this connection: nothing is missed from here on. */
	atomic_store(&L.running, true);
	pthread_create(&L.thread, NULL, listen_loop, probe);
	return YW_OK;
}

void yw_store_unlisten(struct yw_store *s)
{
	(void)s;
	if (!atomic_exchange(&L.running, false))
		return;
	pthread_join(L.thread, NULL);
	free(L.conninfo);
	free(L.channel);
	L.conninfo = L.channel = NULL;
}
