/* Rollup rows summed in memory (open addressing on the row key), for the
 * bulk writers: a rebuild or a fixture of a million cases writes some
 * thousands of rows once each instead of an upsert per case. */
#include "yw/case_stats.h"
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const struct yw_css_key *k)
{
	uint64_t h = 1469598103934665603ull;
	const unsigned char *p = (const unsigned char *)k->day;
	for (size_t i = 0; i < sizeof k->day && p[i]; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	int64_t ids[] = {k->item_id, k->department_id, k->hall_id, k->window_id, k->staff_id};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		h = (h ^ (uint64_t)ids[i]) * 1099511628211ull;
	return h;
}

static bool same(const struct yw_css_key *a, const struct yw_css_key *b)
{
	return !strcmp(a->day, b->day) && a->item_id == b->item_id && a->department_id == b->department_id &&
	       a->hall_id == b->hall_id && a->window_id == b->window_id && a->staff_id == b->staff_id;
}

static struct yw_case_counts *slot(struct yw_css_map *m, const struct yw_css_key *k)
{
	for (size_t i = hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i].day[0]) {
			m->keys[i] = *k;
			m->n++;
			return &m->counts[i];
		}
		if (same(&m->keys[i], k))
			return &m->counts[i];
	}
}

static void grow(struct yw_css_map *m)
{
	struct yw_css_map bigger = {.cap = m->cap ? m->cap * 2 : 1024};
	bigger.keys = yw_calloc(bigger.cap, sizeof *bigger.keys);
	bigger.counts = yw_calloc(bigger.cap, sizeof *bigger.counts);
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i].day[0])
			*slot(&bigger, &m->keys[i]) = m->counts[i];
	yw_css_map_free(m);
	*m = bigger;
}

struct yw_case_counts *yw_css_map_at(struct yw_css_map *m, const struct yw_css_key *k)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	return slot(m, k);
}

void yw_css_map_add(struct yw_case_counts *to, const struct yw_case_counts *n)
{
	int64_t *a = (int64_t *)to;
	const int64_t *b = (const int64_t *)n;
	for (size_t i = 0; i < sizeof *n / sizeof(int64_t); i++)
		a[i] += b[i];
}

int yw_css_map_flush(struct yw_css_map *m, struct yw_conn *c)
{
	/* The used slots packed to the front, then written in batches. */
	size_t n = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i].day[0]) {
			m->keys[n] = m->keys[i];
			m->counts[n++] = m->counts[i];
		}
	int st = n ? yw_css_add_many(c, m->keys, m->counts, (int)n) : YW_OK;
	if (m->cap) {
		memset(m->keys, 0, m->cap * sizeof *m->keys);
		memset(m->counts, 0, m->cap * sizeof *m->counts);
		m->n = 0;
	}
	return st;
}

void yw_css_map_free(struct yw_css_map *m)
{
	free(m->keys);
	free(m->counts);
	memset(m, 0, sizeof *m);
}
