/* SQL of the knowledge base. One text serves both engines except the
 * search, whose statements are generated once per engine, word shape and
 * view and kept (the statement caches key on the text's address).
 *
 * Words reach the indexes exactly as the catalogue's do (item_store.c,
 * yw_istore_plan_text): three characters or more through trigrams (FTS5
 * on SQLite, pg_trgm under LIKE on PostgreSQL), two letters through the
 * bigram column, anything else by an escaped LIKE. One difference: a
 * two-letter word found through the bigram index is not checked again by
 * LIKE. yw_item_bigram_word admits only pairs of ASCII letters or digits
 * and CJK ideographs, which both tokenizers keep whole, so the index hit
 * is exact; the LIKE would read the whole text of every hit, and a word
 * like 社保 hits thousands of articles. */
#include "store/item_store_internal.h"
#include "yw/kb.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

static char *col_text(const struct yw_row *r, int i) { return yw_row_null(r, i) ? NULL : yw_strdup(yw_row_text(r, i)); }
/* ---- one article ---- */

/* The columns of a list row, then (FULL_COLS) what only a single article shows. */
#define LIST_COLS                                                                                            \
	"a.id, a.state, a.region_id, a.region_path, a.valid_from, a.valid_to, a.category_code, a.department_id, " \
	"a.revision_of, a.merged_into, a.hits, a.version, a.last_reviewed_at, a.reviewed_at, a.created_at, "    \
	"a.updated_at, a.created_by_name, a.item_codes, a.title, r.code, r.name, d.name"
#define FULL_COLS LIST_COLS ", a.reviewed_by, a.created_by, a.reviewed_by_name, a.review_note, t.body"
#define JOINS " JOIN regions r ON r.id = a.region_id JOIN departments d ON d.id = a.department_id"

static void list_row(struct yw_kb_article *a, const struct yw_row *r)
{
	memset(a, 0, sizeof *a);
	a->id = yw_row_int(r, 0);
	col_copy(a->state, sizeof a->state, r, 1);
	a->region_id = yw_row_int(r, 2);
	a->region_path = col_text(r, 3);
	col_copy(a->valid_from, sizeof a->valid_from, r, 4);
	col_copy(a->valid_to, sizeof a->valid_to, r, 5);
	col_copy(a->category_code, sizeof a->category_code, r, 6);
	a->department_id = yw_row_int(r, 7);
	a->revision_of = col_int(r, 8);
	a->merged_into = col_int(r, 9);
	a->hits = col_int(r, 10);
	a->version = col_int(r, 11);
	a->last_reviewed_at = col_int(r, 12);
	a->reviewed_at = col_int(r, 13);
	a->created_at = col_int(r, 14);
	a->updated_at = col_int(r, 15);
	a->created_by_name = col_text(r, 16);
	a->item_codes = col_text(r, 17);
	a->title = col_text(r, 18);
	col_copy(a->region_code, sizeof a->region_code, r, 19);
	a->region_name = col_text(r, 20);
	a->department = col_text(r, 21);
}

static int full_row(void *ctx, const struct yw_row *r)
{
	struct yw_kb_article *a = ctx;
	list_row(a, r);
	a->reviewed_by = col_int(r, 22);
	a->created_by = col_int(r, 23);
	a->reviewed_by_name = col_text(r, 24);
	a->review_note = col_text(r, 25);
	a->body = col_text(r, 26);
	return 1;
}

int yw_kbs_get(struct yw_conn *c, int64_t id, struct yw_kb_article *out)
{
	memset(out, 0, sizeof *out);
	return found(yw_q(c, "SELECT " FULL_COLS " FROM kb_articles a" JOINS " JOIN kb_texts t ON t.article_id = a.id "
			  "WHERE a.id = $1", full_row, out,
			  YW_PINT(id)));
}

struct region_ctx {
	int64_t *id;
	char **path;
};

