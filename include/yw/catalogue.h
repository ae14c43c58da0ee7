/* The service catalogue (一码管理): items with versions and a life-cycle
 * draft → published → retired, search, KPIs, import and export.
 *
 * Every change runs in one write transaction with its audit row; writes are
 * scope-checked (an item sits in a region and a department) and locked
 * optimistically by the item's `revision`. A version's content never
 * changes once published, so whatever refers to (item id, version) keeps
 * reading what it used. */
#ifndef YW_CATALOGUE_H
#define YW_CATALOGUE_H
#include "yw/entity.h"
#include "yw/item.h"
#include "yw/store.h"

struct yw_item_head {
	int64_t id, region_id, department_id, revision, created_at, updated_at;
	int current_version, draft_version, latest_version; /* 0: none */
	char code[48], status[12]; /* status: draft | published | retired */
};

/* A hall an item version lists, as the halls table has it now (read with
 * the version, never cached: a hall edit shows at once). */
struct yw_hall_detail {
	int64_t id;
	char *name, *level, *address, *phone; /* address, phone may be NULL */
	char *hours;                          /* JSON array of 7 strings, Monday first */
};

/* One version of an item, as replies show it. */
struct yw_item_view {
	struct yw_item_head head;
	int64_t version_id, created_by, created_at, updated_at, published_at, ended_at;
	int version;
	char status[12]; /* draft | published | superseded | retired */
	char *created_by_name, *source;
	char *content; /* the canonical JSON (with ids) */
	struct yw_hall_detail *halls; /* the halls of the content, by id */
	int nhalls;
};
void yw_item_view_clear(struct yw_item_view *v);

/* Which version yw_catalogue_get reads: a number, or one of these. */
enum { YW_ITEM_V_PUBLISHED = 0, YW_ITEM_V_DRAFT = -1, YW_ITEM_V_HEAD = -2 };

/* it is resolved (names ↔ ids) and completed in place. */
int yw_catalogue_create(struct yw_store *s, const struct yw_actor *who, struct yw_item *it,
			struct yw_item_view *out, struct yw_error *err);
/* Replaces the content of the open draft, or opens draft latest+1 when the
 * item has none. Unchanged content changes nothing. revision 0: no check. */
int yw_catalogue_edit(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_item *it,
		      int64_t revision, struct yw_item_view *out, struct yw_error *err);
/* The open draft becomes the published version; the one before is superseded. */
int yw_catalogue_publish(struct yw_store *s, const struct yw_actor *who, int64_t id, int64_t revision,
			 struct yw_item_view *out, struct yw_error *err);
/* The published version is retired: the item leaves the public catalogue.
 * reason (NULL or ≤ YW_RETIRE_REASON_MAX characters) goes to the audit row. */
enum { YW_RETIRE_REASON_MAX = 200 };
int yw_catalogue_retire(struct yw_store *s, const struct yw_actor *who, int64_t id, int64_t revision,
			const char *reason, struct yw_item_view *out, struct yw_error *err);
/* A version (number, or YW_ITEM_V_*). YW_ITEM_V_PUBLISHED fails with
 * ITEM_NOT_PUBLISHED when the item is not published. */
int yw_catalogue_get(struct yw_store *s, int64_t id, int version, struct yw_item_view *out,
		     struct yw_error *err);

struct yw_item_version_row {
	int64_t version_id, created_by, created_at, updated_at, published_at, ended_at;
	int version;
	char status[12];
	char *name, *created_by_name, *source;
};
struct yw_item_versions {
	struct yw_item_head head;
	struct yw_item_version_row *rows; /* newest first */
	int n;
};
void yw_item_versions_clear(struct yw_item_versions *v);
int yw_catalogue_versions(struct yw_store *s, int64_t id, struct yw_item_versions *out,
			  struct yw_error *err);
/* from/to 0: the version before `to` / the latest. *diff is JSON text
 * (yw_item_diff); *from and *to say which versions were compared. */
int yw_catalogue_diff(struct yw_store *s, int64_t id, int *from, int *to, char **diff,
		      struct yw_error *err);

/* ---- search ---- */

struct yw_item_query {
	const char *q;     /* words, up to YW_ITEM_QUERY_MAX characters */
	bool staff;        /* false: published items only */
	const char *status; /* staff: draft | published | retired; NULL: each item once */
	const char *type, *theme, *service_object;
	int64_t department_id, region_id, hall_id;
	int online_depth; /* 0: any */
	int limit, offset;
};
enum { YW_ITEM_QUERY_MAX = 50, YW_ITEM_QUERY_WORDS = 8 };

