/* 好差评: ratings of the services the platform delivers (docs/ratings.md).
 *
 * The core is generic over a subject kind: a served ticket (一次一评 at the
 * window evaluator or by the QR on the ticket), the online service of an
 * item, and later a case (一事一评) and a hotline order. Each kind has a
 * resolver (domain/rating_subject.c) that checks that the rater may rate
 * the subject and fills its dimensions; everything else — levels, tags,
 * indicators, once per subject, the addition, the default rating, the
 * rectification of a bad one, the rollups — is the same for every kind.
 *
 * No HTTP, no JSON library, no SQL here. */
#ifndef YW_RATING_H
#define YW_RATING_H
#include "yw/calendar.h"
#include "yw/entity.h"
#include "yw/store.h"

enum { YW_RATING_LEVELS = 5, YW_RATING_BAD_FROM = 4 };

/* Channels of service, the `channel` dimension. */
enum yw_rating_channel { YW_RCH_ONSITE = 1, YW_RCH_ONLINE = 2, YW_RCH_CASE = 3, YW_RCH_HOTLINE = 4 };
const char *yw_rating_channel_code(int channel);  /* "onsite" …, NULL if unknown */
const char *yw_rating_channel_label(int channel); /* 窗口服务 … */

/* Level codes, index 1..5 (very_satisfied … very_unsatisfied); 0 if unknown. */
int yw_rating_level_from_code(const char *code);
const char *yw_rating_level_code(int level);
static inline bool yw_rating_level_bad(int level) { return level >= YW_RATING_BAD_FROM; }

/* Field limits, in characters. */
enum {
	YW_RATING_COMMENT_MAX = 500,
	YW_RATING_ADDITION_MAX = 500,
	YW_RATING_TAGS_MAX = 10,
	YW_RATING_INDICATORS_MAX = 12,
};

/* Where a rating sits: the dimensions its figures are booked to. */
struct yw_rating_dims {
	int64_t hall_id, window_id, staff_id, department_id, item_id, region_id;
	int channel;
};

/* A rating as staff see it: never the rater (no key, no phone). */
struct yw_rating {
	int64_t id, created_at, addition_at;
	int level, score;
	bool active, excluded, callback_consent, has_addition;
	char kind[12], subject_id[80], subject_label[400], source[12], day[11];
	char indicators[1024], tags[512]; /* JSON text: {"attitude":5}, ["long_wait"] */
	char comment[YW_RATING_COMMENT_MAX * 4 + 1], addition[YW_RATING_ADDITION_MAX * 4 + 1];
	struct yw_rating_dims d;
	char hall_name[184], window_name[124], staff_name[64], department_name[184], item_name[400];
	int window_number;
	/* The rectification of a bad rating (0 / "" when none). */
	int64_t rect_id;
	char rect_state[20], rect_mode[12];
};

/* What the rater names. One of: subject_id (a logged-in citizen's own
 * ticket, or the item of an online service), token (a ticket by the QR on
 * it: the token is the capability), window_id (the evaluator tablet of a
 * window, signed in as its clerk: the ticket just finished there, which
 * must be expect_id when given). */
struct yw_rating_ref {
	const char *kind; /* ticket | online | case | hotline */
	const char *subject_id;
	const char *token;
	int64_t window_id, expect_id;
	const char *phone; /* a logged-in citizen's account phone */
};

struct yw_rating_indicator_score {
	const char *code;
	int score; /* 1..5 */
};

struct yw_rating_input {
	const char *level; /* code */
	const char *const *tags;
	int ntags;
	const struct yw_rating_indicator_score *indicators;
	int nindicators;
	const char *comment;
	bool callback_consent;
	const char *phone; /* with consent: where to call back (default: the ticket's or the account's) */
};

/* Rates a subject once, in one write transaction: the resolver's checks
 * (RATING_NOT_SERVED, RATING_NOT_RATEABLE, NOT_FOUND), the rating period
 * (RATING_PERIOD_OVER), the level (RATING_BAD_LEVEL), the reason tags of a
 * bad level (RATING_TAG_REQUIRED; BAD_ENUM for an unknown or inactive one),
 * indicators (BAD_ENUM, OUT_OF_RANGE), once per subject (RATING_TWICE, also
 * when many try at once), a bad rating's rectification order (its
 * verification deadline in working days from cal, NULL when cal lacks the
 * year), the rollups and the audit row. who: the acting user, or an actor
 * with no user for a token. */
int yw_rating_submit(struct yw_store *s, const struct yw_actor *who, const struct yw_calendar *cal,
		     const struct yw_rating_ref *ref, const struct yw_rating_input *in, struct yw_rating *out,
		     struct yw_error *err);

/* The one later addition (追评) of the rater: by the same reference as the
 * rating (a token, or a citizen's own rating id in subject_id with kind
 * "rating"). RATING_ADDITION_ONCE the second time. */
int yw_rating_addition(struct yw_store *s, const struct yw_actor *who, const struct yw_rating_ref *ref,
		       const char *text, struct yw_rating *out, struct yw_error *err);

/* The rating of a ticket by its token (NOT_FOUND: no such ticket; *rated
 * false when not rated yet), with whether it may still be rated. */
struct yw_rating_ticket_view {
	bool rated, rateable;
	int64_t ticket_id, rate_until;
	char code[16], status[12], hall_name[184], window_name[124], staff_name[64];
	int window_number;
	struct yw_rating rating;
	/* The rectification as the rater may follow it. */
	char rect_outcome[16];
};
int yw_rating_by_token(struct yw_store *s, const char *token, struct yw_rating_ticket_view *out);

