/* Cases (办件): one application for one published item version, from the
 * window where it is taken in (前台综合受理), through the departments' steps
 * (后台分类审批), to the result reaching the applicant (统一窗口出件), on the
 * clocks of 行政许可法. States, transitions, clocks and roles are in
 * docs/cases.md; the deadline arithmetic is in case_clock.h.
 *
 * Every change runs in one write transaction that first locks the case row,
 * writes a timeline event, an audit row and, when the state changes, an SMS
 * to the applicant through the outbox. A refused request changes nothing. */
#ifndef YW_CASE_H
#define YW_CASE_H
#include "yw/calendar.h"
#include "yw/case_clock.h"
#include "yw/entity.h"
#include "yw/store.h"

/* ---- states and names ---- */

/* supplement      待补正: materials missing at intake, 一次性告知 given; no clock
 * not_accepted    不予受理 (final)
 * in_progress     办理中: accepted (or 容缺受理), steps running
 * returned        补正中: a step sent it back to the applicant; clock stopped
 * special         特别程序中: 听证/检验/检测/专家评审; clock stopped (第45条)
 * decided         已办结，待送达: outcome approved or rejected; delivery clock
 * delivered       已送达 (final) */
extern const char *const yw_case_states[], *const yw_case_state_labels[];
extern const char *const yw_case_pause_kinds[], *const yw_case_pause_labels[];
extern const char *const yw_case_material_forms[]; /* paper_original paper_copy upload elicence */
extern const char *const yw_case_result_types[];  /* licence approval filing_receipt other refusal */
/* The Chinese label of a state, event type, pause kind; "" when unknown. */
const char *yw_case_state_label(const char *state);
const char *yw_case_event_label(const char *type);
const char *yw_case_pause_label(const char *kind);

enum {
	YW_CASE_TEXT_MAX = 500,     /* reasons, opinions, comments (characters) */
	YW_CASE_NAME_MAX = 100,     /* names of people and organisations */
	YW_CASE_SUPPLY_DAYS = 5,    /* 容缺: working days to supply, by default */
	YW_CASE_SUPPLY_MAX = 30,
};

/* What every action needs: the store, the calendar snapshot of the
 * request, who acts, and the time (the seed replays history with it). */
struct yw_case_env {
	struct yw_store *store;
	const struct yw_calendar *cal;
	const struct yw_actor *who;
	int64_t now;
};

/* ---- intake ---- */

struct yw_case_party {
	const char *kind; /* person | enterprise (the applicant); NULL for an agent */
	const char *name, *id_number, *credit_code, *phone, *legal_rep;
};

/* One checklist entry as the clerk received it; entries not listed are
 * missing. status "defective" needs a reason. */
struct yw_case_material_in {
	int seq; /* index in the item version's materials */
	const char *form; /* paper_original | paper_copy | upload | elicence */
	int count;
	const char *file_ref, *elicence_ref, *trust_level, *status, *reason;
};

struct yw_case_intake_req {
	int64_t item_id;
	int item_version; /* 0: the published one; another is CASE_ITEM_RETIRED */
	int64_t hall_id;  /* 0: the clerk's hall */
	int64_t window_id, ticket_id;
	struct yw_case_party applicant, agent;
	bool has_agent;
	const struct yw_case_material_in *materials;
	int nmaterials;
	/* NULL: the system judges (accept when complete, 容缺 when a commitment
	 * is given and only secondary materials are missing, else 一次性告知);
	 * "accept", "tolerate": the clerk's intent, refused with
	 * CASE_MATERIAL_MISSING / CASE_TOLERANCE when the materials say no;
	 * "refuse": 不予受理 with reason and redirect. */
	const char *outcome;
	const char *commitment;
	int supply_days; /* 0: YW_CASE_SUPPLY_DAYS */
	const char *reason, *redirect;
};
int yw_case_intake(const struct yw_case_env *env, const struct yw_case_intake_req *req, int64_t *case_id,
		   struct yw_error *err);

/* Materials handed in later (待补正, 补正中, or 容缺 outstanding). When the
 * required ones are then complete the case is accepted / resumes. */
int yw_case_supplement(const struct yw_case_env *env, int64_t case_id, const struct yw_case_material_in *m, int n,
		       struct yw_error *err);

/* ---- the back office ---- */

enum yw_step_action {
	YW_SA_CLAIM,
	YW_SA_APPROVE,
	YW_SA_REJECT,   /* 不予许可: reason */
	YW_SA_RETURN,   /* 补正: reason, the materials and why */
	YW_SA_EXTEND,   /* request: days, reason; a head decides */
	YW_SA_SPECIAL,  /* kind, reason: the clock stops */
	YW_SA_RESUME,   /* the special procedure is over */
	YW_SA_TRANSFER, /* department_id, reason */
};
extern const char *const yw_step_actions[]; /* URL names, in enum order */

