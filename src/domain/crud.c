/* The shared life-cycle of organisation objects. Each public function runs
 * one store transaction; every change writes its audit row inside it, so a
 * failed request leaves the store exactly as it was. */
#include "yw/crud.h"
#include "yw/audit.h"
#include "yw/authz.h"
#include "yw/auth.h"
#include "yw/item_store.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void init_all(void)
{
	for (int i = 0; yw_entities[i]; i++)
		yw_entity_store_init(yw_entities[i]);
}

/* Every entry point runs through here so the SQL exists before first use. */
static struct yw_store *ready(struct yw_store *s)
{
	pthread_once(&sql_once, init_all);
	return s;
}

struct yw_entity *yw_entity_by_table(const char *table)
{
	for (int i = 0; yw_entities[i]; i++)
		if (!strcmp(yw_entities[i]->table, table))
			return yw_entities[i];
	return NULL;
}

/* Store status → API error, for failures the hooks did not explain. */
static int store_failure(struct yw_conn *c, int st, struct yw_error *err)
{
	if (st == YW_DB_HARD && yw_db_err_unique(c)) {
		yw_error_set(err, YW_E_DUPLICATE, NULL, "名称或编码重复 / duplicate name or code");
		return YW_FAIL;
	}
	if (st == YW_DB_HARD && yw_db_err_foreign_key(c)) {
		yw_error_set(err, YW_E_IN_USE, NULL, "仍被其他对象引用 / still referenced");
		return YW_FAIL;
	}
	return st;
}

static int check_refs(struct yw_conn *c, const struct yw_rec *rec, struct yw_error *err)
{
	const struct yw_entity *e = rec->ent;
	for (int i = 0; i < e->nfields; i++) {
		const struct yw_field *f = &e->fields[i];
		const struct yw_val *v = &rec->v[i];
		if (!f->ref || !v->set || v->null)
			continue;
		struct yw_entity *target = yw_entity_by_table(f->ref);
		if (!target)
			continue;
		int64_t *ids = NULL;
		int n = f->type == YW_F_INTLIST ? yw_intlist_parse(v->s, &ids) : 1;
		for (int k = 0; k < n; k++) {
			int64_t id = ids ? ids[k] : v->i;
			struct yw_rec *found = NULL;
			int st = yw_estore_get(c, target, id, &found);
			yw_rec_free(found);
			if (st == YW_NOTFOUND) {
				free(ids);
				yw_error_set(err, YW_E_REF_NOT_FOUND, f->name, "%s %lld 不存在 / does not exist",
					     target->label, (long long)id);
				return YW_FAIL;
			}
			if (st != YW_OK) {
				free(ids);
				return st;
			}
		}
		free(ids);
	}
	return YW_OK;
}

/* Name the field of a uniqueness clash before the write: after a failed
 * statement PostgreSQL aborts the transaction, so we ask first. The unique
 * index stays the guard against races (then the field is not named). */
static int check_unique(struct yw_conn *c, const struct yw_rec *rec, struct yw_error *err)
{
	const struct yw_entity *e = rec->ent;
	for (int i = 0; i < e->nfields; i++) {
		const struct yw_field *f = &e->fields[i];
		if (!(f->flags & YW_FF_UNIQUE) || !rec->v[i].set || rec->v[i].null)
			continue;
		int64_t other = 0;
		int st = yw_estore_find(c, e, f->name, rec->v[i].s, &other);
		if (st == YW_OK && other != rec->id) {
			yw_error_set(err, YW_E_DUPLICATE, f->name, "%s“%s”已存在 / already taken", f->label,
				     rec->v[i].s);
			return YW_FAIL;
		}
		if (st && st != YW_NOTFOUND)
			return st;
	}
	return YW_OK;
}

