/* SQL of the API keys: one text for both engines. */
#include "yw/apikey.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

#define COLS                                                                                                 \
	"id, name, prefix, created_by, created_by_name, created_at, revoked_at, revoked_by_name, last_used_at, " \
	"use_count, key_hash"

static void from_row(struct yw_apikey *k, const struct yw_row *r)
{
	memset(k, 0, sizeof *k);
	k->id = yw_row_int(r, 0);
	col_copy(k->name, sizeof k->name, r, 1);
	col_copy(k->prefix, sizeof k->prefix, r, 2);
	k->created_by = col_int(r, 3);
	col_copy(k->created_by_name, sizeof k->created_by_name, r, 4);
	k->created_at = col_int(r, 5);
	k->revoked_at = col_int(r, 6);
	col_copy(k->revoked_by_name, sizeof k->revoked_by_name, r, 7);
	k->last_used_at = col_int(r, 8);
	k->use_count = col_int(r, 9);
}

static int one_row(void *ctx, const struct yw_row *r)
{
	from_row(ctx, r);
	return 1;
}

int yw_aks_insert(struct yw_conn *c, struct yw_apikey *k, const char *hash)
{
	return ok(yw_q(c,
		       "INSERT INTO api_keys (name, prefix, key_hash, created_by, created_by_name, created_at, use_count) "
		       "VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id",
		       yw_row_get_int, &k->id, YW_PTEXT(k->name), YW_PTEXT(k->prefix), YW_PTEXT(hash),
		       k->created_by ? YW_PINT(k->created_by) : YW_PNULL, YW_PTEXT(k->created_by_name),
		       YW_PINT(k->created_at)));
}

int yw_aks_get(struct yw_conn *c, int64_t id, struct yw_apikey *out)
{
	return found(yw_q(c, "SELECT " COLS " FROM api_keys WHERE id = $1", one_row, out, YW_PINT(id)));
}

struct prefix_ctx {
	struct yw_apikey *k;
	char *hash;
};

static int prefix_row(void *ctx, const struct yw_row *r)
{
	struct prefix_ctx *pc = ctx;
	from_row(pc->k, r);
	col_copy(pc->hash, 65, r, 10);
	return 1;
}

int yw_aks_by_prefix(struct yw_conn *c, const char *prefix, struct yw_apikey *out, char hash[65])
{
	struct prefix_ctx pc = {out, hash};
	return found(yw_q(c, "SELECT " COLS " FROM api_keys WHERE prefix = $1", prefix_row, &pc, YW_PTEXT(prefix)));
}

static int list_row(void *ctx, const struct yw_row *r)
{
	struct yw_apikey_list *l = ctx;
	l->rows = yw_realloc(l->rows, sizeof *l->rows * (size_t)(l->n + 1));
	from_row(&l->rows[l->n++], r);
	return 0;
}

int yw_aks_list(struct yw_conn *c, struct yw_apikey_list *out)
{
	return ok(yw_q0(c, "SELECT " COLS " FROM api_keys ORDER BY id DESC", list_row, out));
}

int yw_aks_revoke(struct yw_conn *c, int64_t id, const struct yw_actor *who, int64_t now)
{
	return found(yw_q(c,
			  "UPDATE api_keys SET revoked_at = $2, revoked_by = $3, revoked_by_name = $4 "
			  "WHERE id = $1 AND revoked_at IS NULL",
			  NULL, NULL, YW_PINT(id), YW_PINT(now), who->user_id ? YW_PINT(who->user_id) : YW_PNULL,
			  YW_PTEXT(who->name ? who->name : "")));
}

int yw_aks_used(struct yw_conn *c, int64_t id, int64_t now)
{
	return found(yw_q(c,
			  "UPDATE api_keys SET use_count = use_count + 1, last_used_at = $2 "
			  "WHERE id = $1 AND revoked_at IS NULL",
			  NULL, NULL, YW_PINT(id), YW_PINT(now)));
}
