/*
 * test_store.c - the repository against a real database: roster import,
 * case intake and lifecycle, registration numbers, scope, the encrypted
 * reporter identity, evidence hashes and the audit chain. A SQLite file by
 * default; with NETRAL_TEST_PG (a libpq URI of a throwaway cluster's maintenance
 * database) the same tests run on a fresh PostgreSQL database each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "store/db.h"
#include "rules/deadline.h"
#include "store/store.h"

typedef struct fx {
    char dir[64];
    nt_rules rules;
    nt_store *st;
    nt_actor admin, blitar, trenggalek, otoritas, ppk;
} fx;

static const char regions_csv[] = "kode,nama,tingkat,induk,penduduk,luas_km2\n"
                                  "35,Jawa Timur,provinsi,,41919906,48055.876\n"
                                  "35.05,Kabupaten Blitar,kabkota,35,1261699,1745.383\n"
                                  "35.05.10,Kanigoro,kecamatan,35.05,,\n"
                                  "35.03,Kabupaten Trenggalek,kabkota,35,753810,1249.367\n"
                                  "36,Banten,provinsi,,12881374,9355.763\n"
                                  "36.01,Kabupaten Pandeglang,kabkota,36,1437046,2771.488\n";

static const char roster_csv[] =
    "nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n"
    "198703122010011004,\"Budi Santoso, S.Pd.\",Guru Ahli Muda,fungsional,III/c,Pemerintah "
    "Kabupaten Blitar,Dinas Pendidikan,35.05.10,facebook:budi.s;instagram:budis\n"
    "197501052000032002,Dra. Siti Rahayu,Kepala Dinas Sosial,jpt,IV/c,Pemerintah Kabupaten "
    "Blitar,Dinas Sosial,35.05,\n"
    "198011202005011003,Joko Prasetyo,Camat,administrator,IV/a,Pemerintah Kabupaten "
    "Trenggalek,Kecamatan,35.03,\n"
    "199001012022212001,Neneng Sumiati,Guru PPPK,pppk,IX,Pemerintah Kabupaten Blitar,Dinas "
    "Pendidikan,35.05,\n";

static nt_actor actor(int64_t id, const char *name, unsigned roles, const char *region,
                      int64_t agency)
{
    nt_actor a = {.user_id = id, .roles = roles, .agency_id = agency};
    nt_strlcpy(a.username, name, sizeof a.username);
    nt_strlcpy(a.region, region, sizeof a.region);
    return a;
}

/* PostgreSQL: drops and creates the test database; its URI in out. */
static int fresh_pg_database(const char *admin_uri, char *out, size_t n)
{
    nt_db *db;
    nt_err e = {0};
    if (nt_db_open(admin_uri, &db, &e)) {
        print_error("%s\n", e.msg);
        return -1;
    }
    int rc = nt_db_exec_script(db, "DROP DATABASE IF EXISTS netral_unit WITH (FORCE)", &e);
    if (!rc) rc = nt_db_exec_script(db, "CREATE DATABASE netral_unit", &e);
    nt_db_close(db);
    if (rc) {
        print_error("%s\n", e.msg);
        return -1;
    }
    /* postgresql://netloc/maintenance?query -> postgresql://netloc/netral_unit?query */
    const char *slash = strstr(admin_uri, "://");
    slash = slash ? strchr(slash + 3, '/') : NULL;
    if (!slash) return -1;
    const char *query = strchr(slash, '?');
    snprintf(out, n, "%.*s/netral_unit%s", (int)(slash - admin_uri), admin_uri, query ? query : "");
    return 0;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/netral-test-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    nt_err e = {0};
    if (nt_rules_load_dir(&f->rules, NT_TEST_DATADIR, &e)) {
        print_error("rules: %s\n", e.msg);
        return -1;
    }
    unsigned char key[NT_KEY_BYTES];
    randombytes_buf(key, sizeof key);
    char db[512], ev[128];
    const char *pg = getenv("NETRAL_TEST_PG");
    if (pg && *pg) {
        if (fresh_pg_database(pg, db, sizeof db)) return -1;
    } else {
        snprintf(db, sizeof db, "%s/t.db", f->dir);
    }
    snprintf(ev, sizeof ev, "%s/evidence", f->dir);
    nt_store_config cfg = {.db_path = db, .evidence_dir = ev, .rules = &f->rules, .key = key};
    if (nt_store_open(&cfg, &f->st, &e)) {
        print_error("%s\n", e.msg);
        return -1;
    }
    nt_actor_system(&f->admin, "test");
    int n;
    if (nt_regions_import_csv(f->st, &f->admin, regions_csv, strlen(regions_csv), &n, &e)) {
        print_error("regions: %s\n", e.msg);
        return -1;
    }
    json_t *rep = NULL;
    if (nt_roster_import_csv(f->st, &f->admin, roster_csv, strlen(roster_csv), 0, &rep, &e)) {
        print_error("roster: %s\n", e.msg);
        return -1;
    }
    json_decref(rep);
    const char *el =
        "{\"id\":\"pilbup-blitar-2020\",\"name\":\"Pilbup Blitar\",\"kind\":\"bupati\","
        "\"region\":\"35.05\",\"voting_date\":\"2020-12-09\",\"candidates\":[{\"number\":1,"
        "\"names\":[\"A\",\"B\"]},{\"number\":2,\"names\":[\"C\",\"D\"]}]}";
    json_t *doc = json_loads(el, 0, NULL);
    if (nt_election_import(f->st, &f->admin, doc, &e)) {
        print_error("election: %s\n", e.msg);
        return -1;
    }
    json_decref(doc);
    /* Real users so foreign keys hold for events. */
    static const char *users[][4] = {{"bw.blitar", "bawaslu", "35.05", ""},
                                     {"bw.trenggalek", "bawaslu", "35.03", ""},
                                     {"oto", "otoritas", "", ""}};
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        json_t *in = json_pack("{ss ss ss ss}", "username", users[i][0], "name", users[i][0],
                               "role", users[i][1], "password", "rahasia-panjang-1");
        if (*users[i][2]) json_object_set_new(in, "region", json_string(users[i][2]));
        if (nt_user_create(f->st, &f->admin, in, &ids[i], &e)) {
            print_error("user: %s\n", e.msg);
            return -1;
        }
        json_decref(in);
    }
    f->blitar = actor(ids[0], "bw.blitar", NT_ROLE_BAWASLU, "35.05", 0);
    f->trenggalek = actor(ids[1], "bw.trenggalek", NT_ROLE_BAWASLU, "35.03", 0);
    f->otoritas = actor(ids[2], "oto", NT_ROLE_OTORITAS, "", 0);
    json_t *ags = NULL;
    nt_agencies_list(f->st, "35.05", false, &ags);
    f->ppk = actor(0, "ppk", NT_ROLE_PPK, "",
                   json_integer_value(json_object_get(json_array_get(ags, 0), "id")));
    json_decref(ags);
    nt_clock_set((int64_t)nt_date_from_ymd(2020, 10, 5) * 86400 + 3 * 3600);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    nt_store_close(f->st);
    nt_rules_free(&f->rules);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0) return -1;
    free(f);
    nt_clock_set(0);
    return 0;
}

static int64_t count(fx *f, const char *sql)
{
    nt_stmt *s = nt_db_prepare_dynamic(nt_store_db(f->st), sql);
    int64_t n = nt_step(s) == 1 ? nt_col_int(s, 0) : -1;
    nt_done(s);
    return n;
}

/* Rows of `sql` (one column) whose bytes contain `text`: "nothing is stored in clear",
 * checked the same way on either engine. */
