/* The knowledge base's life-cycle: propose (or draft), edit, approve,
 * reject, review, retire, and citing an article in an answer.
 *
 *   draft ──submit──▶ proposed ──approve──▶ published ──retire──▶ retired
 *                        │  ▲                  │  ▲ review (stays published)
 *                  reject▼  │edit              │  └ a reviewer's edit (in place)
 *                       rejected               └ anyone else's edit: a new
 *                                                proposal with revision_of,
 *                                                approved into this article
 *
 * Each public function is one transaction with its audit row; each change
 * is a conditional UPDATE on (id, version, state), so of two actors only
 * one wins (docs/knowledge.md). */
#include "catalogue_internal.h"
#include "yw/audit.h"
#include "yw/authz.h"
#include "yw/calendar.h"
#include "yw/kb.h"
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int stale_days = YW_KB_STALE_DAYS;
static pthread_once_t stale_once = PTHREAD_ONCE_INIT;

static void read_stale_days(void)
{
	const char *v = getenv("YIWANG_KB_STALE_DAYS");
	int n = v ? atoi(v) : 0;
	if (n >= 1 && n <= 3650)
		stale_days = n;
}

int yw_kb_stale_days(void)
{
	pthread_once(&stale_once, read_stale_days);
	return stale_days;
}

void yw_kb_article_clear(struct yw_kb_article *a)
{
	free(a->title);
	free(a->body);
	free(a->item_codes);
	free(a->region_name);
	free(a->department);
	free(a->created_by_name);
	free(a->reviewed_by_name);
	free(a->review_note);
	free(a->region_path);
	memset(a, 0, sizeof *a);
}

void yw_kb_today(char out[11])
{
	yw_date_format(yw_date_today_shanghai(), out);
}

int64_t yw_kb_review_cutoff(void)
{
	return yw_now_ms() - (int64_t)yw_kb_stale_days() * 86400000;
}

void yw_kb_derive(struct yw_kb_article *a, const char *today, int64_t cutoff)
{
	bool published = !strcmp(a->state, "published");
	bool started = !a->valid_from[0] || strcmp(a->valid_from, today) <= 0;
	bool ended = a->valid_to[0] && strcmp(a->valid_to, today) < 0;
	int64_t reviewed = a->last_reviewed_at ? a->last_reviewed_at : a->created_at;
	a->in_force = published && started && !ended;
	a->stale = published && (ended || reviewed < cutoff);
}

static void derive_now(struct yw_kb_article *a)
{
	char today[11];
	yw_kb_today(today);
	yw_kb_derive(a, today, yw_kb_review_cutoff());
}

/* Lower-cased title, category and body, each part after a separator no
 * word can span (as the catalogue's search text). */
static char *search_text(const struct yw_kb_article *a)
{
	struct yw_buf b = {0};
	const char *parts[] = {a->title, a->category_code, a->body};
	for (int i = 0; i < 3; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		if (b.len)
			yw_buf_add(&b, "\x1f", 1);
		size_t start = b.len;
		yw_buf_adds(&b, parts[i]);
		for (size_t k = start; k < b.len; k++)
			if (b.data[k] >= 'A' && b.data[k] <= 'Z')
				b.data[k] = (char)(b.data[k] + 32);
	}
	yw_buf_add(&b, "", 0);
	return yw_buf_steal(&b);
}

/* "kbcat" or "kbitem" and the code's letters and digits, lower-cased:
 * one word for the full-text indexes (a real bigram has two letters). */
