/* SQL of case statistics: the daily rollup (one upsert per moved count,
 * in the case action's transaction), the grouped sums the figures read,
 * the rebuild's pass over the cases, and the bulk fixture's batched
 * inserts. One text for both engines. */
#include "yw/case_stats.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"


/* Grows an array by one zeroed row; the capacity doubles (it is the next
 * power of two of the count), so reading n rows copies O(n), not O(n²). */
static void *grow(void **arr, int *n, size_t size)
{
	if (*n == 0 || !(*n & (*n - 1)))
		*arr = yw_realloc(*arr, size * (size_t)(*n ? 2 * *n : 1));
	char *p = (char *)*arr + size * (size_t)*n;
	memset(p, 0, size);
	(*n)++;
	return p;
}

/* ---- the rollup ---- */

#define COUNT_COLS                                                                                            \
	"received, not_accepted, accepted, tolerant, finished, approved, rejected, on_time, late, "            \
	"within_statutory, timed, used_days, promised_days, delivered"

int yw_css_add(struct yw_conn *c, const struct yw_css_key *k, const struct yw_case_counts *n)
{
	return ok(yw_q(c,
		       "INSERT INTO case_stats_daily (day, item_id, department_id, hall_id, window_id, staff_id, region_id, "
		       COUNT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
		       "$18, $19, $20, $21) ON CONFLICT (day, item_id, department_id, hall_id, window_id, staff_id) DO UPDATE "
		       "SET received = case_stats_daily.received + excluded.received, "
		       "not_accepted = case_stats_daily.not_accepted + excluded.not_accepted, "
		       "accepted = case_stats_daily.accepted + excluded.accepted, "
		       "tolerant = case_stats_daily.tolerant + excluded.tolerant, "
		       "finished = case_stats_daily.finished + excluded.finished, "
		       "approved = case_stats_daily.approved + excluded.approved, "
		       "rejected = case_stats_daily.rejected + excluded.rejected, "
		       "on_time = case_stats_daily.on_time + excluded.on_time, late = case_stats_daily.late + excluded.late, "
		       "within_statutory = case_stats_daily.within_statutory + excluded.within_statutory, "
		       "timed = case_stats_daily.timed + excluded.timed, "
		       "used_days = case_stats_daily.used_days + excluded.used_days, "
		       "promised_days = case_stats_daily.promised_days + excluded.promised_days, "
		       "delivered = case_stats_daily.delivered + excluded.delivered",
		       NULL, NULL, YW_PTEXT(k->day), YW_PINT(k->item_id), YW_PINT(k->department_id), YW_PINT(k->hall_id),
		       YW_PINT(k->window_id), YW_PINT(k->staff_id), YW_PINT(k->region_id), YW_PINT(n->received),
		       YW_PINT(n->not_accepted), YW_PINT(n->accepted), YW_PINT(n->tolerant), YW_PINT(n->finished),
		       YW_PINT(n->approved), YW_PINT(n->rejected), YW_PINT(n->on_time), YW_PINT(n->late),
		       YW_PINT(n->within_statutory), YW_PINT(n->timed), YW_PINT(n->used_days), YW_PINT(n->promised_days),
		       YW_PINT(n->delivered)));
}

/* The same for many rows at once (keys unique among them): the bulk
 * writers' flush, one statement per 100 rows. */
enum { ADD_PARAMS = 21, ADD_BATCH = 100 };

static char *values_sql(const char *head, int rows, int per_row, const char *row_tail, const char *tail);

static const char ADD_TAIL[] =
	" ON CONFLICT (day, item_id, department_id, hall_id, window_id, staff_id) DO UPDATE "
	"SET received = case_stats_daily.received + excluded.received, "
	"not_accepted = case_stats_daily.not_accepted + excluded.not_accepted, "
	"accepted = case_stats_daily.accepted + excluded.accepted, tolerant = case_stats_daily.tolerant + excluded.tolerant, "
	"finished = case_stats_daily.finished + excluded.finished, approved = case_stats_daily.approved + excluded.approved, "
	"rejected = case_stats_daily.rejected + excluded.rejected, on_time = case_stats_daily.on_time + excluded.on_time, "
	"late = case_stats_daily.late + excluded.late, "
	"within_statutory = case_stats_daily.within_statutory + excluded.within_statutory, "
	"timed = case_stats_daily.timed + excluded.timed, used_days = case_stats_daily.used_days + excluded.used_days, "
	"promised_days = case_stats_daily.promised_days + excluded.promised_days, "
	"delivered = case_stats_daily.delivered + excluded.delivered";

