/* API keys of integrating systems (Open311 clients, gateways): issued by
 * `yiwang apikey create` or the admin page, shown once, stored as a
 * BLAKE2b hash, revocable, every use audited (docs/api-keys.md).
 *
 * A key looks like ywk_1a2b3c4d_<64 hex digits>: "ywk_1a2b3c4d" is its
 * prefix, kept in clear to find the row and to let people recognise a key
 * in a list; the rest is 32 random bytes. */
#ifndef YW_APIKEY_H
#define YW_APIKEY_H
#include "yw/entity.h"
#include "yw/store.h"

enum {
	YW_APIKEY_NAME_MAX = 60, /* characters */
	YW_APIKEY_PREFIX_LEN = 12, /* "ywk_" + 8 hex */
	YW_APIKEY_LEN = 77,        /* prefix + "_" + 64 hex */
	YW_APIKEY_USE_MAX = 80,    /* characters of what a use was for */
};

struct yw_apikey {
	int64_t id, created_by, created_at, revoked_at, last_used_at, use_count; /* 0: never */
	char name[YW_APIKEY_NAME_MAX * 4 + 1];
	char prefix[YW_APIKEY_PREFIX_LEN + 1];
	char created_by_name[128], revoked_by_name[128];
};

struct yw_apikey_list {
	struct yw_apikey *rows;
	int n;
};
void yw_apikey_list_free(struct yw_apikey_list *l);

/* A new key named `name` (1–60 characters, unique among keys not revoked:
 * DUPLICATE). key receives the whole key, to be shown once: only its hash
 * is stored. Audited ("create", entity "api_key", with the prefix). */
int yw_apikey_create(struct yw_store *s, const struct yw_actor *who, const char *name,
		     char key[YW_APIKEY_LEN + 1], struct yw_apikey *out, struct yw_error *err);
/* Every key, newest first (revoked ones too, marked). */
int yw_apikey_list(struct yw_store *s, struct yw_apikey_list *out);
/* Revokes a key for good: NOT_FOUND, APIKEY_ALREADY_REVOKED. Audited. */
int yw_apikey_revoke(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_apikey *out,
		     struct yw_error *err);

/* Checks a presented key and records its use: the row is found by the
 * prefix, the hash compared in constant time (sodium_memcmp; an unknown
 * prefix is compared against a dummy hash so the time does not say which
 * part was wrong), then use_count and last_used_at move and an audit row
 * (action "use", entity "api_key", `use` in its summary, ctx's request id
 * and client address) is written — in one transaction, so a key revoked
 * meanwhile is either used before the revocation or refused after it.
 * *key_id (may be NULL) receives the key's id.
 *
 * Errors: APIKEY_INVALID (missing, malformed or unknown key),
 * APIKEY_REVOKED. A refused key changes nothing (it is logged only).
 *
 * yw_apikey_check runs its own write transaction; yw_apikey_check_tx runs
 * inside the caller's, so that the use is recorded with what the key
 * authorised (e.g. the Open311 request it created) or not at all. */
int yw_apikey_check(struct yw_store *s, const struct yw_actor *ctx, const char *key, const char *use,
		    int64_t *key_id, struct yw_error *err);
int yw_apikey_check_tx(struct yw_conn *c, const struct yw_actor *ctx, const char *key, const char *use,
		       int64_t *key_id, struct yw_error *err);

/* ---- the store's side (store/apikey_store.c), for domain/apikey.c only ---- */

int yw_aks_insert(struct yw_conn *c, struct yw_apikey *k, const char *hash);
int yw_aks_get(struct yw_conn *c, int64_t id, struct yw_apikey *out);
/* The row of a prefix and its stored hash (hex, 65 bytes with the NUL). */
int yw_aks_by_prefix(struct yw_conn *c, const char *prefix, struct yw_apikey *out, char hash[65]);
int yw_aks_list(struct yw_conn *c, struct yw_apikey_list *out);
/* YW_NOTFOUND when the key is already revoked (or absent). */
int yw_aks_revoke(struct yw_conn *c, int64_t id, const struct yw_actor *who, int64_t now);
/* use_count + 1 and last_used_at, only while not revoked: YW_NOTFOUND else. */
int yw_aks_used(struct yw_conn *c, int64_t id, int64_t now);

#endif
