/* Where is a paper file now: one file with its log (by id or by the label
 * code a scanner reads), the files of a case, and the supervisor's tracker
 * lists — per holder, department, hall or window, and the files that have
 * not moved for N working days. Reads are cut to the reader's scope like
 * the cases they belong to. */
#include "yw/case_file.h"
#include "yw/case_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_case_file_detail_free(struct yw_case_file_detail *d)
{
	free(d->moves);
	memset(d, 0, sizeof *d);
}

void yw_case_file_page_free(struct yw_case_file_page *p)
{
	free(p->rows);
	memset(p, 0, sizeof *p);
}

/* Working days since the last hand-over, for files not at rest. */
static void idle_days(const struct yw_calendar *cal, struct yw_case_file *f, int n)
{
	struct yw_date today, moved;
	yw_case_day(yw_now_ms(), &today, NULL);
	for (int i = 0; i < n; i++) {
		f[i].idle_days = -1;
		if (!cal || !strcmp(f[i].stage, "archive") || yw_date_parse(f[i].moved_on, &moved, "moved_on", NULL))
			continue;
		int days;
		if (yw_calendar_workdays_between(cal, moved, today, &days, NULL) == YW_OK)
			f[i].idle_days = days < 0 ? 0 : days;
	}
}

struct get_ctx {
	const struct yw_actor *who;
	int64_t id;
	const char *code;
	struct yw_case_file_detail *out;
	struct yw_error *err;
};

static int get_tx(struct yw_conn *c, void *p)
{
	struct get_ctx *x = p;
	yw_case_file_detail_free(x->out);
	int st = x->code ? yw_cfs_by_code(c, x->code, &x->out->f) : yw_cfs_get(c, x->id, &x->out->f);
	if (st == YW_NOTFOUND)
		yw_error_set(x->err, YW_E_NOT_FOUND, x->code ? "code" : "id", "没有该纸质材料");
	if (st)
		return st;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	st = yw_cs_case_get(c, x->out->f.case_id, k);
	if (!st)
		st = yw_case_can_read(c, x->who, k, x->err);
	free(k);
	if (!st)
		st = yw_cfs_moves(c, x->out->f.id, &x->out->moves, &x->out->nmoves);
	return st;
}

static int get(struct yw_store *s, const struct yw_calendar *cal, struct get_ctx *x)
{
	memset(x->out, 0, sizeof *x->out);
	int st = yw_store_tx(s, YW_TX_READ, get_tx, x);
	if (st)
		yw_case_file_detail_free(x->out);
	else
		idle_days(cal, &x->out->f, 1);
	return st;
}

int yw_case_file_get(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who, int64_t id,
		     struct yw_case_file_detail *out, struct yw_error *err)
{
	struct get_ctx x = {.who = who, .id = id, .out = out, .err = err};
	return get(s, cal, &x);
}

