/* SQL of 好差评 (store/rating_store.c), for the domain/rating*.c files only:
 * configuration, subjects, ratings, rectifications, appeals, rollups, the
 * sweep's cursor and the fixture's bulk writes. One text for both engines. */
#ifndef YW_RATING_STORE_H
#define YW_RATING_STORE_H
#include "yw/rating_figures.h"
#include "yw/rating_rectify.h"

/* ---- configuration ---- */
int yw_rs_levels(struct yw_conn *c, struct yw_rating_level_cfg out[YW_RATING_LEVELS]);
int yw_rs_level_set(struct yw_conn *c, int level, const char *label, int score, int64_t now);
/* kind: "tag" | "indicator"; channel filters indicators (NULL: all). */
int yw_rs_options(struct yw_conn *c, const char *kind, bool active_only, struct yw_rating_option **out, int *n);
int yw_rs_option_get(struct yw_conn *c, const char *kind, int64_t id, struct yw_rating_option *out);
/* Active option by code (indicators: of a channel). YW_NOTFOUND when none. */
int yw_rs_option_by_code(struct yw_conn *c, const char *kind, const char *channel, const char *code,
			 struct yw_rating_option *out);
/* YW_DB_HARD with yw_db_err_unique() when the code is taken. */
int yw_rs_option_insert(struct yw_conn *c, const char *kind, struct yw_rating_option *o, int64_t now);
int yw_rs_option_update(struct yw_conn *c, const char *kind, const struct yw_rating_option *o, int64_t now);
/* The verification deadline of a region (its own row, else region 0's)
 * and the default-rating period. */
int yw_rs_settings_for(struct yw_conn *c, int64_t region_id, int *verify_days, int *default_days);
int yw_rs_settings(struct yw_conn *c, struct yw_rating_settings *out);
int yw_rs_settings_put(struct yw_conn *c, int64_t region_id, int verify_days, int default_days, int64_t now);
int yw_rs_settings_delete(struct yw_conn *c, int64_t region_id);
int yw_rs_region_exists(struct yw_conn *c, int64_t region_id);

/* ---- subjects ---- */

/* A ticket as a subject of rating, with the names the evaluator shows. */
struct yw_rs_ticket {
	int64_t id, hall_id, window_id, staff_id, citizen_id, finished_at, hall_region_id, staff_department_id;
	int window_number;
	char token[40], code[16], day[11], status[12], item_ids[512], id_number[20], phone[24];
	char hall_name[184], window_name[124], staff_name[64];
};
int yw_rs_ticket_by_token(struct yw_conn *c, const char *token, struct yw_rs_ticket *out);
int yw_rs_ticket_by_id(struct yw_conn *c, int64_t id, struct yw_rs_ticket *out);
/* The window's ticket finished last on a day (YW_NOTFOUND when none). */
int yw_rs_ticket_last_done(struct yw_conn *c, int64_t window_id, const char *day, struct yw_rs_ticket *out);

/* A service rated after the fact (a case, a 12345 order): who was served
 * and, once it has ended, the row of rating_services (migration 0015) with
 * the dimensions it is counted under (finished false before it ends). */
struct yw_rs_service {
	int64_t id, finished_at;
	bool finished, anonymous;
	struct yw_rating_dims d;
	int window_number;
	char state[20], number[48], day[11], channel[12];
	char phone[24], agent_phone[24], id_number[40]; /* applicant (case) or caller (order) */
	char item_name[400], hall_name[184], window_name[124], staff_name[64];
};
int yw_rs_case_service(struct yw_conn *c, int64_t id, struct yw_rs_service *out);
int yw_rs_hotline_service(struct yw_conn *c, int64_t id, struct yw_rs_service *out);

struct yw_rs_window {
	int64_t id, hall_id, region_id;
	int number;
	char name[124], hall_name[184];
};
int yw_rs_window(struct yw_conn *c, int64_t id, struct yw_rs_window *out);

struct yw_rs_item {
	int64_t id, department_id, region_id;
	bool published, online;
	char name[400];
};
int yw_rs_item(struct yw_conn *c, int64_t id, struct yw_rs_item *out);
/* A department's name ("" when there is none). */
int yw_rs_department_name(struct yw_conn *c, int64_t id, char *out, size_t n);

/* ---- ratings ---- */

/* A rating with what only the store and the callback may know. */
struct yw_rs_rating {
	struct yw_rating r;
	char rater_key[65];
	char callback_phone[32];
};
/* Inserts unless the subject is rated already: *id 0 then. */
int yw_rs_rating_insert(struct yw_conn *c, const struct yw_rs_rating *x, int64_t *id);
int yw_rs_rating_get(struct yw_conn *c, int64_t id, struct yw_rs_rating *out);
int yw_rs_rating_by_subject(struct yw_conn *c, const char *kind, const char *subject_id, struct yw_rs_rating *out);
/* Sets the addition while there is none: YW_NOTFOUND when there is. */
int yw_rs_rating_set_addition(struct yw_conn *c, int64_t id, const char *text, int64_t now);
int yw_rs_rating_set_excluded(struct yw_conn *c, int64_t id);

/* Lists: scope filters are NULL/0 when not applied; region_like is a
 * region path with '%' appended. */
