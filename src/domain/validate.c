/* Identity values: credit codes, ID numbers, phones, region codes. */
#include "yw/validate.h"
#include "yw/calendar.h"
#include "yw/core.h"

#include <stdio.h>
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

/* Registration authority (first char) and the organisation categories
 * (second char) it issues, with their names: GB 32100-2015 table 1 plus the
 * authorities and categories added since by the standardisation
 * administration (商事调解 36, 村/居委会 54/55, 非法人工会 82, 公安 G, 住建 J,
 * 侨联 Q). A whitelist, because a mistyped first char otherwise passes
 * whenever the check char happens to match; kept generous, because rejecting
 * a real licence is worse. A category whose name we do not know is NULL. */
struct credit_category {
	char code;
	const char *name;
};
static const struct {
	char authority;
	const char *name;
	struct credit_category cats[8];
} credit_prefixes[] = {
	{'1', "机构编制", {{'1', "机关"}, {'2', "事业单位"}, {'3', "中央编办直接管理机构编制的群众团体"}, {'9', "其他"}}},
	{'2', "外交", {{'1', "外国常驻新闻机构"}, {'9', "其他"}}},
	{'3', "司法行政", {{'1', "律师执业机构"}, {'2', "公证处"}, {'3', "基层法律服务所"}, {'4', "司法鉴定机构"},
			 {'5', "仲裁委员会"}, {'6', "商事调解组织"}, {'9', "其他"}}},
	{'4', "文化", {{'1', "外国在华文化中心"}, {'9', "其他"}}},
	{'5', "民政", {{'1', "社会团体"}, {'2', "民办非企业单位"}, {'3', "基金会"}, {'4', "村民委员会"},
		     {'5', "居民委员会"}, {'9', "其他"}}},
	{'6', "旅游", {{'1', "外国旅游部门常驻代表机构"}, {'2', "港澳台地区旅游部门常驻内地（大陆）代表机构"}, {'9', "其他"}}},
	{'7', "宗教", {{'1', "宗教活动场所"}, {'2', "宗教院校"}, {'9', "其他"}}},
	{'8', "工会", {{'1', "基层工会"}, {'2', "非法人工会"}, {'9', "其他"}}},
	{'9', "工商", {{'1', "企业"}, {'2', "个体工商户"}, {'3', "农民专业合作社"}, {'9', "其他"}}},
	{'A', "中央军委改革和编制办公室", {{'1', "军队事业单位"}, {'9', "其他"}}},
	{'G', "公安", {{'1', "境外非政府组织代表机构"}, {'9', "其他"}}},
	{'J', "住房城乡建设", {{'1', "业主大会"}, {'9', "其他"}}},
	{'N', "农业农村", {{'1', "组级集体经济组织"}, {'2', "村级集体经济组织"}, {'3', "乡镇级集体经济组织"}, {'9', "其他"}}},
	{'Q', "侨联", {{'1', NULL}, {'2', NULL}, {'3', NULL}, {'9', "其他"}}},
	{'Y', "其他", {{'1', "其他"}}},
};

/* The authority's row, or -1; *cat the category entry, or NULL. */
static int credit_prefix(char authority, char type, const struct credit_category **cat)
{
	*cat = NULL;
	for (size_t i = 0; i < sizeof credit_prefixes / sizeof credit_prefixes[0]; i++) {
		if (credit_prefixes[i].authority != authority)
			continue;
		for (const struct credit_category *c = credit_prefixes[i].cats; c->code && type; c++)
			if (c->code == type)
				*cat = c;
		return (int)i;
	}
	return -1;
}

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

int yw_credit_code_check(const char *s, const char *field, struct yw_error *err)
{
	return yw_credit_code_check_info(s, NULL, field, err);
}

