/* What can be rated, and by whom: one resolver per subject kind. A resolver
 * checks that the rater may rate the subject (only the person served) and
 * fills the dimensions its figures are booked to. The table at the end is
 * the one place a kind is added (docs/ratings.md, "Adding a kind"). */
#include "yw/authz.h"
#include "yw/rating_internal.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

void yw_rating_rater_key(const char *tag, const char *value, char out[65])
{
	unsigned char h[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	/* Domain-separated from other hashes of the same values. */
	crypto_generichash_update(&st, (const unsigned char *)"yw-rater:", 9);
	crypto_generichash_update(&st, (const unsigned char *)tag, strlen(tag));
	crypto_generichash_update(&st, (const unsigned char *)":", 1);
	crypto_generichash_update(&st, (const unsigned char *)value, strlen(value));
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* The first item a ticket names (",12,5," → 12), 0 when none. */
static int64_t first_item(const char *item_ids)
{
	if (!item_ids || item_ids[0] != ',')
		return 0;
	return strtoll(item_ids + 1, NULL, 10);
}

int yw_rating_ticket_subject(struct yw_conn *c, const struct yw_rs_ticket *t, struct yw_rating_subject *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->kind, sizeof out->kind, "ticket");
	snprintf(out->subject_id, sizeof out->subject_id, "%lld", (long long)t->id);
	snprintf(out->subject_label, sizeof out->subject_label, "%s", t->code);
	snprintf(out->day, sizeof out->day, "%s", t->day);
	snprintf(out->phone, sizeof out->phone, "%s", t->phone);
	out->indicator_channel = "offline";
	out->served_at = t->finished_at;
	struct yw_rating_dims *d = &out->d;
	d->channel = YW_RCH_ONSITE;
	d->hall_id = t->hall_id;
	d->window_id = t->window_id;
	d->staff_id = t->staff_id;
	d->region_id = t->hall_region_id;
	/* The department answerable for the service: the competent department
	 * of the item the ticket names, else the serving clerk's (the rollup
	 * trigger on tickets counts finished services the same way). */
	d->item_id = first_item(t->item_ids);
	d->department_id = t->staff_department_id;
	if (d->item_id) {
		struct yw_rs_item it;
		int st = yw_rs_item(c, d->item_id, &it);
		if (st == YW_OK) {
			d->department_id = it.department_id;
			snprintf(out->item_name, sizeof out->item_name, "%s", it.name);
		} else if (st == YW_NOTFOUND) {
			d->item_id = 0;
		} else {
			return st;
		}
	}
	snprintf(out->hall_name, sizeof out->hall_name, "%s", t->hall_name);
	snprintf(out->window_name, sizeof out->window_name, "%s", t->window_name);
	snprintf(out->staff_name, sizeof out->staff_name, "%s", t->staff_name);
	out->window_number = t->window_number;
	/* Real-name when the ticket has a name to it; else the ticket itself
	 * is all we know of the person. */
	if (t->id_number[0])
		yw_rating_rater_key("id", t->id_number, out->rater_key);
	else if (t->phone[0])
		yw_rating_rater_key("phone", t->phone, out->rater_key);
	else
		yw_rating_rater_key("ticket", t->token, out->rater_key);
	return YW_OK;
}

/* ---- ticket: 一次一评 at the window ---- */

static int ticket_at_window(struct yw_conn *c, const struct yw_actor *who, const struct yw_rating_ref *ref,
			    int64_t now, struct yw_rs_ticket *t, struct yw_error *err)
{
	struct yw_rs_window w;
	int st = yw_rs_window(c, ref->window_id, &w);
	if (st == YW_NOTFOUND)
		return fail(err, YW_E_NOT_FOUND, "id", "窗口不存在 / no such window");
	if (st)
		return st;
	/* The evaluator is the window's device, signed in by staff of its hall. */
	struct yw_scope scope = {.region_id = w.region_id, .hall_id = w.hall_id};
	if ((st = yw_authz_scope(c, who, &yw_entity_window, scope, err)))
		return st;
	char day[11];
	yw_rating_day(now, day);
	st = yw_rs_ticket_last_done(c, w.id, day, t);
	if (st == YW_NOTFOUND)
		return fail(err, YW_E_RATING_NOT_SERVED, "id", "该窗口今天还没有办结的号 / nothing was finished at this window today");
	if (st)
		return st;
	if (ref->expect_id && ref->expect_id != t->id)
		return fail(err, YW_E_RATING_NOT_SERVED, "ticket_id",
			    "评价器上的号已不是该窗口刚办结的号，请刷新 / the ticket shown is no longer the one just finished here");
	/* A clerk's device rates the clerk's own service, not a colleague's. */
	if (who && (who->roles & YW_ROLE_CLERK) && !(who->roles & (YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN)) &&
	    t->staff_id != who->user_id)
		return fail(err, YW_E_RATING_NOT_SERVED, "id",
			    "该号不是本机登录的窗口人员办理的 / the ticket was served by someone else");
	return YW_OK;
}

static int resolve_ticket(struct yw_conn *c, const struct yw_actor *who, const struct yw_rating_ref *ref, int64_t now,
			  struct yw_rating_subject *out, struct yw_error *err)
{
	struct yw_rs_ticket t;
	int st;
	if (ref->window_id) {
		if ((st = ticket_at_window(c, who, ref, now, &t, err)))
			return st;
	} else if (ref->token) {
		st = yw_rs_ticket_by_token(c, ref->token, &t);
		if (st == YW_NOTFOUND)
			return fail(err, YW_E_NOT_FOUND, "token", "没有这个号 / no such ticket");
		if (st)
			return st;
	} else {
		char *end = NULL;
		long long id = ref->subject_id ? strtoll(ref->subject_id, &end, 10) : 0;
		if (id <= 0 || !end || *end)
			return fail(err, YW_E_NOT_FOUND, "subject_id", "没有这个号 / no such ticket");
		st = yw_rs_ticket_by_id(c, id, &t);
		if (st == YW_NOTFOUND)
			return fail(err, YW_E_NOT_FOUND, "subject_id", "没有这个号 / no such ticket");
		if (st)
			return st;
		/* A logged-in citizen rates a ticket that is theirs: taken from
		 * their account, or with their phone. */
		bool mine = who && who->user_id && t.citizen_id == who->user_id;
		mine |= ref->phone && ref->phone[0] && t.phone[0] && !strcmp(ref->phone, t.phone);
		if (!mine)
			return fail(err, YW_E_RATING_NOT_SERVED, "subject_id", "这不是您的号 / this is not your ticket");
	}
	if (strcmp(t.status, "done"))
		return fail(err, YW_E_RATING_NOT_SERVED, ref->window_id ? "id" : ref->token ? "token" : "subject_id",
			    "该号尚未办结，办结后才能评价 / the service is not finished");
	return yw_rating_ticket_subject(c, &t, out);
}

/* ---- online: the online service of an item, by a logged-in citizen ---- */

static int resolve_online(struct yw_conn *c, const struct yw_actor *who, const struct yw_rating_ref *ref, int64_t now,
			  struct yw_rating_subject *out, struct yw_error *err)
{
	if (!who || !who->user_id || !(who->roles & YW_ROLE_CITIZEN) || !ref->phone || !ref->phone[0])
		return fail(err, YW_E_RATING_NOT_SERVED, "subject_id", "请先登录后评价网上办事服务 / log in to rate an online service");
	char *end = NULL;
	long long id = ref->subject_id ? strtoll(ref->subject_id, &end, 10) : 0;
	if (id <= 0 || !end || *end)
		return fail(err, YW_E_NOT_FOUND, "subject_id", "没有这个事项 / no such item");
	struct yw_rs_item it;
	int st = yw_rs_item(c, id, &it);
	if (st == YW_NOTFOUND)
		return fail(err, YW_E_NOT_FOUND, "subject_id", "没有这个事项 / no such item");
	if (st)
		return st;
	if (!it.published || !it.online)
		return fail(err, YW_E_RATING_NOT_RATEABLE, "subject_id",
			    "该事项不提供网上办理 / the item has no online service");
	memset(out, 0, sizeof *out);
	snprintf(out->kind, sizeof out->kind, "online");
	yw_rating_rater_key("phone", ref->phone, out->rater_key);
	yw_rating_day(now, out->day);
	/* 一次一评: one rating of an item's online service per person and day. */
	snprintf(out->subject_id, sizeof out->subject_id, "%lld:%s:%.16s", id, out->day, out->rater_key);
	snprintf(out->subject_label, sizeof out->subject_label, "%s", it.name);
	snprintf(out->phone, sizeof out->phone, "%s", ref->phone);
	out->indicator_channel = "online";
	out->d.channel = YW_RCH_ONLINE;
	out->d.item_id = it.id;
	out->d.department_id = it.department_id;
	out->d.region_id = it.region_id;
	snprintf(out->item_name, sizeof out->item_name, "%s", it.name);
	return YW_OK;
}

/* ---- case and hotline: rated after the fact by the person served ---- */

/* A logged-in citizen names a case or an order by id. */
static int citizen_subject_id(const struct yw_actor *who, const struct yw_rating_ref *ref, const char *what,
			      int64_t *id, struct yw_error *err)
{
	if (!who || !who->user_id || !(who->roles & YW_ROLE_CITIZEN) || !ref->phone || !ref->phone[0]) {
		yw_error_set(err, YW_E_RATING_NOT_SERVED, "subject_id", "请先登录后评价%s / log in to rate it", what);
		return YW_FAIL;
	}
	char *end = NULL;
	long long v = ref->subject_id ? strtoll(ref->subject_id, &end, 10) : 0;
	if (v <= 0 || !end || *end) {
		yw_error_set(err, YW_E_NOT_FOUND, "subject_id", "没有这个%s / no such subject", what);
		return YW_FAIL;
	}
	*id = v;
	return YW_OK;
}

/* What a service row gives every kind: its dimensions, day and names. */
static void service_subject(const char *kind, const struct yw_rs_service *v, const char *phone,
			    struct yw_rating_subject *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->kind, sizeof out->kind, "%s", kind);
	snprintf(out->subject_id, sizeof out->subject_id, "%lld", (long long)v->id);
	snprintf(out->subject_label, sizeof out->subject_label, "%s", v->number);
	snprintf(out->day, sizeof out->day, "%s", v->day);
	snprintf(out->phone, sizeof out->phone, "%s", phone);
	out->served_at = v->finished_at;
	out->d = v->d;
	snprintf(out->hall_name, sizeof out->hall_name, "%s", v->hall_name);
	snprintf(out->window_name, sizeof out->window_name, "%s", v->window_name);
	snprintf(out->staff_name, sizeof out->staff_name, "%s", v->staff_name);
	out->window_number = v->window_number;
}

