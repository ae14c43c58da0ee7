/* KPIs of the 12345 hotline (docs/hotline-kpis.md): ten rates per
 * department, category and region over a period, from a rollup of counts
 * that every order step keeps current in its own transaction; overdue
 * lists; trends of categories and regions (hot spots); a check and a
 * rebuild of the rollup from the orders; a fixture for tests and benches.
 * No HTTP, no JSON library, no SQL here. */
#ifndef YW_HOTLINE_KPI_H
#define YW_HOTLINE_KPI_H
#include "yw/hotline.h"

/* The counts, in rollup column order: X(name, label). Their exact meaning
 * is in docs/hotline-kpis.md and in yw_hl_kpi_snap_of. */
#define YW_HLK_COUNTS(X)                                                                                              \
	X(accepted, "受理量")                                                                                          \
	X(direct, "直办量")                                                                                            \
	X(dispatched, "派单工单量")                                                                                    \
	X(closed, "办结量")                                                                                            \
	X(closed_handled, "部门办结量")                                                                                \
	X(on_time, "按时办结量")                                                                                       \
	X(reopened, "重办量")                                                                                          \
	X(callback_due, "应回访量")                                                                                    \
	X(called_back, "回访量")                                                                                       \
	X(satisfied, "满意量")                                                                                         \
	X(solved, "解决量")                                                                                            \
	X(assigned, "派单量")                                                                                          \
	X(returned, "退单量")                                                                                          \
	X(sign_due, "应签收量")                                                                                        \
	X(signed, "签收量")                                                                                            \
	X(signed_on_time, "及时签收量")                                                                                \
	X(reply_due, "应答复量")                                                                                       \
	X(replied, "答复量")

#define YW_HLK_ENUM_(n, l) YW_HLK_##n,
enum yw_hlk_count { YW_HLK_COUNTS(YW_HLK_ENUM_) YW_HLK_NCOUNT };
#undef YW_HLK_ENUM_
extern const char *const yw_hlk_count_names[YW_HLK_NCOUNT];  /* "accepted", … */
extern const char *const yw_hlk_count_labels[YW_HLK_NCOUNT]; /* "受理量", … */

/* The ten KPIs: value = numerator ÷ denominator, or 1 − that when
 * complement (转办准确率). */
enum yw_hlk_kpi {
	YW_HLK_DIRECT_RATE,	  /* 直办率 */
	YW_HLK_DISPATCH_ACCURACY, /* 转办准确率 */
	YW_HLK_SIGN_ON_TIME_RATE, /* 及时签收率 */
	YW_HLK_REPLY_RATE,	  /* 回复率 */
	YW_HLK_CLOSE_RATE,	  /* 办结率 */
	YW_HLK_ON_TIME_RATE,	  /* 按时办结率 */
	YW_HLK_REOPEN_RATE,	  /* 重办率 */
	YW_HLK_CALLBACK_RATE,	  /* 回访率 */
	YW_HLK_SATISFACTION_RATE, /* 满意率 */
	YW_HLK_SOLVE_RATE,	  /* 解决率 */
	YW_HLK_NKPI
};
struct yw_hlk_def {
	const char *key, *name, *formula, *definition;
	enum yw_hlk_count num, den;
	bool complement;
};
extern const struct yw_hlk_def yw_hlk_defs[YW_HLK_NKPI];
/* The KPI's value from counts, rounded to 4 decimals; -1 when the
 * denominator is 0 (no value). */
double yw_hlk_value(enum yw_hlk_kpi k, const int64_t c[YW_HLK_NCOUNT]);

/* One rollup row: dim 'c' / 'r' a day's row (day "YYYY-MM-DD") of the
 * category / region dimension, 'C' / 'R' a month's (day "YYYY-MM"). */
struct yw_hks_row {
	char dim;
	char day[11];
	char area[64];
	int64_t department_id, key;
	int32_t c[YW_HLK_NCOUNT];
};

/* ---- the incremental rollup (hotline_kpi.c) ----
 * What one order adds to the counts, per department: the order's own
 * counts go to its lead department (0 before dispatch), each assignment's
 * to the department it was given to. A step snapshots the order before it
 * changes anything and applies the difference after, in its transaction. */
enum { YW_HLK_SNAP_MAX = 48 };
struct yw_hlk_snap {
	int n;
	bool overflow;
	struct {
		int64_t department_id;
		int32_t c[YW_HLK_NCOUNT];
	} e[YW_HLK_SNAP_MAX];
};
/* as may be NULL (nas 0): the assignments' counts are then left out of the
 * snapshot, which is right when a change does not touch them. */
