/* Roles and scopes. A user holds a set of roles and at most one region,
 * department and hall; a route names the roles it allows, and objects name
 * the region/department/hall they belong to. The check is in authz.c. */
#ifndef YW_ROLES_H
#define YW_ROLES_H
#include <stdbool.h>
#include <stdint.h>

enum yw_role {
	YW_ROLE_ADMIN = 1u << 0,           /* 系统管理员 */
	YW_ROLE_CATALOGUE_ADMIN = 1u << 1, /* 事项管理员 */
	YW_ROLE_HALL_MANAGER = 1u << 2,    /* 大厅管理员 */
	YW_ROLE_CLERK = 1u << 3,           /* 窗口人员 */
	YW_ROLE_APPROVER = 1u << 4,        /* 审批人员 */
	YW_ROLE_SUPERVISOR = 1u << 5,      /* 效能监督 */
	YW_ROLE_HOTLINE_AGENT = 1u << 6,   /* 12345 话务员 */
	YW_ROLE_HOTLINE_HANDLER = 1u << 7, /* 部门工单处理人 */
	YW_ROLE_CITIZEN = 1u << 8,         /* 群众 */
};
#define YW_ROLE_COUNT 9
#define YW_ROLES_STAFF (((1u << YW_ROLE_COUNT) - 1) & ~(unsigned)YW_ROLE_CITIZEN)
#define YW_ROLES_ANY ((1u << YW_ROLE_COUNT) - 1)

/* "admin", "hall_manager", …; NULL-terminated, index i ↔ bit 1<<i. */
extern const char *const yw_role_names[];
extern const char *const yw_role_labels[]; /* Chinese */
unsigned yw_role_from_name(const char *name); /* 0 if unknown */
/* A stored role list, a JSON array of names, as a bit set. */
unsigned yw_roles_from_json(const char *json);

/* Where an object or a user sits; 0 means "not bound". */
struct yw_scope {
	int64_t region_id, department_id, hall_id;
};

#endif
