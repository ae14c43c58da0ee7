#include "yw/core.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(struct yw_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap * 2 : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = yw_realloc(b->data, cap);
	b->cap = cap;
}

void yw_buf_add(struct yw_buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
}

void yw_buf_adds(struct yw_buf *b, const char *s) { yw_buf_add(b, s, strlen(s)); }

void yw_buf_printf(struct yw_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void yw_buf_json_str(struct yw_buf *b, const char *s)
{
	if (!s) {
		yw_buf_add(b, "null", 4);
		return;
	}
	grow(b, strlen(s) + 2);
	yw_buf_add(b, "\"", 1);
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		yw_buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': yw_buf_add(b, "\\\"", 2); break;
		case '\\': yw_buf_add(b, "\\\\", 2); break;
		case '\n': yw_buf_add(b, "\\n", 2); break;
		case '\r': yw_buf_add(b, "\\r", 2); break;
		case '\t': yw_buf_add(b, "\\t", 2); break;
		default: yw_buf_printf(b, "\\u%04x", c);
		}
	}
	yw_buf_add(b, run, (size_t)(s - run));
	yw_buf_add(b, "\"", 1);
}

char *yw_buf_steal(struct yw_buf *b)
{
	char *d = b->data ? b->data : yw_strdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}

void yw_buf_free(struct yw_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
