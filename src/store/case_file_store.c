/* SQL of paper files (物料全流程跟踪): the files of a case with where each is
 * now, and the log of hand-overs. One text for both engines; every
 * statement is a lookup by id, code or case, or a bounded page over a
 * partial index. */
#include "yw/case_file.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"


/* Grows an array by one zeroed row; the capacity doubles (it is the next
 * power of two of the count), so reading n rows copies O(n), not O(n²). */
static void *grow(void **arr, int *n, size_t size)
{
	if (*n == 0 || !(*n & (*n - 1)))
		*arr = yw_realloc(*arr, size * (size_t)(*n ? 2 * *n : 1));
	char *p = (char *)*arr + size * (size_t)*n;
	memset(p, 0, size);
	(*n)++;
	return p;
}

int yw_cfs_next_seq(struct yw_conn *c, int64_t case_id, int *seq)
{
	int64_t last = 0;
	int r = yw_q(c, "SELECT COALESCE(MAX(seq), 0) FROM case_files WHERE case_id = $1", yw_row_get_int, &last,
		     YW_PINT(case_id));
	*seq = (int)last + 1;
	return ok(r);
}

int yw_cfs_insert(struct yw_conn *c, struct yw_case_file *f)
{
	f->id = 0;
	f->version = 1;
	int r = yw_q(c,
		     "INSERT INTO case_files (case_id, seq, code, title, pages, region_id, stage, hall_id, window_id, "
		     "department_id, holder_id, holder_name, place, moves, moved_at, moved_on, created_by, created_at, "
		     "version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $15, 1) "
		     "RETURNING id",
		     yw_row_get_int, &f->id, YW_PINT(f->case_id), YW_PINT(f->seq), YW_PTEXT(f->code), YW_PTEXT(f->title),
		     YW_PINT(f->pages), YW_PINT(f->region_id), YW_PTEXT(f->stage), opt_int(f->hall_id),
		     opt_int(f->window_id), opt_int(f->department_id), opt_int(f->holder_id), opt_text(f->holder_name),
		     opt_text(f->place), YW_PINT(f->moves), YW_PINT(f->moved_at), YW_PTEXT(f->moved_on),
		     opt_int(f->created_by));
	return r < 0 ? r : f->id ? YW_OK : YW_STORE_ERR;
}

#define FILE_COLS                                                                                              \
	"f.id, f.case_id, f.region_id, f.hall_id, f.window_id, f.department_id, f.holder_id, f.created_by, "   \
	"f.created_at, f.moved_at, f.version, f.seq, f.pages, f.moves, f.code, f.title, f.stage, f.holder_name, " \
	"f.place, f.moved_on, k.case_no, k.item_name, k.state, h.name, d.name, w.number"
#define FILE_FROM                                                                                              \
	" FROM case_files f JOIN cases k ON k.id = f.case_id LEFT JOIN halls h ON h.id = f.hall_id "           \
	"LEFT JOIN departments d ON d.id = f.department_id LEFT JOIN windows w ON w.id = f.window_id"

static void file_from_row(struct yw_case_file *f, const struct yw_row *r)
{
	memset(f, 0, sizeof *f);
	int64_t *ints[] = {&f->id,	   &f->case_id,	   &f->region_id,  &f->hall_id,	   &f->window_id, &f->department_id,
			   &f->holder_id, &f->created_by, &f->created_at, &f->moved_at, &f->version};
	int i = 0;
	for (; i < 11; i++)
		*ints[i] = col_int(r, i);
	f->seq = (int)col_int(r, i++);
	f->pages = (int)col_int(r, i++);
	f->moves = (int)col_int(r, i++);
	col_copy(f->code, sizeof f->code, r, i++);
	col_copy(f->title, sizeof f->title, r, i++);
	col_copy(f->stage, sizeof f->stage, r, i++);
	col_copy(f->holder_name, sizeof f->holder_name, r, i++);
	col_copy(f->place, sizeof f->place, r, i++);
	col_copy(f->moved_on, sizeof f->moved_on, r, i++);
	col_copy(f->case_no, sizeof f->case_no, r, i++);
	col_copy(f->item_name, sizeof f->item_name, r, i++);
	col_copy(f->case_state, sizeof f->case_state, r, i++);
	col_copy(f->hall_name, sizeof f->hall_name, r, i++);
	col_copy(f->department_name, sizeof f->department_name, r, i++);
	f->window_number = (int)col_int(r, i++);
	f->idle_days = -1;
}

static int file_one(void *ctx, const struct yw_row *r)
{
	file_from_row(ctx, r);
	return 1;
}

struct file_list {
	struct yw_case_file **arr;
	int *n;
};

static int file_each(void *ctx, const struct yw_row *r)
{
	struct file_list *l = ctx;
	file_from_row(grow((void **)l->arr, l->n, sizeof **l->arr), r);
	return 0;
}

int yw_cfs_get(struct yw_conn *c, int64_t id, struct yw_case_file *out)
{
	return found(yw_q(c, "SELECT " FILE_COLS FILE_FROM " WHERE f.id = $1", file_one, out, YW_PINT(id)));
}

int yw_cfs_by_code(struct yw_conn *c, const char *code, struct yw_case_file *out)
{
	return found(yw_q(c, "SELECT " FILE_COLS FILE_FROM " WHERE f.code = $1", file_one, out, YW_PTEXT(code)));
}

int yw_cfs_of_case(struct yw_conn *c, int64_t case_id, struct yw_case_file **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct file_list l = {out, n};
	return ok(yw_q(c, "SELECT " FILE_COLS FILE_FROM " WHERE f.case_id = $1 ORDER BY f.seq", file_each, &l,
		       YW_PINT(case_id)));
}

