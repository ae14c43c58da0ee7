/* Identity values: credit codes, ID numbers, phones, region codes. */
#include "yw/validate.h"
#include "yw/calendar.h"
#include "yw/core.h"

#include <stdlib.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static bool has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

/* ---- unified social credit code, GB 32100-2015 ---- */

static const char credit_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int credit_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* Registration authority (first char) and the organisation types (second
 * char) it issues. GB 32100-2015 table 1 plus the authorities and types
 * added since by the standardisation administration (商事调解 36, 村/居委会
 * 54/55, 非法人工会 82, 公安 G, 住建 J, 侨联 Q). A whitelist, because a
 * mistyped first char otherwise passes whenever the check char happens to
 * match; kept generous, because rejecting a real licence is worse. */
static const struct {
	char authority;
	const char *types;
} credit_prefixes[] = {
	{'1', "1239"},    /* 机构编制: 机关, 事业单位, 群众团体, 其他 */
	{'2', "19"},      /* 外交 */
	{'3', "1234569"}, /* 司法行政: 律所, 公证处, 基层法律服务所, 司法鉴定, 仲裁, 商事调解 */
	{'4', "19"},      /* 文化 */
	{'5', "123459"},  /* 民政: 社团, 民非, 基金会, 村委会, 居委会 */
	{'6', "129"},     /* 旅游 */
	{'7', "129"},     /* 宗教 */
	{'8', "129"},     /* 工会 */
	{'9', "1239"},    /* 工商/市场监管: 企业, 个体工商户, 农民专业合作社 */
	{'A', "19"},      /* 中央军委改革和编制办公室 */
	{'G', "19"},      /* 公安: 境外非政府组织代表机构 */
	{'J', "19"},      /* 住房城乡建设: 业主大会 */
	{'N', "1239"},    /* 农业农村: 组/村/乡镇级集体经济组织 */
	{'Q', "1239"},    /* 侨联 */
	{'Y', "1"},       /* 其他 */
};

static int credit_value(char c)
{
	const char *p = c ? strchr(credit_charset, c) : NULL;
	return p ? (int)(p - credit_charset) : -1;
}

char yw_credit_code_check_char(const char *s)
{
	if (!s)
		return 0;
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = credit_value(s[i]);
		if (v < 0)
			return 0; /* also stops at a short string's NUL */
		sum += v * credit_weights[i];
	}
	return credit_charset[(31 - sum % 31) % 31];
}

static bool credit_prefix_known(char authority, char type)
{
	for (size_t i = 0; i < sizeof credit_prefixes / sizeof credit_prefixes[0]; i++)
		if (credit_prefixes[i].authority == authority)
			return type && strchr(credit_prefixes[i].types, type) != NULL;
	return false;
}

int yw_credit_code_check(const char *s, const char *field, struct yw_error *err)
{
	enum yw_err e = YW_E_INVALID_CREDIT_CODE;
	if (!s || !*s) {
		yw_error_set(err, e, field, "统一社会信用代码不能为空 / must not be empty");
		return YW_FAIL;
	}
	if (has_non_ascii(s)) {
		yw_error_set(err, e, field, "含有全角或非 ASCII 字符 / contains full-width or non-ASCII characters");
		return YW_FAIL;
	}
	size_t len = strlen(s);
	if (len != 18) {
		yw_error_set(err, e, field, "应为 18 位，实为 %zu 位 / must be 18 characters, not %zu", len, len);
		return YW_FAIL;
	}
	for (int i = 0; i < 18; i++) {
		if (credit_value(s[i]) >= 0)
			continue;
		if (s[i] >= 'a' && s[i] <= 'z')
			yw_error_set(err, e, field, "第 %d 位应为大写字母 / character %d must be upper case",
				     i + 1, i + 1);
		else
			yw_error_set(err, e, field,
				     "第 %d 位 '%c' 不是合法字符（不用 I O S V Z） / character %d '%c' is not allowed",
				     i + 1, s[i] > ' ' ? s[i] : '?', i + 1, s[i] > ' ' ? s[i] : '?');
		return YW_FAIL;
	}
	if (!credit_prefix_known(s[0], s[1])) {
		yw_error_set(err, e, field,
			     "登记管理部门及机构类别代码 %.2s 不存在 / unknown authority and type code %.2s", s, s);
		return YW_FAIL;
	}
	if (!all_digits(s + 2, 6)) {
		yw_error_set(err, e, field,
			     "第 3-8 位应为行政区划代码（数字） / characters 3-8 must be a division code (digits)");
		return YW_FAIL;
	}
	char want = yw_credit_code_check_char(s);
	if (s[17] != want) {
		yw_error_set(err, e, field, "校验码应为 %c，实为 %c / the check character should be %c, not %c",
			     want, s[17], want, s[17]);
		return YW_FAIL;
	}
	return YW_OK;
}

