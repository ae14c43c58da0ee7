/* API keys: issue (shown once, hashed), list, revoke, and check a presented
 * key with its use recorded. See include/yw/apikey.h and docs/api-keys.md. */
#include "yw/apikey.h"
#include "yw/audit.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_apikey_list_free(struct yw_apikey_list *l)
{
	free(l->rows);
	memset(l, 0, sizeof *l);
}

/* BLAKE2b-256 (libsodium's generichash, as for session tokens), in hex. */
static void hash_hex(const char *key, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)key, strlen(key), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* ywk_ + 8 hex + _ + 64 hex. */
static bool well_formed(const char *key)
{
	return key && strlen(key) == YW_APIKEY_LEN && !strncmp(key, "ywk_", 4) && is_hex(key + 4, 8) &&
	       key[YW_APIKEY_PREFIX_LEN] == '_' && is_hex(key + YW_APIKEY_PREFIX_LEN + 1, 64);
}

/* ---- create ---- */

struct create_ctx {
	const struct yw_actor *who;
	const char *name;
	char *key;
	struct yw_apikey *out;
	struct yw_error *err;
};

static void new_key(char key[YW_APIKEY_LEN + 1])
{
	unsigned char id[4], secret[32];
	char id_hex[9], secret_hex[65];
	randombytes_buf(id, sizeof id);
	randombytes_buf(secret, sizeof secret);
	sodium_bin2hex(id_hex, sizeof id_hex, id, sizeof id);
	sodium_bin2hex(secret_hex, sizeof secret_hex, secret, sizeof secret);
	snprintf(key, YW_APIKEY_LEN + 1, "ywk_%s_%s", id_hex, secret_hex);
	sodium_memzero(secret, sizeof secret);
	sodium_memzero(secret_hex, sizeof secret_hex);
}

static int create_tx(struct yw_conn *c, void *arg)
{
	struct create_ctx *cc = arg;
	struct yw_apikey *k = cc->out;
	memset(k, 0, sizeof *k);
	/* A fresh key on every attempt: a retried transaction, or the one in
	 * four billion prefix that is taken already, simply draws again. */
	new_key(cc->key);
	snprintf(k->name, sizeof k->name, "%s", cc->name);
	memcpy(k->prefix, cc->key, YW_APIKEY_PREFIX_LEN);
	k->prefix[YW_APIKEY_PREFIX_LEN] = 0;
	k->created_by = cc->who->user_id;
	snprintf(k->created_by_name, sizeof k->created_by_name, "%s", cc->who->name ? cc->who->name : "");
	k->created_at = yw_now_ms();
	char hash[65];
	hash_hex(cc->key, hash);
	int st = yw_aks_insert(c, k, hash);
	if (st == YW_DB_HARD && yw_db_err_unique(c)) {
		struct yw_apikey other;
		char other_hash[65];
		if (yw_aks_by_prefix(c, k->prefix, &other, other_hash) == YW_OK)
			return YW_RETRY;
		yw_error_set(cc->err, YW_E_DUPLICATE, "name", "已有名为“%s”的有效密钥 / a key in force has this name",
			     cc->name);
		return YW_FAIL;
	}
	if (st)
		return st;
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"name\":");
	yw_buf_json_str(&b, k->name);
	yw_buf_adds(&b, ",\"prefix\":");
	yw_buf_json_str(&b, k->prefix);
	yw_buf_adds(&b, "}");
	st = yw_audit_append(c, cc->who, "create", "api_key", k->id, b.data);
	yw_buf_free(&b);
	return st;
}

int yw_apikey_create(struct yw_store *s, const struct yw_actor *who, const char *name,
		     char key[YW_APIKEY_LEN + 1], struct yw_apikey *out, struct yw_error *err)
{
	key[0] = 0;
	size_t n = name ? yw_utf8_len(name) : 0;
	bool blank = true;
	for (const char *p = name; p && *p; p++)
		blank &= *p == ' ' || *p == '\t';
	if (!name || blank) {
		yw_error_set(err, YW_E_MISSING_FIELD, "name", "请填写密钥名称（对接系统的名称）");
		return YW_FAIL;
	}
	if (!yw_utf8_valid(name, strlen(name))) {
		yw_error_set(err, YW_E_BAD_UTF8, "name", "not UTF-8");
		return YW_FAIL;
	}
	if (n > YW_APIKEY_NAME_MAX) {
		yw_error_set(err, YW_E_TOO_LONG, "name", "名称最多 %d 个字符", YW_APIKEY_NAME_MAX);
		return YW_FAIL;
	}
	struct create_ctx cc = {who, name, key, out, err};
	int st = yw_store_tx(s, YW_TX_WRITE, create_tx, &cc);
	if (st)
		sodium_memzero(key, YW_APIKEY_LEN + 1);
	return st;
}

/* ---- list, revoke ---- */

static int list_tx(struct yw_conn *c, void *arg)
{
	yw_apikey_list_free(arg);
	return yw_aks_list(c, arg);
}

int yw_apikey_list(struct yw_store *s, struct yw_apikey_list *out)
{
	memset(out, 0, sizeof *out);
	return yw_store_tx(s, YW_TX_READ, list_tx, out);
}

