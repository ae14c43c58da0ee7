/* Absolute links printed into QR codes (item guides, tickets): the
 * configured public address, else the Host the client used. */
#include "api/api.h"
#include <stdlib.h>
#include <string.h>

char *yw_api_public_url(struct yw_req *q, const char *path)
{
	const char *base = getenv("YIWANG_PUBLIC_URL");
	if (base && *base)
		return yw_asprintf("%s%s", base, path);
	const char *host = yw_req_header(q, "Host");
	if (host && *host && strlen(host) < 100 &&
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == strlen(host)) {
		const char *proto = yw_req_header(q, "X-Forwarded-Proto");
		bool https = proto && !strcmp(proto, "https");
		return yw_asprintf("%s://%s%s", https ? "https" : "http", host, path);
	}
	return yw_strdup(path);
}
