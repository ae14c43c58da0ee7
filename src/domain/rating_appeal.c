/* Appeals (申诉复核): a department that finds a bad review malicious or
 * mistaken appeals it with evidence; a supervisor upholds or rejects it
 * with a reason. An upheld appeal keeps the rating on record, marks it
 * excluded (the rollups move it out of every figure into `excluded`) and
 * closes its order; a rejected one leaves the order where it was. */
#include "yw/audit.h"
#include "yw/rating_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void yw_appeal_list_free(struct yw_appeal_list *l)
{
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* ---- filing ---- */

struct file_ctx {
	const struct yw_actor *who;
	int64_t rect_id;
	const char *reason, *evidence, *attachment;
	struct yw_appeal *out;
	struct yw_error *err;
};

static int file_tx(struct yw_conn *c, void *p)
{
	struct file_ctx *x = p;
	struct yw_rectification r;
	int st = yw_rs_rect_get(c, x->rect_id, &r);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "没有这张整改单 / no such order");
	if (st || (st = yw_rating_scope_check(c, x->who, r.region_id, r.department_id, r.hall_id, x->err)))
		return st;
	if (!strcmp(r.state, "closed"))
		return fail(x->err, YW_E_RECTIFY_BAD_STATE, NULL, "整改单已办结，不能申诉 / the order is closed");
	struct yw_appeal *a = x->out;
	memset(a, 0, sizeof *a);
	a->rating_id = r.rating_id;
	a->rectification_id = r.id;
	a->department_id = r.department_id;
	a->region_id = r.region_id;
	snprintf(a->reason, sizeof a->reason, "%s", x->reason);
	snprintf(a->evidence, sizeof a->evidence, "%s", x->evidence);
	snprintf(a->attachment, sizeof a->attachment, "%s", x->attachment ? x->attachment : "");
	snprintf(a->state, sizeof a->state, "pending");
	a->filed_by = x->who ? x->who->user_id : 0;
	a->filed_at = yw_now_ms();
	st = yw_rs_appeal_insert(c, a);
	if (st == YW_DB_HARD && yw_db_err_unique(c))
		return fail(x->err, YW_E_APPEAL_ONCE, "id", "该差评已申诉过 / already appealed");
	if (st)
		return st;
	char summary[96];
	snprintf(summary, sizeof summary, "{\"rating_id\":%lld,\"rectification_id\":%lld}", (long long)r.rating_id,
		 (long long)r.id);
	if ((st = yw_audit_append(c, x->who, "appeal", "rating_appeal", a->id, summary)))
		return st;
	return yw_rs_appeal_get(c, a->id, a);
}

int yw_appeal_file(struct yw_store *s, const struct yw_actor *who, int64_t rect_id, const char *reason,
		   const char *evidence, const char *attachment, struct yw_appeal *out, struct yw_error *err)
{
	if (!reason || blank(reason))
		return fail(err, YW_E_MISSING_FIELD, "reason", "请写明申诉理由");
	if (yw_utf8_len(reason) > YW_RECTIFY_TEXT_MAX)
		return fail(err, YW_E_TOO_LONG, "reason", "申诉理由最多 1000 个字符");
	if (!evidence || blank(evidence))
		return fail(err, YW_E_APPEAL_EVIDENCE_REQUIRED, "evidence", "请提供证据（情况说明、录像或记录的描述）");
	if (yw_utf8_len(evidence) > YW_APPEAL_EVIDENCE_MAX)
		return fail(err, YW_E_TOO_LONG, "evidence", "证据说明最多 2000 个字符");
	if (attachment && yw_utf8_len(attachment) > YW_APPEAL_ATTACHMENT_MAX)
		return fail(err, YW_E_TOO_LONG, "attachment", "附件引用最多 200 个字符");
	struct file_ctx x = {who, rect_id, reason, evidence, attachment, out, err};
	return yw_store_tx(s, YW_TX_WRITE, file_tx, &x);
}

/* ---- deciding ---- */

struct decide_ctx {
	const struct yw_actor *who;
	int64_t id;
	bool uphold;
	const char *reason;
	struct yw_appeal *out;
	struct yw_error *err;
};

