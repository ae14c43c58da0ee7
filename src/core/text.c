/* UTF-8 checks and masking of personal data. */
#include "yw/core.h"
#include <string.h>

bool yw_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned c = *p;
		if (c < 0x80) {
			if (c == 0)
				return false; /* embedded NUL would truncate silently */
			p++;
			continue;
		}
		int n;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF)
			n = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3, cp = c & 0x07;
		else
			return false;
		if (end - p <= n)
			return false;
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += n + 1;
	}
	return true;
}

size_t yw_utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static char *mask_middle(const char *s, size_t keep_head, size_t keep_tail)
{
	if (!s)
		return NULL;
	size_t len = strlen(s);
	if (len <= keep_head + keep_tail)
		return yw_strdup(len ? "****" : "");
	char *out = yw_strdup(s);
	memset(out + keep_head, '*', len - keep_head - keep_tail);
	return out;
}

char *yw_mask_id(const char *id) { return mask_middle(id, 6, 4); }
char *yw_mask_phone(const char *phone) { return mask_middle(phone, 3, 4); }
