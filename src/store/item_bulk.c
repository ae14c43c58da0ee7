/* New items of an import, written BULK at a time: one multi-row INSERT for
 * the items, one for their versions, one for their search rows and a few
 * for their halls and themes, instead of five or six statements per item.
 * On PostgreSQL every statement is a round trip, and for 20,000 items the
 * round trips, not the work, were most of the time. The statement texts
 * for every row count are built once and kept (the statement cache is keyed
 * by their address). Both engines take multi-row VALUES and RETURNING; rows
 * come back in no promised order, so they are matched by their keys. */
#include "store/item_store_internal.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

enum { BULK = 50, LINKS = 64 };

static char *items_sql[BULK + 1], *versions_sql[BULK + 1], *search_sql[BULK + 1];
static char *halls_sql[LINKS + 1], *themes_sql[LINKS + 1];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* "head VALUES (row), (row)… tail" where row is a template whose "?" are
 * numbered parameters in turn. */
static char *values(const char *head, const char *row, int rows, const char *tail)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, head);
	yw_buf_adds(&b, " VALUES ");
	int n = 1;
	for (int r = 0; r < rows; r++) {
		yw_buf_adds(&b, r ? ", (" : "(");
		for (const char *p = row; *p; p++) {
			if (*p == '?')
				yw_buf_printf(&b, "$%d", n++);
			else
				yw_buf_add(&b, p, 1);
		}
		yw_buf_adds(&b, ")");
	}
	yw_buf_adds(&b, tail);
	return yw_buf_steal(&b);
}

enum { ITEM_PARAMS = 5, VERSION_PARAMS = 20, SEARCH_PARAMS = 16 };

static void build(void)
{
	for (int n = 1; n <= BULK; n++) {
		items_sql[n] = values("INSERT INTO items (code, region_id, department_id, status, current_version, "
				      "draft_version, latest_version, revision, created_at, updated_at)",
				      "?, ?, ?, 'published', 1, NULL, 1, 1, ?, ?", n, " RETURNING id, region_id, code");
		versions_sql[n] = values(
			"INSERT INTO item_versions (item_id, version, status, content, name, type, region_id, "
			"department_id, handling_type, online_depth, visits, online, in_hall, comprehensive, "
			"statutory_limit_days, promised_limit_days, created_by, created_by_name, source, created_at, "
			"updated_at, published_at)",
			"?, 1, 'published', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", n,
			" RETURNING id, item_id");
		search_sql[n] = values("INSERT INTO item_search (version_id, item_id, version, status, head, code, name, "
				       "type, region_id, department_id, department, service_objects, themes, "
				       "handling_type, online_depth, visits, promised_limit_days, search_text, bigrams)",
				       "?, ?, 1, 'published', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", n, "");
	}
	for (int n = 1; n <= LINKS; n++) {
		halls_sql[n] = values("INSERT INTO item_halls (version_id, hall_id, comprehensive)", "?, ?, ?", n, "");
		themes_sql[n] = values("INSERT INTO item_themes (version_id, theme)", "?, ?", n, "");
	}
}


struct chunk {
	struct yw_new_item *items;
	int n;
};

static int item_id_row(void *arg, const struct yw_row *r)
{
	struct chunk *ch = arg;
	int64_t region = yw_row_int(r, 1);
	const char *code = yw_row_text(r, 2);
	for (int i = 0; i < ch->n; i++)
		if (ch->items[i].head->region_id == region && !strcmp(ch->items[i].head->code, code))
			ch->items[i].head->id = yw_row_int(r, 0);
	return 0;
}

static int version_id_row(void *arg, const struct yw_row *r)
{
	struct chunk *ch = arg;
	int64_t item = yw_row_int(r, 1);
	for (int i = 0; i < ch->n; i++)
		if (ch->items[i].head->id == item)
			ch->items[i].version_id = yw_row_int(r, 0);
	return 0;
}

static int insert_items(struct yw_conn *c, struct chunk *ch, int64_t now)
{
	struct yw_param p[BULK * ITEM_PARAMS] = {0};
	int k = 0;
	for (int i = 0; i < ch->n; i++) {
		const struct yw_item_head *h = ch->items[i].head;
		p[k++] = YW_PTEXT(h->code);
		p[k++] = YW_PINT(h->region_id);
		p[k++] = YW_PINT(h->department_id);
		p[k++] = YW_PINT(now); /* created_at */
		p[k++] = YW_PINT(now); /* updated_at */
	}
	return yw_db_query(c, items_sql[ch->n], p, k, item_id_row, ch);
}

