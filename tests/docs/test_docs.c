/*
 * test_docs.c - documents from the shipped wording: which states allow each kind, what the
 * officer must type, the facts filled in (dates in words, rows numbered, a text per state,
 * the regime's model number), every missing fact named at once, and a PDF that is A4, grows
 * with its text and is the same bytes for the same document.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "docs/docs.h"

static nt_rules rules;

static int setup(void **state)
{
    nt_err e = {0};
    if (nt_rules_load_dir(&rules, NT_TEST_DATADIR, &e)) {
        print_error("rules: %s\n", e.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    nt_rules_free(&rules);
    return 0;
}

/* A context as the store builds it, for a laporan of the given regime and state. */
static json_t *context(const char *regime, const char *state)
{
    return json_pack(
        "{s{ss ss ss ss ss ss ss ss sb sb ss ss s[{ss ss ss ss ss s{ss ss ss}}, {ss ss ss ss ss}]"
        " s[{ss ss ss}] s[] s[] ss}"
        " s{ss ss ss ss ss ss} s{ss ss} s{ss ss ss} s{ss ss}}",
        "kasus", "jalur", "laporan", "jalur_label", "Laporan", "status", state, "status_label",
        "Status", "rezim", regime, "judul", "Unggahan ajakan memilih", "tanggal_diketahui",
        "2020-09-23", "tanggal_diterima", "2020-09-24", "ada_pelapor", 1, "terlambat", 0, "nomor",
        "001/Reg/LP/ASN/35.05/IX/2020", "uraian", "Terlapor mengunggah ajakan.", "terlapor", "nip",
        "199210082014091819", "nama", "Budi Santoso", "jabatan", "Camat", "instansi", "Pemkab",
        "status", "rekomendasi_terbit", "rekomendasi", "nomor", "R-1/BKN/2026", "tanggal",
        "2026-01-05", "sanksi_label", "Teguran tertulis", "nip", "199001012015011001", "nama",
        "Sari Dewi", "jabatan", "Guru", "instansi", "Pemkab", "status", "dilaporkan", "pelanggaran",
        "code", "D2", "jenis", "disiplin", "uraian", "Kampanye di media sosial", "bukti", "saksi",
        "daftar_bukti", "Tangkapan layar", "kantor", "instansi", "BADAN PENGAWAS PEMILIHAN UMUM",
        "nama", "Bawaslu Kabupaten Blitar", "nama_kop", "KABUPATEN BLITAR", "kota", "Blitar",
        "kode_surat", "PM.00", "alamat", "Jl. Contoh", "penandatangan", "nama", "Petugas Uji",
        "jabatan", "Ketua", "otoritas", "nama", "Badan Kepegawaian Negara", "singkatan", "BKN",
        "jabatan_penerima", "Kepala", "dokumen", "nomor", "007/LP/PM.00/IX/2020", "tanggal",
        "2020-09-24");
}

static char *text_of(const json_t *doc)
{
    return json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
}

static void kinds_follow_the_state(void **state)
{
    json_t *c = context("pilkada", "laporan_diterima");
    nt_err e = {0};
    json_t *k = json_object_get(c, "kasus");
    assert_int_equal(nt_doc_allowed(&rules, "formulir_laporan", k, &e), 0);
    assert_int_equal(nt_doc_allowed(&rules, "kajian", k, &e), NT_ECONFLICT);
    assert_non_null(strstr(e.msg, "Status")); /* the reason names the state */
    assert_int_equal(nt_doc_allowed(&rules, "lhp", k, &e), NT_ECONFLICT); /* a temuan's only */
    assert_int_equal(nt_doc_allowed(&rules, "terbang", k, &e), NT_ENOTFOUND);
    json_object_set_new(k, "status", json_string("diteruskan"));
    assert_int_equal(nt_doc_allowed(&rules, "surat_penerusan", k, &e), 0);
    /* the PPK sheet needs a reported ASN with a recommendation */
    assert_int_equal(nt_doc_allowed(&rules, "tindak_lanjut_ppk", k, &e), 0);
    json_object_set_new(json_array_get(json_object_get(k, "terlapor"), 0), "status",
                        json_string("diteruskan"));
    assert_int_equal(nt_doc_allowed(&rules, "tindak_lanjut_ppk", k, &e), NT_ECONFLICT);
    /* a PPK (role bit 8) may issue none of them */
    json_t *kinds = nt_doc_kinds_for(&rules, k, 8);
    assert_int_equal(json_array_size(kinds), 0);
    json_decref(kinds);
    json_decref(c);
}

static void the_officers_fields_are_checked_all_at_once(void **state)
{
    json_t *clean = NULL;
    nt_err e = {0};
    json_t *in = json_pack("{ss ss}", "kepada", "Sdr. X", "tanggal", "2026-02-30");
    assert_int_equal(nt_doc_check_fields(&rules, "undangan_klarifikasi", in, &clean, &e),
                     NT_EINVAL);
    assert_non_null(strstr(e.msg, "Diundang sebagai wajib diisi"));
    assert_non_null(strstr(e.msg, "Tanggal klarifikasi harus tanggal"));
    assert_non_null(strstr(e.msg, "Pukul wajib diisi"));
    json_decref(clean);
    json_decref(in);
    in = json_pack("{ss ss ss ss ss sn}", "kepada", "Sdr. X", "sebagai", "hakim", "tanggal",
                   "2026-02-03", "jam", "09.00", "tempat", "Kantor", "narahubung");
    assert_int_equal(nt_doc_check_fields(&rules, "undangan_klarifikasi", in, &clean, &e),
                     NT_EINVAL);
    assert_non_null(strstr(e.msg, "tidak termasuk pilihan"));
    json_decref(clean);
    json_object_set_new(in, "sebagai", json_string("saksi"));
    json_object_set_new(in, "lain", json_string("tidak ikut"));
    assert_int_equal(nt_doc_check_fields(&rules, "undangan_klarifikasi", in, &clean, &e), 0);
    assert_null(json_object_get(clean, "lain")); /* only the kind's own fields */
    json_decref(clean);
    json_decref(in);
    in = json_pack("{s[{si}]}", "tanya_jawab", "tanya", 1);
    assert_int_equal(nt_doc_check_fields(&rules, "berita_acara_klarifikasi", in, &clean, &e),
                     NT_EINVAL);
    assert_non_null(strstr(e.msg, "pasangan tanya dan jawab"));
    json_decref(clean);
    json_decref(in);
}

