/* Printable notices of a case (受理通知书, 一次性告知书, …) as A4 PDF.
 *
 * The case domain fills a struct yw_notice with plain text that is already
 * final (masked where it must be); the renderer only lays it out with cairo
 * and pango in a CJK font and draws the tracking QR code. Nothing here reads
 * the store, so a notice can be rendered again at any time from the case. */
#ifndef YW_NOTICE_H
#define YW_NOTICE_H
#include "yw/core.h"
#include <stddef.h>

enum yw_notice_kind {
	YW_NOTICE_ACCEPT,      /* 受理通知书 */
	YW_NOTICE_SUPPLEMENT,  /* 一次性告知书（补正材料通知书） */
	YW_NOTICE_TOLERANT,    /* 容缺受理承诺书 */
	YW_NOTICE_REFUSE,      /* 不予受理通知书 */
	YW_NOTICE_EXTENSION,   /* 延期通知书 */
	YW_NOTICE_FINISH,      /* 办结通知书 */
	YW_NOTICE_SERVICE,     /* 送达回证 */
	YW_NOTICE_KIND_COUNT
};

/* "受理通知书" etc.; NULL for an unknown kind. */
const char *yw_notice_title(enum yw_notice_kind kind);
/* "accept", "supplement", "tolerant", "refuse", "extension", "finish",
 * "service": the names used in URLs. */
const char *yw_notice_slug(enum yw_notice_kind kind);
/* The kind of a URL name; -1 when name is none of them. */
int yw_notice_kind_from_slug(const char *name);

/* One labelled line of the header block, e.g. {"申请人", "张*"}. */
struct yw_notice_field {
	const char *label;
	const char *value;
};

/* One row of the materials table. */
struct yw_notice_material {
	const char *name;   /* 材料名称 */
	const char *form;   /* 原件/复印件/电子证照/上传文件 */
	int count;          /* copies received; 0 when not received */
	const char *note;   /* why it is missing or defective, or a deadline */
};

struct yw_notice {
	enum yw_notice_kind kind;
	const char *agency;        /* issuing agency, e.g. 源城区政务服务中心 */
	const char *case_no;       /* the case number printed on top */
	const char *issued_on;     /* YYYY-MM-DD, Asia/Shanghai */
	const struct yw_notice_field *fields; /* header block, in order */
	size_t nfields;
	const char *const *paragraphs;        /* body text, one per paragraph */
	size_t nparagraphs;
	const struct yw_notice_material *materials; /* may be NULL */
	size_t nmaterials;
	const char *tracking_url;  /* drawn as a QR code with its text; may be NULL */
	const char *signature;     /* e.g. "（盖章）" line under the agency; may be NULL */

	/* Optional layout hints; a zero-initialised notice gets the defaults. */
	const char *addressee;       /* "张*：" opening the body, not indented; may be NULL */
	const char *materials_title; /* caption over the table; NULL: one per kind */
	size_t materials_after;      /* the table follows this many paragraphs;
	                              * 0 or ≥ nparagraphs: after all of them */
	const char *applicant_sign;  /* e.g. "承诺人（签名）：": a line for the applicant
	                              * to sign and date above the closing block; may be NULL */
};

/* The second line under the title, e.g. "（补正材料通知书）"; NULL when the
 * kind has none. */
const char *yw_notice_subtitle(enum yw_notice_kind kind);

/* Render the notice as a one- or multi-page A4 PDF appended to out.
 * 0 on success; -1 with err set (INTERNAL) when cairo fails. Thread-safe. */
int yw_notice_render_pdf(const struct yw_notice *n, struct yw_buf *out, struct yw_error *err);

/* A realistic filled-in notice of the kind — a demo applicant and item with
 * the wording of 行政许可法 — for `yiwang notice-sample`, the tests and as a
 * model for the case domain's own wording. Every string is static. */
void yw_notice_sample(enum yw_notice_kind kind, struct yw_notice *n);

#endif