void yw_kb_facet_token(const char *prefix, const char *code, struct yw_buf *b)
{
	yw_buf_adds(b, prefix);
	for (const char *p = code; *p; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z'))
			yw_buf_add(b, p, 1);
		else if (*p >= 'A' && *p <= 'Z')
			yw_buf_add(b, &(char){(char)(*p + 32)}, 1);
}

/* The bigrams of the search text, then the article's category and items
 * as words of their own: a search filtered by them is one more index
 * lookup instead of a check of every hit (docs/knowledge.md). A category
 * filter takes the category's subtree (codes nest: HB ⊃ HB01 ⊃ HB0101), so
 * every prefix of the code is a word. */
static char *bigrams_of(const struct yw_kb_article *a, const char *text, const char *const *items, int n)
{
	char *pairs = yw_item_bigrams(text);
	struct yw_buf b = {0};
	yw_buf_adds(&b, pairs);
	free(pairs);
	struct yw_buf whole = {0};
	if (a->category_code[0])
		yw_kb_facet_token("kbcat", a->category_code, &whole);
	for (size_t len = 6; len <= whole.len; len++) { /* "kbcat" and at least one letter */
		yw_buf_adds(&b, " ");
		yw_buf_add(&b, whole.data, len);
	}
	yw_buf_free(&whole);
	for (int i = 0; i < n; i++) {
		yw_buf_adds(&b, " ");
		yw_kb_facet_token("kbitem", items[i], &b);
	}
	yw_buf_add(&b, "", 0);
	return yw_buf_steal(&b);
}

/* ---- checking what a writer sends ---- */

/* The article's content, checked and resolved; items point into the input. */
struct content {
	const char *items[YW_KB_ITEMS_MAX];
	int nitems;
};

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static int check_text(const char *v, const char *field, size_t max, struct yw_error *err)
{
	if (blank(v)) {
		yw_error_set(err, YW_E_MISSING_FIELD, field, "请填写%s", !strcmp(field, "title") ? "标题" : "正文");
		return YW_FAIL;
	}
	if (!yw_utf8_valid(v, strlen(v))) {
		yw_error_set(err, YW_E_BAD_UTF8, field, "not UTF-8");
		return YW_FAIL;
	}
	if (yw_utf8_len(v) > max) {
		yw_error_set(err, YW_E_TOO_LONG, field, "最多 %zu 个字符 / at most %zu characters", max, max);
		return YW_FAIL;
	}
	return YW_OK;
}

static int check_category(const char *v, struct yw_error *err)
{
	if (!v || !*v)
		return YW_OK;
	size_t n = strlen(v);
	bool okay = n <= YW_KB_CATEGORY_MAX;
	for (const char *p = v; okay && *p; p++)
		okay = (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-' ||
		       *p == '_' || *p == '.';
	if (!okay) {
		yw_error_set(err, YW_E_BAD_FORMAT, "category_code",
			     "分类编码为 1–%d 个字母、数字或 - _ . / letters, digits, - _ . (at most %d)",
			     YW_KB_CATEGORY_MAX, YW_KB_CATEGORY_MAX);
		return YW_FAIL;
	}
	return YW_OK;
}

static int check_dates(const struct yw_kb_input *in, struct yw_error *err)
{
	struct yw_date from, to;
	if (in->valid_from && *in->valid_from && yw_date_parse(in->valid_from, &from, "valid_from", err))
		return YW_FAIL;
	if (in->valid_to && *in->valid_to && yw_date_parse(in->valid_to, &to, "valid_to", err))
		return YW_FAIL;
	if (in->valid_from && *in->valid_from && in->valid_to && *in->valid_to && yw_date_cmp(to, from) < 0) {
		yw_error_set(err, YW_E_KB_VALIDITY, "valid_to", "截止日期 %s 早于起始日期 %s", in->valid_to,
			     in->valid_from);
		return YW_FAIL;
	}
	return YW_OK;
}

static int check_items(struct yw_conn *c, const struct yw_kb_input *in, struct content *ct, struct yw_error *err)
{
	ct->nitems = 0;
	if (in->nitems > YW_KB_ITEMS_MAX) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "item_codes", "最多关联 %d 个事项 / at most %d items",
			     YW_KB_ITEMS_MAX, YW_KB_ITEMS_MAX);
		return YW_FAIL;
	}
	for (int i = 0; i < in->nitems; i++) {
		const char *code = in->item_codes[i];
		char field[32];
		snprintf(field, sizeof field, "item_codes[%d]", i);
		if (!code || !*code || strlen(code) > 48) {
			yw_error_set(err, YW_E_BAD_FORMAT, field, "事项编码为 1–48 个字符");
			return YW_FAIL;
		}
		bool dup = false;
		for (int k = 0; k < ct->nitems; k++)
			dup |= !strcmp(ct->items[k], code);
		if (dup)
			continue;
		int st = yw_kbs_item_exists(c, code);
		if (st == YW_NOTFOUND) {
			yw_error_set(err, YW_E_REF_NOT_FOUND, field, "事项目录中没有编码为 %s 的事项", code);
			return YW_FAIL;
		}
		if (st)
			return st;
		ct->items[ct->nitems++] = code;
	}
	return YW_OK;
}

