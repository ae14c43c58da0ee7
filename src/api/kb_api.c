/* The knowledge base API (docs/knowledge.md): the agents' search, the
 * staff list, one article, proposing and editing (If-Match or version),
 * approve / reject / review / retire, an import for moving an existing
 * knowledge base in, and the citizens' read of a published article.
 * Parsing and replies only; the rules are in domain/kb*.c. */
#include "api/api.h"
#include "api/reply_cache.h"
#include "yw/kb.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAFF YW_ROLES_STAFF

/* ---- writing replies ---- */

static void put_str(struct yw_buf *b, const char *key, const char *v)
{
	yw_buf_printf(b, ",\"%s\":", key);
	yw_buf_json_str(b, v && *v ? v : NULL);
}

static void put_opt(struct yw_buf *b, const char *key, int64_t v)
{
	if (v)
		yw_buf_printf(b, ",\"%s\":%lld", key, (long long)v);
	else
		yw_buf_printf(b, ",\"%s\":null", key);
}

/* HTML of a text with its marks in <mark>, everything else escaped. */
static void marked_html(struct yw_buf *out, const char *text, const struct yw_kb_mark *m, int n, bool before,
			bool after)
{
	struct yw_buf h = {0};
	yw_buf_add(&h, "", 0);
	if (before)
		yw_buf_adds(&h, "…");
	int k = 0;
	for (int i = 0; text && text[i];) {
		if (k < n && m[k].start == i)
			yw_buf_adds(&h, "<mark>");
		char ch = text[i];
		switch (ch) {
		case '&': yw_buf_adds(&h, "&amp;"); break;
		case '<': yw_buf_adds(&h, "&lt;"); break;
		case '>': yw_buf_adds(&h, "&gt;"); break;
		case '"': yw_buf_adds(&h, "&quot;"); break;
		case '\'': yw_buf_adds(&h, "&#39;"); break;
		default: yw_buf_add(&h, &ch, 1);
		}
		i++;
		if (k < n && m[k].start + m[k].len == i) {
			yw_buf_adds(&h, "</mark>");
			k++;
		}
	}
	if (after)
		yw_buf_adds(&h, "…");
	yw_buf_json_str(out, h.data);
	yw_buf_free(&h);
}

/* The members every view of an article has. */
static void put_common(struct yw_buf *b, const struct yw_kb_article *a)
{
	yw_buf_printf(b, "{\"id\":%lld,\"title\":", (long long)a->id);
	yw_buf_json_str(b, a->title);
	put_str(b, "category_code", a->category_code);
	yw_buf_printf(b, ",\"region_id\":%lld", (long long)a->region_id);
	put_str(b, "region_code", a->region_code);
	put_str(b, "region_name", a->region_name);
	yw_buf_printf(b, ",\"department_id\":%lld", (long long)a->department_id);
	put_str(b, "department", a->department);
	put_str(b, "valid_from", a->valid_from);
	put_str(b, "valid_to", a->valid_to);
	yw_buf_printf(b, ",\"item_codes\":%s,\"version\":%lld,\"updated_at\":%lld", a->item_codes ? a->item_codes : "[]",
		      (long long)a->version, (long long)a->updated_at);
}

/* Staff see the life-cycle too. */
static void put_staff(struct yw_buf *b, const struct yw_kb_article *a)
{
	yw_buf_adds(b, ",\"state\":");
	yw_buf_json_str(b, a->state);
	yw_buf_printf(b, ",\"in_force\":%s,\"stale\":%s,\"hits\":%lld", a->in_force ? "true" : "false",
		      a->stale ? "true" : "false", (long long)a->hits);
	put_opt(b, "revision_of", a->revision_of);
	put_opt(b, "merged_into", a->merged_into);
	put_opt(b, "last_reviewed_at", a->last_reviewed_at);
	put_opt(b, "reviewed_at", a->reviewed_at);
	put_str(b, "created_by_name", a->created_by_name);
	yw_buf_printf(b, ",\"created_at\":%lld", (long long)a->created_at);
}