static int add_batch(struct yw_conn *c, const struct yw_css_key *k, const struct yw_case_counts *n, int rows)
{
	static char *sql[ADD_BATCH + 1];
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&mu);
	if (!sql[rows])
		sql[rows] = values_sql("INSERT INTO case_stats_daily (day, item_id, department_id, hall_id, window_id, "
				       "staff_id, region_id, " COUNT_COLS ")",
				       rows, ADD_PARAMS, ")", ADD_TAIL);
	pthread_mutex_unlock(&mu);
	struct yw_param *p = yw_calloc((size_t)rows * ADD_PARAMS, sizeof *p);
	for (int i = 0; i < rows; i++) {
		const struct yw_case_counts *x = &n[i];
		struct yw_param row[ADD_PARAMS] = {
			YW_PTEXT(k[i].day),	  YW_PINT(k[i].item_id),   YW_PINT(k[i].department_id), YW_PINT(k[i].hall_id),
			YW_PINT(k[i].window_id), YW_PINT(k[i].staff_id),  YW_PINT(k[i].region_id),	  YW_PINT(x->received),
			YW_PINT(x->not_accepted), YW_PINT(x->accepted),   YW_PINT(x->tolerant),	  YW_PINT(x->finished),
			YW_PINT(x->approved),	  YW_PINT(x->rejected),	   YW_PINT(x->on_time),	  YW_PINT(x->late),
			YW_PINT(x->within_statutory), YW_PINT(x->timed), YW_PINT(x->used_days),	  YW_PINT(x->promised_days),
			YW_PINT(x->delivered)};
		memcpy(&p[i * ADD_PARAMS], row, sizeof row);
	}
	int r = yw_db_query(c, sql[rows], p, rows * ADD_PARAMS, NULL, NULL);
	free(p);
	return ok(r);
}

int yw_css_add_many(struct yw_conn *c, const struct yw_css_key *k, const struct yw_case_counts *n, int rows)
{
	for (int at = 0; at < rows; at += ADD_BATCH) {
		int m = rows - at < ADD_BATCH ? rows - at : ADD_BATCH;
		int st = add_batch(c, k + at, n + at, m);
		if (st)
			return st;
	}
	return YW_OK;
}

static int before_row(void *ctx, const struct yw_row *r)
{
	struct yw_css_before *b = ctx;
	col_copy(b->state, sizeof b->state, r, 0);
	b->accepted_at = col_int(r, 1);
	b->decided_at = col_int(r, 2);
	b->delivered_at = col_int(r, 3);
	return 1;
}

int yw_css_case_before(struct yw_conn *c, int64_t case_id, struct yw_css_before *out)
{
	memset(out, 0, sizeof *out);
	return found(yw_q(c, "SELECT state, accepted_at, decided_at, delivered_at FROM cases WHERE id = $1", before_row,
			  out, YW_PINT(case_id)));
}

int yw_css_clear(struct yw_conn *c) { return ok(yw_q0(c, "DELETE FROM case_stats_daily", NULL, NULL)); }

/* ---- the figures ---- */

#define SUMS                                                                                                  \
	"SUM(s.received) AS received, SUM(s.not_accepted) AS not_accepted, SUM(s.accepted) AS accepted, "     \
	"SUM(s.tolerant) AS tolerant, SUM(s.finished) AS finished, SUM(s.approved) AS approved, "             \
	"SUM(s.rejected) AS rejected, SUM(s.on_time) AS on_time, SUM(s.late) AS late, "                       \
	"SUM(s.within_statutory) AS within_statutory, SUM(s.timed) AS timed, SUM(s.used_days) AS used_days, " \
	"SUM(s.promised_days) AS promised_days, SUM(s.delivered) AS delivered"
