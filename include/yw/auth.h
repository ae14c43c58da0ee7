/* Authentication: staff by password, citizens by a one-time code sent
 * through the notification outbox; sessions expire when idle and at an
 * absolute end, and logout revokes them. */
#ifndef YW_AUTH_H
#define YW_AUTH_H
#include "yw/entity.h"
#include "yw/store.h"

struct yw_auth_config {
	int64_t idle_ms;       /* default 30 min */
	int64_t absolute_ms;   /* default 12 h */
	int max_failures;      /* default 5 */
	int64_t lockout_ms;    /* default 15 min */
	int64_t otp_ttl_ms;    /* default 5 min */
	int64_t otp_interval_ms; /* minimum gap between codes for one phone: 60 s */
};
extern struct yw_auth_config yw_auth_config;

struct yw_principal {
	int64_t session_id, user_id;
	bool citizen;
	char username[40];
	char name[64];
	char phone[24];
	unsigned roles;
	struct yw_scope scope;
	char csrf[33];
	int64_t expires_at; /* the earlier of idle and absolute expiry */
};

struct yw_login {
	char token[65]; /* shown once; only its hash is stored */
	struct yw_principal who;
};

int yw_auth_login(struct yw_store *s, const char *username, const char *password,
		  const struct yw_actor *ctx, struct yw_login *out, struct yw_error *err);
/* Resolve a session token. UNAUTHENTICATED / SESSION_EXPIRED on failure. */
int yw_auth_session(struct yw_store *s, const char *token, struct yw_principal *out,
		    struct yw_error *err);
int yw_auth_logout(struct yw_store *s, const struct yw_principal *who, const struct yw_actor *ctx);
int yw_auth_change_password(struct yw_store *s, const struct yw_principal *who,
			    const char *old_pw, const char *new_pw, const struct yw_actor *ctx,
			    struct yw_error *err);
int yw_auth_otp_request(struct yw_store *s, const char *phone, const struct yw_actor *ctx,
			struct yw_error *err);
int yw_auth_otp_verify(struct yw_store *s, const char *phone, const char *code,
		       const struct yw_actor *ctx, struct yw_login *out, struct yw_error *err);
/* Sessions resolved in the last 2 s are served from memory (no store read
 * per request). Changes that end or alter a session drop it here at once;
 * another instance sees them within that TTL (docs/architecture.md). */
void yw_auth_forget_user(int64_t staff_id);
void yw_auth_forget_session(int64_t session_id);

/* Register a citizen by phone (demo seed, counter registration).
 * YW_OK when created, YW_NOTFOUND when the phone was already known. */
int yw_citizen_register(struct yw_store *s, const char *phone, const char *name,
			const struct yw_actor *ctx, struct yw_error *err);
/* Fill an actor (for audit and scope checks) from a principal. */
void yw_auth_actor(const struct yw_principal *p, struct yw_actor *a);

/* The outbox: messages waiting for the gateway (SMS in production; in the
 * demo they are logged and shown on the admin outbox page). */
struct yw_outbox_msg {
	int64_t id, created_at;
	char *channel, *recipient, *body, *status;
};
struct yw_outbox_list {
	struct yw_outbox_msg *items;
	int n;
	int64_t total;
};
int yw_outbox_list(struct yw_store *s, int limit, int offset, struct yw_outbox_list *out);
void yw_outbox_list_free(struct yw_outbox_list *l);

#endif
