/* Demo queues for the demo district (part of `yiwang seed demo`): the
 * district centre's 综合受理 / 公安户政 / 出件 / 跨域通办 / 咨询 queues and
 * the street halls' queues, which windows serve them in which order, the
 * halls' queue rules and locations. Through the same CRUD and audit as the
 * API; existing queues are left alone, so seeding twice changes nothing. */
#include "yw/crud.h"
#include "yw/queue.h"
#include "yw/queue_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct yw_actor seeder = {
	.user_id = 0, .name = "seed", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "seed-demo",
};

struct demo_queue {
	const char *code, *name, *prefix;
	int quota;
	bool remote;
	const char *items; /* "comprehensive", "police", "" */
};

static const struct demo_queue centre_queues[] = {
	{"A", "综合受理", "A", 300, true, "comprehensive"},
	{"B", "公安户政", "B", 200, true, "police"},
	{"C", "综合出件", "C", 300, false, ""},
	{"D", "跨域通办", "D", 100, false, ""},
	{"E", "咨询导办", "E", 200, false, ""},
};
static const struct demo_queue street_queues[] = {
	{"A", "综合受理", "A", 200, true, "comprehensive"},
	{"C", "综合出件", "C", 200, false, ""},
	{"E", "咨询", "E", 100, false, ""},
};

/* Window number → the queues it serves, in order of preference. */
static const char *centre_windows[] = {
	NULL,      "[\"A\"]", "[\"A\"]", "[\"A\"]", "[\"A\"]", "[\"A\"]", "[\"A\"]", "[\"A\",\"E\"]",
	"[\"A\",\"E\"]", "[\"B\"]", "[\"B\",\"A\"]", "[\"A\"]", "[\"A\"]", "[\"A\"]", "[\"A\"]", "[\"C\"]",
	"[\"E\"]", "[\"E\",\"C\"]", "[\"D\",\"A\"]"};
static const char *street_windows[] = {NULL, "[\"A\"]", "[\"A\"]", "[\"C\",\"E\"]", "[\"E\",\"C\"]"};

/* Approximate positions of the demo halls (Heyuan, Yuancheng). */
static const char *const locations[] = {NULL, "23.7437,114.7006", "23.7469,114.6952", "23.7229,114.7116",
					"23.7538,114.6870"};

struct items_ctx {
	const char *kind;
	struct yw_buf ids;
};

static int pick_item(void *p, int64_t item_id, const char *department, bool comprehensive)
{
	struct items_ctx *x = p;
	bool police = strstr(department, "公安") != NULL;
	bool take = !strcmp(x->kind, "police") ? police : comprehensive && !police;
	if (take)
		yw_buf_printf(&x->ids, "%s%lld,", x->ids.len ? "" : ",", (long long)item_id);
	return 0;
}

struct item_tx {
	int64_t hall_id;
	struct items_ctx *x;
};

static int items_tx(struct yw_conn *c, void *p)
{
	struct item_tx *t = p;
	yw_buf_free(&t->x->ids);
	return yw_qs_hall_items(c, t->hall_id, pick_item, t->x);
}

struct exists_tx {
	int64_t hall_id;
	const char *code;
	struct yw_queue q;
};

static int exists_fn(struct yw_conn *c, void *p)
{
	struct exists_tx *t = p;
	return yw_qs_queue_by_code(c, t->hall_id, t->code, &t->q);
}

static int seed_queue(struct yw_store *s, int64_t hall_id, const struct demo_queue *d, int order)
{
	struct exists_tx e = {.hall_id = hall_id, .code = d->code};
	int st = yw_store_tx(s, YW_TX_READ, exists_fn, &e);
	if (st != YW_NOTFOUND)
		return st;
	struct items_ctx x = {.kind = d->items};
	struct item_tx it = {hall_id, &x};
	if (*d->items && (st = yw_store_tx(s, YW_TX_READ, items_tx, &it)))
		return st;
	struct yw_rec *rec = yw_rec_new(&yw_entity_queue);
	yw_val_set_int(yw_rec_val(rec, "hall_id"), hall_id);
	yw_val_set_text(yw_rec_val(rec, "code"), d->code);
	yw_val_set_text(yw_rec_val(rec, "name"), d->name);
	yw_val_set_text(yw_rec_val(rec, "prefix"), d->prefix);
	yw_val_set_int(yw_rec_val(rec, "daily_quota"), d->quota);
	yw_val_set_int(yw_rec_val(rec, "allow_remote"), d->remote);
	yw_val_set_int(yw_rec_val(rec, "sort_order"), order);
	yw_val_set_text(yw_rec_val(rec, "item_ids"), x.ids.data ? x.ids.data : "");
	struct yw_error err = {0};
	st = yw_crud_create(s, &seeder, rec, &err);
	if (st)
		fprintf(stderr, "seed: queue %s refused: %s %s\n", d->code, yw_err_name(err.err), err.detail);
	yw_rec_free(rec);
	yw_buf_free(&x.ids);
	return st;
}