struct yw_case_return_item {
	int seq;
	const char *reason;
};
struct yw_step_act {
	enum yw_step_action action;
	int64_t version; /* the step's version as seen; 0: unchecked; else CONFLICT when it moved */
	const char *opinion, *reason, *kind;
	int days;
	int64_t department_id;
	const struct yw_case_return_item *materials;
	int nmaterials;
	const char *result_name, *result_number; /* the decision step may name the result */
};
int yw_case_step_act(const struct yw_case_env *env, int64_t step_id, const struct yw_step_act *act,
		     int64_t *case_id, struct yw_error *err);

/* A head of the department that asked approves or refuses the extension. */
int yw_case_extension_decide(const struct yw_case_env *env, int64_t case_id, bool approve, const char *reason,
			     struct yw_error *err);
int yw_case_comment(const struct yw_case_env *env, int64_t case_id, const char *text, struct yw_error *err);

/* Heads of a department (who approve extensions): replaced as a whole. */
int yw_case_heads_set(const struct yw_case_env *env, int64_t department_id, const int64_t *staff_ids, int n,
		      struct yw_error *err);
int yw_case_heads_get(struct yw_store *s, int64_t department_id, int64_t **staff_ids, int *n);

/* ---- results and delivery ---- */

int yw_case_result_add(const struct yw_case_env *env, int64_t case_id, const char *type, const char *name,
		       const char *number, struct yw_error *err);

struct yw_case_delivery_req {
	const char *method; /* pickup | post */
	const char *recipient, *phone, *address;
};
/* pickup: code gets the pickup code (shown once, also sent by SMS). */
int yw_case_delivery_choose(const struct yw_case_env *env, int64_t case_id, const struct yw_case_delivery_req *req,
			    char code[16], struct yw_error *err);
int yw_case_delivery_ship(const struct yw_case_env *env, int64_t case_id, const char *carrier,
			  const char *tracking_no, struct yw_error *err);
int yw_case_delivery_confirm(const struct yw_case_env *env, int64_t case_id, const char *signed_by,
			     struct yw_error *err);

/* 通办通取: at an issuing window of any hall of the case's region, with the
 * code and the collector's identity (the applicant or the agent). */
struct yw_case_pickup_req {
	const char *code;
	int64_t window_id;
	const char *collector_name, *collector_id;
};
int yw_case_pickup(const struct yw_case_env *env, const struct yw_case_pickup_req *req, int64_t *case_id,
		   struct yw_error *err);
/* The case a pending pickup code belongs to (the issuing window looks it up). */
int yw_case_pickup_find(struct yw_store *s, const struct yw_actor *who, const char *code, int64_t *case_id,
			struct yw_error *err);

/* ---- reading ---- */

struct yw_case {
	int64_t id, version, item_id, item_version_id, region_id, department_id, hall_id, window_id, staff_id,
		ticket_id, extension_department_id;
	int item_version, statutory_days, promised_days, extension_days, extension_requested, paused_days;
	bool tolerant;
	int64_t received_at, accepted_at, decided_at, delivered_at, created_at, updated_at;
	char case_no[40], item_code[48], item_name[400], handling_type[12], channel[12];
	char applicant_kind[12], applicant_name[320], applicant_id[24], applicant_phone[24], legal_rep[320];
	char agent_name[320], agent_id[24], agent_phone[24];
	char state[16], outcome[16], warn_level[8], supply_level[8], extension_state[12], pause_kind[16];
	char supply_due[11], paused_on[11], accepted_on[11], decided_on[11], due_promised[11], due_statutory[11],
		delivery_due[11];
	char outcome_reason[1504], redirect[1504], extension_reason[1504], commitment[1504];
	/* joined */
	char hall_name[200], department_name[200], region_code[16], region_name[120];
};

struct yw_case_material {
	int64_t id;
	int seq, count;
	bool required;
	char name[400], role[12], form[20], trust_level[4], status[12], due[11];
	char file_ref[400], elicence_ref[200], reason[1504];
};

struct yw_case_step {
	int64_t id, case_id, department_id, claimed_by, finished_by, version, activated_at, finished_at;
	int seq, round, stage, limit_days, paused_days;
	char kind[8], name[160], role[20], group[160], state[12], due[11], activated_on[11], warn_level[8];
	char claimed_name[200], department_name[200], opinion[1504];
	/* live, for replies: working days left (negative: overdue) and level */
	int left;
	char level[8];
};

struct yw_case_event {
	int64_t id, at, actor_id, department_id, step_id;
	char type[24], state[16], actor_name[200], department_name[200];
	char *reason, *detail; /* detail: JSON text with no personal data, or NULL */
};

struct yw_case_pause {
	int64_t id, step_id, from_at, to_at;
	int days; /* -1 while open */
	char kind[16], from_on[11], to_on[11], reason[1504];
};

struct yw_case_result {
	int64_t id, created_at;
	char type[20], name[400], number[120];
};

