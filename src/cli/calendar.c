/* yiwang calendar: import holiday-cn files, manage local closures, show a
 * year. Changes go through the same domain calls (and audit) as the API; a
 * running server notices them at its next calendar check. */
#include "cli/cli.h"
#include "yw/calendar_svc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"yiwang calendar COMMAND [--store URL]\n"
	"  The working-day calendar (行政许可法 第82条: time limits count working days).\n"
	"\n"
	"  import FILE...                 import holiday-cn year files (data/holidays/2026.json);\n"
	"                                 a file named YYYY.json must hold that year. The same\n"
	"                                 data again changes nothing; an empty file records a\n"
	"                                 year with no published data (dates in it are refused\n"
	"                                 with CALENDAR_MISSING, never guessed)\n"
	"  years                          the imported years and whether each has data\n"
	"  show YEAR                      the year's holidays, make-up working days and closures,\n"
	"                                 and its number of working days\n"
	"  closure add DATE --reason TEXT close DATE (YYYY-MM-DD) for the whole deployment,\n"
	"                                 e.g. closure add 2026-09-16 --reason 台风停工\n"
	"  closure remove DATE            reopen DATE\n"
	"  closure list                   every closure\n"
	"\n"
	"  Every change is written to the audit log. Servers sharing the store pick a\n"
	"  change up within YIWANG_CALENDAR_CHECK_MS (default 5000) milliseconds.\n";

static const struct yw_actor cli_actor = {
	.user_id = 0, .name = "cli", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "cli-calendar",
};

static const struct yw_actor seed_actor = {
	.user_id = 0, .name = "seed", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "seed-demo",
};

#define MAX_FILE_BYTES (1 << 20)

static char *read_file(const char *path, struct yw_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		yw_error_set(err, YW_E_NOT_FOUND, "", "cannot read: %s", strerror(errno));
		return NULL;
	}
	char *buf = yw_malloc(MAX_FILE_BYTES + 1);
	size_t n = fread(buf, 1, MAX_FILE_BYTES + 1, f);
	bool bad = ferror(f);
	fclose(f);
	if (bad || n > MAX_FILE_BYTES) {
		yw_error_set(err, bad ? YW_E_NOT_FOUND : YW_E_BODY_TOO_LARGE, "",
			     bad ? "read error" : "larger than 1 MB");
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* "2026.json" -> 2026, so a file cannot hold another year than its name. */
static int year_of_name(const char *name)
{
	if (strlen(name) != 9 || strcmp(name + 4, ".json"))
		return 0;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		y = y * 10 + name[i] - '0';
	}
	return y;
}

static void print_error(const char *what, const struct yw_error *err, int st)
{
	if (err->err)
		fprintf(stderr, "%s: %s %s%s%s\n", what, yw_err_name(err->err), err->detail,
			err->field[0] ? " field=" : "", err->field);
	else
		fprintf(stderr, "%s: %s\n", what, st == YW_NOTFOUND ? "not found" : "the store failed");
}

static void print_result(const char *name, const struct yw_calendar_import_result *res)
{
	if (!res->has_data)
		printf("%s: %d has no published data yet (%s); its dates are refused with CALENDAR_MISSING\n",
		       name, res->year, res->changed ? "recorded" : "unchanged");
	else
		printf("%s: %d %s, %d listed days (calendar version %lld)\n", name, res->year,
		       res->changed ? "imported" : "unchanged", res->days, (long long)res->version);
}

static int cmd_import(struct yw_store *s, int argc, char **argv)
{
	if (argc < 1) {
		fputs("yiwang calendar import: name at least one file\n", stderr);
		return 2;
	}
	int failed = 0;
	for (int i = 0; i < argc; i++) {
		struct yw_error err = {0};
		char *text = read_file(argv[i], &err);
		struct yw_calendar_import_result res;
		int st = text ? yw_calendar_import(s, &cli_actor, text, year_of_name(base_name(argv[i])),
						   base_name(argv[i]), &res, &err)
			      : YW_FAIL;
		free(text);
		if (st) {
			print_error(argv[i], &err, st);
			failed++;
			continue;
		}
		print_result(argv[i], &res);
	}
	return failed ? 1 : 0;
}

