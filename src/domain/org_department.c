/* Departments (部门) stationed in the district, identified by their
 * unified social credit code (GB 32100-2015). */
#include "yw/crud.h"
#include "yw/validate.h"

static int before_delete(struct yw_conn *c, const struct yw_rec *old, struct yw_error *err)
{
	int64_t staff = 0, windows = 0;
	int st = yw_estore_count_refs(c, &yw_entity_staff, "department_id", false, old->id, &staff);
	if (!st)
		st = yw_estore_count_refs(c, &yw_entity_window, "department_ids", true, old->id, &windows);
	if (st)
		return st;
	if (staff || windows) {
		yw_error_set(err, YW_E_IN_USE, "id", "该部门仍有 %lld 名人员、%lld 个窗口", (long long)staff,
			     (long long)windows);
		return YW_FAIL;
	}
	return YW_OK;
}

static const struct yw_field fields[] = {
	{"name", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_UNIQUE | YW_FF_SEARCH, 2, 60, .label = "部门名称"},
	{"short_name", YW_F_TEXT, YW_FF_SEARCH, 1, 20, .label = "简称"},
	{"credit_code", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_UNIQUE | YW_FF_SEARCH, 18, 18, .label = "统一社会信用代码",
	 .check = yw_validate_credit_code},
	{"region_id", YW_F_REF, YW_FF_REQUIRED | YW_FF_FILTER, 1, INT64_MAX, .ref = "regions",
	 .label = "所属区划"},
	{"chief_rep", YW_F_TEXT, 0, 1, 30, .label = "首席代表"},
	{"phone", YW_F_TEXT, 0, 5, 20, .label = "咨询电话", .check = yw_validate_phone},
};

struct yw_entity yw_entity_department = {
	.name = "department",
	.plural = "departments",
	.table = "departments",
	.label = "部门",
	.fields = fields,
	.nfields = sizeof fields / sizeof fields[0],
	.order_by = "id",
	.scope_region = 3,
	.scope_department = YW_SCOPE_SELF,
	.scope_hall = -1,
	.read_roles = YW_ROLES_STAFF,
	.read_unscoped = true,
	.write_roles = YW_ROLE_ADMIN,
	.before_delete = before_delete,
};
