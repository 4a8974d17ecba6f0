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

#define BW NT_ROLE_BAWASLU
#define OT NT_ROLE_OTORITAS
#define PK NT_ROLE_PPK

static const struct {
    const char *name, *label;
    bool final, editable;
    int route; /* the route an entry state sets, or -1 */
    unsigned awaits;
} case_states[NT_ST__COUNT] = {
    [NT_ST_INFORMASI_AWAL] = {"informasi_awal", "Informasi awal", false, true,
                              NT_ROUTE_INFORMASI_AWAL, BW},
    [NT_ST_TEMUAN] = {"temuan", "Temuan", false, true, NT_ROUTE_TEMUAN, BW},
    [NT_ST_LAPORAN_DITERIMA] = {"laporan_diterima", "Laporan diterima", false, true,
                                NT_ROUTE_LAPORAN, BW},
    [NT_ST_KAJIAN_AWAL] = {"kajian_awal", "Kajian awal", false, true, -1, BW},
    [NT_ST_PERLU_DILENGKAPI] = {"perlu_dilengkapi", "Perlu dilengkapi", false, true, -1, BW},
    [NT_ST_TIDAK_DIREGISTRASI] = {"tidak_diregistrasi", "Tidak diregistrasi", true, false, -1, 0},
    [NT_ST_DALUARSA] = {"daluarsa", "Daluarsa", true, false, -1, 0},
    [NT_ST_DIREGISTRASI] = {"diregistrasi", "Diregistrasi", false, true, -1, BW},
    [NT_ST_KLARIFIKASI] = {"klarifikasi", "Klarifikasi", false, true, -1, BW},
    [NT_ST_KAJIAN] = {"kajian", "Kajian", false, true, -1, BW},
    [NT_ST_DIHENTIKAN] = {"dihentikan", "Dihentikan", true, false, -1, 0},
    [NT_ST_DILIMPAHKAN] = {"dilimpahkan", "Dilimpahkan", false, false, -1, BW},
    [NT_ST_DITERUSKAN_LAIN] = {"diteruskan_lain", "Diteruskan ke instansi lain", true, false, -1,
                               0},
    [NT_ST_DITERUSKAN] = {"diteruskan", "Diteruskan ke otoritas kepegawaian", false, false, -1, OT},
    [NT_ST_SELESAI] = {"selesai", "Selesai", true, false, -1, 0},
};

/* What a step that ends or stops a case means, said to the officer before they take it. */
static const char *const case_consequence[NT_ST__COUNT] = {
    [NT_ST_TIDAK_DIREGISTRASI] = "laporan tidak diregistrasi dan ditutup; pelapor diberi tahu "
                                 "alasannya dan tidak ada terlapor yang diteruskan",
    [NT_ST_DALUARSA] = "kasus ditutup karena lewat batas waktu dan tidak dapat dibuka kembali",
    [NT_ST_DIHENTIKAN] = "penanganan dihentikan; tidak ada terlapor yang diteruskan ke otoritas "
                         "kepegawaian",
    [NT_ST_DITERUSKAN_LAIN] = "kasus keluar dari penanganan netralitas dan diserahkan kepada "
                              "instansi tujuan",
    [NT_ST_SELESAI] = "kasus ditutup; tidak ada langkah lagi",
};

/* A step's reason that someone besides the team reads, named so on its form. */
static const char *const case_reason_label[NT_ST__COUNT] = {
    [NT_ST_PERLU_DILENGKAPI] = "Yang perlu dilengkapi pelapor (ditampilkan kepada pelapor di "
                               "halaman status laporannya)",
};

const char *nt_case_state_reason_label(nt_case_state s)
{
    return (unsigned)s < NT_ST__COUNT ? case_reason_label[s] : NULL;
}

nt_step_kind nt_case_step_kind(nt_case_state to)
{
    if (to == NT_ST_DILIMPAHKAN || to == NT_ST_DITERUSKAN_LAIN) return NT_STEP_HANDOVER;
    return nt_case_state_final(to) ? NT_STEP_END : NT_STEP_ONWARD;
}

