/* yiwang import items FILE, yiwang export items, and the demo catalogue
 * that `seed demo` publishes. The commands act as the system (like seed):
 * whoever can run them can reach the store anyway; the audit log names
 * them "cli". */
#include "cli/cli.h"
#include "yw/catalogue.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char import_usage[] =
	"yiwang import items FILE [--dry-run] [--store URL]\n"
	"  Imports service items from a CSV (UTF-8, with or without BOM) or JSON file in\n"
	"  the format of docs/catalogue-format.md (.csv / .json, else by content).\n"
	"  All or nothing: when any row is bad nothing is imported, every bad row is\n"
	"  listed with its line, column and reason, and the exit status is 1.\n"
	"  An item whose code is known in its region gets a new published version when\n"
	"  its content changed and nothing when it did not, so importing a file twice\n"
	"  changes nothing the second time. --dry-run checks and counts only.\n";

static const char export_usage[] =
	"yiwang export items [--format csv|json|xlsx] [--out FILE] [--store URL]\n"
	"  Writes the published catalogue in the file form of docs/catalogue-format.md\n"
	"  (CSV with a BOM, JSON, or an .xlsx workbook) to FILE or standard output.\n"
	"  Without --format the extension of FILE decides, else JSON.\n";

static const struct yw_actor cli_actor = {
	.user_id = 0, .name = "cli", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "cli",
};

static char *read_all(const char *path, size_t *len)
{
	FILE *f = !strcmp(path, "-") ? stdin : fopen(path, "rb");
	if (!f)
		return NULL;
	struct yw_buf b = {0};
	char chunk[65536];
	size_t n;
	yw_buf_add(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		yw_buf_add(&b, chunk, n);
	bool bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		yw_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return yw_buf_steal(&b);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

static void print_report(FILE *out, const struct yw_import_report *rep)
{
	for (int i = 0; i < rep->nerrors; i++) {
		const struct yw_import_error *e = &rep->errors[i];
		fprintf(out, "line %d", e->line);
		if (e->column[0])
			fprintf(out, ", column %s", e->column);
		if (e->code[0])
			fprintf(out, " (%s)", e->code);
		fprintf(out, ": %s: %s\n", yw_err_name(e->err), e->reason);
	}
	if (rep->nerrors)
		fprintf(out, "import: %d rows, %d errors: nothing was imported\n", rep->rows, rep->nerrors);
	else
		fprintf(out, "import%s: %d rows: %d created, %d updated, %d unchanged\n",
			rep->dry_run ? " (dry run)" : "", rep->rows, rep->created, rep->updated, rep->unchanged);
}

int yw_cmd_import(struct yw_opts *o)
{
	const char *file = NULL;
	bool dry = false, bad = false;
	for (int i = 1; i < o->argc; i++) {
		if (!strcmp(o->argv[i], "--dry-run"))
			dry = true;
		else if (!file && strncmp(o->argv[i], "--", 2))
			file = o->argv[i];
		else
			bad = true;
	}
	if (o->help || o->argc < 2 || strcmp(o->argv[0], "items") || !file || bad) {
		fputs(import_usage, o->help ? stdout : stderr);
		return o->help ? 0 : 2;
	}
	size_t len = 0;
	char *data = read_all(file, &len);
	if (!data) {
		fprintf(stderr, "yiwang import: cannot read %s\n", file);
		return 1;
	}
	enum yw_items_format format = ends_with(file, ".csv")	 ? YW_ITEMS_CSV
				      : ends_with(file, ".json") ? YW_ITEMS_JSON
								 : YW_ITEMS_AUTO;
	struct yw_store *s = yw_cli_open_store(o, true);
	if (!s) {
		free(data);
		return 1;
	}
	struct yw_import_opts opts = {.dry_run = dry};
	struct yw_import_report rep;
	int64_t t0 = yw_mono_us();
	int st = yw_catalogue_import(s, &cli_actor, data, len, format, &opts, &rep);
	int64_t us = yw_mono_us() - t0;
	free(data);
	yw_store_close(s);
	if (st == YW_OK || st == YW_FAIL) {
		print_report(st ? stderr : stdout, &rep);
		if (!st)
			fprintf(stderr, "import: %.2f s\n", (double)us / 1e6);
	} else {
		fputs("yiwang import: the store failed; nothing was imported\n", stderr);
	}
	yw_import_report_free(&rep);
	return st ? 1 : 0;
}

static bool parse_format(const char *s, enum yw_items_format *out)
{
	if (!strcmp(s, "csv"))
		*out = YW_ITEMS_CSV;
	else if (!strcmp(s, "json"))
		*out = YW_ITEMS_JSON;
	else if (!strcmp(s, "xlsx"))
		*out = YW_ITEMS_XLSX;
	else
		return false;
	return true;
}

static int write_out(const char *path, const struct yw_buf *b)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "yiwang export: cannot write %s\n", path);
		return 1;
	}
	bool ok = fwrite(b->data, 1, b->len, f) == b->len;
	ok = (f == stdout ? fflush(f) : fclose(f)) == 0 && ok;
	if (!ok)
		fprintf(stderr, "yiwang export: writing failed\n");
	return ok ? 0 : 1;
}

int yw_cmd_export(struct yw_opts *o)
{
	const char *out = NULL, *fmt = NULL;
	bool bad = false;
	for (int i = 1; i < o->argc; i++) {
		if (!strcmp(o->argv[i], "--format") && i + 1 < o->argc)
			fmt = o->argv[++i];
		else if (!strcmp(o->argv[i], "--out") && i + 1 < o->argc)
			out = o->argv[++i];
		else
			bad = true;
	}
	enum yw_items_format format = YW_ITEMS_JSON;
	if (fmt)
		bad |= !parse_format(fmt, &format);
	else if (out)
		format = ends_with(out, ".csv") ? YW_ITEMS_CSV : ends_with(out, ".xlsx") ? YW_ITEMS_XLSX : YW_ITEMS_JSON;
	if (o->help || o->argc < 1 || strcmp(o->argv[0], "items") || bad) {
		fputs(export_usage, o->help ? stdout : stderr);
		return o->help ? 0 : 2;
	}
	struct yw_store *s = yw_cli_open_store(o, true);
	if (!s)
		return 1;
	struct yw_buf b = {0};
	struct yw_error err = {0};
	int st = yw_catalogue_export(s, NULL, format, &b, &err);
	yw_store_close(s);
	if (st) {
		fprintf(stderr, "yiwang export: %s\n", err.detail[0] ? err.detail : "the store failed");
		yw_buf_free(&b);
		return 1;
	}
	st = write_out(out, &b);
	yw_buf_free(&b);
	return st;
}

int yw_cli_seed_catalogue(struct yw_store *s)
{
	static const struct yw_actor seeder = {
		.user_id = 0, .name = "seed", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "seed-demo",
	};
	struct yw_import_opts opts = {.source = "seed"};
	struct yw_import_report rep;
	int st = yw_catalogue_import(s, &seeder, yw_demo_catalogue_json, strlen(yw_demo_catalogue_json),
				     YW_ITEMS_JSON, &opts, &rep);
	if (st == YW_OK)
		printf("seed demo: catalogue: %d items: %d published, %d updated, %d unchanged\n", rep.rows,
		       rep.created, rep.updated, rep.unchanged);
	else if (st == YW_FAIL)
		print_report(stderr, &rep);
	else
		fputs("seed: the demo catalogue could not be stored\n", stderr);
	yw_import_report_free(&rep);
	return st ? 1 : 0;
}