static int region_row(void *ctx, const struct yw_row *r)
{
	struct region_ctx *rc = ctx;
	*rc->id = yw_row_int(r, 0);
	*rc->path = col_text(r, 1);
	return 1;
}

int yw_kbs_region_by_code(struct yw_conn *c, const char *code, int64_t *id, char **path)
{
	struct region_ctx rc = {id, path};
	*id = 0;
	*path = NULL;
	return found(yw_q(c, "SELECT id, path FROM regions WHERE code = $1", region_row, &rc, YW_PTEXT(code)));
}

int yw_kbs_department_exists(struct yw_conn *c, int64_t id)
{
	return found(yw_q(c, "SELECT 1 FROM departments WHERE id = $1", NULL, NULL, YW_PINT(id)));
}

int yw_kbs_item_exists(struct yw_conn *c, const char *code)
{
	return found(yw_q(c, "SELECT 1 FROM items WHERE code = $1 LIMIT 1", NULL, NULL, YW_PTEXT(code)));
}

int yw_kbs_title_exists(struct yw_conn *c, const char *title)
{
	return found(yw_q(c, "SELECT 1 FROM kb_articles WHERE title = $1 LIMIT 1", NULL, NULL, YW_PTEXT(title)));
}

static int set_items(struct yw_conn *c, int64_t id, const char *const *items, int n)
{
	int r = yw_q(c, "DELETE FROM kb_article_items WHERE article_id = $1", NULL, NULL, YW_PINT(id));
	for (int i = 0; r >= 0 && i < n; i++)
		r = yw_q(c, "INSERT INTO kb_article_items (article_id, item_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
			 NULL, NULL, YW_PINT(id), YW_PTEXT(items[i]));
	return ok(r);
}

static const char SQL_INSERT[] =
	"INSERT INTO kb_articles (state, region_id, region_path, valid_from, valid_to, category_code, department_id, "
	"revision_of, merged_into, hits, version, last_reviewed_at, reviewed_at, reviewed_by, created_by, "
	"created_at, updated_at, reviewed_by_name, created_by_name, review_note, item_codes, title) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 0, 1, $9, $10, $11, $12, $13, $13, $14, $15, $16, $17, $18) "
	"RETURNING id";
static const char SQL_INSERT_TEXTS[] =
	"INSERT INTO kb_texts (article_id, body, search_text, bigrams) VALUES ($1, $2, $3, $4)";
static const char SQL_UPDATE_TEXTS[] =
	"UPDATE kb_texts SET body = $2, search_text = $3, bigrams = $4 WHERE article_id = $1";

int yw_kbs_insert(struct yw_conn *c, struct yw_kb_article *a, const char *search_text, const char *bigrams,
		  const char *const *items, int nitems)
{
	int r = yw_q(c, SQL_INSERT, yw_row_get_int, &a->id, YW_PTEXT(a->state), YW_PINT(a->region_id),
		     YW_PTEXT(a->region_path), opt_text(a->valid_from), opt_text(a->valid_to),
		     opt_text(a->category_code), YW_PINT(a->department_id), opt_int(a->revision_of),
		     opt_int(a->last_reviewed_at), opt_int(a->reviewed_at), opt_int(a->reviewed_by),
		     opt_int(a->created_by), YW_PINT(a->created_at), YW_PTEXT(a->reviewed_by_name),
		     YW_PTEXT(a->created_by_name), YW_PTEXT(a->review_note), YW_PTEXT(a->item_codes),
		     YW_PTEXT(a->title));
	if (r >= 0)
		r = yw_q(c, SQL_INSERT_TEXTS, NULL, NULL, YW_PINT(a->id), YW_PTEXT(a->body), YW_PTEXT(search_text),
			 YW_PTEXT(bigrams));
	if (r < 0)
		return r;
	a->version = 1;
	a->updated_at = a->created_at;
	return set_items(c, a->id, items, nitems);
}

/* The texts only when they changed: the full-text triggers fire on any
 * UPDATE OF the search columns. */