#define ACOLS                                                                                                 \
	"a.received, a.not_accepted, a.accepted, a.tolerant, a.finished, a.approved, a.rejected, a.on_time, " \
	"a.late, a.within_statutory, a.timed, a.used_days, a.promised_days, a.delivered"
/* Every filter in one text ($n IS NULL OR …); the region path is the
 * reader's scope. The days come first: they lead the primary key. */
#define WHERE                                                                                                 \
	" FROM case_stats_daily s JOIN regions g ON g.id = s.region_id WHERE s.day >= $1 AND s.day <= $2 "     \
	"AND ($3 IS NULL OR s.item_id = $3) AND ($4 IS NULL OR s.department_id = $4) "                        \
	"AND ($5 IS NULL OR s.hall_id = $5) AND ($6 IS NULL OR s.window_id = $6) "                            \
	"AND ($7 IS NULL OR s.staff_id = $7) AND ($8 IS NULL OR SUBSTR(g.path, 1, LENGTH(CAST($8 AS TEXT))) = $8)"
/* Grouped by an id, then named (the sums first, so the names are joined
 * once per group, not once per rollup row). */
#define BY_ID(col, label_sql, from_sql)                                                                       \
	"SELECT a.k, " label_sql ", " ACOLS " FROM (SELECT " col " AS k, " SUMS WHERE " GROUP BY " col ") a "  \
	from_sql " ORDER BY a.accepted DESC, a.k"

static const char *const query_sql[YW_CSB_COUNT] = {
	[YW_CSB_TOTAL] = "SELECT 0, '', '', " SUMS WHERE,
	[YW_CSB_ITEM] = BY_ID("s.item_id", "v.name, i.code",
			      "LEFT JOIN items i ON i.id = a.k LEFT JOIN item_versions v ON v.item_id = i.id "
			      "AND v.version = COALESCE(i.current_version, i.latest_version)"),
	[YW_CSB_DEPARTMENT] = BY_ID("s.department_id", "d.name, ''", "LEFT JOIN departments d ON d.id = a.k"),
	[YW_CSB_HALL] = BY_ID("s.hall_id", "h.name, ''", "LEFT JOIN halls h ON h.id = a.k"),
	[YW_CSB_WINDOW] = BY_ID("s.window_id", "h.name, CAST(w.number AS TEXT)",
				"LEFT JOIN windows w ON w.id = a.k LEFT JOIN halls h ON h.id = w.hall_id"),
	[YW_CSB_STAFF] = BY_ID("s.staff_id", "st.name, st.username", "LEFT JOIN staff st ON st.id = a.k"),
	[YW_CSB_DAY] = "SELECT 0, s.day, s.day, " SUMS WHERE " GROUP BY s.day ORDER BY s.day",
	[YW_CSB_MONTH] = "SELECT 0, SUBSTR(s.day, 1, 7), SUBSTR(s.day, 1, 7), " SUMS WHERE
			 " GROUP BY SUBSTR(s.day, 1, 7) ORDER BY SUBSTR(s.day, 1, 7)",
};

static void counts_from_row(struct yw_case_counts *n, const struct yw_row *r, int i)
{
	int64_t *v[] = {&n->received, &n->not_accepted, &n->accepted,	     &n->tolerant, &n->finished,
			&n->approved, &n->rejected,	    &n->on_time,	     &n->late,	   &n->within_statutory,
			&n->timed,    &n->used_days,	    &n->promised_days, &n->delivered};
	for (size_t j = 0; j < sizeof v / sizeof v[0]; j++)
		*v[j] = col_int(r, i + (int)j);
}

struct query_out {
	struct yw_case_stats *s;
	enum yw_case_stats_by by;
};

static int stat_row(void *ctx, const struct yw_row *r)
{
	struct query_out *q = ctx;
	struct yw_case_stat_row *row;
	if (q->by == YW_CSB_TOTAL)
		row = &q->s->total;
	else
		row = grow((void **)&q->s->rows, &q->s->n, sizeof *row);
	memset(row, 0, sizeof *row);
	row->key = col_int(r, 0);
	col_copy(row->label, sizeof row->label, r, 1);
	col_copy(row->code, sizeof row->code, r, 2);
	counts_from_row(&row->n, r, 3);
	return 0;
}