static int check_required(const struct yw_rec *rec, struct yw_error *err)
{
	const struct yw_entity *e = rec->ent;
	for (int i = 0; i < e->nfields; i++) {
		const struct yw_field *f = &e->fields[i];
		if ((f->flags & YW_FF_REQUIRED) && (!rec->v[i].set || rec->v[i].null)) {
			yw_error_set(err, YW_E_MISSING_FIELD, f->name, "缺少%s / %s is required", f->label,
				     f->name);
			return YW_FAIL;
		}
	}
	return YW_OK;
}

/* Item guides show hall and department details: a change to one of those
 * moves the catalogue generation, so cached guides and searches refresh. */
static int touch_catalogue(struct yw_conn *c, const struct yw_entity *e)
{
	if (e != &yw_entity_hall && e != &yw_entity_department)
		return YW_OK;
	return yw_istore_bump_generation(c);
}

struct create_ctx {
	const struct yw_actor *who;
	struct yw_rec *rec;
	struct yw_error *err;
};

static int create_tx(struct yw_conn *c, void *arg)
{
	struct create_ctx *cc = arg;
	struct yw_rec *rec = cc->rec;
	const struct yw_entity *e = rec->ent;
	int st = check_required(rec, cc->err);
	if (!st && e->validate)
		st = e->validate(c, cc->who, rec, NULL, cc->err);
	if (!st)
		st = check_refs(c, rec, cc->err);
	if (!st)
		st = yw_authz_scope(c, cc->who, e, yw_rec_scope(rec), cc->err);
	if (!st)
		st = check_unique(c, rec, cc->err);
	if (st)
		return st;
	st = yw_estore_insert(c, rec);
	if (st)
		return store_failure(c, st, cc->err);
	if (e->after_write && (st = e->after_write(c, rec)))
		return st;
	char *summary = yw_audit_summary(NULL, rec);
	st = yw_audit_append(c, cc->who, "create", e->name, rec->id, summary);
	free(summary);
	return st;
}

int yw_crud_create(struct yw_store *s, const struct yw_actor *who, struct yw_rec *rec,
		   struct yw_error *err)
{
	struct create_ctx cc = {who, rec, err};
	return yw_store_tx(ready(s), YW_TX_WRITE, create_tx, &cc);
}

struct update_ctx {
	const struct yw_actor *who;
	int64_t id, expected;
	const struct yw_rec *patch;
	struct yw_rec *result;
	struct yw_error *err;
};

static int not_found(const struct yw_entity *e, int64_t id, struct yw_error *err)
{
	yw_error_set(err, YW_E_NOT_FOUND, "id", "%s %lld 不存在 / no such %s", e->label, (long long)id,
		     e->name);
	return YW_NOTFOUND;
}

static int update_tx(struct yw_conn *c, void *arg)
{
	struct update_ctx *uc = arg;
	const struct yw_entity *e = uc->patch->ent;
	yw_rec_free(uc->result);
	uc->result = NULL;
	struct yw_rec *old = NULL;
	int st = yw_estore_get(c, e, uc->id, &old);
	if (st == YW_NOTFOUND)
		return not_found(e, uc->id, uc->err);
	if (st)
		return st;
	if (uc->expected && old->version != uc->expected) {
		yw_error_set(uc->err, YW_E_CONFLICT, "version",
			     "当前版本为 %lld，您提交的是 %lld / stored version is %lld",
			     (long long)old->version, (long long)uc->expected, (long long)old->version);
		yw_rec_free(old);
		return YW_FAIL;
	}
	/* The actor must hold the object both before and after the change. */
	st = yw_authz_scope(c, uc->who, e, yw_rec_scope(old), uc->err);
	struct yw_rec *rec = yw_rec_clone(old);
	yw_rec_merge(rec, uc->patch);
	if (!st)
		st = check_required(rec, uc->err);
	if (!st && e->validate)
		st = e->validate(c, uc->who, rec, old, uc->err);
	if (!st)
		st = check_refs(c, rec, uc->err);
	if (!st)
		st = yw_authz_scope(c, uc->who, e, yw_rec_scope(rec), uc->err);
	if (!st)
		st = check_unique(c, rec, uc->err);
	char *summary = st ? NULL : yw_audit_summary(old, rec);
	if (summary && !strcmp(summary, "{}")) {
		/* Nothing changed: no new version, no audit row. */
		free(summary);
		yw_rec_free(rec);
		uc->result = old;
		return YW_OK;
	}
	if (!st) {
		st = yw_estore_update(c, rec, old->version);
		if (st == YW_NOTFOUND && !uc->expected) {
			/* Someone committed between our read and write (PostgreSQL, READ
			 * COMMITTED). The client named no version: redo on fresh data. */
			st = YW_RETRY;
		} else if (st == YW_NOTFOUND) {
			yw_error_set(uc->err, YW_E_CONFLICT, "version", "对象已被他人修改");
			st = YW_FAIL;
		} else if (st) {
			st = store_failure(c, st, uc->err);
		}
	}
	if (!st && e->after_write)
		st = e->after_write(c, rec);
	if (!st)
		st = yw_audit_append(c, uc->who, "update", e->name, rec->id, summary);
	if (!st)
		st = touch_catalogue(c, e);
	free(summary);
	yw_rec_free(old);
	if (st) {
		yw_rec_free(rec);
		return st;
	}
	uc->result = rec;
	return YW_OK;
}