int yw_cfs_update(struct yw_conn *c, struct yw_case_file *f, int64_t seen)
{
	int r = yw_q(c,
		     "UPDATE case_files SET stage = $3, hall_id = $4, window_id = $5, department_id = $6, holder_id = $7, "
		     "holder_name = $8, place = $9, moves = $10, moved_at = $11, moved_on = $12, version = version + 1 "
		     "WHERE id = $1 AND version = $2",
		     NULL, NULL, YW_PINT(f->id), YW_PINT(seen), YW_PTEXT(f->stage), opt_int(f->hall_id),
		     opt_int(f->window_id), opt_int(f->department_id), opt_int(f->holder_id), opt_text(f->holder_name),
		     opt_text(f->place), YW_PINT(f->moves), YW_PINT(f->moved_at), YW_PTEXT(f->moved_on));
	if (r == YW_DB_ROWS)
		f->version = seen + 1;
	return found(r);
}

int yw_cfs_move_insert(struct yw_conn *c, struct yw_case_file_move *m)
{
	m->id = 0;
	int r = yw_q(c,
		     "INSERT INTO case_file_moves (file_id, case_id, seq, from_stage, stage, hall_id, window_id, "
		     "department_id, holder_id, holder_name, place, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
		     "$10, $11, $12, $13) RETURNING id",
		     yw_row_get_int, &m->id, YW_PINT(m->file_id), YW_PINT(m->case_id), YW_PINT(m->seq),
		     opt_text(m->from_stage), YW_PTEXT(m->stage), opt_int(m->hall_id), opt_int(m->window_id),
		     opt_int(m->department_id), opt_int(m->holder_id), opt_text(m->holder_name), opt_text(m->place),
		     opt_text(m->note), YW_PINT(m->at));
	return r < 0 ? r : m->id ? YW_OK : YW_STORE_ERR;
}

struct move_list {
	struct yw_case_file_move **arr;
	int *n;
};

static int move_each(void *ctx, const struct yw_row *r)
{
	struct move_list *l = ctx;
	struct yw_case_file_move *m = grow((void **)l->arr, l->n, sizeof **l->arr);
	int64_t *ints[] = {&m->id, &m->file_id, &m->case_id, &m->hall_id, &m->window_id, &m->department_id,
			   &m->holder_id, &m->at};
	int i = 0;
	for (; i < 8; i++)
		*ints[i] = col_int(r, i);
	m->seq = (int)col_int(r, i++);
	col_copy(m->from_stage, sizeof m->from_stage, r, i++);
	col_copy(m->stage, sizeof m->stage, r, i++);
	col_copy(m->holder_name, sizeof m->holder_name, r, i++);
	col_copy(m->place, sizeof m->place, r, i++);
	col_copy(m->note, sizeof m->note, r, i++);
	col_copy(m->hall_name, sizeof m->hall_name, r, i++);
	col_copy(m->department_name, sizeof m->department_name, r, i++);
	m->window_number = (int)col_int(r, i++);
	return 0;
}

int yw_cfs_moves(struct yw_conn *c, int64_t file_id, struct yw_case_file_move **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct move_list l = {out, n};
	return ok(yw_q(c,
		       "SELECT m.id, m.file_id, m.case_id, m.hall_id, m.window_id, m.department_id, m.holder_id, m.at, "
		       "m.seq, m.from_stage, m.stage, m.holder_name, m.place, m.note, h.name, d.name, w.number "
		       "FROM case_file_moves m LEFT JOIN halls h ON h.id = m.hall_id "
		       "LEFT JOIN departments d ON d.id = m.department_id LEFT JOIN windows w ON w.id = m.window_id "
		       "WHERE m.file_id = $1 ORDER BY m.seq",
		       move_each, &l, YW_PINT(file_id)));
}

/* One statement for every combination of filters. The idle filter skips
 * archived files, like the partial index it reads. */
#define LIST_WHERE                                                                                           \
	" WHERE ($1 IS NULL OR f.stage = $1) AND ($2 IS NULL OR f.holder_id = $2) "                           \
	"AND ($3 IS NULL OR f.department_id = $3) AND ($4 IS NULL OR f.hall_id = $4) "                        \
	"AND ($5 IS NULL OR f.window_id = $5) AND ($6 IS NULL OR f.case_id = $6) "                            \
	"AND ($7 IS NULL OR (f.moved_on < $7 AND f.stage <> 'archive')) "                                     \
	"AND ($8 IS NULL OR SUBSTR(g.path, 1, LENGTH(CAST($8 AS TEXT))) = $8)"

int yw_cfs_list(struct yw_conn *c, const struct yw_cfs_filter *f, struct yw_case_file_page *out)
{
	const struct yw_case_file_query *q = f->q;
	int64_t hall = f->scope_hall ? f->scope_hall : q->hall_id;
	int64_t dept = f->scope_department ? f->scope_department : q->department_id;
	struct yw_param p[10] = {opt_text(q->stage),   opt_int(q->holder_id),	 opt_int(dept),
				 opt_int(hall),	       opt_int(q->window_id),	 opt_int(q->case_id),
				 opt_text(f->idle_before), opt_text(f->scope_path), YW_PINT(q->limit),
				 YW_PINT(q->offset)};
	int r = yw_db_query(c, "SELECT COUNT(*) FROM case_files f JOIN regions g ON g.id = f.region_id" LIST_WHERE, p,
			    8, yw_row_get_int, &out->total);
	if (r < 0)
		return r;
	struct file_list l = {&out->rows, &out->n};
	return ok(yw_db_query(c,
			      "SELECT " FILE_COLS FILE_FROM " JOIN regions g ON g.id = f.region_id" LIST_WHERE
			      " ORDER BY f.moved_at, f.id LIMIT $9 OFFSET $10",
			      p, 10, file_each, &l));
}
