/*
 * test_deadline.c - deadlines from the shipped rule data: calendar days for
 * Pilkada, working days with holidays for Pemilu, across month and year ends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "rules/deadline.h"

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

static nt_date D(const char *s)
{
    nt_date d;
    assert_true(nt_date_parse(s, strlen(s), &d));
    return d;
}

static void assert_date(nt_date got, const char *want)
{
    char s[11];
    nt_date_format(got, s);
    assert_string_equal(s, want);
}

static nt_due case_due(const char *regime, nt_case_state st, nt_clock_input in)
{
    nt_due d;
    assert_int_equal(nt_deadline_case(&rules, nt_rules_regime(&rules, regime), st, &in, &d), 0);
    return d;
}

static void pilkada_counts_calendar_days_across_year_end(void **state)
{
    nt_clock_input in = {.known = D("2020-12-29"),
                         .entered = D("2020-12-29"),
                         .registered = NT_DATE_NONE,
                         .received = NT_DATE_NONE,
                         .extended = false};
    nt_due d = case_due("pilkada", NT_ST_TEMUAN, in);
    assert_string_equal(d.clock->id, "penetapan");
    assert_date(d.due, "2021-01-05");
}

static void pilkada_counts_calendar_days_across_month_end_and_holiday(void **state)
{
    /* 9 Dec 2020 was a holiday, but Pilkada counts calendar days (from registration when
     * the receipt day is unknown). */
    nt_clock_input in = {.known = D("2020-12-01"),
                         .entered = D("2020-12-07"),
                         .registered = D("2020-12-07"),
                         .received = NT_DATE_NONE,
                         .extended = false};
    assert_date(case_due("pilkada", NT_ST_KLARIFIKASI, in).due, "2020-12-10");
    in.extended = true;
    assert_date(case_due("pilkada", NT_ST_KLARIFIKASI, in).due, "2020-12-12");
    in = (nt_clock_input){.known = D("2020-02-25"),
                          .entered = D("2020-02-26"),
                          .registered = NT_DATE_NONE,
                          .received = NT_DATE_NONE,
                          .extended = false};
    assert_date(case_due("pilkada", NT_ST_TEMUAN, in).due, "2020-03-03"); /* leap February */
}

static void pemilu_counts_working_days_over_idul_fitri(void **state)
{
    /* Registered Friday 5 Apr 2024; 8-12 and 15 Apr are holidays or cuti bersama. */
    nt_clock_input in = {.known = D("2024-04-01"),
                         .entered = D("2024-04-05"),
                         .registered = D("2024-04-05"),
                         .received = NT_DATE_NONE,
                         .extended = false};
    nt_due d = case_due("pemilu", NT_ST_DIREGISTRASI, in);
    assert_int_equal(d.clock->count, NT_COUNT_WORKING);
    assert_date(d.due, "2024-04-24");
    in.extended = true; /* up to 14 working days; 1 May is a holiday */
    assert_date(case_due("pemilu", NT_ST_KAJIAN, in).due, "2024-05-06");
}

static void pemilu_working_days_across_year_end(void **state)
{
    /* 2 working days from Friday 22 Dec 2024: 25 and 26 Dec are off. */
    nt_clock_input in = {.known = D("2024-12-20"),
                         .entered = D("2024-12-20"),
                         .registered = NT_DATE_NONE,
                         .received = NT_DATE_NONE,
                         .extended = false};
    assert_date(case_due("pemilu", NT_ST_KAJIAN_AWAL, in).due, "2024-12-24");
    in.entered = D("2024-12-24");
    assert_date(case_due("pemilu", NT_ST_KAJIAN_AWAL, in).due, "2024-12-30");
    in.entered = D("2024-12-30"); /* 1 Jan 2025 is a holiday */
    assert_date(case_due("pemilu", NT_ST_KAJIAN_AWAL, in).due, "2025-01-02");
}

static void ppk_deadline_and_days_left(void **state)
{
    nt_clock_input in = {.known = NT_DATE_NONE,
                         .entered = D("2020-11-20"),
                         .registered = NT_DATE_NONE,
                         .received = NT_DATE_NONE,
                         .extended = false};
    nt_due d;
    assert_int_equal(nt_deadline_party(&rules, nt_rules_regime(&rules, "pilkada"),
                                       NT_PS_REKOMENDASI_TERBIT, &in, &d),
                     0);
    assert_date(d.due, "2020-11-30");
    assert_int_equal(nt_deadline_days_left(&rules, &d, D("2020-11-27")), 3);
    assert_int_equal(nt_deadline_days_left(&rules, &d, D("2020-12-02")), -2);
    /* States without a clock have no deadline. */
    assert_int_equal(
        nt_deadline_case(&rules, nt_rules_regime(&rules, "pilkada"), NT_ST_SELESAI, &in, &d),
        NT_ENOTFOUND);
}