struct windows_ctx {
	struct yw_window_row *w;
	int n;
};

static int collect(void *p, const struct yw_window_row *w)
{
	struct windows_ctx *x = p;
	x->w = yw_realloc(x->w, (size_t)(x->n + 1) * sizeof *x->w);
	x->w[x->n++] = *w;
	return 0;
}

struct hall_windows_tx {
	int64_t hall_id;
	struct windows_ctx *x;
};

static int windows_tx(struct yw_conn *c, void *p)
{
	struct hall_windows_tx *t = p;
	free(t->x->w);
	t->x->w = NULL;
	t->x->n = 0;
	return yw_qs_hall_windows(c, t->hall_id, collect, t->x);
}

static int seed_windows(struct yw_store *s, int64_t hall_id, const char *const *codes, int ncodes)
{
	struct windows_ctx x = {0};
	struct hall_windows_tx t = {hall_id, &x};
	int st = yw_store_tx(s, YW_TX_READ, windows_tx, &t);
	for (int i = 0; !st && i < x.n; i++) {
		int64_t number = x.w[i].number;
		if (strcmp(x.w[i].queue_codes, "[]") || number >= ncodes || !codes[number])
			continue; /* already configured, or not a demo window */
		struct yw_rec *patch = yw_rec_new(&yw_entity_window);
		yw_val_set_text(yw_rec_val(patch, "queue_codes"), codes[number]);
		struct yw_rec *out = NULL;
		struct yw_error err = {0};
		st = yw_crud_update(s, &seeder, x.w[i].id, patch, 0, &out, &err);
		yw_rec_free(out);
		yw_rec_free(patch);
	}
	free(x.w);
	return st;
}

static int seed_hall_rules(struct yw_store *s, int64_t hall_id)
{
	if (hall_id >= (int64_t)(sizeof locations / sizeof locations[0]))
		return YW_OK;
	struct yw_rec *cur = NULL;
	struct yw_error err = {0};
	int st = yw_crud_get(s, &seeder, &yw_entity_hall, hall_id, &cur, &err);
	if (st)
		return st;
	bool done = yw_rec_cval(cur, "location")->set && !yw_rec_cval(cur, "location")->null;
	yw_rec_free(cur);
	if (done)
		return YW_OK;
	struct yw_rec *patch = yw_rec_new(&yw_entity_hall);
	yw_val_set_text(yw_rec_val(patch, "location"), locations[hall_id]);
	yw_val_set_int(yw_rec_val(patch, "remote_tickets"), 1);
	yw_val_set_text(yw_rec_val(patch, "call_rule"), "preference");
	yw_val_set_int(yw_rec_val(patch, "recall_limit"), 2);
	yw_val_set_int(yw_rec_val(patch, "remind_at"), 3);
	struct yw_rec *out = NULL;
	st = yw_crud_update(s, &seeder, hall_id, patch, 0, &out, &err);
	if (st)
		fprintf(stderr, "seed: hall %lld rules refused: %s %s\n", (long long)hall_id, yw_err_name(err.err),
			err.detail);
	yw_rec_free(out);
	yw_rec_free(patch);
	return st;
}

int yw_queue_seed_demo(struct yw_store *s)
{
	int failed = 0;
	for (int64_t hall = 1; hall <= 4; hall++) {
		bool centre = hall == 1;
		const struct demo_queue *qs = centre ? centre_queues : street_queues;
		int nq = centre ? 5 : 3;
		failed += seed_hall_rules(s, hall) != YW_OK;
		for (int i = 0; i < nq; i++)
			failed += seed_queue(s, hall, &qs[i], i + 1) != YW_OK;
		failed += (centre ? seed_windows(s, hall, centre_windows, 19) : seed_windows(s, hall, street_windows, 5)) !=
			  YW_OK;
	}
	return failed;
}
