/* nip.c - see nip.h. Each failure names the part of the NIP that is wrong. */
#include "rules/nip.h"

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int nt_nip_parse(const char *s, size_t len, nt_date today, nt_nip *out, nt_err *err)
{
    if (len != 18)
        return nt_err_set(err, NT_EINVAL, "nip", "NIP harus 18 digit angka (diterima %zu karakter)",
                          len);
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return nt_err_set(err, NT_EINVAL, "nip", "NIP hanya boleh berisi angka (posisi %zu)",
                              i + 1);
    int by = num(s, 4), bm = num(s + 4, 2), bd = num(s + 6, 2);
    if (!nt_date_valid_ymd(by, bm, bd))
        return nt_err_set(err, NT_EINVAL, "nip", "NIP: tanggal lahir %.8s bukan tanggal yang sah",
                          s);
    nt_nip n = {.birth = nt_date_from_ymd(by, bm, bd)};
    int ty, tm, td;
    nt_date_to_ymd(today, &ty, &tm, &td);
    if (by < 1940 || n.birth > today)
        return nt_err_set(err, NT_EINVAL, "nip", "NIP: tahun lahir %d tidak masuk akal", by);
    n.appt_year = num(s + 8, 4);
    n.appt_month = num(s + 12, 2);
    int appt_month = n.appt_month;
    if (n.appt_month == 21) {
        n.pppk = true;
        appt_month = 1;
    } else if (n.appt_month < 1 || n.appt_month > 12)
        return nt_err_set(err, NT_EINVAL, "nip", "NIP: bulan pengangkatan %02d tidak sah",
                          n.appt_month);
    int appt = n.appt_year * 12 + appt_month;
    int age18 = (by + 18) * 12 + bm;
    if (appt < age18)
        return nt_err_set(err, NT_EINVAL, "nip",
                          "NIP: pengangkatan %04d-%02d sebelum usia 18 tahun", n.appt_year,
                          n.appt_month);
    if (appt >= (by + 60) * 12 + bm)
        return nt_err_set(err, NT_EINVAL, "nip",
                          "NIP: pengangkatan %04d-%02d setelah usia 60 tahun", n.appt_year,
                          n.appt_month);
    if (appt > ty * 12 + tm)
        return nt_err_set(err, NT_EINVAL, "nip", "NIP: pengangkatan %04d-%02d di masa depan",
                          n.appt_year, n.appt_month);
    n.sex = s[14] - '0';
    if (n.sex != 1 && n.sex != 2)
        return nt_err_set(err, NT_EINVAL, "nip",
                          "NIP: digit jenis kelamin harus 1 atau 2 (diterima %d)", n.sex);
    n.serial = num(s + 15, 3);
    if (n.serial == 0) return nt_err_set(err, NT_EINVAL, "nip", "NIP: nomor urut 000 tidak sah");
    if (out) *out = n;
    return 0;
}
