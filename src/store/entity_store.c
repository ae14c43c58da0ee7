/* Generic SQL for entity records, written once per descriptor. */
#include "yw/entity_store.h"
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct yw_entity_sql {
	char *get, *insert, *update, *del, *list, *count;
	int ncols;        /* stored columns */
	int *col_field;   /* column i → field index */
	int nfilter;      /* filter params in list/count */
	int *filter_field;
	bool has_search;
	struct {
		char *sql;
		const char *column;
		char kind;
	} refs[16];
	int nrefs;
};

static bool stored(const struct yw_field *f) { return !(f->flags & YW_FF_WRITEONLY); }
static bool is_int_type(enum yw_ftype t) { return t == YW_F_INT || t == YW_F_REF || t == YW_F_BOOL; }

/* Returns whether a clause (and so a parameter) was added. */
static bool scope_clause(struct yw_buf *b, const struct yw_entity *e, int which, int param)
{
	int idx = which == 0 ? e->scope_region : which == 1 ? e->scope_department : e->scope_hall;
	if (idx == -1)
		return false;
	const char *col = idx == YW_SCOPE_SELF ? "id" : e->fields[idx].name;
	if (which == 0)
		yw_buf_printf(b, " AND ($%d IS NULL OR %s IN (SELECT id FROM regions WHERE path LIKE $%d))",
			      param, col, param);
	else
		yw_buf_printf(b, " AND ($%d IS NULL OR %s = $%d)", param, col, param);
	return true;
}

static char *build_where(const struct yw_entity *e, struct yw_entity_sql *s)
{
	struct yw_buf b = {0};
	int p = 1;
	yw_buf_adds(&b, " WHERE 1=1");
	if (s->has_search) {
		yw_buf_printf(&b, " AND ($%d IS NULL", p);
		for (int i = 0; i < e->nfields; i++)
			if (e->fields[i].flags & YW_FF_SEARCH)
				yw_buf_printf(&b, " OR LOWER(%s) LIKE $%d ESCAPE '\\'", e->fields[i].name, p);
		yw_buf_adds(&b, ")");
		p++;
	}
	for (int k = 0; k < s->nfilter; k++, p++)
		yw_buf_printf(&b, " AND ($%d IS NULL OR %s = $%d)", p, e->fields[s->filter_field[k]].name, p);
	/* Parameters are bound densely (yw_estore_list), so number only the
	 * scopes this entity has. */
	for (int which = 0; which < 3; which++)
		if (scope_clause(&b, e, which, p))
			p++;
	return yw_buf_steal(&b);
}

void yw_entity_store_init(struct yw_entity *e)
{
	if (e->sql)
		return;
	struct yw_entity_sql *s = yw_calloc(1, sizeof *s);
	s->col_field = yw_calloc((size_t)e->nfields, sizeof(int));
	s->filter_field = yw_calloc((size_t)e->nfields, sizeof(int));
	struct yw_buf cols = {0}, vals = {0}, sets = {0};
	for (int i = 0; i < e->nfields; i++) {
		const struct yw_field *f = &e->fields[i];
		if (f->flags & YW_FF_SEARCH)
			s->has_search = true;
		if (f->flags & YW_FF_FILTER)
			s->filter_field[s->nfilter++] = i;
		if (!stored(f))
			continue;
		int n = ++s->ncols;
		s->col_field[n - 1] = i;
		yw_buf_printf(&cols, "%s%s", n > 1 ? ", " : "", f->name);
		yw_buf_printf(&vals, "%s$%d", n > 1 ? ", " : "", n);
		yw_buf_printf(&sets, "%s%s = $%d", n > 1 ? ", " : "", f->name, n);
	}
	int n = s->ncols;
	s->get = yw_asprintf("SELECT id, version, created_at, updated_at, %s FROM %s WHERE id = $1",
			     cols.data, e->table);
	s->insert = yw_asprintf("INSERT INTO %s (%s, version, created_at, updated_at) "
				"VALUES (%s, 1, $%d, $%d) RETURNING id",
				e->table, cols.data, vals.data, n + 1, n + 1);
	s->update = yw_asprintf("UPDATE %s SET %s, version = version + 1, updated_at = $%d "
				"WHERE id = $%d AND version = $%d",
				e->table, sets.data, n + 1, n + 2, n + 3);
	s->del = yw_asprintf("DELETE FROM %s WHERE id = $1", e->table);
	char *where = build_where(e, s);
	int nwhere = (s->has_search ? 1 : 0) + s->nfilter + (e->scope_region != -1) +
		     (e->scope_department != -1) + (e->scope_hall != -1);
	s->list = yw_asprintf("SELECT id, version, created_at, updated_at, %s FROM %s%s ORDER BY %s "
			      "LIMIT $%d OFFSET $%d",
			      cols.data, e->table, where, e->order_by ? e->order_by : "id", nwhere + 1,
			      nwhere + 2);
	s->count = yw_asprintf("SELECT COUNT(*) FROM %s%s", e->table, where);
	free(where);
	yw_buf_free(&cols);
	yw_buf_free(&vals);
	yw_buf_free(&sets);
	e->sql = s;
}

