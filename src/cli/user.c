/* yiwang user add USERNAME --name NAME --roles r1,r2 [--password P]
 * Without --password the password is read from standard input (one line),
 * so it does not end up in the shell history. */
#include "cli/cli.h"
#include "yw/crud.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *arg_value(struct yw_opts *o, const char *name)
{
	for (int i = 0; i + 1 < o->argc; i++)
		if (!strcmp(o->argv[i], name))
			return o->argv[i + 1];
	return NULL;
}

int yw_cmd_user(struct yw_opts *o)
{
	if (o->help || o->argc < 2 || strcmp(o->argv[0], "add")) {
		puts("yiwang user add USERNAME --name NAME --roles admin,clerk [--phone P]\n"
		     "                [--password P] [--store URL]\n"
		     "  Creates a staff account (audited). Without --password, reads it from stdin.\n"
		     "  Roles: admin catalogue_admin hall_manager clerk approver supervisor\n"
		     "         hotline_agent hotline_handler");
		return o->help ? 0 : 2;
	}
	const char *name = arg_value(o, "--name"), *roles = arg_value(o, "--roles");
	const char *phone = arg_value(o, "--phone"), *password = arg_value(o, "--password");
	if (!name || !roles) {
		fputs("yiwang: user add needs --name and --roles\n", stderr);
		return 2;
	}
	char line[256] = "";
	if (!password) {
		if (!fgets(line, sizeof line, stdin)) {
			fputs("yiwang: no password given (use --password or pipe one on stdin)\n", stderr);
			return 2;
		}
		line[strcspn(line, "\r\n")] = 0;
		password = line;
	}
	struct yw_buf list = {0};
	yw_buf_adds(&list, "[");
	char *copy = yw_strdup(roles), *save = NULL;
	int n = 0;
	for (char *r = strtok_r(copy, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
		yw_buf_adds(&list, n++ ? "," : "");
		yw_buf_json_str(&list, r);
	}
	yw_buf_adds(&list, "]");
	free(copy);
	struct yw_store *s = yw_cli_open_store(o, true);
	if (!s) {
		yw_buf_free(&list);
		return 1;
	}
	struct yw_rec *rec = yw_rec_new(&yw_entity_staff);
	yw_val_set_text(yw_rec_val(rec, "username"), o->argv[1]);
	yw_val_set_text(yw_rec_val(rec, "name"), name);
	yw_val_set_text(yw_rec_val(rec, "roles"), list.data);
	yw_val_set_text(yw_rec_val(rec, "password"), password);
	if (phone)
		yw_val_set_text(yw_rec_val(rec, "phone"), phone);
	yw_buf_free(&list);
	struct yw_actor cli = {.name = "cli", .role = "admin", .roles = YW_ROLE_ADMIN, .request_id = "cli"};
	struct yw_error err = {0};
	int st = yw_crud_create(s, &cli, rec, &err);
	if (st)
		fprintf(stderr, "yiwang: cannot add %s: %s %s %s\n", o->argv[1], yw_err_name(err.err),
			err.field, err.detail);
	else
		printf("added staff %s (id %lld)\n", o->argv[1], (long long)rec->id);
	yw_rec_free(rec);
	yw_store_close(s);
	return st ? 1 : 0;
}
