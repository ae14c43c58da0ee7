#include "yw/password.h"
#include <sodium.h>
#include <string.h>

/* argon2id with t=2, m=19 MiB (OWASP's baseline): ~30 ms here, and a burst
 * of logins cannot exhaust memory the way the 64 MiB default could. */
enum { PW_OPSLIMIT = 2, PW_MEMLIMIT = 19u << 20 };

int yw_password_check_strength(const char *pw, struct yw_error *err)
{
	size_t n = pw ? strlen(pw) : 0;
	int upper = 0, lower = 0, digit = 0, other = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)pw[i];
		if (c >= 'A' && c <= 'Z')
			upper = 1;
		else if (c >= 'a' && c <= 'z')
			lower = 1;
		else if (c >= '0' && c <= '9')
			digit = 1;
		else
			other = 1;
	}
	if (n < 10 || n > 128 || upper + lower + digit + other < 3) {
		yw_error_set(err, YW_E_WEAK_PASSWORD, "password",
			     "密码需 10–128 位并包含大写、小写、数字、符号中的至少三类");
		return YW_FAIL;
	}
	return YW_OK;
}

char *yw_password_hash(const char *pw)
{
	char out[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), PW_OPSLIMIT, PW_MEMLIMIT,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return NULL;
	return yw_strdup(out);
}

bool yw_password_verify(const char *hash, const char *pw)
{
	if (!hash || !pw)
		return false;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}
