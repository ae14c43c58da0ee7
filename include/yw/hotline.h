/* The 12345 hotline: work orders from intake (受理) through dispatch (派单),
 * sign-for or return (签收/退单), replies (答复), the centre's review,
 * callback (回访) and closing (办结), with working-day clocks, pauses,
 * extensions, urging and supervision, duplicates and merging (并单).
 * Rules in docs/hotline.md. No HTTP, no JSON library, no SQL here. */
#ifndef YW_HOTLINE_H
#define YW_HOTLINE_H
#include "yw/calendar.h"
#include "yw/entity.h"
#include "yw/store.h"

/* ---- categories and the dispatch catalogue (generic entity CRUD) ---- */

extern struct yw_entity yw_entity_hotline_category; /* 3-level tree, limits */
extern struct yw_entity yw_entity_hotline_rule;	    /* category × region → departments */
/* Builds the SQL of both descriptors once (they are not in yw_entities[]:
 * their routes live in api/hotline_api.c). Call before any CRUD on them. */
void yw_hotline_entities_init(void);

/* Limits in working days when a category and its ancestors say nothing. */
enum { YW_HL_SIGN_DAYS = 1, YW_HL_HANDLE_DAYS = 5, YW_HL_URGENT_HANDLE_DAYS = 1, YW_HL_REPLY_DAYS = 1 };

struct yw_hl_category {
	int64_t id, parent_id;
	int level, sort_order;
	bool active;
	char code[48], name[128], path[64];
	/* own values (0 = inherit) and the effective ones after inheritance */
	int sign_days, handle_days, urgent_handle_days, reply_days;
	int eff_sign, eff_handle, eff_urgent_handle, eff_reply;
};
/* Every category in tree order (by path), limits resolved. *out owned. */
int yw_hl_categories(struct yw_store *s, struct yw_hl_category **out, int *n);

/* ---- clocks (hotline_clock.c; pure, unit tested) ----
 * Working time is the time of the working days of the calendar, 24 hours
 * each: a deadline of N working days is the instant at which N × 24 h of
 * working time have passed since the start, skipping days off. */
#define YW_HL_DAY_MS ((int64_t)86400000)
int yw_hl_add_working(const struct yw_calendar *cal, int64_t from, int64_t working_ms, int64_t *out,
		      struct yw_error *err);
/* Working time in [from, to); 0 when to <= from. */
int yw_hl_working_between(const struct yw_calendar *cal, int64_t from, int64_t to, int64_t *out, struct yw_error *err);

/* ---- similarity (hotline_similar.c; pure, unit tested) ---- */
/* Address as compared for duplicates: full-width forms folded, ASCII lower
 * case, whitespace and punctuation dropped. */
void yw_hl_normalize_address(const char *in, char *out, size_t n);
/* Jaccard index of the sets of character bigrams (code points) of two
 * texts, whitespace and punctuation dropped; 0..1. */
double yw_hl_similarity(const char *a, const char *b);
#define YW_HL_SIMILAR_MIN  0.5
#define YW_HL_SIMILAR_DAYS 7

/* ---- orders ---- */

struct yw_hl_order {
	int64_t id, category_id, region_id, lead_department_id, merged_into, article_id, created_by;
	int64_t created_at, dispatched_at, signed_at, replied_at, closed_at, updated_at, version;
	int64_t sign_by, handle_by, reply_by, paused_since, paused_total; /* 0 = none */
	int round, reopened, sign_days, handle_days, reply_days, extended_days, urge_count, escalation;
	int solved, satisfied; /* 1, 0, or -1 when unknown */
	bool anonymous, supervised, direct;
	char order_no[32], day[11], channel[16], type[16], urgency[8], state[12];
	char caller_phone[24]; /* full: mask before showing */
	char region_code[16], region_path[160], region_name[64];
	char category_code[48], category_name[128], lead_department_name[128];
	/* owned (yw_hl_order_clear) */
	char *caller_name, *address, *address_norm, *description, *answer, *attachments; /* attachments: JSON array */
};
void yw_hl_order_clear(struct yw_hl_order *o);

