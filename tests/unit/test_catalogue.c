/* The catalogue's pure parts: the consistency rules (each with the field it
 * names), the steps' total, the strict parser and its field paths, the
 * canonical writer, the diff, and the CSV reader. No store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define UNUSED __attribute__((unused))

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/item_csv.h"
#include "yw/item.h"

/* A consistent item; each test overrides members by text substitution. */
static const char *const BASE =
	"{\"code\":\"T-1\",\"region\":\"441602\",\"name\":\"测试事项\",\"type\":\"licensing\","
	"\"department\":\"市场监管局\",\"service_objects\":[\"legal_person\"],"
	"\"materials\":[{\"name\":\"申请书\",\"required\":true},"
	"{\"name\":\"补充材料\",\"required\":true,\"role\":\"secondary\"}],"
	"\"steps\":[{\"name\":\"受理\",\"limit_days\":1},{\"name\":\"审查\",\"limit_days\":3},"
	"{\"name\":\"决定\",\"limit_days\":1}],"
	"\"statutory_limit_days\":20,\"promised_limit_days\":5,\"handling_type\":\"promised\","
	"\"review_type\":\"pre_review\",\"online_depth\":3,\"visits\":1,"
	"\"handling_forms\":[\"window\",\"online\"],\"result_type\":\"licence\","
	"\"delivery\":[\"pickup\",\"electronic\"],\"consult_phone\":\"0762-3300001\","
	"\"complaint_phone\":\"12345\",\"tolerance\":true}";

/* json with the top-level "key":value replaced (or added when absent). The
 * keys replaced here occur first at the top level of BASE. */
static char *set(const char *json, const char *key, const char *value)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\":", key);
	const char *at = strstr(json, pat);
	if (!at)
		return yw_asprintf("{\"%s\":%s,%s", key, value, json + 1);
	const char *v = at + strlen(pat), *e = v;
	int depth = 0;
	bool str = false;
	for (; *e; e++) {
		if (str) {
			if (*e == '\\')
				e++;
			else if (*e == '"')
				str = false;
		} else if (*e == '"') {
			str = true;
		} else if (*e == '[' || *e == '{') {
			depth++;
		} else if ((*e == ']' || *e == '}') && depth-- == 0) {
			break;
		} else if (*e == ',' && depth == 0) {
			break;
		}
	}
	return yw_asprintf("%.*s%s%s", (int)(v - json), json, value, e);
}

static char *with(const char *key, const char *value) { return set(BASE, key, value); }

static char *with2(const char *k1, const char *v1, const char *k2, const char *v2)
{
	char *a = set(BASE, k1, v1), *b = set(a, k2, v2);
	free(a);
	return b;
}

static char *with3(const char *k1, const char *v1, const char *k2, const char *v2, const char *k3,
		   const char *v3)
{
	char *a = with2(k1, v1, k2, v2), *b = set(a, k3, v3);
	free(a);
	return b;
}

static struct yw_item parse_ok(const char *json)
{
	struct yw_item it;
	struct yw_error err = {0};
	int st = yw_item_parse(json, strlen(json), &it, NULL, &err);
	if (st)
		fail_msg("does not parse: %s %s (%s)", yw_err_name(err.err), err.detail, json);
	return it;
}

static void expect_rule(const char *json, const char *field)
{
	struct yw_item it = parse_ok(json);
	struct yw_error err = {0};
	int st = yw_item_check_rules(&it, &err);
	yw_item_clear(&it);
	if (st != YW_FAIL || err.err != YW_E_ITEM_INCONSISTENT || strcmp(err.field, field))
		fail_msg("expected ITEM_INCONSISTENT on %s, got %d %s field=%s (%s)", field, st,
			 yw_err_name(err.err), err.field, json);
}

static void expect_ok(const char *json)
{
	struct yw_item it = parse_ok(json);
	struct yw_error err = {0};
	int st = yw_item_check_rules(&it, &err);
	yw_item_clear(&it);
	if (st)
		fail_msg("rules refused: %s %s (%s)", err.field, err.detail, json);
}

static void test_base_is_consistent(void **state UNUSED) { expect_ok(BASE); }

