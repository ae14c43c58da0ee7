/* yiwang calendar import FILE… — being written now (calendar issue). */
#include "cli/cli.h"
#include <stdio.h>

int yw_cmd_calendar(struct yw_opts *o)
{
	(void)o;
	fputs("yiwang calendar: not available in this build yet\n", stderr);
	return 2;
}
