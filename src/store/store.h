/*
 * store.h - the repository API the rest of Netral calls.
 *
 * Every function that changes data runs in one transaction: it either
 * completes, with its audit-log entry, or leaves the database untouched and
 * fills err with a message in Indonesian naming the field. Read models and
 * write inputs are jansson objects (the shapes of docs/api.md), so the web
 * API and the CLI speak the same language without a translation layer.
 *
 * Ownership: a json_t **out receives a new reference the caller decrefs.
 * Access: functions taking an nt_actor apply its role and region scope; a
 * case outside the scope is reported as not found (its existence is not
 * disclosed).
 */
#ifndef NT_STORE_H
#define NT_STORE_H

#include "base/nt.h"
#include "rules/ruleset.h"

#include <jansson.h>

typedef struct nt_store nt_store;

typedef struct nt_actor {
    int64_t user_id; /* 0: the command line / system */
    char username[64];
    unsigned roles;    /* nt_role bits */
    char region[16];   /* Bawaslu scope: this region and below; "" = national */
    int64_t agency_id; /* PPK: the agency they act for */
} nt_actor;

/* The command-line actor: an administrator named after the OS user. */
void nt_actor_system(nt_actor *a, const char *name);

#define NT_KEY_BYTES 32

/* What a read model shows in place of personal data the reader's role may not see. */
#define NT_MASKED "(disamarkan)"

typedef struct nt_store_config {
    const char *db_path;
    const char *evidence_dir;
    const nt_rules *rules;
    const unsigned char *key; /* NT_KEY_BYTES, encrypts reporter identity */
    /* Signed checkpoints of the audit chain's head (audit.c): the Ed25519 secret key
     * (NT_AUDIT_SK_BYTES, kept in a file outside the database) and the append-only file they
     * go to; NULL: none. With checkpoint_syslog each checkpoint is also sent to syslog. */
    const unsigned char *audit_sk;
    const char *checkpoint_path;
    bool checkpoint_syslog;
    /* the address the public reaches Netral at, for the links in messages (NULL: none) */
    const char *public_url;
    /* a thread of the server keeps the risk index current (nt_risk_keep_current): reads use
     * the stored index and never recompute it themselves */
    bool risk_in_background;
} nt_store_config;

#define NT_AUDIT_SK_BYTES 64
/* Loads the checkpoint signing key from path, or creates it (mode 0600); pk_hex (65) gets the
 * public key that verifies the checkpoints. */
int nt_audit_key_load_or_create(const char *path, unsigned char sk[NT_AUDIT_SK_BYTES],
                                char pk_hex[65], nt_err *err);

int nt_store_open(const nt_store_config *cfg, nt_store **out, nt_err *err);
void nt_store_close(nt_store *st);
const nt_rules *nt_store_rules(nt_store *st);
/* The address people reach this Netral at (NETRAL_PUBLIC_URL), for links on paper and in
 * messages; a loopback address when none is configured. */
const char *nt_store_public_url(nt_store *st);
struct nt_db *nt_store_db(nt_store *st);
/* The database could not be reached (see nt_db_unavailable). */
bool nt_store_unavailable(nt_store *st);
/* copy.c: the whole record (every table, ids and the audit chain as they are) from src into
 * dst, which must hold none; src read in one snapshot, dst written in one transaction. counts:
 * rows per table. */
int nt_store_copy_record(nt_store *src, nt_store *dst, json_t **counts, nt_err *err);
/* Every evidence file st records, from from_dir into to_dir (same layout), each checked
 * against its SHA-256 on the way. */
int nt_store_copy_evidence(nt_store *st, const char *from_dir, const char *to_dir, int64_t *files,
                           int64_t *bytes, nt_err *err);

/* migrate.c: src (a regency's record) merged into dst (a national one, either engine): new ids
 * where ids are numbers, natural keys joined, the source's audit chain archived whole and its
 * head recorded in dst's chain; idempotent (a second run adds only what is new); one
 * transaction. src_evidence: the source's evidence directory. report: what was added. */
int nt_store_merge_from(nt_store *src, nt_store *dst, const nt_actor *a, const char *src_evidence,
                        json_t **report, nt_err *err);

/* Ready to serve: the database answers and its schema is the one this binary knows. */
int nt_store_ready(nt_store *st, int *schema, nt_err *err);
/* The audit chain's head hash: unique to a database and moved by every committed write (every
 * change is audited), so an answer computed at one head stays true while the head stands. */
bool nt_store_head(nt_store *st, char out[72]);
/* A region code within another (itself, or below it: "35.05" within "35"); every code is
 * within "" (the nation). */
bool nt_region_within(const char *code, const char *outer);
/* A value of the store's own bookkeeping (meta), e.g. "risk_at"; false when it has none. */
bool nt_store_meta(nt_store *st, const char *key, char *out, size_t n);

