/* SQL of the catalogue. One text serves both engines except the search,
 * whose statements are generated once per engine and shape (trigram FTS5 on
 * SQLite, LIKE over a pg_trgm index on PostgreSQL) and kept, so the
 * statement cache sees stable pointers. */
#include "store/item_store_internal.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

static char *col_text(const struct yw_row *r, int i) { return yw_row_null(r, i) ? NULL : yw_strdup(yw_row_text(r, i)); }
/* ---- references ---- */

static const char SQL_REGION_BY_CODE[] = "SELECT id FROM regions WHERE code = $1";
static const char SQL_REGION[] = "SELECT code, path FROM regions WHERE id = $1";
static const char SQL_DEPARTMENT_BY_NAME[] = "SELECT id FROM departments WHERE name = $1";
static const char SQL_DEPARTMENT_NAME[] = "SELECT name FROM departments WHERE id = $1";
static const char SQL_HALL_BY_NAME[] = "SELECT id FROM halls WHERE name = $1";
static const char SQL_HALL_NAME[] = "SELECT name FROM halls WHERE id = $1";

int yw_istore_region_by_code(struct yw_conn *c, const char *code, int64_t *id)
{
	return found(yw_q(c, SQL_REGION_BY_CODE, yw_row_get_int, id, YW_PTEXT(code)));
}

static int region_row(void *arg, const struct yw_row *r)
{
	char ***out = arg;
	for (int i = 0; i < 2; i++)
		if (out[i]) {
			free(*out[i]);
			*out[i] = col_text(r, i);
		}
	return 1;
}

int yw_istore_region(struct yw_conn *c, int64_t id, char **code, char **path)
{
	char **out[2] = {code, path};
	return found(yw_q(c, SQL_REGION, region_row, out, YW_PINT(id)));
}

int yw_istore_department_by_name(struct yw_conn *c, const char *name, int64_t *id)
{
	return found(yw_q(c, SQL_DEPARTMENT_BY_NAME, yw_row_get_int, id, YW_PTEXT(name)));
}

int yw_istore_department_name(struct yw_conn *c, int64_t id, char **name)
{
	return found(yw_q(c, SQL_DEPARTMENT_NAME, yw_row_get_text, name, YW_PINT(id)));
}

int yw_istore_hall_by_name(struct yw_conn *c, const char *name, int64_t *id)
{
	return found(yw_q(c, SQL_HALL_BY_NAME, yw_row_get_int, id, YW_PTEXT(name)));
}

int yw_istore_hall_name(struct yw_conn *c, int64_t id, char **name)
{
	return found(yw_q(c, SQL_HALL_NAME, yw_row_get_text, name, YW_PINT(id)));
}

/* ---- items ---- */

#define HEAD_COLS \
	"i.id, i.code, i.region_id, i.department_id, i.status, i.current_version, i.draft_version, " \
	"i.latest_version, i.revision, i.created_at, i.updated_at"
enum { HEAD_NCOLS = 11 };
static const char SQL_HEAD[] = "SELECT " HEAD_COLS " FROM items i WHERE i.id = $1";
static const char SQL_HEAD_BY_CODE[] =
	"SELECT " HEAD_COLS " FROM items i WHERE i.region_id = $1 AND i.code = $2";
static const char SQL_BUMP[] =
	"UPDATE items SET revision = revision + 1, updated_at = $3 WHERE id = $1 AND revision = $2";
static const char SQL_INSERT_ITEM[] =
	"INSERT INTO items (code, region_id, department_id, status, current_version, draft_version, "
	"latest_version, revision, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) "
	"RETURNING id";
static const char SQL_UPDATE_ITEM[] =
	"UPDATE items SET department_id = $2, status = $3, current_version = $4, draft_version = $5, "
	"latest_version = $6 WHERE id = $1";

static void read_head(const struct yw_row *r, struct yw_item_head *h)
{
	memset(h, 0, sizeof *h);
	h->id = yw_row_int(r, 0);
	col_copy(h->code, sizeof h->code, r, 1);
	h->region_id = yw_row_int(r, 2);
	h->department_id = yw_row_int(r, 3);
	col_copy(h->status, sizeof h->status, r, 4);
	h->current_version = (int)col_int(r, 5);
	h->draft_version = (int)col_int(r, 6);
	h->latest_version = (int)yw_row_int(r, 7);
	h->revision = yw_row_int(r, 8);
	h->created_at = yw_row_int(r, 9);
	h->updated_at = yw_row_int(r, 10);
}

static int head_row(void *arg, const struct yw_row *r)
{
	read_head(r, arg);
	return 1;
}

int yw_istore_head(struct yw_conn *c, int64_t id, struct yw_item_head *out)
{
	return found(yw_q(c, SQL_HEAD, head_row, out, YW_PINT(id)));
}

int yw_istore_head_by_code(struct yw_conn *c, int64_t region_id, const char *code,
			   struct yw_item_head *out)
{
	return found(yw_q(c, SQL_HEAD_BY_CODE, head_row, out, YW_PINT(region_id), YW_PTEXT(code)));
}