static const char *const step_kinds[NT_STEP__COUNT][2] = {
    [NT_STEP_ONWARD] = {"lanjut", "Melanjutkan penanganan"},
    [NT_STEP_HANDOVER] = {"alih", "Melimpahkan atau meneruskan ke pihak lain"},
    [NT_STEP_END] = {"akhir", "Menghentikan atau menutup kasus"},
};

const char *nt_step_kind_name(nt_step_kind k)
{
    return (unsigned)k < NT_STEP__COUNT ? step_kinds[k][0] : "?";
}

const char *nt_step_kind_label(nt_step_kind k)
{
    return (unsigned)k < NT_STEP__COUNT ? step_kinds[k][1] : "?";
}

const char *nt_case_state_consequence(nt_case_state s)
{
    return (unsigned)s < NT_ST__COUNT ? case_consequence[s] : NULL;
}

/* Party-state facts. */
enum {
    PF_FINAL = 1,
    PF_AUTHORITY = 2, /* the case reached the authority for this ASN */
    PF_PPK = 4,       /* a recommendation was issued to the ASN's PPK */
    PF_STOPPED = 8,   /* stopped by Bawaslu before forwarding */
};

static const struct {
    const char *name, *label;
    unsigned facts, awaits;
} party_states[NT_PS__COUNT] = {
    [NT_PS_DILAPORKAN] = {"dilaporkan", "Dilaporkan", 0, BW},
    [NT_PS_DIHENTIKAN] = {"dihentikan", "Dihentikan", PF_FINAL | PF_STOPPED, 0},
    [NT_PS_DITERUSKAN] = {"diteruskan", "Diteruskan, menunggu verifikasi", PF_AUTHORITY, OT},
    [NT_PS_TIDAK_TERBUKTI] = {"tidak_terbukti", "Tidak terbukti", PF_FINAL | PF_AUTHORITY, 0},
    [NT_PS_DITOLAK] = {"ditolak", "Ditolak", PF_FINAL | PF_AUTHORITY, 0},
    [NT_PS_GUGUR] = {"gugur", "Gugur (pensiun/berhenti)", PF_FINAL | PF_AUTHORITY, 0},
    [NT_PS_REKOMENDASI_TERBIT] = {"rekomendasi_terbit", "Rekomendasi terbit", PF_AUTHORITY | PF_PPK,
                                  PK | OT},
    [NT_PS_TEGURAN_PPK] = {"teguran_ppk", "Teguran kepada PPK", PF_AUTHORITY | PF_PPK, PK | OT},
    [NT_PS_DATA_DIBLOKIR] = {"data_diblokir", "Data kepegawaian diblokir", PF_AUTHORITY | PF_PPK,
                             PK | OT},
    [NT_PS_SANKSI_DIJATUHKAN] = {"sanksi_dijatuhkan", "Sanksi dijatuhkan", PF_AUTHORITY | PF_PPK,
                                 OT | BW},
    [NT_PS_SELESAI] = {"selesai", "Selesai", PF_FINAL | PF_AUTHORITY | PF_PPK, 0},
};

/* The work lists the inbox opens with, per role. */
static const nt_party_task party_tasks[] = {
    {NT_ROLE_OTORITAS, NT_PS_DITERUSKAN,
     "ASN terlapor diteruskan, menunggu verifikasi dan rekomendasi"},
    {NT_ROLE_OTORITAS, NT_PS_REKOMENDASI_TERBIT, "Rekomendasi yang menunggu tindak lanjut PPK"},
    {NT_ROLE_PPK, NT_PS_REKOMENDASI_TERBIT, "Rekomendasi untuk ditindaklanjuti dengan SK sanksi"},
    {NT_ROLE_PPK, NT_PS_TEGURAN_PPK, "Teguran otoritas yang belum ditindaklanjuti"},
};

