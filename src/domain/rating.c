/* The rating core (include/yw/rating.h): a rating of any subject kind is
 * checked, written once, opens the rectification order of a bad level, and
 * moves the rollups — all in one write transaction with its audit row. */
#include "yw/audit.h"
#include "yw/authz.h"
#include "yw/rating_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const level_codes[] = {NULL, "very_satisfied", "satisfied", "basic", "unsatisfied",
					  "very_unsatisfied"};
static const char *const channel_codes[] = {NULL, "onsite", "online", "case", "hotline"};
static const char *const channel_labels[] = {NULL, "窗口服务", "网上办事", "办件", "12345热线"};

int yw_rating_level_from_code(const char *code)
{
	for (int i = 1; code && i <= YW_RATING_LEVELS; i++)
		if (!strcmp(level_codes[i], code))
			return i;
	return 0;
}

const char *yw_rating_level_code(int level)
{
	return level >= 1 && level <= YW_RATING_LEVELS ? level_codes[level] : NULL;
}

const char *yw_rating_channel_code(int channel) { return channel >= 1 && channel <= 4 ? channel_codes[channel] : NULL; }
const char *yw_rating_channel_label(int channel) { return channel >= 1 && channel <= 4 ? channel_labels[channel] : ""; }

void yw_rating_day(int64_t at_ms, char day[11])
{
	yw_date_format(yw_date_from_epoch_ms_shanghai(at_ms), day);
}

int64_t yw_rating_period_end(const char *service_day, int default_days)
{
	struct yw_date d;
	if (yw_date_parse(service_day, &d, "day", NULL) != YW_OK)
		return 0;
	return yw_date_midnight_ms_shanghai(yw_date_add_days(d, default_days + 1));
}

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* ---- writing one rating ---- */

static void audit_summary(struct yw_buf *b, const struct yw_rating *r, int64_t rect_id)
{
	/* Never the rater: the subject, the level and how it was given. */
	yw_buf_adds(b, "{\"subject\":");
	char subject[120];
	snprintf(subject, sizeof subject, "%s:%s", r->kind, r->subject_id);
	yw_buf_json_str(b, subject);
	yw_buf_printf(b, ",\"level\":\"%s\",\"active\":%s,\"source\":\"%s\"", yw_rating_level_code(r->level),
		      r->active ? "true" : "false", r->source);
	if (rect_id)
		yw_buf_printf(b, ",\"rectification_id\":%lld", (long long)rect_id);
	yw_buf_adds(b, "}");
}

/* The verification date: N working days (the region's setting) after the
 * day the order opens; "" when the calendar lacks the year, which is
 * logged (the rating itself must not fail for it). */
static int verify_due(struct yw_conn *c, const struct yw_calendar *cal, int64_t region_id, int64_t now,
		      char out[11])
{
	out[0] = 0;
	if (!cal)
		return YW_OK;
	int verify_days, default_days;
	int st = yw_rs_settings_for(c, region_id, &verify_days, &default_days);
	if (st)
		return st;
	struct yw_date due;
	struct yw_error e = {0};
	if (yw_calendar_add_workdays(cal, yw_date_from_epoch_ms_shanghai(now), verify_days, &due, &e) != YW_OK) {
		yw_log(YW_LOG_WARN, "rating_verify_due_unknown", "\"detail\":\"%s\"", e.detail);
		return YW_OK;
	}
	yw_date_format(due, out);
	return YW_OK;
}

