/* Deadline arithmetic of cases (include/yw/case_clock.h): pure functions of
 * the working-day calendar, unit-tested against the official holidays. */
#include "yw/case_clock.h"
#include "yw/core.h"

const struct yw_case_warn_cfg yw_case_warn_default = {.yellow_days = 2, .yellow_pct = 80};
const char *const yw_case_levels[] = {"none", "yellow", "red", NULL};

int yw_case_due(const struct yw_calendar *cal, const struct yw_case_clock *k, struct yw_date *due,
		struct yw_error *err)
{
	int n = k->limit_days + k->extension_days + k->paused_days;
	if (n < 0) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "limit_days", "时限不能为负 / a limit cannot be negative");
		return YW_FAIL;
	}
	return yw_calendar_add_workdays(cal, k->start, n, due, err);
}

int yw_case_pause_days(const struct yw_calendar *cal, struct yw_date from, struct yw_date to, int *days,
		       struct yw_error *err)
{
	*days = 0;
	if (yw_date_cmp(to, from) <= 0)
		return YW_OK;
	return yw_calendar_workdays_between(cal, from, to, days, err);
}

int yw_case_extension_max(bool joint)
{
	return joint ? 15 : 10;
}

int yw_case_time_on(const struct yw_calendar *cal, const struct yw_case_clock *k, struct yw_date due,
		    struct yw_date today, int paused_until_today, const struct yw_case_warn_cfg *cfg,
		    struct yw_case_time *out, struct yw_error *err)
{
	*out = (struct yw_case_time){.total = k->limit_days + k->extension_days};
	int elapsed = 0;
	int st = yw_date_cmp(today, k->start) > 0 ? yw_calendar_workdays_between(cal, k->start, today, &elapsed, err)
						   : YW_OK;
	if (st)
		return st;
	if ((st = yw_calendar_workdays_between(cal, today, due, &out->left, err)))
		return st;
	out->used = elapsed - paused_until_today;
	if (out->used < 0)
		out->used = 0;
	if (!cfg)
		cfg = &yw_case_warn_default;
	if (out->left < 0)
		out->level = YW_LEVEL_RED;
	else if (out->left <= cfg->yellow_days ||
		 (out->total > 0 && (int64_t)out->used * 100 >= (int64_t)cfg->yellow_pct * out->total))
		out->level = YW_LEVEL_YELLOW;
	return YW_OK;
}
