/*
 * nt.h - the vocabulary every layer of Netral shares.
 *
 * Result codes: functions return 0 on success or a negative NT_E* code. Where a
 * user is owed an explanation, the function also fills an nt_err with the field
 * that was wrong and a message in Bahasa Indonesia; the web layer turns the code
 * into an HTTP status and the CLI into an exit status.
 *
 * Allocation: nt_xmalloc and friends abort on out-of-memory (as kore does), so
 * callers are not littered with branches that cannot be tested.
 */
#ifndef NT_NT_H
#define NT_NT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    NT_OK = 0,
    NT_EINVAL = -1,    /* bad input: 400/422 */
    NT_ENOTFOUND = -2, /* 404 */
    NT_EFORBIDDEN = -3,
    NT_ECONFLICT = -4, /* illegal transition, duplicate: 409 */
    NT_EDB = -5,
    NT_EIO = -6,
    NT_EAUTH = -7, /* not logged in: 401 */
    NT_ETOOBIG = -8,
    NT_ELIMIT = -9, /* rate limited: 429 */
};

typedef struct nt_err {
    int code;
    char field[64];
    char msg[320];
} nt_err;

/* Fills err (if not NULL) and returns code. field may be NULL. */
int nt_err_set(nt_err *err, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *nt_err_code_name(int code);

/* A string with an explicit length; never assumed NUL-terminated. */
typedef struct nt_str {
    const char *p;
    size_t len;
} nt_str;

#define NT_STR(lit) ((nt_str){(lit), sizeof(lit) - 1})
bool nt_str_eq(nt_str a, const char *lit);

void *nt_xmalloc(size_t n);
void *nt_xcalloc(size_t n, size_t size);
void *nt_xrealloc(void *p, size_t n);
char *nt_xstrdup(const char *s);
char *nt_xstrndup(const char *s, size_t n);
char *nt_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define NT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Growable byte buffer (git's strbuf). Always NUL-terminated after any append. */
typedef struct nt_buf {
    char *p;
    size_t len, cap;
} nt_buf;

void nt_buf_grow(nt_buf *b, size_t extra);
void nt_buf_add(nt_buf *b, const void *p, size_t n);
void nt_buf_adds(nt_buf *b, const char *s);
void nt_buf_addc(nt_buf *b, char c);
void nt_buf_printf(nt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nt_buf_reset(nt_buf *b);
void nt_buf_free(nt_buf *b);
/* Hands the storage to the caller (free() it); the buffer is left empty. */
char *nt_buf_detach(nt_buf *b, size_t *len);

/* Copies src into dst of size n, always NUL-terminating; returns false if cut. */
bool nt_strlcpy(char *dst, const char *src, size_t n);
/* A number written the Indonesian way, with `decimals` digits after a decimal comma ("78,5");
 * returns out. */
char *nt_decimal_id(double v, int decimals, char *out, size_t n);
/* A count written the Indonesian way, with a dot between thousands ("1.234"); returns b. */
char *nt_count_id(int64_t v, char *b, size_t n);

#endif
