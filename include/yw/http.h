/* The HTTP layer: libmicrohttpd in poll mode with a thread pool, a route
 * table, central authentication/authorisation, replies, metrics and the
 * static web UI. Handlers live in src/api/ and see only these types. */
#ifndef YW_HTTP_H
#define YW_HTTP_H
#include "yw/auth.h"
#include "yw/entity.h"
#include "yw/store.h"

struct yw_app {
	struct yw_store *store;
	const char *web_root; /* NULL: no UI */
	size_t body_limit;    /* bytes, 413 above */
	int threads;
	unsigned conn_timeout_s;
	unsigned short bound_port; /* after start, the real port (for --listen …:0) */
};

enum { YW_MAX_PATH_PARAMS = 4 };

struct yw_route;

struct yw_req {
	struct yw_app *app;
	void *mhd; /* struct MHD_Connection *, for header lookups */
	const char *method, *url;
	char *body;
	size_t body_len;
	bool body_too_large;
	size_t body_limit; /* for this request: the route's or the server's */
	char request_id[24];
	char client_ip[48];
	const struct yw_route *route;
	int route_index;
	char params[YW_MAX_PATH_PARAMS][64];
	int nparams;
	bool authed, via_cookie;
	struct yw_principal who;
	struct yw_actor actor;
	int64_t started_us;
	int resp_status;      /* for the access log and metrics */
	uint64_t resp_bytes;
};

struct yw_resp {
	int status;
	char *body; /* owned */
	size_t len;
	const char *ctype;
	char *headers[8]; /* owned "Name\0Value" pairs joined as "Name: Value" */
	int nheaders;
	enum yw_err err;
	int fd; /* a static file to send, or -1 */
	uint64_t fd_size;
	struct yw_sse_sub *stream; /* an event stream (http/sse.c), or NULL */
};

typedef void (*yw_handler)(struct yw_req *req, struct yw_resp *resp);

struct yw_route {
	const char *method;  /* GET POST PUT DELETE */
	const char *pattern; /* /api/v1/halls/{id} */
	yw_handler fn;
	unsigned roles; /* 0: public; else a session with one of these roles */
	const char *summary;
	const char *tag;
	const struct yw_entity *entity; /* for generic handlers and OpenAPI */
	const char *body_doc;           /* OpenAPI: one line on the body, if any */
	size_t body_limit;              /* bytes; 0 = the server's --body-limit */
};
/* The route for a method and URL, or NULL (path params are not filled). */
const struct yw_route *yw_route_find(const char *method, const char *url);

/* The route table (api/routes.c), built once at start-up. */
const struct yw_route *yw_routes(int *n);

/* Replies. */
void yw_resp_json_take(struct yw_resp *r, int status, char *json);
void yw_resp_buf(struct yw_resp *r, int status, struct yw_buf *b); /* steals b */
void yw_resp_error(struct yw_resp *r, const struct yw_error *e);
void yw_resp_err(struct yw_resp *r, enum yw_err err, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A store-level status (YW_STORE_ERR, YW_NOTFOUND…) or e when it is set. */
void yw_resp_status(struct yw_resp *r, int st, const struct yw_error *e);
void yw_resp_header(struct yw_resp *r, const char *name, const char *value);
void yw_resp_empty(struct yw_resp *r, int status);

/* Requests. */
const char *yw_req_header(struct yw_req *q, const char *name);
const char *yw_req_query(struct yw_req *q, const char *name);
const char *yw_req_cookie(struct yw_req *q, const char *name);
/* The first query parameter `known` rejects, or NULL when all are known. */
const char *yw_req_unknown_query(struct yw_req *q, bool (*known)(const char *key, const void *ctx),
				 const void *ctx);
/* Path parameter i as a positive id; replies 404 and returns 0 if not one. */
int64_t yw_req_id(struct yw_req *q, int i, struct yw_resp *r);

/* Paging from ?page=&page_size= (1-based, size 1..200, default 20). */
bool yw_req_paging(struct yw_req *q, struct yw_resp *r, int *limit, int *offset, int *page);

/* Server-sent events (http/sse.c). Turn the reply into a stream that
 * receives what is published to its channels ("hall:1", "ticket:7") from
 * this call on; events the client missed are then added with
 * yw_resp_sse_replayed (oldest first) and go out before anything published
 * meanwhile, which is not sent twice. An error reply after this call
 * (yw_resp_status…) still works: the stream is discarded with the reply. */
struct yw_sse_sub;
void yw_resp_sse(struct yw_resp *r, const char *const *channels, int n);
void yw_resp_sse_replayed(struct yw_resp *r, int64_t id, const char *type, const char *data);
/* Raw SSE text sent before live events (e.g. a control event). */
void yw_resp_sse_text(struct yw_resp *r, const char *text);
void yw_sse_discard(struct yw_sse_sub *s);
/* Any thread. Each stream following any of the channels gets the text
 * once; channels NULL: every stream (heartbeats). id: the event's id, 0 for
 * text that is not an event. */
void yw_sse_publish(const char *const *channels, int n, int64_t id, const char *text, size_t len);
/* Cut every stream (events may have been missed, e.g. the PostgreSQL
 * listener reconnected): clients reconnect with Last-Event-ID. */
void yw_sse_drop_all(void);
/* One event as SSE text: "id: …\nevent: …\ndata: …\n\n". */
void yw_sse_format(struct yw_buf *b, int64_t id, const char *type, const char *data);
/* Streams being served. */
int yw_sse_count(void);

/* Server life-cycle: serve until SIGINT/SIGTERM, then drain and stop. */
int yw_http_serve(struct yw_app *app, const char *listen);

/* Metrics (http/metrics.c). */
void yw_metrics_init(int nroutes);
void yw_metrics_record(int route_index, int status, int64_t latency_us);
void yw_metrics_conn(int delta);
char *yw_metrics_render(struct yw_store *s);

/* Static files (http/static.c): fills r; false if the path is not a file
 * and no SPA fallback applies. */
void yw_static_serve(struct yw_app *app, const char *url, struct yw_resp *r);

#endif