static void put_article(struct yw_buf *b, const struct yw_kb_article *a)
{
	put_common(b, a);
	put_staff(b, a);
	put_str(b, "reviewed_by_name", a->reviewed_by_name);
	put_str(b, "review_note", a->review_note);
	put_str(b, "body", a->body);
	yw_buf_printf(b, ",\"public_url\":\"/api/v1/kb/public/%lld\"}", (long long)a->id);
}

static void reply_article(struct yw_resp *r, int status, const struct yw_kb_article *a)
{
	struct yw_buf b = {0};
	put_article(&b, a);
	char etag[32];
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)a->version);
	yw_resp_buf(r, status, &b);
	yw_resp_header(r, "ETag", etag);
}

/* ---- query parameters ---- */

static bool known_param(const char *key, const void *ctx)
{
	const char *const *names = ctx;
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], key))
			return true;
	return false;
}

static bool refuse_unknown(struct yw_req *q, struct yw_resp *r, const char *const *names)
{
	const char *bad = yw_req_unknown_query(q, known_param, names);
	if (bad)
		yw_resp_err(r, YW_E_BAD_QUERY, bad, "不支持的查询参数 “%.40s” / unknown query parameter", bad);
	return bad == NULL;
}

/* An empty parameter counts as absent (forms send them empty). */
static const char *param(struct yw_req *q, const char *name)
{
	const char *v = yw_req_query(q, name);
	return v && *v ? v : NULL;
}

static bool id_param(struct yw_req *q, struct yw_resp *r, const char *name, int64_t *out)
{
	const char *s = param(q, name);
	*out = 0;
	if (!s)
		return true;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v < 1) {
		yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为正整数", name);
		return false;
	}
	*out = v;
	return true;
}

static bool flag_param(struct yw_req *q, struct yw_resp *r, const char *name, bool *out)
{
	const char *s = param(q, name);
	*out = false;
	if (!s || !strcmp(s, "0") || !strcmp(s, "false"))
		return true;
	if (!strcmp(s, "1") || !strcmp(s, "true")) {
		*out = true;
		return true;
	}
	yw_resp_err(r, YW_E_BAD_QUERY, name, "%s 应为 1 或 0", name);
	return false;
}

/* The agents' search is the hot read: its replies are kept for one
 * knowledge base generation (any change, in any process, moves it) and
 * one civil day (validity dates turn at midnight), as the catalogue's are
 * (api/reply_cache.c). Hit counts and their order are as of the last
 * change: citations do not move the generation. */
static char *search_key(const struct yw_kb_query *kq)
{
	char today[11];
	yw_kb_today(today);
	return yw_asprintf("kb\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f%d", today, kq->q ? kq->q : "",
			   kq->region ? kq->region : "", kq->category ? kq->category : "", kq->item ? kq->item : "",
			   kq->limit, kq->offset);
}

static void reply_page(struct yw_resp *r, const struct yw_kb_page *p, int page, int size, bool search)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"items\":[");
	for (int i = 0; i < p->n; i++) {
		const struct yw_kb_hit *h = &p->rows[i];
		if (i)
			yw_buf_adds(&b, ",");
		put_common(&b, &h->a);
		put_staff(&b, &h->a);
		if (search) {
			yw_buf_adds(&b, ",\"title_html\":");
			marked_html(&b, h->a.title, h->title_marks, h->ntitle_marks, false, false);
			yw_buf_adds(&b, ",\"snippet\":");
			yw_buf_json_str(&b, h->snippet.text);
			yw_buf_adds(&b, ",\"snippet_html\":");
			marked_html(&b, h->snippet.text, h->snippet.marks, h->snippet.nmarks, h->snippet.cut_before,
				    h->snippet.cut_after);
		}
		yw_buf_adds(&b, "}");
	}
	yw_buf_printf(&b, "],\"total\":%lld,\"page\":%d,\"page_size\":%d", (long long)p->total, page, size);
	if (search)
		yw_buf_printf(&b, ",\"total_capped\":%s", p->total_capped ? "true" : "false");
	yw_buf_adds(&b, "}");
	yw_resp_buf(r, 200, &b);
}

