/* Calling (叫号) and what a window does with the ticket in front of it.
 * Each action runs in one write transaction that first takes the window's
 * row lock, so one window acts one at a time; a ticket is claimed with a
 * conditional update (status still 'waiting'), so two windows calling at
 * the same moment never get the same ticket, on either engine. */
#include "yw/audit.h"
#include "yw/auth_store.h"
#include "yw/authz.h"
#include "queue_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct act {
	const struct yw_actor *who;
	int64_t window_id;
	enum yw_window_action a;
	const struct yw_window_arg *arg;
	struct yw_ticket *out;
	struct yw_error *err;
	struct yw_qevents ev;
	/* per run of the transaction body */
	struct yw_conn *c;
	struct yw_window_row w;
	struct yw_hall_rules hall;
	struct yw_ticket cur;
	bool has_cur;
	/* The ticket acted on as read, for the conditional save. */
	char was_status[12];
	int64_t was_queue_id;
	int64_t now;
	char day[11]; /* local day of now: only its tickets are waiting */
};

static const char *const action_names[] = {"call_next", "call", "recall", "no_show", "park", "resume",
					   "transfer", "start", "finish", "open", "close"};

static int fail(struct act *x, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(x->err, e, field, "%s", msg);
	return YW_FAIL;
}

static void remember(struct act *x, const struct yw_ticket *t)
{
	snprintf(x->was_status, sizeof x->was_status, "%s", t->status);
	x->was_queue_id = t->queue_id;
}

static int take_first(void *ctx, const struct yw_ticket *t)
{
	struct act *x = ctx;
	x->cur = *t;
	x->has_cur = true;
	remember(x, t);
	return 1;
}

/* Does the window serve this queue code (its JSON list)? */
static bool serves(const struct yw_window_row *w, const char *code)
{
	char quoted[48];
	snprintf(quoted, sizeof quoted, "\"%s\"", code);
	return strstr(w->queue_codes, quoted) != NULL;
}

static int audit(struct act *x, const struct yw_ticket *t, const char *extra)
{
	char *summary = yw_asprintf("{\"code\":\"%s\",\"window_id\":%lld,\"status\":\"%s\"%s%s}", t->code,
				    (long long)x->w.id, t->status, extra ? "," : "", extra ? extra : "");
	int st = yw_audit_append(x->c, x->who, action_names[x->a], "ticket", t->id, summary);
	free(summary);
	return st;
}

static int emit(struct act *x, const struct yw_ticket *t, const char *type)
{
	char extra[400];
	char *name = NULL;
	struct yw_buf b = {0};
	yw_buf_json_str(&b, x->w.name);
	name = yw_buf_steal(&b);
	/* The display reads this text aloud (docs/queue.md). */
	snprintf(extra, sizeof extra,
		 "\"window_id\":%lld,\"window_number\":%lld,\"window_name\":%s,\"recalls\":%d,"
		 "\"text\":\"请%s号到%lld号窗口办理\"",
		 (long long)x->w.id, (long long)x->w.number, name, t->recalls, t->code, (long long)x->w.number);
	free(name);
	return yw_queue_emit(x->c, &x->ev, t, type, extra);
}

/* 提醒: whoever is now remind_at-th in line and left a phone gets one SMS. */
static int remind(struct act *x, int64_t queue_id)
{
	struct yw_ticket t;
	int st = yw_qs_nth_waiting(x->c, queue_id, x->day, x->hall.remind_at, x->now, &t);
	if (st == YW_NOTFOUND)
		return YW_OK;
	if (st)
		return st;
	if (!t.phone[0])
		return YW_OK;
	int changed = 0;
	if ((st = yw_qs_ticket_mark_reminded(x->c, t.id, &changed)) || !changed)
		return st;
	char *body = yw_asprintf("【一网】您在%s取的%s号前面还有%d位，请回到大厅留意叫号。", x->hall.name, t.code,
				 x->hall.remind_at - 1);
	st = yw_austore_outbox_insert(x->c, "sms", t.phone, body, x->now);
	free(body);
	if (!st)
		st = yw_queue_emit(x->c, &x->ev, &t, "ticket.reminded", NULL);
	return st;
}

