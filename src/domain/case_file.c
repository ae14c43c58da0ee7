/* Paper files of a case (物料全流程跟踪): a label at the front desk, then a
 * scanned hand-over each time the file changes hands — to a department for
 * review, to an issuing window with the result, to the archive. The file
 * only moves forward; who may scan depends on where it goes (docs/cases.md
 * "Paper files"). Each change is logged and audited in its transaction; a
 * scan of a file where it already is changes nothing. */
#include "yw/audit.h"
#include "yw/case_file.h"
#include "yw/case_internal.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const yw_case_file_stages[] = {"front_desk", "department", "issuing", "archive", NULL};
const char *const yw_case_file_stage_labels[] = {"前台受理", "部门审批", "出件窗口", "档案室", NULL};

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

static int stage_rank(const char *stage)
{
	for (int i = 0; yw_case_file_stages[i]; i++)
		if (!strcmp(stage, yw_case_file_stages[i]))
			return i;
	return -1;
}

static int check_text(const char *s, const char *field, int max, struct yw_error *err)
{
	if (s && (int)yw_utf8_len(s) > max) {
		yw_error_set(err, YW_E_TOO_LONG, field, "最多 %d 个字符 / at most %d characters", max, max);
		return YW_FAIL;
	}
	return YW_OK;
}

static bool path_inside(const char *inner, const char *outer)
{
	return outer[0] && !strncmp(inner, outer, strlen(outer));
}

static int audit(struct yw_conn *c, const struct yw_actor *who, const char *action, const struct yw_case_file *f)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{");
	yw_case_json_kv(&b, "code", f->code);
	yw_case_json_kv(&b, "stage", f->stage);
	if (f->department_id)
		yw_buf_printf(&b, ",\"department_id\":%lld", (long long)f->department_id);
	if (f->hall_id)
		yw_buf_printf(&b, ",\"hall_id\":%lld", (long long)f->hall_id);
	if (f->window_id)
		yw_buf_printf(&b, ",\"window_id\":%lld", (long long)f->window_id);
	yw_buf_adds(&b, "}");
	int st = yw_audit_append(c, who, action, "case_file", f->id, b.data);
	yw_buf_free(&b);
	return st;
}

/* The log row of where the file is now, numbered after the last one. */
static int log_move(struct yw_conn *c, const struct yw_case_file *f, const char *from, const char *note)
{
	struct yw_case_file_move m = {.file_id = f->id, .case_id = f->case_id, .seq = f->moves, .hall_id = f->hall_id,
				      .window_id = f->window_id, .department_id = f->department_id,
				      .holder_id = f->holder_id, .at = f->moved_at};
	snprintf(m.from_stage, sizeof m.from_stage, "%s", from ? from : "");
	snprintf(m.stage, sizeof m.stage, "%s", f->stage);
	snprintf(m.holder_name, sizeof m.holder_name, "%s", f->holder_name);
	snprintf(m.place, sizeof m.place, "%s", f->place);
	snprintf(m.note, sizeof m.note, "%s", note ? note : "");
	int st = yw_cfs_move_insert(c, &m);
	/* Two scans that raced past the version check cannot both log. */
	return st == YW_DB_HARD && yw_db_err_unique(c) ? YW_RETRY : st;
}

static void holder_of(struct yw_case_file *f, const struct yw_case_env *env)
{
	f->holder_id = env->who->user_id;
	snprintf(f->holder_name, sizeof f->holder_name, "%s", env->who->name ? env->who->name : "");
}

/* ---- the label at the front desk ---- */

struct create_ctx {
	const struct yw_case_env *env;
	int64_t case_id;
	const struct yw_case_file_new *req;
	int64_t *file_id;
	struct yw_error *err;
};

