/* Subcommands of the yiwang binary. */
#ifndef YW_CLI_H
#define YW_CLI_H
#include "yw/store.h"

struct yw_opts {
	const char *store, *listen, *web;
	int threads;
	size_t body_limit;
	unsigned conn_timeout_s;
	int session_idle_s; /* 0: keep the default */
	bool help;
	int argc; /* what remains after the options */
	char **argv;
};

/* Parses the shared options (and env YIWANG_*); returns false on a bad one. */
bool yw_cli_parse(int argc, char **argv, struct yw_opts *o);
struct yw_store *yw_cli_open_store(const struct yw_opts *o, bool migrate);

int yw_cmd_serve(struct yw_opts *o);
int yw_cmd_migrate(struct yw_opts *o);
int yw_cmd_seed(struct yw_opts *o);
int yw_cmd_user(struct yw_opts *o);
int yw_cmd_audit(struct yw_opts *o);
int yw_cmd_check(struct yw_opts *o);
int yw_cmd_import(struct yw_opts *o);   /* cli/import.c: yiwang import items FILE */
int yw_cmd_export(struct yw_opts *o);   /* cli/import.c: yiwang export items */
int yw_cmd_calendar(struct yw_opts *o); /* cli/calendar.c: yiwang calendar import FILE… */
int yw_cmd_apikey(struct yw_opts *o);   /* cli/apikey.c: yiwang apikey create|list|revoke */
int yw_cmd_notice_sample(struct yw_opts *o); /* cli/notice.c: yiwang notice-sample --kind K --out F */
int yw_cmd_ratings(struct yw_opts *o);  /* cli/ratings.c: yiwang ratings sweep|fixture|bench-tickets */
int yw_cmd_cases(struct yw_opts *o);    /* cli/cases.c: yiwang cases sweep */

/* The demo district as JSON, compiled in from data/demo/district.json. */
extern const char yw_demo_district_json[];
/* The holiday-cn calendars, compiled in from data/holidays/20*.json: names
 * ("2026.json") and texts, NULL-terminated. */
extern const char *const yw_holiday_names[];
extern const char *const yw_holiday_texts[];
/* Imports the compiled-in calendars (cli/calendar.c; part of seed demo).
 * Years already imported with the same data are left alone. Returns how
 * many files failed. */
int yw_cli_calendar_seed(struct yw_store *s);
/* The demo catalogue (data/demo/catalogue.json, compiled in) and its
 * import, part of seed demo (cli/import.c): items are published; unchanged
 * ones are left alone. Returns 1 when it failed, else 0. */
extern const char yw_demo_catalogue_json[];
int yw_cli_seed_catalogue(struct yw_store *s);
/* The demo passwords, documented in the README. */
#define YW_DEMO_ADMIN_PASSWORD "Admin@2026yw"
#define YW_DEMO_STAFF_PASSWORD "Demo@2026yw"

#endif