static int64_t rows_containing(fx *f, const char *sql, const char *text)
{
    nt_stmt *s = nt_db_prepare_dynamic(nt_store_db(f->st), sql);
    int64_t n = 0;
    while (nt_step(s) == 1) {
        size_t len;
        const void *p = nt_col_blob(s, 0, &len);
        if (p && memmem(p, len, text, strlen(text))) n++;
    }
    nt_done(s);
    return n;
}

static json_t *temuan(const char *office, const char *known)
{
    return json_pack("{ss ss ss ss ss ss ss s[s] s[s] ss}", "jalur", "temuan", "kantor", office,
                     "pemilihan", "pilbup-blitar-2020", "tanggal_diketahui", known,
                     "tanggal_kejadian", known, "tempat", "Balai Desa", "uraian",
                     "Mengunggah ajakan memilih nomor 1", "terlapor", "198703122010011004",
                     "pelanggaran", "D2", "daftar_bukti", "Tangkapan layar unggahan");
}

static int64_t create(fx *f, const nt_actor *a, json_t *in)
{
    json_t *out = NULL;
    nt_err e = {0};
    int rc = nt_case_create(f->st, a, in, &out, &e);
    json_decref(in);
    if (rc) fail_msg("create: %s", e.msg);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    return id;
}

static int go(fx *f, const nt_actor *a, int64_t id, const char *to, const char *nip, json_t *data,
              nt_err *e)
{
    json_t *in = json_pack("{ss ss}", "ke", to, "alasan", "uji");
    if (nip) json_object_set_new(in, "nip", json_string(nip));
    if (data) json_object_set_new(in, "data", data);
    json_t *out = NULL;
    int rc = nt_case_transition(f->st, a, id, in, &out, e);
    json_decref(in);
    json_decref(out);
    return rc;
}

static const char *state_of(fx *f, int64_t id)
{
    static char buf[32];
    json_t *c = NULL;
    nt_err e = {0};
    nt_case_get(f->st, &f->admin, id, &c, &e);
    nt_strlcpy(buf, json_string_value(json_object_get(c, "status")), sizeof buf);
    json_decref(c);
    return buf;
}

static void roster_with_errors_imports_nothing(void **state)
{
    fx *f = *state;
    const char *csv =
        "nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n"
        "198501012010011001,Valid Satu,Staf,pelaksana,II/a,Pemkab,Unit,35.05,\n"
        "198502302010011001,Tanggal Salah,Staf,pelaksana,II/a,Pemkab,Unit,35.05,\n"
        "198501012010011002,Wilayah Salah,Staf,pelaksana,II/a,Pemkab,Unit,99.99,\n"
        "198501012010011003,,Staf,pelaksana,II/a,Pemkab,Unit,35.05,\n"
        "198501012010011004,Jenis Salah,Staf,menteri,II/a,Pemkab,Unit,35.05,\n"
        "198501012010011001,Ganda,Staf,pelaksana,II/a,Pemkab,Unit,35.05,\n";
    int64_t before = count(f, "SELECT count(*) FROM asn");
    json_t *rep = NULL;
    nt_err e = {0};
    assert_int_equal(nt_roster_import_csv(f->st, &f->admin, csv, strlen(csv), 0, &rep, &e),
                     NT_EINVAL);
    assert_int_equal(count(f, "SELECT count(*) FROM asn"), before);
    json_t *inv = json_object_get(rep, "invalid");
    assert_int_equal(json_array_size(inv), 5);
    int lines[] = {3, 4, 5, 6, 7};
    const char *fields[] = {"nip", "kode_wilayah", "nama", "jenis_jabatan", "nip"};
    for (int i = 0; i < 5; i++) {
        json_t *row = json_array_get(inv, (size_t)i);
        assert_int_equal(json_integer_value(json_object_get(row, "line")), lines[i]);
        assert_string_equal(json_string_value(json_object_get(row, "field")), fields[i]);
    }
    json_decref(rep);
    /* --skip-invalid keeps the one good row */
    assert_int_equal(
        nt_roster_import_csv(f->st, &f->admin, csv, strlen(csv), NT_IMPORT_SKIP_INVALID, &rep, &e),
        0);
    assert_int_equal(json_integer_value(json_object_get(rep, "imported")), 1);
    json_decref(rep);
    assert_int_equal(count(f, "SELECT count(*) FROM asn"), before + 1);
}

static void roster_header_and_encoding_are_checked(void **state)
{
    fx *f = *state;
    json_t *rep = NULL;
    nt_err e = {0};
    const char *nohdr = "nama,jabatan\nBudi,Guru\n";
    assert_int_equal(nt_roster_import_csv(f->st, &f->admin, nohdr, strlen(nohdr), 0, &rep, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "header");
    const char *badutf = "nip,nama,jenis_jabatan,instansi,kode_wilayah\n198501012010011009,"
                         "B\xff\xfe,pelaksana,P,35.05\n";
    assert_int_equal(nt_roster_import_csv(f->st, &f->admin, badutf, strlen(badutf), 0, &rep, &e),
                     NT_EINVAL);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(rep, "invalid"), 0), "field")),
                        "nama");
    json_decref(rep);
    rep = NULL;
    const char *pppk = "nip,nama,jenis_jabatan,instansi,kode_wilayah\n199001012022212009,Salah "
                       "Jenis,pelaksana,P,35.05\n";
    assert_int_equal(nt_roster_import_csv(f->st, &f->admin, pppk, strlen(pppk), 0, &rep, &e),
                     NT_EINVAL);
    json_decref(rep);
}

