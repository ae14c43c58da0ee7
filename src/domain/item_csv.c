/* CSV as RFC 4180 has it: comma-separated cells, cells with a comma, a quote
 * or a line break quoted, "" for a quote inside; lines end in CRLF or LF.
 * A UTF-8 byte order mark at the start is skipped. Records remember the
 * line they start on, so errors can name it. */
#include "item_csv.h"
#include <stdlib.h>
#include <string.h>

void yw_csv_free(struct yw_csv *csv)
{
	for (int i = 0; i < csv->n; i++) {
		for (int k = 0; k < csv->rows[i].n; k++)
			free(csv->rows[i].cells[k]);
		free(csv->rows[i].cells);
	}
	free(csv->rows);
	memset(csv, 0, sizeof *csv);
}

static void push_cell(struct yw_csv_record *r, struct yw_buf *cell)
{
	if (r->n % 16 == 0)
		r->cells = yw_realloc(r->cells, sizeof *r->cells * (size_t)(r->n + 16));
	r->cells[r->n++] = yw_buf_steal(cell);
}

static struct yw_csv_record *new_record(struct yw_csv *csv, int line)
{
	if (csv->n % 256 == 0)
		csv->rows = yw_realloc(csv->rows, sizeof *csv->rows * (size_t)(csv->n + 256));
	struct yw_csv_record *r = &csv->rows[csv->n++];
	memset(r, 0, sizeof *r);
	r->line = line;
	return r;
}

/* A quoted cell from just after its opening quote; returns the position
 * after the closing quote, or NULL when the file ends inside it. */
static const char *quoted(const char *p, const char *end, struct yw_buf *cell, int *line)
{
	while (p < end) {
		if (*p == '"') {
			if (p + 1 < end && p[1] == '"') {
				yw_buf_add(cell, "\"", 1);
				p += 2;
				continue;
			}
			return p + 1;
		}
		const char *run = p;
		for (; p < end && *p != '"'; p++)
			if (*p == '\n')
				(*line)++;
		yw_buf_add(cell, run, (size_t)(p - run));
	}
	return NULL;
}

int yw_csv_parse(const char *data, size_t len, struct yw_csv *out, int *bad_line, const char **why)
{
	memset(out, 0, sizeof *out);
	const char *p = data, *end = data + len;
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	int line = 1;
	while (p < end) {
		struct yw_csv_record *r = new_record(out, line);
		for (;;) {
			struct yw_buf cell = {0};
			yw_buf_add(&cell, "", 0);
			if (p < end && *p == '"') {
				int start = line;
				p = quoted(p + 1, end, &cell, &line);
				if (!p) {
					yw_buf_free(&cell);
					*bad_line = start;
					*why = "引号未闭合 / a quoted cell is not closed";
					return YW_FAIL;
				}
				if (p < end && *p != ',' && *p != '\r' && *p != '\n') {
					yw_buf_free(&cell);
					*bad_line = line;
					*why = "引号后应为逗号或换行 / a closing quote must be followed by , or a line end";
					return YW_FAIL;
				}
			} else {
				const char *run = p;
				while (p < end && *p != ',' && *p != '\r' && *p != '\n')
					p++;
				yw_buf_add(&cell, run, (size_t)(p - run));
			}
			push_cell(r, &cell);
			if (p < end && *p == ',') {
				p++;
				continue;
			}
			break;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		line++;
	}
	return YW_OK;
}

bool yw_csv_blank(const struct yw_csv_record *r)
{
	for (int i = 0; i < r->n; i++)
		if (r->cells[i][0])
			return false;
	return true;
}

void yw_csv_cell(struct yw_buf *b, const char *s)
{
	if (!s)
		return;
	if (!s[strcspn(s, ",\"\r\n")]) {
		yw_buf_adds(b, s);
		return;
	}
	yw_buf_add(b, "\"", 1);
	for (const char *run = s;;) {
		const char *q = strchr(run, '"');
		if (!q) {
			yw_buf_adds(b, run);
			break;
		}
		yw_buf_add(b, run, (size_t)(q - run + 1));
		yw_buf_add(b, "\"", 1);
		run = q + 1;
	}
	yw_buf_add(b, "\"", 1);
}