/* Groups many writes into one transaction (bulk loads): the store's own
 * transactions nest inside it. A failure inside rolls back the whole batch. */
int nt_store_batch_begin(nt_store *st, nt_err *err);
int nt_store_batch_end(nt_store *st, bool commit, nt_err *err);

/* Reads the 32-byte key from path, creating it (mode 0600) if missing. */
int nt_key_load_or_create(const char *path, unsigned char key[NT_KEY_BYTES], nt_err *err);

/* ---- registry ---- */
/* Loads the regions CSV (kode,nama,tingkat,induk,penduduk,luas_km2); replaces nothing that exists.
 */
int nt_regions_import_csv(nt_store *st, const nt_actor *a, const char *data, size_t len, int *count,
                          nt_err *err);
int nt_region_get(nt_store *st, const char *code, json_t **out, nt_err *err);
/* parent NULL: provinces; level filter optional. */
int nt_regions_list(nt_store *st, const char *parent, const char *level, json_t **out);

int nt_election_import(nt_store *st, const nt_actor *a, json_t *doc, nt_err *err);
int nt_election_get(nt_store *st, const char *id, json_t **out, nt_err *err);
int nt_elections_list(nt_store *st, const char *region, json_t **out);

int nt_agency_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err);
/* The agencies of a region (NULL: all) by region and name; with counts, each one's ASN on the
 * roster ("asn"). */
int nt_agencies_list(nt_store *st, const char *region, bool counts, json_t **out);

enum { NT_IMPORT_SKIP_INVALID = 1, NT_IMPORT_DRY_RUN = 2 };
/* Imports the roster CSV of DESIGN.md §4. *report: {rows, imported, invalid: [{line, field,
 * message}]}. With errors and no SKIP_INVALID, nothing is written and NT_EINVAL returned. */
int nt_roster_import_csv(nt_store *st, const nt_actor *a, const char *data, size_t len,
                         unsigned flags, json_t **report, nt_err *err);
/* An uploaded file kept for its uploader between a preview and the confirmation (kind names
 * what it is: "roster", "hadir"), under a random *token; read back by the same user only, and
 * released once used. Kept files older than a day are dropped. */
int nt_upload_hold(nt_store *st, const nt_actor *a, const char *kind, const char *data, size_t len,
                   char token[33], nt_err *err);
int nt_upload_held(nt_store *st, const nt_actor *a, const char *kind, const char *token,
                   char **data, size_t *len, nt_err *err);
void nt_upload_release(nt_store *st, const nt_actor *a, const char *kind, const char *token);
/* The preview of a roster upload: a dry run (its report in *report, bad rows included), and
 * the file kept for its uploader under *token until nt_roster_import_staged. 0 when the file
 * was kept, whatever its rows. */
int nt_roster_stage(nt_store *st, const nt_actor *a, const char *data, size_t len, char token[33],
                    json_t **report, nt_err *err);
/* Imports a staged upload of this user (flags as above) and removes it once imported. */
int nt_roster_import_staged(nt_store *st, const nt_actor *a, const char *token, unsigned flags,
                            json_t **report, nt_err *err);
int nt_asn_get(nt_store *st, const nt_actor *a, const char *nip, json_t **out, nt_err *err);
int nt_asn_search(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err);

/* ---- cases ---- */
/* in: route, office, known_date, event_date, place, narrative, title, election, regime,
 * violations[], terlapor[] (NIPs), reporter{}, witnesses[]. *out: {id, receipt?}. */
int nt_case_create(nt_store *st, const nt_actor *a, json_t *in, json_t **out, nt_err *err);
typedef struct nt_upload nt_upload;
/* The same, with staged evidence recorded in the same transaction; the uploads are consumed
 * (freed) whatever the outcome. */
int nt_case_create_with_evidence(nt_store *st, const nt_actor *a, json_t *in, nt_upload **files,
                                 size_t nfiles, json_t **out, nt_err *err);
/* Completes a case before its decision: same fields as create (all optional). */
int nt_case_update(nt_store *st, const nt_actor *a, int64_t id, json_t *in, nt_err *err);
int nt_case_get(nt_store *st, const nt_actor *a, int64_t id, json_t **out, nt_err *err);
/* 0 if the actor may see the case, NT_ENOTFOUND (with the message) if not. */
int nt_case_visible(nt_store *st, const nt_actor *a, int64_t id, nt_err *err);
/* filter: status, jalur, kantor, pemilihan, nip, q (text), bulan, kategori, instansi,
 * tenggat ("lewat" or days), limit, offset */
int nt_case_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err);
/* in: {ke, alasan, nip?, data{}}; with nip the step is for that reported ASN. */
int nt_case_transition(nt_store *st, const nt_actor *a, int64_t id, json_t *in, json_t **out,
                       nt_err *err);
