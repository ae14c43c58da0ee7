/* Service halls (政务服务大厅) at district, street and community level,
 * with opening hours for each weekday (weekend service included). */
#include "yw/crud.h"
#include "yw/validate.h"
#include <stdio.h>
#include <string.h>

static const char *const levels[] = {"district", "street", "community", NULL};

static int minutes(const char *s, int *out)
{
	int h, m;
	char tail;
	if (strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || s[2] != ':' || h > 23 ||
	    m > 59 || h < 0 || m < 0)
		return -1;
	*out = h * 60 + m;
	return 0;
}

/* "" (closed) or "HH:MM-HH:MM[,HH:MM-HH:MM…]" in increasing, disjoint order. */
static int check_hours(const char *v, struct yw_error *err)
{
	int prev_end = -1;
	char buf[128];
	snprintf(buf, sizeof buf, "%s", v);
	if (!*buf)
		return YW_OK;
	char *save = NULL;
	for (char *part = strtok_r(buf, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(part, '-');
		int from, to;
		if (!dash || (*dash = 0, minutes(part, &from)) || minutes(dash + 1, &to) || from >= to ||
		    from <= prev_end) {
			yw_error_set(err, YW_E_INVALID_HOURS, NULL, "“%s” 应为 08:30-12:00,14:30-17:30 形式且时段递增", v);
			return YW_FAIL;
		}
		prev_end = to;
	}
	return YW_OK;
}

static int before_delete(struct yw_conn *c, const struct yw_rec *old, struct yw_error *err)
{
	int64_t windows = 0, staff = 0;
	int st = yw_estore_count_refs(c, &yw_entity_window, "hall_id", false, old->id, &windows);
	if (!st)
		st = yw_estore_count_refs(c, &yw_entity_staff, "hall_id", false, old->id, &staff);
	if (st)
		return st;
	if (windows || staff) {
		yw_error_set(err, YW_E_IN_USE, "id", "该大厅仍有 %lld 个窗口、%lld 名人员", (long long)windows,
			     (long long)staff);
		return YW_FAIL;
	}
	return YW_OK;
}

static const struct yw_field fields[] = {
	{"name", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_UNIQUE | YW_FF_SEARCH, 2, 60, .label = "大厅名称"},
	{"region_id", YW_F_REF, YW_FF_REQUIRED | YW_FF_FILTER, 1, INT64_MAX, .ref = "regions",
	 .label = "所属区划"},
	{"level", YW_F_ENUM, YW_FF_REQUIRED | YW_FF_FILTER, .enums = levels, .label = "层级"},
	{"address", YW_F_TEXT, YW_FF_SEARCH, 0, 120, .label = "地址"},
	{"phone", YW_F_TEXT, 0, 5, 20, .label = "电话", .check = yw_validate_phone},
	/* Exactly 7 entries, Monday first. */
	{"hours", YW_F_TEXTLIST, YW_FF_REQUIRED, 7, 7, .label = "办公时间", .check = check_hours},
};

struct yw_entity yw_entity_hall = {
	.name = "hall",
	.plural = "halls",
	.table = "halls",
	.label = "大厅",
	.fields = fields,
	.nfields = sizeof fields / sizeof fields[0],
	.order_by = "id",
	.scope_region = 1,
	.scope_department = -1,
	.scope_hall = YW_SCOPE_SELF,
	.read_roles = YW_ROLES_STAFF,
	.write_roles = YW_ROLE_ADMIN | YW_ROLE_HALL_MANAGER,
	.before_delete = before_delete,
};
