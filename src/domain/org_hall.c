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

/* "lat,lng" in decimal degrees, for distance order in cloud calling. */
static int check_location(const char *v, struct yw_error *err)
{
	double lat, lng;
	char tail;
	if (sscanf(v, "%lf,%lf%c", &lat, &lng, &tail) != 2 || lat < -90 || lat > 90 || lng < -180 || lng > 180) {
		yw_error_set(err, YW_E_BAD_FORMAT, NULL, "位置应为“纬度,经度”，如 23.7435,114.6978");
		return YW_FAIL;
	}
	return YW_OK;
}

static const char *const call_rules[] = {"preference", "longest_wait", NULL};

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
	/* Queue rules (docs/queue.md); left empty they take the defaults. */
	{"call_rule", YW_F_ENUM, 0, .enums = call_rules, .label = "叫号规则"},
	{"recall_limit", YW_F_INT, 0, 0, 9, .label = "最多重呼次数"},
	{"remote_tickets", YW_F_BOOL, 0, .label = "允许远程取号"},
	{"checkin_early_min", YW_F_INT, 0, 0, 240, .label = "提前签到分钟"},
	{"checkin_late_min", YW_F_INT, 0, 0, 240, .label = "迟到宽限分钟"},
	{"hold_seconds", YW_F_INT, 0, 30, 3600, .label = "预约保留秒数"},
	{"freeze_minutes", YW_F_INT, 0, 0, 1440, .label = "取消冻结分钟"},
	{"wait_target_min", YW_F_INT, 0, 1, 240, .label = "目标等候分钟"},
	{"remind_at", YW_F_INT, 0, 1, 50, .label = "提前第N位提醒"},
	{"location", YW_F_TEXT, 0, 3, 40, .label = "位置(纬度,经度)", .check = check_location},
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