int yw_cli_calendar_seed(struct yw_store *s)
{
	int failed = 0, imported = 0, unchanged = 0, kept = 0;
	for (int i = 0; yw_holiday_names[i]; i++) {
		struct yw_error err = {0};
		struct yw_calendar_import_result res;
		char *source = yw_asprintf("builtin:%s", yw_holiday_names[i]);
		int st = yw_calendar_import(s, &seed_actor, yw_holiday_texts[i],
					    year_of_name(yw_holiday_names[i]), source, &res, &err);
		free(source);
		if (st == YW_FAIL && err.err == YW_E_CALENDAR_HAS_DATA) {
			kept++; /* a year imported since with real data: keep it */
		} else if (st) {
			print_error(yw_holiday_names[i], &err, st);
			failed++;
		} else {
			res.changed ? imported++ : unchanged++;
		}
	}
	printf("seed calendar: %d year(s) imported, %d unchanged, %d kept (newer data), %d failed\n",
	       imported, unchanged, kept, failed);
	return failed;
}

static int cmd_years(struct yw_store *s)
{
	struct yw_calendar_year_info *ys;
	int n;
	int64_t version;
	if (yw_calendar_years_info(s, &ys, &n, &version)) {
		fputs("yiwang calendar: cannot read the store\n", stderr);
		return 1;
	}
	if (!n)
		puts("no calendar imported (yiwang calendar import data/holidays/*.json)");
	for (int i = 0; i < n; i++) {
		struct yw_date d = yw_date_from_epoch_ms_shanghai(ys[i].imported_at);
		char when[11];
		yw_date_format(d, when);
		printf("%d  %-8s  %3d listed days  from %s, by %s on %s\n", ys[i].year,
		       ys[i].has_data ? "data" : "NO DATA", ys[i].days, ys[i].source, ys[i].imported_by, when);
	}
	printf("calendar version %lld\n", (long long)version);
	yw_calendar_year_infos_free(ys, n);
	return 0;
}

static const char *const weekdays[] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static int cmd_show(struct yw_store *s, int argc, char **argv)
{
	char *end;
	long y = argc == 1 ? strtol(argv[0], &end, 10) : 0;
	if (argc != 1 || *end || y < YW_CALENDAR_YEAR_MIN || y > YW_CALENDAR_YEAR_MAX) {
		fprintf(stderr, "yiwang calendar show YEAR (%d-%d)\n", YW_CALENDAR_YEAR_MIN, YW_CALENDAR_YEAR_MAX);
		return 2;
	}
	struct yw_calendar *cal;
	int64_t version;
	struct yw_error err = {0};
	if (yw_calendar_build(s, &cal, &version, &err)) {
		print_error("yiwang calendar", &err, YW_STORE_ERR);
		return 1;
	}
	int rc = 0;
	if (!yw_calendar_has_year(cal, (int)y)) {
		/* Reported, never guessed: deadlines in this year are refused. */
		printf("%ld: no holiday data (not imported, or not yet published); working days in %ld "
		       "cannot be counted\n", y, y);
		rc = 1;
	} else {
		printf("date        day  status   name / reason\n");
		int working = 0;
		for (struct yw_date d = {(int)y, 1, 1}; d.y == y; d = yw_date_add_days(d, 1)) {
			bool w;
			yw_calendar_is_workday(cal, d, &w, NULL);
			working += w;
			const char *name = yw_calendar_day_name(cal, d);
			const char *closed = yw_calendar_closure(cal, d);
			if (!name && !closed)
				continue;
			char ds[11];
			yw_date_format(d, ds);
			printf("%s  %s  %-7s  %s%s%s%s\n", ds, weekdays[yw_date_weekday(d)],
			       closed ? "closed" : w ? "working" : "off", name ? name : "",
			       name && w && yw_date_weekday(d) > 5 ? " (调休上班)" : "",
			       name && closed ? " / " : "", closed ? closed : "");
		}
		printf("%ld: %d working days (calendar version %lld)\n", y, working, (long long)version);
	}
	yw_calendar_free(cal);
	return rc;
}

