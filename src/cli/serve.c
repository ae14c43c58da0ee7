#include "cli/cli.h"
#include "api/api.h"
#include "yw/audit.h"
#include "yw/http.h"
#include "yw/queue.h"
#include "yw/rating.h"
#include "yw/case.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- periodic work of a running server ----
 * Jobs run one after another on one background thread, each every
 * `every_s` seconds (its environment variable overrides it; 0 turns it
 * off), the first run one interval after start. A job must be safe to run
 * in several instances at once (the store decides who writes). */
static int sweep_cases(struct yw_store *s)
{
	struct yw_case_sweep_stats stats;
	struct yw_error err = {0};
	int st = yw_case_sweep_store(s, yw_now_ms(), &stats, &err);
	if (st)
		yw_log(YW_LOG_WARN, "case_sweep_failed", "\"error\":\"%s\"", yw_err_name(err.err));
	else if (stats.changed)
		yw_log(YW_LOG_INFO, "case_sweep", "\"checked\":%d,\"changed\":%d,\"notified\":%d", stats.checked,
		       stats.changed, stats.notified);
	return st;
}

static struct periodic {
	const char *name, *env;
	int every_s;
	int (*run)(struct yw_store *s);
	int64_t next_ms;
} periodic[] = {
	{"case_sweep", "YIWANG_CASE_SWEEP_S", 300, sweep_cases, 0},
};
static pthread_mutex_t tick_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tick_cv = PTHREAD_COND_INITIALIZER;
static bool tick_stop;

static void *ticker(void *arg)
{
	struct yw_store *s = arg;
	pthread_mutex_lock(&tick_mu);
	while (!tick_stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&tick_cv, &tick_mu, &ts);
		if (tick_stop)
			break;
		pthread_mutex_unlock(&tick_mu);
		int64_t now = yw_mono_us() / 1000;
		for (size_t i = 0; i < sizeof periodic / sizeof periodic[0]; i++)
			if (periodic[i].every_s > 0 && now >= periodic[i].next_ms) {
				periodic[i].run(s);
				periodic[i].next_ms = yw_mono_us() / 1000 + (int64_t)periodic[i].every_s * 1000;
			}
		pthread_mutex_lock(&tick_mu);
	}
	pthread_mutex_unlock(&tick_mu);
	return NULL;
}

static bool ticker_start(struct yw_store *s, pthread_t *t)
{
	for (size_t i = 0; i < sizeof periodic / sizeof periodic[0]; i++) {
		const char *v = getenv(periodic[i].env);
		if (v && *v)
			periodic[i].every_s = atoi(v);
		periodic[i].next_ms = yw_mono_us() / 1000 + (int64_t)periodic[i].every_s * 1000;
	}
	tick_stop = false;
	return pthread_create(t, NULL, ticker, s) == 0;
}

static void ticker_stop(pthread_t t)
{
	pthread_mutex_lock(&tick_mu);
	tick_stop = true;
	pthread_cond_signal(&tick_cv);
	pthread_mutex_unlock(&tick_mu);
	pthread_join(t, NULL);
}

