/* Taking a number (取号) and a ticket's live status. The number comes from
 * one upsert on the queue's counter for the local day, inside the issuing
 * transaction: a refused ticket rolls its number back, so numbers are
 * unique and gap-free per queue and day (docs/queue.md). */
#include "yw/audit.h"
#include "yw/queue.h"
#include "queue_internal.h"
#include "yw/queue_store.h"
#include "yw/validate.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const priorities[] = {"elderly", "pregnant", "disabled", "military", NULL};

static bool is_priority(const char *p)
{
	for (int i = 0; priorities[i]; i++)
		if (!strcmp(p, priorities[i]))
			return true;
	return false;
}

int yw_queue_get(struct yw_conn *c, int64_t queue_id, struct yw_queue *out)
{
	return yw_qs_queue(c, queue_id, out);
}

struct queue_read {
	int64_t id;
	struct yw_queue *out;
};

static int queue_read_tx(struct yw_conn *c, void *p)
{
	struct queue_read *x = p;
	return yw_qs_queue(c, x->id, x->out);
}

int yw_queue_read(struct yw_store *s, int64_t queue_id, struct yw_queue *out)
{
	struct queue_read x = {queue_id, out};
	return yw_store_tx(s, YW_TX_READ, queue_read_tx, &x);
}

int yw_queue_for_item(struct yw_conn *c, int64_t hall_id, int64_t item_id, struct yw_queue *out)
{
	return yw_qs_queue_for_item(c, hall_id, item_id, out);
}

int yw_hall_rules_get(struct yw_conn *c, int64_t hall_id, struct yw_hall_rules *out)
{
	return yw_qs_hall_rules(c, hall_id, out);
}

struct rules_read {
	int64_t hall_id;
	struct yw_hall_rules *out;
};

static int rules_tx(struct yw_conn *c, void *p)
{
	struct rules_read *x = p;
	return yw_qs_hall_rules(c, x->hall_id, x->out);
}

int yw_hall_rules_read(struct yw_store *s, int64_t hall_id, struct yw_hall_rules *out)
{
	struct rules_read x = {hall_id, out};
	return yw_store_tx(s, YW_TX_READ, rules_tx, &x);
}

int yw_ticket_by_token(struct yw_conn *c, const char *token, struct yw_ticket *out)
{
	if (!token || strlen(token) != 32 || strspn(token, "0123456789abcdef") != 32)
		return YW_NOTFOUND;
	return yw_qs_ticket_by_token(c, token, out);
}

/* The queue a request names: its queue_id in that hall, or the hall's
 * queue for its item. */
static int resolve_queue(struct yw_conn *c, const struct yw_ticket_req *req, struct yw_queue *q,
			 struct yw_error *err)
{
	int st;
	if (req->queue_id) {
		st = yw_qs_queue(c, req->queue_id, q);
		if (st == YW_OK && q->hall_id != req->hall_id)
			st = YW_NOTFOUND;
		if (st == YW_NOTFOUND)
			yw_error_set(err, YW_E_REF_NOT_FOUND, "queue_id", "该大厅没有此队列");
	} else if (req->item_id) {
		st = yw_qs_queue_for_item(c, req->hall_id, req->item_id, q);
		if (st == YW_NOTFOUND)
			yw_error_set(err, YW_E_REF_NOT_FOUND, "item_id", "该大厅没有办理此事项的队列");
	} else {
		yw_error_set(err, YW_E_MISSING_FIELD, "queue_id", "请选择队列或事项");
		return YW_FAIL;
	}
	if (st == YW_NOTFOUND)
		return YW_FAIL;
	if (st)
		return st;
	if (!q->active) {
		yw_error_set(err, YW_E_QUEUE_INACTIVE, "queue_id", "队列“%s”未启用", q->name);
		return YW_FAIL;
	}
	return YW_OK;
}

/* 绿色通道: the elderly (65 or older on the day) prove it with a valid ID
 * number; the other groups are checked by the clerk at the window. Only a
 * masked ID number is kept on the ticket. */
