/* Tables written as CSV (UTF-8 with a BOM, which spreadsheet programs need
 * to read Chinese) or .xlsx (libxlsxwriter): exports of the catalogue and
 * of queue statistics. A table is walked by the caller's function, which
 * hands every cell (row 0 = the header) to the writer. */
#ifndef YW_TABLE_EXPORT_H
#define YW_TABLE_EXPORT_H
#include "yw/core.h"

typedef void (*yw_cell_fn)(void *ctx, int row, int col, const char *text, bool number);
typedef void (*yw_table_walk)(const void *table, yw_cell_fn cell, void *ctx);

void yw_table_csv(yw_table_walk walk, const void *table, struct yw_buf *out);
int yw_table_xlsx(const char *sheet, yw_table_walk walk, const void *table, struct yw_buf *out,
		  struct yw_error *err);

#endif
