/* Regions (行政区划): a tree province → city → district → street →
 * community. Province/city/district codes are GB/T 2260 (6 digits); streets
 * add 3 digits and communities 3 more, as in the national statistics codes. */
#include "yw/authz.h"
#include "yw/crud.h"
#include "yw/validate.h"
#include <stdlib.h>
#include <string.h>

static const char *const levels[] = {"province", "city", "district", "street", "community", NULL};

static int level_index(const char *s)
{
	for (int i = 0; levels[i]; i++)
		if (s && !strcmp(levels[i], s))
			return i;
	return -1;
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int check_code(const char *code, int level, struct yw_error *err)
{
	static const size_t lengths[] = {6, 6, 6, 9, 12};
	bool ok = all_digits(code, lengths[level]);
	if (ok && level == 0)
		ok = !strcmp(code + 2, "0000");
	else if (ok && level == 1)
		ok = !strcmp(code + 4, "00") && strcmp(code + 2, "0000");
	else if (ok && level == 2)
		ok = strcmp(code + 4, "00") != 0;
	if (ok && level <= 2 && !yw_region_code_known(code)) {
		yw_error_set(err, YW_E_INVALID_REGION_CODE, "code",
			     "%s 不在 GB/T 2260 行政区划代码表中", code);
		return YW_FAIL;
	}
	if (!ok) {
		yw_error_set(err, YW_E_INVALID_REGION_CODE, "code",
			     "%s 级区划代码应为 %zu 位数字（省 XX0000，市 XXXX00）", levels[level],
			     lengths[level]);
		return YW_FAIL;
	}
	return YW_OK;
}

static int validate(struct yw_conn *c, const struct yw_actor *who, struct yw_rec *rec,
		    const struct yw_rec *old, struct yw_error *err)
{
	const char *code = yw_rec_cval(rec, "code")->s;
	int level = level_index(yw_rec_cval(rec, "level")->s);
	const struct yw_val *parent_id = yw_rec_cval(rec, "parent_id");
	if (check_code(code, level, err))
		return YW_FAIL;
	if (old) {
		/* Moving or recoding a region with children would orphan their paths. */
		const struct yw_val *old_parent = yw_rec_cval(old, "parent_id");
		bool moved = strcmp(yw_rec_cval(old, "code")->s, code) ||
			     strcmp(yw_rec_cval(old, "level")->s, levels[level]) ||
			     old_parent->null != parent_id->null || old_parent->i != parent_id->i;
		int64_t children = 0;
		int st = yw_estore_count_refs(c, rec->ent, "parent_id", false, rec->id, &children);
		if (st)
			return st;
		if (moved && children) {
			yw_error_set(err, YW_E_IN_USE, "code", "该区划下有 %lld 个下级区划，不能修改编码、层级或上级",
				     (long long)children);
			return YW_FAIL;
		}
	}
	char *path = NULL;
	if (level == 0) {
		if (!parent_id->null && parent_id->set) {
			yw_error_set(err, YW_E_INVALID_PARENT, "parent_id", "省级区划没有上级");
			return YW_FAIL;
		}
		path = yw_asprintf("%s/", code);
	} else {
		if (!parent_id->set || parent_id->null) {
			yw_error_set(err, YW_E_INVALID_PARENT, "parent_id", "需要指定上级区划");
			return YW_FAIL;
		}
		struct yw_rec *parent = NULL;
		int st = yw_estore_get(c, rec->ent, parent_id->i, &parent);
		if (st == YW_NOTFOUND) {
			yw_error_set(err, YW_E_REF_NOT_FOUND, "parent_id", "上级区划不存在");
			return YW_FAIL;
		}
		if (st)
			return st;
		const char *pcode = yw_rec_cval(parent, "code")->s;
		int plevel = level_index(yw_rec_cval(parent, "level")->s);
		static const size_t prefix[] = {0, 2, 4, 6, 9};
		bool ok = plevel == level - 1 && !strncmp(code, pcode, prefix[level]);
		if (ok)
			path = yw_asprintf("%s%s/", yw_rec_cval(parent, "path")->s, code);
		else
			yw_error_set(err, YW_E_INVALID_PARENT, "parent_id",
				     "上级区划应为上一层级，且编码前缀一致 (%s)", pcode);
		yw_rec_free(parent); /* pcode points into it: free only now */
		if (!ok)
			return YW_FAIL;
	}
	yw_val_set_text(yw_rec_val(rec, "path"), path);
	free(path);
	return YW_OK;
}

static int before_delete(struct yw_conn *c, const struct yw_rec *old, struct yw_error *err)
{
	static const struct {
		struct yw_entity *e;
		const char *col;
	} refs[] = {{&yw_entity_region, "parent_id"},  {&yw_entity_department, "region_id"},
		    {&yw_entity_hall, "region_id"},    {&yw_entity_staff, "region_id"}};
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		int64_t n = 0;
		int st = yw_estore_count_refs(c, refs[i].e, refs[i].col, false, old->id, &n);
		if (st)
			return st;
		if (n) {
			yw_error_set(err, YW_E_IN_USE, "id", "仍有 %lld 个%s属于该区划", (long long)n,
				     refs[i].e->label);
			return YW_FAIL;
		}
	}
	return YW_OK;
}

static const struct yw_field fields[] = {
	{"code", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_UNIQUE | YW_FF_SEARCH, 6, 12, .label = "区划代码"},
	{"name", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_SEARCH, 1, 50, .label = "名称"},
	{"level", YW_F_ENUM, YW_FF_REQUIRED | YW_FF_FILTER, .enums = levels, .label = "层级"},
	{"parent_id", YW_F_REF, YW_FF_FILTER, 1, INT64_MAX, .ref = "regions", .label = "上级区划"},
	{"path", YW_F_TEXT, YW_FF_INTERNAL, .label = "路径"},
};

struct yw_entity yw_entity_region = {
	.name = "region",
	.plural = "regions",
	.table = "regions",
	.label = "区划",
	.fields = fields,
	.nfields = sizeof fields / sizeof fields[0],
	.order_by = "code",
	.scope_region = YW_SCOPE_SELF,
	.scope_department = -1,
	.scope_hall = -1,
	.read_roles = YW_ROLES_STAFF,
	.read_unscoped = true,
	.write_roles = YW_ROLE_ADMIN,
	.validate = validate,
	.before_delete = before_delete,
};