bool yw_credit_code_valid(const char *s)
{
	return yw_credit_code_check(s, NULL, NULL) == YW_OK;
}

/* ---- resident ID number, GB 11643-1999 ---- */

char yw_id_check_char(const char *s)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	if (!s)
		return 0;
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (!is_digit(s[i]))
			return 0;
		sum += (s[i] - '0') * w[i];
	}
	return "10X98765432"[sum % 11];
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The first year an ID number can carry: nobody alive was born earlier, and
 * a typo like 1089 for 1989 should not pass. */
#define ID_MIN_YEAR 1880

static int id_birth_check(const char *s, const char *field, struct yw_error *err)
{
	enum yw_err e = YW_E_INVALID_ID_NUMBER;
	struct yw_date b = {num(s + 6, 4), num(s + 10, 2), num(s + 12, 2)};
	if (b.m < 1 || b.m > 12) {
		yw_error_set(err, e, field, "出生月份 %02d 不存在 / birth month %02d does not exist", b.m, b.m);
		return YW_FAIL;
	}
	if (!yw_date_valid(b)) {
		yw_error_set(err, e, field, "出生日期 %04d-%02d-%02d 不存在 / the birth date does not exist",
			     b.y, b.m, b.d);
		return YW_FAIL;
	}
	if (b.y < ID_MIN_YEAR) {
		yw_error_set(err, e, field, "出生年份 %04d 早于 %d / birth year %04d is before %d", b.y,
			     ID_MIN_YEAR, b.y, ID_MIN_YEAR);
		return YW_FAIL;
	}
	if (yw_date_cmp(b, yw_date_today_shanghai()) > 0) {
		yw_error_set(err, e, field, "出生日期 %04d-%02d-%02d 晚于今天 / the birth date is in the future",
			     b.y, b.m, b.d);
		return YW_FAIL;
	}
	return YW_OK;
}

int yw_id_number_check(const char *s, struct yw_id_info *out, const char *field,
		       struct yw_error *err)
{
	enum yw_err e = YW_E_INVALID_ID_NUMBER;
	if (!s || !*s) {
		yw_error_set(err, e, field, "身份证号码不能为空 / must not be empty");
		return YW_FAIL;
	}
	if (has_non_ascii(s)) {
		yw_error_set(err, e, field, "含有全角或非 ASCII 字符 / contains full-width or non-ASCII characters");
		return YW_FAIL;
	}
	size_t len = strlen(s);
	if (len != 18) {
		/* 15-digit numbers (before 1999) are no longer valid cards. */
		yw_error_set(err, e, field, "应为 18 位，实为 %zu 位 / must be 18 characters, not %zu", len, len);
		return YW_FAIL;
	}
	if (!all_digits(s, 17) || !(is_digit(s[17]) || s[17] == 'X' || s[17] == 'x')) {
		yw_error_set(err, e, field,
			     "前 17 位应为数字，末位为数字或 X / 17 digits then a digit or X");
		return YW_FAIL;
	}
	char region[7];
	memcpy(region, s, 6);
	region[6] = 0;
	if (!yw_region_code_known(region)) {
		yw_error_set(err, e, field,
			     "地址码 %s 不是行政区划代码 / %s is not a GB/T 2260 region code", region, region);
		return YW_FAIL;
	}
	if (id_birth_check(s, field, err) != YW_OK)
		return YW_FAIL;
	char want = yw_id_check_char(s);
	char got = s[17] == 'x' ? 'X' : s[17];
	if (got != want) {
		yw_error_set(err, e, field, "校验码应为 %c，实为 %c / the check character should be %c, not %c",
			     want, s[17], want, s[17]);
		return YW_FAIL;
	}
	if (out) {
		memcpy(out->number, s, 17);
		out->number[17] = got;
		out->number[18] = 0;
		memcpy(out->region, region, sizeof out->region);
		out->birth_year = num(s + 6, 4);
		out->birth_month = num(s + 10, 2);
		out->birth_day = num(s + 12, 2);
		out->male = (s[16] - '0') % 2 == 1;
	}
	return YW_OK;
}

