/* store_int.h - what the store's files share and nothing outside src/store/ may use. */
#ifndef NT_STORE_INT_H
#define NT_STORE_INT_H

#include "store/db.h"
#include "store/store.h"
#include "base/strmap.h"

#include <stdio.h>

struct nt_store {
    nt_db *db;
    const nt_rules *rules;
    unsigned char key[NT_KEY_BYTES];
    char evidence_dir[512];
    char public_url[256]; /* for the links in messages (outbox.c); "" when not configured */
    /* audit checkpoints (audit.c) */
    unsigned char audit_sk[NT_AUDIT_SK_BYTES];
    bool checkpoints, checkpoint_syslog, audit_dirty;
    char checkpoint_path[600];
    int checkpoint_fd;
    int64_t checkpointed;    /* the last seq this connection signed */
    bool risk_in_background; /* nt_store_config's */
};

/* The hash of one audit entry (audit.c), for checking a chain kept elsewhere. */
void nt_audit_entry_hash(const char *prev, int64_t seq, int64_t at, const char *actor,
                         const char *action, const char *object, const char *detail, char hex[65]);

/* After every commit: signs and writes a checkpoint when the audit head moved. */
void nt_audit_after_commit(void *st);

int nt_schema_migrate(nt_db *db, nt_err *err);
/* case_common.c: recomputes every open case's stored deadlines when the rules they come from
 * changed since (or were never applied); at open. */
int nt_deadlines_keep_current(nt_store *st, nt_err *err);
/* The record's tables in foreign-key order (NULL-terminated). */
extern const char *const nt_schema_tables[];

/* Row -> JSON object with every column by name (dates and text as strings). */
json_t *nt_row_json(nt_stmt *s);
/* Runs a prepared statement and collects all rows as an array. */
json_t *nt_rows_json(nt_stmt *s);

/* Input validation of JSON fields, with Indonesian messages naming the field. */
int nt_in_str(json_t *in, const char *key, bool required, size_t max, const char **out,
              nt_err *err);
/* Beside a date field of o ("YYYY-MM-DD"), the same as people write it: "<key>_label"
 * ("2 Des 2026"); nothing when the field is absent or not a date. */
void nt_date_label(json_t *o, const char *key);
int nt_in_date(json_t *in, const char *key, bool required, bool not_future, nt_date *out,
               nt_err *err);
int nt_in_int(json_t *in, const char *key, bool required, int64_t lo, int64_t hi, int64_t *out,
              nt_err *err);
/* A region that exists; level_out (optional) gets its level. */
int nt_check_region(nt_store *st, const char *field, const char *code, char level_out[16],
                    nt_err *err);

/* prevention.c: a list of kinds from a table (rules/prevention.h), each known, none twice, at
 * least one when required; *out is the JSON array text (freed by the caller). Back from the
 * stored text: [{value, label}]. An election that exists within the actor's region. */
struct nt_kind;
int nt_in_kinds(json_t *in, const char *key, const struct nt_kind *table, const char *what,
                bool required, char **out, nt_err *err);
json_t *nt_kinds_json(const char *text, const struct nt_kind *table);
int nt_check_election(nt_store *st, const nt_actor *a, const char *election, nt_err *err);

/* evidence.c: a stored file opened after its SHA-256 is verified (a mismatch is audited;
 * what and id name it in the message and the audit entry). */
int nt_blob_open(nt_store *st, const nt_actor *a, const char *hex, const char *what, int64_t id,
                 int *fd, nt_err *err);
/* Staged uploads recorded as files of an agreement or event (owner "agreement" | "event";
 * role dokumen | materi | foto), all or none, each audited; consumes the uploads. The caller
 * has checked that the actor may add to the owner. */
int nt_upload_record_files(nt_store *st, const nt_actor *a, const char *owner, int64_t owner_id,
                           const char *role, nt_upload **files, size_t n, nt_err *err);

/* Crypto helpers (libsodium). */
void nt_sha256_hex(const void *data, size_t len, char hex[65]);
void nt_random_token(char *out, size_t bytes); /* hex of `bytes` random bytes */
void nt_token_hash(const char *token, unsigned char out[32]);
int nt_seal(const nt_store *st, const char *plain, size_t len, unsigned char **out, size_t *outlen);
int nt_unseal(const nt_store *st, const unsigned char *in, size_t len, char **plain);

