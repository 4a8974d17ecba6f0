/*
 * test_patrol.c - the engine on one item at a time: verdicts, reasons with
 * spans, interactions, negation and neutral contexts, violation codes before
 * and after candidates were confirmed, and account linking.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "patrol/patrol.h"

static nt_patrol *p;
static nt_patrol_worker *w;
static char roster_path[64];

static const char election[] =
    "{\"id\":\"uji\",\"name\":\"Uji\",\"kind\":\"bupati\",\"region\":\"35.05\","
    "\"voting_date\":\"2020-12-09\",\"campaign_start\":\"2020-09-26\",\"candidates\":["
    "{\"number\":1,\"names\":[\"Hartono Wicaksono\"],\"nicknames\":[\"Mas "
    "Har\"],\"slogans\":[\"Blitar Maju\"],"
    "\"hashtags\":[\"#HarUntukBlitar\"],\"accounts\":[\"facebook:har.official\"]},"
    "{\"number\":2,\"names\":[\"Bambang Nugroho\"],\"nicknames\":[\"Pak Bams\"]}]}";

static const char roster[] =
    "nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,kode_wilayah,akun\n"
    "198703122010011004,\"Budi Santoso, S.Pd.\",Guru,fungsional,III/c,Pemkab Blitar,SDN 1 "
    "Kanigoro,35.05,facebook:budi.guru\n"
    "197501052000032002,Dra. Siti Rahayu Wulandari,Kepala Dinas,jpt,IV/c,Pemkab Blitar,Dinas "
    "Sosial,35.05,\n"
    "198001012005011001,Agus Setiawan,Staf,pelaksana,II/a,Pemkab Blitar,Dinas Sosial,35.05,\n"
    "198101012005011002,Agus Setiawan,Staf,pelaksana,II/a,Pemkab Blitar,Kecamatan Talun,35.05,\n"
    "199203142019031005,Dede Kurniawan,Penyuluh,fungsional,III/a,Pemkab Blitar,Dinas Pertanian,"
    "35.05,facebook:dede.kurnia; IG:@Dede.Foto\n";

static int setup(void **state)
{
    strcpy(roster_path, "/tmp/netral-roster-XXXXXX");
    int fd = mkstemp(roster_path);
    if (fd < 0 || write(fd, roster, sizeof roster - 1) != (ssize_t)(sizeof roster - 1)) return -1;
    close(fd);
    json_t *el = json_loads(election, 0, NULL);
    nt_patrol_options o = {.data_dir = NT_TEST_DATADIR, .election = el, .roster_path = roster_path};
    nt_err e = {0};
    int rc = nt_patrol_new(&o, &p, &e);
    json_decref(el);
    if (rc) {
        print_error("%s\n", e.msg);
        return -1;
    }
    w = nt_patrol_worker_new(p);
    if (!w) return -1;
    nt_patrol_worker_want_clear(w, true); /* these tests look at clear items too */
    return 0;
}

static int teardown(void **state)
{
    nt_patrol_worker_free(w);
    nt_patrol_free(p);
    unlink(roster_path);
    return 0;
}

static json_t *run(const char *item_json)
{
    json_t *item = json_loads(item_json, 0, NULL);
    assert_non_null(item);
    json_t *out = NULL;
    nt_err e = {0};
    assert_int_equal(nt_patrol_item(w, item, item_json, strlen(item_json), "uji.jsonl", &out, &e),
                     0);
    json_decref(item);
    return out;
}

static const char *verdict(json_t *f)
{
    return json_string_value(json_object_get(f, "verdict"));
}

static bool has_rule(json_t *f, const char *prefix)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(f, "reasons"), i,
                       r) if (!strncmp(json_string_value(json_object_get(r, "rule")), prefix,
                                       strlen(prefix))) return true;
    return false;
}

static void explicit_support_is_partisan_with_spans(void **state)
{
    const char *text = "Ayo 𝐩𝐢𝐥𝐢𝐡 Mas Har nomor 01 ☝";
    char item[512];
    snprintf(item, sizeof item,
             "{\"platform\":\"facebook\",\"id\":\"a\",\"kind\":\"post\",\"created_at\":\"2020-10-"
             "10T08:00:00+07:00\","
             "\"author\":{\"handle\":\"x\"},\"text\":\"%s\"}",
             text);
    json_t *f = run(item);
    assert_string_equal(verdict(f), "partisan");
    assert_int_equal(json_integer_value(json_object_get(f, "candidate")), 1);
    assert_string_equal(json_string_value(json_object_get(f, "violation")), "D2");
    size_t i;
    json_t *r;
    bool found = false;
    json_array_foreach(json_object_get(f, "reasons"), i, r)
    {
        if (strcmp(json_string_value(json_object_get(r, "rule")), "dukungan:ajakan_memilih"))
            continue;
        json_t *span = json_object_get(r, "span");
        int s = (int)json_integer_value(json_array_get(span, 0)),
            e = (int)json_integer_value(json_array_get(span, 1));
        assert_memory_equal(text + s, "𝐩𝐢𝐥𝐢𝐡", (size_t)(e - s));
        assert_string_equal(json_string_value(json_object_get(r, "normalized")), "pilih");
        found = true;
    }
    assert_true(found);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(f, "evidence"), "source")), "uji.jsonl");
    assert_int_equal(
        strlen(json_string_value(json_object_get(json_object_get(f, "evidence"), "sha256"))), 64);
    json_decref(f);
}