struct revoke_ctx {
	const struct yw_actor *who;
	int64_t id;
	struct yw_apikey *out;
	struct yw_error *err;
};

static int revoke_tx(struct yw_conn *c, void *arg)
{
	struct revoke_ctx *rc = arg;
	int st = yw_aks_get(c, rc->id, rc->out);
	if (st == YW_NOTFOUND) {
		yw_error_set(rc->err, YW_E_NOT_FOUND, "id", "密钥 %lld 不存在", (long long)rc->id);
		return st;
	}
	if (!st && (st = yw_aks_revoke(c, rc->id, rc->who, yw_now_ms())) == YW_NOTFOUND) {
		yw_error_set(rc->err, YW_E_APIKEY_ALREADY_REVOKED, "id", "密钥 %s 已于此前吊销", rc->out->prefix);
		return YW_FAIL;
	}
	if (st)
		return st;
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"name\":");
	yw_buf_json_str(&b, rc->out->name);
	yw_buf_adds(&b, ",\"prefix\":");
	yw_buf_json_str(&b, rc->out->prefix);
	yw_buf_printf(&b, ",\"uses\":%lld}", (long long)rc->out->use_count);
	st = yw_audit_append(c, rc->who, "revoke", "api_key", rc->id, b.data);
	yw_buf_free(&b);
	return st ? st : yw_aks_get(c, rc->id, rc->out);
}

int yw_apikey_revoke(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_apikey *out,
		     struct yw_error *err)
{
	struct revoke_ctx rc = {who, id, out, err};
	return yw_store_tx(s, YW_TX_WRITE, revoke_tx, &rc);
}

/* ---- check ---- */

static int refuse(struct yw_error *err, enum yw_err code, const char *prefix, const char *why)
{
	yw_log(YW_LOG_WARN, "apikey_refused", "\"prefix\":\"%s\",\"why\":\"%s\"", prefix, why);
	yw_error_set(err, code, "api_key", "%s", code == YW_E_APIKEY_REVOKED ? "该密钥已吊销，请联系管理员重新签发"
									 : "API 密钥无效 / the API key is not valid");
	return YW_FAIL;
}

int yw_apikey_check_tx(struct yw_conn *c, const struct yw_actor *ctx, const char *key, const char *use,
		       int64_t *key_id, struct yw_error *err)
{
	if (key_id)
		*key_id = 0;
	if (!well_formed(key))
		return refuse(err, YW_E_APIKEY_INVALID, "", "malformed");
	char prefix[YW_APIKEY_PREFIX_LEN + 1];
	memcpy(prefix, key, YW_APIKEY_PREFIX_LEN);
	prefix[YW_APIKEY_PREFIX_LEN] = 0;
	struct yw_apikey k;
	char stored[65], given[65];
	int st = yw_aks_by_prefix(c, prefix, &k, stored);
	if (st && st != YW_NOTFOUND)
		return st;
	bool known = st == YW_OK;
	if (!known) /* compare anyway, so an unknown prefix takes as long */
		memset(stored, '0', 64), stored[64] = 0;
	hash_hex(key, given);
	bool same = sodium_memcmp(given, stored, 64) == 0;
	if (!known || !same)
		return refuse(err, YW_E_APIKEY_INVALID, prefix, known ? "wrong secret" : "unknown prefix");
	if (k.revoked_at)
		return refuse(err, YW_E_APIKEY_REVOKED, prefix, "revoked");
	int64_t now = yw_now_ms();
	st = yw_aks_used(c, k.id, now);
	if (st == YW_NOTFOUND) /* revoked since we read it */
		return refuse(err, YW_E_APIKEY_REVOKED, prefix, "revoked");
	if (st)
		return st;
	/* The audit row names the key as its actor. */
	char name[sizeof k.name + 32];
	snprintf(name, sizeof name, "API 密钥 %s（%s）", k.name, k.prefix);
	struct yw_actor as_key = *ctx;
	as_key.user_id = 0;
	as_key.name = name;
	as_key.role = "api_key";
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"use\":");
	yw_buf_json_str(&b, use && *use ? use : "check");
	yw_buf_adds(&b, ",\"prefix\":");
	yw_buf_json_str(&b, k.prefix);
	yw_buf_printf(&b, ",\"uses\":%lld}", (long long)k.use_count + 1);
	st = yw_audit_append(c, &as_key, "use", "api_key", k.id, b.data);
	yw_buf_free(&b);
	if (!st && key_id)
		*key_id = k.id;
	return st;
}

struct check_ctx {
	const struct yw_actor *ctx;
	const char *key, *use;
	int64_t *key_id;
	struct yw_error *err;
};

static int check_tx(struct yw_conn *c, void *arg)
{
	struct check_ctx *cc = arg;
	return yw_apikey_check_tx(c, cc->ctx, cc->key, cc->use, cc->key_id, cc->err);
}

int yw_apikey_check(struct yw_store *s, const struct yw_actor *ctx, const char *key, const char *use,
		    int64_t *key_id, struct yw_error *err)
{
	struct check_ctx cc = {ctx, key, use, key_id, err};
	return yw_store_tx(s, YW_TX_WRITE, check_tx, &cc);
}
