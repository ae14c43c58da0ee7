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

struct words {
	char *w[YW_ITEM_QUERY_WORDS];
	int n;
};

static void words_free(struct words *w)
{
	for (int i = 0; i < w->n; i++)
		free(w->w[i]);
	w->n = 0;
}

static int split(const char *q, struct words *out, struct yw_error *err)
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
			words_free(out);
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

static char *like_pattern(const char *w)
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

int yw_catalogue_search(struct yw_store *s, const struct yw_item_query *q, struct yw_item_page *out,
			struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct words w;
	if (validate_filters(q, err) || split(q->q, &w, err))
		return YW_FAIL;
	char *object = q->service_object ? yw_asprintf("%%,%s,%%", q->service_object) : NULL;
	struct yw_istore_query sq = {
		.nwords = w.n,
		.status = q->staff ? q->status : "published",
		.type = q->type, .theme = q->theme, .service_object = object,
		.head = q->staff && !q->status,
		.department_id = q->department_id, .region_id = q->region_id, .hall_id = q->hall_id,
		.online_depth = q->online_depth, .limit = q->limit, .offset = q->offset,
	};
	for (int i = 0; i < w.n; i++) {
		sq.words[i] = w.w[i];
		sq.like[i] = like_pattern(w.w[i]);
	}
	struct search_ctx sc = {&sq, out};
	int st = yw_store_tx(s, YW_TX_READ, search_tx, &sc);
	for (int i = 0; i < w.n; i++)
		free((char *)sq.like[i]);
	free(object);
	words_free(&w);
	if (st)
		yw_item_page_free(out);
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

static int generation_tx(struct yw_conn *c, void *arg) { return yw_istore_generation(c, arg); }

int yw_catalogue_generation(struct yw_store *s, int64_t *generation)
{
	*generation = -1;
	return yw_store_tx(s, YW_TX_READ, generation_tx, generation);
}