static int create_tx(struct yw_conn *c, void *p)
{
	struct create_ctx *x = p;
	const struct yw_actor *who = x->env->who;
	const struct yw_case_file_new *req = x->req;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	struct yw_case_file f = {0};
	int st = yw_cs_case_get(c, x->case_id, k);
	if (st == YW_NOTFOUND)
		st = fail(x->err, YW_E_NOT_FOUND, "id", "办件不存在");
	if (st)
		goto out;
	bool in_region = true;
	if (!(who->roles & YW_ROLE_ADMIN) && (st = yw_case_in_region(c, who, k, &in_region)))
		goto out;
	if (!in_region) {
		st = fail(x->err, YW_E_FORBIDDEN_SCOPE, "id", "该办件不在本区域大厅受理范围内");
		goto out;
	}
	if (!strcmp(k->state, "not_accepted")) {
		st = fail(x->err, YW_E_CASE_BAD_STATE, "id", "不予受理的办件没有流转的纸质材料（材料当场退还申请人）");
		goto out;
	}
	if ((st = check_text(req->title, "title", 100, x->err)) || (st = check_text(req->place, "place", 100, x->err)))
		goto out;
	if (req->pages < 0 || req->pages > 9999) {
		st = fail(x->err, YW_E_OUT_OF_RANGE, "pages", "页数为 0–9999");
		goto out;
	}
	/* The front desk: the clerk's hall (an administrator's: the case's). */
	f.hall_id = who->scope.hall_id ? who->scope.hall_id : k->hall_id;
	f.window_id = f.hall_id == k->hall_id ? k->window_id : 0;
	if (req->window_id) {
		struct yw_cs_place w;
		st = yw_cs_window(c, req->window_id, &w);
		if (st == YW_NOTFOUND || (!st && f.hall_id && w.hall_id != f.hall_id))
			st = fail(x->err, YW_E_REF_NOT_FOUND, "window_id", "本大厅没有该窗口");
		if (st)
			goto out;
		f.hall_id = w.hall_id;
		f.window_id = req->window_id;
	}
	if (!f.hall_id) {
		st = fail(x->err, YW_E_MISSING_FIELD, "window_id", "请指定前台窗口（管理员须指明窗口）");
		goto out;
	}
	if ((st = yw_cfs_next_seq(c, k->id, &f.seq)))
		goto out;
	if (f.seq > YW_CASE_FILES_MAX) {
		st = fail(x->err, YW_E_CASE_FILE_LIMIT, "id", "每件办件最多 20 份纸质材料");
		goto out;
	}
	f.case_id = k->id;
	f.region_id = k->region_id;
	f.pages = req->pages;
	snprintf(f.code, sizeof f.code, "%.32s-%02d", k->case_no, f.seq); /* case numbers are 20 characters */
	if (req->title && *req->title)
		snprintf(f.title, sizeof f.title, "%s", req->title);
	else
		snprintf(f.title, sizeof f.title, "申请材料（纸质）第 %d 份", f.seq);
	snprintf(f.stage, sizeof f.stage, "front_desk");
	snprintf(f.place, sizeof f.place, "%s", req->place ? req->place : "");
	holder_of(&f, x->env);
	f.moves = 1;
	f.moved_at = f.created_at = x->env->now;
	f.created_by = who->user_id;
	yw_case_day(x->env->now, NULL, f.moved_on);
	st = yw_cfs_insert(c, &f);
	if (st == YW_DB_HARD && yw_db_err_unique(c))
		st = YW_RETRY; /* another label of the case took the number */
	if (!st)
		st = log_move(c, &f, NULL, "贴标签");
	if (!st)
		st = audit(c, who, "file_label", &f);
	if (!st)
		*x->file_id = f.id;
out:
	free(k);
	return st;
}

int yw_case_file_create(const struct yw_case_env *env, int64_t case_id, const struct yw_case_file_new *req,
			int64_t *file_id, struct yw_error *err)
{
	if (!env->who || !(env->who->roles & (YW_ROLE_CLERK | YW_ROLE_ADMIN)))
		return fail(err, YW_E_FORBIDDEN_ROLE, NULL, "只有窗口人员可以为纸质材料贴标签");
	struct create_ctx x = {env, case_id, req, file_id, err};
	return yw_store_tx(env->store, YW_TX_WRITE, create_tx, &x);
}

/* ---- a scanned hand-over ---- */

struct scan_ctx {
	const struct yw_case_env *env;
	const struct yw_case_file_scan *req;
	int64_t *file_id;
	bool *repeated;
	struct yw_error *err;
};

/* Where the scan puts the file (to), checked against who scans, the case's
 * state and its region. */