static void case_intake_rejects_bad_input_and_writes_nothing(void **state)
{
    fx *f = *state;
    int64_t before = count(f, "SELECT count(*) FROM cases");
    int64_t audit = count(f, "SELECT count(*) FROM audit");
    struct {
        const char *key;
        json_t *val;
        const char *field;
        int code;
    } bad[] = {
        {"kantor", json_string("99.99"), "kantor", NT_EINVAL},
        {"kantor", json_string("35.03"), "kantor", NT_EFORBIDDEN}, /* not Blitar's region */
        {"tanggal_diketahui", json_string("2020-10-06"), "tanggal_diketahui",
         NT_EINVAL}, /* future */
        {"tanggal_diketahui", json_string("2020-02-30"), "tanggal_diketahui", NT_EINVAL},
        {"tanggal_kejadian", json_string("2020-10-04"), "tanggal_kejadian",
         NT_EINVAL}, /* after known */
        {"pemilihan", json_string("pilkada-mars"), "pemilihan", NT_EINVAL},
        {"terlapor", json_pack("[s]", "198703122010011099"), "terlapor",
         NT_EINVAL}, /* unknown ASN */
        {"terlapor", json_pack("[s]", "12345"), "terlapor", NT_EINVAL},
        {"pelanggaran", json_pack("[s]", "X9"), "pelanggaran", NT_EINVAL},
        {"jalur", json_string("gosip"), "jalur", NT_EINVAL},
        {"uraian", json_integer(5), "uraian", NT_EINVAL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_t *in = temuan("35.05", "2020-10-03");
        json_object_set_new(in, bad[i].key, bad[i].val);
        if (!strcmp(bad[i].key, "tanggal_diketahui")) json_object_del(in, "tanggal_kejadian");
        json_t *out = NULL;
        nt_err e = {0};
        int rc = nt_case_create(f->st, &f->blitar, in, &out, &e);
        json_decref(in);
        if (rc != bad[i].code || strcmp(e.field, bad[i].field) != 0)
            fail_msg("case %zu (%s): rc %d field '%s' msg '%s'", i, bad[i].key, rc, e.field, e.msg);
    }
    json_t *in = temuan("35.05", "2020-10-03");
    json_object_set_new(in, "jalur", json_string("laporan")); /* a laporan needs a reporter */
    json_t *out = NULL;
    nt_err e = {0};
    assert_int_equal(nt_case_create(f->st, &f->blitar, in, &out, &e), NT_EINVAL);
    assert_string_equal(e.field, "pelapor");
    json_decref(in);
    json_object_set_new(in = temuan("35.05", "2020-10-03"), "tanggal_diketahui", json_null());
    assert_int_equal(nt_case_create(f->st, &f->blitar, in, &out, &e), NT_EINVAL);
    json_decref(in);
    assert_int_equal(count(f, "SELECT count(*) FROM cases"), before);
    assert_int_equal(count(f, "SELECT count(*) FROM audit"), audit);
}

static void full_lifecycle_to_sanction_and_close(void **state)
{
    fx *f = *state;
    int64_t id = create(f, &f->blitar, temuan("35.05", "2020-10-03"));
    nt_err e = {0};
    assert_string_equal(state_of(f, id), "temuan");
    assert_int_equal(go(f, &f->blitar, id, "diregistrasi", NULL, NULL, &e), 0);
    json_t *c = NULL;
    nt_case_get(f->st, &f->blitar, id, &c, &e);
    const char *reg = json_string_value(json_object_get(c, "reg_no"));
    assert_non_null(reg);
    assert_non_null(strstr(reg, "/Reg/TM/ASN/35.05/X/2020"));
    /* Deadline: 3 calendar days from registration in Pilkada. */
    assert_string_equal(json_string_value(json_object_get(json_object_get(c, "tenggat"), "due")),
                        "2020-10-08");
    json_decref(c);
    /* Illegal: straight to the authority's outcome. */
    assert_int_equal(go(f, &f->blitar, id, "selesai", NULL, NULL, &e), NT_ECONFLICT);
    assert_string_equal(state_of(f, id), "diregistrasi");
    assert_int_equal(go(f, &f->blitar, id, "klarifikasi", NULL, NULL, &e), 0);
    assert_int_equal(go(f, &f->blitar, id, "kajian", NULL, NULL, &e), 0);
    assert_int_equal(go(f, &f->blitar, id, "diteruskan", NULL, NULL, &e), 0);
    const char *nip = "198703122010011004";
    /* Bawaslu cannot issue the recommendation; the authority can. */
    json_t *rec = json_pack("{ss ss ss ss}", "sanksi", "turun_pangkat_3", "dasar", "PP53/2010",
                            "nomor", "R-1/KASN/10/2020", "tanggal", "2020-10-05");
    assert_int_equal(go(f, &f->blitar, id, "rekomendasi_terbit", nip, json_incref(rec), &e),
                     NT_EFORBIDDEN);
    json_object_set_new(rec, "sanksi", json_string("hukuman_mati"));
    assert_int_equal(go(f, &f->otoritas, id, "rekomendasi_terbit", nip, json_incref(rec), &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "data.sanksi");
    json_object_set_new(rec, "sanksi", json_string("turun_pangkat_3"));
    assert_int_equal(go(f, &f->otoritas, id, "rekomendasi_terbit", nip, rec, &e), 0);
    /* Warning only after the PPK's 10 days. */
    assert_int_equal(go(f, &f->otoritas, id, "teguran_ppk", nip, NULL, &e), NT_ECONFLICT);
    /* The PPK of the ASN's agency now sees the case; another region's Bawaslu does not. */
    json_t *g = NULL;
    assert_int_equal(nt_case_get(f->st, &f->ppk, id, &g, &e), 0);
    json_decref(g);
    assert_int_equal(nt_case_get(f->st, &f->trenggalek, id, &g, &e), NT_ENOTFOUND);
    assert_int_equal(go(f, &f->ppk, id, "sanksi_dijatuhkan", nip,
                        json_pack("{ss ss}", "nomor_sk", "800/1/2020", "tanggal_sk", "2020-10-06"),
                        &e),
                     NT_EINVAL); /* decree dated in the future */
    assert_int_equal(go(f, &f->ppk, id, "sanksi_dijatuhkan", nip,
                        json_pack("{ss ss}", "nomor_sk", "800/1/2020", "tanggal_sk", "2020-10-05"),
                        &e),
                     0);
    assert_int_equal(go(f, &f->blitar, id, "selesai", NULL, NULL, &e),
                     NT_EINVAL); /* party still open */
    assert_int_equal(go(f, &f->otoritas, id, "selesai", nip, NULL, &e), 0);
    assert_int_equal(go(f, &f->blitar, id, "selesai", NULL, NULL, &e), 0);
    assert_string_equal(state_of(f, id), "selesai");
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM case_events WHERE case_id=%lld", (long long)id);
    assert_int_equal(count(f, sql), 10); /* created, 4 steps, forwarding, 3 party steps, close */
}

static void registration_numbers_have_no_gaps_per_office_and_year(void **state)
{
    fx *f = *state;
    nt_err e = {0};
    int64_t ids[4];
    for (int i = 0; i < 4; i++)
        ids[i] = create(f, &f->blitar, temuan("35.05", "2020-10-04"));
    for (int i = 0; i < 4; i++)
        assert_int_equal(go(f, &f->blitar, ids[i], "diregistrasi", NULL, NULL, &e), 0);
    assert_int_equal(
        count(f,
              "SELECT count(DISTINCT reg_seq) FROM cases WHERE office='35.05' AND reg_year=2020"),
        count(f, "SELECT max(reg_seq) FROM cases WHERE office='35.05' AND reg_year=2020"));
    /* A refused registration does not consume a number. */
    json_t *in = temuan("35.05", "2020-10-04");
    json_object_del(in, "tempat");
    int64_t bad = create(f, &f->blitar, in);
    int64_t max = count(f, "SELECT last FROM reg_counters WHERE office='35.05' AND year=2020");
    assert_int_equal(go(f, &f->blitar, bad, "diregistrasi", NULL, NULL, &e), NT_EINVAL);
    assert_string_equal(e.field, "tempat");
    assert_int_equal(count(f, "SELECT last FROM reg_counters WHERE office='35.05' AND year=2020"),
                     max);
}

static void reporter_identity_is_encrypted_and_views_are_logged(void **state)
{
    fx *f = *state;
    json_t *in = temuan("35.05", "2020-10-02");
    json_object_set_new(in, "jalur", json_string("laporan"));
    json_object_set_new(in, "pelapor",
                        json_pack("{ss ss}", "nama", "Warga Rahasia Sekali", "telepon", "0812"));
    json_t *out = NULL;
    nt_err e = {0};
    assert_int_equal(nt_case_create(f->st, &f->blitar, in, &out, &e), 0);
    json_decref(in);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    const char *receipt = json_string_value(json_object_get(out, "kode_tanda_terima"));
    assert_non_null(receipt);
    char code[32];
    nt_strlcpy(code, receipt, sizeof code);
    json_decref(out);
    /* Not in the clear anywhere in the database file's tables. */
    assert_int_equal(rows_containing(f, "SELECT reporter_enc FROM cases", "Rahasia"), 0);
    assert_int_equal(rows_containing(f, "SELECT detail FROM audit", "Rahasia"), 0);
    int64_t views = count(f, "SELECT count(*) FROM audit WHERE action='pelapor.lihat'");
    json_t *who = NULL;
    assert_int_equal(nt_case_reporter(f->st, &f->otoritas, id, NULL, &who, &e), NT_EFORBIDDEN);
    assert_int_equal(nt_case_reporter(f->st, &f->trenggalek, id, NULL, &who, &e), NT_ENOTFOUND);
    assert_int_equal(nt_case_reporter(f->st, &f->blitar, id, "klarifikasi", &who, &e), 0);
    assert_string_equal(json_string_value(json_object_get(who, "nama")), "Warga Rahasia Sekali");
    json_decref(who);
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action='pelapor.lihat'"),
                     views + 1);
    /* Public tracking by receipt shows the stage only. */
    json_t *t = NULL;
    for (char *p = code; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p); /* any case */
    assert_int_equal(nt_case_track(f->st, code, &t, &e), 0);
    assert_string_equal(json_string_value(json_object_get(t, "status")), "laporan_diterima");
    char *dump = json_dumps(t, 0);
    assert_null(strstr(dump, "Rahasia"));
    assert_null(strstr(dump, "198703122010011004"));
    free(dump);
    json_decref(t);
    assert_int_equal(nt_case_track(f->st, "LP-00000-00000", &t, &e), NT_ENOTFOUND);
}

static void evidence_is_hashed_and_verified_on_read(void **state)
{
    fx *f = *state;
    int64_t id = create(f, &f->blitar, temuan("35.05", "2020-10-03"));
    nt_upload *u = NULL;
    nt_err e = {0};
    assert_int_equal(nt_evidence_begin(f->st, &f->blitar, id, "../../etc/tangkapan layar.png",
                                       "image/png", "unggahan FB", 1024, &u, &e),
                     0);
    assert_int_equal(nt_evidence_write(u, "\x89PNG\r\n\x1a\n", 8, &e), 0);
    assert_int_equal(nt_evidence_write(u, "hello", 5, &e), 0);
    json_t *ev = NULL;
    assert_int_equal(nt_evidence_commit(u, &ev, &e), 0);
    assert_string_equal(json_string_value(json_object_get(ev, "nama_berkas")),
                        "tangkapan layar.png");
    assert_string_equal(json_string_value(json_object_get(ev, "jenis")), "image/png");
    unsigned char h[32];
    char hex[65];
    crypto_hash_sha256(h, (const unsigned char *)"\x89PNG\r\n\x1a\nhello", 13);
    sodium_bin2hex(hex, sizeof hex, h, 32);
    assert_string_equal(json_string_value(json_object_get(ev, "sha256")), hex);
    int64_t eid = json_integer_value(json_object_get(ev, "id"));
    json_decref(ev);
    int fd;
    json_t *meta = NULL;
    assert_int_equal(nt_evidence_open(f->st, &f->blitar, eid, &fd, &meta, &e), 0);
    close(fd);
    json_decref(meta);
    assert_int_equal(nt_evidence_open(f->st, &f->trenggalek, eid, &fd, &meta, &e), NT_ENOTFOUND);
    /* Tamper with the stored file: the download is refused. */
    char path[256];
    snprintf(path, sizeof path, "%s/evidence/%.2s/%s", f->dir, hex, hex);
    FILE *fp = fopen(path, "ab");
    assert_non_null(fp);
    fputs("x", fp);
    fclose(fp);
    assert_int_equal(nt_evidence_open(f->st, &f->blitar, eid, &fd, &meta, &e), NT_EIO);
    /* Over the limit: refused, nothing recorded. */
    int64_t n = count(f, "SELECT count(*) FROM evidence");
    assert_int_equal(nt_evidence_begin(f->st, &f->blitar, id, "big.bin", NULL, NULL, 4, &u, &e), 0);
    assert_int_equal(nt_evidence_write(u, "12345", 5, &e), NT_ETOOBIG);
    nt_evidence_abort(u);
    assert_int_equal(count(f, "SELECT count(*) FROM evidence"), n);
}

static void audit_chain_detects_edit_reorder_and_delete(void **state)
{
    fx *f = *state;
    create(f, &f->blitar, temuan("35.05", "2020-10-03"));
    json_t *r = NULL;
    assert_int_equal(nt_audit_verify(f->st, &r), 0);
    assert_true(json_is_true(json_object_get(r, "ok")));
    int64_t n = json_integer_value(json_object_get(r, "entries"));
    assert_true(n > 5);
    json_decref(r);
    nt_db *db = nt_store_db(f->st);
    nt_err e = {0};
    const char *attacks[][2] = {
        {"UPDATE audit SET actor='orang lain' WHERE seq=3",
         "UPDATE audit SET actor=(SELECT actor FROM audit_bak WHERE seq=3) WHERE seq=3"},
        {"DELETE FROM audit WHERE seq=4", "INSERT INTO audit SELECT * FROM audit_bak WHERE seq=4"},
        {"UPDATE audit SET seq=-seq WHERE seq IN (2,3); UPDATE audit SET seq=3 WHERE seq=-2; "
         "UPDATE audit SET seq=2 WHERE seq=-3",
         "DELETE FROM audit; INSERT INTO audit SELECT * FROM audit_bak"},
        {"DELETE FROM audit WHERE seq=(SELECT max(seq) FROM audit)",
         "DELETE FROM audit; INSERT INTO audit SELECT * FROM audit_bak"},
    };
    assert_int_equal(nt_db_exec_script(db, "CREATE TABLE audit_bak AS SELECT * FROM audit", &e), 0);
    for (size_t i = 0; i < sizeof attacks / sizeof *attacks; i++) {
        assert_int_equal(nt_db_exec_script(db, attacks[i][0], &e), 0);
        assert_int_equal(nt_audit_verify(f->st, &r), 0);
        if (json_is_true(json_object_get(r, "ok"))) fail_msg("attack %zu not detected", i);
        json_decref(r);
        assert_int_equal(nt_db_exec_script(db, attacks[i][1], &e), 0);
        assert_int_equal(nt_audit_verify(f->st, &r), 0);
        assert_true(json_is_true(json_object_get(r, "ok")));
        json_decref(r);
    }
    nt_db_exec_script(db, "DROP TABLE audit_bak", &e);
}

static void due_list_shows_overdue_cases_in_scope(void **state)
{
    fx *f = *state;
    int64_t id = create(f, &f->blitar, temuan("35.05", "2020-09-20")); /* found 15 days ago */
    json_t *d = NULL;
    nt_err e = {0};
    assert_int_equal(nt_case_due(f->st, &f->blitar, 3, 0, 0, &d, &e), 0);
    bool seen = false;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(d, "terlambat"), i, row) seen |=
        json_integer_value(json_object_get(row, "id")) == id;
    assert_true(seen);
    json_decref(d);
    assert_int_equal(nt_case_due(f->st, &f->trenggalek, 3, 0, 0, &d, &e), 0);
    json_array_foreach(json_object_get(d, "terlambat"), i, row)
        assert_int_not_equal(json_integer_value(json_object_get(row, "id")), id);
    json_decref(d);
    assert_int_equal(nt_case_due(f->st, &f->blitar, -1, 0, 0, &d, &e), NT_EINVAL);
}

