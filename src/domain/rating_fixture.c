/* Fixtures written straight into the store, for tests and benches:
 *
 * - yw_rating_fixture_write: a year of window services of the demo district
 *   and their ratings (rating rows, finished counts, rollups), e.g. the
 *   seeds' 源城 2023 (58,072 services, 56,547 ratings, 5 bad, all rectified)
 *   or 1,000,000 ratings for the figures bench. Services are spread evenly
 *   over the year's weekdays and at random over the windows and published
 *   items; exactly `ratings` of them are rated and exactly `bad` of those
 *   are bad (chosen by a permutation of the services, so every chunk of
 *   the work is a pure function of its range and a retried transaction
 *   writes the same thing again).
 * - yw_rating_bench_tickets: finished tickets of today to rate over HTTP. */
#include "yw/audit.h"
#include "yw/queue_stats_store.h"
#include "yw/queue_store.h"
#include "yw/rating_internal.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 50000

static const struct yw_actor fixture_actor = {
	.user_id = 0, .name = "fixture", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "fixture",
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

struct fx {
	const struct yw_rating_fixture *f;
	struct yw_rs_place *places;
	int nplaces;
	struct yw_rs_item_ref *items;
	int nitems;
	char (*days)[11];
	int ndays;
	int64_t mult, offset; /* the permutation s → (mult·s + offset) mod services */
	int scores[YW_RATING_LEVELS];
	int64_t s0, s1;       /* the chunk of this transaction */
	struct yw_rating_acc *acc;
	struct yw_rs_rating *buf;
	int nbuf;
	struct yw_error *err;
};

static int flush_rows(struct yw_conn *c, struct fx *x)
{
	int st = x->nbuf ? yw_rs_ratings_bulk(c, x->buf, x->nbuf) : YW_OK;
	x->nbuf = 0;
	return st;
}

/* A bad rating with its order closed after a satisfied callback. */
static int bad_row(struct yw_conn *c, struct fx *x, struct yw_rs_rating *r, struct yw_rating_counts *add)
{
	snprintf(r->r.tags, sizeof r->r.tags, "[\"attitude\"]");
	snprintf(r->r.comment, sizeof r->r.comment, "（测试数据）");
	int64_t id = 0;
	int st = yw_rs_rating_insert(c, r, &id);
	if (st || !id)
		return st ? st : YW_STORE_ERR;
	r->r.id = id;
	struct yw_rectification o;
	memset(&o, 0, sizeof o);
	o.rating_id = id;
	o.department_id = r->r.d.department_id;
	o.region_id = r->r.d.region_id;
	o.hall_id = r->r.d.hall_id;
	snprintf(o.state, sizeof o.state, "verifying");
	snprintf(o.day, sizeof o.day, "%s", r->r.day);
	o.created_at = r->r.created_at;
	if ((st = yw_rs_rect_insert(c, &o)))
		return st;
	int64_t t = r->r.created_at;
	o.version = 1;
	o.verified_at = t + 3600000;
	snprintf(o.finding, sizeof o.finding, "情况属实");
	snprintf(o.mode, sizeof o.mode, "immediate");
	snprintf(o.measures, sizeof o.measures, "已当面致歉并完成办理");
	o.rectified_at = t + 7200000;
	o.callback_at = t + 86400000;
	o.callback_reached = o.callback_fixed = o.callback_satisfied = 1;
	o.closed_at = t + 90000000;
	snprintf(o.outcome, sizeof o.outcome, "rectified");
	snprintf(o.state, sizeof o.state, "closed");
	if ((st = yw_rs_rect_save(c, &o, o.closed_at)))
		return st;
	yw_rating_contrib(&r->r, &o, add);
	return YW_OK;
}

static int service(struct yw_conn *c, struct fx *x, int64_t s)
{
	const struct yw_rating_fixture *f = x->f;
	uint64_t h = mix(f->seed ^ ((uint64_t)s * 0x9e3779b97f4a7c15ull));
	const struct yw_rs_place *pl = &x->places[h % (uint64_t)x->nplaces];
	const struct yw_rs_item_ref *it = &x->items[(h >> 16) % (uint64_t)x->nitems];
	const char *day = x->days[(int64_t)s * x->ndays / f->services];
	struct yw_rating_dims d = {
		.hall_id = pl->hall_id,
		.window_id = pl->window_id,
		.staff_id = pl->staff_id,
		.department_id = it->department_id,
		.item_id = it->id,
		.region_id = pl->region_id,
		.channel = YW_RCH_ONSITE,
	};
	struct yw_rating_counts add = {0};
	int64_t p = (x->mult * s + x->offset) % f->services;
	if (p < f->ratings) {
		struct yw_rs_rating *r = p < f->bad ? &(struct yw_rs_rating){0} : &x->buf[x->nbuf];
		memset(r, 0, sizeof *r);
		struct yw_rating *g = &r->r;
		snprintf(g->kind, sizeof g->kind, "ticket");
		snprintf(g->subject_id, sizeof g->subject_id, "fx%d-%08lld", f->year, (long long)s + 1);
		snprintf(g->day, sizeof g->day, "%s", day);
		snprintf(g->source, sizeof g->source, "fixture");
		g->d = d;
		struct yw_date dd;
		yw_date_parse(day, &dd, "day", NULL);
		g->created_at = yw_date_midnight_ms_shanghai(dd) + 10 * 3600000LL + (int64_t)(h % 3600000);
		int roll = (int)((h >> 40) % 100);
		if (p < f->bad) {
			g->level = (h >> 24) % 2 ? 4 : 5;
			g->active = true;
		} else {
			g->active = (int)((h >> 32) % 100) < f->active_pct;
			g->level = !g->active ? 3 : roll < 80 ? 1 : roll < 95 ? 2 : 3;
		}
		g->score = x->scores[g->level - 1];
		if (g->active)
			yw_rating_rater_key("fixture", g->subject_id, r->rater_key);
		if (p < f->bad) {
			int st = bad_row(c, x, r, &add);
			if (st)
				return st;
		} else {
			yw_rating_contrib(g, NULL, &add);
			if (++x->nbuf == YW_RS_BULK) {
				int st = flush_rows(c, x);
				if (st)
					return st;
			}
		}
	}
	add.v[YW_RC_FINISHED] = 1;
	yw_rating_acc_add(x->acc, day, &d, &add);
	return YW_OK;
}

static int chunk_tx(struct yw_conn *c, void *p)
{
	struct fx *x = p;
	x->nbuf = 0;
	yw_rating_acc_clear(x->acc);
	int st = YW_OK;
	for (int64_t s = x->s0; s < x->s1 && !st; s++)
		st = service(c, x, s);
	if (!st)
		st = flush_rows(c, x);
	if (!st)
		st = yw_rating_acc_flush(c, x->acc);
	if (!st) {
		char summary[160];
		snprintf(summary, sizeof summary, "{\"year\":%d,\"services\":[%lld,%lld],\"of\":%lld}", x->f->year,
			 (long long)x->s0 + 1, (long long)x->s1, (long long)x->f->services);
		st = yw_audit_append(c, &fixture_actor, "fixture", "rating", 0, summary);
	}
	return st;
}

struct prep_ctx {
	struct fx *x;
	char first[40], past_last[40];
	bool exists;
};

static int prep_tx(struct yw_conn *c, void *p)
{
	struct prep_ctx *pc = p;
	struct fx *x = pc->x;
	free(x->places);
	free(x->items);
	x->places = NULL;
	x->items = NULL;
	struct yw_rating_level_cfg levels[YW_RATING_LEVELS];
	int st = yw_rs_levels(c, levels);
	for (int i = 0; i < YW_RATING_LEVELS; i++)
		x->scores[i] = levels[i].score;
	if (!st)
		st = yw_rs_places(c, &x->places, &x->nplaces);
	if (!st)
		st = yw_rs_published_items(c, &x->items, &x->nitems);
	if (!st)
		st = yw_rs_fixture_exists(c, pc->first, pc->past_last, &pc->exists);
	return st;
}

static int64_t gcd(int64_t a, int64_t b) { return b ? gcd(b, a % b) : a; }

int yw_rating_fixture_write(struct yw_store *s, const struct yw_rating_fixture *f, struct yw_error *err)
{
	if (f->year < 2000 || f->year > 2100 || f->services < 1 || f->services > 20000000 || f->ratings < 0 ||
	    f->ratings > f->services || f->bad < 0 || f->bad > f->ratings || f->active_pct < 0 || f->active_pct > 100) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, NULL,
			     "需要 2000 ≤ year ≤ 2100，1 ≤ services ≤ 20000000，bad ≤ ratings ≤ services，0 ≤ active ≤ 100");
		return YW_FAIL;
	}
	struct fx x = {.f = f, .err = err};
	struct prep_ctx pc = {.x = &x};
	snprintf(pc.first, sizeof pc.first, "fx%d-", f->year);
	snprintf(pc.past_last, sizeof pc.past_last, "fx%d.", f->year);
	int st = yw_store_tx(s, YW_TX_READ, prep_tx, &pc);
	if (!st && pc.exists) {
		yw_error_set(err, YW_E_DUPLICATE, "year", "%d 年的评价测试数据已写入", f->year);
		st = YW_FAIL;
	}
	if (!st && (!x.nplaces || !x.nitems)) {
		yw_error_set(err, YW_E_NOT_FOUND, NULL, "没有窗口或已发布的事项：先运行 yiwang seed demo");
		st = YW_FAIL;
	}
	if (st) {
		free(x.places);
		free(x.items);
		return st;
	}
	/* The weekdays of the year. */
	x.days = yw_malloc(sizeof *x.days * 366);
	for (struct yw_date d = {f->year, 1, 1}; d.y == f->year; d = yw_date_add_days(d, 1))
		if (yw_date_weekday(d) <= 5)
			yw_date_format(d, x.days[x.ndays++]);
	static const int64_t primes[] = {1000003, 1000033, 1000037, 1000039, 1000081, 1000099};
	for (size_t i = 0; i < sizeof primes / sizeof primes[0]; i++)
		if (gcd(primes[i], f->services) == 1) {
			x.mult = primes[i] % f->services ? primes[i] % f->services : 1;
			break;
		}
	if (!x.mult || gcd(x.mult, f->services) != 1)
		x.mult = 1;
	x.offset = (int64_t)(mix(f->seed) % (uint64_t)f->services);
	x.acc = yw_rating_acc_new();
	x.buf = yw_malloc(sizeof *x.buf * YW_RS_BULK);
	for (int64_t s0 = 0; s0 < f->services && !st; s0 += CHUNK) {
		x.s0 = s0;
		x.s1 = s0 + CHUNK < f->services ? s0 + CHUNK : f->services;
		st = yw_store_tx(s, YW_TX_WRITE, chunk_tx, &x);
	}
	yw_rating_acc_free(x.acc);
	free(x.buf);
	free(x.days);
	free(x.places);
	free(x.items);
	return st;
}

