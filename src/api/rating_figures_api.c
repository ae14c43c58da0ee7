/* Figures of 好差评 (JSON, CSV, xlsx through the shared table writer) and
 * the public disclosure (公示: figures per department and hall, and the
 * anonymised bad reviews with what was done about them). Definitions:
 * docs/ratings.md. */
#include "api/api.h"
#include "yw/rating_figures.h"
#include "yw/rating_json.h"
#include "yw/table_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READERS (YW_ROLE_HALL_MANAGER | YW_ROLE_SUPERVISOR | YW_ROLE_APPROVER | YW_ROLE_ADMIN)

static void rate(struct yw_buf *b, const char *key, double v)
{
	if (v < 0)
		yw_buf_printf(b, ",\"%s\":null", key);
	else
		yw_buf_printf(b, ",\"%s\":%.2f", key, v);
}

static void figure_json(struct yw_buf *b, enum yw_rating_by by, const struct yw_rating_figure *g, bool total)
{
	const int64_t *v = g->c.v;
	yw_buf_adds(b, "{");
	if (!total) {
		yw_buf_printf(b, "\"key\":%lld,", (long long)g->key);
		if (by == YW_RBY_CHANNEL)
			yw_buf_printf(b, "\"code\":\"%s\",", yw_rating_channel_code((int)g->key) ? yw_rating_channel_code((int)g->key) : "");
	}
	yw_buf_adds(b, "\"label\":");
	yw_buf_json_str(b, g->label);
	yw_buf_printf(b,
		      ",\"finished\":%lld,\"rated\":%lld,\"covered\":%lld,\"active\":%lld,\"default\":%lld,\"good\":%lld,"
		      "\"active_good\":%lld,\"bad\":%lld,\"levels\":[%lld,%lld,%lld,%lld,%lld],\"score_sum\":%lld,"
		      "\"replied\":%lld,\"callbacks\":%lld,\"reached\":%lld,\"fixed\":%lld,\"satisfied\":%lld,"
		      "\"closed\":%lld,\"excluded\":%lld",
		      (long long)v[YW_RC_FINISHED], (long long)v[YW_RC_RATED], (long long)v[YW_RC_COVERED],
		      (long long)v[YW_RC_ACTIVE], (long long)(v[YW_RC_RATED] - v[YW_RC_ACTIVE]), (long long)g->good,
		      (long long)v[YW_RC_ACTIVE_GOOD], (long long)g->bad, (long long)v[YW_RC_L1], (long long)v[YW_RC_L2],
		      (long long)v[YW_RC_L3], (long long)v[YW_RC_L4], (long long)v[YW_RC_L5], (long long)v[YW_RC_SCORE_SUM],
		      (long long)v[YW_RC_REPLIED], (long long)v[YW_RC_CALLBACKS], (long long)v[YW_RC_REACHED],
		      (long long)v[YW_RC_FIXED], (long long)v[YW_RC_SATISFIED], (long long)v[YW_RC_CLOSED],
		      (long long)v[YW_RC_EXCLUDED]);
	rate(b, "coverage_pct", g->coverage_pct);
	rate(b, "good_pct", g->good_pct);
	rate(b, "active_good_pct", g->active_good_pct);
	rate(b, "unrated_pct", g->unrated_pct);
	rate(b, "reply_pct", g->reply_pct);
	rate(b, "callback_rectify_pct", g->callback_rectify_pct);
	rate(b, "rectify_satisfaction_pct", g->rectify_satisfaction_pct);
	rate(b, "rectified_pct", g->rectified_pct);
	rate(b, "avg_score", g->avg_score);
	yw_buf_adds(b, "}");
}

static void figures_json(struct yw_buf *b, const struct yw_rating_figures *f)
{
	yw_buf_printf(b, "{\"by\":\"%s\",\"by_label\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"groups\":[",
		      yw_rating_by_code(f->by), yw_rating_by_label(f->by), f->from, f->to);
	for (int i = 0; i < f->n; i++) {
		yw_buf_adds(b, i ? "," : "");
		figure_json(b, f->by, &f->groups[i], false);
	}
	yw_buf_adds(b, "],\"total\":");
	figure_json(b, f->by, &f->total, true);
	yw_buf_adds(b, "}");
}