/* Rank of a waiting ticket in the calling order (lower first). */
static int rank(const struct yw_ticket *t, int64_t now)
{
	return t->klass == YW_TK_APPOINTMENT && t->sort_at <= now ? 0 : t->klass == YW_TK_GREEN ? 1 : 2;
}

static bool before(const struct yw_ticket *a, const struct yw_ticket *b, int64_t now)
{
	int ra = rank(a, now), rb = rank(b, now);
	if (ra != rb)
		return ra < rb;
	return a->sort_at != b->sort_at ? a->sort_at < b->sort_at : a->id < b->id;
}

/* The next ticket for this window: one transferred to it first. Then, over
 * the queues it serves: due appointments and the green channel come first
 * whichever of its queues they wait in (earliest first); everyone else by
 * the hall's rule — the first queue in the window's order of preference
 * that has someone waiting ("preference"), or the longest wait over all of
 * them ("longest_wait"). */
static int pick_next(struct act *x, struct yw_ticket *best)
{
	int st = yw_qs_best_for_window(x->c, x->w.id, x->day, x->now, best);
	if (st != YW_NOTFOUND)
		return st;
	bool longest = !strcmp(x->hall.call_rule, "longest_wait");
	bool have = false, have_first = false;
	struct yw_ticket first; /* the best of the first queue with anyone waiting */
	/* queue_codes is a JSON array of short codes: walk the quoted strings. */
	const char *p = x->w.queue_codes;
	while ((p = strchr(p, '"'))) {
		const char *end = strchr(p + 1, '"');
		if (!end)
			break;
		char code[20];
		snprintf(code, sizeof code, "%.*s", (int)(end - p - 1), p + 1);
		p = end + 1;
		struct yw_queue q;
		if ((st = yw_qs_queue_by_code(x->c, x->w.hall_id, code, &q)) == YW_NOTFOUND || (!st && !q.active))
			continue;
		if (st)
			return st;
		struct yw_ticket t;
		st = yw_qs_best_waiting(x->c, q.id, x->day, x->now, &t);
		if (st == YW_NOTFOUND)
			continue;
		if (st)
			return st;
		if (!have_first) {
			first = t;
			have_first = true;
		}
		if (!have || before(&t, best, x->now))
			*best = t;
		have = true;
	}
	if (!have)
		return YW_NOTFOUND;
	if (!longest && rank(best, x->now) == 2)
		*best = first;
	return YW_OK;
}

static int call_ticket(struct act *x, struct yw_ticket *t)
{
	int st = yw_qs_ticket_claim(x->c, t, x->w.id, x->who->user_id, x->now);
	if (st)
		return st == YW_NOTFOUND ? YW_RETRY : st; /* taken meanwhile: run again */
	if ((st = emit(x, t, "ticket.called")) || (st = yw_queue_rollup(x->c, t, YW_QR_CALLED, x->now)) ||
	    (st = remind(x, t->queue_id)))
		return st;
	*x->out = *t;
	return audit(x, t, NULL);
}

static int need_open_idle(struct act *x)
{
	if (!x->w.is_open)
		return fail(x, YW_E_WINDOW_CLOSED, NULL, "窗口未开放，请先开窗");
	if (x->has_cur)
		return fail(x, YW_E_WINDOW_BUSY, NULL, "请先办结、过号或暂挂当前号");
	return YW_OK;
}

static int do_call_next(struct act *x)
{
	int st = need_open_idle(x);
	if (st)
		return st;
	struct yw_ticket t;
	st = pick_next(x, &t);
	if (st == YW_NOTFOUND)
		return fail(x, YW_E_NO_TICKET_WAITING, NULL, "本窗口办理的队列当前没有等候的号");
	return st ? st : call_ticket(x, &t);
}