/* 一事一评: a case whose handling has ended (its result delivered, or
 * refused at intake), by its applicant or the agent who came for them —
 * the phone of the citizen's account is the one on the case. The rating
 * books to the case's hall, intake window and clerk, department and item
 * (the same dimensions its finished count went to, migration 0015). */
static int resolve_case(struct yw_conn *c, const struct yw_actor *who, const struct yw_rating_ref *ref, int64_t now,
			struct yw_rating_subject *out, struct yw_error *err)
{
	(void)now;
	int64_t id;
	int st = citizen_subject_id(who, ref, "办件", &id, err);
	if (st)
		return st;
	struct yw_rs_service v;
	if ((st = yw_rs_case_service(c, id, &v)) == YW_NOTFOUND)
		return fail(err, YW_E_NOT_FOUND, "subject_id", "没有这个办件 / no such case");
	if (st)
		return st;
	if (strcmp(ref->phone, v.phone) && strcmp(ref->phone, v.agent_phone))
		return fail(err, YW_E_RATING_NOT_SERVED, "subject_id", "这不是您的办件 / this is not your case");
	if (!v.finished)
		return fail(err, YW_E_RATING_NOT_SERVED, "subject_id",
			    "办件尚未办结送达，办结后才能评价 / the case is not finished yet");
	service_subject("case", &v, ref->phone, out);
	snprintf(out->item_name, sizeof out->item_name, "%s", v.item_name);
	out->indicator_channel = strcmp(v.channel, "online") ? "offline" : "online";
	/* The citizen's account (its phone) is who rated: their own list of
	 * ratings finds it by that key. */
	yw_rating_rater_key("phone", ref->phone, out->rater_key);
	return YW_OK;
}

