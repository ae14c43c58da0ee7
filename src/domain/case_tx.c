/* What every case action does inside its transaction: lock the case row
 * first (so two actors on one case run one after the other and the second
 * sees what the first wrote), record each change on the timeline, save,
 * audit, and tell the applicant through the outbox when the state moved. */
#include "yw/audit.h"
#include "yw/auth_store.h"
#include "yw/case_epoch.h"
#include "yw/case_internal.h"
#include "yw/case_stats.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_case_tx_init(struct yw_case_tx *t, const struct yw_case_env *env, struct yw_conn *c, struct yw_case *k,
		     struct yw_error *err)
{
	memset(t, 0, sizeof *t);
	t->env = env;
	t->c = c;
	t->k = k;
	t->err = err;
	yw_case_day(env->now, &t->today, t->today_s);
}

int yw_case_tx_lock(struct yw_case_tx *t, int64_t case_id)
{
	int st = yw_cs_case_lock(t->c, case_id, t->env->now);
	if (st == YW_NOTFOUND)
		yw_error_set(t->err, YW_E_NOT_FOUND, "id", "办件 %lld 不存在 / no such case", (long long)case_id);
	if (st)
		return st;
	if (yw_cs_case_get(t->c, case_id, t->k) != YW_OK)
		return YW_STORE_ERR;
	/* Every change of a case takes this lock first: replies cached from
	 * the case (the public progress) are dropped once it commits. */
	yw_case_epoch_touch(t->c, t->k->case_no);
	return YW_OK;
}

int yw_case_event(struct yw_case_tx *t, const char *type, int64_t step_id, int64_t department_id, const char *reason,
		  const char *detail)
{
	const struct yw_actor *who = t->env->who;
	struct yw_case_event e = {
		.at = t->env->now,
		.actor_id = who ? who->user_id : 0,
		.department_id = department_id,
		.step_id = step_id,
		.reason = (char *)reason,
		.detail = (char *)detail,
	};
	snprintf(e.type, sizeof e.type, "%s", type);
	snprintf(e.state, sizeof e.state, "%s", t->k->state);
	snprintf(e.actor_name, sizeof e.actor_name, "%s", who && who->name ? who->name : "system");
	return yw_cs_event_insert(t->c, t->k->id, &e);
}

int yw_case_move(struct yw_case_tx *t, const char *state, const char *type, int64_t step_id, int64_t department_id,
		 const char *reason, const char *detail)
{
	if (strcmp(t->k->state, state)) {
		snprintf(t->k->state, sizeof t->k->state, "%s", state);
		t->state_changed = true;
	}
	return yw_case_event(t, type, step_id, department_id, reason, detail);
}

int yw_case_sms(struct yw_conn *c, const char *phone, const char *text, int64_t now)
{
	if (!phone || !*phone)
		return YW_OK;
	return yw_austore_outbox_insert(c, "sms", phone, text, now);
}

/* The applicant (and an agent acting for them) hear of every state change. */
static int tell_applicant(struct yw_case_tx *t)
{
	struct yw_case *k = t->k;
	char what[480], text[1400];
	if (t->notice[0])
		snprintf(what, sizeof what, "%s", t->notice);
	else
		snprintf(what, sizeof what, "当前状态：%s", yw_case_state_label(k->state));
	/* When the case has ended the applicant is invited to rate it
	 * (一事一评, docs/ratings.md): the rating period is counted from today. */
	bool ended = !strcmp(k->state, "delivered") || !strcmp(k->state, "not_accepted");
	snprintf(text, sizeof text, "【一网通办】您申请的“%s”（办件编号 %s）%s。凭办件编号和手机号后四位可查询进度。%s",
		 k->item_name, k->case_no, what,
		 ended ? "欢迎7日内在“一网通办·我的办件”中对本次服务进行评价。" : "");
	int st = yw_case_sms(t->c, k->applicant_phone, text, t->env->now);
	if (!st && k->agent_phone[0] && strcmp(k->agent_phone, k->applicant_phone))
		st = yw_case_sms(t->c, k->agent_phone, text, t->env->now);
	return st;
}