int yw_istore_bump(struct yw_conn *c, int64_t id, int64_t seen, int64_t now)
{
	return found(yw_q(c, SQL_BUMP, NULL, NULL, YW_PINT(id), YW_PINT(seen), YW_PINT(now)));
}

int yw_istore_insert_item(struct yw_conn *c, struct yw_item_head *h)
{
	return ok(yw_q(c, SQL_INSERT_ITEM, yw_row_get_int, &h->id, YW_PTEXT(h->code), YW_PINT(h->region_id),
		       YW_PINT(h->department_id), YW_PTEXT(h->status), opt_int(h->current_version),
		       opt_int(h->draft_version), YW_PINT(h->latest_version), YW_PINT(h->created_at)));
}

int yw_istore_update_item(struct yw_conn *c, const struct yw_item_head *h)
{
	return ok(yw_q(c, SQL_UPDATE_ITEM, NULL, NULL, YW_PINT(h->id), YW_PINT(h->department_id),
		       YW_PTEXT(h->status), opt_int(h->current_version), opt_int(h->draft_version),
		       YW_PINT(h->latest_version)));
}

/* ---- versions ---- */

static const char SQL_INSERT_VERSION[] =
	"INSERT INTO item_versions (item_id, version, status, content, name, type, region_id, "
	"department_id, handling_type, online_depth, visits, online, in_hall, comprehensive, "
	"statutory_limit_days, promised_limit_days, created_by, created_by_name, source, created_at, "
	"updated_at, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
	"$15, $16, $17, $18, $19, $20, $20, $21) RETURNING id";
static const char SQL_UPDATE_DRAFT[] =
	"UPDATE item_versions SET content = $2, name = $3, type = $4, department_id = $5, "
	"handling_type = $6, online_depth = $7, visits = $8, online = $9, in_hall = $10, "
	"comprehensive = $11, statutory_limit_days = $12, promised_limit_days = $13, updated_at = $14 "
	"WHERE id = $1 AND status = 'draft'";
static const char SQL_VERSION_STATUS[] =
	"UPDATE item_versions SET status = $2, published_at = COALESCE($3, published_at), "
	"ended_at = $4, updated_at = $5 WHERE id = $1";
static const char SQL_DEL_HALLS[] = "DELETE FROM item_halls WHERE version_id = $1";
static const char SQL_DEL_THEMES[] = "DELETE FROM item_themes WHERE version_id = $1";

bool yw_istore_any_comprehensive(const struct yw_item *it)
{
	for (int i = 0; i < it->nhalls; i++)
		if (it->halls[i].comprehensive_window)
			return true;
	return false;
}

int yw_istore_insert_version(struct yw_conn *c, const struct yw_version_write *w, int64_t *version_id)
{
	const struct yw_item *it = w->it;
	return ok(yw_q(c, SQL_INSERT_VERSION, yw_row_get_int, version_id, YW_PINT(w->item_id),
		       YW_PINT(w->version), YW_PTEXT(w->status), YW_PTEXT(w->content), YW_PTEXT(it->name),
		       YW_PTEXT(yw_item_types[it->type]), YW_PINT(it->region_id), YW_PINT(it->department_id),
		       YW_PTEXT(yw_item_handling_types[it->handling_type]), YW_PINT(it->online_depth),
		       YW_PINT(it->visits), YW_PINT((it->handling_forms & YW_FORM_ONLINE) != 0),
		       YW_PINT(it->nhalls > 0), YW_PINT(yw_istore_any_comprehensive(it)),
		       YW_PINT(it->statutory_limit_days), YW_PINT(it->promised_limit_days),
		       opt_int(w->who ? w->who->user_id : 0),
		       YW_PTEXT(w->who && w->who->name ? w->who->name : "system"), YW_PTEXT(w->source),
		       YW_PINT(w->now), opt_int(w->published_at)));
}

int yw_istore_update_draft(struct yw_conn *c, int64_t version_id, const struct yw_version_write *w)
{
	const struct yw_item *it = w->it;
	return found(yw_q(c, SQL_UPDATE_DRAFT, NULL, NULL, YW_PINT(version_id), YW_PTEXT(w->content),
			  YW_PTEXT(it->name), YW_PTEXT(yw_item_types[it->type]), YW_PINT(it->department_id),
			  YW_PTEXT(yw_item_handling_types[it->handling_type]), YW_PINT(it->online_depth),
			  YW_PINT(it->visits), YW_PINT((it->handling_forms & YW_FORM_ONLINE) != 0),
			  YW_PINT(it->nhalls > 0), YW_PINT(yw_istore_any_comprehensive(it)),
			  YW_PINT(it->statutory_limit_days), YW_PINT(it->promised_limit_days), YW_PINT(w->now)));
}

int yw_istore_version_status(struct yw_conn *c, int64_t version_id, const char *status,
			     int64_t published_at, int64_t ended_at, int64_t now)
{
	return found(yw_q(c, SQL_VERSION_STATUS, NULL, NULL, YW_PINT(version_id), YW_PTEXT(status),
			  opt_int(published_at), opt_int(ended_at), YW_PINT(now)));
}

/* One multi-row INSERT per list instead of one statement per row: an
 * import of 20,000 items saves tens of thousands of round trips to
 * PostgreSQL. The texts for 1…max rows are built once and kept. */
