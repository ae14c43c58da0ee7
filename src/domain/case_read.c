/* Reading cases: the detail with its checklist, steps, timeline, pauses,
 * results and deliveries in one snapshot; lists cut to the reader's scope;
 * the department inbox; the public progress lookup; a citizen's own cases.
 * Live warning levels are computed on the request's calendar. */
#include "yw/case_internal.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_case_detail_free(struct yw_case_detail *d)
{
	for (int i = 0; i < d->nevents; i++) {
		free(d->events[i].reason);
		free(d->events[i].detail);
	}
	free(d->materials);
	free(d->steps);
	free(d->events);
	free(d->pauses);
	free(d->results);
	free(d->deliveries);
	memset(d, 0, sizeof *d);
}

void yw_case_page_free(struct yw_case_page *p)
{
	free(p->rows);
	memset(p, 0, sizeof *p);
}

void yw_inbox_page_free(struct yw_inbox_page *p)
{
	free(p->rows);
	memset(p, 0, sizeof *p);
}

static int load_parts(struct yw_conn *c, struct yw_case_detail *d)
{
	int64_t id = d->c.id;
	int st = yw_cs_materials(c, id, &d->materials, &d->nmaterials);
	if (!st)
		st = yw_cs_steps(c, id, &d->steps, &d->nsteps);
	if (!st)
		st = yw_cs_events(c, id, &d->events, &d->nevents);
	if (!st)
		st = yw_cs_pauses(c, id, &d->pauses, &d->npauses);
	if (!st)
		st = yw_cs_results(c, id, &d->results, &d->nresults);
	if (!st)
		st = yw_cs_deliveries(c, id, &d->deliveries, &d->ndeliveries);
	return st;
}

/* The running clock of the case (decision, or delivery once decided) and
 * of each open step, as of now. */
static void live_levels(const struct yw_calendar *cal, struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	int64_t now = yw_now_ms();
	snprintf(d->level, sizeof d->level, "none");
	if (!strcmp(k->state, "in_progress"))
		yw_case_live_level(cal, k->accepted_on, k->promised_days, k->extension_days, k->paused_days,
				   k->due_promised, now, &d->left, d->level);
	else if (!strcmp(k->state, "decided"))
		yw_case_live_level(cal, k->decided_on, YW_CASE_DELIVERY_DAYS, 0, 0, k->delivery_due, now, &d->left,
				   d->level);
	bool paused = k->pause_kind[0] != 0;
	for (int i = 0; i < d->nsteps; i++) {
		struct yw_case_step *s = &d->steps[i];
		snprintf(s->level, sizeof s->level, "none");
		if (!paused && (!strcmp(s->state, "active") || !strcmp(s->state, "claimed")))
			yw_case_live_level(cal, s->activated_on, s->limit_days, 0, s->paused_days, s->due, now, &s->left,
					   s->level);
	}
}

struct get_ctx {
	const struct yw_actor *who;
	int64_t id;
	const char *case_no, *key, *phone;
	struct yw_case_detail *out;
	struct yw_error *err;
};

static int not_found(struct yw_error *err)
{
	yw_error_set(err, YW_E_NOT_FOUND, "case_no", "没有找到该办件，请核对办件编号和手机号或证件号后四位");
	return YW_NOTFOUND;
}

static int get_tx(struct yw_conn *c, void *p)
{
	struct get_ctx *x = p;
	yw_case_detail_free(x->out);
	int st = yw_cs_case_get(c, x->id, &x->out->c);
	if (st == YW_NOTFOUND)
		yw_error_set(x->err, YW_E_NOT_FOUND, "id", "办件不存在");
	if (st)
		return st;
	if ((st = yw_case_can_read(c, x->who, &x->out->c, x->err)))
		return st;
	return load_parts(c, x->out);
}

int yw_case_get(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who, int64_t id,
		struct yw_case_detail *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct get_ctx x = {.who = who, .id = id, .out = out, .err = err};
	int st = yw_store_tx(s, YW_TX_READ, get_tx, &x);
	if (st)
		yw_case_detail_free(out);
	else
		live_levels(cal, out);
	return st;
}

