/*
 * demo.c - the demo data set: fiction on real maps.
 *
 * Real regions and their 2020 regent elections (data/demo/elections/), with
 * invented candidates, an invented roster of realistic size and position mix
 * (DOMAIN.md §4), invented users, and cases spread over every state and over
 * the violation categories as Pilkada 2020 reported them. Cases are walked
 * through the real store API with the clock pinned to 2020, so their
 * registration numbers, events, deadlines and audit entries are exactly what
 * real use would produce. A seed fixes everything.
 */
#include "cli/cli.h"

#include "base/date.h"
#include "base/file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "netral-demo-2020"

typedef struct {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    /* splitmix64 */
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int rint_(rng *r, int lo, int hi) /* inclusive */
{
    return lo + (int)(next(r) % (uint64_t)(hi - lo + 1));
}

static double runit(rng *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

static int pick_weighted(rng *r, const double *w, int n)
{
    double total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    double x = runit(r) * total;
    for (int i = 0; i < n; i++) {
        if (x < w[i]) return i;
        x -= w[i];
    }
    return n - 1;
}

static const char *pick(rng *r, json_t *arr)
{
    size_t n = json_array_size(arr);
    return n ? json_string_value(json_array_get(arr, (size_t)(next(r) % n))) : "";
}

typedef struct region_def {
    const char *code, *name, *election, *culture, *agency, *short_name;
    int roster;
} region_def;

static const region_def regions[] = {
    {"35.05", "Kabupaten Blitar", "pilbup-blitar-2020", "jawa", "Pemerintah Kabupaten Blitar",
     "blitar", 11500},
    {"35.03", "Kabupaten Trenggalek", "pilbup-trenggalek-2020", "jawa",
     "Pemerintah Kabupaten Trenggalek", "trenggalek", 8900},
    {"36.01", "Kabupaten Pandeglang", "pilbup-pandeglang-2020", "sunda",
     "Pemerintah Kabupaten Pandeglang", "pandeglang", 10200},
};

/* DOMAIN.md §4: functional 26.5, implementing 17.2, JPT 15.7, administrators 13.4,
 * supervisors 11.8, the rest district/village heads (and contract staff). */
static const char *kinds[] = {"fungsional", "pelaksana",   "jpt", "administrator",
                              "pengawas",   "kepala_desa", "pppk"};
static const double kind_w[] = {26.5, 17.2, 15.7, 13.4, 11.8, 10.4, 5.0};

static const char *units[] = {"Dinas Pendidikan",
                              "Dinas Kesehatan",
                              "Sekretariat Daerah",
                              "Dinas Pekerjaan Umum dan Penataan Ruang",
                              "Dinas Sosial",
                              "Badan Kepegawaian dan Pengembangan SDM",
                              "Dinas Pertanian",
                              "Dinas Kependudukan dan Pencatatan Sipil",
                              "RSUD",
                              "Badan Perencanaan Pembangunan Daerah",
                              "Inspektorat",
                              "Dinas Perhubungan",
                              "Satuan Polisi Pamong Praja"};

static void position(rng *r, const char *kind, const char *unit, const char *district, char *out,
                     size_t n, char *grade, size_t gn)
{
    static const char *fung[] = {"Guru Ahli Pertama",    "Guru Ahli Muda",   "Guru Ahli Madya",
                                 "Perawat Ahli Pertama", "Bidan Terampil",   "Penyuluh Pertanian",
                                 "Dokter Ahli Pertama",  "Pranata Komputer", "Analis Kebijakan"};
    static const char *pel[] = {"Pengadministrasi Umum", "Pengelola Keuangan",
                                "Operator Layanan",      "Pengemudi",
                                "Pengelola Data",        "Petugas Kebersihan Kantor"};
    static const char *golf[] = {"III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"};
    static const char *golp[] = {"II/a", "II/b", "II/c", "II/d", "III/a", "III/b"};
    if (!strcmp(kind, "fungsional")) {
        snprintf(out, n, "%s", fung[next(r) % NT_ARRAY_LEN(fung)]);
        snprintf(grade, gn, "%s", golf[next(r) % NT_ARRAY_LEN(golf)]);
    } else if (!strcmp(kind, "pelaksana")) {
        snprintf(out, n, "%s", pel[next(r) % NT_ARRAY_LEN(pel)]);
        snprintf(grade, gn, "%s", golp[next(r) % NT_ARRAY_LEN(golp)]);
    } else if (!strcmp(kind, "jpt")) {
        snprintf(out, n, "Kepala %s", unit);
        snprintf(grade, gn, "IV/%c", "cde"[next(r) % 3]);
    } else if (!strcmp(kind, "administrator")) {
        if (next(r) % 3 == 0)
            snprintf(out, n, "Camat %s", district);
        else
            snprintf(out, n, "Sekretaris %s", unit);
        snprintf(grade, gn, "IV/%c", "ab"[next(r) % 2]);
    } else if (!strcmp(kind, "pengawas")) {
        static const char *s[] = {"Kepala Seksi", "Kepala Subbagian", "Lurah"};
        const char *w = s[next(r) % 3];
        if (!strcmp(w, "Lurah"))
            snprintf(out, n, "Lurah di Kecamatan %s", district);
        else
            snprintf(out, n, "%s pada %s", w, unit);
        snprintf(grade, gn, "III/%c", "cd"[next(r) % 2]);
    } else if (!strcmp(kind, "kepala_desa")) {
        snprintf(out, n, "Kepala Desa di Kecamatan %s", district);
        snprintf(grade, gn, "-");
    } else {
        snprintf(out, n, "%s (PPPK)", next(r) % 2 ? "Guru Ahli Pertama" : "Perawat Terampil");
        snprintf(grade, gn, "%s", next(r) % 2 ? "IX" : "VII");
    }
}

static void person_name(rng *r, json_t *names, const char *culture, int sex, bool titles, char *out,
                        size_t n)
{
    json_t *c = json_object_get(names, culture);
    const char *given = pick(r, json_object_get(c, sex == 1 ? "male" : "female"));
    const char *mid = pick(r, json_object_get(c, sex == 1 ? "male" : "female"));
    const char *fam = pick(r, json_object_get(c, "family"));
    char core[160];
    if (next(r) % 3 == 0)
        snprintf(core, sizeof core, "%s %s", given, fam);
    else
        snprintf(core, sizeof core, "%s %s %s", given, strcmp(mid, given) ? mid : "", fam);
    /* collapse a double space left by an empty middle name */
    char *dd;
    while ((dd = strstr(core, "  ")))
        memmove(dd, dd + 1, strlen(dd));
    char pre[16] = "", suf[24] = "";
    if (titles && next(r) % 4 == 0) {
        const char *p = pick(r, json_object_get(names, "prefix_titles"));
        if (!((sex == 1 && !strcmp(p, "Hj.")) || (sex == 2 && !strcmp(p, "H."))))
            snprintf(pre, sizeof pre, "%s ", p);
    }
    if (titles && next(r) % 2 == 0)
        snprintf(suf, sizeof suf, ", %s", pick(r, json_object_get(names, "suffix_titles")));
    snprintf(out, n, "%s%s%s", pre, core, suf);
}

static void handle_of(rng *r, const char *name, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = name; *p && *p != ',' && k + 6 < n; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z')
            out[k++] = c;
        else if (c == ' ' && k && out[k - 1] != '.')
            out[k++] = '.';
    }
    snprintf(out + k, n - k, "%d", rint_(r, 1, 999));
}

static void make_nip(rng *r, const char *kind, int sex, int serial, char out[19])
{
    int by = rint_(r, 1964, 1996), bm = rint_(r, 1, 12), bd = rint_(r, 1, 28);
    if (!strcmp(kind, "pppk")) {
        snprintf(out, 19, "%04d%02d%02d%04d21%d%03d", by, bm, bd, rint_(r, 2019, 2020), sex,
                 serial % 999 + 1);
        return;
    }
    int ay = by + rint_(r, 21, 30);
    if (ay > 2019) ay = 2019;
    snprintf(out, 19, "%04d%02d%02d%04d%02d%d%03d", by, bm, bd, ay, rint_(r, 1, 12), sex,
             serial % 999 + 1);
}

static void csv_field(nt_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        nt_buf_adds(b, s);
        return;
    }
    nt_buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"') nt_buf_addc(b, '"');
        nt_buf_addc(b, *s);
    }
    nt_buf_addc(b, '"');
}

