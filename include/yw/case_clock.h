/* The clocks of a case, as pure functions of the calendar (docs/cases.md,
 * "Clocks"). No store, no time of day: a clock is civil dates and counts of
 * working days, so every due date can be computed again from its inputs.
 *
 * - 行政许可法第82条: limits count working days; the start day (acceptance,
 *   or the day a step opened) is not counted.
 * - 第42条: an approved extension adds its days.
 * - 第45条 and 补正: a pause excludes the working days after the day it
 *   began up to and including the day it ended (the day work stops still
 *   counts as used; the day it resumes is a new start day, not counted).
 * - 第44条: the result is delivered within 10 working days of the decision. */
#ifndef YW_CASE_CLOCK_H
#define YW_CASE_CLOCK_H
#include "yw/calendar.h"

/* 行政许可法第44条. */
enum { YW_CASE_DELIVERY_DAYS = 10 };

struct yw_case_clock {
	struct yw_date start; /* accepted (or step opened) on; not counted */
	int limit_days;       /* statutory, promised or step limit */
	int extension_days;   /* approved extension */
	int paused_days;      /* excluded by closed pauses */
};

/* start + limit + extension + paused working days. CALENDAR_MISSING when a
 * year on the way has no calendar. */
int yw_case_due(const struct yw_calendar *cal, const struct yw_case_clock *k, struct yw_date *due,
		struct yw_error *err);

/* Working days a pause from `from` to `to` (from ≤ to) excludes. */
int yw_case_pause_days(const struct yw_calendar *cal, struct yw_date from, struct yw_date to, int *days,
		       struct yw_error *err);

/* The largest extension the law allows: 10 working days, 15 for an item
 * handled jointly by several departments (第42条第2款). */
int yw_case_extension_max(bool joint);

/* Warning thresholds: yellow when at most yellow_days working days are
 * left or at least yellow_pct percent of the time is used; red once the
 * due date has passed. */
struct yw_case_warn_cfg {
	int yellow_days;
	int yellow_pct;
};
extern const struct yw_case_warn_cfg yw_case_warn_default; /* 2 days, 80 % */

enum yw_case_level { YW_LEVEL_NONE = 0, YW_LEVEL_YELLOW = 1, YW_LEVEL_RED = 2 };
extern const char *const yw_case_levels[]; /* "none", "yellow", "red" */

struct yw_case_time {
	int total; /* limit + extension */
	int used;  /* working days used up to today, pauses excluded */
	int left;  /* working days from today to the due date; < 0 when overdue */
	enum yw_case_level level;
};
/* Where a running clock stands on `today`. paused_until_today: working
 * days excluded so far, closed pauses and an open one up to today. */
int yw_case_time_on(const struct yw_calendar *cal, const struct yw_case_clock *k, struct yw_date due,
		    struct yw_date today, int paused_until_today, const struct yw_case_warn_cfg *cfg,
		    struct yw_case_time *out, struct yw_error *err);

#endif