static void working_day_arithmetic(void **state)
{
    const nt_calendar *c = &rules.calendar;
    assert_true(nt_calendar_is_holiday(c, D("2024-02-14")));
    assert_false(nt_calendar_is_workday(c, D("2024-02-14")));
    assert_false(nt_calendar_is_workday(c, D("2024-02-17"))); /* Saturday */
    assert_true(nt_calendar_is_workday(c, D("2024-02-15")));
    assert_date(nt_calendar_add_days(c, D("2024-02-13"), 1, NT_COUNT_WORKING), "2024-02-15");
    assert_int_equal(nt_calendar_diff(c, D("2024-02-13"), D("2024-02-19"), NT_COUNT_WORKING), 3);
    assert_int_equal(nt_calendar_diff(c, D("2024-02-19"), D("2024-02-13"), NT_COUNT_WORKING), -3);
}

static void working_day_difference_matches_counting_day_by_day(void **state)
{
    const nt_calendar *c = &rules.calendar;
    nt_date start = D("2019-12-20");
    for (int span = 0; span < 800; span += 13) {
        for (int off = 0; off < 7; off++) {
            nt_date a = start + off, b = a + span;
            int slow = 0;
            for (nt_date d = a + 1; d <= b; d++)
                slow += nt_calendar_is_workday(c, d);
            assert_int_equal(nt_calendar_diff(c, a, b, NT_COUNT_WORKING), slow);
            assert_int_equal(nt_calendar_diff(c, b, a, NT_COUNT_WORKING), -slow);
        }
    }
}

static void authority_changes_on_24_august_2024(void **state)
{
    assert_string_equal(nt_rules_authority_on(&rules, D("2024-08-23"))->short_name, "KASN");
    assert_string_equal(nt_rules_authority_on(&rules, D("2024-08-24"))->short_name, "BKN");
    assert_string_equal(nt_rules_authority_on(&rules, D("2020-10-01"))->short_name, "KASN");
}

static void catalogue_and_kinds_come_from_data(void **state)
{
    assert_non_null(nt_rules_violation(&rules, "D6"));
    assert_string_equal(nt_rules_violation(&rules, "D5")->level, "ptdh");
    assert_null(nt_rules_violation(&rules, "D99"));
    assert_non_null(nt_rules_sanction(&rules, "PP94/2021", "turun_jabatan_12"));
    assert_null(nt_rules_sanction(&rules, "PP53/2010", "turun_jabatan_12"));
    assert_string_equal(nt_rules_regime_for_kind(&rules, "bupati"), "pilkada");
    assert_string_equal(nt_rules_regime_for_kind(&rules, "dpr"), "pemilu");
}

static void malformed_rule_data_is_refused(void **state)
{
    nt_rules r;
    memset(&r, 0, sizeof r);
    nt_err e = {0};
    assert_int_equal(nt_rules_parse(&r, "regimes", "{\"regimes\":[]}", 14, &e), NT_EINVAL);
    assert_non_null(strstr(e.msg, "version"));
    const char *bad =
        "{\"version\":\"x\",\"regimes\":[{\"id\":\"a\",\"count\":\"calendar\","
        "\"clocks\":[{\"id\":\"c\",\"states\":[\"nope\"],\"anchor\":\"known\",\"days\":1}]}]}";
    assert_int_equal(nt_rules_parse(&r, "regimes", bad, strlen(bad), &e), NT_EINVAL);
    assert_int_equal(nt_rules_parse(&r, "holidays", "{not json", 9, &e), NT_EINVAL);
    nt_rules_free(&r);
}

