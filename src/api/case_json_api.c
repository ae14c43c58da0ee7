/* JSON of cases for the case endpoints, written with the streaming writer,
 * and the body readers they share. Personal data is masked here. */
#include "api/api.h"
#include "yw/case_json.h"
#include "yw/case_notice.h"
#include "yw/calendar_svc.h"
#include <stdlib.h>
#include <string.h>

static void kv_str(struct yw_buf *b, const char *key, const char *v, bool comma)
{
	if (comma)
		yw_buf_adds(b, ",");
	yw_buf_json_str(b, key);
	yw_buf_adds(b, ":");
	if (v && *v)
		yw_buf_json_str(b, v);
	else
		yw_buf_adds(b, "null");
}

static void kv_int(struct yw_buf *b, const char *key, int64_t v)
{
	yw_buf_printf(b, ",\"%s\":%lld", key, (long long)v);
}

static void kv_opt(struct yw_buf *b, const char *key, int64_t v)
{
	if (v)
		kv_int(b, key, v);
	else
		yw_buf_printf(b, ",\"%s\":null", key);
}

static void kv_masked(struct yw_buf *b, const char *key, const char *v, bool phone)
{
	char *m = v && *v ? (phone ? yw_mask_phone(v) : yw_mask_id(v)) : NULL;
	kv_str(b, key, m, true);
	free(m);
}

static void party(struct yw_buf *b, const struct yw_case *k)
{
	bool enterprise = !strcmp(k->applicant_kind, "enterprise");
	yw_buf_adds(b, ",\"applicant\":{");
	kv_str(b, "kind", k->applicant_kind, false);
	kv_str(b, "name", k->applicant_name, true);
	if (enterprise) {
		kv_str(b, "credit_code", k->applicant_id, true);
		kv_str(b, "legal_rep", k->legal_rep, true);
	} else {
		kv_masked(b, "id_number", k->applicant_id, false);
	}
	kv_masked(b, "phone", k->applicant_phone, true);
	yw_buf_adds(b, "}");
	if (!k->agent_name[0]) {
		yw_buf_adds(b, ",\"agent\":null");
		return;
	}
	yw_buf_adds(b, ",\"agent\":{");
	kv_str(b, "name", k->agent_name, false);
	kv_masked(b, "id_number", k->agent_id, false);
	kv_masked(b, "phone", k->agent_phone, true);
	yw_buf_adds(b, "}");
}

static void clock(struct yw_buf *b, const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	yw_buf_printf(b, ",\"clock\":{\"statutory_days\":%d,\"promised_days\":%d,\"extension_days\":%d,\"paused_days\":%d",
		      k->statutory_days, k->promised_days, k->extension_days, k->paused_days);
	kv_str(b, "accepted_on", k->accepted_on, true);
	kv_str(b, "due_promised", k->due_promised, true);
	kv_str(b, "due_statutory", k->due_statutory, true);
	yw_buf_printf(b, ",\"paused\":%s", k->pause_kind[0] ? "true" : "false");
	kv_str(b, "pause_kind", k->pause_kind, true);
	kv_str(b, "paused_on", k->paused_on, true);
	kv_str(b, "decided_on", k->decided_on, true);
	kv_str(b, "delivery_due", k->delivery_due, true);
	kv_str(b, "warn_level", k->warn_level, true);
	kv_int(b, "left", d->left);
	kv_str(b, "level", d->level, true);
	yw_buf_adds(b, "}");
}

static void notices(struct yw_buf *b, const struct yw_case_detail *d)
{
	unsigned bits = yw_case_notices_available(d);
	yw_buf_adds(b, ",\"notices\":[");
	bool first = true;
	for (int k = 0; k < YW_NOTICE_KIND_COUNT; k++)
		if (bits & (1u << k)) {
			yw_buf_adds(b, first ? "" : ",");
			yw_buf_json_str(b, yw_notice_slug((enum yw_notice_kind)k));
			first = false;
		}
	yw_buf_adds(b, "]");
}

static void materials(struct yw_buf *b, const struct yw_case_detail *d)
{
	yw_buf_adds(b, ",\"materials\":[");
	for (int i = 0; i < d->nmaterials; i++) {
		const struct yw_case_material *m = &d->materials[i];
		yw_buf_printf(b, "%s{\"seq\":%d", i ? "," : "", m->seq);
		kv_str(b, "name", m->name, true);
		yw_buf_printf(b, ",\"required\":%s", m->required ? "true" : "false");
		kv_str(b, "role", m->role, true);
		kv_str(b, "form", m->form, true);
		kv_int(b, "count", m->count);
		kv_str(b, "file_ref", m->file_ref, true);
		kv_str(b, "elicence_ref", m->elicence_ref, true);
		kv_str(b, "trust_level", m->trust_level, true);
		kv_str(b, "status", m->status, true);
		kv_str(b, "reason", m->reason, true);
		kv_str(b, "due", m->due, true);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]");
}

