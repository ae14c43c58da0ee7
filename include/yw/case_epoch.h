/* How often a case has changed in this process, for replies cached in
 * memory (the public progress lookup): a counter per stripe of case
 * numbers, moved after each committed change of a case in the stripe. A
 * reply made while the stripe's counter read N stays exact as long as it
 * still reads N (other instances' changes: the cache's short lifetime). */
#ifndef YW_CASE_EPOCH_H
#define YW_CASE_EPOCH_H
#include "yw/store.h"

/* The counter of the stripe a case number falls in. */
uint64_t yw_case_epoch(const char *case_no);
/* Inside the case's write transaction: moves its counter once it commits. */
void yw_case_epoch_touch(struct yw_conn *c, const char *case_no);

#endif
