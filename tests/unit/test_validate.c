/* Credit codes, ID numbers, phones and region codes: the DOMAIN.md vectors,
 * the edge cases users actually type, and every value in the demo data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* cmocka passes a state pointer most tests do not need. */
#define UNUSED __attribute__((unused))

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yw/calendar.h"
#include "yw/core.h"
#include "yw/validate.h"

/* ---- credit codes ---- */

static void expect_credit_fail(const char *s, const char *detail_part)
{
	struct yw_error err = {0};
	assert_false(yw_credit_code_valid(s));
	assert_int_equal(yw_credit_code_check(s, "credit_code", &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_INVALID_CREDIT_CODE);
	assert_string_equal(err.field, "credit_code");
	if (detail_part && !strstr(err.detail, detail_part))
		fail_msg("%s: detail \"%s\" lacks \"%s\"", s, err.detail, detail_part);
}

/* s17 + its own check char */
static char *credit_with_check(const char *s17)
{
	char *s = yw_asprintf("%s?", s17);
	s[17] = yw_credit_code_check_char(s17);
	return s;
}

static void test_credit_vectors(void **state UNUSED)
{
	const char *good[] = {"91350100M000100Y43", "91110000600037341L", "9144030071526726XG"};
	for (size_t i = 0; i < 3; i++) {
		struct yw_error err = {0};
		assert_true(yw_credit_code_valid(good[i]));
		assert_int_equal(yw_credit_code_check(good[i], "c", &err), YW_OK);
		assert_int_equal(err.err, YW_E_NONE);
		assert_int_equal(yw_credit_code_check_char(good[i]), good[i][17]);
	}
	expect_credit_fail("91110000600037341N", "应为 L");
	expect_credit_fail("91110000600037341N", "should be L");
}

static void test_credit_edges(void **state UNUSED)
{
	expect_credit_fail(NULL, "empty");
	expect_credit_fail("", "empty");
	expect_credit_fail("91110000600037341", "not 17");
	expect_credit_fail("91110000600037341LL", "not 19");
	expect_credit_fail("91110000600037341l", "upper case");
	expect_credit_fail("91110000600O37341L", "character 12 'O'");
	expect_credit_fail("9111000060003734IL", "'I'");
	expect_credit_fail("91110000 600037341", "character 9");
	expect_credit_fail("９１110000600037341L", "non-ASCII");
	expect_credit_fail("9111000060003734\xe4L", "non-ASCII");

	/* a correct check char does not save a bad prefix or division */
	char *s = credit_with_check("B1110000600037341"); /* no authority B */
	expect_credit_fail(s, "B1");
	free(s);
	s = credit_with_check("15110000600037341"); /* authority 1 has no type 5 */
	expect_credit_fail(s, "15");
	free(s);
	s = credit_with_check("911A0000600037341");
	expect_credit_fail(s, "3-8");
	free(s);
	s = credit_with_check("N2441602MA5XXXXX0"); /* a village collective */
	assert_true(yw_credit_code_valid(s));
	free(s);
	assert_int_equal(yw_credit_code_check_char("9111"), 0);
	assert_int_equal(yw_credit_code_check_char(NULL), 0);
}

/* ---- ID numbers ---- */

static void expect_id_fail(const char *s, const char *detail_part)
{
	struct yw_error err = {0};
	struct yw_id_info info;
	memset(&info, 0x5a, sizeof info);
	assert_false(yw_id_number_valid(s));
	assert_int_equal(yw_id_number_check(s, &info, "id_number", &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_INVALID_ID_NUMBER);
	assert_string_equal(err.field, "id_number");
	if (detail_part && !strstr(err.detail, detail_part))
		fail_msg("%s: detail \"%s\" lacks \"%s\"", s, err.detail, detail_part);
	assert_int_equal(info.birth_year, 0x5a5a5a5a); /* untouched on failure */
}

/* s17 + its own check char, so only the part under test is wrong */
static char *id_with_check(const char *s17)
{
	char *s = yw_asprintf("%s?", s17);
	s[17] = yw_id_check_char(s17);
	assert_int_not_equal(s[17], 0);
	return s;
}

static void test_id_vectors(void **state UNUSED)
{
	struct yw_id_info info;
	struct yw_error err = {0};
	assert_int_equal(yw_id_number_check("11010519491231002X", &info, "id", &err), YW_OK);
	assert_string_equal(info.number, "11010519491231002X");
	assert_string_equal(info.region, "110105");
	assert_int_equal(info.birth_year, 1949);
	assert_int_equal(info.birth_month, 12);
	assert_int_equal(info.birth_day, 31);
	assert_false(info.male);

	assert_int_equal(yw_id_number_check("440524188001010014", &info, "id", &err), YW_OK);
	assert_int_equal(info.birth_year, 1880);
	assert_true(info.male);
	assert_string_equal(yw_region_code_name(info.region), "潮阳县"); /* abolished 1993, still valid on cards */

	assert_true(yw_id_number_valid("360426199101010071"));
	assert_int_equal(yw_id_number_check("360426199101010071", NULL, "id", &err), YW_OK);

	expect_id_fail("110105194912310021", "应为 X");
	expect_id_fail("360426199113010079", "month 13");
}

static void test_id_edges(void **state UNUSED)
{
	struct yw_id_info info;
	struct yw_error err = {0};

	/* lower-case x is accepted and normalised */
	assert_int_equal(yw_id_number_check("11010519491231002x", &info, "id", &err), YW_OK);
	assert_string_equal(info.number, "11010519491231002X");

	expect_id_fail(NULL, "empty");
	expect_id_fail("", "empty");
	expect_id_fail("11010519491231002", "not 17");
	expect_id_fail("11010519491231002X1", "not 19");
	expect_id_fail("11010549123100", "not 14");
	expect_id_fail("1101054912310021", "not 16");
	expect_id_fail("１１010519491231002X", "non-ASCII");
	expect_id_fail("11010519491231002Y", "digit or X");
	expect_id_fail("1101051949123100X2", "digit or X");
	expect_id_fail("11010519491231 02X", "digit or X");

	char *s = id_with_check("79999919900101001"); /* unknown region */
	expect_id_fail(s, "799999");
	free(s);
	/* (a number starting with 9 is a foreign permanent residence card, whose
	 * digits 2-6 are not a GB/T 2260 code: test_id_foreign_card) */
	s = id_with_check("11010019900101001"); /* 110100 was never listed */
	expect_id_fail(s, "110100");
	free(s);
	s = id_with_check("44060419900101001"); /* Foshan's 禅城区: a real county */
	assert_true(yw_id_number_valid(s));
	free(s);

	s = id_with_check("11010519900229001"); /* 1990 is not a leap year */
	expect_id_fail(s, "1990-02-29");
	free(s);
	s = id_with_check("11010519920229001"); /* 1992 is */
	assert_true(yw_id_number_valid(s));
	free(s);
	s = id_with_check("11010519000229001"); /* 1900 is not */
	expect_id_fail(s, "1900-02-29");
	free(s);
	s = id_with_check("11010519900100001");
	expect_id_fail(s, "does not exist");
	free(s);
	s = id_with_check("11010519900431001");
	expect_id_fail(s, "does not exist");
	free(s);
	s = id_with_check("11010519900001001");
	expect_id_fail(s, "month 00");
	free(s);
	s = id_with_check("11010518791231001");
	expect_id_fail(s, "1879");
	free(s);
	s = id_with_check("11010520990101001");
	expect_id_fail(s, "future");
	free(s);
}

static void test_id_birth_today(void **state UNUSED)
{
	/* Pretend today is 2026-01-01 in Shanghai: born today is fine, tomorrow not. */
	int64_t midnight = yw_date_midnight_ms_shanghai((struct yw_date){2026, 1, 1});
	yw_clock_set_offset_ms(midnight + 3600 * 1000 - yw_now_ms());
	char *today = id_with_check("44160220260101001");
	char *tomorrow = id_with_check("44160220260102001");
	assert_true(yw_id_number_valid(today));
	expect_id_fail(tomorrow, "future");
	free(today);
	free(tomorrow);
	yw_clock_set_offset_ms(0);
}

static void test_id_age(void **state UNUSED)
{
	struct yw_id_info info;
	assert_int_equal(yw_id_number_check("11010519491231002X", &info, "id", NULL), YW_OK);
	assert_int_equal(yw_id_age_on(&info, 2025, 12, 30), 75);
	assert_int_equal(yw_id_age_on(&info, 2025, 12, 31), 76);
	assert_int_equal(yw_id_age_on(&info, 2026, 1, 1), 76);
	assert_int_equal(yw_id_age_on(&info, 1949, 12, 31), 0);

	struct yw_id_info leap = {.birth_year = 2004, .birth_month = 2, .birth_day = 29};
	assert_int_equal(yw_id_age_on(&leap, 2025, 2, 28), 20);
	assert_int_equal(yw_id_age_on(&leap, 2025, 3, 1), 21);
	assert_int_equal(yw_id_age_on(&leap, 2024, 2, 28), 19);
	assert_int_equal(yw_id_age_on(&leap, 2024, 2, 29), 20);
}

static void expect_id_ok(const char *s, enum yw_id_kind kind, const char *normalized,
			 struct yw_id_info *info)
{
	struct yw_error err = {0};
	if (yw_id_number_check(s, info, "id", &err) != YW_OK)
		fail_msg("%s refused: %s", s, err.detail);
	assert_int_equal(info->kind, kind);
	assert_string_equal(info->number, normalized);
}

static void test_id_upgrade_15(void **state UNUSED)
{
	struct yw_id_info info;
	/* GB 11643-1999's own example, before 1999: insert 19, add the check char */
	expect_id_ok("110105491231002", YW_ID_UPGRADED_15, "11010519491231002X", &info);
	assert_string_equal(yw_id_kind_name(info.kind), "upgraded_15");
	assert_string_equal(info.region, "110105");
	assert_int_equal(info.birth_year, 1949);
	assert_int_equal(info.birth_month, 12);
	assert_int_equal(info.birth_day, 31);
	assert_false(info.male);
	/* the upgraded number is exactly the 18-character one of the same person */
	struct yw_id_info full;
	expect_id_ok("11010519491231002X", YW_ID_RESIDENT, "11010519491231002X", &full);
	assert_int_equal(yw_id_age_on(&info, 2026, 1, 1), yw_id_age_on(&full, 2026, 1, 1));
	expect_id_ok("360426910101007", YW_ID_UPGRADED_15, "360426199101010071", &info);
	assert_true(info.male);
	expect_id_ok("440524800229001", YW_ID_UPGRADED_15, "440524198002290010", &info);
	assert_int_equal(yw_id_check_char("44052419800229001"), '0');

	expect_id_fail("11010549123100A", "digits only");
	expect_id_fail("110105491331002", "month 13");
	expect_id_fail("110105490229002", "1949-02-29"); /* 1949 is not a leap year */
	expect_id_fail("999999491231002", "999999");
	expect_id_fail("110118800101001", "2015"); /* 密云区 is from 2015 */

	/* entity fields store the 18-character form and say which one */
	struct yw_error err = {0};
	assert_int_equal(yw_validate_id_number("110105491231002", &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_INVALID_ID_NUMBER);
	assert_non_null(strstr(err.detail, "11010519491231002X"));
	assert_int_equal(yw_validate_id_number("11010519491231002x", &err), YW_OK);
}

static void test_id_permits(void **state UNUSED)
{
	struct yw_id_info info;
	/* 港澳台居民居住证: the region rule is skipped (810000 is listed only
	 * from 2013, these holders were born in 1990) */
	const char *prefixes[] = {"81000019900101002", "82000019850615003", "83000019700301004"};
	for (size_t i = 0; i < 3; i++) {
		char *s = id_with_check(prefixes[i]);
		expect_id_ok(s, YW_ID_HMT_PERMIT, s, &info);
		assert_string_equal(yw_id_kind_name(info.kind), "hk_macao_taiwan_permit");
		assert_memory_equal(info.region, prefixes[i], 6);
		assert_string_equal(info.nationality, "");
		free(s);
	}
	assert_int_equal(info.birth_year, 1970);
	char *s = id_with_check("81000019901301002");
	expect_id_fail(s, "month 13");
	free(s);
	s = id_with_check("81000019900101002");
	s[17] = s[17] == '0' ? '1' : '0';
	expect_id_fail(s, "check character");
	free(s);
	/* a resident number whose region starts like a permit is still checked */
	s = id_with_check("81000119900101002");
	expect_id_fail(s, "810001");
	free(s);
}

static void test_id_foreign_card(void **state UNUSED)
{
	struct yw_id_info info;
	/* 9, acceptance place 11 (Beijing), nationality 840, born 1985-03-15,
	 * sequence 01, sex digit 3 (male), check char by GB 11643 */
	char *s = id_with_check("91184019850315013");
	expect_id_ok(s, YW_ID_FOREIGN_PERMANENT, s, &info);
	assert_string_equal(yw_id_kind_name(info.kind), "foreign_permanent");
	assert_string_equal(info.nationality, "840");
	assert_string_equal(info.region, "");
	assert_int_equal(info.birth_year, 1985);
	assert_int_equal(info.birth_month, 3);
	assert_int_equal(info.birth_day, 15);
	assert_true(info.male);
	free(s);
	/* lower-case x normalised on a foreign card too */
	for (int seq = 0; seq < 100; seq++) {
		char s17[18];
		snprintf(s17, sizeof s17, "9443921990072%02d4", seq);
		if (yw_id_check_char(s17) != 'X')
			continue;
		char lower[19];
		snprintf(lower, sizeof lower, "%sx", s17);
		char upper[19];
		snprintf(upper, sizeof upper, "%sX", s17);
		expect_id_ok(lower, YW_ID_FOREIGN_PERMANENT, upper, &info);
		assert_false(info.male);
		break;
	}
	s = id_with_check("91184019850230013");
	expect_id_fail(s, "1985-02-30");
	free(s);
	s = id_with_check("91184019850315013");
	s[17] = s[17] == '0' ? '1' : '0';
	expect_id_fail(s, "check character");
	free(s);
}

static void test_id_region_birth_year(void **state UNUSED)
{
	struct yw_id_info info;
	/* 110118 密云区 was first listed in 2015: born 2015 fine, 2014 not,
	 * nor anyone older (numbers became lifelong in 2004) */
	char *s = id_with_check("11011820150301002");
	expect_id_ok(s, YW_ID_RESIDENT, s, &info);
	free(s);
	s = id_with_check("11011820141231002");
	expect_id_fail(s, "first appears in 2015");
	free(s);
	s = id_with_check("11011819800101002");
	expect_id_fail(s, "after the birth year 1980");
	free(s);
	/* codes that existed by 2004 are plausible for anyone: 大兴区 (2001)
	 * and 禅城区 (2002) on numbers of people born in 1990 */
	s = id_with_check("11011519900101002");
	expect_id_ok(s, YW_ID_RESIDENT, s, &info);
	free(s);
	s = id_with_check("44060419900101001");
	expect_id_ok(s, YW_ID_RESIDENT, s, &info);
	free(s);
	/* before 1980 nothing can be checked: DOMAIN.md's 1880 vector carries a
	 * code first listed in 1983 */
	expect_id_ok("440524188001010014", YW_ID_RESIDENT, "440524188001010014", &info);
	/* a year boundary: first listed in 2015, born on 2015-01-01 / 2014-12-31 */
	s = id_with_check("11011920150101001");
	expect_id_ok(s, YW_ID_RESIDENT, s, &info);
	free(s);
	s = id_with_check("11011920141231001");
	expect_id_fail(s, "2015");
	free(s);
}

static void test_region_full_names(void **state UNUSED)
{
	char buf[128];
	assert_string_equal(yw_region_code_full_name("110105", buf, sizeof buf), "北京市朝阳区");
	assert_string_equal(yw_region_code_full_name("440524", buf, sizeof buf), "广东省汕头市潮阳县");
	assert_string_equal(yw_region_code_full_name("441602", buf, sizeof buf), "广东省河源市源城区");
	assert_string_equal(yw_region_code_full_name("441600", buf, sizeof buf), "广东省河源市");
	assert_string_equal(yw_region_code_full_name("440000", buf, sizeof buf), "广东省");
	assert_string_equal(yw_region_code_full_name("429004", buf, sizeof buf), "湖北省仙桃市");
	assert_null(yw_region_code_full_name("999999", buf, sizeof buf));
	assert_null(yw_region_code_full_name("4416", buf, sizeof buf));
	char tiny[4];
	assert_non_null(yw_region_code_full_name("110105", tiny, sizeof tiny)); /* cut, still a string */
	assert_true(strlen(tiny) < sizeof tiny);
}

static void test_credit_info(void **state UNUSED)
{
	struct yw_credit_info ci;
	struct yw_error err = {0};
	assert_int_equal(yw_credit_code_check_info("91350100M000100Y43", &ci, "c", &err), YW_OK);
	assert_string_equal(ci.authority, "9");
	assert_string_equal(ci.authority_name, "工商");
	assert_string_equal(ci.category, "1");
	assert_string_equal(ci.category_name, "企业");
	assert_string_equal(ci.region, "350100");
	assert_string_equal(ci.org_code, "M000100Y4");

	char *s = credit_with_check("11441602MB2C1234X");
	assert_int_equal(yw_credit_code_check_info(s, &ci, "c", &err), YW_OK);
	assert_string_equal(ci.authority_name, "机构编制");
	assert_string_equal(ci.category_name, "机关");
	free(s);
	s = credit_with_check("53100000500021676");
	assert_int_equal(yw_credit_code_check_info(s, &ci, "c", &err), YW_OK);
	assert_string_equal(ci.authority_name, "民政");
	assert_string_equal(ci.category_name, "基金会");
	free(s);
	s = credit_with_check("92441602MA5ABCDE1");
	assert_int_equal(yw_credit_code_check_info(s, &ci, "c", &err), YW_OK);
	assert_string_equal(ci.category_name, "个体工商户");
	free(s);
	s = credit_with_check("Q1441602MA5ABCDE1"); /* a category we know exists, without a name */
	assert_int_equal(yw_credit_code_check_info(s, &ci, "c", &err), YW_OK);
	assert_string_equal(ci.authority_name, "侨联");
	assert_null(ci.category_name);
	free(s);
	/* failures leave out alone */
	memset(&ci, 0x5a, sizeof ci);
	assert_int_equal(yw_credit_code_check_info("91110000600037341N", &ci, "c", &err), YW_FAIL);
	assert_int_equal(ci.authority[0], 0x5a);
	s = credit_with_check("94110000600037341"); /* 工商 has no category 4 */
	assert_int_equal(yw_credit_code_check_info(s, &ci, "c", &err), YW_FAIL);
	assert_non_null(strstr(err.detail, "94"));
	free(s);
}

static void test_mobile_normalize(void **state UNUSED)
{
	char out[12];
	const char *good[] = {"13800000001", "+8613800000001", "+86 138 0000 0001", "0086 13800000001",
			      "008613800000001", "8613800000001", "138-0000-0001", "138 0000 0001",
			      "+86-138-0000-0001"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		memset(out, 0, sizeof out);
		if (!yw_mobile_normalize(good[i], out))
			fail_msg("refused %s", good[i]);
		assert_string_equal(out, "13800000001");
	}
	const char *bad[] = {NULL, "", "+", "12800000000", "+8612800000000", "+1 2025550123",
			     " 13800000001", "13800000001 ", "13800000001-", "-13800000001",
			     "138_0000_0001", "1380000000", "138000000012", "0762-3388123",
			     "86 86 13800000001", "１3800000001", "+86+13800000001",
			     "000000000000000000000000000013800000001"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (yw_mobile_normalize(bad[i], out))
			fail_msg("accepted %s", bad[i] ? bad[i] : "(null)");
}

/* ---- phones ---- */

static void test_phones(void **state UNUSED)
{
	const char *mobiles[] = {"13800000001", "19912345678", "15012345678"};
	for (size_t i = 0; i < 3; i++) {
		assert_true(yw_mobile_valid(mobiles[i]));
		assert_true(yw_phone_valid(mobiles[i]));
	}
	const char *landlines[] = {"0762-3388123", "010-12345678", "01012345678", "07623388123",
				   "020-1234567", "0762-33881234"};
	for (size_t i = 0; i < sizeof landlines / sizeof landlines[0]; i++) {
		assert_true(yw_phone_valid(landlines[i]));
		assert_false(yw_mobile_valid(landlines[i]));
	}
	const char *bad[] = {NULL, "", "12800000000", "10800000000", "1380000000", "138000000012",
			     "1380000000a", "+8613800000001", "138 0000 0001", "0762-338812",
			     "0762-338812345", "762-3388123", "0762--3388123", "0762-3388-123",
			     "07-12345678", "07623-1234567", "0762-", "-3388123",
			     "１3800000001", "0762—3388123"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (yw_phone_valid(bad[i]))
			fail_msg("accepted %s", bad[i]);
		assert_false(yw_mobile_valid(bad[i]));
	}
	struct yw_error err = {0};
	assert_int_equal(yw_mobile_check("0762-3388123", "phone", &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_INVALID_PHONE);
	assert_string_equal(err.field, "phone");
	assert_int_equal(yw_phone_check("12345", "tel", &err), YW_FAIL);
	assert_string_equal(err.field, "tel");
	assert_int_equal(yw_phone_check("0762-3388123", "tel", &err), YW_OK);
}

/* ---- region codes ---- */

static void test_regions(void **state UNUSED)
{
	assert_string_equal(yw_region_code_name("441602"), "源城区");
	assert_string_equal(yw_region_code_name("441600"), "河源市");
	assert_string_equal(yw_region_code_name("440000"), "广东省");
	assert_string_equal(yw_region_code_name("110105"), "朝阳区");
	assert_true(yw_region_code_known("110000"));
	assert_true(yw_region_code_known("830000"));
	/* 崇文区 was merged into 东城区 in 2010 but stays known */
	const struct yw_region_code *r = yw_region_code_find("110103");
	assert_non_null(r);
	assert_int_equal(r->first_year, 1980);
	assert_int_equal(r->last_year, 2009);

	const char *unknown[] = {NULL, "", "999999", "000000", "44160", "4416021", "44a602",
				 "441602001", "44160２"};
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		assert_false(yw_region_code_known(unknown[i]));
		assert_null(yw_region_code_name(unknown[i]));
	}
	struct yw_error err = {0};
	assert_int_equal(yw_region_code_check("999999", "region", &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_INVALID_REGION_CODE);
	assert_int_equal(yw_region_code_check("441602", "region", &err), YW_OK);

	/* the generated table is sorted (binary search depends on it) and sane */
	size_t n;
	const struct yw_region_code *t = yw_region_codes(&n);
	assert_true(n > 6000);
	for (size_t i = 0; i < n; i++) {
		if (i)
			assert_true(t[i - 1].code < t[i].code);
		assert_true(t[i].code >= 110000 && t[i].code <= 999999);
		assert_true(t[i].first_year >= 1980 && t[i].first_year <= t[i].last_year);
		assert_true(t[i].name && *t[i].name);
	}
}

static void test_adapters(void **state UNUSED)
{
	struct yw_error err = {0};
	assert_int_equal(yw_validate_credit_code("91110000600037341L", &err), YW_OK);
	assert_int_equal(yw_validate_credit_code("91110000600037341N", &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_INVALID_CREDIT_CODE);
	assert_string_equal(err.field, "");
	assert_int_equal(yw_validate_id_number("110105194912310021", &err), YW_FAIL);
	assert_int_equal(err.err, YW_E_INVALID_ID_NUMBER);
	assert_int_equal(yw_validate_phone("0762-3388123", &err), YW_OK);
	assert_int_equal(yw_validate_mobile("0762-3388123", &err), YW_FAIL);
	assert_int_equal(yw_validate_region_code("441602", &err), YW_OK);
	assert_int_equal(yw_validate_region_code("441699", &err), YW_FAIL);
}

/* ---- the demo district ---- */

static const char *str(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	if (!v)
		fail_msg("member %s missing in %s", k, json_dumps(o, JSON_COMPACT));
	return v;
}

static bool in_names(json_t *arr, const char *key, const char *value)
{
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
		if (!strcmp(str(it, key), value))
			return true;
	return false;
}

static void test_demo_district(void **state UNUSED)
{
	const char *src = getenv("YW_SOURCE_DIR");
	char *path = yw_asprintf("%s/data/demo/district.json", src ? src : ".");
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		fail_msg("%s: %s", path, jerr.text);
	free(path);
	json_t *regions = json_object_get(root, "regions"), *depts = json_object_get(root, "departments");
	json_t *halls = json_object_get(root, "halls"), *staff = json_object_get(root, "staff");
	json_t *citizens = json_object_get(root, "citizens");
	size_t i, j;
	json_t *it, *w;

	json_array_foreach(regions, i, it) {
		const char *code = str(it, "code"), *level = str(it, "level");
		json_t *parent = json_object_get(it, "parent");
		if (strlen(code) == 6)
			assert_string_equal(yw_region_code_name(code), str(it, "name"));
		if (!json_is_null(parent)) {
			const char *p = json_string_value(parent);
			assert_non_null(p);
			assert_true(in_names(regions, "code", p));
			/* a child's code starts with the significant part of its
			 * parent's: 44 for 440000, 4416 for 441600 */
			size_t sig = strlen(p);
			while (sig <= 6 && sig > 2 && !memcmp(p + sig - 2, "00", 2))
				sig -= 2;
			assert_memory_equal(code, p, sig);
		}
		assert_non_null(strstr(" province city district street community ", level));
	}

	assert_true(json_array_size(depts) >= 30);
	json_array_foreach(depts, i, it) {
		struct yw_error err = {0};
		const char *code = str(it, "credit_code");
		if (yw_credit_code_check(code, "credit_code", &err) != YW_OK)
			fail_msg("%s: %s %s", str(it, "name"), code, err.detail);
		assert_memory_equal(code + 2, "441602", 6);
		assert_true(code[0] == '1');
		assert_true(yw_phone_valid(str(it, "phone")));
		assert_true(in_names(regions, "code", str(it, "region")));
		assert_true(*str(it, "chief_rep"));
		for (j = 0; j < i; j++) { /* names and codes unique */
			json_t *o = json_array_get(depts, j);
			assert_string_not_equal(str(o, "name"), str(it, "name"));
			assert_string_not_equal(str(o, "credit_code"), code);
		}
	}

	static const char *const types = " comprehensive specialised issuing consulting complaint cross_region ";
	json_t *centre = json_array_get(halls, 0);
	assert_string_equal(str(centre, "name"), "源城区政务服务中心");
	assert_int_equal(json_array_size(json_object_get(centre, "windows")), 18);
	json_t *hours = json_object_get(centre, "hours"); /* Monday first */
	assert_int_equal(json_array_size(hours), 7);
	assert_string_equal(json_string_value(json_array_get(hours, 0)), "08:30-12:00,14:30-17:30");
	assert_string_equal(json_string_value(json_array_get(hours, 5)), "09:00-12:00");
	assert_string_equal(json_string_value(json_array_get(hours, 6)), "");
	json_array_foreach(halls, i, it) {
		assert_true(in_names(regions, "code", str(it, "region")));
		assert_int_equal(json_array_size(json_object_get(it, "hours")), 7);
		assert_true(yw_phone_valid(str(it, "phone")));
		json_t *ws = json_object_get(it, "windows");
		assert_true(json_array_size(ws) >= 3);
		json_array_foreach(ws, j, w) {
			char t[40];
			snprintf(t, sizeof t, " %s ", str(w, "type"));
			assert_non_null(strstr(types, t));
			assert_int_equal(json_integer_value(json_object_get(w, "number")), (json_int_t)j + 1);
			size_t k;
			json_t *d;
			json_array_foreach(json_object_get(w, "departments"), k, d)
				if (!in_names(depts, "name", json_string_value(d)))
					fail_msg("window %s: no department %s", str(w, "name"), json_string_value(d));
		}
	}

	unsigned roles_seen = 0;
	static const char *const roles[] = {"admin", "catalogue_admin", "hall_manager", "clerk",
					    "approver", "supervisor", "hotline_agent", "hotline_handler"};
	json_array_foreach(staff, i, it) {
		assert_true(yw_mobile_valid(str(it, "phone")));
		assert_true(in_names(depts, "name", str(it, "department")));
		json_t *hall = json_object_get(it, "hall");
		if (hall)
			assert_true(in_names(halls, "name", json_string_value(hall)));
		assert_null(json_object_get(it, "password"));
		size_t k;
		json_t *r;
		json_array_foreach(json_object_get(it, "roles"), k, r)
			for (size_t q = 0; q < 8; q++)
				if (!strcmp(json_string_value(r), roles[q]))
					roles_seen |= 1u << q;
	}
	assert_int_equal(roles_seen, 0xff);
	assert_true(in_names(staff, "username", "admin"));

	bool elder = false;
	assert_int_equal(json_array_size(citizens), 3);
	json_array_foreach(citizens, i, it) {
		struct yw_id_info info;
		struct yw_error err = {0};
		if (yw_id_number_check(str(it, "id_number"), &info, "id_number", &err) != YW_OK)
			fail_msg("%s: %s", str(it, "name"), err.detail);
		assert_true(yw_mobile_valid(str(it, "phone")));
		elder |= yw_id_age_on(&info, 2026, 1, 1) >= 65;
	}
	assert_true(elder);
	json_decref(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credit_vectors),
		cmocka_unit_test(test_credit_edges),
		cmocka_unit_test(test_id_vectors),
		cmocka_unit_test(test_id_edges),
		cmocka_unit_test(test_id_birth_today),
		cmocka_unit_test(test_id_age),
		cmocka_unit_test(test_id_upgrade_15),
		cmocka_unit_test(test_id_permits),
		cmocka_unit_test(test_id_foreign_card),
		cmocka_unit_test(test_id_region_birth_year),
		cmocka_unit_test(test_region_full_names),
		cmocka_unit_test(test_credit_info),
		cmocka_unit_test(test_mobile_normalize),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_adapters),
		cmocka_unit_test(test_demo_district),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
