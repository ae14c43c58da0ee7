/* Handlers of the catalogue API, shared by the files of src/api that
 * implement them (catalogue_api.c holds the route table). */
#ifndef YW_CATALOGUE_API_H
#define YW_CATALOGUE_API_H
#include "api/api.h"
#include "yw/catalogue.h"

/* Whether the request carries a staff session. Public routes do not
 * require one, but staff see drafts and history: the session is looked up
 * here when the request has one. */
bool yw_catalogue_staff_viewer(struct yw_req *q);

void yw_api_items_search(struct yw_req *q, struct yw_resp *r);
void yw_api_item_get(struct yw_req *q, struct yw_resp *r);
void yw_api_item_create(struct yw_req *q, struct yw_resp *r);
void yw_api_item_edit(struct yw_req *q, struct yw_resp *r);
void yw_api_item_publish(struct yw_req *q, struct yw_resp *r);
void yw_api_item_retire(struct yw_req *q, struct yw_resp *r);
void yw_api_item_versions(struct yw_req *q, struct yw_resp *r);
void yw_api_item_diff(struct yw_req *q, struct yw_resp *r);
void yw_api_item_qr(struct yw_req *q, struct yw_resp *r);
void yw_api_items_import(struct yw_req *q, struct yw_resp *r);
void yw_api_items_export(struct yw_req *q, struct yw_resp *r);
void yw_api_catalogue_kpis(struct yw_req *q, struct yw_resp *r);
void yw_api_catalogue_themes(struct yw_req *q, struct yw_resp *r);
void yw_api_catalogue_departments(struct yw_req *q, struct yw_resp *r);
/* The export's query: format and the filters of GET /items (no paging)
 * into iq; replies and returns false on a bad one. */
bool yw_api_export_filters(struct yw_req *q, struct yw_resp *r, struct yw_item_query *iq);

#endif