/* One roster region; district codes come from the regions table. */
static void roster_rows(rng *r, json_t *names, const region_def *rd, json_t *districts, int count,
                        int *serial, nt_buf *csv)
{
    for (int i = 0; i < count; i++) {
        const char *kind = kinds[pick_weighted(r, kind_w, (int)NT_ARRAY_LEN(kind_w))];
        int sex = rint_(r, 1, 2);
        char nip[19], name[200], pos[200], grade[16], handle[64];
        make_nip(r, kind, sex, (*serial)++, nip);
        person_name(r, names, rd->culture, sex, strcmp(kind, "kepala_desa") != 0, name,
                    sizeof name);
        json_t *d = json_array_get(
            districts, next(r) % (json_array_size(districts) ? json_array_size(districts) : 1));
        const char *dcode = d ? json_string_value(json_object_get(d, "code")) : rd->code;
        const char *dname = d ? json_string_value(json_object_get(d, "name")) : rd->name;
        const char *unit = units[next(r) % NT_ARRAY_LEN(units)];
        if (!strcmp(kind, "fungsional") && next(r) % 2) unit = "Dinas Pendidikan";
        position(r, kind, unit, dname, pos, sizeof pos, grade, sizeof grade);
        bool in_district = !strcmp(kind, "kepala_desa") || !strcmp(kind, "fungsional") ||
                           strstr(pos, "Camat") || strstr(pos, "Lurah");
        const char *agency = rd->agency;
        char kemenag[128];
        if (!strcmp(kind, "fungsional") && next(r) % 12 == 0) {
            snprintf(kemenag, sizeof kemenag, "Kantor Kementerian Agama %s", rd->name);
            agency = kemenag;
            unit = "Madrasah";
        }
        csv_field(csv, nip);
        nt_buf_addc(csv, ',');
        csv_field(csv, name);
        nt_buf_addc(csv, ',');
        csv_field(csv, pos);
        nt_buf_printf(csv, ",%s,%s,", kind, grade);
        csv_field(csv, agency);
        nt_buf_addc(csv, ',');
        csv_field(csv, !strcmp(kind, "kepala_desa") ? "Pemerintah Desa" : unit);
        nt_buf_printf(csv, ",%s,", in_district ? dcode : rd->code);
        if (next(r) % 10 < 3) {
            handle_of(r, name, handle, sizeof handle);
            nt_buf_printf(csv, "facebook:%s", handle);
            if (next(r) % 2) nt_buf_printf(csv, ";instagram:%s", handle);
        }
        nt_buf_addc(csv, '\n');
    }
}

