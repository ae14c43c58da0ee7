/* SQL for the working-day calendar: years, listed days, closures and the
 * version other instances watch. One text per statement serves both
 * engines (docs/store.md). */
#include "yw/calendar_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

static const char SQL_VERSION[] = "SELECT version FROM calendar_state WHERE id = 1";
static const char SQL_BUMP[] =
	"UPDATE calendar_state SET version = version + 1 WHERE id = 1 RETURNING version";
static const char SQL_YEAR_GET[] =
	"SELECT year, has_data, days, digest, source, imported_by, imported_at FROM calendar_years "
	"WHERE year = $1";
static const char SQL_YEARS[] =
	"SELECT year, has_data, days, digest, source, imported_by, imported_at FROM calendar_years "
	"ORDER BY year";
static const char SQL_YEAR_PUT[] =
	"INSERT INTO calendar_years (year, has_data, days, digest, source, imported_by, imported_at) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (year) DO UPDATE SET "
	"has_data = excluded.has_data, days = excluded.days, digest = excluded.digest, "
	"source = excluded.source, imported_by = excluded.imported_by, "
	"imported_at = excluded.imported_at";
static const char SQL_DAYS_DELETE[] = "DELETE FROM calendar_days WHERE year = $1";
static const char SQL_DAY_INSERT[] =
	"INSERT INTO calendar_days (year, date, is_off_day, name) VALUES ($1, $2, $3, $4)";
static const char SQL_DAYS_ALL[] =
	"SELECT year, date, is_off_day, name FROM calendar_days ORDER BY year, date";
static const char SQL_CLOSURE_INSERT[] =
	"INSERT INTO calendar_closures (date, reason, created_by, created_at) VALUES ($1, $2, $3, $4)";
static const char SQL_CLOSURE_DELETE[] =
	"DELETE FROM calendar_closures WHERE date = $1 RETURNING date, reason, created_by, created_at";
static const char SQL_CLOSURES[] =
	"SELECT date, reason, created_by, created_at FROM calendar_closures ORDER BY date";


int yw_calstore_version(struct yw_conn *c, int64_t *version)
{
	return found(yw_q0(c, SQL_VERSION, yw_row_get_int, version));
}

int yw_calstore_bump(struct yw_conn *c, int64_t *version)
{
	return found(yw_q0(c, SQL_BUMP, yw_row_get_int, version));
}

static void year_from_row(struct yw_calendar_year_info *y, const struct yw_row *r)
{
	yw_calendar_year_info_clear(y);
	y->year = (int)yw_row_int(r, 0);
	y->has_data = yw_row_int(r, 1) != 0;
	y->days = (int)yw_row_int(r, 2);
	snprintf(y->digest, sizeof y->digest, "%s", yw_row_text(r, 3) ? yw_row_text(r, 3) : "");
	y->source = yw_strdup(yw_row_text(r, 4) ? yw_row_text(r, 4) : "");
	y->imported_by = yw_strdup(yw_row_text(r, 5) ? yw_row_text(r, 5) : "");
	y->imported_at = yw_row_int(r, 6);
}

static int year_row(void *arg, const struct yw_row *r)
{
	year_from_row(arg, r);
	return 1;
}

int yw_calstore_year_get(struct yw_conn *c, int year, struct yw_calendar_year_info *out)
{
	return found(yw_q(c, SQL_YEAR_GET, year_row, out, YW_PINT(year)));
}

int yw_calstore_year_put(struct yw_conn *c, const struct yw_calendar_year_info *y,
			 const struct yw_calendar_file *f)
{
	int r = yw_q(c, SQL_YEAR_PUT, NULL, NULL, YW_PINT(y->year), YW_PINT(y->has_data),
		     YW_PINT(y->days), YW_PTEXT(y->digest), YW_PTEXT(y->source),
		     YW_PTEXT(y->imported_by), YW_PINT(y->imported_at));
	if (r < 0)
		return r;
	r = yw_q(c, SQL_DAYS_DELETE, NULL, NULL, YW_PINT(y->year));
	if (r < 0)
		return r;
	for (size_t i = 0; i < f->n; i++) {
		char d[11];
		yw_date_format(f->days[i].date, d);
		r = yw_q(c, SQL_DAY_INSERT, NULL, NULL, YW_PINT(y->year), YW_PTEXT(d),
			 YW_PINT(f->days[i].off), YW_PTEXT(f->days[i].name ? f->days[i].name : ""));
		if (r < 0)
			return r;
	}
	return YW_OK;
}

/* A growable array filled by row callbacks. */
struct vec {
	void *items;
	int n, cap;
	size_t size;
};

static void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->items = yw_realloc(v->items, (size_t)v->cap * v->size);
	}
	void *p = (char *)v->items + (size_t)v->n++ * v->size;
	memset(p, 0, v->size);
	return p;
}

static int years_row(void *arg, const struct yw_row *r)
{
	year_from_row(vec_push(arg), r);
	return 0;
}

