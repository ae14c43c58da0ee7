/* The clocks of a case on the official holiday calendars: statutory and
 * promised limits from acceptance (start day not counted), extensions,
 * pauses excluded (补正 and 行政许可法第45条), the delivery limit of 第44条,
 * warning levels, and a year without a calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define UNUSED __attribute__((unused))

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yw/calendar.h"
#include "yw/case_clock.h"
#include "yw/core.h"

static struct yw_calendar *cal; /* the repository's data/holidays */

static struct yw_date D(const char *s)
{
	struct yw_date d;
	assert_int_equal(yw_date_parse(s, &d, "t", NULL), YW_OK);
	return d;
}

static void assert_date(struct yw_date d, const char *want)
{
	char buf[11];
	yw_date_format(d, buf);
	assert_string_equal(buf, want);
}

static int setup(void **state UNUSED)
{
	const char *src = getenv("YW_SOURCE_DIR");
	char *dir = yw_asprintf("%s/data/holidays", src ? src : ".");
	struct yw_error err = {0};
	cal = yw_calendar_new();
	int rc = yw_calendar_load_dir(cal, dir, &err);
	if (rc != YW_OK)
		fprintf(stderr, "loading %s: %s %s\n", dir, yw_err_name(err.err), err.detail);
	free(dir);
	return rc == YW_OK ? 0 : -1;
}

static int teardown(void **state UNUSED)
{
	yw_calendar_free(cal);
	return 0;
}

static void due(const char *start, int limit, int ext, int paused, const char *want)
{
	struct yw_case_clock k = {D(start), limit, ext, paused};
	struct yw_date out;
	struct yw_error err = {0};
	assert_int_equal(yw_case_due(cal, &k, &out, &err), YW_OK);
	assert_date(out, want);
}

static int pause_days(const char *from, const char *to)
{
	int n = -1;
	struct yw_error err = {0};
	assert_int_equal(yw_case_pause_days(cal, D(from), D(to), &n, &err), YW_OK);
	return n;
}

/* Accepted on the eve of 国庆 2026 (Oct 1–7 off, Saturday Oct 10 worked):
 * the first counted day is Oct 8. */
static void test_statutory_over_national_day(void **state UNUSED)
{
	due("2026-09-30", 1, 0, 0, "2026-10-08");
	due("2026-09-30", 20, 0, 0, "2026-11-03");
	due("2026-09-30", 0, 0, 0, "2026-09-30"); /* 即办件: due the day it is accepted */
	/* The make-up Saturday counts: Sep 24 + 5 is Oct 9, not Oct 12. */
	due("2026-09-24", 5, 0, 0, "2026-10-09");
	/* DOMAIN.md's vector over the Spring Festival. */
	due("2026-02-11", 20, 0, 0, "2026-03-17");
}

static void test_extension_adds_working_days(void **state UNUSED)
{
	due("2026-09-30", 20, 10, 0, "2026-11-17");
	assert_int_equal(yw_case_extension_max(false), 10);
	assert_int_equal(yw_case_extension_max(true), 15);
}

/* Returned for 补正 on Friday Oct 9, supplied on Friday Oct 16: the six
 * working days after Oct 9 up to Oct 16 (Saturday Oct 10 included) are not
 * counted, so 20 days end six working days later. */
static void test_pauses_are_excluded(void **state UNUSED)
{
	assert_int_equal(pause_days("2026-10-09", "2026-10-16"), 6);
	due("2026-09-30", 20, 0, 6, "2026-11-11");
	/* A 检验 over the holiday: only Oct 8 was a working day of it. */
	assert_int_equal(pause_days("2026-09-30", "2026-10-08"), 1);
	due("2026-09-30", 20, 0, 1, "2026-11-04");
	/* Paused and resumed on one day: nothing excluded. */
	assert_int_equal(pause_days("2026-10-12", "2026-10-12"), 0);
	/* Over a weekend: only working days count. */
	assert_int_equal(pause_days("2026-10-16", "2026-10-19"), 1);
	/* Pause plus extension. */
	due("2026-09-30", 20, 10, 6, "2026-11-25");
}