/* ---- the table of an export ---- */

static const char *const columns[] = {"分组", "办件数", "评价数", "评价覆盖率(%)", "主动评价数", "好评数", "好评率(%)",
				      "主动评价好评率(%)", "未评率(%)", "差评数", "差评回复率(%)", "回访整改率(%)",
				      "整改满意率(%)", "差评整改率(%)", "平均分", "申诉排除数", NULL};

static void row_cells(const struct yw_rating_figure *g, int row, yw_cell_fn cell, void *ctx)
{
	const int64_t *v = g->c.v;
	double values[] = {(double)v[YW_RC_FINISHED], (double)v[YW_RC_RATED], g->coverage_pct, (double)v[YW_RC_ACTIVE],
			   (double)g->good, g->good_pct, g->active_good_pct, g->unrated_pct, (double)g->bad, g->reply_pct,
			   g->callback_rectify_pct, g->rectify_satisfaction_pct, g->rectified_pct, g->avg_score,
			   (double)v[YW_RC_EXCLUDED]};
	static const bool whole[] = {true, true, false, true, true, false, false, false, true, false, false, false, false,
				     false, true};
	cell(ctx, row, 0, g->label, false);
	for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
		char num[32];
		if (values[k] < 0) {
			cell(ctx, row, (int)k + 1, "", false);
			continue;
		}
		snprintf(num, sizeof num, "%.*f", whole[k] ? 0 : 2, values[k]);
		cell(ctx, row, (int)k + 1, num, true);
	}
}

static void walk(const void *table, yw_cell_fn cell, void *ctx)
{
	const struct yw_rating_figures *f = table;
	for (int c = 0; columns[c]; c++)
		cell(ctx, 0, c, columns[c], false);
	for (int i = 0; i < f->n; i++)
		row_cells(&f->groups[i], i + 1, cell, ctx);
	row_cells(&f->total, f->n + 1, cell, ctx);
}

static bool by_query(struct yw_req *q, struct yw_resp *r, enum yw_rating_by def, enum yw_rating_by *out)
{
	const char *s = yw_req_query(q, "by");
	int by = s ? yw_rating_by_from_code(s) : (int)def;
	if (by < 0) {
		yw_resp_err(r, YW_E_BAD_QUERY, "by", "by 为 all、hall、department、window、staff、item 或 channel");
		return false;
	}
	*out = (enum yw_rating_by)by;
	return true;
}

static void figures(struct yw_req *q, struct yw_resp *r)
{
	static const char *const known[] = {"by", "from", "to", "format", NULL};
	char from[11], to[11];
	enum yw_rating_by by;
	if (!yw_rating_query_known(q, r, known) || !yw_rating_query_days(q, r, 31, from, to) ||
	    !by_query(q, r, YW_RBY_DEPARTMENT, &by))
		return;
	const char *fmt = yw_req_query(q, "format");
	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx")) {
		yw_resp_err(r, YW_E_BAD_QUERY, "format", "format 为 json、csv 或 xlsx");
		return;
	}
	struct yw_rating_figures f;
	struct yw_error err = {0};
	int st = yw_rating_figures(q->app->store, &q->actor, by, from, to, &f, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	if (fmt && strcmp(fmt, "json")) {
		bool csv = !strcmp(fmt, "csv");
		if (csv) {
			yw_table_csv(walk, &f, &b);
		} else if (yw_table_xlsx("好差评统计", walk, &f, &b, &err)) {
			yw_rating_figures_free(&f);
			yw_resp_error(r, &err);
			return;
		}
		char disp[128];
		snprintf(disp, sizeof disp, "attachment; filename=\"rating-figures-%s-%s-%s.%s\"", yw_rating_by_code(by),
			 from, to, fmt);
		yw_rating_figures_free(&f);
		yw_resp_buf(r, 200, &b);
		r->ctype = csv ? "text/csv; charset=utf-8"
			       : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		yw_resp_header(r, "Content-Disposition", disp);
		return;
	}
	figures_json(&b, &f);
	yw_rating_figures_free(&f);
	yw_resp_buf(r, 200, &b);
}

/* ---- the public disclosure ---- */