static void before_confirmation_it_is_an_ethics_breach(void **state)
{
    json_t *f = run("{\"id\":\"b\",\"kind\":\"post\",\"created_at\":\"2020-08-01T08:00:00+07:00\","
                    "\"author\":{\"handle\":\"x\"},\"text\":\"Dukung Pak Bams!\"}");
    assert_string_equal(verdict(f), "partisan");
    assert_int_equal(json_integer_value(json_object_get(f, "candidate")), 2);
    assert_string_equal(json_string_value(json_object_get(f, "violation")), "E2");
    json_decref(f);
}

static void hard_negatives_are_not_partisan(void **state)
{
    const char *texts[] = {
        "Bawaslu mengingatkan ASN menjaga netralitas, jangan dukung calon mana pun",
        "Jangan pilih siapa pun yang membagi uang",
        "Ibu nomor 1 di hati",
        "Ayo dukung Persib menang!",
        "Jangan golput, ayo pilih pada 9 Desember",
        "Diduga mendukung Mas Har, seorang guru dilaporkan ke Bawaslu",
        "Lomba RT 03 dimenangkan warga",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char item[512];
        snprintf(
            item, sizeof item,
            "{\"id\":\"n%zu\",\"kind\":\"post\",\"author\":{\"handle\":\"x\"},\"text\":\"%s\"}", i,
            texts[i]);
        json_t *f = run(item);
        if (!strcmp(verdict(f), "partisan")) fail_msg("'%s' judged partisan", texts[i]);
        json_decref(f);
    }
}

static void negative_campaigning_goes_to_a_human(void **state)
{
    json_t *f = run("{\"id\":\"c\",\"kind\":\"post\",\"author\":{\"handle\":\"x\"},\"text\":"
                    "\"Jangan pilih Mas Har!\"}");
    assert_string_equal(verdict(f), "review");
    assert_true(has_rule(f, "negasi"));
    json_decref(f);
}

static void liking_a_candidate_account_is_evidence(void **state)
{
    json_t *f =
        run("{\"platform\":\"facebook\",\"id\":\"d\",\"kind\":\"like\",\"created_at\":\"2020-10-"
            "10T08:00:00+07:00\","
            "\"author\":{\"handle\":\"x\"},\"target\":{\"author\":{\"handle\":\"har.official\"},"
            "\"text\":\"Terima kasih warga Talun\"}}");
    assert_string_equal(verdict(f), "partisan");
    assert_string_equal(json_string_value(json_object_get(f, "violation")), "D6");
    assert_true(has_rule(f, "interaksi:akun_kandidat"));
    json_decref(f);
    f = run("{\"id\":\"e\",\"kind\":\"share\",\"author\":{\"handle\":\"x\"},\"target\":{\"author\":"
            "{\"handle\":\"warga\"},\"text\":\"Coblos Mas Har, lanjutkan!\"}}");
    assert_string_equal(verdict(f), "partisan");
    json_decref(f);
    f = run("{\"id\":\"f\",\"kind\":\"like\",\"author\":{\"handle\":\"x\"},\"target\":{\"author\":"
            "{\"handle\":\"berita\"},\"text\":\"Jadwal posyandu pekan ini\"}}");
    assert_string_equal(verdict(f), "clear");
    json_decref(f);
}

