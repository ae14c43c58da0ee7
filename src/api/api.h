/* Shared by the files of the API layer (parse + authorise + call domain). */
#ifndef YW_API_H
#define YW_API_H
#include "yw/http.h"
#include <jansson.h>

/* Parse the body as one JSON object; replies (and returns NULL) when it is
 * missing, not JSON, not UTF-8 or not an object. */
json_t *yw_api_body(struct yw_req *q, struct yw_resp *r);

/* Declarative fields of a custom body. Strings point into the json_t. */
enum yw_jtype { YW_J_STR, YW_J_INT, YW_J_BOOL };
struct yw_jfield {
	const char *name;
	enum yw_jtype type;
	bool required;
	int64_t min, max; /* numbers: range; strings: length in characters */
	size_t offset;    /* const char * / int64_t / bool in the output struct */
};
bool yw_api_fields(json_t *obj, const struct yw_jfield *spec, int n, void *out, struct yw_resp *r);

/* An absolute link to a page of the web UI (for QR codes), newly allocated. */
char *yw_api_public_url(struct yw_req *q, const char *path);

/* Entity records ↔ JSON. */
bool yw_api_rec_from_json(json_t *obj, bool create, struct yw_rec *rec, int64_t *version,
			  struct yw_resp *r);
void yw_api_rec_to_json(struct yw_buf *b, const struct yw_rec *rec);

/* Route arrays of modules (NULL-method terminated), gathered by routes.c. */
extern const struct yw_route yw_routes_catalogue[]; /* api/catalogue_api.c */
extern const struct yw_route yw_routes_calendar[];  /* api/calendar_api.c: calendar + validate */
extern const struct yw_route yw_routes_queue[];     /* api/queue_api.c: tickets, calling, board */
extern const struct yw_route yw_routes_events[];    /* api/events_api.c: server-sent events */
/* Event fan-out of this process (serve starts it; PostgreSQL: LISTEN). */
int yw_api_events_start(struct yw_store *s, struct yw_error *err);
void yw_api_events_stop(struct yw_store *s);
/* The live working-day calendar of this process (serve builds it at start). */
int yw_api_calendar_start(struct yw_store *s, struct yw_error *err);
void yw_api_calendar_stop(void);
/* A snapshot of the live calendar for one request (replies and returns
 * NULL when it cannot be had); release it when done. */
struct yw_calendar_snap;
const struct yw_calendar_snap *yw_api_calendar_acquire(struct yw_req *q, struct yw_resp *r);
void yw_api_calendar_release(const struct yw_calendar_snap *snap);
extern const struct yw_route yw_routes_appt[]; /* api/appt_api.c: appointments */
extern const struct yw_route yw_routes_queue_stats[]; /* api/queue_stats_api.c */
extern const struct yw_route yw_routes_kb[];     /* api/kb_api.c: the 12345 knowledge base */
extern const struct yw_route yw_routes_apikey[]; /* api/apikey_api.c: API keys of integrating systems */
extern const struct yw_route yw_routes_hotline[]; /* api/hotline_api.c: 12345 work orders */
extern const struct yw_route yw_routes_hotline_kpi[]; /* api/hotline_kpi_api.c: 12345 KPIs */
extern const struct yw_route yw_routes_open311[]; /* api/open311_api.c: Open311 GeoReport v2 */
extern const struct yw_route yw_routes_cases[];         /* api/case_api.c: intake, reads, progress */
extern const struct yw_route yw_routes_case_flow[];     /* api/case_flow_api.c: step actions, extensions */
extern const struct yw_route yw_routes_case_delivery[]; /* api/case_delivery_api.c: results, delivery, notices */
extern const struct yw_route yw_routes_case_files[];    /* api/case_file_api.c: paper files (物料跟踪) */
extern const struct yw_route yw_routes_case_stats[];    /* api/case_stats_api.c: case statistics */
extern const struct yw_route yw_routes_rating[];         /* api/rating_api.c: rating, evaluator, lists */
extern const struct yw_route yw_routes_rating_rectify[]; /* api/rating_rectify_api.c: rectification, appeals */
extern const struct yw_route yw_routes_rating_figures[]; /* api/rating_figures_api.c: figures, public disclosure */
extern const struct yw_route yw_routes_rating_admin[];   /* api/rating_admin_api.c: rating settings */

/* Handlers. */
void yw_api_entity_list(struct yw_req *q, struct yw_resp *r);
void yw_api_entity_get(struct yw_req *q, struct yw_resp *r);
void yw_api_entity_create(struct yw_req *q, struct yw_resp *r);
void yw_api_entity_update(struct yw_req *q, struct yw_resp *r);
void yw_api_entity_delete(struct yw_req *q, struct yw_resp *r);
void yw_api_staff_contact(struct yw_req *q, struct yw_resp *r);
void yw_api_login(struct yw_req *q, struct yw_resp *r);
void yw_api_logout(struct yw_req *q, struct yw_resp *r);
void yw_api_me(struct yw_req *q, struct yw_resp *r);
void yw_api_password(struct yw_req *q, struct yw_resp *r);
void yw_api_otp_request(struct yw_req *q, struct yw_resp *r);
void yw_api_otp_verify(struct yw_req *q, struct yw_resp *r);
void yw_api_healthz(struct yw_req *q, struct yw_resp *r);
void yw_api_metrics(struct yw_req *q, struct yw_resp *r);
void yw_api_openapi(struct yw_req *q, struct yw_resp *r);
void yw_api_audit_list(struct yw_req *q, struct yw_resp *r);
void yw_api_outbox_list(struct yw_req *q, struct yw_resp *r);
void yw_api_meta(struct yw_req *q, struct yw_resp *r);

#endif
