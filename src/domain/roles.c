#include "yw/roles.h"
#include <string.h>

const char *const yw_role_names[] = {"admin",	       "catalogue_admin", "hall_manager",
				     "clerk",	       "approver",	  "supervisor",
				     "hotline_agent", "hotline_handler", "citizen",
				     NULL};
const char *const yw_role_labels[] = {"系统管理员", "事项管理员",     "大厅管理员",
				      "窗口人员",   "审批人员",	      "效能监督",
				      "12345话务员", "部门工单处理人", "群众",
				      NULL};

unsigned yw_role_from_name(const char *name)
{
	for (int i = 0; yw_role_names[i]; i++)
		if (name && !strcmp(yw_role_names[i], name))
			return 1u << i;
	return 0;
}

unsigned yw_roles_from_json(const char *json)
{
	unsigned roles = 0;
	/* The stored form is written by us: ["a","b"] with plain ASCII names. */
	for (const char *p = json ? strchr(json, '"') : NULL; p; p = strchr(p, '"')) {
		const char *end = strchr(p + 1, '"');
		if (!end)
			break;
		char name[32];
		size_t n = (size_t)(end - p - 1);
		if (n < sizeof name) {
			memcpy(name, p + 1, n);
			name[n] = 0;
			roles |= yw_role_from_name(name);
		}
		p = end + 1;
	}
	return roles;
}
