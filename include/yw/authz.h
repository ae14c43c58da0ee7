/* The one place that decides whether an actor may touch an object. */
#ifndef YW_AUTHZ_H
#define YW_AUTHZ_H
#include "yw/entity.h"
#include "yw/store.h"

/* May `who` act on an object sitting in `obj`? A system admin may act
 * anywhere; otherwise each dimension the actor is bound to (region subtree,
 * department, hall) must contain the object, and an object of an entity that
 * has that dimension must be bound to it (so a hall manager cannot create an
 * object outside every hall). YW_OK or YW_FAIL with FORBIDDEN_SCOPE. */
int yw_authz_scope(struct yw_conn *c, const struct yw_actor *who, const struct yw_entity *e,
		   struct yw_scope obj, struct yw_error *err);
bool yw_authz_role(const struct yw_actor *who, unsigned allowed);
/* The region path ("440000/441600/441602/") of a region id, newly allocated. */
int yw_region_path(struct yw_conn *c, int64_t region_id, char **path);

#endif