static int do_call_code(struct act *x)
{
	int st = need_open_idle(x);
	if (st)
		return st;
	char day[11];
	yw_local_day(x->now, day);
	struct yw_ticket t;
	st = yw_qs_ticket_by_code(x->c, x->w.hall_id, day, x->arg && x->arg->code ? x->arg->code : "", &t);
	if (st == YW_NOTFOUND)
		return fail(x, YW_E_NOT_FOUND, "code", "本大厅今天没有这个号");
	if (st)
		return st;
	if (strcmp(t.status, "waiting"))
		return fail(x, YW_E_TICKET_STATE, "code", "该号不在等候中");
	struct yw_queue q;
	if ((st = yw_qs_queue(x->c, t.queue_id, &q)))
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	/* A ticket sent to one window is that window's to call. */
	if (t.target_window_id && t.target_window_id != x->w.id)
		return fail(x, YW_E_WINDOW_NOT_SERVING, "code", "该号已转给其他窗口办理");
	if (!serves(&x->w, q.code) && t.target_window_id != x->w.id)
		return fail(x, YW_E_WINDOW_NOT_SERVING, "code", "本窗口不办理该号所在队列");
	return call_ticket(x, &t);
}

static int save(struct act *x, struct yw_ticket *t, const char *event, enum yw_qrollup roll, bool rolls)
{
	int st = yw_qs_ticket_save(x->c, t, x->was_status, x->was_queue_id, x->now);
	if (!st)
		st = emit(x, t, event);
	if (!st && rolls)
		st = yw_queue_rollup(x->c, t, roll, x->now);
	if (!st)
		st = audit(x, t, NULL);
	if (!st)
		*x->out = *t;
	return st;
}

static int need_current(struct act *x)
{
	if (!x->has_cur)
		return fail(x, YW_E_TICKET_STATE, NULL, "本窗口当前没有呼叫中的号");
	return YW_OK;
}

static int do_recall(struct act *x)
{
	int st = need_current(x);
	if (st)
		return st;
	struct yw_ticket *t = &x->cur;
	if (strcmp(t->status, "called"))
		return fail(x, YW_E_TICKET_STATE, NULL, "已开始办理的号不能重呼");
	if (t->recalls >= x->hall.recall_limit)
		return fail(x, YW_E_RECALL_LIMIT, NULL, "已重呼到上限，请按过号处理");
	t->recalls++;
	t->called_at = x->now;
	return save(x, t, "ticket.recalled", YW_QR_CALLED, false);
}

static int do_no_show(struct act *x)
{
	int st = need_current(x);
	if (st)
		return st;
	struct yw_ticket *t = &x->cur;
	if (strcmp(t->status, "called"))
		return fail(x, YW_E_TICKET_STATE, NULL, "已开始办理的号不能过号");
	snprintf(t->status, sizeof t->status, "no_show");
	t->finished_at = x->now;
	return save(x, t, "ticket.no_show", YW_QR_NO_SHOW, true);
}

static int do_park(struct act *x)
{
	int st = need_current(x);
	if (st)
		return st;
	snprintf(x->cur.status, sizeof x->cur.status, "parked");
	return save(x, &x->cur, "ticket.parked", YW_QR_CALLED, false);
}

static int do_resume(struct act *x)
{
	int st = need_open_idle(x);
	if (st)
		return st;
	struct yw_ticket t;
	st = yw_qs_ticket_get(x->c, x->arg ? x->arg->ticket_id : 0, &t);
	if (st == YW_NOTFOUND)
		return fail(x, YW_E_NOT_FOUND, "ticket_id", "没有这个号");
	if (st)
		return st;
	if (t.hall_id != x->w.hall_id)
		return fail(x, YW_E_OTHER_HALL, "ticket_id", "该号属于其他大厅");
	if (strcmp(t.status, "parked") || t.window_id != x->w.id)
		return fail(x, YW_E_TICKET_STATE, "ticket_id", "只能恢复本窗口暂挂的号");
	remember(x, &t);
	snprintf(t.status, sizeof t.status, "%s", t.started_at ? "serving" : "called");
	return save(x, &t, "ticket.resumed", YW_QR_CALLED, false);
}