static char *items_json(const struct content *ct)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "[");
	for (int i = 0; i < ct->nitems; i++) {
		if (i)
			yw_buf_adds(&b, ",");
		yw_buf_json_str(&b, ct->items[i]);
	}
	yw_buf_adds(&b, "]");
	return yw_buf_steal(&b);
}

bool yw_kb_is_reviewer(const struct yw_actor *who)
{
	return who && (who->roles & YW_KB_REVIEWERS);
}

/* Writers act for their own department and inside their region; the
 * centre's reviewers for every department of their region. */
static int scope(struct yw_conn *c, const struct yw_actor *who, int64_t region_id, int64_t department_id,
		 struct yw_error *err)
{
	struct yw_scope obj = {region_id, yw_kb_is_reviewer(who) ? 0 : department_id, 0};
	return yw_authz_scope(c, who, NULL, obj, err);
}

/* Checks the input and writes it into a (title, body, codes, region,
 * department, item JSON); a's other fields are left alone. */
static int take_input(struct yw_conn *c, const struct yw_actor *who, const struct yw_kb_input *in,
		      struct yw_kb_article *a, struct content *ct, struct yw_error *err)
{
	if (check_text(in->title, "title", YW_KB_TITLE_MAX, err) || check_text(in->body, "body", YW_KB_BODY_MAX, err) ||
	    check_category(in->category_code, err) || check_dates(in, err))
		return YW_FAIL;
	if (!in->region_code || !*in->region_code) {
		yw_error_set(err, YW_E_MISSING_FIELD, "region_code", "请选择适用区划");
		return YW_FAIL;
	}
	int64_t region_id = 0;
	char *path = NULL;
	int st = yw_kbs_region_by_code(c, in->region_code, &region_id, &path);
	if (st == YW_NOTFOUND) {
		yw_error_set(err, YW_E_REF_NOT_FOUND, "region_code", "区划代码 %.24s 不存在", in->region_code);
		return YW_FAIL;
	}
	if (st)
		return st;
	int64_t dept = in->department_id ? in->department_id : who->scope.department_id;
	if (!dept) {
		free(path);
		yw_error_set(err, YW_E_MISSING_FIELD, "department_id", "请选择负责解答的部门");
		return YW_FAIL;
	}
	st = yw_kbs_department_exists(c, dept);
	if (st == YW_NOTFOUND)
		yw_error_set(err, YW_E_REF_NOT_FOUND, "department_id", "部门 %lld 不存在", (long long)dept);
	if (!st)
		st = scope(c, who, region_id, dept, err);
	if (!st)
		st = check_items(c, in, ct, err);
	if (st) {
		free(path);
		return st == YW_NOTFOUND ? YW_FAIL : st;
	}
	free(a->title);
	free(a->body);
	free(a->item_codes);
	free(a->region_path);
	a->title = yw_strdup(in->title);
	a->body = yw_strdup(in->body);
	a->item_codes = items_json(ct);
	a->region_path = path;
	a->region_id = region_id;
	a->department_id = dept;
	snprintf(a->region_code, sizeof a->region_code, "%s", in->region_code);
	snprintf(a->category_code, sizeof a->category_code, "%s", in->category_code ? in->category_code : "");
	snprintf(a->valid_from, sizeof a->valid_from, "%s", in->valid_from ? in->valid_from : "");
	snprintf(a->valid_to, sizeof a->valid_to, "%s", in->valid_to ? in->valid_to : "");
	return YW_OK;
}