/* Grants the regime's extension of the handling deadline (once). */
int nt_case_extend(nt_store *st, const nt_actor *a, int64_t id, const char *reason, nt_err *err);
/* The decrypted reporter identity; the view is written to the audit log. */
int nt_case_reporter(nt_store *st, const nt_actor *a, int64_t id, const char *purpose, json_t **out,
                     nt_err *err);
/* Reported ASN (one row per ASN per case) in scope; filter: status (per-ASN state),
 * jenis_jabatan, instansi (agency id, 0 = none), kategori, kantor (case office), wilayah (the
 * ASN's workplace region), limit (<= 100000), offset.
 * The list behind the dashboard's ASN figures. */
int nt_party_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err);
/* Recomputes one case's stored deadlines from its rows: every change through the store does
 * it; this is for a case whose rows were changed by other means (a repair, a test). */
int nt_store_deadlines_refresh(nt_store *st, int64_t case_id);
/* Cases and reported ASN whose current step is overdue or due within `days`, soonest first:
 * `limit` rows from `offset` (limit 0: all), with the totals of both groups. */
int nt_case_due(nt_store *st, const nt_actor *a, int days, int64_t limit, int64_t offset,
                json_t **out, nt_err *err);
/* Public status by receipt code: stage and dates only. */
int nt_case_track(nt_store *st, const char *receipt, json_t **out, nt_err *err);
/* The reporter writes through the receipt code (messages.c): in {pesan, lengkapi?} with files
 * (evidence of the case, consumed). lengkapi answers a request to complete: allowed while the
 * case is perlu_dilengkapi and its deadline has not passed, it takes the case back to
 * kajian_awal. Audited as pelapor.pesan; a final case takes no more messages (409). */
int nt_case_reporter_write(nt_store *st, const char *receipt, json_t *in, nt_upload **files,
                           size_t n, json_t **out, nt_err *err);
/* The handling team writes to the reporter of a case with a receipt code: in {pesan}. */
int nt_case_message_send(nt_store *st, const nt_actor *a, int64_t id, json_t *in, nt_err *err);
/* A case's messages, oldest first: [{dari, pelapor, isi, waktu, berkas, melengkapi}]; for the
 * reporter the team is "Petugas Bawaslu", never an officer's name. */
json_t *nt_case_messages(nt_store *st, int64_t id, bool for_reporter);

/* Statistics in the actor's scope, narrowed by the filter ("pemilihan", "kantor", "dari",
 * "sampai": NULL or empty for all): cases by state, office and month (of becoming known);
 * reported ASN by their own state, violation category, position kind and agency, and the
 * funnel reported -> forwarded -> recommended -> sanctioned ("corong_asn"). Each group is
 * [{key, label, count}], largest first (months and the funnel in order). */
int nt_stats(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err);
/* The public statistics (no login): nt_stats's filter; the reported ASN through the funnel
 * ({total: {dilaporkan, diteruskan, rekomendasi, sanksi}}) and by pemilihan, provinsi,
 * kabkota (where they work), kategori and jabatan, each [{kode, label, dilaporkan,
 * diteruskan, rekomendasi, sanksi}]; versi_skema, per (as of), jumlah_kasus. Counts only. */
int nt_public_stats(nt_store *st, json_t *filter, json_t **out, nt_err *err);
/* The dashboard's figures are kept current as cases move (figures.c). check compares the kept
 * figures with a fresh count from the cases, for the nation, the authority, every region a
 * case's office lies in, each election and a period: {dicocokkan: views compared, selisih:
 * [the views that differ]}. recount counts them all again (audited). */
int nt_stats_check(nt_store *st, json_t **out, nt_err *err);
int nt_stats_recount(nt_store *st, const nt_actor *a, nt_err *err);

/* ---- documents (documents.c; drawn by docs/issue.c) ---- */
/* The facts a document of a case is drawn from, read as the actor (so scope and masking are
 * the case page's): {kasus, kantor (letterhead), penandatangan, otoritas, patroli[], pelapor
 * (only with reporter, for a case that has one: opening it is audited with the kind as its
 * purpose)}. *ctx is owned by the caller. */
int nt_doc_context(nt_store *st, const nt_actor *a, int64_t case_id, const char *kind,
                   bool reporter, json_t **ctx, nt_err *err);
typedef struct nt_doc_request {
    int64_t case_id;
    const char *kind, *office;
    const char *basis_hash; /* the content without its number: the same content, the same letter */
    const json_t *fields;   /* what the officer typed, kept with the record */
} nt_doc_request;
/* Called outside any transaction with the letter's sequence number, month, year and
 * verification code: writes the number, the content's and the PDF's hashes and the pages. A
 * non-zero return records nothing (a new number it was given stays unused). */
typedef int (*nt_doc_render_fn)(void *arg, int64_t seq, int month, int year, const char *code,
                                char *number, size_t number_len, char hash[65], char pdf_hash[65],
                                int *pages, nt_err *err);
