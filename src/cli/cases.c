/* yiwang cases sweep: the deadline sweep once (the server runs it on a
 * timer too). Marks 预警 (yellow) and 超期 (red) on every running clock and
 * notifies the responsible departments and the supervisors once per
 * change; see docs/cases.md. */
#include "cli/cli.h"
#include "yw/case.h"
#include <stdio.h>
#include <string.h>

int yw_cmd_cases(struct yw_opts *o)
{
	if (o->help || o->argc < 1 || strcmp(o->argv[0], "sweep")) {
		puts("yiwang cases sweep [--store URL]\n"
		     "  Measures every running case clock (decision, steps, 容缺 supply, delivery)\n"
		     "  on today's working-day calendar, marks yellow (YIWANG_CASE_YELLOW_DAYS\n"
		     "  working days left, default 2, or YIWANG_CASE_YELLOW_PCT percent used,\n"
		     "  default 80) and red (overdue), and notifies the departments and the\n"
		     "  supervisors through the outbox once per change.");
		return o->help ? 0 : 2;
	}
	struct yw_store *s = yw_cli_open_store(o, true);
	if (!s)
		return 1;
	struct yw_case_sweep_stats stats;
	struct yw_error err = {0};
	int st = yw_case_sweep_store(s, yw_now_ms(), &stats, &err);
	yw_store_close(s);
	if (st) {
		fprintf(stderr, "yiwang: the sweep failed: %s %s\n", yw_err_name(err.err), err.detail);
		return 1;
	}
	printf("cases sweep: %d checked, %d levels changed, %d notified, %d waiting for a calendar\n", stats.checked,
	       stats.changed, stats.notified, stats.missing_calendar);
	return 0;
}