/* ---- audit ---- */

static int audit(struct yw_conn *c, const struct yw_actor *who, const char *action, const struct yw_kb_article *a,
		 const char *from, const char *note)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"title\":");
	yw_buf_json_str(&b, a->title);
	if (from) {
		yw_buf_adds(&b, ",\"from\":");
		yw_buf_json_str(&b, from);
	}
	yw_buf_adds(&b, ",\"state\":");
	yw_buf_json_str(&b, a->state);
	yw_buf_printf(&b, ",\"version\":%lld,\"department_id\":%lld,\"region_id\":%lld", (long long)a->version,
		      (long long)a->department_id, (long long)a->region_id);
	if (a->revision_of)
		yw_buf_printf(&b, ",\"revision_of\":%lld", (long long)a->revision_of);
	if (a->merged_into)
		yw_buf_printf(&b, ",\"merged_into\":%lld", (long long)a->merged_into);
	if (note && *note) {
		yw_buf_adds(&b, ",\"note\":");
		yw_buf_json_str(&b, note);
	}
	yw_buf_adds(&b, "}");
	int st = yw_kbs_bump_generation(c);
	if (!st)
		st = yw_audit_append(c, who, action, "kb_article", a->id, b.data);
	yw_buf_free(&b);
	return st;
}

/* ---- create ---- */

struct op {
	const struct yw_actor *who;
	const struct yw_kb_input *in;
	int64_t id, version;
	enum yw_kb_action action;
	const char *note;
	struct yw_kb_article *out;
	bool created;
	struct yw_error *err;
};

static void set_creator(struct yw_kb_article *a, const struct yw_actor *who, int64_t now)
{
	a->created_by = who->user_id;
	free(a->created_by_name);
	a->created_by_name = yw_strdup(who->name ? who->name : "");
	a->created_at = now;
}

static int insert_new(struct yw_conn *c, struct yw_kb_article *a, const struct content *ct)
{
	char *text = search_text(a), *bigrams = bigrams_of(a, text, ct->items, ct->nitems);
	int st = yw_kbs_insert(c, a, text, bigrams, ct->items, ct->nitems);
	free(text);
	free(bigrams);
	return st;
}

static int reload(struct yw_conn *c, struct op *o, int64_t id)
{
	yw_kb_article_clear(o->out);
	int st = yw_kbs_get(c, id, o->out);
	return st == YW_OK ? YW_OK : YW_STORE_ERR;
}

static int create_tx(struct yw_conn *c, void *arg)
{
	struct op *o = arg;
	struct yw_kb_article a = {0};
	struct content ct;
	int st = take_input(c, o->who, o->in, &a, &ct, o->err);
	if (!st) {
		snprintf(a.state, sizeof a.state, "%s", o->in->submit ? "proposed" : "draft");
		set_creator(&a, o->who, yw_now_ms());
		st = insert_new(c, &a, &ct);
	}
	if (!st)
		st = audit(c, o->who, o->in->submit ? "propose" : "create", &a, NULL, NULL);
	if (!st)
		st = reload(c, o, a.id);
	yw_kb_article_clear(&a);
	return st;
}

int yw_kb_create(struct yw_store *s, const struct yw_actor *who, const struct yw_kb_input *in,
		 struct yw_kb_article *out, struct yw_error *err)
{
	yw_catalogue_ready();
	memset(out, 0, sizeof *out);
	struct op o = {.who = who, .in = in, .out = out, .err = err};
	int st = yw_store_tx(s, YW_TX_WRITE, create_tx, &o);
	if (st)
		yw_kb_article_clear(out);
	else
		derive_now(out);
	return st;
}

/* ---- reading and checking the current row ---- */

static int not_found(struct yw_error *err, int64_t id)
{
	yw_error_set(err, YW_E_NOT_FOUND, "id", "知识库文章 %lld 不存在 / no such article", (long long)id);
	return YW_NOTFOUND;
}

static int state_error(struct yw_error *err, const struct yw_kb_article *a, const char *what)
{
	yw_error_set(err, YW_E_KB_STATE, "state", "文章状态为 %s，不能%s", a->state, what);
	return YW_FAIL;
}

