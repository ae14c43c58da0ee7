/* QR codes (libqrencode) drawn as SVG, for guide links, tickets and
 * receipts. */
#ifndef YW_QR_H
#define YW_QR_H
#include "yw/core.h"

/* An SVG document of the QR code of text (error correction level M, a
 * 4-module quiet zone), newly allocated; NULL if text cannot be encoded. */
char *yw_qr_svg(const char *text);

#endif
