/*
 * test_risk.c - the risk index from the shipped rule data: each indicator's value and weight,
 * the levels at their edges, indicators without data, a province from its regencies, and rule
 * data that does not add up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "rules/ruleset.h"

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

static const nt_risk_rules *R(void)
{
    return &rules.risk;
}

static double W(nt_risk_ind i)
{
    return R()->ind[i].weight;
}

/* A region with a roster, no election, nothing done: the only risk is the prevention not
 * done, over the weights of the indicators with data. */
static void nothing_done_scores_only_prevention(void **state)
{
    nt_risk_input in = {.incumbent = -1, .roster = 2000};
    nt_risk_result o;
    nt_risk_compute(R(), &in, &o);
    assert_true(o.scored);
    assert_false(o.ind[NT_RISK_INCUMBENT].available);
    assert_false(o.ind[NT_RISK_IKP].available);
    double w = W(NT_RISK_PAST) + W(NT_RISK_PATROL) + W(NT_RISK_PREVENTION);
    assert_true(fabs(o.score - round(1000 * W(NT_RISK_PREVENTION) / w) / 10) < 1e-9);
    assert_true(fabs(o.ind[NT_RISK_PREVENTION].share - W(NT_RISK_PREVENTION) / w) < 1e-12);
    double sum = 0;
    for (int i = 0; i < NT_RISK__COUNT; i++)
        sum += o.ind[i].points;
    assert_true(fabs(sum - o.score) < 0.051); /* the points add up to the score shown */
}

static void each_indicator_moves_the_score_by_its_weight(void **state)
{
    nt_risk_input base = {.incumbent = 0, .roster = 1000, .has_ikp = true, .ikp = 0};
    /* everything done: pledges and reach full, an agreement in force */
    base.pledged = 1000, base.reached = 1000, base.agreement = true;
    nt_risk_result o;
    nt_risk_compute(R(), &base, &o);
    assert_true(fabs(o.score) < 1e-9);
    assert_string_equal(R()->levels[o.level].id, "rendah");

    nt_risk_input in = base;
    in.incumbent = 2;
    nt_risk_compute(R(), &in, &o);
    assert_true(fabs(o.score - W(NT_RISK_INCUMBENT)) < 0.051); /* weights total 100 */
    in.incumbent = 1;
    nt_risk_compute(R(), &in, &o);
    assert_true(fabs(o.score - W(NT_RISK_INCUMBENT) * R()->ind[NT_RISK_INCUMBENT].kin_share) <
                0.051);

    /* past violations: reported, and a sanctioned ASN counted once more; full at `full` */
    in = base;
    in.past_reported = 2, in.past_sanctioned = 1; /* 3 per 1,000 with sanctioned_extra 1 */
    nt_risk_compute(R(), &in, &o);
    double raw = (2 + R()->ind[NT_RISK_PAST].sanctioned_extra) * 1000.0 / 1000;
    assert_true(fabs(o.ind[NT_RISK_PAST].raw - raw) < 1e-9);
    assert_true(fabs(o.ind[NT_RISK_PAST].value - raw / R()->ind[NT_RISK_PAST].full) < 1e-9);
    in.past_reported = 500; /* far above full: capped at 1 */
    nt_risk_compute(R(), &in, &o);
    assert_true(fabs(o.ind[NT_RISK_PAST].value - 1) < 1e-12);
    assert_true(fabs(o.score - W(NT_RISK_PAST)) < 0.051);

    /* patrol findings per 1,000 */
    in = base;
    in.findings = 5;
    nt_risk_compute(R(), &in, &o);
    assert_true(fabs(o.ind[NT_RISK_PATROL].raw - 5) < 1e-9);
    assert_true(fabs(o.score - W(NT_RISK_PATROL) * 5 / R()->ind[NT_RISK_PATROL].full) < 0.051);

    /* prevention: half the pledges signed, no agreement */
    in = base;
    in.pledged = 500, in.agreement = false;
    nt_risk_compute(R(), &in, &o);
    assert_true(fabs(o.pledge_share - 0.5) < 1e-12);
    double undone = R()->part_pledge * 0.5 + R()->part_agreement;
    assert_true(fabs(o.ind[NT_RISK_PREVENTION].value - undone) < 1e-9);

    /* IKP */
    in = base;
    in.ikp = 50;
    nt_risk_compute(R(), &in, &o);
    assert_true(fabs(o.score - W(NT_RISK_IKP) * 50 / R()->ind[NT_RISK_IKP].full) < 0.051);
}