static int take(struct yw_conn *c, struct op *o, struct yw_kb_article *a)
{
	int st = yw_kbs_get(c, o->id, a);
	if (st == YW_NOTFOUND)
		return not_found(o->err, o->id);
	if (st)
		return st;
	if (o->version && a->version != o->version) {
		yw_error_set(o->err, YW_E_CONFLICT, "version", "当前版本为 %lld，您提交的是 %lld",
			     (long long)a->version, (long long)o->version);
		return YW_FAIL;
	}
	return scope(c, o->who, a->region_id, a->department_id, o->err);
}

/* A conditional write that found the row changed: CONFLICT for a client
 * that named its version, else run the transaction again on fresh data. */
static int lost(struct op *o)
{
	if (!o->version)
		return YW_RETRY;
	yw_error_set(o->err, YW_E_CONFLICT, "version", "文章已被他人修改 / the article changed meanwhile");
	return YW_FAIL;
}

static int save_content(struct yw_conn *c, struct op *o, struct yw_kb_article *a, const char *expect,
			const struct content *ct)
{
	char *text = search_text(a), *bigrams = bigrams_of(a, text, ct->items, ct->nitems);
	int st = yw_kbs_save(c, a, expect, text, bigrams, ct->items, ct->nitems);
	free(text);
	free(bigrams);
	return st == YW_NOTFOUND ? lost(o) : st;
}

static void set_reviewer(struct yw_kb_article *a, const struct yw_actor *who, int64_t now, const char *note)
{
	a->reviewed_by = who->user_id;
	a->reviewed_at = now;
	free(a->reviewed_by_name);
	a->reviewed_by_name = yw_strdup(who->name ? who->name : "");
	if (note) {
		free(a->review_note);
		a->review_note = *note ? yw_strdup(note) : NULL;
	}
}

/* ---- edit ---- */

static int revise_published(struct yw_conn *c, struct op *o, struct yw_kb_article *old)
{
	struct yw_kb_article rev = {0};
	struct content ct;
	int st = take_input(c, o->who, o->in, &rev, &ct, o->err);
	if (!st) {
		snprintf(rev.state, sizeof rev.state, "%s", o->in->submit ? "proposed" : "draft");
		rev.revision_of = old->id;
		set_creator(&rev, o->who, yw_now_ms());
		st = insert_new(c, &rev, &ct);
		if (st == YW_DB_HARD && yw_db_err_unique(c)) {
			yw_error_set(o->err, YW_E_KB_REVISION_OPEN, "id", "文章 %lld 已有待审核的修改稿", (long long)old->id);
			st = YW_FAIL;
		}
	}
	if (!st)
		st = audit(c, o->who, "propose_revision", &rev, NULL, NULL);
	if (!st) {
		o->created = true;
		st = reload(c, o, rev.id);
	}
	yw_kb_article_clear(&rev);
	return st;
}

static int update_tx(struct yw_conn *c, void *arg)
{
	struct op *o = arg;
	struct yw_kb_article a = {0};
	struct content ct;
	o->created = false;
	int st = take(c, o, &a);
	if (!st && !strcmp(a.state, "retired"))
		st = state_error(o->err, &a, "修改");
	if (!st && !strcmp(a.state, "published") && !yw_kb_is_reviewer(o->who)) {
		st = revise_published(c, o, &a);
		yw_kb_article_clear(&a);
		return st;
	}
	char from[12];
	snprintf(from, sizeof from, "%s", a.state);
	if (!st)
		st = take_input(c, o->who, o->in, &a, &ct, o->err);
	if (!st) {
		if (!strcmp(from, "published")) {
			/* The centre's own edit: checked as it is written. */
			int64_t now = yw_now_ms();
			a.last_reviewed_at = now;
			set_reviewer(&a, o->who, now, NULL);
		} else {
			snprintf(a.state, sizeof a.state, "%s", o->in->submit ? "proposed" : "draft");
		}
		st = save_content(c, o, &a, from, &ct);
	}
	if (!st)
		st = audit(c, o->who, "edit", &a, from, NULL);
	if (!st)
		st = reload(c, o, a.id);
	yw_kb_article_clear(&a);
	return st;
}

