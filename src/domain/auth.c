/* Logins, sessions and one-time codes. Secrets (tokens, codes) are kept
 * only as hashes; comparisons of secrets are constant-time. */
#include "yw/auth.h"
#include "yw/audit.h"
#include "yw/auth_store.h"
#include "yw/password.h"
#include "yw/validate.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct yw_auth_config yw_auth_config = {
	.idle_ms = 30 * 60 * 1000,
	.absolute_ms = 12 * 3600 * 1000,
	.max_failures = 5,
	.lockout_ms = 15 * 60 * 1000,
	.otp_ttl_ms = 5 * 60 * 1000,
	.otp_interval_ms = 60 * 1000,
};

/* Sessions are touched at most this often, so reads stay reads. */
enum { TOUCH_EVERY_MS = 60 * 1000, OTP_MAX_ATTEMPTS = 5 };

static void random_hex(char *out, size_t bytes)
{
	unsigned char buf[32];
	randombytes_buf(buf, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, buf, bytes);
}

static void hash_hex(const char *secret, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

void yw_auth_actor(const struct yw_principal *p, struct yw_actor *a)
{
	a->user_id = p->citizen ? -p->user_id : p->user_id; /* citizens negative: never a staff id */
	a->name = p->name;
	a->roles = p->roles;
	a->scope = p->scope;
	a->role = NULL;
	for (int i = 0; yw_role_names[i]; i++)
		if (p->roles & (1u << i)) {
			a->role = yw_role_names[i];
			break;
		}
}

static void principal_from_staff(struct yw_principal *p, const struct yw_staff_login *s)
{
	memset(p, 0, sizeof *p);
	p->user_id = s->id;
	snprintf(p->username, sizeof p->username, "%s", s->username ? s->username : "");
	snprintf(p->name, sizeof p->name, "%s", s->name);
	snprintf(p->phone, sizeof p->phone, "%s", s->phone ? s->phone : "");
	p->roles = yw_roles_from_json(s->roles);
	p->scope = (struct yw_scope){s->region_id, s->department_id, s->hall_id};
}

static int new_session(struct yw_conn *c, struct yw_login *out)
{
	char token_hash[65];
	int64_t now = yw_now_ms();
	random_hex(out->token, 32);
	random_hex(out->who.csrf, 16);
	hash_hex(out->token, token_hash);
	out->who.expires_at = now + yw_auth_config.idle_ms;
	return yw_austore_session_insert(c, token_hash, out->who.citizen, out->who.user_id,
					 out->who.csrf, now, now + yw_auth_config.absolute_ms,
					 &out->who.session_id);
}

static char *dummy_hash;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy_hash(void) { dummy_hash = yw_password_hash("no such user, same cost"); }

struct login_ctx {
	const char *username, *password;
	const struct yw_actor *ctx;
	struct yw_login *out;
	struct yw_error *err;
	enum yw_err outcome; /* an error to report after committing the counters */
	int64_t locked_until;
};

static int login_tx(struct yw_conn *c, void *arg)
{
	struct login_ctx *lc = arg;
	struct yw_staff_login s = {0};
	struct yw_actor who = *lc->ctx;
	lc->outcome = YW_E_NONE;
	int st = yw_austore_staff_by_username(c, lc->username, &s);
	if (st == YW_NOTFOUND) {
		/* Same work and answer as a wrong password: no user enumeration. */
		pthread_once(&dummy_once, make_dummy_hash);
		yw_password_verify(dummy_hash, lc->password);
		lc->outcome = YW_E_BAD_CREDENTIALS;
		return YW_OK;
	}
	if (st)
		return st;
	int64_t now = yw_now_ms();
	who.user_id = s.id;
	who.name = s.name;
	unsigned roles = yw_roles_from_json(s.roles);
	for (int i = 0; yw_role_names[i]; i++)
		if (roles & (1u << i)) {
			who.role = yw_role_names[i];
			break;
		}
	lc->locked_until = 0;
	char summary[160];
	if (s.locked_until > now) {
		lc->outcome = YW_E_LOCKED;
		lc->locked_until = s.locked_until;
		snprintf(summary, sizeof summary, "{\"username\":\"%s\",\"locked_until\":%lld}",
			 lc->username, (long long)s.locked_until);
		st = yw_audit_append(c, &who, "login_refused", "session", 0, summary);
	} else if (!yw_password_verify(s.password_hash, lc->password)) {
		int64_t locked_until = 0;
		st = yw_austore_staff_fail(c, s.id, yw_auth_config.max_failures,
					   now + yw_auth_config.lockout_ms, &locked_until);
		bool until = locked_until > now;
		lc->outcome = until ? YW_E_LOCKED : YW_E_BAD_CREDENTIALS;
		lc->locked_until = locked_until;
		snprintf(summary, sizeof summary, "{\"username\":\"%s\",\"locked\":%s}", lc->username,
			 until ? "true" : "false");
		if (!st)
			st = yw_audit_append(c, &who, until ? "lockout" : "login_failed", "session", 0, summary);
	} else if (!s.active) {
		lc->outcome = YW_E_ACCOUNT_DISABLED;
	} else {
		principal_from_staff(&lc->out->who, &s);
		st = yw_austore_staff_reset_failures(c, s.id);
		if (!st)
			st = new_session(c, lc->out);
		snprintf(summary, sizeof summary, "{\"username\":\"%s\"}", lc->username);
		if (!st)
			st = yw_audit_append(c, &who, "login", "session", lc->out->who.session_id, summary);
	}
	yw_staff_login_clear(&s);
	return st;
}

int yw_auth_login(struct yw_store *s, const char *username, const char *password,
		  const struct yw_actor *ctx, struct yw_login *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	struct login_ctx lc = {username, password, ctx, out, err, YW_E_NONE};
	int st = yw_store_tx(s, YW_TX_WRITE, login_tx, &lc);
	if (st)
		return st;
	if (lc.outcome == YW_E_LOCKED) {
		/* Say when, in Beijing time (UTC+8, no DST). */
		int64_t local = lc.locked_until / 1000 + 8 * 3600;
		yw_error_set(err, YW_E_LOCKED, "username", "账号已锁定，%02d:%02d 后可再试 / locked until %02d:%02d (UTC+8)",
			     (int)(local / 3600 % 24), (int)(local / 60 % 60), (int)(local / 3600 % 24),
			     (int)(local / 60 % 60));
		memset(out, 0, sizeof *out);
		return YW_FAIL;
	}
	if (lc.outcome != YW_E_NONE) {
		yw_error_set(err, lc.outcome, lc.outcome == YW_E_BAD_CREDENTIALS ? "password" : NULL, NULL);
		memset(out, 0, sizeof *out);
		return YW_FAIL;
	}
	return YW_OK;
}

/* ---- a small cache of resolved sessions ---- */

enum { CACHE_SLOTS = 1024, CACHE_LOCKS = 16, CACHE_TTL_MS = 2000 };

struct cache_entry {
	char token_hash[65];
	int64_t cached_at;
	struct yw_session_row row;
	struct yw_principal who;
};

static struct cache_entry cache[CACHE_SLOTS];
static pthread_mutex_t cache_locks[CACHE_LOCKS] = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_MUTEX_INITIALIZER};

