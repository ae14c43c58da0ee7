/* Case notices as A4 PDF: cairo draws, pango shapes and breaks the Chinese
 * text (line breaking rules, justification, font fallback) in Noto CJK.
 *
 * The page follows the proportions of GB/T 9704 (党政机关公文格式): a text
 * block 156 mm wide with a 28 mm left margin. Top to bottom: the agency and
 * the title, the case number and date over a rule, the header fields as a
 * bordered form, the body paragraphs (first line indented two characters),
 * the materials table (its header repeated on every page it spans), an
 * optional line for the applicant's signature, and a closing block with the
 * tracking QR code at the left and the agency, stamp line and date at the
 * right. Every page carries "第 N 页 共 M 页".
 *
 * The total page count is printed on every page, so the notice is laid out
 * twice: a dry pass that only measures and counts pages, then the drawing
 * pass. Both use the same pango context, so they break lines identically. */
#include "yw/notice.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define LEFT (28 * MM)
#define TEXT_W (156 * MM)
#define TOP (25 * MM)
#define BODY_BOTTOM (PAGE_H - 20 * MM)
#define FOOTER_Y (PAGE_H - 13 * MM)

#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"
#define BODY_PT 12.0
#define FORM_PT 10.5
#define LINE_FACTOR 1.2 /* baseline-to-baseline as a multiple of the font's line height */

/* The header block: label column and value column, twice across. */
#define LABEL_W (26 * MM)
#define VALUE_W (TEXT_W / 2 - LABEL_W)
#define CELL_PAD_X (1.6 * MM)
#define CELL_PAD_Y 3.0
#define SIGN_BOX_H 36.0 /* an empty field is a box to sign in */

/* The materials table: 序号, 材料名称, 形式, 份数, the note. */
static const double col_w[5] = {12 * MM, 60 * MM, 19 * MM, 12 * MM, 53 * MM};

#define QR_SIZE (24 * MM)
/* White modules drawn around the code. The standard asks for 4; the
 * margin at the left and the blank space kept on the other sides make up
 * the rest, and the modules stay larger on a 24 mm code. */
#define QR_QUIET 2
#define QR_GAP 6.0 /* between the code and its caption */

struct pen {
	cairo_t *cr;
	PangoContext *pc;
	const struct yw_notice *n;
	bool draw;     /* false: the measuring pass */
	int page;      /* 1-based */
	int pages;     /* the total, known in the drawing pass */
	double y;      /* the cursor, points from the top of the page */
};

/* ---- fonts ---- */

static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;

/* Fontconfig's first initialisation is not safe to race; pango's font maps
 * are per thread (pango ≥ 1.32.6), so once this has run every thread can
 * render. A missing CJK font would print boxes, so say so once. */
static void fonts_init(void)
{
	FcInit();
	FcPattern *pat = FcNameParse((const FcChar8 *)SERIF);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *match = FcFontMatch(NULL, pat, &res);
	FcChar8 *family = NULL;
	if (!match || FcPatternGetString(match, FC_FAMILY, 0, &family) != FcResultMatch ||
	    strcmp((const char *)family, SERIF))
		yw_log(YW_LOG_WARN, "notice_font_missing",
		       "\"font\":\"%s\",\"hint\":\"install fonts-noto-cjk for printable notices\"", SERIF);
	if (match)
		FcPatternDestroy(match);
	FcPatternDestroy(pat);
}

/* ---- text ---- */

/* Pango refuses invalid UTF-8; the domain validates its input, but a
 * notice must still print, so bad bytes become U+FFFD. NULL: "". */
static char *clean_text(const char *s)
{
	if (!s)
		return yw_strdup("");
	size_t len = strlen(s);
	if (yw_utf8_valid(s, len))
		return yw_strdup(s);
	struct yw_buf b = {0};
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (n && i + n <= len && yw_utf8_valid(s + i, n)) {
			yw_buf_add(&b, s + i, n);
			i += n;
		} else {
			yw_buf_adds(&b, "\xef\xbf\xbd");
			i++;
		}
	}
	return b.data ? yw_buf_steal(&b) : yw_strdup("");
}

