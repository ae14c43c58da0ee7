/* Import of catalogue files (docs/catalogue-format.md): CSV with or without
 * a BOM, or JSON {"format": "yiwang-items/1", "items": […]}.
 *
 * All or nothing. Every row is parsed first (shape), then — inside one
 * transaction — resolved (region, department, halls), checked against the
 * consistency rules and the importer's scope, checked for a code given twice
 * in the file, and compared with what is stored. Only when no row is bad are
 * the changes written, in the same transaction: a new item, or a new
 * published version when the content changed; an unchanged item gets
 * nothing, so importing a file twice changes nothing the second time. */
#include "catalogue_internal.h"
#include "item_csv.h"
#include "item_json_internal.h"
#include "yw/audit.h"
#include "yw/item_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ROWS = 50000 };

enum col_kind { K_TEXT, K_INT, K_BOOL, K_LIST, K_JSON };
static const struct column {
	const char *name;
	enum col_kind kind;
	bool required;
} columns[] = {
	{"code", K_TEXT, true},		     {"region", K_TEXT, true},
	{"name", K_TEXT, true},		     {"type", K_TEXT, true},
	{"department", K_TEXT, true},	     {"implementing_agency", K_TEXT, false},
	{"service_objects", K_LIST, true},   {"legal_basis", K_TEXT, false},
	{"conditions", K_TEXT, false},	     {"materials", K_JSON, true},
	{"steps", K_JSON, true},	     {"statutory_limit_days", K_INT, true},
	{"promised_limit_days", K_INT, true}, {"handling_type", K_TEXT, true},
	{"review_type", K_TEXT, true},	     {"fee", K_JSON, false},
	{"online_depth", K_INT, true},	     {"visits", K_INT, true},
	{"handling_forms", K_LIST, true},    {"result_type", K_TEXT, true},
	{"result_name", K_TEXT, false},	     {"delivery", K_LIST, true},
	{"halls", K_JSON, false},	     {"cross_region", K_JSON, false},
	{"consult_phone", K_TEXT, true},     {"complaint_phone", K_TEXT, true},
	{"tolerance", K_BOOL, false},	     {"themes", K_LIST, false},
};
enum { NCOLUMNS = sizeof columns / sizeof columns[0] };

const char *const yw_item_csv_columns[] = {
	"code",		"region",	"name",		 "type",	   "department",
	"implementing_agency", "service_objects", "legal_basis", "conditions",    "materials",
	"steps",	"statutory_limit_days", "promised_limit_days", "handling_type", "review_type",
	"fee",		"online_depth", "visits",	 "handling_forms", "result_type",
	"result_name",	"delivery",	"halls",	 "cross_region",  "consult_phone",
	"complaint_phone", "tolerance", "themes",	 NULL};

struct row {
	int line, index;
	bool parsed, bad;
	struct yw_item it;
	enum { R_CREATE, R_UPDATE, R_UNCHANGED } action;
	struct yw_item_head head;
	char *content;
};

struct import {
	const struct yw_actor *who;
	const char *source;
	bool dry_run;
	struct row *rows;
	int n;
	struct yw_import_report *rep;
	int parse_errors;
	struct yw_item_heads heads; /* what is stored, sorted by region and code */
};

void yw_import_report_free(struct yw_import_report *r)
{
	free(r->errors);
	memset(r, 0, sizeof *r);
}

static void add_error(struct yw_import_report *rep, int line, int item, const char *column, const char *code,
		      enum yw_err err, const char *reason)
{
	rep->errors = yw_realloc(rep->errors, sizeof *rep->errors * (size_t)(rep->nerrors + 1));
	struct yw_import_error *e = &rep->errors[rep->nerrors++];
	memset(e, 0, sizeof *e);
	e->line = line;
	e->item = item;
	e->err = err;
	snprintf(e->column, sizeof e->column, "%s", column ? column : "");
	snprintf(e->code, sizeof e->code, "%s", code ? code : "");
	snprintf(e->reason, sizeof e->reason, "%s", reason ? reason : yw_err_hint(err));
}