void yw_hl_kpi_snap_of(struct yw_hlk_snap *s, const struct yw_hl_order *o, const struct yw_hl_assignment *as, int nas);
/* Adds (o with as) − before to the rollup rows of o's day, area, category
 * and region; before NULL for a new order. */
int yw_hl_kpi_apply(struct yw_conn *c, const struct yw_hlk_snap *before, const struct yw_hl_order *o,
		    const struct yw_hl_assignment *as, int nas);

/* The rollup keys of an order's region path ("440000/441600/441602/
 * 441602001/…", codes from the top): area = the path down to its deepest
 * six-digit code (the district; a city without districts when its streets
 * hang under it), street = the nine-digit code, else the area's own code,
 * else 0 ('' and 0 when the order has no region). */
void yw_hl_kpi_region_keys(const char *region_path, char area[64], int64_t *street);

/* The counts of many orders in memory, by rollup row (rebuild, fixture). */
struct yw_hlk_map {
	struct yw_hks_row *rows;
	int n, cap;
	int *slot; /* open addressing over rows, nslot a power of two */
	int nslot;
};
void yw_hlk_map_order(struct yw_hlk_map *m, const struct yw_hl_order *o, const struct yw_hl_assignment *as,
		      int nas);
/* The index of the row with r's keys, or -1. */
int yw_hlk_map_find(const struct yw_hlk_map *m, const struct yw_hks_row *r);
void yw_hlk_map_free(struct yw_hlk_map *m);

/* ---- reading (hotline_kpi_read.c) ----
 * Periods are local dates (inclusive). Supervisors, agents and admins see
 * every department of their region; handlers only their department. The
 * rollup is kept per district, so an account bound to a street or a
 * community gets FORBIDDEN_SCOPE. */
enum yw_hlk_by { YW_HLK_BY_DEPARTMENT, YW_HLK_BY_CATEGORY, YW_HLK_BY_REGION };
extern const char *const yw_hlk_by_names[]; /* "department", "category", "region", NULL */

struct yw_hlk_query {
	const char *from, *to; /* YYYY-MM-DD, inclusive */
	enum yw_hlk_by by;
	int level;		/* categories: fold to this level (1–3), 0 = as the orders have them */
	int64_t department_id;	/* 0: every department in scope */
};

struct yw_hlk_group {
	int64_t key; /* department id, category id, or region code as a number */
	char code[48], label[160];
	int64_t c[YW_HLK_NCOUNT];
};
struct yw_hlk_table {
	struct yw_hlk_group *g; /* by accepted, most first */
	int n;
	int64_t total[YW_HLK_NCOUNT];
	int64_t rows; /* rollup rows summed */
};
int yw_hl_kpi_table(struct yw_store *s, const struct yw_actor *who, const struct yw_hlk_query *q,
		    struct yw_hlk_table *out, struct yw_error *err);
void yw_hl_kpi_table_free(struct yw_hlk_table *t);

/* Accepted and closed orders per period of the top categories or regions
 * (q->by category or region): the hot spots and how they move. */
enum yw_hlk_interval { YW_HLK_DAY, YW_HLK_WEEK, YW_HLK_MONTH };
struct yw_hlk_series {
	int64_t key;
	char code[48], label[160];
	int64_t accepted, closed; /* over the whole period */
	int64_t *per;		  /* accepted per period (nperiods) */
};
struct yw_hlk_trend {
	char (*periods)[11]; /* the first day of each period */
	int nperiods;
	struct yw_hlk_series *s; /* the top ones, most accepted first */
	int n;
	int64_t *other; /* accepted per period by everything else */
	int64_t *all;	/* accepted per period in all */
};
int yw_hl_kpi_trend(struct yw_store *s, const struct yw_actor *who, const struct yw_hlk_query *q,
		    enum yw_hlk_interval iv, int top, struct yw_hlk_trend *out, struct yw_error *err);
void yw_hl_kpi_trend_free(struct yw_hlk_trend *t);

/* Open orders now overdue per lead department (a paused order judged when
 * it was paused, as docs/hotline.md says), and the overdue orders
 * themselves (newest first, at most limit). */
