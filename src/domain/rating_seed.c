/* Demo ratings (part of `yiwang seed demo`): the simulated history of the
 * district centre (queue_history.c) rated as a hall with an evaluator at
 * every window would see it — about two in five finished tickets rated on
 * the spot, nearly all of them well — and a handful of bad reviews whose
 * orders stand in every state: waiting for verification (one overdue), a
 * 限期整改 under way, rectified and waiting for the callback, called back,
 * closed, and one under appeal. The tickets nobody rated get the default
 * from the sweep at server start, as in production. Deterministic; seeding
 * again changes nothing. */
#include "yw/audit.h"
#include "yw/calendar_svc.h"
#include "yw/rating_internal.h"
#include "yw/rating_rectify.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HALL_ID 1
#define DAY_MS 86400000LL
#define RATED_PCT 40

static const struct yw_actor seeder = {
	.user_id = 0, .name = "seed", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "seed-demo",
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

struct tickets {
	struct yw_rs_ticket *v;
	int n;
};

static int by_finish(const void *a, const void *b)
{
	const struct yw_rs_ticket *x = a, *y = b;
	return x->finished_at < y->finished_at ? -1 : x->finished_at > y->finished_at ? 1 : (x->id > y->id) - (x->id < y->id);
}

static int collect(void *p, const struct yw_rs_ticket *t)
{
	struct tickets *x = p;
	x->v = yw_realloc(x->v, sizeof *x->v * (size_t)(x->n + 1));
	x->v[x->n++] = *t;
	return 0;
}

struct read_ctx {
	const char *from, *to;
	struct tickets *out;
	int64_t seeded;
};

static int read_tx(struct yw_conn *c, void *p)
{
	struct read_ctx *x = p;
	free(x->out->v);
	x->out->v = NULL;
	x->out->n = 0;
	int st = yw_rs_source_count(c, "seed", &x->seeded);
	if (st || x->seeded)
		return st;
	return yw_rs_done_unrated(c, HALL_ID, x->from, x->to, collect, x->out);
}

/* ---- the good ones, in one transaction ---- */

struct bulk_ctx {
	const struct tickets *t;
	const bool *bad;
	int64_t now, recorded;
	struct yw_rating_acc *acc;
};

static void seed_indicators(char *out, size_t n, uint64_t h)
{
	static const char *const codes[] = {"environment", "attitude", "standard", "efficiency", "result"};
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{");
	for (int i = 0; i < 5; i++)
		yw_buf_printf(&b, "%s\"%s\":%d", i ? "," : "", codes[i], (h >> (8 + i)) % 5 ? 5 : 4);
	yw_buf_adds(&b, "}");
	snprintf(out, n, "%s", b.data);
	yw_buf_free(&b);
}

static int bulk_tx(struct yw_conn *c, void *p)
{
	struct bulk_ctx *x = p;
	x->recorded = 0;
	yw_rating_acc_clear(x->acc);
	struct yw_rating_level_cfg levels[YW_RATING_LEVELS];
	int st = yw_rs_levels(c, levels);
	for (int i = 0; i < x->t->n && !st; i++) {
		const struct yw_rs_ticket *t = &x->t->v[i];
		uint64_t h = mix((uint64_t)t->id * 0x9e3779b97f4a7c15ull);
		if (x->bad[i] || h % 100 >= RATED_PCT)
			continue;
		struct yw_rating_subject sub;
		if ((st = yw_rating_ticket_subject(c, t, &sub)))
			break;
		struct yw_rs_rating r;
		memset(&r, 0, sizeof r);
		struct yw_rating *g = &r.r;
		int roll = (int)((h >> 20) % 100);
		g->level = roll < 78 ? 1 : roll < 95 ? 2 : 3;
		g->score = levels[g->level - 1].score;
		g->active = true;
		snprintf(g->source, sizeof g->source, "seed");
		if ((h >> 40) % 2)
			seed_indicators(g->indicators, sizeof g->indicators, h);
		snprintf(g->kind, sizeof g->kind, "%s", sub.kind);
		snprintf(g->subject_id, sizeof g->subject_id, "%s", sub.subject_id);
		snprintf(g->subject_label, sizeof g->subject_label, "%s", sub.subject_label);
		snprintf(g->day, sizeof g->day, "%s", sub.day);
		snprintf(r.rater_key, sizeof r.rater_key, "%s", sub.rater_key);
		g->d = sub.d;
		/* Rated on the tablet within a minute or two of being served. */
		g->created_at = t->finished_at + 20000 + (int64_t)((h >> 48) % 100000);
		if (g->created_at > x->now)
			continue;
		int64_t id = 0;
		if ((st = yw_rs_rating_insert(c, &r, &id)) || !id)
			continue;
		struct yw_rating_counts add;
		yw_rating_contrib(g, NULL, &add);
		yw_rating_acc_add(x->acc, g->day, &g->d, &add);
		x->recorded++;
	}
	if (!st && x->recorded && !(st = yw_rating_acc_flush(c, x->acc))) {
		char summary[64];
		snprintf(summary, sizeof summary, "{\"recorded\":%lld}", (long long)x->recorded);
		st = yw_audit_append(c, &seeder, "seed", "rating", 0, summary);
	}
	return st;
}

/* ---- the bad ones, through the same steps as in the API ---- */

struct bad_case {
	const char *level, *tag, *comment;
	bool consent;
	/* how many steps are taken, in the order verify, plan (mode), complete
	 * (限期整改 only), callback, close */
	int steps;
	const char *mode;
	bool appeal;
};

static const struct bad_case bad_cases[] = {
	{"unsatisfied", "long_wait", "等了一个多小时才叫到号，前面的人办得很慢。", true, 5, "deadline", false},
	{"very_unsatisfied", "incomplete_notice", "上次来没说要带户口本原件，这次又白跑一趟。", false, 3, "explain", false},
	{"unsatisfied", "slow", "系统一直转圈，办了四十分钟。", false, 2, "immediate", false},
	{"very_unsatisfied", "attitude", "窗口人员态度冷淡，问了两遍都不耐烦。", true, 2, "deadline", false},
	{"unsatisfied", "repeat_visits", "材料清单和窗口要求的不一致。", false, 0, NULL, true},
	{"very_unsatisfied", "other", "不满意。", false, 0, NULL, false},
	{"unsatisfied", "not_solved", "问题没有解决。", false, 0, NULL, false},
};
#define NBAD (int)(sizeof bad_cases / sizeof bad_cases[0])

static int64_t at_most(int64_t t, int64_t now) { return t < now ? t : now; }

static int seed_bad(struct yw_store *s, const struct yw_calendar *cal, const struct yw_rs_ticket *t,
		    const struct bad_case *b, int64_t now)
{
	const char *tags[] = {b->tag};
	struct yw_rating_input in = {
		.level = b->level,
		.tags = tags,
		.ntags = 1,
		.comment = b->comment,
		.callback_consent = b->consent,
		.phone = b->consent ? "13800000102" : NULL,
	};
	struct yw_rating_ref ref = {.kind = "ticket", .token = t->token};
	struct yw_rating r;
	struct yw_error err = {0};
	int64_t at = at_most(t->finished_at + 90000, now);
	int st = yw_rating_submit_at(s, &seeder, cal, &ref, &in, at, "seed", &r, &err);
	if (st)
		return st;
	struct yw_rectification x;
	char due[11];
	struct yw_rect_args verify = {.text = "已调取窗口录像并与当事工作人员核实，情况属实。"};
	struct yw_rect_args plan = {.mode = b->mode, .due_date = due};
	if (b->mode && !strcmp(b->mode, "deadline")) {
		plan.text = "调整高峰时段窗口人员安排，增开综合受理窗口。";
		/* The due date lies after the planning day and, for the order
		 * still under way, after today. */
		int64_t plan_at = b->steps > 2 ? at_most(at + 2 * DAY_MS, now) : now;
		yw_date_format(yw_date_add_days(yw_date_from_epoch_ms_shanghai(plan_at), 5), due);
	} else {
		plan.text = b->mode && !strcmp(b->mode, "explain")
				    ? "经核实，该事项须提交户口本原件（见办事指南），已向群众解释并致歉。"
				    : "当场重启设备并协助群众办结，已对系统问题报修。";
	}
	struct yw_rect_args complete = {.text = "已完成：高峰时段增开 2 个窗口，平均等候降至 15 分钟以内。"};
	struct yw_rect_args callback = {.reached = true, .fixed = true, .satisfied = true,
					.text = "电话回访，群众表示问题已解决，对整改满意。"};
	struct yw_rect_args close = {0};
	const struct {
		enum yw_rect_action a;
		const struct yw_rect_args *args;
		int64_t at;
	} steps[] = {
		{YW_RA_VERIFY, &verify, at + DAY_MS},
		{YW_RA_PLAN, &plan, b->steps > 2 ? at + 2 * DAY_MS : now},
		{YW_RA_COMPLETE, &complete, at + 5 * DAY_MS},
		{YW_RA_CALLBACK, &callback, at + 6 * DAY_MS},
		{YW_RA_CLOSE, &close, at + 6 * DAY_MS + 3600000},
	};
	for (int i = 0, done = 0; i < 5 && done < b->steps; i++) {
		if (steps[i].a == YW_RA_COMPLETE && strcmp(b->mode, "deadline"))
			continue;
		if ((st = yw_rect_act_at(s, &seeder, r.rect_id, steps[i].a, steps[i].args, at_most(steps[i].at, now), &x,
					 &err)))
			return st;
		done++;
	}
	if (b->appeal) {
		struct yw_appeal a;
		st = yw_appeal_file(s, &seeder, r.rect_id, "评价内容与事实不符：该群众所办事项的材料清单与窗口要求一致。",
				    "办事指南第 3 项材料即为户口本原件；窗口录像显示工作人员已逐项告知。",
				    "evidence/appeal-demo-1.pdf", &a, &err);
	}
	return st;
}

int yw_rating_seed_demo(struct yw_store *s)
{
	int64_t now = yw_now_ms();
	char from[11], to[11];
	yw_date_format(yw_date_add_days(yw_date_from_epoch_ms_shanghai(now), -40), from);
	yw_rating_day(now, to);
	struct tickets t = {0};
	struct read_ctx rc = {from, to, &t, 0};
	if (yw_store_tx(s, YW_TX_READ, read_tx, &rc) != YW_OK) {
		free(t.v);
		return 1;
	}
	if (rc.seeded || !t.n) {
		free(t.v);
		return 0;
	}
	/* Bad reviews: tickets served by a clerk account, spread over the
	 * history, oldest first (the closed order is the oldest). */
	qsort(t.v, (size_t)t.n, sizeof *t.v, by_finish);
	bool *bad = yw_calloc((size_t)t.n, sizeof *bad);
	int pick[NBAD], npick = 0;
	for (int k = 0; k < NBAD; k++) {
		for (int i = (int)((int64_t)t.n * (k + 1) / (NBAD + 2)); i < t.n; i++)
			if (t.v[i].staff_id && !bad[i]) {
				bad[i] = true;
				pick[npick++] = i;
				break;
			}
	}
	struct bulk_ctx bc = {&t, bad, now, 0, yw_rating_acc_new()};
	int failures = yw_store_tx(s, YW_TX_WRITE, bulk_tx, &bc) != YW_OK;
	yw_rating_acc_free(bc.acc);
	struct yw_calendar *cal = NULL;
	int64_t version;
	struct yw_error err = {0};
	if (yw_calendar_build(s, &cal, &version, &err) != YW_OK)
		cal = NULL;
	for (int k = 0; k < npick; k++)
		failures += seed_bad(s, cal, &t.v[pick[k]], &bad_cases[k], now) != YW_OK;
	if (cal)
		yw_calendar_free(cal);
	if (failures)
		yw_log(YW_LOG_WARN, "rating_seed_failed", "\"failures\":%d", failures);
	free(bad);
	free(t.v);
	return failures;
}