/* What each need asks for, in form order. */
static const nt_step_input step_inputs[] = {
    {NT_TR_TARGET_REGION, "ke_wilayah", "Kantor Bawaslu yang menerima pelimpahan", NT_INPUT_SELECT,
     true, NT_OPTIONS_OFFICES},
    {NT_TR_DESTINATION, "tujuan", "Diteruskan kepada", NT_INPUT_SELECT, true,
     NT_OPTIONS_DESTINATIONS},
    {NT_TR_RECOMMENDATION, "sanksi", "Sanksi yang direkomendasikan", NT_INPUT_SELECT, true,
     NT_OPTIONS_SANCTIONS},
    {NT_TR_RECOMMENDATION, "nomor", "Nomor surat rekomendasi", NT_INPUT_TEXT, true,
     NT_OPTIONS_NONE},
    {NT_TR_RECOMMENDATION, "tanggal", "Tanggal rekomendasi", NT_INPUT_DATE, true, NT_OPTIONS_NONE},
    {NT_TR_RECOMMENDATION, "alasan",
     "Alasan, wajib bila tingkat sanksi berbeda dari tingkat dalam katalog", NT_INPUT_TEXTAREA,
     false, NT_OPTIONS_NONE},
    {NT_TR_DECREE, "nomor_sk", "Nomor SK sanksi", NT_INPUT_TEXT, true, NT_OPTIONS_NONE},
    {NT_TR_DECREE, "tanggal_sk", "Tanggal SK", NT_INPUT_DATE, true, NT_OPTIONS_NONE},
    {NT_TR_DECREE, "berkas_sk", "Pindaian SK (PDF atau foto)", NT_INPUT_FILE, false,
     NT_OPTIONS_NONE},
    {NT_TR_DECREE, "sanksi", "Sanksi yang dijatuhkan dalam SK", NT_INPUT_SELECT, false,
     NT_OPTIONS_SANCTIONS},
    {NT_TR_REASON, "alasan", "Alasan", NT_INPUT_TEXTAREA, true, NT_OPTIONS_NONE},
    {NT_TR_NOTE, "alasan", "Catatan (tidak wajib)", NT_INPUT_TEXTAREA, false, NT_OPTIONS_NONE},
};

static const nt_destination destinations[] = {
    {"gakkumdu", "Sentra Gakkumdu (dugaan tindak pidana pemilihan)"},
    {"dkpp", "DKPP (dugaan pelanggaran kode etik penyelenggara)"},
    {"administrasi", "Penanganan pelanggaran administrasi"},
    {"instansi_lain", "Instansi lain yang berwenang"},
};

typedef struct {
    int from, to;
    unsigned roles, flags;
} step;