static void steps(struct yw_buf *b, const struct yw_case_detail *d)
{
	yw_buf_adds(b, ",\"steps\":[");
	for (int i = 0; i < d->nsteps; i++) {
		const struct yw_case_step *s = &d->steps[i];
		yw_buf_printf(b, "%s{\"id\":%lld,\"seq\":%d,\"round\":%d,\"stage\":%d", i ? "," : "", (long long)s->id,
			      s->seq, s->round, s->stage);
		kv_str(b, "kind", s->kind, true);
		kv_str(b, "name", s->name, true);
		kv_str(b, "role", s->role, true);
		kv_int(b, "department_id", s->department_id);
		kv_str(b, "department_name", s->department_name, true);
		kv_str(b, "parallel_group", s->group, true);
		kv_str(b, "state", s->state, true);
		kv_opt(b, "claimed_by", s->claimed_by);
		kv_str(b, "claimed_name", s->claimed_name, true);
		kv_int(b, "limit_days", s->limit_days);
		kv_str(b, "activated_on", s->activated_on, true);
		kv_int(b, "paused_days", s->paused_days);
		kv_str(b, "due", s->due, true);
		kv_opt(b, "finished_at", s->finished_at);
		kv_str(b, "opinion", s->opinion, true);
		kv_int(b, "version", s->version);
		kv_int(b, "left", s->left);
		kv_str(b, "level", s->level, true);
		kv_str(b, "warn_level", s->warn_level, true);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]");
}

static void events(struct yw_buf *b, const struct yw_case_detail *d)
{
	yw_buf_adds(b, ",\"events\":[");
	for (int i = 0; i < d->nevents; i++) {
		const struct yw_case_event *e = &d->events[i];
		yw_buf_printf(b, "%s{\"id\":%lld,\"at\":%lld", i ? "," : "", (long long)e->id, (long long)e->at);
		kv_str(b, "type", e->type, true);
		kv_str(b, "label", yw_case_event_label(e->type), true);
		kv_str(b, "state", e->state, true);
		kv_str(b, "actor_name", e->actor_name, true);
		kv_opt(b, "department_id", e->department_id);
		kv_str(b, "department_name", e->department_name, true);
		kv_opt(b, "step_id", e->step_id);
		kv_str(b, "reason", e->reason, true);
		/* detail is JSON the domain wrote (no personal data) */
		yw_buf_adds(b, ",\"detail\":");
		yw_buf_adds(b, e->detail && *e->detail ? e->detail : "null");
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]");
}

static void rest(struct yw_buf *b, const struct yw_case_detail *d)
{
	yw_buf_adds(b, ",\"pauses\":[");
	for (int i = 0; i < d->npauses; i++) {
		const struct yw_case_pause *p = &d->pauses[i];
		yw_buf_printf(b, "%s{\"id\":%lld", i ? "," : "", (long long)p->id);
		kv_str(b, "kind", p->kind, true);
		kv_str(b, "label", yw_case_pause_label(p->kind), true);
		kv_opt(b, "step_id", p->step_id);
		kv_str(b, "reason", p->reason, true);
		kv_str(b, "from", p->from_on, true);
		kv_str(b, "to", p->to_on, true);
		if (p->days >= 0)
			kv_int(b, "days", p->days);
		else
			yw_buf_adds(b, ",\"days\":null");
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "],\"results\":[");
	for (int i = 0; i < d->nresults; i++) {
		const struct yw_case_result *x = &d->results[i];
		yw_buf_printf(b, "%s{\"id\":%lld", i ? "," : "", (long long)x->id);
		kv_str(b, "type", x->type, true);
		kv_str(b, "name", x->name, true);
		kv_str(b, "number", x->number, true);
		kv_int(b, "created_at", x->created_at);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "],\"deliveries\":[");
	for (int i = 0; i < d->ndeliveries; i++) {
		const struct yw_case_delivery *v = &d->deliveries[i];
		yw_buf_printf(b, "%s{\"id\":%lld", i ? "," : "", (long long)v->id);
		kv_str(b, "method", v->method, true);
		kv_str(b, "state", v->state, true);
		kv_str(b, "recipient", v->recipient, true);
		kv_masked(b, "phone", v->phone, true);
		kv_str(b, "address", v->address, true);
		kv_str(b, "carrier", v->carrier, true);
		kv_str(b, "tracking_no", v->tracking_no, true);
		kv_opt(b, "hall_id", v->hall_id);
		kv_str(b, "hall_name", v->hall_name, true);
		kv_opt(b, "window_id", v->window_id);
		kv_str(b, "collector_name", v->collector_name, true);
		kv_str(b, "collector_id", v->collector_id, true); /* stored masked */
		kv_int(b, "created_at", v->created_at);
		kv_opt(b, "shipped_at", v->shipped_at);
		kv_opt(b, "done_at", v->done_at);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]");
}

