/* Case statistics (办件统计): accepted, finished, 办结率, on-time rate and
 * handling time against the promise, by item, department, hall, window,
 * staff, day or month over a period — read from a daily rollup that every
 * case action keeps current in its own transaction, never from the cases.
 * Figures like the seeds' "受理159524宗，办结159138宗，办结率99.8%".
 * Definitions: docs/cases.md "Statistics". */
#ifndef YW_CASE_STATS_H
#define YW_CASE_STATS_H
#include "yw/case.h"

enum yw_case_stats_by {
	YW_CSB_TOTAL,
	YW_CSB_ITEM,
	YW_CSB_DEPARTMENT,
	YW_CSB_HALL,
	YW_CSB_WINDOW,
	YW_CSB_STAFF,
	YW_CSB_DAY,
	YW_CSB_MONTH,
	YW_CSB_COUNT
};
extern const char *const yw_case_stats_by_names[];  /* total item department hall window staff day month */
extern const char *const yw_case_stats_by_labels[]; /* 合计 事项 部门 大厅 窗口 人员 日期 月份 */

enum { YW_CASE_STATS_MAX_DAYS = 1096 }; /* three years */

/* The sums of the rollup over a group of rows. */
struct yw_case_counts {
	int64_t received, not_accepted, accepted, tolerant, finished, approved, rejected, on_time, late,
		within_statutory, timed, used_days, promised_days, delivered;
};

struct yw_case_stat_row {
	int64_t key; /* the id of the group; for day and month 0 */
	char label[400], code[48]; /* code: the item code, or the day / month */
	struct yw_case_counts n;
	/* derived: 办结率 finished/accepted, on time over finished with a due
	 * date, averages over the finished cases with a measured time */
	double finish_rate, on_time_rate, avg_used_days, avg_promised_days;
};

struct yw_case_stats_query {
	const char *from, *to; /* YYYY-MM-DD, local days, inclusive */
	enum yw_case_stats_by by;
	int64_t item_id, department_id, hall_id, window_id, staff_id;
};

struct yw_case_stats {
	struct yw_case_stat_row total;
	struct yw_case_stat_row *rows;
	int n;
	char summary[200]; /* "受理159524宗，办结159138宗，办结率99.8%" */
};
void yw_case_stats_free(struct yw_case_stats *s);
/* Cut to the reader's scope (supervisors their region, hall managers and
 * clerks their hall, approvers their department); a filter outside it is
 * FORBIDDEN_SCOPE. CASE_STATS_PERIOD for a bad period. */
int yw_case_stats(struct yw_store *s, const struct yw_actor *who, const struct yw_case_stats_query *q,
		  struct yw_case_stats *out, struct yw_error *err);
/* "99.8%" (one decimal, rounded half up); "—" when there is no base. */
void yw_case_rate_text(double rate, int64_t base, char out[16]);

/* The rollup hook: called once per case action, inside its transaction,
 * before the case row is saved (case_tx.c yw_case_finish); it compares the
 * case as the action leaves it with the row as stored and books what moved
 * (taken in, accepted, not accepted, decided, delivered). */
struct yw_case_tx;
int yw_case_stats_track(struct yw_case_tx *t, const char *action);

/* ---- booking (shared by the hook, the rebuild and the fixture) ---- */

/* The case as the rollup sees it. */
struct yw_css_case {
	int64_t id, item_id, department_id, hall_id, window_id, staff_id, region_id, received_at, accepted_at,
		decided_at, delivered_at;
	int promised_days, extension_days, paused_days, statutory_days;
	bool tolerant;
	char state[16], outcome[16], accepted_on[11], decided_on[11], due_promised[11], due_statutory[11];
};
struct yw_css_key {
	char day[11];
	int64_t item_id, department_id, hall_id, window_id, staff_id, region_id;
};
/* The row a case is booked on: its acceptance day, or (never accepted)
 * the day it was taken in. */
void yw_case_stats_key(const struct yw_css_case *k, struct yw_css_key *out);
/* The finish of a decided case: finished, approved or rejected, on time or
 * late against the promised due date, within the statutory one, and the
 * working days used (pauses excluded) against the promise when the
 * calendar can count them. */