static size_t cache_slot(const char *token_hash)
{
	/* The hash is uniformly random hex: its first 8 digits are a fine index. */
	return (size_t)strtoul((char[9]){token_hash[0], token_hash[1], token_hash[2], token_hash[3],
					 token_hash[4], token_hash[5], token_hash[6], token_hash[7], 0},
			       NULL, 16) %
	       CACHE_SLOTS;
}

static bool cache_get(const char *token_hash, struct yw_session_row *row, struct yw_principal *who)
{
	size_t i = cache_slot(token_hash);
	pthread_mutex_t *m = &cache_locks[i % CACHE_LOCKS];
	bool hit = false;
	pthread_mutex_lock(m);
	if (!strcmp(cache[i].token_hash, token_hash) && yw_now_ms() - cache[i].cached_at < CACHE_TTL_MS) {
		*row = cache[i].row;
		*who = cache[i].who;
		hit = true;
	}
	pthread_mutex_unlock(m);
	return hit;
}

static void cache_put(const char *token_hash, const struct yw_session_row *row,
		      const struct yw_principal *who)
{
	size_t i = cache_slot(token_hash);
	pthread_mutex_t *m = &cache_locks[i % CACHE_LOCKS];
	pthread_mutex_lock(m);
	snprintf(cache[i].token_hash, sizeof cache[i].token_hash, "%s", token_hash);
	cache[i].cached_at = yw_now_ms();
	cache[i].row = *row;
	cache[i].who = *who;
	pthread_mutex_unlock(m);
}