int yw_rating_record(struct yw_conn *c, const struct yw_actor *who, const struct yw_calendar *cal,
		     const struct yw_rating_subject *sub, struct yw_rs_rating *x, int64_t now, struct yw_error *err)
{
	struct yw_rating *r = &x->r;
	snprintf(r->kind, sizeof r->kind, "%s", sub->kind);
	snprintf(r->subject_id, sizeof r->subject_id, "%s", sub->subject_id);
	snprintf(r->subject_label, sizeof r->subject_label, "%s", sub->subject_label);
	snprintf(r->day, sizeof r->day, "%s", sub->day);
	snprintf(x->rater_key, sizeof x->rater_key, "%s", r->active ? sub->rater_key : "");
	r->d = sub->d;
	r->created_at = now;
	snprintf(r->hall_name, sizeof r->hall_name, "%s", sub->hall_name);
	snprintf(r->window_name, sizeof r->window_name, "%s", sub->window_name);
	snprintf(r->staff_name, sizeof r->staff_name, "%s", sub->staff_name);
	snprintf(r->department_name, sizeof r->department_name, "%s", sub->department_name);
	snprintf(r->item_name, sizeof r->item_name, "%s", sub->item_name);
	r->window_number = sub->window_number;
	int64_t id = 0;
	int st = yw_rs_rating_insert(c, x, &id);
	if (st)
		return st;
	if (!id)
		return fail(err, YW_E_RATING_TWICE, NULL, "该服务已经评价过 / already rated");
	r->id = id;
	struct yw_rectification rect, *xp = NULL;
	if (yw_rating_level_bad(r->level)) {
		memset(&rect, 0, sizeof rect);
		rect.rating_id = id;
		rect.department_id = r->d.department_id;
		rect.region_id = r->d.region_id;
		rect.hall_id = r->d.hall_id;
		snprintf(rect.state, sizeof rect.state, "verifying");
		snprintf(rect.day, sizeof rect.day, "%s", r->day);
		rect.created_at = now;
		rect.callback_reached = rect.callback_fixed = rect.callback_satisfied = -1;
		if ((st = verify_due(c, cal, r->d.region_id, now, rect.verify_due)) || (st = yw_rs_rect_insert(c, &rect)))
			return st;
		r->rect_id = rect.id;
		snprintf(r->rect_state, sizeof r->rect_state, "verifying");
		xp = &rect;
	}
	struct yw_rating_counts none = {0}, after;
	yw_rating_contrib(r, xp, &after);
	if ((st = yw_rating_rollup_move(c, r, &none, &after)))
		return st;
	struct yw_buf b = {0};
	audit_summary(&b, r, r->rect_id);
	st = yw_audit_append(c, who, "rate", "rating", id, b.data);
	yw_buf_free(&b);
	return st;
}

/* ---- submitting ---- */

/* What can be checked without the store. */
static int check_input(const struct yw_rating_input *in, int *level, struct yw_error *err)
{
	*level = yw_rating_level_from_code(in->level);
	if (!*level)
		return fail(err, YW_E_RATING_BAD_LEVEL, "level",
			    "level 应为 very_satisfied、satisfied、basic、unsatisfied、very_unsatisfied 之一");
	if (yw_rating_level_bad(*level) && in->ntags < 1)
		return fail(err, YW_E_RATING_TAG_REQUIRED, "tags", "不满意、非常不满意须至少选择一个原因");
	if (!yw_rating_level_bad(*level) && in->ntags > 0)
		return fail(err, YW_E_BAD_FORMAT, "tags", "差评原因只用于不满意、非常不满意 / tags are for bad levels");
	if (in->ntags > YW_RATING_TAGS_MAX)
		return fail(err, YW_E_OUT_OF_RANGE, "tags", "最多选择 10 个原因");
	for (int i = 0; i < in->ntags; i++)
		for (int k = 0; k < i; k++)
			if (!strcmp(in->tags[i], in->tags[k]))
				return fail(err, YW_E_BAD_FORMAT, "tags", "原因重复 / a tag is given twice");
	if (in->nindicators > YW_RATING_INDICATORS_MAX)
		return fail(err, YW_E_OUT_OF_RANGE, "indicators", "指标过多");
	for (int i = 0; i < in->nindicators; i++)
		if (in->indicators[i].score < 1 || in->indicators[i].score > 5) {
			yw_error_set(err, YW_E_OUT_OF_RANGE, "indicators", "指标 %s 的分值应为 1–5", in->indicators[i].code);
			return YW_FAIL;
		}
	if (in->comment && yw_utf8_len(in->comment) > YW_RATING_COMMENT_MAX)
		return fail(err, YW_E_TOO_LONG, "comment", "评价内容最多 500 个字符");
	if (in->phone && in->phone[0] && (strlen(in->phone) != 11 || strspn(in->phone, "0123456789") != 11 ||
					  in->phone[0] != '1'))
		return fail(err, YW_E_INVALID_PHONE, "phone", "请填写 11 位手机号码");
	return YW_OK;
}