static int place_department(struct scan_ctx *x, struct yw_conn *c, const struct yw_case *k, struct yw_case_file *to)
{
	const struct yw_actor *who = x->env->who;
	int64_t dept = x->req->department_id ? x->req->department_id : who->scope.department_id;
	if (!dept)
		return fail(x->err, YW_E_MISSING_FIELD, "department_id", "请指定接收材料的部门");
	if (!(who->roles & YW_ROLE_ADMIN) && (!(who->roles & YW_ROLE_APPROVER) || who->scope.department_id != dept))
		return fail(x->err, YW_E_FORBIDDEN_SCOPE, "department_id", "只能由本部门审批人员扫码接收");
	char name[200];
	int st = yw_cs_department_name(c, dept, name, sizeof name);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_REF_NOT_FOUND, "department_id", "部门不存在");
	if (st)
		return st;
	bool involved = false;
	if ((st = yw_cs_department_involved(c, k->id, dept, &involved)))
		return st;
	if (!involved)
		return fail(x->err, YW_E_CASE_FILE_PLACE, "department_id", "该部门不办理此办件的任何环节");
	static const char *const accepted[] = {"in_progress", "returned", "special", NULL};
	if (!yw_case_in(k->state, accepted)) {
		yw_error_set(x->err, YW_E_CASE_FILE_ORDER, "stage", "办件当前为“%s”，%s", yw_case_state_label(k->state),
			     !strcmp(k->state, "supplement") ? "尚未受理，材料不转部门"
							     : "审批已结束，材料应转出件窗口或归档");
		return YW_FAIL;
	}
	to->department_id = dept;
	return YW_OK;
}

static int place_window(struct scan_ctx *x, struct yw_conn *c, const struct yw_case *k, struct yw_case_file *to,
			bool archive)
{
	const struct yw_actor *who = x->env->who;
	struct yw_cs_place p;
	int64_t window = x->req->window_id;
	int st;
	if (window) {
		st = yw_cs_window(c, window, &p);
		if (st == YW_NOTFOUND)
			return fail(x->err, YW_E_REF_NOT_FOUND, "window_id", "窗口不存在");
	} else if (archive && who->scope.hall_id) {
		st = yw_cs_hall(c, who->scope.hall_id, &p);
	} else {
		return fail(x->err, YW_E_MISSING_FIELD, "window_id", archive ? "请指定归档的大厅窗口" : "请指定出件窗口");
	}
	if (st)
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	unsigned may = archive ? (YW_ROLE_CLERK | YW_ROLE_HALL_MANAGER) : YW_ROLE_CLERK;
	if (!(who->roles & YW_ROLE_ADMIN) && (!(who->roles & may) || who->scope.hall_id != p.hall_id))
		return fail(x->err, YW_E_FORBIDDEN_SCOPE, "window_id", "只能在本人所在大厅扫码接收");
	char case_path[200];
	if ((st = yw_cs_region_path(c, k->region_id, case_path, sizeof case_path)))
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	if (!path_inside(p.region_path, case_path))
		return fail(x->err, YW_E_CASE_FILE_PLACE, "window_id", "该大厅不在办件所属区域内");
	if (!archive && strcmp(p.window_type, "issuing"))
		return fail(x->err, YW_E_CASE_FILE_PLACE, "window_id", "该窗口不是出件窗口");
	static const char *const decided[] = {"decided", "delivered", NULL};
	static const char *const over[] = {"delivered", "not_accepted", NULL};
	if (!yw_case_in(k->state, archive ? over : decided)) {
		yw_error_set(x->err, YW_E_CASE_FILE_ORDER, "stage", "办件当前为“%s”，%s", yw_case_state_label(k->state),
			     archive ? "送达后才能归档" : "办结后材料才转出件窗口");
		return YW_FAIL;
	}
	to->hall_id = p.hall_id;
	to->window_id = window;
	return YW_OK;
}

static bool same_place(const struct yw_case_file *a, const struct yw_case_file *b)
{
	return !strcmp(a->stage, b->stage) && a->hall_id == b->hall_id && a->window_id == b->window_id &&
	       a->department_id == b->department_id && a->holder_id == b->holder_id;
}

