/* yiwang cases sweep | fixture | stats: the deadline sweep once (the
 * server runs it on a timer too) marks 预警 (yellow) and 超期 (red) on every
 * running case clock and notifies the responsible departments and the
 * supervisors once per change; the bulk fixture writes cases straight into
 * the store (benches, statistics tests); stats --rebuild recomputes the
 * statistics rollup from the cases. See docs/cases.md. */
#include "cli/cli.h"
#include "yw/case.h"
#include "yw/case_stats.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"yiwang cases sweep [--store URL]\n"
	"  Measures every running case clock (decision, steps, 容缺 supply, delivery)\n"
	"  on today's working-day calendar, marks yellow (YIWANG_CASE_YELLOW_DAYS\n"
	"  working days left, default 2, or YIWANG_CASE_YELLOW_PCT percent used,\n"
	"  default 80) and red (overdue), and notifies the departments and the\n"
	"  supervisors through the outbox once per change.\n"
	"yiwang cases fixture --cases N [--finished M] [--from DAY] [--to DAY] [--seed S] [--store URL]\n"
	"  Writes N accepted cases straight into the store (not through the API),\n"
	"  spread over the working days of DAY..DAY (default the last year) across\n"
	"  the published hall items and receiving windows; M of them (default all)\n"
	"  decided and delivered, the rest open in a department's inbox; the\n"
	"  statistics rollup to match. For benches and tests; needs seed demo.\n"
	"yiwang cases stats --rebuild [--store URL]\n"
	"  Recomputes the statistics rollup from the cases.\n";

static const char *arg_value(struct yw_opts *o, const char *name)
{
	for (int i = 1; i + 1 < o->argc; i++)
		if (!strcmp(o->argv[i], name))
			return o->argv[i + 1];
	return NULL;
}

static bool arg_int(struct yw_opts *o, const char *name, int64_t *out)
{
	const char *v = arg_value(o, name);
	if (!v)
		return true;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < 0) {
		fprintf(stderr, "yiwang: %s needs a number\n", name);
		return false;
	}
	*out = n;
	return true;
}

static int sweep(struct yw_store *s)
{
	struct yw_case_sweep_stats stats;
	struct yw_error err = {0};
	int st = yw_case_sweep_store(s, yw_now_ms(), &stats, &err);
	if (st) {
		fprintf(stderr, "yiwang: the sweep failed: %s %s\n", yw_err_name(err.err), err.detail);
		return 1;
	}
	printf("cases sweep: %d checked, %d levels changed, %d notified, %d waiting for a calendar\n", stats.checked,
	       stats.changed, stats.notified, stats.missing_calendar);
	return 0;
}

static int fixture(struct yw_opts *o, struct yw_store *s)
{
	int64_t cases = 0, finished = -1, seed = 1;
	if (!arg_int(o, "--cases", &cases) || !arg_int(o, "--finished", &finished) || !arg_int(o, "--seed", &seed))
		return 2;
	char from[11], to[11];
	struct yw_date today = yw_date_today_shanghai();
	yw_date_format(yw_date_add_days(today, -1), to);
	yw_date_format(yw_date_add_days(today, -365), from);
	struct yw_case_fixture f = {.cases = cases, .finished = finished < 0 ? cases : finished,
				    .from = arg_value(o, "--from") ? arg_value(o, "--from") : from,
				    .to = arg_value(o, "--to") ? arg_value(o, "--to") : to, .seed = (unsigned)seed};
	struct yw_error err = {0};
	int64_t t0 = yw_now_ms();
	if (yw_case_fixture(s, &f, &err)) {
		fprintf(stderr, "yiwang: the fixture failed: %s %s %s\n", yw_err_name(err.err), err.field, err.detail);
		return 1;
	}
	printf("cases fixture: %lld cases (%lld finished) over %s..%s in %.1f s\n", (long long)f.cases,
	       (long long)f.finished, f.from, f.to, (double)(yw_now_ms() - t0) / 1000.0);
	return 0;
}

static int rebuild(struct yw_store *s)
{
	struct yw_error err = {0};
	int64_t n = 0;
	if (yw_case_stats_rebuild(s, &n, &err)) {
		fprintf(stderr, "yiwang: the rebuild failed: %s %s\n", yw_err_name(err.err), err.detail);
		return 1;
	}
	printf("cases stats: rollup rebuilt from %lld cases\n", (long long)n);
	return 0;
}

int yw_cmd_cases(struct yw_opts *o)
{
	const char *sub = o->argc ? o->argv[0] : "";
	bool known = !strcmp(sub, "sweep") || !strcmp(sub, "fixture") ||
		     (!strcmp(sub, "stats") && o->argc == 2 && !strcmp(o->argv[1], "--rebuild"));
	if (o->help || !known) {
		fputs(usage, o->help ? stdout : stderr);
		return o->help ? 0 : 2;
	}
	struct yw_store *s = yw_cli_open_store(o, true);
	if (!s)
		return 1;
	int rc = !strcmp(sub, "sweep") ? sweep(s) : !strcmp(sub, "fixture") ? fixture(o, s) : rebuild(s);
	yw_store_close(s);
	return rc;
}