static char *add_halls_sql[YW_ITEM_MAX_HALLS + 1], *add_themes_sql[YW_ITEM_MAX_THEMES + 1];
static pthread_once_t links_once = PTHREAD_ONCE_INIT;

static char *multi_insert(const char *head, int rows, int per_row)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, head);
	for (int i = 0, p = 2; i < rows; i++) {
		yw_buf_printf(&b, "%s($1", i ? ", " : " VALUES ");
		for (int k = 0; k < per_row; k++)
			yw_buf_printf(&b, ", $%d", p++);
		yw_buf_adds(&b, ")");
	}
	return yw_buf_steal(&b);
}

static void build_links(void)
{
	for (int n = 1; n <= YW_ITEM_MAX_HALLS; n++)
		add_halls_sql[n] = multi_insert("INSERT INTO item_halls (version_id, hall_id, comprehensive)", n, 2);
	for (int n = 1; n <= YW_ITEM_MAX_THEMES; n++)
		add_themes_sql[n] = multi_insert("INSERT INTO item_themes (version_id, theme)", n, 1);
}

int yw_istore_version_links(struct yw_conn *c, int64_t version_id, const struct yw_item *it, bool fresh)
{
	pthread_once(&links_once, build_links);
	int r = fresh ? YW_DB_NONE : yw_q(c, SQL_DEL_HALLS, NULL, NULL, YW_PINT(version_id));
	if (r >= 0 && !fresh)
		r = yw_q(c, SQL_DEL_THEMES, NULL, NULL, YW_PINT(version_id));
	struct yw_param p[1 + 2 * YW_ITEM_MAX_HALLS];
	p[0] = YW_PINT(version_id);
	if (r >= 0 && it->nhalls > 0 && it->nhalls <= YW_ITEM_MAX_HALLS) {
		for (int i = 0; i < it->nhalls; i++) {
			p[1 + 2 * i] = YW_PINT(it->halls[i].hall_id);
			p[2 + 2 * i] = YW_PINT(it->halls[i].comprehensive_window);
		}
		r = yw_db_query(c, add_halls_sql[it->nhalls], p, 1 + 2 * it->nhalls, NULL, NULL);
	}
	if (r >= 0 && it->nthemes > 0 && it->nthemes <= YW_ITEM_MAX_THEMES) {
		for (int i = 0; i < it->nthemes; i++)
			p[1 + i] = YW_PTEXT(it->themes[i]);
		r = yw_db_query(c, add_themes_sql[it->nthemes], p, 1 + it->nthemes, NULL, NULL);
	}
	return ok(r);
}

static const char SQL_HEADS[] = "SELECT " HEAD_COLS " FROM items i";

static int heads_row(void *arg, const struct yw_row *r)
{
	struct yw_item_heads *l = arg;
	if (l->n % 1024 == 0)
		l->rows = yw_realloc(l->rows, sizeof *l->rows * (size_t)(l->n + 1024));
	read_head(r, &l->rows[l->n++]);
	return 0;
}

int yw_istore_heads(struct yw_conn *c, struct yw_item_heads *out)
{
	free(out->rows);
	memset(out, 0, sizeof *out);
	return ok(yw_q0(c, SQL_HEADS, heads_row, out));
}

#define VERSION_COLS \
	"v.id, v.version, v.status, v.content, v.created_by, v.created_by_name, v.source, " \
	"v.created_at, v.updated_at, v.published_at, v.ended_at"
/* $2 > 0: that version; 0: the published one; -1: the draft; -2: the draft,
 * else the published one, else the latest. */
static const char SQL_GET[] =
	"SELECT " HEAD_COLS ", " VERSION_COLS " FROM items i JOIN item_versions v ON v.item_id = i.id "
	"AND v.version = CASE WHEN $2 > 0 THEN $2 WHEN $2 = 0 THEN i.current_version "
	"WHEN $2 = -1 THEN i.draft_version "
	"ELSE COALESCE(i.draft_version, i.current_version, i.latest_version) END WHERE i.id = $1";

static int view_row(void *arg, const struct yw_row *r)
{
	struct yw_item_view *v = arg;
	read_head(r, &v->head);
	int k = HEAD_NCOLS;
	v->version_id = yw_row_int(r, k);
	v->version = (int)yw_row_int(r, k + 1);
	col_copy(v->status, sizeof v->status, r, k + 2);
	v->content = col_text(r, k + 3);
	v->created_by = col_int(r, k + 4);
	v->created_by_name = col_text(r, k + 5);
	v->source = col_text(r, k + 6);
	v->created_at = yw_row_int(r, k + 7);
	v->updated_at = yw_row_int(r, k + 8);
	v->published_at = col_int(r, k + 9);
	v->ended_at = col_int(r, k + 10);
	return 1;
}

int yw_istore_get(struct yw_conn *c, int64_t item_id, int version, struct yw_item_view *out)
{
	yw_item_view_clear(out);
	return found(yw_q(c, SQL_GET, view_row, out, YW_PINT(item_id), YW_PINT(version)));
}

static const char SQL_VERSION_REF[] =
	"SELECT id, status FROM item_versions WHERE item_id = $1 AND version = $2";

