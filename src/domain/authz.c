#include "yw/authz.h"
#include "yw/entity_store.h"
#include <stdlib.h>
#include <string.h>

bool yw_authz_role(const struct yw_actor *who, unsigned allowed)
{
	return who && (who->roles & allowed);
}

int yw_region_path(struct yw_conn *c, int64_t region_id, char **path)
{
	struct yw_rec *r = NULL;
	*path = NULL;
	int st = yw_estore_get(c, &yw_entity_region, region_id, &r);
	if (st != YW_OK)
		return st;
	*path = yw_strdup(yw_rec_cval(r, "path")->s);
	yw_rec_free(r);
	return YW_OK;
}

static int check_dim(int64_t mine, int64_t theirs, bool entity_has_dim, const char *field,
		     struct yw_error *err)
{
	if (!mine)
		return YW_OK;
	if (theirs == mine || (!theirs && !entity_has_dim))
		return YW_OK;
	yw_error_set(err, YW_E_FORBIDDEN_SCOPE, field, "对象不在您的管辖范围内 (%s)", field);
	return YW_FAIL;
}

int yw_authz_scope(struct yw_conn *c, const struct yw_actor *who, const struct yw_entity *e,
		   struct yw_scope obj, struct yw_error *err)
{
	if (!who) {
		yw_error_set(err, YW_E_UNAUTHENTICATED, NULL, NULL);
		return YW_FAIL;
	}
	if (who->roles & YW_ROLE_ADMIN)
		return YW_OK;
	if (check_dim(who->scope.hall_id, obj.hall_id, e && e->scope_hall != -1, "hall_id", err) ||
	    check_dim(who->scope.department_id, obj.department_id, e && e->scope_department != -1,
		      "department_id", err))
		return YW_FAIL;
	if (!who->scope.region_id || obj.region_id == who->scope.region_id)
		return YW_OK;
	if (!obj.region_id) {
		if (e && e->scope_region != -1) {
			yw_error_set(err, YW_E_FORBIDDEN_SCOPE, "region_id", "对象不在您的管辖区划内");
			return YW_FAIL;
		}
		return YW_OK;
	}
	char *mine = NULL, *theirs = NULL;
	int st = yw_region_path(c, who->scope.region_id, &mine);
	if (st == YW_OK)
		st = yw_region_path(c, obj.region_id, &theirs);
	bool inside = st == YW_OK && !strncmp(theirs, mine, strlen(mine));
	free(mine);
	free(theirs);
	if (st != YW_OK && st != YW_NOTFOUND)
		return st;
	if (!inside) {
		yw_error_set(err, YW_E_FORBIDDEN_SCOPE, "region_id", "对象不在您的管辖区划内");
		return YW_FAIL;
	}
	return YW_OK;
}
