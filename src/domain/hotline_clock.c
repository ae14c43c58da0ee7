/* The hotline's clocks in working time (docs/hotline.md "Clocks"). A
 * working day counts 24 hours and a day off none, so "N working days" is
 * one amount of working time that a pause can stop and an extension can
 * lengthen exactly, and a deadline lands at the same time of day N working
 * days later (an order taken on a Saturday starts counting on Monday at
 * 00:00). Pure functions of the calendar: unit tested. */
#include "yw/hotline.h"
#include <string.h>

/* Working days are looked up one by one, so bound the walk: ten years of
 * days off in a row would be a broken calendar, not a long holiday. */
enum { MAX_DAYS_WALKED = 3660 };

int yw_hl_add_working(const struct yw_calendar *cal, int64_t from, int64_t working_ms, int64_t *out,
		      struct yw_error *err)
{
	int64_t t = from, left = working_ms;
	if (left <= 0) {
		*out = from;
		return YW_OK;
	}
	for (int i = 0; i < MAX_DAYS_WALKED; i++) {
		struct yw_date d = yw_date_from_epoch_ms_shanghai(t);
		int64_t day_end = yw_date_midnight_ms_shanghai(yw_date_add_days(d, 1));
		bool work = false;
		if (yw_calendar_is_workday(cal, d, &work, err) != YW_OK)
			return YW_FAIL;
		if (work) {
			if (left <= day_end - t) {
				*out = t + left;
				return YW_OK;
			}
			left -= day_end - t;
		}
		t = day_end;
	}
	yw_error_set(err, YW_E_CALENDAR_MISSING, NULL, "no working day within ten years of the start");
	return YW_FAIL;
}

int yw_hl_working_between(const struct yw_calendar *cal, int64_t from, int64_t to, int64_t *out, struct yw_error *err)
{
	int64_t sum = 0, t = from;
	for (int i = 0; t < to; i++) {
		if (i >= MAX_DAYS_WALKED) {
			yw_error_set(err, YW_E_OUT_OF_RANGE, NULL, "the span is longer than ten years");
			return YW_FAIL;
		}
		struct yw_date d = yw_date_from_epoch_ms_shanghai(t);
		int64_t day_end = yw_date_midnight_ms_shanghai(yw_date_add_days(d, 1));
		int64_t end = day_end < to ? day_end : to;
		bool work = false;
		if (yw_calendar_is_workday(cal, d, &work, err) != YW_OK)
			return YW_FAIL;
		if (work)
			sum += end - t;
		t = end;
	}
	*out = sum;
	return YW_OK;
}

/* Warn when at most a fifth of the limit, or one working day if that is
 * less, is left: a 5-day clock warns on its last day, a 1-day clock in its
 * last 4.8 hours. Without calendar data for the span, no warning. */
static bool warn(const struct yw_calendar *cal, int64_t now, int64_t due, int limit_days)
{
	if (!cal || now >= due)
		return false;
	int64_t left = 0, threshold = (int64_t)limit_days * YW_HL_DAY_MS / 5;
	if (threshold > YW_HL_DAY_MS || threshold <= 0)
		threshold = YW_HL_DAY_MS;
	struct yw_error err = {0};
	if (yw_hl_working_between(cal, now, due, &left, &err) != YW_OK)
		return false;
	return left <= threshold;
}

static bool state_in(const char *state, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		if (!strcmp(state, set[i]))
			return true;
	return false;
}

void yw_hl_flags_of(const struct yw_calendar *cal, const struct yw_hl_order *o, int64_t now, struct yw_hl_flags *out)
{
	static const char *const signing[] = {"dispatched", NULL};
	static const char *const handling[] = {"dispatched", "returned", "signed", NULL};
	static const char *const replying[] = {"replied", "reviewed", NULL};
	memset(out, 0, sizeof *out);
	out->paused = o->paused_since != 0;
	int64_t at = o->paused_since ? o->paused_since : now;
	/* The same tests as the overdue filter of store/hotline_store.c. */
	out->sign_overdue = state_in(o->state, signing) && o->sign_by && o->sign_by < at;
	out->handle_overdue = state_in(o->state, handling) && o->handle_by && o->handle_by < at;
	out->reply_overdue = state_in(o->state, replying) && o->reply_by && o->reply_by < at;
	out->overdue = out->sign_overdue || out->handle_overdue || out->reply_overdue;
	int limit = 0;
	if (state_in(o->state, signing) && o->sign_by && !out->sign_overdue) {
		out->clock = "sign";
		out->due_at = o->sign_by;
		limit = o->sign_days;
	} else if (state_in(o->state, handling) && o->handle_by) {
		out->clock = "handle";
		out->due_at = o->handle_by;
		limit = o->handle_days + o->extended_days;
	} else if (state_in(o->state, replying) && o->reply_by) {
		out->clock = "reply";
		out->due_at = o->reply_by;
		limit = o->reply_days;
	}
	if (out->clock && !out->overdue)
		out->warning = warn(cal, at, out->due_at, limit);
}
