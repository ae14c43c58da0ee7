/* Export of the published catalogue in the file form of
 * docs/catalogue-format.md (names and codes, no ids), so that an export
 * imports again unchanged: JSON, CSV (UTF-8 with a BOM, which spreadsheet
 * programs need to read Chinese) and .xlsx (libxlsxwriter, one sheet whose
 * columns are the CSV's). */
#include "catalogue_internal.h"
#include "item_csv.h"
#include "item_json_internal.h"
#include "yw/item_store.h"
#include "yw/table_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct collected {
	char **items; /* file-form JSON of each published item */
	int n;
	int st;
};

static int collect(void *arg, const char *content)
{
	struct collected *col = arg;
	struct yw_item it;
	struct yw_error err = {0};
	if (yw_item_parse(content, strlen(content), &it, NULL, &err))
		return YW_STORE_ERR; /* stored content is ours: it always parses */
	if (col->n % 256 == 0)
		col->items = yw_realloc(col->items, sizeof *col->items * (size_t)(col->n + 256));
	col->items[col->n++] = yw_item_to_json(&it, false);
	yw_item_clear(&it);
	return YW_OK;
}

static void collected_free(struct collected *col)
{
	for (int i = 0; i < col->n; i++)
		free(col->items[i]);
	free(col->items);
	memset(col, 0, sizeof *col);
}

static int export_tx(struct yw_conn *c, void *arg)
{
	collected_free(arg);
	return yw_istore_published(c, collect, arg);
}

static void collected_reset(void *arg) { collected_free(arg); }

static void write_json(struct yw_buf *out, const struct collected *col)
{
	yw_buf_adds(out, "{\"format\":\"yiwang-items/1\",\"items\":[\n");
	for (int i = 0; i < col->n; i++) {
		yw_buf_adds(out, col->items[i]);
		yw_buf_adds(out, i + 1 < col->n ? ",\n" : "\n");
	}
	yw_buf_adds(out, "]}\n");
}

/* One cell of a column as text: lists of plain values joined with |,
 * objects and lists of objects as JSON, numbers and booleans as written. */
static char *cell_text(json_t *v, bool *number)
{
	*number = json_is_integer(v);
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return yw_strdup(json_string_value(v));
	if (json_is_integer(v))
		return yw_asprintf("%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return yw_strdup(json_is_true(v) ? "true" : "false");
	bool plain = json_is_array(v);
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e) plain = plain && json_is_string(e);
	if (!plain)
		return json_dumps(v, JSON_COMPACT);
	struct yw_buf b = {0};
	yw_buf_add(&b, "", 0);
	json_array_foreach(v, i, e)
	{
		if (i)
			yw_buf_adds(&b, "|");
		yw_buf_adds(&b, json_string_value(e));
	}
	return yw_buf_steal(&b);
}

static void each_cell(const void *table, yw_cell_fn fn, void *ctx)
{
	const struct collected *col = table;
	for (int c = 0; yw_item_csv_columns[c]; c++)
		fn(ctx, 0, c, yw_item_csv_columns[c], false);
	for (int i = 0; i < col->n; i++) {
		json_t *o = json_loads(col->items[i], 0, NULL);
		for (int c = 0; yw_item_csv_columns[c]; c++) {
			bool number;
			char *text = cell_text(json_object_get(o, yw_item_csv_columns[c]), &number);
			fn(ctx, i + 1, c, text, number);
			free(text);
		}
		json_decref(o);
	}
}

int yw_catalogue_export(struct yw_store *s, const struct yw_item_query *q, enum yw_items_format format,
			struct yw_buf *out, struct yw_error *err)
{
	struct collected col = {0};
	int st = q ? yw_catalogue_found_contents(s, q, collected_reset, collect, &col, err)
		   : yw_store_tx(s, YW_TX_READ, export_tx, &col);
	if (st) {
		collected_free(&col);
		return st;
	}
	switch (format) {
	case YW_ITEMS_CSV: yw_table_csv(each_cell, &col, out); break;
	case YW_ITEMS_XLSX: st = yw_table_xlsx("事项目录", each_cell, &col, out, err); break;
	default: write_json(out, &col); break;
	}
	collected_free(&col);
	return st;
}
