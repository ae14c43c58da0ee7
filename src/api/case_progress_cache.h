/* Replies of the public progress lookup (POST /api/v1/progress) kept in
 * memory, so the hot public read costs no store access while the case is
 * unchanged: an entry holds the case's change counter when it was read
 * (yw_case_epoch), the last four characters that open it, and the reply. */
#ifndef YW_API_CASE_PROGRESS_CACHE_H
#define YW_API_CASE_PROGRESS_CACHE_H
#include "yw/http.h"

/* key4: the upper-cased last four the caller gave. On a hit fills r (200). */
bool yw_progress_cache_get(const char *case_no, const char *key4, struct yw_resp *r);
/* epoch: yw_case_epoch(case_no) read before the case was; phone, id_number,
 * agent_phone: the case's, whose last four open the reply. */
void yw_progress_cache_put(const char *case_no, uint64_t epoch, const char *phone, const char *id_number,
			   const char *agent_phone, const char *body, size_t len);

#endif