static void handover_moves_the_case_to_the_province(void **state)
{
    fx *f = *state;
    int64_t id = create(f, &f->blitar, temuan("35.05", "2020-10-03"));
    nt_err e = {0};
    assert_int_equal(
        go(f, &f->blitar, id, "dilimpahkan", NULL, json_pack("{ss}", "ke_wilayah", "36"), &e),
        NT_EINVAL);
    assert_int_equal(
        go(f, &f->blitar, id, "dilimpahkan", NULL, json_pack("{ss}", "ke_wilayah", "35"), &e), 0);
    json_t *c = NULL;
    /* Blitar no longer sees it; the province does. */
    assert_int_equal(nt_case_get(f->st, &f->blitar, id, &c, &e), NT_ENOTFOUND);
    nt_actor jatim = actor(0, "jatim", NT_ROLE_BAWASLU, "35", 0);
    assert_int_equal(nt_case_get(f->st, &jatim, id, &c, &e), 0);
    assert_string_equal(json_string_value(json_object_get(c, "kantor")), "35");
    json_decref(c);
}

static void users_and_login(void **state)
{
    fx *f = *state;
    char token[65], csrf[64];
    nt_actor who;
    nt_err e = {0};
    assert_int_equal(nt_login(f->st, "bw.blitar", "salah", "127.0.0.1", token, csrf, &who, &e),
                     NT_EAUTH);
    assert_int_equal(
        nt_login(f->st, "tidak.ada", "rahasia-panjang-1", "127.0.0.1", token, csrf, &who, &e),
        NT_EAUTH);
    assert_int_equal(
        nt_login(f->st, "bw.blitar", "rahasia-panjang-1", "127.0.0.1", token, csrf, &who, &e), 0);
    assert_string_equal(who.region, "35.05");
    nt_actor s;
    char c2[64];
    assert_int_equal(nt_session_lookup(f->st, token, &s, c2), 0);
    assert_string_equal(c2, csrf);
    assert_int_equal(count(f, "SELECT count(*) FROM users WHERE pw_hash LIKE '$argon2id$%'"), 3);
    /* Only the hash of a session token is stored. */
    assert_int_equal(rows_containing(f, "SELECT token_hash FROM sessions", token), 0);
    json_t *in = json_pack("{ss ss ss ss}", "username", "x", "name", "X", "role", "bawaslu",
                           "password", "pendek");
    int64_t id;
    assert_int_equal(nt_user_create(f->st, &f->admin, in, &id, &e), NT_EINVAL);
    assert_int_equal(nt_user_create(f->st, &f->blitar, in, &id, &e), NT_EFORBIDDEN);
    json_decref(in);
    char tok[80];
    assert_int_equal(nt_token_create(f->st, &f->admin, "oto", "integrasi", tok, &e), 0);
    assert_int_equal(nt_token_lookup(f->st, tok, &s), 0);
    assert_int_equal(s.roles, NT_ROLE_OTORITAS);
    tok[10] ^= 1;
    assert_int_equal(nt_token_lookup(f->st, tok, &s), NT_EAUTH);
}