bool yw_id_number_valid(const char *s)
{
	return yw_id_number_check(s, NULL, NULL, NULL) == YW_OK;
}

int yw_id_age_on(const struct yw_id_info *info, int y, int m, int d)
{
	int age = y - info->birth_year;
	if (m < info->birth_month || (m == info->birth_month && d < info->birth_day))
		age--;
	return age;
}

/* ---- phone numbers ---- */

bool yw_mobile_valid(const char *s)
{
	return s && strlen(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' &&
	       all_digits(s, 11);
}

static bool landline_valid(const char *s)
{
	if (!s || s[0] != '0')
		return false;
	size_t len = strlen(s);
	const char *dash = strchr(s, '-');
	if (!dash) /* 0 + 2-3 digits + 7-8 digits, run together */
		return len >= 10 && len <= 12 && all_digits(s, len);
	size_t area = (size_t)(dash - s), local = len - area - 1;
	return area >= 3 && area <= 4 && all_digits(s, area) && local >= 7 && local <= 8 &&
	       all_digits(dash + 1, local);
}

bool yw_phone_valid(const char *s)
{
	return yw_mobile_valid(s) || landline_valid(s);
}

int yw_mobile_check(const char *s, const char *field, struct yw_error *err)
{
	if (yw_mobile_valid(s))
		return YW_OK;
	yw_error_set(err, YW_E_INVALID_PHONE, field,
		     "手机号码应为 1 开头的 11 位数字 / a mobile number is 11 digits starting 13-19");
	return YW_FAIL;
}

int yw_phone_check(const char *s, const char *field, struct yw_error *err)
{
	if (yw_phone_valid(s))
		return YW_OK;
	yw_error_set(err, YW_E_INVALID_PHONE, field,
		     "应为 11 位手机号或 0 开头的固定电话（如 0762-3388123） / "
		     "a mobile or a landline like 0762-3388123");
	return YW_FAIL;
}

/* ---- GB/T 2260 region codes ---- */

static int cmp_region(const void *key, const void *elem)
{
	uint32_t k = *(const uint32_t *)key, c = ((const struct yw_region_code *)elem)->code;
	return (k > c) - (k < c);
}

const struct yw_region_code *yw_region_code_find(const char *code6)
{
	if (!code6 || strlen(code6) != 6 || !all_digits(code6, 6))
		return NULL;
	uint32_t key = (uint32_t)num(code6, 6);
	size_t n;
	const struct yw_region_code *t = yw_region_codes(&n);
	return bsearch(&key, t, n, sizeof *t, cmp_region);
}

const char *yw_region_code_name(const char *code6)
{
	const struct yw_region_code *r = yw_region_code_find(code6);
	return r ? r->name : NULL;
}

bool yw_region_code_known(const char *code6)
{
	return yw_region_code_find(code6) != NULL;
}

int yw_region_code_check(const char *code6, const char *field, struct yw_error *err)
{
	if (yw_region_code_known(code6))
		return YW_OK;
	yw_error_set(err, YW_E_INVALID_REGION_CODE, field,
		     "不是 GB/T 2260 中的 6 位行政区划代码 / not a 6-digit GB/T 2260 code");
	return YW_FAIL;
}

/* ---- adapters for entity field checks ---- */

int yw_validate_credit_code(const char *value, struct yw_error *err)
{
	return yw_credit_code_check(value, NULL, err);
}

int yw_validate_id_number(const char *value, struct yw_error *err)
{
	return yw_id_number_check(value, NULL, NULL, err);
}

int yw_validate_phone(const char *value, struct yw_error *err)
{
	return yw_phone_check(value, NULL, err);
}

int yw_validate_mobile(const char *value, struct yw_error *err)
{
	return yw_mobile_check(value, NULL, err);
}

int yw_validate_region_code(const char *value, struct yw_error *err)
{
	return yw_region_code_check(value, NULL, err);
}
