/* The registry behind enum yw_err, generated from errors.def. */
#include "yw/core.h"
#include <stdio.h>

struct entry {
	const char *name;
	int code, http;
	const char *hint;
};

static const struct entry registry[YW_E__COUNT] = {
	[YW_E_NONE] = {"NONE", 0, 200, ""},
#define YW_ERROR(n, c, h, hint) [YW_E_##n] = {#n, c, h, hint},
#include "yw/errors.def"
#undef YW_ERROR
};

static const struct entry *lookup(enum yw_err e)
{
	return (e > 0 && e < YW_E__COUNT) ? &registry[e] : &registry[YW_E_INTERNAL];
}

const char *yw_err_name(enum yw_err e) { return lookup(e)->name; }
int yw_err_code(enum yw_err e) { return lookup(e)->code; }
int yw_err_http(enum yw_err e) { return lookup(e)->http; }
const char *yw_err_hint(enum yw_err e) { return lookup(e)->hint; }

void yw_error_set(struct yw_error *e, enum yw_err err, const char *field, const char *fmt, ...)
{
	if (!e)
		return;
	e->err = err;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	e->detail[0] = 0;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->detail, sizeof e->detail, fmt, ap);
		va_end(ap);
	}
}
