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
 *
 * This file owns every fact about a state: its name and Indonesian label,
 * whether it is final, whether the case's data may still be completed in it,
 * which route an entry state sets, who acts next, which party states mean the
 * case has reached the authority or the PPK, and which inputs each step asks
 * for. The store writes these facts into reference tables (rule_case_states,
 * rule_party_states) so SQL never repeats a list of states, and the pages
 * draw step forms from nt_step_inputs().
 */
#ifndef NT_WORKFLOW_H
#define NT_WORKFLOW_H

#include "base/date.h"
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
    /* the reporter, acting through the receipt code: never a user's role */
    NT_ROLE_PELAPOR = 16,
} nt_role;

typedef enum { NT_ROUTE_INFORMASI_AWAL, NT_ROUTE_TEMUAN, NT_ROUTE_LAPORAN } nt_route;

/* What a transition needs besides its guard (each maps to inputs, see nt_step_inputs). */
enum {
    NT_TR_REASON = 1,          /* a written reason (alasan) */
    NT_TR_REGISTERS = 2,       /* issues a registration number */
    NT_TR_TARGET_REGION = 4,   /* data.ke_wilayah: the office that takes over */
    NT_TR_DESTINATION = 8,     /* data.tujuan: gakkumdu, dkpp, administrasi, instansi_lain */
    NT_TR_RECOMMENDATION = 16, /* data.sanksi, data.nomor, data.tanggal */
    NT_TR_DECREE = 32,         /* data.nomor_sk, data.tanggal_sk */
    NT_TR_FORWARDS = 64,       /* parties still open become diteruskan */
    NT_TR_NOTE = 128,          /* an optional note (catatan) */
};

/* One field a step asks for: the form field and data key, its label, its kind. */
typedef enum {
    NT_INPUT_TEXT,
    NT_INPUT_TEXTAREA,
    NT_INPUT_DATE,
    NT_INPUT_SELECT,
    NT_INPUT_FILE, /* a document the step brings (kept as the case's evidence), never data */
} nt_input_kind;
/* Where a list's options come from (the store fills them in for the case at hand). */
typedef enum {
    NT_OPTIONS_NONE,
    NT_OPTIONS_OFFICES,      /* the Bawaslu offices above and below the case's office */
    NT_OPTIONS_DESTINATIONS, /* nt_destinations() */
    NT_OPTIONS_SANCTIONS,    /* the sanctions that apply to this ASN */
} nt_input_options;
typedef struct nt_step_input {
    unsigned need;     /* the NT_TR_* bit that asks for it */
    const char *name;  /* "alasan" at the top level; the others go in data.<name> */
    const char *label; /* Indonesian, for the form */
    nt_input_kind kind;
    bool required;
    nt_input_options options;
} nt_step_input;

/* The inputs of a step with these NT_TR_* needs, in form order; returns how many. A step
 * without NT_TR_REASON still takes an optional note. */
int nt_step_inputs(unsigned needs, const nt_step_input **out, int max);
/* Every input any step can take (for handlers that copy a form into a step's data). */
const nt_step_input *nt_step_input_table(size_t *n);

/* Where a case goes when Bawaslu passes it to another body (data.tujuan). */
typedef struct nt_destination {
    const char *id, *label;
} nt_destination;
const nt_destination *nt_destinations(size_t *n);
const nt_destination *nt_destination_find(const char *id);

const char *nt_case_state_name(nt_case_state s);
const char *nt_case_state_label(nt_case_state s);
int nt_case_state_parse(const char *s, nt_case_state *out);
bool nt_case_state_final(nt_case_state s);
/* What taking a step into a final (or stopping) state means, in words; NULL for the others. */
const char *nt_case_state_consequence(nt_case_state s);
/* What a step to a state does to the case, for grouping the case page's steps: it carries
 * the handling on, hands the case to another office or agency, or stops or closes it. */
typedef enum { NT_STEP_ONWARD, NT_STEP_HANDOVER, NT_STEP_END, NT_STEP__COUNT } nt_step_kind;
nt_step_kind nt_case_step_kind(nt_case_state to);
const char *nt_step_kind_name(nt_step_kind k);  /* "lanjut", "alih", "akhir" */
const char *nt_step_kind_label(nt_step_kind k); /* "Melanjutkan penanganan", ... */
/* Whether the case's data (place, narrative, ASN, violations, evidence) may be completed. */
bool nt_case_editable(nt_case_state s);
/* The route an entry state sets when a case is converted into it, or -1. */
int nt_case_state_route(nt_case_state s);
/* The roles that act next on a case in this state (0 when final). */
unsigned nt_case_awaits(nt_case_state s);