struct yw_rs_rating_query {
	const char *from, *to, *kind, *region_like;
	int level, min_level;
	int64_t hall_id, department_id;
	int limit, offset;
};
int yw_rs_ratings(struct yw_conn *c, const struct yw_rs_rating_query *q, struct yw_rating_list *out);
/* A rater's own ratings of days since `since` (by up to two keys), newest
 * first: the day index narrows it, the key has no index of its own (every
 * rating would write a random page of one). */
int yw_rs_ratings_of_rater(struct yw_conn *c, const char *key1, const char *key2, const char *since, int limit,
			   struct yw_rating_list *out);

/* ---- rectifications ---- */
int yw_rs_rect_insert(struct yw_conn *c, struct yw_rectification *x);
int yw_rs_rect_get(struct yw_conn *c, int64_t id, struct yw_rectification *out);
/* Writes the mutable fields when the row still has x->version (then +1):
 * YW_RETRY when it moved meanwhile. */
int yw_rs_rect_save(struct yw_conn *c, struct yw_rectification *x, int64_t now);
struct yw_rs_rect_query {
	const char *state, *region_like, *today;
	bool overdue_only;
	int64_t department_id, hall_id;
	int limit, offset;
};
int yw_rs_rects(struct yw_conn *c, const struct yw_rs_rect_query *q, struct yw_rect_list *out);

/* ---- appeals ---- */
/* YW_DB_HARD with yw_db_err_unique() when the rating was appealed. */
int yw_rs_appeal_insert(struct yw_conn *c, struct yw_appeal *a);
int yw_rs_appeal_get(struct yw_conn *c, int64_t id, struct yw_appeal *out);
/* pending → state, only while pending: YW_NOTFOUND otherwise. */
int yw_rs_appeal_decide(struct yw_conn *c, struct yw_appeal *a);
int yw_rs_appeals(struct yw_conn *c, const char *state, int64_t department_id, const char *region_like, int limit,
		  int offset, struct yw_appeal_list *out);

/* ---- rollups ---- */
/* Adds delta to the row of (kind, day, dim_id), and of its month for
 * window, staff, department and item. */
int yw_rs_rollup_add(struct yw_conn *c, const char *kind, const char *day, int64_t dim_id,
		     const struct yw_rating_counts *delta);
/* A period cut into whole months (month_from..month_to, "YYYY-MM"; empty
 * when month_from > month_to) and the days around them (from..lead_to,
 * trail_from..to; empty when the end is before the start). */
/* Adds delta to every dimension of a rating at once (ids: hall, channel,
 * window, staff, department, item; 0 skips one), by day, and by month for
 * all but hall and channel. */
int yw_rs_rollup_add_dims(struct yw_conn *c, const char *day, const int64_t ids[6], const struct yw_rating_counts *delta);
struct yw_rs_fig_query {
	const char *from, *to, *region_like;
	int64_t hall_id, department_id;
	const char *month_from, *month_to, *lead_to, *trail_from;
};
/* Sums per group of a dimension, with its label. */
int yw_rs_figures(struct yw_conn *c, enum yw_rating_by by, const struct yw_rs_fig_query *q,
		  int (*fn)(void *ctx, int64_t key, const char *label, const struct yw_rating_counts *sum), void *ctx);
int yw_rs_public_bad(struct yw_conn *c, const char *from, const char *to, int limit, int offset,
		     struct yw_public_bad_list *out);

/* ---- the sweep and the fixture ---- */
int yw_rs_state_get(struct yw_conn *c, const char *key, char *value, size_t n);
int yw_rs_state_set(struct yw_conn *c, const char *key, const char *value);
/* The first day after after_day with tickets in any hall ("" when none). */
int yw_rs_sweep_next_day(struct yw_conn *c, const char *after_day, char next[11]);
/* Default ratings (level 3, this score, not active) for the finished
 * tickets of a day that have none, with their rollups; *inserted how many. */
int yw_rs_default_ratings(struct yw_conn *c, const char *day, int score, int64_t now, int64_t *inserted);
/* Rows for many ratings at once (the fixture): YW_RS_BULK per statement. */
enum { YW_RS_BULK = 100 };
int yw_rs_ratings_bulk(struct yw_conn *c, const struct yw_rs_rating *rows, int n);
/* Any ratings with a subject id in [from, below) (a fixture's year). */
int yw_rs_fixture_exists(struct yw_conn *c, const char *from, const char *below, bool *exists);
/* The highest ticket number of a queue on a day (0 when none). */
int yw_rs_max_ticket_number(struct yw_conn *c, int64_t queue_id, const char *day, int64_t *out);
/* Subject ids of ratings with a source (the demo seed looks for its own). */
int yw_rs_source_count(struct yw_conn *c, const char *source, int64_t *n);

/* What the fixture and the demo seed spread services over. */
struct yw_rs_place {
	int64_t hall_id, region_id, window_id, staff_id, staff_department_id;
};
int yw_rs_places(struct yw_conn *c, struct yw_rs_place **out, int *n);
struct yw_rs_item_ref {
	int64_t id, department_id, region_id;
};
int yw_rs_published_items(struct yw_conn *c, struct yw_rs_item_ref **out, int *n);
/* Done tickets of a hall on days from..to that are not rated, for the seed. */
int yw_rs_done_unrated(struct yw_conn *c, int64_t hall_id, const char *from, const char *to,
		       int (*fn)(void *ctx, const struct yw_rs_ticket *t), void *ctx);

#endif