int yw_case_file_by_code(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
			 const char *code, struct yw_case_file_detail *out, struct yw_error *err)
{
	char norm[48];
	snprintf(norm, sizeof norm, "%s", code ? code : "");
	for (char *p = norm; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	struct get_ctx x = {.who = who, .code = norm, .out = out, .err = err};
	return get(s, cal, &x);
}

struct case_ctx {
	const struct yw_actor *who;
	int64_t case_id;
	struct yw_case_file **out;
	int *n;
	struct yw_error *err;
};

static int case_tx(struct yw_conn *c, void *p)
{
	struct case_ctx *x = p;
	free(*x->out);
	*x->out = NULL;
	*x->n = 0;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	int st = yw_cs_case_get(c, x->case_id, k);
	if (st == YW_NOTFOUND)
		yw_error_set(x->err, YW_E_NOT_FOUND, "id", "办件不存在");
	if (!st)
		st = yw_case_can_read(c, x->who, k, x->err);
	free(k);
	return st ? st : yw_cfs_of_case(c, x->case_id, x->out, x->n);
}

int yw_case_files_of_case(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
			  int64_t case_id, struct yw_case_file **out, int *n, struct yw_error *err)
{
	*out = NULL;
	*n = 0;
	struct case_ctx x = {who, case_id, out, n, err};
	int st = yw_store_tx(s, YW_TX_READ, case_tx, &x);
	if (st) {
		free(*out);
		*out = NULL;
		*n = 0;
	} else {
		idle_days(cal, *out, *n);
	}
	return st;
}

/* ---- the tracker ---- */

/* The first day a file must have moved on not to be idle: files last moved
 * before it have not moved for `n` working days or more (the day of the
 * move itself is not counted, as with every working-day clock). */
static int idle_cutoff(const struct yw_calendar *cal, int n, char out[11], struct yw_error *err)
{
	struct yw_date d;
	yw_case_day(yw_now_ms(), &d, NULL);
	for (int counted = 0; counted < n;) {
		bool work;
		if (yw_calendar_is_workday(cal, d, &work, err) != YW_OK)
			return YW_FAIL;
		counted += work;
		d = yw_date_add_days(d, -1);
	}
	yw_date_format(yw_date_add_days(d, 1), out);
	return YW_OK;
}

struct list_ctx {
	const struct yw_actor *who;
	struct yw_cfs_filter f;
	struct yw_case_file_page *out;
	struct yw_error *err;
};

static int scope_refused(struct yw_error *err, const char *field)
{
	yw_error_set(err, YW_E_FORBIDDEN_SCOPE, field, "超出您的管辖范围 / outside your scope");
	return YW_FAIL;
}

static int list_tx(struct yw_conn *c, void *p)
{
	struct list_ctx *x = p;
	yw_case_file_page_free(x->out);
	const struct yw_actor *who = x->who;
	const struct yw_case_file_query *q = x->f.q;
	char path[200] = "";
	if (who->roles & YW_ROLE_ADMIN) {
	} else if (who->roles & (YW_ROLE_SUPERVISOR | YW_ROLE_HALL_MANAGER)) {
		if (who->scope.region_id) {
			int st = yw_cs_region_path(c, who->scope.region_id, path, sizeof path);
			if (st)
				return st == YW_NOTFOUND ? YW_OK : st;
			x->f.scope_path = path;
		}
		if (!(who->roles & YW_ROLE_SUPERVISOR) && who->scope.hall_id)
			x->f.scope_hall = who->scope.hall_id;
	} else if (who->roles & YW_ROLE_APPROVER) {
		if (!who->scope.department_id)
			return YW_OK;
		x->f.scope_department = who->scope.department_id;
	} else if (who->roles & YW_ROLE_CLERK) {
		if (!who->scope.hall_id)
			return YW_OK;
		x->f.scope_hall = who->scope.hall_id;
	} else {
		return YW_OK;
	}
	if (x->f.scope_hall && q->hall_id && q->hall_id != x->f.scope_hall)
		return scope_refused(x->err, "hall_id");
	if (x->f.scope_department && q->department_id && q->department_id != x->f.scope_department)
		return scope_refused(x->err, "department_id");
	return yw_cfs_list(c, &x->f, x->out);
}

int yw_case_file_list(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
		      const struct yw_case_file_query *q, struct yw_case_file_page *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	if (q->stage && !yw_case_in(q->stage, yw_case_file_stages)) {
		yw_error_set(err, YW_E_BAD_QUERY, "stage", "stage 为 front_desk、department、issuing 或 archive");
		return YW_FAIL;
	}
	char cutoff[11] = "";
	if (q->idle_days) {
		if (q->idle_days < 1 || q->idle_days > 365) {
			yw_error_set(err, YW_E_BAD_QUERY, "idle_days", "idle_days 为 1–365 个工作日");
			return YW_FAIL;
		}
		if (!cal) {
			yw_error_set(err, YW_E_CALENDAR_MISSING, "idle_days", "没有工作日历");
			return YW_FAIL;
		}
		if (idle_cutoff(cal, q->idle_days, cutoff, err))
			return YW_FAIL;
	}
	struct list_ctx x = {.who = who, .f = {.q = q, .idle_before = cutoff[0] ? cutoff : NULL}, .out = out, .err = err};
	int st = yw_store_tx(s, YW_TX_READ, list_tx, &x);
	if (st)
		yw_case_file_page_free(out);
	else
		idle_days(cal, out->rows, out->n);
	return st;
}
