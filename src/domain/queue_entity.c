/* Queues (队列) of a hall: ticket prefix, number range, padding, daily
 * quota, the items they take, remote tickets and appointment settings.
 * Settings live in the generic entity CRUD; tickets use yw_queue. */
#include "yw/crud.h"
#include "yw/queue.h"
#include "yw/queue_store.h"
#include <stdio.h>
#include <string.h>

static int check_code(const char *v, struct yw_error *err)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')) {
			yw_error_set(err, YW_E_BAD_FORMAT, NULL, "队列代码只能含大写字母、数字、-、_");
			return YW_FAIL;
		}
	return YW_OK;
}

static int check_prefix(const char *v, struct yw_error *err)
{
	size_t n = strlen(v);
	if (n < 1 || n > 2 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n) {
		yw_error_set(err, YW_E_BAD_FORMAT, NULL, "号码前缀应为 1–2 个大写字母，如 A");
		return YW_FAIL;
	}
	return YW_OK;
}

static int check_hhmm(const char *v, struct yw_error *err)
{
	int h, m;
	char tail;
	if (strlen(v) != 5 || sscanf(v, "%2d:%2d%c", &h, &m, &tail) != 2 || v[2] != ':' || h < 0 || h > 23 || m < 0 ||
	    m > 59) {
		yw_error_set(err, YW_E_BAD_FORMAT, NULL, "时间应为 HH:MM");
		return YW_FAIL;
	}
	return YW_OK;
}

static void default_int(struct yw_rec *rec, const char *name, int64_t v)
{
	const struct yw_val *x = yw_rec_cval(rec, name);
	if (!x->set || x->null)
		yw_val_set_int(yw_rec_val(rec, name), v);
}

static int validate(struct yw_conn *c, const struct yw_actor *who, struct yw_rec *rec, const struct yw_rec *old,
		    struct yw_error *err)
{
	(void)who;
	struct yw_rec *hall = NULL;
	int64_t hall_id = yw_rec_cval(rec, "hall_id")->i;
	int st = yw_estore_get(c, &yw_entity_hall, hall_id, &hall);
	if (st == YW_NOTFOUND) {
		yw_error_set(err, YW_E_REF_NOT_FOUND, "hall_id", "大厅不存在");
		return YW_FAIL;
	}
	if (st)
		return st;
	yw_val_set_int(yw_rec_val(rec, "region_id"), yw_rec_cval(hall, "region_id")->i);
	yw_rec_free(hall);
	if (old && old->v[0].i != hall_id) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "hall_id", "队列不能移到其他大厅，请新建");
		return YW_FAIL;
	}
	default_int(rec, "number_min", 1);
	default_int(rec, "number_max", 999);
	default_int(rec, "pad", 3);
	int64_t lo = yw_rec_cval(rec, "number_min")->i, hi = yw_rec_cval(rec, "number_max")->i;
	int64_t pad = yw_rec_cval(rec, "pad")->i;
	if (lo > hi) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "number_max", "号码上限不能小于下限");
		return YW_FAIL;
	}
	int64_t limit = 1;
	for (int i = 0; i < pad; i++)
		limit *= 10;
	if (hi >= limit) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "pad", "补零位数 %lld 放不下号码上限 %lld", (long long)pad,
			     (long long)hi);
		return YW_FAIL;
	}
	default_int(rec, "daily_quota", hi - lo + 1);
	if (yw_rec_cval(rec, "daily_quota")->i > hi - lo + 1) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "daily_quota", "每日号源不能超过号码范围（%lld 个）",
			     (long long)(hi - lo + 1));
		return YW_FAIL;
	}
	const struct yw_val *items = yw_rec_cval(rec, "item_ids");
	if (!items->set || items->null)
		yw_val_set_text(yw_rec_val(rec, "item_ids"), "");
	default_int(rec, "allow_remote", 0);
	default_int(rec, "active", 1);
	default_int(rec, "sort_order", 0);
	const char *field = NULL;
	st = yw_qs_queue_clash(c, hall_id, yw_rec_cval(rec, "code")->s, yw_rec_cval(rec, "prefix")->s, rec->id,
			       &field);
	if (st)
		return st;
	if (field) {
		yw_error_set(err, YW_E_DUPLICATE, field, "该大厅已有相同%s的队列", !strcmp(field, "code") ? "代码" : "前缀");
		return YW_FAIL;
	}
	return YW_OK;
}

static int before_delete(struct yw_conn *c, const struct yw_rec *old, struct yw_error *err)
{
	int64_t used = 0;
	int st = yw_qs_queue_in_use(c, old->id, &used);
	if (st)
		return st;
	if (used) {
		yw_error_set(err, YW_E_IN_USE, "id", "该队列已有取号或预约记录，请改为停用");
		return YW_FAIL;
	}
	return YW_OK;
}

static const struct yw_field fields[] = {
	{"hall_id", YW_F_REF, YW_FF_REQUIRED | YW_FF_FILTER, 1, INT64_MAX, .ref = "halls", .label = "大厅"},
	{"region_id", YW_F_REF, YW_FF_INTERNAL, .label = "区划"},
	{"code", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_SEARCH, 1, 16, .label = "队列代码", .check = check_code},
	{"name", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_SEARCH, 1, 40, .label = "队列名称"},
	{"prefix", YW_F_TEXT, YW_FF_REQUIRED, 1, 2, .label = "号码前缀", .check = check_prefix},
	{"number_min", YW_F_INT, 0, 0, 9999, .label = "起始号"},
	{"number_max", YW_F_INT, 0, 1, 9999, .label = "最大号"},
	{"pad", YW_F_INT, 0, 1, 4, .label = "补零位数"},
	{"daily_quota", YW_F_INT, 0, 1, 10000, .label = "每日号源"},
	{"item_ids", YW_F_INTLIST, 0, 0, 500, .ref = "items", .label = "办理事项"},
	{"allow_remote", YW_F_BOOL, 0, .label = "允许远程取号"},
	{"active", YW_F_BOOL, 0, .label = "启用"},
	{"sort_order", YW_F_INT, 0, 0, 999, .label = "排序"},
	{"appt_horizon_days", YW_F_INT, 0, 0, 90, .label = "可预约天数"},
	{"appt_min_notice_min", YW_F_INT, 0, 0, 10080, .label = "最少提前分钟"},
	{"appt_release_time", YW_F_TEXT, 0, 5, 5, .label = "放号时间", .check = check_hhmm},
	{"appt_per_person_day", YW_F_INT, 0, 1, 20, .label = "每人每日限约"},
	{"appt_per_person_item", YW_F_INT, 0, 1, 20, .label = "每人每事项限约"},
};

struct yw_entity yw_entity_queue = {
	.name = "queue",
	.plural = "queues",
	.table = "queues",
	.label = "队列",
	.fields = fields,
	.nfields = sizeof fields / sizeof fields[0],
	.order_by = "hall_id, sort_order, id",
	.scope_region = 1,
	.scope_department = -1,
	.scope_hall = 0,
	.read_roles = YW_ROLES_STAFF,
	.write_roles = YW_ROLE_ADMIN | YW_ROLE_HALL_MANAGER,
	.validate = validate,
	.before_delete = before_delete,
};
