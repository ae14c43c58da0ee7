/* The API layer's side of cases (src/api/case*_api.c): JSON replies and the
 * small body readers the case endpoints share. Personal data is masked
 * here, in every reply: ID numbers 440524********0014, phones 138****5678
 * (a credit code is an organisation's, not personal). */
#ifndef YW_CASE_JSON_H
#define YW_CASE_JSON_H
#include "yw/case.h"
#include "yw/http.h"

/* A case as staff see it (masked), with checklist, steps, timeline,
 * pauses, results, deliveries and the notices it has. */
void yw_case_json_detail(struct yw_buf *b, const struct yw_case_detail *d);
/* What the applicant sees (public lookup, a citizen's own case): the
 * timeline of states and dates, no personal data and no staff names. */
void yw_case_json_progress(struct yw_buf *b, const struct yw_case_detail *d);
void yw_case_json_row(struct yw_buf *b, const struct yw_case_row *r);

/* Replies 200 (or status) with the case as `who` may see it. */
void yw_case_reply(struct yw_req *q, struct yw_resp *r, int64_t case_id, int status);

/* Body readers naming the bad member with its path ("applicant.phone"). */
struct json_t;
bool yw_case_body_keys(struct json_t *obj, const char *const *known, const char *prefix, struct yw_resp *r);
bool yw_case_body_str(struct json_t *obj, const char *key, const char *prefix, int max, const char **out,
		      struct yw_resp *r);
bool yw_case_body_int(struct json_t *obj, const char *key, const char *prefix, int64_t min, int64_t max,
		      int64_t *out, struct yw_resp *r);
/* An optional body: NULL without replying when it is empty. *bad says a
 * reply was made. */
struct json_t *yw_case_body_opt(struct yw_req *q, struct yw_resp *r, bool *bad);

#endif
