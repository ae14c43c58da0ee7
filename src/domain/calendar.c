/* Civil dates and the working-day calendar. */
#include "yw/calendar.h"
#include "yw/core.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- civil dates ---- */

bool yw_date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int yw_date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && yw_date_is_leap(y) ? 29 : days[m - 1];
}

bool yw_date_valid(struct yw_date d)
{
	return d.y >= 1 && d.y <= 9999 && d.d >= 1 && d.d <= yw_date_days_in_month(d.y, d.m);
}

/* Howard Hinnant's days_from_civil: exact for the whole proleptic calendar
 * without tables or loops. */
int64_t yw_date_to_days(struct yw_date d)
{
	int64_t y = d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct yw_date yw_date_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	return (struct yw_date){(int)(yoe + era * 400 + (m <= 2)), m, d};
}

struct yw_date yw_date_add_days(struct yw_date d, int64_t n)
{
	return yw_date_from_days(yw_date_to_days(d) + n);
}

int yw_date_cmp(struct yw_date a, struct yw_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

int yw_date_weekday(struct yw_date d)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = (yw_date_to_days(d) + 3) % 7;
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

int yw_date_parse(const char *s, struct yw_date *out, const char *field, struct yw_error *err)
{
	/* Exactly YYYY-MM-DD: sscanf would accept signs, spaces and short
	 * fields, and a date that "parses" loosely is a deadline that is wrong. */
	static const char shape[] = "dddd-dd-dd";
	if (!s || strlen(s) != sizeof shape - 1)
		goto bad;
	for (size_t i = 0; i < sizeof shape - 1; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';
		if (shape[i] == 'd' ? !digit : s[i] != '-')
			goto bad;
	}
	struct yw_date d = {
		(s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
		(s[5] - '0') * 10 + (s[6] - '0'),
		(s[8] - '0') * 10 + (s[9] - '0'),
	};
	if (!yw_date_valid(d)) {
		yw_error_set(err, YW_E_BAD_FORMAT, field, "日期 %s 不存在 / %s is not a real date", s, s);
		return YW_FAIL;
	}
	*out = d;
	return YW_OK;
bad:
	yw_error_set(err, YW_E_BAD_FORMAT, field,
		     "日期应为 YYYY-MM-DD 格式 / A date must look like 2026-01-04");
	return YW_FAIL;
}

void yw_date_format(struct yw_date d, char buf[11])
{
	/* Clamp so the output always fits; invalid dates are the caller's bug. */
	unsigned y = d.y < 0 ? 0 : d.y > 9999 ? 9999 : (unsigned)d.y;
	unsigned m = d.m < 0 ? 0 : d.m > 99 ? 99 : (unsigned)d.m;
	unsigned dd = d.d < 0 ? 0 : d.d > 99 ? 99 : (unsigned)d.d;
	snprintf(buf, 11, "%04u-%02u-%02u", y, m, dd);
}

#define SHANGHAI_OFFSET_MS (8 * 3600 * 1000LL)
#define DAY_MS (86400 * 1000LL)

struct yw_date yw_date_from_epoch_ms_shanghai(int64_t ms)
{
	int64_t local = ms + SHANGHAI_OFFSET_MS;
	int64_t days = local / DAY_MS;
	if (local % DAY_MS < 0)
		days--; /* floor, for instants before 1970 */
	return yw_date_from_days(days);
}

int64_t yw_date_midnight_ms_shanghai(struct yw_date d)
{
	return yw_date_to_days(d) * DAY_MS - SHANGHAI_OFFSET_MS;
}

struct yw_date yw_date_today_shanghai(void)
{
	return yw_date_from_epoch_ms_shanghai(yw_now_ms());
}

/* ---- the calendar ---- */

/* Years we can hold; anything else simply has no data. */
#define YEAR_MIN YW_CALENDAR_YEAR_MIN
#define YEAR_MAX YW_CALENDAR_YEAR_MAX

enum day_kind { DAY_UNLISTED = 0, DAY_OFF, DAY_WORK };

struct listed_day {
	uint8_t kind;   /* enum day_kind */
	int16_t source; /* the year of the file that listed it */
	char *name;
};

struct cal_year {
	/* The year's own file was loaded with days; an empty file or none at
	 * all both leave it false. */
	bool has_data;
	/* holiday-cn files list a few days of the neighbouring years too
	 * (2023.json starts on 2022-12-31), so days are kept by their own date
	 * and remember which file listed them. */
	struct listed_day day[366];
	/* Local closures by day of year: the reason, or NULL. Kept apart from
	 * the listed days so reloading a holiday file never drops a closure. */
	char *closure[366];
};

struct yw_calendar {
	struct cal_year *year[YEAR_MAX - YEAR_MIN + 1];
};

struct yw_calendar *yw_calendar_new(void)
{
	return yw_calloc(1, sizeof(struct yw_calendar));
}

static void clear_day(struct listed_day *ld)
{
	free(ld->name);
	*ld = (struct listed_day){0};
}

void yw_calendar_free(struct yw_calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < sizeof cal->year / sizeof cal->year[0]; i++) {
		struct cal_year *cy = cal->year[i];
		if (!cy)
			continue;
		for (int j = 0; j < 366; j++) {
			clear_day(&cy->day[j]);
			free(cy->closure[j]);
		}
		free(cy);
	}
	free(cal);
}

static bool year_in_range(int y)
{
	return y >= YEAR_MIN && y <= YEAR_MAX;
}

static const struct cal_year *year_get(const struct yw_calendar *cal, int y)
{
	return year_in_range(y) ? cal->year[y - YEAR_MIN] : NULL;
}

static struct cal_year *year_get_or_add(struct yw_calendar *cal, int y)
{
	struct cal_year **slot = &cal->year[y - YEAR_MIN];
	if (!*slot)
		*slot = yw_calloc(1, sizeof **slot);
	return *slot;
}

static int day_of_year(struct yw_date d)
{
	return (int)(yw_date_to_days(d) - yw_date_to_days((struct yw_date){d.y, 1, 1}));
}

bool yw_calendar_has_year(const struct yw_calendar *cal, int y)
{
	const struct cal_year *cy = year_get(cal, y);
	return cy && cy->has_data;
}

int yw_calendar_years(const struct yw_calendar *cal, int *years, int max)
{
	int n = 0;
	for (int y = YEAR_MIN; y <= YEAR_MAX && n < max; y++)
		if (yw_calendar_has_year(cal, y))
			years[n++] = y;
	return n;
}

/* Forget what an earlier load of this year's file listed, wherever it put it. */
static void forget_source(struct yw_calendar *cal, int y)
{
	for (int yy = y - 1; yy <= y + 1; yy++) {
		struct cal_year *cy = year_in_range(yy) ? cal->year[yy - YEAR_MIN] : NULL;
		if (!cy)
			continue;
		for (int j = 0; j < 366; j++)
			if (cy->day[j].kind != DAY_UNLISTED && cy->day[j].source == y)
				clear_day(&cy->day[j]);
	}
	if (year_in_range(y) && cal->year[y - YEAR_MIN])
		cal->year[y - YEAR_MIN]->has_data = false;
}

void yw_calendar_file_clear(struct yw_calendar_file *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->days[i].name);
	free(f->days);
	memset(f, 0, sizeof *f);
}

