/* Pressure on late orders: 催办 (urge) and 督办 (supervise) remind the
 * departments still holding the order by SMS through the outbox (written
 * in the same transaction, so a retried step sends nothing twice), and
 * escalation (升级) raises the order to a higher level. Each is an event. */
#include "hotline_internal.h"
#include "yw/auth_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const held[] = {"dispatched", "signed", NULL};

struct sms {
	struct hl_run *r;
	const char *body;
	int sent;
	int st;
};

static int send_one(void *ctx, const char *phone)
{
	struct sms *m = ctx;
	m->st = yw_austore_outbox_insert(m->r->c, "sms", phone, m->body, m->r->x->now);
	if (m->st)
		return 1;
	m->sent++;
	return 0;
}

/* "10月13日 10:00" in Shanghai time. */
static void local_deadline(int64_t ms, char *out, size_t n)
{
	struct yw_date d = yw_date_from_epoch_ms_shanghai(ms);
	int64_t minute = (ms - yw_date_midnight_ms_shanghai(d)) / 60000;
	snprintf(out, n, "%d月%d日 %02d:%02d", d.m, d.d, (int)(minute / 60), (int)(minute % 60));
}

/* One SMS per phone of each department that has not replied yet. */
static int notify(struct hl_run *r, const char *what)
{
	struct yw_buf deps = {0};
	int st = YW_OK, sent = 0, n = 0;
	for (int i = 0; !st && i < r->nas; i++) {
		struct yw_hl_assignment *a = &r->as[i];
		if (a->round != r->o.round || (strcmp(a->state, "dispatched") && strcmp(a->state, "signed")))
			continue;
		char due[40];
		local_deadline(a->handle_by, due, sizeof due);
		char *body = yw_asprintf("【12345】%s：工单%s（%s）%s，请于%s前办理答复。理由：%s", a->department_name,
					 r->o.order_no, r->o.category_name, what, due, r->args->reason);
		struct sms m = {r, body, 0, YW_OK};
		st = yw_hs_department_phones(r->c, a->department_id, send_one, &m);
		if (!st)
			st = m.st;
		free(body);
		sent += m.sent;
		yw_buf_printf(&deps, "%s%lld", n++ ? "," : "", (long long)a->department_id);
	}
	if (!st)
		yw_hl_detail(r, "\"department_ids\":[%s],\"messages\":%d", deps.data ? deps.data : "", sent);
	yw_buf_free(&deps);
	return st;
}

static int pressure(struct hl_run *r, const char *what)
{
	if (yw_hl_blank(r->args->reason))
		return yw_hl_fail(r, YW_E_HOTLINE_REASON_REQUIRED, "reason", "请写明理由");
	if (!yw_hl_state_is(&r->o, held))
		return yw_hl_bad_state(r, "只有部门办理中的工单可以催办或督办");
	r->ev_reason = r->args->reason;
	r->ev_department_id = r->o.lead_department_id;
	return notify(r, what);
}

int yw_hl_step_urge(struct hl_run *r)
{
	int st = pressure(r, "被催办");
	if (!st)
		r->o.urge_count++;
	return st;
}

int yw_hl_step_supervise(struct hl_run *r)
{
	int st = pressure(r, "已列入督办");
	if (!st)
		r->o.supervised = true;
	return st;
}

int yw_hl_step_escalate(struct hl_run *r)
{
	static const char *const open[] = {"accepted", "dispatched", "returned", "signed", "replied", "reviewed", NULL};
	if (yw_hl_blank(r->args->reason))
		return yw_hl_fail(r, YW_E_HOTLINE_REASON_REQUIRED, "reason", "请写明升级理由");
	if (!yw_hl_state_is(&r->o, open))
		return yw_hl_bad_state(r, "已办结的工单不能升级");
	if (r->o.escalation >= 3)
		return yw_hl_fail(r, YW_E_HOTLINE_BAD_STATE, "state", "已升级到最高层级（市级）");
	r->o.escalation++;
	r->ev_reason = r->args->reason;
	r->ev_department_id = r->o.lead_department_id;
	yw_hl_detail(r, "\"level\":%d", r->o.escalation);
	return YW_OK;
}