/* A field path ("materials[2].count") names its column ("materials"). */
static void row_error(struct import *im, struct row *r, const struct yw_error *e)
{
	char column[64];
	snprintf(column, sizeof column, "%s", e->field);
	column[strcspn(column, ".[")] = 0;
	add_error(im->rep, r->line, r->index, column, r->it.code, e->err ? e->err : YW_E_INTERNAL,
		  e->detail[0] ? e->detail : NULL);
	r->bad = true;
}

/* ---- reading a CSV file into JSON objects ---- */

static json_t *list_cell(const char *cell)
{
	json_t *a = json_array();
	for (const char *p = cell;;) {
		size_t n = strcspn(p, "|");
		const char *s = p, *e = p + n;
		while (s < e && *s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		json_array_append_new(a, json_stringn(s, (size_t)(e - s)));
		if (!p[n])
			break;
		p += n + 1;
	}
	return a;
}

static json_t *cell_value(const struct column *col, const char *cell, char *why, size_t n)
{
	switch (col->kind) {
	case K_TEXT: return json_string(cell);
	case K_LIST: return list_cell(cell);
	case K_INT: {
		char *end;
		long long v = strtoll(cell, &end, 10);
		if (*end || strlen(cell) > 10) {
			snprintf(why, n, "“%s” 不是整数 / not an integer", cell);
			return NULL;
		}
		return json_integer(v);
	}
	case K_BOOL:
		if (!strcmp(cell, "true") || !strcmp(cell, "TRUE") || !strcmp(cell, "1") || !strcmp(cell, "是"))
			return json_true();
		if (!strcmp(cell, "false") || !strcmp(cell, "FALSE") || !strcmp(cell, "0") || !strcmp(cell, "否"))
			return json_false();
		snprintf(why, n, "“%s” 应为 true 或 false / should be true or false", cell);
		return NULL;
	case K_JSON: {
		json_error_t je;
		json_t *v = json_loads(cell, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
		if (!v)
			snprintf(why, n, "单元格不是合法的 JSON / the cell is not JSON: %.120s", je.text);
		return v;
	}
	}
	return NULL;
}

static const struct column *find_column(const char *name)
{
	for (int i = 0; i < NCOLUMNS; i++)
		if (!strcmp(columns[i].name, name))
			return &columns[i];
	return NULL;
}

/* The header row: every name known, none twice, the required ones there. */
static bool read_header(struct yw_import_report *rep, const struct yw_csv_record *h,
			const struct column **map)
{
	int before = rep->nerrors;
	for (int i = 0; i < h->n; i++) {
		map[i] = find_column(h->cells[i]);
		if (!map[i])
			add_error(rep, 1, -1, h->cells[i], NULL, YW_E_UNKNOWN_FIELD, "表头中有未定义的列 / unknown column");
		for (int k = 0; k < i && map[i]; k++)
			if (map[k] == map[i])
				add_error(rep, 1, -1, h->cells[i], NULL, YW_E_DUPLICATE, "列名重复 / column given twice");
	}
	for (int c = 0; c < NCOLUMNS; c++) {
		bool present = false;
		for (int i = 0; i < h->n && !present; i++)
			present = map[i] == &columns[c];
		if (columns[c].required && !present)
			add_error(rep, 1, -1, columns[c].name, NULL, YW_E_MISSING_FIELD, "缺少必需的列 / required column missing");
	}
	return rep->nerrors == before;
}

static void add_row(struct import *im, int line, json_t *obj, const char *bad_column, enum yw_err bad_err,
		    const char *why)
{
	struct row *r = &im->rows[im->n];
	memset(r, 0, sizeof *r);
	r->line = line;
	r->index = im->n++;
	if (bad_column) {
		const char *code = json_string_value(json_object_get(obj, "code"));
		add_error(im->rep, line, r->index, bad_column, code, bad_err, why);
		r->bad = true;
		return;
	}
	struct yw_error e = {0};
	if (yw_item_from_value(obj, &r->it, NULL, &e)) {
		r->it.code = json_string_value(json_object_get(obj, "code"))
				     ? yw_strdup(json_string_value(json_object_get(obj, "code")))
				     : NULL;
		row_error(im, r, &e);
		return;
	}
	r->parsed = true;
}

static void csv_row(struct import *im, const struct yw_csv_record *rec, const struct column **map, int ncols)
{
	json_t *obj = json_object();
	const char *bad = NULL;
	enum yw_err err = YW_E_NONE;
	char why[256] = "";
	if (rec->n != ncols) {
		bad = "";
		err = YW_E_BAD_FORMAT;
		snprintf(why, sizeof why, "应有 %d 个单元格，实际 %d 个 / expected %d cells, got %d", ncols, rec->n,
			 ncols, rec->n);
	}
	for (int i = 0; !bad && i < rec->n; i++) {
		const char *cell = rec->cells[i];
		if (!*cell)
			continue;
		if (!yw_utf8_valid(cell, strlen(cell))) {
			bad = map[i]->name, err = YW_E_BAD_UTF8;
			snprintf(why, sizeof why, "不是合法的 UTF-8 文本 / not valid UTF-8 text");
			break;
		}
		json_t *v = cell_value(map[i], cell, why, sizeof why);
		if (!v) {
			bad = map[i]->name;
			err = map[i]->kind == K_JSON ? YW_E_BAD_JSON : YW_E_BAD_TYPE;
			break;
		}
		json_object_set_new(obj, map[i]->name, v);
	}
	add_row(im, rec->line, obj, bad, err, why);
	json_decref(obj);
}

static int read_csv(struct import *im, const char *data, size_t len)
{
	struct yw_csv csv;
	int bad_line = 0;
	const char *why = NULL;
	if (yw_csv_parse(data, len, &csv, &bad_line, &why)) {
		add_error(im->rep, bad_line, -1, "", NULL, YW_E_BAD_FORMAT, why);
		yw_csv_free(&csv);
		return YW_FAIL;
	}
	if (csv.n == 0 || csv.n > MAX_ROWS + 1) {
		add_error(im->rep, 1, -1, "", NULL, YW_E_BAD_FORMAT,
			  csv.n ? "行数超过 50000 / more than 50000 rows" : "文件为空 / the file is empty");
		yw_csv_free(&csv);
		return YW_FAIL;
	}
	const struct column **map = yw_calloc((size_t)csv.rows[0].n + 1, sizeof *map);
	int st = YW_FAIL;
	if (read_header(im->rep, &csv.rows[0], map)) {
		im->rows = yw_calloc((size_t)csv.n, sizeof *im->rows);
		for (int i = 1; i < csv.n; i++)
			if (!yw_csv_blank(&csv.rows[i]))
				csv_row(im, &csv.rows[i], map, csv.rows[0].n);
		st = YW_OK;
	}
	free(map);
	yw_csv_free(&csv);
	return st;
}

/* ---- reading a JSON file ---- */

/* The line each element of the top-level "items" array starts on: jansson
 * keeps no positions, so the text is scanned once (strings skipped). */
static int *item_lines(const char *s, size_t len, int *count)
{
	int *lines = NULL, n = 0, depth = 0, line = 1;
	bool in_str = false, esc = false, in_items = false, await = false;
	const char *key = NULL, *last_key = NULL;
	size_t last_len = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == '\n')
			line++;
		if (in_str) {
			if (esc)
				esc = false;
			else if (ch == '\\')
				esc = true;
			else if (ch == '"') {
				in_str = false;
				if (depth == 1)
					last_key = key, last_len = (size_t)(s + i - key);
			}
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == ':')
			continue;
		if (in_items && depth == 2 && await && ch != ']') {
			lines = yw_realloc(lines, sizeof *lines * (size_t)(n + 1));
			lines[n++] = line;
			await = false;
		}
		if (ch == '"') {
			in_str = true;
			key = s + i + 1;
		} else if (ch == '{' || ch == '[') {
			if (ch == '[' && depth == 1 && last_key && last_len == 5 && !strncmp(last_key, "items", 5))
				in_items = await = true;
			depth++;
		} else if (ch == '}' || ch == ']') {
			depth--;
			if (depth == 1)
				in_items = false;
		} else if (ch == ',' && in_items && depth == 2) {
			await = true;
		}
	}
	*count = n;
	return lines;
}