static int ref_row(void *arg, const struct yw_row *r)
{
	void **out = arg;
	*(int64_t *)out[0] = yw_row_int(r, 0);
	col_copy(out[1], 12, r, 1);
	return 1;
}

int yw_istore_version_ref(struct yw_conn *c, int64_t item_id, int version, int64_t *version_id,
			  char status[12])
{
	void *out[2] = {version_id, status};
	return found(yw_q(c, SQL_VERSION_REF, ref_row, out, YW_PINT(item_id), YW_PINT(version)));
}

static const char SQL_VERSIONS[] =
	"SELECT id, version, status, name, created_by, created_by_name, source, created_at, updated_at, "
	"published_at, ended_at FROM item_versions WHERE item_id = $1 ORDER BY version DESC";

static int version_row(void *arg, const struct yw_row *r)
{
	struct yw_item_versions *l = arg;
	l->rows = yw_realloc(l->rows, sizeof *l->rows * (size_t)(l->n + 1));
	struct yw_item_version_row *v = &l->rows[l->n++];
	memset(v, 0, sizeof *v);
	v->version_id = yw_row_int(r, 0);
	v->version = (int)yw_row_int(r, 1);
	col_copy(v->status, sizeof v->status, r, 2);
	v->name = col_text(r, 3);
	v->created_by = col_int(r, 4);
	v->created_by_name = col_text(r, 5);
	v->source = col_text(r, 6);
	v->created_at = yw_row_int(r, 7);
	v->updated_at = yw_row_int(r, 8);
	v->published_at = col_int(r, 9);
	v->ended_at = col_int(r, 10);
	return 0;
}

int yw_istore_versions(struct yw_conn *c, int64_t item_id, struct yw_item_versions *out)
{
	return ok(yw_q(c, SQL_VERSIONS, version_row, out, YW_PINT(item_id)));
}

static const char SQL_VERSION_HALLS[] =
	"SELECT h.id, h.name, h.level, h.address, h.phone, h.hours FROM item_halls ih "
	"JOIN halls h ON h.id = ih.hall_id WHERE ih.version_id = $1 ORDER BY h.id";

static int hall_row(void *arg, const struct yw_row *r)
{
	struct yw_item_view *v = arg;
	v->halls = yw_realloc(v->halls, sizeof *v->halls * (size_t)(v->nhalls + 1));
	struct yw_hall_detail *h = &v->halls[v->nhalls++];
	h->id = yw_row_int(r, 0);
	h->name = col_text(r, 1);
	h->level = col_text(r, 2);
	h->address = col_text(r, 3);
	h->phone = col_text(r, 4);
	h->hours = col_text(r, 5);
	return 0;
}

int yw_istore_version_halls(struct yw_conn *c, int64_t version_id, struct yw_item_view *out)
{
	return ok(yw_q(c, SQL_VERSION_HALLS, hall_row, out, YW_PINT(version_id)));
}

/* ---- the search index ---- */

static const char SQL_INDEX[] =
	"INSERT INTO item_search (version_id, item_id, version, status, head, code, name, type, region_id, "
	"department_id, department, service_objects, themes, handling_type, online_depth, visits, "
	"promised_limit_days, search_text, bigrams) VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, "
	"$12, $13, $14, $15, $16, $17, $18) ON CONFLICT (version_id) DO UPDATE SET status = excluded.status, "
	"name = excluded.name, type = excluded.type, department_id = excluded.department_id, "
	"department = excluded.department, service_objects = excluded.service_objects, "
	"themes = excluded.themes, handling_type = excluded.handling_type, "
	"online_depth = excluded.online_depth, visits = excluded.visits, "
	"promised_limit_days = excluded.promised_limit_days, search_text = excluded.search_text, "
	"bigrams = excluded.bigrams";
static const char SQL_UNINDEX[] = "DELETE FROM item_search WHERE version_id = $1";
static const char SQL_INDEX_STATUS[] = "UPDATE item_search SET status = $2 WHERE version_id = $1";
static const char SQL_INDEX_HEAD[] =
	"UPDATE item_search SET head = CASE WHEN version_id = $2 THEN 1 ELSE 0 END WHERE item_id = $1";
static const char SQL_BUMP_GENERATION[] =
	"UPDATE catalogue_state SET generation = generation + 1 WHERE id = 1";
static const char SQL_GENERATION[] = "SELECT generation FROM catalogue_state WHERE id = 1";

char *yw_istore_objects_text(unsigned set)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, ",");
	for (int i = 0; yw_item_service_objects[i]; i++)
		if (set & (1u << i))
			yw_buf_printf(&b, "%s,", yw_item_service_objects[i]);
	return yw_buf_steal(&b);
}

char *yw_istore_themes_text(const struct yw_item *it)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "[");
	for (int i = 0; i < it->nthemes; i++) {
		if (i)
			yw_buf_adds(&b, ",");
		yw_buf_json_str(&b, it->themes[i]);
	}
	yw_buf_adds(&b, "]");
	return yw_buf_steal(&b);
}

