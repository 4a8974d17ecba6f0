/*
 * test_workflow.c - every pair of states, legal and illegal, against the
 * process of DOMAIN.md §2 restated here independently of the code's table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "rules/workflow.h"

/* The legal case steps as the domain describes them. */
static const char *legal_case[] = {
    "informasi_awal>temuan",
    "informasi_awal>laporan_diterima",
    "informasi_awal>daluarsa",
    "laporan_diterima>informasi_awal",
    "kajian_awal>informasi_awal",
    "perlu_dilengkapi>informasi_awal",
    "temuan>kajian_awal",
    "temuan>diregistrasi",
    "temuan>daluarsa",
    "temuan>dilimpahkan",
    "laporan_diterima>kajian_awal",
    "laporan_diterima>dilimpahkan",
    "kajian_awal>perlu_dilengkapi",
    "kajian_awal>diregistrasi",
    "kajian_awal>tidak_diregistrasi",
    "kajian_awal>daluarsa",
    "kajian_awal>dilimpahkan",
    "perlu_dilengkapi>kajian_awal",
    "perlu_dilengkapi>tidak_diregistrasi",
    "dilimpahkan>kajian_awal",
    "dilimpahkan>klarifikasi",
    "diregistrasi>klarifikasi",
    "diregistrasi>kajian",
    "diregistrasi>dilimpahkan",
    "klarifikasi>kajian",
    "klarifikasi>dilimpahkan",
    "kajian>klarifikasi",
    "kajian>dihentikan",
    "kajian>diteruskan",
    "kajian>diteruskan_lain",
    "diteruskan>selesai",
};

static const char *legal_party[] = {
    "dilaporkan>dihentikan",
    "diteruskan>tidak_terbukti",
    "diteruskan>ditolak",
    "diteruskan>gugur",
    "diteruskan>rekomendasi_terbit",
    "rekomendasi_terbit>sanksi_dijatuhkan",
    "rekomendasi_terbit>teguran_ppk",
    "teguran_ppk>sanksi_dijatuhkan",
    "teguran_ppk>data_diblokir",
    "data_diblokir>sanksi_dijatuhkan",
    "data_diblokir>selesai",
    "sanksi_dijatuhkan>selesai",
};

static bool listed(const char **list, size_t n, const char *from, const char *to)
{
    char key[80];
    snprintf(key, sizeof key, "%s>%s", from, to);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i], key)) return true;
    return false;
}

/* Facts under which every guard is satisfied. */
static nt_case_facts ready(nt_case_state s)
{
    return (nt_case_facts){.state = s,
                           .route = NT_ROUTE_LAPORAN,
                           .nparties = 2,
                           .nparties_open = 0,
                           .nparties_active = 2,
                           .nviolations = 1,
                           .has_event_date = true,
                           .has_place = true,
                           .has_narrative = true,
                           .has_reporter = true,
                           .has_evidence = true,
                           .window_due = 18500};
}

static void every_case_pair_is_legal_exactly_when_the_domain_says(void **state)
{
    unsigned all = NT_ROLE_ADMIN | NT_ROLE_BAWASLU | NT_ROLE_OTORITAS | NT_ROLE_PPK;
    int legal = 0;
    for (int f = 0; f < NT_ST__COUNT; f++)
        for (int t = 0; t < NT_ST__COUNT; t++) {
            nt_case_facts facts = ready((nt_case_state)f);
            nt_err e = {0};
            int rc = nt_case_transition_check(&facts, (nt_case_state)t, all, NULL, &e);
            bool want = listed(legal_case, sizeof legal_case / sizeof *legal_case,
                               nt_case_state_name(f), nt_case_state_name(t));
            if (want != (rc == 0))
                fail_msg("%s -> %s: expected %s, got %d (%s)", nt_case_state_name(f),
                         nt_case_state_name(t), want ? "legal" : "illegal", rc, e.msg);
            if (!want) assert_int_equal(rc, NT_ECONFLICT);
            legal += want;
        }
    assert_int_equal(legal, (int)(sizeof legal_case / sizeof *legal_case));
}