static int read_json(struct import *im, const char *data, size_t len)
{
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) /* a BOM, as some editors write */
		data += 3, len -= 3;
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		add_error(im->rep, je.line, -1, "", NULL, YW_E_BAD_JSON, je.text);
		return YW_FAIL;
	}
	json_t *items = json_object_get(root, "items");
	const char *format = json_string_value(json_object_get(root, "format"));
	int st = YW_FAIL;
	if (!format || strcmp(format, "yiwang-items/1"))
		add_error(im->rep, 1, -1, "format", NULL, YW_E_BAD_FORMAT,
			  "文件应为 {\"format\": \"yiwang-items/1\", \"items\": [...]}");
	else if (!json_is_array(items) || json_array_size(items) > MAX_ROWS)
		add_error(im->rep, 1, -1, "items", NULL, YW_E_BAD_FORMAT, "items 应为最多 50000 项的数组");
	else
		st = YW_OK;
	if (!st) {
		int nlines = 0;
		int *lines = item_lines(data, len, &nlines);
		im->rows = yw_calloc(json_array_size(items) + 1, sizeof *im->rows);
		size_t i;
		json_t *obj;
		json_array_foreach(items, i, obj)
			add_row(im, (int)i < nlines ? lines[i] : 1, obj, NULL, YW_E_NONE, NULL);
		free(lines);
	}
	json_decref(root);
	return st;
}