static void test_limits(void **state UNUSED)
{
	char *a = with("promised_limit_days", "21");
	expect_rule(a, "promised_limit_days");
	char *b = with2("statutory_limit_days", "46", "type", "\"licensing\"");
	expect_rule(b, "statutory_limit_days");
	char *c = with2("statutory_limit_days", "46", "type", "\"filing\"");
	expect_ok(c); /* the 45-day cap is for licences only */
	char *d = with("steps", "[{\"name\":\"受理\",\"limit_days\":3},{\"name\":\"决定\",\"limit_days\":3}]");
	expect_rule(d, "steps");
	free(a), free(b), free(c), free(d);
}

static void test_steps_total(void **state UNUSED)
{
	/* 1 + max(3, 4) + 2 + max(1) = 8: a group counts once, as its longest. */
	char *j = with("steps", "[{\"name\":\"受理\",\"limit_days\":1},"
				"{\"name\":\"a\",\"limit_days\":3,\"parallel_group\":\"g\"},"
				"{\"name\":\"b\",\"limit_days\":4,\"parallel_group\":\"g\"},"
				"{\"name\":\"c\",\"limit_days\":2},"
				"{\"name\":\"d\",\"limit_days\":1,\"parallel_group\":\"h\"}]");
	struct yw_item it = parse_ok(j);
	assert_int_equal(yw_item_steps_total(&it), 8);
	yw_item_clear(&it);
	free(j);
}

static void test_immediate_triangle(void **state UNUSED)
{
	const char *zero = "[{\"name\":\"办结\",\"limit_days\":0}]";
	/* immediate, promised 0, but reviewed before approval → review_type */
	char *a = with3("handling_type", "\"immediate\"", "promised_limit_days", "0", "steps", zero);
	expect_rule(a, "review_type");
	/* immediate and instant, but a promised limit → promised_limit_days */
	char *b = with2("handling_type", "\"immediate\"", "review_type", "\"instant\"");
	expect_rule(b, "promised_limit_days");
	/* instant review on a promised item → handling_type */
	char *c = with("review_type", "\"instant\"");
	expect_rule(c, "handling_type");
	/* promised 0 on a promised item → handling_type */
	char *d = with2("promised_limit_days", "0", "steps", zero);
	expect_rule(d, "handling_type");
	/* all three together pass */
	char *e = set(a, "review_type", "\"instant\"");
	expect_ok(e);
	free(a), free(b), free(c), free(d), free(e);
}

static void test_joint(void **state UNUSED)
{
	const char *group2 = "[{\"name\":\"受理\",\"limit_days\":1},"
			     "{\"name\":\"a\",\"limit_days\":3,\"parallel_group\":\"g\",\"department\":\"住建局\"},"
			     "{\"name\":\"b\",\"limit_days\":2,\"parallel_group\":\"g\",\"department\":\"消防大队\"}]";
	const char *group1 = "[{\"name\":\"受理\",\"limit_days\":1},"
			     "{\"name\":\"a\",\"limit_days\":3,\"parallel_group\":\"g\",\"department\":\"住建局\"},"
			     "{\"name\":\"b\",\"limit_days\":2,\"parallel_group\":\"g\",\"department\":\"住建局\"}]";
	char *a = with("handling_type", "\"joint\"");
	expect_rule(a, "steps"); /* joint without a parallel group */
	char *b = with2("handling_type", "\"joint\"", "steps", group1);
	expect_rule(b, "steps"); /* a group of one department is not joint */
	char *c = with("steps", group2);
	expect_rule(c, "handling_type"); /* two departments in a group make it joint */
	char *d = with2("handling_type", "\"joint\"", "steps", group2);
	expect_ok(d);
	free(a), free(b), free(c), free(d);
}

static void test_online_and_visits(void **state UNUSED)
{
	char *a = with("online_depth", "4");
	expect_rule(a, "visits");
	char *b = with2("online_depth", "4", "visits", "0");
	expect_ok(b);
	char *c = with2("online_depth", "4", "handling_forms", "[\"window\"]");
	char *c2 = set(c, "visits", "0");
	expect_rule(c2, "handling_forms");
	char *d = with("visits", "0");
	expect_rule(d, "visits"); /* zero visits needs 全程网办 or post */
	char *e = with2("visits", "0", "handling_forms", "[\"window\",\"post\"]");
	expect_ok(e);
	free(a), free(b), free(c), free(c2), free(d), free(e);
}

