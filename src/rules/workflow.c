/*
 * workflow.c - the transition tables and guards of workflow.h.
 *
 * The tables are the process as the law describes it; deadlines and the
 * catalogue, which change with regulations, are data (ruleset.c).
 */
#include "rules/workflow.h"

#include <string.h>

#define B (NT_ROLE_BAWASLU | NT_ROLE_ADMIN)
#define O (NT_ROLE_OTORITAS | NT_ROLE_ADMIN)
#define P (NT_ROLE_PPK | NT_ROLE_ADMIN)

static const struct {
    const char *name, *label;
    bool final;
} case_states[NT_ST__COUNT] = {
    [NT_ST_INFORMASI_AWAL] = {"informasi_awal", "Informasi awal", false},
    [NT_ST_TEMUAN] = {"temuan", "Temuan", false},
    [NT_ST_LAPORAN_DITERIMA] = {"laporan_diterima", "Laporan diterima", false},
    [NT_ST_KAJIAN_AWAL] = {"kajian_awal", "Kajian awal", false},
    [NT_ST_PERLU_DILENGKAPI] = {"perlu_dilengkapi", "Perlu dilengkapi", false},
    [NT_ST_TIDAK_DIREGISTRASI] = {"tidak_diregistrasi", "Tidak diregistrasi", true},
    [NT_ST_DALUARSA] = {"daluarsa", "Daluarsa", true},
    [NT_ST_DIREGISTRASI] = {"diregistrasi", "Diregistrasi", false},
    [NT_ST_KLARIFIKASI] = {"klarifikasi", "Klarifikasi", false},
    [NT_ST_KAJIAN] = {"kajian", "Kajian", false},
    [NT_ST_DIHENTIKAN] = {"dihentikan", "Dihentikan", true},
    [NT_ST_DILIMPAHKAN] = {"dilimpahkan", "Dilimpahkan", false},
    [NT_ST_DITERUSKAN_LAIN] = {"diteruskan_lain", "Diteruskan ke instansi lain", true},
    [NT_ST_DITERUSKAN] = {"diteruskan", "Diteruskan ke otoritas kepegawaian", false},
    [NT_ST_SELESAI] = {"selesai", "Selesai", true},
};

static const struct {
    const char *name, *label;
    bool final;
} party_states[NT_PS__COUNT] = {
    [NT_PS_DILAPORKAN] = {"dilaporkan", "Dilaporkan", false},
    [NT_PS_DIHENTIKAN] = {"dihentikan", "Dihentikan", true},
    [NT_PS_DITERUSKAN] = {"diteruskan", "Diteruskan, menunggu verifikasi", false},
    [NT_PS_TIDAK_TERBUKTI] = {"tidak_terbukti", "Tidak terbukti", true},
    [NT_PS_DITOLAK] = {"ditolak", "Ditolak", true},
    [NT_PS_GUGUR] = {"gugur", "Gugur (pensiun/berhenti)", true},
    [NT_PS_REKOMENDASI_TERBIT] = {"rekomendasi_terbit", "Rekomendasi terbit", false},
    [NT_PS_TEGURAN_PPK] = {"teguran_ppk", "Teguran kepada PPK", false},
    [NT_PS_DATA_DIBLOKIR] = {"data_diblokir", "Data kepegawaian diblokir", false},
    [NT_PS_SANKSI_DIJATUHKAN] = {"sanksi_dijatuhkan", "Sanksi dijatuhkan", false},
    [NT_PS_SELESAI] = {"selesai", "Selesai", true},
};

typedef struct {
    int from, to;
    unsigned roles, flags;
} step;