int yw_cmd_serve(struct yw_opts *o)
{
	if (o->help) {
		puts("yiwang serve [--listen 127.0.0.1:8080] [--store URL] [--web DIR] [--threads N]\n"
		     "  Migrates the store, then serves the API, /healthz, /metrics and the web UI\n"
		     "  until SIGINT or SIGTERM; requests in flight are finished before it exits.\n"
		     "  --listen HOST:0 picks a free port (logged in the \"listening\" line).\n"
		     "  --session-idle SECONDS  idle time after which a session expires (default 1800).");
		return 0;
	}
	if (o->session_idle_s)
		yw_auth_config.idle_ms = (int64_t)o->session_idle_s * 1000;
	struct yw_store *s = yw_cli_open_store(o, true);
	if (!s)
		return 1;
	struct stat st;
	struct yw_app app = {
		.store = s,
		.web_root = (o->web && !stat(o->web, &st) && S_ISDIR(st.st_mode)) ? o->web : NULL,
		.body_limit = o->body_limit,
		.threads = o->threads,
		.conn_timeout_s = o->conn_timeout_s,
	};
	if (!app.web_root)
		yw_log(YW_LOG_WARN, "no_web_ui", "\"web\":\"%s\",\"hint\":\"build it with make web\"", o->web);
	struct yw_error err = {0};
	if (yw_api_calendar_start(s, &err) != YW_OK) { /* the working-day calendar, from the store */
		fprintf(stderr, "yiwang: cannot load the calendar: %s\n", err.detail);
		yw_store_close(s);
		return 1;
	}
	if (yw_api_events_start(s, &err) != YW_OK) { /* hall events → streams */
		fprintf(stderr, "yiwang: cannot start the event fan-out: %s\n", err.detail);
		yw_api_calendar_stop();
		yw_store_close(s);
		return 1;
	}
	int64_t pruned = yw_queue_prune_events(s);
	if (pruned > 0)
		yw_log(YW_LOG_INFO, "queue_events_pruned", "\"deleted\":%lld", (long long)pruned);
	yw_queue_day_check(s);
	yw_rating_sweep(s, 0); /* default ratings of services whose rating period is over */
	pthread_t tick;
	bool ticking = ticker_start(s, &tick);
	int rc = yw_http_serve(&app, o->listen);
	if (ticking)
		ticker_stop(tick);
	yw_api_events_stop(s);
	yw_api_calendar_stop();
	yw_store_close(s);
	return rc;
}

int yw_cmd_migrate(struct yw_opts *o)
{
	if (o->help) {
		puts("yiwang migrate [--store URL]\n  Applies pending numbered migrations and prints the schema version.");
		return 0;
	}
	struct yw_store *s = yw_cli_open_store(o, false);
	if (!s)
		return 1;
	struct yw_error err = {0};
	int n = yw_store_migrate(s, &err);
	if (n < 0) {
		fprintf(stderr, "yiwang: migration failed: %s\n", err.detail);
		yw_store_close(s);
		return 1;
	}
	printf("applied %d migration(s); schema version %d\n", n, yw_store_schema_version(s));
	yw_store_close(s);
	return 0;
}

int yw_cmd_audit(struct yw_opts *o)
{
	if (o->help || o->argc < 1 || strcmp(o->argv[0], "verify")) {
		puts("yiwang audit verify [--store URL]\n"
		     "  Recomputes the audit log's hash chain; exits 1 and names the first\n"
		     "  changed or missing row if it is broken.");
		return o->help ? 0 : 2;
	}
	struct yw_store *s = yw_cli_open_store(o, false);
	if (!s)
		return 1;
	struct yw_error err = {0};
	int64_t n = 0;
	int st = yw_audit_verify(s, &n, &err);
	yw_store_close(s);
	if (st) {
		printf("audit chain BROKEN after checking %lld row(s): %s\n", (long long)n, err.detail);
		return 1;
	}
	printf("audit chain intact: %lld row(s)\n", (long long)n);
	return 0;
}

int yw_cmd_check(struct yw_opts *o)
{
	if (o->help) {
		puts("yiwang check [--store URL] [--web DIR]\n"
		     "  Self-test of a deployment: the store opens, the schema is current,\n"
		     "  the audit chain is intact and the web UI is built. Exits 1 on any failure.");
		return 0;
	}
	int failures = 0;
	struct yw_store *s = yw_cli_open_store(o, false);
	printf("%-28s %s\n", "store opens", s ? "ok" : "FAILED");
	if (!s)
		return 1;
	struct yw_error err = {0};
	int before = yw_store_schema_version(s);
	int pending = yw_store_migrate(s, &err);
	printf("%-28s %s (version %d, %d pending applied)\n", "schema current", pending >= 0 ? "ok" : "FAILED",
	       before, pending < 0 ? 0 : pending);
	failures += pending < 0;
	int64_t rows = 0;
	int st = yw_audit_verify(s, &rows, &err);
	printf("%-28s %s (%lld rows)%s%s\n", "audit chain", st ? "FAILED" : "ok", (long long)rows,
	       st ? ": " : "", st ? err.detail : "");
	failures += st != 0;
	char index[4096];
	snprintf(index, sizeof index, "%s/index.html", o->web);
	struct stat sb;
	bool web = !stat(index, &sb);
	printf("%-28s %s (%s)\n", "web UI built", web ? "ok" : "FAILED", index);
	failures += !web;
	yw_store_close(s);
	return failures ? 1 : 0;
}