void yw_case_stats_finish(const struct yw_calendar *cal, const struct yw_css_case *k, struct yw_case_counts *n);

/* Rollup rows summed in memory before they are written (the rebuild and
 * the fixture write each row once instead of once per case). */
struct yw_css_map {
	struct yw_css_key *keys;
	struct yw_case_counts *counts;
	size_t cap, n;
};
struct yw_case_counts *yw_css_map_at(struct yw_css_map *m, const struct yw_css_key *k);
void yw_css_map_add(struct yw_case_counts *to, const struct yw_case_counts *n);
/* Writes every row and empties the map (also when the write failed). */
int yw_css_map_flush(struct yw_css_map *m, struct yw_conn *c);
void yw_css_map_free(struct yw_css_map *m);

/* Recomputes the whole rollup from the cases (a repair, and the check that
 * the incremental rollup is right: `yiwang cases stats --rebuild`). */
int yw_case_stats_rebuild(struct yw_store *s, int64_t *cases, struct yw_error *err);

/* A bulk fixture of cases written straight into the store (benches, the
 * statistics tests): `cases` accepted cases spread over the working days of
 * from..to across the published items, the halls' receiving windows and
 * their clerks, of which `finished` are decided and delivered (about 1 in
 * 50 of them after the promised date) and the rest wait in a department's
 * inbox; the rollup is written to match. Same seed, same cases. */
struct yw_case_fixture {
	int64_t cases, finished;
	const char *from, *to;
	unsigned seed;
};
int yw_case_fixture(struct yw_store *s, const struct yw_case_fixture *f, struct yw_error *err);

/* ---- the store (src/store/case_stats_store.c), inside a transaction ---- */

/* Adds the counts to the row of the key (created when missing). */
int yw_css_add(struct yw_conn *c, const struct yw_css_key *k, const struct yw_case_counts *n);
/* The same for many rows, unique among them, in multi-row statements. */
int yw_css_add_many(struct yw_conn *c, const struct yw_css_key *k, const struct yw_case_counts *n, int rows);
/* What the rollup needs of the case as stored before this action. */
struct yw_css_before {
	char state[16];
	int64_t accepted_at, decided_at, delivered_at;
};
int yw_css_case_before(struct yw_conn *c, int64_t case_id, struct yw_css_before *out);
/* Sums over days from..to grouped by `by`, with labels; filters and the
 * reader's scope (region path, NULL for none). */
struct yw_css_filter {
	const struct yw_case_stats_query *q;
	const char *scope_path;
};
int yw_css_query(struct yw_conn *c, const struct yw_css_filter *f, struct yw_case_stats *out);
int yw_css_clear(struct yw_conn *c);
/* Every case in id order, a page at a time (the rebuild). */
int yw_css_cases_page(struct yw_conn *c, int64_t after, int limit, struct yw_css_case *out, int *n);

/* The fixture's bulk writes: what it draws from, and rows in batches. */
struct yw_css_item {
	int64_t id, version_id, department_id, region_id, review_department_id;
	int version, promised_days, statutory_days, step_limit;
	char code[48], name[400], handling_type[12], region_code[16], step_name[160];
};
int yw_css_fixture_items(struct yw_conn *c, struct yw_css_item **out, int *n);
struct yw_css_desk {
	int64_t hall_id, window_id, staff_id, region_id; /* the hall's region: it numbers the case */
	char staff_name[200], region_code[16];
};
/* Receiving windows with a clerk of their hall. */
int yw_css_fixture_desks(struct yw_conn *c, struct yw_css_desk **out, int *n);
/* Cases, each with its one review step s[i] (case_id filled in); the
 * cases' ids come back in k[i].id. created_at is 0: a fixture row. */
int yw_css_fixture_cases(struct yw_conn *c, struct yw_case *k, struct yw_case_step *s, int n);
/* Moves a region's case counter for a day up to at least `last`. */
int yw_css_fixture_counter(struct yw_conn *c, int64_t region_id, const char *day, int64_t last);
int yw_css_fixture_next_seq(struct yw_conn *c, int64_t region_id, const char *day, int64_t *last);

#endif