int yw_case_finish(struct yw_case_tx *t, const char *action, bool force_sms)
{
	struct yw_case *k = t->k;
	k->updated_at = t->env->now;
	/* The statistics rollup compares with the row as stored: before the save. */
	int st = yw_case_stats_track(t, action);
	if (!st)
		st = yw_cs_case_save(t->c, k);
	if (st)
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	/* The audit summary names the case, never the applicant's data. */
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{");
	yw_case_json_kv(&b, "case_no", k->case_no);
	yw_case_json_kv(&b, "state", k->state);
	if (k->outcome[0])
		yw_case_json_kv(&b, "outcome", k->outcome);
	yw_buf_adds(&b, "}");
	st = yw_audit_append(t->c, t->env->who, action, "case", k->id, b.data);
	yw_buf_free(&b);
	if (!st && (t->state_changed || force_sms))
		st = tell_applicant(t);
	return st;
}

struct staff_sms {
	struct yw_case_tx *t;
	const char *text;
	int st;
};

static int staff_phone(void *ctx, const char *phone)
{
	struct staff_sms *s = ctx;
	s->st = yw_case_sms(s->t->c, phone, s->text, s->t->env->now);
	return s->st != YW_OK;
}

int yw_case_notify_staff(struct yw_case_tx *t, const char *role, int64_t department_id, const char *text)
{
	char path[200] = "";
	int st = department_id ? YW_OK : yw_cs_region_path(t->c, t->k->region_id, path, sizeof path);
	if (st)
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	struct staff_sms s = {t, text, YW_OK};
	st = yw_cs_staff_phones(t->c, role, department_id, path, staff_phone, &s);
	return st ? st : s.st;
}

/* ---- clocks ---- */

static int parse_date(const char *s, struct yw_date *d)
{
	return s && *s && yw_date_parse(s, d, "date", NULL) == YW_OK ? YW_OK : YW_FAIL;
}

/* A due date, or "" when the calendar cannot say yet (a year without data). */
static int due_of(struct yw_case_tx *t, const char *start, int limit, int ext, int paused, char out[11])
{
	out[0] = 0;
	struct yw_case_clock k = {.limit_days = limit, .extension_days = ext, .paused_days = paused};
	if (parse_date(start, &k.start))
		return YW_OK;
	struct yw_date due;
	struct yw_error e = {0};
	if (yw_case_due(t->env->cal, &k, &due, &e) == YW_OK)
		yw_date_format(due, out);
	else if (e.err != YW_E_CALENDAR_MISSING) {
		*t->err = e;
		return YW_FAIL;
	}
	return YW_OK;
}

int yw_case_update_dues(struct yw_case_tx *t)
{
	struct yw_case *k = t->k;
	int st = due_of(t, k->accepted_on, k->promised_days, k->extension_days, k->paused_days, k->due_promised);
	if (!st)
		st = due_of(t, k->accepted_on, k->statutory_days, k->extension_days, k->paused_days, k->due_statutory);
	return st;
}

int yw_case_step_due(struct yw_case_tx *t, struct yw_case_step *s)
{
	return due_of(t, s->activated_on, s->limit_days, 0, s->paused_days, s->due);
}

int yw_case_step_open(struct yw_case_tx *t, struct yw_case_step *s)
{
	snprintf(s->state, sizeof s->state, "active");
	s->activated_at = t->env->now;
	snprintf(s->activated_on, sizeof s->activated_on, "%s", t->today_s);
	s->paused_days = 0;
	s->claimed_by = 0;
	s->claimed_name[0] = 0;
	snprintf(s->warn_level, sizeof s->warn_level, "none");
	return yw_case_step_due(t, s);
}

void yw_case_live_level(const struct yw_calendar *cal, const char *start, int limit, int extension, int paused,
			const char *due, int64_t now, int *left, char level[8])
{
	*left = 0;
	snprintf(level, 8, "none");
	struct yw_case_clock k = {.limit_days = limit, .extension_days = extension, .paused_days = paused};
	struct yw_date d, today;
	if (!cal || parse_date(start, &k.start) || parse_date(due, &d))
		return;
	yw_case_day(now, &today, NULL);
	struct yw_case_time tm;
	if (yw_case_time_on(cal, &k, d, today, paused, yw_case_warn_cfg(), &tm, NULL) == YW_OK) {
		*left = tm.left;
		snprintf(level, 8, "%s", yw_case_levels[tm.level]);
	}
}