/* The rating leaves the figures; its order closes as appealed. */
static int exclude(struct yw_conn *c, const struct yw_actor *who, const struct yw_appeal *a, int64_t now)
{
	struct yw_rectification r;
	int st = yw_rs_rect_get(c, a->rectification_id, &r);
	if (st)
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	struct yw_rating_counts before, after;
	yw_rating_contrib(&r.rating, &r, &before);
	if ((st = yw_rs_rating_set_excluded(c, r.rating_id)))
		return st == YW_NOTFOUND ? YW_RETRY : st;
	r.rating.excluded = true;
	if (strcmp(r.state, "closed")) {
		snprintf(r.state, sizeof r.state, "closed");
		snprintf(r.outcome, sizeof r.outcome, "appeal_upheld");
		r.closed_at = now;
		r.closed_by = who ? who->user_id : 0;
		if ((st = yw_rs_rect_save(c, &r, now)))
			return st;
	}
	yw_rating_contrib(&r.rating, &r, &after);
	return yw_rating_rollup_move(c, &r.rating, &before, &after);
}

static int decide_tx(struct yw_conn *c, void *p)
{
	struct decide_ctx *x = p;
	struct yw_appeal *a = x->out;
	int st = yw_rs_appeal_get(c, x->id, a);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "没有这条申诉 / no such appeal");
	if (st || (st = yw_rating_scope_check(c, x->who, a->region_id, a->department_id, 0, x->err)))
		return st;
	if (strcmp(a->state, "pending"))
		return fail(x->err, YW_E_APPEAL_BAD_STATE, NULL, "该申诉已处理 / already decided");
	int64_t now = yw_now_ms();
	snprintf(a->state, sizeof a->state, "%s", x->uphold ? "upheld" : "rejected");
	a->decided_by = x->who ? x->who->user_id : 0;
	a->decided_at = now;
	snprintf(a->decision_reason, sizeof a->decision_reason, "%s", x->reason);
	st = yw_rs_appeal_decide(c, a);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_APPEAL_BAD_STATE, NULL, "该申诉已处理 / already decided");
	if (st || (x->uphold && (st = exclude(c, x->who, a, now))))
		return st;
	char summary[96];
	snprintf(summary, sizeof summary, "{\"rating_id\":%lld,\"decision\":\"%s\"}", (long long)a->rating_id, a->state);
	if ((st = yw_audit_append(c, x->who, "decide", "rating_appeal", a->id, summary)))
		return st;
	return yw_rs_appeal_get(c, a->id, a);
}

int yw_appeal_decide(struct yw_store *s, const struct yw_actor *who, int64_t appeal_id, bool uphold,
		     const char *reason, struct yw_appeal *out, struct yw_error *err)
{
	if (!reason || blank(reason))
		return fail(err, YW_E_MISSING_FIELD, "reason", "请写明复核意见");
	if (yw_utf8_len(reason) > YW_RECTIFY_TEXT_MAX)
		return fail(err, YW_E_TOO_LONG, "reason", "复核意见最多 1000 个字符");
	struct decide_ctx x = {who, appeal_id, uphold, reason, out, err};
	return yw_store_tx(s, YW_TX_WRITE, decide_tx, &x);
}

/* ---- reading ---- */

struct list_ctx {
	const struct yw_actor *who;
	const char *state;
	int limit, offset;
	struct yw_appeal_list *out;
	struct yw_error *err;
};

static int list_tx(struct yw_conn *c, void *p)
{
	struct list_ctx *x = p;
	yw_appeal_list_free(x->out);
	struct yw_rating_scope sc;
	int st = yw_rating_scope_of(c, x->who, &sc, x->err);
	if (st)
		return st;
	return yw_rs_appeals(c, x->state, sc.department_id, sc.region_like[0] ? sc.region_like : NULL, x->limit,
			     x->offset, x->out);
}

int yw_appeal_list(struct yw_store *s, const struct yw_actor *who, const char *state, int limit, int offset,
		   struct yw_appeal_list *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct list_ctx x = {who, state, limit, offset, out, err};
	return yw_store_tx(s, YW_TX_READ, list_tx, &x);
}

struct get_ctx {
	const struct yw_actor *who;
	int64_t id;
	struct yw_appeal *out;
	struct yw_error *err;
};

static int get_tx(struct yw_conn *c, void *p)
{
	struct get_ctx *x = p;
	int st = yw_rs_appeal_get(c, x->id, x->out);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "没有这条申诉 / no such appeal");
	if (st)
		return st;
	return yw_rating_scope_check(c, x->who, x->out->region_id, x->out->department_id, 0, x->err);
}

int yw_appeal_get(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_appeal *out,
		  struct yw_error *err)
{
	struct get_ctx x = {who, id, out, err};
	return yw_store_tx(s, YW_TX_READ, get_tx, &x);
}