int yw_kb_update(struct yw_store *s, const struct yw_actor *who, int64_t id, int64_t version,
		 const struct yw_kb_input *in, struct yw_kb_article *out, bool *created, struct yw_error *err)
{
	yw_catalogue_ready();
	memset(out, 0, sizeof *out);
	struct op o = {.who = who, .in = in, .id = id, .version = version, .out = out, .err = err};
	int st = yw_store_tx(s, YW_TX_WRITE, update_tx, &o);
	if (created)
		*created = !st && o.created;
	if (st)
		yw_kb_article_clear(out);
	else
		derive_now(out);
	return st;
}

/* ---- approve, reject, review, retire ---- */

static int parse_items(const char *json, const char **items, int *n)
{
	*n = 0;
	json_t *arr = json_loads(json ? json : "[]", 0, NULL);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v) && *n < YW_KB_ITEMS_MAX)
			items[(*n)++] = yw_strdup(json_string_value(v));
	}
	json_decref(arr);
	return *n;
}

/* An approved revision: its text goes into the article it revises (which
 * keeps its id, so links and citations stay valid), and the revision
 * retires, pointing there. */
static int merge_revision(struct yw_conn *c, struct op *o, struct yw_kb_article *rev, int64_t now)
{
	struct yw_kb_article orig = {0};
	int st = yw_kbs_get(c, rev->revision_of, &orig);
	if (st == YW_NOTFOUND)
		st = YW_STORE_ERR; /* a foreign key guards it */
	if (!st)
		st = scope(c, o->who, orig.region_id, 0, o->err);
	if (!st && strcmp(orig.state, "published")) {
		yw_error_set(o->err, YW_E_KB_STATE, "revision_of", "原文章 %lld 已不是发布状态（%s），修改稿不能通过",
			     (long long)orig.id, orig.state);
		st = YW_FAIL;
	}
	/* The revision first: of two reviewers, the second finds it taken. */
	snprintf(rev->state, sizeof rev->state, "retired");
	rev->merged_into = orig.id;
	set_reviewer(rev, o->who, now, o->note);
	if (!st && (st = yw_kbs_save(c, rev, "proposed", NULL, NULL, NULL, 0)) == YW_NOTFOUND)
		st = lost(o);
	if (!st) {
		free(orig.title);
		free(orig.body);
		free(orig.item_codes);
		free(orig.region_path);
		orig.title = yw_strdup(rev->title);
		orig.body = yw_strdup(rev->body);
		orig.item_codes = yw_strdup(rev->item_codes);
		orig.region_path = yw_strdup(rev->region_path);
		orig.region_id = rev->region_id;
		orig.department_id = rev->department_id;
		memcpy(orig.valid_from, rev->valid_from, sizeof orig.valid_from);
		memcpy(orig.valid_to, rev->valid_to, sizeof orig.valid_to);
		memcpy(orig.category_code, rev->category_code, sizeof orig.category_code);
		orig.last_reviewed_at = now;
		set_reviewer(&orig, o->who, now, o->note);
		struct content ct;
		parse_items(orig.item_codes, ct.items, &ct.nitems);
		char *text = search_text(&orig), *bigrams = bigrams_of(&orig, text, ct.items, ct.nitems);
		st = yw_kbs_save(c, &orig, "published", text, bigrams, ct.items, ct.nitems);
		free(text);
		free(bigrams);
		for (int i = 0; i < ct.nitems; i++)
			free((char *)ct.items[i]);
		if (st == YW_NOTFOUND)
			st = YW_RETRY; /* the article moved under us (a cite does not move it): read again */
	}
	if (!st)
		st = audit(c, o->who, "approve", rev, "proposed", o->note);
	if (!st)
		st = audit(c, o->who, "merge_revision", &orig, "published", o->note);
	if (!st)
		st = reload(c, o, orig.id);
	yw_kb_article_clear(&orig);
	return st;
}

