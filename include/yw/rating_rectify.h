/* The closed loop of a bad rating (docs/ratings.md): the responsible
 * department verifies it within N working days, rectifies at once
 * (立行立改), by a due date (限期整改) or explains (解释说明); the supervisor
 * calls the rater back and records whether the problem was fixed and
 * whether they are satisfied; the order closes only after the callback.
 * The department may appeal (申诉) a malicious or mistaken review with
 * evidence; a supervisor decides; an upheld appeal excludes the review from
 * the figures and keeps it on record. */
#ifndef YW_RATING_RECTIFY_H
#define YW_RATING_RECTIFY_H
#include "yw/rating.h"

enum {
	YW_RECTIFY_TEXT_MAX = 1000, /* finding, measures, notes, reasons: characters */
	YW_APPEAL_EVIDENCE_MAX = 2000,
	YW_APPEAL_ATTACHMENT_MAX = 200,
};

struct yw_rectification {
	int64_t id, rating_id, department_id, region_id, hall_id;
	int64_t verified_at, verified_by, rectified_at, callback_at, callback_by, closed_at, closed_by;
	int64_t created_at, updated_at, version;
	char state[20], mode[12], outcome[16], day[11];
	char verify_due[11], due_date[11]; /* "" when none */
	bool overdue;
	int callback_reached, callback_fixed, callback_satisfied; /* -1: not recorded */
	char finding[YW_RECTIFY_TEXT_MAX * 4 + 1], measures[YW_RECTIFY_TEXT_MAX * 4 + 1];
	char callback_note[YW_RECTIFY_TEXT_MAX * 4 + 1];
	char department_name[184];
	/* Who took the steps (staff names; "" for none or the system). */
	char verified_by_name[64], callback_by_name[64], closed_by_name[64];
	/* The rating it is about (without the rater) and its appeal, if any. */
	struct yw_rating rating;
	int64_t appeal_id;
	char appeal_state[12];
};

struct yw_rect_filter {
	const char *state; /* NULL: any */
	bool overdue_only;
	int64_t department_id;
	int limit, offset;
};
struct yw_rect_list {
	struct yw_rectification *items;
	int n;
	int64_t total;
};
void yw_rect_list_free(struct yw_rect_list *l);
int yw_rect_list(struct yw_store *s, const struct yw_actor *who, const struct yw_rect_filter *f,
		 struct yw_rect_list *out, struct yw_error *err);
int yw_rect_get(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_rectification *out,
		struct yw_error *err);

enum yw_rect_action {
	YW_RA_VERIFY,   /* department: verifying → rectifying (finding) */
	YW_RA_PLAN,     /* department: rectifying; immediate/explain → awaiting_callback, deadline keeps it */
	YW_RA_COMPLETE, /* department: a 限期整改 done → awaiting_callback (measures) */
	YW_RA_CALLBACK, /* supervisor: records the callback (awaiting_callback) */
	YW_RA_CLOSE,    /* supervisor or department: closed, only after the callback */
};
struct yw_rect_args {
	const char *text;  /* finding / measures / note */
	const char *mode;  /* plan: immediate | deadline | explain */
	const char *due_date;
	bool reached, fixed, satisfied; /* callback */
};
/* One step of the order in a write transaction with its audit row and the
 * rollups; RECTIFY_BAD_STATE, RECTIFY_CALLBACK_FIRST, RECTIFY_DUE_DATE,
 * FORBIDDEN_SCOPE (another department's order), MISSING_FIELD. */
int yw_rect_act(struct yw_store *s, const struct yw_actor *who, int64_t id, enum yw_rect_action a,
		const struct yw_rect_args *args, struct yw_rectification *out, struct yw_error *err);
/* The rater's phone for the callback, only when they agreed to be called
 * back (RECTIFY_NO_CONSENT otherwise); the read is audited. */
int yw_rect_contact(struct yw_store *s, const struct yw_actor *who, int64_t id, char phone[32],
		    struct yw_error *err);

struct yw_appeal {
	int64_t id, rating_id, rectification_id, department_id, region_id;
	int64_t filed_by, filed_at, decided_by, decided_at, version;
	char state[12];
	char reason[YW_RECTIFY_TEXT_MAX * 4 + 1], evidence[YW_APPEAL_EVIDENCE_MAX * 4 + 1];
	char attachment[YW_APPEAL_ATTACHMENT_MAX * 4 + 1], decision_reason[YW_RECTIFY_TEXT_MAX * 4 + 1];
	char department_name[184];
};
/* The department appeals the bad rating of its order: APPEAL_EVIDENCE_REQUIRED,
 * APPEAL_ONCE, RECTIFY_BAD_STATE (closed). */
int yw_appeal_file(struct yw_store *s, const struct yw_actor *who, int64_t rect_id, const char *reason,
		   const char *evidence, const char *attachment, struct yw_appeal *out, struct yw_error *err);
/* A supervisor decides (APPEAL_BAD_STATE when already decided, also for the
 * second of two at once); upheld: the rating is excluded from the figures
 * and its order closed ("appeal_upheld"). */
int yw_appeal_decide(struct yw_store *s, const struct yw_actor *who, int64_t appeal_id, bool uphold,
		     const char *reason, struct yw_appeal *out, struct yw_error *err);
struct yw_appeal_list {
	struct yw_appeal *items;
	int n;
	int64_t total;
};
void yw_appeal_list_free(struct yw_appeal_list *l);
int yw_appeal_list(struct yw_store *s, const struct yw_actor *who, const char *state, int limit, int offset,
		   struct yw_appeal_list *out, struct yw_error *err);
int yw_appeal_get(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_appeal *out,
		  struct yw_error *err);

#endif
