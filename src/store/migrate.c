/*
 * migrate.c - a regency's database merged into a national one (either engine), without
 * colliding with what other regencies brought, and idempotently.
 *
 * Reference data joins by its natural key (regions and elections by code, ASN by NIP,
 * agencies by region and name, users by username when role and region agree). Rows with
 * numeric ids (cases and what hangs off them, evidence, findings, users, agencies) get new ids
 * here; `migrated` remembers which source row became which, so a second run adds only what is
 * new and a reference (a case's creator, an event's actor, a finding's case) is rewritten to
 * the new id. The source's audit chain cannot join this one's (every hash names its
 * predecessor), so it is kept whole in audit_archive, and one entry of this chain
 * ("migrasi.impor") records its head: `audit verify` checks both. The source is identified by
 * the hash of its first audit entry, which nothing can change without breaking its chain.
 *
 * Everything happens in one transaction on the target; a refusal (a username taken by another
 * office, a registration number already used, a broken source chain) writes nothing.
 */
#include "store/case_int.h"

#include "base/file.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct mg {
    nt_store *src, *dst;
    char source[65];
    nt_err *err;
    json_t *counts;
} mg;

/* The id a source row got here; 0 when it has none yet. */
static int64_t mapped(mg *m, const char *tbl, const char *old)
{
    nt_stmt *s =
        nt_query(m->dst->db, "SELECT new_id FROM migrated WHERE source=$1 AND tbl=$2 AND old_id=$3",
                 "ttt", m->source, tbl, old);
    int64_t id = s && nt_step(s) == 1 ? nt_col_int(s, 0) : 0;
    nt_done(s);
    return id;
}

static int64_t mapped_id(mg *m, const char *tbl, int64_t old)
{
    char k[24];
    snprintf(k, sizeof k, "%lld", (long long)old);
    return old ? mapped(m, tbl, k) : 0;
}

static int remember(mg *m, const char *tbl, int64_t old, int64_t id)
{
    char k[24];
    snprintf(k, sizeof k, "%lld", (long long)old);
    return nt_exec(m->dst->db, "INSERT INTO migrated(source,tbl,old_id,new_id) VALUES($1,$2,$3,$4)",
                   "ttti", m->source, tbl, k, id);
}

static void count(mg *m, const char *tbl)
{
    json_t *v = json_object_get(m->counts, tbl);
    json_object_set_new(m->counts, tbl, json_integer(json_integer_value(v) + 1));
}

/* Column values of a source row, bound into a target statement at $first.. in order, with
 * the id-valued columns named in `ids` replaced by what they became (pairs: column, table).
 * A reporter's identity is opened with the source's key and sealed with this store's: the
 * officers here can read it, and it never lies in the open. */
static int bind_row(mg *m, nt_stmt *r, nt_stmt *w, int skip_first, const char *const *ids)
{
    int n = nt_col_count(r);
    for (int k = skip_first; k < n; k++) {
        int at = k - skip_first + 1;
        const char *name = nt_col_name(r, k);
        const char *tbl = NULL;
        for (int i = 0; ids && ids[i]; i += 2)
            if (!strcmp(ids[i], name)) tbl = ids[i + 1];
        size_t len;
        const void *p;
        if (tbl) {
            int64_t id = nt_col_null(r, k) ? 0 : mapped_id(m, tbl, nt_col_int(r, k));
            if (id)
                nt_bind_int(w, at, id);
            else
                nt_bind_null(w, at);
            continue;
        }
        if (!strcmp(name, "reporter_enc") && nt_col_type(r, k) == 'b') {
            p = nt_col_blob(r, k, &len);
            char *plain = NULL;
            unsigned char *sealed = NULL;
            size_t slen = 0;
            if (nt_unseal(m->src, p, len, &plain))
                return nt_err_set(m->err, NT_EINVAL, "kunci",
                                  "identitas pelapor kasus %lld di basis data sumber tidak dapat "
                                  "dibuka dengan kunci sumber: sebutkan direktori kunci sumber "
                                  "dengan --from-var",
                                  (long long)nt_col_int(r, 0));
            int rc = nt_seal(m->dst, plain, strlen(plain), &sealed, &slen);
            sodium_memzero(plain, strlen(plain));
            free(plain);
            if (rc) return NT_EIO;
            nt_bind_blob(w, at, sealed, slen);
            free(sealed);
            continue;
        }
        switch (nt_col_type(r, k)) {
        case 'i':
            nt_bind_int(w, at, nt_col_int(r, k));
            break;
        case 'r':
            nt_bind_double(w, at, nt_col_double(r, k));
            break;
        case 't':
            nt_bind_text(w, at, nt_col_text(r, k));
            break;
        case 'b':
            p = nt_col_blob(r, k, &len);
            nt_bind_blob(w, at, p, len);
            break;
        default:
            nt_bind_null(w, at);
        }
    }
    return 0;
}