static int go_plain(fx *f, const nt_actor *a, int64_t id, const char *to, const char *nip,
                    const char *reason, json_t *data, json_t **out, nt_err *e)
{
    json_t *in = json_pack("{ss}", "ke", to);
    if (reason) json_object_set_new(in, "alasan", json_string(reason));
    if (nip) json_object_set_new(in, "nip", json_string(nip));
    if (data) json_object_set_new(in, "data", data);
    json_t *o = NULL;
    int rc = nt_case_transition(f->st, a, id, in, &o, e);
    json_decref(in);
    if (out)
        *out = o;
    else
        json_decref(o);
    return rc;
}

static void set_today(int y, int m, int d)
{
    nt_clock_set((int64_t)nt_date_from_ymd(y, m, d) * 86400 + 3 * 3600);
}

/* A laporan filed more than 7 days after the reporter learned of the event fails the formal
 * requirement; its information can become an informasi awal and then a temuan. */
static void a_late_laporan_is_not_registrable_but_its_information_can_be_used(void **state)
{
    fx *f = *state;
    json_t *in = temuan("35.05", "2020-09-25"); /* known 10 days ago */
    json_object_set_new(in, "jalur", json_string("laporan"));
    json_object_set_new(in, "tanggal_kejadian", json_string("2020-09-25"));
    json_object_set_new(in, "pelapor", json_pack("{ss}", "nama", "Warga Pelapor"));
    json_t *out = NULL;
    nt_err e = {0};
    assert_int_equal(nt_case_create(f->st, &f->blitar, in, &out, &e), 0);
    json_decref(in);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    assert_true(json_is_true(json_object_get(out, "terlambat")));
    json_decref(out);
    assert_int_equal(go_plain(f, &f->blitar, id, "kajian_awal", NULL, NULL, NULL, NULL, &e), 0);
    assert_int_equal(go_plain(f, &f->blitar, id, "diregistrasi", NULL, NULL, NULL, NULL, &e),
                     NT_EINVAL);
    assert_non_null(strstr(e.msg, "syarat formal"));
    assert_string_equal(state_of(f, id), "kajian_awal");
    /* Bawaslu learned of it today: its own 7 days start now */
    assert_int_equal(
        go_plain(f, &f->blitar, id, "informasi_awal", NULL, "laporan lewat waktu", NULL, NULL, &e),
        0);
    assert_int_equal(go_plain(f, &f->blitar, id, "temuan", NULL, NULL, NULL, NULL, &e), 0);
    assert_int_equal(go_plain(f, &f->blitar, id, "diregistrasi", NULL, NULL, NULL, &out, &e), 0);
    assert_non_null(strstr(json_string_value(json_object_get(out, "reg_no")), "/Reg/TM/"));
    json_decref(out);
    /* ...but not once Bawaslu's own window has closed */
    in = temuan("35.05", "2020-09-25");
    json_object_set_new(in, "jalur", json_string("informasi_awal"));
    int64_t late = create(f, &f->blitar, in);
    assert_int_equal(go_plain(f, &f->blitar, late, "temuan", NULL, NULL, NULL, NULL, &e),
                     NT_EINVAL);
    assert_string_equal(state_of(f, late), "informasi_awal");
}