static void list_or_search(struct yw_req *q, struct yw_resp *r, bool search)
{
	static const char *const list_params[] = {"q",	  "state", "department_id", "category", "region",
						  "item", "stale", "page",	    "page_size", NULL};
	static const char *const search_params[] = {"q", "region", "category", "item", "page", "page_size", NULL};
	struct yw_kb_query kq = {.search = search};
	int page;
	if (!refuse_unknown(q, r, search ? search_params : list_params) ||
	    !yw_req_paging(q, r, &kq.limit, &kq.offset, &page))
		return;
	if (!search && (!id_param(q, r, "department_id", &kq.department_id) || !flag_param(q, r, "stale", &kq.stale)))
		return;
	kq.q = param(q, "q");
	kq.region = param(q, "region");
	kq.category = param(q, "category");
	kq.item = param(q, "item");
	kq.state = search ? NULL : param(q, "state");
	char *key = NULL;
	int64_t gen = -1;
	if (search) {
		key = search_key(&kq);
		if (yw_kb_generation(q->app->store, &gen) == YW_OK && yw_reply_cache_get(key, gen, r)) {
			free(key);
			return;
		}
	}
	struct yw_kb_page p;
	struct yw_error err = {0};
	int st = yw_kb_list(q->app->store, &kq, &p, &err);
	if (st) {
		free(key);
		yw_resp_status(r, st, &err);
		return;
	}
	reply_page(r, &p, page, kq.limit, search);
	yw_kb_page_free(&p);
	if (key && gen >= 0)
		yw_reply_cache_put(key, gen, r->body, r->len);
	free(key);
}

static void kb_search(struct yw_req *q, struct yw_resp *r) { list_or_search(q, r, true); }
static void kb_list(struct yw_req *q, struct yw_resp *r) { list_or_search(q, r, false); }

/* ---- one article ---- */

static void kb_get(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_kb_article a;
	struct yw_error err = {0};
	int st = yw_kb_get(q->app->store, id, &a, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_article(r, 200, &a);
	yw_kb_article_clear(&a);
}

static void kb_public(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_kb_article a;
	struct yw_error err = {0};
	int st = yw_kb_get_public(q->app->store, id, &a, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	put_common(&b, &a);
	put_str(&b, "body", a.body);
	yw_buf_adds(&b, "}");
	yw_kb_article_clear(&a);
	yw_resp_buf(r, 200, &b);
}

/* ---- bodies ---- */

struct article_body {
	const char *title, *body, *category_code, *region_code, *valid_from, *valid_to;
	int64_t department_id, version;
	bool submit;
	const char *items[YW_KB_ITEMS_MAX + 1];
	int nitems;
};

static const struct yw_jfield article_fields[] = {
	{"title", YW_J_STR, false, 0, YW_KB_TITLE_MAX, offsetof(struct article_body, title)},
	{"body", YW_J_STR, false, 0, YW_KB_BODY_MAX, offsetof(struct article_body, body)},
	{"category_code", YW_J_STR, false, 0, YW_KB_CATEGORY_MAX, offsetof(struct article_body, category_code)},
	{"region_code", YW_J_STR, false, 0, 20, offsetof(struct article_body, region_code)},
	{"valid_from", YW_J_STR, false, 0, 10, offsetof(struct article_body, valid_from)},
	{"valid_to", YW_J_STR, false, 0, 10, offsetof(struct article_body, valid_to)},
	{"department_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct article_body, department_id)},
	{"version", YW_J_INT, false, 1, INT64_MAX, offsetof(struct article_body, version)},
	{"submit", YW_J_BOOL, false, 0, 0, offsetof(struct article_body, submit)},
};

/* item_codes is an array of strings; the other members are declarative. */
static bool item_codes(json_t *obj, struct article_body *ab, const char *prefix, struct yw_resp *r)
{
	json_t *arr = json_object_get(obj, "item_codes");
	ab->nitems = 0;
	if (!arr || json_is_null(arr))
		return true;
	if (!json_is_array(arr)) {
		yw_resp_err(r, YW_E_BAD_TYPE, "item_codes", "%sitem_codes 应为事项编码数组", prefix);
		return false;
	}
	if (json_array_size(arr) > YW_KB_ITEMS_MAX) {
		yw_resp_err(r, YW_E_OUT_OF_RANGE, "item_codes", "%s最多关联 %d 个事项", prefix, YW_KB_ITEMS_MAX);
		return false;
	}
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v)) {
			yw_resp_err(r, YW_E_BAD_TYPE, "item_codes", "%sitem_codes[%zu] 应为字符串", prefix, i);
			return false;
		}
		ab->items[ab->nitems++] = json_string_value(v);
	}
	return true;
}