static const char *const action_names[] = {"approve", "reject", "review", "retire"};

static int act_tx(struct yw_conn *c, void *arg)
{
	struct op *o = arg;
	struct yw_kb_article a = {0};
	int st = take(c, o, &a);
	if (st) {
		yw_kb_article_clear(&a);
		return st;
	}
	char from[12];
	snprintf(from, sizeof from, "%s", a.state);
	int64_t now = yw_now_ms();
	switch (o->action) {
	case YW_KB_APPROVE:
		if (strcmp(from, "proposed"))
			st = state_error(o->err, &a, "审核通过（须为待审核）");
		else if (a.revision_of) {
			st = merge_revision(c, o, &a, now);
			yw_kb_article_clear(&a);
			return st;
		}
		snprintf(a.state, sizeof a.state, "published");
		a.last_reviewed_at = now;
		break;
	case YW_KB_REJECT:
		if (strcmp(from, "proposed"))
			st = state_error(o->err, &a, "退回（须为待审核）");
		else if (blank(o->note)) {
			yw_error_set(o->err, YW_E_MISSING_FIELD, "reason", "请填写退回理由");
			st = YW_FAIL;
		}
		snprintf(a.state, sizeof a.state, "rejected");
		break;
	case YW_KB_REVIEW:
		if (strcmp(from, "published"))
			st = state_error(o->err, &a, "复核（须为已发布）");
		a.last_reviewed_at = now;
		break;
	case YW_KB_RETIRE:
		if (!strcmp(from, "retired"))
			st = state_error(o->err, &a, "再次停用");
		snprintf(a.state, sizeof a.state, "retired");
		break;
	}
	if (!st && o->note && yw_utf8_len(o->note) > YW_KB_NOTE_MAX) {
		yw_error_set(o->err, YW_E_TOO_LONG, o->action == YW_KB_REJECT ? "reason" : "note",
			     "最多 %d 个字符", YW_KB_NOTE_MAX);
		st = YW_FAIL;
	}
	if (!st) {
		set_reviewer(&a, o->who, now, o->note ? o->note : "");
		if ((st = yw_kbs_save(c, &a, from, NULL, NULL, NULL, 0)) == YW_NOTFOUND)
			st = lost(o);
	}
	if (!st)
		st = audit(c, o->who, action_names[o->action], &a, from, o->note);
	if (!st)
		st = reload(c, o, a.id);
	yw_kb_article_clear(&a);
	return st;
}

int yw_kb_act(struct yw_store *s, const struct yw_actor *who, int64_t id, int64_t version, enum yw_kb_action a,
	      const char *note, struct yw_kb_article *out, struct yw_error *err)
{
	yw_catalogue_ready();
	memset(out, 0, sizeof *out);
	if (!yw_kb_is_reviewer(who)) {
		yw_error_set(err, YW_E_FORBIDDEN_ROLE, NULL, "审核、复核和停用由中心（效能监督、系统管理员）办理");
		return YW_FAIL;
	}
	struct op o = {.who = who, .id = id, .version = version, .action = a, .note = note, .out = out, .err = err};
	int st = yw_store_tx(s, YW_TX_WRITE, act_tx, &o);
	if (st)
		yw_kb_article_clear(out);
	else
		derive_now(out);
	return st;
}

/* ---- reading ---- */

struct get_ctx {
	int64_t id;
	struct yw_kb_article *out;
};

static int get_tx(struct yw_conn *c, void *arg)
{
	struct get_ctx *g = arg;
	yw_kb_article_clear(g->out);
	return yw_kbs_get(c, g->id, g->out);
}

int yw_kb_get(struct yw_store *s, int64_t id, struct yw_kb_article *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct get_ctx g = {id, out};
	int st = yw_store_tx(s, YW_TX_READ, get_tx, &g);
	if (st == YW_NOTFOUND)
		not_found(err, id);
	if (st)
		yw_kb_article_clear(out);
	else
		derive_now(out);
	return st;
}

