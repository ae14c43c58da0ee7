/* The rollups of 好差评: every change to a rating or its order books the
 * difference of what it counts (before → after) to each of its dimensions
 * on its day, in the change's own transaction; the figures read only these
 * rows. Writers that touch many ratings at once (the default sweep, the
 * fixture) sum the differences in memory first and write each row once. */
#include "yw/rating_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_rating_contrib(const struct yw_rating *r, const struct yw_rectification *x, struct yw_rating_counts *o)
{
	memset(o, 0, sizeof *o);
	if (r->excluded) {
		o->v[YW_RC_EXCLUDED] = 1;
		return;
	}
	const struct yw_rating_kind *k = yw_rating_kind_find(r->kind);
	bool good = !yw_rating_level_bad(r->level);
	o->v[YW_RC_RATED] = 1;
	o->v[YW_RC_COVERED] = k && k->covered;
	o->v[YW_RC_ACTIVE] = r->active;
	o->v[YW_RC_ACTIVE_GOOD] = r->active && good;
	if (r->level >= 1 && r->level <= YW_RATING_LEVELS)
		o->v[YW_RC_L1 + r->level - 1] = 1;
	o->v[YW_RC_SCORE_SUM] = r->score;
	if (good || !x)
		return;
	/* A bad review is "replied to" once its order got past verification. */
	o->v[YW_RC_REPLIED] = x->verified_at != 0;
	o->v[YW_RC_CALLBACKS] = x->callback_at != 0;
	o->v[YW_RC_REACHED] = x->callback_at && x->callback_reached == 1;
	o->v[YW_RC_FIXED] = x->callback_at && x->callback_fixed == 1;
	o->v[YW_RC_SATISFIED] = x->callback_at && x->callback_satisfied == 1;
	o->v[YW_RC_CLOSED] = !strcmp(x->state, "closed");
}

/* The dimensions of a rating in a fixed order (so concurrent writers lock
 * rollup rows in the same order on PostgreSQL). The total is the sum of
 * the channels. */
struct dim {
	const char *kind;
	int64_t id;
};

static int dims_of(const struct yw_rating_dims *d, struct dim out[6])
{
	int n = 0;
	if (d->hall_id)
		out[n++] = (struct dim){"hall", d->hall_id};
	if (d->channel)
		out[n++] = (struct dim){"channel", d->channel};
	if (d->window_id)
		out[n++] = (struct dim){"window", d->window_id};
	if (d->staff_id)
		out[n++] = (struct dim){"staff", d->staff_id};
	if (d->department_id)
		out[n++] = (struct dim){"department", d->department_id};
	if (d->item_id)
		out[n++] = (struct dim){"item", d->item_id};
	return n;
}

static bool zero(const struct yw_rating_counts *c)
{
	for (int i = 0; i < YW_RC__COUNT; i++)
		if (c->v[i])
			return false;
	return true;
}

int yw_rating_rollup_dims(struct yw_conn *c, const char *day, const struct yw_rating_dims *d,
			  const struct yw_rating_counts *delta)
{
	if (zero(delta))
		return YW_OK;
	const int64_t ids[6] = {d->hall_id, d->channel, d->window_id, d->staff_id, d->department_id, d->item_id};
	return yw_rs_rollup_add_dims(c, day, ids, delta);
}

int yw_rating_rollup_move(struct yw_conn *c, const struct yw_rating *r, const struct yw_rating_counts *before,
			  const struct yw_rating_counts *after)
{
	struct yw_rating_counts delta;
	for (int i = 0; i < YW_RC__COUNT; i++)
		delta.v[i] = after->v[i] - before->v[i];
	return yw_rating_rollup_dims(c, r->day, &r->d, &delta);
}

/* ---- summing in memory ---- */

struct acc_entry {
	const char *kind; /* NULL: free slot */
	char day[11];
	int64_t id;
	struct yw_rating_counts c;
};

struct yw_rating_acc {
	struct acc_entry *slots;
	size_t cap, used;
};

struct yw_rating_acc *yw_rating_acc_new(void)
{
	struct yw_rating_acc *a = yw_calloc(1, sizeof *a);
	a->cap = 1024;
	a->slots = yw_calloc(a->cap, sizeof *a->slots);
	return a;
}

void yw_rating_acc_free(struct yw_rating_acc *a)
{
	if (!a)
		return;
	free(a->slots);
	free(a);
}

static uint64_t acc_hash(const char *kind, const char *day, int64_t id)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = kind; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	for (const char *p = day; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ (uint64_t)id) * 1099511628211ull;
	return h ^ (h >> 29);
}

static struct acc_entry *acc_slot(struct acc_entry *slots, size_t cap, const char *kind, const char *day,
				  int64_t id)
{
	size_t i = acc_hash(kind, day, id) & (cap - 1);
	while (slots[i].kind && !(slots[i].id == id && !strcmp(slots[i].kind, kind) && !strcmp(slots[i].day, day)))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void acc_grow(struct yw_rating_acc *a)
{
	size_t cap = a->cap * 2;
	struct acc_entry *slots = yw_calloc(cap, sizeof *slots);
	for (size_t i = 0; i < a->cap; i++)
		if (a->slots[i].kind)
			*acc_slot(slots, cap, a->slots[i].kind, a->slots[i].day, a->slots[i].id) = a->slots[i];
	free(a->slots);
	a->slots = slots;
	a->cap = cap;
}

void yw_rating_acc_add(struct yw_rating_acc *a, const char *day, const struct yw_rating_dims *d,
		       const struct yw_rating_counts *delta)
{
	struct dim dims[6];
	int n = dims_of(d, dims);
	for (int k = 0; k < n; k++) {
		if ((a->used + 1) * 2 > a->cap)
			acc_grow(a);
		struct acc_entry *e = acc_slot(a->slots, a->cap, dims[k].kind, day, dims[k].id);
		if (!e->kind) {
			e->kind = dims[k].kind;
			snprintf(e->day, sizeof e->day, "%s", day);
			e->id = dims[k].id;
			a->used++;
		}
		for (int i = 0; i < YW_RC__COUNT; i++)
			e->c.v[i] += delta->v[i];
	}
}

int yw_rating_acc_flush(struct yw_conn *c, struct yw_rating_acc *a)
{
	/* In dimension order, as single writers do. */
	static const char *const order[] = {"hall", "channel", "window", "staff", "department", "item"};
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		for (size_t i = 0; i < a->cap; i++) {
			struct acc_entry *e = &a->slots[i];
			if (!e->kind || strcmp(e->kind, order[k]) || zero(&e->c))
				continue;
			int st = yw_rs_rollup_add(c, e->kind, e->day, e->id, &e->c);
			if (st)
				return st;
		}
	return YW_OK;
}

void yw_rating_acc_clear(struct yw_rating_acc *a)
{
	memset(a->slots, 0, a->cap * sizeof *a->slots);
	a->used = 0;
}
