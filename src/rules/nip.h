/*
 * nip.h - the civil-service identity number (Nomor Induk Pegawai).
 *
 * 18 digits: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, sex digit
 * (1 male, 2 female), serial 001-999. A NIP is accepted only if each part is
 * real: a calendar birth date, an appointment month at age 18 or later, not
 * in the future, and before the age of 60. Contract staff (PPPK) carry 21 in
 * place of the appointment month; such a NIP parses with pppk set.
 */
#ifndef NT_NIP_H
#define NT_NIP_H

#include "base/date.h"
#include "base/nt.h"

typedef struct nt_nip {
    nt_date birth;
    int appt_year, appt_month;
    int sex; /* 1 or 2 */
    int serial;
    bool pppk;
} nt_nip;

int nt_nip_parse(const char *s, size_t len, nt_date today, nt_nip *out, nt_err *err);

#endif
