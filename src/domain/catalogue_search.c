/* Finding items: words → index patterns, filters, pages; the theme list;
 * the catalogue KPIs (docs/catalogue-kpis.md).
 *
 * A query is at most YW_ITEM_QUERY_MAX characters and YW_ITEM_QUERY_WORDS
 * words, all of which an item must contain. Every word becomes an escaped
 * LIKE pattern (%, _ and \ are literal) over the lower-cased search text;
 * the store finds the words through its trigram and bigram indexes where
 * it can (store/item_store.c). */
#include "catalogue_internal.h"
#include "yw/item_store.h"
#include <stdlib.h>
#include <string.h>

void yw_item_page_free(struct yw_item_page *p)
{
	for (int i = 0; i < p->n; i++) {
		struct yw_item_summary *s = &p->items[i];
		free(s->code);
		free(s->name);
		free(s->type);
		free(s->status);
		free(s->department);
		free(s->handling_type);
		free(s->service_objects);
		free(s->themes);
		free(s->item_status);
	}
	free(p->items);
	memset(p, 0, sizeof *p);
}

/* Length of the separator at s (ASCII white space or U+3000), else 0. */
static size_t separator(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		return 1;
	return !strncmp(s, "\xe3\x80\x80", 3) ? 3 : 0;
}

void yw_query_words_free(struct yw_query_words *w)
{
	for (int i = 0; i < w->n; i++)
		free(w->w[i]);
	w->n = 0;
}

int yw_query_split(const char *q, struct yw_query_words *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	if (!q)
		return YW_OK;
	if (!yw_utf8_valid(q, strlen(q)) || yw_utf8_len(q) > YW_ITEM_QUERY_MAX) {
		yw_error_set(err, YW_E_BAD_QUERY, "q", "搜索词最多 %d 个字符 / at most %d characters",
			     YW_ITEM_QUERY_MAX, YW_ITEM_QUERY_MAX);
		return YW_FAIL;
	}
	for (const char *p = q; *p;) {
		size_t sep = separator(p);
		if (sep) {
			p += sep;
			continue;
		}
		const char *start = p;
		while (*p && !separator(p))
			p++;
		if (out->n == YW_ITEM_QUERY_WORDS) {
			yw_query_words_free(out);
			yw_error_set(err, YW_E_BAD_QUERY, "q", "最多 %d 个关键词 / at most %d words",
				     YW_ITEM_QUERY_WORDS, YW_ITEM_QUERY_WORDS);
			return YW_FAIL;
		}
		char *w = yw_strndup(start, (size_t)(p - start));
		for (char *k = w; *k; k++)
			if (*k >= 'A' && *k <= 'Z')
				*k = (char)(*k + 32);
		out->w[out->n++] = w;
	}
	return YW_OK;
}

char *yw_query_like_pattern(const char *w)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "%");
	for (const char *p = w; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			yw_buf_add(&b, "\\", 1);
		yw_buf_add(&b, p, 1);
	}
	yw_buf_adds(&b, "%");
	return yw_buf_steal(&b);
}

static int check_enum(const char *v, const char *const *table, const char *field, struct yw_error *err)
{
	if (!v)
		return YW_OK;
	for (int i = 0; table[i]; i++)
		if (!strcmp(table[i], v))
			return YW_OK;
	yw_error_set(err, YW_E_BAD_QUERY, field, "“%s” 不是允许的取值 / not an allowed value", v);
	return YW_FAIL;
}

struct search_ctx {
	struct yw_istore_query *q;
	struct yw_item_page *out;
};

static int search_tx(struct yw_conn *c, void *arg)
{
	struct search_ctx *sc = arg;
	yw_item_page_free(sc->out);
	return yw_istore_search(c, sc->q, sc->out);
}

static int validate_filters(const struct yw_item_query *q, struct yw_error *err)
{
	static const char *const statuses[] = {"draft", "published", "retired", NULL};
	if (check_enum(q->type, yw_item_types, "type", err) ||
	    check_enum(q->service_object, yw_item_service_objects, "service_object", err) ||
	    check_enum(q->status, statuses, "status", err))
		return YW_FAIL;
	if (q->online_depth < 0 || q->online_depth > 4) {
		yw_error_set(err, YW_E_BAD_QUERY, "online_depth", "网上办理深度为 1–4");
		return YW_FAIL;
	}
	if (q->theme && yw_utf8_len(q->theme) > 20) {
		yw_error_set(err, YW_E_BAD_QUERY, "theme", "主题最多 20 个字符");
		return YW_FAIL;
	}
	return YW_OK;
}