struct submit_ctx {
	const struct yw_actor *who;
	const struct yw_calendar *cal;
	const struct yw_rating_ref *ref;
	const struct yw_rating_input *in;
	int level;
	int64_t now;
	const char *source;
	struct yw_rating *out;
	struct yw_error *err;
};

/* Tags and indicators as stored: known, active codes only. */
static int stored_options(struct yw_conn *c, const struct submit_ctx *x, const char *channel, struct yw_rs_rating *r)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "[");
	int st = YW_OK;
	for (int i = 0; i < x->in->ntags && !st; i++) {
		struct yw_rating_option o;
		st = yw_rs_option_by_code(c, "tag", NULL, x->in->tags[i], &o);
		if (st == YW_NOTFOUND) {
			yw_error_set(x->err, YW_E_BAD_ENUM, "tags", "没有这个差评原因：%s", x->in->tags[i]);
			st = YW_FAIL;
			break;
		}
		if (!st) {
			yw_buf_adds(&b, i ? "," : "");
			yw_buf_json_str(&b, o.code);
		}
	}
	yw_buf_adds(&b, "]");
	if (!st)
		snprintf(r->r.tags, sizeof r->r.tags, "%s", b.data);
	yw_buf_free(&b);
	if (st)
		return st;
	yw_buf_adds(&b, "{");
	for (int i = 0; i < x->in->nindicators && !st; i++) {
		struct yw_rating_option o;
		const struct yw_rating_indicator_score *is = &x->in->indicators[i];
		st = yw_rs_option_by_code(c, "indicator", channel, is->code, &o);
		if (st == YW_NOTFOUND) {
			yw_error_set(x->err, YW_E_BAD_ENUM, "indicators", "该服务没有这个评价指标：%s", is->code);
			st = YW_FAIL;
			break;
		}
		if (!st) {
			yw_buf_adds(&b, i ? "," : "");
			yw_buf_json_str(&b, o.code);
			yw_buf_printf(&b, ":%d", is->score);
		}
	}
	yw_buf_adds(&b, "}");
	if (!st)
		snprintf(r->r.indicators, sizeof r->r.indicators, "%s", b.data);
	yw_buf_free(&b);
	return st;
}

static int submit_tx(struct yw_conn *c, void *p)
{
	struct submit_ctx *x = p;
	const struct yw_rating_kind *kind = yw_rating_kind_find(x->ref->kind);
	if (!kind)
		return fail(x->err, YW_E_BAD_ENUM, "subject_kind", "subject_kind 应为 ticket、online、case、hotline 之一");
	struct yw_rating_subject sub;
	memset(&sub, 0, sizeof sub);
	int st = kind->resolve(c, x->who, x->ref, x->now, &sub, x->err);
	if (st)
		return st;
	int verify_days, default_days;
	if ((st = yw_rs_settings_for(c, sub.d.region_id, &verify_days, &default_days)))
		return st;
	if (sub.served_at && x->now >= yw_rating_period_end(sub.day, default_days))
		return fail(x->err, YW_E_RATING_PERIOD_OVER, NULL, "办结已超过评价期限 / the rating period is over");
	struct yw_rating_level_cfg levels[YW_RATING_LEVELS];
	if ((st = yw_rs_levels(c, levels)))
		return st;
	struct yw_rs_rating r;
	memset(&r, 0, sizeof r);
	if ((st = stored_options(c, x, sub.indicator_channel, &r)))
		return st;
	r.r.level = x->level;
	r.r.score = levels[x->level - 1].score;
	r.r.active = true;
	snprintf(r.r.source, sizeof r.r.source, "%s", x->source);
	snprintf(r.r.comment, sizeof r.r.comment, "%s", x->in->comment ? x->in->comment : "");
	if (x->in->callback_consent) {
		const char *phone = x->in->phone && x->in->phone[0] ? x->in->phone : sub.phone;
		if (!phone[0])
			return fail(x->err, YW_E_MISSING_FIELD, "phone", "同意回访请留下手机号码 / give a phone to be called back");
		r.r.callback_consent = true;
		snprintf(r.callback_phone, sizeof r.callback_phone, "%s", phone);
	}
	if ((st = sub.d.department_id ? yw_rs_department_name(c, sub.d.department_id, sub.department_name,
							       sizeof sub.department_name)
				      : YW_OK) ||
	    (st = yw_rating_record(c, x->who, x->cal, &sub, &r, x->now, x->err)))
		return st;
	*x->out = r.r;
	return YW_OK;
}

