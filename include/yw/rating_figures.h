/* Figures of 好差评 per hall, department, window, staff, item and channel
 * over a period, read from the rollups only (docs/ratings.md gives every
 * definition), and the public disclosure (公示). */
#ifndef YW_RATING_FIGURES_H
#define YW_RATING_FIGURES_H
#include "yw/rating.h"

enum yw_rating_by { YW_RBY_ALL, YW_RBY_HALL, YW_RBY_DEPARTMENT, YW_RBY_WINDOW, YW_RBY_STAFF, YW_RBY_ITEM,
		    YW_RBY_CHANNEL, YW_RBY__COUNT };
/* "all", "hall", … as the rollup's dim_kind and the API's ?by=. */
const char *yw_rating_by_code(enum yw_rating_by by);
const char *yw_rating_by_label(enum yw_rating_by by);
int yw_rating_by_from_code(const char *code); /* -1 if unknown */

/* The counters of the rollup, in its column order. */
enum yw_rating_count {
	YW_RC_FINISHED, YW_RC_RATED, YW_RC_COVERED, YW_RC_ACTIVE, YW_RC_ACTIVE_GOOD, YW_RC_L1, YW_RC_L2, YW_RC_L3,
	YW_RC_L4, YW_RC_L5, YW_RC_SCORE_SUM, YW_RC_REPLIED, YW_RC_CALLBACKS, YW_RC_REACHED, YW_RC_FIXED,
	YW_RC_SATISFIED, YW_RC_CLOSED, YW_RC_EXCLUDED, YW_RC__COUNT
};
struct yw_rating_counts {
	int64_t v[YW_RC__COUNT];
};

/* One group's figures: counts and the rates derived from them (a rate is
 * negative when its denominator is 0). Percentages to 2 decimals. */
struct yw_rating_figure {
	int64_t key;
	char label[400];
	struct yw_rating_counts c;
	int64_t good, bad;
	double coverage_pct, good_pct, active_good_pct, unrated_pct, reply_pct, callback_rectify_pct,
		rectify_satisfaction_pct, rectified_pct, avg_score;
};
struct yw_rating_figures {
	enum yw_rating_by by;
	char from[11], to[11];
	struct yw_rating_figure *groups;
	int n;
	struct yw_rating_figure total; /* over the groups */
};
void yw_rating_figures_free(struct yw_rating_figures *f);
/* who NULL: the public disclosure (by hall or department only, every one of
 * them); else the actor's scope (FORBIDDEN_SCOPE for a dimension outside
 * it). from..to: days, at most 3 years apart (BAD_QUERY). */
int yw_rating_figures(struct yw_store *s, const struct yw_actor *who, enum yw_rating_by by, const char *from,
		      const char *to, struct yw_rating_figures *out, struct yw_error *err);
/* Fills the derived rates of a group from its counts. */
void yw_rating_figure_derive(struct yw_rating_figure *g);

/* A bad review as the public sees it: no names, numbers or staff — the
 * department, the item, what was wrong and what was done. */
struct yw_public_bad_review {
	int64_t id;
	int channel;
	char day[11], level_label[64], department_name[184], item_name[400], channel_label[32];
	char tags[512];                 /* JSON array of labels */
	char state[20], mode[12], outcome[16];
	char measures[YW_RATING_COMMENT_MAX * 8 + 1]; /* digit runs masked */
	int callback_satisfied;         /* -1 not recorded */
};
struct yw_public_bad_list {
	struct yw_public_bad_review *items;
	int n;
	int64_t total;
};
void yw_public_bad_list_free(struct yw_public_bad_list *l);
/* Bad reviews of a period not excluded by an appeal, newest first. */
int yw_rating_public_bad(struct yw_store *s, const char *from, const char *to, int limit, int offset,
			 struct yw_public_bad_list *out);

#endif