void yw_case_json_detail(struct yw_buf *b, const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	yw_buf_printf(b, "{\"id\":%lld", (long long)k->id);
	kv_str(b, "case_no", k->case_no, true);
	kv_str(b, "state", k->state, true);
	kv_str(b, "state_label", yw_case_state_label(k->state), true);
	kv_str(b, "outcome", k->outcome, true);
	kv_str(b, "outcome_reason", k->outcome_reason, true);
	kv_str(b, "redirect", k->redirect, true);
	yw_buf_printf(b, ",\"item\":{\"id\":%lld,\"version\":%d", (long long)k->item_id, k->item_version);
	kv_str(b, "code", k->item_code, true);
	kv_str(b, "name", k->item_name, true);
	kv_str(b, "handling_type", k->handling_type, true);
	yw_buf_adds(b, "}");
	kv_int(b, "region_id", k->region_id);
	kv_int(b, "department_id", k->department_id);
	kv_str(b, "department_name", k->department_name, true);
	kv_opt(b, "hall_id", k->hall_id);
	kv_str(b, "hall_name", k->hall_name, true);
	kv_opt(b, "window_id", k->window_id);
	kv_opt(b, "staff_id", k->staff_id);
	kv_opt(b, "ticket_id", k->ticket_id);
	kv_str(b, "channel", k->channel, true);
	party(b, k);
	yw_buf_printf(b, ",\"tolerant\":%s", k->tolerant ? "true" : "false");
	kv_str(b, "commitment", k->commitment, true);
	kv_str(b, "supply_due", k->supply_due, true);
	kv_str(b, "supply_level", k->supply_level, true);
	clock(b, d);
	if (k->extension_state[0]) {
		yw_buf_adds(b, ",\"extension\":{");
		kv_str(b, "state", k->extension_state, false);
		kv_int(b, "requested_days", k->extension_requested);
		kv_int(b, "approved_days", k->extension_days);
		kv_str(b, "reason", k->extension_reason, true);
		kv_int(b, "department_id", k->extension_department_id);
		yw_buf_adds(b, "}");
	} else {
		yw_buf_adds(b, ",\"extension\":null");
	}
	kv_int(b, "received_at", k->received_at);
	kv_opt(b, "accepted_at", k->accepted_at);
	kv_opt(b, "decided_at", k->decided_at);
	kv_opt(b, "delivered_at", k->delivered_at);
	kv_int(b, "version", k->version);
	materials(b, d);
	steps(b, d);
	events(b, d);
	rest(b, d);
	notices(b, d);
	yw_buf_adds(b, "}");
}

/* Only what the applicant may see through a number and four digits: the
 * item, the states and dates, the departments. No names, numbers or
 * reasons (a reason is free text a clerk typed). */
static const char *const public_events[] = {
	"received",	     "supplement_notice", "accepted",	   "tolerant_accepted", "not_accepted",
	"supplemented",	     "tolerance_cleared", "step_approved", "returned",		"resumed",
	"special_started",   "special_ended",	  "extension_approved", "decided",	"shipped",
	"delivered",	     NULL};

void yw_case_json_progress(struct yw_buf *b, const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	yw_buf_adds(b, "{");
	kv_str(b, "case_no", k->case_no, false);
	kv_str(b, "item_name", k->item_name, true);
	kv_str(b, "department_name", k->department_name, true);
	kv_str(b, "hall_name", k->hall_name, true);
	kv_str(b, "state", k->state, true);
	kv_str(b, "state_label", yw_case_state_label(k->state), true);
	kv_str(b, "outcome", k->outcome, true);
	kv_int(b, "received_at", k->received_at);
	kv_str(b, "accepted_on", k->accepted_on, true);
	kv_str(b, "due_promised", k->due_promised, true);
	kv_str(b, "decided_on", k->decided_on, true);
	kv_str(b, "delivery_due", k->delivery_due, true);
	yw_buf_printf(b, ",\"paused\":%s", k->pause_kind[0] ? "true" : "false");
	/* What is still owed, by name only. */
	yw_buf_adds(b, ",\"materials_owed\":[");
	bool first = true;
	for (int i = 0; i < d->nmaterials; i++) {
		const struct yw_case_material *m = &d->materials[i];
		if (!m->required || !strcmp(m->status, "ok") || !strcmp(k->state, "not_accepted"))
			continue;
		yw_buf_adds(b, first ? "" : ",");
		yw_buf_json_str(b, m->name);
		first = false;
	}
	yw_buf_adds(b, "],\"timeline\":[");
	first = true;
	for (int i = 0; i < d->nevents; i++) {
		const struct yw_case_event *e = &d->events[i];
		bool shown = false;
		for (int j = 0; public_events[j] && !shown; j++)
			shown = !strcmp(public_events[j], e->type);
		if (!shown)
			continue;
		yw_buf_printf(b, "%s{\"at\":%lld", first ? "" : ",", (long long)e->at);
		kv_str(b, "type", e->type, true);
		kv_str(b, "label", yw_case_event_label(e->type), true);
		kv_str(b, "state", e->state, true);
		kv_str(b, "state_label", yw_case_state_label(e->state), true);
		kv_str(b, "department_name", e->department_name, true);
		yw_buf_adds(b, "}");
		first = false;
	}
	yw_buf_adds(b, "]");
	notices(b, d);
	yw_buf_adds(b, "}");
}

