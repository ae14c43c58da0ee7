/* PDF notices: every kind renders, long tables and paragraphs break across
 * pages, odd input still prints, and rendering is safe from many threads.
 * The text itself is checked with pdftotext in tests/api/notice.test.mjs;
 * here the PDF is inspected only for its header and its page objects. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "yw/notice.h"

/* Fontconfig and pango keep their caches for the life of the process (one
 * font map per thread); the leak checker of the sanitizer build is told
 * they are not leaks. Nothing of ours is suppressed. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig\nleak:libpango\nleak:libglib\nleak:libgobject\nleak:libharfbuzz\n"
	       "leak:libcairo\nleak:libpixman\nleak:libfreetype\n";
}

/* Pages of a cairo PDF: its page objects, "/Type /Page" not followed by
 * "s" (that is the page tree). */
static int page_count(const struct yw_buf *pdf)
{
	static const char key[] = "/Type /Page";
	int n = 0;
	for (size_t i = 0; i + sizeof key < pdf->len; i++)
		if (!memcmp(pdf->data + i, key, sizeof key - 1) && pdf->data[i + sizeof key - 1] != 's')
			n++;
	return n;
}

/* YW_NOTICE_DUMP=DIR keeps every rendered PDF there, to look at. */
static void dump(const struct yw_buf *pdf)
{
	static int seq;
	const char *dir = getenv("YW_NOTICE_DUMP");
	if (!dir || !*dir)
		return;
	char path[512];
	snprintf(path, sizeof path, "%s/notice-%02d.pdf", dir, ++seq);
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(pdf->data, 1, pdf->len, f);
		fclose(f);
	}
}

static int render(const struct yw_notice *n, struct yw_buf *out)
{
	struct yw_error err = {0};
	int rc = yw_notice_render_pdf(n, out, &err);
	if (rc)
		print_error("%s\n", err.detail);
	assert_int_equal(rc, 0);
	assert_true(out->len > 1000);
	assert_memory_equal(out->data, "%PDF-", 5);
	/* A finished PDF ends with its trailer. */
	assert_non_null(strstr(out->data + out->len - 64 > out->data ? out->data + out->len - 64 : out->data, "%%EOF"));
	dump(out);
	return page_count(out);
}

static void test_kinds(void **state)
{
	for (int k = 0; k < YW_NOTICE_KIND_COUNT; k++) {
		const char *slug = yw_notice_slug((enum yw_notice_kind)k);
		assert_non_null(slug);
		assert_non_null(yw_notice_title((enum yw_notice_kind)k));
		assert_int_equal(yw_notice_kind_from_slug(slug), k);
	}
	assert_string_equal(yw_notice_title(YW_NOTICE_ACCEPT), "受理通知书");
	assert_string_equal(yw_notice_title(YW_NOTICE_SUPPLEMENT), "一次性告知书");
	assert_string_equal(yw_notice_subtitle(YW_NOTICE_SUPPLEMENT), "（补正材料通知书）");
	assert_null(yw_notice_subtitle(YW_NOTICE_ACCEPT));
	assert_string_equal(yw_notice_slug(YW_NOTICE_SERVICE), "service");
	assert_null(yw_notice_title(YW_NOTICE_KIND_COUNT));
	assert_null(yw_notice_slug((enum yw_notice_kind)-1));
	assert_int_equal(yw_notice_kind_from_slug("nope"), -1);
	assert_int_equal(yw_notice_kind_from_slug(NULL), -1);
}

/* The samples as a person sees them with `yiwang notice-sample`: the page
 * counts are those of the layout in docs/notices.md with Noto CJK. */
static void test_every_sample(void **state)
{
	static const int pages[YW_NOTICE_KIND_COUNT] = {
		[YW_NOTICE_ACCEPT] = 2,	   [YW_NOTICE_SUPPLEMENT] = 2, [YW_NOTICE_TOLERANT] = 2, [YW_NOTICE_REFUSE] = 1,
		[YW_NOTICE_EXTENSION] = 1, [YW_NOTICE_FINISH] = 1,     [YW_NOTICE_SERVICE] = 1,
	};
	for (int k = 0; k < YW_NOTICE_KIND_COUNT; k++) {
		struct yw_notice n;
		yw_notice_sample((enum yw_notice_kind)k, &n);
		assert_int_equal(n.kind, k);
		assert_true(n.nmaterials > 0 && n.nparagraphs > 0 && n.nfields > 0);
		struct yw_buf pdf = {0};
		int got = render(&n, &pdf);
		if (got != pages[k])
			print_error("%s: %d pages, expected %d\n", yw_notice_slug((enum yw_notice_kind)k), got, pages[k]);
		assert_int_equal(got, pages[k]);
		/* The metadata names the notice and its maker. */
		assert_non_null(memmem(pdf.data, pdf.len, "/Creator (yiwang)", 17));
		yw_buf_free(&pdf);
	}
}

/* Appends to what the buffer holds, as documented. */
static void test_appends(void **state)
{
	struct yw_notice n;
	yw_notice_sample(YW_NOTICE_REFUSE, &n);
	struct yw_buf pdf = {0};
	yw_buf_adds(&pdf, "prefix");
	struct yw_error err = {0};
	assert_int_equal(yw_notice_render_pdf(&n, &pdf, &err), 0);
	assert_memory_equal(pdf.data, "prefix%PDF-", 11);
	yw_buf_free(&pdf);
}

