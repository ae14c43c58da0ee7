/* Demo booking sessions (part of `yiwang seed demo`): in the district
 * centre, 综合受理, 公安户政 and 跨域通办 take appointments on working days
 * 09:00–12:00 and 14:30–17:00 in 15-minute slots (2 online, 1 at the
 * window), 综合受理 also on Saturday mornings (盐田 "周六上午" in the
 * seeds), and 公安户政 releases 10 online places an hour ("网络渠道每小时
 * 发放10个预约号"). Idempotent: a queue with sessions is left alone. */
#include "yw/appt.h"
#include "yw/appt_store.h"
#include "yw/crud.h"
#include "yw/queue_store.h"
#include <stdio.h>
#include <string.h>

static const struct yw_actor seeder = {
	.user_id = 0, .name = "seed", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "seed-demo",
};

static int count_one(void *ctx, const struct yw_session_row *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

struct probe {
	const char *code;
	struct yw_queue q;
	int sessions;
};

static int probe_tx(struct yw_conn *c, void *p)
{
	struct probe *x = p;
	x->sessions = 0;
	int st = yw_qs_queue_by_code(c, 1, x->code, &x->q);
	return st ? st : yw_as_sessions(c, x->q.id, count_one, &x->sessions);
}

static int add_session(struct yw_store *s, const struct yw_queue *q, const char *kind, const char *from,
		       const char *to)
{
	struct yw_rec *rec = yw_rec_new(&yw_entity_appt_session);
	yw_val_set_int(yw_rec_val(rec, "hall_id"), q->hall_id);
	yw_val_set_int(yw_rec_val(rec, "queue_id"), q->id);
	yw_val_set_text(yw_rec_val(rec, "day_kind"), kind);
	yw_val_set_int(yw_rec_val(rec, "weekday"), 0);
	yw_val_set_text(yw_rec_val(rec, "start_time"), from);
	yw_val_set_text(yw_rec_val(rec, "end_time"), to);
	yw_val_set_int(yw_rec_val(rec, "slot_minutes"), 15);
	yw_val_set_int(yw_rec_val(rec, "online_capacity"), 2);
	yw_val_set_int(yw_rec_val(rec, "internal_capacity"), 1);
	struct yw_error err = {0};
	int st = yw_crud_create(s, &seeder, rec, &err);
	if (st)
		fprintf(stderr, "seed: session refused: %s %s\n", yw_err_name(err.err), err.detail);
	yw_rec_free(rec);
	return st;
}

int yw_appt_seed_demo(struct yw_store *s)
{
	static const char *const codes[] = {"A", "B", "D"};
	int failed = 0;
	for (int i = 0; i < 3; i++) {
		struct probe x = {.code = codes[i]};
		if (yw_store_tx(s, YW_TX_READ, probe_tx, &x) != YW_OK || x.sessions)
			continue;
		failed += add_session(s, &x.q, "workday", "09:00", "12:00") != YW_OK;
		failed += add_session(s, &x.q, "workday", "14:30", "17:00") != YW_OK;
		if (!strcmp(codes[i], "A"))
			failed += add_session(s, &x.q, "saturday", "09:00", "12:00") != YW_OK;
		if (!strcmp(codes[i], "B")) {
			int plan[24];
			for (int h = 0; h < 24; h++)
				plan[h] = h >= 9 && h <= 16 ? 10 : -1;
			failed += yw_appt_release_write(s, &seeder, x.q.id, plan, &(struct yw_error){0}) != YW_OK;
		}
	}
	return failed;
}
