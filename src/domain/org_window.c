/* Windows (窗口) in a hall. A window's type says what it does in the
 * "one window" model: comprehensive intake, specialised, issuing, etc. */
#include "yw/crud.h"

static const char *const types[] = {"comprehensive", "specialised", "issuing", "consulting",
				    "complaint",     "cross_region", NULL};

static int check_queue_code(const char *v, struct yw_error *err)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')) {
			yw_error_set(err, YW_E_BAD_FORMAT, NULL, "队列代码只能含大写字母、数字、-、_");
			return YW_FAIL;
		}
	return *v ? YW_OK : (yw_error_set(err, YW_E_BAD_FORMAT, NULL, "队列代码不能为空"), YW_FAIL);
}

/* The window's region follows its hall, so region-scoped users see it. */
static int validate(struct yw_conn *c, const struct yw_actor *who, struct yw_rec *rec,
		    const struct yw_rec *old, struct yw_error *err)
{
	struct yw_rec *hall = NULL;
	int st = yw_estore_get(c, &yw_entity_hall, yw_rec_cval(rec, "hall_id")->i, &hall);
	if (st == YW_NOTFOUND) {
		yw_error_set(err, YW_E_REF_NOT_FOUND, "hall_id", "大厅不存在");
		return YW_FAIL;
	}
	if (st)
		return st;
	yw_val_set_int(yw_rec_val(rec, "region_id"), yw_rec_cval(hall, "region_id")->i);
	yw_rec_free(hall);
	int64_t taken = 0;
	st = yw_estore_window_number_taken(c, yw_rec_cval(rec, "hall_id")->i, yw_rec_cval(rec, "number")->i,
					    rec->id, &taken);
	if (st)
		return st;
	if (taken) {
		yw_error_set(err, YW_E_DUPLICATE, "number", "该大厅已有 %lld 号窗口",
			     (long long)yw_rec_cval(rec, "number")->i);
		return YW_FAIL;
	}
	/* Defaults for what a new window may leave out. */
	if (!yw_rec_cval(rec, "is_open")->set || yw_rec_cval(rec, "is_open")->null)
		yw_val_set_int(yw_rec_val(rec, "is_open"), 1);
	if (!yw_rec_cval(rec, "department_ids")->set || yw_rec_cval(rec, "department_ids")->null)
		yw_val_set_text(yw_rec_val(rec, "department_ids"), "");
	if (!yw_rec_cval(rec, "queue_codes")->set || yw_rec_cval(rec, "queue_codes")->null)
		yw_val_set_text(yw_rec_val(rec, "queue_codes"), "[]");
	return YW_OK;
}

static const struct yw_field fields[] = {
	{"hall_id", YW_F_REF, YW_FF_REQUIRED | YW_FF_FILTER, 1, INT64_MAX, .ref = "halls", .label = "大厅"},
	{"region_id", YW_F_REF, YW_FF_INTERNAL, .label = "区划"},
	{"number", YW_F_INT, YW_FF_REQUIRED, 1, 999, .label = "窗口号"},
	{"name", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_SEARCH, 1, 40, .label = "窗口名称"},
	{"type", YW_F_ENUM, YW_FF_REQUIRED | YW_FF_FILTER, .enums = types, .label = "窗口类型"},
	{"department_ids", YW_F_INTLIST, 0, 0, 50, .ref = "departments", .label = "服务部门"},
	{"queue_codes", YW_F_TEXTLIST, 0, 0, 20, .label = "服务队列", .check = check_queue_code},
	{"is_open", YW_F_BOOL, 0, .label = "开放"},
};

struct yw_entity yw_entity_window = {
	.name = "window",
	.plural = "windows",
	.table = "windows",
	.label = "窗口",
	.fields = fields,
	.nfields = sizeof fields / sizeof fields[0],
	.order_by = "hall_id, number",
	.scope_region = 1,
	.scope_department = -1,
	.scope_hall = 0,
	.read_roles = YW_ROLES_STAFF,
	.write_roles = YW_ROLE_ADMIN | YW_ROLE_HALL_MANAGER,
	.validate = validate,
};