/* Numbers, draws (fn), records (superseding an earlier different version of the kind) and
 * audits (dokumen.terbit) a document; the record and the audit entry in one transaction. *meta
 * (owned): {kode, nomor, jenis, sha256, sha256_pdf, halaman, baru}. */
int nt_doc_record(nt_store *st, const nt_actor *a, const nt_doc_request *rq, nt_doc_render_fn fn,
                  void *arg, json_t **meta, nt_err *err);
/* The documents issued for a case, newest first: [{jenis, label, kode, nomor, diterbitkan_label,
 * oleh, halaman, berlaku}]. */
json_t *nt_doc_list(nt_store *st, int64_t case_id);
/* Public: what a verification code stands for (kind, number, office, dates, whether current,
 * and with a hash whether it matches the content or the PDF issued). No personal data. */
int nt_doc_verify(nt_store *st, const char *code, const char *hash, json_t **out, nt_err *err);
/* The active user of that name as an actor (the command line acting for an officer). */
int nt_user_actor(nt_store *st, const char *username, nt_actor *out, nt_err *err);

/* ---- the signed exchange with the authority (exchange.c; packages: src/exchange) ---- */
/* Offices' Ed25519 public keys: this Netral's own (own) and those it trusts. An office is a
 * region code ("35.05") or the authority's short name ("BKN"). Adding a known key again does
 * nothing; each new key is audited. */
int nt_exchange_key_put(nt_store *st, const nt_actor *a, const char *office, const char *pk_hex,
                        bool own, const char *label, nt_err *err);
/* 0 for an office code a key may carry (letters, digits, '.', '-', '_'; at most 24; not
 * starting with '.': it names a key file), else NT_EINVAL with the message. */
int nt_exchange_office_check(const char *office, nt_err *err);
/* Marks a key replaced now: packages it signed before stay verifiable, later ones are refused. */
int nt_exchange_key_retire(nt_store *st, const nt_actor *a, const char *key_id, nt_err *err);
typedef struct nt_exchange_key {
    char key_id[17], office[32], public_key[65];
    bool own;
    int64_t retired_at; /* 0 while in use */
} nt_exchange_key;
/* 0, or NT_ENOTFOUND for a key this Netral neither owns nor trusts. */
int nt_exchange_key_find(nt_store *st, const char *key_id, nt_exchange_key *out);
bool nt_exchange_is_own_office(nt_store *st, const char *office);
/* A key's id: the first 16 hex digits of the SHA-256 of its public key's hex. */
void nt_exchange_key_id_of(const char *pk_hex, char id[17]);
/* [{kunci_id, kantor, kunci_publik, milik_sendiri, label, ditambahkan, diganti}] */
json_t *nt_exchange_keys(nt_store *st);
/* What a package about the case carries (read in the actor's scope, unmasked: the package goes
 * to the authority): the case's fields, its election, violation codes, reported ASN (identity,
 * agency, state, and the steps taken since the case was forwarded here), evidence records and
 * the link, if any (tautan: mitra, kasus_mitra, sisi, urutan_kirim, urutan_terima). Never the
 * reporter's identity. */
int nt_exchange_case_out(nt_store *st, const nt_actor *a, int64_t case_id, json_t **out,
                         nt_err *err);
typedef struct nt_exchange_record {
    const char *package_id, *kind, *peer, *key_id, *manifest_sha256;
    int64_t case_id, seq, bytes;
    int files;
} nt_exchange_record;
/* Records a package sent (and, for a forwarding, the link to the authority), audited. */
int nt_exchange_sent(nt_store *st, const nt_actor *a, const nt_exchange_record *x, nt_err *err);
/* Imports a verified package (its manifest m and case data k, its files finished uploads):
 * a forwarding becomes a case here (the same package again: the same case, baru false); a
 * results package takes the other side's steps for each reported ASN, in its sequence.
 * All or nothing; the uploads are kept only if it commits (the caller aborts them). *out:
 * {kasus, baru, langkah}. */
int nt_exchange_receive(nt_store *st, const nt_actor *a, const json_t *m, const json_t *k,
                        nt_upload **files, size_t n, const char *manifest_sha, int64_t bytes,
                        json_t **out, nt_err *err);
/* Audits that the actor fetched the case's package (pertukaran.unduh). */
int nt_exchange_fetched(nt_store *st, const nt_actor *a, int64_t case_id, const char *package_id);
/* Which side of an exchange this case is on: "pengirim" (forwarded from here), "penerima"
 * (received here), or false when it was never exchanged. */
bool nt_exchange_side(nt_store *st, int64_t case_id, char side[16]);
/* Whether a package of this id was sent or received here (and for which case). */
bool nt_exchange_known(nt_store *st, const char *package_id, int64_t *case_id);
/* Packages sent and received, newest first (case_id 0: all). */
json_t *nt_exchange_packages(nt_store *st, int64_t case_id);
/* A path under the directory beside the evidence store (keys, packages). */
void nt_store_var_path(nt_store *st, const char *name, char *out, size_t n);

