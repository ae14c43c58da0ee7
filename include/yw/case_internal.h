/* Shared by the files of the case domain (src/domain/case_*.c) only: the
 * transaction context every action runs in, the item version a case binds
 * to, and the helpers that write the timeline, the audit row, the
 * applicant's SMS and the clocks. Other modules use yw/case.h. */
#ifndef YW_CASE_INTERNAL_H
#define YW_CASE_INTERNAL_H
#include "yw/case.h"
#include "yw/case_store.h"
#include "yw/item.h"

/* ---- the item version (case_item.c) ---- */

/* A published version's content never changes, so its parse is kept for
 * the life of the process (keyed by version id); `owned` is set when the
 * cache was full and the caller must free it. */
struct yw_case_item_ref {
	const struct yw_item *it;
	struct yw_item *owned;
};
int yw_case_item_load(struct yw_conn *c, int64_t item_id, int version, int64_t version_id,
		      struct yw_case_item_ref *out);
void yw_case_item_release(struct yw_case_item_ref *r);
/* The department of step i (its own, or the item's). */
int64_t yw_case_step_department(const struct yw_item *it, int i);
/* Stage of each step: 0 the intake (a first clerk step), 1.. the review
 * stages (a parallel group is one stage), last+1 the issuing step (a last
 * clerk step). kind[i] is "intake", "review" or "issue". Returns the
 * number of review stages. */
int yw_case_item_stages(const struct yw_item *it, int *stage, const char **kind);

/* ---- the transaction context (case_tx.c) ---- */

struct yw_case_tx {
	const struct yw_case_env *env;
	struct yw_conn *c;
	struct yw_error *err;
	struct yw_case *k; /* the case, locked and loaded */
	struct yw_date today;
	char today_s[11];
	bool state_changed; /* the applicant is told once, at the end */
	char notice[400];   /* what the SMS says, when it is sent */
};
void yw_case_tx_init(struct yw_case_tx *t, const struct yw_case_env *env, struct yw_conn *c, struct yw_case *k,
		     struct yw_error *err);
/* Locks the case row, then reads it (fresh, after the lock). */
int yw_case_tx_lock(struct yw_case_tx *t, int64_t case_id);
/* A timeline event in the case's current state. detail: JSON or NULL. */
int yw_case_event(struct yw_case_tx *t, const char *type, int64_t step_id, int64_t department_id, const char *reason,
		  const char *detail);
/* Moves the state and records the event; the applicant hears at finish. */
int yw_case_move(struct yw_case_tx *t, const char *state, const char *type, int64_t step_id, int64_t department_id,
		 const char *reason, const char *detail);
/* Saves the case, writes the audit row of the action and, when the state
 * moved (or force_sms), the SMS to the applicant (and the agent). */
int yw_case_finish(struct yw_case_tx *t, const char *action, bool force_sms);
/* An SMS to staff with a role in a department, or supervisors over the
 * case's region (department 0). */
int yw_case_notify_staff(struct yw_case_tx *t, const char *role, int64_t department_id, const char *text);
int yw_case_sms(struct yw_conn *c, const char *phone, const char *text, int64_t now);

/* ---- clocks (case_tx.c) ---- */

/* Recomputes the decision due dates from accepted_on, the limits, the
 * extension and the paused days. A year without a calendar leaves them
 * empty (the sweep fills them in once it is imported). */
int yw_case_update_dues(struct yw_case_tx *t);
/* A step opens today: activated_on and its due date. */
int yw_case_step_open(struct yw_case_tx *t, struct yw_case_step *s);
int yw_case_step_due(struct yw_case_tx *t, struct yw_case_step *s);
/* Live level of a clock for replies: working days left and none/yellow/red. */
void yw_case_live_level(const struct yw_calendar *cal, const char *start, int limit, int extension, int paused,
			const char *due, int64_t now, int *left, char level[8]);

/* ---- materials (case_intake.c) ---- */

/* Applies received materials to the case's checklist; the system judges
 * form and count against the item. YW_FAIL with the field named. */
