/* Figures of 好差评 from the rollups (docs/ratings.md, "Figures"), the
 * scope each reader gets, and the anonymised bad reviews of the public
 * disclosure. A figure query sums rollup rows of one dimension over a
 * period: its cost grows with days × groups, never with ratings. */
#include "yw/rating_internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const by_codes[YW_RBY__COUNT] = {"all", "hall", "department", "window", "staff", "item",
						    "channel"};
static const char *const by_labels[YW_RBY__COUNT] = {"全部", "大厅", "部门", "窗口", "人员", "事项", "渠道"};

const char *yw_rating_by_code(enum yw_rating_by by) { return (int)by >= 0 && by < YW_RBY__COUNT ? by_codes[by] : ""; }
const char *yw_rating_by_label(enum yw_rating_by by) { return (int)by >= 0 && by < YW_RBY__COUNT ? by_labels[by] : ""; }

int yw_rating_by_from_code(const char *code)
{
	for (int i = 0; code && i < YW_RBY__COUNT; i++)
		if (!strcmp(by_codes[i], code))
			return i;
	return -1;
}

void yw_rating_figures_free(struct yw_rating_figures *f)
{
	free(f->groups);
	f->groups = NULL;
	f->n = 0;
}

static double pct(int64_t num, int64_t den)
{
	return den > 0 ? round((double)num * 10000.0 / (double)den) / 100.0 : -1;
}

void yw_rating_figure_derive(struct yw_rating_figure *g)
{
	const int64_t *v = g->c.v;
	g->good = v[YW_RC_L1] + v[YW_RC_L2] + v[YW_RC_L3];
	g->bad = v[YW_RC_L4] + v[YW_RC_L5];
	g->coverage_pct = pct(v[YW_RC_COVERED], v[YW_RC_FINISHED]);
	g->good_pct = pct(g->good, v[YW_RC_RATED]);
	g->active_good_pct = pct(v[YW_RC_ACTIVE_GOOD], v[YW_RC_ACTIVE]);
	g->unrated_pct = pct(v[YW_RC_RATED] - v[YW_RC_ACTIVE], v[YW_RC_RATED]);
	g->reply_pct = pct(v[YW_RC_REPLIED], g->bad);
	g->callback_rectify_pct = pct(v[YW_RC_FIXED], g->bad);
	g->rectify_satisfaction_pct = pct(v[YW_RC_SATISFIED], v[YW_RC_REACHED]);
	g->rectified_pct = pct(v[YW_RC_CLOSED], g->bad);
	g->avg_score = v[YW_RC_RATED] > 0 ? round((double)v[YW_RC_SCORE_SUM] * 100.0 / (double)v[YW_RC_RATED]) / 100.0 : -1;
}

struct fig_ctx {
	const struct yw_actor *who;
	enum yw_rating_by by;
	struct yw_rating_figures *out;
	struct yw_error *err;
};

static int group_row(void *p, int64_t key, const char *label, const struct yw_rating_counts *sum)
{
	struct yw_rating_figures *f = p;
	f->groups = yw_realloc(f->groups, sizeof *f->groups * (size_t)(f->n + 1));
	struct yw_rating_figure *g = &f->groups[f->n++];
	memset(g, 0, sizeof *g);
	g->key = key;
	if (f->by == YW_RBY_CHANNEL)
		snprintf(g->label, sizeof g->label, "%s", yw_rating_channel_label((int)key));
	else
		snprintf(g->label, sizeof g->label, "%s", label && *label ? label : "（已删除）");
	g->c = *sum;
	yw_rating_figure_derive(g);
	for (int i = 0; i < YW_RC__COUNT; i++)
		f->total.c.v[i] += sum->v[i];
	return 0;
}