/* A 12345 work order once closed, by its caller (the account's phone is the
 * caller's; an anonymous order has nobody to rate it). It books to the lead
 * department and the order's region. */
static int resolve_hotline(struct yw_conn *c, const struct yw_actor *who, const struct yw_rating_ref *ref,
			   int64_t now, struct yw_rating_subject *out, struct yw_error *err)
{
	(void)now;
	int64_t id;
	int st = citizen_subject_id(who, ref, "工单", &id, err);
	if (st)
		return st;
	struct yw_rs_service v;
	if ((st = yw_rs_hotline_service(c, id, &v)) == YW_NOTFOUND)
		return fail(err, YW_E_NOT_FOUND, "subject_id", "没有这个工单 / no such work order");
	if (st)
		return st;
	if (v.anonymous || strcmp(ref->phone, v.phone))
		return fail(err, YW_E_RATING_NOT_SERVED, "subject_id", "这不是您的工单 / this is not your work order");
	if (!v.finished || strcmp(v.state, "closed"))
		return fail(err, YW_E_RATING_NOT_SERVED, "subject_id",
			    "工单尚未办结，办结后才能评价 / the work order is not closed yet");
	service_subject("hotline", &v, ref->phone, out);
	out->indicator_channel = "online";
	yw_rating_rater_key("phone", v.phone, out->rater_key);
	return YW_OK;
}

static const struct yw_rating_kind kinds[] = {
	{"ticket", "窗口服务（一次一评）", YW_RCH_ONSITE, true, resolve_ticket},
	{"online", "网上办事", YW_RCH_ONLINE, false, resolve_online},
	{"case", "办件（一事一评）", YW_RCH_CASE, true, resolve_case},
	{"hotline", "12345 工单", YW_RCH_HOTLINE, true, resolve_hotline},
};

const struct yw_rating_kind *yw_rating_kind_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kinds[i].name, name))
			return &kinds[i];
	return NULL;
}