/* The store's form of a query: its words, their LIKE patterns, filters. */
struct prepared {
	struct yw_query_words w;
	char *object;
	struct yw_istore_query sq;
};

static int prepare(const struct yw_item_query *q, bool exporting, struct prepared *p, struct yw_error *err)
{
	memset(p, 0, sizeof *p);
	if (validate_filters(q, err) || yw_query_split(q->q, &p->w, err))
		return YW_FAIL;
	p->object = q->service_object ? yw_asprintf("%%,%s,%%", q->service_object) : NULL;
	/* An export reads published versions unless a status is named. */
	const char *status = exporting ? (q->status ? q->status : "published")
				       : q->staff ? q->status : "published";
	p->sq = (struct yw_istore_query){
		.nwords = p->w.n,
		.status = status,
		.type = q->type, .theme = q->theme, .service_object = p->object,
		.head = !exporting && q->staff && !q->status,
		.department_id = q->department_id, .region_id = q->region_id, .hall_id = q->hall_id,
		.online_depth = q->online_depth, .limit = q->limit, .offset = q->offset,
	};
	for (int i = 0; i < p->w.n; i++) {
		p->sq.words[i] = p->w.w[i];
		p->sq.like[i] = yw_query_like_pattern(p->w.w[i]);
	}
	return YW_OK;
}

static void prepared_free(struct prepared *p)
{
	for (int i = 0; i < p->w.n; i++)
		free((char *)p->sq.like[i]);
	free(p->object);
	yw_query_words_free(&p->w);
}

int yw_catalogue_search(struct yw_store *s, const struct yw_item_query *q, struct yw_item_page *out,
			struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct prepared p;
	if (prepare(q, false, &p, err))
		return YW_FAIL;
	struct search_ctx sc = {&p.sq, out};
	int st = yw_store_tx(s, YW_TX_READ, search_tx, &sc);
	prepared_free(&p);
	if (st)
		yw_item_page_free(out);
	return st;
}

struct contents_ctx {
	const struct yw_istore_query *q;
	void (*reset)(void *ctx);
	yw_content_fn fn;
	void *ctx;
};

static int contents_tx(struct yw_conn *c, void *arg)
{
	struct contents_ctx *cc = arg;
	cc->reset(cc->ctx);
	return yw_istore_search_contents(c, cc->q, cc->fn, cc->ctx);
}

int yw_catalogue_found_contents(struct yw_store *s, const struct yw_item_query *q, void (*reset)(void *ctx),
				yw_content_fn fn, void *ctx, struct yw_error *err)
{
	struct prepared p;
	if (prepare(q, true, &p, err))
		return YW_FAIL;
	struct contents_ctx cc = {&p.sq, reset, fn, ctx};
	int st = yw_store_tx(s, YW_TX_READ, contents_tx, &cc);
	prepared_free(&p);
	return st;
}

void yw_theme_list_free(struct yw_theme_list *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->rows[i].theme);
	free(l->rows);
	memset(l, 0, sizeof *l);
}

static int themes_tx(struct yw_conn *c, void *arg)
{
	yw_theme_list_free(arg);
	return yw_istore_themes(c, arg);
}

int yw_catalogue_themes(struct yw_store *s, struct yw_theme_list *out)
{
	memset(out, 0, sizeof *out);
	return yw_store_tx(s, YW_TX_READ, themes_tx, out);
}

void yw_department_list_free(struct yw_department_list *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->rows[i].name);
		free(l->rows[i].short_name);
	}
	free(l->rows);
	memset(l, 0, sizeof *l);
}

static int departments_tx(struct yw_conn *c, void *arg)
{
	yw_department_list_free(arg);
	return yw_istore_departments(c, arg);
}

int yw_catalogue_departments(struct yw_store *s, struct yw_department_list *out)
{
	memset(out, 0, sizeof *out);
	return yw_store_tx(s, YW_TX_READ, departments_tx, out);
}

static int generation_tx(struct yw_conn *c, void *arg) { return yw_istore_generation(c, arg); }

/* Read every time (one indexed row): a change made by any process, the CLI
 * included, shows on the very next request. */
int yw_catalogue_generation(struct yw_store *s, int64_t *generation)
{
	*generation = -1;
	return yw_store_tx(s, YW_TX_READ, generation_tx, generation);
}
