/* Paper files of a case (物料全流程跟踪): each folder of paper materials gets a
 * label with a QR code of its label code; every hand-over between the front
 * desk, the departments, the issuing window and the archive is scanned and
 * logged with who, where and when, so a supervisor can find where any paper
 * file is now. Rules, roles and errors: docs/cases.md "Paper files".
 *
 * A scan is idempotent: scanning a file where it already is (same stage,
 * place and holder) logs nothing and says so. The file row is updated only
 * while it still has the version that was read, so of two scans that race
 * one logs and the other finds the file already there. */
#ifndef YW_CASE_FILE_H
#define YW_CASE_FILE_H
#include "yw/case.h"

/* front_desk department issuing archive: the order a paper file travels. */
extern const char *const yw_case_file_stages[];
extern const char *const yw_case_file_stage_labels[]; /* 前台 部门 出件窗口 档案室 */

enum {
	YW_CASE_FILES_MAX = 20, /* paper files of one case */
	YW_CASE_FILE_CODE_MAX = 40,
};

struct yw_case_file {
	int64_t id, case_id, region_id, hall_id, window_id, department_id, holder_id, created_by, created_at, moved_at,
		version;
	int seq, pages, moves;
	char code[48], title[400], stage[16], holder_name[200], place[400], moved_on[11];
	/* joined */
	char case_no[40], item_name[400], case_state[16], hall_name[200], department_name[200];
	int window_number;
	/* live: working days since the last hand-over (-1: unknown) */
	int idle_days;
};

struct yw_case_file_move {
	int64_t id, file_id, case_id, hall_id, window_id, department_id, holder_id, at;
	int seq, window_number;
	char from_stage[16], stage[16], holder_name[200], place[400], note[1504], hall_name[200], department_name[200];
};

struct yw_case_file_detail {
	struct yw_case_file f;
	struct yw_case_file_move *moves;
	int nmoves;
};
void yw_case_file_detail_free(struct yw_case_file_detail *d);

/* ---- the domain (src/domain/case_file*.c) ---- */

/* A new paper file of a case, at the front desk where it was taken in
 * (the clerk's hall; window_id a window of it, else the case's window). */
struct yw_case_file_new {
	const char *title; /* NULL: "申请材料（纸质）第 n 份" */
	int pages;         /* 0–9999 */
	int64_t window_id;
	const char *place;
};
int yw_case_file_create(const struct yw_case_env *env, int64_t case_id, const struct yw_case_file_new *req,
			int64_t *file_id, struct yw_error *err);

/* A hand-over scanned by whoever takes the file:
 *   department  an approver of the department (department_id, default theirs)
 *               on an accepted case with a step (or the item) of it;
 *   issuing     a clerk at an issuing window (window_id) of a hall in the
 *               case's region, once the case is decided;
 *   archive     a clerk or hall manager of a hall (window_id's, or theirs)
 *               in the case's region, once the case is over.
 * A file never goes back (front desk → department → issuing → archive);
 * department → another department and window → another window are
 * hand-overs too. CASE_FILE_ORDER / CASE_FILE_PLACE otherwise. */
struct yw_case_file_scan {
	const char *code, *stage;
	int64_t window_id, department_id;
	const char *place, *note;
};
int yw_case_file_scan(const struct yw_case_env *env, const struct yw_case_file_scan *req, int64_t *file_id,
		      bool *repeated, struct yw_error *err);

/* Where-is. Readers: staff who may read the case (yw_case_can_read). */
int yw_case_file_get(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who, int64_t id,
		     struct yw_case_file_detail *out, struct yw_error *err);
int yw_case_file_by_code(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
			 const char *code, struct yw_case_file_detail *out, struct yw_error *err);
int yw_case_files_of_case(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
			  int64_t case_id, struct yw_case_file **out, int *n, struct yw_error *err);

/* The tracker: files now at a stage, with a holder, a department, a hall
 * or a window, or not moved for idle_days working days or more (archived
 * files are at rest and never idle). Cut to the reader's scope: approvers
 * their department's, clerks and hall managers their hall's, supervisors
 * their region's. */
struct yw_case_file_query {
	const char *stage;
	int64_t holder_id, department_id, hall_id, window_id, case_id;
	int idle_days; /* 0: any */
	int limit, offset;
};
struct yw_case_file_page {
	struct yw_case_file *rows;
	int n;
	int64_t total;
};
void yw_case_file_page_free(struct yw_case_file_page *p);
int yw_case_file_list(struct yw_store *s, const struct yw_calendar *cal, const struct yw_actor *who,
		      const struct yw_case_file_query *q, struct yw_case_file_page *out, struct yw_error *err);

/* The printable label: an SVG of 60 × 40 mm with the QR code of the label
 * code (what a scanner types), the case number, the item and the file,
 * newly allocated. */
char *yw_case_file_label_svg(const struct yw_case_file *f, const char *agency);

/* ---- the store (src/store/case_file_store.c), inside a transaction ---- */

int yw_cfs_next_seq(struct yw_conn *c, int64_t case_id, int *seq);
int yw_cfs_insert(struct yw_conn *c, struct yw_case_file *f);
int yw_cfs_get(struct yw_conn *c, int64_t id, struct yw_case_file *out);
int yw_cfs_by_code(struct yw_conn *c, const char *code, struct yw_case_file *out);
/* Writes where the file is now, only while it still has version `seen`:
 * YW_NOTFOUND when another scan moved it meanwhile. */
int yw_cfs_update(struct yw_conn *c, struct yw_case_file *f, int64_t seen);
int yw_cfs_move_insert(struct yw_conn *c, struct yw_case_file_move *m);
int yw_cfs_moves(struct yw_conn *c, int64_t file_id, struct yw_case_file_move **out, int *n);
int yw_cfs_of_case(struct yw_conn *c, int64_t case_id, struct yw_case_file **out, int *n);
/* Filters plus the reader's scope; idle_before: files last moved on a day
 * before it ("" none). */
struct yw_cfs_filter {
	const struct yw_case_file_query *q;
	const char *idle_before;
	int64_t scope_hall, scope_department;
	const char *scope_path;
};
int yw_cfs_list(struct yw_conn *c, const struct yw_cfs_filter *f, struct yw_case_file_page *out);

#endif
