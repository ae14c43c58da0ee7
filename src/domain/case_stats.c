/* Case statistics: the rollup hook every case action runs in its own
 * transaction, and the figures read back from the rollup only. A case is
 * booked on the row of the day it was accepted (never accepted: the day it
 * was taken in) under its item, department, hall, window and the clerk who
 * took it in; its decision and delivery are added to that same row, so a
 * period's 办结率 is "of the cases accepted in it, how many are finished". */
#include "yw/case_internal.h"
#include "yw/case_stats.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const yw_case_stats_by_names[] = {"total", "item", "department", "hall", "window", "staff", "day", "month",
					      NULL};
const char *const yw_case_stats_by_labels[] = {"合计", "事项", "部门", "大厅", "窗口", "人员", "日期", "月份", NULL};

/* ---- booking ---- */

void yw_case_stats_key(const struct yw_css_case *k, struct yw_css_key *out)
{
	memset(out, 0, sizeof *out);
	if (k->accepted_on[0])
		snprintf(out->day, sizeof out->day, "%s", k->accepted_on);
	else
		yw_case_day(k->received_at, NULL, out->day);
	out->item_id = k->item_id;
	out->department_id = k->department_id;
	out->hall_id = k->hall_id;
	out->window_id = k->window_id;
	out->staff_id = k->staff_id;
	out->region_id = k->region_id;
}

void yw_case_stats_finish(const struct yw_calendar *cal, const struct yw_css_case *k, struct yw_case_counts *n)
{
	bool approved = !strcmp(k->outcome, "approved");
	if (!approved && strcmp(k->outcome, "rejected"))
		return;
	n->finished++;
	n->approved += approved;
	n->rejected += !approved;
	/* Due dates and the decision day are YYYY-MM-DD: they compare as text.
	 * A due date the calendar could not give yet counts neither way. */
	if (k->due_promised[0]) {
		bool in_time = strcmp(k->decided_on, k->due_promised) <= 0;
		n->on_time += in_time;
		n->late += !in_time;
	}
	if (k->due_statutory[0] && strcmp(k->decided_on, k->due_statutory) <= 0)
		n->within_statutory++;
	struct yw_date from, to;
	int days;
	if (cal && yw_date_parse(k->accepted_on, &from, "accepted_on", NULL) == YW_OK &&
	    yw_date_parse(k->decided_on, &to, "decided_on", NULL) == YW_OK &&
	    yw_calendar_workdays_between(cal, from, to, &days, NULL) == YW_OK) {
		days -= k->paused_days;
		n->timed++;
		n->used_days += days < 0 ? 0 : days;
		n->promised_days += k->promised_days + k->extension_days;
	}
}

static void lean(const struct yw_case *k, struct yw_css_case *out)
{
	memset(out, 0, sizeof *out);
	out->id = k->id;
	out->item_id = k->item_id;
	out->department_id = k->department_id;
	out->hall_id = k->hall_id;
	out->window_id = k->window_id;
	out->staff_id = k->staff_id;
	out->region_id = k->region_id;
	out->received_at = k->received_at;
	out->accepted_at = k->accepted_at;
	out->decided_at = k->decided_at;
	out->delivered_at = k->delivered_at;
	out->promised_days = k->promised_days;
	out->extension_days = k->extension_days;
	out->paused_days = k->paused_days;
	out->statutory_days = k->statutory_days;
	out->tolerant = k->tolerant;
	snprintf(out->state, sizeof out->state, "%s", k->state);
	snprintf(out->outcome, sizeof out->outcome, "%s", k->outcome);
	snprintf(out->accepted_on, sizeof out->accepted_on, "%s", k->accepted_on);
	snprintf(out->decided_on, sizeof out->decided_on, "%s", k->decided_on);
	snprintf(out->due_promised, sizeof out->due_promised, "%s", k->due_promised);
	snprintf(out->due_statutory, sizeof out->due_statutory, "%s", k->due_statutory);
}

static bool any(const struct yw_case_counts *n)
{
	return n->received || n->not_accepted || n->accepted || n->finished || n->delivered;
}

int yw_case_stats_track(struct yw_case_tx *t, const char *action)
{
	const struct yw_case *k = t->k;
	struct yw_css_before b = {0};
	bool intake = !strcmp(action, "intake");
	/* A new case has no stored past; any other action compares with the row
	 * as it was before this transaction wrote it. */
	if (!intake) {
		int st = yw_css_case_before(t->c, k->id, &b);
		if (st)
			return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	}
	struct yw_css_case c;
	lean(k, &c);
	struct yw_case_counts taken = {0}, booked = {0};
	taken.received = intake;
	taken.not_accepted = !strcmp(k->state, "not_accepted") && strcmp(b.state, "not_accepted");
	if (k->accepted_at && !b.accepted_at) {
		booked.accepted = 1;
		booked.tolerant = k->tolerant;
	}
	if (k->accepted_at && k->decided_at && !b.decided_at)
		yw_case_stats_finish(t->env->cal, &c, &booked);
	if (k->accepted_at && k->delivered_at && !b.delivered_at)
		booked.delivered = 1;
	if (!any(&taken) && !any(&booked))
		return YW_OK;
	struct yw_css_key on_taken, on_booked;
	yw_case_stats_key(&c, &on_booked);
	memcpy(&on_taken, &on_booked, sizeof on_taken);
	yw_case_day(k->received_at, NULL, on_taken.day);
	if (!strcmp(on_taken.day, on_booked.day)) {
		/* One row: one upsert. */
		booked.received += taken.received;
		booked.not_accepted += taken.not_accepted;
		return yw_css_add(t->c, &on_booked, &booked);
	}
	int st = any(&taken) ? yw_css_add(t->c, &on_taken, &taken) : YW_OK;
	return !st && any(&booked) ? yw_css_add(t->c, &on_booked, &booked) : st;
}