static const char SQL_SAVE_META[] =
	"UPDATE kb_articles SET state = $3, merged_into = $4, last_reviewed_at = $5, reviewed_at = $6, "
	"reviewed_by = $7, reviewed_by_name = $8, review_note = $9, version = version + 1, updated_at = $10 "
	"WHERE id = $1 AND version = $2 AND state = $11";
static const char SQL_SAVE_CONTENT[] =
	"UPDATE kb_articles SET state = $3, merged_into = $4, last_reviewed_at = $5, reviewed_at = $6, "
	"reviewed_by = $7, reviewed_by_name = $8, review_note = $9, version = version + 1, updated_at = $10, "
	"region_id = $12, region_path = $13, valid_from = $14, valid_to = $15, category_code = $16, "
	"department_id = $17, item_codes = $18, title = $19 "
	"WHERE id = $1 AND version = $2 AND state = $11";

int yw_kbs_save(struct yw_conn *c, struct yw_kb_article *a, const char *expect_state, const char *search_text,
		const char *bigrams, const char *const *items, int nitems)
{
	int64_t now = yw_now_ms();
	int r;
	if (!search_text)
		r = yw_q(c, SQL_SAVE_META, NULL, NULL, YW_PINT(a->id), YW_PINT(a->version), YW_PTEXT(a->state),
			 opt_int(a->merged_into), opt_int(a->last_reviewed_at), opt_int(a->reviewed_at),
			 opt_int(a->reviewed_by), YW_PTEXT(a->reviewed_by_name), YW_PTEXT(a->review_note),
			 YW_PINT(now), YW_PTEXT(expect_state));
	else
		r = yw_q(c, SQL_SAVE_CONTENT, NULL, NULL, YW_PINT(a->id), YW_PINT(a->version), YW_PTEXT(a->state),
			 opt_int(a->merged_into), opt_int(a->last_reviewed_at), opt_int(a->reviewed_at),
			 opt_int(a->reviewed_by), YW_PTEXT(a->reviewed_by_name), YW_PTEXT(a->review_note),
			 YW_PINT(now), YW_PTEXT(expect_state), YW_PINT(a->region_id), YW_PTEXT(a->region_path),
			 opt_text(a->valid_from), opt_text(a->valid_to), opt_text(a->category_code),
			 YW_PINT(a->department_id), YW_PTEXT(a->item_codes), YW_PTEXT(a->title));
	r = found(r);
	if (r)
		return r;
	a->version++;
	a->updated_at = now;
	if (!search_text)
		return YW_OK;
	r = ok(yw_q(c, SQL_UPDATE_TEXTS, NULL, NULL, YW_PINT(a->id), YW_PTEXT(a->body), YW_PTEXT(search_text),
		    YW_PTEXT(bigrams)));
	return r ? r : set_items(c, a->id, items, nitems);
}

int yw_kbs_bump_generation(struct yw_conn *c)
{
	return ok(yw_q0(c, "UPDATE kb_state SET generation = generation + 1 WHERE id = 1", NULL, NULL));
}

int yw_kbs_generation(struct yw_conn *c, int64_t *gen)
{
	return ok(yw_q0(c, "SELECT generation FROM kb_state WHERE id = 1", yw_row_get_int, gen));
}

static int citation_row(void *ctx, const struct yw_row *r)
{
	struct yw_kb_citation *out = ctx;
	if (out) {
		out->version = yw_row_int(r, 0);
		col_copy(out->title, sizeof out->title, r, 1);
	}
	return 1;
}

int yw_kbs_hit(struct yw_conn *c, int64_t id, const char *today, struct yw_kb_citation *out)
{
	return found(yw_q(c,
			  "UPDATE kb_articles SET hits = hits + 1 WHERE id = $1 AND state = 'published' "
			  "AND (valid_from IS NULL OR valid_from <= $2) AND (valid_to IS NULL OR valid_to >= $2) "
			  "RETURNING version, title",
			  citation_row, out, YW_PINT(id), YW_PTEXT(today)));
}