/* Copies the rows of `select` (first column: the source id, then the target's columns in the
 * order of `insert`, which returns the new id) that have no mapping yet; each mapped. */
static int copy_mapped(mg *m, const char *tbl, const char *select, const char *insert,
                       const char *const *ids, const char *conflict)
{
    nt_stmt *r = nt_db_prepare_dynamic(m->src->db, select);
    nt_stmt *w = nt_db_prepare_dynamic(m->dst->db, insert); /* prepared once, run per row */
    int rc = r && w ? 0 : NT_EDB;
    while (!rc && (rc = nt_step(r)) == 1) {
        int64_t old = nt_col_int(r, 0);
        rc = 0;
        if (mapped_id(m, tbl, old)) continue;
        if ((rc = bind_row(m, r, w, 1, ids))) break;
        int st = nt_step(w);
        int64_t id = st == 1 ? nt_col_int(w, 0) : 0;
        nt_reset(w);
        if (st == NT_ECONFLICT) {
            rc = nt_err_set(m->err, NT_ECONFLICT, tbl, "%s", conflict);
            break;
        }
        if (st != 1) {
            rc = NT_EDB;
            break;
        }
        rc = remember(m, tbl, old, id);
        count(m, tbl);
    }
    nt_done(r);
    nt_done(w);
    return rc < 0 ? rc : 0;
}

/* Rows joined by a natural key: inserted when the target has none (ON CONFLICT DO NOTHING);
 * counted as new unless `quiet` (a counter raised to the source's is not news). */
static int copy_natural(mg *m, const char *tbl, const char *select, const char *insert,
                        const char *const *ids, bool quiet)
{
    nt_stmt *r = nt_db_prepare_dynamic(m->src->db, select);
    nt_stmt *w = nt_db_prepare_dynamic(m->dst->db, insert); /* prepared once, run per row */
    int rc = r && w ? 0 : NT_EDB;
    while (!rc && (rc = nt_step(r)) == 1) {
        if ((rc = bind_row(m, r, w, 0, ids))) break;
        rc = nt_step(w);
        nt_reset(w);
        if (rc == 0 && !quiet && nt_db_changes(m->dst->db) > 0) count(m, tbl);
    }
    nt_done(r);
    nt_done(w);
    return rc < 0 ? rc : 0;
}

/* Agencies by region and name: the target's row when it has one, else a new one. */
static int agencies(mg *m)
{
    nt_stmt *r = nt_query(m->src->db, "SELECT id, name, region FROM agencies ORDER BY id", "");
    int rc = r ? 0 : NT_EDB;
    while (!rc && (rc = nt_step(r)) == 1) {
        rc = 0;
        int64_t old = nt_col_int(r, 0);
        if (mapped_id(m, "agencies", old)) continue;
        nt_stmt *q = nt_query(m->dst->db, "SELECT id FROM agencies WHERE region=$1 AND name=$2",
                              "tt", nt_col_text(r, 2), nt_col_text(r, 1));
        int64_t id = q && nt_step(q) == 1 ? nt_col_int(q, 0) : 0;
        nt_done(q);
        if (!id) {
            q = nt_query(m->dst->db,
                         "INSERT INTO agencies(name, region) VALUES($1,$2) RETURNING id", "tt",
                         nt_col_text(r, 1), nt_col_text(r, 2));
            id = q && nt_step(q) == 1 ? nt_col_int(q, 0) : 0;
            nt_done(q);
            if (!id) {
                rc = NT_EDB;
                break;
            }
            count(m, "agencies");
        }
        rc = remember(m, "agencies", old, id);
    }
    nt_done(r);
    return rc < 0 ? rc : 0;
}

