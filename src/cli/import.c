/* yiwang import items FILE / yiwang export items — being written now
 * (catalogue issue); this placeholder only reports that. */
#include "cli/cli.h"
#include <stdio.h>

int yw_cmd_import(struct yw_opts *o)
{
	(void)o;
	fputs("yiwang import: the catalogue is being built; not available in this build\n", stderr);
	return 2;
}

int yw_cmd_export(struct yw_opts *o)
{
	(void)o;
	fputs("yiwang export: the catalogue is being built; not available in this build\n", stderr);
	return 2;
}