int yw_rating_submit_at(struct yw_store *s, const struct yw_actor *who, const struct yw_calendar *cal,
			const struct yw_rating_ref *ref, const struct yw_rating_input *in, int64_t now,
			const char *source, struct yw_rating *out, struct yw_error *err)
{
	struct submit_ctx x = {who, cal, ref, in, 0, now, source, out, err};
	int st = check_input(in, &x.level, err);
	if (st)
		return st;
	return yw_store_tx(s, YW_TX_WRITE, submit_tx, &x);
}

int yw_rating_submit(struct yw_store *s, const struct yw_actor *who, const struct yw_calendar *cal,
		     const struct yw_rating_ref *ref, const struct yw_rating_input *in, struct yw_rating *out,
		     struct yw_error *err)
{
	const char *source = ref->window_id ? "evaluator" : ref->token ? "qr" : "web";
	return yw_rating_submit_at(s, who, cal, ref, in, yw_now_ms(), source, out, err);
}

/* ---- the addition (追评) ---- */

struct addition_ctx {
	const struct yw_actor *who;
	const struct yw_rating_ref *ref;
	const char *text;
	struct yw_rating *out;
	struct yw_error *err;
};

/* The rating the reference names, if the rater holds it. */
static int own_rating(struct yw_conn *c, const struct addition_ctx *x, struct yw_rs_rating *r)
{
	int st;
	if (x->ref->token) {
		struct yw_rs_ticket t;
		st = yw_rs_ticket_by_token(c, x->ref->token, &t);
		if (st == YW_NOTFOUND)
			return fail(x->err, YW_E_NOT_FOUND, "token", "没有这个号 / no such ticket");
		char sid[24];
		snprintf(sid, sizeof sid, "%lld", (long long)t.id);
		if (!st)
			st = yw_rs_rating_by_subject(c, "ticket", sid, r);
	} else {
		char *end = NULL;
		long long id = x->ref->subject_id ? strtoll(x->ref->subject_id, &end, 10) : 0;
		st = id > 0 && end && !*end ? yw_rs_rating_get(c, id, r) : YW_NOTFOUND;
		if (!st) {
			char key[65];
			yw_rating_rater_key("phone", x->ref->phone ? x->ref->phone : "", key);
			if (!x->ref->phone || strcmp(key, r->rater_key))
				return fail(x->err, YW_E_NOT_FOUND, "id", "没有您的这条评价 / no such rating of yours");
		}
	}
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "尚未评价，不能追评 / not rated yet");
	return st;
}

static int addition_tx(struct yw_conn *c, void *p)
{
	struct addition_ctx *x = p;
	struct yw_rs_rating r;
	int st = own_rating(c, x, &r);
	if (st)
		return st;
	int64_t now = yw_now_ms();
	st = yw_rs_rating_set_addition(c, r.r.id, x->text, now);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_RATING_ADDITION_ONCE, "text", "已经追评过 / already added to");
	if (st)
		return st;
	if ((st = yw_audit_append(c, x->who, "addition", "rating", r.r.id, "{}")))
		return st;
	if ((st = yw_rs_rating_get(c, r.r.id, &r)))
		return st;
	*x->out = r.r;
	return YW_OK;
}

int yw_rating_addition(struct yw_store *s, const struct yw_actor *who, const struct yw_rating_ref *ref,
		       const char *text, struct yw_rating *out, struct yw_error *err)
{
	if (!text || blank(text))
		return fail(err, YW_E_MISSING_FIELD, "text", "请填写追评内容");
	if (yw_utf8_len(text) > YW_RATING_ADDITION_MAX)
		return fail(err, YW_E_TOO_LONG, "text", "追评最多 500 个字符");
	struct addition_ctx x = {who, ref, text, out, err};
	return yw_store_tx(s, YW_TX_WRITE, addition_tx, &x);
}

/* ---- what the rater and the evaluator see ---- */