int yw_istore_index(struct yw_conn *c, const struct yw_index_write *w)
{
	const struct yw_item *it = w->it;
	char *objects = yw_istore_objects_text(it->service_objects), *themes = yw_istore_themes_text(it);
	char *text = yw_item_search_text(it), *bigrams = yw_item_bigrams(text);
	int r = yw_q(c, SQL_INDEX, NULL, NULL, YW_PINT(w->version_id), YW_PINT(w->item_id), YW_PINT(w->version),
		     YW_PTEXT(w->status), YW_PTEXT(it->code), YW_PTEXT(it->name),
		     YW_PTEXT(yw_item_types[it->type]), YW_PINT(it->region_id), YW_PINT(it->department_id),
		     YW_PTEXT(it->department), YW_PTEXT(objects), YW_PTEXT(themes),
		     YW_PTEXT(yw_item_handling_types[it->handling_type]), YW_PINT(it->online_depth),
		     YW_PINT(it->visits), YW_PINT(it->promised_limit_days), YW_PTEXT(text), YW_PTEXT(bigrams));
	free(objects);
	free(themes);
	free(text);
	free(bigrams);
	return ok(r);
}

int yw_istore_unindex(struct yw_conn *c, int64_t version_id)
{
	return ok(yw_q(c, SQL_UNINDEX, NULL, NULL, YW_PINT(version_id)));
}

int yw_istore_index_status(struct yw_conn *c, int64_t version_id, const char *status)
{
	return ok(yw_q(c, SQL_INDEX_STATUS, NULL, NULL, YW_PINT(version_id), YW_PTEXT(status)));
}

int yw_istore_index_head(struct yw_conn *c, int64_t item_id, int64_t version_id)
{
	return ok(yw_q(c, SQL_INDEX_HEAD, NULL, NULL, YW_PINT(item_id), YW_PINT(version_id)));
}

int yw_istore_bump_generation(struct yw_conn *c)
{
	return ok(yw_q0(c, SQL_BUMP_GENERATION, NULL, NULL));
}

int yw_istore_generation(struct yw_conn *c, int64_t *gen)
{
	return ok(yw_q0(c, SQL_GENERATION, yw_row_get_int, gen));
}

/* ---- search ----
 * A word is found through an index when one can match it, and by an
 * escaped LIKE otherwise: three characters or more through trigrams (FTS5
 * on SQLite, pg_trgm under LIKE on PostgreSQL), two letters through the
 * bigram column (FTS5 unicode61 on SQLite, a tsvector GIN on PostgreSQL),
 * anything else (one character, punctuation) by LIKE alone. FTS5 trigram
 * phrases match exactly what LIKE would, so those words need no LIKE on
 * SQLite; bigram hits are checked by LIKE too (a tokenizer may cut a pair
 * that holds a symbol). Query words reach FTS5 only as quoted phrases ("
 * doubled) and PostgreSQL only as LIKE patterns and plainto_tsquery text,
 * so no query is ever FTS or tsquery syntax.
 *
 * Statements exist per engine × shape × view and are generated once.
 * Shapes: no words; words, none indexable; trigram words; bigram words;
 * both. Views: by status (the public sees 'published'), or the head row of
 * each item (staff); a plain equality, so the view indexes give both the
 * filter and the order of a page without words. */

enum { P_TRI, P_BI, P_LIKE0, P_STATUS = P_LIKE0 + YW_ITEM_QUERY_WORDS, P_DEPT, P_REGION, P_TYPE, P_OBJ,
       P_DEPTH, P_THEME, P_HALL, P_RANK, P_LIMIT, P_OFFSET, P__N };
enum { SHAPE_NONE, SHAPE_LIKE, SHAPE_TRI, SHAPE_BI, SHAPE_TRI_BI, SHAPES };
enum { VIEW_STATUS, VIEW_HEAD, VIEWS };

struct search_sql {
	char *page, *count, *contents;
	int plan[P__N]; /* $k binds logical parameter plan[k-1] */
	int nplan, ncount;
};
static struct search_sql search_sql[2][SHAPES][VIEWS];
static pthread_once_t search_once = PTHREAD_ONCE_INIT;

#define ITEM_SUMMARY_COLS \
	"s.item_id, s.version_id, s.region_id, s.department_id, s.version, s.online_depth, s.visits, " \
	"s.promised_limit_days, s.code, s.name, s.type, s.status, s.department, s.handling_type, " \
	"s.service_objects, s.themes, i.status, i.current_version, i.draft_version, i.updated_at"

static int param(struct search_sql *s, int logical)
{
	s->plan[s->nplan] = logical;
	return ++s->nplan;
}

static void opt_filter(struct yw_buf *w, struct search_sql *s, int logical, const char *expr)
{
	int k = param(s, logical);
	yw_buf_printf(w, " AND ($%d IS NULL OR ", k);
	yw_buf_printf(w, expr, k); /* expr has one %d: the parameter */
	yw_buf_adds(w, ")");
}

