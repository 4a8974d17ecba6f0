/*
 * demo_prevention.c - the prevention work of the demo regencies, through the store's own
 * functions as an office would record it: in 2019-2020 a coordination meeting (November
 * 2019), an offline socialization in a hotel (July 2020), an online socialization with a
 * cooperation agreement signed online (August 2020) and a pledge signing with the
 * civil-service authority (September 2020), with appeals; and the same for the current
 * election. People, hotels and numbers are invented; regions and agencies are the demo's.
 * The risk index is computed before and after, so its history shows the work's effect.
 */
#include "cli/demo_int.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    nt_store *st;
    const nt_actor *office;
    const region_def *rd;
    rng *r;
    json_t *names;
    nt_err *err;
} pv;

static void day(nt_date d, char out[11])
{
    nt_date_format(d, out);
}

static int event(pv *p, const char *kind, const char *title, nt_date when, const char *mode,
                 const char *place, const char *platform, json_t *partners, const char *audience,
                 int participants, const char *election, int64_t *id)
{
    char d[11], sp1[128], sp2[128], org[160];
    day(when, d);
    person_name(p->r, p->names, p->rd->culture, 1, true, sp1, sizeof sp1);
    person_name(p->r, p->names, p->rd->culture, 2, true, sp2, sizeof sp2);
    snprintf(org, sizeof org, "Bawaslu %s", p->rd->name);
    json_t *aud = json_array();
    char list[160];
    nt_strlcpy(list, audience, sizeof list);
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(aud, json_string(t));
    json_t *in =
        json_pack("{ss ss ss ss ss ss ss so s[{ss ss}{ss ss}] so si}", "judul", title, "jenis",
                  kind, "tanggal", d, "cara", mode, "tempat", place ? place : "", "platform",
                  platform ? platform : "", "penyelenggara", org, "mitra", partners, "narasumber",
                  "nama", sp1, "jabatan", "Anggota Bawaslu Provinsi", "nama", sp2, "jabatan",
                  "Kepala Bidang Pengadaan, Pemberhentian dan Informasi BKPSDM", "sasaran", aud,
                  "peserta", participants);
    if (election) json_object_set_new(in, "pemilihan", json_string(election));
    int rc = nt_event_create(p->st, p->office, in, id, p->err);
    json_decref(in);
    return rc;
}

/* Attendance by NIP: every step-th ASN of the roster from start, up to n. */
static int attendance(pv *p, int64_t id, json_t *nips, size_t start, size_t step, size_t n)
{
    nt_buf csv = {0};
    nt_buf_adds(&csv, "nip\n");
    size_t k = 0;
    for (size_t i = start; i < json_array_size(nips) && k < n; i += step, k++)
        nt_buf_printf(&csv, "%s\n", json_string_value(json_array_get(nips, i)));
    json_t *report = NULL;
    int rc = k ? nt_attendance_import(p->st, p->office, id, csv.p, csv.len, NULL, NULL, NULL,
                                      NT_ATTEND_WRITE | NT_ATTEND_SKIP_BAD, &report, p->err)
               : 0;
    json_decref(report);
    nt_buf_free(&csv);
    return rc;
}

static int agreement(pv *p, const char *number, nt_date signed_on, nt_date until, const char *place,
                     const char *election, const char *scope)
{
    char d[11], to[11], chair[128], head[128], witness[128], govt[160], office[160];
    day(signed_on, d);
    day(until, to);
    person_name(p->r, p->names, p->rd->culture, 1, false, chair, sizeof chair);
    person_name(p->r, p->names, p->rd->culture, 1, true, head, sizeof head);
    person_name(p->r, p->names, p->rd->culture, 2, true, witness, sizeof witness);
    snprintf(office, sizeof office, "Bawaslu %s", p->rd->name);
    snprintf(govt, sizeof govt, "%s", p->rd->agency);
    json_t *in = json_pack(
        "{ss ss ss ss ss ss ss s[{ss ss ss ss}{ss ss ss ss}] s[{ss ss ss}]}", "nomor", number,
        "jenis", "pks", "tanggal", d, "berlaku_sampai", to, "tempat", place, "ruang_lingkup", scope,
        "pemilihan", election, "pihak", "jenis", "bawaslu", "nama", office, "penandatangan", chair,
        "jabatan", "Ketua", "jenis", "pemda", "nama", govt, "penandatangan", head, "jabatan",
        "Sekretaris Daerah", "saksi", "nama", "Komisi Aparatur Sipil Negara", "penandatangan",
        witness, "jabatan", "Asisten Komisioner");
    int64_t id = 0;
    int rc = nt_agreement_create(p->st, p->office, in, &id, p->err);
    json_decref(in);
    return rc;
}