/* ---- done tickets to rate (the rating bench) ---- */

struct bench_ctx {
	int n;
	char (*tokens)[40];
	struct yw_error *err;
};

static int bench_tx(struct yw_conn *c, void *p)
{
	struct bench_ctx *b = p;
	int64_t now = yw_now_ms();
	struct yw_queue q;
	int st = yw_qs_queue_by_code(c, 1, "A", &q);
	if (st == YW_NOTFOUND) {
		yw_error_set(b->err, YW_E_NOT_FOUND, NULL, "大厅 1 没有 A 队列：先运行 yiwang seed demo");
		return YW_FAIL;
	}
	struct yw_rs_place *places = NULL;
	int nplaces = 0;
	if (st || (st = yw_rs_places(c, &places, &nplaces)))
		return st;
	const struct yw_rs_place *pl = NULL;
	for (int i = 0; i < nplaces && !pl; i++)
		if (places[i].hall_id == 1)
			pl = &places[i];
	struct yw_ticket t;
	memset(&t, 0, sizeof t);
	t.hall_id = 1;
	t.queue_id = t.issue_queue_id = q.id;
	yw_rating_day(now, t.day);
	t.window_id = pl ? pl->window_id : 0;
	t.staff_id = pl ? pl->staff_id : 0;
	free(places);
	int64_t base = 0;
	if ((st = yw_rs_max_ticket_number(c, q.id, t.day, &base)))
		return st;
	base = base < 100000 ? 100000 : base;
	snprintf(t.source, sizeof t.source, "kiosk");
	snprintf(t.status, sizeof t.status, "done");
	t.klass = 2;
	for (int i = 0; i < b->n && !st; i++) {
		t.number = base + 1 + i;
		/* Bench numbers stay below 10^9: the code keeps its 16 bytes. */
		snprintf(t.code, sizeof t.code, "A%lld", (long long)(t.number % 1000000000));
		unsigned char raw[16];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(t.token, sizeof t.token, raw, sizeof raw);
		snprintf(b->tokens[i], sizeof b->tokens[i], "%s", t.token);
		t.issued_at = t.sort_at = now - 1800000;
		t.first_called_at = t.called_at = now - 900000;
		t.started_at = now - 840000;
		t.finished_at = now - 60000;
		st = yw_qss_ticket_insert_done(c, &t);
	}
	return st;
}

int yw_rating_bench_tickets(struct yw_store *s, int n, void (*fn)(void *ctx, const char *token), void *ctx,
			    struct yw_error *err)
{
	if (n < 1 || n > 1000000) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "n", "1–1000000");
		return YW_FAIL;
	}
	struct bench_ctx b = {n, yw_malloc(sizeof *b.tokens * (size_t)n), err};
	int st = yw_store_tx(s, YW_TX_WRITE, bench_tx, &b);
	for (int i = 0; i < n && !st; i++)
		fn(ctx, b.tokens[i]);
	free(b.tokens);
	return st;
}