static bool parse_date(const char *s, struct yw_date *d)
{
	struct yw_error err = {0};
	if (yw_date_parse(s, d, "date", &err) == YW_OK)
		return true;
	fprintf(stderr, "yiwang calendar: %s\n", err.detail);
	return false;
}

static int cmd_closure(struct yw_store *s, int argc, char **argv)
{
	const char *sub = argc ? argv[0] : "";
	struct yw_error err = {0};
	struct yw_date d;
	int64_t version;
	if (!strcmp(sub, "list") && argc == 1) {
		struct yw_calendar_closure_info *cs;
		int n;
		if (yw_calendar_closures(s, &cs, &n)) {
			fputs("yiwang calendar: cannot read the store\n", stderr);
			return 1;
		}
		if (!n)
			puts("no closures");
		for (int i = 0; i < n; i++) {
			char ds[11];
			yw_date_format(cs[i].date, ds);
			printf("%s  %s  %s  (by %s)\n", ds, weekdays[yw_date_weekday(cs[i].date)], cs[i].reason,
			       cs[i].created_by);
		}
		yw_calendar_closure_infos_free(cs, n);
		return 0;
	}
	if (!strcmp(sub, "add") && argc == 4) {
		/* DATE --reason TEXT, or --reason TEXT DATE */
		int ri = !strcmp(argv[1], "--reason") ? 1 : !strcmp(argv[2], "--reason") ? 2 : 0;
		if (!ri) {
			fputs(usage, stderr);
			return 2;
		}
		const char *date = argv[ri == 1 ? 3 : 1], *reason = argv[ri + 1];
		if (!parse_date(date, &d))
			return 2;
		int st = yw_calendar_closure_add(s, &cli_actor, d, reason, NULL, &version, &err);
		if (st) {
			print_error(date, &err, st);
			return 1;
		}
		printf("%s closed: %s (calendar version %lld)\n", date, reason, (long long)version);
		return 0;
	}
	if (!strcmp(sub, "remove") && argc == 2) {
		if (!parse_date(argv[1], &d))
			return 2;
		int st = yw_calendar_closure_remove(s, &cli_actor, d, &version, &err);
		if (st) {
			print_error(argv[1], &err, st);
			return 1;
		}
		printf("%s reopened (calendar version %lld)\n", argv[1], (long long)version);
		return 0;
	}
	fputs(usage, stderr);
	return 2;
}

int yw_cmd_calendar(struct yw_opts *o)
{
	if (o->help) {
		fputs(usage, stdout);
		return 0;
	}
	const char *cmd = o->argc ? o->argv[0] : "";
	bool known = !strcmp(cmd, "import") || !strcmp(cmd, "years") || !strcmp(cmd, "show") ||
		     !strcmp(cmd, "closure");
	if (!known) {
		fputs(usage, stderr);
		return 2;
	}
	struct yw_store *s = yw_cli_open_store(o, true);
	if (!s)
		return 1;
	int argc = o->argc - 1;
	char **argv = o->argv + 1;
	int rc;
	if (!strcmp(cmd, "import"))
		rc = cmd_import(s, argc, argv);
	else if (!strcmp(cmd, "years"))
		rc = argc ? (fputs(usage, stderr), 2) : cmd_years(s);
	else if (!strcmp(cmd, "show"))
		rc = cmd_show(s, argc, argv);
	else
		rc = cmd_closure(s, argc, argv);
	yw_store_close(s);
	return rc;
}
