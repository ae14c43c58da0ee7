/* For the API files of 好差评 (src/api/rating*_api.c) only: the JSON
 * writers of ratings, orders and appeals, and the query parsing they
 * share (implemented in api/rating_api.c). */
#ifndef YW_RATING_JSON_H
#define YW_RATING_JSON_H
#include "yw/http.h"
#include "yw/rating_rectify.h"

/* Never the rater: struct yw_rating carries neither key nor phone. */
void yw_rating_json(struct yw_buf *b, const struct yw_rating *r);
void yw_rect_json(struct yw_buf *b, const struct yw_rectification *x);
void yw_appeal_json(struct yw_buf *b, const struct yw_appeal *a);

/* Replies BAD_QUERY and returns false for a parameter not in `known`
 * (NULL-terminated; page and page_size are always known). */
bool yw_rating_query_known(struct yw_req *q, struct yw_resp *r, const char *const *known);
/* ?from=&to= (YYYY-MM-DD, local days): to defaults to today, from to
 * default_span - 1 days before to. */
bool yw_rating_query_days(struct yw_req *q, struct yw_resp *r, int default_span, char from[11], char to[11]);
/* A positive id, 0 when absent. */
bool yw_rating_query_id(struct yw_req *q, struct yw_resp *r, const char *name, int64_t *out);

#endif