/* ---- evidence ---- */
/* Starts a streamed upload to a case; data is hashed while it is written. */
int nt_evidence_begin(nt_store *st, const nt_actor *a, int64_t case_id, const char *filename,
                      const char *content_type, const char *description, size_t max_bytes,
                      nt_upload **out, nt_err *err);
/* An upload for a case that does not exist yet (a public report with its files): no role or
 * case check; nt_case_create_with_evidence records it. */
int nt_evidence_stage(nt_store *st, const nt_actor *a, const char *filename,
                      const char *content_type, const char *description, size_t max_bytes,
                      nt_upload **out, nt_err *err);
/* Records staged uploads as evidence of an existing case, all or none; consumes the uploads. */
int nt_evidence_attach(nt_store *st, const nt_actor *a, int64_t case_id, nt_upload **files,
                       size_t n, nt_err *err);
int nt_evidence_write(nt_upload *u, const void *data, size_t len, nt_err *err);
/* Stores the file under its hash and records it; *out is the evidence record. */
int nt_evidence_commit(nt_upload *u, json_t **out, nt_err *err);
void nt_evidence_abort(nt_upload *u);
/* The upload's record is kept: abort only frees it (otherwise abort also removes a file the
 * upload placed in the content store that no record refers to). */
void nt_evidence_keep(nt_upload *u);
/* A step (nt_case_transition's input) and the documents it brings (a decree's scan), in one
 * transaction: the files become the case's evidence with `description` only if the step is
 * taken, and the step only if they are kept. Consumes the uploads. */
int nt_case_step_with_files(nt_store *st, const nt_actor *a, int64_t case_id, json_t *in,
                            nt_upload **files, size_t n, const char *description, json_t **out,
                            nt_err *err);
/* A finished upload's SHA-256 (hex) and size (after nt_evidence_finish). */
const char *nt_upload_sha256(const nt_upload *u);
int64_t nt_upload_size(const nt_upload *u);
/* Hashes and moves a staged upload into the content store (its record comes later). */
int nt_evidence_finish(nt_upload *u, nt_err *err);
/* The file's name as the uploader gave it (cleaned). */
const char *nt_upload_filename(const nt_upload *u);
/* How a stored file of this (sniffed) type may be shown in the page: "gambar", "pdf", "teks",
 * or NULL (download only: anything a browser could run). */
const char *nt_evidence_preview(const char *content_type);
/* A size in words: "850 B", "12,4 KB", "3,1 MB". */
void nt_size_label(int64_t bytes, char *out, size_t n);
/* Removes the temporary files of uploads that never finished (a killed process); at start.
 * Only files untouched for NT_UPLOAD_ABANDONED_S: instances sharing the evidence directory
 * may be writing the others. Returns how many. */
#define NT_UPLOAD_ABANDONED_S (15 * 60)
int nt_evidence_sweep(nt_store *st);
/* Opens a stored file after verifying its SHA-256; *fd is positioned at 0. */
int nt_evidence_open(nt_store *st, const nt_actor *a, int64_t id, int *fd, json_t **meta,
                     nt_err *err);

/* ---- people and access ---- */
/* in: username, name, role, region?, agency_id?, password */
int nt_user_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err);
int nt_user_list(nt_store *st, const nt_actor *a, json_t **out, nt_err *err);
/* Who did something, as pages say it: "Dewi Lestari, Bawaslu Kabupaten Blitar" (the account's
 * person and office: the Bawaslu office of its region, the PPK of its agency, the
 * civil-service authority in office today, or the system administrator). A name that is not
 * an account (the command line, the demo) comes back as it is. The answer is kept in memo
 * (an object, per page) and borrowed from it. */
const char *nt_user_byline(nt_store *st, const char *username, json_t *memo);
/* The shortest password accepted, everywhere (API, pages, command line). */
#define NT_PASSWORD_MIN 12
/* A new password for username. A user changing their own gives the current one (`current`);
 * an admin may set another user's without it (the command line acts as admin). Every session
 * and API token of that user ends. */
int nt_user_set_password(nt_store *st, const nt_actor *a, const char *username, const char *current,
                         const char *password, nt_err *err);
/* Deactivating ends the user's sessions and tokens; the last active admin stays active. */
int nt_user_set_active(nt_store *st, const nt_actor *a, const char *username, bool active,
                       nt_err *err);
/* Checks the password; on success a new session: token (to set as cookie) and csrf. */
int nt_login(nt_store *st, const char *username, const char *password, const char *ip,
             char token[64], char csrf[64], nt_actor *who, nt_err *err);
int nt_session_lookup(nt_store *st, const char *token, nt_actor *who, char csrf[64]);
void nt_session_end(nt_store *st, const char *token);
/* Issues an API token for a user; only its hash is stored. */
int nt_token_create(nt_store *st, const nt_actor *a, const char *username, const char *name,
                    char token[80], nt_err *err);