static const char roster_header[] =
    "nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n";

void nt_demo_roster_csv(uint64_t seed, size_t n, const char *region, nt_buf *out)
{
    /* Benchmark rosters: synthetic names, NIPs unique by construction (999 serials per
     * birth date, birth dates counted up from 1965), so any size imports cleanly. */
    static const char *given[] = {"Agus", "Budi",    "Siti",   "Dewi", "Eko",
                                  "Sri",  "Asep",    "Neneng", "Joko", "Rahayu",
                                  "Hadi", "Lestari", "Wahyu",  "Nur",  "Dedi"};
    static const char *fam[] = {"Santoso",  "Wibowo",    "Hidayat", "Saputra", "Nugroho", "Permana",
                                "Setiawan", "Kurniawan", "Wijaya",  "Lestari", "Gunawan"};
    rng r = {seed};
    nt_buf_adds(out, roster_header);
    nt_date base = nt_date_from_ymd(1965, 1, 1);
    for (size_t i = 0; i < n; i++) {
        const char *kind = kinds[pick_weighted(&r, kind_w, (int)NT_ARRAY_LEN(kind_w))];
        int y, m, d;
        nt_date_to_ymd(base + (nt_date)(i / 999), &y, &m, &d);
        bool pppk = !strcmp(kind, "pppk");
        nt_buf_printf(out,
                      "%04d%02d%02d%04d%02d%d%03d,%s %s %s,Staf,%s,III/a,Instansi %zu,Unit %zu,%s,",
                      y, m, d, y + 25, pppk ? 21 : rint_(&r, 1, 12), rint_(&r, 1, 2),
                      (int)(i % 999) + 1, given[next(&r) % 15], given[next(&r) % 15],
                      fam[next(&r) % 11], kind, i % 40, i % 7, region);
        if (next(&r) % 10 < 3) nt_buf_printf(out, "facebook:asn%zu", i);
        nt_buf_addc(out, '\n');
    }
}

/* ---- cases ---- */

typedef struct demo_ctx {
    nt_store *st;
    rng r;
    json_t *names;
    nt_actor admin, otoritas, bawaslu[3], ppk[3], ppk_kemenag[3];
    nt_err *err;
    int made;
} demo_ctx;

static void pin(nt_date d, rng *r)
{
    int64_t t = (int64_t)d * 86400 + 1 * 3600 + rint_(r, 0, 7 * 3600); /* 08.00-15.00 WIB */
    nt_clock_set(t);
}

static int step(demo_ctx *c, const nt_actor *a, int64_t id, const char *to, const char *reason,
                const char *nip, json_t *data)
{
    json_t *in = json_pack("{ss}", "ke", to);
    if (reason) json_object_set_new(in, "alasan", json_string(reason));
    if (nip) json_object_set_new(in, "nip", json_string(nip));
    if (data) json_object_set_new(in, "data", data);
    json_t *out = NULL;
    int rc = nt_case_transition(c->st, a, id, in, &out, c->err);
    json_decref(in);
    json_decref(out);
    return rc;
}

