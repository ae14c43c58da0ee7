/* yiwang ratings sweep|fixture|bench-tickets (docs/ratings.md). */
#include "cli/cli.h"
#include "yw/rating.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"yiwang ratings sweep [--store URL]\n"
	"  Records the default rating (基本满意, 未主动评价) for every finished ticket, case and 12345 order\n"
	"  whose rating period is over and that nobody rated, one day at a time.\n"
	"  The server also does this at start-up.\n"
	"yiwang ratings fixture [--year 2023] [--services 58072] [--ratings 56547] [--bad 5]\n"
	"                       [--active 60] [--seed 1] [--store URL]\n"
	"  Writes a year of window services and their ratings straight into the store\n"
	"  (rating rows, finished counts, rollups) over the demo district's windows and\n"
	"  items; the defaults reproduce 源城区 2023 (97.37% coverage, 99.99% good, 5 bad,\n"
	"  all rectified). Needs `yiwang seed demo` first; a year is written once.\n"
	"yiwang ratings bench-tickets N [--store URL]\n"
	"  Writes N tickets finished today at window 1 of hall 1 and prints their tokens\n"
	"  (for bench/ratings.sh).";

static const char *arg_value(struct yw_opts *o, const char *name)
{
	for (int i = 0; i + 1 < o->argc; i++)
		if (!strcmp(o->argv[i], name))
			return o->argv[i + 1];
	return NULL;
}

static bool arg_int(struct yw_opts *o, const char *name, int64_t *out)
{
	const char *v = arg_value(o, name);
	if (!v)
		return true;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end) {
		fprintf(stderr, "yiwang: %s takes a whole number\n", name);
		return false;
	}
	*out = n;
	return true;
}

static void print_token(void *ctx, const char *token)
{
	fprintf(ctx, "%s\n", token);
}

int yw_cmd_ratings(struct yw_opts *o)
{
	const char *sub = o->argc ? o->argv[0] : NULL;
	if (o->help || !sub) {
		puts(usage);
		return o->help ? 0 : 2;
	}
	int64_t year = 2023, services = 58072, ratings = 56547, bad = 5, active = 60, seed = 1, n = 0;
	if (!strcmp(sub, "fixture") &&
	    !(arg_int(o, "--year", &year) && arg_int(o, "--services", &services) && arg_int(o, "--ratings", &ratings) &&
	      arg_int(o, "--bad", &bad) && arg_int(o, "--active", &active) && arg_int(o, "--seed", &seed)))
		return 2;
	if (!strcmp(sub, "bench-tickets") && (o->argc < 2 || (n = atoll(o->argv[1])) < 1)) {
		fputs("yiwang: ratings bench-tickets needs a count\n", stderr);
		return 2;
	}
	if (strcmp(sub, "sweep") && strcmp(sub, "fixture") && strcmp(sub, "bench-tickets")) {
		fprintf(stderr, "yiwang: unknown ratings command “%s”\n%s\n", sub, usage);
		return 2;
	}
	struct yw_store *s = yw_cli_open_store(o, true);
	if (!s)
		return 1;
	struct yw_error err = {0};
	int rc = 0;
	if (!strcmp(sub, "sweep")) {
		int64_t done = yw_rating_sweep(s, 0);
		if (done < 0) {
			fputs("yiwang: the sweep failed (see the log)\n", stderr);
			rc = 1;
		} else {
			printf("ratings sweep: %lld default rating(s) recorded\n", (long long)done);
		}
	} else if (!strcmp(sub, "fixture")) {
		struct yw_rating_fixture f = {(int)year, services, ratings, bad, (int)active, (uint64_t)seed};
		if (yw_rating_fixture_write(s, &f, &err)) {
			fprintf(stderr, "yiwang: fixture: %s %s\n", yw_err_name(err.err), err.detail);
			rc = 1;
		} else {
			printf("ratings fixture %lld: %lld services, %lld ratings (%lld bad) written\n", (long long)year,
			       (long long)services, (long long)ratings, (long long)bad);
		}
	} else if (yw_rating_bench_tickets(s, (int)n, print_token, stdout, &err)) {
		fprintf(stderr, "yiwang: bench-tickets: %s %s\n", yw_err_name(err.err), err.detail);
		rc = 1;
	}
	yw_store_close(s);
	return rc;
}
