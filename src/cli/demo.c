/*
 * demo.c - the demo data set: fiction on real maps.
 *
 * Real regions and their 2020 regent elections (data/demo/elections/), with
 * invented candidates, an invented roster of realistic size and position mix
 * (DOMAIN.md §4), invented users, and cases spread over every state and over
 * the violation categories as Pilkada 2020 reported them, and the same
 * regions' elections of the current year with cases still in progress (live
 * deadlines). Cases are walked through the real store API with the clock
 * pinned to their days, so their registration numbers, events, deadlines and
 * audit entries are exactly what real use would produce. A seed and a date fix
 * everything.
 */
#include "cli/demo_int.h"

#include "base/date.h"
#include "base/file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "netral-demo-2020"

/* ---- cases ---- */

/* A season of cases: the 2020 elections, whose cases are history, and a current one, whose
 * cases are in progress with live deadlines so that a first visitor sees a working office. */
typedef struct season {
    char election[3][64];
    nt_date first;     /* the first day a case may become known */
    int span;          /* days over which cases become known */
    nt_date confirmed; /* candidates confirmed: ethics codes before, discipline after */
    bool live;         /* in progress: no case is closed, nothing happens after `ceiling` */
} season;

typedef struct demo_ctx {
    nt_store *st;
    rng r;
    json_t *names;
    nt_actor admin, otoritas, bawaslu[3], staf[3], ppk[3], ppk_kemenag[3];
    rng people; /* officers' names: their own sequence, so the cases stay as they were */
    nt_err *err;
    int made, made_before_live;
    bool force_recommendation;
    const season *season;
} demo_ctx;

/* 2020 is history: a target that would leave a case open becomes the way such cases ended. */
static int closed_target(int t);

/* The last day anything may happen (the live season's today); NT_DATE_NONE: no limit. */
static nt_date ceiling = NT_DATE_NONE;

/* Sets the clock to a working hour of day d (no later than the ceiling); returns the day. */
static nt_date pin(nt_date d, rng *r)
{
    if (ceiling != NT_DATE_NONE && d > ceiling) d = ceiling;
    int64_t t = (int64_t)d * 86400 + 1 * 3600 + rint_(r, 0, 7 * 3600); /* 08.00-15.00 WIB */
    nt_clock_set(t);
    return d;
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
/* In the live season every case is still open somewhere short of a decision. */
static const double live_target_w[T__N] = {
    [T_INFO] = 2, [T_TEMUAN] = 3,      [T_LAPORAN] = 2, [T_KAJIAN_AWAL] = 3, [T_LENGKAPI] = 1,
    [T_REG] = 3,  [T_KLARIFIKASI] = 4, [T_KAJIAN] = 3,  [T_TERUSKAN] = 4};
static const double live_party_w[P__N] = {[P_WAIT] = 3, [P_REKOM] = 2};

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

static int closed_target(int t)
{
    switch (t) {
    case T_INFO:
        return T_DALUARSA;
    case T_TEMUAN:
    case T_LAPORAN:
    case T_KAJIAN_AWAL:
    case T_LENGKAPI:
        return T_TIDAK_REG;
    case T_REG:
    case T_KLARIFIKASI:
    case T_KAJIAN:
    case T_LIMPAH:
        return T_DIHENTIKAN;
    default:
        return t;
    }
}

static int party_path(demo_ctx *c, int64_t id, const char *nip, int region, const char *vcode,
                      nt_date *day)
{
    int outcome = c->force_recommendation
                      ? P_REKOM
                      : pick_weighted(&c->r, c->season->live ? live_party_w : party_w, P__N);
    if (!c->season->live && outcome != P_TIDAK && outcome != P_TOLAK && outcome != P_GUGUR)
        outcome = P_SELESAI; /* history: every matter was closed */
    if (outcome == P_WAIT) return 0;
    *day += rint_(&c->r, 5, 20);
    *day = pin(*day, &c->r);
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
        *day = pin(*day, &c->r);
        if ((rc = step(c, &c->otoritas, id, "teguran_ppk", NULL, nip, NULL))) return rc;
        if (outcome == P_TEGURAN) return 0;
        *day += 4;
        *day = pin(*day, &c->r);
        return step(c, &c->otoritas, id, "data_diblokir", NULL, nip, NULL);
    }
    *day += rint_(&c->r, 2, 9);
    *day = pin(*day, &c->r);
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
    *day = pin(*day, &c->r);
    return step(c, &c->otoritas, id, "selesai", NULL, nip, NULL);
}