int yw_crud_update(struct yw_store *s, const struct yw_actor *who, int64_t id,
		   const struct yw_rec *patch, int64_t expected_version, struct yw_rec **out,
		   struct yw_error *err)
{
	struct update_ctx uc = {who, id, expected_version, patch, NULL, err};
	int st = yw_store_tx(ready(s), YW_TX_WRITE, update_tx, &uc);
	if (st == YW_OK && patch->ent == &yw_entity_staff)
		yw_auth_forget_user(id); /* roles, scope or active may have changed */
	if (st) {
		yw_rec_free(uc.result);
		uc.result = NULL;
	}
	*out = uc.result;
	return st;
}

struct delete_ctx {
	const struct yw_actor *who;
	const struct yw_entity *e;
	int64_t id;
	struct yw_error *err;
};

static int delete_tx(struct yw_conn *c, void *arg)
{
	struct delete_ctx *dc = arg;
	struct yw_rec *old = NULL;
	int st = yw_estore_get(c, dc->e, dc->id, &old);
	if (st == YW_NOTFOUND)
		return not_found(dc->e, dc->id, dc->err);
	if (st)
		return st;
	st = yw_authz_scope(c, dc->who, dc->e, yw_rec_scope(old), dc->err);
	if (!st && dc->e->before_delete)
		st = dc->e->before_delete(c, old, dc->err);
	if (!st) {
		st = yw_estore_delete(c, dc->e, dc->id);
		if (st)
			st = store_failure(c, st, dc->err);
	}
	if (!st) {
		char *summary = yw_audit_summary(old, NULL);
		st = yw_audit_append(c, dc->who, "delete", dc->e->name, dc->id, summary);
		free(summary);
	}
	if (!st)
		st = touch_catalogue(c, dc->e);
	yw_rec_free(old);
	return st;
}

int yw_crud_delete(struct yw_store *s, const struct yw_actor *who, const struct yw_entity *e,
		   int64_t id, struct yw_error *err)
{
	struct delete_ctx dc = {who, e, id, err};
	int st = yw_store_tx(ready(s), YW_TX_WRITE, delete_tx, &dc);
	if (st == YW_OK && e == &yw_entity_staff)
		yw_auth_forget_user(id);
	return st;
}

struct get_ctx {
	const struct yw_actor *who;
	const struct yw_entity *e;
	int64_t id;
	struct yw_rec **out;
	struct yw_error *err;
};

static int get_tx(struct yw_conn *c, void *arg)
{
	struct get_ctx *gc = arg;
	yw_rec_free(*gc->out);
	*gc->out = NULL;
	int st = yw_estore_get(c, gc->e, gc->id, gc->out);
	if (st == YW_NOTFOUND)
		return not_found(gc->e, gc->id, gc->err);
	if (st || gc->e->read_unscoped)
		return st;
	return yw_authz_scope(c, gc->who, gc->e, yw_rec_scope(*gc->out), gc->err);
}