static int appeal(pv *p, const char *number, nt_date when, const char *election, const char *body)
{
    char d[11], issuer[160];
    day(when, d);
    snprintf(issuer, sizeof issuer, "Ketua Bawaslu %s", p->rd->name);
    json_t *in = json_pack(
        "{ss ss ss ss ss s[sss] s[ss] ss}", "nomor", number, "tanggal", d, "penerbit", issuer,
        "isi", body, "dasar",
        "Keputusan Bersama tentang Pedoman Pembinaan dan Pengawasan Netralitas Pegawai ASN "
        "(22 September 2022); UU 10/2016 Pasal 70 dan 71",
        "tujuan", "sekda", "kepala_opd", "camat", "saluran", "surat", "whatsapp", "pemilihan",
        election);
    int64_t id = 0;
    int rc = nt_appeal_create(p->st, p->office, in, &id, p->err);
    json_decref(in);
    return rc;
}

/* Pledges signed at an event: a share of the office's whole roster, spread over it. */
static int pledges(pv *p, double share, nt_date when, const char *at)
{
    nt_buf roster = {0}, csv = {0};
    size_t rows = 0, k = 0;
    int rc = nt_roster_csv_scoped(p->st, p->office, &roster, &rows, p->err);
    nt_buf_adds(&csv, "nip\n");
    size_t i = 0;
    for (const char *line = roster.p ? strchr(roster.p, '\n') : NULL; !rc && line && line[1];
         line = strchr(line + 1, '\n'), i++) {
        if ((double)(i % 100) >= share * 100) continue;
        nt_buf_printf(&csv, "%.18s\n", line + 1);
        k++;
    }
    nt_buf_free(&roster);
    char d[11];
    day(when, d);
    json_t *terms = json_pack("{ss ss ss}", "tanggal", d, "cara", "acara", "acara", at);
    json_t *report = NULL;
    if (!rc && k)
        rc = nt_pledges_import(p->st, p->office, terms, csv.p, csv.len, true, &report, p->err);
    json_decref(report);
    json_decref(terms);
    nt_buf_free(&csv);
    return rc;
}

