#include "yw/audit_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

/* The no-op UPDATE takes the row lock on PostgreSQL (concurrent appenders
 * queue behind it); on SQLite the single writer already serialises. */
static const char SQL_LOCK_HEAD[] = "UPDATE audit_head SET last_id = last_id WHERE id = 1";
static const char SQL_READ_HEAD[] = "SELECT last_id, last_hash FROM audit_head WHERE id = 1";
static const char SQL_SET_HEAD[] = "UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1";
static const char SQL_INSERT[] =
	"INSERT INTO audit (id, at, actor_id, actor_name, role, action, entity, entity_id, summary, "
	"request_id, client_ip, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
	"$11, $12, $13)";
#define AUDIT_COLS \
	"id, at, actor_id, actor_name, role, action, entity, entity_id, summary, request_id, " \
	"client_ip, prev_hash, hash"
static const char SQL_WALK[] = "SELECT " AUDIT_COLS " FROM audit ORDER BY id";
#define AUDIT_WHERE \
	" WHERE ($1 IS NULL OR entity = $1) AND ($2 IS NULL OR action = $2) AND " \
	"($3 IS NULL OR entity_id = $3) AND ($4 IS NULL OR actor_id = $4) AND " \
	"($5 IS NULL OR at >= $5) AND ($6 IS NULL OR at < $6)"
static const char SQL_LIST[] = "SELECT " AUDIT_COLS " FROM audit" AUDIT_WHERE
			       " ORDER BY id DESC LIMIT $7 OFFSET $8";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM audit" AUDIT_WHERE;

struct head {
	int64_t *id;
	char *hash;
};

static int read_head(void *arg, const struct yw_row *row)
{
	struct head *h = arg;
	*h->id = yw_row_int(row, 0);
	snprintf(h->hash, 65, "%s", yw_row_text(row, 1));
	return 1;
}

int yw_astore_lock_head(struct yw_conn *c, int64_t *last_id, char hash[65])
{
	int r = yw_q0(c, SQL_LOCK_HEAD, NULL, NULL);
	if (r < 0)
		return r;
	struct head h = {last_id, hash};
	r = yw_q0(c, SQL_READ_HEAD, read_head, &h);
	if (r < 0)
		return r;
	return r == YW_DB_NONE ? YW_STORE_ERR : YW_OK;
}


int yw_astore_insert(struct yw_conn *c, const struct yw_audit_row *a)
{
	int r = yw_q(c, SQL_INSERT, NULL, NULL, YW_PINT(a->id), YW_PINT(a->at), opt_int(a->actor_id),
		     YW_PTEXT(a->actor_name), YW_PTEXT(a->role), YW_PTEXT(a->action),
		     YW_PTEXT(a->entity), opt_int(a->entity_id), YW_PTEXT(a->summary),
		     YW_PTEXT(a->request_id), YW_PTEXT(a->client_ip), YW_PTEXT(a->prev_hash),
		     YW_PTEXT(a->hash));
	return r < 0 ? r : YW_OK;
}

int yw_astore_set_head(struct yw_conn *c, int64_t last_id, const char *hash)
{
	int r = yw_q(c, SQL_SET_HEAD, NULL, NULL, YW_PINT(last_id), YW_PTEXT(hash));
	return r < 0 ? r : YW_OK;
}

static void row_to_audit(const struct yw_row *row, struct yw_audit_row *a)
{
	a->id = yw_row_int(row, 0);
	a->at = yw_row_int(row, 1);
	a->actor_id = yw_row_null(row, 2) ? 0 : yw_row_int(row, 2);
	a->actor_name = yw_strdup(yw_row_text(row, 3));
	a->role = yw_strdup(yw_row_text(row, 4));
	a->action = yw_strdup(yw_row_text(row, 5));
	a->entity = yw_strdup(yw_row_text(row, 6));
	a->entity_id = yw_row_null(row, 7) ? 0 : yw_row_int(row, 7);
	a->summary = yw_strdup(yw_row_text(row, 8));
	a->request_id = yw_strdup(yw_row_text(row, 9));
	a->client_ip = yw_strdup(yw_row_text(row, 10));
	a->prev_hash = yw_strdup(yw_row_text(row, 11));
	a->hash = yw_strdup(yw_row_text(row, 12));
}

struct walk_ctx {
	yw_audit_row_fn fn;
	void *ctx;
	int stop;
};

static int walk_row(void *arg, const struct yw_row *row)
{
	struct walk_ctx *w = arg;
	struct yw_audit_row a = {0};
	row_to_audit(row, &a);
	w->stop = w->fn(w->ctx, &a);
	yw_audit_row_clear(&a);
	return w->stop;
}

int yw_astore_walk(struct yw_conn *c, yw_audit_row_fn fn, void *ctx)
{
	struct walk_ctx w = {fn, ctx, 0};
	int r = yw_q0(c, SQL_WALK, walk_row, &w);
	return r < 0 ? r : YW_OK;
}

static int list_row(void *arg, const struct yw_row *row)
{
	struct yw_audit_list *l = arg;
	l->rows = yw_realloc(l->rows, sizeof *l->rows * (size_t)(l->n + 1));
	memset(&l->rows[l->n], 0, sizeof l->rows[0]);
	row_to_audit(row, &l->rows[l->n++]);
	return 0;
}

int yw_astore_list(struct yw_conn *c, const struct yw_audit_filter *f, struct yw_audit_list *out)
{
	struct yw_param p[8] = {YW_PTEXT(f->entity), YW_PTEXT(f->action), opt_int(f->entity_id),
				opt_int(f->actor_id), opt_int(f->from), opt_int(f->to),
				YW_PINT(f->limit), YW_PINT(f->offset)};
	memset(out, 0, sizeof *out);
	int r = yw_db_query(c, SQL_COUNT, p, 6, yw_row_get_int, &out->total);
	if (r >= 0)
		r = yw_db_query(c, SQL_LIST, p, 8, list_row, out);
	return r < 0 ? r : YW_OK;
}
