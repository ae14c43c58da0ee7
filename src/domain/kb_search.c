/* Finding articles: the staff list (filters, stale) and the agents' search
 * (published, in force today, applicable to the caller's region, ranked),
 * with the matches marked in titles and in a snippet of each body.
 *
 * Queries are split and escaped by the catalogue's own helpers
 * (yw_query_split, yw_query_like_pattern) and reach the same kind of
 * indexes through the same plan (store/kb_store.c), so a word found in the
 * catalogue is found here alike — two-character words such as 社保 too. */
#include "catalogue_internal.h"
#include "yw/kb.h"
#include <stdlib.h>
#include <string.h>

void yw_kb_snippet_free(struct yw_kb_snippet *s)
{
	free(s->text);
	memset(s, 0, sizeof *s);
}

void yw_kb_page_free(struct yw_kb_page *p)
{
	for (int i = 0; i < p->n; i++) {
		yw_kb_article_clear(&p->rows[i].a);
		yw_kb_snippet_free(&p->rows[i].snippet);
	}
	free(p->rows);
	memset(p, 0, sizeof *p);
}

/* ---- marks and snippets ---- */

static char lower(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch; }

/* Does w (lower-case) start at t, ignoring ASCII case? */
static size_t match_at(const char *t, const char *w)
{
	size_t n = 0;
	for (; w[n]; n++)
		if (!t[n] || lower(t[n]) != w[n])
			return 0;
	return n;
}

/* Valid UTF-8 words can only match where a character starts, so a byte
 * scan never marks half a character. */
int yw_kb_find_marks(const char *text, const char *const *words, int nwords, struct yw_kb_mark *marks, int max)
{
	int n = 0;
	if (!text)
		return 0;
	for (const char *p = text; *p && n < max;) {
		size_t best = 0;
		for (int i = 0; i < nwords; i++) {
			size_t len = words[i] && *words[i] ? match_at(p, words[i]) : 0;
			if (len > best)
				best = len;
		}
		if (best) {
			marks[n++] = (struct yw_kb_mark){(int)(p - text), (int)best};
			p += best;
		} else {
			p++;
		}
	}
	return n;
}

/* The byte offset `chars` characters before or after pos (stopping at the ends). */
static size_t back_chars(const char *s, size_t pos, int chars)
{
	while (pos > 0 && chars > 0) {
		pos--;
		if (((unsigned char)s[pos] & 0xC0) != 0x80)
			chars--;
	}
	return pos;
}

static size_t forward_chars(const char *s, size_t pos, int chars)
{
	while (s[pos] && chars > 0) {
		pos++;
		while (((unsigned char)s[pos] & 0xC0) == 0x80)
			pos++;
		chars--;
	}
	return pos;
}

void yw_kb_make_snippet(const char *body, const char *const *words, int nwords, int chars,
			struct yw_kb_snippet *out)
{
	memset(out, 0, sizeof *out);
	if (!body)
		body = "";
	struct yw_kb_mark first;
	size_t start = 0;
	/* A little of what comes before the first match, for context. */
	if (yw_kb_find_marks(body, words, nwords, &first, 1))
		start = back_chars(body, (size_t)first.start, chars / 4);
	size_t end = forward_chars(body, start, chars);
	out->text = yw_strndup(body + start, end - start);
	for (char *p = out->text; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	out->cut_before = start > 0;
	out->cut_after = body[end] != 0;
	out->nmarks = yw_kb_find_marks(out->text, words, nwords, out->marks, YW_KB_MARKS_MAX);
}

/* ---- the query ---- */

static bool one_of(const char *v, const char *const *allowed)
{
	for (int i = 0; allowed[i]; i++)
		if (!strcmp(v, allowed[i]))
			return true;
	return false;
}

static int bad(struct yw_error *err, const char *field, const char *detail)
{
	yw_error_set(err, YW_E_BAD_QUERY, field, "%s", detail);
	return YW_FAIL;
}

static int check_query(const struct yw_kb_query *q, struct yw_error *err)
{
	static const char *const states[] = {"draft", "proposed", "published", "rejected", "retired", NULL};
	if (q->state && !one_of(q->state, states))
		return bad(err, "state", "state 应为 draft、proposed、published、rejected 或 retired");
	if (q->category && (strlen(q->category) > YW_KB_CATEGORY_MAX || !*q->category))
		return bad(err, "category", "分类编码最多 32 个字符");
	if (q->item && (strlen(q->item) > 48 || !*q->item))
		return bad(err, "item", "事项编码最多 48 个字符");
	if (q->region && (strlen(q->region) > 20 || !*q->region))
		return bad(err, "region", "区划代码不正确");
	return YW_OK;
}

struct list_ctx {
	const struct yw_kb_query *q;
	struct yw_kbs_query *sq;
	struct yw_kb_page *out;
	struct yw_error *err;
};

static int list_tx(struct yw_conn *c, void *arg)
{
	struct list_ctx *lc = arg;
	yw_kb_page_free(lc->out);
	char *path = NULL;
	if (lc->q->region) {
		int64_t id;
		int st = yw_kbs_region_by_code(c, lc->q->region, &id, &path);
		if (st == YW_NOTFOUND)
			return bad(lc->err, "region", "没有这个区划代码 / no such region");
		if (st)
			return st;
		if (!lc->q->search) { /* the subtree: a prefix pattern (paths hold digits and /) */
			char *pattern = yw_asprintf("%s%%", path);
			free(path);
			path = pattern;
		}
	}
	lc->sq->region_path = path;
	int st = yw_kbs_search(c, lc->sq, lc->out);
	lc->sq->region_path = NULL;
	free(path);
	return st;
}

static void mark_hits(struct yw_kb_page *p, const struct yw_query_words *w, bool snippets)
{
	const char *const *words = (const char *const *)w->w;
	for (int i = 0; i < p->n; i++) {
		struct yw_kb_hit *h = &p->rows[i];
		h->ntitle_marks = yw_kb_find_marks(h->a.title, words, w->n, h->title_marks, YW_KB_MARKS_MAX);
		if (snippets) {
			yw_kb_make_snippet(h->a.body, words, w->n, 90, &h->snippet);
			/* The snippet stands in for the body in a result. */
			free(h->a.body);
			h->a.body = NULL;
		}
	}
}

int yw_kb_list(struct yw_store *s, const struct yw_kb_query *q, struct yw_kb_page *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct yw_query_words w;
	if (check_query(q, err) || yw_query_split(q->q, &w, err))
		return YW_FAIL;
	char today[11];
	yw_kb_today(today);
	struct yw_kbs_query sq = {
		.nwords = w.n,
		.state = q->search ? NULL : q->state,
		.category = q->category,
		.item = q->item,
		.department_id = q->search ? 0 : q->department_id,
		.stale = !q->search && q->stale,
		.search = q->search,
		.today = today,
		.review_cutoff = yw_kb_review_cutoff(),
		.limit = q->limit,
		.offset = q->offset,
	};
	for (int i = 0; i < w.n; i++) {
		sq.words[i] = w.w[i];
		sq.like[i] = yw_query_like_pattern(w.w[i]);
	}
	struct list_ctx lc = {q, &sq, out, err};
	int st = yw_store_tx(s, YW_TX_READ, list_tx, &lc);
	for (int i = 0; i < w.n; i++)
		free((char *)sq.like[i]);
	if (!st) {
		for (int i = 0; i < out->n; i++)
			yw_kb_derive(&out->rows[i].a, today, sq.review_cutoff);
		mark_hits(out, &w, q->search);
	} else {
		yw_kb_page_free(out);
	}
	yw_query_words_free(&w);
	return st;
}
