/* Entity descriptors: one table per kind of organisation object (region,
 * department, hall, window, staff) says its fields once; the api layer
 * parses and prints JSON from it, the store layer builds its SQL from it
 * once at start-up, and the domain layer hangs its rules on it as hooks.
 * No HTTP, no JSON library and no SQL text appear here. */
#ifndef YW_ENTITY_H
#define YW_ENTITY_H
#include "yw/core.h"
#include "yw/roles.h"

struct yw_conn;

enum yw_ftype {
	YW_F_INT,
	YW_F_TEXT,
	YW_F_BOOL,
	YW_F_ENUM,     /* text, one of .enums */
	YW_F_REF,      /* id of a row in .ref (a table name) */
	YW_F_INTLIST,  /* list of ids in .ref; stored as ",1,5," */
	YW_F_TEXTLIST, /* list of short strings; stored as a JSON array text */
};

enum {
	YW_FF_REQUIRED = 1u << 0,   /* must be given on create, may not be null */
	YW_FF_WRITEONLY = 1u << 1,  /* taken in, never shown, no column (a hook uses it) */
	YW_FF_MASK_PHONE = 1u << 2, /* masked in every reply and log */
	YW_FF_MASK_ID = 1u << 3,
	YW_FF_SEARCH = 1u << 4,  /* matched by ?q= */
	YW_FF_FILTER = 1u << 5,  /* ?field=value equality filter */
	YW_FF_INTERNAL = 1u << 6, /* a column set by hooks only: not taken, not shown */
	YW_FF_UNIQUE = 1u << 7    /* unique text column: a clash is DUPLICATE on this field */
};

struct yw_field {
	const char *name; /* JSON member and column */
	enum yw_ftype type;
	unsigned flags;
	int64_t min, max;         /* numbers: range; text: max characters (min..max) */
	const char *const *enums; /* NULL-terminated, for YW_F_ENUM / list items */
	const char *ref;          /* table for YW_F_REF / YW_F_INTLIST */
	const char *label;        /* Chinese label for documents */
	/* Extra format check of a text value or of each list item (credit
	 * code, phone, opening hours…); fills err without the field name. */
	int (*check)(const char *value, struct yw_error *err);
};

struct yw_val {
	bool set;  /* given in this request (or loaded from the store) */
	bool null; /* JSON null / SQL NULL */
	int64_t i;
	char *s; /* owned */
};

struct yw_entity;

struct yw_rec {
	const struct yw_entity *ent;
	int64_t id, version, created_at, updated_at;
	struct yw_val *v; /* ent->nfields values */
};

/* Who is acting, for hooks that need it and for the audit log. */
struct yw_actor {
	int64_t user_id;
	const char *name;
	const char *role; /* the role name used for this action */
	unsigned roles;
	struct yw_scope scope;
	const char *request_id;
	const char *client_ip;
};

/* Domain hooks. Return YW_OK or a negative status with err filled. */
typedef int (*yw_validate_fn)(struct yw_conn *c, const struct yw_actor *who, struct yw_rec *rec,
			      const struct yw_rec *old /* NULL on create */, struct yw_error *err);
typedef int (*yw_delete_fn)(struct yw_conn *c, const struct yw_rec *old, struct yw_error *err);
/* After a create or update is written, in the same transaction: objects
 * derived from this one follow it. */
typedef int (*yw_written_fn)(struct yw_conn *c, const struct yw_rec *rec);

struct yw_entity_sql; /* built by the store from the descriptor */

struct yw_entity {
	const char *name;  /* "hall": audit entity name and URL segment (plural) */
	const char *plural;
	const char *table;
	const char *label; /* 大厅 */
	const struct yw_field *fields;
	int nfields;
	const char *order_by; /* SQL-neutral column list, e.g. "code" */
	/* Which fields place an object in a scope: a field index, -1 for none,
	 * or YW_SCOPE_SELF when the object's own id is that scope (a hall). */
	int scope_region, scope_department, scope_hall;
	unsigned read_roles, write_roles;
	/* Reference data every staff member needs (regions, departments): reads
	 * are not cut to the reader's scope; writes always are. */
	bool read_unscoped;
	yw_validate_fn validate;
	yw_delete_fn before_delete;
	yw_written_fn after_write;
	struct yw_entity_sql *sql;
};
#define YW_SCOPE_SELF (-2)

int yw_entity_field_index(const struct yw_entity *e, const char *name);
struct yw_rec *yw_rec_new(const struct yw_entity *e);
void yw_rec_free(struct yw_rec *r);
/* Copy values of `patch` that are set over `base` (both of one entity). */
void yw_rec_merge(struct yw_rec *base, const struct yw_rec *patch);
struct yw_rec *yw_rec_clone(const struct yw_rec *r);
void yw_val_set_text(struct yw_val *v, const char *s);
void yw_val_set_int(struct yw_val *v, int64_t i);
void yw_val_set_null(struct yw_val *v);
/* Convenience access by field name (aborts on an unknown name: a bug). */
struct yw_val *yw_rec_val(struct yw_rec *r, const char *name);
const struct yw_val *yw_rec_cval(const struct yw_rec *r, const char *name);
/* The scope an object sits in, from the descriptor's scope fields. */
struct yw_scope yw_rec_scope(const struct yw_rec *r);
/* Append a set, non-null value as JSON: numbers, booleans, lists as arrays,
 * text quoted — phone and ID fields masked. Replies and audit summaries. */
void yw_val_json(struct yw_buf *b, const struct yw_field *f, const struct yw_val *v);
/* Parse a stored ",1,5," list; returns the count, *out newly allocated. */
int yw_intlist_parse(const char *stored, int64_t **out);

/* The organisation entities (domain/org_*.c). */
extern struct yw_entity yw_entity_region, yw_entity_department, yw_entity_hall, yw_entity_window,
	yw_entity_staff;
/* NULL-terminated list of every CRUD entity, for routes and OpenAPI. */
extern struct yw_entity *const yw_entities[];

#endif