static const char *cat_codes[][2] = {
    /* category: ethics code, discipline code */
    {"E2", "D2"}, {"E4", "D6"}, {"E6", "D8"}, {"E5", "D7"}, {"E3", "D4"},
    {"", "D3"},   {"E1", "D1"}, {"", "D9"},   {"", "D12"},  {"", "D13"},
};
static const double cat_w[] = {18.0, 12.4, 22.4, 12.6, 10.9, 5.6, 6.0, 4.0, 4.5, 3.6};

static const char *narratives[] = {
    "Terlapor mengunggah ajakan memilih pasangan calon nomor urut %d di akun Facebook pribadinya.",
    "Terlapor membagikan dan menyukai unggahan akun resmi pasangan calon nomor urut %d.",
    "Terlapor mengumpulkan warga dan mengajak mendukung pasangan calon nomor urut %d dalam "
    "pertemuan di balai desa.",
    "Terlapor berfoto bersama pasangan calon nomor urut %d sambil mengacungkan jari simbol nomor "
    "urut, lalu mengunggahnya ke media sosial.",
    "Terlapor menghadiri deklarasi pasangan calon nomor urut %d dan ikut berorasi.",
    "Terlapor mendatangi kantor partai politik untuk mendaftar sebagai bakal calon wakil bupati "
    "tanpa cuti di luar tanggungan negara (pasangan %d).",
    "Terlapor memasang spanduk bergambar pasangan calon nomor urut %d di halaman rumahnya.",
    "Terlapor tercatat sebagai anggota tim pemenangan pasangan calon nomor urut %d.",
    "Terlapor menerbitkan kebijakan bantuan menjelang pemungutan suara yang menguntungkan "
    "pasangan calon nomor urut %d.",
    "Terlapor diduga melakukan tindakan lain yang menunjukkan keberpihakan kepada pasangan "
    "calon nomor urut %d.",
};

static const char *places[] = {
    "Balai Desa",  "Kantor Kecamatan", "Pendopo Kabupaten", "Akun media sosial terlapor",
    "Rumah makan", "Lapangan desa",    "Gedung serbaguna"};

/* Target outcomes for a case, with weights. */
enum {
    T_INFO,
    T_DALUARSA,
    T_TEMUAN,
    T_LAPORAN,
    T_KAJIAN_AWAL,
    T_LENGKAPI,
    T_TIDAK_REG,
    T_REG,
    T_KLARIFIKASI,
    T_KAJIAN,
    T_DIHENTIKAN,
    T_LIMPAH,
    T_LAIN,
    T_TERUSKAN,
    T__N
};
static const double target_w[T__N] = {2, 3, 3, 2, 2, 2, 4, 3, 3, 3, 8, 2, 3, 60};

enum { P_WAIT, P_TIDAK, P_TOLAK, P_GUGUR, P_REKOM, P_TEGURAN, P_BLOKIR, P_SANKSI, P_SELESAI, P__N };
static const double party_w[P__N] = {5, 6, 3, 2, 8, 4, 2, 30, 40};

/* The sanction the recommendation form pre-selects for this ASN ("LADDER|code"). */
static bool preselected_sanction(demo_ctx *c, int64_t id, const char *nip, char *out, size_t n)
{
    json_t *got = NULL;
    *out = '\0';
    if (nt_case_get(c->st, &c->otoritas, id, &got, c->err)) return false;
    size_t i, j, k;
    json_t *p, *st, *in, *o;
    json_array_foreach(json_object_get(got, "terlapor"), i, p)
    {
        if (strcmp(json_string_value(json_object_get(p, "nip")), nip)) continue;
        json_array_foreach(json_object_get(p, "langkah_berikut"), j, st)
            json_array_foreach(json_object_get(st, "isian"), k, in)
        {
            if (strcmp(json_string_value(json_object_get(in, "nama")), "sanksi")) continue;
            json_t *opts = json_object_get(in, "pilihan_list");
            size_t m;
            json_array_foreach(opts, m, o)
            {
                if (!*out || json_is_true(json_object_get(o, "selected")))
                    nt_strlcpy(out, json_string_value(json_object_get(o, "value")), n);
            }
        }
    }
    json_decref(got);
    return *out != '\0';
}

