/* Validation of identity values: unified social credit codes (GB 32100-2015),
 * resident ID numbers (GB 11643-1999), phone numbers and GB/T 2260 region
 * codes. The _valid functions answer yes/no; the _check functions also say
 * what is wrong, in Chinese and English, for the reply to the user. */
#ifndef YW_VALIDATE_H
#define YW_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct yw_error;

/* ---- Unified social credit code (统一社会信用代码) ---- */

/* 18 characters from 0-9 and A-Z without I O S V Z, a known registration
 * authority/type prefix, a 6-digit division code, a correct check char.
 * Upper case only: the code is printed that way on every licence. */
bool yw_credit_code_valid(const char *s);
/* YW_OK, or YW_FAIL with INVALID_CREDIT_CODE and what is wrong. */
int yw_credit_code_check(const char *s, const char *field, struct yw_error *err);
/* What a valid code says about its holder (GB 32100-2015 table 1 and later
 * additions). Names are borrowed constants; a category we know exists but
 * have no name for is NULL. */
struct yw_credit_info {
	char authority[2];          /* 登记管理部门代码, e.g. "9" */
	char category[2];           /* 机构类别代码, e.g. "1" */
	const char *authority_name; /* 工商 */
	const char *category_name;  /* 企业 */
	char region[7];             /* 登记管理机关行政区划码 */
	char org_code[10];          /* 主体标识码（组织机构代码） */
};
/* yw_credit_code_check that also fills out (when it returns YW_OK). */
int yw_credit_code_check_info(const char *s, struct yw_credit_info *out, const char *field,
			      struct yw_error *err);
/* The check char for the first 17 chars of s, or 0 if they are not all in
 * the charset (used to issue codes, e.g. for demo data). */
char yw_credit_code_check_char(const char *s);

/* ---- Resident ID number (居民身份证号码) ---- */

/* The kinds of 18-character numbers GB 11643 check digits protect. */
enum yw_id_kind {
	YW_ID_RESIDENT,          /* 居民身份证 */
	YW_ID_UPGRADED_15,       /* a 15-digit number (issued before 1999), upgraded */
	YW_ID_HMT_PERMIT,        /* 港澳台居民居住证: address code 810000/820000/830000 */
	YW_ID_FOREIGN_PERMANENT, /* 外国人永久居留身份证, 2023 format: starts with 9 */
};
/* "resident", "upgraded_15", "hk_macao_taiwan_permit", "foreign_permanent". */
const char *yw_id_kind_name(enum yw_id_kind k);

struct yw_id_info {
	char number[19]; /* normalised 18 chars: a trailing x becomes X, 15 digits
			    become 18 */
	char region[7];  /* the address code; "" on a foreign card */
	char nationality[4]; /* foreign cards: the ISO 3166-1 numeric code; else "" */
	int birth_year, birth_month, birth_day;
	bool male;       /* the sequence number (17th char) is odd */
	enum yw_id_kind kind;
};

/* The region code of a number must have been listed in some year up to
 * max(birth year, YW_ID_LIFELONG_YEAR). Not simply the birth year: until the
 * 居民身份证法 (in force 2004-01-01) made the number lifelong, a number was
 * first given years after birth (cards from 1984) and given anew when its
 * holder moved county, so a code that existed by 2004 is plausible on anyone's
 * number (DOMAIN.md's 440524188001010014 carries a code first listed in
 * 1983). After 2004 the number is given at birth registration. */
#define YW_ID_LIFELONG_YEAR 2004

/* Accepts:
 * - 18 chars: a region code listed in GB/T 2260 in some year up to
 *   max(birth year, YW_ID_LIFELONG_YEAR), a real birth date from 1880 up to
 *   today (Asia/Shanghai), the check char (x or X);
 * - 15 digits (pre-1999): upgraded by inserting "19" before the year and
 *   computing the check char; the same region and date rules;
 * - 810000/820000/830000 numbers (港澳台居民居住证): region check skipped;
 * - 18 chars starting with 9 (外国人永久居留身份证, 2023): date and check char
 *   only; the acceptance place and nationality are not GB/T 2260 codes.
 * out may be NULL; it is written only on success. */
int yw_id_number_check(const char *s, struct yw_id_info *out, const char *field,
		       struct yw_error *err);
bool yw_id_number_valid(const char *s);
/* The check char for the first 17 digits of s, or 0 if they are not digits. */
char yw_id_check_char(const char *s);
/* Age in full years on the given civil date; someone born on 29 February
 * turns a year older on 1 March in common years. */
int yw_id_age_on(const struct yw_id_info *info, int y, int m, int d);

/* ---- Phone numbers ---- */

/* Mainland mobile 1[3-9]xxxxxxxxx, or landline 0 + 2-3 digit area code,
 * optional '-', 7-8 digits. */
bool yw_phone_valid(const char *s);
bool yw_mobile_valid(const char *s);
/* A mobile number as people type it: spaces and '-' between digits and a
 * +86 / 0086 / 86 prefix are dropped. True, with the 11 digits in out, when
 * what remains is a valid mobile number. */
bool yw_mobile_normalize(const char *s, char out[12]);
/* YW_OK, or YW_FAIL with INVALID_PHONE. */
int yw_phone_check(const char *s, const char *field, struct yw_error *err);
int yw_mobile_check(const char *s, const char *field, struct yw_error *err);

/* ---- GB/T 2260 region codes (province, prefecture, county level) ---- */

struct yw_region_code {
	uint32_t code;
	uint16_t first_year, last_year; /* listed in these years (maybe with gaps) */
	const char *name;               /* the latest name */
};

/* The whole table, sorted by code (src/domain/region_codes.c, generated). */
const struct yw_region_code *yw_region_codes(size_t *count);
/* Lookups take exactly 6 digits; anything else is unknown. */
const struct yw_region_code *yw_region_code_find(const char *code6);
const char *yw_region_code_name(const char *code6);
/* The name with its province and prefecture, e.g. 北京市朝阳区 or
 * 广东省汕头市潮阳县 (latest names), in buf; NULL when the code is unknown. */
const char *yw_region_code_full_name(const char *code6, char *buf, size_t n);
bool yw_region_code_known(const char *code6);
/* YW_OK, or YW_FAIL with INVALID_REGION_CODE. */
int yw_region_code_check(const char *code6, const char *field, struct yw_error *err);

/* ---- Adapters with the shape of struct yw_field.check (entity.h): the
 * caller names the field, so these leave it empty. ---- */
int yw_validate_credit_code(const char *value, struct yw_error *err);
/* Stored values are 18 characters: a 15-digit number is refused, naming its
 * upgraded form. */
int yw_validate_id_number(const char *value, struct yw_error *err);
int yw_validate_phone(const char *value, struct yw_error *err);
int yw_validate_mobile(const char *value, struct yw_error *err);
int yw_validate_region_code(const char *value, struct yw_error *err);

#endif