/* Users by username: the same account when role, region and agency agree; another office's
 * account under that name is a refusal (the officers must choose distinct names first). */
static int users(mg *m)
{
    nt_stmt *r = nt_query(m->src->db,
                          "SELECT id, username, name, role, region, agency_id, pw_hash, active, "
                          "created_at FROM users ORDER BY id",
                          "");
    int rc = r ? 0 : NT_EDB;
    while (!rc && (rc = nt_step(r)) == 1) {
        rc = 0;
        int64_t old = nt_col_int(r, 0);
        if (mapped_id(m, "users", old)) continue;
        int64_t agency = nt_col_null(r, 5) ? 0 : mapped_id(m, "agencies", nt_col_int(r, 5));
        nt_stmt *q = nt_query(m->dst->db,
                              "SELECT id, role, coalesce(region,''), coalesce(agency_id,0) FROM "
                              "users WHERE username=$1",
                              "t", nt_col_text(r, 1));
        int64_t id = 0;
        if (q && nt_step(q) == 1) {
            if (strcmp(nt_col_text(q, 1), nt_col_text(r, 3)) != 0 ||
                strcmp(nt_col_text(q, 2), nt_col_text(r, 4)) != 0 || nt_col_int(q, 3) != agency) {
                rc = nt_err_set(m->err, NT_ECONFLICT, "users",
                                "nama pengguna '%s' sudah dipakai akun lain (peran atau wilayah "
                                "berbeda) di basis data tujuan; ganti namanya dulu",
                                nt_col_text(r, 1));
                nt_done(q);
                break;
            }
            id = nt_col_int(q, 0);
        }
        nt_done(q);
        if (!id) {
            q = nt_query(m->dst->db,
                         "INSERT INTO users(username,name,role,region,agency_id,pw_hash,active,"
                         "created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
                         "ttttItii", nt_col_text(r, 1), nt_col_text(r, 2), nt_col_text(r, 3),
                         nt_col_null(r, 4) ? NULL : nt_col_text(r, 4), agency, nt_col_text(r, 6),
                         nt_col_int(r, 7), nt_col_int(r, 8));
            id = q && nt_step(q) == 1 ? nt_col_int(q, 0) : 0;
            nt_done(q);
            if (!id) {
                rc = NT_EDB;
                break;
            }
            count(m, "users");
        }
        rc = remember(m, "users", old, id);
    }
    nt_done(r);
    return rc < 0 ? rc : 0;
}

/* The source's audit entries not yet archived here, continuing the archived chain. */
static int archive_audit(mg *m, int64_t *entries, char head[65])
{
    nt_stmt *q = nt_query(m->dst->db,
                          "SELECT seq, hash FROM audit_archive WHERE source=$1 ORDER BY seq DESC "
                          "LIMIT 1",
                          "t", m->source);
    int64_t have = 0;
    nt_strlcpy(head, "", 65);
    if (q && nt_step(q) == 1) {
        have = nt_col_int(q, 0);
        nt_strlcpy(head, nt_col_text(q, 1), 65);
    }
    nt_done(q);
    nt_stmt *r = nt_query(m->src->db,
                          "SELECT seq,at,actor,action,object,detail,prev_hash,hash FROM audit "
                          "WHERE seq > $1 ORDER BY seq",
                          "i", have);
    int rc = r ? 0 : NT_EDB;
    *entries = have;
    while (!rc && (rc = nt_step(r)) == 1) {
        if (*entries == have && have && strcmp(nt_col_text(r, 6), head) != 0) {
            rc = nt_err_set(m->err, NT_ECONFLICT, "audit",
                            "log audit sumber tidak lagi melanjutkan arsip yang sudah diimpor "
                            "(entri %lld)",
                            (long long)nt_col_int(r, 0));
            break;
        }
        rc = nt_exec(m->dst->db,
                     "INSERT INTO audit_archive(source,seq,at,actor,action,object,detail,"
                     "prev_hash,hash) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)",
                     "tiittttt"
                     "t",
                     m->source, nt_col_int(r, 0), nt_col_int(r, 1), nt_col_text(r, 2),
                     nt_col_text(r, 3), nt_col_text(r, 4), nt_col_text(r, 5), nt_col_text(r, 6),
                     nt_col_text(r, 7));
        *entries = nt_col_int(r, 0);
        nt_strlcpy(head, nt_col_text(r, 7), 65);
        count(m, "audit_archive");
    }
    nt_done(r);
    return rc < 0 ? rc : 0;
}

