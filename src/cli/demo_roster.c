/* demo_roster.c - the demo's invented civil servants: names in each region's naming culture,
 * positions and grades in the national mix (DOMAIN.md §4), NIPs that parse, accounts. */
#include "cli/demo_int.h"

#include <stdio.h>
#include <string.h>

const region_def regions[3] = {
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

void person_name(rng *r, json_t *names, const char *culture, int sex, bool titles, char *out,
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
void roster_rows(rng *r, json_t *names, const region_def *rd, json_t *districts, int count,
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

const char roster_header[] =
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