static int check_person(const struct yw_ticket_req *req, int64_t now, struct yw_ticket *t, struct yw_error *err)
{
	struct yw_id_info info;
	bool have_id = req->id_number && *req->id_number;
	if (have_id) {
		if (yw_id_number_check(req->id_number, &info, "id_number", err) != YW_OK)
			return YW_FAIL;
		char *masked = yw_mask_id(info.number);
		snprintf(t->id_number, sizeof t->id_number, "%s", masked);
		free(masked);
	}
	if (req->phone && *req->phone) {
		char normal[12];
		if (!yw_mobile_normalize(req->phone, normal)) {
			yw_error_set(err, YW_E_INVALID_PHONE, "phone", "请填写 11 位手机号，用于叫号提醒");
			return YW_FAIL;
		}
		snprintf(t->phone, sizeof t->phone, "%s", normal);
	}
	if (!req->priority || !*req->priority)
		return YW_OK;
	if (!is_priority(req->priority)) {
		yw_error_set(err, YW_E_BAD_ENUM, "priority", "优先类型应为 elderly、pregnant、disabled、military 之一");
		return YW_FAIL;
	}
	if (!strcmp(req->priority, "elderly")) {
		char day[11];
		yw_local_day(now, day);
		int y, m, d;
		sscanf(day, "%d-%d-%d", &y, &m, &d);
		if (!have_id) {
			yw_error_set(err, YW_E_GREEN_NOT_ELIGIBLE, "id_number", "老年人绿色通道需提供身份证号以核验年龄");
			return YW_FAIL;
		}
		int age = yw_id_age_on(&info, y, m, d);
		if (age < 65) {
			yw_error_set(err, YW_E_GREEN_NOT_ELIGIBLE, "id_number", "年满65周岁方可走老年人绿色通道（现 %d 岁）", age);
			return YW_FAIL;
		}
	}
	snprintf(t->priority, sizeof t->priority, "%s", req->priority);
	t->klass = YW_TK_GREEN;
	return YW_OK;
}

static const char *const sources[] = {"kiosk", "reception", "remote", "appointment", NULL};

/* Issues the ticket and fills its live status from what the transaction
 * already knows, so the reply needs no second read. */
static int issue_ticket(struct yw_conn *c, const struct yw_actor *who, const struct yw_ticket_req *req,
			struct yw_qevents *ev, struct yw_ticket_status *out, struct yw_error *err)
{
	int64_t now = yw_now_ms();
	struct yw_ticket t = {0};
	bool known_source = false;
	for (int i = 0; sources[i]; i++)
		known_source |= req->source && !strcmp(req->source, sources[i]);
	if (!known_source) {
		yw_error_set(err, YW_E_BAD_ENUM, "source", "取号渠道不正确");
		return YW_FAIL;
	}
	struct yw_hall_rules hall;
	int st = yw_qs_hall_rules(c, req->hall_id, &hall);
	if (st == YW_NOTFOUND) {
		yw_error_set(err, YW_E_NOT_FOUND, "hall_id", "大厅不存在");
		return YW_FAIL;
	}
	if (st)
		return st;
	struct yw_queue q;
	if ((st = resolve_queue(c, req, &q, err)))
		return st;
	if (!strcmp(req->source, "remote")) {
		if (!hall.remote_tickets || !q.allow_remote) {
			yw_error_set(err, YW_E_REMOTE_NOT_ALLOWED, "queue_id", "“%s”不支持远程取号，请到大厅取号", q.name);
			return YW_FAIL;
		}
		if (!yw_hall_open_at(&hall, now)) {
			yw_error_set(err, YW_E_HALL_CLOSED, NULL, "%s 当前不在办公时间，远程取号仅限当日办公时间", hall.name);
			return YW_FAIL;
		}
	}
	t.klass = YW_TK_NORMAL;
	if ((st = check_person(req, now, &t, err)))
		return st;
	if (req->due_at && req->appointment_id) {
		t.klass = YW_TK_APPOINTMENT;
		t.sort_at = req->due_at;
	} else {
		t.sort_at = now;
	}
	yw_local_day(now, t.day);
	int64_t number;
	if ((st = yw_qs_next_number(c, q.id, t.day, q.number_min, &number)))
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	if (number > q.number_max || number - q.number_min + 1 > q.daily_quota) {
		yw_error_set(err, YW_E_QUEUE_QUOTA_EXHAUSTED, "queue_id", "“%s”今日 %d 个号已取完", q.name, q.daily_quota);
		return YW_FAIL;
	}
	t.hall_id = hall.hall_id;
	t.queue_id = t.issue_queue_id = q.id;
	t.number = number;
	snprintf(t.code, sizeof t.code, "%s%0*lld", q.prefix, q.pad, (long long)number);
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(t.token, sizeof t.token, raw, sizeof raw);
	snprintf(t.source, sizeof t.source, "%s", req->source);
	if (req->item_id)
		snprintf(t.item_ids, sizeof t.item_ids, ",%lld,", (long long)req->item_id);
	t.appointment_id = req->appointment_id;
	t.citizen_id = req->citizen_id;
	snprintf(t.status, sizeof t.status, "waiting");
	t.issued_at = now;
	/* The quote, recorded to compare with the real wait later. */
	t.id = INT64_MAX;
	struct yw_wait_est est;
	if ((st = yw_queue_estimate(c, &hall, &q, &t, now, &est)))
		return st;
	t.quoted_lo = est.wait_lo;
	t.quoted_hi = est.wait_hi;
	t.id = 0;
	if ((st = yw_qs_ticket_insert(c, &t)))
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	t.version = 1;
	if ((st = yw_queue_emit(c, ev, &t, "ticket.issued", NULL)))
		return st;
	if ((st = yw_queue_rollup(c, &t, YW_QR_ISSUED, now)))
		return st;
	char *summary = yw_asprintf("{\"code\":\"%s\",\"queue_id\":%lld,\"source\":\"%s\",\"klass\":%d}", t.code,
				    (long long)q.id, t.source, t.klass);
	st = yw_audit_append(c, who, "issue", "ticket", t.id, summary);
	free(summary);
	if (st)
		return st;
	memset(out, 0, sizeof *out);
	out->t = t;
	snprintf(out->hall_name, sizeof out->hall_name, "%s", hall.name);
	snprintf(out->queue_name, sizeof out->queue_name, "%s", q.name);
	/* Quoted with the ticket last among its equals, which it now is. */
	out->ahead = est.ahead;
	out->ahead_green = est.ahead_green;
	out->ahead_appointment = est.ahead_appointment;
	out->windows_serving = est.windows;
	out->wait_lo = est.wait_lo;
	out->wait_hi = est.wait_hi;
	return YW_OK;
}

