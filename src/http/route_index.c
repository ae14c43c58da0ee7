/* Which routes a URL can match, found without trying all of them: routes
 * are grouped by their first distinguishing segment ("/api/v1/cases/{id}"
 * → "cases", "/open311/v2/…" → "open311"), so a request tries only its
 * group — a few routes instead of several hundred. A route whose segment
 * is a parameter is tried by every URL. Order within the table is kept:
 * the first route that matches still wins. */
#include "http/internal.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_GROUPS = 256, SEG_MAX = 48 };

struct group {
	char seg[SEG_MAX];
	int *idx, n;
};
static struct group groups[MAX_GROUPS];
static int ngroups;
static int *wild, nwild; /* routes with a parameter where the segment is */
static bool unindexed;	 /* too many groups: fall back to every route */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The segment that names a URL's group, and its length (0: none). */
static size_t segment(const char *url, const char **seg)
{
	const char *p = url;
	if (!strncmp(p, "/api/v1/", 8))
		p += 8;
	else if (*p == '/')
		p++;
	*seg = p;
	return strcspn(p, "/?");
}

static struct group *group_of(const char *seg, size_t len)
{
	for (int i = 0; i < ngroups; i++)
		if (strlen(groups[i].seg) == len && !memcmp(groups[i].seg, seg, len))
			return &groups[i];
	return NULL;
}

static void build(void)
{
	int n;
	const struct yw_route *routes = yw_routes(&n);
	wild = calloc((size_t)n + 1, sizeof *wild);
	for (int i = 0; i < n && !unindexed; i++) {
		const char *seg;
		size_t len = segment(routes[i].pattern, &seg);
		if (memchr(seg, '{', len) || len == 0 || len >= SEG_MAX) {
			wild[nwild++] = i;
			continue;
		}
		struct group *g = group_of(seg, len);
		if (!g) {
			if (ngroups == MAX_GROUPS) {
				unindexed = true;
				break;
			}
			g = &groups[ngroups++];
			memcpy(g->seg, seg, len);
			g->seg[len] = 0;
			g->idx = calloc((size_t)n + 1, sizeof *g->idx);
		}
		g->idx[g->n++] = i;
	}
}

int yw_route_candidates(const char *url, int *out, int max)
{
	pthread_once(&once, build);
	int n;
	yw_routes(&n);
	if (unindexed || max < n) {
		for (int i = 0; i < n && i < max; i++)
			out[i] = i;
		return n < max ? n : max;
	}
	const char *seg;
	size_t len = segment(url, &seg);
	const struct group *g = len ? group_of(seg, len) : NULL;
	/* Merge the group with the parameter routes, in table order. */
	int k = 0, a = 0, b = 0, ga = g ? g->n : 0;
	while (a < ga || b < nwild) {
		if (b == nwild || (a < ga && g->idx[a] < wild[b]))
			out[k++] = g->idx[a++];
		else
			out[k++] = wild[b++];
	}
	return k;
}
