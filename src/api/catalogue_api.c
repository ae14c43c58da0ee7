/* The service catalogue API (issue: 一码管理). Routes are added here. */
#include "api/api.h"

const struct yw_route yw_routes_catalogue[] = {
	{NULL},
};