/* ---- lists and search ----
 * Statements per engine × shape × view, generated once. Shapes: no words;
 * words, none indexable; trigram words; bigram words; both.
 *
 * The staff list counts exactly and shows the newest changes first. The
 * agents' search does a bounded amount of work whatever the words: on
 * SQLite the full-text index drives, newest article first, and stops at
 * the YW_KB_SEARCH_COUNT_CAP-th one that passes the filters (published, in
 * force today, applicable to the region…); those candidates are ranked —
 * words in the title, then the narrower region, then how often the article
 * was cited — and counted in the same statement. A search that matches
 * more articles than that ranks the newest ones and says its total is
 * capped: the agent adds a word. */

enum { P_TRI, P_BI, P_LIKE0, P_STATE = P_LIKE0 + YW_ITEM_QUERY_WORDS, P_DEPT, P_CATEGORY, P_ITEM, P_REGION,
       P_TODAY, P_STALE, P_CUTOFF, P_RANK0, P_LIMIT = P_RANK0 + YW_ITEM_QUERY_WORDS, P_OFFSET, P__N };
enum { SHAPE_NONE, SHAPE_LIKE, SHAPE_TRI, SHAPE_BI, SHAPE_TRI_BI, SHAPES };
enum { VIEW_LIST, VIEW_SEARCH, VIEWS };

struct search_sql {
	char *page, *count;
	int plan[P__N + YW_ITEM_QUERY_WORDS]; /* $k binds logical parameter plan[k-1] */
	int nplan, ncount;
};
/* The last index: whether some word still needs its LIKE (then the texts
 * are joined; on SQLite, otherwise, the full-text index alone decides). */
static struct search_sql search_sql[2][SHAPES][VIEWS][2];
static pthread_once_t search_once = PTHREAD_ONCE_INIT;

/* What ranking a candidate needs; the page's rows are read whole afterwards. */
#define CANDIDATE_COLS "a.id, a.title, a.region_path, a.hits"

static int param(struct search_sql *s, int logical)
{
	s->plan[s->nplan] = logical;
	return ++s->nplan;
}

static void opt_filter(struct yw_buf *w, struct search_sql *s, int logical, const char *expr)
{
	int k = param(s, logical);
	yw_buf_printf(w, " AND ($%d IS NULL OR ", k);
	yw_buf_printf(w, expr, k); /* expr has one %d: the parameter */
	yw_buf_adds(w, ")");
}

/* FROM: the full-text table that drives on SQLite, or the articles; the
 * texts when a LIKE needs them, or on PostgreSQL for their indexes. */
static const char *driver(enum yw_dialect d, int shape, bool likes)
{
	bool sqlite = d == YW_DIALECT_SQLITE;
	if (sqlite && (shape == SHAPE_TRI || shape == SHAPE_TRI_BI))
		return likes ? " FROM kb_fts f JOIN kb_articles a ON a.id = f.rowid JOIN kb_texts s ON s.article_id = a.id"
			     : " FROM kb_fts f JOIN kb_articles a ON a.id = f.rowid";
	if (sqlite && shape == SHAPE_BI)
		return likes ? " FROM kb_bigrams f JOIN kb_articles a ON a.id = f.rowid JOIN kb_texts s ON s.article_id = a.id"
			     : " FROM kb_bigrams f JOIN kb_articles a ON a.id = f.rowid";
	return shape == SHAPE_NONE ? " FROM kb_articles a" : " FROM kb_articles a JOIN kb_texts s ON s.article_id = a.id";
}