int yw_css_query(struct yw_conn *c, const struct yw_css_filter *f, struct yw_case_stats *out)
{
	const struct yw_case_stats_query *q = f->q;
	struct yw_param p[8] = {YW_PTEXT(q->from),	 YW_PTEXT(q->to),	  opt_int(q->item_id),
				opt_int(q->department_id), opt_int(q->hall_id),	  opt_int(q->window_id),
				opt_int(q->staff_id),	   opt_text(f->scope_path)};
	struct query_out total = {out, YW_CSB_TOTAL};
	int r = yw_db_query(c, query_sql[YW_CSB_TOTAL], p, 8, stat_row, &total);
	if (r < 0 || q->by == YW_CSB_TOTAL)
		return ok(r);
	struct query_out groups = {out, q->by};
	return ok(yw_db_query(c, query_sql[q->by], p, 8, stat_row, &groups));
}

/* ---- the rebuild ---- */

struct case_page {
	struct yw_css_case *out;
	int *n;
};

static int case_each(void *ctx, const struct yw_row *r)
{
	struct case_page *p = ctx;
	struct yw_css_case *k = &p->out[(*p->n)++];
	memset(k, 0, sizeof *k);
	int64_t *ints[] = {&k->id,	&k->item_id,	 &k->department_id, &k->hall_id,    &k->window_id,   &k->staff_id,
			   &k->region_id, &k->received_at, &k->accepted_at,   &k->decided_at, &k->delivered_at};
	int i = 0;
	for (; i < 11; i++)
		*ints[i] = col_int(r, i);
	k->promised_days = (int)col_int(r, i++);
	k->extension_days = (int)col_int(r, i++);
	k->paused_days = (int)col_int(r, i++);
	k->statutory_days = (int)col_int(r, i++);
	k->tolerant = col_int(r, i++) != 0;
	col_copy(k->state, sizeof k->state, r, i++);
	col_copy(k->outcome, sizeof k->outcome, r, i++);
	col_copy(k->accepted_on, sizeof k->accepted_on, r, i++);
	col_copy(k->decided_on, sizeof k->decided_on, r, i++);
	col_copy(k->due_promised, sizeof k->due_promised, r, i++);
	col_copy(k->due_statutory, sizeof k->due_statutory, r, i++);
	return 0;
}

int yw_css_cases_page(struct yw_conn *c, int64_t after, int limit, struct yw_css_case *out, int *n)
{
	*n = 0;
	struct case_page p = {out, n};
	return ok(yw_q(c,
		       "SELECT id, item_id, department_id, hall_id, window_id, staff_id, region_id, received_at, accepted_at, "
		       "decided_at, delivered_at, promised_days, extension_days, paused_days, statutory_days, tolerant, "
		       "state, outcome, accepted_on, decided_on, due_promised, due_statutory FROM cases WHERE id > $1 "
		       "ORDER BY id LIMIT $2",
		       case_each, &p, YW_PINT(after), YW_PINT(limit)));
}

/* ---- the fixture ---- */

struct item_list {
	struct yw_css_item **arr;
	int *n;
};

static int item_each(void *ctx, const struct yw_row *r)
{
	struct item_list *l = ctx;
	struct yw_css_item *it = grow((void **)l->arr, l->n, sizeof **l->arr);
	it->id = col_int(r, 0);
	it->version_id = col_int(r, 1);
	it->department_id = col_int(r, 2);
	it->region_id = col_int(r, 3);
	it->version = (int)col_int(r, 4);
	it->promised_days = (int)col_int(r, 5);
	it->statutory_days = (int)col_int(r, 6);
	col_copy(it->code, sizeof it->code, r, 7);
	col_copy(it->name, sizeof it->name, r, 8);
	col_copy(it->handling_type, sizeof it->handling_type, r, 9);
	col_copy(it->region_code, sizeof it->region_code, r, 10);
	return 0;
}

int yw_css_fixture_items(struct yw_conn *c, struct yw_css_item **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct item_list l = {out, n};
	return ok(yw_q0(c,
			"SELECT i.id, v.id, v.department_id, v.region_id, v.version, v.promised_limit_days, "
			"v.statutory_limit_days, i.code, v.name, v.handling_type, g.code FROM items i "
			"JOIN item_versions v ON v.item_id = i.id AND v.version = i.current_version "
			"JOIN regions g ON g.id = v.region_id WHERE i.status = 'published' AND v.in_hall = 1 "
			"AND v.handling_type <> 'immediate' ORDER BY i.id",
			item_each, &l));
}