/* Which filters a reader's scope puts on a dimension, or FORBIDDEN_SCOPE. */
/* sc holds the region pattern q points to: it lives in the caller. */
static int scope_filters(struct yw_conn *c, const struct fig_ctx *x, struct yw_rating_scope *sc,
			 struct yw_rs_fig_query *q)
{
	if (!x->who) {
		if (x->by != YW_RBY_HALL && x->by != YW_RBY_DEPARTMENT) {
			yw_error_set(x->err, YW_E_BAD_QUERY, "by", "公示数据按 hall 或 department 分组");
			return YW_FAIL;
		}
		return YW_OK;
	}
	int st = yw_rating_scope_of(c, x->who, sc, x->err);
	if (st || sc->all)
		return st;
	enum yw_rating_by by = x->by;
	bool ok;
	if (sc->hall_id)
		ok = by == YW_RBY_HALL || by == YW_RBY_WINDOW || by == YW_RBY_STAFF;
	else if (sc->department_id)
		ok = by == YW_RBY_DEPARTMENT || by == YW_RBY_ITEM;
	else /* a region: deployment-wide totals are no one's in particular */
		ok = true;
	if (!ok) {
		yw_error_set(x->err, YW_E_FORBIDDEN_SCOPE, "by", "该维度超出您的管辖范围 / outside your hall or department");
		return YW_FAIL;
	}
	q->hall_id = sc->hall_id;
	q->department_id = sc->department_id;
	if (by != YW_RBY_ALL && by != YW_RBY_CHANNEL)
		q->region_like = sc->region_like[0] ? sc->region_like : NULL;
	return YW_OK;
}

/* The whole months of a period and the days around them: a year's figures
 * read twelve month rows per group and no day rows. */
struct period {
	char month_from[8], month_to[8], lead_to[11], trail_from[11];
};

static void split_period(const char *from, const char *to, struct period *p)
{
	struct yw_date df, dt;
	yw_date_parse(from, &df, "from", NULL);
	yw_date_parse(to, &dt, "to", NULL);
	struct yw_date first = df.d == 1 ? df : (struct yw_date){df.m == 12 ? df.y + 1 : df.y, df.m == 12 ? 1 : df.m + 1, 1};
	bool to_month_end = dt.d == yw_date_days_in_month(dt.y, dt.m);
	struct yw_date last_month = to_month_end ? dt : yw_date_add_days((struct yw_date){dt.y, dt.m, 1}, -1);
	snprintf(p->month_from, sizeof p->month_from, "%04d-%02d", first.y, first.m);
	snprintf(p->month_to, sizeof p->month_to, "%04d-%02d", last_month.y, last_month.m);
	if (strcmp(p->month_from, p->month_to) > 0) {
		/* No whole month: the days only. */
		snprintf(p->lead_to, sizeof p->lead_to, "%s", to);
		snprintf(p->trail_from, sizeof p->trail_from, "9999-99-99");
		return;
	}
	yw_date_format(yw_date_add_days(first, -1), p->lead_to); /* before from when from is the 1st: none */
	struct yw_date after = yw_date_add_days((struct yw_date){last_month.y, last_month.m,
								  yw_date_days_in_month(last_month.y, last_month.m)}, 1);
	yw_date_format(after, p->trail_from); /* after to when to ends its month: none */
}

static int fig_tx(struct yw_conn *c, void *p)
{
	struct fig_ctx *x = p;
	yw_rating_figures_free(x->out);
	memset(&x->out->total, 0, sizeof x->out->total);
	struct period per;
	split_period(x->out->from, x->out->to, &per);
	struct yw_rs_fig_query q = {.from = x->out->from, .to = x->out->to, .month_from = per.month_from,
				    .month_to = per.month_to, .lead_to = per.lead_to, .trail_from = per.trail_from};
	struct yw_rating_scope sc;
	int st = scope_filters(c, x, &sc, &q);
	if (st)
		return st;
	x->out->by = x->by;
	if ((st = yw_rs_figures(c, x->by, &q, group_row, x->out)))
		return st;
	snprintf(x->out->total.label, sizeof x->out->total.label, "合计");
	yw_rating_figure_derive(&x->out->total);
	return YW_OK;
}

