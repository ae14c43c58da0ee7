#include "yw/auth_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_STAFF_BY_USERNAME[] =
	"SELECT id, name, password_hash, roles, active, failed_logins, locked_until, department_id, "
	"hall_id, region_id, phone, username FROM staff WHERE username = $1";
static const char SQL_STAFF_BY_ID[] =
	"SELECT id, name, password_hash, roles, active, failed_logins, locked_until, department_id, "
	"hall_id, region_id, phone, username FROM staff WHERE id = $1";
static const char SQL_STAFF_RESET_FAILURES[] =
	"UPDATE staff SET failed_logins = 0, locked_until = 0 WHERE id = $1";
/* One statement, so concurrent failures cannot lose a count. */
static const char SQL_STAFF_FAIL[] =
	"UPDATE staff SET "
	"locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END, "
	"failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END "
	"WHERE id = $1 RETURNING locked_until";
static const char SQL_STAFF_PASSWORD[] =
	"UPDATE staff SET password_hash = $2, failed_logins = 0, locked_until = 0, "
	"version = version + 1, updated_at = $3 WHERE id = $1";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (token_hash, user_kind, user_id, csrf, created_at, last_seen, expires_at) "
	"VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id";
static const char SQL_SESSION_GET[] =
	"SELECT id, user_kind, user_id, csrf, last_seen, expires_at, revoked FROM sessions "
	"WHERE token_hash = $1";
static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET last_seen = $2 WHERE id = $1";
static const char SQL_SESSION_REVOKE[] = "UPDATE sessions SET revoked = 1 WHERE id = $1";
static const char SQL_SESSION_REVOKE_USER[] =
	"UPDATE sessions SET revoked = 1 WHERE user_kind = 'staff' AND user_id = $1 AND id <> $2";
static const char SQL_OTP_LATEST[] =
	"SELECT id, created_at, expires_at, attempts, used, code_hash FROM otp_codes "
	"WHERE phone = $1 ORDER BY id DESC LIMIT 1";
static const char SQL_OTP_INSERT[] =
	"INSERT INTO otp_codes (phone, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)";
/* Counts the attempt only while attempts remain: concurrent guesses cannot
 * exceed the limit. No row back means no attempt was left. */
static const char SQL_OTP_ATTEMPT[] =
	"UPDATE otp_codes SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 AND used = 0 "
	"RETURNING attempts";
static const char SQL_OTP_USED[] = "UPDATE otp_codes SET used = 1 WHERE id = $1 AND used = 0";
static const char SQL_CITIZEN_INSERT[] =
	"INSERT INTO citizens (phone, created_at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING";
static const char SQL_CITIZEN_INSERT_NAMED[] =
	"INSERT INTO citizens (phone, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (phone) DO NOTHING";
static const char SQL_CITIZEN_ID[] = "SELECT id FROM citizens WHERE phone = $1";
static const char SQL_CITIZEN_PHONE[] = "SELECT phone FROM citizens WHERE id = $1";
static const char SQL_OUTBOX_INSERT[] =
	"INSERT INTO outbox (channel, recipient, body, status, created_at) VALUES ($1, $2, $3, "
	"'pending', $4)";
static const char SQL_OUTBOX_LIST[] =
	"SELECT id, channel, recipient, body, status, created_at FROM outbox ORDER BY id DESC "
	"LIMIT $1 OFFSET $2";
static const char SQL_OUTBOX_COUNT[] = "SELECT COUNT(*) FROM outbox";

static int64_t opt_int(const struct yw_row *r, int col) { return yw_row_null(r, col) ? 0 : yw_row_int(r, col); }
static int ok(int r) { return r < 0 ? r : YW_OK; }

void yw_staff_login_clear(struct yw_staff_login *s)
{
	free(s->name);
	free(s->password_hash);
	free(s->roles);
	free(s->phone);
	free(s->username);
	memset(s, 0, sizeof *s);
}