static void text_clauses(struct yw_buf *w, struct search_sql *s, enum yw_dialect d, int shape)
{
	bool sqlite = d == YW_DIALECT_SQLITE;
	if (shape == SHAPE_TRI || shape == SHAPE_TRI_BI)
		yw_buf_printf(w, sqlite ? " AND s.version_id IN (SELECT rowid FROM item_fts WHERE item_fts MATCH $%d)"
					: " AND s.search_text LIKE $%d ESCAPE '\\'",
			      param(s, P_TRI));
	if (shape == SHAPE_BI || shape == SHAPE_TRI_BI)
		yw_buf_printf(w, sqlite ? " AND s.version_id IN (SELECT rowid FROM item_bigrams WHERE item_bigrams "
					  "MATCH $%d)"
					: " AND to_tsvector('simple', s.bigrams) @@ plainto_tsquery('simple', $%d)",
			      param(s, P_BI));
	if (shape != SHAPE_NONE)
		for (int i = 0; i < YW_ITEM_QUERY_WORDS; i++)
			opt_filter(w, s, P_LIKE0 + i, "s.search_text LIKE $%d ESCAPE '\\'");
}

static void build_one(struct search_sql *s, enum yw_dialect d, int shape, int view)
{
	struct yw_buf w = {0};
	/* With words, the unary + keeps SQLite off the view index: the FTS
	 * result (some rowids) drives better, and a LIKE scan reads the table
	 * faster in rowid order than through the index. PostgreSQL has no
	 * unary + for text and plans by statistics anyway. */
	const char *plus = shape != SHAPE_NONE && d == YW_DIALECT_SQLITE ? "+" : "";
	if (view == VIEW_STATUS)
		yw_buf_printf(&w, " WHERE %ss.status = $%d", plus, param(s, P_STATUS));
	else
		yw_buf_printf(&w, " WHERE %ss.head = 1", plus);
	text_clauses(&w, s, d, shape);
	opt_filter(&w, s, P_DEPT, "s.department_id = $%d");
	opt_filter(&w, s, P_REGION, "s.region_id = $%d");
	opt_filter(&w, s, P_TYPE, "s.type = $%d");
	opt_filter(&w, s, P_OBJ, "s.service_objects LIKE $%d");
	opt_filter(&w, s, P_DEPTH, "s.online_depth = $%d");
	opt_filter(&w, s, P_THEME, "s.version_id IN (SELECT version_id FROM item_themes WHERE theme = $%d)");
	opt_filter(&w, s, P_HALL, "s.version_id IN (SELECT version_id FROM item_halls WHERE hall_id = $%d)");
	s->ncount = s->nplan;
	s->count = yw_asprintf("SELECT COUNT(*) FROM item_search s%s", w.data);
	/* An export: the same filter, every row, the content of each version. */
	s->contents = yw_asprintf("SELECT v.content FROM item_search s JOIN item_versions v ON v.id = s.version_id%s "
				  "ORDER BY s.region_id, s.code, s.version_id",
				  w.data);
	char order[96];
	if (shape == SHAPE_NONE)
		snprintf(order, sizeof order, "s.code, s.version_id");
	else
		snprintf(order, sizeof order,
			 "CASE WHEN s.name LIKE $%d ESCAPE '\\' THEN 0 ELSE 1 END, s.code, s.version_id",
			 param(s, P_RANK));
	int limit = param(s, P_LIMIT), offset = param(s, P_OFFSET);
	s->page = yw_asprintf("SELECT " ITEM_SUMMARY_COLS " FROM item_search s JOIN items i ON i.id = s.item_id%s "
			      "ORDER BY %s LIMIT $%d OFFSET $%d",
			      w.data, order, limit, offset);
	yw_buf_free(&w);
}

static void build_search(void)
{
	for (int d = 0; d < 2; d++)
		for (int shape = 0; shape < SHAPES; shape++)
			for (int view = 0; view < VIEWS; view++)
				build_one(&search_sql[d][shape][view], (enum yw_dialect)d, shape, view);
}

static int summary_row(void *arg, const struct yw_row *r)
{
	struct yw_item_page *p = arg;
	p->items = yw_realloc(p->items, sizeof *p->items * (size_t)(p->n + 1));
	struct yw_item_summary *s = &p->items[p->n++];
	s->id = yw_row_int(r, 0);
	s->version_id = yw_row_int(r, 1);
	s->region_id = yw_row_int(r, 2);
	s->department_id = yw_row_int(r, 3);
	s->version = (int)yw_row_int(r, 4);
	s->online_depth = (int)yw_row_int(r, 5);
	s->visits = (int)yw_row_int(r, 6);
	s->promised_limit_days = (int)yw_row_int(r, 7);
	s->code = col_text(r, 8);
	s->name = col_text(r, 9);
	s->type = col_text(r, 10);
	s->status = col_text(r, 11);
	s->department = col_text(r, 12);
	s->handling_type = col_text(r, 13);
	s->service_objects = col_text(r, 14);
	s->themes = col_text(r, 15);
	s->item_status = col_text(r, 16);
	/* The version in force: a retired item has none. */
	s->published_version = s->item_status && !strcmp(s->item_status, "published") ? (int)col_int(r, 17) : 0;
	s->draft_version = (int)col_int(r, 18);
	s->updated_at = col_int(r, 19);
	return 0;
}

