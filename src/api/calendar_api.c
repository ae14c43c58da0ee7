/* Working-day calendar and validation APIs. Routes are added here. */
#include "api/api.h"

const struct yw_route yw_routes_calendar[] = {
	{NULL},
};
