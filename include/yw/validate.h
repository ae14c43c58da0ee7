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
/* The check char for the first 17 chars of s, or 0 if they are not all in
 * the charset (used to issue codes, e.g. for demo data). */
char yw_credit_code_check_char(const char *s);

/* ---- Resident ID number (居民身份证号码) ---- */

struct yw_id_info {
	char number[19]; /* normalised: a trailing x becomes X */
	char region[7];
	int birth_year, birth_month, birth_day;
	bool male;       /* the sequence number is odd */
};

/* 18 chars, a region code listed in GB/T 2260 in some year, a real birth date
 * from 1880 up to today (Asia/Shanghai), the check char. out may be NULL. */
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
bool yw_region_code_known(const char *code6);
/* YW_OK, or YW_FAIL with INVALID_REGION_CODE. */
int yw_region_code_check(const char *code6, const char *field, struct yw_error *err);

/* ---- Adapters with the shape of struct yw_field.check (entity.h): the
 * caller names the field, so these leave it empty. ---- */
int yw_validate_credit_code(const char *value, struct yw_error *err);
int yw_validate_id_number(const char *value, struct yw_error *err);
int yw_validate_phone(const char *value, struct yw_error *err);
int yw_validate_mobile(const char *value, struct yw_error *err);
int yw_validate_region_code(const char *value, struct yw_error *err);

#endif