void yw_istore_add_phrase(struct yw_buf *b, const char *w, bool quote)
{
	if (b->len)
		yw_buf_add(b, " ", 1);
	if (!quote) {
		yw_buf_adds(b, w);
		return;
	}
	yw_buf_add(b, "\"", 1);
	for (const char *p = w; *p; p++) {
		yw_buf_add(b, p, 1);
		if (*p == '"')
			yw_buf_add(b, "\"", 1);
	}
	yw_buf_add(b, "\"", 1);
}

void yw_istore_plan_text(const char *const *words, const char *const *like, int nwords, enum yw_dialect d,
			 struct yw_text_plan *tp)
{
	bool sqlite = d == YW_DIALECT_SQLITE;
	struct yw_buf tri = {0}, bi = {0};
	memset(tp, 0, sizeof *tp);
	for (int i = 0; i < nwords; i++) {
		const char *w = words[i];
		tp->need_like[i] = true;
		if (yw_utf8_len(w) >= 3 && (sqlite || !tri.len)) {
			/* SQLite: every long word in the MATCH; PostgreSQL: the first
			 * long word's pattern drives the trigram index. */
			if (sqlite)
				yw_istore_add_phrase(&tri, w, true);
			else
				yw_buf_adds(&tri, like[i]);
			tp->need_like[i] = false;
		} else if (yw_item_bigram_word(w)) {
			yw_istore_add_phrase(&bi, w, sqlite);
		}
	}
	tp->tri = tri.len ? yw_buf_steal(&tri) : NULL;
	tp->bi = bi.len ? yw_buf_steal(&bi) : NULL;
	tp->shape = tp->tri && tp->bi ? SHAPE_TRI_BI : tp->tri ? SHAPE_TRI : tp->bi ? SHAPE_BI
						: nwords ? SHAPE_LIKE : SHAPE_NONE;
	yw_buf_free(&tri);
	yw_buf_free(&bi);
}

static void plan_text(const struct yw_istore_query *q, enum yw_dialect d, struct yw_text_plan *tp)
{
	yw_istore_plan_text(q->words, q->like, q->nwords, d, tp);
}

static struct yw_param logical_value(const struct yw_istore_query *q, const struct yw_text_plan *tp,
				     int logical)
{
	if (logical >= P_LIKE0 && logical < P_LIKE0 + YW_ITEM_QUERY_WORDS) {
		int w = logical - P_LIKE0;
		return YW_PTEXT(w < q->nwords && tp->need_like[w] ? q->like[w] : NULL);
	}
	switch (logical) {
	case P_TRI: return YW_PTEXT(tp->tri);
	case P_BI: return YW_PTEXT(tp->bi);
	case P_STATUS: return YW_PTEXT(q->status);
	case P_DEPT: return opt_int(q->department_id);
	case P_REGION: return opt_int(q->region_id);
	case P_TYPE: return YW_PTEXT(q->type);
	case P_OBJ: return YW_PTEXT(q->service_object);
	case P_DEPTH: return opt_int(q->online_depth);
	case P_THEME: return YW_PTEXT(q->theme);
	case P_HALL: return opt_int(q->hall_id);
	case P_RANK: return YW_PTEXT(q->nwords ? q->like[0] : NULL);
	case P_LIMIT: return YW_PINT(q->limit);
	default: return YW_PINT(q->offset);
	}
}

int yw_istore_search(struct yw_conn *c, const struct yw_istore_query *q, struct yw_item_page *out)
{
	pthread_once(&search_once, build_search);
	enum yw_dialect d = yw_store_dialect(yw_conn_store(c));
	struct yw_text_plan tp;
	plan_text(q, d, &tp);
	const struct search_sql *s = &search_sql[d][tp.shape][q->head ? VIEW_HEAD : VIEW_STATUS];
	struct yw_param p[P__N];
	for (int k = 0; k < s->nplan; k++)
		p[k] = logical_value(q, &tp, s->plan[k]);
	memset(out, 0, sizeof *out);
	int r = yw_db_query(c, s->count, p, s->ncount, yw_row_get_int, &out->total);
	if (r >= 0 && out->total > q->offset)
		r = yw_db_query(c, s->page, p, s->nplan, summary_row, out);
	free(tp.tri);
	free(tp.bi);
	return ok(r);
}

struct content_ctx {
	yw_content_fn fn;
	void *ctx;
	int st;
};

static int content_row(void *arg, const struct yw_row *r)
{
	struct content_ctx *cc = arg;
	cc->st = cc->fn(cc->ctx, yw_row_text(r, 0));
	return cc->st != YW_OK;
}

int yw_istore_search_contents(struct yw_conn *c, const struct yw_istore_query *q, yw_content_fn fn,
			      void *ctx)
{
	pthread_once(&search_once, build_search);
	enum yw_dialect d = yw_store_dialect(yw_conn_store(c));
	struct yw_text_plan tp;
	plan_text(q, d, &tp);
	const struct search_sql *s = &search_sql[d][tp.shape][q->head ? VIEW_HEAD : VIEW_STATUS];
	struct yw_param p[P__N];
	for (int k = 0; k < s->ncount; k++)
		p[k] = logical_value(q, &tp, s->plan[k]);
	struct content_ctx cc = {fn, ctx, YW_OK};
	int r = yw_db_query(c, s->contents, p, s->ncount, content_row, &cc);
	free(tp.tri);
	free(tp.bi);
	return r < 0 ? r : cc.st;
}