static int party_path(demo_ctx *c, int64_t id, const char *nip, int region, const char *vcode,
                      nt_date *day)
{
    int outcome = pick_weighted(&c->r, party_w, P__N);
    if (outcome == P_WAIT) return 0;
    *day += rint_(&c->r, 5, 20);
    pin(*day, &c->r);
    if (outcome == P_TIDAK)
        return step(c, &c->otoritas, id, "tidak_terbukti",
                    "Bukti tidak cukup menunjukkan keberpihakan", nip, NULL);
    if (outcome == P_TOLAK)
        return step(c, &c->otoritas, id, "ditolak", "Berkas penerusan tidak memenuhi syarat", nip,
                    NULL);
    if (outcome == P_GUGUR)
        return step(c, &c->otoritas, id, "gugur", "Terlapor telah pensiun", nip, NULL);
    char num[64], ds[11];
    nt_date_format(*day, ds);
    int y, m, d;
    nt_date_to_ymd(*day, &y, &m, &d);
    const nt_authority *au = nt_rules_authority_on(nt_store_rules(c->st), *day);
    snprintf(num, sizeof num, "R-%d/%s.%02d/%d", rint_(&c->r, 100, 3999),
             au ? au->short_name : "KASN", m, y);
    /* the authority names what the catalogue rates for this ASN, as its form pre-selects */
    char sanksi[80];
    if (!preselected_sanction(c, id, nip, sanksi, sizeof sanksi))
        return nt_err_set(c->err, NT_EINVAL, "sanksi", "tidak ada sanksi yang berlaku");
    int rc = step(c, &c->otoritas, id, "rekomendasi_terbit", NULL, nip,
                  json_pack("{ss ss ss}", "sanksi", sanksi, "nomor", num, "tanggal", ds));
    if (rc || outcome == P_REKOM) return rc;
    if (outcome == P_TEGURAN || outcome == P_BLOKIR) {
        *day += 11;
        pin(*day, &c->r);
        if ((rc = step(c, &c->otoritas, id, "teguran_ppk", NULL, nip, NULL))) return rc;
        if (outcome == P_TEGURAN) return 0;
        *day += 4;
        pin(*day, &c->r);
        return step(c, &c->otoritas, id, "data_diblokir", NULL, nip, NULL);
    }
    *day += rint_(&c->r, 2, 9);
    pin(*day, &c->r);
    nt_date_format(*day, ds);
    snprintf(num, sizeof num, "800/%d/409.%d/%d", rint_(&c->r, 10, 999), rint_(&c->r, 10, 99), y);
    /* The sanction comes from the PPK of the ASN's own agency. */
    json_t *asn = NULL;
    nt_asn_get(c->st, &c->admin, nip, &asn, c->err);
    int64_t agency = json_integer_value(json_object_get(asn, "agency_id"));
    json_decref(asn);
    const nt_actor *ppk =
        agency == c->ppk[region].agency_id ? &c->ppk[region] : &c->ppk_kemenag[region];
    rc = step(c, ppk, id, "sanksi_dijatuhkan", NULL, nip,
              json_pack("{ss ss ss}", "nomor_sk", num, "tanggal_sk", ds, "sanksi", sanksi));
    if (rc || outcome == P_SANKSI) return rc;
    *day += rint_(&c->r, 3, 14);
    pin(*day, &c->r);
    return step(c, &c->otoritas, id, "selesai", NULL, nip, NULL);
}