struct yw_item_summary {
	int64_t id, version_id, region_id, department_id, updated_at; /* updated_at: of the item */
	int version, online_depth, visits, promised_limit_days;
	int published_version, draft_version; /* of the item; 0: none */
	char *code, *name, *type, *status, *department, *handling_type, *service_objects, *themes;
	char *item_status; /* draft | published | retired (status is the row's version's) */
};
struct yw_item_page {
	struct yw_item_summary *items;
	int n;
	int64_t total;
};
void yw_item_page_free(struct yw_item_page *p);
/* BAD_QUERY (field q) for a query that is too long or has too many words.
 * Words of three characters or more are matched by trigram indexes; shorter
 * ones by an escaped LIKE. Query text is never SQL or FTS syntax. */
int yw_catalogue_search(struct yw_store *s, const struct yw_item_query *q, struct yw_item_page *out,
			struct yw_error *err);

/* Moves with every catalogue change (any process, any server instance):
 * caches of what the catalogue looked like are valid for one value. */
int yw_catalogue_generation(struct yw_store *s, int64_t *generation);

struct yw_theme_count {
	char *theme;
	int64_t items;
};
struct yw_theme_list {
	struct yw_theme_count *rows;
	int n;
};
void yw_theme_list_free(struct yw_theme_list *l);
int yw_catalogue_themes(struct yw_store *s, struct yw_theme_list *out);

/* Departments with published items, and how many each has. */
struct yw_department_count {
	int64_t id, items;
	char *name, *short_name; /* short_name may be NULL */
};
struct yw_department_list {
	struct yw_department_count *rows;
	int n;
};
void yw_department_list_free(struct yw_department_list *l);
int yw_catalogue_departments(struct yw_store *s, struct yw_department_list *out);

/* ---- KPIs (docs/catalogue-kpis.md), over current published versions ---- */

struct yw_kpi_counts {
	int64_t key; /* department or region id; 0 for the total */
	char *label;
	int64_t items, in_hall, comprehensive, online, full_online, at_most_once, immediate;
	int64_t sum_promised, sum_statutory;
};
struct yw_kpi_rates {
	/* < 0 when the denominator is 0 (the rate is undefined) */
	double in_hall, comprehensive, online, full_online, at_most_once, immediate;
	double avg_promised, avg_statutory, compression;
};
struct yw_kpis {
	struct yw_kpi_counts total;
	struct yw_kpi_counts *by_department, *by_region;
	int ndepartments, nregions;
};
void yw_kpis_free(struct yw_kpis *k);
void yw_kpi_rates(const struct yw_kpi_counts *c, struct yw_kpi_rates *out);
/* region_id: that region and every region under it; 0 for all. */
int yw_catalogue_kpis(struct yw_store *s, int64_t region_id, int64_t department_id, struct yw_kpis *out,
		      struct yw_error *err);

/* ---- import and export (docs/catalogue-format.md) ---- */

enum yw_items_format { YW_ITEMS_AUTO, YW_ITEMS_CSV, YW_ITEMS_JSON, YW_ITEMS_XLSX };

struct yw_import_error {
	int line; /* 1-based; CSV header = 1; JSON: where the item starts */
	int item; /* 0-based index of the item in the file, -1 for the file */
	char column[64];
	char code[48];
	enum yw_err err;
	char reason[256];
};
struct yw_import_report {
	enum yw_items_format format;
	bool dry_run;
	int rows, created, updated, unchanged;
	struct yw_import_error *errors;
	int nerrors;
};
void yw_import_report_free(struct yw_import_report *r);

struct yw_import_opts {
	bool dry_run;       /* validate and count, write nothing */
	const char *source; /* recorded on new versions: "import" (default) or "seed" */
};
/* All or nothing: when any row is bad (shape, consistency, reference, scope,
 * duplicate code in the file, an unpublished draft in the way) nothing is
 * written and the report lists every bad row; returns YW_FAIL. Otherwise
 * each item is created or, when its content changed, gets a new published
 * version; unchanged items get nothing. */
int yw_catalogue_import(struct yw_store *s, const struct yw_actor *who, const char *data, size_t len,
			enum yw_items_format format, const struct yw_import_opts *opts,
			struct yw_import_report *report);
/* The catalogue in the file form (CSV with a BOM, JSON, .xlsx): the
 * published items, or those a search finds (q NULL: all published). The
 * query's status defaults to published (not each item's head); its paging
 * is ignored. BAD_QUERY as for yw_catalogue_search. */
int yw_catalogue_export(struct yw_store *s, const struct yw_item_query *q, enum yw_items_format format,
			struct yw_buf *out, struct yw_error *err);

/* CSV (RFC 4180) of items, used by import and export. The header names the
 * fields; see the format document. */
extern const char *const yw_item_csv_columns[];

#endif
