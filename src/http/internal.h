/* Shared between the files of the HTTP layer only. */
#ifndef YW_HTTP_INTERNAL_H
#define YW_HTTP_INTERNAL_H
#include "yw/http.h"

/* The request as the server holds it: the public part first. */
struct yw_req_full {
	struct yw_req req;
	struct yw_buf body;
};

void yw_dispatch(struct yw_req *q, struct yw_resp *r);
void yw_resp_free(struct yw_resp *r);
void yw_access_log(struct yw_req *q, int status, int64_t latency_us);
bool yw_http_shutting_down(void);

#endif
