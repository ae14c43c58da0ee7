/* The printable notices of a case (受理通知书, 一次性告知书, 容缺受理承诺书,
 * 不予受理通知书, 延期通知书, 办结通知书, 送达回证) filled from the case with the
 * wording of 行政许可法, for yw_notice_render_pdf (notice.h). Personal data
 * is masked as in every other output, except the applicant's name, which
 * the notice is addressed to. */
#ifndef YW_CASE_NOTICE_H
#define YW_CASE_NOTICE_H
#include "yw/case.h"
#include "yw/notice.h"

enum { YW_CASE_NOTICE_FIELDS = 14, YW_CASE_NOTICE_PARAGRAPHS = 8 };

struct yw_case_notice {
	struct yw_notice n;
	struct yw_notice_field fields[YW_CASE_NOTICE_FIELDS];
	const char *paragraphs[YW_CASE_NOTICE_PARAGRAPHS];
	struct yw_notice_material *materials;
	char **owned; /* every string the notice points to */
	int nowned;
};

/* Which notices a case has now: a bit per enum yw_notice_kind. */
unsigned yw_case_notices_available(const struct yw_case_detail *d);
/* NOT_FOUND when the case has no notice of that kind (yet). */
int yw_case_notice_fill(const struct yw_case_detail *d, enum yw_notice_kind kind, const char *tracking_url,
			struct yw_case_notice *out, struct yw_error *err);
void yw_case_notice_free(struct yw_case_notice *n);

#endif