static void cache_drop_where(bool (*match)(const struct cache_entry *, int64_t), int64_t key)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		pthread_mutex_t *m = &cache_locks[i % CACHE_LOCKS];
		pthread_mutex_lock(m);
		if (cache[i].token_hash[0] && match(&cache[i], key))
			cache[i].token_hash[0] = 0;
		pthread_mutex_unlock(m);
	}
}

static bool is_staff_user(const struct cache_entry *e, int64_t id) { return !e->who.citizen && e->who.user_id == id; }
static bool is_session(const struct cache_entry *e, int64_t id) { return e->row.id == id; }
void yw_auth_forget_user(int64_t staff_id) { cache_drop_where(is_staff_user, staff_id); }
void yw_auth_forget_session(int64_t session_id) { cache_drop_where(is_session, session_id); }

struct session_ctx {
	const char *token_hash;
	struct yw_principal *out;
	struct yw_session_row row;
	enum yw_err outcome;
};

static int session_tx(struct yw_conn *c, void *arg)
{
	struct session_ctx *sc = arg;
	sc->outcome = YW_E_UNAUTHENTICATED;
	int st = yw_austore_session_get(c, sc->token_hash, &sc->row);
	if (st == YW_NOTFOUND)
		return YW_OK;
	if (st)
		return st;
	int64_t now = yw_now_ms();
	if (sc->row.revoked)
		return YW_OK;
	if (sc->row.last_seen + yw_auth_config.idle_ms < now || sc->row.expires_at < now) {
		sc->outcome = YW_E_SESSION_EXPIRED;
		return YW_OK;
	}
	struct yw_principal *p = sc->out;
	memset(p, 0, sizeof *p);
	if (sc->row.citizen) {
		p->citizen = true;
		p->user_id = sc->row.user_id;
		p->roles = YW_ROLE_CITIZEN;
		st = yw_austore_citizen_phone(c, p->user_id, p->phone, sizeof p->phone);
		if (st)
			return st == YW_NOTFOUND ? YW_OK : st;
		char *masked = yw_mask_phone(p->phone);
		snprintf(p->name, sizeof p->name, "%s", masked);
		free(masked);
	} else {
		struct yw_staff_login s = {0};
		st = yw_austore_staff_by_id(c, sc->row.user_id, &s);
		if (st == YW_NOTFOUND)
			return YW_OK; /* the account was deleted */
		if (st)
			return st;
		if (!s.active) {
			sc->outcome = YW_E_ACCOUNT_DISABLED;
			yw_staff_login_clear(&s);
			return YW_OK;
		}
		principal_from_staff(p, &s);
		yw_staff_login_clear(&s);
	}
	p->session_id = sc->row.id;
	snprintf(p->csrf, sizeof p->csrf, "%s", sc->row.csrf);
	int64_t idle_end = now + yw_auth_config.idle_ms;
	p->expires_at = idle_end < sc->row.expires_at ? idle_end : sc->row.expires_at;
	sc->outcome = YW_E_NONE;
	return YW_OK;
}

static int touch_tx(struct yw_conn *c, void *arg)
{
	const struct session_ctx *sc = arg;
	return yw_austore_session_touch(c, sc->row.id, yw_now_ms());
}

