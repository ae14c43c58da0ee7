/* SQL for the working-day calendar (src/store/calendar_store.c): imported
 * years and their listed days, local closures and the calendar version.
 * Each call runs inside the caller's transaction and returns YW_OK,
 * YW_NOTFOUND or a negative store status. */
#ifndef YW_CALENDAR_STORE_H
#define YW_CALENDAR_STORE_H
#include "yw/calendar_svc.h"

int yw_calstore_version(struct yw_conn *c, int64_t *version);
/* Moves the version by one and returns the new value. Done first in every
 * calendar write: the row lock serialises calendar writers on PostgreSQL
 * (SQLite's single writer already does). */
int yw_calstore_bump(struct yw_conn *c, int64_t *version);

int yw_calstore_year_get(struct yw_conn *c, int year, struct yw_calendar_year_info *out);
/* Inserts or replaces the year's row and all the days its file listed. */
int yw_calstore_year_put(struct yw_conn *c, const struct yw_calendar_year_info *y,
			 const struct yw_calendar_file *f);
/* Every imported year, ascending; *out newly allocated. */
int yw_calstore_years(struct yw_conn *c, struct yw_calendar_year_info **out, int *n);
/* Every imported year as a file (days in date order), ascending by year. */
int yw_calstore_files(struct yw_conn *c, struct yw_calendar_file **out, int *n);

/* A uniqueness violation (the date is already closed) comes back as
 * YW_DB_HARD with yw_db_err_unique() true. */
int yw_calstore_closure_insert(struct yw_conn *c, const struct yw_calendar_closure_info *cl);
/* Deletes and returns the closure of that date; YW_NOTFOUND if none. */
int yw_calstore_closure_delete(struct yw_conn *c, struct yw_date d,
			       struct yw_calendar_closure_info *old);
/* Every closure, by date. */
int yw_calstore_closures(struct yw_conn *c, struct yw_calendar_closure_info **out, int *n);

#endif
