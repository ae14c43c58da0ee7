/* Staff accounts: who they are, where they work (their scope) and which
 * roles they hold. Passwords are taken here and stored only as argon2id. */
#include "yw/crud.h"
#include "yw/appt.h"
#include "yw/queue.h"
#include "yw/password.h"
#include "yw/validate.h"
#include <stdlib.h>
#include <string.h>

/* Every role but citizen: citizens log in by phone, not as staff. */
static const char *const staff_roles[] = {"admin",	    "catalogue_admin", "hall_manager",
					  "clerk",	    "approver",	       "supervisor",
					  "hotline_agent", "hotline_handler", NULL};

static int check_username(const char *v, struct yw_error *err)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
		      *p == '-')) {
			yw_error_set(err, YW_E_BAD_FORMAT, NULL, "用户名只能含小写字母、数字和 . _ -");
			return YW_FAIL;
		}
	return YW_OK;
}

static int validate(struct yw_conn *c, const struct yw_actor *who, struct yw_rec *rec,
		    const struct yw_rec *old, struct yw_error *err)
{
	struct yw_val *pw = yw_rec_val(rec, "password");
	if (!old && (!pw->set || pw->null)) {
		yw_error_set(err, YW_E_MISSING_FIELD, "password", "新建人员需要设置初始密码");
		return YW_FAIL;
	}
	if (pw->set && !pw->null) {
		if (yw_password_check_strength(pw->s, err))
			return YW_FAIL;
		char *hash = yw_password_hash(pw->s);
		if (!hash) {
			yw_error_set(err, YW_E_INTERNAL, "password", "密码哈希失败");
			return YW_FAIL;
		}
		yw_val_set_text(yw_rec_val(rec, "password_hash"), hash);
		free(hash);
		yw_val_set_null(pw); /* do not keep the clear text around */
	}
	const struct yw_val *roles = yw_rec_cval(rec, "roles");
	if (!roles->s || !strcmp(roles->s, "[]")) {
		yw_error_set(err, YW_E_MISSING_FIELD, "roles", "至少需要一个角色");
		return YW_FAIL;
	}
	if (!yw_rec_cval(rec, "active")->set || yw_rec_cval(rec, "active")->null)
		yw_val_set_int(yw_rec_val(rec, "active"), 1);
	/* An administrator cannot lock themselves out by accident. */
	if (old && who && who->user_id == rec->id && !yw_rec_cval(rec, "active")->i) {
		yw_error_set(err, YW_E_CONFLICT, "active", "不能停用自己的账号");
		return YW_FAIL;
	}
	return YW_OK;
}

static const struct yw_field fields[] = {
	{"username", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_UNIQUE | YW_FF_SEARCH, 3, 32, .label = "用户名",
	 .check = check_username},
	{"name", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_SEARCH, 1, 30, .label = "姓名"},
	{"phone", YW_F_TEXT, YW_FF_MASK_PHONE, 11, 11, .label = "手机号", .check = yw_validate_mobile},
	{"department_id", YW_F_REF, YW_FF_FILTER, 1, INT64_MAX, .ref = "departments", .label = "部门"},
	{"hall_id", YW_F_REF, YW_FF_FILTER, 1, INT64_MAX, .ref = "halls", .label = "大厅"},
	{"region_id", YW_F_REF, YW_FF_FILTER, 1, INT64_MAX, .ref = "regions", .label = "区划"},
	{"roles", YW_F_TEXTLIST, YW_FF_REQUIRED, 1, 8, .enums = staff_roles, .label = "角色"},
	{"active", YW_F_BOOL, 0, .label = "启用"},
	{"password", YW_F_TEXT, YW_FF_WRITEONLY, 0, 128, .label = "密码"},
	{"password_hash", YW_F_TEXT, YW_FF_INTERNAL, .label = "密码哈希"},
};

struct yw_entity yw_entity_staff = {
	.name = "staff",
	.plural = "staff",
	.table = "staff",
	.label = "人员",
	.fields = fields,
	.nfields = sizeof fields / sizeof fields[0],
	.order_by = "id",
	.scope_region = 5,
	.scope_department = 3,
	.scope_hall = 4,
	.read_roles = YW_ROLE_ADMIN | YW_ROLE_HALL_MANAGER | YW_ROLE_SUPERVISOR,
	.write_roles = YW_ROLE_ADMIN,
	.validate = validate,
};

struct yw_entity *const yw_entities[] = {&yw_entity_region, &yw_entity_department, &yw_entity_hall,
					 &yw_entity_window, &yw_entity_staff, &yw_entity_queue, &yw_entity_appt_session, NULL};
