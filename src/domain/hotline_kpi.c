/* What an order counts for in the hotline KPIs, and the rollup kept current
 * with it: every order step snapshots the order's counts before it changes
 * anything and adds the difference afterwards, in the step's transaction
 * (the hooks are in hotline_order.c). The counts are a function of the
 * order and its assignments as they are now, so the rollup can always be
 * recomputed from the orders (hotline_kpi_rebuild.c) and checked. */
#include "yw/hotline_kpi.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_(n, l)  #n,
#define LABEL_(n, l) l,
const char *const yw_hlk_count_names[YW_HLK_NCOUNT] = {YW_HLK_COUNTS(NAME_)};
const char *const yw_hlk_count_labels[YW_HLK_NCOUNT] = {YW_HLK_COUNTS(LABEL_)};

/* The same words as docs/hotline-kpis.md (the console shows them as tooltips). */
const struct yw_hlk_def yw_hlk_defs[YW_HLK_NKPI] = {
	[YW_HLK_DIRECT_RATE] = {"direct_rate", "直办率", "直办量 ÷ 受理量",
				"受理的工单中，话务员依据知识库当场答复办结（直办）、没有派给部门的比例。",
				YW_HLK_direct, YW_HLK_accepted, false},
	[YW_HLK_DISPATCH_ACCURACY] = {"dispatch_accuracy", "转办准确率", "1 − 退单量 ÷ 派单量",
				      "派给部门的派单中没有被部门退回的比例。每次派单（主办、协办、改派、重办）各算一次；"
				      "退回的派单不论中心改派还是维持原派单，都算一次退单。",
				      YW_HLK_returned, YW_HLK_assigned, true},
	[YW_HLK_SIGN_ON_TIME_RATE] = {"sign_on_time_rate", "及时签收率", "及时签收量 ÷ 应签收量",
				      "应签收的派单（已签收的和仍待签收的；退回、撤回的不算）中，在签收时限内签收的比例。",
				      YW_HLK_signed_on_time, YW_HLK_sign_due, false},
	[YW_HLK_REPLY_RATE] = {"reply_rate", "回复率", "答复量 ÷ 应答复量",
			       "部门仍须办理的派单（待签收、办理中、已答复；退回、撤回的不算）中已经答复的比例。",
			       YW_HLK_replied, YW_HLK_reply_due, false},
	[YW_HLK_CLOSE_RATE] = {"close_rate", "办结率", "办结量 ÷ 受理量",
			       "受理的工单中已经办结的比例，含直办和随主工单办结的并单。",
			       YW_HLK_closed, YW_HLK_accepted, false},
	[YW_HLK_ON_TIME_RATE] = {"on_time_rate", "按时办结率", "按时办结量 ÷ 部门办结量",
				 "派给部门办理并已办结的工单（不含直办、并单）中，各部门答复齐全的时间不晚于办理时限"
				 "（含批准的延期和暂停顺延）的比例。",
				 YW_HLK_on_time, YW_HLK_closed_handled, false},
	[YW_HLK_REOPEN_RATE] = {"reopen_rate", "重办率", "重办量 ÷ 办结量",
				"市民回访不满意而重办过的工单（含正在重办的）与已办结工单之比。",
				YW_HLK_reopened, YW_HLK_closed, false},
	[YW_HLK_CALLBACK_RATE] = {"callback_rate", "回访率", "回访量 ÷ 应回访量",
				  "答复已审核通过、有来电人可回访的工单（不含匿名、直办、并单）中已经回访的比例。",
				  YW_HLK_called_back, YW_HLK_callback_due, false},
	[YW_HLK_SATISFACTION_RATE] = {"satisfaction_rate", "满意率", "满意量 ÷ 回访量",
				      "回访中市民表示满意的比例；重办过的工单以第二次评价为准。",
				      YW_HLK_satisfied, YW_HLK_called_back, false},
	[YW_HLK_SOLVE_RATE] = {"solve_rate", "解决率", "解决量 ÷ 回访量",
			       "回访中市民表示问题已经解决的比例，与是否满意分开记录。",
			       YW_HLK_solved, YW_HLK_called_back, false},
};

double yw_hlk_value(enum yw_hlk_kpi k, const int64_t c[YW_HLK_NCOUNT])
{
	const struct yw_hlk_def *d = &yw_hlk_defs[k];
	if (c[d->den] <= 0)
		return -1;
	double v = (double)c[d->num] / (double)c[d->den];
	if (d->complement)
		v = 1 - v;
	return round(v * 10000) / 10000;
}

/* ---- one order's counts ---- */

static void bump(struct yw_hlk_snap *s, int64_t department_id, enum yw_hlk_count k)
{
	int i = 0;
	while (i < s->n && s->e[i].department_id != department_id)
		i++;
	if (i == s->n) {
		if (s->n == YW_HLK_SNAP_MAX) {
			s->overflow = true;
			return;
		}
		memset(&s->e[i], 0, sizeof s->e[i]);
		s->e[i].department_id = department_id;
		s->n++;
	}
	s->e[i].c[k]++;
}