int yw_auth_session(struct yw_store *s, const char *token, struct yw_principal *out,
		    struct yw_error *err)
{
	char token_hash[65];
	if (!token || strlen(token) != 64) {
		yw_error_set(err, YW_E_UNAUTHENTICATED, NULL, NULL);
		return YW_FAIL;
	}
	hash_hex(token, token_hash);
	struct session_ctx sc = {.token_hash = token_hash, .out = out};
	int64_t now = yw_now_ms();
	if (cache_get(token_hash, &sc.row, out)) {
		/* The same expiry rules as the store path, on the cached row. */
		if (sc.row.last_seen + yw_auth_config.idle_ms < now || sc.row.expires_at < now) {
			yw_error_set(err, YW_E_SESSION_EXPIRED, NULL, NULL);
			return YW_FAIL;
		}
		int64_t idle_end = now + yw_auth_config.idle_ms;
		out->expires_at = idle_end < sc.row.expires_at ? idle_end : sc.row.expires_at;
	} else {
		int st = yw_store_tx(s, YW_TX_READ, session_tx, &sc);
		if (st)
			return st;
		if (sc.outcome != YW_E_NONE) {
			yw_error_set(err, sc.outcome, NULL, NULL);
			return YW_FAIL;
		}
		cache_put(token_hash, &sc.row, out);
	}
	/* Sliding idle expiry, written at most once a minute per session. */
	if (now - sc.row.last_seen > TOUCH_EVERY_MS && yw_store_tx(s, YW_TX_WRITE, touch_tx, &sc) == YW_OK) {
		sc.row.last_seen = now;
		cache_put(token_hash, &sc.row, out);
	}
	return YW_OK;
}

struct logout_ctx {
	const struct yw_principal *who;
	const struct yw_actor *ctx;
};

static int logout_tx(struct yw_conn *c, void *arg)
{
	struct logout_ctx *lc = arg;
	int st = yw_austore_session_revoke(c, lc->who->session_id);
	if (!st)
		st = yw_audit_append(c, lc->ctx, "logout", "session", lc->who->session_id, "{}");
	return st;
}

int yw_auth_logout(struct yw_store *s, const struct yw_principal *who, const struct yw_actor *ctx)
{
	struct logout_ctx lc = {who, ctx};
	int st = yw_store_tx(s, YW_TX_WRITE, logout_tx, &lc);
	yw_auth_forget_session(who->session_id);
	return st;
}

struct password_ctx {
	const struct yw_principal *who;
	const char *old_pw;
	char *new_hash;
	const struct yw_actor *ctx;
	struct yw_error *err;
};

static int password_tx(struct yw_conn *c, void *arg)
{
	struct password_ctx *pc = arg;
	struct yw_staff_login s = {0};
	int st = yw_austore_staff_by_id(c, pc->who->user_id, &s);
	if (st)
		return st;
	bool good = yw_password_verify(s.password_hash, pc->old_pw);
	yw_staff_login_clear(&s);
	if (!good) {
		yw_error_set(pc->err, YW_E_BAD_CREDENTIALS, "old_password", "原密码不正确");
		return YW_FAIL;
	}
	st = yw_austore_staff_set_password(c, pc->who->user_id, pc->new_hash);
	/* Other sessions of this account end: whoever had the old password is out. */
	if (!st)
		st = yw_austore_session_revoke_user(c, pc->who->user_id, pc->who->session_id);
	if (!st)
		st = yw_audit_append(c, pc->ctx, "password_change", "staff", pc->who->user_id,
				     "{\"password\":\"(changed)\"}");
	return st;
}

int yw_auth_change_password(struct yw_store *s, const struct yw_principal *who,
			    const char *old_pw, const char *new_pw, const struct yw_actor *ctx,
			    struct yw_error *err)
{
	if (who->citizen) {
		yw_error_set(err, YW_E_FORBIDDEN_ROLE, NULL, "群众账号使用验证码登录");
		return YW_FAIL;
	}
	if (yw_password_check_strength(new_pw, err)) {
		snprintf(err->field, sizeof err->field, "new_password");
		return YW_FAIL;
	}
	struct password_ctx pc = {who, old_pw, yw_password_hash(new_pw), ctx, err};
	int st = pc.new_hash ? yw_store_tx(s, YW_TX_WRITE, password_tx, &pc) : YW_STORE_ERR;
	free(pc.new_hash);
	if (st == YW_OK)
		yw_auth_forget_user(who->user_id); /* the other sessions were revoked */
	return st;
}