static int do_transfer(struct act *x)
{
	int st = need_current(x);
	if (st)
		return st;
	struct yw_ticket *t = &x->cur;
	int64_t to_queue = x->arg ? x->arg->queue_id : 0, to_window = x->arg ? x->arg->window_id : 0;
	if (!to_queue == !to_window)
		return fail(x, YW_E_MISSING_FIELD, "queue_id", "请选择转到的队列或窗口（二选一）");
	if (to_queue) {
		struct yw_queue q;
		st = yw_qs_queue(x->c, to_queue, &q);
		if (st == YW_NOTFOUND)
			return fail(x, YW_E_REF_NOT_FOUND, "queue_id", "没有这个队列");
		if (st)
			return st;
		if (q.hall_id != x->w.hall_id)
			return fail(x, YW_E_OTHER_HALL, "queue_id", "不能转到其他大厅的队列");
		if (!q.active)
			return fail(x, YW_E_QUEUE_INACTIVE, "queue_id", "该队列未启用");
		t->queue_id = q.id;
		t->target_window_id = 0;
	} else {
		struct yw_window_row w2;
		st = yw_qs_window(x->c, to_window, &w2);
		if (st == YW_NOTFOUND)
			return fail(x, YW_E_REF_NOT_FOUND, "window_id", "没有这个窗口");
		if (st)
			return st;
		if (w2.hall_id != x->w.hall_id)
			return fail(x, YW_E_OTHER_HALL, "window_id", "不能转到其他大厅的窗口");
		if (w2.id == x->w.id)
			return fail(x, YW_E_OUT_OF_RANGE, "window_id", "不能转给本窗口");
		t->target_window_id = w2.id;
	}
	/* Back in line, keeping its original issue time (sort_at). */
	snprintf(t->status, sizeof t->status, "waiting");
	t->window_id = 0;
	t->started_at = 0;
	t->called_at = 0;
	t->recalls = 0;
	t->transfers++;
	return save(x, t, "ticket.transferred", YW_QR_CALLED, false);
}

static int do_start(struct act *x)
{
	int st = need_current(x);
	if (st)
		return st;
	if (strcmp(x->cur.status, "called"))
		return fail(x, YW_E_TICKET_STATE, NULL, "该号已在办理中");
	snprintf(x->cur.status, sizeof x->cur.status, "serving");
	x->cur.started_at = x->now;
	return save(x, &x->cur, "ticket.started", YW_QR_CALLED, false);
}

static int do_finish(struct act *x)
{
	int st = need_current(x);
	if (st)
		return st;
	if (strcmp(x->cur.status, "serving"))
		return fail(x, YW_E_TICKET_NOT_STARTED, NULL, "该号尚未开始办理，不能办结；未到场请按过号");
	snprintf(x->cur.status, sizeof x->cur.status, "done");
	x->cur.finished_at = x->now;
	return save(x, &x->cur, "ticket.finished", YW_QR_FINISHED, true);
}

static int do_open_close(struct act *x, bool open)
{
	if (!open && x->has_cur)
		return fail(x, YW_E_WINDOW_BUSY, NULL, "请先办结、过号或暂挂当前号再关窗");
	int st = yw_qs_window_set_open(x->c, x->w.id, open, x->now);
	if (st)
		return st;
	x->w.is_open = open;
	struct yw_ticket none = {.hall_id = x->w.hall_id};
	snprintf(none.status, sizeof none.status, "%s", open ? "open" : "closed");
	if ((st = emit(x, &none, open ? "window.opened" : "window.closed")))
		return st;
	char *summary = yw_asprintf("{\"is_open\":%s}", open ? "true" : "false");
	st = yw_audit_append(x->c, x->who, open ? "open" : "close", "window", x->w.id, summary);
	free(summary);
	return st;
}