static void zones_and_personal_columns_come_from_data(void **state)
{
    (void)state;
    /* data/rules/zones.json: green 0, yellow from 1, red from 5 */
    long counts[] = {0, 1, 4, 5, 250};
    const char *want[] = {"hijau", "kuning", "kuning", "merah", "merah"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(rules.zones[nt_rules_zone(&rules, counts[i])].id, want[i]);
    assert_true(nt_rules_masked(&rules, "nama", NT_ROLE_ADMIN));
    assert_false(nt_rules_masked(&rules, "nama", NT_ROLE_BAWASLU));
    assert_false(nt_rules_masked(&rules, "nama", NT_ROLE_PPK));
    assert_false(nt_rules_masked(&rules, "status", NT_ROLE_ADMIN));
    nt_rules r;
    memset(&r, 0, sizeof r);
    nt_err e = {0};
    const char *down = "{\"version\":\"1\",\"levels\":[{\"id\":\"a\",\"label\":\"A\",\"min\":0,"
                       "\"color\":\"#000000\"},{\"id\":\"b\",\"label\":\"B\",\"min\":0,"
                       "\"color\":\"#ffffff\"}]}";
    assert_int_equal(nt_rules_parse(&r, "zones", down, strlen(down), &e), NT_EINVAL);
    assert_non_null(strstr(e.msg, "naik"));
    const char *color = "{\"version\":\"1\",\"levels\":[{\"id\":\"a\",\"label\":\"A\",\"min\":0,"
                        "\"color\":\"red\\\"/>\"}]}";
    assert_int_equal(nt_rules_parse(&r, "zones", color, strlen(color), &e), NT_EINVAL);
    const char *role = "{\"version\":\"1\",\"personal_columns\":[\"nip\"],\"roles\":[\"raja\"]}";
    assert_int_equal(nt_rules_parse(&r, "privacy", role, strlen(role), &e), NT_EINVAL);
    const char *tz_default = "{\"version\":\"1\",\"default\":\"X\",\"zones\":[{\"label\":\"WIB\","
                             "\"utc_offset_hours\":7,\"provinces\":[]}]}";
    assert_int_equal(nt_rules_parse(&r, "timezones", tz_default, strlen(tz_default), &e),
                     NT_EINVAL);
    assert_non_null(strstr(e.msg, "default"));
    const char *tz_code = "{\"version\":\"1\",\"default\":\"WIB\",\"zones\":[{\"label\":\"WIB\","
                          "\"utc_offset_hours\":7,\"provinces\":[\"5\"]}]}";
    assert_int_equal(nt_rules_parse(&r, "timezones", tz_code, strlen(tz_code), &e), NT_EINVAL);
    const char *tz_off = "{\"version\":\"1\",\"default\":\"WIB\",\"zones\":[{\"label\":\"WIB\","
                         "\"utc_offset_hours\":30,\"provinces\":[]}]}";
    assert_int_equal(nt_rules_parse(&r, "timezones", tz_off, strlen(tz_off), &e), NT_EINVAL);
    nt_rules_free(&r);
}

/* Keppres 41/1987 as shipped: Bali and Sulawesi in WITA, Papua in WIT, Java in WIB, and the
 * default for anything else. */
static void each_region_has_its_civil_time_zone(void **state)
{
    (void)state;
    static const struct {
        const char *region, *label;
        int offset;
    } cases[] = {{"35.05", "WIB", 7},  {"51.71", "WITA", 8}, {"73", "WITA", 8},
                 {"64.72", "WITA", 8}, {"91.01", "WIT", 9},  {"82.71", "WIT", 9},
                 {"61.01", "WIB", 7},  {"", "WIB", 7},       {NULL, "WIB", 7}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int off;
        const char *label;
        nt_rules_timezone(&rules, cases[i].region, &off, &label);
        assert_string_equal(label, cases[i].label);
        assert_int_equal(off, cases[i].offset);
    }
}

static void pilkada_handling_runs_from_receipt_with_the_review_inside(void **state)
{
    (void)state;
    /* UU 10/2016 Ps 134(5): 3 days after the laporan is received, the preliminary review
     * included; Ps 134(6): +2 days for more information from the reporter. */
    nt_clock_input in = {.known = D("2020-10-01"),
                         .entered = D("2020-10-03"),
                         .registered = NT_DATE_NONE,
                         .received = D("2020-10-02"),
                         .extended = false};
    nt_due d = case_due("pilkada", NT_ST_KAJIAN_AWAL, in);
    assert_string_equal(d.clock->id, "penanganan");
    assert_date(d.due, "2020-10-05");
    assert_date(case_due("pilkada", NT_ST_LAPORAN_DITERIMA, in).due, "2020-10-05");
    in.registered = D("2020-10-04"); /* registration does not restart the clock */
    assert_date(case_due("pilkada", NT_ST_KAJIAN, in).due, "2020-10-05");
    in.extended = true;
    assert_date(case_due("pilkada", NT_ST_PERLU_DILENGKAPI, in).due, "2020-10-07");
    /* without a receipt day (old data), the registration day anchors it */
    in = (nt_clock_input){.known = D("2020-10-01"),
                          .entered = D("2020-10-03"),
                          .registered = D("2020-10-03"),
                          .received = NT_DATE_NONE,
                          .extended = false};
    assert_date(case_due("pilkada", NT_ST_KLARIFIKASI, in).due, "2020-10-06");
    /* every clock names the article its value comes from */
    const nt_regime *g = nt_rules_regime(&rules, "pilkada");
    for (int i = 0; i < g->nclocks; i++)
        assert_true(strlen(g->clocks[i].basis) > 5);
}

static void working_days_skip_2026_holidays_and_warn_without_data(void **state)
{
    (void)state;
    char buf[200];
    /* Registered Thursday 12 Mar 2026; 18-24 Mar are Nyepi, Idul Fitri and cuti bersama. */
    nt_clock_input in = {.known = D("2026-03-10"),
                         .entered = D("2026-03-12"),
                         .registered = D("2026-03-12"),
                         .received = D("2026-03-11"),
                         .extended = false};
    nt_due d = case_due("pemilu", NT_ST_DIREGISTRASI, in);
    assert_date(d.due, "2026-03-30");
    assert_null(nt_deadline_warning(&d, buf, sizeof buf));
    /* 2027 is in the data only provisionally: the due date says so */
    in.registered = in.entered = D("2027-03-01");
    d = case_due("pemilu", NT_ST_DIREGISTRASI, in);
    assert_int_equal(d.year_provisional, 2027);
    assert_non_null(strstr(nt_deadline_warning(&d, buf, sizeof buf), "2027"));
    /* a year with no holiday data at all is an explicit warning, never a silent guess */
    in.registered = in.entered = D("2028-12-27");
    d = case_due("pemilu", NT_ST_DIREGISTRASI, in);
    assert_int_equal(d.year_without_holidays, 2028);
    assert_non_null(strstr(nt_deadline_warning(&d, buf, sizeof buf), "2028"));
    /* calendar days need no holiday data */
    in.known = D("2028-12-27");
    assert_int_equal(case_due("pemilu", NT_ST_TEMUAN, in).year_without_holidays, 0);
}

static void ladders_follow_the_asn_and_the_date_of_the_act(void **state)
{
    (void)state;
    const nt_ladder *l = nt_rules_ladder_for(&rules, NT_LADDER_DISCIPLINE, false, D("2020-10-01"));
    assert_string_equal(l->id, "PP53/2010");
    l = nt_rules_ladder_for(&rules, NT_LADDER_DISCIPLINE, false, D("2024-10-01"));
    assert_string_equal(l->id, "PP94/2021");
    l = nt_rules_ladder_for(&rules, NT_LADDER_DISCIPLINE, true, D("2024-10-01"));
    assert_string_equal(l->id, "PP49/2018");
    assert_true(l->pppk && !l->pns);
    l = nt_rules_ladder_for(&rules, NT_LADDER_ETHICS, true, D("2024-10-01"));
    assert_string_equal(l->id, "PP42/2004");
    assert_true(nt_level_rank("berat") > nt_level_rank("sedang"));
    assert_true(nt_level_rank("ptdh") > nt_level_rank("berat"));
    assert_int_equal(nt_level_rank("menurut_ketentuan"), NT_LEVEL_UNRATED);
}

static void patrol_codes_come_from_the_catalogue(void **state)
{
    (void)state;
    assert_string_equal(nt_rules_patrol_code(&rules, "like", false, false), "E4");
    assert_string_equal(nt_rules_patrol_code(&rules, "share", false, true), "D6");
    assert_string_equal(nt_rules_patrol_code(&rules, "post", false, true), "D2");
    assert_string_equal(nt_rules_patrol_code(&rules, "post", false, false), "E2");
    assert_string_equal(nt_rules_patrol_code(&rules, "comment", true, true), "D6");
    assert_string_equal(nt_rules_patrol_code(&rules, "comment", false, true), "D2");
    /* a catalogue that points the patrol to a code it does not have is refused */
    nt_rules r;
    memset(&r, 0, sizeof r);
    nt_err e = {0};
    const char *bad = "{\"version\":\"1\",\"ladders\":[],\"violations\":[{\"code\":\"D2\","
                      "\"kind\":\"disiplin\",\"level\":\"berat\"}],\"patrol\":{\"own_content\":"
                      "{\"before_confirmation\":\"D2\",\"after_confirmation\":\"D9\"}}}";
    assert_int_equal(nt_rules_parse(&r, "catalogue", bad, strlen(bad), &e), NT_EINVAL);
    nt_rules_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pilkada_counts_calendar_days_across_year_end),
        cmocka_unit_test(pilkada_counts_calendar_days_across_month_end_and_holiday),
        cmocka_unit_test(pemilu_counts_working_days_over_idul_fitri),
        cmocka_unit_test(pemilu_working_days_across_year_end),
        cmocka_unit_test(ppk_deadline_and_days_left),
        cmocka_unit_test(working_day_arithmetic),
        cmocka_unit_test(working_day_difference_matches_counting_day_by_day),
        cmocka_unit_test(authority_changes_on_24_august_2024),
        cmocka_unit_test(catalogue_and_kinds_come_from_data),
        cmocka_unit_test(malformed_rule_data_is_refused),
        cmocka_unit_test(zones_and_personal_columns_come_from_data),
        cmocka_unit_test(pilkada_handling_runs_from_receipt_with_the_review_inside),
        cmocka_unit_test(working_days_skip_2026_holidays_and_warn_without_data),
        cmocka_unit_test(ladders_follow_the_asn_and_the_date_of_the_act),
        cmocka_unit_test(patrol_codes_come_from_the_catalogue),
        cmocka_unit_test(each_region_has_its_civil_time_zone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