struct otp_ctx {
	const char *phone, *code;
	const struct yw_actor *ctx;
	struct yw_login *out;
	enum yw_err outcome;
	char sent_code[8];
};

static int otp_request_tx(struct yw_conn *c, void *arg)
{
	struct otp_ctx *oc = arg;
	struct yw_otp_row last = {0};
	int64_t now = yw_now_ms();
	oc->outcome = YW_E_NONE;
	int st = yw_austore_otp_latest(c, oc->phone, &last);
	if (st && st != YW_NOTFOUND)
		return st;
	if (st == YW_OK && now - last.created_at < yw_auth_config.otp_interval_ms) {
		oc->outcome = YW_E_OTP_RATE;
		return YW_OK;
	}
	snprintf(oc->sent_code, sizeof oc->sent_code, "%06u", randombytes_uniform(1000000));
	char code_hash[65], body[160];
	char salted[64];
	snprintf(salted, sizeof salted, "%s:%s", oc->phone, oc->sent_code);
	hash_hex(salted, code_hash);
	st = yw_austore_otp_insert(c, oc->phone, code_hash, now, now + yw_auth_config.otp_ttl_ms);
	snprintf(body, sizeof body, "【一网通办】您的登录验证码为 %s，%d 分钟内有效。如非本人操作请忽略。",
		 oc->sent_code, (int)(yw_auth_config.otp_ttl_ms / 60000));
	if (!st)
		st = yw_austore_outbox_insert(c, "sms", oc->phone, body, now);
	return st;
}

int yw_auth_otp_request(struct yw_store *s, const char *phone, const struct yw_actor *ctx,
			struct yw_error *err)
{
	if (!yw_mobile_valid(phone)) {
		yw_error_set(err, YW_E_INVALID_PHONE, "phone", "请输入 11 位手机号");
		return YW_FAIL;
	}
	struct otp_ctx oc = {.phone = phone, .ctx = ctx};
	int st = yw_store_tx(s, YW_TX_WRITE, otp_request_tx, &oc);
	if (st)
		return st;
	if (oc.outcome) {
		yw_error_set(err, oc.outcome, "phone", NULL);
		return YW_FAIL;
	}
	char *masked = yw_mask_phone(phone);
	/* The demo has no SMS gateway: the code goes to the log (and the outbox page). */
	yw_log(YW_LOG_INFO, "otp_sent", "\"phone\":\"%s\",\"code\":\"%s\",\"note\":\"demo gateway\"",
	       masked, oc.sent_code);
	free(masked);
	return YW_OK;
}

static int otp_verify_tx(struct yw_conn *c, void *arg)
{
	struct otp_ctx *oc = arg;
	struct yw_otp_row last = {0};
	oc->outcome = YW_E_BAD_OTP;
	int st = yw_austore_otp_latest(c, oc->phone, &last);
	if (st == YW_NOTFOUND)
		return YW_OK;
	if (st)
		return st;
	int64_t now = yw_now_ms();
	if (last.used || last.expires_at < now)
		return YW_OK;
	st = yw_austore_otp_attempt(c, last.id, OTP_MAX_ATTEMPTS);
	if (st == YW_NOTFOUND)
		return YW_OK; /* no attempts left */
	if (st)
		return st;
	char salted[64], code_hash[65];
	snprintf(salted, sizeof salted, "%s:%s", oc->phone, oc->code);
	hash_hex(salted, code_hash);
	if (sodium_memcmp(code_hash, last.code_hash, 64) != 0)
		return YW_OK; /* the counted attempt is committed with the refusal */
	st = yw_austore_otp_use(c, last.id);
	if (st == YW_NOTFOUND)
		return YW_OK;
	if (st)
		return st;
	int64_t citizen_id = 0;
	st = yw_austore_citizen_upsert(c, oc->phone, now, &citizen_id);
	if (st)
		return st;
	struct yw_principal *p = &oc->out->who;
	p->citizen = true;
	p->user_id = citizen_id;
	p->roles = YW_ROLE_CITIZEN;
	snprintf(p->phone, sizeof p->phone, "%s", oc->phone);
	char *masked = yw_mask_phone(oc->phone);
	snprintf(p->name, sizeof p->name, "%s", masked);
	free(masked);
	st = new_session(c, oc->out);
	if (!st) {
		struct yw_actor who = *oc->ctx;
		who.user_id = -citizen_id;
		who.name = p->name;
		who.role = "citizen";
		st = yw_audit_append(c, &who, "login", "session", p->session_id, "{\"method\":\"otp\"}");
	}
	oc->outcome = st ? YW_E_BAD_OTP : YW_E_NONE;
	return st;
}