static void every_party_pair_is_legal_exactly_when_the_domain_says(void **state)
{
    unsigned all = NT_ROLE_ADMIN | NT_ROLE_BAWASLU | NT_ROLE_OTORITAS | NT_ROLE_PPK;
    for (int f = 0; f < NT_PS__COUNT; f++)
        for (int t = 0; t < NT_PS__COUNT; t++) {
            nt_party_facts facts = {(nt_party_state)f, NT_ST_KAJIAN, true};
            nt_err e = {0};
            int rc = nt_party_transition_check(&facts, (nt_party_state)t, all, NULL, &e);
            bool want = listed(legal_party, sizeof legal_party / sizeof *legal_party,
                               nt_party_state_name(f), nt_party_state_name(t));
            if (want != (rc == 0))
                fail_msg("%s -> %s: expected %s, got %d (%s)", nt_party_state_name(f),
                         nt_party_state_name(t), want ? "legal" : "illegal", rc, e.msg);
        }
}

static void roles_are_enforced(void **state)
{
    nt_err e = {0};
    nt_case_facts f = ready(NT_ST_KAJIAN);
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DITERUSKAN, NT_ROLE_PPK, NULL, &e),
                     NT_EFORBIDDEN);
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DITERUSKAN, NT_ROLE_OTORITAS, NULL, &e),
                     NT_EFORBIDDEN);
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DITERUSKAN, NT_ROLE_BAWASLU, NULL, &e), 0);
    nt_party_facts p = {NT_PS_DITERUSKAN, NT_ST_DITERUSKAN, false};
    assert_int_equal(
        nt_party_transition_check(&p, NT_PS_REKOMENDASI_TERBIT, NT_ROLE_BAWASLU, NULL, &e),
        NT_EFORBIDDEN);
    assert_int_equal(
        nt_party_transition_check(&p, NT_PS_REKOMENDASI_TERBIT, NT_ROLE_OTORITAS, NULL, &e), 0);
    p.state = NT_PS_REKOMENDASI_TERBIT;
    assert_int_equal(
        nt_party_transition_check(&p, NT_PS_SANKSI_DIJATUHKAN, NT_ROLE_OTORITAS, NULL, &e),
        NT_EFORBIDDEN);
    assert_int_equal(nt_party_transition_check(&p, NT_PS_SANKSI_DIJATUHKAN, NT_ROLE_PPK, NULL, &e),
                     0);
}

static void registration_needs_formal_and_material_requirements(void **state)
{
    nt_err e = {0};
    nt_case_facts f = ready(NT_ST_KAJIAN_AWAL);
    f.nparties = 0;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DIREGISTRASI, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "terlapor");
    f = ready(NT_ST_KAJIAN_AWAL);
    f.has_reporter = false;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DIREGISTRASI, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "pelapor");
    f.route = NT_ROUTE_TEMUAN; /* a supervisor's own finding has no reporter */
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DIREGISTRASI, NT_ROLE_BAWASLU, NULL, &e),
                     0);
    f = ready(NT_ST_KAJIAN_AWAL);
    f.has_place = false;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DIREGISTRASI, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "tempat");
    f = ready(NT_ST_KAJIAN_AWAL);
    f.nviolations = 0;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DIREGISTRASI, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "pelanggaran");
    f = ready(NT_ST_KAJIAN_AWAL);
    f.has_event_date = false;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DIREGISTRASI, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "tanggal_kejadian");
}

/* DOMAIN.md §2: a laporan filed late fails the formal requirement, a temuan set late lapses,
 * evidence is a material requirement, and a laporan needs its reporter. */