static bool parse_article(json_t *obj, struct article_body *ab, const char *prefix, struct yw_resp *r)
{
	memset(ab, 0, sizeof *ab);
	ab->submit = true;
	if (!item_codes(obj, ab, prefix, r))
		return false;
	/* The declarative parser refuses members it does not know: item_codes
	 * steps out while it runs (kept alive: ab->items point into it). */
	json_t *arr = json_object_get(obj, "item_codes");
	if (arr) {
		json_incref(arr);
		json_object_del(obj, "item_codes");
	}
	bool okay = yw_api_fields(obj, article_fields, sizeof article_fields / sizeof article_fields[0], ab, r);
	if (arr)
		json_object_set_new(obj, "item_codes", arr);
	return okay;
}

static void to_input(const struct article_body *ab, struct yw_kb_input *in)
{
	*in = (struct yw_kb_input){
		.title = ab->title, .body = ab->body, .category_code = ab->category_code,
		.region_code = ab->region_code, .valid_from = ab->valid_from, .valid_to = ab->valid_to,
		.item_codes = ab->items, .nitems = ab->nitems, .department_id = ab->department_id,
		.submit = ab->submit,
	};
}

static void kb_create(struct yw_req *q, struct yw_resp *r)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct article_body ab;
	if (!parse_article(body, &ab, "", r)) {
		json_decref(body);
		return;
	}
	if (ab.version) {
		json_decref(body);
		yw_resp_err(r, YW_E_UNKNOWN_FIELD, "version", "新建文章不带 version");
		return;
	}
	struct yw_kb_input in;
	to_input(&ab, &in);
	struct yw_kb_article a;
	struct yw_error err = {0};
	int st = yw_kb_create(q->app->store, &q->actor, &in, &a, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_article(r, 201, &a);
	yw_kb_article_clear(&a);
}

/* If-Match: "3" (or W/"3", or 3) — else the body's version. */
static bool if_match(struct yw_req *q, struct yw_resp *r, int64_t body_version, int64_t *out)
{
	const char *h = yw_req_header(q, "If-Match");
	*out = body_version;
	if (!h) {
		if (!body_version)
			yw_resp_err(r, YW_E_MISSING_FIELD, "version",
				    "修改须带上所读到的版本（If-Match 头或 version 字段）/ send If-Match or version");
		return body_version != 0;
	}
	if (!strncmp(h, "W/", 2))
		h += 2;
	char *end;
	long long v = strtoll(h + (*h == '"'), &end, 10);
	if (v < 1 || (*h == '"' ? strcmp(end, "\"") : *end)) {
		yw_resp_err(r, YW_E_BAD_FORMAT, "If-Match", "If-Match 应为文章的版本号，如 \"3\"");
		return false;
	}
	if (body_version && body_version != v) {
		yw_resp_err(r, YW_E_BAD_FORMAT, "version", "If-Match 与 version 不一致");
		return false;
	}
	*out = v;
	return true;
}

