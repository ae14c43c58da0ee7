/* Civil dates and working days (行政许可法 第82条: statutory time limits count
 * working days). A date is a working day if the year's calendar lists it as
 * a make-up working day (isOffDay false), not one if it lists it as a day
 * off (isOffDay true), and otherwise when it is Monday to Friday. A year
 * without a published calendar is an error (CALENDAR_MISSING), never a guess.
 *
 * A closure (a local day off such as a typhoon day) makes any date of a year
 * with data a non-working day.
 *
 * A calendar is filled once and then read: concurrent reads are safe, loads
 * are not safe against concurrent reads. To change the calendar of a running
 * server, build a new one and swap the pointer (calendar_svc.h does). */
#ifndef YW_CALENDAR_H
#define YW_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct yw_error;

/* A proleptic Gregorian civil date. */
struct yw_date {
	int y, m, d;
};

bool yw_date_valid(struct yw_date d);
bool yw_date_is_leap(int y);
int yw_date_days_in_month(int y, int m); /* 0 when m is out of range */
/* Strict "YYYY-MM-DD" of a real date. YW_OK, or YW_FAIL with BAD_FORMAT. */
int yw_date_parse(const char *s, struct yw_date *out, const char *field, struct yw_error *err);
/* Writes "YYYY-MM-DD" and a NUL; buf must hold 11 bytes (years 0-9999). */
void yw_date_format(struct yw_date d, char buf[11]);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int yw_date_weekday(struct yw_date d);
/* Days since 1970-01-01, and back; add_days moves by n civil days. */
int64_t yw_date_to_days(struct yw_date d);
struct yw_date yw_date_from_days(int64_t days);
struct yw_date yw_date_add_days(struct yw_date d, int64_t n);
int yw_date_cmp(struct yw_date a, struct yw_date b);
/* The civil date in Asia/Shanghai (UTC+8, no DST since 1991) at a UTC epoch
 * millisecond, the UTC epoch millisecond of that date's local midnight, and
 * today there (by yw_now_ms, so tests can move it). */
struct yw_date yw_date_from_epoch_ms_shanghai(int64_t ms);
int64_t yw_date_midnight_ms_shanghai(struct yw_date d);
struct yw_date yw_date_today_shanghai(void);

struct yw_calendar;

/* The years a calendar can hold; others simply have no data. */
#define YW_CALENDAR_YEAR_MIN 1900
#define YW_CALENDAR_YEAR_MAX 2199

struct yw_calendar *yw_calendar_new(void);
void yw_calendar_free(struct yw_calendar *cal);
/* One year in the holiday-cn format: {"year":N, "days":[{"name","date",
 * "isOffDay"}]}. Loading a year again replaces it. A file whose days list is
 * empty records that the year has NO data yet (it is not published), so
 * dates in it stay errors. BAD_JSON / BAD_FORMAT on a malformed file. */
int yw_calendar_load_holiday_cn(struct yw_calendar *cal, const char *json_text,
				struct yw_error *err);
int yw_calendar_load_file(struct yw_calendar *cal, const char *path, struct yw_error *err);
/* Every YYYY.json in dir (other names such as schema.json are skipped), in
 * order; the name must match the year inside. */
int yw_calendar_load_dir(struct yw_calendar *cal, const char *dir, struct yw_error *err);

/* One year's file, parsed and checked but not yet applied: the store keeps
 * these rows, and a calendar is rebuilt from them. */
struct yw_calendar_day {
	struct yw_date date;
	bool off;   /* isOffDay */
	char *name; /* owned */
};
struct yw_calendar_file {
	int year;
	struct yw_calendar_day *days; /* owned; n may be 0 (year not published) */
	size_t n;
};
/* Parses and checks a holiday-cn file without touching any calendar.
 * expect_year: the year it must hold, or 0 for any. On failure *out is
 * empty. BAD_JSON / BAD_FORMAT naming the bad member. */
int yw_calendar_parse_holiday_cn(const char *json_text, int expect_year,
				 struct yw_calendar_file *out, struct yw_error *err);
void yw_calendar_file_clear(struct yw_calendar_file *f);
/* Replaces the file's year in cal (as loading the file would). */
void yw_calendar_put_year(struct yw_calendar *cal, const struct yw_calendar_file *f);
/* A hex BLAKE2b fingerprint of the year and its days in file order, so an
 * import of the same data again can be told apart from a change. */
void yw_calendar_file_digest(const struct yw_calendar_file *f, char out[65]);

/* Local closures (台风停工 and the like): a closed date is not a working day
 * whatever the holiday file says. They apply to the whole deployment.
 * reason NULL removes the closure. YW_FAIL (BAD_FORMAT) for an invalid date
 * or a year the calendar cannot hold. */
int yw_calendar_set_closure(struct yw_calendar *cal, struct yw_date d, const char *reason,
			    struct yw_error *err);
/* The reason of the closure on d (borrowed), or NULL. */
const char *yw_calendar_closure(const struct yw_calendar *cal, struct yw_date d);

/* True when the year has a loaded, non-empty calendar. */
bool yw_calendar_has_year(const struct yw_calendar *cal, int y);
/* The years that have data, ascending; returns how many (up to max). */
int yw_calendar_years(const struct yw_calendar *cal, int *years, int max);

/* These fail with CALENDAR_MISSING when a date they must look at lies in a
 * year without data, BAD_FORMAT on an invalid date, OUT_OF_RANGE on n < 0.
 * Closures count as days off. */
int yw_calendar_is_workday(const struct yw_calendar *cal, struct yw_date d, bool *out,
			   struct yw_error *err);
/* The name of the holiday or make-up day listed for d (borrowed), or NULL. */
const char *yw_calendar_day_name(const struct yw_calendar *cal, struct yw_date d);
/* The n-th working day after start (start itself never counts; n = 0 gives
 * start). */
int yw_calendar_add_workdays(const struct yw_calendar *cal, struct yw_date start, int n,
			     struct yw_date *out, struct yw_error *err);
/* Working days after from up to and including to; negative (the count from
 * to to from) when to is before from, so overdue days come out signed. */
int yw_calendar_workdays_between(const struct yw_calendar *cal, struct yw_date from,
				 struct yw_date to, int *out, struct yw_error *err);

#endif
