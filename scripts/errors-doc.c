/* Prints docs/errors.md from the error registry (include/yw/errors.def). */
#include <stdio.h>

int main(void)
{
	puts("# Error registry\n\n"
	     "Generated from `include/yw/errors.def` by `scripts/errors-doc.c` (`make docs`).\n"
	     "Every error reply has the body\n"
	     "`{\"code\": 1003, \"error\": \"MISSING_FIELD\", \"hint\": \"…\", \"detail\": \"…\", \"field\": \"name\"}`\n"
	     "with the HTTP status below. `field` names the offending field or query parameter when there is one.\n\n"
	     "| code | error | HTTP | hint |\n|---:|---|---:|---|");
#define YW_ERROR(name, code, http, hint) printf("| %d | `%s` | %d | %s |\n", code, #name, http, hint);
#include "yw/errors.def"
#undef YW_ERROR
	return 0;
}