static const char *const case_ids[] = {"created_by", "users", NULL};
static const char *const event_ids[] = {"case_id", "cases", "actor_id", "users", NULL};
static const char *const child_ids[] = {"case_id", "cases", NULL};
static const char *const evidence_ids[] = {"case_id", "cases", "uploaded_by", "users", NULL};
static const char *const asn_ids[] = {"agency_id", "agencies", NULL};

/* A per-office, per-year counter (registration or document numbers): the target keeps the
 * higher of the two, so numbers go on after both sides' last. */
static int raise_counter(mg *m, const char *tbl)
{
    char select[96], insert[320];
    snprintf(select, sizeof select, "SELECT office,year,last FROM %s", tbl);
    snprintf(insert, sizeof insert,
             "INSERT INTO %s(office,year,last) VALUES($1,$2,$3) ON CONFLICT(office,year) DO "
             "UPDATE SET last=%s(%s.last, excluded.last)",
             tbl, nt_db_engine_of(m->dst->db) == NT_DB_PG ? "greatest" : "max", tbl);
    return copy_natural(m, tbl, select, insert, NULL, true);
}

static int merge(mg *m, int64_t *files, int64_t *bytes, const char *src_evidence, json_t **detail)
{
    int rc = 0;
    /* reference data, by natural key (parents first: a region's code is longer than its
     * parent's) */
    if (!rc)
        rc = copy_natural(m, "regions",
                          "SELECT code,name,level,parent,population,area_km2 FROM regions ORDER "
                          "BY length(code), code",
                          "INSERT INTO regions(code,name,level,parent,population,area_km2) "
                          "VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT(code) DO NOTHING",
                          NULL, false);
    if (!rc)
        rc = copy_natural(m, "elections",
                          "SELECT id,name,kind,region,regime,voting_date,campaign_start,"
                          "campaign_end,source,created_at FROM elections",
                          "INSERT INTO elections(id,name,kind,region,regime,voting_date,"
                          "campaign_start,campaign_end,source,created_at) VALUES($1,$2,$3,$4,$5,"
                          "$6,$7,$8,$9,$10) ON CONFLICT(id) DO NOTHING",
                          NULL, false);
    if (!rc)
        rc = copy_natural(m, "candidates",
                          "SELECT election_id,number,names,nicknames,slogans,hashtags,accounts,"
                          "incumbent,incumbent_kin FROM candidates",
                          "INSERT INTO candidates(election_id,number,names,nicknames,slogans,"
                          "hashtags,accounts,incumbent,incumbent_kin) VALUES($1,$2,$3,$4,$5,$6,$7,"
                          "$8,$9) ON "
                          "CONFLICT(election_id,number) DO NOTHING",
                          NULL, false);
    if (!rc) rc = agencies(m);
    if (!rc)
        rc = copy_natural(m, "asn",
                          "SELECT nip,name,position,position_kind,grade,agency_id,work_unit,"
                          "region,birth_date,sex,updated_at FROM asn",
                          "INSERT INTO asn(nip,name,position,position_kind,grade,agency_id,"
                          "work_unit,region,birth_date,sex,updated_at) VALUES($1,$2,$3,$4,$5,$6,"
                          "$7,$8,$9,$10,$11) ON CONFLICT(nip) DO NOTHING",
                          asn_ids, false);
    if (!rc)
        rc = copy_natural(m, "asn_accounts", "SELECT nip,platform,handle FROM asn_accounts",
                          "INSERT INTO asn_accounts(nip,platform,handle) VALUES($1,$2,$3) ON "
                          "CONFLICT DO NOTHING",
                          NULL, false);
    if (!rc) rc = users(m);
    /* the cases and what hangs off them, with new ids */
    if (!rc)
        rc = copy_mapped(m, "cases",
                         "SELECT id,route,state,regime,election_id,office,title,event_date,"
                         "known_date,place,narrative,witnesses,reporter_enc,receipt_hash,"
                         "late_filing,reg_year,reg_seq,reg_no,registered_on,state_since,extended,"
                         "destination,created_by,created_at,updated_at,received_on,evidence_list "
                         "FROM cases ORDER BY id",
                         "INSERT INTO cases(route,state,regime,election_id,office,title,event_date,"
                         "known_date,place,narrative,witnesses,reporter_enc,receipt_hash,"
                         "late_filing,reg_year,reg_seq,reg_no,registered_on,state_since,extended,"
                         "destination,created_by,created_at,updated_at,received_on,evidence_list)"
                         " VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,"
                         "$19,$20,$21,$22,$23,$24,$25,$26) RETURNING id",
                         case_ids,
                         "nomor registrasi atau kode tanda terima sebuah kasus sumber sudah "
                         "dipakai kasus lain di basis data tujuan");
    /* rows keyed by their case: only for the cases this run brought (a case mapped before has
     * its rows already) */
    static const struct {
        const char *tbl, *select, *insert;
    } by_case[] = {
        {"case_violations", "SELECT case_id,code FROM case_violations",
         "INSERT INTO case_violations(case_id,code) VALUES($1,$2) ON CONFLICT DO NOTHING"},
        {"case_parties",
         "SELECT case_id,nip,state,state_since,recommendation,decree FROM case_parties",
         "INSERT INTO case_parties(case_id,nip,state,state_since,recommendation,decree) "
         "VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING"},
    };
    for (size_t i = 0; !rc && i < NT_ARRAY_LEN(by_case); i++)
        rc =
            copy_natural(m, by_case[i].tbl, by_case[i].select, by_case[i].insert, child_ids, false);
    if (!rc)
        rc = copy_mapped(m, "case_events",
                         "SELECT id,case_id,nip,from_state,to_state,actor_id,actor,at,reason,data "
                         "FROM case_events ORDER BY id",
                         "INSERT INTO case_events(case_id,nip,from_state,to_state,actor_id,actor,"
                         "at,reason,data) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
                         event_ids, "peristiwa kasus bertabrakan");
    if (!rc) rc = raise_counter(m, "reg_counters");
    if (!rc)
        rc = copy_mapped(m, "evidence",
                         "SELECT id,case_id,filename,content_type,size,sha256,description,"
                         "uploaded_by,uploader,uploaded_at FROM evidence ORDER BY id",
                         "INSERT INTO evidence(case_id,filename,content_type,size,sha256,"
                         "description,uploaded_by,uploader,uploaded_at) VALUES($1,$2,$3,$4,$5,$6,"
                         "$7,$8,$9) RETURNING id",
                         evidence_ids, "bukti bertabrakan");
    static const char *const message_ids[] = {"case_id", "cases", NULL};
    if (!rc)
        rc = copy_mapped(m, "case_messages",
                         "SELECT id,case_id,sender,body,actor,at,files,completes FROM case_messages"
                         " ORDER BY id",
                         "INSERT INTO case_messages(case_id,sender,body,actor,at,files,completes)"
                         " VALUES($1,$2,$3,$4,$5,$6,$7) RETURNING id",
                         message_ids, "pesan kasus bertabrakan");
    static const char *const finding_ids[] = {"case_id", "cases", NULL};
    if (!rc)
        rc = copy_mapped(m, "patrol_findings",
                         "SELECT id,platform,item_id,election_id,kind,verdict,score,candidate,"
                         "violation,nip,link_confidence,link_method,suggestion,reasons,"
                         "author_handle,author_name,url,posted_at,raw,sha256,captured_at,source,"
                         "lexicon,status,first_seen,updated_at,case_id,review_note,reviewed_by,"
                         "reviewed_at FROM patrol_findings ORDER BY id",
                         "INSERT INTO patrol_findings(platform,item_id,election_id,kind,verdict,"
                         "score,candidate,violation,nip,link_confidence,link_method,suggestion,"
                         "reasons,author_handle,author_name,url,posted_at,raw,sha256,captured_at,"
                         "source,lexicon,status,first_seen,updated_at,case_id,review_note,"
                         "reviewed_by,reviewed_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,"
                         "$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,"
                         "$29) ON CONFLICT(platform,item_id) DO UPDATE SET "
                         "updated_at=patrol_findings.updated_at RETURNING id",
                         finding_ids, "temuan patroli bertabrakan");
    /* the documents it issued (their verification codes keep working nationally), their
     * numbering, and its exchange with the authority: keys, links and packages */
    static const char *const doc_ids[] = {"case_id", "cases", "issued_by", "users", NULL};
    if (!rc)
        rc = copy_mapped(m, "documents",
                         "SELECT id,case_id,kind,code,office,year,seq,number,basis_hash,"
                         "content_hash,pdf_sha256,pages,wording,fields,issued_by,issuer,issued_at,"
                         "superseded_at FROM documents ORDER BY id",
                         "INSERT INTO documents(case_id,kind,code,office,year,seq,number,"
                         "basis_hash,content_hash,pdf_sha256,pages,wording,fields,issued_by,"
                         "issuer,issued_at,superseded_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,"
                         "$11,$12,$13,$14,$15,$16,$17) RETURNING id",
                         doc_ids,
                         "dokumen bertabrakan (nomor atau kode verifikasi yang sama sudah ada)");
    if (!rc) rc = raise_counter(m, "doc_counters");
    if (!rc)
        rc = copy_natural(m, "exchange_keys",
                          "SELECT key_id,office,public_key,own,label,added_at,retired_at FROM "
                          "exchange_keys",
                          "INSERT INTO exchange_keys(key_id,office,public_key,own,label,added_at,"
                          "retired_at) VALUES($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING",
                          NULL, false);
    if (!rc)
        rc = copy_natural(m, "exchange_links",
                          "SELECT case_id,peer,peer_case,side,sent_seq,recv_seq FROM "
                          "exchange_links",
                          "INSERT INTO exchange_links(case_id,peer,peer_case,side,sent_seq,"
                          "recv_seq) VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING",
                          child_ids, true);
    if (!rc)
        rc = copy_natural(m, "exchange_packages",
                          "SELECT package_id,kind,direction,peer,key_id,case_id,seq,"
                          "manifest_sha256,files,bytes,at FROM exchange_packages",
                          "INSERT INTO exchange_packages(package_id,kind,direction,peer,key_id,"
                          "case_id,seq,manifest_sha256,files,bytes,at) VALUES($1,$2,$3,$4,$5,$6,"
                          "$7,$8,$9,$10,$11) ON CONFLICT DO NOTHING",
                          child_ids, false);
    /* the office's cooperation agreements, their parties and witnesses */
    if (!rc)
        rc =
            copy_mapped(m, "agreements",
                        "SELECT id,office,number,year,kind,signed_on,valid_from,valid_to,"
                        "election_id,scope,place,created_by,created_at FROM agreements ORDER BY id",
                        "INSERT INTO agreements(office,number,year,kind,signed_on,valid_from,"
                        "valid_to,election_id,scope,place,created_by,created_at) VALUES($1,$2,$3,"
                        "$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id",
                        NULL,
                        "kesepakatan kerja sama bertabrakan (nomor yang sama untuk kantor "
                        "dan tahun yang sama)");
    static const char *const party_ids[] = {"agreement_id", "agreements", NULL};
    if (!rc)
        rc = copy_natural(m, "agreement_parties",
                          "SELECT agreement_id,seq,role,kind,name,signatory,position FROM "
                          "agreement_parties",
                          "INSERT INTO agreement_parties(agreement_id,seq,role,kind,name,signatory,"
                          "position) VALUES($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING",
                          party_ids, true);
    /* its appeals: one per office, year and number */
    if (!rc)
        rc = copy_natural(m, "appeals",
                          "SELECT office,number,year,issued_on,issuer,addressees,body,basis,"
                          "channels,election_id,created_by,created_at FROM appeals ORDER BY id",
                          "INSERT INTO appeals(office,number,year,issued_on,issuer,addressees,body,"
                          "basis,channels,election_id,created_by,created_at) VALUES($1,$2,$3,$4,$5,"
                          "$6,$7,$8,$9,$10,$11,$12) ON CONFLICT DO NOTHING",
                          NULL, false);
    /* the neutrality pledges its ASN signed: one per ASN and version of the text */
    if (!rc)
        rc = copy_natural(m, "pledges",
                          "SELECT nip,version,signed_on,method,event,office,recorded_by,created_at "
                          "FROM pledges ORDER BY id",
                          "INSERT INTO pledges(nip,version,signed_on,method,event,office,"
                          "recorded_by,created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT "
                          "DO NOTHING",
                          NULL, false);
    /* its events and who attended, the files of its agreements and events, the IKP scores it
     * imported (one per region and year) */
    static const char *const event_agency_ids[] = {"agency_id", "agencies", NULL};
    if (!rc)
        rc = copy_mapped(m, "events",
                         "SELECT id,office,kind,title,held_on,mode,place,platform,organiser,"
                         "partners,speakers,audience,participants,election_id,notes,created_by,"
                         "created_at,agency_id FROM events ORDER BY id",
                         "INSERT INTO events(office,kind,title,held_on,mode,place,platform,"
                         "organiser,partners,speakers,audience,participants,election_id,notes,"
                         "created_by,created_at,agency_id) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,"
                         "$11,$12,$13,$14,$15,$16,$17) RETURNING id",
                         event_agency_ids, "acara bertabrakan");
    static const char *const attendance_ids[] = {"event_id", "events", NULL};
    if (!rc)
        rc = copy_natural(m, "event_attendance",
                          "SELECT event_id,nip,matched_by FROM event_attendance",
                          "INSERT INTO event_attendance(event_id,nip,matched_by) VALUES($1,$2,$3) "
                          "ON CONFLICT DO NOTHING",
                          attendance_ids, true);
    static const char *const agreement_file_ids[] = {"owner_id", "agreements", NULL};
    static const char *const event_file_ids[] = {"owner_id", "events", NULL};
    static const char *const file_select[] = {
        "SELECT id,owner,owner_id,role,filename,content_type,size,sha256,uploaded_by,uploaded_at "
        "FROM prevention_files WHERE owner='agreement' ORDER BY id",
        "SELECT id,owner,owner_id,role,filename,content_type,size,sha256,uploaded_by,uploaded_at "
        "FROM prevention_files WHERE owner='event' ORDER BY id"};
    for (int k = 0; k < 2 && !rc; k++)
        rc = copy_mapped(m, "prevention_files", file_select[k],
                         "INSERT INTO prevention_files(owner,owner_id,role,filename,content_type,"
                         "size,sha256,uploaded_by,uploaded_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9) "
                         "RETURNING id",
                         k ? event_file_ids : agreement_file_ids, "berkas pencegahan bertabrakan");
    if (!rc)
        rc = copy_natural(m, "ikp_scores",
                          "SELECT region,year,score,source,imported_by,imported_at FROM ikp_scores",
                          "INSERT INTO ikp_scores(region,year,score,source,imported_by,"
                          "imported_at) VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING",
                          NULL, false);
    /* the merged cases' deadlines and figures, computed here as every case's are */
    if (!rc) {
        nt_stmt *q =
            nt_query(m->dst->db, "SELECT new_id FROM migrated WHERE source=$1 AND tbl='cases'", "t",
                     m->source);
        json_t *ids = json_array();
        while (q && nt_step(q) == 1)
            json_array_append_new(ids, json_integer(nt_col_int(q, 0)));
        nt_done(q);
        size_t i;
        json_t *v;
        json_array_foreach(ids, i, v)
        {
            if (!rc) rc = nt_case_deadlines_refresh(m->dst, json_integer_value(v));
            if (!rc) rc = nt_figures_case_refresh(m->dst, json_integer_value(v));
        }
        json_decref(ids);
    }
    int64_t entries = 0;
    char head[65];
    if (!rc) rc = archive_audit(m, &entries, head);
    if (!rc) {
        char dir[700];
        snprintf(dir, sizeof dir, "%s", m->dst->evidence_dir);
        rc = nt_store_copy_evidence(m->src, src_evidence, dir, files, bytes, m->err);
    }
    if (!rc)
        *detail = json_pack("{ss sI ss sO}", "sumber", m->source, "entri_arsip",
                            (json_int_t)entries, "kepala_arsip", head, "jumlah", m->counts);
    return rc;
}