static void levels_change_exactly_at_their_edges(void **state)
{
    for (int k = 1; k < R()->nlevels; k++) {
        double edge = R()->levels[k].from;
        assert_int_equal(nt_risk_level(R(), edge), k);
        assert_int_equal(nt_risk_level(R(), edge - 0.1), k - 1);
    }
    assert_int_equal(nt_risk_level(R(), 0), 0);
    assert_int_equal(nt_risk_level(R(), 100), R()->nlevels - 1);
    /* IKP's own thresholds for regencies: 13.47 and 49.33 */
    assert_string_equal(nt_risk_ikp_level(R(), false, 49.33), "Rawan tinggi");
    assert_string_equal(nt_risk_ikp_level(R(), false, 49.32), "Rawan sedang");
    assert_string_equal(nt_risk_ikp_level(R(), false, 13.47), "Rawan sedang");
    assert_string_equal(nt_risk_ikp_level(R(), false, 13.46), "Rawan rendah");
}

static void a_region_with_no_data_is_not_scored(void **state)
{
    nt_risk_input in = {.incumbent = -1};
    nt_risk_result o;
    nt_risk_compute(R(), &in, &o);
    assert_false(o.scored);
    /* an agreement alone is data about prevention */
    in.agreement = true;
    nt_risk_compute(R(), &in, &o);
    assert_true(o.scored);
    assert_true(fabs(o.score) < 1e-9);
}

static void a_province_weighs_its_regencies_by_roster(void **state)
{
    nt_risk_input
        a = {.incumbent = 2, .roster = 3000, .pledged = 3000, .reached = 3000, .agreement = true},
        b = {.incumbent = 0, .roster = 1000, .pledged = 1000, .reached = 1000, .agreement = true};
    nt_risk_result parts[2], o;
    nt_risk_compute(R(), &a, &parts[0]);
    nt_risk_compute(R(), &b, &parts[1]);
    double w[2] = {3000, 1000};
    nt_risk_combine(R(), parts, w, 2, &o);
    assert_true(fabs(o.ind[NT_RISK_INCUMBENT].value - 0.75) < 1e-12);
    assert_false(o.ind[NT_RISK_IKP].available);
    double wsum =
        W(NT_RISK_INCUMBENT) + W(NT_RISK_PAST) + W(NT_RISK_PATROL) + W(NT_RISK_PREVENTION);
    assert_true(fabs(o.score - round(1000 * 0.75 * W(NT_RISK_INCUMBENT) / wsum) / 10) < 1e-9);
}

static void rule_data_that_does_not_add_up_is_refused(void **state)
{
    const char *weights =
        "{\"version\":\"t\",\"weights_total\":100,\"indicators\":["
        "{\"id\":\"patroli\",\"label\":\"P\",\"weight\":40},"
        "{\"id\":\"ikp\",\"label\":\"I\",\"weight\":50}],"
        "\"levels\":[{\"id\":\"r\",\"label\":\"R\",\"from\":0,\"color\":\"#000000\"}],"
        "\"ikp\":{\"kabkota\":{\"sedang\":1,\"tinggi\":2},"
        "\"provinsi\":{\"sedang\":1,\"tinggi\":2}}}";
    nt_rules r = rules;
    nt_err e = {0};
    assert_int_equal(nt_rules_parse(&r, "risk", weights, strlen(weights), &e), NT_EINVAL);
    assert_non_null(strstr(e.msg, "bobot indikator berjumlah 90, seharusnya 100"));
    const char *unknown = "{\"version\":\"t\",\"weights_total\":10,\"indicators\":["
                          "{\"id\":\"cuaca\",\"label\":\"C\",\"weight\":10}]}";
    nt_err e2 = {0};
    assert_int_equal(nt_rules_parse(&r, "risk", unknown, strlen(unknown), &e2), NT_EINVAL);
    assert_non_null(strstr(e2.msg, "indikator 'cuaca' tidak dikenal"));
    const char *parts = "{\"version\":\"t\",\"weights_total\":10,\"indicators\":["
                        "{\"id\":\"pencegahan\",\"label\":\"C\",\"weight\":10,"
                        "\"parts\":{\"ikrar\":0.5,\"sosialisasi\":0.5,\"kesepakatan\":0.5}}]}";
    nt_err e3 = {0};
    assert_int_equal(nt_rules_parse(&r, "risk", parts, strlen(parts), &e3), NT_EINVAL);
    assert_non_null(strstr(e3.msg, "berjumlah 1"));
}

static void explanations_carry_their_parameters(void **state)
{
    char s[600];
    nt_risk_explain(R(), NT_RISK_PATROL, s, sizeof s);
    char want[32];
    snprintf(want, sizeof want, "%d hari", R()->ind[NT_RISK_PATROL].period_days);
    assert_non_null(strstr(s, want));
    assert_null(strchr(s, '{'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nothing_done_scores_only_prevention),
        cmocka_unit_test(each_indicator_moves_the_score_by_its_weight),
        cmocka_unit_test(levels_change_exactly_at_their_edges),
        cmocka_unit_test(a_region_with_no_data_is_not_scored),
        cmocka_unit_test(a_province_weighs_its_regencies_by_roster),
        cmocka_unit_test(rule_data_that_does_not_add_up_is_refused),
        cmocka_unit_test(explanations_carry_their_parameters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
