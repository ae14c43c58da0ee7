/* Working days and civil dates: the DOMAIN.md vectors, missing years, the
 * holiday-cn loader's refusals, and the date helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* cmocka passes a state pointer most tests do not need. */
#define UNUSED __attribute__((unused))

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yw/audit.h"
#include "yw/calendar.h"
#include "yw/calendar_svc.h"
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

static void add(const char *start, int n, const char *want)
{
	struct yw_date out;
	struct yw_error err = {0};
	assert_int_equal(yw_calendar_add_workdays(cal, D(start), n, &out, &err), YW_OK);
	assert_date(out, want);
	/* between() is the inverse of add() when the result is a working day */
	int count;
	assert_int_equal(yw_calendar_workdays_between(cal, D(start), out, &count, &err), YW_OK);
	assert_int_equal(count, n);
}

static void test_domain_vectors(void **state UNUSED)
{
	add("2025-09-26", 5, "2025-10-10"); /* over National Day, with a working Sunday */
	add("2025-12-31", 1, "2026-01-04"); /* a working Sunday */
	add("2026-02-11", 20, "2026-03-17"); /* over the Spring Festival */
	add("2026-09-30", 1, "2026-10-08");
}

static void test_more_counts(void **state UNUSED)
{
	add("2025-09-26", 0, "2025-09-26");
	add("2026-03-06", 1, "2026-03-09"); /* Friday + 1 skips an ordinary weekend */
	add("2026-03-07", 1, "2026-03-09"); /* starting on a Saturday */
	add("2024-02-29", 1, "2024-03-01");
	add("2023-01-01", 1, "2023-01-03"); /* 2023-01-02 was a day off */
	/* Counting starts the day after: start on a working day, count 1 = next */
	add("2026-03-09", 1, "2026-03-10");
	/* A whole year of working days stays within the data */
	struct yw_date out;
	struct yw_error err = {0};
	assert_int_equal(yw_calendar_add_workdays(cal, D("2023-01-01"), 240, &out, &err), YW_OK);
	assert_int_equal(out.y, 2023);
}

static void test_between(void **state UNUSED)
{
	int n;
	struct yw_error err = {0};
	assert_int_equal(yw_calendar_workdays_between(cal, D("2025-10-01"), D("2025-10-08"), &n, &err), YW_OK);
	assert_int_equal(n, 0);
	assert_int_equal(yw_calendar_workdays_between(cal, D("2025-09-26"), D("2025-09-26"), &n, &err), YW_OK);
	assert_int_equal(n, 0);
	assert_int_equal(yw_calendar_workdays_between(cal, D("2025-10-10"), D("2025-09-26"), &n, &err), YW_OK);
	assert_int_equal(n, -5);
	/* a non-working end day does not count */
	assert_int_equal(yw_calendar_workdays_between(cal, D("2026-03-06"), D("2026-03-08"), &n, &err), YW_OK);
	assert_int_equal(n, 0);
	/* 2026 has 365 days, 250 of them working days per the State Council notice */
	assert_int_equal(yw_calendar_workdays_between(cal, D("2025-12-31"), D("2026-12-31"), &n, &err), YW_OK);
	int weekdays = 0;
	for (struct yw_date d = D("2026-01-01"); d.y == 2026; d = yw_date_add_days(d, 1)) {
		bool w;
		assert_int_equal(yw_calendar_is_workday(cal, d, &w, &err), YW_OK);
		weekdays += w;
	}
	assert_int_equal(n, weekdays);
	assert_true(n >= 245 && n <= 252);
}