static void bind_val(struct yw_param *p, const struct yw_field *f, const struct yw_val *v)
{
	if (!v->set || v->null)
		*p = YW_PNULL;
	else if (is_int_type(f->type))
		*p = YW_PINT(v->i);
	else
		*p = YW_PTEXT(v->s ? v->s : "");
}

struct load_ctx {
	const struct yw_entity *e;
	struct yw_rec **one;
	struct yw_rec_list *list;
};

static struct yw_rec *rec_from_row(const struct yw_entity *e, const struct yw_row *row)
{
	struct yw_rec *r = yw_rec_new(e);
	r->id = yw_row_int(row, 0);
	r->version = yw_row_int(row, 1);
	r->created_at = yw_row_int(row, 2);
	r->updated_at = yw_row_int(row, 3);
	for (int k = 0; k < e->sql->ncols; k++) {
		int fi = e->sql->col_field[k];
		struct yw_val *v = &r->v[fi];
		v->set = true;
		if (yw_row_null(row, 4 + k)) {
			v->null = true;
		} else if (is_int_type(e->fields[fi].type)) {
			v->i = yw_row_int(row, 4 + k);
		} else {
			v->s = yw_strdup(yw_row_text(row, 4 + k));
		}
	}
	return r;
}

static int load_row(void *arg, const struct yw_row *row)
{
	struct load_ctx *lc = arg;
	struct yw_rec *r = rec_from_row(lc->e, row);
	if (lc->one) {
		*lc->one = r;
		return 1;
	}
	struct yw_rec_list *l = lc->list;
	l->items = yw_realloc(l->items, sizeof *l->items * (size_t)(l->n + 1));
	l->items[l->n++] = r;
	return 0;
}

int yw_estore_get(struct yw_conn *c, const struct yw_entity *e, int64_t id, struct yw_rec **out)
{
	*out = NULL;
	struct load_ctx lc = {.e = e, .one = out};
	int r = yw_q(c, e->sql->get, load_row, &lc, YW_PINT(id));
	if (r < 0)
		return r;
	return *out ? YW_OK : YW_NOTFOUND;
}

static struct yw_param *bind_columns(const struct yw_rec *rec, int extra)
{
	const struct yw_entity_sql *s = rec->ent->sql;
	struct yw_param *p = yw_calloc((size_t)(s->ncols + extra), sizeof *p);
	for (int k = 0; k < s->ncols; k++) {
		int fi = s->col_field[k];
		bind_val(&p[k], &rec->ent->fields[fi], &rec->v[fi]);
	}
	return p;
}

int yw_estore_insert(struct yw_conn *c, struct yw_rec *rec)
{
	const struct yw_entity_sql *s = rec->ent->sql;
	struct yw_param *p = bind_columns(rec, 1);
	int64_t now = yw_now_ms();
	p[s->ncols] = YW_PINT(now);
	int64_t id = 0;
	int r = yw_db_query(c, s->insert, p, s->ncols + 1, yw_row_get_int, &id);
	free(p);
	if (r < 0)
		return r;
	rec->id = id;
	rec->version = 1;
	rec->created_at = rec->updated_at = now;
	return YW_OK;
}

int yw_estore_update(struct yw_conn *c, struct yw_rec *rec, int64_t expected)
{
	const struct yw_entity_sql *s = rec->ent->sql;
	struct yw_param *p = bind_columns(rec, 3);
	int64_t now = yw_now_ms();
	p[s->ncols] = YW_PINT(now);
	p[s->ncols + 1] = YW_PINT(rec->id);
	p[s->ncols + 2] = YW_PINT(expected);
	int r = yw_db_query(c, s->update, p, s->ncols + 3, NULL, NULL);
	free(p);
	if (r < 0)
		return r;
	if (r == YW_DB_NONE)
		return YW_NOTFOUND;
	rec->version = expected + 1;
	rec->updated_at = now;
	return YW_OK;
}

int yw_estore_delete(struct yw_conn *c, const struct yw_entity *e, int64_t id)
{
	int r = yw_q(c, e->sql->del, NULL, NULL, YW_PINT(id));
	if (r < 0)
		return r;
	return r == YW_DB_NONE ? YW_NOTFOUND : YW_OK;
}

static struct yw_param scope_param(int64_t id) { return id ? YW_PINT(id) : YW_PNULL; }