struct desk_list {
	struct yw_css_desk **arr;
	int *n;
};

static int desk_each(void *ctx, const struct yw_row *r)
{
	struct desk_list *l = ctx;
	struct yw_css_desk *d = grow((void **)l->arr, l->n, sizeof **l->arr);
	d->hall_id = col_int(r, 0);
	d->window_id = col_int(r, 1);
	d->staff_id = col_int(r, 2);
	d->region_id = col_int(r, 3);
	col_copy(d->staff_name, sizeof d->staff_name, r, 4);
	col_copy(d->region_code, sizeof d->region_code, r, 5);
	return 0;
}

int yw_css_fixture_desks(struct yw_conn *c, struct yw_css_desk **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct desk_list l = {out, n};
	/* Each receiving window with the clerks of its hall (roles is a JSON list). */
	return ok(yw_q0(c,
			"SELECT w.hall_id, w.id, st.id, h.region_id, st.name, g.code FROM windows w "
			"JOIN halls h ON h.id = w.hall_id JOIN regions g ON g.id = h.region_id "
			"JOIN staff st ON st.hall_id = w.hall_id AND st.active = 1 AND st.roles LIKE '%\"clerk\"%' "
			"WHERE w.type IN ('comprehensive', 'specialised', 'cross_region') ORDER BY w.id, st.id",
			desk_each, &l));
}

int yw_css_fixture_next_seq(struct yw_conn *c, int64_t region_id, const char *day, int64_t *last)
{
	*last = 0;
	return ok(yw_q(c, "SELECT last FROM case_counters WHERE region_id = $1 AND day = $2", yw_row_get_int, last,
		       YW_PINT(region_id), YW_PTEXT(day)));
}

int yw_css_fixture_counter(struct yw_conn *c, int64_t region_id, const char *day, int64_t last)
{
	return ok(yw_q(c,
		       "INSERT INTO case_counters (region_id, day, last) VALUES ($1, $2, $3) ON CONFLICT (region_id, day) "
		       "DO UPDATE SET last = CASE WHEN case_counters.last > excluded.last THEN case_counters.last "
		       "ELSE excluded.last END",
		       NULL, NULL, YW_PINT(region_id), YW_PTEXT(day), YW_PINT(last)));
}

/* Multi-row INSERTs: one statement per batch size (kept in the statement
 * cache), so a million rows cost a few thousand round trips. */
enum { CASE_PARAMS = 29, STEP_PARAMS = 10, BATCH = 100 };

static char *values_sql(const char *head, int rows, int per_row, const char *row_tail, const char *tail)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, head);
	for (int i = 0; i < rows; i++) {
		yw_buf_adds(&b, i ? ", (" : " VALUES (");
		for (int j = 0; j < per_row; j++)
			yw_buf_printf(&b, "%s$%d", j ? ", " : "", i * per_row + j + 1);
		yw_buf_adds(&b, row_tail);
	}
	yw_buf_adds(&b, tail);
	return yw_buf_steal(&b);
}

struct id_match {
	struct yw_case *k;
	int n, next;
};

/* RETURNING gives the rows in the order inserted on both engines; the case
 * number is checked anyway, so a different order costs a search, never a
 * wrong id. */
static int id_row(void *ctx, const struct yw_row *r)
{
	struct id_match *m = ctx;
	const char *no = yw_row_text(r, 1);
	int i = m->next < m->n && !strcmp(m->k[m->next].case_no, no) ? m->next : -1;
	for (int j = 0; i < 0 && j < m->n; j++)
		if (!strcmp(m->k[j].case_no, no))
			i = j;
	if (i >= 0) {
		m->k[i].id = yw_row_int(r, 0);
		m->next = i + 1;
	}
	return 0;
}

