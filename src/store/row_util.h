/* Small helpers every store file uses to turn query results into statuses
 * and rows into structs. Static inline: each file takes what it needs. */
#ifndef YW_STORE_ROW_UTIL_H
#define YW_STORE_ROW_UTIL_H
#include "yw/store.h"
#include <string.h>

/* yw_q's result as a status: an empty result is YW_NOTFOUND / still OK. */
static inline int found(int r) { return r < 0 ? r : r == YW_DB_NONE ? YW_NOTFOUND : YW_OK; }
static inline int ok(int r) { return r < 0 ? r : YW_OK; }
/* 0 and "" stand for NULL. */
static inline struct yw_param opt_int(int64_t v) { return v ? YW_PINT(v) : YW_PNULL; }
static inline struct yw_param opt_text(const char *s) { return s && *s ? YW_PTEXT(s) : YW_PNULL; }
static inline int64_t col_int(const struct yw_row *r, int i) { return yw_row_null(r, i) ? 0 : yw_row_int(r, i); }

/* A text column into a fixed buffer, cut at a character boundary. */
static inline void col_copy(char *dst, size_t n, const struct yw_row *r, int i)
{
	const char *s = yw_row_null(r, i) ? NULL : yw_row_text(r, i);
	size_t len = s ? strlen(s) : 0;
	if (len >= n) {
		len = n - 1;
		while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	if (len)
		memcpy(dst, s, len);
	dst[len] = 0;
}

#endif