static void text_clauses(struct yw_buf *w, struct search_sql *s, enum yw_dialect d, int shape, bool likes)
{
	bool sqlite = d == YW_DIALECT_SQLITE;
	if (shape == SHAPE_TRI || shape == SHAPE_TRI_BI)
		yw_buf_printf(w, sqlite ? " AND kb_fts MATCH $%d" : " AND s.search_text LIKE $%d ESCAPE '\\'",
			      param(s, P_TRI));
	if (shape == SHAPE_BI)
		yw_buf_printf(w, sqlite ? " AND kb_bigrams MATCH $%d"
					: " AND to_tsvector('simple', s.bigrams) @@ plainto_tsquery('simple', $%d)",
			      param(s, P_BI));
	if (shape == SHAPE_TRI_BI)
		yw_buf_printf(w, sqlite ? " AND a.id IN (SELECT rowid FROM kb_bigrams WHERE kb_bigrams MATCH $%d)"
					: " AND to_tsvector('simple', s.bigrams) @@ plainto_tsquery('simple', $%d)",
			      param(s, P_BI));
	if (likes)
		for (int i = 0; i < YW_ITEM_QUERY_WORDS; i++)
			opt_filter(w, s, P_LIKE0 + i, "s.search_text LIKE $%d ESCAPE '\\'");
}

/* The WHERE clause (every filter); its parameters come first in both statements. */
static void where(struct yw_buf *w, struct search_sql *s, enum yw_dialect d, int shape, bool likes, bool search)
{
	/* With words, the unary + keeps SQLite off the state index: the
	 * full-text hits drive better. */
	const char *plus = shape != SHAPE_NONE && d == YW_DIALECT_SQLITE ? "+" : "";
	if (search) {
		yw_buf_printf(w, " WHERE %sa.state = 'published'", plus);
		int t1 = param(s, P_TODAY), t2 = param(s, P_TODAY);
		yw_buf_printf(w, " AND (a.valid_from IS NULL OR a.valid_from <= $%d) AND (a.valid_to IS NULL OR "
				 "a.valid_to >= $%d)",
			      t1, t2);
	} else {
		int k = param(s, P_STATE);
		yw_buf_printf(w, " WHERE ($%d IS NULL OR %sa.state = $%d)", k, plus, k);
	}
	text_clauses(w, s, d, shape, likes);
	if (search) {
		/* Applicable: the article's region is the one asked about or above it. */
		opt_filter(w, s, P_REGION, "substr($%d, 1, length(a.region_path)) = a.region_path");
	} else {
		opt_filter(w, s, P_REGION, "a.region_path LIKE $%d");
		opt_filter(w, s, P_DEPT, "a.department_id = $%d");
		int k = param(s, P_STALE), t = param(s, P_TODAY), cut = param(s, P_CUTOFF);
		yw_buf_printf(w,
			      " AND ($%d IS NULL OR (a.state = 'published' AND ((a.valid_to IS NOT NULL AND a.valid_to < "
			      "$%d) OR COALESCE(a.last_reviewed_at, a.created_at) < $%d)))",
			      k, t, cut);
	}
	/* The category and its subtree: codes nest by prefix (HB ⊃ HB01). */
	opt_filter(w, s, P_CATEGORY, "substr(a.category_code, 1, length($%1$d)) = $%1$d");
	opt_filter(w, s, P_ITEM, "a.id IN (SELECT article_id FROM kb_article_items WHERE item_code = $%d)");
}