static int scan_tx(struct yw_conn *c, void *p)
{
	struct scan_ctx *x = p;
	const struct yw_case_file_scan *req = x->req;
	*x->repeated = false;
	struct yw_case_file f;
	int st = yw_cfs_by_code(c, req->code, &f);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "code", "没有该标签号的纸质材料");
	if (st)
		return st;
	struct yw_case *k = yw_calloc(1, sizeof *k);
	if ((st = yw_cs_case_get(c, f.case_id, k)))
		goto out;
	struct yw_case_file to = f;
	to.hall_id = to.window_id = to.department_id = 0;
	snprintf(to.stage, sizeof to.stage, "%s", req->stage);
	holder_of(&to, x->env);
	if (!strcmp(req->stage, "department"))
		st = place_department(x, c, k, &to);
	else
		st = place_window(x, c, k, &to, !strcmp(req->stage, "archive"));
	if (st)
		goto out;
	*x->file_id = f.id;
	if (same_place(&f, &to) && (!req->place || !strcmp(req->place, f.place))) {
		*x->repeated = true; /* scanned twice: it is already here */
		goto out;
	}
	int from = stage_rank(f.stage), dest = stage_rank(to.stage);
	if (dest < from || !strcmp(f.stage, "archive")) {
		yw_error_set(x->err, YW_E_CASE_FILE_ORDER, "stage", "该材料已在%s，不能再转到%s", yw_case_file_stage_labels[from],
			     yw_case_file_stage_labels[dest]);
		st = YW_FAIL;
		goto out;
	}
	if (req->place)
		snprintf(to.place, sizeof to.place, "%s", req->place);
	else if (strcmp(f.stage, to.stage) || f.hall_id != to.hall_id)
		to.place[0] = 0; /* the old shelf is not where it is now */
	to.moves = f.moves + 1;
	to.moved_at = x->env->now;
	yw_case_day(x->env->now, NULL, to.moved_on);
	st = yw_cfs_update(c, &to, f.version);
	if (st == YW_NOTFOUND)
		st = YW_RETRY; /* another scan moved it meanwhile: read it again */
	if (!st)
		st = log_move(c, &to, f.stage, req->note);
	if (!st)
		st = audit(c, x->env->who, "file_move", &to);
out:
	free(k);
	return st;
}

static bool code_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > YW_CASE_FILE_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}

int yw_case_file_scan(const struct yw_case_env *env, const struct yw_case_file_scan *req, int64_t *file_id,
		      bool *repeated, struct yw_error *err)
{
	*repeated = false;
	if (!env->who || !(env->who->roles & (YW_ROLE_CLERK | YW_ROLE_APPROVER | YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN)))
		return fail(err, YW_E_FORBIDDEN_ROLE, NULL, "只有窗口、审批或大厅人员可以扫码交接");
	if (!req->code || !*req->code)
		return fail(err, YW_E_MISSING_FIELD, "code", "请扫描材料标签");
	if (!code_ok(req->code))
		return fail(err, YW_E_BAD_FORMAT, "code", "标签号为办件编号加“-”和序号，如 44160220261124000001-01");
	if (!req->stage || !*req->stage)
		return fail(err, YW_E_MISSING_FIELD, "stage", "请选择 department、issuing 或 archive");
	if (stage_rank(req->stage) < 1)
		return fail(err, YW_E_BAD_ENUM, "stage", "交接环节为 department（部门）、issuing（出件窗口）或 archive（归档）");
	if (check_text(req->place, "place", 100, err) || check_text(req->note, "note", YW_CASE_TEXT_MAX, err))
		return YW_FAIL;
	char code[48];
	snprintf(code, sizeof code, "%s", req->code);
	for (char *s = code; *s; s++)
		*s = (char)toupper((unsigned char)*s);
	struct yw_case_file_scan norm = *req;
	norm.code = code;
	struct scan_ctx x = {env, &norm, file_id, repeated, err};
	return yw_store_tx(env->store, YW_TX_WRITE, scan_tx, &x);
}

/* ---- inside a caller's transaction (the demo seed) ---- */

int yw_case_file_create_in(struct yw_conn *c, const struct yw_case_env *env, int64_t case_id,
			   const struct yw_case_file_new *req, int64_t *file_id, struct yw_error *err)
{
	struct create_ctx x = {env, case_id, req, file_id, err};
	return create_tx(c, &x);
}

int yw_case_file_scan_in(struct yw_conn *c, const struct yw_case_env *env, const struct yw_case_file_scan *req,
			 struct yw_error *err)
{
	int64_t file_id = 0;
	bool repeated = false;
	struct scan_ctx x = {env, req, &file_id, &repeated, err};
	return scan_tx(c, &x);
}