static void a_late_temuan_lapses_and_evidence_is_required(void **state)
{
    fx *f = *state;
    nt_err e = {0};
    json_t *out = NULL;
    json_t *in = temuan("35.05", "2020-09-20");
    assert_int_equal(nt_case_create(f->st, &f->blitar, in, &out, &e), 0);
    json_decref(in);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    assert_true(json_is_true(json_object_get(out, "terlambat")));
    json_decref(out);
    assert_int_equal(go_plain(f, &f->blitar, id, "diregistrasi", NULL, NULL, NULL, NULL, &e),
                     NT_EINVAL);
    assert_non_null(strstr(e.msg, "daluarsa"));
    assert_int_equal(go_plain(f, &f->blitar, id, "daluarsa", NULL, "lewat 7 hari", NULL, NULL, &e),
                     0);
    /* no file, witness or described document */
    in = temuan("35.05", "2020-10-04");
    json_object_del(in, "daftar_bukti");
    id = create(f, &f->blitar, in);
    assert_int_equal(go_plain(f, &f->blitar, id, "diregistrasi", NULL, NULL, NULL, NULL, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "bukti");
    json_t *w = json_pack("{s[{ss}]}", "saksi", "nama", "Saksi Satu");
    assert_int_equal(nt_case_update(f->st, &f->blitar, id, w, &e), 0);
    json_decref(w);
    assert_int_equal(go_plain(f, &f->blitar, id, "diregistrasi", NULL, NULL, NULL, NULL, &e), 0);
}

static void an_informasi_awal_becomes_a_laporan_only_with_its_reporter(void **state)
{
    fx *f = *state;
    nt_err e = {0};
    json_t *in = temuan("35.05", "2020-10-04");
    json_object_set_new(in, "jalur", json_string("informasi_awal"));
    int64_t id = create(f, &f->blitar, in);
    assert_int_equal(go_plain(f, &f->blitar, id, "laporan_diterima", NULL, NULL, NULL, NULL, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "pelapor");
    json_t *r = json_pack("{s{ss}}", "pelapor", "nama", "Pelapor Datang Langsung");
    assert_int_equal(nt_case_update(f->st, &f->blitar, id, r, &e), 0);
    json_decref(r);
    json_t *out = NULL;
    assert_int_equal(go_plain(f, &f->blitar, id, "laporan_diterima", NULL, NULL, NULL, &out, &e),
                     0);
    assert_non_null(json_string_value(json_object_get(out, "kode_tanda_terima")));
    json_decref(out);
    assert_int_equal(go_plain(f, &f->blitar, id, "kajian_awal", NULL, NULL, NULL, NULL, &e), 0);
    assert_int_equal(go_plain(f, &f->blitar, id, "diregistrasi", NULL, NULL, NULL, &out, &e), 0);
    assert_non_null(strstr(json_string_value(json_object_get(out, "reg_no")), "/Reg/LP/"));
    json_decref(out);
    json_t *c = NULL;
    nt_case_get(f->st, &f->blitar, id, &c, &e);
    assert_string_equal(json_string_value(json_object_get(c, "jalur")), "laporan");
    json_decref(c);
}

static int64_t forwarded_case(fx *f, const char *nip, const char *code, const char *known)
{
    nt_err e = {0};
    json_t *in = temuan("35.05", known);
    json_object_set_new(in, "terlapor", json_pack("[s]", nip));
    json_object_set_new(in, "pelanggaran", json_pack("[s]", code));
    int64_t id = create(f, &f->blitar, in);
    static const char *steps[] = {"diregistrasi", "kajian", "diteruskan"};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(go(f, &f->blitar, id, steps[i], NULL, NULL, &e), 0);
    return id;
}

/* The recommendation offers the ladder for this ASN on the date of the act, with the
 * catalogue's level, and a different level needs a written reason. */
static void a_recommendation_follows_the_catalogue_and_the_asn(void **state)
{
    fx *f = *state;
    nt_err e = {0};
    const char *pns = "198703122010011004", *pppk = "199001012022212001";
    int64_t id = forwarded_case(f, pns, "D2", "2020-10-04");
    json_t *c = NULL;
    nt_case_get(f->st, &f->otoritas, id, &c, &e);
    json_t *party = json_array_get(json_object_get(c, "terlapor"), 0);
    assert_string_equal(json_string_value(json_object_get(party, "tingkat_katalog")), "berat");
    json_t *steps = json_object_get(party, "langkah_berikut"), *st;
    size_t i, k;
    json_t *rec_opts = NULL;
    json_array_foreach(steps, i, st)
    {
        if (strcmp(json_string_value(json_object_get(st, "ke")), "rekomendasi_terbit")) continue;
        json_t *in;
        json_array_foreach(
            json_object_get(st, "isian"), k,
            in) if (!strcmp(json_string_value(json_object_get(in, "nama")), "sanksi")) rec_opts =
            json_object_get(in, "pilihan_list");
    }
    assert_non_null(rec_opts);
    json_t *o;
    int selected = 0;
    json_array_foreach(rec_opts, i, o)
    {
        const char *v = json_string_value(json_object_get(o, "value"));
        assert_true(strncmp(v, "PP53/2010|", 10) == 0); /* the act is of 2020: PP 53/2010 */
        if (json_is_true(json_object_get(o, "selected"))) {
            selected++;
            assert_string_equal(v, "PP53/2010|turun_pangkat_3"); /* the first heavy one */
        }
    }
    assert_int_equal(selected, 1);
    json_decref(c);
    /* a light sanction for a heavy violation needs its reason */
    json_t *rec = json_pack("{ss ss ss}", "sanksi", "PP53/2010|teguran_lisan", "nomor", "R-1",
                            "tanggal", "2020-10-05");
    assert_int_equal(
        go_plain(f, &f->otoritas, id, "rekomendasi_terbit", pns, NULL, json_incref(rec), NULL, &e),
        NT_EINVAL);
    assert_string_equal(e.field, "alasan");
    /* the regulation not yet in force at the date of the act is refused */
    json_object_set_new(rec, "sanksi", json_string("PP94/2021|turun_jabatan_12"));
    assert_int_equal(
        go_plain(f, &f->otoritas, id, "rekomendasi_terbit", pns, NULL, json_incref(rec), NULL, &e),
        NT_EINVAL);
    assert_string_equal(e.field, "data.sanksi");
    json_object_set_new(rec, "sanksi", json_string("PP53/2010|teguran_lisan"));
    assert_int_equal(go_plain(f, &f->otoritas, id, "rekomendasi_terbit", pns,
                              "terlapor baru pertama kali dan mengakui", rec, NULL, &e),
                     0);
    /* a PPPK (appointed 2022) gets the PPPK ladder */
    set_today(2024, 10, 5);
    int64_t id2 = forwarded_case(f, pppk, "D2", "2024-10-04");
    json_t *bad = json_pack("{ss ss ss}", "sanksi", "PP94/2021|turun_jabatan_12", "nomor", "R-2",
                            "tanggal", "2024-10-05");
    assert_int_equal(
        go_plain(f, &f->otoritas, id2, "rekomendasi_terbit", pppk, NULL, bad, NULL, &e), NT_EINVAL);
    assert_non_null(strstr(e.msg, "PPPK"));
    json_t *ok = json_pack("{ss ss ss}", "sanksi", "PP49/2018|putus_hubungan_kerja_hormat", "nomor",
                           "R-3", "tanggal", "2024-10-05");
    int rc = go_plain(f, &f->otoritas, id2, "rekomendasi_terbit", pppk, NULL, ok, NULL, &e);
    if (rc) fail_msg("%d %s", rc, e.msg);
    set_today(2020, 10, 5);
}

/* The authority shown on a case is the one in office on the day it was forwarded. */
static void the_authority_is_the_one_in_office_on_the_day_of_each_act(void **state)
{
    fx *f = *state;
    nt_err e = {0};
    set_today(2024, 8, 20);
    int64_t id = forwarded_case(f, "198703122010011004", "D2", "2024-08-19");
    set_today(2024, 9, 2);
    json_t *rec = json_pack("{ss ss ss}", "sanksi", "PP94/2021|turun_jabatan_12", "nomor", "R-9",
                            "tanggal", "2024-09-02");
    assert_int_equal(go_plain(f, &f->otoritas, id, "rekomendasi_terbit", "198703122010011004", NULL,
                              rec, NULL, &e),
                     0);
    json_t *c = NULL;
    nt_case_get(f->st, &f->blitar, id, &c, &e);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(c, "otoritas"), "singkatan")), "KASN");
    json_t *party = json_array_get(json_object_get(c, "terlapor"), 0);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(party, "rekomendasi"), "otoritas")),
        "BKN");
    json_decref(c);
    set_today(2020, 10, 5);
}

/* Walks every state of the rules: the store's reference tables, its due list and its edit rule
 * agree with rules/workflow.c, so a new state cannot be half-added. */
static void the_store_agrees_with_the_rules_for_every_state(void **state)
{
    fx *f = *state;
    nt_err e = {0};
    for (int i = 0; i < NT_ST__COUNT; i++) {
        char sql[200];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM rule_case_states WHERE name='%s' AND final=%d AND "
                 "editable=%d",
                 nt_case_state_name(i), nt_case_state_final(i), nt_case_editable(i));
        assert_int_equal(count(f, sql), 1);
        /* a case put in this state is editable and due exactly as the rules say */
        int64_t id = create(f, &f->blitar, temuan("35.05", "2020-10-04"));
        snprintf(sql, sizeof sql, "UPDATE cases SET state='%s' WHERE id=%lld",
                 nt_case_state_name(i), (long long)id);
        assert_int_equal(nt_db_exec_script(nt_store_db(f->st), sql, &e), 0);
        assert_int_equal(nt_store_deadlines_refresh(f->st, id), 0); /* changed behind its back */
        json_t *w = json_pack("{ss}", "tempat", "Kantor Desa");
        int rc = nt_case_update(f->st, &f->blitar, id, w, &e);
        json_decref(w);
        assert_int_equal(rc == 0, nt_case_editable(i));
        json_t *due = NULL;
        assert_int_equal(nt_case_due(f->st, &f->admin, 365, 0, 0, &due, &e), 0);
        bool listed = false;
        size_t k;
        json_t *row;
        static const char *groups[] = {"terlambat", "segera"};
        for (int g = 0; g < 2; g++)
            json_array_foreach(json_object_get(due, groups[g]), k, row) listed |=
                json_integer_value(json_object_get(row, "id")) == id;
        json_decref(due);
        nt_due d;
        nt_clock_input in = {.known = nt_date_from_ymd(2020, 10, 4),
                             .entered = nt_today(),
                             .registered = nt_today(),
                             .received = nt_today(),
                             .extended = false};
        bool clocked =
            nt_deadline_case(&f->rules, nt_rules_regime(&f->rules, "pilkada"), i, &in, &d) == 0;
        if (listed != (clocked && !nt_case_state_final(i)))
            fail_msg("state %s: listed %d, clock %d", nt_case_state_name(i), listed, clocked);
    }
    for (int i = 0; i < NT_PS__COUNT; i++) {
        char sql[240];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM rule_party_states WHERE name='%s' AND final=%d AND "
                 "with_authority=%d AND with_ppk=%d AND stopped=%d",
                 nt_party_state_name(i), nt_party_state_final(i), nt_party_with_authority(i),
                 nt_party_with_ppk(i), nt_party_stopped(i));
        assert_int_equal(count(f, sql), 1);
    }
}

