/* SQL of cases (store/case_store.c). Everything runs inside the caller's
 * transaction; results are YW_OK, YW_NOTFOUND (no row) or a store status.
 * Empty strings are written as NULL and read back as "". */
#ifndef YW_CASE_STORE_H
#define YW_CASE_STORE_H
#include "yw/case.h"

/* ---- what a case refers to ---- */

/* An item's life-cycle status and its published version. */
int yw_cs_item_head(struct yw_conn *c, int64_t item_id, char status[12], int *current_version);
/* One version: its id, status and (when content is not NULL) its JSON. */
int yw_cs_item_version(struct yw_conn *c, int64_t item_id, int version, int64_t *version_id, char status[16],
		       char **content);
/* The halls a version lists (with their current names, for "where to go"). */
int yw_cs_version_halls(struct yw_conn *c, int64_t version_id, int (*fn)(void *ctx, int64_t hall_id, const char *name),
			void *ctx);
struct yw_cs_place {
	int64_t hall_id, region_id;
	char name[200], region_path[200], region_code[16], window_type[24];
	int64_t window_number;
};
int yw_cs_hall(struct yw_conn *c, int64_t hall_id, struct yw_cs_place *out);
/* The window with its hall and region. */
int yw_cs_window(struct yw_conn *c, int64_t window_id, struct yw_cs_place *out);
int yw_cs_region_path(struct yw_conn *c, int64_t region_id, char *path, size_t n);
int yw_cs_department_name(struct yw_conn *c, int64_t id, char *name, size_t n);

/* ---- cases ---- */

int yw_cs_next_number(struct yw_conn *c, int64_t region_id, const char *day, int64_t *out);
int yw_cs_case_insert(struct yw_conn *c, struct yw_case *k);
int yw_cs_case_get(struct yw_conn *c, int64_t id, struct yw_case *out);
int yw_cs_case_by_no(struct yw_conn *c, const char *case_no, struct yw_case *out);
/* Moves the case's version: the row lock every change takes first (on
 * PostgreSQL a concurrent change waits here, then reads what this one
 * wrote). YW_NOTFOUND when there is no such case. */
int yw_cs_case_lock(struct yw_conn *c, int64_t id, int64_t now);
/* Writes the mutable columns. */
int yw_cs_case_save(struct yw_conn *c, const struct yw_case *k);
/* Sweep: the level moves from `from` to `to` only if it still is `from`;
 * *changed says whether this call moved it. which: 'w' warn, 's' supply. */
int yw_cs_case_set_level(struct yw_conn *c, int64_t id, char which, const char *from, const char *to, int *changed);
int yw_cs_case_set_dues(struct yw_conn *c, int64_t id, const char *due_promised, const char *due_statutory,
			const char *delivery_due);

/* ---- materials ---- */

int yw_cs_material_insert(struct yw_conn *c, int64_t case_id, const struct yw_case_material *m, int64_t now);
int yw_cs_material_save(struct yw_conn *c, int64_t case_id, const struct yw_case_material *m, int64_t now);
int yw_cs_materials(struct yw_conn *c, int64_t case_id, struct yw_case_material **out, int *n);

/* ---- steps ---- */

int yw_cs_step_insert(struct yw_conn *c, struct yw_case_step *s);
int yw_cs_step_get(struct yw_conn *c, int64_t id, struct yw_case_step *out);
int yw_cs_steps(struct yw_conn *c, int64_t case_id, struct yw_case_step **out, int *n);
/* Writes the mutable columns and moves the version, only while the row
 * still has version `seen`: YW_NOTFOUND when someone else moved it. */
int yw_cs_step_update(struct yw_conn *c, struct yw_case_step *s, int64_t seen);
int yw_cs_step_set_level(struct yw_conn *c, int64_t id, const char *from, const char *to, int *changed);
/* The open steps of a department by due date (the inbox). */
int yw_cs_inbox(struct yw_conn *c, int64_t department_id, int limit, int offset, struct yw_inbox_page *out);

/* ---- timeline, pauses, results, deliveries ---- */

int yw_cs_event_insert(struct yw_conn *c, int64_t case_id, const struct yw_case_event *e);
int yw_cs_events(struct yw_conn *c, int64_t case_id, struct yw_case_event **out, int *n);
int yw_cs_pause_insert(struct yw_conn *c, int64_t case_id, const struct yw_case_pause *p);
/* Closes the case's open pause. */
int yw_cs_pause_close(struct yw_conn *c, int64_t case_id, int64_t to_at, const char *to_on, int days);
int yw_cs_pauses(struct yw_conn *c, int64_t case_id, struct yw_case_pause **out, int *n);
int yw_cs_result_insert(struct yw_conn *c, int64_t case_id, const struct yw_case_result *r, int64_t by);
int yw_cs_results(struct yw_conn *c, int64_t case_id, struct yw_case_result **out, int *n);
int yw_cs_delivery_insert(struct yw_conn *c, int64_t case_id, const struct yw_case_delivery *d, const char *code_hash);
int yw_cs_delivery_save(struct yw_conn *c, const struct yw_case_delivery *d);
int yw_cs_deliveries(struct yw_conn *c, int64_t case_id, struct yw_case_delivery **out, int *n);
/* The case of a pending pickup code (by its hash). */
int yw_cs_pickup_case(struct yw_conn *c, const char *code_hash, int64_t *case_id);

/* ---- people ---- */

int yw_cs_heads_replace(struct yw_conn *c, int64_t department_id, const int64_t *staff, int n, int64_t now);
int yw_cs_heads(struct yw_conn *c, int64_t department_id, int64_t **staff, int *n);
int yw_cs_is_head(struct yw_conn *c, int64_t department_id, int64_t staff_id, bool *out);
/* An active staff member's department and roles (JSON text). */
int yw_cs_staff(struct yw_conn *c, int64_t id, int64_t *department_id, char *roles, size_t n);
/* Phones of active staff with a role (a JSON role name such as "approver")
 * in a department, or (department 0) anywhere under a region path. */
int yw_cs_staff_phones(struct yw_conn *c, const char *role, int64_t department_id, const char *region_path,
		       int (*fn)(void *ctx, const char *phone), void *ctx);

/* ---- lists and the sweep ---- */

/* Filters of struct yw_case_query plus the reader's scope: hall (clerks),
 * department whose steps or item it is (approvers), region path (others:
 * cases inside it), or the region path of a hall (cases whose region holds
 * it, as a clerk of that hall may read them). */
struct yw_cs_list_filter {
	const struct yw_case_query *q;
	int64_t scope_hall, scope_department;
	const char *scope_path, *scope_within;
};
int yw_cs_list(struct yw_conn *c, const struct yw_cs_list_filter *f, struct yw_case_page *out);
/* Is a step of the department on the case? */
int yw_cs_department_involved(struct yw_conn *c, int64_t case_id, int64_t department_id, bool *out);
/* Warned cases (yellow, red) per department, under a region path (NULL: all). */
int yw_cs_warn_counts(struct yw_conn *c, const char *scope_path, struct yw_case_warn_count **out, int *n);
int yw_cs_case_count(struct yw_conn *c, int64_t *n);
/* The first issuing window of a hall (出件窗口). */
int yw_cs_issuing_window(struct yw_conn *c, int64_t hall_id, int64_t *window_id);
/* Ids of cases in a state after `after`, in order, at most `limit`. */
int yw_cs_ids_in_state(struct yw_conn *c, const char *state, int64_t after, int limit, int64_t *ids, int *n);

#endif
