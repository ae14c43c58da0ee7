/* Shared between the files of the HTTP layer only. */
#ifndef YW_HTTP_INTERNAL_H
#define YW_HTTP_INTERNAL_H
#include "yw/http.h"

/* The request as the server holds it: the public part first. */
struct yw_req_full {
	struct yw_req req;
	struct yw_buf body;
	bool stream; /* an event stream: not counted in flight */
};

void yw_dispatch(struct yw_req *q, struct yw_resp *r);
/* The indexes of the routes a URL can match, in table order (route_index.c);
 * out must hold max entries, max >= the number of routes. */
int yw_route_candidates(const char *url, int *out, int max);
void yw_resp_free(struct yw_resp *r);
void yw_access_log(struct yw_req *q, int status, int64_t latency_us);
bool yw_http_shutting_down(void);
struct MHD_Response;
struct MHD_Connection;
/* The MHD response of an event stream (takes r->stream). */
struct MHD_Response *yw_sse_response(struct yw_resp *r, struct MHD_Connection *c);
void yw_sse_start(void);
void yw_sse_shutdown(void);

#endif