static bool last4(const char *s, const char *key)
{
	size_t n = strlen(s);
	return n >= 4 && !strcmp(s + n - 4, key);
}

static int progress_tx(struct yw_conn *c, void *p)
{
	struct get_ctx *x = p;
	yw_case_detail_free(x->out);
	int st = yw_cs_case_by_no(c, x->case_no, &x->out->c);
	if (st == YW_NOTFOUND)
		return not_found(x->err);
	if (st)
		return st;
	const struct yw_case *k = &x->out->c;
	if (!last4(k->applicant_phone, x->key) && !last4(k->applicant_id, x->key) &&
	    !(k->agent_phone[0] && last4(k->agent_phone, x->key)))
		return not_found(x->err);
	return load_parts(c, x->out);
}

int yw_case_progress(struct yw_store *s, const char *case_no, const char *key, struct yw_case_detail *out,
		     struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	char k4[5] = "";
	/* The last four of an ID may end in X; compare upper case. */
	if (!case_no || !*case_no || strlen(case_no) > 32 || !key || strlen(key) != 4)
		return not_found(err);
	for (int i = 0; i < 4; i++)
		k4[i] = (char)toupper((unsigned char)key[i]);
	struct get_ctx x = {.case_no = case_no, .key = k4, .out = out, .err = err};
	int st = yw_store_tx(s, YW_TX_READ, progress_tx, &x);
	if (st)
		yw_case_detail_free(out);
	return st;
}

static int own_tx(struct yw_conn *c, void *p)
{
	struct get_ctx *x = p;
	yw_case_detail_free(x->out);
	int st = yw_cs_case_get(c, x->id, &x->out->c);
	if (st == YW_NOTFOUND || (!st && strcmp(x->out->c.applicant_phone, x->phone) &&
				  strcmp(x->out->c.agent_phone, x->phone))) {
		yw_error_set(x->err, YW_E_NOT_FOUND, "id", "没有找到您的这件办件");
		return YW_NOTFOUND;
	}
	return st ? st : load_parts(c, x->out);
}

int yw_case_get_own(struct yw_store *s, const char *phone, int64_t id, struct yw_case_detail *out,
		    struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	if (!phone || !*phone) {
		yw_error_set(err, YW_E_NOT_FOUND, "id", "没有找到您的这件办件");
		return YW_NOTFOUND;
	}
	struct get_ctx x = {.id = id, .phone = phone, .out = out, .err = err};
	int st = yw_store_tx(s, YW_TX_READ, own_tx, &x);
	if (st)
		yw_case_detail_free(out);
	return st;
}

/* ---- lists ---- */

struct list_ctx {
	const struct yw_actor *who;
	const struct yw_case_query *q;
	struct yw_case_page *out;
	struct yw_error *err;
};

static int list_tx(struct yw_conn *c, void *p)
{
	struct list_ctx *x = p;
	yw_case_page_free(x->out);
	const struct yw_actor *who = x->who;
	struct yw_cs_list_filter f = {.q = x->q};
	char path[200] = "";
	struct yw_cs_place hall;
	bool hall_bound = (who->roles & (YW_ROLE_CLERK | YW_ROLE_HALL_MANAGER)) && !(who->roles & YW_ROLE_SUPERVISOR) &&
			  who->scope.hall_id;
	if (x->q->phone) {
		/* a citizen's own cases: the phone is the whole filter */
	} else if (who->roles & YW_ROLE_ADMIN) {
	} else if (hall_bound && x->q->case_no && x->q->case_no[0]) {
		/* One case number: every case the hall's staff may read — those of
		 * the region the hall is in (通办通取: supplied, handed over or
		 * collected at any hall of it), as yw_case_can_read decides;
		 * browsing stays with the hall's own cases below. */
		int st = yw_cs_hall(c, who->scope.hall_id, &hall);
		if (st)
			return st == YW_NOTFOUND ? YW_OK : st;
		f.scope_within = hall.region_path;
	} else if (who->roles & (YW_ROLE_SUPERVISOR | YW_ROLE_HALL_MANAGER)) {
		if (who->scope.region_id) {
			int st = yw_cs_region_path(c, who->scope.region_id, path, sizeof path);
			if (st)
				return st == YW_NOTFOUND ? YW_OK : st;
			f.scope_path = path;
		}
		if ((who->roles & YW_ROLE_HALL_MANAGER) && !(who->roles & YW_ROLE_SUPERVISOR))
			f.scope_hall = who->scope.hall_id;
	} else if (who->roles & YW_ROLE_APPROVER) {
		if (!who->scope.department_id)
			return YW_OK;
		f.scope_department = who->scope.department_id;
	} else if (who->roles & YW_ROLE_CLERK) {
		if (!who->scope.hall_id)
			return YW_OK;
		f.scope_hall = who->scope.hall_id;
	} else {
		return YW_OK;
	}
	return yw_cs_list(c, &f, x->out);
}