void yw_case_json_row(struct yw_buf *b, const struct yw_case_row *x)
{
	yw_buf_printf(b, "{\"id\":%lld", (long long)x->id);
	kv_str(b, "case_no", x->case_no, true);
	kv_str(b, "item_name", x->item_name, true);
	kv_str(b, "state", x->state, true);
	kv_str(b, "state_label", yw_case_state_label(x->state), true);
	kv_str(b, "outcome", x->outcome, true);
	kv_str(b, "warn_level", x->warn_level, true);
	kv_str(b, "applicant_name", x->applicant_name, true);
	kv_masked(b, "applicant_phone", x->applicant_phone, true);
	kv_opt(b, "hall_id", x->hall_id);
	kv_str(b, "hall_name", x->hall_name, true);
	kv_int(b, "department_id", x->department_id);
	kv_str(b, "department_name", x->department_name, true);
	kv_int(b, "received_at", x->received_at);
	kv_opt(b, "accepted_at", x->accepted_at);
	kv_opt(b, "decided_at", x->decided_at);
	kv_str(b, "due_promised", x->due_promised, true);
	kv_str(b, "delivery_due", x->delivery_due, true);
	kv_str(b, "delivery_method", x->delivery_method, true);
	kv_str(b, "delivery_state", x->delivery_state, true);
	yw_buf_adds(b, "}");
}

void yw_case_reply(struct yw_req *q, struct yw_resp *r, int64_t case_id, int status)
{
	const struct yw_calendar_snap *snap = yw_api_calendar_acquire(q, r);
	if (!snap)
		return;
	struct yw_case_detail d;
	struct yw_error err = {0};
	int st = yw_case_get(q->app->store, snap->cal, &q->actor, case_id, &d, &err);
	yw_api_calendar_release(snap);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_case_json_detail(&b, &d);
	yw_case_detail_free(&d);
	yw_resp_buf(r, status, &b);
}

/* ---- body readers ---- */

static void path(char *out, size_t n, const char *prefix, const char *key)
{
	snprintf(out, n, "%s%s%s", prefix ? prefix : "", prefix && *prefix ? "." : "", key);
}

bool yw_case_body_keys(json_t *obj, const char *const *known, const char *prefix, struct yw_resp *r)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		bool ok = false;
		for (int i = 0; known[i] && !ok; i++)
			ok = !strcmp(known[i], key);
		if (!ok) {
			char f[96];
			path(f, sizeof f, prefix, key);
			yw_resp_err(r, YW_E_UNKNOWN_FIELD, f, "unknown field “%s”", f);
			return false;
		}
	}
	return true;
}

bool yw_case_body_str(json_t *obj, const char *key, const char *prefix, int max, const char **out,
		      struct yw_resp *r)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	char f[96];
	path(f, sizeof f, prefix, key);
	if (!json_is_string(v)) {
		yw_resp_err(r, YW_E_BAD_TYPE, f, "“%s” should be a string", f);
		return false;
	}
	if ((int)yw_utf8_len(json_string_value(v)) > max) {
		yw_resp_err(r, YW_E_TOO_LONG, f, "%s 最多 %d 个字符", f, max);
		return false;
	}
	*out = json_string_value(v);
	return true;
}

bool yw_case_body_int(json_t *obj, const char *key, const char *prefix, int64_t min, int64_t max, int64_t *out,
		      struct yw_resp *r)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return true;
	char f[96];
	path(f, sizeof f, prefix, key);
	if (!json_is_integer(v)) {
		yw_resp_err(r, YW_E_BAD_TYPE, f, "“%s” should be an integer", f);
		return false;
	}
	if (json_integer_value(v) < min || json_integer_value(v) > max) {
		yw_resp_err(r, YW_E_OUT_OF_RANGE, f, "%lld–%lld", (long long)min, (long long)max);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

json_t *yw_case_body_opt(struct yw_req *q, struct yw_resp *r, bool *bad)
{
	*bad = false;
	if (!q->body_len)
		return NULL;
	json_t *body = yw_api_body(q, r);
	*bad = body == NULL;
	return body;
}