struct yw_case_delivery {
	int64_t id, hall_id, window_id, created_at, shipped_at, done_at;
	char method[8], state[12], recipient[320], phone[24], address[800], carrier[40], tracking_no[64];
	char collector_name[320], collector_id[24], hall_name[200];
};

struct yw_case_detail {
	struct yw_case c;
	struct yw_case_material *materials;
	struct yw_case_step *steps;
	struct yw_case_event *events;
	struct yw_case_pause *pauses;
	struct yw_case_result *results;
	struct yw_case_delivery *deliveries;
	int nmaterials, nsteps, nevents, npauses, nresults, ndeliveries;
	/* live, for replies (from the calendar of the request) */
	int left; /* working days to the running due date; 0 when none runs */
	char level[8];
};
void yw_case_detail_free(struct yw_case_detail *d);

/* Staff read a case in their scope (docs/cases.md "Roles"). cal may be NULL
 * (no live levels). */
int yw_case_get(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who, int64_t id,
		struct yw_case_detail *out, struct yw_error *err);

/* Public progress: the case number and the last 4 digits of the
 * applicant's phone or ID number (or credit code). NOT_FOUND for either
 * wrong. The caller shows only the timeline (no personal data). */
int yw_case_progress(struct yw_store *s, const char *case_no, const char *key, struct yw_case_detail *out,
		     struct yw_error *err);
/* A citizen's own case (the applicant's or the agent's phone is theirs). */
int yw_case_get_own(struct yw_store *s, const char *phone, int64_t id, struct yw_case_detail *out,
		    struct yw_error *err);

struct yw_case_query {
	const char *state, *case_no;
	const char *level; /* none | yellow | red | warned (yellow or red) */
	/* requested | approved | refused: the case's extension; with a
	 * department (the filter or an approver's own) the ones it asked for,
	 * so a head finds what waits for them */
	const char *extension;
	/* unchosen (decided, no delivery method yet) | pending | shipped |
	 * done: the state of the case's latest delivery */
	const char *delivery;
	int64_t hall_id, department_id;
	const char *phone; /* citizens: their own */
	int limit, offset;
};
struct yw_case_row {
	int64_t id, hall_id, department_id, received_at, accepted_at, decided_at;
	char case_no[40], item_name[400], state[16], outcome[16], warn_level[8], applicant_name[320],
		applicant_phone[24], due_promised[11], delivery_due[11], hall_name[200], department_name[200];
	/* the latest delivery chosen ("" none): window | pickup | post, and
	 * pending | shipped | done */
	char delivery_method[12], delivery_state[12];
};
struct yw_case_page {
	struct yw_case_row *rows;
	int n;
	int64_t total;
};
void yw_case_page_free(struct yw_case_page *p);
/* Cut to the reader's scope: clerks their hall, approvers cases with a step
 * of their department, supervisors their region. A clerk or hall manager
 * looking for one case number searches every case they may read (the
 * region their hall is in: 通办通取), as yw_case_can_read does. */
int yw_case_list(struct yw_store *s, const struct yw_actor *who, const struct yw_case_query *q,
		 struct yw_case_page *out, struct yw_error *err);

/* Supervisors: warned cases per department, in their region. */
struct yw_case_warn_count {
	int64_t department_id, yellow, red;
	char name[200];
};
int yw_case_warn_counts(struct yw_store *s, const struct yw_actor *who, struct yw_case_warn_count **out, int *n);

/* The department inbox: open steps by due date. */
struct yw_inbox_row {
	int64_t step_id, case_id, claimed_by, version;
	int stage;
	char step_name[160], state[12], due[11], case_no[40], item_name[400], case_state[16], claimed_name[200];
	int left;
	char level[8];
};
struct yw_inbox_page {
	struct yw_inbox_row *rows;
	int n;
	int64_t total;
};
void yw_inbox_page_free(struct yw_inbox_page *p);
int yw_case_inbox(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who, int64_t department_id,
		  int limit, int offset, struct yw_inbox_page *out, struct yw_error *err);

/* ---- the deadline sweep ---- */

struct yw_case_sweep_stats {
	int checked, changed, notified, missing_calendar;
};
/* Recomputes the warning level of every running clock (decision, steps,
 * 容缺 supply, delivery) on today's date; each change is written with a
 * conditional update, so of two sweepers one writes it, and an escalation
 * notifies the responsible departments and the supervisors once. */
int yw_case_sweep(struct yw_store *s, const struct yw_calendar *cal, int64_t now, struct yw_case_sweep_stats *out);
/* The same with a calendar built from the store (CLI and server timer). */
int yw_case_sweep_store(struct yw_store *s, int64_t now, struct yw_case_sweep_stats *out, struct yw_error *err);
/* Thresholds from YIWANG_CASE_YELLOW_DAYS and YIWANG_CASE_YELLOW_PCT. */
const struct yw_case_warn_cfg *yw_case_warn_cfg(void);

/* Demo cases in every state over the last 30 days (seed demo). Returns
 * how many failed. */
int yw_case_seed_demo(struct yw_store *s);

#endif
