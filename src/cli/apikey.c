/* yiwang apikey create|list|revoke: API keys of integrating systems
 * (docs/api-keys.md). create prints the key once; only its hash is kept. */
#include "cli/cli.h"
#include "yw/apikey.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
	"yiwang apikey create --name NAME [--store URL]\n"
	"yiwang apikey list [--store URL]\n"
	"yiwang apikey revoke --id N [--store URL]\n"
	"  API keys for integrating systems (Open311 clients, gateways). create\n"
	"  prints the new key once: copy it into the other system's secret store;\n"
	"  only its BLAKE2b hash is kept. list shows prefixes, never keys. Every\n"
	"  create, revoke and use of a key is in the audit log.";

static const struct yw_actor cli_actor = {
	.name = "cli", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "cli",
};

static const char *arg_value(struct yw_opts *o, const char *name)
{
	for (int i = 0; i + 1 < o->argc; i++)
		if (!strcmp(o->argv[i], name))
			return o->argv[i + 1];
	return NULL;
}

static void local_time(int64_t ms, char out[20])
{
	if (!ms) {
		snprintf(out, 20, "-");
		return;
	}
	time_t t = (time_t)(ms / 1000) + 8 * 3600; /* Asia/Shanghai, no DST */
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
}

static int create(struct yw_store *s, struct yw_opts *o)
{
	const char *name = arg_value(o, "--name");
	if (!name) {
		fputs("yiwang: apikey create needs --name NAME\n", stderr);
		return 2;
	}
	char key[YW_APIKEY_LEN + 1];
	struct yw_apikey k;
	struct yw_error err = {0};
	if (yw_apikey_create(s, &cli_actor, name, key, &k, &err)) {
		fprintf(stderr, "yiwang: cannot create the key: %s %s %s\n", yw_err_name(err.err), err.field, err.detail);
		return 1;
	}
	printf("created API key %lld “%s” (prefix %s)\n"
	       "key: %s\n"
	       "This is the only time the key is shown: store it in the integrating system now.\n",
	       (long long)k.id, k.name, k.prefix, key);
	sodium_memzero(key, sizeof key);
	return 0;
}

static int list(struct yw_store *s)
{
	struct yw_apikey_list l;
	if (yw_apikey_list(s, &l)) {
		fputs("yiwang: cannot read the keys\n", stderr);
		return 1;
	}
	printf("%-4s %-12s %-8s %-16s %-16s %8s  %s\n", "id", "prefix", "status", "created", "last used", "uses",
	       "name");
	for (int i = 0; i < l.n; i++) {
		const struct yw_apikey *k = &l.rows[i];
		char created[20], used[20];
		local_time(k->created_at, created);
		local_time(k->last_used_at, used);
		printf("%-4lld %-12s %-8s %-16s %-16s %8lld  %s\n", (long long)k->id, k->prefix,
		       k->revoked_at ? "revoked" : "active", created, used, (long long)k->use_count, k->name);
	}
	if (!l.n)
		puts("(no keys)");
	yw_apikey_list_free(&l);
	return 0;
}

static int revoke(struct yw_store *s, struct yw_opts *o)
{
	const char *v = arg_value(o, "--id");
	char *end = NULL;
	long long id = v ? strtoll(v, &end, 10) : 0;
	if (!v || *end || id < 1) {
		fputs("yiwang: apikey revoke needs --id N (see apikey list)\n", stderr);
		return 2;
	}
	struct yw_apikey k;
	struct yw_error err = {0};
	if (yw_apikey_revoke(s, &cli_actor, id, &k, &err)) {
		fprintf(stderr, "yiwang: cannot revoke key %lld: %s %s\n", id, yw_err_name(err.err), err.detail);
		return 1;
	}
	printf("revoked API key %lld “%s” (prefix %s)\n", id, k.name, k.prefix);
	return 0;
}

int yw_cmd_apikey(struct yw_opts *o)
{
	const char *sub = o->argc ? o->argv[0] : NULL;
	if (o->help || !sub || (strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "revoke"))) {
		puts(usage);
		return o->help ? 0 : 2;
	}
	struct yw_store *s = yw_cli_open_store(o, true);
	if (!s)
		return 1;
	int rc = !strcmp(sub, "create") ? create(s, o) : !strcmp(sub, "list") ? list(s) : revoke(s, o);
	yw_store_close(s);
	return rc;
}