struct style {
	const char *family;
	double pt;
	bool bold;
	PangoAlignment align;
	bool justify;       /* stretch nearly full lines to both margins (see draw_line) */
	double indent_em;   /* first line */
	double line_factor; /* 0: the font's own line height */
	PangoWrapMode wrap;
};

static const struct style body_style = {SERIF, BODY_PT, false, PANGO_ALIGN_LEFT, true, 2, LINE_FACTOR, PANGO_WRAP_WORD_CHAR};
static const struct style form_label = {SANS, FORM_PT, true, PANGO_ALIGN_CENTER, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style form_value = {SERIF, FORM_PT, false, PANGO_ALIGN_LEFT, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style cell_left = {SANS, FORM_PT, false, PANGO_ALIGN_LEFT, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style cell_centre = {SANS, FORM_PT, false, PANGO_ALIGN_CENTER, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style cell_head = {SANS, FORM_PT, true, PANGO_ALIGN_CENTER, false, 0, 0, PANGO_WRAP_WORD_CHAR};

/* A layout of text in the style; width 0: one unbroken line. max_h > 0
 * cuts the text with an ellipsis so one table cell never outgrows a page. */
static PangoLayout *make_layout(struct pen *p, const struct style *st, const char *text, double width, double max_h)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, st->family);
	pango_font_description_set_size(fd, (gint)(st->pt * PANGO_SCALE));
	pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	char *t = clean_text(text);
	pango_layout_set_text(l, t, -1);
	free(t);
	if (width > 0) {
		pango_layout_set_width(l, pango_units_from_double(width));
		pango_layout_set_wrap(l, st->wrap);
	}
	pango_layout_set_alignment(l, st->align);
	if (st->indent_em)
		pango_layout_set_indent(l, pango_units_from_double(st->indent_em * st->pt));
	if (st->line_factor)
		pango_layout_set_line_spacing(l, (float)st->line_factor);
	if (max_h > 0) {
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, pango_units_from_double(max_h));
	}
	return l;
}

static double layout_h(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return pango_units_to_double(h);
}

static double layout_w(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return pango_units_to_double(w);
}

static void show_at(struct pen *p, PangoLayout *l, double x, double y)
{
	if (!p->draw)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

/* One line of text in the style at (x, y) within width; returns its height. */
static double text_line(struct pen *p, const struct style *st, const char *text, double x, double y, double width)
{
	PangoLayout *l = make_layout(p, st, text, width, 0);
	double h = layout_h(l);
	show_at(p, l, x, y);
	g_object_unref(l);
	return h;
}

/* "2026-04-28" → "2026年4月28日"; anything else as given. */
static void chinese_date(const char *iso, char *out, size_t size)
{
	int y, m, d;
	char tail;
	if (iso && sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
		snprintf(out, size, "%d年%d月%d日", y, m, d);
	else
		snprintf(out, size, "%s", iso ? iso : "");
}

/* ---- pages ---- */

static void set_grey(struct pen *p, double g) { cairo_set_source_rgb(p->cr, g, g, g); }

static void hrule(struct pen *p, double y, double width_pt)
{
	if (!p->draw)
		return;
	cairo_set_line_width(p->cr, width_pt);
	cairo_move_to(p->cr, LEFT, y);
	cairo_line_to(p->cr, LEFT + TEXT_W, y);
	cairo_stroke(p->cr);
}

static const struct style small_sans = {SANS, 9, false, PANGO_ALIGN_LEFT, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style small_sans_right = {SANS, 9, false, PANGO_ALIGN_RIGHT, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style small_sans_centre = {SANS, 9, false, PANGO_ALIGN_CENTER, false, 0, 0, PANGO_WRAP_WORD_CHAR};

static void end_page(struct pen *p)
{
	if (!p->draw)
		return;
	char footer[64];
	snprintf(footer, sizeof footer, "第 %d 页 共 %d 页", p->page, p->pages);
	set_grey(p, 0.25);
	text_line(p, &small_sans_centre, footer, LEFT, FOOTER_Y, TEXT_W);
	set_grey(p, 0);
	cairo_show_page(p->cr);
}

/* Pages after the first say what they continue, in the top margin. */
static void new_page(struct pen *p)
{
	end_page(p);
	p->page++;
	p->y = TOP;
	if (!p->draw)
		return;
	const char *title = yw_notice_title(p->n->kind);
	char left[128], right[192];
	snprintf(left, sizeof left, "%s（续）", title ? title : "通知书");
	snprintf(right, sizeof right, "办件编号：%s", p->n->case_no ? p->n->case_no : "");
	set_grey(p, 0.35);
	double y = TOP - 11 * MM;
	double h = text_line(p, &small_sans, left, LEFT, y, TEXT_W);
	text_line(p, &small_sans_right, right, LEFT, y, TEXT_W);
	hrule(p, y + h + 2, 0.4);
	set_grey(p, 0);
}

/* Starts a new page unless h more points fit on this one. */
static void need(struct pen *p, double h)
{
	if (p->y + h > BODY_BOTTOM && p->y > TOP)
		new_page(p);
}

/* ---- the parts of a notice ---- */

static const struct style agency_style = {SERIF, 16, true, PANGO_ALIGN_CENTER, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style title_style = {SERIF, 22, true, PANGO_ALIGN_CENTER, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style subtitle_style = {SERIF, 14, false, PANGO_ALIGN_CENTER, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style meta_left = {SANS, FORM_PT, false, PANGO_ALIGN_LEFT, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style meta_right = {SANS, FORM_PT, false, PANGO_ALIGN_RIGHT, false, 0, 0, PANGO_WRAP_WORD_CHAR};

static void heading(struct pen *p)
{
	const struct yw_notice *n = p->n;
	p->y += text_line(p, &agency_style, n->agency, LEFT, p->y, TEXT_W) + 6;
	const char *title = yw_notice_title(n->kind);
	p->y += text_line(p, &title_style, title ? title : "通知书", LEFT, p->y, TEXT_W);
	const char *sub = yw_notice_subtitle(n->kind);
	if (sub)
		p->y += text_line(p, &subtitle_style, sub, LEFT, p->y, TEXT_W);
	p->y += 12;
	char no[192], date[64], dated[96];
	snprintf(no, sizeof no, "办件编号：%s", n->case_no ? n->case_no : "");
	chinese_date(n->issued_on, date, sizeof date);
	snprintf(dated, sizeof dated, "日期：%s", date);
	double h = text_line(p, &meta_left, no, LEFT, p->y, TEXT_W);
	text_line(p, &meta_right, dated, LEFT, p->y, TEXT_W);
	p->y += h + 3;
	hrule(p, p->y, 1.2);
	hrule(p, p->y + 2.2, 0.4);
	p->y += 14;
}

static void cell_box(struct pen *p, double x, double y, double w, double h, double fill)
{
	if (!p->draw)
		return;
	cairo_rectangle(p->cr, x, y, w, h);
	if (fill < 1) {
		set_grey(p, fill);
		cairo_fill_preserve(p->cr);
	}
	set_grey(p, 0.2);
	cairo_set_line_width(p->cr, 0.6);
	cairo_stroke(p->cr);
	set_grey(p, 0);
}

/* The largest height a table row may take: a page less the repeated header. */
#define MAX_CELL_H (BODY_BOTTOM - TOP - 60)

/* A field fits half a row when its value is one line in the half column. */
static bool field_is_half(struct pen *p, const struct yw_notice_field *f)
{
	if (!f->value || !*f->value)
		return true;
	PangoLayout *l = make_layout(p, &form_value, f->value, 0, 0);
	bool fits = layout_w(l) <= VALUE_W - 2 * CELL_PAD_X && !strchr(f->value, '\n');
	g_object_unref(l);
	return fits;
}

/* One row of the form: two fields side by side, or one (b NULL) whose
 * value spans the rest of the row. */
static void form_row(struct pen *p, const struct yw_notice_field *a, const struct yw_notice_field *b)
{
	const struct yw_notice_field *fs[2] = {a, b};
	int nf = b ? 2 : 1;
	double value_w = b ? VALUE_W : TEXT_W - LABEL_W;
	PangoLayout *lab[2] = {0}, *val[2] = {0};
	double h = 0;
	for (int i = 0; i < nf; i++) {
		lab[i] = make_layout(p, &form_label, fs[i]->label, LABEL_W - 2 * CELL_PAD_X, MAX_CELL_H);
		val[i] = make_layout(p, &form_value, fs[i]->value, value_w - 2 * CELL_PAD_X, MAX_CELL_H);
		double hi = layout_h(lab[i]), hv = layout_h(val[i]);
		if (!fs[i]->value || !*fs[i]->value)
			hv = SIGN_BOX_H - 2 * CELL_PAD_Y;
		h = fmax(h, fmax(hi, hv));
	}
	h += 2 * CELL_PAD_Y;
	need(p, h);
	for (int i = 0; i < nf; i++) {
		double x = LEFT + i * (TEXT_W / 2);
		cell_box(p, x, p->y, LABEL_W, h, 0.93);
		cell_box(p, x + LABEL_W, p->y, value_w, h, 1);
		/* Labels sit in the middle of their cell, values at the top. */
		show_at(p, lab[i], x + CELL_PAD_X, p->y + (h - layout_h(lab[i])) / 2);
		show_at(p, val[i], x + LABEL_W + CELL_PAD_X, p->y + CELL_PAD_Y);
		g_object_unref(lab[i]);
		g_object_unref(val[i]);
	}
	p->y += h;
}

static void fields(struct pen *p)
{
	const struct yw_notice *n = p->n;
	const struct yw_notice_field *pending = NULL;
	for (size_t i = 0; i < n->nfields; i++) {
		const struct yw_notice_field *f = &n->fields[i];
		if (field_is_half(p, f)) {
			if (pending) {
				form_row(p, pending, f);
				pending = NULL;
			} else {
				pending = f;
			}
		} else {
			if (pending)
				form_row(p, pending, NULL);
			pending = NULL;
			form_row(p, f, NULL);
		}
	}
	if (pending)
		form_row(p, pending, NULL);
	if (n->nfields)
		p->y += 14;
}

/* Lines whose slack is at most this many characters are justified; a
 * line cut short by an unbreakable run (a case number, a URL) is not,
 * because spreading it would open gaps between every character. */
#define JUSTIFY_MAX_EM 2.5

/* Draws the iterator's line of l with its baseline at origin + baseline.
 * Pango justifies whole layouts only; a nearly full line is re-laid alone,
 * justified to the width it has. */
static void draw_line(struct pen *p, const struct style *st, PangoLayout *l, PangoLayoutIter *it, int index,
		      double origin)
{
	PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
	PangoRectangle logical;
	pango_layout_iter_get_line_extents(it, NULL, &logical);
	double x = LEFT + pango_units_to_double(logical.x);
	double y = origin + pango_units_to_double(pango_layout_iter_get_baseline(it));
	double avail = LEFT + TEXT_W - x, slack = avail - pango_units_to_double(logical.width);
	PangoLayoutLine *next = pango_layout_get_line_readonly(l, index + 1); /* NULL after the last */
	PangoLayout *alone = NULL;
	if (st->justify && next && !next->is_paragraph_start && slack > 0.5 && slack < JUSTIFY_MAX_EM * st->pt) {
		char *text = yw_strndup(pango_layout_get_text(l) + line->start_index, (size_t)line->length);
		struct style one = *st;
		one.indent_em = 0;
		alone = make_layout(p, &one, text, avail, 0);
		free(text);
		pango_layout_set_justify(alone, TRUE);
		pango_layout_set_justify_last_line(alone, TRUE);
		if (pango_layout_get_line_count(alone) != 1) {
			g_object_unref(alone);
			alone = NULL;
		}
	}
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout_line(p->cr, alone ? pango_layout_get_line_readonly(alone, 0) : line);
	if (alone)
		g_object_unref(alone);
}

/* A paragraph, broken across pages between lines, never leaving its first
 * or its last line alone on a page. keep_tail > 0: the height of what must
 * follow the paragraph on its last page. Each line is drawn on its own, so the
 * text of a page is exactly what the page shows. */
static void paragraph(struct pen *p, const struct style *st, const char *text, double after, double keep_tail)
{
	PangoLayout *l = make_layout(p, st, text, TEXT_W, 0);
	int nlines = pango_layout_get_line_count(l);
	double *top = yw_calloc((size_t)nlines, sizeof *top), *bottom = yw_calloc((size_t)nlines, sizeof *bottom);
	bool *break_before = yw_calloc((size_t)nlines, sizeof *break_before);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	for (int i = 0; i < nlines; i++, pango_layout_iter_next_line(it)) {
		int y0, y1;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		top[i] = pango_units_to_double(y0);
		bottom[i] = pango_units_to_double(y1);
	}
	pango_layout_iter_free(it);

	/* Plan the page breaks first: moving a line back is not possible once
	 * it is drawn. */
	double origin = p->y; /* where layout y 0 sits on the current page */
	int first = 0;        /* the first line on the current page */
	for (int i = 0; i < nlines; i++) {
		if (origin + bottom[i] <= BODY_BOTTOM || origin + top[i] <= TOP)
			continue;
		int b = i;
		if (i == nlines - 1 && i - first >= 3)
			b = i - 1; /* the last line takes one more with it */
		else if (i == 1 && first == 0 && p->y > TOP)
			b = 0; /* the first line goes with the rest */
		break_before[b] = true;
		origin = TOP - top[b];
		first = b;
	}
	/* The last paragraph takes its last two lines (or all of it when
	 * short) onto the next page rather than leave the closing block,
	 * with the stamp, on a page of its own. */
	if (keep_tail > 0 && nlines && origin + bottom[nlines - 1] + after + keep_tail > BODY_BOTTOM) {
		int b = nlines - 2 - first >= 2 ? nlines - 2 : first;
		if (b > first || (b == 0 && p->y > TOP))
			break_before[b] = true;
	}

	it = pango_layout_get_iter(l);
	origin = p->y;
	for (int i = 0; i < nlines; i++, pango_layout_iter_next_line(it)) {
		if (break_before[i]) {
			new_page(p);
			origin = p->y - top[i];
		}
		if (p->draw)
			draw_line(p, st, l, it, i, origin);
		p->y = origin + bottom[i];
	}
	pango_layout_iter_free(it);
	g_object_unref(l);
	free(top);
	free(bottom);
	free(break_before);
	p->y += after;
}

static const char *default_materials_title(enum yw_notice_kind kind)
{
	switch (kind) {
	case YW_NOTICE_ACCEPT: return "已收材料清单";
	case YW_NOTICE_SUPPLEMENT: return "需要补正的材料";
	case YW_NOTICE_TOLERANT: return "容缺材料";
	case YW_NOTICE_REFUSE: return "退还材料清单";
	case YW_NOTICE_FINISH: return "办理结果";
	case YW_NOTICE_SERVICE: return "送达文书清单";
	default: return "材料清单";
	}
}

static const char *name_heading(enum yw_notice_kind kind)
{
	switch (kind) {
	case YW_NOTICE_FINISH: return "名称";
	case YW_NOTICE_SERVICE: return "文书名称";
	default: return "材料名称";
	}
}

static const char *note_heading(enum yw_notice_kind kind)
{
	switch (kind) {
	case YW_NOTICE_SUPPLEMENT: return "补正要求";
	case YW_NOTICE_TOLERANT: return "补交要求";
	default: return "备注";
	}
}

/* Draws (or measures) one row of the table; returns its height. */
static double table_row(struct pen *p, const char *const cells[5], bool head, bool measure_only)
{
	PangoLayout *l[5];
	double h = 0;
	for (int c = 0; c < 5; c++) {
		const struct style *st = head ? &cell_head : (c == 1 || c == 4) ? &cell_left : &cell_centre;
		l[c] = make_layout(p, st, cells[c], col_w[c] - 2 * CELL_PAD_X, MAX_CELL_H);
		h = fmax(h, layout_h(l[c]));
	}
	h += 2 * CELL_PAD_Y;
	if (!measure_only) {
		double x = LEFT;
		for (int c = 0; c < 5; c++) {
			cell_box(p, x, p->y, col_w[c], h, head ? 0.9 : 1);
			double dy = head ? (h - layout_h(l[c])) / 2 : CELL_PAD_Y;
			show_at(p, l[c], x + CELL_PAD_X, p->y + dy);
			x += col_w[c];
		}
	}
	for (int c = 0; c < 5; c++)
		g_object_unref(l[c]);
	return h;
}

static const struct style caption_style = {SANS, 12, true, PANGO_ALIGN_LEFT, false, 0, 0, PANGO_WRAP_WORD_CHAR};

static void materials(struct pen *p, double keep_tail)
{
	const struct yw_notice *n = p->n;
	if (!n->materials || !n->nmaterials)
		return;
	const char *head[5] = {"序号", name_heading(n->kind), "形式", "份数", note_heading(n->kind)};
	double head_h = table_row(p, head, true, true);
	const char *title = n->materials_title ? n->materials_title : default_materials_title(n->kind);
	PangoLayout *cap = make_layout(p, &caption_style, title, TEXT_W, 0);
	double cap_h = layout_h(cap) + 4;
	/* The caption stays with the header and at least the first row. */
	char no[24], count[16];
	const struct yw_notice_material *m0 = &n->materials[0];
	snprintf(no, sizeof no, "1");
	snprintf(count, sizeof count, "%d", m0->count);
	const char *first[5] = {no, m0->name, m0->form, m0->count > 0 ? count : "—", m0->note};
	need(p, 4 + cap_h + head_h + table_row(p, first, false, true));
	p->y += 4;
	show_at(p, cap, LEFT, p->y);
	g_object_unref(cap);
	p->y += cap_h;
	p->y += table_row(p, head, true, false);
	for (size_t i = 0; i < n->nmaterials; i++) {
		const struct yw_notice_material *m = &n->materials[i];
		snprintf(no, sizeof no, "%zu", i + 1);
		snprintf(count, sizeof count, "%d", m->count);
		const char *cells[5] = {no, m->name, m->form, m->count > 0 ? count : "—", m->note};
		double h = table_row(p, cells, false, true);
		/* The last row goes over with the closing block if need be. */
		bool last = i + 1 == n->nmaterials && i > 0 && keep_tail > 0;
		if (p->y + h > BODY_BOTTOM || (last && p->y + h + 12 + keep_tail > BODY_BOTTOM)) {
			new_page(p);
			p->y += table_row(p, head, true, false);
		}
		p->y += table_row(p, cells, false, false);
	}
	p->y += 12;
}

static const struct style sign_style = {SERIF, BODY_PT, false, PANGO_ALIGN_LEFT, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style sign_right = {SERIF, BODY_PT, false, PANGO_ALIGN_CENTER, false, 0, 0, PANGO_WRAP_WORD_CHAR};

/* 承诺人（签名）：________  日期：____年__月__日. measure: only the
 * height it takes, nothing drawn. */
static double applicant_sign(struct pen *p, bool measure)
{
	const struct yw_notice *n = p->n;
	if (!n->applicant_sign)
		return 0;
	PangoLayout *l = make_layout(p, &sign_style, n->applicant_sign, TEXT_W / 2, 0);
	double h = layout_h(l), total = 18 + h + 12;
	if (measure) {
		g_object_unref(l);
		return total;
	}
	need(p, total);
	p->y += 18;
	show_at(p, l, LEFT, p->y);
	text_line(p, &sign_style, "日期：　　　　年　　月　　日", LEFT + TEXT_W * 0.55, p->y, TEXT_W * 0.45);
	if (p->draw && pango_layout_get_line_count(l) == 1) {
		/* A line to sign on, after the label. */
		double x0 = LEFT + layout_w(l) + 2, x1 = LEFT + TEXT_W * 0.5;
		if (x1 > x0 + 20) {
			cairo_set_line_width(p->cr, 0.5);
			cairo_move_to(p->cr, x0, p->y + h - 2);
			cairo_line_to(p->cr, x1, p->y + h - 2);
			cairo_stroke(p->cr);
		}
	}
	g_object_unref(l);
	p->y += h + 12;
	return total;
}

static void draw_qr(struct pen *p, QRcode *qr, double x, double y, double size)
{
	double m = size / (qr->width + 2 * QR_QUIET);
	cairo_t *cr = p->cr;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* Runs of dark modules in a row become one rectangle: fewer path
	 * segments and no hairlines between neighbours in viewers. */
	for (int r = 0; r < qr->width; r++)
		for (int c = 0; c < qr->width;) {
			if (!(qr->data[r * qr->width + c] & 1)) {
				c++;
				continue;
			}
			int run = 1;
			while (c + run < qr->width && (qr->data[r * qr->width + c + run] & 1))
				run++;
			cairo_rectangle(cr, x + (c + QR_QUIET) * m, y + (r + QR_QUIET) * m, run * m, m);
			c += run;
		}
	cairo_fill(cr);
}

static const struct style qr_caption = {SANS, 8.5, false, PANGO_ALIGN_LEFT, false, 0, 0, PANGO_WRAP_WORD_CHAR};
static const struct style qr_url = {SANS, 7.5, false, PANGO_ALIGN_LEFT, false, 0, 0, PANGO_WRAP_CHAR};

/* The QR code and its address at the left; agency, stamp line and date
 * at the right, where the stamp is pressed over them. Kept on one page.
 * measure: only the height it takes, nothing drawn. */
static double closing(struct pen *p, bool measure)
{
	const struct yw_notice *n = p->n;
	const double right_w = 66 * MM, right_x = LEFT + TEXT_W - right_w, left_w = TEXT_W - right_w - 6 * MM;
	const double gap = 18, stamp_room = 12;
	char date[64];
	chinese_date(n->issued_on, date, sizeof date);
	const char *lines[3] = {n->agency, n->signature, date};
	PangoLayout *rl[3] = {0};
	double right_h = stamp_room;
	for (int i = 0; i < 3; i++)
		if (lines[i] && *lines[i]) {
			rl[i] = make_layout(p, &sign_right, lines[i], right_w, 0);
			right_h += layout_h(rl[i]) + 6;
		}
	QRcode *qr = NULL;
	PangoLayout *cap = NULL, *url = NULL;
	double left_h = 0;
	if (n->tracking_url && *n->tracking_url) {
		qr = QRcode_encodeString(n->tracking_url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		cap = make_layout(p, &qr_caption, qr ? "扫码查询办理进度" : "办理进度查询：", left_w, 0);
		/* An address is a few lines at most; a runaway one is cut. */
		url = make_layout(p, &qr_url, n->tracking_url, left_w, 40);
		left_h = (qr ? QR_SIZE + QR_GAP : 0) + layout_h(cap) + layout_h(url);
	}
	double h = fmax(left_h, right_h);
	if (!measure) {
		need(p, gap + h);
		p->y += gap;
		double y = p->y + stamp_room;
		for (int i = 0; i < 3; i++)
			if (rl[i]) {
				show_at(p, rl[i], right_x, y);
				y += layout_h(rl[i]) + 6;
			}
		if (cap) {
			y = p->y;
			if (qr && p->draw)
				draw_qr(p, qr, LEFT, y, QR_SIZE);
			if (qr)
				y += QR_SIZE + QR_GAP;
			set_grey(p, 0.2);
			show_at(p, cap, LEFT, y);
			show_at(p, url, LEFT, y + layout_h(cap));
			set_grey(p, 0);
		}
		p->y += h;
	}
	for (int i = 0; i < 3; i++)
		if (rl[i])
			g_object_unref(rl[i]);
	if (qr)
		QRcode_free(qr);
	if (cap)
		g_object_unref(cap);
	if (url)
		g_object_unref(url);
	return gap + h;
}

static const struct style addressee_style = {SERIF, BODY_PT, false, PANGO_ALIGN_LEFT, false, 0, LINE_FACTOR, PANGO_WRAP_WORD_CHAR};

static void layout_notice(struct pen *p)
{
	const struct yw_notice *n = p->n;
	p->page = 1;
	p->y = TOP;
	heading(p);
	fields(p);
	if (n->addressee && *n->addressee)
		paragraph(p, &addressee_style, n->addressee, 2, 0);
	/* What ends the body keeps some of it company on the closing page. */
	double tail = applicant_sign(p, true) + closing(p, true);
	bool has_table = n->materials && n->nmaterials;
	size_t split = n->materials_after && n->materials_after < n->nparagraphs ? n->materials_after : n->nparagraphs;
	bool table_last = has_table && split == n->nparagraphs;
	for (size_t i = 0; i < n->nparagraphs; i++) {
		if (i == split && has_table)
			materials(p, 0);
		paragraph(p, &body_style, n->paragraphs[i], 4, i + 1 == n->nparagraphs && !table_last ? tail : 0);
	}
	if (table_last)
		materials(p, tail);
	applicant_sign(p, false);
	closing(p, false);
	end_page(p);
}

/* ---- the PDF ---- */

static cairo_status_t append_to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	yw_buf_add(closure, (const char *)data, length);
	return CAIRO_STATUS_SUCCESS;
}

int yw_notice_render_pdf(const struct yw_notice *n, struct yw_buf *out, struct yw_error *err)
{
	pthread_once(&fonts_once, fonts_init);
	size_t start = out->len;
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(append_to_buf, out, PAGE_W, PAGE_H);
	const char *title = yw_notice_title(n->kind);
	char meta[256];
	snprintf(meta, sizeof meta, "%s %s", title ? title : "通知书", n->case_no ? n->case_no : "");
	/* cairo refuses bad UTF-8 in metadata with an error status. */
	char *clean = clean_text(meta);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, clean);
	free(clean);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "yiwang");
	if (n->agency) {
		clean = clean_text(n->agency);
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, clean);
		free(clean);
	}
	cairo_t *cr = cairo_create(surface);

	/* The calling thread's own font map (pango keeps one per thread). */
	PangoContext *pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
	pango_cairo_context_set_resolution(pc, 72); /* one user unit = one point */
	pango_cairo_update_context(cr, pc);
	pango_context_set_language(pc, pango_language_from_string("zh-cn"));

	struct pen p = {.cr = cr, .pc = pc, .n = n, .draw = false};
	layout_notice(&p);
	p.pages = p.page;
	p.draw = true;
	cairo_set_source_rgb(cr, 0, 0, 0);
	layout_notice(&p);

	g_object_unref(pc);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		out->len = start;
		if (out->data)
			out->data[start] = 0;
		yw_error_set(err, YW_E_INTERNAL, "", "PDF rendering failed: %s", cairo_status_to_string(st));
		return -1;
	}
	return 0;
}
