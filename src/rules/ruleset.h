/*
 * ruleset.h - rule data that changes with regulations, loaded from versioned
 * JSON files in data/rules/: the violation catalogue and sanction ladders,
 * the deadline regimes, the holiday calendar and the name of the
 * civil-service authority over time.
 *
 * nt_rules_load_dir() is the one place in rules/ that reads files: it reads
 * the four documents at start-up and parses them with jansson. Everything
 * else here is pure lookup.
 */
#ifndef NT_RULESET_H
#define NT_RULESET_H

#include "base/date.h"
#include "base/nt.h"
#include "rules/risk.h"
#include "rules/calendar.h"
#include "rules/workflow.h"

#include <jansson.h>

/* known: the day the event became known or was found; entered: the day the case or ASN
 * entered the state; registered: the registration day; received: the day the laporan was
 * received or the temuan set (the registration day when there is none). */
typedef enum {
    NT_ANCHOR_KNOWN,
    NT_ANCHOR_ENTERED,
    NT_ANCHOR_REGISTERED,
    NT_ANCHOR_RECEIVED
} nt_anchor;

typedef struct nt_clock {
    char id[32];
    char label[96];
    bool states[NT_ST__COUNT];
    bool party_states[NT_PS__COUNT];
    nt_anchor anchor;
    int days, extension_days;
    nt_daycount count;
    bool unconfirmed; /* marked [check] in the data */
    char basis[160];  /* the article the values come from */
} nt_clock;

typedef struct nt_regime {
    char id[24];
    char name[96];
    char basis[160];
    nt_clock clocks[16];
    int nclocks;
    int filing; /* index of the clock of the window from discovery (file a laporan, set a temuan) */
} nt_regime;

typedef struct nt_violation {
    char code[8];
    char kind[16];  /* etik | disiplin */
    char level[24]; /* moral | ringan | sedang | berat | ptdh | menurut_ketentuan */
    char category[32];
    char act[320];
} nt_violation;

typedef struct nt_sanction {
    char ladder[16];
    char level[12];
    char code[48];
    char label[128];
} nt_sanction;

/* A sanction ladder: one regulation, for whom, and when it is in force. */
typedef enum { NT_LADDER_ETHICS, NT_LADDER_DISCIPLINE } nt_ladder_kind;
typedef struct nt_ladder {
    char id[16];
    char name[128];
    nt_ladder_kind kind; /* ethics (moral sanctions) or discipline */
    bool pns, pppk;      /* whom it applies to */
    nt_date from, to;    /* to = NT_DATE_NONE while in force */
} nt_ladder;

/* Severity of catalogue levels, for comparing a sanction with the catalogue's level. */
#define NT_LEVEL_UNRATED (-1) /* "menurut_ketentuan": per the other law */
int nt_level_rank(const char *level);
/* A level as people read it: "Disiplin berat" (the code itself if unknown). */
const char *nt_level_label(const char *level);

typedef struct nt_authority {
    char short_name[16];
    char name[96];
    char addressee[32]; /* how a forwarding letter addresses its head ("Kepala") */
    nt_date from, to;   /* to = NT_DATE_NONE while in office */
} nt_authority;

/* A civil time zone: its label, offset from UTC and the provinces in it. */
typedef struct nt_timezone {
    char label[8];
    int offset_hours;
    char provinces[40][4];
    int nprovinces;
} nt_timezone;