int yw_case_list(struct yw_store *s, const struct yw_actor *who, const struct yw_case_query *q,
		 struct yw_case_page *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct list_ctx x = {who, q, out, err};
	return yw_store_tx(s, YW_TX_READ, list_tx, &x);
}

/* ---- the inbox ---- */

struct inbox_ctx {
	int64_t department_id;
	int limit, offset;
	struct yw_inbox_page *out;
};

static int inbox_tx(struct yw_conn *c, void *p)
{
	struct inbox_ctx *x = p;
	yw_inbox_page_free(x->out);
	return yw_cs_inbox(c, x->department_id, x->limit, x->offset, x->out);
}

int yw_case_inbox(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who, int64_t department_id,
		  int limit, int offset, struct yw_inbox_page *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	if (!department_id)
		department_id = who->scope.department_id;
	if (!department_id) {
		yw_error_set(err, YW_E_MISSING_FIELD, "department_id", "请选择部门");
		return YW_FAIL;
	}
	bool any = who->roles & (YW_ROLE_ADMIN | YW_ROLE_SUPERVISOR);
	if (!any && who->scope.department_id != department_id) {
		yw_error_set(err, YW_E_FORBIDDEN_SCOPE, "department_id", "只能查看本部门的待办");
		return YW_FAIL;
	}
	struct inbox_ctx x = {department_id, limit, offset, out};
	int st = yw_store_tx(s, YW_TX_READ, inbox_tx, &x);
	if (st)
		return st;
	int64_t now = yw_now_ms();
	for (int i = 0; i < out->n; i++) {
		struct yw_inbox_row *r = &out->rows[i];
		snprintf(r->level, sizeof r->level, "none");
		/* A paused case's steps do not run; their colour waits too. */
		if (strcmp(r->case_state, "in_progress"))
			continue;
		/* Each row's own clock is its due date against today. */
		struct yw_date due, today;
		if (!cal || yw_date_parse(r->due, &due, "due", NULL) != YW_OK)
			continue;
		yw_case_day(now, &today, NULL);
		if (yw_calendar_workdays_between(cal, today, due, &r->left, NULL) != YW_OK)
			continue;
		const struct yw_case_warn_cfg *cfg = yw_case_warn_cfg();
		snprintf(r->level, sizeof r->level, "%s",
			 r->left < 0 ? "red" : r->left <= cfg->yellow_days ? "yellow" : "none");
	}
	return YW_OK;
}

struct warn_ctx {
	const struct yw_actor *who;
	struct yw_case_warn_count **out;
	int *n;
};

static int warn_tx(struct yw_conn *c, void *p)
{
	struct warn_ctx *x = p;
	free(*x->out);
	*x->out = NULL;
	*x->n = 0;
	char path[200] = "";
	if (!(x->who->roles & YW_ROLE_ADMIN) && x->who->scope.region_id) {
		int st = yw_cs_region_path(c, x->who->scope.region_id, path, sizeof path);
		if (st)
			return st == YW_NOTFOUND ? YW_OK : st;
	}
	return yw_cs_warn_counts(c, path[0] ? path : NULL, x->out, x->n);
}

int yw_case_warn_counts(struct yw_store *s, const struct yw_actor *who, struct yw_case_warn_count **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct warn_ctx x = {who, out, n};
	return yw_store_tx(s, YW_TX_READ, warn_tx, &x);
}
