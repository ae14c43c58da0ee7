/* Shared by the files of the hotline domain only: one run of an order
 * step (hotline_order.c runs it; the step functions live in
 * hotline_dispatch.c, hotline_handle.c, hotline_close.c and
 * hotline_escalate.c), scope checks, limits and events. */
#ifndef YW_HOTLINE_INTERNAL_H
#define YW_HOTLINE_INTERNAL_H
#include "yw/hotline.h"
#include "store/hotline_store.h"

/* One step of one order inside its write transaction. The runner locks
 * and loads the order and its assignments, checks who may act, calls the
 * step, then saves the order, writes the event and the audit row. */
struct hl_run {
	struct yw_conn *c;
	const struct yw_hl_ctx *x;
	const struct yw_hl_args *args;
	struct yw_error *err;
	enum yw_hl_action action;
	struct yw_hl_order o;
	char from_state[12];
	struct yw_hl_assignment *as; /* every round, oldest first; room for cap */
	int nas, cap;
	struct yw_hl_assignment *mine; /* the acting department's active assignment */
	/* the event the runner writes */
	int64_t ev_department_id;
	const char *ev_reason;
	struct yw_buf detail; /* JSON members without braces */
};

typedef int (*hl_step_fn)(struct hl_run *r);
int yw_hl_step_dispatch(struct hl_run *r);
int yw_hl_step_arbitrate(struct hl_run *r);
int yw_hl_step_sign(struct hl_run *r);
int yw_hl_step_return(struct hl_run *r);
int yw_hl_step_reply(struct hl_run *r);
int yw_hl_step_pause(struct hl_run *r);
int yw_hl_step_resume(struct hl_run *r);
int yw_hl_step_extend(struct hl_run *r);
int yw_hl_step_extend_decide(struct hl_run *r);
int yw_hl_step_answer(struct hl_run *r);
int yw_hl_step_review(struct hl_run *r);
int yw_hl_step_callback(struct hl_run *r);
int yw_hl_step_reopen(struct hl_run *r);
int yw_hl_step_merge(struct hl_run *r);
int yw_hl_step_urge(struct hl_run *r);
int yw_hl_step_supervise(struct hl_run *r);
int yw_hl_step_escalate(struct hl_run *r);

/* Stops the paused clock: every open deadline moves by the working time
 * the pause lasted (hotline_handle.c). */
int yw_hl_resume_clock(struct hl_run *r);

/* Fails with e (field, message) and returns YW_FAIL. */
int yw_hl_fail(struct hl_run *r, enum yw_err e, const char *field, const char *msg);
/* A state test that fails with HOTLINE_BAD_STATE naming the state. */
bool yw_hl_state_is(const struct yw_hl_order *o, const char *const *states);
int yw_hl_bad_state(struct hl_run *r, const char *what);
/* NULL, empty or only white space. */
bool yw_hl_blank(const char *s);
/* from + days working days. */
int yw_hl_deadline(struct hl_run *r, int64_t from, int days, int64_t *out);
/* The order's sign, handle and reply deadlines counted from now. */
int yw_hl_order_deadlines(struct hl_run *r);
/* Adds members to the event's detail ("\"key\":1"), commas handled. */
void yw_hl_detail(struct hl_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void yw_hl_detail_str(struct hl_run *r, const char *key, const char *value);

/* Active: dispatched, signed or replied (not returned or withdrawn). */
bool yw_hl_assignment_active(const struct yw_hl_assignment *a);
/* The run's assignment with this id, or NULL. */
struct yw_hl_assignment *yw_hl_find_assignment(struct hl_run *r, int64_t id);
/* Adds an assignment of the current round, dispatched now with its own
 * deadlines (HOTLINE_DEPARTMENT_TWICE when the round already has one for
 * the department). */
int yw_hl_assign(struct hl_run *r, int64_t department_id, const char *role);
int yw_hl_save_assignment(struct hl_run *r, struct yw_hl_assignment *a);
void yw_hl_assignments_free(struct yw_hl_assignment *as, int n);

/* A department that exists (HOTLINE_NO_DEPARTMENT naming field) and, when
 * strict, has a duty for the order's category (HOTLINE_NO_DUTY). */
int yw_hl_check_department(struct hl_run *r, int64_t department_id, bool strict, const char *field);
/* The category and its ancestors' ids (0 for missing levels). */
int yw_hl_category_chain(struct yw_conn *c, int64_t category_id, int64_t out[3]);
/* The category with inherited limits resolved (eff_*). */
int yw_hl_category_limits(struct yw_conn *c, int64_t category_id, struct yw_hl_category *out);

/* Region scope for the centre and supervisors; handlers: an assignment of
 * their department on the order (ever, for reading). */
int yw_hl_scope_read(struct yw_conn *c, const struct yw_actor *who, const struct yw_hl_order *o, struct yw_error *err);
int yw_hl_region_scope(struct yw_conn *c, const struct yw_actor *who, int64_t region_id, struct yw_error *err);

/* An event row and its audit row for an order other than the run's own
 * (merged children closing with their master). */
int yw_hl_side_event(struct hl_run *r, struct yw_hl_order *o, const char *action, const char *from, const char *detail);
/* Closes (or, on reopen, re-merges) the orders merged into the run's order. */
int yw_hl_close_children(struct hl_run *r);
int yw_hl_reopen_children(struct hl_run *r);

/* The caller's phone as stored: a mobile number normalised (11 digits), or
 * a landline as typed; false when it is neither. */
bool yw_hl_phone_normalize(const char *in, char out[24]);

#endif