/* 第44条: ten working days from the decision. */
static void test_delivery_limit(void **state UNUSED)
{
	due("2026-09-28", YW_CASE_DELIVERY_DAYS, 0, 0, "2026-10-16");
	due("2026-11-20", YW_CASE_DELIVERY_DAYS, 0, 0, "2026-12-04");
}

static enum yw_case_level level_on(const char *today, int paused, int *used, int *left)
{
	struct yw_case_clock k = {D("2026-09-30"), 20, 0, 0};
	struct yw_case_time t;
	struct yw_error err = {0};
	assert_int_equal(yw_case_time_on(cal, &k, D("2026-11-03"), D(today), paused, NULL, &t, &err), YW_OK);
	assert_int_equal(t.total, 20);
	*used = t.used;
	*left = t.left;
	return t.level;
}

static void test_warning_levels(void **state UNUSED)
{
	int used, left;
	assert_int_equal(level_on("2026-10-27", 0, &used, &left), YW_LEVEL_NONE);
	assert_int_equal(used, 15);
	assert_int_equal(left, 5);
	/* 16 of 20 days used: 80 % makes it yellow with four days left. */
	assert_int_equal(level_on("2026-10-28", 0, &used, &left), YW_LEVEL_YELLOW);
	assert_int_equal(used, 16);
	assert_int_equal(left, 4);
	assert_int_equal(level_on("2026-10-30", 0, &used, &left), YW_LEVEL_YELLOW);
	assert_int_equal(left, 2);
	/* The due day itself is not overdue. */
	assert_int_equal(level_on("2026-11-03", 0, &used, &left), YW_LEVEL_YELLOW);
	assert_int_equal(left, 0);
	assert_int_equal(level_on("2026-11-04", 0, &used, &left), YW_LEVEL_RED);
	assert_int_equal(left, -1);
	/* Over a weekend the count does not move. */
	assert_int_equal(level_on("2026-10-24", 0, &used, &left), YW_LEVEL_NONE);
	assert_int_equal(used, 13);
	/* A pause open since Oct 9 (six days excluded by Oct 16): two used. */
	assert_int_equal(level_on("2026-10-16", 6, &used, &left), YW_LEVEL_NONE);
	assert_int_equal(used, 2);
	/* Configurable thresholds: three days left is yellow at 3. */
	struct yw_case_clock k = {D("2026-09-30"), 20, 0, 0};
	struct yw_case_warn_cfg cfg = {.yellow_days = 3, .yellow_pct = 95};
	struct yw_case_time t;
	assert_int_equal(yw_case_time_on(cal, &k, D("2026-11-03"), D("2026-10-29"), 0, &cfg, &t, NULL), YW_OK);
	assert_int_equal(t.left, 3);
	assert_int_equal(t.level, YW_LEVEL_YELLOW);
	assert_int_equal(yw_case_time_on(cal, &k, D("2026-11-03"), D("2026-10-28"), 0, &cfg, &t, NULL), YW_OK);
	assert_int_equal(t.level, YW_LEVEL_NONE);
}

/* 2027 has no published calendar yet: reported, never guessed. */
static void test_missing_year(void **state UNUSED)
{
	struct yw_case_clock k = {D("2026-12-20"), 20, 0, 0};
	struct yw_date out;
	struct yw_error err = {0};
	assert_int_equal(yw_case_due(cal, &k, &out, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_MISSING);
	/* A limit that stays in 2026 is fine. */
	due("2026-12-20", 5, 0, 0, "2026-12-25");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statutory_over_national_day),
		cmocka_unit_test(test_extension_adds_working_days),
		cmocka_unit_test(test_pauses_are_excluded),
		cmocka_unit_test(test_delivery_limit),
		cmocka_unit_test(test_warning_levels),
		cmocka_unit_test(test_missing_year),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
