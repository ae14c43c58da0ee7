/* QR codes as SVG: one path of unit squares, with runs of dark modules in
 * a row merged, so a version-5 code is a few kilobytes. */
#include "yw/qr.h"
#include <qrencode.h>
#include <stdlib.h>

enum { QUIET = 4 };

char *yw_qr_svg(const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return NULL;
	int w = qr->width, size = w + 2 * QUIET;
	struct yw_buf b = {0};
	yw_buf_printf(&b,
		      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		      "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		      "<path fill=\"#000\" d=\"",
		      size, size, size, size);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w;) {
			if (!(qr->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (qr->data[y * w + x + run] & 1))
				run++;
			yw_buf_printf(&b, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	yw_buf_adds(&b, "\"/></svg>\n");
	QRcode_free(qr);
	return yw_buf_steal(&b);
}