/* Scope: the SQL condition (over alias c for cases) and its one parameter ($9).
 * Bawaslu sees the cases of offices in its region (the region and every code
 * below it, as a range over the office index); the authority sees cases with a
 * reported ASN forwarded to it; a PPK sees cases where an ASN of its agency has
 * received a recommendation ("+x.agency_id" keeps the planner from driving that
 * from the agency's whole roster). */
#define NT_SCOPE_SQL_ALL "TRUE"
#define NT_SCOPE_SQL_REGION "(c.office = $9 OR (c.office > $9 || '.' AND c.office < $9 || '/'))"
#define NT_SCOPE_SQL_AUTHORITY                                                                     \
    "EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id=c.id AND "                               \
    "p.state IN (SELECT name FROM rule_party_states WHERE with_authority=1))"
#define NT_SCOPE_SQL_AGENCY                                                                        \
    "EXISTS (SELECT 1 FROM case_parties p JOIN asn x ON x.nip=p.nip WHERE "                        \
    "p.case_id=c.id AND +x.agency_id=$9 AND p.state IN "                                           \
    "(SELECT name FROM rule_party_states WHERE with_ppk=1))"
/* The region a patrol finding belongs to (f: patrol_findings, x: its ASN, e: its election):
 * the linked ASN's, else the election's; '' (national) when neither says. */
#define NT_SQL_FINDING_REGION "coalesce(x.region, e.region, '')"
/* Case and party states by their facts (the reference tables of schema.c). */
#define NT_SQL_CASE_FINAL "(SELECT name FROM rule_case_states WHERE final=1)"
#define NT_SQL_PARTY_FINAL "(SELECT name FROM rule_party_states WHERE final=1)"
#define NT_SQL_PARTY_STOPPED "(SELECT name FROM rule_party_states WHERE stopped=1)"
#define NT_SCOPE_SQL_NONE "FALSE"

typedef enum {
    NT_SCOPE_ALL,
    NT_SCOPE_REGION,
    NT_SCOPE_AUTHORITY,
    NT_SCOPE_AGENCY,
    NT_SCOPE_NONE
} nt_scope_kind;

nt_scope_kind nt_scope_of(const nt_actor *a);
const char *nt_scope_sql(const nt_actor *a);
void nt_scope_bind(nt_stmt *s, int n, const nt_actor *a);
/* The reported ASN a reader may see within the cases in scope: a PPK only its own agency's.
 * nt_party_agency is that agency (0: every ASN of a visible case); nt_party_scope_sql is the
 * same as a condition on the asn row `x`, bound at $9 by nt_scope_bind. Every read model, list,
 * export and count of reported ASN applies one of them. */
int64_t nt_party_agency(const nt_actor *a);
const char *nt_party_scope_sql(const nt_actor *a);
bool nt_actor_covers_region(const nt_actor *a, const char *office);

/* privacy.c: personal-data fields of a read model and their class in privacy.json; the rows
 * (an array of objects, or one object) get the field masked for roles that may not see it. */
typedef struct nt_pfield {
    const char *field, *cls;
} nt_pfield;
extern const nt_pfield nt_pfields_asn[];     /* nip, nama */
extern const nt_pfield nt_pfields_finding[]; /* nip, author handle and name */
bool nt_mask_rows(const nt_rules *ru, const nt_actor *a, json_t *rows, const nt_pfield *map);
/* A reported ASN's opaque key in one case ("pihak"), for roles that may not see the NIP, and
 * back: 0 with the NIP, or NT_ENOTFOUND. */
#define NT_PARTY_KEY_LEN 16
void nt_party_key(const nt_store *st, int64_t case_id, const char *nip,
                  char out[NT_PARTY_KEY_LEN + 1]);
int nt_party_nip_of_key(nt_store *st, int64_t case_id, const char *key, char nip[32]);

/* Appends " IN (...)" over the elements of a JSON array bound at $n (ints: whole numbers,
 * else text), in the engine's SQL. */
void nt_sql_in_json(nt_buf *b, nt_db *db, bool ints, int n);

/* stats.c: the catalogue codes of a violation category as a JSON array text (malloc'd), for
 * "code IN (SELECT value FROM json_each($n))"; NULL if the category has none. */
char *nt_category_codes(const nt_rules *ru, const char *category);