static int parse_days(json_t *days, int y, struct yw_calendar_day *out, struct yw_error *err)
{
	size_t i;
	json_t *it;
	char field[64];
	json_array_foreach(days, i, it) {
		json_t *name = json_object_get(it, "name");
		json_t *date = json_object_get(it, "date");
		json_t *off = json_object_get(it, "isOffDay");
		if (!json_is_object(it) || !json_is_string(name) || !json_is_string(date) ||
		    !json_is_boolean(off)) {
			snprintf(field, sizeof field, "days[%zu]", i);
			yw_error_set(err, YW_E_BAD_FORMAT, field,
				     "每项须有 name、date、isOffDay / Each day needs name, date and isOffDay");
			return YW_FAIL;
		}
		snprintf(field, sizeof field, "days[%zu].date", i);
		if (yw_date_parse(json_string_value(date), &out[i].date, field, err) != YW_OK)
			return YW_FAIL;
		/* A file covers its year plus the edges of the neighbours. */
		if (out[i].date.y < y - 1 || out[i].date.y > y + 1 || !year_in_range(out[i].date.y)) {
			yw_error_set(err, YW_E_BAD_FORMAT, field,
				     "日期 %s 不属于 %d 年的日历 / %s is not in the %d calendar",
				     json_string_value(date), y, json_string_value(date), y);
			return YW_FAIL;
		}
		/* Names end up in replies and the store: same limits as any text. */
		const char *nm = json_string_value(name);
		if (yw_utf8_len(nm) > 40) {
			snprintf(field, sizeof field, "days[%zu].name", i);
			yw_error_set(err, YW_E_TOO_LONG, field, "节日名称最多 40 个字符 / a name has at most 40 characters");
			return YW_FAIL;
		}
		for (size_t k = 0; k < i; k++)
			if (!yw_date_cmp(out[k].date, out[i].date)) {
				yw_error_set(err, YW_E_BAD_FORMAT, field, "日期 %s 重复 / %s is listed twice",
					     json_string_value(date), json_string_value(date));
				return YW_FAIL;
			}
		out[i].off = json_is_true(off);
	}
	/* Names are copied only once everything checked out. */
	json_array_foreach(days, i, it)
		out[i].name = yw_strdup(json_string_value(json_object_get(it, "name")));
	return YW_OK;
}