static int staff_row(void *arg, const struct yw_row *r)
{
	struct yw_staff_login *s = arg;
	yw_staff_login_clear(s);
	s->id = yw_row_int(r, 0);
	s->name = yw_strdup(yw_row_text(r, 1));
	s->password_hash = yw_strdup(yw_row_text(r, 2));
	s->roles = yw_strdup(yw_row_text(r, 3));
	s->active = yw_row_int(r, 4) != 0;
	s->failed_logins = (int)yw_row_int(r, 5);
	s->locked_until = yw_row_int(r, 6);
	s->department_id = opt_int(r, 7);
	s->hall_id = opt_int(r, 8);
	s->region_id = opt_int(r, 9);
	s->phone = yw_strdup(yw_row_text(r, 10));
	s->username = yw_strdup(yw_row_text(r, 11));
	return 1;
}

static int found(int r) { return r < 0 ? r : r == YW_DB_NONE ? YW_NOTFOUND : YW_OK; }

int yw_austore_staff_by_username(struct yw_conn *c, const char *username, struct yw_staff_login *out)
{
	return found(yw_q(c, SQL_STAFF_BY_USERNAME, staff_row, out, YW_PTEXT(username)));
}

int yw_austore_staff_by_id(struct yw_conn *c, int64_t id, struct yw_staff_login *out)
{
	return found(yw_q(c, SQL_STAFF_BY_ID, staff_row, out, YW_PINT(id)));
}

int yw_austore_staff_reset_failures(struct yw_conn *c, int64_t id)
{
	return ok(yw_q(c, SQL_STAFF_RESET_FAILURES, NULL, NULL, YW_PINT(id)));
}

int yw_austore_staff_fail(struct yw_conn *c, int64_t id, int max_failures, int64_t lock_until,
			  int64_t *locked_until)
{
	return found(yw_q(c, SQL_STAFF_FAIL, yw_row_get_int, locked_until, YW_PINT(id),
			  YW_PINT(max_failures), YW_PINT(lock_until)));
}

int yw_austore_staff_set_password(struct yw_conn *c, int64_t id, const char *hash)
{
	return ok(yw_q(c, SQL_STAFF_PASSWORD, NULL, NULL, YW_PINT(id), YW_PTEXT(hash),
		       YW_PINT(yw_now_ms())));
}

int yw_austore_session_insert(struct yw_conn *c, const char *token_hash, bool citizen,
			      int64_t user_id, const char *csrf, int64_t now, int64_t expires_at,
			      int64_t *id)
{
	return ok(yw_q(c, SQL_SESSION_INSERT, yw_row_get_int, id, YW_PTEXT(token_hash),
		       YW_PTEXT(citizen ? "citizen" : "staff"), YW_PINT(user_id), YW_PTEXT(csrf),
		       YW_PINT(now), YW_PINT(expires_at)));
}

static int session_row(void *arg, const struct yw_row *r)
{
	struct yw_session_row *s = arg;
	s->id = yw_row_int(r, 0);
	s->citizen = !strcmp(yw_row_text(r, 1), "citizen");
	s->user_id = yw_row_int(r, 2);
	snprintf(s->csrf, sizeof s->csrf, "%s", yw_row_text(r, 3));
	s->last_seen = yw_row_int(r, 4);
	s->expires_at = yw_row_int(r, 5);
	s->revoked = yw_row_int(r, 6) != 0;
	return 1;
}

int yw_austore_session_get(struct yw_conn *c, const char *token_hash, struct yw_session_row *out)
{
	return found(yw_q(c, SQL_SESSION_GET, session_row, out, YW_PTEXT(token_hash)));
}

int yw_austore_session_touch(struct yw_conn *c, int64_t id, int64_t now)
{
	return ok(yw_q(c, SQL_SESSION_TOUCH, NULL, NULL, YW_PINT(id), YW_PINT(now)));
}

int yw_austore_session_revoke(struct yw_conn *c, int64_t id)
{
	return ok(yw_q(c, SQL_SESSION_REVOKE, NULL, NULL, YW_PINT(id)));
}

int yw_austore_session_revoke_user(struct yw_conn *c, int64_t staff_id, int64_t keep_session)
{
	return ok(yw_q(c, SQL_SESSION_REVOKE_USER, NULL, NULL, YW_PINT(staff_id), YW_PINT(keep_session)));
}

static int otp_row(void *arg, const struct yw_row *r)
{
	struct yw_otp_row *o = arg;
	o->id = yw_row_int(r, 0);
	o->created_at = yw_row_int(r, 1);
	o->expires_at = yw_row_int(r, 2);
	o->attempts = (int)yw_row_int(r, 3);
	o->used = yw_row_int(r, 4) != 0;
	snprintf(o->code_hash, sizeof o->code_hash, "%s", yw_row_text(r, 5));
	return 1;
}