struct yw_hlk_overdue_row {
	int64_t department_id, open, overdue, sign, handle, reply;
	char name[128];
};
struct yw_hlk_overdue {
	struct yw_hlk_overdue_row *rows;
	int n;
	struct yw_hl_list orders;
};
int yw_hl_kpi_overdue(struct yw_store *s, const struct yw_hl_ctx *x, int64_t department_id, int limit,
		      struct yw_hlk_overdue *out, struct yw_error *err);
void yw_hl_kpi_overdue_free(struct yw_hlk_overdue *o);

/* ---- upkeep (hotline_kpi_rebuild.c) ---- */
struct yw_hlk_check {
	int64_t orders, rows, mismatches;
	char first[200]; /* the first mismatch, for people */
};
/* Recomputes the counts from every order and compares them with the
 * rollup (admin). */
int yw_hl_kpi_verify(struct yw_store *s, const struct yw_actor *who, struct yw_hlk_check *out,
		     struct yw_error *err);
/* Replaces the rollup with counts recomputed from the orders, in one
 * transaction, audited (admin): after restoring old data, or to drop a
 * fixture. */
int yw_hl_kpi_rebuild(struct yw_store *s, const struct yw_actor *who, struct yw_hlk_check *out,
		      struct yw_error *err);

/* A fixture (hotline_kpi_fixture.c): `accepted` orders spread evenly over
 * the days from..to, the active leaf categories and the streets of the
 * district region_code, `closed` of them closed; the other counts follow
 * from seeded draws of what such orders go through. Written straight into
 * the rollup (no orders), audited; for tests and benches (the API offers
 * it only when YIWANG_TEST_FIXTURES=1). */
struct yw_hlk_fixture {
	const char *from, *to, *region_code;
	int64_t accepted, closed;
	uint64_t seed;
};
int yw_hl_kpi_fixture(struct yw_store *s, const struct yw_actor *who, const struct yw_hlk_fixture *f,
		      int64_t *rows, struct yw_error *err);

/* ---- the store's side (store/hotline_kpi_store.c), for the KPI domain only ---- */

/* Adds the rows' counts to the rollup (creating missing rows). The rows of
 * one call must have distinct keys. */
int yw_hks_add(struct yw_conn *c, const struct yw_hks_row *rows, int n);
/* Sums over dim and the days (or months) from..to, optionally within an
 * area prefix and one department: grouped by department or by key. fn gets
 * the group's key, code and label (department, category or region names)
 * and counts; row_count the number of rollup rows read. */
typedef int (*yw_hks_group_fn)(void *ctx, int64_t key, const char *code, const char *label, int64_t parent,
			       const int64_t c[YW_HLK_NCOUNT]);
int yw_hks_groups(struct yw_conn *c, char dim, bool by_department, const char *from, const char *to,
		  const char *area, int64_t department_id, yw_hks_group_fn fn, void *ctx, int64_t *row_count);
/* Accepted and closed per day and key. */
int yw_hks_days(struct yw_conn *c, char dim, const char *from, const char *to, const char *area,
		int64_t department_id, int (*fn)(void *ctx, const char *day, int64_t key, int64_t accepted,
						 int64_t closed),
		void *ctx);
int yw_hks_region_name(struct yw_conn *c, const char *code, char *name, size_t n);
int yw_hks_is_empty(struct yw_conn *c, bool *rollup_empty, bool *orders_empty);
/* Empties the rollup (PostgreSQL: locks it first, so steps running
 * meanwhile add their differences after the rebuild commits). */
int yw_hks_clear(struct yw_conn *c);
int yw_hks_each_row(struct yw_conn *c, int (*fn)(void *ctx, const struct yw_hks_row *r), void *ctx);
/* Orders (only what the counts need) with id > after, by id, at most limit. */
int yw_hks_orders(struct yw_conn *c, int64_t after, int limit, int (*fn)(void *ctx, struct yw_hl_order *o),
		  void *ctx);
/* Assignments (only what the counts need) of the orders with ids in lo..hi. */
int yw_hks_assignments(struct yw_conn *c, int64_t lo, int64_t hi,
		       int (*fn)(void *ctx, const struct yw_hl_assignment *a), void *ctx);
/* Open orders overdue now per lead department, within a region path
 * prefix and (for a handler) one lead department. */
int yw_hks_overdue(struct yw_conn *c, int64_t now, const char *region_path, int64_t department_id,
		   int (*fn)(void *ctx, const struct yw_hlk_overdue_row *r), void *ctx);
/* The streets (path, code) under a region path. */
int yw_hks_streets(struct yw_conn *c, const char *path, int (*fn)(void *ctx, const char *code, const char *path),
		   void *ctx);

#endif
