/* SQL of the 12345 hotline (store/hotline_store.c): order numbers, orders,
 * assignments, events, callbacks, the category tree and the dispatch
 * catalogue as the domain needs them. */
#ifndef YW_HOTLINE_STORE_H
#define YW_HOTLINE_STORE_H
#include "yw/hotline.h"

/* The next order number of a local day ("YYYY-MM-DD"): one upsert. */
int yw_hs_next_number(struct yw_conn *c, const char *day, int64_t *out);

/* A category with its own (not inherited) limits; eff_* left 0. */
int yw_hs_category(struct yw_conn *c, int64_t id, struct yw_hl_category *out);
/* Every category ordered by path (parents before children). */
int yw_hs_categories(struct yw_conn *c, int (*fn)(void *ctx, const struct yw_hl_category *k), void *ctx);
/* Children, orders and dispatch rules that name a category. */
int yw_hs_category_refs(struct yw_conn *c, int64_t id, int64_t *children, int64_t *orders, int64_t *rules);

/* A region by code: id, path and name. */
int yw_hs_region_by_code(struct yw_conn *c, const char *code, int64_t *id, char *path, size_t npath, char *name,
			 size_t nname);
int yw_hs_region_path(struct yw_conn *c, int64_t id, char *path, size_t n);
/* The region of the 12345 centre: that of its first active agent. */
int yw_hs_centre_region(struct yw_conn *c, int64_t *id, char *path, size_t n);
/* The name of a department; YW_NOTFOUND when there is none. */
int yw_hs_department_name(struct yw_conn *c, int64_t id, char *name, size_t n);
/* Does a rule of one of these categories (0 = unused slot) name the
 * department, as lead or assisting? */
int yw_hs_has_duty(struct yw_conn *c, int64_t department_id, const int64_t cats[3], bool *out);
/* The most specific rule for the categories and a region path. */
int yw_hs_best_rule(struct yw_conn *c, const int64_t cats[3], const char *region_path, struct yw_hl_suggestion *out);
/* Is there a rule (other than self) for exactly this category and region? */
int yw_hs_rule_exists(struct yw_conn *c, int64_t category_id, int64_t region_id, int64_t self, bool *out);
/* Phones to notify for a department: its active hotline handlers', else
 * the department's own phone. */
int yw_hs_department_phones(struct yw_conn *c, int64_t department_id, int (*fn)(void *ctx, const char *phone),
			    void *ctx);

int yw_hs_order_insert(struct yw_conn *c, struct yw_hl_order *o);
/* Takes the order's row lock (PostgreSQL; SQLite's writer holds the whole
 * database): YW_NOTFOUND when there is no such order. */
int yw_hs_order_lock(struct yw_conn *c, int64_t id);
int yw_hs_order_get(struct yw_conn *c, int64_t id, struct yw_hl_order *out);
/* Writes the mutable fields when the row still has o->version (then bumps
 * it); YW_RETRY when someone changed it meanwhile. */
int yw_hs_order_save(struct yw_conn *c, struct yw_hl_order *o);
int yw_hs_order_count(struct yw_conn *c, int64_t *n);

/* The list of orders: every filter is optional (NULL / 0). */
struct yw_hs_query {
	const char *state, *channel, *type, *caller_phone;
	const char *category_path, *region_path; /* subtree prefixes */
	int64_t department_id;			 /* any assignment of it */
	int64_t from, to;			 /* created_at */
	int64_t overdue_now;			 /* 0: no overdue filter */
	int limit, offset;
};
/* fn takes ownership of *o (its strings); non-zero stops. */
int yw_hs_orders(struct yw_conn *c, const struct yw_hs_query *q, int (*fn)(void *ctx, struct yw_hl_order *o),
		 void *ctx);
int yw_hs_orders_count(struct yw_conn *c, const struct yw_hs_query *q, int64_t *out);

/* Assignments of an order, oldest first; fn takes ownership of *a. */
int yw_hs_assignments(struct yw_conn *c, int64_t order_id, int (*fn)(void *ctx, struct yw_hl_assignment *a), void *ctx);
int yw_hs_assignment_insert(struct yw_conn *c, struct yw_hl_assignment *a, int64_t now);
/* Version-checked like yw_hs_order_save. */
int yw_hs_assignment_save(struct yw_conn *c, struct yw_hl_assignment *a, int64_t now);
/* Was the department ever assigned to the order (any round, any state)? */
int yw_hs_department_assigned(struct yw_conn *c, int64_t order_id, int64_t department_id, bool *out);

int yw_hs_event_insert(struct yw_conn *c, const struct yw_hl_event *e);
int yw_hs_events(struct yw_conn *c, int64_t order_id, int (*fn)(void *ctx, struct yw_hl_event *e), void *ctx);
int yw_hs_callback_insert(struct yw_conn *c, const struct yw_hl_callback *cb);
int yw_hs_callbacks(struct yw_conn *c, int64_t order_id, int (*fn)(void *ctx, struct yw_hl_callback *cb), void *ctx);

/* Orders merged into a master. */
int yw_hs_children(struct yw_conn *c, int64_t master_id, int (*fn)(void *ctx, int64_t id, const char *state),
		   void *ctx);
int yw_hs_child_count(struct yw_conn *c, int64_t master_id, int64_t *n);
/* Open orders at an address in a time window, newest first (bounded). */
int yw_hs_similar_candidates(struct yw_conn *c, const char *address_norm, int64_t from, int64_t to, int64_t self,
			     int limit, int (*fn)(void *ctx, struct yw_hl_order *o), void *ctx);

#endif