/* ---- the figures ---- */

void yw_case_stats_free(struct yw_case_stats *s)
{
	free(s->rows);
	memset(s, 0, sizeof *s);
}

void yw_case_rate_text(double rate, int64_t base, char out[16])
{
	if (!base) {
		snprintf(out, 16, "—");
		return;
	}
	/* Rounded half up to 0.1 %, as the reports print it (99.758 → 99.8). */
	snprintf(out, 16, "%.1f%%", floor(rate * 1000.0 + 0.5) / 10.0);
}

static double ratio(int64_t a, int64_t b) { return b ? (double)a / (double)b : 0.0; }

static void derive(struct yw_case_stat_row *r)
{
	const struct yw_case_counts *n = &r->n;
	r->finish_rate = ratio(n->finished, n->accepted);
	r->on_time_rate = ratio(n->on_time, n->on_time + n->late);
	r->avg_used_days = ratio(n->used_days, n->timed);
	r->avg_promised_days = ratio(n->promised_days, n->timed);
}

static int refuse(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

struct query_ctx {
	const struct yw_actor *who;
	struct yw_case_stats_query q;
	struct yw_case_stats *out;
	struct yw_error *err;
};

/* The reader's scope as filters: supervisors and hall managers their
 * region (hall managers also their hall), approvers their department. A
 * filter naming another hall or department is refused, not emptied. */
static int query_tx(struct yw_conn *c, void *p)
{
	struct query_ctx *x = p;
	yw_case_stats_free(x->out);
	const struct yw_actor *who = x->who;
	struct yw_css_filter f = {.q = &x->q};
	char path[200] = "";
	if (!(who->roles & YW_ROLE_ADMIN)) {
		bool watcher = who->roles & (YW_ROLE_SUPERVISOR | YW_ROLE_HALL_MANAGER);
		if (watcher && who->scope.region_id) {
			int st = yw_cs_region_path(c, who->scope.region_id, path, sizeof path);
			if (st)
				return st == YW_NOTFOUND ? YW_STORE_ERR : st;
			f.scope_path = path;
		}
		int64_t hall = !(who->roles & YW_ROLE_SUPERVISOR) && (who->roles & YW_ROLE_HALL_MANAGER)
				       ? who->scope.hall_id
				       : 0;
		int64_t dept = !watcher ? who->scope.department_id : 0;
		if (!watcher && !dept)
			return refuse(x->err, YW_E_FORBIDDEN_SCOPE, "department_id", "审批人员须绑定部门才能查看本部门统计");
		if (hall && x->q.hall_id && x->q.hall_id != hall)
			return refuse(x->err, YW_E_FORBIDDEN_SCOPE, "hall_id", "只能查看本大厅的统计");
		if (dept && x->q.department_id && x->q.department_id != dept)
			return refuse(x->err, YW_E_FORBIDDEN_SCOPE, "department_id", "只能查看本部门的统计");
		if (hall)
			x->q.hall_id = hall;
		if (dept)
			x->q.department_id = dept;
	}
	return yw_css_query(c, &f, x->out);
}

static int check_day(const char *s, const char *field, struct yw_date *d, struct yw_error *err)
{
	if (!s || strlen(s) != 10 || yw_date_parse(s, d, field, NULL) != YW_OK) {
		yw_error_set(err, YW_E_BAD_QUERY, field, "%s 应为 YYYY-MM-DD", field);
		return YW_FAIL;
	}
	return YW_OK;
}

int yw_case_stats(struct yw_store *s, const struct yw_actor *who, const struct yw_case_stats_query *q,
		  struct yw_case_stats *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct yw_date from, to;
	if (check_day(q->to, "to", &to, err) || check_day(q->from, "from", &from, err))
		return YW_FAIL;
	int64_t span = yw_date_to_days(to) - yw_date_to_days(from);
	if (span < 0)
		return refuse(err, YW_E_CASE_STATS_PERIOD, "from", "起始日期晚于截止日期");
	if (span >= YW_CASE_STATS_MAX_DAYS)
		return refuse(err, YW_E_CASE_STATS_PERIOD, "from", "统计跨度最多 3 年");
	if ((int)q->by < 0 || q->by >= YW_CSB_COUNT)
		return refuse(err, YW_E_BAD_QUERY, "by", "by 为 total、item、department、hall、window、staff、day 或 month");
	struct query_ctx x = {who, *q, out, err};
	int st = yw_store_tx(s, YW_TX_READ, query_tx, &x);
	if (st) {
		yw_case_stats_free(out);
		return st;
	}
	derive(&out->total);
	snprintf(out->total.label, sizeof out->total.label, "合计");
	for (int i = 0; i < out->n; i++) {
		struct yw_case_stat_row *r = &out->rows[i];
		derive(r);
		if (q->by == YW_CSB_WINDOW && r->key) {
			char name[sizeof r->label + sizeof r->code + 16];
			snprintf(name, sizeof name, "%s %s号窗口", r->label, r->code);
			yw_case_clip(r->label, sizeof r->label, name);
		} else if (!r->label[0]) {
			snprintf(r->label, sizeof r->label, "%s", r->key ? "（已删除）" : "（无）");
		}
	}
	char rate[16];
	yw_case_rate_text(out->total.finish_rate, out->total.n.accepted, rate);
	snprintf(out->summary, sizeof out->summary, "受理%lld宗，办结%lld宗，办结率%s", (long long)out->total.n.accepted,
		 (long long)out->total.n.finished, rate);
	return YW_OK;
}