int yw_case_apply_materials(struct yw_case_tx *t, const struct yw_item *it, struct yw_case_material *mats, int nmats,
			    const struct yw_case_material_in *in, int n);
/* Required materials still missing or defective: how many, and whether
 * any of them is a main material. */
void yw_case_materials_gap(const struct yw_case_material *m, int n, int *missing, bool *main_missing);
/* Accepts the case now (受理 or 容缺受理): dates, steps, and a 即办件 is
 * decided and handed over at once. */
int yw_case_accept(struct yw_case_tx *t, const struct yw_item *it, bool tolerant, int supply_days,
		   struct yw_case_material *mats, int nmats);

/* ---- flow (case_flow.c, case_delivery.c) ---- */

/* The case is decided (outcome approved / rejected): the delivery clock
 * starts, the issuing step opens and a result document is recorded. */
int yw_case_decide(struct yw_case_tx *t, const char *outcome, const char *reason, const char *result_name,
		   const char *result_number);
/* Hands the result over at the window at once (即办件). */
int yw_case_deliver_at_window(struct yw_case_tx *t);
/* Ends the open pause (补正 supplied, special procedure over): the working
 * days it stopped are added to the case's and the open steps' clocks, a
 * step sent back opens again in a new round, and the case is in_progress. */
int yw_case_resume_clock(struct yw_case_tx *t, const char *type);
/* Stops the clock (kind: supplement or a special procedure of 第45条). */
int yw_case_pause(struct yw_case_tx *t, const char *kind, int64_t step_id, const char *reason);

/* ---- scope (case_scope.c) ---- */

/* May who read this case? FORBIDDEN_SCOPE otherwise. */
int yw_case_can_read(struct yw_conn *c, const struct yw_actor *who, const struct yw_case *k, struct yw_error *err);
/* Is the staff member's hall (or region) inside the case's region? */
int yw_case_in_region(struct yw_conn *c, const struct yw_actor *who, const struct yw_case *k, bool *out);

/* ---- the actions inside a caller's transaction (the demo seed runs a
 * day of history in one); no role check: the caller has done it. ---- */

int yw_case_intake_in(struct yw_conn *c, const struct yw_case_env *env, const struct yw_case_intake_req *req,
		      int64_t *case_id, struct yw_error *err);
int yw_case_supplement_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id,
			  const struct yw_case_material_in *m, int n, struct yw_error *err);
int yw_case_step_act_in(struct yw_conn *c, const struct yw_case_env *env, int64_t step_id, const struct yw_step_act *act,
			int64_t *case_id, struct yw_error *err);
int yw_case_extension_decide_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id, bool approve,
				const char *reason, struct yw_error *err);
int yw_case_delivery_choose_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id,
			       const struct yw_case_delivery_req *req, char code[16], struct yw_error *err);
int yw_case_delivery_ship_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id, const char *carrier,
			     const char *tracking_no, struct yw_error *err);
int yw_case_delivery_confirm_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id,
				const char *signed_by, struct yw_error *err);
int yw_case_pickup_in(struct yw_conn *c, const struct yw_case_env *env, const struct yw_case_pickup_req *req,
		      int64_t *case_id, struct yw_error *err);
/* Paper files (case_file.c): a label; a hand-over with an upper-case code. */
struct yw_case_file_new;
struct yw_case_file_scan;
int yw_case_file_create_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id,
			   const struct yw_case_file_new *req, int64_t *file_id, struct yw_error *err);
int yw_case_file_scan_in(struct yw_conn *c, const struct yw_case_env *env, const struct yw_case_file_scan *req,
			 struct yw_error *err);

/* ---- small helpers (case_names.c) ---- */

bool yw_case_in(const char *s, const char *const *list);
/* Local date of an instant as a civil date and as "YYYY-MM-DD". */
void yw_case_day(int64_t ms, struct yw_date *d, char s[11]);
/* s cut to fit n bytes at a character boundary, in buf. */
const char *yw_case_clip(char *buf, size_t n, const char *s);
/* JSON string literal appended (for audit and event details). */
void yw_case_json_kv(struct yw_buf *b, const char *key, const char *value);

#endif