static const step case_steps[] = {
    {NT_ST_INFORMASI_AWAL, NT_ST_TEMUAN, B, 0},
    {NT_ST_INFORMASI_AWAL, NT_ST_LAPORAN_DITERIMA, B, 0},
    {NT_ST_INFORMASI_AWAL, NT_ST_DALUARSA, B, NT_TR_REASON},
    {NT_ST_TEMUAN, NT_ST_KAJIAN_AWAL, B, 0},
    {NT_ST_TEMUAN, NT_ST_DIREGISTRASI, B, NT_TR_REGISTERS},
    {NT_ST_TEMUAN, NT_ST_DALUARSA, B, NT_TR_REASON},
    {NT_ST_TEMUAN, NT_ST_DILIMPAHKAN, B, NT_TR_TARGET_REGION | NT_TR_REASON},
    {NT_ST_LAPORAN_DITERIMA, NT_ST_KAJIAN_AWAL, B, 0},
    {NT_ST_LAPORAN_DITERIMA, NT_ST_DILIMPAHKAN, B, NT_TR_TARGET_REGION | NT_TR_REASON},
    {NT_ST_KAJIAN_AWAL, NT_ST_PERLU_DILENGKAPI, B, NT_TR_REASON},
    {NT_ST_KAJIAN_AWAL, NT_ST_DIREGISTRASI, B, NT_TR_REGISTERS},
    {NT_ST_KAJIAN_AWAL, NT_ST_TIDAK_DIREGISTRASI, B, NT_TR_REASON},
    {NT_ST_KAJIAN_AWAL, NT_ST_DALUARSA, B, NT_TR_REASON},
    {NT_ST_KAJIAN_AWAL, NT_ST_DILIMPAHKAN, B, NT_TR_TARGET_REGION | NT_TR_REASON},
    {NT_ST_PERLU_DILENGKAPI, NT_ST_KAJIAN_AWAL, B, 0},
    {NT_ST_PERLU_DILENGKAPI, NT_ST_TIDAK_DIREGISTRASI, B, NT_TR_REASON},
    {NT_ST_DILIMPAHKAN, NT_ST_KAJIAN_AWAL, B, 0},
    {NT_ST_DILIMPAHKAN, NT_ST_KLARIFIKASI, B, 0},
    {NT_ST_DIREGISTRASI, NT_ST_KLARIFIKASI, B, 0},
    {NT_ST_DIREGISTRASI, NT_ST_KAJIAN, B, 0},
    {NT_ST_DIREGISTRASI, NT_ST_DILIMPAHKAN, B, NT_TR_TARGET_REGION | NT_TR_REASON},
    {NT_ST_KLARIFIKASI, NT_ST_KAJIAN, B, 0},
    {NT_ST_KLARIFIKASI, NT_ST_DILIMPAHKAN, B, NT_TR_TARGET_REGION | NT_TR_REASON},
    {NT_ST_KAJIAN, NT_ST_KLARIFIKASI, B, NT_TR_REASON},
    {NT_ST_KAJIAN, NT_ST_DIHENTIKAN, B, NT_TR_REASON},
    {NT_ST_KAJIAN, NT_ST_DITERUSKAN, B, NT_TR_FORWARDS},
    {NT_ST_KAJIAN, NT_ST_DITERUSKAN_LAIN, B, NT_TR_DESTINATION | NT_TR_REASON},
    {NT_ST_DITERUSKAN, NT_ST_SELESAI, B | NT_ROLE_OTORITAS, 0},
};

static const step party_steps[] = {
    {NT_PS_DILAPORKAN, NT_PS_DIHENTIKAN, B, NT_TR_REASON},
    {NT_PS_DITERUSKAN, NT_PS_TIDAK_TERBUKTI, O, NT_TR_REASON},
    {NT_PS_DITERUSKAN, NT_PS_DITOLAK, O, NT_TR_REASON},
    {NT_PS_DITERUSKAN, NT_PS_GUGUR, O, NT_TR_REASON},
    {NT_PS_DITERUSKAN, NT_PS_REKOMENDASI_TERBIT, O, NT_TR_RECOMMENDATION},
    {NT_PS_REKOMENDASI_TERBIT, NT_PS_SANKSI_DIJATUHKAN, P, NT_TR_DECREE},
    {NT_PS_REKOMENDASI_TERBIT, NT_PS_TEGURAN_PPK, O, 0},
    {NT_PS_TEGURAN_PPK, NT_PS_SANKSI_DIJATUHKAN, P, NT_TR_DECREE},
    {NT_PS_TEGURAN_PPK, NT_PS_DATA_DIBLOKIR, O, 0},
    {NT_PS_DATA_DIBLOKIR, NT_PS_SANKSI_DIJATUHKAN, P, NT_TR_DECREE},
    {NT_PS_DATA_DIBLOKIR, NT_PS_SELESAI, O, NT_TR_REASON},
    {NT_PS_SANKSI_DIJATUHKAN, NT_PS_SELESAI, O | NT_ROLE_BAWASLU, 0},
};