static const char SQL_THEMES[] =
	"SELECT t.theme, COUNT(*) FROM item_search s JOIN item_themes t ON t.version_id = s.version_id "
	"WHERE s.status = 'published' GROUP BY t.theme ORDER BY COUNT(*) DESC, t.theme";

static int theme_row(void *arg, const struct yw_row *r)
{
	struct yw_theme_list *l = arg;
	l->rows = yw_realloc(l->rows, sizeof *l->rows * (size_t)(l->n + 1));
	l->rows[l->n].theme = col_text(r, 0);
	l->rows[l->n].items = yw_row_int(r, 1);
	l->n++;
	return 0;
}

int yw_istore_themes(struct yw_conn *c, struct yw_theme_list *out)
{
	return ok(yw_q0(c, SQL_THEMES, theme_row, out));
}

static const char SQL_DEPARTMENTS[] =
	"SELECT s.department_id, d.name, d.short_name, COUNT(*) FROM item_search s "
	"JOIN departments d ON d.id = s.department_id WHERE s.status = 'published' "
	"GROUP BY s.department_id, d.name, d.short_name ORDER BY COUNT(*) DESC, s.department_id";

static int department_row(void *arg, const struct yw_row *r)
{
	struct yw_department_list *l = arg;
	l->rows = yw_realloc(l->rows, sizeof *l->rows * (size_t)(l->n + 1));
	l->rows[l->n].id = yw_row_int(r, 0);
	l->rows[l->n].name = col_text(r, 1);
	l->rows[l->n].short_name = col_text(r, 2);
	l->rows[l->n].items = yw_row_int(r, 3);
	l->n++;
	return 0;
}

int yw_istore_departments(struct yw_conn *c, struct yw_department_list *out)
{
	return ok(yw_q0(c, SQL_DEPARTMENTS, department_row, out));
}

/* ---- KPIs: one pass over the current published versions ---- */

#define KPI_SUMS \
	"COUNT(*), SUM(v.in_hall), SUM(v.comprehensive), SUM(v.online), " \
	"SUM(CASE WHEN v.online_depth = 4 THEN 1 ELSE 0 END), " \
	"SUM(CASE WHEN v.visits <= 1 THEN 1 ELSE 0 END), " \
	"SUM(CASE WHEN v.handling_type = 'immediate' THEN 1 ELSE 0 END), " \
	"SUM(v.promised_limit_days), SUM(v.statutory_limit_days)"
#define KPI_FROM \
	" FROM items i JOIN item_versions v ON v.item_id = i.id AND v.version = i.current_version"
#define KPI_WHERE \
	" WHERE i.status = 'published' AND ($1 IS NULL OR v.region_id IN (SELECT id FROM regions " \
	"WHERE path LIKE $1)) AND ($2 IS NULL OR v.department_id = $2)"
static const char SQL_KPI_DEPARTMENT[] =
	"SELECT v.department_id, d.name, " KPI_SUMS KPI_FROM
	" JOIN departments d ON d.id = v.department_id" KPI_WHERE
	" GROUP BY v.department_id, d.name ORDER BY v.department_id";
static const char SQL_KPI_REGION[] =
	"SELECT v.region_id, r.name, " KPI_SUMS KPI_FROM " JOIN regions r ON r.id = v.region_id" KPI_WHERE
	" GROUP BY v.region_id, r.name ORDER BY v.region_id";

struct kpi_ctx {
	struct yw_kpi_counts **rows;
	int *n;
};

static int kpi_row(void *arg, const struct yw_row *r)
{
	struct kpi_ctx *k = arg;
	*k->rows = yw_realloc(*k->rows, sizeof **k->rows * (size_t)(*k->n + 1));
	struct yw_kpi_counts *c = &(*k->rows)[(*k->n)++];
	c->key = yw_row_int(r, 0);
	c->label = col_text(r, 1);
	int64_t *v[] = {&c->items,	  &c->in_hall,	 &c->comprehensive, &c->online,	      &c->full_online,
			&c->at_most_once, &c->immediate, &c->sum_promised,  &c->sum_statutory};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		*v[i] = col_int(r, 2 + (int)i);
	return 0;
}

int yw_istore_kpis(struct yw_conn *c, char by, const char *region_path, int64_t department_id,
		   struct yw_kpi_counts **rows, int *n)
{
	struct kpi_ctx k = {rows, n};
	char *like = region_path ? yw_asprintf("%s%%", region_path) : NULL;
	int r = yw_q(c, by == 'r' ? SQL_KPI_REGION : SQL_KPI_DEPARTMENT, kpi_row, &k, YW_PTEXT(like),
		     opt_int(department_id));
	free(like);
	return ok(r);
}

static const char SQL_PUBLISHED[] =
	"SELECT v.content" KPI_FROM " WHERE i.status = 'published' ORDER BY i.region_id, i.code";

int yw_istore_published(struct yw_conn *c, yw_content_fn fn, void *ctx)
{
	struct content_ctx cc = {fn, ctx, YW_OK};
	int r = yw_q0(c, SQL_PUBLISHED, content_row, &cc);
	return r < 0 ? r : cc.st;
}
