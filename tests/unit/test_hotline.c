/* The hotline's pure rules: working-time deadlines over weekends, holidays
 * and make-up working days, pauses measured in working time, clock flags,
 * address normalisation and the bigram similarity of descriptions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define UNUSED __attribute__((unused))

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yw/calendar.h"
#include "yw/core.h"
#include "yw/hotline.h"

static struct yw_calendar *cal; /* the repository's data/holidays */

static int setup(void **state UNUSED)
{
	const char *src = getenv("YW_SOURCE_DIR");
	char *dir = yw_asprintf("%s/data/holidays", src ? src : ".");
	struct yw_error err = {0};
	cal = yw_calendar_new();
	int rc = yw_calendar_load_dir(cal, dir, &err);
	free(dir);
	return rc == YW_OK ? 0 : -1;
}

static int teardown(void **state UNUSED)
{
	yw_calendar_free(cal);
	return 0;
}

/* Epoch ms of a Shanghai local time "YYYY-MM-DD HH:MM". */
static int64_t at(const char *s)
{
	struct yw_date d;
	int h = 0, m = 0;
	char day[11];
	snprintf(day, sizeof day, "%.10s", s);
	assert_int_equal(yw_date_parse(day, &d, "t", NULL), YW_OK);
	assert_int_equal(sscanf(s + 11, "%d:%d", &h, &m), 2);
	return yw_date_midnight_ms_shanghai(d) + ((int64_t)h * 60 + m) * 60000;
}

static void deadline(const char *from, int days, const char *want)
{
	int64_t out = 0;
	struct yw_error err = {0};
	assert_int_equal(yw_hl_add_working(cal, at(from), days * YW_HL_DAY_MS, &out, &err), YW_OK);
	if (out != at(want)) {
		fprintf(stderr, "%s + %d working days: got %lld, want %s (%lld)\n", from, days, (long long)out, want,
			(long long)at(want));
		fail();
	}
}

static void test_deadlines(void **state UNUSED)
{
	/* A plain week: Tuesday + 5 → next Tuesday, same time. */
	deadline("2026-11-24 10:00", 5, "2026-12-01 10:00");
	/* Friday + 1 → Monday. */
	deadline("2026-11-27 16:30", 1, "2026-11-30 16:30");
	/* Taken on a Saturday: counting starts Monday 00:00, so one day ends
	 * at the end of Monday. */
	deadline("2026-11-28 10:00", 1, "2026-12-01 00:00");
	/* Over National Day 2026 (Oct 1–7 off, Oct 10 a make-up Saturday). */
	deadline("2026-09-30 10:00", 1, "2026-10-08 10:00");
	deadline("2026-09-30 10:00", 3, "2026-10-10 10:00");
	deadline("2026-09-30 10:00", 5, "2026-10-13 10:00");
	/* Over New Year 2026 into the working Sunday of 4 January. */
	deadline("2025-12-31 09:00", 1, "2026-01-04 09:00");
	/* The DOMAIN.md vector in dates: 2026-02-11 + 20 → 2026-03-17. */
	deadline("2026-02-11 12:00", 20, "2026-03-17 12:00");
	/* Zero adds nothing. */
	deadline("2026-10-03 12:00", 0, "2026-10-03 12:00");
}