struct token_ctx {
	const char *token;
	struct yw_rating_ticket_view *out;
};

static int token_tx(struct yw_conn *c, void *p)
{
	struct token_ctx *x = p;
	struct yw_rating_ticket_view *v = x->out;
	memset(v, 0, sizeof *v);
	struct yw_rs_ticket t;
	int st = yw_rs_ticket_by_token(c, x->token, &t);
	if (st)
		return st;
	v->ticket_id = t.id;
	snprintf(v->code, sizeof v->code, "%s", t.code);
	snprintf(v->status, sizeof v->status, "%s", t.status);
	snprintf(v->hall_name, sizeof v->hall_name, "%s", t.hall_name);
	snprintf(v->window_name, sizeof v->window_name, "%s", t.window_name);
	snprintf(v->staff_name, sizeof v->staff_name, "%s", t.staff_name);
	v->window_number = t.window_number;
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)t.id);
	struct yw_rs_rating r;
	st = yw_rs_rating_by_subject(c, "ticket", sid, &r);
	if (st && st != YW_NOTFOUND)
		return st;
	v->rated = st == YW_OK;
	if (v->rated) {
		v->rating = r.r;
		if (r.r.rect_id) {
			struct yw_rectification x2;
			if ((st = yw_rs_rect_get(c, r.r.rect_id, &x2)))
				return st;
			snprintf(v->rect_outcome, sizeof v->rect_outcome, "%s", x2.outcome);
		}
	}
	int verify_days, default_days;
	if ((st = yw_rs_settings_for(c, t.hall_region_id, &verify_days, &default_days)))
		return st;
	if (!strcmp(t.status, "done") && t.finished_at) {
		v->rate_until = yw_rating_period_end(t.day, default_days);
		v->rateable = !v->rated && yw_now_ms() < v->rate_until;
	}
	return YW_OK;
}

int yw_rating_by_token(struct yw_store *s, const char *token, struct yw_rating_ticket_view *out)
{
	struct token_ctx x = {token, out};
	return yw_store_tx(s, YW_TX_READ, token_tx, &x);
}

struct eval_ctx {
	const struct yw_actor *who;
	int64_t window_id;
	struct yw_rating_evaluator *out;
	struct yw_error *err;
};

static int eval_tx(struct yw_conn *c, void *p)
{
	struct eval_ctx *x = p;
	struct yw_rating_evaluator *e = x->out;
	memset(e, 0, sizeof *e);
	struct yw_rs_window w;
	int st = yw_rs_window(c, x->window_id, &w);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "窗口不存在 / no such window");
	if (st)
		return st;
	struct yw_scope scope = {.region_id = w.region_id, .hall_id = w.hall_id};
	if ((st = yw_authz_scope(c, x->who, &yw_entity_window, scope, x->err)))
		return st;
	e->window_id = w.id;
	e->hall_id = w.hall_id;
	e->window_number = w.number;
	snprintf(e->window_name, sizeof e->window_name, "%s", w.name);
	snprintf(e->hall_name, sizeof e->hall_name, "%s", w.hall_name);
	char day[11];
	yw_rating_day(yw_now_ms(), day);
	struct yw_rs_ticket t;
	st = yw_rs_ticket_last_done(c, w.id, day, &t);
	if (st == YW_NOTFOUND)
		return YW_OK;
	if (st)
		return st;
	e->ticket_id = t.id;
	e->staff_id = t.staff_id;
	e->finished_at = t.finished_at;
	snprintf(e->staff_name, sizeof e->staff_name, "%s", t.staff_name);
	snprintf(e->code, sizeof e->code, "%s", t.code);
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)t.id);
	struct yw_rs_rating r;
	st = yw_rs_rating_by_subject(c, "ticket", sid, &r);
	if (st && st != YW_NOTFOUND)
		return st;
	e->rated = st == YW_OK;
	return YW_OK;
}

int yw_rating_evaluator(struct yw_store *s, const struct yw_actor *who, int64_t window_id,
			struct yw_rating_evaluator *out, struct yw_error *err)
{
	struct eval_ctx x = {who, window_id, out, err};
	return yw_store_tx(s, YW_TX_READ, eval_tx, &x);
}