static void kb_update(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r), version;
	if (!id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct article_body ab;
	if (!parse_article(body, &ab, "", r) || !if_match(q, r, ab.version, &version)) {
		json_decref(body);
		return;
	}
	struct yw_kb_input in;
	to_input(&ab, &in);
	struct yw_kb_article a;
	struct yw_error err = {0};
	bool created = false;
	int st = yw_kb_update(q->app->store, &q->actor, id, version, &in, &a, &created, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_article(r, created ? 201 : 200, &a);
	if (created) {
		char where[64];
		snprintf(where, sizeof where, "/api/v1/kb/articles/%lld", (long long)a.id);
		yw_resp_header(r, "Location", where);
	}
	yw_kb_article_clear(&a);
}

/* ---- approve, reject, review, retire ---- */

struct act_body {
	int64_t version;
	const char *note, *reason;
};

static void act(struct yw_req *q, struct yw_resp *r, enum yw_kb_action a)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	static const struct yw_jfield fields[] = {
		{"version", YW_J_INT, false, 1, INT64_MAX, offsetof(struct act_body, version)},
		{"note", YW_J_STR, false, 0, YW_KB_NOTE_MAX, offsetof(struct act_body, note)},
		{"reason", YW_J_STR, false, 0, YW_KB_NOTE_MAX, offsetof(struct act_body, reason)},
	};
	struct act_body ab = {0};
	json_t *body = NULL;
	if (q->body_len) {
		if (!(body = yw_api_body(q, r)))
			return;
		if (!yw_api_fields(body, fields, 3, &ab, r)) {
			json_decref(body);
			return;
		}
	}
	const char *h = yw_req_header(q, "If-Match");
	if (h && !if_match(q, r, ab.version, &ab.version)) {
		json_decref(body);
		return;
	}
	struct yw_kb_article out;
	struct yw_error err = {0};
	int st = yw_kb_act(q->app->store, &q->actor, id, ab.version, a, ab.reason ? ab.reason : ab.note, &out, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	reply_article(r, 200, &out);
	yw_kb_article_clear(&out);
}

static void kb_approve(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_KB_APPROVE); }
static void kb_reject(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_KB_REJECT); }
static void kb_review(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_KB_REVIEW); }
static void kb_retire(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_KB_RETIRE); }

/* ---- import ---- */

enum { IMPORT_MAX = 5000 };

/* An article's field error, said of that article: "articles[3].title". */
static void prefix_error(struct yw_resp *r, size_t i)
{
	json_t *e = json_loadb(r->body, r->len, 0, NULL);
	const char *field = json_string_value(json_object_get(e, "field"));
	const char *detail = json_string_value(json_object_get(e, "detail"));
	char name[96];
	snprintf(name, sizeof name, "articles[%zu]%s%s", i, field ? "." : "", field ? field : "");
	yw_resp_err(r, r->err, name, "第 %zu 篇：%s", i + 1, detail ? detail : "");
	json_decref(e);
}