static enum yw_items_format detect(const char *data, size_t len)
{
	size_t i = len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3) ? 3 : 0;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '{' ? YW_ITEMS_JSON : YW_ITEMS_CSV;
}

/* ---- checking and writing, in one transaction ---- */

static int by_region_code(const void *a, const void *b)
{
	const struct row *x = *(struct row *const *)a, *y = *(struct row *const *)b;
	if (x->it.region_id != y->it.region_id)
		return x->it.region_id < y->it.region_id ? -1 : 1;
	int c = strcmp(x->it.code, y->it.code);
	return c ? c : x->line - y->line;
}

static void check_duplicates(struct import *im)
{
	struct row **ok = yw_calloc((size_t)im->n + 1, sizeof *ok);
	int n = 0;
	for (int i = 0; i < im->n; i++)
		if (im->rows[i].parsed && !im->rows[i].bad)
			ok[n++] = &im->rows[i];
	qsort(ok, (size_t)n, sizeof *ok, by_region_code);
	for (int i = 1; i < n; i++) {
		if (ok[i]->it.region_id != ok[i - 1]->it.region_id || strcmp(ok[i]->it.code, ok[i - 1]->it.code))
			continue;
		struct yw_error e = {.err = YW_E_DUPLICATE};
		snprintf(e.field, sizeof e.field, "code");
		snprintf(e.detail, sizeof e.detail, "实施编码 %s 在第 %d 行已出现 / the code is also on line %d",
			 ok[i]->it.code, ok[i - 1]->line, ok[i - 1]->line);
		row_error(im, ok[i], &e);
	}
	free(ok);
}

/* Resolve, rules, scope: a row error is recorded; a store failure returned. */
static int check_row(struct yw_conn *c, struct import *im, struct row *r, struct yw_ref_cache *cache)
{
	struct yw_error e = {0};
	int st = yw_item_resolve(c, &r->it, cache, &e);
	if (!st)
		st = yw_item_check_rules(&r->it, &e);
	if (!st)
		st = yw_item_scope(c, im->who, r->it.region_id, r->it.department_id, &e);
	if (st == YW_FAIL) {
		row_error(im, r, &e);
		return YW_OK;
	}
	return st;
}

