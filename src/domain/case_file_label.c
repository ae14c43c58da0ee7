/* The printable label of a paper file: 60 × 40 mm, the size of common
 * thermal label rolls, as SVG (a browser prints it at its real size). The
 * QR code holds the label code alone, so a handheld scanner that types what
 * it reads fills the scan field directly; the code is printed under it
 * too, for a hand-typed scan. */
#include "yw/calendar.h"
#include "yw/case_file.h"
#include "yw/qr.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void xml_text(struct yw_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': yw_buf_adds(b, "&amp;"); break;
		case '<': yw_buf_adds(b, "&lt;"); break;
		case '>': yw_buf_adds(b, "&gt;"); break;
		case '"': yw_buf_adds(b, "&quot;"); break;
		default: yw_buf_add(b, s, 1);
		}
	}
}

/* At most max characters of s (UTF-8), with "…" when cut. */
static void clipped(struct yw_buf *b, const char *s, size_t max)
{
	size_t chars = 0;
	const char *p = s;
	while (*p && chars < max) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		chars++;
	}
	char *part = yw_calloc(1, (size_t)(p - s) + 1);
	memcpy(part, s, (size_t)(p - s));
	xml_text(b, part);
	free(part);
	if (*p)
		yw_buf_adds(b, "…");
}

static void line(struct yw_buf *b, int y, int size, const char *weight, const char *text, size_t max)
{
	yw_buf_printf(b, "<text x=\"20\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">", y, size, weight);
	clipped(b, text, max);
	yw_buf_adds(b, "</text>\n");
}

char *yw_case_file_label_svg(const struct yw_case_file *f, const char *agency)
{
	struct yw_buf b = {0};
	yw_buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"60mm\" height=\"40mm\" viewBox=\"0 0 600 400\" "
			"font-family=\"'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif\">\n"
			"<rect x=\"4\" y=\"4\" width=\"592\" height=\"392\" rx=\"12\" fill=\"#fff\" stroke=\"#000\" "
			"stroke-width=\"3\"/>\n");
	line(&b, 52, 30, "bold", agency && *agency ? agency : "办件纸质材料流转标签", 12);
	char text[600];
	snprintf(text, sizeof text, "办件 %s", f->case_no);
	line(&b, 100, 24, "normal", text, 30);
	line(&b, 140, 24, "normal", f->item_name, 15);
	line(&b, 180, 24, "normal", f->title, 15);
	snprintf(text, sizeof text, "第 %d 份 · %d 页", f->seq, f->pages);
	line(&b, 220, 24, "normal", text, 15);
	char day[11];
	yw_date_format(yw_date_from_epoch_ms_shanghai(f->created_at), day);
	snprintf(text, sizeof text, "贴签 %s", day);
	line(&b, 260, 22, "normal", text, 15);
	yw_buf_adds(&b, "<text x=\"20\" y=\"370\" font-size=\"26\" font-family=\"monospace\" font-weight=\"bold\">");
	xml_text(&b, f->code);
	yw_buf_adds(&b, "</text>\n");
	/* The QR code as a nested picture, right of the text. */
	char *qr = yw_qr_svg(f->code);
	const char *svg = qr ? strstr(qr, "<svg ") : NULL;
	if (svg) {
		yw_buf_adds(&b, "<svg x=\"390\" y=\"120\" width=\"200\" height=\"200\" ");
		yw_buf_adds(&b, svg + 5);
	}
	free(qr);
	yw_buf_adds(&b, "</svg>\n");
	return yw_buf_steal(&b);
}