static int one_case(demo_ctx *c, int region, json_t *roster_nips)
{
    rng *r = &c->r;
    const region_def *rd = &regions[region];
    const nt_actor *bw = &c->bawaslu[region];
    /* The first cases cover every outcome once; the rest follow the weights. */
    int target = c->made < T__N ? c->made : pick_weighted(r, target_w, T__N);
    nt_date day = nt_date_from_ymd(2020, 6, 20) + rint_(r, 0, 170);
    nt_date known = day - rint_(r, 0, 2);
    nt_date event = known - rint_(r, 0, 3);
    int cat = pick_weighted(r, cat_w, (int)NT_ARRAY_LEN(cat_w));
    /* Ethics codes before candidates were confirmed (23 Sep 2020), discipline after. */
    bool before = event < nt_date_from_ymd(2020, 9, 23);
    const char *vcode = before && cat_codes[cat][0][0] ? cat_codes[cat][0] : cat_codes[cat][1];
    const char *route = target == T_INFO || target == T_DALUARSA ? "informasi_awal"
                        : target == T_LAPORAN || target == T_LENGKAPI || target == T_TIDAK_REG
                            ? "laporan"
                        : runit(r) < 0.12 ? "laporan"
                                          : "temuan";
    int nparties = runit(r) < 0.85 ? 1 : rint_(r, 2, 6);
    if (c->made == 7 && region == 0) nparties = 52; /* one regency reported 52 ASN in one case */
    json_t *parties = json_array();
    for (int i = 0; i < nparties; i++) {
        const char *nip =
            json_string_value(json_array_get(roster_nips, next(r) % json_array_size(roster_nips)));
        bool dup = false;
        size_t k;
        json_t *x;
        json_array_foreach(parties, k, x) dup |= !strcmp(json_string_value(x), nip);
        if (!dup) json_array_append_new(parties, json_string(nip));
    }
    int pair = rint_(r, 1, 2);
    char narrative[400], title[160], ks[11], es[11];
    snprintf(narrative, sizeof narrative, narratives[cat], pair);
    snprintf(title, sizeof title, "Dugaan pelanggaran netralitas ASN (%s) - %s", vcode, rd->name);
    nt_date_format(known, ks);
    nt_date_format(event, es);
    json_t *in = json_pack("{ss ss ss ss ss ss ss ss so s[s]}", "jalur", route, "kantor", rd->code,
                           "pemilihan", rd->election, "judul", title, "tanggal_diketahui", ks,
                           "tanggal_kejadian", es, "tempat", places[next(r) % NT_ARRAY_LEN(places)],
                           "uraian", narrative, "terlapor", parties, "pelanggaran", vcode);
    static const char *evidence[] = {"Tangkapan layar unggahan dan tautannya",
                                     "Foto kegiatan dan daftar hadir", "Rekaman video kegiatan",
                                     "Salinan surat undangan kegiatan"};
    json_object_set_new(in, "daftar_bukti", json_string(evidence[cat % NT_ARRAY_LEN(evidence)]));
    if (!strcmp(route, "laporan")) {
        char rname[160];
        int sex = rint_(r, 1, 2);
        person_name(r, c->names, rd->culture, sex, false, rname, sizeof rname);
        json_object_set_new(in, "pelapor",
                            json_pack("{ss ss ss ss ss ss}", "nama", rname, "jenis_kelamin",
                                      sex == 1 ? "L" : "P", "pekerjaan", "Wiraswasta",
                                      "kewarganegaraan", "Indonesia", "alamat", rd->name, "telepon",
                                      "08123456789"));
        if (target == T_LENGKAPI) json_object_del(in, "tempat");
    }
    if (target == T_INFO || target == T_DALUARSA) json_object_del(in, "terlapor");
    pin(day, r);
    json_t *out = NULL;
    int rc = nt_case_create(c->st, bw, in, &out, c->err);
    json_decref(in);
    if (rc) return rc;
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    c->made++;
#define GO(actor, to, why)                                                                         \
    do {                                                                                           \
        day += rint_(r, 0, 1);                                                                     \
        pin(day, r);                                                                               \
        if ((rc = step(c, actor, id, to, why, NULL, NULL))) return rc;                             \
    } while (0)
    if (target == T_INFO) return 0;
    if (target == T_DALUARSA) {
        day += 9;
        GO(bw, "daluarsa", "Informasi tidak dapat ditindaklanjuti menjadi temuan dalam 7 hari");
        return 0;
    }
    if (!strcmp(route, "informasi_awal")) GO(bw, "temuan", NULL);
    if (target == T_TEMUAN || target == T_LAPORAN) return 0;
    if (!strcmp(route, "laporan")) {
        GO(bw, "kajian_awal", NULL);
        if (target == T_KAJIAN_AWAL) return 0;
        if (target == T_LENGKAPI) {
            GO(bw, "perlu_dilengkapi", "Tempat kejadian belum disebutkan");
            return 0;
        }
        if (target == T_TIDAK_REG) {
            GO(bw, "tidak_diregistrasi", "Syarat materiel tidak terpenuhi: bukti tidak relevan");
            return 0;
        }
    } else if (target == T_KAJIAN_AWAL || target == T_LENGKAPI || target == T_TIDAK_REG) {
        GO(bw, "kajian_awal", NULL);
        if (target == T_TIDAK_REG)
            GO(bw, "tidak_diregistrasi", "Peristiwa bukan pelanggaran netralitas");
        return 0;
    }
    if (target == T_LIMPAH) {
        char prov[3] = {rd->code[0], rd->code[1], 0};
        day += 1;
        pin(day, r);
        return step(c, bw, id, "dilimpahkan",
                    "Terlapor pejabat provinsi; ditangani Bawaslu Provinsi", NULL,
                    json_pack("{ss}", "ke_wilayah", prov));
    }
    GO(bw, "diregistrasi", NULL);
    if (target == T_REG) return 0;
    if (runit(r) < 0.85) GO(bw, "klarifikasi", NULL);
    if (target == T_KLARIFIKASI) return 0;
    GO(bw, "kajian", NULL);
    if (target == T_KAJIAN) return 0;
    if (target == T_DIHENTIKAN) {
        GO(bw, "dihentikan", runit(r) < 0.5 ? "Tidak terbukti melanggar" : "Bukti tidak cukup");
        return 0;
    }
    if (target == T_LAIN) {
        day += 1;
        pin(day, r);
        return step(c, bw, id, "diteruskan_lain", "Mengandung unsur pidana pemilihan", NULL,
                    json_pack("{ss}", "tujuan", next(r) % 2 ? "gakkumdu" : "dkpp"));
    }
    GO(bw, "diteruskan", NULL);
    json_t *got = NULL;
    nt_case_get(c->st, &c->otoritas, id, &got, c->err);
    size_t k;
    json_t *p;
    nt_date start = day;
    bool all_final = true;
    json_array_foreach(json_object_get(got, "terlapor"), k, p)
    {
        nt_date pd = start;
        const char *nip = json_string_value(json_object_get(p, "nip"));
        if ((rc = party_path(c, id, nip, region, vcode, &pd))) break;
        if (pd > day) day = pd;
    }
    json_decref(got);
    if (rc) return rc;
    got = NULL;
    nt_case_get(c->st, &c->otoritas, id, &got, c->err);
    json_array_foreach(json_object_get(got, "terlapor"), k, p)
    {
        nt_party_state ps;
        nt_party_state_parse(json_string_value(json_object_get(p, "status")), &ps);
        all_final &= nt_party_state_final(ps);
    }
    json_decref(got);
    if (all_final && runit(r) < 0.9) GO(&c->otoritas, "selesai", NULL);
#undef GO
    return 0;
}