int demo_prevention(nt_store *st, const nt_actor *admin, const nt_actor offices[3], json_t *nips[3],
                    const char *const current[3], nt_date today, rng *r, json_t *names, nt_err *err)
{
    int changed = 0;
    /* the index before the prevention work, so its history shows the change */
    int rc = nt_risk_refresh(st, true, &changed, err);
    /* invented vulnerability scores, labelled as such */
    if (!rc) {
        static const char ikp[] = "kode_wilayah,skor,tahun\n35.05,52.4,2024\n35.03,31.2,2024\n"
                                  "36.01,47.9,2024\n";
        json_t *report = NULL;
        rc = nt_ikp_import(st, admin, ikp, sizeof ikp - 1, "IKP contoh demo (bukan angka resmi)",
                           true, &report, err);
        json_decref(report);
    }
    static const double pledge_share[3] = {0.85, 0.34, 0.62};
    static const int current_reach[3] = {7500, 0, 1800};
    static const int online_reach[3] = {8000, 2600, 3400};
    static const char *const hotels[3] = {"Hotel Puri Kencana, Kota Blitar",
                                          "Hotel Sumber Lestari, Trenggalek",
                                          "Hotel Panorama Carita, Pandeglang"};
    for (int i = 0; i < 3 && !rc; i++) {
        pv p = {st, &offices[i], &regions[i], r, names, err};
        const region_def *rd = &regions[i];
        char title[300], place[200];
        int64_t id = 0;
        json_t *partners = json_pack("[sss]", rd->agency, "BKPSDM", "Inspektorat Daerah");
        snprintf(place, sizeof place, "Aula Bawaslu %s", rd->name);
        rc = event(&p, "koordinasi",
                   "Rapat koordinasi pengawasan netralitas ASN menjelang Pilkada 2020",
                   nt_date_from_ymd(2019, 11, 14), "luring", place, NULL, partners,
                   "sekda,kepala_opd", 45, NULL, &id);
        if (!rc) {
            partners = json_pack("[ss]", rd->agency, "KORPRI");
            snprintf(title, sizeof title, "Sosialisasi netralitas ASN dalam Pilkada %s 2020",
                     rd->name);
            rc = event(&p, "sosialisasi", title, nt_date_from_ymd(2020, 7, 16), "luring", hotels[i],
                       NULL, partners, "kepala_opd,camat,kepala_desa", 150, rd->election, &id);
        }
        if (!rc) rc = attendance(&p, id, nips[i], 3, 23, 120);
        if (!rc) {
            partners = json_pack("[ss]", rd->agency, "Komisi Aparatur Sipil Negara");
            snprintf(title, sizeof title,
                     "Sosialisasi daring netralitas ASN dan penandatanganan kerja sama %s",
                     rd->name);
            rc = event(&p, "sosialisasi", title, nt_date_from_ymd(2020, 8, 20), "daring", NULL,
                       "Zoom dan siaran YouTube", partners, "kepala_opd,camat,sekolah,asn",
                       online_reach[i], rd->election, &id);
        }
        if (!rc) {
            char number[64];
            snprintf(number, sizeof number, "%02d/PKS/BWS-%s/VIII/2020", 7 + i, rd->code);
            rc = agreement(&p, number, nt_date_from_ymd(2020, 8, 20),
                           nt_date_from_ymd(2020, 12, 31), "daring (Zoom)", rd->election,
                           "Pencegahan pelanggaran netralitas ASN pada Pilkada 2020: sosialisasi "
                           "bersama, pertukaran data ASN, tindak lanjut rekomendasi dan patroli "
                           "media sosial");
        }
        if (!rc)
            rc = appeal(&p, "12/PM.00.02/VII/2020", nt_date_from_ymd(2020, 7, 1), rd->election,
                        "Seluruh ASN diimbau menjaga netralitas selama tahapan Pilkada 2020, "
                        "termasuk di media sosial: tidak menyukai, mengomentari atau membagikan "
                        "konten peserta pemilihan.");
        if (!rc) {
            partners = json_pack("[ss]", rd->agency, "Komisi Aparatur Sipil Negara");
            snprintf(place, sizeof place, "Pendopo %s", rd->name);
            snprintf(title, sizeof title, "Penandatanganan ikrar netralitas ASN %s bersama KASN",
                     rd->name);
            rc = event(&p, "ikrar", title, nt_date_from_ymd(2020, 9, 10), "luring", place, NULL,
                       partners, "sekda,kepala_opd,camat", 400, rd->election, &id);
        }
        if (!rc) rc = pledges(&p, pledge_share[i], nt_date_from_ymd(2020, 9, 10), title);
        /* the current election: an appeal everywhere; an agreement and a socialization in
         * two regencies, so one is seen without */
        if (!rc) {
            char number[64];
            int y, m, d;
            nt_date_to_ymd(today, &y, &m, &d);
            snprintf(number, sizeof number, "03/PM.00.02/%d", y);
            rc = appeal(&p, number, today - 28, current[i],
                        "Menjelang pemungutan suara, ASN diingatkan kembali untuk tidak "
                        "menunjukkan keberpihakan kepada pasangan calon dalam bentuk apa pun.");
        }
        if (!rc && i != 1) {
            char number[64];
            int y, m, d;
            nt_date_to_ymd(today, &y, &m, &d);
            snprintf(number, sizeof number, "02/PKS/BWS-%s/%d", rd->code, y);
            rc = agreement(&p, number, today - 30, today + 90, place, current[i],
                           "Pencegahan pelanggaran netralitas ASN pada pemilihan tahun ini");
            if (!rc) {
                partners = json_pack("[s]", rd->agency);
                snprintf(title, sizeof title, "Sosialisasi netralitas ASN tahun %d di %s", y,
                         rd->name);
                rc = event(&p, "sosialisasi", title, today - 21, "campuran", place, "Zoom",
                           partners, "kepala_opd,camat,kepala_desa,sekolah", current_reach[i],
                           current[i], &id);
            }
            if (!rc) rc = attendance(&p, id, nips[i], 7, 31, 90);
        }
    }
    if (!rc) rc = nt_risk_refresh(st, true, &changed, err);
    return rc;
}