int yw_ticket_issue_tx(struct yw_conn *c, const struct yw_actor *who, const struct yw_ticket_req *req,
		       struct yw_qevents *ev, struct yw_ticket *out, struct yw_error *err)
{
	struct yw_ticket_status s;
	int st = issue_ticket(c, who, req, ev, &s, err);
	if (!st)
		*out = s.t;
	return st;
}

struct issue_ctx {
	const struct yw_actor *who;
	const struct yw_ticket_req *req;
	struct yw_qevents ev;
	struct yw_ticket_status *out;
	struct yw_error *err;
};

static int issue_tx(struct yw_conn *c, void *p)
{
	struct issue_ctx *x = p;
	yw_qevents_reset(&x->ev);
	return issue_ticket(c, x->who, x->req, &x->ev, x->out, x->err);
}

int yw_ticket_issue(struct yw_store *s, const struct yw_actor *who, const struct yw_ticket_req *req,
		    struct yw_ticket_status *out, struct yw_error *err)
{
	struct issue_ctx x = {.who = who, .req = req, .out = out, .err = err};
	yw_queue_day_check(s);
	int st = yw_store_tx(s, YW_TX_WRITE, issue_tx, &x);
	if (st == YW_OK)
		yw_qevents_publish(s, &x.ev);
	yw_qevents_free(&x.ev);
	return st;
}

/* ---- live status ---- */

struct status_ctx {
	const char *token;
	struct yw_ticket_status *out;
};

static int status_tx(struct yw_conn *c, void *p)
{
	struct status_ctx *x = p;
	struct yw_ticket_status *s = x->out;
	memset(s, 0, sizeof *s);
	int st = yw_ticket_by_token(c, x->token, &s->t);
	if (st)
		return st;
	return yw_ticket_status_fill(c, s);
}

int yw_ticket_status_fill(struct yw_conn *c, struct yw_ticket_status *s)
{
	int64_t now = yw_now_ms();
	struct yw_hall_rules hall;
	struct yw_queue q;
	int st = yw_qs_hall_rules(c, s->t.hall_id, &hall);
	if (!st)
		st = yw_qs_queue(c, s->t.queue_id, &q);
	if (st)
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	snprintf(s->hall_name, sizeof s->hall_name, "%s", hall.name);
	snprintf(s->queue_name, sizeof s->queue_name, "%s", q.name);
	if (!strcmp(s->t.status, "waiting")) {
		struct yw_wait_est est;
		if ((st = yw_queue_estimate(c, &hall, &q, &s->t, now, &est)))
			return st;
		s->ahead = est.ahead;
		s->ahead_green = est.ahead_green;
		s->ahead_appointment = est.ahead_appointment;
		s->windows_serving = est.windows;
		s->wait_lo = est.wait_lo;
		s->wait_hi = est.wait_hi;
	}
	if (s->t.window_id) {
		struct yw_window_row w;
		if (yw_qs_window(c, s->t.window_id, &w) == YW_OK) {
			s->window_number = (int)w.number;
			snprintf(s->window_name, sizeof s->window_name, "%s", w.name);
		}
	}
	return YW_OK;
}

int yw_ticket_status_by_token(struct yw_store *s, const char *token, struct yw_ticket_status *out)
{
	struct status_ctx x = {token, out};
	return yw_store_tx(s, YW_TX_READ, status_tx, &x);
}