static const step case_steps[] = {
    {NT_ST_INFORMASI_AWAL, NT_ST_TEMUAN, B, 0},
    {NT_ST_INFORMASI_AWAL, NT_ST_LAPORAN_DITERIMA, B, 0},
    {NT_ST_INFORMASI_AWAL, NT_ST_DALUARSA, B, NT_TR_REASON},
    /* a laporan that fails its formal requirements can still be used as information */
    {NT_ST_LAPORAN_DITERIMA, NT_ST_INFORMASI_AWAL, B, NT_TR_REASON},
    {NT_ST_KAJIAN_AWAL, NT_ST_INFORMASI_AWAL, B, NT_TR_REASON},
    {NT_ST_PERLU_DILENGKAPI, NT_ST_INFORMASI_AWAL, B, NT_TR_REASON},
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
    /* the reporter completes the report (or the team takes it up again) */
    {NT_ST_PERLU_DILENGKAPI, NT_ST_KAJIAN_AWAL, B | NT_ROLE_PELAPOR, 0},
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

bool nt_case_editable(nt_case_state s)
{
    return (unsigned)s < NT_ST__COUNT && case_states[s].editable;
}

int nt_case_state_route(nt_case_state s)
{
    return (unsigned)s < NT_ST__COUNT ? case_states[s].route : -1;
}

unsigned nt_case_awaits(nt_case_state s)
{
    return (unsigned)s < NT_ST__COUNT ? case_states[s].awaits : 0;
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

static bool party_fact(nt_party_state s, unsigned fact)
{
    return (unsigned)s < NT_PS__COUNT && (party_states[s].facts & fact);
}

bool nt_party_state_final(nt_party_state s)
{
    return party_fact(s, PF_FINAL);
}

static const char *const party_consequence[NT_PS__COUNT] = {
    [NT_PS_DIHENTIKAN] = "penanganan terhadap ASN ini dihentikan dan ia tidak diteruskan",
    [NT_PS_TIDAK_TERBUKTI] = "ASN ini dinyatakan tidak terbukti melanggar; tidak ada sanksi",
    [NT_PS_DITOLAK] = "penerusan untuk ASN ini ditolak dan ditutup",
    [NT_PS_GUGUR] = "perkara ASN ini gugur (pensiun atau berhenti) dan ditutup",
    [NT_PS_SELESAI] = "perkara ASN ini ditutup; tidak ada langkah lagi",
};

const char *nt_party_state_consequence(nt_party_state s)
{
    return (unsigned)s < NT_PS__COUNT ? party_consequence[s] : NULL;
}

bool nt_party_with_authority(nt_party_state s)
{
    return party_fact(s, PF_AUTHORITY);
}

bool nt_party_with_ppk(nt_party_state s)
{
    return party_fact(s, PF_PPK);
}

bool nt_party_stopped(nt_party_state s)
{
    return party_fact(s, PF_STOPPED);
}

unsigned nt_party_awaits(nt_party_state s)
{
    return (unsigned)s < NT_PS__COUNT ? party_states[s].awaits : 0;
}

const nt_party_task *nt_party_tasks(size_t *n)
{
    *n = NT_ARRAY_LEN(party_tasks);
    return party_tasks;
}

int nt_step_inputs(unsigned needs, const nt_step_input **out, int max)
{
    int n = 0;
    bool reason = false;
    for (size_t i = 0; i < NT_ARRAY_LEN(step_inputs) && n < max; i++) {
        const nt_step_input *in = &step_inputs[i];
        bool wanted = (in->need & needs) || (in->need == NT_TR_NOTE && !reason);
        if (!wanted || (reason && strcmp(in->name, "alasan") == 0)) continue;
        if (strcmp(in->name, "alasan") == 0) reason = true;
        out[n++] = in;
    }
    return n;
}

const nt_step_input *nt_step_input_table(size_t *n)
{
    *n = NT_ARRAY_LEN(step_inputs);
    return step_inputs;
}

const nt_destination *nt_destinations(size_t *n)
{
    *n = NT_ARRAY_LEN(destinations);
    return destinations;
}

const nt_destination *nt_destination_find(const char *id)
{
    for (size_t i = 0; id && i < NT_ARRAY_LEN(destinations); i++)
        if (strcmp(destinations[i].id, id) == 0) return &destinations[i];
    return NULL;
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
static const char *role_labels[] = {"Admin", "Bawaslu", "Otoritas kepegawaian", "PPK instansi"};

const char *nt_role_name(nt_role r)
{
    for (unsigned i = 0; i < NT_ARRAY_LEN(role_names); i++)
        if ((unsigned)r == 1u << i) return role_names[i];
    return "?";
}

const char *nt_role_label(nt_role r)
{
    for (unsigned i = 0; i < NT_ARRAY_LEN(role_labels); i++)
        if (r & (1u << i)) return role_labels[i];
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

const char *const nt_position_kinds[] = {"jpt",       "administrator", "pengawas",   "fungsional",
                                         "pelaksana", "pppk",          "kepala_desa"};
const size_t nt_position_kinds_n = NT_ARRAY_LEN(nt_position_kinds);
static const char *const position_kind_labels[] = {"Jabatan pimpinan tinggi (JPT)",
                                                   "Jabatan administrator",
                                                   "Jabatan pengawas",
                                                   "Jabatan fungsional",
                                                   "Jabatan pelaksana",
                                                   "PPPK",
                                                   "Kepala desa"};

const char *nt_position_kind_label(const char *name)
{
    for (size_t i = 0; name && i < nt_position_kinds_n; i++)
        if (!strcmp(name, nt_position_kinds[i])) return position_kind_labels[i];
    return NULL;
}

static const char *route_names[] = {"informasi_awal", "temuan", "laporan"};
static const char *route_labels[] = {"Informasi awal", "Temuan", "Laporan"};

const char *nt_route_name(nt_route r)
{
    return (unsigned)r < NT_ARRAY_LEN(route_names) ? route_names[r] : "?";
}

const char *nt_route_label(nt_route r)
{
    return (unsigned)r < NT_ARRAY_LEN(route_labels) ? route_labels[r] : "?";
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
    char due[11];
    nt_date_format(f->window_due, due);
    if (f->route == NT_ROUTE_LAPORAN && f->late_filing)
        return nt_err_set(err, NT_EINVAL, "tanggal_diketahui",
                          "syarat formal tidak terpenuhi: laporan disampaikan setelah batas waktu "
                          "penyampaian laporan (%s) sejak pelapor mengetahui kejadian; laporan "
                          "tidak dapat diregistrasi, informasinya dapat dijadikan informasi awal",
                          due);
    if (f->route == NT_ROUTE_TEMUAN && f->late_filing)
        return nt_err_set(err, NT_EINVAL, "tanggal_diketahui",
                          "temuan ditetapkan setelah batas waktu penetapan temuan (%s) sejak "
                          "ditemukan; temuan daluarsa dan tidak dapat diregistrasi",
                          due);
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
    if (!f->has_evidence)
        return nt_err_set(err, NT_EINVAL, "bukti",
                          "syarat materiel belum terpenuhi: belum ada bukti (berkas, saksi atau "
                          "uraian dokumen bukti)");
    return 0;
}

/* Leaving an intake state towards handling needs the window from the day of discovery. */
static int check_window(const nt_case_facts *f, nt_case_state to, nt_err *err)
{
    char due[11];
    nt_date_format(f->window_due, due);
    if (f->state == NT_ST_INFORMASI_AWAL && to == NT_ST_TEMUAN && f->window_passed)
        return nt_err_set(err, NT_EINVAL, "tanggal_diketahui",
                          "batas waktu penetapan temuan (%s) sudah lewat: informasi awal ini "
                          "tidak dapat lagi dijadikan temuan dan daluarsa",
                          due);
    if (f->state == NT_ST_TEMUAN && (to == NT_ST_KAJIAN_AWAL || to == NT_ST_DIREGISTRASI) &&
        (f->window_passed || f->late_filing))
        return nt_err_set(err, NT_EINVAL, "tanggal_diketahui",
                          "batas waktu penetapan temuan (%s) sudah lewat: temuan daluarsa", due);
    if (f->state == NT_ST_INFORMASI_AWAL && to == NT_ST_LAPORAN_DITERIMA && !f->has_reporter)
        return nt_err_set(err, NT_EINVAL, "pelapor",
                          "syarat formal laporan: identitas pelapor wajib diisi sebelum informasi "
                          "awal dijadikan laporan");
    return 0;
}

int nt_case_transition_check(const nt_case_facts *f, nt_case_state to, unsigned roles,
                             unsigned *flags, nt_err *err)
{
    if ((unsigned)to >= NT_ST__COUNT)
        return nt_err_set(err, NT_EINVAL, "ke", "status tujuan tidak dikenal");
    const step *s = find(case_steps, NT_ARRAY_LEN(case_steps), f->state, to);
    if (!s)
        return nt_err_set(err, NT_ECONFLICT, "ke", "langkah dari '%s' ke '%s' tidak diperbolehkan",
                          nt_case_state_label(f->state), nt_case_state_label(to));
    int rc = check_role(s, roles, nt_case_state_label(to), err);
    if (rc) return rc;
    if ((rc = check_window(f, to, err))) return rc;
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
                          "langkah ASN terlapor dari '%s' ke '%s' tidak diperbolehkan",
                          nt_party_state_label(f->state), nt_party_state_label(to));
    int rc = check_role(s, roles, nt_party_state_label(to), err);
    if (rc) return rc;
    if (to == NT_PS_DIHENTIKAN &&
        (!nt_case_editable(f->case_state) || f->case_state < NT_ST_DIREGISTRASI))
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

unsigned nt_case_step_needs(nt_case_state from, nt_case_state to)
{
    const step *s = find(case_steps, NT_ARRAY_LEN(case_steps), from, to);
    return s ? s->flags : 0;
}

unsigned nt_party_step_needs(nt_party_state from, nt_party_state to)
{
    const step *s = find(party_steps, NT_ARRAY_LEN(party_steps), from, to);
    return s ? s->flags : 0;
}