static void build_one(struct search_sql *s, enum yw_dialect d, int shape, int view, bool likes)
{
	struct yw_buf w = {0};
	bool search = view == VIEW_SEARCH;
	const char *from = driver(d, shape, likes);
	where(&w, s, d, shape, likes, search);
	s->ncount = s->nplan;
	if (!search) {
		s->count = yw_asprintf("SELECT COUNT(*)%s%s", from, w.data);
		int limit = param(s, P_LIMIT), offset = param(s, P_OFFSET);
		s->page = yw_asprintf("SELECT " LIST_COLS "%s" JOINS "%s ORDER BY a.updated_at DESC, a.id DESC "
				      "LIMIT $%d OFFSET $%d",
				      from, w.data, limit, offset);
		yw_buf_free(&w);
		return;
	}
	/* Newest first: FTS5 returns its rowids in either order without sorting. */
	const char *newest = d == YW_DIALECT_SQLITE && shape >= SHAPE_TRI ? "f.rowid DESC" : "a.id DESC";
	s->count = yw_asprintf("SELECT COUNT(*) FROM (SELECT 1%s%s LIMIT %d) t", from, w.data, YW_KB_SEARCH_COUNT_CAP);
	/* Candidates (ids and rank keys only: narrow rows sort fast), ranked
	 * and counted; then the page's articles read whole. */
	struct yw_buf rank = {0};
	if (shape == SHAPE_NONE)
		yw_buf_adds(&rank, "0");
	else
		for (int i = 0; i < YW_ITEM_QUERY_WORDS; i++)
			yw_buf_printf(&rank, "%sCASE WHEN lower(a.title) LIKE $%d ESCAPE '\\' THEN 1 ELSE 0 END",
				      i ? " + " : "", param(s, P_RANK0 + i));
	/* The narrower region first only when the caller's region is known. */
	int region = param(s, P_REGION);
	int limit = param(s, P_LIMIT), offset = param(s, P_OFFSET);
	s->page = yw_asprintf(
		"SELECT " LIST_COLS ", (SELECT t.body FROM kb_texts t WHERE t.article_id = a.id), c.total "
		"FROM (SELECT a.id, %s AS rk, CASE WHEN $%d IS NULL THEN 0 ELSE length(a.region_path) END AS depth, "
		"a.hits, COUNT(*) OVER () AS total "
		"FROM (SELECT " CANDIDATE_COLS "%s%s ORDER BY %s LIMIT %d) a "
		"ORDER BY rk DESC, depth DESC, a.hits DESC, a.id DESC LIMIT $%d OFFSET $%d) c "
		"JOIN kb_articles a ON a.id = c.id" JOINS " ORDER BY c.rk DESC, c.depth DESC, c.hits DESC, c.id DESC",
		rank.data, region, from, w.data, newest, YW_KB_SEARCH_COUNT_CAP, limit, offset);
	yw_buf_free(&rank);
	yw_buf_free(&w);
}

static void build_search(void)
{
	for (int d = 0; d < 2; d++)
		for (int shape = 0; shape < SHAPES; shape++)
			for (int view = 0; view < VIEWS; view++)
				for (int likes = 0; likes < 2; likes++)
					build_one(&search_sql[d][shape][view][likes], (enum yw_dialect)d, shape, view,
						  likes);
}

struct page_ctx {
	struct yw_kb_page *p;
	bool search;
};

static int page_row(void *arg, const struct yw_row *r)
{
	struct page_ctx *pc = arg;
	struct yw_kb_page *p = pc->p;
	p->rows = yw_realloc(p->rows, sizeof *p->rows * (size_t)(p->n + 1));
	struct yw_kb_hit *h = &p->rows[p->n++];
	memset(h, 0, sizeof *h);
	list_row(&h->a, r);
	if (pc->search) {
		h->a.body = col_text(r, 22);
		p->total = yw_row_int(r, 23);
	}
	return 0;
}

struct plan {
	int shape;
	struct yw_text_plan tp;
};

/* With words, a category or item filter is one more word of the bigram
 * index (domain/kb.c writes them there): the index intersects them instead
 * of the filter checking every hit. Without words the SQL filter's index
 * drives. */
static void add_facets(const struct yw_kbs_query *q, enum yw_dialect d, struct yw_text_plan *tp)
{
	if (!q->nwords || (!q->category && !q->item))
		return;
	struct yw_buf b = {0};
	if (tp->bi)
		yw_buf_adds(&b, tp->bi);
	for (int i = 0; i < 2; i++) {
		const char *code = i ? q->item : q->category;
		if (!code)
			continue;
		struct yw_buf token = {0};
		yw_kb_facet_token(i ? "kbitem" : "kbcat", code, &token);
		if (token.len > (i ? 6u : 5u))
			yw_istore_add_phrase(&b, token.data, d == YW_DIALECT_SQLITE);
		yw_buf_free(&token);
	}
	free(tp->bi);
	tp->bi = b.len ? yw_buf_steal(&b) : NULL;
	yw_buf_free(&b);
}

