/* test_nip.c - NIP parsing: every part of the number is checked and named in the message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "rules/nip.h"

static nt_date today(void)
{
    return nt_date_from_ymd(2026, 11, 24);
}

static int parse(const char *s, nt_nip *n, nt_err *e)
{
    return nt_nip_parse(s, strlen(s), today(), n, e);
}

static void valid_nip_is_split_into_its_parts(void **state)
{
    nt_nip n;
    nt_err e = {0};
    assert_int_equal(parse("198703122010011004", &n, &e), 0);
    assert_int_equal(n.birth, nt_date_from_ymd(1987, 3, 12));
    assert_int_equal(n.appt_year, 2010);
    assert_int_equal(n.appt_month, 1);
    assert_int_equal(n.sex, 1);
    assert_int_equal(n.serial, 4);
    assert_false(n.pppk);
}

static void pppk_nip_has_21_for_month(void **state)
{
    nt_nip n;
    nt_err e = {0};
    assert_int_equal(parse("199001012022212001", &n, &e), 0);
    assert_true(n.pppk);
    assert_int_equal(n.sex, 2);
}

static void expect_bad(const char *nip, const char *fragment)
{
    nt_err e = {0};
    assert_int_equal(parse(nip, NULL, &e), NT_EINVAL);
    assert_string_equal(e.field, "nip");
    if (!strstr(e.msg, fragment)) fail_msg("'%s': message '%s' lacks '%s'", nip, e.msg, fragment);
}

static void wrong_numbers_are_refused_with_reason(void **state)
{
    expect_bad("19870312201001100", "18 digit");            /* 17 digits */
    expect_bad("1987031220100110041", "18 digit");          /* 19 digits */
    expect_bad("19870312201001100A", "angka");              /* letter */
    expect_bad("198702302010011004", "tanggal lahir");      /* 30 February */
    expect_bad("198713012010011004", "tanggal lahir");      /* month 13 */
    expect_bad("198703122010131004", "bulan pengangkatan"); /* month 13 */
    expect_bad("198703122000011004", "usia 18");            /* appointed at 12 */
    expect_bad("195003122015011004", "usia 60");            /* appointed at 65 */
    expect_bad("198703122030011004", "masa depan");         /* appointed in 2030 */
    expect_bad("198703122010013004", "jenis kelamin");      /* sex digit 3 */
    expect_bad("198703122010011000", "000");                /* serial 000 */
    expect_bad("193003122010011004", "tahun lahir");        /* born 1930 */
    expect_bad("", "18 digit");
}

static void leap_day_birth_is_valid_only_in_leap_years(void **state)
{
    nt_err e = {0};
    assert_int_equal(parse("198802292010011004", NULL, &e), 0);
    assert_int_equal(parse("198702292010011004", NULL, &e), NT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_nip_is_split_into_its_parts),
        cmocka_unit_test(pppk_nip_has_21_for_month),
        cmocka_unit_test(wrong_numbers_are_refused_with_reason),
        cmocka_unit_test(leap_day_birth_is_valid_only_in_leap_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