static bool is(const char *state, const char *what) { return !strcmp(state, what); }

void yw_hl_kpi_snap_of(struct yw_hlk_snap *s, const struct yw_hl_order *o, const struct yw_hl_assignment *as, int nas)
{
	s->n = 0;
	s->overflow = false;
	int64_t lead = o->lead_department_id;
	bool closed = is(o->state, "closed");
	bump(s, lead, YW_HLK_accepted);
	if (o->direct)
		bump(s, lead, YW_HLK_direct);
	if (o->dispatched_at)
		bump(s, lead, YW_HLK_dispatched);
	if (closed)
		bump(s, lead, YW_HLK_closed);
	/* Handled by departments: dispatched, closed on its own (not with a master). */
	if (closed && o->dispatched_at && !o->direct && !o->merged_into) {
		bump(s, lead, YW_HLK_closed_handled);
		if (o->replied_at && o->handle_by && o->replied_at <= o->handle_by)
			bump(s, lead, YW_HLK_on_time);
	}
	if (o->reopened)
		bump(s, lead, YW_HLK_reopened);
	/* A reviewed reply of a caller who can be called back. */
	bool reviewed = closed || is(o->state, "reviewed");
	if (reviewed && o->dispatched_at && !o->direct && !o->merged_into && !o->anonymous && o->caller_phone[0]) {
		bump(s, lead, YW_HLK_callback_due);
		if (o->satisfied >= 0) {
			bump(s, lead, YW_HLK_called_back);
			if (o->satisfied == 1)
				bump(s, lead, YW_HLK_satisfied);
			if (o->solved == 1)
				bump(s, lead, YW_HLK_solved);
		}
	}
	for (int i = 0; as && i < nas; i++) {
		const struct yw_hl_assignment *a = &as[i];
		int64_t dep = a->department_id;
		bump(s, dep, YW_HLK_assigned);
		if (a->returned_at)
			bump(s, dep, YW_HLK_returned);
		if (a->signed_at || is(a->state, "dispatched"))
			bump(s, dep, YW_HLK_sign_due);
		if (a->signed_at) {
			bump(s, dep, YW_HLK_signed);
			if (a->sign_by && a->signed_at <= a->sign_by)
				bump(s, dep, YW_HLK_signed_on_time);
		}
		if (is(a->state, "dispatched") || is(a->state, "signed") || is(a->state, "replied")) {
			bump(s, dep, YW_HLK_reply_due);
			if (is(a->state, "replied"))
				bump(s, dep, YW_HLK_replied);
		}
	}
}

void yw_hl_kpi_region_keys(const char *region_path, char area[64], int64_t *street)
{
	*area = 0;
	*street = 0;
	size_t area_end = 0;
	int64_t district = 0;
	const char *p = region_path ? region_path : "";
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		int64_t code = len && len <= 12 ? strtoll(p, NULL, 10) : 0;
		if (len == 6) {
			area_end = (size_t)(p - region_path) + len + (slash ? 1 : 0);
			district = code;
		} else if (len == 9 && !*street) {
			*street = code;
		}
		if (!slash)
			break;
		p = slash + 1;
	}
	if (area_end && area_end < 64) {
		memcpy(area, region_path, area_end);
		area[area_end] = 0;
	}
	if (!*street)
		*street = district;
}

/* ---- rows ---- */

static int by_department(const void *a, const void *b)
{
	const struct yw_hks_row *x = a, *y = b;
	if (x->dim != y->dim)
		return x->dim < y->dim ? -1 : 1;
	return x->department_id < y->department_id ? -1 : x->department_id > y->department_id;
}

/* dim: 'c' / 'r' a day's row of the category / region dimension, 'C' /
 * 'R' the month's (day "YYYY-MM"): long periods sum months, not days. */
static void row_keys(struct yw_hks_row *r, char dim, const struct yw_hl_order *o, int64_t department_id)
{
	memset(r, 0, sizeof *r);
	r->dim = dim;
	snprintf(r->day, sizeof r->day, "%.*s", dim == 'C' || dim == 'R' ? 7 : 10, o->day);
	int64_t street;
	yw_hl_kpi_region_keys(o->region_path, r->area, &street);
	r->department_id = department_id;
	r->key = dim == 'c' || dim == 'C' ? o->category_id : street;
}

static const char other_dims[] = {'r', 'C', 'R'};

