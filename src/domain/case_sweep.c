/* The deadline sweep (预警 and 超期): every running clock is measured on
 * today's date — the decision clock of a case in progress, each open step,
 * a 容缺 supply deadline, and the delivery clock of a decided case. A level
 * that differs from the stored one is written with a conditional update
 * (so of two sweepers, in two processes or the CLI and the server, one
 * writes it) and an escalation is sent, once, to the responsible
 * department(s) and the supervisors over the case's region. A paused clock
 * (补正, special procedure) is not measured. */
#include "yw/audit.h"
#include "yw/calendar_svc.h"
#include "yw/case_epoch.h"
#include "yw/case_internal.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct yw_case_warn_cfg cfg;
static pthread_once_t cfg_once = PTHREAD_ONCE_INIT;

static int env_int(const char *name, int def, int lo, int hi)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return def;
	int n = atoi(v);
	return n < lo || n > hi ? def : n;
}

static void load_cfg(void)
{
	cfg.yellow_days = env_int("YIWANG_CASE_YELLOW_DAYS", yw_case_warn_default.yellow_days, 0, 30);
	cfg.yellow_pct = env_int("YIWANG_CASE_YELLOW_PCT", yw_case_warn_default.yellow_pct, 1, 100);
}

const struct yw_case_warn_cfg *yw_case_warn_cfg(void)
{
	pthread_once(&cfg_once, load_cfg);
	return &cfg;
}

static int level_index(const char *s)
{
	for (int i = 0; yw_case_levels[i]; i++)
		if (!strcmp(yw_case_levels[i], s))
			return i;
	return 0;
}

/* The level of a clock today, or -1 when it cannot be measured. */
static int level_of(struct yw_case_tx *t, const char *start, int limit, int ext, int paused, const char *due)
{
	struct yw_case_clock k = {.limit_days = limit, .extension_days = ext, .paused_days = paused};
	struct yw_date d;
	if (!start[0] || !due[0] || yw_date_parse(start, &k.start, "s", NULL) || yw_date_parse(due, &d, "d", NULL))
		return -1;
	struct yw_case_time tm;
	if (yw_case_time_on(t->env->cal, &k, d, t->today, paused, yw_case_warn_cfg(), &tm, NULL) != YW_OK)
		return -1;
	return (int)tm.level;
}

static int escalation_text(char *out, size_t n, const struct yw_case *k, const char *what, int level,
			   const char *due)
{
	return snprintf(out, n, "【一网通办】%s办件 %s（%s）%s%s，期限 %s，请及时办理。",
			level == YW_LEVEL_RED ? "【超期】" : "【预警】", k->case_no, k->item_name, what,
			level == YW_LEVEL_RED ? "已超期" : "即将到期", due);
}

/* Every level the sweep moves is a change: audited like any other. */
static int audit_level(struct yw_case_tx *t, const char *clock, int64_t step_id, const char *from, const char *to)
{
	char summary[200];
	snprintf(summary, sizeof summary, "{\"case_no\":\"%s\",\"clock\":\"%s\",\"step_id\":%lld,\"level\":[\"%s\",\"%s\"]}",
		 t->k->case_no, clock, (long long)step_id, from, to);
	return yw_audit_append(t->c, t->env->who, "warn", "case", t->k->id, summary);
}

struct sweep_run {
	struct yw_case_sweep_stats *stats;
};

/* Moves a case-level clock's stored level; notifies on escalation. */
static int case_level(struct yw_case_tx *t, struct sweep_run *r, char which, const char *stored, int level,
		      const char *what, const char *due, const struct yw_case_step *steps, int nsteps)
{
	int old = level_index(stored), changed = 0;
	if (level < 0 || level == old)
		return YW_OK;
	int st = yw_cs_case_set_level(t->c, t->k->id, which, stored, yw_case_levels[level], &changed);
	if (st || !changed)
		return st;
	r->stats->changed++;
	if ((st = audit_level(t, which == 's' ? "supply" : "case", 0, stored, yw_case_levels[level])))
		return st;
	if (level < old)
		return YW_OK; /* an extension or a pause eased it: nobody to warn */
	char text[800];
	escalation_text(text, sizeof text, t->k, what, level, due);
	const char *type = which == 's' ? "supply_warning" : level == YW_LEVEL_RED ? "overdue" : "warning";
	char detail[48];
	snprintf(detail, sizeof detail, "{\"level\":\"%s\"}", yw_case_levels[level]);
	if ((st = yw_case_event(t, type, 0, 0, NULL, detail)))
		return st;
	/* The departments that hold the case now, else the item's department. */
	int sent = 0;
	for (int i = 0; i < nsteps && !st; i++) {
		const struct yw_case_step *s = &steps[i];
		bool dup = false;
		for (int j = 0; j < i; j++)
			dup |= steps[j].department_id == s->department_id && (!strcmp(steps[j].state, "active") ||
									     !strcmp(steps[j].state, "claimed"));
		if ((strcmp(s->state, "active") && strcmp(s->state, "claimed")) || dup || strcmp(s->kind, "review"))
			continue;
		st = yw_case_notify_staff(t, "approver", s->department_id, text);
		sent++;
	}
	if (!st && !sent)
		st = yw_case_notify_staff(t, "approver", t->k->department_id, text);
	if (!st)
		st = yw_case_notify_staff(t, "supervisor", 0, text);
	if (!st && which == 's')
		st = yw_case_sms(t->c, t->k->applicant_phone, text, t->env->now);
	if (!st)
		r->stats->notified++;
	return st;
}