static int act_tx(struct yw_conn *c, void *p)
{
	struct act *x = p;
	yw_qevents_reset(&x->ev);
	x->c = c;
	x->has_cur = false;
	x->now = yw_now_ms();
	yw_local_day(x->now, x->day);
	int st = yw_qs_window(c, x->window_id, &x->w);
	if (st == YW_NOTFOUND)
		return fail(x, YW_E_NOT_FOUND, "id", "窗口不存在");
	if (st || (st = yw_qs_hall_rules(c, x->w.hall_id, &x->hall)))
		return st;
	struct yw_scope scope = {.region_id = x->hall.region_id, .hall_id = x->w.hall_id};
	if ((st = yw_authz_scope(c, x->who, &yw_entity_window, scope, x->err)))
		return st;
	if ((st = yw_qs_window_lock(c, x->w.id)))
		return st;
	if ((st = yw_qs_window_tickets(c, x->w.id, "called", "serving", take_first, x)))
		return st;
	switch (x->a) {
	case YW_WA_CALL_NEXT: return do_call_next(x);
	case YW_WA_CALL_CODE: return do_call_code(x);
	case YW_WA_RECALL: return do_recall(x);
	case YW_WA_NO_SHOW: return do_no_show(x);
	case YW_WA_PARK: return do_park(x);
	case YW_WA_RESUME: return do_resume(x);
	case YW_WA_TRANSFER: return do_transfer(x);
	case YW_WA_START: return do_start(x);
	case YW_WA_FINISH: return do_finish(x);
	case YW_WA_OPEN: return do_open_close(x, true);
	case YW_WA_CLOSE: return do_open_close(x, false);
	}
	return fail(x, YW_E_INTERNAL, NULL, "unknown action");
}

int yw_window_act(struct yw_store *s, const struct yw_actor *who, int64_t window_id, enum yw_window_action a,
		  const struct yw_window_arg *arg, struct yw_ticket *out, struct yw_error *err)
{
	struct yw_ticket scratch;
	struct act x = {.who = who, .window_id = window_id, .a = a, .arg = arg, .out = out ? out : &scratch,
			.err = err};
	memset(x.out, 0, sizeof *x.out);
	yw_queue_day_check(s);
	int st = yw_store_tx(s, YW_TX_WRITE, act_tx, &x);
	if (st == YW_OK)
		yw_qevents_publish(s, &x.ev);
	yw_qevents_free(&x.ev);
	return st;
}

/* ---- the citizen cancels ---- */

struct cancel {
	const struct yw_actor *who;
	const char *token;
	struct yw_ticket *out;
	struct yw_error *err;
	struct yw_qevents ev;
};

static int cancel_tx(struct yw_conn *c, void *p)
{
	struct cancel *x = p;
	yw_qevents_reset(&x->ev);
	struct yw_ticket t;
	int st = yw_ticket_by_token(c, x->token, &t);
	if (st == YW_NOTFOUND) {
		yw_error_set(x->err, YW_E_NOT_FOUND, "token", "没有这个号");
		return YW_FAIL;
	}
	if (st)
		return st;
	if (strcmp(t.status, "waiting")) {
		yw_error_set(x->err, YW_E_TICKET_STATE, "token", "只能取消等候中的号");
		return YW_FAIL;
	}
	int64_t now = yw_now_ms();
	snprintf(t.status, sizeof t.status, "cancelled");
	t.finished_at = now;
	if ((st = yw_qs_ticket_save(c, &t, "waiting", t.queue_id, now)) ||
	    (st = yw_queue_emit(c, &x->ev, &t, "ticket.cancelled", NULL)) ||
	    (st = yw_queue_rollup(c, &t, YW_QR_CANCELLED, now)))
		return st;
	char *summary = yw_asprintf("{\"code\":\"%s\"}", t.code);
	st = yw_audit_append(c, x->who, "cancel", "ticket", t.id, summary);
	free(summary);
	*x->out = t;
	return st;
}

int yw_ticket_cancel(struct yw_store *s, const struct yw_actor *who, const char *token, struct yw_ticket *out,
		     struct yw_error *err)
{
	struct cancel x = {.who = who, .token = token, .out = out, .err = err};
	int st = yw_store_tx(s, YW_TX_WRITE, cancel_tx, &x);
	if (st == YW_OK)
		yw_qevents_publish(s, &x.ev);
	yw_qevents_free(&x.ev);
	return st;
}