static void plan_words(const struct yw_kbs_query *q, enum yw_dialect d, struct plan *pl)
{
	yw_istore_plan_text(q->words, q->like, q->nwords, d, &pl->tp);
	/* The bigram index answers a two-letter word exactly (see the top). */
	for (int i = 0; i < q->nwords; i++)
		if (pl->tp.bi && yw_item_bigram_word(q->words[i]))
			pl->tp.need_like[i] = false;
	add_facets(q, d, &pl->tp);
	pl->shape = pl->tp.tri && pl->tp.bi ? SHAPE_TRI_BI
		    : pl->tp.tri	    ? SHAPE_TRI
		    : pl->tp.bi		    ? SHAPE_BI
		    : q->nwords		    ? SHAPE_LIKE
					    : SHAPE_NONE;
}

static struct yw_param logical_value(const struct yw_kbs_query *q, const struct plan *pl, int logical)
{
	if (logical >= P_LIKE0 && logical < P_LIKE0 + YW_ITEM_QUERY_WORDS) {
		int w = logical - P_LIKE0;
		return YW_PTEXT(w < q->nwords && pl->tp.need_like[w] ? q->like[w] : NULL);
	}
	if (logical >= P_RANK0 && logical < P_RANK0 + YW_ITEM_QUERY_WORDS) {
		int w = logical - P_RANK0;
		return YW_PTEXT(w < q->nwords ? q->like[w] : NULL);
	}
	switch (logical) {
	case P_TRI: return YW_PTEXT(pl->tp.tri);
	case P_BI: return YW_PTEXT(pl->tp.bi);
	case P_STATE: return YW_PTEXT(q->state);
	case P_DEPT: return opt_int(q->department_id);
	case P_CATEGORY: return YW_PTEXT(q->category);
	case P_ITEM: return YW_PTEXT(q->item);
	case P_REGION: return YW_PTEXT(q->region_path);
	case P_TODAY: return YW_PTEXT(q->today);
	case P_STALE: return q->stale ? YW_PINT(1) : YW_PNULL;
	case P_CUTOFF: return YW_PINT(q->review_cutoff);
	case P_LIMIT: return YW_PINT(q->limit);
	default: return YW_PINT(q->offset);
	}
}

int yw_kbs_search(struct yw_conn *c, const struct yw_kbs_query *q, struct yw_kb_page *out)
{
	pthread_once(&search_once, build_search);
	enum yw_dialect d = yw_store_dialect(yw_conn_store(c));
	struct plan pl;
	plan_words(q, d, &pl);
	bool likes = false;
	for (int i = 0; i < q->nwords; i++)
		likes |= pl.tp.need_like[i];
	const struct search_sql *s = &search_sql[d][pl.shape][q->search ? VIEW_SEARCH : VIEW_LIST][likes];
	struct yw_param p[P__N + YW_ITEM_QUERY_WORDS];
	for (int k = 0; k < s->nplan; k++)
		p[k] = logical_value(q, &pl, s->plan[k]);
	memset(out, 0, sizeof *out);
	struct page_ctx pc = {out, q->search};
	int r;
	if (q->search) {
		/* The page counts its candidates; a page past the end asks apart. */
		r = yw_db_query(c, s->page, p, s->nplan, page_row, &pc);
		if (r >= 0 && !out->n && q->offset)
			r = yw_db_query(c, s->count, p, s->ncount, yw_row_get_int, &out->total);
		out->total_capped = out->total >= YW_KB_SEARCH_COUNT_CAP;
	} else {
		r = yw_db_query(c, s->count, p, s->ncount, yw_row_get_int, &out->total);
		if (r >= 0 && out->total > q->offset)
			r = yw_db_query(c, s->page, p, s->nplan, page_row, &pc);
	}
	free(pl.tp.tri);
	free(pl.tp.bi);
	return ok(r);
}