/* What the window's evaluator tablet shows: the ticket just finished at
 * the window (ticket_id 0 when none today), its staff member and window. */
struct yw_rating_evaluator {
	int64_t window_id, hall_id, ticket_id, staff_id, finished_at;
	int window_number;
	bool rated;
	char window_name[124], hall_name[184], staff_name[64], code[16];
};
int yw_rating_evaluator(struct yw_store *s, const struct yw_actor *who, int64_t window_id,
			struct yw_rating_evaluator *out, struct yw_error *err);

/* ---- reading ---- */

struct yw_rating_filter {
	const char *from, *to; /* days, inclusive */
	int level;             /* 0: any */
	bool bad_only;
	const char *kind;
	int64_t hall_id, department_id;
	int limit, offset;
};
struct yw_rating_list {
	struct yw_rating *items;
	int n;
	int64_t total;
};
void yw_rating_list_free(struct yw_rating_list *l);
/* Ratings the actor may see (docs/ratings.md, "Who sees what"). */
int yw_rating_list(struct yw_store *s, const struct yw_actor *who, const struct yw_rating_filter *f,
		   struct yw_rating_list *out, struct yw_error *err);
int yw_rating_get(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_rating *out,
		  struct yw_error *err);
/* A logged-in citizen's own ratings, newest first (at most limit). */
int yw_rating_mine(struct yw_store *s, const struct yw_actor *who, const char *phone, int limit,
		   struct yw_rating_list *out);

/* ---- configuration (admin) ---- */

struct yw_rating_level_cfg {
	int level, score;
	bool bad;
	char code[20], label[64];
	int64_t updated_at;
};
struct yw_rating_option {
	int64_t id;
	int sort_order;
	bool active;
	char channel[12], code[40], label[200];
};
struct yw_rating_settings {
	int verify_days, default_days;
	struct {
		int64_t region_id;
		int verify_days;
		char region_name[184];
	} *regions;
	int nregions;
};
struct yw_rating_config {
	struct yw_rating_level_cfg levels[YW_RATING_LEVELS];
	struct yw_rating_option *tags, *indicators;
	int ntags, nindicators;
	struct yw_rating_settings settings;
};
void yw_rating_config_free(struct yw_rating_config *c);
/* active_only: what the rating pages offer. */
int yw_rating_config_read(struct yw_store *s, bool active_only, struct yw_rating_config *out);

/* Each change in one write transaction with its audit row. label NULL /
 * score < 0 keep the value. Scores 0–100; labels 1–20 characters. */
int yw_rating_level_set(struct yw_store *s, const struct yw_actor *who, int level, const char *label, int score,
			struct yw_error *err);
/* kind "tag" (channel ignored) or "indicator" (channel offline | online).
 * Codes: 1–40 of [a-z0-9_]; DUPLICATE when taken. */
int yw_rating_option_add(struct yw_store *s, const struct yw_actor *who, const char *kind, const char *channel,
			 const char *code, const char *label, struct yw_rating_option *out, struct yw_error *err);
/* label NULL keeps it; active < 0 keeps it. */
int yw_rating_option_set(struct yw_store *s, const struct yw_actor *who, const char *kind, int64_t id,
			 const char *label, int active, struct yw_rating_option *out, struct yw_error *err);
/* region_id 0: the defaults (verify_days 1–30, default_days 1–30); a region:
 * its verification deadline (default_days must be 0). verify_days 0 with a
 * region removes its own value. */
int yw_rating_settings_set(struct yw_store *s, const struct yw_actor *who, int64_t region_id, int verify_days,
			   int default_days, struct yw_error *err);

/* ---- the default rating ---- */

/* A service of day D may be rated through day D + period (7 natural days
 * by default); afterwards each finished ticket nobody rated gets the
 * default 基本满意 as 未主动评价. Days are taken in order, one write
 * transaction and audit row each, at most max_days (0: until done).
 * Returns how many default ratings were recorded, or < 0. */
int64_t yw_rating_sweep(struct yw_store *s, int max_days);
/* The end of a service day's rating period (epoch ms, exclusive). */
int64_t yw_rating_period_end(const char *service_day, int default_days);

/* ---- seeds ---- */

/* Demo ratings of the simulated history (seed demo): a realistic share of
 * finished tickets rated, a few bad ones with rectifications in every state
 * and one appeal. Returns the number of failures (0 when done or present). */
int yw_rating_seed_demo(struct yw_store *s);

/* A fixture of services and ratings written straight into the store
 * (rating rows, finished counts and rollups), spread over the working days
 * of a year across the halls, windows, staff, departments and items of the
 * demo district: for the seeds' example (58,072 services, 56,547 ratings,
 * 5 bad ones, all rectified) and the 1,000,000-rating bench. */
struct yw_rating_fixture {
	int year;
	int64_t services, ratings, bad;
	int active_pct; /* share of ratings given actively (the rest default) */
	uint64_t seed;
};
int yw_rating_fixture_write(struct yw_store *s, const struct yw_rating_fixture *f, struct yw_error *err);
/* Done tickets for today in hall 1, written for the rating bench; their
 * tokens go to fn. */
int yw_rating_bench_tickets(struct yw_store *s, int n, void (*fn)(void *ctx, const char *token), void *ctx,
			    struct yw_error *err);

#endif