int yw_kb_get_public(struct yw_store *s, int64_t id, struct yw_kb_article *out, struct yw_error *err)
{
	int st = yw_kb_get(s, id, out, err);
	if (!st && !out->in_force) {
		yw_kb_article_clear(out);
		return not_found(err, id);
	}
	return st;
}

static int generation_tx(struct yw_conn *c, void *arg) { return yw_kbs_generation(c, arg); }

int yw_kb_generation(struct yw_store *s, int64_t *generation)
{
	*generation = -1;
	int st = yw_store_tx(s, YW_TX_READ, generation_tx, generation);
	if (st)
		*generation = -1;
	return st;
}

/* ---- citing ---- */

int yw_kb_cite(struct yw_conn *c, int64_t article_id, struct yw_kb_citation *out, struct yw_error *err)
{
	char today[11];
	yw_kb_today(today);
	if (out)
		memset(out, 0, sizeof *out);
	int st = yw_kbs_hit(c, article_id, today, out);
	if (st != YW_NOTFOUND) {
		if (!st && out)
			out->id = article_id;
		return st;
	}
	struct yw_kb_article a;
	st = yw_kbs_get(c, article_id, &a);
	if (st == YW_NOTFOUND)
		return not_found(err, article_id);
	if (!st) {
		yw_error_set(err, YW_E_KB_NOT_CITABLE, "article_id", "文章 %lld 状态为 %s%s%s%s%s，不能引用",
			     (long long)article_id, a.state, a.valid_from[0] ? "，自 " : "", a.valid_from,
			     a.valid_to[0] ? " 至 " : "", a.valid_to);
		st = YW_FAIL;
	}
	yw_kb_article_clear(&a);
	return st;
}

/* ---- bulk ---- */

struct import_ctx {
	const struct yw_actor *who;
	const struct yw_kb_input *in;
	int n, imported, bad;
	struct yw_error *err;
};

static int import_tx(struct yw_conn *c, void *arg)
{
	struct import_ctx *ic = arg;
	ic->imported = 0;
	ic->bad = -1;
	int64_t now = yw_now_ms(), first = 0, last = 0;
	for (int i = 0; i < ic->n; i++) {
		const struct yw_kb_input *in = &ic->in[i];
		struct yw_kb_article a = {0};
		struct content ct;
		int st = take_input(c, ic->who, in, &a, &ct, ic->err);
		if (!st) {
			snprintf(a.state, sizeof a.state, "published");
			set_creator(&a, ic->who, now);
			/* A moved knowledge base keeps its review dates, so that
			 * what was stale there is stale here. */
			a.last_reviewed_at = in->reviewed_at ? in->reviewed_at : now;
			set_reviewer(&a, ic->who, now, NULL);
			st = insert_new(c, &a, &ct);
		}
		int64_t id = a.id;
		yw_kb_article_clear(&a);
		if (st) {
			if (st == YW_FAIL)
				ic->bad = i;
			return st;
		}
		if (!first)
			first = id;
		last = id;
		ic->imported++;
	}
	char summary[128];
	snprintf(summary, sizeof summary, "{\"imported\":%d,\"first_id\":%lld,\"last_id\":%lld}", ic->imported,
		 (long long)first, (long long)last);
	if (!ic->imported)
		return YW_OK;
	int st = yw_kbs_bump_generation(c);
	return st ? st : yw_audit_append(c, ic->who, "import", "kb_article", 0, summary);
}

int yw_kb_import(struct yw_store *s, const struct yw_actor *who, const struct yw_kb_input *in, int n,
		 int *imported, int *bad_index, struct yw_error *err)
{
	yw_catalogue_ready();
	struct import_ctx ic = {who, in, n, 0, -1, err};
	*imported = 0;
	*bad_index = -1;
	if (!yw_kb_is_reviewer(who)) {
		yw_error_set(err, YW_E_FORBIDDEN_ROLE, NULL, "导入由中心办理");
		return YW_FAIL;
	}
	int st = yw_store_tx(s, YW_TX_WRITE, import_tx, &ic);
	*bad_index = ic.bad;
	if (!st)
		*imported = ic.imported;
	return st;
}