static void test_tolerance_phones_delivery_materials(void **state UNUSED)
{
	char *a = with("materials", "[{\"name\":\"申请书\",\"required\":true}]");
	expect_rule(a, "tolerance");
	char *b = with("materials", "[{\"name\":\"申请书\",\"required\":true},"
				    "{\"name\":\"补充\",\"required\":false,\"role\":\"secondary\"}]");
	expect_rule(b, "tolerance"); /* the secondary material must be required */
	char *c = with2("materials", "[{\"name\":\"申请书\",\"required\":true}]", "tolerance", "false");
	expect_ok(c);
	char *d = with("complaint_phone", "\"0762-3300001\"");
	expect_rule(d, "complaint_phone");
	char *e = with("result_type", "\"approval\"");
	expect_rule(e, "delivery");
	char *f = with2("materials", "[]", "tolerance", "false");
	expect_rule(f, "materials");
	char *g = with3("materials", "[]", "tolerance", "false", "type", "\"public_service\"");
	expect_ok(g); /* a public service may ask for nothing */
	free(a), free(b), free(c), free(d), free(e), free(f), free(g);
}

static void expect_parse_error(const char *json, enum yw_err e, const char *field)
{
	struct yw_item it;
	struct yw_error err = {0};
	int st = yw_item_parse(json, strlen(json), &it, NULL, &err);
	if (st != YW_FAIL || err.err != e || strcmp(err.field, field))
		fail_msg("expected %s on %s, got %s on %s (%s)", yw_err_name(e), field, yw_err_name(err.err),
			 err.field, err.detail);
}

static void test_parser_paths(void **state UNUSED)
{
	char *a = with("materials", "[{\"name\":\"申请书\",\"required\":true,\"count\":21}]");
	expect_parse_error(a, YW_E_OUT_OF_RANGE, "materials[0].count");
	char *b = with("steps", "[{\"name\":\"受理\",\"limit_days\":1,\"colour\":1}]");
	expect_parse_error(b, YW_E_UNKNOWN_FIELD, "steps[0].colour");
	char *c = with("fee", "{\"charged\":true}");
	expect_parse_error(c, YW_E_OUT_OF_RANGE, "fee.items");
	char *d = with("handling_forms", "[\"window\",\"window\"]");
	expect_parse_error(d, YW_E_DUPLICATE, "handling_forms[1]");
	char *e = with("type", "\"permit\"");
	expect_parse_error(e, YW_E_BAD_ENUM, "type");
	char *f = with("code", "\"有中文\"");
	expect_parse_error(f, YW_E_BAD_FORMAT, "code");
	char *g = with("visits", "\"1\"");
	expect_parse_error(g, YW_E_BAD_TYPE, "visits");
	char *h = with("themes", "[\"a|b\"]");
	expect_parse_error(h, YW_E_BAD_FORMAT, "themes[0]");
	char *i = with("consult_phone", "\"12\"");
	expect_parse_error(i, YW_E_BAD_FORMAT, "consult_phone");
	char *k = with("cross_region", "{\"scope\":\"none\",\"partners\":[\"深圳\"]}");
	expect_parse_error(k, YW_E_BAD_FORMAT, "cross_region.partners");
	expect_parse_error("[1]", YW_E_BAD_JSON, "");
	expect_parse_error("{\"code\":", YW_E_BAD_JSON, "");
	free(a), free(b), free(c), free(d), free(e), free(f), free(g), free(h), free(i), free(k);
	/* Hotlines and landlines with area codes are phones. */
	char *p1 = with("complaint_phone", "\"0762-12345\"");
	expect_ok(p1);
	char *p2 = with("complaint_phone", "\"13800138000\"");
	expect_ok(p2);
	free(p1), free(p2);
}

static void test_canonical_round_trip(void **state UNUSED)
{
	struct yw_item it = parse_ok(BASE);
	char *one = yw_item_to_json(&it, false);
	yw_item_clear(&it);
	it = parse_ok(one);
	char *two = yw_item_to_json(&it, false);
	assert_string_equal(one, two);
	/* Defaults are written out: the same item always has the same text. */
	assert_non_null(strstr(one, "\"fee\":{\"charged\":false}"));
	assert_non_null(strstr(one, "\"cross_region\":{\"scope\":\"none\",\"partners\":[]}"));
	assert_non_null(strstr(one, "\"trust_level\":\"C\""));
	assert_null(strstr(one, "region_id"));
	char *ids = yw_item_to_json(&it, true);
	assert_non_null(strstr(ids, "\"region_id\":0"));
	char *text = yw_item_search_text(&it);
	assert_non_null(strstr(text, "t-1"));   /* codes lower-cased */
	assert_non_null(strstr(text, "补充材料")); /* material names */
	yw_item_clear(&it);
	free(one), free(two), free(ids), free(text);
}

