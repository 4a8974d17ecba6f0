/*
 * workflow.h - the legal process of an ASN-neutrality case (DOMAIN.md §2).
 *
 * Two state machines:
 *   - the case: intake, preliminary review, registration, clarification, study,
 *     and the Bawaslu decision (stop, forward to the authority, hand to
 *     another body or level);
 *   - each reported ASN (a "party") once the case is forwarded: the
 *     authority's outcome, the recommendation, the PPK's sanction or the
 *     escalation when the PPK does not act.
 *
 * Each transition is allowed for some roles only, and some have guards
 * (formal and material requirements before registration, every party
 * finished before the case is closed, a deadline passed before a warning).
 * All functions are pure: the caller gathers the facts.
 */
#ifndef NT_WORKFLOW_H
#define NT_WORKFLOW_H

#include "base/nt.h"

typedef enum {
    NT_ST_INFORMASI_AWAL,
    NT_ST_TEMUAN,
    NT_ST_LAPORAN_DITERIMA,
    NT_ST_KAJIAN_AWAL,
    NT_ST_PERLU_DILENGKAPI,
    NT_ST_TIDAK_DIREGISTRASI,
    NT_ST_DALUARSA,
    NT_ST_DIREGISTRASI,
    NT_ST_KLARIFIKASI,
    NT_ST_KAJIAN,
    NT_ST_DIHENTIKAN,
    NT_ST_DILIMPAHKAN,
    NT_ST_DITERUSKAN_LAIN,
    NT_ST_DITERUSKAN,
    NT_ST_SELESAI,
    NT_ST__COUNT
} nt_case_state;

typedef enum {
    NT_PS_DILAPORKAN,
    NT_PS_DIHENTIKAN,
    NT_PS_DITERUSKAN,
    NT_PS_TIDAK_TERBUKTI,
    NT_PS_DITOLAK,
    NT_PS_GUGUR,
    NT_PS_REKOMENDASI_TERBIT,
    NT_PS_TEGURAN_PPK,
    NT_PS_DATA_DIBLOKIR,
    NT_PS_SANKSI_DIJATUHKAN,
    NT_PS_SELESAI,
    NT_PS__COUNT
} nt_party_state;

/* Roles are bits so a transition can allow several. */
typedef enum {
    NT_ROLE_ADMIN = 1,
    NT_ROLE_BAWASLU = 2,
    NT_ROLE_OTORITAS = 4,
    NT_ROLE_PPK = 8,
} nt_role;

typedef enum { NT_ROUTE_INFORMASI_AWAL, NT_ROUTE_TEMUAN, NT_ROUTE_LAPORAN } nt_route;

/* What a transition needs besides its guard. */
enum {
    NT_TR_REASON = 1,          /* a written reason (alasan) */
    NT_TR_REGISTERS = 2,       /* issues a registration number */
    NT_TR_TARGET_REGION = 4,   /* data.ke_wilayah: the office that takes over */
    NT_TR_DESTINATION = 8,     /* data.tujuan: gakkumdu, dkpp, administrasi, instansi_lain */
    NT_TR_RECOMMENDATION = 16, /* data.sanksi, data.nomor, data.tanggal */
    NT_TR_DECREE = 32,         /* data.nomor_sk, data.tanggal_sk */
    NT_TR_FORWARDS = 64,       /* parties still open become diteruskan */
};

const char *nt_case_state_name(nt_case_state s);
const char *nt_case_state_label(nt_case_state s);
int nt_case_state_parse(const char *s, nt_case_state *out);
bool nt_case_state_final(nt_case_state s);

const char *nt_party_state_name(nt_party_state s);
const char *nt_party_state_label(nt_party_state s);
int nt_party_state_parse(const char *s, nt_party_state *out);
bool nt_party_state_final(nt_party_state s);

const char *nt_role_name(nt_role r);
int nt_role_parse(const char *s, nt_role *out);
const char *nt_route_name(nt_route r);
int nt_route_parse(const char *s, nt_route *out);
nt_case_state nt_route_initial_state(nt_route r);

/* Facts about a case that the guards need. */
typedef struct nt_case_facts {
    nt_case_state state;
    nt_route route;
    int nparties;        /* reported ASN */
    int nparties_open;   /* parties not in a final state */
    int nparties_active; /* parties not stopped (dihentikan) */
    int nviolations;
    bool has_event_date, has_place, has_narrative, has_reporter;
} nt_case_facts;

/* 0 if role may move the case to `to`; otherwise NT_ECONFLICT (no such step),
 * NT_EFORBIDDEN (not this role) or NT_EINVAL (a requirement is missing), with
 * a reason in err. *flags receives the NT_TR_* needs of the step. */
int nt_case_transition_check(const nt_case_facts *f, nt_case_state to, unsigned roles,
                             unsigned *flags, nt_err *err);
/* The states a role may move a case to from `from`; returns how many. */
int nt_case_next_states(nt_case_state from, unsigned roles, nt_case_state *out, int max);

typedef struct nt_party_facts {
    nt_party_state state;
    nt_case_state case_state;
    bool deadline_passed; /* the clock of the party's current state has run out */
} nt_party_facts;

int nt_party_transition_check(const nt_party_facts *f, nt_party_state to, unsigned roles,
                              unsigned *flags, nt_err *err);
int nt_party_next_states(nt_party_state from, unsigned roles, nt_party_state *out, int max);

#endif
