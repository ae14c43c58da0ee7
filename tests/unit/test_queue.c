/* Hall-queue rules without a store: local time of the halls, opening
 * hours, and the wait range quoted on a ticket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define UNUSED __attribute__((unused))

#include <string.h>

#include "yw/queue.h"

/* 2026-11-23 is a Monday; 10:00 in Shanghai is 02:00 UTC. */
static const int64_t MON_10_00 = 1795399200000LL;

static void test_local_time(void **state UNUSED)
{
	char day[11];
	yw_local_day(MON_10_00, day);
	assert_string_equal(day, "2026-11-23");
	assert_int_equal(yw_local_hour(MON_10_00), 10);
	assert_int_equal(yw_local_minute_of_day(MON_10_00 + 90 * 60000), 11 * 60 + 30);
	assert_true(yw_local_ms("2026-11-23", 600) == MON_10_00);
	/* 23:59 local is still the same civil day; 00:00 is the next one. */
	yw_local_day(yw_local_ms("2026-11-23", 23 * 60 + 59), day);
	assert_string_equal(day, "2026-11-23");
	yw_local_day(yw_local_ms("2026-11-24", 0), day);
	assert_string_equal(day, "2026-11-24");
	/* A year boundary: UTC 2026-12-31 16:00 is 2027-01-01 00:00 local. */
	yw_local_day(yw_local_ms("2027-01-01", 0), day);
	assert_string_equal(day, "2027-01-01");
}

static void test_open_at(void **state UNUSED)
{
	struct yw_hall_rules h;
	memset(&h, 0, sizeof h);
	for (int d = 0; d < 5; d++)
		strcpy(h.hours[d], "08:30-12:00,14:30-17:30");
	strcpy(h.hours[5], "09:00-12:00");
	assert_true(yw_hall_open_at(&h, MON_10_00));
	assert_false(yw_hall_open_at(&h, yw_local_ms("2026-11-23", 12 * 60)));      /* lunch */
	assert_true(yw_hall_open_at(&h, yw_local_ms("2026-11-23", 14 * 60 + 30))); /* reopens */
	assert_false(yw_hall_open_at(&h, yw_local_ms("2026-11-23", 17 * 60 + 30)));
	assert_true(yw_hall_open_at(&h, yw_local_ms("2026-11-28", 9 * 60)));  /* Saturday morning */
	assert_false(yw_hall_open_at(&h, yw_local_ms("2026-11-29", 10 * 60))); /* Sunday */
}

static void test_wait_range(void **state UNUSED)
{
	int lo, hi;
	/* 10 ahead, 2 windows, 8 min each: 40 min expected → 32–55. */
	yw_wait_range(10, 2, 8.0, &lo, &hi);
	assert_int_equal(lo, 32);
	assert_int_equal(hi, 55);
	/* Nobody ahead: served almost at once, never an empty range. */
	yw_wait_range(0, 3, 6.0, &lo, &hi);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 3);
	/* No window open: counted as one, not a division by zero. */
	yw_wait_range(4, 0, 5.0, &lo, &hi);
	assert_int_equal(lo, 16);
	assert_int_equal(hi, 32);
	/* More people ahead never shortens the quote. */
	int plo = -1, phi = -1;
	for (int k = 0; k < 50; k++) {
		yw_wait_range(k, 3, 7.5, &lo, &hi);
		assert_true(lo >= plo && hi >= phi && hi > lo);
		plo = lo;
		phi = hi;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_time),
		cmocka_unit_test(test_open_at),
		cmocka_unit_test(test_wait_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
