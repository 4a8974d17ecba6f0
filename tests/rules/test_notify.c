/*
 * test_notify.c - the messages' templates as rule data: the shipped file loads, a template
 * naming a field its message does not have (or a message without a template) is refused
 * when the rules load, fields are filled in, and addresses are checked before anything is
 * queued.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "rules/notify.h"
#include "rules/ruleset.h"
#include "store/store.h"

static void the_shipped_templates_load_and_cover_every_message(void **state)
{
    (void)state;
    nt_rules r;
    nt_err e = {0};
    assert_int_equal(nt_rules_load_dir(&r, NT_TEST_DATADIR, &e), 0);
    for (const nt_notify_kind *k = nt_notify_kinds; k->id; k++)
        assert_non_null(json_object_get(r.notify, k->id));
    assert_true(r.notify_attempts > 0 && r.notify_nbackoff > 0);
    nt_rules_free(&r);
}

static void a_template_with_an_unknown_field_is_refused(void **state)
{
    (void)state;
    nt_rules r;
    nt_err e = {0};
    assert_int_equal(nt_rules_load_dir(&r, NT_TEST_DATADIR, &e), 0);
    /* every template present, one of them naming the reporter: refused, naming the field */
    json_t *doc = json_pack("{ss s{si s[i] si} sO}", "version", "t", "delivery", "attempts", 3,
                            "backoff_s", 10, "timeout_s", 5, "templates", r.notify);
    json_t *t = json_deep_copy(json_object_get(doc, "templates"));
    json_object_set_new(json_object_get(t, "tahap"), "body",
                        json_string("Halo {{nama_pelapor}}, laporan Anda {{tahap}}"));
    json_object_set_new(doc, "templates", t);
    char *text = json_dumps(doc, 0);
    nt_err e2 = {0};
    assert_int_equal(nt_rules_parse(&r, "notifications", text, strlen(text), &e2), NT_EINVAL);
    assert_non_null(strstr(e2.msg, "nama_pelapor"));
    free(text);
    /* a message without its template */
    json_object_del(t, "minta_lengkapi");
    json_object_set_new(json_object_get(t, "tahap"), "body", json_string("{{tahap}}"));
    text = json_dumps(doc, 0);
    nt_err e3 = {0};
    assert_int_equal(nt_rules_parse(&r, "notifications", text, strlen(text), &e3), NT_EINVAL);
    assert_non_null(strstr(e3.msg, "minta_lengkapi"));
    free(text);
    json_decref(doc);
    nt_rules_free(&r);
}

static void fields_are_filled_in_and_addresses_checked(void **state)
{
    (void)state;
    json_t *v = json_pack("{ss ss}", "tahap", "Kajian awal", "kantor", "Kabupaten Blitar");
    char *s = nt_notify_render("Laporan di {{kantor}}: {{tahap}} ({{tanggal}})", v);
    assert_string_equal(s, "Laporan di Kabupaten Blitar: Kajian awal ()");
    free(s);
    json_decref(v);
    assert_true(nt_notify_listed("laporan_baru,pesan_pelapor", "pesan_pelapor"));
    assert_false(nt_notify_listed("laporan_baru_lain", "laporan_baru"));
    assert_true(nt_email_valid("warga@example.org"));
    static const char *const bad[] = {"",
                                      "warga",
                                      "@example.org",
                                      "warga@",
                                      "warga@example",
                                      "a b@example.org",
                                      "warga@example.org\r\nBcc: x@y.z",
                                      "<warga@example.org>",
                                      "a@b@example.org"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(nt_email_valid(bad[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_shipped_templates_load_and_cover_every_message),
        cmocka_unit_test(a_template_with_an_unknown_field_is_refused),
        cmocka_unit_test(fields_are_filled_in_and_addresses_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