/* The public period defaults to the year so far. */
static bool public_days(struct yw_req *q, struct yw_resp *r, char from[11], char to[11])
{
	struct yw_date today = yw_date_today_shanghai();
	struct yw_date jan1 = {today.y, 1, 1};
	int span = (int)(yw_date_to_days(today) - yw_date_to_days(jan1)) + 1;
	return yw_rating_query_days(q, r, span, from, to);
}

static void public_figures(struct yw_req *q, struct yw_resp *r)
{
	static const char *const known[] = {"by", "from", "to", NULL};
	char from[11], to[11];
	enum yw_rating_by by;
	if (!yw_rating_query_known(q, r, known) || !public_days(q, r, from, to) || !by_query(q, r, YW_RBY_DEPARTMENT, &by))
		return;
	struct yw_rating_figures f;
	struct yw_error err = {0};
	int st = yw_rating_figures(q->app->store, NULL, by, from, to, &f, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	figures_json(&b, &f);
	yw_rating_figures_free(&f);
	yw_resp_buf(r, 200, &b);
	yw_resp_header(r, "Cache-Control", "public, max-age=60");
}

static void public_bad(struct yw_req *q, struct yw_resp *r)
{
	static const char *const known[] = {"from", "to", NULL};
	char from[11], to[11];
	int limit, offset, page;
	if (!yw_rating_query_known(q, r, known) || !yw_req_paging(q, r, &limit, &offset, &page) ||
	    !public_days(q, r, from, to))
		return;
	struct yw_public_bad_list l;
	int st = yw_rating_public_bad(q->app->store, from, to, limit, offset, &l);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"from\":\"%s\",\"to\":\"%s\",\"items\":[", from, to);
	for (int i = 0; i < l.n; i++) {
		const struct yw_public_bad_review *x = &l.items[i];
		yw_buf_printf(&b, "%s{\"id\":%lld,\"day\":\"%s\",\"level\":", i ? "," : "", (long long)x->id, x->day);
		yw_buf_json_str(&b, x->level_label);
		yw_buf_adds(&b, ",\"department\":");
		yw_buf_json_str(&b, x->department_name);
		yw_buf_adds(&b, ",\"item\":");
		if (x->item_name[0])
			yw_buf_json_str(&b, x->item_name);
		else
			yw_buf_adds(&b, "null");
		yw_buf_adds(&b, ",\"channel\":");
		yw_buf_json_str(&b, x->channel_label);
		yw_buf_printf(&b, ",\"reasons\":%s,\"state\":\"%s\",\"mode\":", x->tags[0] ? x->tags : "[]", x->state);
		if (x->mode[0])
			yw_buf_printf(&b, "\"%s\"", x->mode);
		else
			yw_buf_adds(&b, "null");
		yw_buf_adds(&b, ",\"measures\":");
		if (x->measures[0])
			yw_buf_json_str(&b, x->measures);
		else
			yw_buf_adds(&b, "null");
		yw_buf_printf(&b, ",\"outcome\":%s%s%s,\"satisfied\":%s}", x->outcome[0] ? "\"" : "",
			      x->outcome[0] ? x->outcome : "null", x->outcome[0] ? "\"" : "",
			      x->callback_satisfied < 0 ? "null" : x->callback_satisfied ? "true" : "false");
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d}", (long long)l.total, page, limit);
	yw_public_bad_list_free(&l);
	yw_resp_buf(r, 200, &b);
}

const struct yw_route yw_routes_rating_figures[] = {
	{"GET", "/api/v1/rating-figures", figures, READERS,
	 "好差评统计：覆盖率、好评率、差评整改等 / Rating figures (?by=all|hall|department|window|staff|item|channel"
	 "&from=&to=&format=json|csv|xlsx)",
	 "rating-figures"},
	{"GET", "/api/v1/public/rating-figures", public_figures, 0,
	 "好差评公示：各部门、各大厅的评价数据 / Public figures per department or hall (?by=department|hall&from=&to=)",
	 "rating-figures"},
	{"GET", "/api/v1/public/bad-reviews", public_bad, 0,
	 "差评及整改情况公示（匿名）/ Anonymised bad reviews and what was done (?from=&to=&page=)", "rating-figures"},
	{NULL},
};