static int insert_cases(struct yw_conn *c, struct yw_case *k, int n)
{
	static char *sql[BATCH + 1];
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&mu);
	if (!sql[n])
		sql[n] = values_sql("INSERT INTO cases (case_no, item_id, item_version, item_version_id, item_code, "
				    "item_name, handling_type, region_id, department_id, hall_id, window_id, staff_id, "
				    "applicant_name, applicant_id, applicant_phone, state, outcome, statutory_days, "
				    "promised_days, received_at, accepted_at, accepted_on, due_promised, due_statutory, "
				    "decided_at, decided_on, delivery_due, delivered_at, updated_at, channel, applicant_kind, "
				    "version, created_at)",
				    n, CASE_PARAMS, ", 'window', 'person', 1, 0)", " RETURNING id, case_no");
	pthread_mutex_unlock(&mu);
	struct yw_param *p = yw_calloc((size_t)n * CASE_PARAMS, sizeof *p);
	for (int i = 0; i < n; i++) {
		const struct yw_case *x = &k[i];
		struct yw_param row[CASE_PARAMS] = {
			YW_PTEXT(x->case_no),	    YW_PINT(x->item_id),	 YW_PINT(x->item_version),
			YW_PINT(x->item_version_id), YW_PTEXT(x->item_code),	 YW_PTEXT(x->item_name),
			YW_PTEXT(x->handling_type), YW_PINT(x->region_id),	 YW_PINT(x->department_id),
			opt_int(x->hall_id),	    opt_int(x->window_id),	 opt_int(x->staff_id),
			YW_PTEXT(x->applicant_name), YW_PTEXT(x->applicant_id), YW_PTEXT(x->applicant_phone),
			YW_PTEXT(x->state),	    opt_text(x->outcome),	 YW_PINT(x->statutory_days),
			YW_PINT(x->promised_days),  YW_PINT(x->received_at),	 opt_int(x->accepted_at),
			opt_text(x->accepted_on),   opt_text(x->due_promised), opt_text(x->due_statutory),
			opt_int(x->decided_at),	    opt_text(x->decided_on),	 opt_text(x->delivery_due),
			opt_int(x->delivered_at),   YW_PINT(x->updated_at)};
		memcpy(&p[i * CASE_PARAMS], row, sizeof row);
	}
	struct id_match m = {k, n, 0};
	int r = yw_db_query(c, sql[n], p, n * CASE_PARAMS, id_row, &m);
	free(p);
	return ok(r);
}

static int insert_steps(struct yw_conn *c, const struct yw_case_step *s, int n)
{
	static char *sql[BATCH + 1];
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&mu);
	if (!sql[n])
		sql[n] = values_sql("INSERT INTO case_steps (case_id, name, department_id, state, limit_days, "
				    "activated_at, activated_on, due, finished_at, finished_by, seq, round, stage, kind, "
				    "role, version)",
				    n, STEP_PARAMS, ", 1, 1, 1, 'review', 'approver', 1)", "");
	pthread_mutex_unlock(&mu);
	struct yw_param *p = yw_calloc((size_t)n * STEP_PARAMS, sizeof *p);
	for (int i = 0; i < n; i++) {
		const struct yw_case_step *x = &s[i];
		struct yw_param row[STEP_PARAMS] = {
			YW_PINT(x->case_id),	 YW_PTEXT(x->name),	    YW_PINT(x->department_id), YW_PTEXT(x->state),
			YW_PINT(x->limit_days), YW_PINT(x->activated_at), YW_PTEXT(x->activated_on), opt_text(x->due),
			opt_int(x->finished_at), opt_int(x->finished_by)};
		memcpy(&p[i * STEP_PARAMS], row, sizeof row);
	}
	int r = yw_db_query(c, sql[n], p, n * STEP_PARAMS, NULL, NULL);
	free(p);
	return ok(r);
}

int yw_css_fixture_cases(struct yw_conn *c, struct yw_case *k, struct yw_case_step *s, int n)
{
	for (int at = 0; at < n; at += BATCH) {
		int m = n - at < BATCH ? n - at : BATCH;
		int st = insert_cases(c, k + at, m);
		if (st)
			return st;
		for (int i = at; i < at + m; i++) {
			if (!k[i].id)
				return YW_STORE_ERR;
			s[i].case_id = k[i].id;
		}
		if ((st = insert_steps(c, s + at, m)))
			return st;
	}
	return YW_OK;
}