int yw_austore_otp_latest(struct yw_conn *c, const char *phone, struct yw_otp_row *out)
{
	return found(yw_q(c, SQL_OTP_LATEST, otp_row, out, YW_PTEXT(phone)));
}

int yw_austore_otp_insert(struct yw_conn *c, const char *phone, const char *code_hash, int64_t now,
			  int64_t expires_at)
{
	return ok(yw_q(c, SQL_OTP_INSERT, NULL, NULL, YW_PTEXT(phone), YW_PTEXT(code_hash), YW_PINT(now),
		       YW_PINT(expires_at)));
}

int yw_austore_otp_attempt(struct yw_conn *c, int64_t id, int max_attempts)
{
	int64_t n = 0;
	return found(yw_q(c, SQL_OTP_ATTEMPT, yw_row_get_int, &n, YW_PINT(id), YW_PINT(max_attempts)));
}

int yw_austore_otp_use(struct yw_conn *c, int64_t id)
{
	int r = yw_q(c, SQL_OTP_USED, NULL, NULL, YW_PINT(id));
	return r < 0 ? r : r == YW_DB_NONE ? YW_NOTFOUND : YW_OK;
}

int yw_austore_citizen_upsert(struct yw_conn *c, const char *phone, int64_t now, int64_t *id)
{
	int r = yw_q(c, SQL_CITIZEN_INSERT, NULL, NULL, YW_PTEXT(phone), YW_PINT(now));
	if (r < 0)
		return r;
	return found(yw_q(c, SQL_CITIZEN_ID, yw_row_get_int, id, YW_PTEXT(phone)));
}

int yw_austore_citizen_insert(struct yw_conn *c, const char *phone, const char *name, int64_t now,
			      int64_t *id, bool *created)
{
	int r = yw_q(c, SQL_CITIZEN_INSERT_NAMED, NULL, NULL, YW_PTEXT(phone), YW_PTEXT(name), YW_PINT(now));
	if (r < 0)
		return r;
	*created = yw_db_changes(c) > 0;
	return found(yw_q(c, SQL_CITIZEN_ID, yw_row_get_int, id, YW_PTEXT(phone)));
}

static int copy_phone(void *arg, const struct yw_row *r)
{
	char **p = arg;
	snprintf(p[0], (size_t)(uintptr_t)p[1], "%s", yw_row_text(r, 0));
	return 1;
}

int yw_austore_citizen_phone(struct yw_conn *c, int64_t id, char *phone, size_t n)
{
	char *ctx[2] = {phone, (char *)(uintptr_t)n};
	return found(yw_q(c, SQL_CITIZEN_PHONE, copy_phone, ctx, YW_PINT(id)));
}

int yw_austore_outbox_insert(struct yw_conn *c, const char *channel, const char *recipient,
			     const char *body, int64_t now)
{
	return ok(yw_q(c, SQL_OUTBOX_INSERT, NULL, NULL, YW_PTEXT(channel), YW_PTEXT(recipient),
		       YW_PTEXT(body), YW_PINT(now)));
}

static int outbox_row(void *arg, const struct yw_row *r)
{
	struct yw_outbox_list *l = arg;
	l->items = yw_realloc(l->items, sizeof *l->items * (size_t)(l->n + 1));
	struct yw_outbox_msg *m = &l->items[l->n++];
	m->id = yw_row_int(r, 0);
	m->channel = yw_strdup(yw_row_text(r, 1));
	m->recipient = yw_strdup(yw_row_text(r, 2));
	m->body = yw_strdup(yw_row_text(r, 3));
	m->status = yw_strdup(yw_row_text(r, 4));
	m->created_at = yw_row_int(r, 5);
	return 0;
}

int yw_austore_outbox_list(struct yw_conn *c, int limit, int offset, struct yw_outbox_list *out)
{
	int r = yw_q0(c, SQL_OUTBOX_COUNT, yw_row_get_int, &out->total);
	if (r >= 0)
		r = yw_q(c, SQL_OUTBOX_LIST, outbox_row, out, YW_PINT(limit), YW_PINT(offset));
	return ok(r);
}
