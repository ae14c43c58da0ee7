/* Core conventions shared by every module: status codes, the error
 * carrier, allocation that aborts on failure, time and logging. */
#ifndef YW_CORE_H
#define YW_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Internal functions return YW_OK or a negative status. */
enum yw_status {
	YW_OK = 0,
	YW_FAIL = -1,     /* see the struct yw_error for why */
	YW_NOTFOUND = -2,
	YW_RETRY = -3,    /* transient store condition: the tx runner retries */
	YW_STORE_ERR = -4 /* hard store error */
};

/* The registry codes generated from errors.def. */
enum yw_err {
	YW_E_NONE = 0,
#define YW_ERROR(name, code, http, hint) YW_E_##name,
#include "yw/errors.def"
#undef YW_ERROR
	YW_E__COUNT
};

/* Filled by a callee that fails; the api layer turns it into the reply. */
struct yw_error {
	enum yw_err err;
	char field[64];
	char detail[256];
};

void yw_error_set(struct yw_error *e, enum yw_err err, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
const char *yw_err_name(enum yw_err err);
int yw_err_code(enum yw_err err);
int yw_err_http(enum yw_err err);
const char *yw_err_hint(enum yw_err err);

void *yw_malloc(size_t n);
void *yw_calloc(size_t n, size_t size);
void *yw_realloc(void *p, size_t n);
char *yw_strdup(const char *s);
char *yw_strndup(const char *s, size_t n);
char *yw_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Wall-clock UTC epoch milliseconds; monotonic microseconds for latency. */
int64_t yw_now_ms(void);
int64_t yw_mono_us(void);
/* Tests move the wall clock (sessions, lockouts, deadlines). */
void yw_clock_set_offset_ms(int64_t offset);

/* Logging: one JSON object per line on stderr. */
enum yw_log_level { YW_LOG_DEBUG, YW_LOG_INFO, YW_LOG_WARN, YW_LOG_ERROR };
void yw_log(enum yw_log_level lvl, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void yw_log_set_level(enum yw_log_level lvl);
/* Serving: access lines go through a buffer flushed every 100 ms by a
 * background thread (one write per batch instead of one per request);
 * every other line is flushed at once. yw_log_flush() before exit. */
void yw_log_start_buffering(void);
void yw_log_flush(void);

/* UTF-8 validity (RFC 3629, no overlongs or surrogates) and code point count. */
bool yw_utf8_valid(const char *s, size_t len);
size_t yw_utf8_len(const char *s);

/* Masking of personal data for lists and logs. The result is newly allocated.
 * ID: keep 6 first and 4 last (440524********0014); phone: 138****5678. */
char *yw_mask_id(const char *id);
char *yw_mask_phone(const char *phone);

/* A growable string buffer. */
struct yw_buf {
	char *data;
	size_t len, cap;
};
void yw_buf_add(struct yw_buf *b, const char *s, size_t n);
void yw_buf_adds(struct yw_buf *b, const char *s);
void yw_buf_printf(struct yw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void yw_buf_json_str(struct yw_buf *b, const char *s); /* quoted, escaped JSON string */
char *yw_buf_steal(struct yw_buf *b);
void yw_buf_free(struct yw_buf *b);

#endif