static int make_user(nt_store *st, const nt_actor *a, const char *username, const char *name,
                     const char *role, const char *region, int64_t agency, nt_actor *out,
                     json_t *accounts, nt_err *err)
{
    json_t *in = json_pack("{ss ss ss ss}", "username", username, "name", name, "role", role,
                           "password", DEMO_PASSWORD);
    if (region) json_object_set_new(in, "region", json_string(region));
    if (agency) json_object_set_new(in, "agency_id", json_integer(agency));
    int64_t id;
    int rc = nt_user_create(st, a, in, &id, err);
    json_decref(in);
    if (rc) return rc;
    memset(out, 0, sizeof *out);
    out->user_id = id;
    nt_strlcpy(out->username, username, sizeof out->username);
    nt_role ro;
    nt_role_parse(role, &ro);
    out->roles = ro;
    if (region && !strcmp(role, "bawaslu")) nt_strlcpy(out->region, region, sizeof out->region);
    out->agency_id = agency;
    char scope[160];
    snprintf(scope, sizeof scope, "%s", name);
    json_array_append_new(
        accounts, json_pack("{ss ss ss}", "username", username, "role", role, "scope", scope));
    return 0;
}

static int64_t agency_named(nt_store *st, const char *name, const char *region)
{
    json_t *list = NULL;
    nt_agencies_list(st, region, &list);
    int64_t id = 0;
    size_t i;
    json_t *g;
    json_array_foreach(list, i, g) if (!strcmp(json_string_value(json_object_get(g, "name")), name))
        id = json_integer_value(json_object_get(g, "id"));
    json_decref(list);
    return id;
}