int yw_auth_otp_verify(struct yw_store *s, const char *phone, const char *code,
		       const struct yw_actor *ctx, struct yw_login *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	if (!yw_mobile_valid(phone)) {
		yw_error_set(err, YW_E_INVALID_PHONE, "phone", "请输入 11 位手机号");
		return YW_FAIL;
	}
	if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6) {
		yw_error_set(err, YW_E_BAD_OTP, "code", "验证码为 6 位数字");
		return YW_FAIL;
	}
	struct otp_ctx oc = {.phone = phone, .code = code, .ctx = ctx, .out = out};
	int st = yw_store_tx(s, YW_TX_WRITE, otp_verify_tx, &oc);
	if (st)
		return st;
	if (oc.outcome) {
		yw_error_set(err, oc.outcome, "code", NULL);
		memset(out, 0, sizeof *out);
		return YW_FAIL;
	}
	return YW_OK;
}

struct outbox_ctx {
	int limit, offset;
	struct yw_outbox_list *out;
};

static int outbox_tx(struct yw_conn *c, void *arg)
{
	struct outbox_ctx *oc = arg;
	yw_outbox_list_free(oc->out);
	return yw_austore_outbox_list(c, oc->limit, oc->offset, oc->out);
}

int yw_outbox_list(struct yw_store *s, int limit, int offset, struct yw_outbox_list *out)
{
	memset(out, 0, sizeof *out);
	struct outbox_ctx oc = {limit, offset, out};
	return yw_store_tx(s, YW_TX_READ, outbox_tx, &oc);
}

void yw_outbox_list_free(struct yw_outbox_list *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->items[i].channel);
		free(l->items[i].recipient);
		free(l->items[i].body);
		free(l->items[i].status);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

struct register_ctx {
	const char *phone, *name;
	const struct yw_actor *ctx;
	bool created;
};

static int register_tx(struct yw_conn *c, void *arg)
{
	struct register_ctx *rc = arg;
	int64_t id = 0;
	int st = yw_austore_citizen_insert(c, rc->phone, rc->name, yw_now_ms(), &id, &rc->created);
	if (st || !rc->created)
		return st;
	char *masked = yw_mask_phone(rc->phone);
	char *summary = yw_asprintf("{\"phone\":\"%s\"}", masked);
	st = yw_audit_append(c, rc->ctx, "create", "citizen", id, summary);
	free(summary);
	free(masked);
	return st;
}

int yw_citizen_register(struct yw_store *s, const char *phone, const char *name,
			const struct yw_actor *ctx, struct yw_error *err)
{
	if (!phone || !yw_mobile_valid(phone)) {
		yw_error_set(err, YW_E_INVALID_PHONE, "phone", "请输入 11 位手机号");
		return YW_FAIL;
	}
	struct register_ctx rc = {phone, name, ctx, false};
	int st = yw_store_tx(s, YW_TX_WRITE, register_tx, &rc);
	if (st)
		return st;
	return rc.created ? YW_OK : YW_NOTFOUND;
}