int nt_token_lookup(nt_store *st, const char *token, nt_actor *who);
/* The same, answered from memory when the token was found at this audit head (nt_store_head). */
int nt_token_lookup_at(nt_store *st, const char *token, const char *head, nt_actor *who);

/* ---- throttling: kept in the database (across restarts, shared by instances) ---- */
/* At most max events of kind per key in a fixed window of seconds: 0 and the event counted, or
 * the seconds until one is allowed. Take before the work; give back if the work was refused. */
int nt_throttle_take(nt_store *st, const char *kind, const char *key, int max, int window);
void nt_throttle_give_back(nt_store *st, const char *kind, const char *key);
/* An attempt that fails under attack (a login): 0 and counted as a failure, or the seconds of
 * back-off still to run. After `free` counted attempts, each starts a wait that doubles from 1 s
 * up to `cap`. nt_throttle_ok: the attempt succeeded: clear the key's failures, or only uncount
 * this one. */
int nt_throttle_attempt(nt_store *st, const char *kind, const char *key, int free, int cap);
void nt_throttle_ok(nt_store *st, const char *kind, const char *key, bool clear);
/* Drops counters nobody has touched for two days. */
void nt_throttle_forget_old(nt_store *st);

/* ---- cyber-patrol findings ---- */
/* Stores a patrol finding (patrol.h output), one per platform and item id: a second run
 * updates the verdict, score and reasons but keeps the first capture as the evidence and
 * the review status staff gave it. */
int nt_finding_upsert(nt_store *st, const nt_actor *a, const char *election, json_t *finding,
                      nt_err *err);
/* filter: status, verdict, nip, limit, offset */
int nt_findings_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err);
int nt_finding_get(nt_store *st, const nt_actor *a, int64_t id, json_t **out, nt_err *err);
/* Staff review of a finding. in: {aksi, alasan?, nip?, kantor?}:
 *   konfirmasi_tautan - the author is this ASN (nip, or the suggestion)
 *   tolak_tautan      - the author is not the linked or suggested ASN
 *   abaikan           - not a violation (alasan required)
 *   eskalasi          - open a temuan for the linked ASN, with the raw item as evidence
 * *out: the finding after the review (with case_id after eskalasi). */
int nt_finding_review(nt_store *st, const nt_actor *a, int64_t id, json_t *in, json_t **out,
                      nt_err *err);

/* ---- patrol runs from the browser (patrol_runs.c) ---- */
/* Records a run about to start: in {pemilihan (an election the office supervises),
 * nama_berkas, ukuran, sha256 (of the uploaded export), format "jsonl"|"csv"}; audited. */
int nt_patrol_run_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err);
/* The run's state ("antre", "berjalan", "selesai", "gagal") and counts so far (items_read,
 * flagged, partisan, review, malformed, linked, roster_size), the problems met (bad lines, NULL
 * keeps them) and a failure; the end (selesai, gagal) is audited under the starter's name.
 * Inside the caller's transaction when there is one. */
int nt_patrol_run_update(nt_store *st, const nt_actor *a, int64_t id, const char *state,
                         json_t *counts, const char *problems, const char *error);
/* One run, or the latest `limit` of the reader's office and those under it, in words. */
int nt_patrol_run_get(nt_store *st, const nt_actor *a, int64_t id, json_t **out, nt_err *err);
int nt_patrol_runs_list(nt_store *st, const nt_actor *a, int limit, json_t **out, nt_err *err);
/* The ASN of the reader's region in the patrol's roster CSV (nip, nama, akun, instansi,
 * unit_kerja, jabatan, kode_wilayah), appended to out; *rows counts them. */
int nt_roster_csv(nt_store *st, const nt_actor *a, nt_buf *out, size_t *rows, nt_err *err);
/* The same for the roster a reader may list attendees or pledges from: a Bawaslu office's
 * region, a PPK's own agency. */
int nt_roster_csv_scoped(nt_store *st, const nt_actor *a, nt_buf *out, size_t *rows, nt_err *err);

/* ---- prevention (prevention.c) ---- */
/* A cooperation agreement: in {nomor, jenis "mou"|"pks", tanggal (signed, not in the future),
 * berlaku_dari (default: tanggal), berlaku_sampai?, kantor? (the Bawaslu office; default the
 * actor's region), pemilihan?, ruang_lingkup, tempat?, pihak: [{jenis, nama, penandatangan,
 * jabatan?}] (2 or more), saksi?: [{penandatangan, jabatan?, nama?}]}. The number is unique
 * for the office and year (409); audited. */
int nt_agreement_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err);
/* The agreements of the reader's region and below (filter: kantor, pemilihan), newest first,
 * each with its parties and witnesses, labels and whether it is in force today. */
int nt_agreements_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err);
/* The elections in scope not yet held (or held in the past year), each with how many
 * agreements cover it (made for it, or of its region's office in force today), those with
 * none first: {pemilihan: [...], tanpa_kesepakatan: N}. */