int yw_crud_get(struct yw_store *s, const struct yw_actor *who, const struct yw_entity *e,
		int64_t id, struct yw_rec **out, struct yw_error *err)
{
	*out = NULL;
	struct get_ctx gc = {who, e, id, out, err};
	int st = yw_store_tx(ready(s), YW_TX_READ, get_tx, &gc);
	if (st) {
		yw_rec_free(*out);
		*out = NULL;
	}
	return st;
}

struct list_ctx {
	const struct yw_actor *who;
	const struct yw_entity *e;
	struct yw_list_query *lq;
	struct yw_rec_list *out;
};

static int list_tx(struct yw_conn *c, void *arg)
{
	struct list_ctx *lc = arg;
	yw_rec_list_free(lc->out);
	char *path = NULL;
	if (lc->lq->scope.region_id) {
		int st = yw_region_path(c, lc->lq->scope.region_id, &path);
		if (st && st != YW_NOTFOUND)
			return st;
	}
	lc->lq->region_path = path;
	int st = yw_estore_list(c, lc->e, lc->lq, lc->out);
	lc->lq->region_path = NULL;
	free(path);
	return st;
}

int yw_crud_list(struct yw_store *s, const struct yw_actor *who, const struct yw_entity *e,
		 struct yw_list_query *lq, struct yw_rec_list *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	lq->scope = (who->roles & YW_ROLE_ADMIN) || e->read_unscoped ? (struct yw_scope){0} : who->scope;
	struct list_ctx lc = {who, e, lq, out};
	int st = yw_store_tx(ready(s), YW_TX_READ, list_tx, &lc);
	if (st)
		yw_error_set(err, YW_E_STORE, NULL, NULL);
	return st;
}

struct find_ctx {
	const struct yw_entity *e;
	const char *column, *value;
	int64_t *id;
};

static int find_tx(struct yw_conn *c, void *arg)
{
	struct find_ctx *fc = arg;
	return yw_estore_find(c, fc->e, fc->column, fc->value, fc->id);
}

int yw_crud_find_id(struct yw_store *s, const struct yw_entity *e, const char *column,
		    const char *value, int64_t *id)
{
	struct find_ctx fc = {e, column, value, id};
	return yw_store_tx(ready(s), YW_TX_READ, find_tx, &fc);
}

struct reveal_ctx {
	const struct yw_actor *who;
	const struct yw_entity *e;
	int64_t id;
	const char *field;
	char **value;
	struct yw_error *err;
};

static int reveal_tx(struct yw_conn *c, void *arg)
{
	struct reveal_ctx *rc = arg;
	struct yw_rec *rec = NULL;
	int st = yw_estore_get(c, rc->e, rc->id, &rec);
	if (st == YW_NOTFOUND)
		return not_found(rc->e, rc->id, rc->err);
	if (st)
		return st;
	st = yw_authz_scope(c, rc->who, rc->e, yw_rec_scope(rec), rc->err);
	if (!st) {
		free(*rc->value);
		*rc->value = yw_strdup(yw_rec_cval(rec, rc->field)->s);
		char *summary = yw_asprintf("{\"field\":\"%s\"}", rc->field);
		st = yw_audit_append(c, rc->who, "reveal", rc->e->name, rc->id, summary);
		free(summary);
	}
	yw_rec_free(rec);
	return st;
}

int yw_crud_reveal(struct yw_store *s, const struct yw_actor *who, const struct yw_entity *e,
		   int64_t id, const char *field, char **value, struct yw_error *err)
{
	*value = NULL;
	struct reveal_ctx rc = {who, e, id, field, value, err};
	/* A write transaction: the audit row is part of the read. */
	int st = yw_store_tx(ready(s), YW_TX_WRITE, reveal_tx, &rc);
	if (st) {
		free(*value);
		*value = NULL;
	}
	return st;
}