/* Nothing but the kind: one page, no table, no QR code, no crash. */
static void test_minimal(void **state)
{
	struct yw_notice n = {.kind = YW_NOTICE_FINISH};
	struct yw_buf pdf = {0};
	assert_int_equal(render(&n, &pdf), 1);
	yw_buf_free(&pdf);
	/* An unknown kind still prints, under a neutral title. */
	n.kind = YW_NOTICE_KIND_COUNT;
	assert_int_equal(render(&n, &pdf), 1);
	yw_buf_free(&pdf);
}

/* 60 one-line rows: about 25 fit under the heading and the header block
 * on page 1, 32 on a following page (the header row repeated), so 3. */
static void test_long_table(void **state)
{
	struct yw_notice n;
	yw_notice_sample(YW_NOTICE_SUPPLEMENT, &n);
	n.nparagraphs = 1;
	n.materials_after = 0;
	struct yw_notice_material rows[60];
	char names[60][64];
	for (int i = 0; i < 60; i++) {
		snprintf(names[i], sizeof names[i], "申请材料第%d项", i + 1);
		rows[i] = (struct yw_notice_material){names[i], "复印件", i % 3, "需加盖公章"};
	}
	n.materials = rows;
	n.nmaterials = 60;
	struct yw_buf pdf = {0};
	int pages60 = render(&n, &pdf);
	assert_int_equal(pages60, 3);
	yw_buf_free(&pdf);
	/* Twice the rows, more pages; the table never loses a row to a break. */
	struct yw_notice_material more[120];
	for (int i = 0; i < 120; i++)
		more[i] = rows[i % 60];
	n.materials = more;
	n.nmaterials = 120;
	assert_int_equal(render(&n, &pdf), 5);
	yw_buf_free(&pdf);
}

/* Paragraphs longer than a page break between lines onto new pages. */
static void test_long_paragraphs(void **state)
{
	struct yw_buf text = {0};
	for (int i = 0; i < 80; i++)
		yw_buf_adds(&text, "根据《中华人民共和国行政许可法》第三十二条的规定，申请材料不齐全或者不符合法定形式的，"
				   "应当当场或者在五日内一次告知申请人需要补正的全部内容。");
	const char *paras[3] = {text.data, "特此通知。", text.data};
	struct yw_notice n;
	yw_notice_sample(YW_NOTICE_ACCEPT, &n);
	n.paragraphs = paras;
	n.nparagraphs = 1;
	n.materials_after = 0;
	struct yw_buf pdf = {0};
	int one = render(&n, &pdf);
	yw_buf_free(&pdf);
	/* 80 × 62 characters at 39 a line: about 128 lines of 21 pt. */
	assert_true(one >= 4);
	n.nparagraphs = 3;
	int three = render(&n, &pdf);
	yw_buf_free(&pdf);
	assert_true(three >= 2 * one - 1);
	yw_buf_free(&text);
}

/* Huge cells are cut with an ellipsis rather than overflow a page, bad
 * UTF-8 prints as U+FFFD, empty and missing strings are blank. */
static void test_odd_input(void **state)
{
	struct yw_buf huge = {0};
	for (int i = 0; i < 3000; i++)
		yw_buf_adds(&huge, "很长的说明");
	struct yw_notice_field fields[] = {
		{"申请人", "bad \xff\xfe utf-8 \xe4\xb8"}, {"", ""}, {NULL, NULL}, {"备注", huge.data},
	};
	struct yw_notice_material rows[] = {
		{"材料", NULL, 0, huge.data}, {NULL, NULL, -1, NULL}, {"\xc0\xaf", "原件", 2, ""},
	};
	const char *paras[] = {"", "\n\n", "一段\n换行的文字"};
	struct yw_notice n = {
		.kind = YW_NOTICE_SUPPLEMENT,
		.agency = "机关\xff",
		.case_no = "",
		.issued_on = "not a date",
		.fields = fields,
		.nfields = 4,
		.paragraphs = paras,
		.nparagraphs = 3,
		.materials = rows,
		.nmaterials = 3,
		.tracking_url = huge.data, /* too long for a QR code: the text only */
		.applicant_sign = "承诺人：",
	};
	struct yw_buf pdf = {0};
	int pages = render(&n, &pdf);
	assert_true(pages >= 2 && pages <= 12);
	yw_buf_free(&pdf);
	yw_buf_free(&huge);
}

struct job {
	enum yw_notice_kind kind;
	int pages;
	int failures;
};

static void *render_many(void *arg)
{
	struct job *j = arg;
	for (int i = 0; i < 4; i++) {
		struct yw_notice n;
		yw_notice_sample(j->kind, &n);
		struct yw_buf pdf = {0};
		struct yw_error err = {0};
		if (yw_notice_render_pdf(&n, &pdf, &err) < 0 || page_count(&pdf) != j->pages)
			j->failures++;
		yw_buf_free(&pdf);
	}
	return NULL;
}

/* Threads that never rendered before start together: the first use of
 * fontconfig and of the per-thread font maps races here. */
static void test_threads(void **state)
{
	enum { N = 6 };
	pthread_t t[N];
	struct job jobs[N];
	for (int i = 0; i < N; i++) {
		jobs[i] = (struct job){(enum yw_notice_kind)(i % YW_NOTICE_KIND_COUNT), 0, 0};
		struct yw_notice n;
		yw_notice_sample(jobs[i].kind, &n);
		struct yw_buf pdf = {0};
		jobs[i].pages = render(&n, &pdf);
		yw_buf_free(&pdf);
	}
	for (int i = 0; i < N; i++)
		assert_int_equal(pthread_create(&t[i], NULL, render_many, &jobs[i]), 0);
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),	  cmocka_unit_test(test_every_sample),
		cmocka_unit_test(test_appends),	  cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_long_table), cmocka_unit_test(test_long_paragraphs),
		cmocka_unit_test(test_odd_input), cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