static int cmp_head(const void *a, const void *b)
{
	const struct yw_item_head *x = a, *y = b;
	if (x->region_id != y->region_id)
		return x->region_id < y->region_id ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* Create, update or leave alone: compare with the stored content. */
static int classify(struct yw_conn *c, struct import *im, struct row *r)
{
	free(r->content);
	r->content = yw_item_to_json(&r->it, true);
	struct yw_item_head key = {.region_id = r->it.region_id};
	snprintf(key.code, sizeof key.code, "%s", r->it.code);
	const struct yw_item_head *h =
		im->heads.n ? bsearch(&key, im->heads.rows, (size_t)im->heads.n, sizeof key, cmp_head) : NULL;
	if (!h) {
		r->action = R_CREATE;
		return YW_OK;
	}
	r->head = *h;
	int st;
	if (r->head.current_version) {
		struct yw_item_view v = {0};
		st = yw_istore_get(c, r->head.id, r->head.current_version, &v);
		bool same = !st && !strcmp(v.content, r->content);
		yw_item_view_clear(&v);
		if (st)
			return st;
		if (same) {
			r->action = R_UNCHANGED;
			return YW_OK;
		}
	}
	if (r->head.draft_version) {
		struct yw_error e = {.err = YW_E_ITEM_STATE};
		snprintf(e.field, sizeof e.field, "code");
		snprintf(e.detail, sizeof e.detail,
			 "事项 %s 有未发布的草稿（版本 %d），请先发布或处理 / the item has an unpublished draft",
			 r->it.code, r->head.draft_version);
		row_error(im, r, &e);
		return YW_OK;
	}
	r->action = R_UPDATE;
	return YW_OK;
}

/* Every new item at once, in batches: version 1, published. */
static int write_new(struct yw_conn *c, struct import *im, int64_t now)
{
	struct yw_new_item *batch = yw_calloc((size_t)im->n + 1, sizeof *batch);
	int n = 0;
	for (int i = 0; i < im->n; i++) {
		struct row *r = &im->rows[i];
		if (r->action != R_CREATE)
			continue;
		struct yw_item_head *h = &r->head;
		memset(h, 0, sizeof *h);
		snprintf(h->code, sizeof h->code, "%s", r->it.code);
		snprintf(h->status, sizeof h->status, "published");
		h->region_id = r->it.region_id;
		h->department_id = r->it.department_id;
		h->current_version = h->latest_version = 1;
		h->created_at = now;
		batch[n++] = (struct yw_new_item){h, &r->it, r->content, 0};
	}
	int st = n ? yw_istore_insert_new_items(c, batch, n, im->source, im->who, now) : YW_OK;
	free(batch);
	if (st == YW_DB_HARD && yw_db_err_unique(c))
		return YW_RETRY; /* created meanwhile (PostgreSQL): classify again */
	return st;
}

/* A changed item gets version latest+1, which supersedes the published one. */
static int write_update(struct yw_conn *c, struct import *im, struct row *r, int64_t now)
{
	struct yw_item_head *h = &r->head;
	int st = yw_istore_bump(c, h->id, h->revision, now);
	if (st == YW_NOTFOUND)
		return YW_RETRY; /* changed meanwhile: check it again */
	if (st)
		return st;
	int version = h->latest_version + 1;
	struct yw_version_write w = {h->id, version, "published", r->content, im->source, &r->it, im->who, now, now};
	int64_t vid = 0;
	st = yw_istore_insert_version(c, &w, &vid);
	if (!st)
		st = yw_istore_version_links(c, vid, &r->it, true);
	if (!st)
		st = yw_item_make_current(c, h, &r->it, vid, version, now);
	return st;
}

/* One audit row for the whole import, naming every item and version it
 * wrote. One row, not one per item: appending locks and moves the chain
 * head, and on PostgreSQL 20,000 updates of one row in one transaction
 * make every later lookup walk the row's version chain (quadratic). */
static int audit_import(struct yw_conn *c, struct import *im)
{
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"source\":\"%s\",\"rows\":%d,\"created\":%d,\"updated\":%d,\"unchanged\":%d,"
			  "\"items\":[",
		      im->source, im->n, im->rep->created, im->rep->updated, im->rep->unchanged);
	bool first = true;
	for (int i = 0; i < im->n; i++) {
		const struct row *r = &im->rows[i];
		if (r->action == R_UNCHANGED)
			continue;
		yw_buf_printf(&b, "%s[%lld,%d]", first ? "" : ",", (long long)r->head.id, r->head.current_version);
		first = false;
	}
	yw_buf_adds(&b, "]}");
	int st = yw_audit_append(c, im->who, "import", "item", 0, b.data);
	yw_buf_free(&b);
	return st;
}

