/* The built web UI: files under the web root with correct types and
 * caching, index.html for client-side routes, and no way out of the root. */
#include "http/internal.h"
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".gif", "image/gif"},
	{".ico", "image/x-icon"},
	{".webp", "image/webp"},
	{".woff", "font/woff"},
	{".woff2", "font/woff2"},
	{".ttf", "font/ttf"},
	{".txt", "text/plain; charset=utf-8"},
	{".map", "application/json; charset=utf-8"},
	{".pdf", "application/pdf"},
	{".webmanifest", "application/manifest+json"},
};

static const char *mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (!strcasecmp(dot, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

/* Refuse "..", backslashes and control bytes before touching the disk. */
static bool path_is_clean(const char *url)
{
	if (url[0] != '/')
		return false;
	for (const char *p = url; *p; p++) {
		if (*p == '\\' || (unsigned char)*p < 0x20)
			return false;
		if (*p == '/' && p[1] == '.' && p[2] == '.' && (p[3] == '/' || p[3] == 0))
			return false;
	}
	return true;
}

static bool open_file(const char *root_real, const char *path, struct yw_resp *r, bool *outside)
{
	char real[PATH_MAX];
	*outside = false;
	if (!realpath(path, real))
		return false;
	size_t n = strlen(root_real);
	if (strncmp(real, root_real, n) || (real[n] != '/' && real[n] != 0)) {
		*outside = true; /* e.g. a symlink pointing out of the root */
		return false;
	}
	int fd = open(real, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	r->fd = fd;
	r->fd_size = (uint64_t)st.st_size;
	r->status = 200;
	r->ctype = mime_of(real);
	return true;
}

void yw_static_serve(struct yw_app *app, const char *url, struct yw_resp *r)
{
	if (!path_is_clean(url)) {
		yw_resp_err(r, YW_E_PATH_REFUSED, "path", NULL);
		return;
	}
	char root_real[PATH_MAX];
	if (!app->web_root || !realpath(app->web_root, root_real)) {
		yw_resp_err(r, YW_E_ROUTE_NOT_FOUND, NULL, "no web UI is configured (--web)");
		return;
	}
	char path[PATH_MAX + 32];
	bool outside = false;
	const char *rel = strcmp(url, "/") ? url : "/index.html";
	snprintf(path, sizeof path, "%s%s", root_real, rel);
	if (open_file(root_real, path, r, &outside)) {
		/* Vite puts content-hashed names under /assets/: cache them forever. */
		if (!strncmp(url, "/assets/", 8))
			yw_resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
		else
			yw_resp_header(r, "Cache-Control", "no-cache");
		return;
	}
	if (outside) {
		yw_resp_err(r, YW_E_PATH_REFUSED, "path", NULL);
		return;
	}
	/* Client-side routes (no extension in the last segment) get the app. */
	const char *last = strrchr(url, '/');
	if (last && !strchr(last, '.')) {
		snprintf(path, sizeof path, "%s/index.html", root_real);
		if (open_file(root_real, path, r, &outside)) {
			yw_resp_header(r, "Cache-Control", "no-cache");
			yw_resp_header(r, "X-Frame-Options", "DENY");
			return;
		}
	}
	yw_resp_err(r, YW_E_ROUTE_NOT_FOUND, "path", "%s", url);
}
