/* Allocation failure is not recoverable for a server: abort loudly. */
#include "yw/core.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *check(void *p)
{
	if (!p) {
		fputs("yiwang: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *yw_malloc(size_t n) { return check(malloc(n ? n : 1)); }
void *yw_calloc(size_t n, size_t size) { return check(calloc(n ? n : 1, size ? size : 1)); }
void *yw_realloc(void *p, size_t n) { return check(realloc(p, n ? n : 1)); }
char *yw_strdup(const char *s) { return s ? check(strdup(s)) : NULL; }
char *yw_strndup(const char *s, size_t n) { return s ? check(strndup(s, n)) : NULL; }

char *yw_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *out = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&out, fmt, ap);
	va_end(ap);
	if (n < 0)
		check(NULL);
	return out;
}