static void the_window_from_discovery_and_evidence_decide_registration(void **state)
{
    (void)state;
    nt_err e = {0};
    nt_case_facts f = ready(NT_ST_KAJIAN_AWAL);
    f.late_filing = true;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DIREGISTRASI, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    assert_non_null(strstr(e.msg, "syarat formal"));
    assert_non_null(strstr(e.msg, "informasi awal"));
    /* the officer can still use its information */
    assert_int_equal(nt_case_transition_check(&f, NT_ST_INFORMASI_AWAL, NT_ROLE_BAWASLU, NULL, &e),
                     0);
    assert_int_equal(
        nt_case_transition_check(&f, NT_ST_TIDAK_DIREGISTRASI, NT_ROLE_BAWASLU, NULL, &e), 0);
    /* a temuan set late lapses, and so does one left past the window */
    f = ready(NT_ST_TEMUAN);
    f.route = NT_ROUTE_TEMUAN;
    f.late_filing = true;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DIREGISTRASI, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    assert_non_null(strstr(e.msg, "daluarsa"));
    f.late_filing = false;
    f.window_passed = true;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_KAJIAN_AWAL, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DALUARSA, NT_ROLE_BAWASLU, NULL, &e), 0);
    /* an informasi awal becomes a temuan only inside Bawaslu's own window */
    f = ready(NT_ST_INFORMASI_AWAL);
    f.route = NT_ROUTE_INFORMASI_AWAL;
    f.window_passed = true;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_TEMUAN, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    f.window_passed = false;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_TEMUAN, NT_ROLE_BAWASLU, NULL, &e), 0);
    /* and a laporan only with its reporter */
    f.has_reporter = false;
    assert_int_equal(
        nt_case_transition_check(&f, NT_ST_LAPORAN_DITERIMA, NT_ROLE_BAWASLU, NULL, &e), NT_EINVAL);
    assert_string_equal(e.field, "pelapor");
    /* no file, witness or described document: not registrable */
    f = ready(NT_ST_KAJIAN_AWAL);
    f.has_evidence = false;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DIREGISTRASI, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    assert_string_equal(e.field, "bukti");
}

/* Every state's facts agree with each other: a state cannot be half-added. */
static void every_state_has_consistent_facts(void **state)
{
    (void)state;
    for (int i = 0; i < NT_ST__COUNT; i++) {
        nt_case_state next[NT_ST__COUNT];
        int n = nt_case_next_states(i, NT_ROLE_ADMIN | NT_ROLE_BAWASLU | NT_ROLE_OTORITAS, next,
                                    NT_ST__COUNT);
        assert_true(strlen(nt_case_state_label(i)) > 3);
        if (nt_case_state_final(i)) {
            assert_int_equal(n, 0);            /* a final state has no way out */
            assert_false(nt_case_editable(i)); /* and its data is settled */
            assert_int_equal(nt_case_awaits(i), 0);
        } else {
            assert_true(n > 0); /* an open state has a next step, and someone to take it */
            assert_true(nt_case_awaits(i) != 0);
        }
        for (int k = 0; k < n; k++) {
            /* every input a step needs is declared */
            const nt_step_input *in[16];
            unsigned needs = nt_case_step_needs(i, next[k]);
            int m = nt_step_inputs(needs, in, 16);
            for (unsigned bit = 1; bit <= NT_TR_DECREE; bit <<= 1) {
                if (!(needs & bit) || bit == NT_TR_REGISTERS) continue;
                bool found = false;
                for (int j = 0; j < m; j++)
                    found |= (in[j]->need & bit) != 0;
                assert_true(found);
            }
        }
    }
    for (int i = 0; i < NT_PS__COUNT; i++) {
        nt_party_state next[NT_PS__COUNT];
        int n = nt_party_next_states(
            i, NT_ROLE_ADMIN | NT_ROLE_BAWASLU | NT_ROLE_OTORITAS | NT_ROLE_PPK, next,
            NT_PS__COUNT);
        assert_int_equal(nt_party_state_final(i), n == 0);
        assert_int_equal(nt_party_state_final(i), nt_party_awaits(i) == 0);
        if (nt_party_with_ppk(i)) assert_true(nt_party_with_authority(i));
        if (nt_party_stopped(i)) assert_true(nt_party_state_final(i));
    }
    size_t nt;
    const nt_party_task *t = nt_party_tasks(&nt);
    for (size_t i = 0; i < nt; i++) /* a work list only lists what waits for its role */
        assert_true(nt_party_awaits(t[i].state) & t[i].role);
}