static void test_diff(void **state UNUSED)
{
	char *b = with("materials", "[{\"name\":\"新材料\",\"required\":true},{\"name\":\"申请书\",\"required\":false},"
				    "{\"name\":\"补充材料\",\"required\":true,\"role\":\"secondary\"}]");
	struct yw_item x = parse_ok(BASE), y = parse_ok(b);
	char *from = yw_item_to_json(&x, false), *to = yw_item_to_json(&y, false);
	char *d = yw_item_diff(from, to);
	assert_non_null(d);
	/* Matched by name: one addition and one change, nothing else. */
	assert_non_null(strstr(d, "\"field\":\"materials[新材料]\",\"from\":null"));
	assert_non_null(strstr(d, "\"field\":\"materials[申请书].required\",\"from\":true,\"to\":false"));
	assert_null(strstr(d, "补充材料"));
	char *none = yw_item_diff(from, from);
	assert_string_equal(none, "[]");
	assert_null(yw_item_diff("{", from));
	yw_item_clear(&x), yw_item_clear(&y);
	free(b), free(from), free(to), free(d), free(none);
}

static void test_bigrams(void **state UNUSED)
{
	char *a = yw_item_bigrams("户口迁入");
	assert_string_equal(a, "户口 口迁 迁入");
	/* Pairs never span punctuation, separators or spaces. */
	char *b = yw_item_bigrams("落户（测试）\x1f" "ab c");
	assert_string_equal(b, "落户 测试 ab");
	char *c = yw_item_bigrams("x");
	assert_string_equal(c, "");
	assert_true(yw_item_bigram_word("落户"));
	assert_true(yw_item_bigram_word("a1"));
	assert_false(yw_item_bigram_word("落"));
	assert_false(yw_item_bigram_word("落户口"));
	assert_false(yw_item_bigram_word("（落"));
	assert_false(yw_item_bigram_word(""));
	free(a), free(b), free(c);
}

static void test_csv(void **state UNUSED)
{
	const char *text = "\xef\xbb\xbf"
			   "a,b,c\r\n"
			   "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
			   "2,\"two\nlines\",z\n"
			   ",,\n"
			   "3,,last";
	struct yw_csv csv;
	int line = 0;
	const char *why = NULL;
	assert_int_equal(yw_csv_parse(text, strlen(text), &csv, &line, &why), YW_OK);
	assert_int_equal(csv.n, 5);
	assert_string_equal(csv.rows[0].cells[0], "a"); /* the BOM is skipped */
	assert_string_equal(csv.rows[1].cells[1], "x, y");
	assert_string_equal(csv.rows[1].cells[2], "say \"hi\"");
	assert_string_equal(csv.rows[2].cells[1], "two\nlines");
	assert_int_equal(csv.rows[2].line, 3);
	assert_int_equal(csv.rows[3].line, 5); /* after a two-line record */
	assert_true(yw_csv_blank(&csv.rows[3]));
	assert_int_equal(csv.rows[4].n, 3);
	assert_string_equal(csv.rows[4].cells[2], "last");
	yw_csv_free(&csv);
	const char *broken = "a,b\n1,\"open\n2,3\n";
	assert_int_equal(yw_csv_parse(broken, strlen(broken), &csv, &line, &why), YW_FAIL);
	assert_int_equal(line, 2);
	yw_csv_free(&csv);
	struct yw_buf b = {0};
	yw_csv_cell(&b, "plain");
	yw_buf_adds(&b, ",");
	yw_csv_cell(&b, "a,\"b\"\nc");
	assert_string_equal(b.data, "plain,\"a,\"\"b\"\"\nc\"");
	yw_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_is_consistent),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_steps_total),
		cmocka_unit_test(test_immediate_triangle),
		cmocka_unit_test(test_joint),
		cmocka_unit_test(test_online_and_visits),
		cmocka_unit_test(test_tolerance_phones_delivery_materials),
		cmocka_unit_test(test_parser_paths),
		cmocka_unit_test(test_canonical_round_trip),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_bigrams),
		cmocka_unit_test(test_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
