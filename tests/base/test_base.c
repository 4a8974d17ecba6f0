/* test_base.c - dates, UTF-8 validation and the CSV reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "base/csv.h"
#include "base/date.h"
#include "base/utf8.h"

static void dates_parse_strictly_and_round_trip(void **state)
{
    nt_date d;
    assert_true(nt_date_parse("2024-02-29", 10, &d));
    char s[11];
    nt_date_format(d, s);
    assert_string_equal(s, "2024-02-29");
    assert_false(nt_date_parse("2023-02-29", 10, &d));
    assert_false(nt_date_parse("2023-13-01", 10, &d));
    assert_false(nt_date_parse("2023-1-01", 9, &d));
    assert_false(nt_date_parse("2023/01/01", 10, &d));
    assert_false(nt_date_parse("2023-01-0x", 10, &d));
    for (nt_date x = nt_date_from_ymd(1999, 12, 1); x < nt_date_from_ymd(2001, 3, 1); x++) {
        int y, m, dd;
        nt_date_to_ymd(x, &y, &m, &dd);
        assert_int_equal(nt_date_from_ymd(y, m, dd), x);
    }
    assert_int_equal(nt_date_weekday(nt_date_from_ymd(2020, 12, 9)), 2); /* Wednesday */
    assert_string_equal(nt_month_roman(11), "XI");
}

static void clock_is_in_wib(void **state)
{
    /* 2020-12-08 18:00 UTC is 9 Dec 01:00 WIB. */
    assert_int_equal(nt_date_of_time(1607450400), nt_date_from_ymd(2020, 12, 9));
    char ts[32];
    nt_time_format(1607450400, ts);
    assert_string_equal(ts, "2020-12-09T01:00:00+07:00");
    nt_clock_set(1607450400);
    assert_int_equal(nt_today(), nt_date_from_ymd(2020, 12, 9));
    nt_clock_set(0);
    /* the same instant written in each civil zone, across the day's end */
    char tl[40];
    nt_time_format_id(1607450400, tl);
    assert_string_equal(tl, "9 Des 2020, 01.00 WIB");
    nt_time_format_id_zone(1607450400, 8, "WITA", tl);
    assert_string_equal(tl, "9 Des 2020, 02.00 WITA");
    nt_time_format_id_zone(1607450400 - 3 * 3600, 9, "WIT", tl);
    assert_string_equal(tl, "9 Des 2020, 00.00 WIT");
    nt_time_format_id_zone(1607450400 - 3 * 3600, 7, "WIB", tl);
    assert_string_equal(tl, "8 Des 2020, 22.00 WIB");
}

static void utf8_validation(void **state)
{
    assert_true(nt_utf8_valid("Bawaslu ☝ 👆", strlen("Bawaslu ☝ 👆")));
    assert_false(nt_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
    assert_false(nt_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    assert_false(nt_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
    assert_false(nt_utf8_valid("abc\xe2\x98", 5));      /* truncated */
    assert_false(nt_utf8_valid("a\0b", 3));             /* NUL */
}

static void csv_reads_quotes_crlf_and_bom(void **state)
{
    const char *in =
        "\xEF\xBB\xBFnip,nama\r\n1,\"Budi, S.Pd\"\r\n\r\n2,\"say \"\"hi\"\"\nthere\"\n3,";
    nt_csv c;
    nt_csv_init(&c, in, strlen(in));
    nt_str f[4];
    size_t n;
    nt_err e = {0};
    assert_int_equal(nt_csv_next(&c, f, 4, &n, &e), 1);
    assert_int_equal(n, 2);
    assert_true(nt_str_eq(f[0], "nip"));
    assert_int_equal(nt_csv_next(&c, f, 4, &n, &e), 1);
    assert_true(nt_str_eq(f[1], "Budi, S.Pd"));
    assert_int_equal(c.record_line, 2);
    assert_int_equal(nt_csv_next(&c, f, 4, &n, &e), 1);
    assert_true(nt_str_eq(f[1], "say \"hi\"\nthere"));
    assert_int_equal(c.record_line, 4);
    assert_int_equal(nt_csv_next(&c, f, 4, &n, &e), 1);
    assert_int_equal(n, 2);
    assert_int_equal(f[1].len, 0);
    assert_int_equal(c.record_line, 6);
    assert_int_equal(nt_csv_next(&c, f, 4, &n, &e), 0);
    nt_csv_free(&c);
}

static void csv_reports_malformed_lines(void **state)
{
    const char *bad[] = {"a,\"open\n", "a,b\"c\n", "a,\"x\"y\n", "a,b,c,d,e\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        nt_csv c;
        nt_csv_init(&c, bad[i], strlen(bad[i]));
        nt_str f[4];
        size_t n;
        nt_err e = {0};
        assert_int_equal(nt_csv_next(&c, f, 4, &n, &e), NT_EINVAL);
        assert_non_null(strstr(e.msg, "baris 1"));
        nt_csv_free(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_parse_strictly_and_round_trip),
        cmocka_unit_test(clock_is_in_wib),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(csv_reads_quotes_crlf_and_bom),
        cmocka_unit_test(csv_reports_malformed_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
