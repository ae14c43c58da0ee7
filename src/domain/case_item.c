/* The item version a case binds to, parsed once. A version's content is
 * frozen when it leaves draft (a trigger refuses changes), so a parse keyed
 * by the version id stays true for the life of the process: intake does not
 * parse the item's JSON again for every case. Slots are set once and never
 * replaced, so a pointer handed out stays valid without reference counts;
 * when the table is full the caller gets a parse of its own to free. */
#include "yw/case_internal.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { SLOTS = 4096, PROBES = 8 };

struct slot {
	_Atomic int64_t version_id; /* 0 free, -1 being filled */
	struct yw_item *_Atomic it;
};
static struct slot slots[SLOTS];

static const struct yw_item *lookup(int64_t version_id)
{
	for (int p = 0; p < PROBES; p++) {
		struct slot *s = &slots[(uint64_t)(version_id + p) % SLOTS];
		int64_t v = atomic_load(&s->version_id);
		if (v == version_id)
			return atomic_load(&s->it); /* NULL while another thread fills it */
		if (v == 0)
			return NULL;
	}
	return NULL;
}

/* Keeps it in a free slot; false when none is free (the caller keeps it). */
static bool keep(int64_t version_id, struct yw_item *it)
{
	for (int p = 0; p < PROBES; p++) {
		struct slot *s = &slots[(uint64_t)(version_id + p) % SLOTS];
		int64_t expect = 0;
		if (atomic_compare_exchange_strong(&s->version_id, &expect, -1)) {
			atomic_store(&s->it, it);
			atomic_store(&s->version_id, version_id);
			return true;
		}
		if (expect == version_id)
			return false; /* filled meanwhile by another thread: keep ours private */
	}
	return false;
}

int yw_case_item_load(struct yw_conn *c, int64_t item_id, int version, int64_t version_id,
		      struct yw_case_item_ref *out)
{
	memset(out, 0, sizeof *out);
	if ((out->it = lookup(version_id)))
		return YW_OK;
	int64_t vid = 0;
	char status[16], *content = NULL;
	int st = yw_cs_item_version(c, item_id, version, &vid, status, &content);
	if (st)
		return st;
	struct yw_item *it = yw_calloc(1, sizeof *it);
	struct yw_error err = {0};
	st = content ? yw_item_parse(content, strlen(content), it, NULL, &err) : YW_FAIL;
	free(content);
	if (st) {
		yw_log(YW_LOG_ERROR, "case_item_parse", "\"version_id\":%lld,\"detail\":\"%s\"", (long long)version_id,
		       err.detail);
		yw_item_clear(it);
		free(it);
		return YW_STORE_ERR;
	}
	if (keep(version_id, it))
		out->it = it;
	else
		out->it = out->owned = it;
	return YW_OK;
}

void yw_case_item_release(struct yw_case_item_ref *r)
{
	if (r->owned) {
		yw_item_clear(r->owned);
		free(r->owned);
	}
	memset(r, 0, sizeof *r);
}

int64_t yw_case_step_department(const struct yw_item *it, int i)
{
	int64_t d = it->steps[i].department_id;
	return d ? d : it->department_id;
}

static bool same_group(const struct yw_item_step *a, const struct yw_item_step *b)
{
	return a->parallel_group && b->parallel_group && !strcmp(a->parallel_group, b->parallel_group);
}

int yw_case_item_stages(const struct yw_item *it, int *stage, const char **kind)
{
	int n = it->nsteps, first = 0, last = n;
	if (n > 0 && !strcmp(it->steps[0].role, "clerk")) {
		stage[0] = 0;
		kind[0] = "intake";
		first = 1;
	}
	if (n > first && !strcmp(it->steps[n - 1].role, "clerk"))
		last = n - 1;
	int s = 0;
	for (int i = first; i < last; i++) {
		if (i == first || !same_group(&it->steps[i], &it->steps[i - 1]))
			s++;
		stage[i] = s;
		kind[i] = "review";
	}
	if (last < n) {
		stage[last] = s + 1;
		kind[last] = "issue";
	}
	return s;
}