static int step_levels(struct yw_case_tx *t, struct sweep_run *r, const struct yw_case_step *steps, int n)
{
	int st = YW_OK;
	for (int i = 0; i < n && !st; i++) {
		const struct yw_case_step *s = &steps[i];
		if (strcmp(s->kind, "review") || (strcmp(s->state, "active") && strcmp(s->state, "claimed")))
			continue;
		int level = level_of(t, s->activated_on, s->limit_days, 0, s->paused_days, s->due);
		int old = level_index(s->warn_level), changed = 0;
		if (level < 0 || level == old)
			continue;
		if ((st = yw_cs_step_set_level(t->c, s->id, s->warn_level, yw_case_levels[level], &changed)) || !changed)
			continue;
		r->stats->changed++;
		if ((st = audit_level(t, "step", s->id, s->warn_level, yw_case_levels[level])))
			break;
		if (level < old)
			continue;
		char what[200], text[800];
		snprintf(what, sizeof what, "的“%s”环节", s->name);
		escalation_text(text, sizeof text, t->k, what, level, s->due);
		if (!(st = yw_case_notify_staff(t, "approver", s->department_id, text)))
			r->stats->notified++;
	}
	return st;
}

static int sweep_case(struct yw_case_tx *t, struct sweep_run *r, int64_t id)
{
	struct yw_case *k = t->k;
	int st = yw_cs_case_get(t->c, id, k);
	if (st)
		return st == YW_NOTFOUND ? YW_OK : st;
	r->stats->checked++;
	if (k->pause_kind[0])
		return YW_OK;
	/* Due dates left open for want of a calendar are filled in when it comes. */
	if (!strcmp(k->state, "in_progress") && !k->due_promised[0]) {
		if ((st = yw_case_update_dues(t)))
			return st;
		if (!k->due_promised[0]) {
			r->stats->missing_calendar++;
			return YW_OK;
		}
		if ((st = yw_cs_case_set_dues(t->c, k->id, k->due_promised, k->due_statutory, NULL)))
			return st;
		/* Without the case lock: the progress replies kept in memory must
		 * still learn of the new dates. */
		yw_case_epoch_touch(t->c, k->case_no);
	}
	struct yw_case_step *steps = NULL;
	int n = 0;
	if ((st = yw_cs_steps(t->c, id, &steps, &n))) {
		free(steps);
		return st;
	}
	if (!strcmp(k->state, "in_progress")) {
		int level = level_of(t, k->accepted_on, k->promised_days, k->extension_days, k->paused_days,
				     k->due_promised);
		st = case_level(t, r, 'w', k->warn_level, level, "", k->due_promised, steps, n);
		if (!st)
			st = step_levels(t, r, steps, n);
		if (!st && k->tolerant && k->supply_due[0]) {
			struct yw_date due;
			int left = 0, level2 = -1;
			if (!yw_date_parse(k->supply_due, &due, "d", NULL) &&
			    !yw_calendar_workdays_between(t->env->cal, t->today, due, &left, NULL))
				level2 = left < 0 ? YW_LEVEL_RED : left <= yw_case_warn_cfg()->yellow_days ? YW_LEVEL_YELLOW
													 : YW_LEVEL_NONE;
			st = case_level(t, r, 's', k->supply_level, level2, "的容缺材料补交", k->supply_due, steps, n);
		}
	} else if (!strcmp(k->state, "decided")) {
		int level = level_of(t, k->decided_on, YW_CASE_DELIVERY_DAYS, 0, 0, k->delivery_due);
		st = case_level(t, r, 'w', k->warn_level, level, "的结果送达", k->delivery_due, steps, 0);
	}
	free(steps);
	return st;
}

struct page_ctx {
	const struct yw_calendar *cal;
	int64_t now;
	const char *state;
	int64_t after;
	int n;
	struct sweep_run *run;
};

static const struct yw_actor sweeper = {.name = "deadline sweep", .role = "system", .request_id = "case-sweep"};

enum { PAGE = 200 };

static int page_tx(struct yw_conn *c, void *p)
{
	struct page_ctx *x = p;
	int64_t ids[PAGE];
	int n = 0;
	int st = yw_cs_ids_in_state(c, x->state, x->after, PAGE, ids, &n);
	struct yw_case_env env = {.store = yw_conn_store(c), .cal = x->cal, .who = &sweeper, .now = x->now};
	struct yw_error err = {0};
	struct yw_case *k = yw_calloc(1, sizeof *k);
	struct yw_case_tx t;
	yw_case_tx_init(&t, &env, c, k, &err);
	for (int i = 0; i < n && !st; i++)
		st = sweep_case(&t, x->run, ids[i]);
	free(k);
	x->n = n;
	if (n)
		x->after = ids[n - 1];
	return st;
}

int yw_case_sweep(struct yw_store *s, const struct yw_calendar *cal, int64_t now, struct yw_case_sweep_stats *out)
{
	memset(out, 0, sizeof *out);
	struct sweep_run run = {out};
	static const char *const states[] = {"in_progress", "decided"};
	for (int i = 0; i < 2; i++) {
		struct page_ctx x = {cal, now, states[i], 0, 0, &run};
		do {
			struct yw_case_sweep_stats before = *out;
			int64_t after = x.after;
			int st = yw_store_tx(s, YW_TX_WRITE, page_tx, &x);
			if (st) {
				*out = before; /* the page rolled back */
				x.after = after;
				return st;
			}
		} while (x.n == PAGE);
	}
	return YW_OK;
}

int yw_case_sweep_store(struct yw_store *s, int64_t now, struct yw_case_sweep_stats *out, struct yw_error *err)
{
	struct yw_calendar *cal = NULL;
	int64_t version = 0;
	int st = yw_calendar_build(s, &cal, &version, err);
	if (st)
		return st;
	st = yw_case_sweep(s, cal, now, out);
	yw_calendar_free(cal);
	return st;
}