static void kb_import(struct yw_req *q, struct yw_resp *r)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	json_t *arr = json_object_get(body, "articles");
	if (json_object_size(body) != 1 || !json_is_array(arr) || !json_array_size(arr) ||
	    json_array_size(arr) > IMPORT_MAX) {
		json_decref(body);
		yw_resp_err(r, YW_E_BAD_FORMAT, "articles", "请求体为 {\"articles\":[…]}，1–%d 篇", IMPORT_MAX);
		return;
	}
	size_t n = json_array_size(arr);
	struct article_body *abs = yw_calloc(n, sizeof *abs);
	struct yw_kb_input *in = yw_calloc(n, sizeof *in);
	bool okay = true;
	for (size_t i = 0; okay && i < n; i++) {
		json_t *obj = json_array_get(arr, i);
		char prefix[48];
		snprintf(prefix, sizeof prefix, "articles[%zu]: ", i);
		if (!json_is_object(obj)) {
			yw_resp_err(r, YW_E_BAD_TYPE, "articles", "%s应为对象", prefix);
			okay = false;
		} else if (!(okay = parse_article(obj, &abs[i], prefix, r))) {
			prefix_error(r, i);
		} else {
			to_input(&abs[i], &in[i]);
		}
	}
	if (okay) {
		int imported = 0, bad_index = -1;
		struct yw_error err = {0};
		int st = yw_kb_import(q->app->store, &q->actor, in, (int)n, &imported, &bad_index, &err);
		if (st) {
			if (bad_index >= 0) {
				char field[sizeof err.field];
				snprintf(field, sizeof field, "articles[%d].%.40s", bad_index, err.field);
				memcpy(err.field, field, sizeof field);
			}
			yw_resp_status(r, st, &err);
		} else {
			struct yw_buf b = {0};
			yw_buf_printf(&b, "{\"imported\":%d}", imported);
			yw_resp_buf(r, 201, &b);
		}
	}
	free(abs);
	free(in);
	json_decref(body);
}

const struct yw_route yw_routes_kb[] = {
	{"GET", "/api/v1/kb/search", kb_search, STAFF,
	 "知识库检索（坐席）：已发布、在有效期内、适用于该区划，按相关度排序并标出命中片段 / Search published articles "
	 "in force, applicable to a region, ranked, with highlighted snippets (?q=&region=&category=&item=&page=&page_size=)",
	 "kb"},
	{"GET", "/api/v1/kb/articles", kb_list, STAFF,
	 "知识库文章列表 / List articles (?q=&state=&department_id=&category=&region=&item=&stale=1&page=&page_size=)",
	 "kb"},
	{"POST", "/api/v1/kb/articles", kb_create, YW_KB_WRITERS,
	 "新增文章（提交审核或存为草稿）/ Propose an article (or keep a draft: submit false)", "kb", NULL,
	 "{title, body, region_code, category_code?, valid_from?, valid_to?, item_codes?, department_id?, submit?}"},
	{"POST", "/api/v1/kb/articles/import", kb_import, YW_KB_REVIEWERS,
	 "导入已有知识库（全部成功或全部不导入，直接发布）/ Import articles as published: all or nothing", "kb", NULL,
	 "{articles: [article, …]} (≤ 5,000)", 32u << 20},
	{"GET", "/api/v1/kb/articles/{id}", kb_get, STAFF, "文章详情（ETag 为版本号）/ One article (ETag: its version)",
	 "kb"},
	{"PUT", "/api/v1/kb/articles/{id}", kb_update, YW_KB_WRITERS,
	 "修改文章（If-Match 或 version）；他人修改已发布文章生成待审核修改稿（201）/ Edit (If-Match or version); an "
	 "edit of a published article by a non-reviewer becomes a proposed revision (201)",
	 "kb", NULL, "the whole article as for POST, version?"},
	{"POST", "/api/v1/kb/articles/{id}/approve", kb_approve, YW_KB_REVIEWERS,
	 "审核通过并发布 / Approve and publish", "kb", NULL, "{version?, note?}"},
	{"POST", "/api/v1/kb/articles/{id}/reject", kb_reject, YW_KB_REVIEWERS, "退回（须填理由）/ Reject with a reason",
	 "kb", NULL, "{version?, reason}"},
	{"POST", "/api/v1/kb/articles/{id}/review", kb_review, YW_KB_REVIEWERS,
	 "复核无误（更新复核时间）/ Confirm a published article is still right", "kb", NULL, "{version?, note?}"},
	{"POST", "/api/v1/kb/articles/{id}/retire", kb_retire, YW_KB_REVIEWERS, "停用文章 / Retire", "kb", NULL,
	 "{version?, reason?}"},
	{"GET", "/api/v1/kb/public/{id}", kb_public, 0,
	 "群众查看已发布的答复 / A published article in force, for citizens", "kb"},
	{NULL},
};
