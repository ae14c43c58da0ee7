/* The working-day calendar as the platform keeps it: imported holiday-cn
 * years and local closures live in the store, every change is audited in
 * its own write transaction and moves the store's calendar version, and
 * each server process holds a live in-memory calendar that it rebuilds when
 * that version moves (its own changes at once, other instances' changes at
 * the next check, at most every check_ms). See docs/calendar.md. */
#ifndef YW_CALENDAR_SVC_H
#define YW_CALENDAR_SVC_H
#include "yw/calendar.h"
#include "yw/entity.h"
#include "yw/store.h"

/* One imported year, as /calendar/years and `yiwang calendar show` list it. */
struct yw_calendar_year_info {
	int year;
	bool has_data;
	int days; /* listed in its file */
	char digest[65];
	char *source, *imported_by;
	int64_t imported_at;
};
void yw_calendar_year_info_clear(struct yw_calendar_year_info *y);
void yw_calendar_year_infos_free(struct yw_calendar_year_info *ys, int n);

struct yw_calendar_closure_info {
	struct yw_date date;
	char *reason, *created_by;
	int64_t created_at;
};
void yw_calendar_closure_info_clear(struct yw_calendar_closure_info *c);
void yw_calendar_closure_infos_free(struct yw_calendar_closure_info *cs, int n);

/* ---- changes (each one write transaction with its audit row) ---- */

struct yw_calendar_import_result {
	int year;
	bool has_data;
	int days;
	bool changed;    /* false: the store already held exactly this data */
	int64_t version; /* the calendar version after the import */
};
/* Imports one holiday-cn file. expect_year: the year it must hold (from a
 * file name), or 0. source says where it came from ("2026.json", "api").
 * Importing the data the store already has changes nothing (not even the
 * audit log). An empty file for a year that has data is refused with
 * CALENDAR_HAS_DATA: holiday-cn never withdraws a published year, so that
 * is a mistake (or an old file), and it would erase the year. */
int yw_calendar_import(struct yw_store *s, const struct yw_actor *who, const char *json_text,
		       int expect_year, const char *source, struct yw_calendar_import_result *res,
		       struct yw_error *err);

/* Reasons are 1-100 characters of UTF-8 text. DUPLICATE when the date is
 * already closed (field "date"). *version: the calendar version after. */
int yw_calendar_closure_add(struct yw_store *s, const struct yw_actor *who, struct yw_date d,
			    const char *reason, struct yw_calendar_closure_info *out, int64_t *version,
			    struct yw_error *err);
/* NOT_FOUND when the date has no closure. */
int yw_calendar_closure_remove(struct yw_store *s, const struct yw_actor *who, struct yw_date d,
			       int64_t *version, struct yw_error *err);

/* ---- reading ---- */

int yw_calendar_years_info(struct yw_store *s, struct yw_calendar_year_info **out, int *n,
			   int64_t *version);
int yw_calendar_closures(struct yw_store *s, struct yw_calendar_closure_info **out, int *n);
/* The current calendar version in the store (a cheap read). */
int yw_calendar_store_version(struct yw_store *s, int64_t *version);
/* A new calendar with every imported year and closure, read in one
 * snapshot together with the version it reflects. */
int yw_calendar_build(struct yw_store *s, struct yw_calendar **out, int64_t *version,
		      struct yw_error *err);

/* ---- the live calendar of a server process ---- */

struct yw_calendar_live;
/* A calendar with the version it was built from. Hold it while computing;
 * it stays valid (and unchanged) until released, whatever swaps meanwhile. */
struct yw_calendar_snap {
	const struct yw_calendar *cal;
	int64_t version;
};
/* Builds the first calendar; NULL (err set) if the store cannot be read. */
struct yw_calendar_live *yw_calendar_live_new(struct yw_store *s, int64_t check_ms,
					      struct yw_error *err);
/* After every snapshot has been released. */
void yw_calendar_live_free(struct yw_calendar_live *l);
/* The current calendar. At most once per check_ms, the caller that comes
 * first also reads the store's version and rebuilds if it moved. */
const struct yw_calendar_snap *yw_calendar_live_acquire(struct yw_calendar_live *l);
void yw_calendar_live_release(const struct yw_calendar_snap *snap);
/* Rebuilds now unless the live calendar already has at least this version
 * (after a change made through this process). YW_OK or a store status. */
int yw_calendar_live_refresh(struct yw_calendar_live *l, int64_t at_least);

#endif
