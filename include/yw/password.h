/* Staff passwords: argon2id hashes and the minimum complexity rule. */
#ifndef YW_PASSWORD_H
#define YW_PASSWORD_H
#include "yw/core.h"

/* ≥ 10 characters with at least three of: upper, lower, digit, symbol. */
int yw_password_check_strength(const char *pw, struct yw_error *err);
/* Newly allocated argon2id encoded hash, or NULL if hashing failed. */
char *yw_password_hash(const char *pw);
bool yw_password_verify(const char *hash, const char *pw);
#endif