const char *nt_case_state_name(nt_case_state s)
{
    return (unsigned)s < NT_ST__COUNT ? case_states[s].name : "?";
}

const char *nt_case_state_label(nt_case_state s)
{
    return (unsigned)s < NT_ST__COUNT ? case_states[s].label : "?";
}

bool nt_case_state_final(nt_case_state s)
{
    return (unsigned)s < NT_ST__COUNT && case_states[s].final;
}

int nt_case_state_parse(const char *s, nt_case_state *out)
{
    for (int i = 0; s && i < NT_ST__COUNT; i++)
        if (strcmp(s, case_states[i].name) == 0) {
            *out = (nt_case_state)i;
            return 0;
        }
    return NT_EINVAL;
}

const char *nt_party_state_name(nt_party_state s)
{
    return (unsigned)s < NT_PS__COUNT ? party_states[s].name : "?";
}

const char *nt_party_state_label(nt_party_state s)
{
    return (unsigned)s < NT_PS__COUNT ? party_states[s].label : "?";
}

bool nt_party_state_final(nt_party_state s)
{
    return (unsigned)s < NT_PS__COUNT && party_states[s].final;
}

int nt_party_state_parse(const char *s, nt_party_state *out)
{
    for (int i = 0; s && i < NT_PS__COUNT; i++)
        if (strcmp(s, party_states[i].name) == 0) {
            *out = (nt_party_state)i;
            return 0;
        }
    return NT_EINVAL;
}

static const char *role_names[] = {"admin", "bawaslu", "otoritas", "ppk"};

const char *nt_role_name(nt_role r)
{
    for (unsigned i = 0; i < NT_ARRAY_LEN(role_names); i++)
        if ((unsigned)r == 1u << i) return role_names[i];
    return "?";
}

int nt_role_parse(const char *s, nt_role *out)
{
    for (unsigned i = 0; s && i < NT_ARRAY_LEN(role_names); i++)
        if (strcmp(s, role_names[i]) == 0) {
            *out = (nt_role)(1u << i);
            return 0;
        }
    return NT_EINVAL;
}

static const char *route_names[] = {"informasi_awal", "temuan", "laporan"};

const char *nt_route_name(nt_route r)
{
    return (unsigned)r < NT_ARRAY_LEN(route_names) ? route_names[r] : "?";
}

int nt_route_parse(const char *s, nt_route *out)
{
    for (unsigned i = 0; s && i < NT_ARRAY_LEN(route_names); i++)
        if (strcmp(s, route_names[i]) == 0) {
            *out = (nt_route)i;
            return 0;
        }
    return NT_EINVAL;
}

nt_case_state nt_route_initial_state(nt_route r)
{
    switch (r) {
    case NT_ROUTE_TEMUAN:
        return NT_ST_TEMUAN;
    case NT_ROUTE_LAPORAN:
        return NT_ST_LAPORAN_DITERIMA;
    default:
        return NT_ST_INFORMASI_AWAL;
    }
}

static const step *find(const step *tab, size_t n, int from, int to)
{
    for (size_t i = 0; i < n; i++)
        if (tab[i].from == from && tab[i].to == to) return &tab[i];
    return NULL;
}

static int check_role(const step *s, unsigned roles, const char *to_label, nt_err *err)
{
    if (s->roles & roles) return 0;
    return nt_err_set(err, NT_EFORBIDDEN, "ke",
                      "peran Anda tidak berwenang melakukan langkah ke '%s'", to_label);
}

/* Formal and material requirements before a case may be registered. */
static int check_registrable(const nt_case_facts *f, nt_err *err)
{
    if (f->nparties < 1)
        return nt_err_set(err, NT_EINVAL, "terlapor",
                          "syarat formal belum terpenuhi: belum ada ASN terlapor");
    if (f->route == NT_ROUTE_LAPORAN && !f->has_reporter)
        return nt_err_set(err, NT_EINVAL, "pelapor",
                          "syarat formal belum terpenuhi: identitas pelapor belum ada");
    if (!f->has_event_date)
        return nt_err_set(err, NT_EINVAL, "tanggal_kejadian",
                          "syarat materiel belum terpenuhi: tanggal kejadian belum diisi");
    if (!f->has_place)
        return nt_err_set(err, NT_EINVAL, "tempat",
                          "syarat materiel belum terpenuhi: tempat kejadian belum diisi");
    if (!f->has_narrative)
        return nt_err_set(err, NT_EINVAL, "uraian",
                          "syarat materiel belum terpenuhi: uraian kejadian belum diisi");
    if (f->nviolations < 1)
        return nt_err_set(err, NT_EINVAL, "pelanggaran",
                          "syarat materiel belum terpenuhi: jenis pelanggaran belum dipilih");
    return 0;
}

