/* Who sees which ratings, orders and figures (docs/ratings.md, "Who sees
 * what"). The binding that counts depends on the role the actor acts in:
 * a supervisor sees the region it is bound to (its department binding, the
 * office it sits in, does not narrow it); a hall manager or clerk sees its
 * hall; a department user (an approver with a department binding) sees its
 * department; a system administrator sees everything. */
#include "yw/authz.h"
#include "yw/rating_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool acting(const struct yw_actor *who, const char *role)
{
	return who->role && !strcmp(who->role, role);
}

int yw_rating_scope_of(struct yw_conn *c, const struct yw_actor *who, struct yw_rating_scope *out,
		       struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	if (!who) {
		yw_error_set(err, YW_E_UNAUTHENTICATED, NULL, NULL);
		return YW_FAIL;
	}
	if ((who->roles & YW_ROLE_ADMIN) && (!who->role || acting(who, "admin"))) {
		out->all = true;
		return YW_OK;
	}
	if (acting(who, "hall_manager") || acting(who, "clerk")) {
		out->hall_id = who->scope.hall_id;
	} else if (acting(who, "approver")) {
		if (!who->scope.department_id) {
			yw_error_set(err, YW_E_FORBIDDEN_SCOPE, "department_id",
				     "账号未绑定部门，不能处理差评整改 / the account has no department");
			return YW_FAIL;
		}
		out->department_id = who->scope.department_id;
	} else if (!acting(who, "supervisor")) {
		yw_error_set(err, YW_E_FORBIDDEN_ROLE, NULL, "当前角色不能查看评价 / this role does not see ratings");
		return YW_FAIL;
	}
	if (who->scope.region_id) {
		char *path = NULL;
		int st = yw_region_path(c, who->scope.region_id, &path);
		if (st == YW_OK)
			snprintf(out->region_like, sizeof out->region_like, "%s%%", path);
		free(path);
		if (st && st != YW_NOTFOUND)
			return st;
	}
	out->all = !out->hall_id && !out->department_id && !out->region_like[0];
	return YW_OK;
}

int yw_rating_scope_check(struct yw_conn *c, const struct yw_actor *who, int64_t region_id, int64_t department_id,
			  int64_t hall_id, struct yw_error *err)
{
	struct yw_rating_scope sc;
	int st = yw_rating_scope_of(c, who, &sc, err);
	if (st || sc.all)
		return st;
	bool inside = (!sc.hall_id || hall_id == sc.hall_id) && (!sc.department_id || department_id == sc.department_id);
	if (inside && sc.region_like[0]) {
		char *path = NULL;
		st = region_id ? yw_region_path(c, region_id, &path) : YW_NOTFOUND;
		inside = st == YW_OK && !strncmp(path, sc.region_like, strlen(sc.region_like) - 1);
		free(path);
		if (st && st != YW_NOTFOUND)
			return st;
	}
	if (!inside) {
		yw_error_set(err, YW_E_FORBIDDEN_SCOPE, "id", "不在您的管辖范围内 / outside your hall, department or region");
		return YW_FAIL;
	}
	return YW_OK;
}