int nt_agreement_coverage(nt_store *st, const nt_actor *a, json_t **out, nt_err *err);

/* An appeal (imbauan, surat edaran): in {nomor, tanggal (not in the future), penerbit, isi,
 * dasar?, tujuan: [sekda|kepala_opd|camat|kepala_desa|sekolah|asn|lainnya], saluran:
 * [surat|email|whatsapp|media_sosial|laman|tatap_muka], kantor?, pemilihan?}; the number is
 * unique for the office and year (409); audited. Listed newest first, in scope. */
int nt_appeal_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err);
int nt_appeals_list(nt_store *st, const nt_actor *a, json_t **out, nt_err *err);
/* Neutrality pledges (pledges.json has the texts): in {nip, tanggal, cara "kertas"|"acara"|
 * "daftar", acara?, versi? (default: the text in use that day)}; an ASN of the actor's region
 * (Bawaslu) or agency (PPK), once per version (409); audited. */
int nt_pledge_record(nt_store *st, const nt_actor *a, json_t *in, nt_err *err);
/* A signature list: a CSV with a 'nip' column, under the same terms for every row. Every line
 * is checked (unknown NIP, outside the actor's scope, twice in the file, signed already) and
 * reported with its line; rows are written only when `write` and no line is wrong, all in one
 * transaction. *report {baris, sah, salah_jumlah, salah: [{baris, nip, pesan}], versi,
 * disimpan?}. */
int nt_pledges_import(nt_store *st, const nt_actor *a, json_t *terms, const char *csv, size_t len,
                      bool write, json_t **report, nt_err *err);
/* Signed / roster per agency and per regency in the reader's scope, the lowest first, each
 * flagged when under pledges.json's coverage_min. */
int nt_pledge_coverage(nt_store *st, const nt_actor *a, json_t **out, nt_err *err);
/* The latest pledge an ASN signed {versi, judul, tanggal, tanggal_label, cara_label, acara},
 * or NULL. */
json_t *nt_pledge_of(nt_store *st, const char *nip);

/* ---- socialization and coordination events (events.c) ---- */
/* An event: in {judul, jenis (rules/prevention.h nt_event_kinds), tanggal (held: not in the
 * future), cara luring|daring|campuran, tempat (unless online), platform (unless in person),
 * penyelenggara, mitra [names], narasumber [{nama, jabatan}], sasaran [addressee kinds],
 * peserta (how many took part), pemilihan?, kantor? (Bawaslu; a PPK's event is its agency's),
 * catatan?}. */
int nt_event_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err);
int nt_events_list(nt_store *st, const nt_actor *a, json_t **out, nt_err *err);
/* One event with its files, attendance by agency and by how each attendee was matched. */
int nt_event_get(nt_store *st, const nt_actor *a, int64_t id, json_t **out, nt_err *err);
/* A name on an attendance list resolved against the roster in the reader's scope (the
 * patrol's roster index: src/patrol/attendance.h): up to max candidates, best first. */
typedef struct nt_name_match {
    char nip[19];
    double confidence;
} nt_name_match;
typedef int (*nt_name_resolver)(void *ctx, const char *name, const char *clue_words,
                                nt_name_match *out, int max);
enum { NT_ATTEND_WRITE = 1, NT_ATTEND_SKIP_BAD = 2 };
/* An event's attendance list (CSV with a header: nip, or nama with instansi / unit_kerja /
 * jabatan as clues). Each line is matched by NIP, or by name when sure (prevention.json's
 * attendance thresholds); an unsure name is listed with its candidates in report.ragu until
 * choices {"<line>": "<nip>" | "" (none of them)} answer it. Bad lines (malformed, unknown or
 * out-of-scope NIP, a name not found) are listed with their line numbers. With
 * NT_ATTEND_WRITE the list is recorded only when every unsure name is answered and no line is
 * bad (or NT_ATTEND_SKIP_BAD: the officer chose to leave the bad lines out); otherwise nothing
 * is written and err says why. Attendees already recorded are counted, not added twice. */
int nt_attendance_import(nt_store *st, const nt_actor *a, int64_t event_id, const char *csv,
                         size_t len, nt_name_resolver match, void *match_ctx, json_t *choices,
                         unsigned flags, json_t **report, nt_err *err);
/* Files of an agreement ("agreement": role "dokumen", the signed document) or of an event
 * ("event": dokumen, materi or foto), from staged uploads, all or none, each audited with its
 * SHA-256; consumes the uploads. */
int nt_prevention_files_add(nt_store *st, const nt_actor *a, const char *owner, int64_t id,
                            const char *role, nt_upload **files, size_t n, nt_err *err);
