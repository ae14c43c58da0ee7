/* Who may see a case (docs/cases.md, "Roles"). A case sits in the region of
 * its item (the district that implements it): supervisors and other staff
 * of that region see it; a clerk sees it from any hall of the region (通办通取:
 * any issuing window hands it over); an approver sees it when a step or the
 * item is their department's. */
#include "yw/authz.h"
#include "yw/case_internal.h"
#include <string.h>

static bool path_inside(const char *inner, const char *outer)
{
	return outer[0] && !strncmp(inner, outer, strlen(outer));
}

int yw_case_in_region(struct yw_conn *c, const struct yw_actor *who, const struct yw_case *k, bool *out)
{
	*out = false;
	char case_path[200], mine[200];
	int st = yw_cs_region_path(c, k->region_id, case_path, sizeof case_path);
	if (st)
		return st == YW_NOTFOUND ? YW_OK : st;
	if (who->scope.hall_id) {
		struct yw_cs_place h;
		if ((st = yw_cs_hall(c, who->scope.hall_id, &h)))
			return st == YW_NOTFOUND ? YW_OK : st;
		*out = path_inside(h.region_path, case_path);
		return YW_OK;
	}
	if (!who->scope.region_id) {
		*out = true;
		return YW_OK;
	}
	if ((st = yw_cs_region_path(c, who->scope.region_id, mine, sizeof mine)))
		return st == YW_NOTFOUND ? YW_OK : st;
	/* Either holds the other: a district supervisor sees a street's case,
	 * a street's staff see the district's items handled in their street. */
	*out = path_inside(case_path, mine) || path_inside(mine, case_path);
	return YW_OK;
}

int yw_case_can_read(struct yw_conn *c, const struct yw_actor *who, const struct yw_case *k, struct yw_error *err)
{
	if (!who) {
		yw_error_set(err, YW_E_UNAUTHENTICATED, NULL, NULL);
		return YW_FAIL;
	}
	if (who->roles & YW_ROLE_ADMIN)
		return YW_OK;
	bool in_region = false;
	int st = yw_case_in_region(c, who, k, &in_region);
	if (st)
		return st;
	if (in_region && (who->roles & (YW_ROLE_SUPERVISOR | YW_ROLE_CLERK | YW_ROLE_HALL_MANAGER)))
		return YW_OK;
	if ((who->roles & YW_ROLE_APPROVER) && who->scope.department_id) {
		bool involved = false;
		if ((st = yw_cs_department_involved(c, k->id, who->scope.department_id, &involved)))
			return st;
		if (involved)
			return YW_OK;
	}
	yw_error_set(err, YW_E_FORBIDDEN_SCOPE, "id", "该办件不在您的管辖范围内 / the case is outside your scope");
	return YW_FAIL;
}