static int import_tx(struct yw_conn *c, void *arg)
{
	struct import *im = arg;
	struct yw_import_report *rep = im->rep;
	rep->nerrors = im->parse_errors; /* a retry starts from the parse result */
	rep->created = rep->updated = rep->unchanged = 0;
	for (int i = 0; i < im->n; i++)
		im->rows[i].bad = !im->rows[i].parsed;
	struct yw_ref_cache *cache = yw_ref_cache_new();
	int st = YW_OK;
	for (int i = 0; !st && i < im->n; i++)
		if (im->rows[i].parsed)
			st = check_row(c, im, &im->rows[i], cache);
	yw_ref_cache_free(cache);
	if (!st)
		check_duplicates(im);
	if (!st)
		st = yw_istore_heads(c, &im->heads);
	if (!st && im->heads.n > 1)
		qsort(im->heads.rows, (size_t)im->heads.n, sizeof *im->heads.rows, cmp_head);
	for (int i = 0; !st && i < im->n; i++)
		if (!im->rows[i].bad)
			st = classify(c, im, &im->rows[i]);
	if (st)
		return st;
	if (rep->nerrors)
		return YW_FAIL;
	int64_t now = yw_now_ms();
	for (int i = 0; i < im->n; i++) {
		rep->created += im->rows[i].action == R_CREATE;
		rep->updated += im->rows[i].action == R_UPDATE;
		rep->unchanged += im->rows[i].action == R_UNCHANGED;
	}
	if (!im->dry_run)
		st = write_new(c, im, now);
	for (int i = 0; !st && !im->dry_run && i < im->n; i++)
		if (im->rows[i].action == R_UPDATE)
			st = write_update(c, im, &im->rows[i], now);
	if (!st && !im->dry_run && rep->created + rep->updated)
		st = yw_istore_bump_generation(c);
	if (!st && !im->dry_run && rep->created + rep->updated)
		st = audit_import(c, im);
	return st;
}

static int by_line(const void *a, const void *b)
{
	const struct yw_import_error *x = a, *y = b;
	return x->line != y->line ? x->line - y->line : x->item - y->item;
}

int yw_catalogue_import(struct yw_store *s, const struct yw_actor *who, const char *data, size_t len,
			enum yw_items_format format, const struct yw_import_opts *opts,
			struct yw_import_report *rep)
{
	yw_catalogue_ready();
	memset(rep, 0, sizeof *rep);
	rep->format = format == YW_ITEMS_AUTO ? detect(data, len) : format;
	rep->dry_run = opts && opts->dry_run;
	struct import im = {.who = who, .source = opts && opts->source ? opts->source : "import",
			    .dry_run = rep->dry_run, .rep = rep};
	int st = rep->format == YW_ITEMS_JSON ? read_json(&im, data, len) : read_csv(&im, data, len);
	rep->rows = im.n;
	im.parse_errors = rep->nerrors;
	if (!st)
		st = yw_store_tx(s, rep->dry_run ? YW_TX_READ : YW_TX_WRITE, import_tx, &im);
	for (int i = 0; i < im.n; i++) {
		yw_item_clear(&im.rows[i].it);
		free(im.rows[i].content);
	}
	free(im.rows);
	free(im.heads.rows);
	if (rep->nerrors > 1)
		qsort(rep->errors, (size_t)rep->nerrors, sizeof *rep->errors, by_line);
	if (rep->nerrors && st == YW_OK)
		st = YW_FAIL;
	if (st == YW_FAIL)
		rep->created = rep->updated = rep->unchanged = 0;
	return st;
}