static void facts_are_filled_in_words(void **state)
{
    json_t *c = context("pilkada", "laporan_diterima");
    json_object_set_new(c, "pelapor", json_pack("{ss ss}", "nama", "Warga Pelapor", "alamat", ""));
    json_t *doc = NULL;
    nt_err e = {0};
    assert_int_equal(nt_doc_compose(&rules, "formulir_laporan", c, &doc, &e), 0);
    char *t = text_of(doc);
    assert_non_null(strstr(t, "\"model\":\"Model A.1\""));
    assert_non_null(strstr(t, "23 September 2020"));       /* |tanggal */
    assert_non_null(strstr(t, "[\"1\",\"Budi Santoso\"")); /* {#} numbers the rows */
    assert_non_null(strstr(t, "Warga Pelapor"));
    assert_null(strstr(t, "{pelapor.")); /* nothing left unfilled */
    free(t);
    json_decref(doc);
    /* Pemilu takes the Model B series; a state picks its own sentence */
    json_decref(c);
    c = context("pemilu", "tidak_diregistrasi");
    json_object_set_new(c, "pelapor", json_pack("{ss}", "nama", "Warga Pelapor"));
    assert_int_equal(nt_doc_compose(&rules, "pemberitahuan_status", c, &doc, &e), 0);
    t = text_of(doc);
    assert_non_null(strstr(t, "Model B."));
    assert_non_null(strstr(t, "tidak dapat diregistrasi"));
    free(t);
    json_decref(doc);
    json_decref(c);
}

static void missing_facts_are_all_named_and_nothing_is_composed(void **state)
{
    json_t *c = context("pilkada", "laporan_diterima"); /* no pelapor in the context */
    json_object_set_new(json_object_get(c, "kasus"), "uraian", json_string(""));
    json_t *doc = NULL;
    nt_err e = {0};
    assert_int_equal(nt_doc_compose(&rules, "formulir_laporan", c, &doc, &e), NT_EINVAL);
    assert_null(doc);
    assert_non_null(strstr(e.msg, "nama pelapor"));
    assert_non_null(strstr(e.msg, "uraian kejadian"));
    json_decref(c);
}

static void the_pdf_is_a4_grows_with_its_text_and_repeats_exactly(void **state)
{
    json_t *c = context("pilkada", "klarifikasi");
    json_t *qa = json_array();
    for (int i = 0; i < 60; i++)
        json_array_append_new(
            qa, json_pack("{ss ss}", "tanya", "Apa yang Saudara lihat?", "jawab",
                          "Saya melihat unggahan ajakan memilih pada pagi hari itu di beranda."));
    json_object_set_new(c, "isian",
                        json_pack("{ss ss ss ss ss ss so}", "nama", "<b>Saksi</b>", "sebagai",
                                  "saksi", "tanggal", "2020-09-25", "tempat", "Ruang", "identitas",
                                  "KTP", "sumpah", "bersedia disumpah", "tanya_jawab", qa));
    json_t *doc = NULL;
    nt_err e = {0};
    assert_int_equal(nt_doc_compose(&rules, "berita_acara_klarifikasi", c, &doc, &e), 0);
    char hash[65];
    nt_doc_hash(doc, hash);
    nt_pdf_meta m = {.verify_url = "https://netral.test/verifikasi/abc?h=00",
                     .hash = hash,
                     .code = "abc",
                     .author = "Bawaslu Kabupaten Blitar",
                     .issued_at = 1600000000};
    nt_buf a = {0}, b = {0};
    int pages = 0, pages2 = 0;
    assert_int_equal(nt_pdf_render(doc, &m, &a, &pages, &e), 0);
    assert_int_equal(nt_pdf_render(doc, &m, &b, &pages2, &e), 0);
    assert_true(a.len > 1000 && !memcmp(a.p, "%PDF-", 5));
    assert_true(pages > 3); /* sixty questions do not fit on one page */
    assert_int_equal(pages, pages2);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.p, b.p, a.len); /* the same document, the same bytes */
    assert_non_null(memmem(a.p, a.len, "/MediaBox [ 0 0 595.", 20)); /* A4 */
    nt_buf_free(&a);
    nt_buf_free(&b);
    /* the hash does not depend on the order of keys */
    json_t *copy = json_loads("{}", 0, NULL);
    const char *k;
    json_t *v;
    json_object_foreach(doc, k, v) json_object_set(copy, k, v);
    char h2[65];
    nt_doc_hash(copy, h2);
    assert_string_equal(hash, h2);
    json_decref(copy);
    json_decref(doc);
    json_decref(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kinds_follow_the_state),
        cmocka_unit_test(the_officers_fields_are_checked_all_at_once),
        cmocka_unit_test(facts_are_filled_in_words),
        cmocka_unit_test(missing_facts_are_all_named_and_nothing_is_composed),
        cmocka_unit_test(the_pdf_is_a4_grows_with_its_text_and_repeats_exactly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