/* stats.c: the filters the dashboard's figures and the lists behind them share: an election,
 * an office (that region and those under it), and a period of the date the act became known
 * (dari..sampai, inclusive). Read from a filter object ("pemilihan", "kantor", "dari",
 * "sampai"); the SQL is " AND ..." on the cases row `c`, with its parameters at $14..$17. */
typedef struct nt_case_filter {
    const char *election, *office;
    nt_date from, to; /* NT_DATE_NONE: open */
} nt_case_filter;
int nt_case_filter_read(json_t *filter, nt_case_filter *f, nt_err *err);
void nt_case_filter_sql(nt_buf *where, const nt_case_filter *f);
void nt_case_filter_bind(nt_stmt *s, const nt_case_filter *f);
/* figures.c: counts by key ("fig\x1fkey" -> reported, and reached each later funnel stage). */
typedef struct nt_tally {
    nt_strmap idx; /* key -> index into v */
    int64_t (*v)[4];
    size_t n, cap;
} nt_tally;
void nt_tally_add(nt_tally *t, const char *key, const int64_t c[4], int sign);
void nt_tally_free(nt_tally *t);
/* The figures of the cases in a's scope narrowed by f, added to out: counted from the cases
 * (count), or read from the kept cells where they answer (read: the same numbers). */
int nt_figures_count(nt_store *st, const nt_actor *a, const nt_case_filter *f, nt_tally *out);
int nt_figures_read(nt_store *st, const nt_actor *a, const nt_case_filter *f, nt_tally *out);
/* The kept cells follow one case (inside the caller's transaction; nt_case_event does it) or
 * are counted again from every case (inside the caller's transaction). */
int nt_figures_case_refresh(nt_store *st, int64_t id);
int nt_figures_rebuild(nt_store *st);
/* At start: counts again when the rules they were counted with changed, or when cases were
 * written around the store. */
int nt_figures_keep_current(nt_store *st, nt_err *err);

/* The condition on a case_parties row `p` of a funnel stage ("diteruskan", "rekomendasi",
 * "sanksi"; "dilaporkan" is every row), or NULL for an unknown stage. */
const char *nt_funnel_stage_sql(const char *key);

/* stats.c: results kept per key until the audit chain's head moves (the key must name the
 * scope and every input). get fills head for the put that follows a miss. */
json_t *nt_cache_get(nt_store *st, const char *key, char head[72]);
/* A cache key for a read of `kind` by this reader with this filter (and day, 0 if the answer
 * does not change with the date). */
void nt_cache_key(const char *kind, const nt_actor *a, json_t *filter, int day, char key[96]);
void nt_cache_put(const char *key, const char *head, json_t *v);
/* The same cache checked against another version than the audit head (a copy, or NULL). */
json_t *nt_cache_lookup(const char *key, const char *version);
/* The roster's generation: moved by every write to the ASN, their agencies or the pledges, in
 * the same transaction (touch), for what depends on those alone (pledge coverage). */
int nt_roster_touch(nt_store *st);
bool nt_roster_generation(nt_store *st, char out[72]);

/* evidence.c: moves a finished upload into the store (no record yet) / records it inside the
 * caller's transaction. */
int nt_evidence_record(nt_upload *u, int64_t case_id, json_t **out);
/* A value of the meta table (false when absent), and setting one. */
bool nt_meta_get(nt_store *st, const char *key, char *out, size_t n);
int nt_meta_set(nt_store *st, const char *key, const char *value);
/* Messages to send, inside the caller's transaction (outbox.c): one to an address or phone
 * (nothing when it is not plausible); to the reporter of a case (the address and phone they
 * gave, sealed in cases.notify_enc and notify_phone_enc; nothing without them), vars being the
 * template's fields (kantor and tautan filled in when absent); to the Bawaslu users whose
 * region covers a case's office and who kept the kind on, naming the case by its number. */
int nt_outbox_put(nt_store *st, const char *kind, const char *to, json_t *vars, int64_t case_id);
int nt_outbox_notify_reporter(nt_store *st, int64_t case_id, const char *kind, json_t *vars);
int nt_outbox_notify_case_staff(nt_store *st, const char *kind, int64_t case_id);
/* Records finished uploads as evidence of a case by actor a with one description, inside the
 * caller's transaction (nt_evidence_keep them once it commits). */
int nt_evidence_record_as(nt_upload **files, size_t n, int64_t case_id, const nt_actor *a,
                          const char *description, nt_err *err);

#endif