int nt_case_transition_check(const nt_case_facts *f, nt_case_state to, unsigned roles,
                             unsigned *flags, nt_err *err)
{
    if ((unsigned)to >= NT_ST__COUNT)
        return nt_err_set(err, NT_EINVAL, "ke", "status tujuan tidak dikenal");
    const step *s = find(case_steps, NT_ARRAY_LEN(case_steps), f->state, to);
    if (!s)
        return nt_err_set(err, NT_ECONFLICT, "ke",
                          "perpindahan dari '%s' ke '%s' tidak diperbolehkan",
                          nt_case_state_name(f->state), nt_case_state_name(to));
    int rc = check_role(s, roles, nt_case_state_name(to), err);
    if (rc) return rc;
    if (s->flags & NT_TR_REGISTERS) {
        rc = check_registrable(f, err);
        if (rc) return rc;
    }
    if ((s->flags & NT_TR_FORWARDS) && f->nparties_active < 1)
        return nt_err_set(err, NT_EINVAL, "terlapor",
                          "tidak ada ASN terlapor yang dapat diteruskan (semua dihentikan)");
    if (to == NT_ST_SELESAI && f->nparties_open > 0)
        return nt_err_set(err, NT_EINVAL, "terlapor",
                          "kasus belum dapat ditutup: %d ASN terlapor belum selesai",
                          f->nparties_open);
    if (flags) *flags = s->flags;
    return 0;
}

int nt_case_next_states(nt_case_state from, unsigned roles, nt_case_state *out, int max)
{
    int n = 0;
    for (size_t i = 0; i < NT_ARRAY_LEN(case_steps) && n < max; i++)
        if (case_steps[i].from == (int)from && (case_steps[i].roles & roles))
            out[n++] = (nt_case_state)case_steps[i].to;
    return n;
}

int nt_party_transition_check(const nt_party_facts *f, nt_party_state to, unsigned roles,
                              unsigned *flags, nt_err *err)
{
    if ((unsigned)to >= NT_PS__COUNT)
        return nt_err_set(err, NT_EINVAL, "ke", "status tujuan tidak dikenal");
    const step *s = find(party_steps, NT_ARRAY_LEN(party_steps), f->state, to);
    if (!s)
        return nt_err_set(err, NT_ECONFLICT, "ke",
                          "perpindahan status ASN terlapor dari '%s' ke '%s' tidak diperbolehkan",
                          nt_party_state_name(f->state), nt_party_state_name(to));
    int rc = check_role(s, roles, nt_party_state_name(to), err);
    if (rc) return rc;
    if (to == NT_PS_DIHENTIKAN && f->case_state != NT_ST_DIREGISTRASI &&
        f->case_state != NT_ST_KLARIFIKASI && f->case_state != NT_ST_KAJIAN)
        return nt_err_set(err, NT_ECONFLICT, "ke",
                          "ASN terlapor hanya dapat dihentikan saat kasus diregistrasi, "
                          "klarifikasi atau kajian");
    if ((to == NT_PS_TEGURAN_PPK || to == NT_PS_DATA_DIBLOKIR) && !f->deadline_passed)
        return nt_err_set(err, NT_ECONFLICT, "ke",
                          "batas waktu tindak lanjut PPK belum terlampaui");
    if (flags) *flags = s->flags;
    return 0;
}

int nt_party_next_states(nt_party_state from, unsigned roles, nt_party_state *out, int max)
{
    int n = 0;
    for (size_t i = 0; i < NT_ARRAY_LEN(party_steps) && n < max; i++)
        if (party_steps[i].from == (int)from && (party_steps[i].roles & roles))
            out[n++] = (nt_party_state)party_steps[i].to;
    return n;
}