int yw_credit_code_check_info(const char *s, struct yw_credit_info *out, const char *field,
			      struct yw_error *err)
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
	const struct credit_category *cat;
	int auth = credit_prefix(s[0], s[1], &cat);
	if (auth < 0 || !cat) {
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
	if (out) {
		memset(out, 0, sizeof *out);
		out->authority[0] = s[0];
		out->category[0] = s[1];
		out->authority_name = credit_prefixes[auth].name;
		out->category_name = cat->name;
		memcpy(out->region, s + 2, 6);
		memcpy(out->org_code, s + 8, 9);
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

const char *yw_id_kind_name(enum yw_id_kind k)
{
	switch (k) {
	case YW_ID_UPGRADED_15: return "upgraded_15";
	case YW_ID_HMT_PERMIT: return "hk_macao_taiwan_permit";
	case YW_ID_FOREIGN_PERMANENT: return "foreign_permanent";
	default: return "resident";
	}
}

/* s is 18 chars; the birth date is at 7-14 on every kind. */
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

/* The address code must exist in GB/T 2260 by the time the number could have
 * been given (validate.h, YW_ID_LIFELONG_YEAR). */
static int id_region_check(const char *region, int birth_year, const char *field,
			   struct yw_error *err)
{
	enum yw_err e = YW_E_INVALID_ID_NUMBER;
	const struct yw_region_code *r = yw_region_code_find(region);
	if (!r) {
		yw_error_set(err, e, field,
			     "地址码 %s 不是行政区划代码 / %s is not a GB/T 2260 region code", region, region);
		return YW_FAIL;
	}
	int by = birth_year > YW_ID_LIFELONG_YEAR ? birth_year : YW_ID_LIFELONG_YEAR;
	if (r->first_year > by) {
		yw_error_set(err, e, field,
			     "地址码 %s（%s）%d 年才启用，不可能出现在 %d 年出生者的号码上 / region code %s "
			     "first appears in %d, after the birth year %d",
			     region, r->name, r->first_year, birth_year, region, r->first_year, birth_year);
		return YW_FAIL;
	}
	return YW_OK;
}

static bool hmt_permit(const char *s)
{
	return !strncmp(s, "810000", 6) || !strncmp(s, "820000", 6) || !strncmp(s, "830000", 6);
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
	char n18[19];
	enum yw_id_kind kind = YW_ID_RESIDENT;
	if (len == 15) {
		/* Numbers issued before 1999: YYMMDD births of the 1900s and no
		 * check char. GB 11643-1999 upgrades them by inserting "19". */
		if (!all_digits(s, 15)) {
			yw_error_set(err, e, field, "15 位旧号码应全为数字 / a 15-digit number has digits only");
			return YW_FAIL;
		}
		memcpy(n18, s, 6);
		n18[6] = '1';
		n18[7] = '9';
		memcpy(n18 + 8, s + 6, 9);
		n18[17] = yw_id_check_char(n18);
		n18[18] = 0;
		kind = YW_ID_UPGRADED_15;
	} else if (len == 18) {
		if (!all_digits(s, 17) || !(is_digit(s[17]) || s[17] == 'X' || s[17] == 'x')) {
			yw_error_set(err, e, field,
				     "前 17 位应为数字，末位为数字或 X / 17 digits then a digit or X");
			return YW_FAIL;
		}
		memcpy(n18, s, 17);
		n18[17] = s[17] == 'x' ? 'X' : s[17];
		n18[18] = 0;
		if (s[0] == '9')
			kind = YW_ID_FOREIGN_PERMANENT;
		else if (hmt_permit(s))
			kind = YW_ID_HMT_PERMIT;
	} else {
		yw_error_set(err, e, field, "应为 18 位（或 15 位旧号码），实为 %zu 位 / must be 18 characters "
			     "(or a 15-digit old number), not %zu", len, len);
		return YW_FAIL;
	}
	if (id_birth_check(n18, field, err) != YW_OK)
		return YW_FAIL;
	char region[7];
	memcpy(region, n18, 6);
	region[6] = 0;
	int birth_year = num(n18 + 6, 4);
	/* Permits and foreign cards do not carry a county: skip the region rule. */
	if ((kind == YW_ID_RESIDENT || kind == YW_ID_UPGRADED_15) &&
	    id_region_check(region, birth_year, field, err) != YW_OK)
		return YW_FAIL;
	char want = yw_id_check_char(n18);
	if (n18[17] != want) {
		yw_error_set(err, e, field, "校验码应为 %c，实为 %c / the check character should be %c, not %c",
			     want, s[17], want, s[17]);
		return YW_FAIL;
	}
	if (out) {
		memset(out, 0, sizeof *out);
		memcpy(out->number, n18, sizeof out->number);
		if (kind == YW_ID_FOREIGN_PERMANENT)
			memcpy(out->nationality, n18 + 3, 3);
		else
			memcpy(out->region, region, sizeof out->region);
		out->birth_year = birth_year;
		out->birth_month = num(n18 + 10, 2);
		out->birth_day = num(n18 + 12, 2);
		out->male = (n18[16] - '0') % 2 == 1;
		out->kind = kind;
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

bool yw_mobile_normalize(const char *s, char out[12])
{
	if (!s)
		return false;
	char digits[24];
	size_t n = 0;
	const char *p = s;
	if (*p == '+')
		p++;
	for (; *p; p++) {
		if (is_digit(*p)) {
			if (n == sizeof digits - 1)
				return false;
			digits[n++] = *p;
		} else if ((*p != ' ' && *p != '-') || n == 0 || !p[1]) {
			/* Separators only between digits; nothing else at all. */
			return false;
		}
	}
	digits[n] = 0;
	const char *d = digits;
	if (s[0] == '+' ? !strncmp(d, "86", 2) : n == 15 && !strncmp(d, "0086", 4))
		d += s[0] == '+' ? 2 : 4;
	else if (s[0] == '+')
		return false; /* another country */
	else if (n == 13 && !strncmp(d, "86", 2))
		d += 2;
	if (!yw_mobile_valid(d))
		return false;
	memcpy(out, d, 12);
	return true;
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

static const struct yw_region_code *find_code(uint32_t key)
{
	size_t n;
	const struct yw_region_code *t = yw_region_codes(&n);
	return bsearch(&key, t, n, sizeof *t, cmp_region);
}

const struct yw_region_code *yw_region_code_find(const char *code6)
{
	if (!code6 || strlen(code6) != 6 || !all_digits(code6, 6))
		return NULL;
	return find_code((uint32_t)num(code6, 6));
}

const char *yw_region_code_name(const char *code6)
{
	const struct yw_region_code *r = yw_region_code_find(code6);
	return r ? r->name : NULL;
}

const char *yw_region_code_full_name(const char *code6, char *buf, size_t n)
{
	const struct yw_region_code *r = yw_region_code_find(code6);
	if (!r || !n)
		return NULL;
	uint32_t prov = r->code / 10000 * 10000, pref = r->code / 100 * 100;
	const struct yw_region_code *p = prov != r->code ? find_code(prov) : NULL;
	const struct yw_region_code *f = pref != r->code && pref != prov ? find_code(pref) : NULL;
	snprintf(buf, n, "%s%s%s", p ? p->name : "", f ? f->name : "", r->name);
	return buf;
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
	struct yw_id_info info;
	if (yw_id_number_check(value, &info, NULL, err) != YW_OK)
		return YW_FAIL;
	if (info.kind == YW_ID_UPGRADED_15) {
		/* Stored numbers are the 18-character form; say which one. */
		yw_error_set(err, YW_E_INVALID_ID_NUMBER, NULL,
			     "15 位旧号码请改用 18 位号码 %s / use the 18-character number %s", info.number,
			     info.number);
		return YW_FAIL;
	}
	return YW_OK;
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