/* The name matcher's answers for the attendance test: "Budi" is one sure person, "Siti R"
 * could be either of two (close scores), anyone else no one on the roster. */
static int table_resolver(void *ctx, const char *name, const char *clue, nt_name_match *out,
                          int max)
{
    (void)ctx, (void)clue;
    if (strstr(name, "Budi") && max >= 1) {
        strcpy(out[0].nip, "198703122010011004");
        out[0].confidence = 0.97;
        return 1;
    }
    if (strstr(name, "Siti") && max >= 2) {
        strcpy(out[0].nip, "197501052000032002");
        out[0].confidence = 0.60;
        strcpy(out[1].nip, "199001012022212001");
        out[1].confidence = 0.58;
        return 2;
    }
    return 0;
}

static int attend(fx *f, int64_t id, const char *csv, json_t *choices, unsigned flags, json_t **rep,
                  nt_err *e)
{
    json_decref(*rep);
    *rep = NULL;
    return nt_attendance_import(f->st, &f->blitar, id, csv, strlen(csv), table_resolver, NULL,
                                choices, flags, rep, e);
}

static void an_attendance_list_waits_for_the_officer_and_is_written_whole(void **state)
{
    fx *f = *state;
    nt_err e = {0};
    json_t *ev =
        json_pack("{ss ss ss ss ss ss s[s] si}", "judul", "Sosialisasi netralitas", "jenis",
                  "sosialisasi", "tanggal", "2020-10-01", "cara", "luring", "tempat", "Pendopo",
                  "penyelenggara", "Bawaslu Kabupaten Blitar", "sasaran", "camat", "peserta", 40);
    int64_t id = 0, other = 0;
    assert_int_equal(nt_event_create(f->st, &f->blitar, ev, &id, &e), 0);
    json_object_set_new(ev, "tanggal", json_string("2020-12-01")); /* not held yet */
    assert_int_equal(nt_event_create(f->st, &f->blitar, ev, &other, &e), NT_EINVAL);
    assert_string_equal(e.field, "tanggal");
    json_decref(ev);
    assert_int_equal(count(f, "SELECT count(*) FROM events"), 1);
    /* line 2 a NIP; 3 a sure name; 4 an unsure one; 5 a malformed NIP; 6 Trenggalek's ASN */
    const char *csv = "nip,nama\n197501052000032002,\n,Budi Santoso\n,Siti R\n123,\n"
                      "198011202005011003,\n";
    json_t *rep = NULL, *choices = json_pack("{ss}", "4", "198011202005011003");
    const char *audit = "SELECT count(*) FROM audit WHERE action='acara.hadir'";
    int64_t audited = count(f, audit);
    assert_int_equal(attend(f, id, csv, NULL, NT_ATTEND_WRITE | NT_ATTEND_SKIP_BAD, &rep, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "pilihan"); /* the unsure name first */
    assert_int_equal(json_integer_value(json_object_get(rep, "ragu_jumlah")), 1);
    assert_int_equal(json_integer_value(json_object_get(rep, "salah_jumlah")), 2);
    assert_int_equal(json_integer_value(json_object_get(rep, "cocok_nama")), 1);
    /* a NIP that is not one of the line's candidates is no answer */
    assert_int_equal(attend(f, id, csv, choices, NT_ATTEND_WRITE | NT_ATTEND_SKIP_BAD, &rep, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "pilihan");
    /* answered, but the bad lines not left out on purpose */
    json_object_set_new(choices, "4", json_string("199001012022212001"));
    assert_int_equal(attend(f, id, csv, choices, NT_ATTEND_WRITE, &rep, &e), NT_EINVAL);
    assert_string_equal(e.field, "berkas");
    assert_int_equal(count(f, "SELECT count(*) FROM event_attendance"), 0);
    assert_int_equal(count(f, audit), audited);
    /* answered and skipped: the three people, one audit entry */
    assert_int_equal(attend(f, id, csv, choices, NT_ATTEND_WRITE | NT_ATTEND_SKIP_BAD, &rep, &e),
                     0);
    assert_int_equal(count(f, "SELECT count(*) FROM event_attendance"), 3);
    assert_int_equal(count(f, "SELECT count(*) FROM event_attendance WHERE nip="
                              "'199001012022212001' AND matched_by='konfirmasi'"),
                     1);
    assert_int_equal(count(f, audit), audited + 1);
    /* the same list again adds no one */
    assert_int_equal(attend(f, id, csv, choices, NT_ATTEND_SKIP_BAD, &rep, &e), 0);
    assert_int_equal(json_integer_value(json_object_get(rep, "sudah_tercatat")), 3);
    json_decref(rep);
    json_decref(choices);
    /* another office's event is not found */
    assert_int_equal(nt_event_get(f->st, &f->trenggalek, id, &ev, &e), NT_ENOTFOUND);
}

static void the_risk_index_keeps_a_history_row_only_for_a_change(void **state)
{
    fx *f = *state;
    nt_err e = {0};
    int changed = 0;
    const char *blitar = "SELECT count(*) FROM risk_history WHERE region='35.05'";
    const char *trenggalek = "SELECT count(*) FROM risk_history WHERE region='35.03'";
    assert_int_equal(nt_risk_refresh(f->st, true, &changed, &e), 0);
    assert_true(changed > 0);
    assert_int_equal(count(f, blitar), 1);
    assert_int_equal(nt_risk_refresh(f->st, true, &changed, &e), 0);
    assert_int_equal(changed, 0);
    /* a pledge moves Blitar's prevention figure, and only Blitar's (and its province's) */
    int64_t before = count(f, trenggalek);
    json_t *p = json_pack("{ss ss ss}", "nip", "198703122010011004", "tanggal", "2020-10-01",
                          "cara", "kertas");
    assert_int_equal(nt_pledge_record(f->st, &f->blitar, p, &e), 0);
    json_decref(p);
    assert_int_equal(nt_risk_refresh(f->st, true, &changed, &e), 0);
    assert_true(changed >= 1);
    assert_int_equal(count(f, blitar), 2);
    assert_int_equal(count(f, trenggalek), before);
    json_t *out = NULL;
    assert_int_equal(nt_risk_region(f->st, &f->blitar, "35.05", &out, &e), 0);
    assert_int_equal(json_array_size(json_object_get(out, "riwayat")), 2);
    json_decref(out);
    /* the neighbour's index is outside the office's region */
    assert_int_equal(nt_risk_region(f->st, &f->blitar, "35.03", &out, &e), NT_ENOTFOUND);
}

/* A laporan from the public portal about Blitar's 2020 election, by "Warga" (with an e-mail
 * address if given); its receipt code in code, its id returned. */
static int64_t public_report(fx *f, const char *narrative, const char *email, char code[40])
{
    nt_err e = {0};
    nt_actor pub = {0};
    nt_strlcpy(pub.username, "publik", sizeof pub.username);
    json_t *in = json_pack("{ss ss ss ss ss s{ss}}", "jalur", "laporan", "kantor", "35.05",
                           "pemilihan", "pilbup-blitar-2020", "tanggal_diketahui", "2020-10-05",
                           "uraian", narrative, "pelapor", "nama", "Warga");
    if (email) json_object_set_new(json_object_get(in, "pelapor"), "email", json_string(email));
    json_t *out = NULL;
    assert_int_equal(nt_case_create(f->st, &pub, in, &out, &e), 0);
    json_decref(in);
    nt_strlcpy(code, json_string_value(json_object_get(out, "kode_tanda_terima")), 40);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    return id;
}

static void a_report_completed_after_its_deadline_is_refused_but_messages_still_go(void **state)
{
    fx *f = *state;
    nt_err e = {0};
    json_t *out = NULL;
    char code[40];
    int64_t id = public_report(f, "ASN mengajak memilih nomor 1", NULL, code);
    assert_true(id > 0 && code[0]);
    assert_int_equal(go(f, &f->blitar, id, "kajian_awal", NULL, NULL, &e), 0);
    assert_int_equal(go(f, &f->blitar, id, "perlu_dilengkapi", NULL, NULL, &e), 0);
    /* two weeks later the completion window (3 working days) has closed */
    nt_clock_set((int64_t)nt_date_from_ymd(2020, 10, 19) * 86400 + 3 * 3600);
    json_t *msg = json_pack("{ss sb}", "pesan", "Ini kelengkapannya", "lengkapi", 1);
    assert_int_equal(nt_case_reporter_write(f->st, code, msg, NULL, 0, &out, &e), NT_ECONFLICT);
    assert_non_null(strstr(e.msg, "sudah lewat"));
    assert_int_equal(count(f, "SELECT count(*) FROM case_messages"), 0);
    assert_string_equal(state_of(f, id), "perlu_dilengkapi");
    /* a plain message still reaches the team, and the case stays where it is */
    json_object_set_new(msg, "lengkapi", json_false());
    assert_int_equal(nt_case_reporter_write(f->st, code, msg, NULL, 0, &out, &e), 0);
    json_decref(out);
    json_decref(msg);
    assert_int_equal(count(f, "SELECT count(*) FROM case_messages WHERE sender='pelapor'"), 1);
    assert_string_equal(state_of(f, id), "perlu_dilengkapi");
    /* the reporter may take no other step: the rules give the role only the completion */
    nt_actor pel = {.roles = NT_ROLE_PELAPOR};
    assert_int_not_equal(go(f, &pel, id, "diregistrasi", NULL, NULL, &e), 0);
}

static void a_message_is_sent_once_retried_after_an_error_and_held_after_a_crash(void **state)
{
    fx *f = *state;
    nt_err e = {0};
    char code[40];
    public_report(f, "ASN membagikan stiker", "warga@example.org", code);
    const char *sql = "SELECT count(*) FROM outbox WHERE state='antre' AND kind='tanda_terima'";
    assert_int_equal(count(f, sql), 1);
    /* neither the address nor the receipt code the message carries is in the table in clear */
    assert_int_equal(rows_containing(f, "SELECT recipient_enc FROM outbox", "warga@"), 0);
    assert_int_equal(rows_containing(f, "SELECT body FROM outbox", code), 0);
    int64_t t0 = nt_now();
    /* an error: tried again after the first wait of the rule data, not before */
    json_t *due = NULL;
    assert_int_equal(nt_outbox_claim(f->st, "email", 60, 10, &due), 0);
    assert_int_equal(json_array_size(due), 1);
    json_t *m = json_array_get(due, 0);
    assert_string_equal(json_string_value(json_object_get(m, "to")), "warga@example.org");
    assert_non_null(strstr(json_string_value(json_object_get(m, "body")), code));
    int64_t id = json_integer_value(json_object_get(m, "id"));
    assert_int_equal(nt_outbox_result(f->st, id, 0, "server SMTP tidak menjawab"), 0);
    json_decref(due);
    assert_int_equal(nt_outbox_claim(f->st, "email", 60, 10, &due), 0);
    assert_int_equal(json_array_size(due), 0); /* waiting */
    json_decref(due);
    nt_clock_set(t0 + f->rules.notify_backoff_s[0] + 1);
    assert_int_equal(nt_outbox_claim(f->st, "gateway", 60, 10, &due), 0);
    assert_int_equal(json_array_size(due), 0); /* not this sender's channel */
    json_decref(due);
    assert_int_equal(nt_outbox_claim(f->st, "email", 60, 10, &due), 0);
    assert_int_equal(json_array_size(due), 1);
    json_decref(due);
    /* the sender stops while it holds the message: not sent again by itself */
    nt_clock_set(t0 + f->rules.notify_backoff_s[0] + 62);
    assert_int_equal(nt_outbox_claim(f->st, "email", 60, 10, &due), 0);
    assert_int_equal(json_array_size(due), 0);
    json_decref(due);
    assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE state='gagal' AND last_error LIKE"
                              " '%mungkin sudah terkirim%'"),
                     1);
    /* the administrator sends it again; once sent it is never claimed again */
    int n = 0;
    assert_int_equal(nt_outbox_retry_failed(f->st, &f->admin, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(nt_outbox_retry_failed(f->st, &f->blitar, &n, &e), NT_EFORBIDDEN);
    assert_int_equal(nt_outbox_claim(f->st, "email", 60, 10, &due), 0);
    assert_int_equal(json_array_size(due), 1);
    id = json_integer_value(json_object_get(json_array_get(due, 0), "id"));
    json_decref(due);
    assert_int_equal(nt_outbox_result(f->st, id, 0, NULL), 0);
    nt_clock_set(t0 + 100000);
    assert_int_equal(nt_outbox_claim(f->st, "email", 60, 10, &due), 0);
    assert_int_equal(json_array_size(due), 0);
    json_decref(due);
    assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE state='terkirim'"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(roster_with_errors_imports_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(roster_header_and_encoding_are_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(case_intake_rejects_bad_input_and_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(full_lifecycle_to_sanction_and_close, setup, teardown),
        cmocka_unit_test_setup_teardown(registration_numbers_have_no_gaps_per_office_and_year,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(reporter_identity_is_encrypted_and_views_are_logged, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(evidence_is_hashed_and_verified_on_read, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_chain_detects_edit_reorder_and_delete, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(due_list_shows_overdue_cases_in_scope, setup, teardown),
        cmocka_unit_test_setup_teardown(handover_moves_the_case_to_the_province, setup, teardown),
        cmocka_unit_test_setup_teardown(users_and_login, setup, teardown),
        cmocka_unit_test_setup_teardown(
            a_late_laporan_is_not_registrable_but_its_information_can_be_used, setup, teardown),
        cmocka_unit_test_setup_teardown(a_late_temuan_lapses_and_evidence_is_required, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_informasi_awal_becomes_a_laporan_only_with_its_reporter,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_recommendation_follows_the_catalogue_and_the_asn, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_authority_is_the_one_in_office_on_the_day_of_each_act,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            an_attendance_list_waits_for_the_officer_and_is_written_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(the_risk_index_keeps_a_history_row_only_for_a_change, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            a_report_completed_after_its_deadline_is_refused_but_messages_still_go, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            a_message_is_sent_once_retried_after_an_error_and_held_after_a_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(the_store_agrees_with_the_rules_for_every_state, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