int nt_demo_generate(nt_store *st, const nt_actor *a, const char *data_dir,
                     const nt_demo_options *opt, json_t **summary, nt_err *err)
{
    char path[1200];
    demo_ctx c = {.st = st, .r = {opt->seed}, .err = err, .admin = *a};
    snprintf(path, sizeof path, "%s/demo/names.json", data_dir);
    char *text = NULL;
    size_t len;
    int rc = nt_file_read(path, &text, &len, err);
    if (rc) return rc;
    c.names = json_loadb(text, len, 0, NULL);
    free(text);
    if (!c.names) return nt_err_set(err, NT_EINVAL, "names", "%s bukan JSON yang sah", path);
    /* The registry is set up "in 2020". */
    pin(nt_date_from_ymd(2020, 6, 1), &c.r);
    json_t *accounts = json_array();
    nt_buf csv = {0};
    nt_buf_adds(&csv, roster_header);
    int serial = 0;
    for (size_t i = 0; i < NT_ARRAY_LEN(regions) && !rc; i++) {
        json_t *doc;
        snprintf(path, sizeof path, "%s/demo/elections/%s.json", data_dir, regions[i].election);
        rc = nt_cli_read_json(path, &doc, err);
        if (!rc) rc = nt_election_import(st, a, doc, err);
        json_decref(doc);
        json_t *districts = NULL;
        nt_regions_list(st, regions[i].code, "kecamatan", &districts);
        int n = (int)lround(regions[i].roster * opt->roster_scale);
        roster_rows(&c.r, c.names, &regions[i], districts, n < 10 ? 10 : n, &serial, &csv);
        json_decref(districts);
    }
    json_t *report = NULL;
    if (!rc) rc = nt_roster_import_csv(st, a, csv.p, csv.len, 0, &report, err);
    nt_buf_free(&csv);
    json_int_t asn_count = json_integer_value(json_object_get(report, "imported"));
    json_decref(report);
    if (!rc)
        rc = make_user(st, a, "admin", "Administrator Sistem", "admin", NULL, 0, &c.admin, accounts,
                       err);
    nt_actor tmp;
    if (!rc)
        rc = make_user(st, a, "bawaslu.ri", "Bawaslu RI (nasional)", "bawaslu", NULL, 0, &tmp,
                       accounts, err);
    if (!rc)
        rc = make_user(st, a, "bawaslu.jatim", "Bawaslu Provinsi Jawa Timur", "bawaslu", "35", 0,
                       &tmp, accounts, err);
    if (!rc)
        rc = make_user(st, a, "bawaslu.banten", "Bawaslu Provinsi Banten", "bawaslu", "36", 0, &tmp,
                       accounts, err);
    if (!rc)
        rc = make_user(st, a, "otoritas", "Otoritas kepegawaian (KASN/BKN)", "otoritas", NULL, 0,
                       &c.otoritas, accounts, err);
    for (size_t i = 0; i < NT_ARRAY_LEN(regions) && !rc; i++) {
        char u[64], n[128];
        snprintf(u, sizeof u, "bawaslu.%s", regions[i].short_name);
        snprintf(n, sizeof n, "Bawaslu %s", regions[i].name);
        rc = make_user(st, a, u, n, "bawaslu", regions[i].code, 0, &c.bawaslu[i], accounts, err);
        if (rc) break;
        snprintf(u, sizeof u, "ppk.%s", regions[i].short_name);
        snprintf(n, sizeof n, "PPK %s (BKPSDM)", regions[i].agency);
        int64_t ag = agency_named(st, regions[i].agency, regions[i].code);
        rc = make_user(st, a, u, n, "ppk", NULL, ag, &c.ppk[i], accounts, err);
        if (rc) break;
        char kemenag[128];
        snprintf(kemenag, sizeof kemenag, "Kantor Kementerian Agama %s", regions[i].name);
        snprintf(u, sizeof u, "ppk.kemenag.%s", regions[i].short_name);
        snprintf(n, sizeof n, "PPK %s", kemenag);
        ag = agency_named(st, kemenag, regions[i].code);
        rc = make_user(st, a, u, n, "ppk", NULL, ag, &c.ppk_kemenag[i], accounts, err);
    }
    /* NIPs per region, for picking the reported ASN. */
    json_t *nips[3];
    for (size_t i = 0; i < NT_ARRAY_LEN(regions); i++) {
        json_t *f = json_pack("{ss si}", "region", regions[i].code, "limit", 500);
        json_t *list = NULL;
        nips[i] = json_array();
        nt_actor sys = *a;
        for (int off = 0; !rc && off < 3000; off += 500) {
            json_object_set_new(f, "offset", json_integer(off));
            nt_asn_search(st, &sys, f, &list, err);
            size_t k;
            json_t *x;
            json_array_foreach(list, k, x) json_array_append(nips[i], json_object_get(x, "nip"));
            json_decref(list);
        }
        json_decref(f);
    }
    int per_region = opt->cases_per_region ? opt->cases_per_region : 40;
    int total = per_region * 3 + opt->extra_cases;
    for (int k = 0; k < total && !rc; k += 500) {
        int lim = total - k < 500 ? total - k : 500;
        if ((rc = nt_store_batch_begin(st, err))) break;
        for (int j = 0; j < lim && !rc; j++) {
            int region = (k + j) % 3;
            rc = one_case(&c, region, nips[region]);
        }
        int end = nt_store_batch_end(st, rc == 0, err);
        if (!rc) rc = end;
        if (!opt->quiet && total > 1000) fprintf(stderr, "\rkasus demo: %d/%d", k + lim, total);
    }
    if (!opt->quiet && total > 1000) fputc('\n', stderr);
    for (int i = 0; i < 3; i++)
        json_decref(nips[i]);
    nt_clock_set(0);
    json_decref(c.names);
    if (rc) {
        json_decref(accounts);
        return rc;
    }
    json_t *cases = NULL;
    nt_case_list(st, a, NULL, &cases, err);
    json_t *counts =
        json_pack("{sI sI si si}", "asn", asn_count, "kasus",
                  json_integer_value(json_object_get(cases, "total")), "pemilihan",
                  (int)NT_ARRAY_LEN(regions), "pengguna", (int)json_array_size(accounts));
    json_decref(cases);
    *summary =
        json_pack("{ss so so}", "password", DEMO_PASSWORD, "accounts", accounts, "counts", counts);
    return 0;
}