static int one_case(demo_ctx *c, int region, json_t *roster_nips)
{
    rng *r = &c->r;
    const region_def *rd = &regions[region];
    const nt_actor *bw = c->made % 2 ? &c->staf[region] : &c->bawaslu[region];
    /* The first cases cover every outcome once; the rest follow the weights. */
    const season *sn = c->season;
    /* The live season's first cases cover the open work once per region (a case with the
     * authority, one with a recommendation for the PPK, one in clarification); the 2020 cases
     * are history: each of them ended somehow. */
    static const int live_first[] = {T_TERUSKAN, T_TERUSKAN, T_KLARIFIKASI, T_LAPORAN};
    int live_n = c->made - c->made_before_live;
    int target = sn->live         ? (live_n / 3 < (int)NT_ARRAY_LEN(live_first)
                                         ? live_first[live_n / 3]
                                         : pick_weighted(r, live_target_w, T__N))
                 : c->made < T__N ? c->made
                                  : pick_weighted(r, target_w, T__N);
    if (!sn->live) target = closed_target(target);
    c->force_recommendation = sn->live && live_n / 3 == 1;
    nt_date day = sn->first + rint_(r, 0, sn->span);
    nt_date known = day - rint_(r, 0, 2);
    nt_date event = known - rint_(r, 0, 3);
    int cat = pick_weighted(r, cat_w, (int)NT_ARRAY_LEN(cat_w));
    /* Ethics codes before candidates were confirmed, discipline after. */
    bool before = event < sn->confirmed;
    const char *vcode = before && cat_codes[cat][0][0] ? cat_codes[cat][0] : cat_codes[cat][1];
    const char *route = target == T_INFO || target == T_DALUARSA ? "informasi_awal"
                        : target == T_LAPORAN || target == T_LENGKAPI || target == T_TIDAK_REG
                            ? "laporan"
                        : runit(r) < 0.12 ? "laporan"
                                          : "temuan";
    int nparties = runit(r) < 0.85 ? 1 : rint_(r, 2, 6);
    if (c->made == 7 && region == 0 && !sn->live)
        nparties = 52; /* one regency reported 52 ASN in one case */
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
    json_t *in =
        json_pack("{ss ss ss ss ss ss ss ss so s[s]}", "jalur", route, "kantor", rd->code,
                  "pemilihan", sn->election[region], "judul", title, "tanggal_diketahui", ks,
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
        day = pin(day, r);                                                                         \
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
        day = pin(day + 1, r);
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
        day = pin(day + 1, r);
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
    if (all_final && !sn->live) GO(&c->otoritas, "selesai", NULL);
#undef GO
    return 0;
}

/* An account belongs to a person (an invented name in the office's naming culture) who works
 * in an office. */
static int make_user(demo_ctx *c, const nt_actor *a, const char *username, const char *office,
                     const char *culture, const char *role, const char *region, int64_t agency,
                     nt_actor *out, json_t *accounts, nt_err *err)
{
    nt_store *st = c->st;
    char name[160];
    person_name(&c->people, c->names, culture, 1 + (int)(next(&c->people) % 2), false, name,
                sizeof name);
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
    char scope[320];
    snprintf(scope, sizeof scope, "%s, %s", name, office);
    json_array_append_new(
        accounts, json_pack("{ss ss ss}", "username", username, "role", role, "scope", scope));
    return 0;
}

static int64_t agency_named(nt_store *st, const char *name, const char *region)
{
    json_t *list = NULL;
    nt_agencies_list(st, region, false, &list);
    int64_t id = 0;
    size_t i;
    json_t *g;
    json_array_foreach(list, i, g) if (!strcmp(json_string_value(json_object_get(g, "name")), name))
        id = json_integer_value(json_object_get(g, "id"));
    json_decref(list);
    return id;
}

/* The current season's elections: each region's 2020 election again this year (the same
 * invented candidates), voting in 40 days, the campaign running; cases known over the last
 * twelve days. */
#define LIVE_CASES_PER_REGION 10
static int current_elections(demo_ctx *c, const char *data_dir, nt_date today, season *out)
{
    memset(out, 0, sizeof *out);
    int y, m, d;
    nt_date_to_ymd(today, &y, &m, &d);
    out->first = today - 12;
    out->span = 9;
    out->confirmed = today - 23;
    out->live = true;
    pin(today - 25, &c->r);
    int rc = 0;
    for (size_t i = 0; i < NT_ARRAY_LEN(regions) && !rc; i++) {
        char path[1200], id[64], name[200], vd[11], cs[11], ce[11];
        snprintf(path, sizeof path, "%s/demo/elections/%s.json", data_dir, regions[i].election);
        json_t *doc = NULL;
        if ((rc = nt_cli_read_json(path, &doc, c->err))) break;
        snprintf(id, sizeof id, "pilbup-%s-%d", regions[i].short_name, y);
        snprintf(name, sizeof name, "Pemilihan Bupati dan Wakil Bupati %s %d",
                 regions[i].name + strlen("Kabupaten "), y);
        nt_date_format(today + 40, vd);
        nt_date_format(today - 20, cs);
        nt_date_format(today + 36, ce);
        json_object_set_new(doc, "id", json_string(id));
        json_object_set_new(doc, "name", json_string(name));
        json_object_set_new(doc, "voting_date", json_string(vd));
        json_object_set_new(doc, "campaign_start", json_string(cs));
        json_object_set_new(doc, "campaign_end", json_string(ce));
        rc = nt_election_import(c->st, &c->admin, doc, c->err);
        json_decref(doc);
        nt_strlcpy(out->election[i], id, sizeof out->election[i]);
    }
    return rc;
}

int nt_demo_generate(nt_store *st, const nt_actor *a, const char *data_dir,
                     const nt_demo_options *opt, json_t **summary, nt_err *err)
{
    char path[1200];
    demo_ctx c = {
        .st = st, .r = {opt->seed}, .people = {opt->seed ^ 0x0ff1ce5ULL}, .err = err, .admin = *a};
    snprintf(path, sizeof path, "%s/demo/names.json", data_dir);
    char *text = NULL;
    size_t len;
    int rc = nt_file_read(path, &text, &len, err);
    if (rc) return rc;
    c.names = json_loadb(text, len, 0, NULL);
    free(text);
    if (!c.names) return nt_err_set(err, NT_EINVAL, "names", "%s bukan JSON yang sah", path);
    nt_date today = nt_today(); /* before the clock is set back to 2020 */
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
        rc = make_user(&c, a, "admin", "Administrator sistem", "jawa", "admin", NULL, 0, &c.admin,
                       accounts, err);
    nt_actor tmp;
    if (!rc)
        rc = make_user(&c, a, "bawaslu.ri", "Bawaslu RI", "jawa", "bawaslu", NULL, 0, &tmp,
                       accounts, err);
    if (!rc)
        rc = make_user(&c, a, "bawaslu.jatim", "Bawaslu Provinsi Jawa Timur", "jawa", "bawaslu",
                       "35", 0, &tmp, accounts, err);
    if (!rc)
        rc = make_user(&c, a, "bawaslu.banten", "Bawaslu Provinsi Banten", "sunda", "bawaslu", "36",
                       0, &tmp, accounts, err);
    if (!rc)
        rc = make_user(&c, a, "otoritas", "Otoritas kepegawaian (BKN)", "jawa", "otoritas", NULL, 0,
                       &c.otoritas, accounts, err);
    for (size_t i = 0; i < NT_ARRAY_LEN(regions) && !rc; i++) {
        char u[64], n[128];
        snprintf(u, sizeof u, "bawaslu.%s", regions[i].short_name);
        snprintf(n, sizeof n, "Bawaslu %s", regions[i].name);
        const char *cu = regions[i].culture;
        rc =
            make_user(&c, a, u, n, cu, "bawaslu", regions[i].code, 0, &c.bawaslu[i], accounts, err);
        if (rc) break;
        /* a second officer in the same office: cases are handled by whoever is on them */
        snprintf(u, sizeof u, "staf.%s", regions[i].short_name);
        rc = make_user(&c, a, u, n, cu, "bawaslu", regions[i].code, 0, &c.staf[i], accounts, err);
        if (rc) break;
        snprintf(u, sizeof u, "ppk.%s", regions[i].short_name);
        snprintf(n, sizeof n, "PPK %s (BKPSDM)", regions[i].agency);
        int64_t ag = agency_named(st, regions[i].agency, regions[i].code);
        rc = make_user(&c, a, u, n, cu, "ppk", NULL, ag, &c.ppk[i], accounts, err);
        if (rc) break;
        char kemenag[128];
        snprintf(kemenag, sizeof kemenag, "Kantor Kementerian Agama %s", regions[i].name);
        snprintf(u, sizeof u, "ppk.kemenag.%s", regions[i].short_name);
        snprintf(n, sizeof n, "PPK %s", kemenag);
        ag = agency_named(st, kemenag, regions[i].code);
        rc = make_user(&c, a, u, n, cu, "ppk", NULL, ag, &c.ppk_kemenag[i], accounts, err);
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
    season past = {.first = nt_date_from_ymd(2020, 6, 20),
                   .span = 170,
                   .confirmed = nt_date_from_ymd(2020, 9, 23),
                   .live = false};
    for (size_t i = 0; i < NT_ARRAY_LEN(regions); i++)
        nt_strlcpy(past.election[i], regions[i].election, sizeof past.election[i]);
    c.season = &past;
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
    /* the current season: an election in each region this year, its cases in progress */
    season now;
    if (!rc) rc = current_elections(&c, data_dir, today, &now);
    if (!rc) rc = nt_store_batch_begin(st, err);
    if (!rc) {
        c.season = &now;
        c.made_before_live = c.made;
        ceiling = today;
        for (int k = 0; k < 3 * LIVE_CASES_PER_REGION && !rc; k++)
            rc = one_case(&c, k % 3, nips[k % 3]);
        ceiling = NT_DATE_NONE;
        int end = nt_store_batch_end(st, rc == 0, err);
        if (!rc) rc = end;
    }
    nt_clock_set(0);
    if (!rc) {
        const char *current[3] = {now.election[0], now.election[1], now.election[2]};
        rc = demo_prevention(st, &c.admin, c.bawaslu, nips, current, today, &c.r, c.names, err);
    }
    for (int i = 0; i < 3; i++)
        json_decref(nips[i]);
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
                  2 * (int)NT_ARRAY_LEN(regions), "pengguna", (int)json_array_size(accounts));
    json_decref(cases);
    *summary =
        json_pack("{ss so so}", "password", DEMO_PASSWORD, "accounts", accounts, "counts", counts);
    return 0;
}