struct yw_hl_assignment {
	int64_t id, order_id, department_id, dispatched_by, signed_by, returned_by, replied_by, version;
	int64_t dispatched_at, sign_by, handle_by, signed_at, returned_at, arbitrated_at, replied_at;
	int64_t ext_requested_at, ext_decided_at;
	int round, ext_days;
	char role[8], state[12], arbitration[16], ext_state[12], department_name[128];
	char *return_reason, *reply_measures, *reply_result, *ext_reason; /* owned */
};
void yw_hl_assignment_clear(struct yw_hl_assignment *a);

struct yw_hl_event {
	int64_t id, order_id, at, actor_id, department_id;
	char action[24], from_state[12], to_state[12], role[24];
	char *actor_name, *reason, *detail; /* owned; detail is JSON text */
};
struct yw_hl_callback {
	int64_t id, order_id, by_id, at;
	int round;
	bool solved, satisfied;
	char *note, *by_name; /* owned */
};

/* Who acts, on which calendar, at what time (the seed moves the time). */
struct yw_hl_ctx {
	const struct yw_actor *who;
	const struct yw_calendar *cal;
	int64_t now;
};

/* Clock flags computed on read (docs/hotline.md "Clocks"). A paused order
 * is judged at the moment it was paused. */
struct yw_hl_flags {
	bool paused, overdue, warning, sign_overdue, handle_overdue, reply_overdue;
	const char *clock; /* the running clock: "sign" | "handle" | "reply" | NULL */
	int64_t due_at;	   /* its deadline, 0 when none runs */
};
void yw_hl_flags_of(const struct yw_calendar *cal, const struct yw_hl_order *o, int64_t now, struct yw_hl_flags *out);

/* A new order from a call, a web form or another system. */
struct yw_hl_new {
	const char *channel, *type, *urgency;
	bool anonymous;
	const char *caller_name, *caller_phone;
	int64_t category_id;
	const char *region_code, *address, *description;
	const char *attachments; /* JSON array text of file references, or NULL */
};
int yw_hl_create(struct yw_store *s, const struct yw_hl_ctx *x, const struct yw_hl_new *in, struct yw_hl_order *out,
		 struct yw_error *err);
int yw_hl_create_tx(struct yw_conn *c, const struct yw_hl_ctx *x, const struct yw_hl_new *in, struct yw_hl_order *out,
		    struct yw_error *err);

enum yw_hl_action {
	YW_HL_DISPATCH,	     /* centre: lead_department_id, assist_ids, strict */
	YW_HL_ANSWER,	     /* centre: 直办, text (+ article_id) */
	YW_HL_SIGN,	     /* department */
	YW_HL_RETURN,	     /* department: reason */
	YW_HL_ARBITRATE,     /* centre: decision redispatch (department_id) | uphold (reason) */
	YW_HL_REPLY,	     /* department: measures, result */
	YW_HL_REVIEW,	     /* centre: decision accept | send_back (reason, assignment_id?) */
	YW_HL_CALLBACK,	     /* centre: solved, satisfied, note */
	YW_HL_REOPEN,	     /* centre: reason */
	YW_HL_PAUSE,	     /* centre or department: reason */
	YW_HL_RESUME,	     /* centre or department */
	YW_HL_EXTEND,	     /* department: days, reason */
	YW_HL_EXTEND_DECIDE, /* centre: approve, reason, assignment_id? */
	YW_HL_URGE,	     /* centre or supervisor: reason */
	YW_HL_SUPERVISE,     /* supervisor: reason */
	YW_HL_ESCALATE,	     /* supervisor: reason */
	YW_HL_MERGE,	     /* centre: master_id */
	YW_HL_ACTION_COUNT
};
/* "dispatch", "answer", … (event and audit action names). */
extern const char *const yw_hl_action_names[YW_HL_ACTION_COUNT];

