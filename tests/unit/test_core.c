/* Core helpers: UTF-8 checks, masking, the JSON string writer, the error
 * registry, role parsing and entity records. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "yw/core.h"
#include "yw/entity.h"
#include "yw/roles.h"

static void test_utf8(void **state)
{
	assert_true(yw_utf8_valid("一网通办", strlen("一网通办")));
	assert_true(yw_utf8_valid("ascii", 5));
	assert_false(yw_utf8_valid("\xff", 1));
	assert_false(yw_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	assert_false(yw_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(yw_utf8_valid("\xe4\xb8", 2));         /* truncated */
	assert_false(yw_utf8_valid("a\0b", 3));             /* embedded NUL */
	assert_false(yw_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_int_equal(yw_utf8_len("一网a"), 3);
}

static void test_masking(void **state)
{
	char *id = yw_mask_id("440524188001010014"), *phone = yw_mask_phone("13812345678");
	assert_string_equal(id, "440524********0014");
	assert_string_equal(phone, "138****5678");
	free(id);
	free(phone);
	char *short_one = yw_mask_phone("123");
	assert_string_equal(short_one, "****");
	free(short_one);
	assert_null(yw_mask_id(NULL));
}

static void test_json_string(void **state)
{
	struct yw_buf b = {0};
	yw_buf_json_str(&b, "a\"b\\c\n\x01一");
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001一\"");
	yw_buf_free(&b);
	yw_buf_json_str(&b, NULL);
	assert_string_equal(b.data, "null");
	yw_buf_free(&b);
}

static void test_registry(void **state)
{
	assert_int_equal(yw_err_code(YW_E_BAD_JSON), 1001);
	assert_int_equal(yw_err_http(YW_E_BODY_TOO_LARGE), 413);
	assert_string_equal(yw_err_name(YW_E_FORBIDDEN_SCOPE), "FORBIDDEN_SCOPE");
	/* Codes are unique across the registry. */
	for (int a = 1; a < YW_E__COUNT; a++)
		for (int b = a + 1; b < YW_E__COUNT; b++)
			assert_int_not_equal(yw_err_code((enum yw_err)a), yw_err_code((enum yw_err)b));
	struct yw_error e;
	yw_error_set(&e, YW_E_TOO_LONG, "name", "%d > %d", 61, 60);
	assert_string_equal(e.field, "name");
	assert_string_equal(e.detail, "61 > 60");
}

static void test_roles(void **state)
{
	assert_int_equal(yw_role_from_name("clerk"), YW_ROLE_CLERK);
	assert_int_equal(yw_role_from_name("root"), 0);
	assert_int_equal(yw_roles_from_json("[\"admin\",\"supervisor\"]"), YW_ROLE_ADMIN | YW_ROLE_SUPERVISOR);
	assert_int_equal(yw_roles_from_json("[]"), 0);
	assert_false(YW_ROLES_STAFF & YW_ROLE_CITIZEN);
}

static void test_records(void **state)
{
	struct yw_rec *a = yw_rec_new(&yw_entity_window), *b = yw_rec_new(&yw_entity_window);
	yw_val_set_text(yw_rec_val(a, "name"), "一");
	yw_val_set_int(yw_rec_val(a, "number"), 3);
	yw_val_set_text(yw_rec_val(b, "name"), "二");
	yw_rec_merge(a, b);
	assert_string_equal(yw_rec_cval(a, "name")->s, "二");
	assert_int_equal(yw_rec_cval(a, "number")->i, 3);
	struct yw_rec *c = yw_rec_clone(a);
	assert_string_equal(yw_rec_cval(c, "name")->s, "二");
	yw_rec_free(a);
	yw_rec_free(b);
	yw_rec_free(c);
	int64_t *ids = NULL;
	assert_int_equal(yw_intlist_parse(",3,15,7,", &ids), 3);
	assert_int_equal(ids[1], 15);
	free(ids);
	assert_int_equal(yw_intlist_parse("", &ids), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),	 cmocka_unit_test(test_masking), cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_registry), cmocka_unit_test(test_roles),	 cmocka_unit_test(test_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