int nt_store_merge_from(nt_store *src, nt_store *dst, const nt_actor *a, const char *src_evidence,
                        json_t **report, nt_err *err)
{
    *report = NULL;
    json_t *v = NULL;
    if (nt_audit_verify(src, &v) || !json_is_true(json_object_get(v, "ok"))) {
        int rc = nt_err_set(err, NT_EINVAL, "sumber",
                            "log audit basis data sumber tidak utuh (%s): perbaiki atau periksa "
                            "dulu dengan `netral audit verify`",
                            v ? json_string_value(json_object_get(v, "problem")) : "tidak terbaca");
        json_decref(v);
        return rc;
    }
    json_decref(v);
    mg m = {.src = src, .dst = dst, .err = err, .counts = json_object()};
    nt_stmt *s = nt_query(src->db, "SELECT hash FROM audit WHERE seq=1", "");
    if (s && nt_step(s) == 1) nt_strlcpy(m.source, nt_col_text(s, 0), sizeof m.source);
    nt_done(s);
    if (!m.source[0]) {
        json_decref(m.counts);
        return nt_err_set(err, NT_EINVAL, "sumber", "basis data sumber belum punya log audit");
    }
    if (nt_db_exec_script(
            src->db, nt_db_sql(src->db, "BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
            err) ||
        nt_db_begin(dst->db)) {
        json_decref(m.counts);
        return nt_err_set(err, NT_EDB, "db", "basis data sedang sibuk");
    }
    int64_t files = 0, bytes = 0;
    json_t *detail = NULL;
    int rc = merge(&m, &files, &bytes, src_evidence, &detail);
    nt_db_exec_script(src->db, "COMMIT", NULL);
    if (!rc && !json_object_size(m.counts)) { /* merged before, nothing since: nothing to say */
        nt_db_rollback(dst->db);
        json_object_set_new(detail, "berkas_bukti", json_integer(files));
        json_decref(m.counts);
        *report = detail;
        return 0;
    }
    if (!rc) rc = nt_audit_append(dst, a, "migrasi.impor", m.source, detail);
    if (!rc) rc = nt_roster_touch(dst); /* its ASN, agencies and pledges joined the roster */
    if (rc) {
        nt_db_rollback(dst->db);
        if (!err->msg[0])
            nt_err_set(err, NT_EDB, "db", "penggabungan gagal: %s", nt_db_failure(dst->db));
        json_decref(detail);
        json_decref(m.counts);
        return rc < 0 ? rc : NT_EDB;
    }
    if (nt_db_commit_err(dst->db, err)) {
        json_decref(detail);
        json_decref(m.counts);
        return NT_EDB;
    }
    json_object_set_new(detail, "berkas_bukti", json_integer(files));
    json_object_set_new(detail, "bita_bukti", json_integer(bytes));
    json_decref(m.counts);
    *report = detail;
    return 0;
}