int yw_hl_kpi_apply(struct yw_conn *c, const struct yw_hlk_snap *before, const struct yw_hl_order *o,
		    const struct yw_hl_assignment *as, int nas)
{
	struct yw_hlk_snap after;
	yw_hl_kpi_snap_of(&after, o, as, nas);
	if (after.overflow || (before && before->overflow)) {
		yw_log(YW_LOG_ERROR, "hotline_kpi_overflow", "\"order_id\":%lld", (long long)o->id);
		return YW_STORE_ERR;
	}
	/* The difference per department, as its day's category row… */
	struct yw_hks_row rows[8 * YW_HLK_SNAP_MAX];
	int n = 0;
	for (int pass = 0; pass < 2; pass++) {
		const struct yw_hlk_snap *s = pass ? before : &after;
		for (int i = 0; s && i < s->n; i++) {
			int64_t dep = s->e[i].department_id;
			int j = 0;
			while (j < n && rows[j].department_id != dep)
				j++;
			if (j == n)
				row_keys(&rows[n++], 'c', o, dep);
			for (int k = 0; k < YW_HLK_NCOUNT; k++)
				rows[j].c[k] += pass ? -s->e[i].c[k] : s->e[i].c[k];
		}
	}
	int m = 0;
	for (int j = 0; j < n; j++) {
		bool moved = false;
		for (int k = 0; k < YW_HLK_NCOUNT; k++)
			moved |= rows[j].c[k] != 0;
		if (moved)
			rows[m++] = rows[j];
	}
	/* …then its region row and the month's two rows, for the departments whose counts moved. */
	for (int d = 0; d < 3; d++)
		for (int j = 0; j < m; j++) {
			struct yw_hks_row *r = &rows[m * (d + 1) + j];
			row_keys(r, other_dims[d], o, rows[j].department_id);
			memcpy(r->c, rows[j].c, sizeof r->c);
		}
	/* A steady order on PostgreSQL's row locks: fewer deadlocks to retry. */
	qsort(rows, (size_t)(4 * m), sizeof rows[0], by_department);
	return m ? yw_hks_add(c, rows, 4 * m) : YW_OK;
}

/* ---- many orders in memory ---- */

static uint64_t row_hash(const struct yw_hks_row *r)
{
	uint64_t h = 1469598103934665603ULL;
	const char *parts[] = {r->day, r->area};
	h = (h ^ (unsigned char)r->dim) * 1099511628211ULL;
	for (int i = 0; i < 2; i++)
		for (const char *p = parts[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	int64_t nums[] = {r->department_id, r->key};
	for (int i = 0; i < 2; i++)
		for (int b = 0; b < 8; b++)
			h = (h ^ (unsigned char)(nums[i] >> (8 * b))) * 1099511628211ULL;
	return h;
}

static bool same_keys(const struct yw_hks_row *a, const struct yw_hks_row *b)
{
	return a->dim == b->dim && a->department_id == b->department_id && a->key == b->key && !strcmp(a->day, b->day) &&
	       !strcmp(a->area, b->area);
}

int yw_hlk_map_find(const struct yw_hlk_map *m, const struct yw_hks_row *r)
{
	if (!m->nslot)
		return -1;
	for (uint64_t i = row_hash(r) & (uint64_t)(m->nslot - 1);; i = (i + 1) & (uint64_t)(m->nslot - 1)) {
		int at = m->slot[i];
		if (at < 0)
			return -1;
		if (same_keys(&m->rows[at], r))
			return at;
	}
}

static void place(struct yw_hlk_map *m, int at)
{
	uint64_t i = row_hash(&m->rows[at]) & (uint64_t)(m->nslot - 1);
	while (m->slot[i] >= 0)
		i = (i + 1) & (uint64_t)(m->nslot - 1);
	m->slot[i] = at;
}

static void map_add(struct yw_hlk_map *m, const struct yw_hks_row *r)
{
	int at = yw_hlk_map_find(m, r);
	if (at < 0) {
		if (m->n == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 1024;
			m->rows = yw_realloc(m->rows, sizeof *m->rows * (size_t)m->cap);
		}
		if (2 * (m->n + 1) > m->nslot) {
			free(m->slot);
			m->nslot = m->nslot ? m->nslot * 2 : 4096;
			m->slot = yw_malloc(sizeof *m->slot * (size_t)m->nslot);
			memset(m->slot, 0xff, sizeof *m->slot * (size_t)m->nslot);
			for (int i = 0; i < m->n; i++)
				place(m, i);
		}
		at = m->n++;
		m->rows[at] = *r;
		place(m, at);
		return;
	}
	for (int k = 0; k < YW_HLK_NCOUNT; k++)
		m->rows[at].c[k] += r->c[k];
}

void yw_hlk_map_order(struct yw_hlk_map *m, const struct yw_hl_order *o, const struct yw_hl_assignment *as, int nas)
{
	struct yw_hlk_snap s;
	yw_hl_kpi_snap_of(&s, o, as, nas);
	static const char dims[] = {'c', 'r', 'C', 'R'};
	for (int i = 0; i < s.n; i++)
		for (int d = 0; d < 4; d++) {
			struct yw_hks_row r;
			row_keys(&r, dims[d], o, s.e[i].department_id);
			memcpy(r.c, s.e[i].c, sizeof r.c);
			map_add(m, &r);
		}
}

void yw_hlk_map_free(struct yw_hlk_map *m)
{
	free(m->rows);
	free(m->slot);
	memset(m, 0, sizeof *m);
}