static int insert_versions(struct yw_conn *c, struct chunk *ch, const char *source, const struct yw_actor *who,
			   int64_t now)
{
	struct yw_param p[BULK * VERSION_PARAMS] = {0};
	int k = 0;
	for (int i = 0; i < ch->n; i++) {
		const struct yw_item *it = ch->items[i].it;
		p[k++] = YW_PINT(ch->items[i].head->id);
		p[k++] = YW_PTEXT(ch->items[i].content);
		p[k++] = YW_PTEXT(it->name);
		p[k++] = YW_PTEXT(yw_item_types[it->type]);
		p[k++] = YW_PINT(it->region_id);
		p[k++] = YW_PINT(it->department_id);
		p[k++] = YW_PTEXT(yw_item_handling_types[it->handling_type]);
		p[k++] = YW_PINT(it->online_depth);
		p[k++] = YW_PINT(it->visits);
		p[k++] = YW_PINT((it->handling_forms & YW_FORM_ONLINE) != 0);
		p[k++] = YW_PINT(it->nhalls > 0);
		p[k++] = YW_PINT(yw_istore_any_comprehensive(it));
		p[k++] = YW_PINT(it->statutory_limit_days);
		p[k++] = YW_PINT(it->promised_limit_days);
		p[k++] = opt_int(who ? who->user_id : 0);
		p[k++] = YW_PTEXT(who && who->name ? who->name : "system");
		p[k++] = YW_PTEXT(source);
		p[k++] = YW_PINT(now);
		p[k++] = YW_PINT(now);
		p[k++] = YW_PINT(now);
	}
	return yw_db_query(c, versions_sql[ch->n], p, k, version_id_row, ch);
}

static int insert_search(struct yw_conn *c, struct chunk *ch)
{
	struct yw_param p[BULK * SEARCH_PARAMS] = {0};
	char *owned[BULK * 4];
	int k = 0, o = 0;
	for (int i = 0; i < ch->n; i++) {
		const struct yw_item *it = ch->items[i].it;
		char *objects = yw_istore_objects_text(it->service_objects), *themes = yw_istore_themes_text(it);
		char *text = yw_item_search_text(it), *bigrams = yw_item_bigrams(text);
		owned[o++] = objects, owned[o++] = themes, owned[o++] = text, owned[o++] = bigrams;
		p[k++] = YW_PINT(ch->items[i].version_id);
		p[k++] = YW_PINT(ch->items[i].head->id);
		p[k++] = YW_PTEXT(it->code);
		p[k++] = YW_PTEXT(it->name);
		p[k++] = YW_PTEXT(yw_item_types[it->type]);
		p[k++] = YW_PINT(it->region_id);
		p[k++] = YW_PINT(it->department_id);
		p[k++] = YW_PTEXT(it->department);
		p[k++] = YW_PTEXT(objects);
		p[k++] = YW_PTEXT(themes);
		p[k++] = YW_PTEXT(yw_item_handling_types[it->handling_type]);
		p[k++] = YW_PINT(it->online_depth);
		p[k++] = YW_PINT(it->visits);
		p[k++] = YW_PINT(it->promised_limit_days);
		p[k++] = YW_PTEXT(text);
		p[k++] = YW_PTEXT(bigrams);
	}
	int r = yw_db_query(c, search_sql[ch->n], p, k, NULL, NULL);
	for (int i = 0; i < o; i++)
		free(owned[i]);
	return r;
}

/* Rows of (version, hall, comprehensive) or (version, theme), sent LINKS
 * rows at a time. */
struct links {
	struct yw_param p[LINKS * 3];
	int rows, per_row;
	char **sql;
};

static int flush(struct yw_conn *c, struct links *l)
{
	int r = l->rows ? yw_db_query(c, l->sql[l->rows], l->p, l->rows * l->per_row, NULL, NULL) : YW_DB_NONE;
	l->rows = 0;
	return r;
}

static int add_link(struct yw_conn *c, struct links *l, const struct yw_param *row)
{
	memcpy(&l->p[l->rows * l->per_row], row, sizeof *row * (size_t)l->per_row);
	return ++l->rows == LINKS ? flush(c, l) : YW_DB_NONE;
}

static int insert_links(struct yw_conn *c, struct chunk *ch)
{
	struct links halls = {.per_row = 3, .sql = halls_sql}, themes = {.per_row = 2, .sql = themes_sql};
	int r = YW_DB_NONE;
	for (int i = 0; r >= 0 && i < ch->n; i++) {
		const struct yw_item *it = ch->items[i].it;
		int64_t v = ch->items[i].version_id;
		for (int k = 0; r >= 0 && k < it->nhalls; k++)
			r = add_link(c, &halls, (struct yw_param[]){YW_PINT(v), YW_PINT(it->halls[k].hall_id),
								    YW_PINT(it->halls[k].comprehensive_window)});
		for (int k = 0; r >= 0 && k < it->nthemes; k++)
			r = add_link(c, &themes, (struct yw_param[]){YW_PINT(v), YW_PTEXT(it->themes[k])});
	}
	if (r >= 0)
		r = flush(c, &halls);
	if (r >= 0)
		r = flush(c, &themes);
	return r;
}

int yw_istore_insert_new_items(struct yw_conn *c, struct yw_new_item *items, int n, const char *source,
			       const struct yw_actor *who, int64_t now)
{
	pthread_once(&once, build);
	for (int start = 0; start < n; start += BULK) {
		struct chunk ch = {items + start, n - start < BULK ? n - start : BULK};
		int r = insert_items(c, &ch, now);
		if (r >= 0)
			r = insert_versions(c, &ch, source, who, now);
		if (r >= 0)
			r = insert_search(c, &ch);
		if (r >= 0)
			r = insert_links(c, &ch);
		if (r < 0)
			return r;
	}
	return YW_OK;
}
