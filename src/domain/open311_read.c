/* Reading Open311 requests: one by id, lists by window, service and status
 * (newest first, at most 1,000, a window of at most 90 days, 90 days back
 * from now by default), and order numbers as tokens. Our states become open
 * or closed; status_notes say where the order is. */
#include "yw/open311.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS ((int64_t)86400000)

void yw_o311_request_clear(struct yw_o311_request *r)
{
	free(r->status_notes);
	free(r->description);
	free(r->service_notice);
	free(r->address);
	free(r->address_id);
	free(r->media_url);
	free(r->account_id);
	memset(r, 0, sizeof *r);
}

void yw_o311_list_free(struct yw_o311_list *l)
{
	for (int i = 0; i < l->n; i++)
		yw_o311_request_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static bool given(const char *s) { return s && *s; }

/* At most max characters of s (UTF-8), with "…" when cut. */
static void add_cut(struct yw_buf *b, const char *s, size_t max)
{
	size_t chars = 0, i = 0;
	while (s[i] && chars < max) {
		unsigned char c = (unsigned char)s[i];
		i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		chars++;
	}
	size_t len = strlen(s);
	yw_buf_add(b, s, i < len ? i : len);
	if (i < len)
		yw_buf_adds(b, "…");
}

static char *status_notes(const struct yw_o3s_row *v)
{
	struct yw_buf b = {0};
	const char *dep = v->agency[0] ? v->agency : "承办部门";
	const char *st = v->state;
	if (!strcmp(st, "accepted"))
		yw_buf_adds(&b, "已受理，等待派单");
	else if (!strcmp(st, "dispatched"))
		yw_buf_printf(&b, "已派至%s，等待签收", dep);
	else if (!strcmp(st, "returned"))
		yw_buf_printf(&b, "%s申请退单，热线中心正在重新派单", dep);
	else if (!strcmp(st, "signed"))
		yw_buf_printf(&b, "%s已签收，正在办理", dep);
	else if (!strcmp(st, "replied"))
		yw_buf_printf(&b, "%s已答复，热线中心正在审核", dep);
	else if (!strcmp(st, "reviewed"))
		yw_buf_adds(&b, "答复已审核，等待回访");
	else if (!strcmp(st, "merged"))
		yw_buf_printf(&b, "与工单 %s 反映同一问题，已并入一并办理", v->master_no);
	else if (!strcmp(st, "closed") && v->master_no[0])
		yw_buf_printf(&b, "已随工单 %s 办结", v->master_no);
	else if (!strcmp(st, "closed") && v->direct && v->answer) {
		yw_buf_adds(&b, "已答复办结：");
		add_cut(&b, v->answer, 300);
	} else if (!strcmp(st, "closed") && v->reply_result) {
		yw_buf_adds(&b, "已办结：");
		add_cut(&b, v->reply_result, 300);
	} else
		yw_buf_adds(&b, "已办结");
	if (v->paused_since && strcmp(st, "closed"))
		yw_buf_adds(&b, "（等待补充信息，办理时限暂停计算）");
	return yw_buf_steal(&b);
}

static void view_of(struct yw_o311_request *out, struct yw_o3s_row *v)
{
	memset(out, 0, sizeof *out);
	out->id = v->id;
	snprintf(out->order_no, sizeof out->order_no, "%s", v->order_no);
	snprintf(out->status, sizeof out->status, "%s", strcmp(v->state, "closed") ? "open" : "closed");
	snprintf(out->service_code, sizeof out->service_code, "%s", v->service_code);
	snprintf(out->service_name, sizeof out->service_name, "%s", v->service_name);
	snprintf(out->agency, sizeof out->agency, "%s", v->agency);
	out->status_notes = status_notes(v);
	out->service_notice = yw_asprintf("工单编号 %s。承办部门在派单后 %d 个工作日内签收，%d 个工作日内办理答复。",
					  v->order_no, v->sign_days, v->handle_days);
	out->requested_at = v->created_at;
	out->updated_at = v->closed_at && !strcmp(v->state, "closed") ? v->closed_at : v->updated_at;
	out->expected_at = v->handle_by;
	out->has_location = v->has_location;
	out->lat = v->lat;
	out->lng = v->lng;
	/* The strings move over. */
	out->description = v->description;
	out->address = v->address;
	out->address_id = v->address_id;
	out->media_url = v->media_url;
	out->account_id = v->account_id;
	v->description = v->address = v->address_id = v->media_url = v->account_id = NULL;
	yw_o3s_row_clear(v);
}

int yw_o311_view_tx(struct yw_conn *c, int64_t id, struct yw_o311_request *out)
{
	struct yw_o3s_row v;
	int st = yw_o3s_get(c, id, &v);
	if (st)
		return st;
	view_of(out, &v);
	return YW_OK;
}

/* ---- one ---- */

struct get_ctx {
	int64_t id;
	struct yw_o311_request *out;
};

static int get_tx(struct yw_conn *c, void *p)
{
	struct get_ctx *g = p;
	yw_o311_request_clear(g->out);
	return yw_o311_view_tx(c, g->id, g->out);
}

int yw_o311_get(struct yw_store *s, int64_t id, struct yw_o311_request *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct get_ctx g = {id, out};
	int st = yw_store_tx(s, YW_TX_READ, get_tx, &g);
	if (st == YW_NOTFOUND)
		yw_error_set(err, YW_E_NOT_FOUND, "service_request_id", "没有编号为 %lld 的 Open311 诉求", (long long)id);
	if (st)
		yw_o311_request_clear(out);
	return st;
}

/* ---- lists ---- */

struct find_ctx {
	const struct yw_o311_query *q;
	struct yw_o311_list *out;
	int64_t ids[YW_O311_MAX_RESULTS];
	int nids;
	char *codes; /* ",3,17," or NULL */
	bool none;   /* service codes given, none of them a service */
	int status, cap;
};

static int add_row(void *ctx, struct yw_o3s_row *v)
{
	struct find_ctx *f = ctx;
	struct yw_o311_list *l = f->out;
	if (l->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		l->v = yw_realloc(l->v, sizeof *l->v * (size_t)f->cap);
	}
	view_of(&l->v[l->n++], v);
	return 0;
}

static int find_tx(struct yw_conn *c, void *p)
{
	struct find_ctx *f = p;
	int64_t from = f->out->from, to = f->out->to;
	yw_o311_list_free(f->out);
	f->out->from = from;
	f->out->to = to;
	f->cap = 0;
	if (f->nids) {
		for (int i = 0; i < f->nids; i++) {
			struct yw_o3s_row v;
			int st = yw_o3s_get(c, f->ids[i], &v);
			if (st == YW_NOTFOUND)
				continue;
			if (st)
				return st;
			add_row(f, &v);
		}
		return YW_OK;
	}
	if (f->none)
		return YW_OK;
	return yw_o3s_list(c, from, to, f->status, f->codes, YW_O311_MAX_RESULTS, add_row, f);
}

static int bad(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

/* "a,b,c": each item (blanks around it dropped) to fn; false stops. */
static bool each_item(const char *list, bool (*fn)(void *ctx, const char *item), void *ctx)
{
	const char *p = list;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char item[64];
		while (n && *p == ' ')
			p++, n--;
		while (n && p[n - 1] == ' ')
			n--;
		if (n >= sizeof item)
			return false;
		memcpy(item, p, n);
		item[n] = 0;
		if (n && !fn(ctx, item))
			return false;
		if (!end)
			break;
		p = end + 1;
	}
	return true;
}

static bool add_id(void *ctx, const char *item)
{
	struct find_ctx *f = ctx;
	char *end;
	long long v = strtoll(item, &end, 10);
	if (*end || v < 1 || f->nids == YW_O311_MAX_RESULTS)
		return false;
	f->ids[f->nids++] = v;
	return true;
}

static bool add_status(void *ctx, const char *item)
{
	int *bits = ctx;
	if (!strcmp(item, "open"))
		*bits |= 1;
	else if (!strcmp(item, "closed"))
		*bits |= 2;
	else
		return false;
	return true;
}

struct code_ctx {
	struct yw_store *s;
	struct yw_buf ids;
	int st;
};

static int service_tx(struct yw_conn *c, void *p)
{
	void **a = p;
	return yw_o3s_service(c, a[0], a[1], a[2]);
}

static bool add_code(void *ctx, const char *item)
{
	struct code_ctx *cc = ctx;
	int64_t id = 0;
	bool active = false;
	void *args[] = {(void *)item, &id, &active};
	int st = yw_store_tx(cc->s, YW_TX_READ, service_tx, args);
	if (st && st != YW_NOTFOUND) {
		cc->st = st;
		return false;
	}
	/* A category retired since keeps its requests findable. */
	if (!st)
		yw_buf_printf(&cc->ids, "%s%lld,", cc->ids.len ? "" : ",", (long long)id);
	return true;
}

int yw_o311_find(struct yw_store *s, const struct yw_o311_query *q, int64_t now, struct yw_o311_list *out,
		 struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct find_ctx *f = yw_calloc(1, sizeof *f);
	f->q = q;
	f->out = out;
	int st = YW_OK;
	if (given(q->service_request_id)) {
		/* "This overrides all other arguments." */
		if (!each_item(q->service_request_id, add_id, f) || !f->nids)
			st = bad(err, YW_E_BAD_QUERY, "service_request_id",
				 "service_request_id 为以逗号分隔的编号，最多 1000 个");
	} else {
		int64_t from = 0, to = 0;
		bool has_from = given(q->start_date), has_to = given(q->end_date);
		if (has_from && !yw_o311_parse_time(q->start_date, false, &from))
			st = bad(err, YW_E_BAD_QUERY, "start_date", "start_date 应为带时区的 W3C 时间，如 2026-09-30T00:00:00+08:00");
		else if (has_to && !yw_o311_parse_time(q->end_date, true, &to))
			st = bad(err, YW_E_BAD_QUERY, "end_date", "end_date 应为带时区的 W3C 时间，如 2026-09-30T23:59:59+08:00");
		if (!st) {
			int64_t window = YW_O311_WINDOW_DAYS * DAY_MS;
			if (!has_from && !has_to)
				to = now, from = now - window;
			else if (!has_to)
				to = from + window;
			else if (!has_from)
				from = to - window;
			if (from > to || to - from > window)
				st = bad(err, YW_E_OPEN311_DATE_RANGE, has_from ? "start_date" : "end_date",
					 "start_date 不得晚于 end_date，时段最长 90 天");
			out->from = from;
			out->to = to;
		}
		int bits = 0;
		if (!st && given(q->status) && (!each_item(q->status, add_status, &bits) || !bits))
			st = bad(err, YW_E_BAD_QUERY, "status", "status 为 open、closed 或二者以逗号分隔");
		f->status = bits == 1 ? 1 : bits == 2 ? 2 : 0;
		if (!st && given(q->service_code)) {
			struct code_ctx cc = {s, {0}, YW_OK};
			if (!each_item(q->service_code, add_code, &cc))
				st = cc.st ? cc.st : bad(err, YW_E_BAD_QUERY, "service_code", "service_code 过长");
			f->none = !cc.ids.len;
			f->codes = yw_buf_steal(&cc.ids);
		}
	}
	if (!st)
		st = yw_store_tx(s, YW_TX_READ, find_tx, f);
	free(f->codes);
	free(f);
	if (st) {
		int64_t from = out->from, to = out->to;
		yw_o311_list_free(out);
		out->from = from;
		out->to = to;
	}
	return st;
}

/* ---- tokens ---- */

struct token_ctx {
	const char *token;
	int64_t *id;
};

static int token_tx(struct yw_conn *c, void *p)
{
	struct token_ctx *t = p;
	return yw_o3s_by_order_no(c, t->token, t->id);
}

int yw_o311_token(struct yw_store *s, const char *token, int64_t *id, struct yw_error *err)
{
	*id = 0;
	if (!given(token) || strlen(token) > 31)
		return bad(err, YW_E_NOT_FOUND, "token", "没有这个令牌");
	struct token_ctx t = {token, id};
	int st = yw_store_tx(s, YW_TX_READ, token_tx, &t);
	if (st == YW_NOTFOUND)
		yw_error_set(err, YW_E_NOT_FOUND, "token", "没有工单编号为 %s 的 Open311 诉求", token);
	return st;
}
