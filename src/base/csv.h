/*
 * csv.h - an RFC 4180 record reader over a buffer in memory (or mmap'd).
 *
 * Fields point into the input where they can, and into the reader's own
 * storage when a quoted field had doubled quotes; they stay valid until the
 * next call. A UTF-8 byte-order mark, CRLF and a missing final newline are
 * accepted. Blank lines are skipped.
 */
#ifndef NT_CSV_H
#define NT_CSV_H

#include "base/nt.h"

typedef struct nt_csv {
    const char *p, *end;
    size_t line;        /* line the reader is on (1-based) */
    size_t record_line; /* line the last record started on */
    nt_buf store;
    struct nt_csv_ref {
        size_t off, len;
        bool owned;
    } * refs;
    size_t nrefs_cap;
} nt_csv;

void nt_csv_init(nt_csv *c, const char *data, size_t len);
void nt_csv_free(nt_csv *c);
/* 1: a record in fields[0..*n); 0: end of input; NT_EINVAL: malformed (err says why).
 * More than max fields is an error. */
int nt_csv_next(nt_csv *c, nt_str *fields, size_t max, size_t *n, nt_err *err);

#endif