int yw_rating_figures(struct yw_store *s, const struct yw_actor *who, enum yw_rating_by by, const char *from,
		      const char *to, struct yw_rating_figures *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct yw_date df, dt;
	if (!from || strlen(from) != 10 || yw_date_parse(from, &df, "from", NULL) != YW_OK) {
		yw_error_set(err, YW_E_BAD_QUERY, "from", "from 应为 YYYY-MM-DD");
		return YW_FAIL;
	}
	if (!to || strlen(to) != 10 || yw_date_parse(to, &dt, "to", NULL) != YW_OK) {
		yw_error_set(err, YW_E_BAD_QUERY, "to", "to 应为 YYYY-MM-DD");
		return YW_FAIL;
	}
	int64_t span = yw_date_to_days(dt) - yw_date_to_days(df);
	if (span < 0 || span > 1100) {
		yw_error_set(err, YW_E_BAD_QUERY, "from", "from 应不晚于 to，且最多约 3 年");
		return YW_FAIL;
	}
	if ((int)by < 0 || by >= YW_RBY__COUNT) {
		yw_error_set(err, YW_E_BAD_QUERY, "by", "by 为 all、hall、department、window、staff、item 或 channel");
		return YW_FAIL;
	}
	snprintf(out->from, sizeof out->from, "%s", from);
	snprintf(out->to, sizeof out->to, "%s", to);
	struct fig_ctx x = {who, by, out, err};
	return yw_store_tx(s, YW_TX_READ, fig_tx, &x);
}

/* ---- the public disclosure of bad reviews ---- */

void yw_public_bad_list_free(struct yw_public_bad_list *l)
{
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* Runs of 7 or more digits (phone, ID or case numbers) become '*'. */
static void mask_digits(char *s)
{
	for (char *p = s; *p;) {
		size_t n = strspn(p, "0123456789Xx");
		size_t digits = strspn(p, "0123456789");
		if (digits >= 7) {
			memset(p, '*', n > digits ? n : digits);
			p += n > digits ? n : digits;
		} else {
			p += n ? n : 1;
		}
	}
}

/* ["long_wait","attitude"] → ["等候时间长","服务态度差"]. */
static void tag_labels(char *tags, size_t size, const struct yw_rating_option *opts, int nopts)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "[");
	int n = 0;
	for (const char *p = strchr(tags, '"'); p;) {
		const char *e = strchr(p + 1, '"');
		if (!e)
			break;
		for (int i = 0; i < nopts; i++)
			if (strlen(opts[i].code) == (size_t)(e - p - 1) && !strncmp(opts[i].code, p + 1, (size_t)(e - p - 1))) {
				yw_buf_adds(&b, n++ ? "," : "");
				yw_buf_json_str(&b, opts[i].label);
			}
		p = strchr(e + 1, '"');
	}
	yw_buf_adds(&b, "]");
	snprintf(tags, size, "%s", b.data);
	yw_buf_free(&b);
}

struct bad_ctx {
	const char *from, *to;
	int limit, offset;
	struct yw_public_bad_list *out;
};

static int bad_tx(struct yw_conn *c, void *p)
{
	struct bad_ctx *x = p;
	yw_public_bad_list_free(x->out);
	struct yw_rating_option *tags = NULL;
	int ntags = 0;
	int st = yw_rs_options(c, "tag", false, &tags, &ntags);
	if (!st)
		st = yw_rs_public_bad(c, x->from, x->to, x->limit, x->offset, x->out);
	for (int i = 0; !st && i < x->out->n; i++) {
		struct yw_public_bad_review *b = &x->out->items[i];
		snprintf(b->channel_label, sizeof b->channel_label, "%s", yw_rating_channel_label(b->channel));
		tag_labels(b->tags, sizeof b->tags, tags, ntags);
		mask_digits(b->measures);
	}
	free(tags);
	return st;
}

int yw_rating_public_bad(struct yw_store *s, const char *from, const char *to, int limit, int offset,
			 struct yw_public_bad_list *out)
{
	memset(out, 0, sizeof *out);
	struct bad_ctx x = {from, to, limit, offset, out};
	return yw_store_tx(s, YW_TX_READ, bad_tx, &x);
}
