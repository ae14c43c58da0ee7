#include "cli/cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

bool yw_cli_parse(int argc, char **argv, struct yw_opts *o)
{
	memset(o, 0, sizeof *o);
	o->store = env_or("YIWANG_STORE", "sqlite:./data/yiwang.db");
	o->listen = env_or("YIWANG_LISTEN", "127.0.0.1:8080");
	o->web = env_or("YIWANG_WEB", "./web/dist");
	o->threads = 4;
	o->body_limit = 1u << 20;
	o->conn_timeout_s = 30;
	o->argv = yw_calloc((size_t)argc + 1, sizeof(char *));
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define OPT(name) (!strcmp(a, name) && (v || (fprintf(stderr, "yiwang: %s needs a value\n", name), 0)) && ++i)
		if (!strcmp(a, "--help") || !strcmp(a, "-h"))
			o->help = true;
		else if (OPT("--store"))
			o->store = v;
		else if (OPT("--listen"))
			o->listen = v;
		else if (OPT("--web"))
			o->web = v;
		else if (OPT("--threads")) {
			o->threads = atoi(v);
			if (o->threads < 1 || o->threads > 256) {
				fprintf(stderr, "yiwang: --threads must be 1–256\n");
				return false;
			}
		} else if (OPT("--body-limit")) {
			long long n = atoll(v);
			if (n < 1024 || n > (1ll << 30)) {
				fprintf(stderr, "yiwang: --body-limit must be 1024 … 1073741824\n");
				return false;
			}
			o->body_limit = (size_t)n;
		} else if (OPT("--session-idle")) {
			o->session_idle_s = atoi(v);
			if (o->session_idle_s < 1 || o->session_idle_s > 86400) {
				fprintf(stderr, "yiwang: --session-idle must be 1–86400 seconds\n");
				return false;
			}
		} else if (!strncmp(a, "--", 2) && strcmp(a, "--")) {
			/* Left for the subcommand (e.g. user add --name). */
			o->argv[o->argc++] = argv[i];
		} else if (!strcmp(a, "--store") || !strcmp(a, "--listen") || !strcmp(a, "--web") ||
			   !strcmp(a, "--threads") || !strcmp(a, "--body-limit") ||
			   !strcmp(a, "--session-idle")) {
			return false;
		} else {
			o->argv[o->argc++] = argv[i];
		}
#undef OPT
	}
	return true;
}

static void ensure_parent_dir(const char *url)
{
	/* sqlite:./data/yiwang.db — create ./data on first run. */
	if (strncmp(url, "sqlite:", 7) || !strcmp(url + 7, ":memory:"))
		return;
	char *path = yw_strdup(url + 7);
	char *q = strchr(path, '?');
	if (q)
		*q = 0;
	char *slash = strrchr(path, '/');
	if (slash && slash != path) {
		*slash = 0;
		mkdir(path, 0750);
	}
	free(path);
}

struct yw_store *yw_cli_open_store(const struct yw_opts *o, bool migrate)
{
	struct yw_error err = {0};
	ensure_parent_dir(o->store);
	struct yw_store *s = yw_store_open(o->store, &err);
	if (!s) {
		fprintf(stderr, "yiwang: cannot open the store: %s\n", err.detail);
		return NULL;
	}
	if (migrate && yw_store_migrate(s, &err) < 0) {
		fprintf(stderr, "yiwang: migration failed: %s\n", err.detail);
		yw_store_close(s);
		return NULL;
	}
	return s;
}
