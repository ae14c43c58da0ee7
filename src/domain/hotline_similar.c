/* Duplicate detection (并单 suggestions): an open order within 7 days at
 * the same address (normalised) whose description shares at least half of
 * its character bigrams (Jaccard index ≥ 0.5). Bigrams of code points suit
 * Chinese, which has no spaces between words; the candidates are the few
 * orders at one address (an indexed lookup, at most 50), so the index is
 * computed here in C rather than in SQL. */
#include "hotline_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest text compared: descriptions are capped at 2000 characters. */
enum { MAX_CHARS = 4000, MAX_CANDIDATES = 50 };

/* Next code point of valid UTF-8 (the API checked it); 0 at the end. */
static uint32_t next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (!c)
		return 0;
	if (n > 1) {
		c &= 0xFF >> (n + 1);
		for (int i = 1; i < n; i++) {
			if ((s[i] & 0xC0) != 0x80) {
				*p = s + i;
				return 0xFFFD;
			}
			c = (c << 6) | (s[i] & 0x3F);
		}
	}
	*p = s + n;
	return c;
}

/* Full-width ASCII folded, ASCII lower-cased; 0 for characters that do
 * not count (white space, punctuation, symbols of the CJK blocks). */
static uint32_t fold(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		c -= 0xFEE0;
	if (c == 0x3000 || c <= 0x20)
		return 0;
	if (c < 0x80) {
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
			return c;
		if (c >= 'A' && c <= 'Z')
			return c + 32;
		return 0;
	}
	if ((c >= 0x2000 && c <= 0x206F) || (c >= 0x3001 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF5F && c <= 0xFF65) || c == 0x00B7 || c == 0xFFFD || (c >= 0x80 && c <= 0xBF))
		return 0;
	return c;
}

static size_t put_utf8(char *out, size_t n, size_t at, uint32_t c)
{
	char b[4];
	size_t k;
	if (c < 0x80) {
		b[0] = (char)c;
		k = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		k = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		k = 3;
	} else {
		b[0] = (char)(0xF0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		k = 4;
	}
	if (at + k >= n)
		return at; /* whole characters only */
	memcpy(out + at, b, k);
	return at + k;
}

void yw_hl_normalize_address(const char *in, char *out, size_t n)
{
	size_t at = 0;
	if (!n)
		return;
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	for (uint32_t c; (c = next_cp(&p));) {
		uint32_t f = fold(c);
		if (f)
			at = put_utf8(out, n, at, f);
	}
	out[at] = 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorted distinct bigrams of a text; a one-character text is its own
 * single "bigram" so that it can still equal another. */
static size_t bigrams(const char *s, uint64_t **out)
{
	uint32_t *cps = yw_malloc(sizeof *cps * MAX_CHARS);
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	for (uint32_t c; n < MAX_CHARS && (c = next_cp(&p));) {
		uint32_t f = fold(c);
		if (f)
			cps[n++] = f;
	}
	uint64_t *g = yw_malloc(sizeof *g * (n ? n : 1));
	size_t m = 0;
	if (n == 1)
		g[m++] = (uint64_t)cps[0] << 21;
	for (size_t i = 0; i + 1 < n; i++)
		g[m++] = ((uint64_t)cps[i] << 21) | cps[i + 1];
	free(cps);
	qsort(g, m, sizeof *g, cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (!k || g[k - 1] != g[i])
			g[k++] = g[i];
	*out = g;
	return k;
}

double yw_hl_similarity(const char *a, const char *b)
{
	uint64_t *x, *y;
	size_t nx = bigrams(a, &x), ny = bigrams(b, &y), i = 0, j = 0, both = 0;
	while (i < nx && j < ny) {
		if (x[i] == y[j]) {
			both++;
			i++;
			j++;
		} else if (x[i] < y[j]) {
			i++;
		} else {
			j++;
		}
	}
	free(x);
	free(y);
	size_t any = nx + ny - both;
	return any ? (double)both / (double)any : 0.0;
}

/* ---- similar open orders ---- */

struct similar_ctx {
	const struct yw_hl_ctx *x;
	int64_t order_id;
	struct yw_hl_similar **out;
	int *n;
	struct yw_error *err;
	struct yw_hl_order self;
	int cap;
};

static int candidate(void *ctx, struct yw_hl_order *o)
{
	struct similar_ctx *sc = ctx;
	double score = yw_hl_similarity(sc->self.description, o->description);
	if (score >= YW_HL_SIMILAR_MIN) {
		if (*sc->n == sc->cap) {
			sc->cap = sc->cap ? sc->cap * 2 : 8;
			*sc->out = yw_realloc(*sc->out, sizeof **sc->out * (size_t)sc->cap);
		}
		struct yw_hl_similar *s = &(*sc->out)[(*sc->n)++];
		memset(s, 0, sizeof *s);
		s->id = o->id;
		s->created_at = o->created_at;
		s->score = score;
		snprintf(s->order_no, sizeof s->order_no, "%s", o->order_no);
		snprintf(s->state, sizeof s->state, "%s", o->state);
		s->description = o->description;
		o->description = NULL;
	}
	yw_hl_order_clear(o);
	return 0;
}

static int by_score(const void *a, const void *b)
{
	const struct yw_hl_similar *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->created_at > y->created_at ? -1 : x->created_at < y->created_at;
}

static int similar_tx(struct yw_conn *c, void *p)
{
	struct similar_ctx *sc = p;
	yw_hl_similar_free(*sc->out, *sc->n);
	*sc->out = NULL;
	*sc->n = 0;
	sc->cap = 0;
	yw_hl_order_clear(&sc->self);
	int st = yw_hs_order_get(c, sc->order_id, &sc->self);
	if (st == YW_NOTFOUND) {
		yw_error_set(sc->err, YW_E_NOT_FOUND, "id", "工单不存在");
		return YW_FAIL;
	}
	if (st)
		return st;
	if ((st = yw_hl_scope_read(c, sc->x->who, &sc->self, sc->err)))
		return st;
	if (!sc->self.address_norm || !*sc->self.address_norm)
		return YW_OK;
	int64_t span = (int64_t)YW_HL_SIMILAR_DAYS * YW_HL_DAY_MS;
	st = yw_hs_similar_candidates(c, sc->self.address_norm, sc->self.created_at - span, sc->self.created_at + span,
				      sc->self.id, MAX_CANDIDATES, candidate, sc);
	if (st)
		return st;
	if (*sc->n > 1)
		qsort(*sc->out, (size_t)*sc->n, sizeof **sc->out, by_score);
	return YW_OK;
}

int yw_hl_similar_to(struct yw_store *s, const struct yw_hl_ctx *x, int64_t order_id, struct yw_hl_similar **out,
		     int *n, struct yw_error *err)
{
	*out = NULL;
	*n = 0;
	struct similar_ctx sc = {.x = x, .order_id = order_id, .out = out, .n = n, .err = err};
	int st = yw_store_tx(s, YW_TX_READ, similar_tx, &sc);
	yw_hl_order_clear(&sc.self);
	if (st) {
		yw_hl_similar_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

void yw_hl_similar_free(struct yw_hl_similar *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].description);
	free(v);
}