int yw_calendar_parse_holiday_cn(const char *json_text, int expect_year,
				 struct yw_calendar_file *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	json_error_t jerr;
	json_t *root = json_loads(json_text ? json_text : "", JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		/* Only the position: jansson's text may quote cut-off input bytes. */
		yw_error_set(err, YW_E_BAD_JSON, "", "JSON 语法错误：第 %d 行第 %d 列 / syntax error at line %d column %d",
			     jerr.line, jerr.column, jerr.line, jerr.column);
		return YW_FAIL;
	}
	int rc = YW_FAIL;
	json_t *year = json_object_get(root, "year");
	json_t *days = json_object_get(root, "days");
	if (!json_is_integer(year) || !year_in_range((int)json_integer_value(year)) ||
	    json_integer_value(year) != (int)json_integer_value(year)) {
		yw_error_set(err, YW_E_BAD_FORMAT, "year", "年份应为 %d-%d 的整数 / year must be an integer %d-%d",
			     YEAR_MIN, YEAR_MAX, YEAR_MIN, YEAR_MAX);
		goto out;
	}
	if (!json_is_array(days)) {
		yw_error_set(err, YW_E_BAD_FORMAT, "days", "days 应为数组 / days must be an array");
		goto out;
	}
	int y = (int)json_integer_value(year);
	if (expect_year && y != expect_year) {
		/* 2026.json holding 2025 would silently leave 2026 without data. */
		yw_error_set(err, YW_E_BAD_FORMAT, "year",
			     "文件名为 %d 年，内容为 %d 年 / the file is named %d but holds %d",
			     expect_year, y, expect_year, y);
		goto out;
	}
	/* A year has at most 366 days plus a few of its neighbours'. */
	size_t n = json_array_size(days);
	if (n > 400) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "days", "days 最多 400 项 / days has at most 400 entries");
		goto out;
	}
	struct yw_calendar_day *pd = yw_calloc(n ? n : 1, sizeof *pd);
	if (parse_days(days, y, pd, err) != YW_OK) {
		free(pd);
		goto out;
	}
	out->year = y;
	out->days = pd;
	out->n = n;
	rc = YW_OK;
out:
	json_decref(root);
	return rc;
}

void yw_calendar_put_year(struct yw_calendar *cal, const struct yw_calendar_file *f)
{
	int y = f->year;
	if (!year_in_range(y))
		return;
	forget_source(cal, y);
	for (size_t i = 0; i < f->n; i++) {
		const struct yw_calendar_day *pd = &f->days[i];
		if (!yw_date_valid(pd->date) || !year_in_range(pd->date.y))
			continue;
		struct listed_day *ld = &year_get_or_add(cal, pd->date.y)->day[day_of_year(pd->date)];
		/* For a day of the neighbouring year, that year's own file is
		 * the authority, whichever was loaded first. */
		if (pd->date.y != y && ld->kind != DAY_UNLISTED && ld->source == pd->date.y)
			continue;
		clear_day(ld);
		ld->kind = pd->off ? DAY_OFF : DAY_WORK;
		ld->source = (int16_t)y;
		ld->name = yw_strdup(pd->name ? pd->name : "");
	}
	/* An empty list is how holiday-cn publishes a year whose State Council
	 * notice is not out yet: the year stays without data. */
	year_get_or_add(cal, y)->has_data = f->n > 0;
}