typedef struct nt_rules {
    char catalogue_version[32], regimes_version[32], holidays_version[32], authority_version[32],
        zones_version[32], privacy_version[32], timezones_version[32], pledges_version[32];
    /* neutrality pledges (pledges.json): the versions of the text, each from its day, and the
     * share of an agency's roster that should have signed */
    json_t *pledges; /* the "versions" array (owned) */
    double pledge_coverage_min;
    /* prevention.json: how an attendance list's names are matched to the roster */
    char prevention_version[32];
    struct {
        double sure_min, ask_min, margin;
        int max_candidates;
    } attendance;
    /* guidance.json: what ASN may and may not do, for the public portal (owned) */
    char guidance_version[32];
    json_t *guidance;
    /* notifications.json: the messages' templates (owned), checked against rules/notify.h,
     * and how delivery is retried */
    char notify_version[32];
    json_t *notify;
    json_t *gateway_body; /* the gateway's JSON body template (owned) */
    int notify_attempts, notify_timeout_s, notify_nbackoff, digest_hour_wib, digest_days;
    int notify_backoff_s[16];
    /* the risk index of a region (risk.json) */
    nt_risk_rules risk;
    /* civil time zones (timezones.json); timezones[0] is the default */
    nt_timezone timezones[4];
    int ntimezones;
    nt_regime regimes[8];
    int nregimes;
    nt_violation violations[64];
    int nviolations;
    nt_sanction sanctions[96];
    int nsanctions;
    nt_ladder ladders[12];
    int nladders;
    /* which code a patrol finding proposes: [interaction?][after confirmation?] */
    char patrol_code[2][2][8];
    bool patrol_comment_on_candidate_interacts;
    char patrol_interactions[8][16];
    int npatrol_interactions;
    nt_authority authorities[8];
    int nauthorities;
    struct {
        char kind[16], regime[24];
    } kinds[16];
    int nkinds;
    nt_calendar calendar;
    json_t *catalogue; /* the catalogue document, for API output (owned) */
    /* risk zones: levels by ascending minimum count */
    struct {
        char id[16], label[96], color[8];
        long min;
    } zones[8];
    int nzones;
    /* personal-data columns of lists and exports, and the role bits that may see them */
    char personal[8][16];
    int npersonal;
    unsigned personal_roles;
    /* privacy.json "reporter_identity": who beyond the office handling a case may open its
     * reporter's identity: offices up to this many levels above it, and offices that handled
     * it before a hand-over. */
    int reporter_levels_above;
    bool reporter_previous_offices;
    /* privacy.json "authority_roster": false (the rule): the authority's reviewer reads only
     * the ASN of cases forwarded to it; true: the whole roster. */
    bool authority_roster_all;
    /* documents.json: the official documents' kinds, wording and blocks (owned; checked for
     * shape when loaded, read by src/docs) */
    char documents_version[32];
    json_t *documents;
    /* the directory the rule data was loaded from (letterheads and logos sit beside it) */
    char data_dir[512];
} nt_rules;

int nt_rules_load_dir(nt_rules *r, const char *dir, nt_err *err);
/* The pledge text version of that id, or the one in use on a day (the latest begun): NULL if
 * none. */
const json_t *nt_rules_pledge(const nt_rules *r, const char *id);
const json_t *nt_rules_pledge_on(const nt_rules *r, nt_date day);
/* Parse one document; name is catalogue, regimes, holidays, authority, zones or privacy. */
int nt_rules_parse(nt_rules *r, const char *name, const char *json, size_t len, nt_err *err);
void nt_rules_free(nt_rules *r);

const nt_regime *nt_rules_regime(const nt_rules *r, const char *id);
const char *nt_rules_regime_for_kind(const nt_rules *r, const char *election_kind);
const nt_violation *nt_rules_violation(const nt_rules *r, const char *code);
/* Finds a sanction by code, in the given ladder (or any ladder if NULL). */
const nt_sanction *nt_rules_sanction(const nt_rules *r, const char *ladder, const char *code);
/* The ladder of this kind in force on `day` for a PNS (pppk=false) or a PPPK; NULL if none. */
const nt_ladder *nt_rules_ladder_for(const nt_rules *r, nt_ladder_kind kind, bool pppk,
                                     nt_date day);
/* The violation code a patrol finding proposes: an interaction (like, share, follow, a comment
 * on candidate content) or own content, before or after the candidates were confirmed. */
const char *nt_rules_patrol_code(const nt_rules *r, const char *kind, bool on_candidate,
                                 bool after_confirmation);
/* The zone level (index into zones) for a count. */
int nt_rules_zone(const nt_rules *r, long count);
/* Whether a column of a list is personal data hidden from these roles. */
bool nt_rules_masked(const nt_rules *r, const char *column, unsigned roles);
const nt_authority *nt_rules_authority_on(const nt_rules *r, nt_date day);
/* documents.json (documents.c): checks its shape and keeps it in r->documents. */
int nt_rules_parse_documents(nt_rules *r, json_t *doc, nt_err *err);
/* A document kind of documents.json by id, or NULL. */
const json_t *nt_rules_document(const nt_rules *r, const char *id);
/* The civil time zone of a region (by its province): offset from UTC in hours and its label
 * ("WIB", "WITA", "WIT"); the default zone for NULL, "" or an unlisted province. */
void nt_rules_timezone(const nt_rules *r, const char *region, int *offset_hours,
                       const char **label);

#endif