const char *nt_party_state_name(nt_party_state s);
const char *nt_party_state_label(nt_party_state s);
int nt_party_state_parse(const char *s, nt_party_state *out);
bool nt_party_state_final(nt_party_state s);
const char *nt_party_state_consequence(nt_party_state s);
/* Facts of a party state: the case has reached the authority for this ASN; the PPK has a
 * recommendation to act on (or acted); the ASN was stopped by Bawaslu. */
bool nt_party_with_authority(nt_party_state s);
bool nt_party_with_ppk(nt_party_state s);
bool nt_party_stopped(nt_party_state s);
/* The roles that act next on a reported ASN in this state. */
unsigned nt_party_awaits(nt_party_state s);
/* The work lists of a role: party states that wait for it, with the list's label. */
typedef struct nt_party_task {
    nt_role role;
    nt_party_state state;
    const char *label;
} nt_party_task;
const nt_party_task *nt_party_tasks(size_t *n);
/* The state a reported ASN starts in, and the state the forwarding moves open ones to. */
#define NT_PS_INITIAL NT_PS_DILAPORKAN

const char *nt_role_name(nt_role r);
const char *nt_role_label(nt_role r); /* "Bawaslu", "PPK instansi", ... */
int nt_role_parse(const char *s, nt_role *out);
const char *nt_route_name(nt_route r);
const char *nt_route_label(nt_route r); /* "Laporan", "Temuan", "Informasi awal" */
int nt_route_parse(const char *s, nt_route *out);
nt_case_state nt_route_initial_state(nt_route r);

/* The kinds of position in the roster (UU 20/2023 on ASN: JPT, administrator, supervisor,
 * functional, implementing staff; PPPK; and village heads, whom the joint decree also
 * covers): the names the roster file uses, and their labels. NULL: not a kind. */
extern const char *const nt_position_kinds[];
extern const size_t nt_position_kinds_n;
const char *nt_position_kind_label(const char *name);

/* Facts about a case that the guards need. */
typedef struct nt_case_facts {
    nt_case_state state;
    nt_route route;
    int nparties;        /* reported ASN */
    int nparties_open;   /* parties not in a final state */
    int nparties_active; /* parties not stopped (dihentikan) */
    int nviolations;
    bool has_event_date, has_place, has_narrative, has_reporter;
    bool has_evidence; /* a file, a witness or a described document */
    /* The window from the day the event became known (file a laporan, set a temuan):
     * late_filing - the laporan was filed, or the temuan set, after it closed;
     * window_passed - it has closed by today; window_due - its last day. */
    bool late_filing, window_passed;
    nt_date window_due;
} nt_case_facts;

/* 0 if role may move the case to `to`; otherwise NT_ECONFLICT (no such step),
 * NT_EFORBIDDEN (not this role) or NT_EINVAL (a requirement is missing), with
 * a reason in err. *flags receives the NT_TR_* needs of the step. */
int nt_case_transition_check(const nt_case_facts *f, nt_case_state to, unsigned roles,
                             unsigned *flags, nt_err *err);
/* The label of the reason asked by the step into s when its reader is not only the team (the
 * reporter reads what perlu_dilengkapi asks for), or NULL for the usual "Alasan". */
const char *nt_case_state_reason_label(nt_case_state s);
/* The states a role may move a case to from `from`; returns how many. */
int nt_case_next_states(nt_case_state from, unsigned roles, nt_case_state *out, int max);
/* The NT_TR_* needs of a step, or 0 when there is no such step. */
unsigned nt_case_step_needs(nt_case_state from, nt_case_state to);
unsigned nt_party_step_needs(nt_party_state from, nt_party_state to);

typedef struct nt_party_facts {
    nt_party_state state;
    nt_case_state case_state;
    bool deadline_passed; /* the clock of the party's current state has run out */
} nt_party_facts;

int nt_party_transition_check(const nt_party_facts *f, nt_party_state to, unsigned roles,
                              unsigned *flags, nt_err *err);
int nt_party_next_states(nt_party_state from, unsigned roles, nt_party_state *out, int max);

#endif