void yw_calendar_file_digest(const struct yw_calendar_file *f, char out[65])
{
	crypto_generichash_state st;
	unsigned char h[32];
	char line[160];
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	size_t n = (size_t)snprintf(line, sizeof line, "%d\n", f->year);
	crypto_generichash_update(&st, (const unsigned char *)line, n);
	for (size_t i = 0; i < f->n; i++) {
		char d[11];
		yw_date_format(f->days[i].date, d);
		n = (size_t)snprintf(line, sizeof line, "%s %d ", d, f->days[i].off);
		crypto_generichash_update(&st, (const unsigned char *)line, n);
		/* Length-prefixed so a name cannot imitate the next row. */
		const char *nm = f->days[i].name ? f->days[i].name : "";
		uint32_t len = (uint32_t)strlen(nm);
		crypto_generichash_update(&st, (const unsigned char *)&len, sizeof len);
		crypto_generichash_update(&st, (const unsigned char *)nm, len);
	}
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* expect_year: the year the file must hold, or 0 for any. */
static int load_text(struct yw_calendar *cal, const char *json_text, int expect_year,
		     struct yw_error *err)
{
	struct yw_calendar_file f;
	/* Validate everything before touching the calendar, so a bad file
	 * leaves the previous data of that year in place. */
	if (yw_calendar_parse_holiday_cn(json_text, expect_year, &f, err) != YW_OK)
		return YW_FAIL;
	yw_calendar_put_year(cal, &f);
	yw_calendar_file_clear(&f);
	return YW_OK;
}

int yw_calendar_load_holiday_cn(struct yw_calendar *cal, const char *json_text,
				struct yw_error *err)
{
	return load_text(cal, json_text, 0, err);
}

#define MAX_FILE_BYTES (1 << 20)

static int load_path(struct yw_calendar *cal, const char *path, int expect_year,
		     struct yw_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		yw_error_set(err, YW_E_NOT_FOUND, "", "无法读取 %.100s: %s / cannot read the file",
			     path, strerror(errno));
		return YW_FAIL;
	}
	char *buf = yw_malloc(MAX_FILE_BYTES + 1);
	size_t len = fread(buf, 1, MAX_FILE_BYTES + 1, f);
	bool bad = ferror(f);
	fclose(f);
	int rc = YW_FAIL;
	if (bad) {
		yw_error_set(err, YW_E_NOT_FOUND, "", "读取 %.100s 出错 / read error", path);
	} else if (len > MAX_FILE_BYTES) {
		yw_error_set(err, YW_E_BODY_TOO_LARGE, "", "%.100s 超过 1 MB / the file is over 1 MB", path);
	} else {
		buf[len] = 0;
		rc = load_text(cal, buf, expect_year, err);
	}
	free(buf);
	return rc;
}

int yw_calendar_load_file(struct yw_calendar *cal, const char *path, struct yw_error *err)
{
	return load_path(cal, path, 0, err);
}

/* "2026.json" -> 2026; anything else -> 0. */
static int year_file_name(const char *name)
{
	if (strlen(name) != 9 || strcmp(name + 4, ".json") != 0)
		return 0;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		y = y * 10 + (name[i] - '0');
	}
	return y;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int yw_calendar_load_dir(struct yw_calendar *cal, const char *dir, struct yw_error *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		yw_error_set(err, YW_E_NOT_FOUND, "", "无法打开目录 %.100s: %s / cannot open the directory",
			     dir, strerror(errno));
		return YW_FAIL;
	}
	int years[YEAR_MAX - YEAR_MIN + 1], n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		int y = year_file_name(de->d_name);
		if (year_in_range(y) && n < (int)(sizeof years / sizeof years[0]))
			years[n++] = y;
	}
	closedir(d);
	/* In order, so the first bad file named in the error is the same on
	 * every machine. */
	qsort(years, (size_t)n, sizeof years[0], cmp_int);
	for (int i = 0; i < n; i++) {
		char *path = yw_asprintf("%s/%04d.json", dir, years[i]);
		int rc = load_path(cal, path, years[i], err);
		free(path);
		if (rc != YW_OK)
			return YW_FAIL;
	}
	return YW_OK;
}

/* ---- working days ---- */

/* Limits a request can ask for: ten years of working days is beyond any
 * statutory limit and keeps the loops bounded. */
#define MAX_WORKDAYS 2600

static int missing(struct yw_date d, struct yw_error *err)
{
	yw_error_set(err, YW_E_CALENDAR_MISSING, "",
		     "%d 年的节假日安排尚未导入，无法计算工作日 / no holiday calendar for %d", d.y, d.y);
	return YW_FAIL;
}

