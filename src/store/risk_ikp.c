/*
 * risk_ikp.c - the published vulnerability index (Indeks Kerawanan Pemilu, IKP) imported from
 * Bawaslu's CSV: every line checked, nothing written while one is wrong, a check-only mode; an
 * import recomputes the risk index (risk.c) that reads it.
 */
#include "store/store_int.h"

#include "base/csv.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

#define IKP_ROWS 5000

int nt_ikp_import(nt_store *st, const nt_actor *a, const char *csv, size_t len, const char *source,
                  bool write, json_t **report, nt_err *err)
{
    *report = NULL;
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mengimpor skor IKP");
    if (!nt_utf8_valid(csv, len))
        return nt_err_set(err, NT_EINVAL, "berkas", "berkas bukan teks UTF-8 yang sah");
    if (source && (strlen(source) > 300 || !nt_utf8_valid(source, strlen(source))))
        return nt_err_set(err, NT_EINVAL, "sumber", "sumber paling panjang 300 byte UTF-8");
    nt_csv c;
    nt_csv_init(&c, csv, len);
    nt_str f[16];
    size_t nf;
    nt_err e = {0};
    int col[3] = {-1, -1, -1};
    static const char *const names[3] = {"kode_wilayah", "skor", "tahun"};
    if (nt_csv_next(&c, f, 16, &nf, &e) == 1)
        for (size_t k = 0; k < nf; k++)
            for (int j = 0; j < 3; j++)
                if (nt_str_eq(f[k], names[j])) col[j] = (int)k;
    if (col[0] < 0 || col[1] < 0 || col[2] < 0) {
        nt_csv_free(&c);
        return nt_err_set(err, NT_EINVAL, "berkas",
                          "baris pertama berkas harus judul kolom: kode_wilayah, skor, tahun");
    }
    json_t *bad = json_array(), *good = json_array(), *seen = json_object();
    size_t rows = 0, nbad = 0;
    for (int got; (got = nt_csv_next(&c, f, 16, &nf, &e)) != 0;) {
        rows++;
        char code[32] = "", sc[32] = "", yr[16] = "";
        nt_err re = {0};
        if (got < 0) {
            re = e;
        } else if (rows > IKP_ROWS) {
            nt_err_set(&re, NT_ETOOBIG, "berkas", "lebih dari %d baris", IKP_ROWS);
        } else {
            nt_str v[3];
            for (int j = 0; j < 3; j++)
                v[j] = (size_t)col[j] < nf ? f[col[j]] : (nt_str){"", 0};
            snprintf(code, sizeof code, "%.*s", (int)(v[0].len < 31 ? v[0].len : 31), v[0].p);
            snprintf(sc, sizeof sc, "%.*s", (int)(v[1].len < 31 ? v[1].len : 31), v[1].p);
            snprintf(yr, sizeof yr, "%.*s", (int)(v[2].len < 15 ? v[2].len : 15), v[2].p);
            for (char *p = sc; *p; p++)
                if (*p == ',') *p = '.'; /* "52,31" as published */
            char *end = NULL, *yend = NULL;
            double score = strtod(sc, &end);
            long year = strtol(yr, &yend, 10);
            char lvl[16];
            char key[64];
            snprintf(key, sizeof key, "%s|%ld", code, year);
            if (!*code || nt_check_region(st, "kode_wilayah", code, lvl, &re)) {
                if (!re.code)
                    nt_err_set(&re, NT_EINVAL, "kode_wilayah", "kode wilayah kosong");
                else
                    nt_err_set(&re, NT_EINVAL, "kode_wilayah", "kode wilayah '%s' tidak dikenal",
                               code);
            } else if (strcmp(lvl, "kabkota") && strcmp(lvl, "provinsi")) {
                nt_err_set(&re, NT_EINVAL, "kode_wilayah",
                           "%s bukan kode provinsi atau kabupaten/kota", code);
            } else if (!*sc || !end || *end || !(score >= 0 && score <= 100)) {
                nt_err_set(&re, NT_EINVAL, "skor", "skor '%s' harus bilangan 0 sampai 100", sc);
            } else if (!*yr || !yend || *yend || year < 2000 || year > 2100) {
                nt_err_set(&re, NT_EINVAL, "tahun", "tahun '%s' tidak sah", yr);
            } else if (!nt_actor_covers_region(a, code)) {
                nt_err_set(&re, NT_EFORBIDDEN, "kode_wilayah",
                           "wilayah %s di luar wilayah kerja Anda", code);
            } else if (json_object_get(seen, key)) {
                nt_err_set(&re, NT_EINVAL, "kode_wilayah",
                           "wilayah %s tahun %ld sudah ada di baris lain berkas ini", code, year);
            } else {
                json_object_set_new(seen, key, json_true());
                json_array_append_new(
                    good, json_pack("{ss sf sI ss}", "kode", code, "skor", score, "tahun",
                                    (json_int_t)year, "tingkat_ikp",
                                    nt_risk_ikp_level(&st->rules->risk, !strcmp(lvl, "provinsi"),
                                                      score)));
            }
        }
        if (re.code) {
            nbad++;
            if (json_array_size(bad) < 200)
                json_array_append_new(bad,
                                      json_pack("{sI ss ss}", "baris", (json_int_t)c.record_line,
                                                "kode", code, "pesan", re.msg));
            if (got < 0 || rows > IKP_ROWS) break;
        }
    }
    nt_csv_free(&c);
    json_decref(seen);
    *report = json_pack("{sI sI sI so sO}", "baris", (json_int_t)rows, "sah",
                        (json_int_t)json_array_size(good), "salah_jumlah", (json_int_t)nbad,
                        "salah", bad, "skor", good);
    if (!write || nbad || !json_array_size(good)) {
        json_decref(good);
        if (write && nbad)
            return nt_err_set(err, NT_EINVAL, "berkas",
                              "%zu baris salah; tidak ada yang disimpan (perbaiki berkasnya)",
                              nbad);
        if (write && !rows)
            return nt_err_set(err, NT_EINVAL, "berkas", "berkas tidak berisi baris skor");
        return 0;
    }
    if (nt_db_begin(st->db)) {
        json_decref(good);
        return nt_err_set(err, NT_EDB, NULL, "basis data sibuk");
    }
    int rc = 0;
    size_t i;
    json_t *x;
    json_array_foreach(good, i, x)
    {
        rc = nt_exec(st->db,
                     "INSERT INTO ikp_scores(region,year,score,source,imported_by,imported_at)"
                     " VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT(region,year) DO UPDATE SET"
                     " score=excluded.score, source=excluded.source,"
                     " imported_by=excluded.imported_by, imported_at=excluded.imported_at",
                     "tifttI", json_string_value(json_object_get(x, "kode")),
                     (int64_t)json_integer_value(json_object_get(x, "tahun")),
                     json_number_value(json_object_get(x, "skor")), source ? source : "",
                     a->username, nt_now());
        if (rc) break;
    }
    json_decref(good);
    if (!rc) {
        json_t *d =
            json_pack("{sI ss}", "jumlah", json_integer_value(json_object_get(*report, "sah")),
                      "sumber", source ? source : "");
        rc = nt_audit_append(st, a, "ikp.impor", "ikp_scores", d);
        json_decref(d);
    }
    if (rc || nt_db_commit(st->db)) {
        if (rc) nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "skor IKP tidak dapat disimpan");
    }
    json_object_set_new(*report, "disimpan", json_true());
    /* the index follows its inputs at once for the one who imported them */
    nt_err ignored = {0};
    nt_risk_refresh(st, false, NULL, &ignored);
    return 0;
}