static void test_working_between(void **state UNUSED)
{
	int64_t ms = -1;
	struct yw_error err = {0};
	/* Paused Wednesday before National Day 10:00, resumed 9 October 10:00:
	 * 14 h + 24 h (8 Oct) + 10 h = 2 working days. */
	assert_int_equal(yw_hl_working_between(cal, at("2026-09-30 10:00"), at("2026-10-09 10:00"), &ms, &err), YW_OK);
	assert_true(ms == 2 * YW_HL_DAY_MS);
	/* Within one holiday: nothing. */
	assert_int_equal(yw_hl_working_between(cal, at("2026-10-02 08:00"), at("2026-10-05 18:00"), &ms, &err), YW_OK);
	assert_true(ms == 0);
	/* Backwards: nothing. */
	assert_int_equal(yw_hl_working_between(cal, at("2026-10-09 10:00"), at("2026-10-08 10:00"), &ms, &err), YW_OK);
	assert_true(ms == 0);
	/* Shifting by the pause is the inverse of measuring it. */
	int64_t out = 0;
	assert_int_equal(yw_hl_add_working(cal, at("2026-10-13 10:00"), 2 * YW_HL_DAY_MS, &out, &err), YW_OK);
	assert_true(out == at("2026-10-15 10:00"));
	/* A year without calendar data is an error, never a guess. */
	assert_int_equal(yw_hl_add_working(cal, at("2031-06-02 10:00"), YW_HL_DAY_MS, &out, &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_CALENDAR_MISSING);
}

static void test_flags(void **state UNUSED)
{
	struct yw_hl_order o = {0};
	struct yw_hl_flags f;
	snprintf(o.state, sizeof o.state, "dispatched");
	o.sign_days = 1;
	o.handle_days = 5;
	o.reply_days = 1;
	o.sign_by = at("2026-10-08 10:00");
	o.handle_by = at("2026-10-13 10:00");
	o.reply_by = at("2026-10-14 10:00");
	yw_hl_flags_of(cal, &o, at("2026-09-30 11:00"), &f);
	assert_false(f.overdue);
	assert_string_equal(f.clock, "sign");
	assert_false(f.warning); /* 23 working hours left of 24: more than a fifth */
	yw_hl_flags_of(cal, &o, at("2026-10-08 07:00"), &f);
	assert_true(f.warning); /* 3 h left */
	yw_hl_flags_of(cal, &o, at("2026-10-08 10:01"), &f);
	assert_true(f.overdue && f.sign_overdue && !f.handle_overdue);
	/* Paused before the deadline: judged at the pause. */
	o.paused_since = at("2026-10-08 09:00");
	yw_hl_flags_of(cal, &o, at("2026-10-20 10:00"), &f);
	assert_true(f.paused && !f.overdue);
	o.paused_since = 0;
	snprintf(o.state, sizeof o.state, "signed");
	yw_hl_flags_of(cal, &o, at("2026-10-12 11:00"), &f);
	assert_string_equal(f.clock, "handle");
	assert_true(f.warning && !f.overdue); /* last working day */
	snprintf(o.state, sizeof o.state, "replied");
	yw_hl_flags_of(cal, &o, at("2026-10-14 10:01"), &f);
	assert_true(f.reply_overdue && f.overdue);
	snprintf(o.state, sizeof o.state, "closed");
	yw_hl_flags_of(cal, &o, at("2026-12-01 10:00"), &f);
	assert_false(f.overdue || f.warning);
	assert_null(f.clock);
}

static void test_normalize_address(void **state UNUSED)
{
	char out[200];
	yw_hl_normalize_address(" 源城区　新江路１２号（A栋）-3楼 ", out, sizeof out);
	assert_string_equal(out, "源城区新江路12号a栋3楼");
	yw_hl_normalize_address("源城区新江路12号A栋3楼", out, sizeof out);
	assert_string_equal(out, "源城区新江路12号a栋3楼");
	yw_hl_normalize_address("，。、 ", out, sizeof out);
	assert_string_equal(out, "");
	/* Truncation keeps whole characters. */
	char small[8];
	yw_hl_normalize_address("新江路十二号", small, sizeof small);
	assert_string_equal(small, "新江");
}

static void test_similarity(void **state UNUSED)
{
	assert_true(fabs(yw_hl_similarity("小区楼下烧烤店油烟扰民", "小区楼下烧烤店油烟扰民") - 1.0) < 1e-9);
	/* Punctuation and spaces do not count. */
	assert_true(fabs(yw_hl_similarity("油烟扰民！", "油烟 扰民") - 1.0) < 1e-9);
	/* {ab, bc, cd} vs {ab, bc, ce}: 2 shared of 4. */
	assert_true(fabs(yw_hl_similarity("abcd", "abce") - 0.5) < 1e-9);
	double near =
		yw_hl_similarity("新江路12号楼下烧烤店每晚油烟扰民，噪音很大", "新江路12号楼下的烧烤店油烟扰民噪音大");
	assert_true(near >= YW_HL_SIMILAR_MIN);
	double far = yw_hl_similarity("新江路12号楼下烧烤店每晚油烟扰民", "咨询社保卡补办需要什么材料");
	assert_true(far < 0.1);
	assert_true(yw_hl_similarity("", "") == 0.0);
	assert_true(yw_hl_similarity("猫", "猫") == 1.0);
	assert_true(yw_hl_similarity("猫", "狗") == 0.0);
	/* Symmetric. */
	assert_true(fabs(yw_hl_similarity("窨井盖缺失", "路口窨井盖缺失很危险") -
			 yw_hl_similarity("路口窨井盖缺失很危险", "窨井盖缺失")) < 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadlines),  cmocka_unit_test(test_working_between),
		cmocka_unit_test(test_flags),	   cmocka_unit_test(test_normalize_address),
		cmocka_unit_test(test_similarity),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
