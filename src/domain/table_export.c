/* CSV and .xlsx writers for tables walked cell by cell. */
#include "yw/table_export.h"
#include "item_csv.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

static void csv_cell(void *ctx, int row, int col, const char *text, bool number)
{
	(void)number;
	struct yw_buf *b = ctx;
	if (col == 0 && row > 0)
		yw_buf_adds(b, "\r\n");
	else if (col > 0)
		yw_buf_adds(b, ",");
	yw_csv_cell(b, text);
}

void yw_table_csv(yw_table_walk walk, const void *table, struct yw_buf *out)
{
	yw_buf_adds(out, "\xef\xbb\xbf");
	walk(table, csv_cell, out);
	yw_buf_adds(out, "\r\n");
}

struct sheet {
	lxw_worksheet *ws;
	lxw_format *bold;
};

static void xlsx_cell(void *ctx, int row, int col, const char *text, bool number)
{
	struct sheet *s = ctx;
	if (!text)
		return;
	if (number)
		worksheet_write_number(s->ws, (lxw_row_t)row, (lxw_col_t)col, strtod(text, NULL), NULL);
	else
		worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)col, text, row ? NULL : s->bold);
}

static int read_file(const char *path, struct yw_buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return YW_FAIL;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		yw_buf_add(out, chunk, n);
	int st = ferror(f) ? YW_FAIL : YW_OK;
	fclose(f);
	return st;
}

/* libxlsxwriter 1.1.4 writes to a named file only: write a private
 * temporary file and read it back. */
int yw_table_xlsx(const char *sheet, yw_table_walk walk, const void *table, struct yw_buf *out,
		  struct yw_error *err)
{
	const char *dir = getenv("TMPDIR");
	char *path = yw_asprintf("%s/yw-export-XXXXXX.xlsx", dir && *dir ? dir : "/tmp");
	int fd = mkstemps(path, 5);
	if (fd < 0) {
		yw_error_set(err, YW_E_INTERNAL, NULL, "cannot create a temporary file");
		free(path);
		return YW_FAIL;
	}
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	int st = YW_FAIL;
	if (wb) {
		struct sheet s = {workbook_add_worksheet(wb, sheet), workbook_add_format(wb)};
		format_set_bold(s.bold);
		worksheet_freeze_panes(s.ws, 1, 0);
		walk(table, xlsx_cell, &s);
		if (workbook_close(wb) == LXW_NO_ERROR)
			st = read_file(path, out);
	}
	unlink(path);
	free(path);
	if (st)
		yw_error_set(err, YW_E_INTERNAL, NULL, "the spreadsheet could not be written");
	return st;
}