int yw_estore_list(struct yw_conn *c, const struct yw_entity *e, const struct yw_list_query *lq,
		   struct yw_rec_list *out)
{
	const struct yw_entity_sql *s = e->sql;
	struct yw_param p[64];
	int n = 0;
	char *like = NULL, *region_like = NULL;
	if (s->has_search) {
		if (lq->q && *lq->q) {
			struct yw_buf b = {0};
			yw_buf_adds(&b, "%");
			for (const char *q = lq->q; *q; q++) {
				char ch = (*q >= 'A' && *q <= 'Z') ? (char)(*q + 32) : *q;
				if (ch == '%' || ch == '_' || ch == '\\')
					yw_buf_add(&b, "\\", 1);
				yw_buf_add(&b, &ch, 1);
			}
			yw_buf_adds(&b, "%");
			like = yw_buf_steal(&b);
		}
		p[n++] = YW_PTEXT(like);
	}
	for (int k = 0; k < s->nfilter; k++) {
		int fi = s->filter_field[k];
		if (lq->filters)
			bind_val(&p[n++], &e->fields[fi], &lq->filters[fi]);
		else
			p[n++] = YW_PNULL;
	}
	if (e->scope_region != -1) {
		if (lq->scope.region_id && lq->region_path)
			region_like = yw_asprintf("%s%%", lq->region_path);
		p[n++] = YW_PTEXT(region_like);
	}
	if (e->scope_department != -1)
		p[n++] = scope_param(lq->scope.department_id);
	if (e->scope_hall != -1)
		p[n++] = scope_param(lq->scope.hall_id);
	memset(out, 0, sizeof *out);
	int r = yw_db_query(c, s->count, p, n, yw_row_get_int, &out->total);
	if (r >= 0) {
		p[n] = YW_PINT(lq->limit);
		p[n + 1] = YW_PINT(lq->offset);
		struct load_ctx lc = {.e = e, .list = out};
		r = yw_db_query(c, s->list, p, n + 2, load_row, &lc);
	}
	free(like);
	free(region_like);
	return r < 0 ? r : YW_OK;
}

void yw_rec_list_free(struct yw_rec_list *l)
{
	for (int i = 0; i < l->n; i++)
		yw_rec_free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* SQL for one (entity, column, kind), built on first use and kept so the
 * statement cache sees a stable pointer; the set is small and fixed by the
 * code. kind: 'c' count equal, 'l' count in list, 'f' find id. */
static const char *column_sql(const struct yw_entity *e, const char *column, char kind)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct yw_entity_sql *s = e->sql;
	const char *sql = NULL;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < s->nrefs && !sql; i++)
		if (s->refs[i].kind == kind && !strcmp(s->refs[i].column, column))
			sql = s->refs[i].sql;
	if (!sql && s->nrefs < (int)(sizeof s->refs / sizeof s->refs[0])) {
		char *q = kind == 'l'   ? yw_asprintf("SELECT COUNT(*) FROM %s WHERE %s LIKE $1", e->table, column)
			  : kind == 'c' ? yw_asprintf("SELECT COUNT(*) FROM %s WHERE %s = $1", e->table, column)
					: yw_asprintf("SELECT id FROM %s WHERE %s = $1", e->table, column);
		s->refs[s->nrefs].sql = q;
		s->refs[s->nrefs].column = column;
		s->refs[s->nrefs].kind = kind;
		s->nrefs++;
		sql = q;
	}
	pthread_mutex_unlock(&lock);
	return sql;
}

int yw_estore_find(struct yw_conn *c, const struct yw_entity *e, const char *column, const char *value,
		   int64_t *id)
{
	const char *sql = column_sql(e, column, 'f');
	if (!sql)
		return YW_STORE_ERR;
	*id = 0;
	int r = yw_q(c, sql, yw_row_get_int, id, YW_PTEXT(value));
	if (r < 0)
		return r;
	return r == YW_DB_NONE ? YW_NOTFOUND : YW_OK;
}

int yw_estore_count_refs(struct yw_conn *c, const struct yw_entity *e, const char *column,
			 bool list_column, int64_t id, int64_t *count)
{
	const char *sql = column_sql(e, column, list_column ? 'l' : 'c');
	if (!sql)
		return YW_STORE_ERR;
	*count = 0;
	int r;
	if (list_column) {
		char pat[32];
		snprintf(pat, sizeof pat, "%%,%lld,%%", (long long)id);
		r = yw_q(c, sql, yw_row_get_int, count, YW_PTEXT(pat));
	} else {
		r = yw_q(c, sql, yw_row_get_int, count, YW_PINT(id));
	}
	return r < 0 ? r : YW_OK;
}

static const char SQL_WINDOW_NUMBER[] =
	"SELECT COUNT(*) FROM windows WHERE hall_id = $1 AND number = $2 AND id <> $3";

int yw_estore_window_number_taken(struct yw_conn *c, int64_t hall_id, int64_t number, int64_t self,
				  int64_t *count)
{
	*count = 0;
	int r = yw_q(c, SQL_WINDOW_NUMBER, yw_row_get_int, count, YW_PINT(hall_id), YW_PINT(number),
		     YW_PINT(self));
	return r < 0 ? r : YW_OK;
}
