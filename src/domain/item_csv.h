/* CSV records (RFC 4180) for the catalogue's import and export; domain
 * files only. */
#ifndef YW_ITEM_CSV_H
#define YW_ITEM_CSV_H
#include "yw/core.h"

struct yw_csv_record {
	char **cells;
	int n;
	int line; /* where the record starts, 1-based */
};
struct yw_csv {
	struct yw_csv_record *rows;
	int n;
};
/* YW_FAIL with *bad_line and *why (static text) on a broken quote. */
int yw_csv_parse(const char *data, size_t len, struct yw_csv *out, int *bad_line, const char **why);
void yw_csv_free(struct yw_csv *csv);
/* A record whose cells are all empty (spreadsheets leave such rows). */
bool yw_csv_blank(const struct yw_csv_record *r);
/* Appends one cell, quoted when it has to be. */
void yw_csv_cell(struct yw_buf *b, const char *s);

#endif
