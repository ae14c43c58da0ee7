/* Shared by the files of the 好差评 domain (src/domain/rating*.c) only. */
#ifndef YW_RATING_INTERNAL_H
#define YW_RATING_INTERNAL_H
#include "yw/rating_store.h"

/* ---- subject kinds (domain/rating_subject.c) ---- */

/* What a resolver finds out about the subject a rater names. */
struct yw_rating_subject {
	char kind[12], subject_id[80], subject_label[400], day[11];
	char rater_key[65]; /* "" for nobody in particular (a default rating) */
	char phone[32];     /* where a consenting rater can be called back, if known */
	const char *indicator_channel; /* offline | online */
	struct yw_rating_dims d;
	int64_t served_at; /* the rating period runs from here; 0: no period */
	/* The names of its dimensions, for the reply (no read after it). */
	char hall_name[184], window_name[124], staff_name[64], department_name[184], item_name[400];
	int window_number;
};

/* Checks that the rater (who, or the capability in ref) may rate the
 * subject and fills it: RATING_NOT_SERVED, RATING_NOT_RATEABLE, NOT_FOUND.
 * Adding a kind is one entry in the table of rating_subject.c. */
typedef int (*yw_rating_resolve_fn)(struct yw_conn *c, const struct yw_actor *who, const struct yw_rating_ref *ref,
				    int64_t now, struct yw_rating_subject *out, struct yw_error *err);
struct yw_rating_kind {
	const char *name, *label;
	int channel;
	/* Finished services of this kind are counted in the rollups' `finished`
	 * (so its ratings count towards coverage). */
	bool covered;
	yw_rating_resolve_fn resolve;
};
/* NULL when the name is not a kind at all. */
const struct yw_rating_kind *yw_rating_kind_find(const char *name);
/* The subject of a served ticket (the sweep's default ratings too). */
int yw_rating_ticket_subject(struct yw_conn *c, const struct yw_rs_ticket *t, struct yw_rating_subject *out);
/* A one-way key for the rater: BLAKE2b of a tagged identity ("id:…",
 * "phone:…", "ticket:…"), so the ID number itself is never stored. */
void yw_rating_rater_key(const char *tag, const char *value, char out[65]);

/* ---- rollups (domain/rating_rollup.c) ---- */

/* What a rating (and its order, if any) adds to the counters. */
void yw_rating_contrib(const struct yw_rating *r, const struct yw_rectification *x, struct yw_rating_counts *out);
/* Books after − before to every dimension of the rating, on its day. */
int yw_rating_rollup_move(struct yw_conn *c, const struct yw_rating *r, const struct yw_rating_counts *before,
			  const struct yw_rating_counts *after);
/* The same for counters summed elsewhere (the sweep, the fixture). */
int yw_rating_rollup_dims(struct yw_conn *c, const char *day, const struct yw_rating_dims *d,
			  const struct yw_rating_counts *delta);

/* Differences summed in memory per (dimension, day), written once each. */
struct yw_rating_acc;
struct yw_rating_acc *yw_rating_acc_new(void);
void yw_rating_acc_free(struct yw_rating_acc *a);
void yw_rating_acc_add(struct yw_rating_acc *a, const char *day, const struct yw_rating_dims *d,
		       const struct yw_rating_counts *delta);
/* Writes every row (in the caller's transaction); the sums stay. */
int yw_rating_acc_flush(struct yw_conn *c, struct yw_rating_acc *a);
void yw_rating_acc_clear(struct yw_rating_acc *a);

/* ---- scope (domain/rating_scope.c) ---- */

/* What an actor sees: everything, or the rows of a hall, a department
 * and/or a region subtree. */
struct yw_rating_scope {
	bool all;
	int64_t hall_id, department_id;
	char region_like[210]; /* "440000/441600/441602/%" or "" */
};
int yw_rating_scope_of(struct yw_conn *c, const struct yw_actor *who, struct yw_rating_scope *out,
		       struct yw_error *err);
/* May the actor see (and act on) an object sitting here? FORBIDDEN_SCOPE. */
int yw_rating_scope_check(struct yw_conn *c, const struct yw_actor *who, int64_t region_id, int64_t department_id,
			  int64_t hall_id, struct yw_error *err);

/* ---- the core (domain/rating.c) ---- */

/* Writes a rating of a resolved subject with its order (a bad level), its
 * rollups and its audit row, in the caller's transaction. x->r is filled
 * from sub here except level, score, active, source and the inputs.
 * RATING_TWICE when the subject is rated. cal NULL: no verification date. */
int yw_rating_record(struct yw_conn *c, const struct yw_actor *who, const struct yw_calendar *cal,
		     const struct yw_rating_subject *sub, struct yw_rs_rating *x, int64_t now, struct yw_error *err);
/* The local day of an instant and a working-day date from it. */
void yw_rating_day(int64_t at_ms, char day[11]);

/* Submit with an explicit clock (the demo seed writes history). */
int yw_rating_submit_at(struct yw_store *s, const struct yw_actor *who, const struct yw_calendar *cal,
			const struct yw_rating_ref *ref, const struct yw_rating_input *in, int64_t now,
			const char *source, struct yw_rating *out, struct yw_error *err);
/* Steps of an order with an explicit clock (the demo seed). */
int yw_rect_act_at(struct yw_store *s, const struct yw_actor *who, int64_t id, enum yw_rect_action a,
		   const struct yw_rect_args *args, int64_t now, struct yw_rectification *out, struct yw_error *err);

#endif
