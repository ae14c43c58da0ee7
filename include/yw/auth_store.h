/* SQL for accounts, sessions, one-time codes and the outbox. */
#ifndef YW_AUTH_STORE_H
#define YW_AUTH_STORE_H
#include "yw/auth.h"

struct yw_staff_login {
	int64_t id, department_id, hall_id, region_id, locked_until;
	int failed_logins;
	bool active;
	char *name, *password_hash, *roles, *phone, *username;
};
void yw_staff_login_clear(struct yw_staff_login *s);
int yw_austore_staff_by_username(struct yw_conn *c, const char *username, struct yw_staff_login *out);
int yw_austore_staff_by_id(struct yw_conn *c, int64_t id, struct yw_staff_login *out);
int yw_austore_staff_reset_failures(struct yw_conn *c, int64_t id);
/* Counts a failure; at max_failures locks until lock_until and restarts the count. */
int yw_austore_staff_fail(struct yw_conn *c, int64_t id, int max_failures, int64_t lock_until,
			  int64_t *locked_until);
int yw_austore_staff_set_password(struct yw_conn *c, int64_t id, const char *hash);

int yw_austore_session_insert(struct yw_conn *c, const char *token_hash, bool citizen,
			      int64_t user_id, const char *csrf, int64_t now, int64_t expires_at,
			      int64_t *id);
struct yw_session_row {
	int64_t id, user_id, last_seen, expires_at;
	bool citizen, revoked;
	char csrf[33];
};
int yw_austore_session_get(struct yw_conn *c, const char *token_hash, struct yw_session_row *out);
int yw_austore_session_touch(struct yw_conn *c, int64_t id, int64_t now);
int yw_austore_session_revoke(struct yw_conn *c, int64_t id);
int yw_austore_session_revoke_user(struct yw_conn *c, int64_t staff_id, int64_t keep_session);

struct yw_otp_row {
	int64_t id, created_at, expires_at;
	int attempts;
	bool used;
	char code_hash[65];
};
int yw_austore_otp_latest(struct yw_conn *c, const char *phone, struct yw_otp_row *out);
int yw_austore_otp_insert(struct yw_conn *c, const char *phone, const char *code_hash, int64_t now,
			  int64_t expires_at);
/* YW_NOTFOUND when no attempt is left. */
int yw_austore_otp_attempt(struct yw_conn *c, int64_t id, int max_attempts);
/* YW_NOTFOUND when someone used the code first. */
int yw_austore_otp_use(struct yw_conn *c, int64_t id);
int yw_austore_citizen_upsert(struct yw_conn *c, const char *phone, int64_t now, int64_t *id);
/* Inserts unless the phone exists; *created says which. */
int yw_austore_citizen_insert(struct yw_conn *c, const char *phone, const char *name, int64_t now,
			      int64_t *id, bool *created);
int yw_austore_citizen_phone(struct yw_conn *c, int64_t id, char *phone, size_t n);

int yw_austore_outbox_insert(struct yw_conn *c, const char *channel, const char *recipient,
			     const char *body, int64_t now);
int yw_austore_outbox_list(struct yw_conn *c, int limit, int offset, struct yw_outbox_list *out);

#endif