json_t *nt_prevention_files_of(nt_store *st, const char *owner, int64_t id);
/* 0 when the reader may see (and add files to) that agreement or event; NT_ENOTFOUND if not. */
int nt_prevention_owner_visible(nt_store *st, const nt_actor *a, const char *owner, int64_t id,
                                nt_err *err);
/* A file of the prevention work, opened after its SHA-256 is verified; scoped by its owner. */
int nt_prevention_file_open(nt_store *st, const nt_actor *a, int64_t id, int *fd, json_t **meta,
                            nt_err *err);

/* ---- the risk index (risk.c; rules/risk.h) ---- */
/* Recomputes every region's index when an input may have changed since the last time (the
 * audit log moved, the rules changed) or when `force`; a region whose score, level or
 * indicators changed gets a history row. *changed (optional) counts them. */
int nt_risk_refresh(nt_store *st, bool force, int *changed, nt_err *err);
/* Recomputes it when its inputs moved and the last computation is older than the rules'
 * recompute_after_s (the server's upkeep thread calls it every second). */
int nt_risk_keep_current(nt_store *st, nt_err *err);
/* The regions in the reader's scope with their current index, the highest first:
 * {wilayah: [{kode, nama, jenjang, skor, skor_label, tingkat, tingkat_label, warna, pemilihan,
 * sebelumnya?, sejak_label}], tingkat: [{id, label, warna, jumlah}], dihitung, versi_aturan}. */
int nt_risk_list(nt_store *st, const nt_actor *a, json_t **out, nt_err *err);
/* One region's index explained: each indicator with its figures in words, value, weight, share
 * and points; the history of its changes; a province's regencies and cities. */
int nt_risk_region(nt_store *st, const nt_actor *a, const char *code, json_t **out, nt_err *err);
/* Published IKP scores: a CSV with kode_wilayah, skor (0-100), tahun; every line checked and
 * reported (unknown region, bad score, twice in the file, outside the actor's region), written
 * only when `write` and no line is wrong; a region's score for a year is replaced. */
int nt_ikp_import(nt_store *st, const nt_actor *a, const char *csv, size_t len, const char *source,
                  bool write, json_t **report, nt_err *err);

/* ---- the outbox: messages to send (outbox.c; rules/notify.h) ---- */
/* A plausible e-mail address: one @, a dot in the domain, no spaces or header characters. */
bool nt_email_valid(const char *s);
/* An Indonesian mobile number as the gateway takes it ("0812-3456 789" -> "628123456789"). */
bool nt_phone_normalize(const char *in, char out[20]);
/* Claims up to max messages due now, of the channels this sender delivers ("email",
 * "email,gateway"), for lease_s seconds: [{id, to, subject, body, message_id, attempts,
 * channel}]; each is then given back with nt_outbox_result. A message whose lease ran out
 * without a result (its sender stopped while sending) is marked failed with that reason, not
 * sent again by itself: it may have arrived. */
int nt_outbox_claim(nt_store *st, const char *channels, int lease_s, int max, json_t **out);
/* A delivery's outcome: error NULL (sent), or the error, tried again after the next wait of
 * notifications.json until its attempts are spent (then failed). */
int nt_outbox_result(nt_store *st, int64_t id, int attempts, const char *error);
/* The newest 200 messages for the administrator, addresses masked, and counts per state. */
int nt_outbox_list(nt_store *st, const nt_actor *a, json_t **out, nt_err *err);
/* The morning digest: once a day, from digest_hour_wib, to every officer, authority and PPK
 * user with an address who kept it, when something in their scope is overdue or due within
 * digest_days (a PPK's recommendations to act on among them); *queued how many. */
int nt_outbox_daily(nt_store *st, int64_t now, int *queued);
/* Failed messages queued again (administrator); *n how many. */
int nt_outbox_retry_failed(nt_store *st, const nt_actor *a, int *n, nt_err *err);
/* The caller's own address and the staff messages they turned off: in {email, mati: [kinds]};
 * out: {email, pilihan: [{jenis, label, aktif}]}. */
int nt_user_notifications(nt_store *st, const nt_actor *a, json_t *in, json_t **out, nt_err *err);

/* ---- audit ---- */
/* Appends inside the caller's transaction (or its own). */
int nt_audit_append(nt_store *st, const nt_actor *a, const char *action, const char *object,
                    json_t *detail);
/* Recomputes the chain: *out {ok, entries, first_bad_seq?, problem?}. */
int nt_audit_verify(nt_store *st, json_t **out);
/* The audit log for its page: newest first, filtered (filter: pelaku, tindakan, kasus, dari,
 * sampai as YYYY-MM-DD, sebelum: a seq, limit), each entry with its time and action in words. */
int nt_audit_search(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err);
const char *nt_audit_action_label(const char *action);
/* The i-th action the audit log knows (its code), or NULL past the last. */
const char *nt_audit_action_at(size_t i);
int nt_audit_list(nt_store *st, const nt_actor *a, int64_t after, int limit, json_t **out,
                  nt_err *err);

#endif