static void linking_by_handle_name_and_profile(void **state)
{
    json_t *f = run("{\"platform\":\"facebook\",\"id\":\"g\",\"kind\":\"post\",\"author\":{"
                    "\"handle\":\"Budi.Guru\"},\"text\":\"halo\"}");
    assert_string_equal(json_string_value(json_object_get(f, "nip")), "198703122010011004");
    assert_string_equal(json_string_value(json_object_get(json_object_get(f, "link"), "method")),
                        "handle");
    json_decref(f);
    /* name plus a profile that fits: a link */
    f = run("{\"id\":\"h\",\"kind\":\"post\",\"author\":{\"handle\":\"s\",\"name\":\"Siti Rahayu "
            "Wulandari\","
            "\"bio\":\"Kepala Dinas Sosial, ASN Pemkab Blitar\"},\"text\":\"halo\"}");
    assert_string_equal(json_string_value(json_object_get(f, "nip")), "197501052000032002");
    json_decref(f);
    /* the name alone: only a suggestion */
    f = run("{\"id\":\"i\",\"kind\":\"post\",\"author\":{\"handle\":\"s2\",\"name\":\"Siti Rahayu "
            "Wulandari\"},\"text\":\"halo\"}");
    assert_true(json_is_null(json_object_get(f, "nip")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(f, "suggestion"), "nip")),
                        "197501052000032002");
    json_decref(f);
    /* two civil servants with the same name: never a link */
    f = run(
        "{\"id\":\"j\",\"kind\":\"post\",\"author\":{\"handle\":\"a\",\"name\":\"Agus Setiawan\","
        "\"bio\":\"PNS guru ASN\"},\"text\":\"halo\"}");
    assert_true(json_is_null(json_object_get(f, "nip")));
    json_decref(f);
    /* someone not on the roster */
    f = run("{\"id\":\"k\",\"kind\":\"post\",\"author\":{\"handle\":\"z\",\"name\":\"Rizky "
            "Ramadhan\"},\"text\":\"halo\"}");
    assert_true(json_is_null(json_object_get(f, "nip")));
    assert_null(json_object_get(f, "suggestion"));
    json_decref(f);
}

static void a_handle_links_on_its_own_platform_only(void **state)
{
    /* the same handle on another platform: a suggestion for review, never a link */
    json_t *f = run("{\"platform\":\"instagram\",\"id\":\"h1\",\"kind\":\"post\",\"author\":{"
                    "\"handle\":\"dede.kurnia\"},\"text\":\"halo\"}");
    assert_true(json_is_null(json_object_get(f, "nip")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(f, "suggestion"), "nip")),
                        "199203142019031005");
    json_decref(f);
    f = run("{\"platform\":\"facebook\",\"id\":\"h2\",\"kind\":\"post\",\"author\":{"
            "\"handle\":\"@Dede.Kurnia\"},\"text\":\"halo\"}");
    assert_string_equal(json_string_value(json_object_get(f, "nip")), "199203142019031005");
    json_decref(f);
    /* registered as "IG:@Dede.Foto": the platform's alias, the @ and the case do not matter,
     * nor does the account given as its address */
    static const char *const forms[] = {"dede.foto", "@DEDE.FOTO",
                                        "https://www.instagram.com/dede.foto/?hl=id",
                                        "instagram.com/Dede.Foto"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        char item[300];
        snprintf(item, sizeof item,
                 "{\"platform\":\"Instagram\",\"id\":\"h3%zu\",\"kind\":\"post\",\"author\":{"
                 "\"handle\":\"%s\"},\"text\":\"halo\"}",
                 i, forms[i]);
        f = run(item);
        assert_string_equal(json_string_value(json_object_get(f, "nip")), "199203142019031005");
        json_decref(f);
    }
}

static void clear_items_cost_nothing_unless_asked_for(void **state)
{
    const char *item =
        "{\"id\":\"q\",\"kind\":\"post\",\"author\":{\"handle\":\"x\"},\"text\":\"selamat pagi\"}";
    json_t *it = json_loads(item, 0, NULL);
    json_t *out = NULL;
    nt_err e = {0};
    nt_patrol_worker_want_clear(w, false);
    assert_int_equal(nt_patrol_item(w, it, item, strlen(item), "-", &out, &e), 0);
    assert_null(out);
    nt_patrol_worker_want_clear(w, true);
    assert_int_equal(nt_patrol_item(w, it, item, strlen(item), "-", &out, &e), 0);
    assert_string_equal(verdict(out), "clear");
    json_decref(out);
    json_decref(it);
}

static void malformed_items_are_refused_with_a_reason(void **state)
{
    const char *bad[] = {"{\"kind\":\"post\",\"author\":{}}",
                         "{\"id\":\"x\",\"kind\":\"poke\",\"author\":{}}",
                         "{\"id\":\"x\",\"kind\":\"post\"}", "[1]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_t *item = json_loads(bad[i], 0, NULL);
        json_t *out = NULL;
        nt_err e = {0};
        assert_int_equal(nt_patrol_item(w, item, bad[i], strlen(bad[i]), "-", &out, &e), NT_EINVAL);
        assert_true(e.msg[0] != '\0');
        json_decref(item);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(explicit_support_is_partisan_with_spans),
        cmocka_unit_test(before_confirmation_it_is_an_ethics_breach),
        cmocka_unit_test(hard_negatives_are_not_partisan),
        cmocka_unit_test(negative_campaigning_goes_to_a_human),
        cmocka_unit_test(liking_a_candidate_account_is_evidence),
        cmocka_unit_test(linking_by_handle_name_and_profile),
        cmocka_unit_test(a_handle_links_on_its_own_platform_only),
        cmocka_unit_test(clear_items_cost_nothing_unless_asked_for),
        cmocka_unit_test(malformed_items_are_refused_with_a_reason),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
