/* yiwang — 一体化政务服务平台. One binary, several subcommands. */
#include "cli/cli.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"yiwang — 一网 integrated government service platform\n"
	"\n"
	"usage: yiwang COMMAND [options]\n"
	"\n"
	"commands:\n"
	"  serve          run the HTTP server (migrates the store first)\n"
	"  migrate        apply pending store migrations\n"
	"  seed demo      load the demo district (idempotent)\n"
	"  user add       create a staff account\n"
	"  audit verify   check the audit log's hash chain\n"
	"  check          self-test of a deployment (store, schema, audit, web UI)\n"
	"  calendar       working-day calendar: import holiday files, closures, show a year\n"
	"  import items   load service items from CSV or JSON (all or nothing)\n"
	"  export items   write the catalogue as CSV, JSON or .xlsx\n"
	"  apikey         API keys of integrating systems: create (shown once), list, revoke\n"
	"  notice-sample  render a sample case notice (受理通知书 …) as PDF\n"
	"  ratings        好差评: default-rating sweep, figures fixture, bench tickets\n"
	"  cases sweep    mark case deadline warnings (预警/超期) and notify, once\n"
	"\n"
	"options (every command; environment in brackets):\n"
	"  --store URL       sqlite:PATH or postgres://… or a libpq conninfo\n"
	"                    [YIWANG_STORE] default sqlite:./data/yiwang.db\n"
	"  --listen H:P      address to serve on [YIWANG_LISTEN] default 127.0.0.1:8080\n"
	"  --web DIR         built web UI to serve [YIWANG_WEB] default ./web/dist\n"
	"  --threads N       HTTP worker threads (default 4)\n"
	"  --body-limit N    largest request body in bytes (default 1048576)\n"
	"  --session-idle S  seconds of inactivity before a session expires (default 1800)\n"
	"  --help            describe a command: yiwang COMMAND --help\n";

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("yiwang: libsodium failed to initialise\n", stderr);
		return 1;
	}
	/* Tests of opening hours, check-in windows and booking horizons start
	 * the clock at a chosen instant (epoch ms); it runs on from there. */
	const char *test_clock = getenv("YIWANG_TEST_CLOCK");
	if (test_clock && *test_clock) {
		long long at = atoll(test_clock);
		yw_clock_set_offset_ms(0);
		yw_clock_set_offset_ms(at - yw_now_ms());
		fprintf(stderr, "yiwang: test clock set to %lld (YIWANG_TEST_CLOCK)\n", at);
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	struct yw_opts o;
	const char *cmd = argv[1];
	if (!yw_cli_parse(argc - 2, argv + 2, &o))
		return 2;
	static const struct {
		const char *name;
		int (*fn)(struct yw_opts *);
	} cmds[] = {{"serve", yw_cmd_serve}, {"migrate", yw_cmd_migrate}, {"seed", yw_cmd_seed},
		    {"user", yw_cmd_user},   {"audit", yw_cmd_audit},	  {"check", yw_cmd_check},
		    {"import", yw_cmd_import}, {"export", yw_cmd_export}, {"calendar", yw_cmd_calendar}, {"apikey", yw_cmd_apikey},
		    {"notice-sample", yw_cmd_notice_sample}, {"cases", yw_cmd_cases}, {"ratings", yw_cmd_ratings}};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (!strcmp(cmd, cmds[i].name)) {
			int rc = cmds[i].fn(&o);
			free(o.argv);
			return rc;
		}
	fprintf(stderr, "yiwang: unknown command “%s”\n\n%s", cmd, usage);
	free(o.argv);
	return 2;
}