static void test_is_workday(void **state UNUSED)
{
	bool w;
	struct yw_error err = {0};
	assert_int_equal(yw_calendar_is_workday(cal, D("2026-01-04"), &w, &err), YW_OK);
	assert_true(w); /* Sunday, listed isOffDay false */
	assert_string_equal(yw_calendar_day_name(cal, D("2026-01-04")), "元旦");
	assert_int_equal(yw_calendar_is_workday(cal, D("2026-01-01"), &w, &err), YW_OK);
	assert_false(w); /* Thursday, listed isOffDay true */
	assert_int_equal(yw_calendar_is_workday(cal, D("2026-03-07"), &w, &err), YW_OK);
	assert_false(w); /* ordinary Saturday */
	assert_null(yw_calendar_day_name(cal, D("2026-03-07")));
	assert_int_equal(yw_calendar_is_workday(cal, D("2026-03-09"), &w, &err), YW_OK);
	assert_true(w); /* ordinary Monday */
	/* 2023.json lists 2022-12-31 but 2022 itself has no data */
	assert_false(yw_calendar_has_year(cal, 2022));
	assert_int_equal(yw_calendar_is_workday(cal, D("2022-12-31"), &w, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_MISSING);
	/* an impossible date is a format error, not a missing year */
	assert_int_equal(yw_calendar_is_workday(cal, (struct yw_date){2025, 2, 29}, &w, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_BAD_FORMAT);
}

static void test_years(void **state UNUSED)
{
	int years[10];
	assert_int_equal(yw_calendar_years(cal, years, 10), 4);
	assert_int_equal(years[0], 2023);
	assert_int_equal(years[3], 2026);
	for (int y = 2023; y <= 2026; y++)
		assert_true(yw_calendar_has_year(cal, y));
	assert_false(yw_calendar_has_year(cal, 2027));
	assert_false(yw_calendar_has_year(cal, 1800));
	assert_false(yw_calendar_has_year(cal, 99999));
}

static void test_missing_2027(void **state UNUSED)
{
	bool w;
	int n;
	struct yw_date out = {0};
	struct yw_error err = {0};
	/* 2027.json exists with an empty days list: no data, never a guess */
	assert_int_equal(yw_calendar_is_workday(cal, D("2027-03-01"), &w, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_MISSING);
	assert_non_null(strstr(err.detail, "2027"));
	assert_int_equal(yw_err_http(err.err), 422);
	memset(&err, 0, sizeof err);
	assert_int_equal(yw_calendar_add_workdays(cal, D("2026-12-28"), 10, &out, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_MISSING);
	memset(&err, 0, sizeof err);
	assert_int_equal(yw_calendar_workdays_between(cal, D("2026-12-01"), D("2027-01-05"), &n, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_MISSING);
	/* counts that stay inside 2026 still work */
	assert_int_equal(yw_calendar_add_workdays(cal, D("2026-12-28"), 3, &out, &err), YW_OK);
	assert_date(out, "2026-12-31");
	/* the start day itself is never looked at */
	assert_int_equal(yw_calendar_add_workdays(cal, D("2027-06-01"), 0, &out, &err), YW_OK);
}

static void test_bad_arguments(void **state UNUSED)
{
	struct yw_date out;
	struct yw_error err = {0};
	assert_int_equal(yw_calendar_add_workdays(cal, D("2026-01-05"), -1, &out, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_OUT_OF_RANGE);
	assert_int_equal(yw_calendar_add_workdays(cal, (struct yw_date){2026, 13, 1}, 1, &out, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_BAD_FORMAT);
	assert_int_equal(yw_calendar_add_workdays(cal, D("2026-01-05"), 1000000, &out, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_OUT_OF_RANGE);
}

static void expect_load_error(const char *json, enum yw_err want, const char *field)
{
	struct yw_calendar *c = yw_calendar_new();
	struct yw_error err = {0};
	assert_int_equal(yw_calendar_load_holiday_cn(c, json, &err), YW_FAIL);
	assert_int_equal(err.err, want);
	if (field)
		assert_string_equal(err.field, field);
	assert_false(yw_calendar_has_year(c, 2030));
	yw_calendar_free(c);
}

static void test_loader_refuses(void **state UNUSED)
{
	expect_load_error("", YW_E_BAD_JSON, NULL);
	expect_load_error(NULL, YW_E_BAD_JSON, NULL);
	expect_load_error("{\"year\":2030,", YW_E_BAD_JSON, NULL);
	expect_load_error("[]", YW_E_BAD_FORMAT, "year");
	expect_load_error("{\"days\":[]}", YW_E_BAD_FORMAT, "year");
	expect_load_error("{\"year\":\"2030\",\"days\":[]}", YW_E_BAD_FORMAT, "year");
	expect_load_error("{\"year\":2030}", YW_E_BAD_FORMAT, "days");
	expect_load_error("{\"year\":2030,\"days\":{}}", YW_E_BAD_FORMAT, "days");
	expect_load_error("{\"year\":2030,\"year\":2031,\"days\":[]}", YW_E_BAD_JSON, NULL);
	expect_load_error("{\"year\":2030,\"days\":[{\"name\":\"x\",\"date\":\"2030-01-01\"}]}",
			  YW_E_BAD_FORMAT, "days[0]");
	expect_load_error("{\"year\":2030,\"days\":[{\"name\":\"x\",\"date\":\"2030-01-01\",\"isOffDay\":1}]}",
			  YW_E_BAD_FORMAT, "days[0]");
	expect_load_error("{\"year\":2030,\"days\":[{\"name\":\"x\",\"date\":\"2030-01-01\",\"isOffDay\":true},"
			  "{\"name\":\"x\",\"date\":\"2030-02-30\",\"isOffDay\":true}]}",
			  YW_E_BAD_FORMAT, "days[1].date");
	expect_load_error("{\"year\":2030,\"days\":[{\"name\":\"x\",\"date\":\"2030/01/01\",\"isOffDay\":true}]}",
			  YW_E_BAD_FORMAT, "days[0].date");
	expect_load_error("{\"year\":2030,\"days\":[{\"name\":\"x\",\"date\":\"2035-01-01\",\"isOffDay\":true}]}",
			  YW_E_BAD_FORMAT, "days[0].date");
}

static const char y2030[] =
	"{\"year\":2030,\"papers\":[],\"days\":["
	"{\"name\":\"测试\",\"date\":\"2030-01-07\",\"isOffDay\":true},"  /* a Monday off */
	"{\"name\":\"测试\",\"date\":\"2030-01-12\",\"isOffDay\":false}," /* a Saturday on */
	"{\"name\":\"跨年\",\"date\":\"2029-12-31\",\"isOffDay\":true}]}";

static void test_load_replace_and_empty(void **state UNUSED)
{
	struct yw_calendar *c = yw_calendar_new();
	struct yw_error err = {0};
	bool w;
	assert_int_equal(yw_calendar_load_holiday_cn(c, y2030, &err), YW_OK);
	assert_true(yw_calendar_has_year(c, 2030));
	assert_false(yw_calendar_has_year(c, 2029));
	assert_int_equal(yw_calendar_is_workday(c, D("2030-01-07"), &w, &err), YW_OK);
	assert_false(w);
	assert_int_equal(yw_calendar_is_workday(c, D("2030-01-12"), &w, &err), YW_OK);
	assert_true(w);
	struct yw_date out;
	assert_int_equal(yw_calendar_add_workdays(c, D("2030-01-04"), 1, &out, &err), YW_OK);
	assert_date(out, "2030-01-08");

	/* a bad reload keeps what was there */
	assert_int_equal(yw_calendar_load_holiday_cn(c, "{\"year\":2030,\"days\":[1]}", &err), YW_FAIL);
	assert_true(yw_calendar_has_year(c, 2030));
	assert_int_equal(yw_calendar_is_workday(c, D("2030-01-07"), &w, &err), YW_OK);
	assert_false(w);

	/* reloading replaces: the Monday is an ordinary working day again */
	assert_int_equal(yw_calendar_load_holiday_cn(c,
		"{\"year\":2030,\"days\":[{\"name\":\"x\",\"date\":\"2030-10-01\",\"isOffDay\":true}]}", &err), YW_OK);
	assert_int_equal(yw_calendar_is_workday(c, D("2030-01-07"), &w, &err), YW_OK);
	assert_true(w);
	assert_null(yw_calendar_day_name(c, D("2029-12-31")));

	/* an empty list withdraws the year */
	assert_int_equal(yw_calendar_load_holiday_cn(c, "{\"year\":2030,\"papers\":[],\"days\":[]}", &err), YW_OK);
	assert_false(yw_calendar_has_year(c, 2030));
	assert_int_equal(yw_calendar_is_workday(c, D("2030-01-07"), &w, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_MISSING);
	yw_calendar_free(c);
}

static void test_neighbour_year_precedence(void **state UNUSED)
{
	/* 2029's own file says 2029-12-31 is a working day; 2030's file lists it
	 * as off. The own file wins whichever order they are loaded in. */
	static const char y2029[] =
		"{\"year\":2029,\"days\":[{\"name\":\"本年\",\"date\":\"2029-12-31\",\"isOffDay\":false}]}";
	for (int order = 0; order < 2; order++) {
		struct yw_calendar *c = yw_calendar_new();
		struct yw_error err = {0};
		bool w;
		assert_int_equal(yw_calendar_load_holiday_cn(c, order ? y2030 : y2029, &err), YW_OK);
		assert_int_equal(yw_calendar_load_holiday_cn(c, order ? y2029 : y2030, &err), YW_OK);
		assert_int_equal(yw_calendar_is_workday(c, D("2029-12-31"), &w, &err), YW_OK);
		assert_true(w);
		assert_string_equal(yw_calendar_day_name(c, D("2029-12-31")), "本年");
		yw_calendar_free(c);
	}
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = yw_asprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static void test_load_dir(void **state UNUSED)
{
	char dir[] = "yw_test_calendar_XXXXXX"; /* in the working (build) directory */
	assert_non_null(mkdtemp(dir));
	write_file(dir, "2030.json", y2030);
	write_file(dir, "schema.json", "{\"not\":\"a year\"}"); /* skipped */
	write_file(dir, "notes.txt", "ignored");
	struct yw_calendar *c = yw_calendar_new();
	struct yw_error err = {0};
	assert_int_equal(yw_calendar_load_dir(c, dir, &err), YW_OK);
	assert_true(yw_calendar_has_year(c, 2030));

	/* a file whose name and contents disagree is refused */
	write_file(dir, "2031.json", y2030);
	assert_int_equal(yw_calendar_load_dir(c, dir, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_BAD_FORMAT);
	assert_string_equal(err.field, "year");
	yw_calendar_free(c);

	c = yw_calendar_new();
	assert_int_equal(yw_calendar_load_dir(c, "no-such-dir/yw", &err), YW_FAIL);
	assert_int_equal(yw_calendar_load_file(c, "no-such-dir/yw/2026.json", &err), YW_FAIL);
	yw_calendar_free(c);

	char *p;
	const char *names[] = {"2030.json", "2031.json", "schema.json", "notes.txt"};
	for (size_t i = 0; i < 4; i++) {
		p = yw_asprintf("%s/%s", dir, names[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

static void test_date_parse_format(void **state UNUSED)
{
	struct yw_date d;
	struct yw_error err = {0};
	assert_int_equal(yw_date_parse("2026-01-04", &d, "date", &err), YW_OK);
	assert_int_equal(d.y, 2026);
	assert_int_equal(d.m, 1);
	assert_int_equal(d.d, 4);
	assert_int_equal(yw_date_parse("2024-02-29", &d, "date", &err), YW_OK);
	const char *bad[] = {"", "2026-1-4", " 2026-01-04", "2026-01-04 ", "2026/01/04", "20260104",
			     "2026-00-10", "2026-13-01", "2026-01-32", "2025-02-29", "1900-02-29",
			     "+026-01-04", "2026-01-0x", "２０２６-01-04", "0000-01-01"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(yw_date_parse(bad[i], &d, "date", &err), YW_FAIL);
		assert_int_equal(err.err, YW_E_BAD_FORMAT);
		assert_string_equal(err.field, "date");
	}
	assert_int_equal(yw_date_parse(NULL, &d, "date", &err), YW_FAIL);
	assert_true(yw_date_valid((struct yw_date){2000, 2, 29}));
	assert_false(yw_date_valid((struct yw_date){2100, 2, 29}));
	assert_int_equal(yw_date_days_in_month(2024, 2), 29);
	assert_int_equal(yw_date_days_in_month(2024, 13), 0);

	char buf[11];
	yw_date_format((struct yw_date){987, 3, 5}, buf);
	assert_string_equal(buf, "0987-03-05");
}

static void test_weekday_and_days(void **state UNUSED)
{
	assert_int_equal(yw_date_weekday(D("1970-01-01")), 4);
	assert_int_equal(yw_date_weekday(D("2026-01-04")), 7);
	assert_int_equal(yw_date_weekday(D("2026-01-05")), 1);
	assert_int_equal(yw_date_weekday(D("2000-02-29")), 2);
	assert_int_equal(yw_date_weekday(D("1949-10-01")), 6);
	assert_int_equal(yw_date_to_days(D("1970-01-01")), 0);
	assert_int_equal(yw_date_to_days(D("1969-12-31")), -1);
	assert_int_equal(yw_date_to_days(D("2000-03-01")), 11017);
	/* round trip over four centuries, one day at a time */
	struct yw_date prev = D("1880-01-01");
	int64_t n = yw_date_to_days(prev);
	for (int64_t i = 1; i < 146097; i++) {
		struct yw_date d = yw_date_from_days(n + i);
		assert_true(yw_date_valid(d));
		assert_int_equal(yw_date_to_days(d), n + i);
		assert_true(yw_date_cmp(prev, d) < 0);
		assert_int_equal(yw_date_weekday(d), yw_date_weekday(prev) % 7 + 1);
		prev = d;
	}
	assert_date(yw_date_add_days(D("2024-02-28"), 1), "2024-02-29");
	assert_date(yw_date_add_days(D("2025-01-01"), -1), "2024-12-31");
	assert_int_equal(yw_date_cmp(D("2025-01-01"), D("2025-01-01")), 0);
}

static void test_shanghai(void **state UNUSED)
{
	/* 2025-12-31T16:00:00Z is midnight in Shanghai */
	int64_t midnight = 1767196800000LL;
	assert_date(yw_date_from_epoch_ms_shanghai(midnight), "2026-01-01");
	assert_date(yw_date_from_epoch_ms_shanghai(midnight - 1), "2025-12-31");
	assert_int_equal(yw_date_midnight_ms_shanghai(D("2026-01-01")), midnight);
	assert_date(yw_date_from_epoch_ms_shanghai(0), "1970-01-01");
	assert_date(yw_date_from_epoch_ms_shanghai(-8 * 3600 * 1000LL), "1970-01-01");
	assert_date(yw_date_from_epoch_ms_shanghai(-8 * 3600 * 1000LL - 1), "1969-12-31");
	/* today follows the test clock */
	yw_clock_set_offset_ms(midnight - yw_now_ms() + 1000);
	assert_date(yw_date_today_shanghai(), "2026-01-01");
	yw_clock_set_offset_ms(0);
}

static void *reader(void *arg UNUSED)
{
	/* Reads share the calendar without locks; run many and compare. */
	for (int i = 0; i < 2000; i++) {
		struct yw_date out;
		if (yw_calendar_add_workdays(cal, D("2026-02-11"), 20, &out, NULL) != YW_OK ||
		    yw_date_cmp(out, D("2026-03-17")) != 0)
			return (void *)1;
	}
	return NULL;
}

static void test_concurrent_reads(void **state UNUSED)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, reader, NULL), 0);
	for (int i = 0; i < 4; i++) {
		void *rv;
		pthread_join(t[i], &rv);
		assert_null(rv);
	}
}

/* ---- year boundaries ---- */

static void test_year_boundaries(void **state UNUSED)
{
	add("2024-12-31", 1, "2025-01-02"); /* 2025-01-01 is 元旦 */
	add("2025-12-31", 2, "2026-01-05");
	add("2023-12-29", 1, "2024-01-02"); /* Friday, then 元旦 Monday */
	int n;
	struct yw_error err = {0};
	assert_int_equal(yw_calendar_workdays_between(cal, D("2025-12-25"), D("2026-01-05"), &n, &err), YW_OK);
	assert_int_equal(n, 6); /* 26, 29, 30, 31 Dec; 4 (Sunday worked), 5 Jan */
	/* the last day of the last year with data, then the first day without */
	struct yw_date out;
	assert_int_equal(yw_calendar_add_workdays(cal, D("2026-12-30"), 1, &out, &err), YW_OK);
	assert_date(out, "2026-12-31");
	memset(&err, 0, sizeof err);
	assert_int_equal(yw_calendar_add_workdays(cal, D("2026-12-31"), 1, &out, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_MISSING);
	assert_non_null(strstr(err.detail, "2027"));
	/* and the first day of the first year with data */
	memset(&err, 0, sizeof err);
	assert_int_equal(yw_calendar_workdays_between(cal, D("2022-12-30"), D("2023-01-03"), &n, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_MISSING);
	assert_non_null(strstr(err.detail, "2022"));
	assert_int_equal(yw_calendar_workdays_between(cal, D("2022-12-31"), D("2023-01-03"), &n, &err), YW_OK);
	assert_int_equal(n, 1);
}

/* ---- closures ---- */

static struct yw_calendar *fresh_calendar(void)
{
	const char *src = getenv("YW_SOURCE_DIR");
	char *dir = yw_asprintf("%s/data/holidays", src ? src : ".");
	struct yw_calendar *c = yw_calendar_new();
	assert_int_equal(yw_calendar_load_dir(c, dir, NULL), YW_OK);
	free(dir);
	return c;
}

static void test_closures(void **state UNUSED)
{
	struct yw_calendar *c = fresh_calendar();
	struct yw_error err = {0};
	struct yw_date out;
	bool w;
	int n;
	/* A typhoon closes Wednesday 2026-09-16: deadlines move by a day. */
	assert_int_equal(yw_calendar_add_workdays(c, D("2026-09-15"), 1, &out, &err), YW_OK);
	assert_date(out, "2026-09-16");
	assert_int_equal(yw_calendar_set_closure(c, D("2026-09-16"), "台风停工", &err), YW_OK);
	assert_string_equal(yw_calendar_closure(c, D("2026-09-16")), "台风停工");
	assert_null(yw_calendar_closure(c, D("2026-09-17")));
	assert_null(yw_calendar_day_name(c, D("2026-09-16")));
	assert_int_equal(yw_calendar_is_workday(c, D("2026-09-16"), &w, &err), YW_OK);
	assert_false(w);
	assert_int_equal(yw_calendar_add_workdays(c, D("2026-09-15"), 1, &out, &err), YW_OK);
	assert_date(out, "2026-09-17");
	assert_int_equal(yw_calendar_add_workdays(c, D("2026-09-10"), 5, &out, &err), YW_OK);
	assert_date(out, "2026-09-18");
	assert_int_equal(yw_calendar_workdays_between(c, D("2026-09-14"), D("2026-09-18"), &n, &err), YW_OK);
	assert_int_equal(n, 3);
	/* the start day itself is never counted, closed or not */
	assert_int_equal(yw_calendar_add_workdays(c, D("2026-09-16"), 1, &out, &err), YW_OK);
	assert_date(out, "2026-09-17");

	/* a closure beats a make-up working Sunday, and changes nothing on a holiday */
	assert_int_equal(yw_calendar_set_closure(c, D("2026-01-04"), "暴雪", &err), YW_OK);
	assert_int_equal(yw_calendar_is_workday(c, D("2026-01-04"), &w, &err), YW_OK);
	assert_false(w);
	assert_string_equal(yw_calendar_day_name(c, D("2026-01-04")), "元旦");
	assert_int_equal(yw_calendar_set_closure(c, D("2026-10-01"), "重复", &err), YW_OK);
	assert_int_equal(yw_calendar_is_workday(c, D("2026-10-01"), &w, &err), YW_OK);
	assert_false(w);

	/* reloading the year's holiday file keeps the closures */
	const char *src = getenv("YW_SOURCE_DIR");
	char *path = yw_asprintf("%s/data/holidays/2026.json", src ? src : ".");
	assert_int_equal(yw_calendar_load_file(c, path, &err), YW_OK);
	free(path);
	assert_string_equal(yw_calendar_closure(c, D("2026-09-16")), "台风停工");
	assert_int_equal(yw_calendar_add_workdays(c, D("2026-09-15"), 1, &out, &err), YW_OK);
	assert_date(out, "2026-09-17");

	/* a closure in a year without data does not make the year known */
	assert_int_equal(yw_calendar_set_closure(c, D("2027-03-01"), "台风停工", &err), YW_OK);
	assert_false(yw_calendar_has_year(c, 2027));
	memset(&err, 0, sizeof err);
	assert_int_equal(yw_calendar_is_workday(c, D("2027-03-01"), &w, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_MISSING);

	/* removing it restores the working day; removing twice is harmless */
	assert_int_equal(yw_calendar_set_closure(c, D("2026-09-16"), NULL, &err), YW_OK);
	assert_int_equal(yw_calendar_set_closure(c, D("2026-09-16"), NULL, &err), YW_OK);
	assert_int_equal(yw_calendar_set_closure(c, D("2031-09-16"), NULL, &err), YW_OK);
	assert_null(yw_calendar_closure(c, D("2026-09-16")));
	assert_int_equal(yw_calendar_add_workdays(c, D("2026-09-15"), 1, &out, &err), YW_OK);
	assert_date(out, "2026-09-16");
	/* replacing a reason */
	assert_int_equal(yw_calendar_set_closure(c, D("2026-09-16"), "a", &err), YW_OK);
	assert_int_equal(yw_calendar_set_closure(c, D("2026-09-16"), "b", &err), YW_OK);
	assert_string_equal(yw_calendar_closure(c, D("2026-09-16")), "b");

	memset(&err, 0, sizeof err);
	assert_int_equal(yw_calendar_set_closure(c, (struct yw_date){2026, 2, 30}, "x", &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_BAD_FORMAT);
	assert_int_equal(yw_calendar_set_closure(c, D("1800-01-01"), "x", &err), YW_FAIL);
	assert_int_equal(yw_calendar_set_closure(c, D("2200-01-01"), "x", &err), YW_FAIL);
	assert_null(yw_calendar_closure(c, (struct yw_date){2026, 13, 1}));
	yw_calendar_free(c);
}

/* ---- parsing, digests, putting a year ---- */

static void test_parse_and_digest(void **state UNUSED)
{
	struct yw_calendar_file f, g;
	struct yw_error err = {0};
	char d1[65], d2[65];
	assert_int_equal(yw_calendar_parse_holiday_cn(y2030, 0, &f, &err), YW_OK);
	assert_int_equal(f.year, 2030);
	assert_int_equal(f.n, 3);
	assert_string_equal(f.days[0].name, "测试");
	assert_true(f.days[0].off);
	assert_false(f.days[1].off);
	yw_calendar_file_digest(&f, d1);
	assert_int_equal(strlen(d1), 64);
	/* the same data with other spacing and members has the same digest */
	static const char same[] =
		"{ \"$schema\": \"x\", \"year\": 2030, \"days\": ["
		"{\"isOffDay\":true,\"name\":\"测试\",\"date\":\"2030-01-07\"},"
		"{\"name\":\"测试\",\"date\":\"2030-01-12\",\"isOffDay\":false},"
		"{\"name\":\"跨年\",\"date\":\"2029-12-31\",\"isOffDay\":true}] }";
	assert_int_equal(yw_calendar_parse_holiday_cn(same, 2030, &g, &err), YW_OK);
	yw_calendar_file_digest(&g, d2);
	assert_string_equal(d1, d2);
	free(g.days[1].name);
	g.days[1].name = yw_strdup("改名");
	yw_calendar_file_digest(&g, d2);
	assert_string_not_equal(d1, d2);
	g.days[1].off = true;
	yw_calendar_file_digest(&g, d1);
	assert_string_not_equal(d1, d2);
	yw_calendar_file_clear(&g);
	assert_int_equal(g.n, 0);
	assert_null(g.days);

	/* put_year is what loading does */
	struct yw_calendar *c = yw_calendar_new();
	yw_calendar_put_year(c, &f);
	assert_true(yw_calendar_has_year(c, 2030));
	bool w;
	assert_int_equal(yw_calendar_is_workday(c, D("2030-01-12"), &w, &err), YW_OK);
	assert_true(w);
	yw_calendar_file_clear(&f);
	yw_calendar_free(c);

	/* the wrong year, a date listed twice, an overlong name, too many days */
	assert_int_equal(yw_calendar_parse_holiday_cn(y2030, 2031, &f, &err), YW_FAIL);
	assert_string_equal(err.field, "year");
	assert_int_equal(f.n, 0);
	assert_int_equal(yw_calendar_parse_holiday_cn(
		"{\"year\":2030,\"days\":[{\"name\":\"a\",\"date\":\"2030-01-07\",\"isOffDay\":true},"
		"{\"name\":\"b\",\"date\":\"2030-01-07\",\"isOffDay\":false}]}", 0, &f, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_BAD_FORMAT);
	assert_string_equal(err.field, "days[1].date");
	char *long_name = yw_asprintf("{\"year\":2030,\"days\":[{\"name\":\"%s\",\"date\":\"2030-01-07\","
				      "\"isOffDay\":true}]}", "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长");
	assert_int_equal(yw_calendar_parse_holiday_cn(long_name, 0, &f, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_TOO_LONG);
	assert_string_equal(err.field, "days[0].name");
	free(long_name);
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"year\":2030,\"days\":[");
	for (int i = 0; i < 401; i++)
		yw_buf_printf(&b, "%s{\"name\":\"x\",\"date\":\"2030-01-01\",\"isOffDay\":true}", i ? "," : "");
	yw_buf_adds(&b, "]}");
	assert_int_equal(yw_calendar_parse_holiday_cn(b.data, 0, &f, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_OUT_OF_RANGE);
	yw_buf_free(&b);
}

/* ---- the calendar in the store ---- */

static const struct yw_actor tester = {.user_id = 0, .name = "tester", .role = "admin",
				       .roles = 1, .request_id = "unit"};

static char *read_holiday(int year)
{
	const char *src = getenv("YW_SOURCE_DIR");
	char *path = yw_asprintf("%s/data/holidays/%d.json", src ? src : ".", year);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = yw_calloc(1, 1 << 16);
	size_t n = fread(buf, 1, (1 << 16) - 1, f);
	assert_true(n > 0);
	fclose(f);
	free(path);
	return buf;
}

static int64_t audit_rows(struct yw_store *s)
{
	struct yw_audit_filter af = {.limit = 1};
	struct yw_audit_list l;
	assert_int_equal(yw_audit_list(s, &af, &l), YW_OK);
	int64_t n = l.total;
	yw_audit_list_free(&l);
	return n;
}

static struct yw_store *svc_store;
static char svc_dir[] = "yw_test_calsvc_XXXXXX";

static struct yw_store *open_store(void)
{
	assert_non_null(mkdtemp(svc_dir));
	char *url = yw_asprintf("sqlite:%s/cal.db", svc_dir);
	struct yw_error err = {0};
	struct yw_store *s = yw_store_open(url, &err);
	free(url);
	assert_non_null(s);
	assert_true(yw_store_migrate(s, &err) >= 0);
	return s;
}

static void close_store(struct yw_store *s)
{
	yw_store_close(s);
	const char *files[] = {"cal.db", "cal.db-wal", "cal.db-shm"};
	for (size_t i = 0; i < 3; i++) {
		char *p = yw_asprintf("%s/%s", svc_dir, files[i]);
		unlink(p);
		free(p);
	}
	rmdir(svc_dir);
}

static void test_service_import(void **state UNUSED)
{
	struct yw_store *s = svc_store = open_store();
	struct yw_calendar_import_result res;
	struct yw_error err = {0};
	int64_t v0;
	assert_int_equal(yw_calendar_store_version(s, &v0), YW_OK);
	assert_int_equal(v0, 0);
	for (int y = 2023; y <= 2027; y++) {
		char *text = read_holiday(y);
		assert_int_equal(yw_calendar_import(s, &tester, text, y, "file", &res, &err), YW_OK);
		assert_true(res.changed);
		assert_int_equal(res.year, y);
		assert_int_equal(res.has_data, y != 2027);
		assert_int_equal(res.version, y - 2022);
		free(text);
	}
	/* importing the same files again changes nothing, not even the audit log */
	int64_t audited = audit_rows(s);
	assert_int_equal(audited, 5);
	for (int y = 2023; y <= 2027; y++) {
		char *text = read_holiday(y);
		assert_int_equal(yw_calendar_import(s, &tester, text, 0, "again", &res, &err), YW_OK);
		assert_false(res.changed);
		assert_int_equal(res.version, 5);
		free(text);
	}
	assert_int_equal(audit_rows(s), audited);

	/* an empty file never erases a published year */
	memset(&err, 0, sizeof err);
	assert_int_equal(yw_calendar_import(s, &tester, "{\"year\":2026,\"days\":[]}", 0, "x", &res, &err),
			 YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_HAS_DATA);
	assert_non_null(strstr(err.detail, "2026"));
	/* a bad file is refused before the store is touched */
	assert_int_equal(yw_calendar_import(s, &tester, "{\"year\":2026,\"days\":[1]}", 0, "x", &res, &err),
			 YW_FAIL);
	assert_int_equal(err.err, YW_E_BAD_FORMAT);
	assert_int_equal(yw_calendar_import(s, &tester, "{\"year\":2026}", 2025, "x", &res, &err), YW_FAIL);
	assert_int_equal(audit_rows(s), audited);
	int64_t v;
	assert_int_equal(yw_calendar_store_version(s, &v), YW_OK);
	assert_int_equal(v, 5);

	struct yw_calendar_year_info *ys;
	int n;
	assert_int_equal(yw_calendar_years_info(s, &ys, &n, &v), YW_OK);
	assert_int_equal(n, 5);
	assert_int_equal(ys[0].year, 2023);
	assert_true(ys[3].has_data);
	assert_true(ys[3].days > 20);
	assert_string_equal(ys[3].source, "file");
	assert_string_equal(ys[3].imported_by, "tester");
	assert_false(ys[4].has_data);
	assert_int_equal(ys[4].days, 0);
	yw_calendar_year_infos_free(ys, n);

	/* the calendar built from the store answers like the files */
	struct yw_calendar *c;
	assert_int_equal(yw_calendar_build(s, &c, &v, &err), YW_OK);
	assert_int_equal(v, 5);
	struct yw_date out;
	const char *vec[][3] = {{"2025-09-26", "5", "2025-10-10"}, {"2025-12-31", "1", "2026-01-04"},
				{"2026-02-11", "20", "2026-03-17"}, {"2026-09-30", "1", "2026-10-08"}};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(yw_calendar_add_workdays(c, D(vec[i][0]), atoi(vec[i][1]), &out, &err), YW_OK);
		assert_date(out, vec[i][2]);
	}
	assert_false(yw_calendar_has_year(c, 2027));
	assert_false(yw_calendar_has_year(c, 2022));
	assert_string_equal(yw_calendar_day_name(c, D("2022-12-31")), "元旦"); /* from 2023.json */
	yw_calendar_free(c);

	/* a changed file replaces the year's days */
	assert_int_equal(yw_calendar_import(s, &tester,
		"{\"year\":2027,\"days\":[{\"name\":\"元旦\",\"date\":\"2027-01-01\",\"isOffDay\":true}]}",
		2027, "api", &res, &err), YW_OK);
	assert_true(res.changed);
	assert_int_equal(res.version, 6);
	assert_int_equal(audit_rows(s), audited + 1);
	assert_int_equal(yw_calendar_build(s, &c, &v, &err), YW_OK);
	assert_true(yw_calendar_has_year(c, 2027));
	yw_calendar_free(c);
}

static void test_service_closures(void **state UNUSED)
{
	struct yw_store *s = svc_store;
	struct yw_error err = {0};
	struct yw_calendar_closure_info ci = {0};
	int64_t v, before = audit_rows(s);
	assert_int_equal(yw_calendar_closure_add(s, &tester, D("2026-09-16"), "台风停工", &ci, &v, &err), YW_OK);
	assert_string_equal(ci.reason, "台风停工");
	assert_string_equal(ci.created_by, "tester");
	assert_true(ci.created_at > 0);
	yw_calendar_closure_info_clear(&ci);
	assert_int_equal(v, 7);
	/* the same date twice */
	memset(&err, 0, sizeof err);
	assert_int_equal(yw_calendar_closure_add(s, &tester, D("2026-09-16"), "again", NULL, NULL, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_DUPLICATE);
	assert_string_equal(err.field, "date");
	/* reasons */
	const char *bad[] = {NULL, "", "   ", "a\nb"};
	enum yw_err want[] = {YW_E_MISSING_FIELD, YW_E_MISSING_FIELD, YW_E_MISSING_FIELD, YW_E_BAD_FORMAT};
	for (int i = 0; i < 4; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(yw_calendar_closure_add(s, &tester, D("2026-09-17"), bad[i], NULL, NULL, &err), YW_FAIL);
		assert_int_equal(err.err, want[i]);
		assert_string_equal(err.field, "reason");
	}
	char *longer = yw_calloc(1, 400);
	for (int i = 0; i < 101; i++)
		strcat(longer, "台");
	assert_int_equal(yw_calendar_closure_add(s, &tester, D("2026-09-17"), longer, NULL, NULL, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_TOO_LONG);
	longer[300] = 0; /* exactly 100 */
	assert_int_equal(yw_calendar_closure_add(s, &tester, D("2026-09-17"), longer, NULL, NULL, &err), YW_OK);
	free(longer);
	assert_int_equal(yw_calendar_closure_add(s, &tester, D("2026-09-17"), "\xff", NULL, NULL, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_BAD_UTF8);
	assert_int_equal(yw_calendar_closure_add(s, &tester, D("1899-12-31"), "x", NULL, NULL, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_BAD_FORMAT);
	assert_int_equal(audit_rows(s), before + 2);

	struct yw_calendar_closure_info *cs;
	int n;
	assert_int_equal(yw_calendar_closures(s, &cs, &n), YW_OK);
	assert_int_equal(n, 2);
	assert_date(cs[0].date, "2026-09-16");
	assert_date(cs[1].date, "2026-09-17");
	yw_calendar_closure_infos_free(cs, n);

	struct yw_calendar *c;
	assert_int_equal(yw_calendar_build(s, &c, &v, &err), YW_OK);
	assert_int_equal(v, 8);
	struct yw_date out;
	assert_int_equal(yw_calendar_add_workdays(c, D("2026-09-15"), 1, &out, &err), YW_OK);
	assert_date(out, "2026-09-18");
	yw_calendar_free(c);

	assert_int_equal(yw_calendar_closure_remove(s, &tester, D("2026-09-17"), &v, &err), YW_OK);
	assert_int_equal(v, 9);
	memset(&err, 0, sizeof err);
	assert_int_equal(yw_calendar_closure_remove(s, &tester, D("2026-09-17"), &v, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_NOT_FOUND);
	assert_int_equal(yw_calendar_store_version(s, &v), YW_OK);
	assert_int_equal(v, 9);
	assert_int_equal(audit_rows(s), before + 3);
	int64_t checked;
	assert_int_equal(yw_audit_verify(s, &checked, &err), YW_OK);
}

struct live_reader {
	struct yw_calendar_live *live;
	atomic_int *stop;
	int seen_open, seen_closed, wrong;
};

static void *live_reader_main(void *arg)
{
	struct live_reader *lr = arg;
	while (!atomic_load(lr->stop)) {
		const struct yw_calendar_snap *snap = yw_calendar_live_acquire(lr->live);
		struct yw_date out;
		/* 2026-09-21 is closed in some versions, open in others; each
		 * snapshot must answer consistently with itself. */
		bool closed = yw_calendar_closure(snap->cal, D("2026-09-21")) != NULL;
		if (yw_calendar_add_workdays(snap->cal, D("2026-09-20"), 1, &out, NULL) != YW_OK)
			lr->wrong++;
		else if (yw_date_cmp(out, D(closed ? "2026-09-22" : "2026-09-21")) != 0)
			lr->wrong++;
		closed ? lr->seen_closed++ : lr->seen_open++;
		yw_calendar_live_release(snap);
	}
	return NULL;
}

static void test_service_live(void **state UNUSED)
{
	struct yw_store *s = svc_store;
	struct yw_error err = {0};
	struct yw_calendar_live *live = yw_calendar_live_new(s, 60000, &err);
	assert_non_null(live);
	const struct yw_calendar_snap *a = yw_calendar_live_acquire(live);
	assert_int_equal(a->version, 9);
	int64_t v;
	assert_int_equal(yw_calendar_closure_add(s, &tester, D("2026-09-21"), "停电", NULL, &v, &err), YW_OK);
	/* not checked yet (every 60 s): still the old calendar */
	const struct yw_calendar_snap *b = yw_calendar_live_acquire(live);
	assert_ptr_equal(a, b);
	yw_calendar_live_release(b);
	/* a change made here is applied at once; old snapshots stay intact */
	assert_int_equal(yw_calendar_live_refresh(live, v), YW_OK);
	b = yw_calendar_live_acquire(live);
	assert_int_equal(b->version, v);
	assert_non_null(yw_calendar_closure(b->cal, D("2026-09-21")));
	assert_null(yw_calendar_closure(a->cal, D("2026-09-21")));
	yw_calendar_live_release(a);
	yw_calendar_live_release(b);
	/* refreshing to a version we have is free */
	assert_int_equal(yw_calendar_live_refresh(live, v), YW_OK);
	yw_calendar_live_free(live);

	/* another instance learns of changes at its next check */
	live = yw_calendar_live_new(s, 1, &err);
	assert_int_equal(yw_calendar_closure_remove(s, &tester, D("2026-09-21"), &v, &err), YW_OK);
	usleep(3000);
	a = yw_calendar_live_acquire(live);
	assert_int_equal(a->version, v);
	assert_null(yw_calendar_closure(a->cal, D("2026-09-21")));
	yw_calendar_live_release(a);

	/* readers on four threads while the calendar changes under them */
	atomic_int stop = 0;
	struct live_reader lr[4];
	pthread_t t[4];
	for (int i = 0; i < 4; i++) {
		lr[i] = (struct live_reader){.live = live, .stop = &stop};
		assert_int_equal(pthread_create(&t[i], NULL, live_reader_main, &lr[i]), 0);
	}
	for (int i = 0; i < 20; i++) {
		if (i % 2 == 0)
			assert_int_equal(yw_calendar_closure_add(s, &tester, D("2026-09-21"), "演练", NULL, &v, &err), YW_OK);
		else
			assert_int_equal(yw_calendar_closure_remove(s, &tester, D("2026-09-21"), &v, &err), YW_OK);
		assert_int_equal(yw_calendar_live_refresh(live, v), YW_OK);
		usleep(2000);
	}
	atomic_store(&stop, 1);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(lr[i].wrong, 0);
		assert_true(lr[i].seen_open + lr[i].seen_closed > 0);
	}
	yw_calendar_live_free(live);
	close_store(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_domain_vectors),
		cmocka_unit_test(test_more_counts),
		cmocka_unit_test(test_between),
		cmocka_unit_test(test_is_workday),
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_missing_2027),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_loader_refuses),
		cmocka_unit_test(test_load_replace_and_empty),
		cmocka_unit_test(test_neighbour_year_precedence),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_date_parse_format),
		cmocka_unit_test(test_weekday_and_days),
		cmocka_unit_test(test_shanghai),
		cmocka_unit_test(test_concurrent_reads),
		cmocka_unit_test(test_year_boundaries),
		cmocka_unit_test(test_closures),
		cmocka_unit_test(test_parse_and_digest),
		/* these three share one store, in this order */
		cmocka_unit_test(test_service_import),
		cmocka_unit_test(test_service_closures),
		cmocka_unit_test(test_service_live),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