static void forwarding_and_closing_guards(void **state)
{
    nt_err e = {0};
    unsigned flags = 0;
    nt_case_facts f = ready(NT_ST_KAJIAN);
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DITERUSKAN, NT_ROLE_BAWASLU, &flags, &e),
                     0);
    assert_true(flags & NT_TR_FORWARDS);
    f.nparties_active = 0;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_DITERUSKAN, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    f = ready(NT_ST_DITERUSKAN);
    f.nparties_open = 1;
    assert_int_equal(nt_case_transition_check(&f, NT_ST_SELESAI, NT_ROLE_BAWASLU, NULL, &e),
                     NT_EINVAL);
    assert_non_null(strstr(e.msg, "1 ASN"));
}

static void warning_and_block_wait_for_the_deadline(void **state)
{
    nt_err e = {0};
    nt_party_facts p = {NT_PS_REKOMENDASI_TERBIT, NT_ST_DITERUSKAN, false};
    assert_int_equal(nt_party_transition_check(&p, NT_PS_TEGURAN_PPK, NT_ROLE_OTORITAS, NULL, &e),
                     NT_ECONFLICT);
    p.deadline_passed = true;
    assert_int_equal(nt_party_transition_check(&p, NT_PS_TEGURAN_PPK, NT_ROLE_OTORITAS, NULL, &e),
                     0);
    p = (nt_party_facts){NT_PS_TEGURAN_PPK, NT_ST_DITERUSKAN, false};
    assert_int_equal(nt_party_transition_check(&p, NT_PS_DATA_DIBLOKIR, NT_ROLE_OTORITAS, NULL, &e),
                     NT_ECONFLICT);
}

static void a_party_is_stopped_only_while_the_case_is_studied(void **state)
{
    nt_err e = {0};
    nt_party_facts p = {NT_PS_DILAPORKAN, NT_ST_KAJIAN_AWAL, false};
    assert_int_equal(nt_party_transition_check(&p, NT_PS_DIHENTIKAN, NT_ROLE_BAWASLU, NULL, &e),
                     NT_ECONFLICT);
    p.case_state = NT_ST_KLARIFIKASI;
    assert_int_equal(nt_party_transition_check(&p, NT_PS_DIHENTIKAN, NT_ROLE_BAWASLU, NULL, &e), 0);
}

static void names_round_trip(void **state)
{
    for (int i = 0; i < NT_ST__COUNT; i++) {
        nt_case_state s;
        assert_int_equal(nt_case_state_parse(nt_case_state_name(i), &s), 0);
        assert_int_equal(s, i);
    }
    nt_case_state s;
    assert_int_equal(nt_case_state_parse("tidak_ada", &s), NT_EINVAL);
    nt_case_state next[NT_ST__COUNT];
    assert_int_equal(nt_case_next_states(NT_ST_KAJIAN, NT_ROLE_BAWASLU, next, NT_ST__COUNT), 4);
    assert_int_equal(nt_case_next_states(NT_ST_KAJIAN, NT_ROLE_PPK, next, NT_ST__COUNT), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_case_pair_is_legal_exactly_when_the_domain_says),
        cmocka_unit_test(every_party_pair_is_legal_exactly_when_the_domain_says),
        cmocka_unit_test(roles_are_enforced),
        cmocka_unit_test(registration_needs_formal_and_material_requirements),
        cmocka_unit_test(the_window_from_discovery_and_evidence_decide_registration),
        cmocka_unit_test(every_state_has_consistent_facts),
        cmocka_unit_test(forwarding_and_closing_guards),
        cmocka_unit_test(warning_and_block_wait_for_the_deadline),
        cmocka_unit_test(a_party_is_stopped_only_while_the_case_is_studied),
        cmocka_unit_test(names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