enum { YW_HL_MAX_ASSIST = 8 };
struct yw_hl_args {
	const char *reason, *text, *measures, *result, *decision, *note;
	int64_t lead_department_id, department_id, assignment_id, master_id, article_id;
	int64_t assist_ids[YW_HL_MAX_ASSIST];
	int nassist, days;
	bool strict, approve, solved, satisfied;
};
/* One step of an order in one write transaction: the order's row is locked
 * first, so two actors never both win. *out (may be NULL) gets the order. */
int yw_hl_act(struct yw_store *s, const struct yw_hl_ctx *x, int64_t order_id, enum yw_hl_action a,
	      const struct yw_hl_args *args, struct yw_hl_order *out, struct yw_error *err);
int yw_hl_act_tx(struct yw_conn *c, const struct yw_hl_ctx *x, int64_t order_id, enum yw_hl_action a,
		 const struct yw_hl_args *args, struct yw_hl_order *out, struct yw_error *err);

/* One order with its assignments, events, callbacks and merged children.
 * With reveal, a hotline agent gets the caller's full phone and name
 * (reveal_phone; the read is audited); everyone else masked ones. Handlers see only orders their
 * department was ever assigned (FORBIDDEN_SCOPE otherwise). */
struct yw_hl_view {
	struct yw_hl_order o;
	struct yw_hl_flags flags;
	struct yw_hl_assignment *as;
	int nas;
	struct yw_hl_event *ev;
	int nev;
	struct yw_hl_callback *cb;
	int ncb;
	int64_t *children;
	int nchildren;
	bool reveal_phone;
};
int yw_hl_get(struct yw_store *s, const struct yw_hl_ctx *x, int64_t id, bool reveal, struct yw_hl_view *out,
	      struct yw_error *err);
void yw_hl_view_free(struct yw_hl_view *v);

/* Lists, newest first. Handlers see their department's orders only. */
struct yw_hl_filter {
	const char *state, *region_code, *caller_phone, *channel, *type;
	int64_t category_id, department_id;
	int64_t from, to; /* created_at in [from, to), 0 = open */
	bool overdue;
	int limit, offset;
};
struct yw_hl_list {
	struct yw_hl_order *items;
	struct yw_hl_flags *flags;
	int n;
	int64_t total;
};
int yw_hl_list(struct yw_store *s, const struct yw_hl_ctx *x, const struct yw_hl_filter *f, struct yw_hl_list *out,
	       struct yw_error *err);
void yw_hl_list_free(struct yw_hl_list *l);

/* Open orders within 7 days at the same address whose text is similar. */
struct yw_hl_similar {
	int64_t id, created_at;
	double score;
	char order_no[32], state[12];
	char *description; /* owned */
};
int yw_hl_similar_to(struct yw_store *s, const struct yw_hl_ctx *x, int64_t order_id, struct yw_hl_similar **out,
		     int *n, struct yw_error *err);
void yw_hl_similar_free(struct yw_hl_similar *v, int n);

/* The dispatch catalogue's suggestion for an order: the rule whose region
 * is the most specific one containing the order's region (community →
 * street → district → city), then the most specific category. */
struct yw_hl_suggestion {
	bool found;
	int64_t rule_id, category_id, region_id, lead_department_id;
	char lead_name[128], region_code[16];
	int64_t assist_ids[YW_HL_MAX_ASSIST];
	char assist_names[YW_HL_MAX_ASSIST][128];
	int nassist;
};
int yw_hl_suggest(struct yw_store *s, const struct yw_hl_ctx *x, int64_t order_id, struct yw_hl_suggestion *out,
		  struct yw_error *err);

/* Demo categories, dispatch rules, handlers (with this password) and ~200
 * orders in every state (seed demo; idempotent). Returns the number of
 * failures. */
int yw_hotline_seed_demo(struct yw_store *s, const char *staff_password);

#endif