static int bad_date(struct yw_date d, struct yw_error *err)
{
	yw_error_set(err, YW_E_BAD_FORMAT, "", "日期 %04d-%02d-%02d 不存在 / not a real date",
		     d.y, d.m, d.d);
	return YW_FAIL;
}

/* d must be valid. */
static const struct listed_day *listed(const struct yw_calendar *cal, struct yw_date d)
{
	const struct cal_year *cy = year_get(cal, d.y);
	return cy ? &cy->day[day_of_year(d)] : NULL;
}

int yw_calendar_set_closure(struct yw_calendar *cal, struct yw_date d, const char *reason,
			    struct yw_error *err)
{
	if (!yw_date_valid(d) || !year_in_range(d.y)) {
		yw_error_set(err, YW_E_BAD_FORMAT, "date", "日期应在 %d-%d 年之间 / the date must be in %d-%d",
			     YEAR_MIN, YEAR_MAX, YEAR_MIN, YEAR_MAX);
		return YW_FAIL;
	}
	if (!reason && !cal->year[d.y - YEAR_MIN])
		return YW_OK;
	char **slot = &year_get_or_add(cal, d.y)->closure[day_of_year(d)];
	free(*slot);
	*slot = reason ? yw_strdup(reason) : NULL;
	return YW_OK;
}

const char *yw_calendar_closure(const struct yw_calendar *cal, struct yw_date d)
{
	if (!yw_date_valid(d))
		return NULL;
	const struct cal_year *cy = year_get(cal, d.y);
	return cy ? cy->closure[day_of_year(d)] : NULL;
}

static int workday(const struct yw_calendar *cal, struct yw_date d, bool *out,
		   struct yw_error *err)
{
	if (!yw_calendar_has_year(cal, d.y))
		return missing(d, err);
	const struct cal_year *cy = year_get(cal, d.y);
	if (cy->closure[day_of_year(d)]) {
		*out = false;
		return YW_OK;
	}
	const struct listed_day *ld = &cy->day[day_of_year(d)];
	if (ld->kind != DAY_UNLISTED)
		*out = ld->kind == DAY_WORK;
	else
		*out = yw_date_weekday(d) <= 5;
	return YW_OK;
}

int yw_calendar_is_workday(const struct yw_calendar *cal, struct yw_date d, bool *out,
			   struct yw_error *err)
{
	if (!yw_date_valid(d))
		return bad_date(d, err);
	return workday(cal, d, out, err);
}

const char *yw_calendar_day_name(const struct yw_calendar *cal, struct yw_date d)
{
	if (!yw_date_valid(d))
		return NULL;
	const struct listed_day *ld = listed(cal, d);
	return ld && ld->kind != DAY_UNLISTED ? ld->name : NULL;
}

int yw_calendar_add_workdays(const struct yw_calendar *cal, struct yw_date start, int n,
			     struct yw_date *out, struct yw_error *err)
{
	if (!yw_date_valid(start))
		return bad_date(start, err);
	if (n < 0 || n > MAX_WORKDAYS) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "", "工作日数应在 0-%d 之间 / must be 0-%d",
			     MAX_WORKDAYS, MAX_WORKDAYS);
		return YW_FAIL;
	}
	struct yw_date d = start;
	while (n > 0) {
		bool w;
		d = yw_date_add_days(d, 1);
		if (workday(cal, d, &w, err) != YW_OK)
			return YW_FAIL;
		n -= w;
	}
	*out = d;
	return YW_OK;
}

int yw_calendar_workdays_between(const struct yw_calendar *cal, struct yw_date from,
				 struct yw_date to, int *out, struct yw_error *err)
{
	if (!yw_date_valid(from))
		return bad_date(from, err);
	if (!yw_date_valid(to))
		return bad_date(to, err);
	int sign = 1;
	if (yw_date_cmp(to, from) < 0) {
		struct yw_date t = from;
		from = to;
		to = t;
		sign = -1;
	}
	if (yw_date_to_days(to) - yw_date_to_days(from) > 7 * MAX_WORKDAYS) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "", "日期跨度过大 / the dates are too far apart");
		return YW_FAIL;
	}
	int count = 0;
	for (struct yw_date d = yw_date_add_days(from, 1); yw_date_cmp(d, to) <= 0;
	     d = yw_date_add_days(d, 1)) {
		bool w;
		if (workday(cal, d, &w, err) != YW_OK)
			return YW_FAIL;
		count += w;
	}
	*out = sign * count;
	return YW_OK;
}
