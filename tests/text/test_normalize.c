/* test_normalize.c - every disguise the normalizer must undo, and what it must keep. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "text/names.h"
#include "text/normalize.h"

static nt_textnorm *tn;
static nt_normed out;

static int setup(void **state)
{
    nt_err e = {0};
    if (nt_textnorm_new(NT_TEST_DATADIR, &tn, &e)) {
        print_error("%s\n", e.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    nt_normed_free(&out);
    nt_textnorm_free(tn);
    return 0;
}

static const char *norm(const char *s)
{
    nt_normalize(tn, s, strlen(s), &out);
    return out.text.p;
}

static void compatibility_forms(void **state)
{
    assert_string_equal(norm("𝐩𝐢𝐥𝐢𝐡"), "pilih");      /* mathematical bold */
    assert_string_equal(norm("𝓹𝓲𝓵𝓲𝓱"), "pilih");      /* script */
    assert_string_equal(norm("ｐｉｌｉｈ"), "pilih"); /* fullwidth */
    assert_string_equal(norm("ⓟⓘⓛⓘⓗ"), "pilih");      /* circled */
    assert_string_equal(norm("PILIH Pilih"), "pilih pilih");
    assert_string_equal(norm("pílíh"), "pilih"); /* combining accents */
}

static void look_alikes_from_other_scripts(void **state)
{
    assert_string_equal(norm("р\u0456l\u0456h"), "pilih");     /* Cyrillic er, i */
    assert_string_equal(norm("dukung nоmоr"), "dukung nomor"); /* Cyrillic o */
    assert_string_equal(norm("\u03bfrang"), "orang");          /* Greek omicron */
    /* capitals read by their shape, whatever their case: Greek Eta, Alpha, Rho, Tau, Iota,
     * Kappa, Mu, Nu, Omicron; Cyrillic capitals; mixed with Latin inside one word */
    assert_string_equal(norm("\u0397\u0391R"), "har");                 /* HAR in Greek H, A */
    assert_string_equal(norm("C\u039f\u0392L\u039fS"), "coblos");      /* Greek O, B */
    assert_string_equal(norm("\u039d\u039f\u039c\u039fR"), "nomor");   /* Greek N, O, M */
    assert_string_equal(norm("\u041d\u0410R"), "har");                 /* Cyrillic En, A */
    assert_string_equal(norm("\u0420ILIH"), "pilih");                  /* Cyrillic Er */
    assert_string_equal(norm("d\u03a5kung"), "dykung");                /* Greek Upsilon: Y */
    assert_string_equal(norm("CoblosNomorSatu"), "coblos nomor satu"); /* still camelCase */
    /* small capitals */
    assert_string_equal(norm("\u029c\u1d00\u0280"), "har");                 /* ʜᴀʀ */
    assert_string_equal(norm("\u1d04\u1d0f\u0299\u029f\u1d0fs"), "coblos"); /* ᴄᴏʙʟᴏs */
    assert_string_equal(norm("\u1d18\u026a\u029f\u026a\u029c"), "pilih");   /* ᴘɪʟɪʜ */
}

static void invisible_characters(void **state)
{
    assert_string_equal(norm("pi\u200blih"), "pilih"); /* zero-width space */
    assert_string_equal(norm("pi\u00adlih"), "pilih"); /* soft hyphen */
    assert_string_equal(norm("pil\u200dih\ufe0f"), "pilih");
}

static void leetspeak_but_numbers_survive(void **state)
{
    assert_string_equal(norm("p1l1h"), "pilih");
    assert_string_equal(norm("dukung 0p4h"), "dukung opah");
    assert_string_equal(norm("c0bl05"), "coblos");
    assert_string_equal(norm("m3n4ng"), "menang");
    assert_string_equal(norm("@y0 p!l!h"), "ayo pilih");
    assert_string_equal(norm("nomor 01"), "nomor 01");
    assert_string_equal(norm("no.1"), "nomor 1");
    assert_string_equal(norm("nomor 2"), "nomor 2");
    assert_string_equal(norm("pilih01"), "pilih 01");
}

static void spaced_and_elongated(void **state)
{
    assert_string_equal(norm("p.i.l.i.h"), "pilih");
    assert_string_equal(norm("p i l i h"), "pilih");
    assert_string_equal(norm("d-u-k-u-n-g"), "dukung");
    assert_string_equal(norm("pilihhhhh"), "pilih");
    assert_string_equal(norm("dukunggg"), "dukung");
}

static void slang_and_affixes(void **state)
{
    assert_string_equal(norm("jgn lupa plh yg no 1"), "jangan lupa pilih yang nomor 1");
    assert_string_equal(norm("nyoblos dicoblos mencoblos coblosin"), "coblos coblos coblos coblos");
    assert_string_equal(norm("menangin menangkan memenangkan"), "menang menang menang");
    assert_string_equal(norm("milih memilih dipilih pilihlah"), "pilih pilih pilih pilih");
    assert_string_equal(norm("mendukung didukung"), "dukung dukung");
}

static void hashtags_camel_case_and_gestures(void **state)
{
    assert_string_equal(norm("#AyoPilihNomor1"), "ayo pilih nomor 1");
    assert_string_equal(norm("＃ＡｙｏＰｉｌｉｈ"), "ayo pilih");
    const char *g = norm("☝️ ✌ 👆");
    assert_non_null(strstr(g, "gesturesatu"));
    assert_non_null(strstr(g, "gesturdua"));
}

static void offsets_map_back_to_the_original(void **state)
{
    const char *in = "Ayo 𝐩𝐢𝐥𝐢𝐡 nomor 1";
    const char *t = norm(in);
    const char *p = strstr(t, "pilih");
    assert_non_null(p);
    size_t i = (size_t)(p - t);
    assert_int_equal(out.start[i], 4);
    assert_int_equal(out.end[i + 4], 4 + 5 * 4); /* five 4-byte letters */
    assert_memory_equal(in + out.start[i], "𝐩", 4);
}

static void invalid_utf8_is_a_separator(void **state)
{
    const char bad[] = "pil\xff\xfeih baik";
    nt_normalize(tn, bad, sizeof bad - 1, &out);
    assert_string_equal(out.text.p, "pil ih baik");
    nt_normalize(tn, "", 0, &out);
    assert_string_equal(out.text.p, "");
}

static void names_drop_titles_and_fold_spellings(void **state)
{
    nt_namerules nr;
    nt_err e = {0};
    assert_int_equal(nt_namerules_load(&nr, nt_textnorm_cues(tn), &e), 0);
    nt_name_tokens t;
    const char *n = "Drs. H. Moch. Soedjono, S.Pd., M.Si";
    nt_name_tokens_of(&nr, n, strlen(n), &t);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.tok[0], "muhammad");
    assert_string_equal(t.tok[1], "sujono");
    n = "Hj. Tjitjih Djuariah";
    nt_name_tokens_of(&nr, n, strlen(n), &t);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.tok[0], "cicih");
    assert_string_equal(t.tok[1], "juariah");
    nt_namerules_free(&nr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compatibility_forms),
        cmocka_unit_test(look_alikes_from_other_scripts),
        cmocka_unit_test(invisible_characters),
        cmocka_unit_test(leetspeak_but_numbers_survive),
        cmocka_unit_test(spaced_and_elongated),
        cmocka_unit_test(slang_and_affixes),
        cmocka_unit_test(hashtags_camel_case_and_gestures),
        cmocka_unit_test(offsets_map_back_to_the_original),
        cmocka_unit_test(invalid_utf8_is_a_separator),
        cmocka_unit_test(names_drop_titles_and_fold_spellings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
