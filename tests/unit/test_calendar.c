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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yw/calendar.h"
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
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
