/* yiwang notice-sample: renders a sample case notice to a PDF file so a
 * person can look at the layout of each kind without a case in a store. */
#include "cli/cli.h"
#include "yw/notice.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"yiwang notice-sample --kind KIND --out FILE.pdf [--rows N] [--url URL]\n"
	"  Renders a sample notice of a case (a restaurant applying for 食品经营许可\n"
	"  at the demo district's centre) as an A4 PDF.\n"
	"\n"
	"  --kind KIND   accept (受理通知书), supplement (一次性告知书), tolerant\n"
	"                (容缺受理承诺书), refuse (不予受理通知书), extension (延期通知书),\n"
	"                finish (办结通知书) or service (送达回证)\n"
	"  --out FILE    where to write the PDF (- for standard output)\n"
	"  --rows N      repeat the sample materials to N table rows (1–1000), to see\n"
	"                the table break across pages\n"
	"  --url URL     the tracking address printed as the QR code\n";

static void print_kinds(FILE *f)
{
	for (int k = 0; k < YW_NOTICE_KIND_COUNT; k++)
		fprintf(f, "%s%s", k ? ", " : "", yw_notice_slug((enum yw_notice_kind)k));
	fputc('\n', f);
}

static int write_all(const char *path, const struct yw_buf *pdf)
{
	bool to_stdout = !strcmp(path, "-");
	FILE *f = to_stdout ? stdout : fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "yiwang: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	bool ok = fwrite(pdf->data, 1, pdf->len, f) == pdf->len;
	ok = (to_stdout ? fflush(f) : fclose(f)) == 0 && ok;
	if (!ok) {
		fprintf(stderr, "yiwang: cannot write %s\n", path);
		return 1;
	}
	return 0;
}

int yw_cmd_notice_sample(struct yw_opts *o)
{
	if (o->help) {
		fputs(usage, stdout);
		return 0;
	}
	const char *kind_name = NULL, *out = NULL, *url = NULL;
	long rows = 0;
	for (int i = 0; i < o->argc; i++) {
		const char *a = o->argv[i], *v = i + 1 < o->argc ? o->argv[i + 1] : NULL;
		if (!v || (strcmp(a, "--kind") && strcmp(a, "--out") && strcmp(a, "--rows") && strcmp(a, "--url"))) {
			fprintf(stderr, "yiwang: unexpected “%s”\n\n%s", a, usage);
			return 2;
		}
		i++;
		if (!strcmp(a, "--kind"))
			kind_name = v;
		else if (!strcmp(a, "--out"))
			out = v;
		else if (!strcmp(a, "--url"))
			url = v;
		else {
			char *end;
			rows = strtol(v, &end, 10);
			if (*end || rows < 1 || rows > 1000) {
				fputs("yiwang: --rows must be 1–1000\n", stderr);
				return 2;
			}
		}
	}
	if (!kind_name || !out) {
		fputs(usage, stderr);
		return 2;
	}
	int kind = yw_notice_kind_from_slug(kind_name);
	if (kind < 0) {
		fprintf(stderr, "yiwang: unknown kind “%s”; one of: ", kind_name);
		print_kinds(stderr);
		return 2;
	}
	struct yw_notice n;
	yw_notice_sample((enum yw_notice_kind)kind, &n);
	if (url)
		n.tracking_url = url;
	struct yw_notice_material *many = NULL;
	char (*names)[96] = NULL;
	if (rows) {
		/* Numbered copies of the sample rows, so every row is told apart. */
		many = yw_calloc((size_t)rows, sizeof *many);
		names = yw_calloc((size_t)rows, sizeof *names);
		for (long r = 0; r < rows; r++) {
			many[r] = n.materials[(size_t)r % n.nmaterials];
			if (r >= (long)n.nmaterials) {
				snprintf(names[r], sizeof names[r], "%s（第%ld份）", many[r].name, r / (long)n.nmaterials + 1);
				many[r].name = names[r];
			}
		}
		n.materials = many;
		n.nmaterials = (size_t)rows;
	}
	struct yw_buf pdf = {0};
	struct yw_error err = {0};
	int rc = 0;
	if (yw_notice_render_pdf(&n, &pdf, &err) < 0) {
		fprintf(stderr, "yiwang: %s\n", err.detail);
		rc = 1;
	} else {
		rc = write_all(out, &pdf);
	}
	yw_buf_free(&pdf);
	free(many);
	free(names);
	return rc;
}