int yw_calstore_years(struct yw_conn *c, struct yw_calendar_year_info **out, int *n)
{
	struct vec v = {.size = sizeof **out};
	int r = yw_q0(c, SQL_YEARS, years_row, &v);
	if (r < 0) {
		yw_calendar_year_infos_free(v.items, v.n);
		return r;
	}
	*out = v.items;
	*n = v.n;
	return YW_OK;
}

struct files_ctx {
	struct yw_calendar_file *files;
	int n;
	struct vec days; /* of the file being filled */
	int cur;         /* index into files, -1 before the first row */
	bool bad;
};

static void files_flush(struct files_ctx *fc)
{
	if (fc->cur >= 0) {
		fc->files[fc->cur].days = fc->days.items;
		fc->files[fc->cur].n = (size_t)fc->days.n;
	}
	fc->days = (struct vec){.size = sizeof(struct yw_calendar_day)};
}

static int files_row(void *arg, const struct yw_row *r)
{
	struct files_ctx *fc = arg;
	int year = (int)yw_row_int(r, 0);
	if (fc->cur < 0 || fc->files[fc->cur].year != year) {
		files_flush(fc);
		/* Years come in the same order as the days. */
		int i = fc->cur < 0 ? 0 : fc->cur;
		while (i < fc->n && fc->files[i].year != year)
			i++;
		if (i == fc->n) { /* a day of no year: the foreign key forbids it */
			fc->bad = true;
			return 1;
		}
		fc->cur = i;
	}
	struct yw_calendar_day *d = vec_push(&fc->days);
	const char *date = yw_row_text(r, 1);
	if (!date || yw_date_parse(date, &d->date, "date", NULL) != YW_OK)
		d->date = (struct yw_date){0, 0, 0}; /* skipped by the calendar as invalid */
	d->off = yw_row_int(r, 2) != 0;
	d->name = yw_strdup(yw_row_text(r, 3) ? yw_row_text(r, 3) : "");
	return 0;
}

int yw_calstore_files(struct yw_conn *c, struct yw_calendar_file **out, int *n)
{
	struct yw_calendar_year_info *ys = NULL;
	int ny = 0;
	int r = yw_calstore_years(c, &ys, &ny);
	if (r)
		return r;
	struct files_ctx fc = {.files = yw_calloc((size_t)(ny ? ny : 1), sizeof *fc.files), .n = ny, .cur = -1};
	fc.days.size = sizeof(struct yw_calendar_day);
	for (int i = 0; i < ny; i++)
		fc.files[i].year = ys[i].year;
	yw_calendar_year_infos_free(ys, ny);
	r = yw_q0(c, SQL_DAYS_ALL, files_row, &fc);
	files_flush(&fc);
	free(fc.days.items);
	if (r < 0 || fc.bad) {
		for (int i = 0; i < ny; i++)
			yw_calendar_file_clear(&fc.files[i]);
		free(fc.files);
		return r < 0 ? r : YW_STORE_ERR;
	}
	*out = fc.files;
	*n = ny;
	return YW_OK;
}

int yw_calstore_closure_insert(struct yw_conn *c, const struct yw_calendar_closure_info *cl)
{
	char d[11];
	yw_date_format(cl->date, d);
	return ok(yw_q(c, SQL_CLOSURE_INSERT, NULL, NULL, YW_PTEXT(d), YW_PTEXT(cl->reason),
		       YW_PTEXT(cl->created_by ? cl->created_by : ""), YW_PINT(cl->created_at)));
}

static void closure_from_row(struct yw_calendar_closure_info *cl, const struct yw_row *r)
{
	yw_calendar_closure_info_clear(cl);
	const char *date = yw_row_text(r, 0);
	if (!date || yw_date_parse(date, &cl->date, "date", NULL) != YW_OK)
		cl->date = (struct yw_date){0, 0, 0};
	cl->reason = yw_strdup(yw_row_text(r, 1) ? yw_row_text(r, 1) : "");
	cl->created_by = yw_strdup(yw_row_text(r, 2) ? yw_row_text(r, 2) : "");
	cl->created_at = yw_row_int(r, 3);
}

static int closure_row(void *arg, const struct yw_row *r)
{
	closure_from_row(arg, r);
	return 1;
}

int yw_calstore_closure_delete(struct yw_conn *c, struct yw_date d,
			       struct yw_calendar_closure_info *old)
{
	char ds[11];
	yw_date_format(d, ds);
	return found(yw_q(c, SQL_CLOSURE_DELETE, closure_row, old, YW_PTEXT(ds)));
}

static int closures_row(void *arg, const struct yw_row *r)
{
	closure_from_row(vec_push(arg), r);
	return 0;
}

int yw_calstore_closures(struct yw_conn *c, struct yw_calendar_closure_info **out, int *n)
{
	struct vec v = {.size = sizeof **out};
	int r = yw_q0(c, SQL_CLOSURES, closures_row, &v);
	if (r < 0) {
		yw_calendar_closure_infos_free(v.items, v.n);
		return r;
	}
	*out = v.items;
	*n = v.n;
	return YW_OK;
}
